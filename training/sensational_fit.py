"""Fitting the sensationalism head on the editor-judged headlines (train rows only).

The target is the editors' mean rubric score / 3. A ridge regression on the clickbait
pipeline's feature matrix plus the trigger cues gives a linear score; an isotonic map
fitted on its out-of-fold predictions turns it into an estimate of score / 3; the level
thresholds are chosen on the same out-of-fold estimates. Nothing here ever sees a
``test`` row: ``load_editor_judged(..., "test")`` is for evaluation only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.stats import spearmanr
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import Ridge
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import KFold

from service.model.bundle_format import sha256_of
from service.model.lean import lean_predict_proba, lean_transform
from service.model.sensational_head import SensationalismHead
from service.model.triggers import CUE_NAMES, cue_matrix
from training.data import DataError

__all__ = [
    "EDITOR_JUDGED",
    "EditorSet",
    "load_editor_judged",
    "head_inputs",
    "fit_sensationalism_head",
    "SENSATIONAL",
    "GREEN_MISS",
    "THRESHOLD_RULE",
    "green_ceiling",
    "rank_metrics",
    "HEAD_FOLDS",
    "PseudoLabeled",
]

EDITOR_JUDGED = Path("sensational/editor_judged/headlines.csv")
SENSATIONAL = 1.5  # a mean rubric score from which a headline is "clearly sensational"
MILD = 0.5  # from here at least one annotator saw a loaded device
GREEN_MISS = 0.05  # issue 11: at most 5 % of clearly sensational headlines may be green
# The head's out-of-fold folds over the train rows in file order. The stored teacher labels
# (training/distillation.py) carry one column per fold of exactly this layout.
HEAD_FOLDS = {"n_splits": 5, "shuffle": True, "random_state": 0}
THRESHOLD_RULE = (
    "out-of-fold on train rows: medium is the rubric's midpoint between neutral and mild "
    "(an estimated 0.5 of 3 points), high maximises F1 of mean score >= 1.5, green leaves at "
    "most green_miss of the clearly sensational rows below it"
)


@dataclass
class EditorSet:
    """Headlines with the editors' mean rubric score (0..3)."""

    texts: list[str]
    scores: np.ndarray
    double: np.ndarray
    files: dict[str, dict] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.texts)


@dataclass(frozen=True)
class PseudoLabeled:
    """Unlabeled headlines with a teacher's scores (score / 3): ``final`` for the final fit, and
    ``folds[k]`` from a teacher that never saw fold k's labels, for fold k's out-of-fold fit."""

    X: sparse.csr_matrix
    cues: np.ndarray
    final: np.ndarray
    folds: list[np.ndarray]


def load_editor_judged(data_dir: str | Path, split: str) -> EditorSet:
    """One split of ``editor_judged/headlines.csv``.

    Raises
    ------
    DataError
        Missing file or column, or a score outside 0..3, naming file and row.
    """
    path = Path(data_dir) / EDITOR_JUDGED
    if not path.is_file():
        raise DataError(path, "file not found")
    texts, scores, double = [], [], []
    with open(path, encoding="utf-8", newline="") as fh:
        for number, row in enumerate(csv.DictReader(fh), start=2):
            missing = [c for c in ("headline", "score", "split", "score_b") if c not in row]
            if missing:
                raise DataError(path, f"missing column(s) {', '.join(missing)}", number)
            if row["split"] != split:
                continue
            try:
                score = float(row["score"])
            except ValueError:
                raise DataError(path, f"score {row['score']!r} is not a number", number) from None
            if not 0.0 <= score <= 3.0:
                raise DataError(path, f"score {score} is out of range 0..3", number)
            texts.append(row["headline"])
            scores.append(score)
            double.append(bool(row["score_b"].strip()))
    if not texts:
        raise DataError(path, f"no rows in split {split}")
    return EditorSet(
        texts,
        np.asarray(scores),
        np.asarray(double),
        {str(path): {"sha256": sha256_of(path), "rows": len(texts)}},
    )


