"""The linear heads' arithmetic, without scikit-learn: scores, calibration maps and probabilities.

``ClickbaitHead`` (the pickled training step) and ``ClickbaitLinear`` (its compiled runtime form in
the bundle) both compute through these functions, and so do the hyperbole model's two forms
(``service.model.runtime``), so a fitted model scores the same numbers in training and in serving.

Imports: numpy only.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = [
    "ClickbaitLinear",
    "calibrated_probability",
    "calibrated_strength",
    "isotonic_knots",
    "linear_score",
    "logistic",
]

Knots = tuple[np.ndarray, np.ndarray]


def linear_score(X: Any, coef: np.ndarray, intercept: float) -> np.ndarray:
    """``X @ coef + intercept`` for a CSR matrix, a ``OneRow`` or a dense array, as a flat array."""
    return np.asarray(X @ coef).ravel() + intercept


def logistic(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def calibrated_probability(score: np.ndarray, knots: Knots | None) -> np.ndarray:
    """The isotonic map of a logistic score (``IsotonicRegression.predict`` with out_of_bounds="clip"
    is this interpolation), or the logistic function without calibration; clipped to 0..1."""
    p = np.interp(score, knots[0], knots[1]) if knots is not None else logistic(score)
    return np.clip(p, 0.0, 1.0)


def calibrated_strength(score: np.ndarray, knots: Knots | None) -> np.ndarray:
    """The isotonic map of a ridge score to the graded scale (the score itself without one); 0..1."""
    if knots is not None:
        score = np.interp(score, knots[0], knots[1])
    return np.clip(score, 0.0, 1.0)


def isotonic_knots(calibrator: Any) -> Knots | None:
    """The knots of a fitted ``IsotonicRegression`` (``None`` for none), read without scikit-learn."""
    if calibrator is None:
        return None
    return np.asarray(calibrator.X_thresholds_), np.asarray(calibrator.y_thresholds_)


class ClickbaitLinear:
    """The fitted ``ClickbaitHead`` as plain arrays: the same methods, the same numbers.

    Attributes mirror the head's (``coef_``, ``intercept_``, ``strength_coef_``,
    ``strength_intercept_``, ``threshold_``, ``classes_``), so explanations and evaluation read
    either form alike.
    """

    def __init__(
        self,
        coef: np.ndarray,
        intercept: float,
        calibration: Knots | None,
        strength_coef: np.ndarray,
        strength_intercept: float,
        strength_calibration: Knots | None,
        threshold: float,
    ):
        self.coef_ = np.asarray(coef)
        self.intercept_ = float(intercept)
        self.calibration = calibration
        self.strength_coef_ = np.asarray(strength_coef)
        self.strength_intercept_ = float(strength_intercept)
        self.strength_calibration = strength_calibration
        self.threshold_ = float(threshold)
        self.classes_ = np.array([0, 1])

    @classmethod
    def from_head(cls, head: Any) -> ClickbaitLinear:
        """Compile a fitted ``ClickbaitHead``."""
        return cls(
            head.coef_,
            head.intercept_,
            isotonic_knots(getattr(head, "calibrator_", None)),
            head.strength_coef_,
            head.strength_intercept_,
            isotonic_knots(getattr(head, "strength_calibrator_", None)),
            getattr(head, "threshold_", 0.5),
        )

    def decision_function(self, X: Any) -> np.ndarray:
        return linear_score(X, self.coef_, self.intercept_)

    def predict_proba(self, X: Any) -> np.ndarray:
        p = calibrated_probability(self.decision_function(X), self.calibration)
        return np.column_stack((1.0 - p, p))

    def predict(self, X: Any) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= self.threshold_).astype(int)

    def predict_strength(self, X: Any) -> np.ndarray:
        score = linear_score(X, self.strength_coef_, self.strength_intercept_)
        return calibrated_strength(score, self.strength_calibration)
