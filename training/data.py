"""Labelled headline sets: the ready-made recipes for ``shared/data`` and any CSV/JSONL file.

Every loader returns a ``LabeledSet`` whatever the format, validates as it reads and
raises ``DataError`` naming the file and the row, so the CLI can print one line and
exit non-zero. Splits are the ``split`` column the data ships with (computed from a
hash of the normalised text, so near-duplicates share a split); nothing here ever
decides a split by chance.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from service.exceptions import HeadlineError
from service.model.bundle_format import sha256_of

__all__ = [
    "DataError",
    "LabeledSet",
    "RECIPES",
    "load_file",
    "load_recipe",
    "read_rows",
    "TRAIN_RECIPES",
    "EVAL_RECIPES",
]

csv.field_size_limit(16 * 1024 * 1024)


class DataError(HeadlineError, ValueError):
    """A training or evaluation file that cannot be used, with where and why (``headline`` says it in one line)."""

    title = "Unusable data file"

    def __init__(self, path: str | Path, message: str, row: int | None = None):
        self.path = str(path)
        self.row = row
        where = f"{self.path}, row {row}" if row is not None else self.path
        super().__init__(f"{where}: {message}")


@dataclass
class LabeledSet:
    """Texts with labels in 0..1 (binary or graded) and, where known, article bodies."""

    name: str
    texts: list[str]
    labels: np.ndarray
    graded: bool = False
    bodies: list[str] | None = None
    files: dict[str, dict] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def binary_labels(self) -> np.ndarray:
        return (self.labels >= 0.5).astype(int)

    def subset(self, mask: np.ndarray, name: str | None = None) -> LabeledSet:
        idx = np.flatnonzero(mask)
        return LabeledSet(
            name=name or self.name,
            texts=[self.texts[i] for i in idx],
            labels=self.labels[idx],
            graded=self.graded,
            bodies=[self.bodies[i] for i in idx] if self.bodies is not None else None,
            files=self.files,
        )


def _open_text(path: Path) -> io.TextIOBase:
    raw = gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")  # noqa: SIM115
    return io.TextIOWrapper(raw, encoding="utf-8", errors="strict", newline="")


def read_rows(path: Path) -> Iterator[tuple[int, dict]]:
    """Yield (row number, record) from a CSV, TSV or JSONL file (optionally .gz)."""
    kind = "".join(s for s in path.suffixes if s != ".gz")
    try:
        with _open_text(path) as fh:
            if kind.endswith(".jsonl") or kind.endswith(".json"):
                for number, line in enumerate(fh, start=1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as exc:
                        raise DataError(path, f"invalid JSON ({exc.msg})", number) from None
                    if not isinstance(record, dict):
                        raise DataError(path, "each line must be a JSON object", number)
                    yield number, record
            else:
                reader = csv.DictReader(fh, delimiter="\t" if kind.endswith(".tsv") else ",")
                for number, record in enumerate(reader, start=2):
                    yield number, record
    except UnicodeDecodeError as exc:
        raise DataError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except (OSError, EOFError, csv.Error) as exc:
        raise DataError(path, f"cannot read: {exc}") from None


def _number(value: object) -> float | None:
    """A label cell as a float, or None when it is not a number (empty, a word, a list or object)."""
    if not isinstance(value, str | int | float):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def load_file(
    path: str | Path,
    text_col: str = "headline",
    label_col: str = "clickbait",
    body_col: str | None = None,
    split_col: str | None = None,
    splits: tuple[str, ...] | None = None,
    name: str | None = None,
) -> LabeledSet:
    """Read a labelled CSV/TSV/JSONL file.

    Parameters
    ----------
    path : str or Path
    text_col, label_col, body_col : str
        Column names. Labels must be 0/1 or a graded strength in 0..1.
    split_col, splits : optional
        Keep only rows whose ``split_col`` value is in ``splits``.

    Raises
    ------
    DataError
        Missing file or column, empty file, undecodable bytes, labels out of range,
        or a single class where two are needed: the message names file and row.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(path, "file not found")
    texts: list[str] = []
    labels: list[float] = []
    bodies: list[str] = []
    checked_columns = False
    for number, record in read_rows(path):
        if not checked_columns:
            wanted = [c for c in (text_col, label_col, body_col, split_col) if c]
            missing = [c for c in wanted if c not in record]
            if missing:
                raise DataError(
                    path,
                    f"missing column(s) {', '.join(missing)}; found {', '.join(map(str, record))}",
                    number,
                )
            checked_columns = True
        if split_col and splits is not None and str(record.get(split_col)) not in splits:
            continue
        text = record.get(text_col)
        if text is None or not str(text).strip():
            raise DataError(path, f"empty text in column {text_col!r}", number)
        label = _number(record.get(label_col))
        if label is None:
            raise DataError(path, f"label {record.get(label_col)!r} is not a number", number)
        if not 0.0 <= label <= 1.0:
            raise DataError(path, f"label {label} is out of range 0..1", number)
        texts.append(str(text))
        labels.append(label)
        if body_col:
            bodies.append(str(record.get(body_col) or ""))
    if not texts:
        raise DataError(path, "no labelled rows" + (f" in split(s) {', '.join(splits)}" if splits else ""))
    values = np.asarray(labels, dtype=float)
    graded = bool(np.any((values > 0) & (values < 1)))
    return LabeledSet(
        name=name or path.stem,
        texts=texts,
        labels=values,
        graded=graded,
        bodies=bodies if body_col else None,
        files={str(path): {"sha256": sha256_of(path), "rows": len(texts)}},
    )


@dataclass(frozen=True)
class Recipe:
    """How to read one dataset of ``shared/data``."""

    path: str
    text_col: str
    label_col: str
    split_col: str = "split"


RECIPES: dict[str, Recipe] = {
    "chakraborty2016": Recipe("clickbait/chakraborty2016/headlines.csv", "headline", "clickbait"),
    # truthMean is the graded strength; its binary class is truthMean >= 0.5.
    "webis17": Recipe("clickbait/webis17/posts.csv", "postText", "truthMean"),
    "downs": Recipe("clickbait/downs/titles.csv", "title", "clickbait"),
}
TRAIN_RECIPES = ("chakraborty2016", "webis17")
# Evaluation sets: (recipe, split). downs is never trained on.
EVAL_RECIPES = (("chakraborty2016", "test"), ("webis17", "test"), ("downs", "eval"))


def load_recipe(data_dir: str | Path, name: str, split: str) -> LabeledSet:
    """One split of a ready-made dataset, e.g. ``load_recipe(d, "webis17", "train")``."""
    if name not in RECIPES:
        raise DataError(name, f"unknown dataset; choose from {', '.join(RECIPES)}")
    recipe = RECIPES[name]
    return load_file(
        Path(data_dir) / recipe.path,
        text_col=recipe.text_col,
        label_col=recipe.label_col,
        split_col=recipe.split_col,
        splits=(split,),
        name=name,
    )