def head_inputs(
    features, hyperbole, lexicons: dict, valence: dict, texts: list[str]
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """(shared feature matrix, trigger cues) of ``texts``, computed as the service computes them."""
    X = sparse.csr_matrix(lean_transform(features, texts))
    probabilities = lean_predict_proba(hyperbole, texts).tolist() if hyperbole is not None else None
    _, cues = cue_matrix(texts, lexicons, valence, probabilities)
    return X, np.asarray(cues, dtype=np.float64)


def rank_metrics(scores: np.ndarray, estimate: np.ndarray, level_high: np.ndarray) -> dict:
    """ROC-AUC for "clearly sensational", Spearman with the editors' score and F1 of ``high``."""
    sensational = scores >= SENSATIONAL
    two = 0 < sensational.sum() < len(scores)
    return {
        "n": len(scores),
        "sensational": int(sensational.sum()),
        "roc_auc": float(roc_auc_score(sensational, estimate)) if two else None,
        "spearman": float(spearmanr(scores, estimate)[0]) if len(np.unique(scores)) > 1 else None,
        "f1_high": float(f1_score(sensational, level_high, zero_division=0)),
    }


def _best_threshold(estimate: np.ndarray, truth: np.ndarray) -> float:
    """The calibrated-score threshold with the best F1 for ``truth`` (ties: the higher one)."""
    grid = np.unique(np.round(estimate, 4))
    best, best_f1 = float(grid[-1]), -1.0
    for t in grid:
        f1 = f1_score(truth, estimate >= t, zero_division=0)
        if f1 >= best_f1:
            best, best_f1 = float(t), f1
    return best


def green_ceiling(estimate: np.ndarray, sensational: np.ndarray, miss: float) -> float:
    """The highest cut that leaves at most ``miss`` of the ``sensational`` rows' estimates below it.

    Quality may be green only below this cut, so at most that share of what editors call
    clearly sensational can be green through the sensationalism score alone (other caps,
    clickbait for one, only lower it further).
    """
    ranked = np.sort(np.asarray(estimate, dtype=np.float64)[np.asarray(sensational, dtype=bool)])
    if not len(ranked):
        return 1.0
    return float(ranked[int(np.floor(miss * len(ranked)))])


def _ridge(alpha: float) -> Ridge:
    return Ridge(alpha=alpha, solver="sparse_cg", tol=1e-4)


def fit_sensationalism_head(
    X: sparse.csr_matrix,
    cues: np.ndarray,
    scores: np.ndarray,
    *,
    alpha: float = 1.0,
    green_miss: float = GREEN_MISS,
    n_folds: int = HEAD_FOLDS["n_splits"],
    random_state: int = HEAD_FOLDS["random_state"],
    pseudo: PseudoLabeled | None = None,
) -> SensationalismHead:
    """Fit the head on training rows; see the module docstring.

    Thresholds: ``high`` maximises the out-of-fold F1 of "clearly sensational"
    (mean score >= 1.5). ``medium`` is the rubric's own midpoint: an estimate of at
    least 0.5 of 3 points is nearer "mild" than "neutral", so ``low`` is what editors
    call neutral (out of fold this keeps 93 % of neutral rows low, against 84 % for the
    cut with the best F1 of "at least mild"). ``green`` is the quality score's
    ceiling: at most ``green_miss`` of the clearly sensational rows' out-of-fold
    estimates fall below it (``green_ceiling``).

    With ``pseudo`` (distillation) every ridge also fits the teacher-scored headlines, weight 1:
    fold k's ridge the scores of the teacher that never saw fold k, the final ridge those of the
    teacher fitted on every train row. The calibration and thresholds still come from the
    editor-judged rows alone.
    """
    X = sparse.csr_matrix(X)
    cues = np.asarray(cues, dtype=np.float64)
    scores = np.asarray(scores, dtype=np.float64)
    if X.shape[0] != len(scores) or cues.shape != (len(scores), len(CUE_NAMES)):
        raise ValueError("X, cues and scores must have one row per headline")
    if not 0.0 <= green_miss < 1.0:
        raise ValueError(f"green_miss must be in [0, 1), got {green_miss}")
    target = scores / 3.0
    mean = cues.mean(axis=0)
    scale = cues.std(axis=0)
    scale[scale == 0] = 1.0
    design = sparse.hstack([X, sparse.csr_matrix((cues - mean) / scale)], format="csr")
    extra = None
    if pseudo is not None:
        made_for = (HEAD_FOLDS["n_splits"], HEAD_FOLDS["random_state"])
        if (n_folds, random_state) != made_for or len(pseudo.folds) != n_folds:
            raise ValueError(f"teacher labels are made for the folds {HEAD_FOLDS}, not n_folds={n_folds}")
        extra = sparse.hstack(
            [pseudo.X, sparse.csr_matrix((np.asarray(pseudo.cues) - mean) / scale)], format="csr"
        )

    def fit(rows: np.ndarray, teacher: np.ndarray | None) -> Ridge:
        if extra is None or teacher is None:
            return _ridge(alpha).fit(design[rows], target[rows])
        both = sparse.vstack([design[rows], extra], format="csr")
        return _ridge(alpha).fit(both, np.concatenate([target[rows], teacher]))

    oof = np.zeros(len(scores))
    folds = KFold(n_splits=n_folds, shuffle=True, random_state=random_state).split(design)
    for k, (train, held) in enumerate(folds):
        oof[held] = fit(train, pseudo.folds[k] if pseudo else None).predict(design[held])
    calibrator = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(oof, target)
    estimate = calibrator.predict(oof)
    high = _best_threshold(estimate, scores >= SENSATIONAL)
    thresholds = {
        "medium": min(MILD / 3.0, high),
        "high": high,
        "green": min(green_ceiling(estimate, scores >= SENSATIONAL, green_miss), high),
    }
    ridge = fit(np.arange(len(scores)), pseudo.final if pseudo else None)
    coef = ridge.coef_.ravel()
    n_text = X.shape[1]
    metrics = rank_metrics(scores, estimate, estimate >= thresholds["high"])
    metrics["neutral_low_share"] = float(np.mean(estimate[scores == 0] < thresholds["medium"]))
    metrics["sensational_below_green_cut"] = float(
        np.mean(estimate[scores >= SENSATIONAL] < thresholds["green"])
    )
    metrics["neutral_above_green_cut"] = float(np.mean(estimate[scores == 0] >= thresholds["green"]))
    metrics["folds"] = n_folds
    return SensationalismHead(
        text_coef=coef[:n_text],
        cue_coef=coef[n_text:],
        cue_mean=mean,
        cue_scale=scale,
        intercept=float(ridge.intercept_),
        calibration_x=calibrator.X_thresholds_,
        calibration_y=calibrator.y_thresholds_,
        thresholds=thresholds,
        cue_names=CUE_NAMES,
        metrics={"out_of_fold_train": metrics, "alpha": alpha, "green_miss": green_miss},
    )
