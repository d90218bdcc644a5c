"""The fitted sensationalism head: runtime arithmetic only (fitting is in ``sensational_fit``).

It reads the clickbait pipeline's feature matrix (cues, word and char TF-IDF: one
vectorisation per headline serves both heads) plus the trigger cues of
``service.model.triggers.cue_vector``, and returns a 0..1 score that estimates the editors'
rubric score / 3, through an isotonic map fitted out of fold on training rows.

joblib pickles this module's import path: it imports numpy only (scipy.sparse for type hints, so that
a cold ``headline score`` does not pay for it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse

__all__ = ["SensationalismHead", "LEVEL_NAMES"]

LEVEL_NAMES = ("low", "medium", "high")


class SensationalismHead:
    """A linear score on [text features, standardised trigger cues], calibrated to the rubric scale.

    Attributes
    ----------
    text_coef : ndarray of shape (n_text_features,)
        Weights of the shared feature matrix's columns.
    cue_coef, cue_mean, cue_scale : ndarray of shape (n_cues,)
        Weights of the standardised cues ``(cue - cue_mean) / cue_scale``.
    intercept : float
    calibration_x, calibration_y : ndarray
        Knots of the isotonic map from the linear score to the editors' mean score / 3,
        fitted on out-of-fold scores of the training rows.
    thresholds : dict
        ``{"medium": t1, "high": t2, "green": t3}`` on the calibrated score, chosen out of fold;
        ``green`` is the score from which the quality score may not be green.
    cue_names : tuple of str
    metrics : dict
        Out-of-fold metrics on the training rows (for the model card).
    """

    def __init__(
        self,
        text_coef: np.ndarray,
        cue_coef: np.ndarray,
        cue_mean: np.ndarray,
        cue_scale: np.ndarray,
        intercept: float,
        calibration_x: np.ndarray,
        calibration_y: np.ndarray,
        thresholds: dict,
        cue_names: tuple[str, ...],
        metrics: dict | None = None,
    ):
        self.text_coef = np.asarray(text_coef, dtype=np.float64)
        self.cue_coef = np.asarray(cue_coef, dtype=np.float64)
        self.cue_mean = np.asarray(cue_mean, dtype=np.float64)
        self.cue_scale = np.asarray(cue_scale, dtype=np.float64)
        self.intercept = float(intercept)
        self.calibration_x = np.asarray(calibration_x, dtype=np.float64)
        self.calibration_y = np.asarray(calibration_y, dtype=np.float64)
        self.thresholds = {k: float(v) for k, v in thresholds.items()}
        self.cue_names = tuple(cue_names)
        self.metrics = dict(metrics or {})

    def cue_contributions(self, cues: np.ndarray) -> np.ndarray:
        """Per-cue contributions to the linear score, one row per headline."""
        cues = np.atleast_2d(np.asarray(cues, dtype=np.float64))
        return (cues - self.cue_mean) / self.cue_scale * self.cue_coef

    def decision_function(self, X: sparse.csr_matrix, cues: np.ndarray) -> np.ndarray:
        """The linear score before calibration."""
        text = np.asarray(X @ self.text_coef).ravel()
        return text + self.cue_contributions(cues).sum(axis=1) + self.intercept

    def calibrate(self, raw: np.ndarray) -> np.ndarray:
        return np.clip(np.interp(raw, self.calibration_x, self.calibration_y), 0.0, 1.0)

    def score(self, X: sparse.csr_matrix, cues: np.ndarray) -> np.ndarray:
        """Estimated editors' rubric score / 3, in 0..1."""
        return self.calibrate(self.decision_function(X, cues))

    def level(self, score: float) -> str:
        if score >= self.thresholds["high"]:
            return "high"
        return "medium" if score >= self.thresholds["medium"] else "low"
