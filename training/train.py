"""Building the model bundle: fit, evaluate, and save it with its card, atomically.

The default model is trained on the ``train`` splits of Chakraborty 2016 and Webis-17
(graded ``truthMean`` labels) and evaluated on their ``test`` splits and on Downs,
which is never trained on. The side models (hyperbole detector, headline-body
consistency) are trained by their own modules on their own train parts.

Nothing appears in the output folder until the bundle, its card and its report are
complete: files are written under temporary names and renamed at the end.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from service.atomic import atomic_write
from service.model.bundle_format import dump_bundle, sha256_of
from service.model.lexicons import vader_valence
from service.model.runtime_build import with_runtime
from service.model.syllables import build_table
from training.card import ModelCard, git_commit
from training.data import (
    EVAL_RECIPES,
    TRAIN_RECIPES,
    DataError,
    LabeledSet,
    load_file,
    load_recipe,
)
from training.distillation import DEFAULT_TEACHER, TeacherRows, load_teacher_labels, teacher_rows
from training.evaluate import evaluate_set, top_features
from training.lexicons import load_lexicons
from training.pipeline import build_pipeline
from training.sensational_eval import sensationalism_report
from training.sensational_fit import (
    EDITOR_JUDGED,
    GREEN_MISS,
    THRESHOLD_RULE,
    EditorSet,
    PseudoLabeled,
    fit_sensationalism_head,
    head_inputs,
    load_editor_judged,
)

__all__ = ["TrainConfig", "train_bundle", "save_bundle", "default_sets", "evaluation_sets", "DEFAULT_PARAMS"]

log = logging.getLogger(__name__)

MODEL_NAME = "headline"
DEFAULT_PARAMS: dict = {
    "C": 1.0,
    "alpha": 3.0,
    "strength_weight": 1.0,
    "graded_weight": 3.0,
    "binary_strength_weight": 0.0,
    "char_ngrams": (2, 4),
    # Case is a house-style choice (title case at BuzzFeed and the NYT alike), not a clickbait
    # signal; cased character n-grams learnt the training sources' styles instead.
    "char_lowercase": True,
    # Ridge regularisation of the sensationalism head (5-fold CV on editor-judged train rows).
    "sensational_alpha": 1.0,
    # Share of clearly sensational train rows (out of fold) allowed below the quality's green ceiling.
    "sensational_green_miss": GREEN_MISS,
}
# Parameters of the sensationalism head, not of build_pipeline.
HEAD_PARAMS = ("sensational_alpha", "sensational_green_miss")


@dataclass
class TrainConfig:
    """What ``headline train`` was asked to do."""

    data_dir: Path
    out_dir: Path
    version: str
    command: str
    params: dict = field(default_factory=lambda: dict(DEFAULT_PARAMS))
    files: list[Path] = field(default_factory=list)
    text_col: str = "headline"
    label_col: str = "clickbait"
    body_col: str | None = None
    side_models: bool = True
    # Stored teacher labels the sensationalism head also learns from (training/distillation.py); None: none.
    teacher: Path | None = DEFAULT_TEACHER


def default_sets(data_dir: Path) -> list[LabeledSet]:
    return [load_recipe(data_dir, name, "train") for name in TRAIN_RECIPES]


def evaluation_sets(data_dir: Path) -> list[LabeledSet]:
    """The fixed evaluation sets; only ever predicted on."""
    return [load_recipe(data_dir, name, split) for name, split in EVAL_RECIPES]


def _concat(sets: list[LabeledSet]) -> tuple[list[str], np.ndarray]:
    texts = [t for s in sets for t in s.texts]
    labels = np.concatenate([s.labels for s in sets])
    return texts, labels


def _side_models(data_dir: Path) -> dict[str, object]:
    """Train the hyperbole and consistency models where their code and data exist."""
    side: dict[str, object] = {}
    trainers: list[tuple[str, str, str]] = [
        ("hyperbole", "training.hyperbole_fit", "train_hyperbole"),
        ("consistency", "training.consistency_fit", "train_consistency"),
    ]
    for key, module_name, function in trainers:
        try:
            module = __import__(module_name, fromlist=[function])
            trainer: Callable = getattr(module, function)
        except (ImportError, AttributeError):
            log.warning("%s: %s is not available; the bundle will not carry it", key, module_name)
            continue
        log.info("training %s model", key)
        side[key] = trainer(data_dir)
    return side


def _sensationalism_head(
    bundle: dict, config: TrainConfig, train: EditorSet, teacher: TeacherRows | None
) -> tuple[object, dict]:
    """Fit the sensationalism head on the editor-judged TRAIN rows (and ``teacher``'s); its card section."""

    log.info("fitting the sensationalism head on %d editor-judged rows", len(train))
    inputs = (
        bundle["clickbait"].named_steps["features"],
        bundle["hyperbole"],
        bundle["lexicons"],
        vader_valence(),
    )
    X, cues = head_inputs(*inputs, train.texts)
    pseudo, distillation = None, {"used": False}
    if teacher is not None:
        log.info("distilling: %d unlabeled headlines scored by the teacher", len(teacher.texts))
        pseudo = PseudoLabeled(*head_inputs(*inputs, teacher.texts), final=teacher.final, folds=teacher.folds)
        distillation = {"used": True, **teacher.summary}
    head = fit_sensationalism_head(
        X,
        cues,
        train.scores,
        alpha=float(config.params.get("sensational_alpha", 1.0)),
        green_miss=float(config.params.get("sensational_green_miss", GREEN_MISS)),
        pseudo=pseudo,
    )
    card = {
        "scale": "estimated editors' mean rubric score / 3 (editor_judged RUBRIC.md: 0 neutral .. 3 extreme)",
        "levels": {
            "low": f"score < {head.thresholds['medium']}",
            "medium": f"{head.thresholds['medium']} <= score < {head.thresholds['high']}",
            "high": f"score >= {head.thresholds['high']}",
        },
        "thresholds": head.thresholds,
        "threshold_rule": THRESHOLD_RULE,
        "training_rows": len(train),
        "training_files": train.files,
        "distillation": distillation,
        **head.metrics,
    }
    return head, card


def _as_loaded(bundle: dict, version: str, threshold: float):
    """The bundle as the service sees it, to evaluate through the service's own scoring path."""
    from service.model import LoadedModel

    return LoadedModel(
        clickbait=bundle["clickbait"],
        hyperbole=bundle["hyperbole"],
        consistency=bundle["consistency"],
        lexicons=bundle["lexicons"],
        card={"version": version, "threshold": threshold},
        path=Path("."),
        sensationalism=bundle["sensationalism"],
    )


def train_bundle(config: TrainConfig) -> tuple[dict, ModelCard, dict]:
    """Fit every part of the bundle; returns (bundle, card without artefact hash, evaluation report).

    Raises
    ------
    DataError
        From the loaders, naming file and row.
    """
    data_dir = config.data_dir
    if config.files:
        sets = [
            load_file(f, text_col=config.text_col, label_col=config.label_col, body_col=config.body_col)
            for f in config.files
        ]
    else:
        sets = default_sets(data_dir)
    texts, labels = _concat(sets)
    if len(np.unique(labels >= 0.5)) < 2:
        where = ", ".join(str(f) for s in sets for f in s.files)
        raise DataError(where, "all labels are of one class; both clickbait and not clickbait are needed")
    # The editor-judged train rows, and the teacher-scored pool checked against them before any fitting
    # starts: a stale labels file fails in seconds, not after the clickbait fit.
    editor_train = None
    if not config.files and (data_dir / EDITOR_JUDGED).is_file():
        editor_train = load_editor_judged(data_dir, "train")
    teacher = None
    if editor_train is not None and config.teacher is not None:
        teacher = teacher_rows(data_dir, load_teacher_labels(config.teacher), len(editor_train))
    lexicons_dir = data_dir / "lexicons"
    lexicons = load_lexicons(data_dir) if lexicons_dir.is_dir() else {}
    log.info("fitting the clickbait pipeline on %d rows", len(texts))
    # Every crowd-judged row is graded, including posts judged unanimously 0 or 1.
    graded = np.concatenate([np.full(len(s), s.graded) for s in sets])
    pipeline = build_pipeline(
        lexicons, vader_valence(), **{k: v for k, v in config.params.items() if k not in HEAD_PARAMS}
    ).fit(texts, labels, clf__graded=graded)
    threshold = float(getattr(pipeline.named_steps["clf"], "threshold_", 0.5))

    bundle: dict = {
        "clickbait": pipeline,
        "hyperbole": None,
        "consistency": None,
        "lexicons": lexicons,
        "sensationalism": None,
        "syllables": build_table(),
    }  # syllables without textstat at run time
    if config.side_models and not config.files:
        bundle.update(_side_models(data_dir))
    sensationalism_card: dict = {}
    if editor_train is not None:
        bundle["sensationalism"], sensationalism_card = _sensationalism_head(
            bundle, config, editor_train, teacher
        )
    elif not config.files:
        log.warning("%s is missing: the bundle will score sensationalism from triggers only", EDITOR_JUDGED)

    report: dict[str, Any] = {"model": {"version": config.version}, "sets": {}}
    if not config.files:
        for data in evaluation_sets(data_dir):
            report["sets"][data.name] = evaluate_set(pipeline, data, threshold)
    report["top_features"] = top_features(pipeline)
    if bundle["sensationalism"] is not None:
        report["sensationalism"] = sensationalism_report(
            _as_loaded(bundle, config.version, threshold), data_dir
        )
        sensationalism_card["test"] = report["sensationalism"]

    training_files: dict[str, dict] = {}
    for s in sets:
        training_files.update(s.files)
    card = ModelCard(
        name=MODEL_NAME,
        version=config.version,
        artifact=f"{MODEL_NAME}-{config.version}.joblib",
        artifact_sha256="",
        command=config.command,
        git_commit=git_commit(Path(__file__).parent),
        created=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        threshold=round(threshold, 4),
        training_files=training_files,
        training_rows={s.name: len(s) for s in sets},
        params=dict(config.params),
        components={
            k: bundle.get(k) is not None for k in ("clickbait", "hyperbole", "consistency", "sensationalism")
        },
        metrics={k: {m: v for m, v in d.items() if m != "reliability"} for k, d in report["sets"].items()},
        sensationalism=sensationalism_card,
    )
    for key in ("hyperbole", "consistency"):
        metrics = getattr(bundle.get(key), "metrics_", None)
        if metrics:
            card.component_metrics[key] = metrics
    return bundle, card, report


def save_bundle(bundle: dict, card: ModelCard, out_dir: Path) -> tuple[Path, Path]:
    """Write ``<name>-<version>.joblib`` (``service.model.bundle_format``) and its card; both appear at once or
    not at all. The pipelines are compiled into the bundle's ``runtime`` entry here (what scoring reads,
    without scikit-learn; ``service.model.runtime_build``)."""
    artifact = out_dir / card.artifact
    card_path = artifact.with_suffix(".json")
    # The card is opened first so that it is renamed last: a reader never finds a card without its artifact.
    with atomic_write(card_path) as card_out, atomic_write(artifact, "w+b", encoding=None) as artifact_out:
        dump_bundle(with_runtime(bundle), artifact_out)
        artifact_out.seek(0)
        card.artifact_sha256 = sha256_of(artifact_out)
        card_out.write(card.to_json())
    return artifact, card_path
