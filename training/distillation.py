"""The teacher's stored labels, read back and matched to the unlabeled pool for the head to learn from.

``training/sensational_teacher.py`` wrote them once (it needs torch); this module needs only the
standard library and numpy, so ``headline train`` stays light and gives the same head everywhere.
A labels file belongs to one editor-judged file and one fold layout: its fold columns are only
honest out-of-fold teachers for the head's own folds, so any mismatch stops training with what
to do instead of quietly fitting a different model.
"""

from __future__ import annotations

import csv
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.model.bundle_format import sha256_of
from training.data import DataError
from training.sensational_fit import EDITOR_JUDGED, HEAD_FOLDS
from training.unlabeled_pool import unlabeled_pool

__all__ = ["DEFAULT_TEACHER", "TeacherLabels", "TeacherRows", "load_teacher_labels", "teacher_rows"]

DEFAULT_TEACHER = Path(__file__).parent / "teacher"
MIN_MATCHED = 0.5  # under half the pool found in the labels: the data is not what the teacher saw
RERUN = "rerun `python -m training.sensational_teacher`, or train without distillation (--teacher none)"


@dataclass(frozen=True)
class TeacherLabels:
    """One teacher score per pool key: column ``all`` for the final fit, ``fold{k}`` for fold k."""

    folder: Path
    meta: dict
    index: dict[str, int]
    columns: dict[str, np.ndarray]


@dataclass(frozen=True)
class TeacherRows:
    """The pool headlines that have a teacher score, with the scores the head fits on them."""

    texts: list[str]
    final: np.ndarray
    folds: list[np.ndarray]
    summary: dict


def load_teacher_labels(folder: str | Path) -> TeacherLabels:
    """``labels.csv.gz`` checked against the SHA-256 its ``labels.json`` records.

    Raises
    ------
    DataError
        Missing or altered files, a missing column, or a score outside 0..1.
    """
    folder = Path(folder)
    meta_path, csv_path = folder / "labels.json", folder / "labels.csv.gz"
    for path in (meta_path, csv_path):
        if not path.is_file():
            raise DataError(path, f"teacher labels not found: {RERUN}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(meta_path, f"not JSON: {exc}") from None
    if meta.get("labels_sha256") != sha256_of(csv_path):
        raise DataError(csv_path, f"does not match the SHA-256 in {meta_path.name}: {RERUN}")
    folds = int(HEAD_FOLDS["n_splits"])
    wanted = ["all", *(f"fold{k}" for k in range(folds))]
    with gzip.open(csv_path, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ["key", *wanted] if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(csv_path, f"missing column(s) {', '.join(missing)}")
        rows = list(reader)
    try:
        columns = {name: np.asarray([float(r[name]) for r in rows]) for name in wanted}
    except ValueError as exc:
        raise DataError(csv_path, f"a score is not a number: {exc}") from None
    for name, values in columns.items():
        if len(values) and not (np.all(values >= 0.0) and np.all(values <= 1.0)):
            raise DataError(csv_path, f"column {name} has a score outside 0..1")
    return TeacherLabels(folder, meta, {r["key"]: i for i, r in enumerate(rows)}, columns)


def teacher_rows(data_dir: str | Path, labels: TeacherLabels, n_train: int) -> TeacherRows:
    """The pool of ``data_dir`` matched to ``labels``, after checking they belong together.

    Raises
    ------
    DataError
        Labels made from another editor-judged file, for other folds, or for a pool that is
        mostly not this one.
    """
    editor = Path(data_dir) / EDITOR_JUDGED
    made_from = labels.meta.get("editor_judged", {})
    if made_from.get("sha256") != sha256_of(editor) or made_from.get("train_rows") != n_train:
        raise DataError(
            editor, f"the teacher labels in {labels.folder} were made from another version: {RERUN}"
        )
    recorded = {k: labels.meta.get("folds", {}).get(k) for k in HEAD_FOLDS}
    if recorded != HEAD_FOLDS:
        raise DataError(
            labels.folder / "labels.json", f"folds {recorded} are not the head's {HEAD_FOLDS}: {RERUN}"
        )
    pool = unlabeled_pool(data_dir)
    found = [(i, labels.index[key]) for i, key in enumerate(pool.keys) if key in labels.index]
    if len(found) < MIN_MATCHED * max(len(pool), 1):
        raise DataError(
            labels.folder, f"only {len(found)} of {len(pool)} pool headlines have a label: {RERUN}"
        )
    at = np.asarray([row for _, row in found], dtype=np.intp)
    sources: dict[str, int] = {}
    for i, _ in found:
        sources[pool.sources[i]] = sources.get(pool.sources[i], 0) + 1
    return TeacherRows(
        texts=[pool.texts[i] for i, _ in found],
        final=labels.columns["all"][at],
        folds=[labels.columns[f"fold{k}"][at] for k in range(int(HEAD_FOLDS["n_splits"]))],
        summary={
            "teacher": labels.meta.get("teacher", {}),
            "labels_sha256": labels.meta.get("labels_sha256"),
            "pool_rows": len(pool),
            "rows_used": len(found),
            "sources": sources,
            "weight": 1.0,
        },
    )
