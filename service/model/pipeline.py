"""The clickbait model: one scikit-learn ``Pipeline`` from raw headline to scores.

``training.pipeline.build_pipeline`` joins three feature blocks, then a linear head::

    FeatureUnion(cues -> scaled,  word TF-IDF 1-2 grams,  char TF-IDF 2-4 grams) -> ClickbaitHead

Its scoring arithmetic is ``service.model.heads`` (shared with the compiled runtime form,
``ClickbaitLinear``). The head is linear on purpose: the contribution of every feature to a score is
``weight * value``, which is what the editor is shown as the signals that drove it.

``ClickbaitHead`` is fitted on graded labels (0/1 for the headline corpora, the
crowd's ``truthMean`` for Webis-17). It learns two linear models on the same
features: a logistic regression trained on soft labels (each row is counted as
clickbait with weight y and as not clickbait with weight 1 - y, graded rows weighted
``graded_weight``), whose probability is an isotonic map of its score fitted out of
fold, and a ridge regression fitted on the graded rows only, whose score is mapped
to the Webis strength scale the same way. Char n-grams stop at 4: 2-5 grams cost
twice the time for no gain in cross-validation.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold

from service.model.features import require_fitted
from service.model.heads import calibrated_probability, calibrated_strength, isotonic_knots, linear_score

__all__ = ["ClickbaitHead"]


class ClickbaitHead(ClassifierMixin, BaseEstimator):
    """Linear clickbait classifier and strength regressor on shared features.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularisation of the logistic regression.
    alpha : float, default=3.0
        Regularisation of the strength ridge regression.
    strength_weight : float, default=1.0
        Sample weight of graded (crowd-judged) rows in the strength regression.
    graded_weight : float, default=3.0
        Sample weight of graded rows relative to 0/1 rows in the logistic regression:
        the crowd-judged posts are fewer and harder than the headline corpora.
    binary_strength_weight : float, default=0.0
        Sample weight of 0/1 rows in the strength regression. The Webis strength scale
        is what the strength must match, and 0/1 labels of other corpora distort it;
        0 fits the strength on graded rows only (all rows when there are none).
    calibrate : bool, default=True
        Calibrate the probability by isotonic regression on out-of-fold logistic scores,
        map the strength score to the graded scale by isotonic regression on out-of-fold
        ridge scores, and choose ``threshold_`` on out-of-fold probabilities.
    n_folds : int, default=5
        Folds of the out-of-fold predictions.
    random_state : int, default=0

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        Logistic weights; ``intercept_`` their bias. The probability is a monotone
        (isotonic) map of ``X @ coef_ + intercept_``.
    strength_coef_ : ndarray of shape (n_features,)
        Ridge weights; the strength is a monotone map of ``X @ strength_coef_ + strength_intercept_``.
    calibrator_ : IsotonicRegression or None
    strength_calibrator_ : IsotonicRegression or None
    threshold_ : float
        Decision threshold on the probability, chosen on out-of-fold probabilities of the
        training rows: the best F1 on graded rows among the thresholds whose accuracy on
        0/1 rows is within 0.002 of the best (0.5 without calibration).
    classes_ : ndarray, ``[0, 1]``
    """

    def __init__(
        self,
        C: float = 1.0,
        alpha: float = 3.0,
        strength_weight: float = 1.0,
        calibrate: bool = True,
        random_state: int = 0,
        graded_weight: float = 3.0,
        binary_strength_weight: float = 0.0,
        n_folds: int = 5,
    ):
        self.C = C
        self.alpha = alpha
        self.strength_weight = strength_weight
        self.calibrate = calibrate
        self.random_state = random_state
        self.graded_weight = graded_weight
        self.binary_strength_weight = binary_strength_weight
        self.n_folds = n_folds

    def _logistic(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, max_iter=2000, solver="liblinear", random_state=self.random_state)

    def _ridge(self) -> Ridge:
        return Ridge(alpha=self.alpha, solver="sparse_cg")

    @staticmethod
    def _soft(
        X: sparse.csr_matrix, y: np.ndarray, weight: np.ndarray | None = None
    ) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
        """Duplicate rows so a graded label y becomes weights y and 1 - y on the two classes."""
        weight = np.ones(len(y)) if weight is None else weight
        X2 = sparse.vstack([X, X]).tocsr()
        y2 = np.r_[np.ones(len(y)), np.zeros(len(y))]
        w2 = np.r_[y * weight, (1.0 - y) * weight]
        keep = w2 > 0
        return X2[keep], y2[keep], w2[keep]

    def _fit_logistic(self, X: sparse.csr_matrix, y: np.ndarray, graded: np.ndarray) -> LogisticRegression:
        Xs, ys, ws = self._soft(X, y, np.where(graded, self.graded_weight, 1.0))
        return self._logistic().fit(Xs, ys, sample_weight=ws)

    def _strength_rows(self, y: np.ndarray, graded: np.ndarray) -> np.ndarray:
        weights = np.where(graded, self.strength_weight, self.binary_strength_weight)
        if not np.any(weights[graded] > 0):  # no graded rows: the strength is fitted on the 0/1 labels
            weights = np.ones(len(y))
        return weights

    def _fit_ridge(self, X: sparse.csr_matrix, y: np.ndarray, weights: np.ndarray) -> Ridge:
        rows = np.flatnonzero(weights > 0)
        return self._ridge().fit(X[rows], y[rows], sample_weight=weights[rows])

    def fit(
        self, X: sparse.csr_matrix, y: Iterable[float], graded: Iterable[bool] | None = None
    ) -> ClickbaitHead:
        """Fit on labels in 0..1.

        ``graded`` marks the crowd-judged rows (all of Webis-17, including posts the crowd
        judged unanimously 0 or 1); by default a row is graded when its label is strictly
        between 0 and 1.
        """
        y = np.asarray(y, dtype=float)
        if y.ndim != 1 or len(y) != X.shape[0]:
            raise ValueError("y: one label per row is expected")
        if np.any((y < 0) | (y > 1)) or np.isnan(y).any():
            raise ValueError("y: labels must lie in 0..1")
        if len(np.unique(y >= 0.5)) < 2:
            raise ValueError("y: both classes (clickbait and not) are needed to fit")
        graded = (y > 0) & (y < 1) if graded is None else np.asarray(graded, dtype=bool)
        if graded.shape != y.shape:
            raise ValueError("graded: one flag per row is expected")
        X = sparse.csr_matrix(X)
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = X.shape[1]
        clf = self._fit_logistic(X, y, graded)
        self.coef_ = clf.coef_.ravel()
        self.intercept_ = float(clf.intercept_[0])

        strength_weights = self._strength_rows(y, graded)
        ridge = self._fit_ridge(X, y, strength_weights)
        self.strength_coef_ = ridge.coef_.ravel()
        self.strength_intercept_ = float(ridge.intercept_)

        self.calibrator_ = None
        self.strength_calibrator_ = None
        self.threshold_ = 0.5
        if self.calibrate and len(y) >= 20:
            oof = np.zeros(len(y))
            oof_strength = np.full(len(y), np.nan)
            folds = KFold(n_splits=self.n_folds, shuffle=True, random_state=self.random_state)
            for train, held in folds.split(X):
                if len(np.unique(y[train] >= 0.5)) < 2:
                    continue
                oof[held] = self._fit_logistic(X[train], y[train], graded[train]).decision_function(X[held])
                if np.any(strength_weights[train] > 0):
                    oof_strength[held] = self._fit_ridge(X[train], y[train], strength_weights[train]).predict(
                        X[held]
                    )
            self.calibrator_ = IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1).fit(oof, y)
            rows = (strength_weights > 0) & ~np.isnan(oof_strength)
            if rows.sum() >= 20:
                self.strength_calibrator_ = IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1).fit(
                    oof_strength[rows], y[rows], sample_weight=strength_weights[rows]
                )
            self.threshold_ = self._choose_threshold(self.calibrator_.predict(oof), y, graded)
        return self

    @staticmethod
    def _choose_threshold(
        p: np.ndarray, y: np.ndarray, graded: np.ndarray, tolerance: float = 0.002
    ) -> float:
        """The out-of-fold threshold with the best F1 on graded rows among those whose accuracy
        on 0/1 rows is within ``tolerance`` of the best one (the best F1, or accuracy, alone
        when only one kind of row is present)."""
        truth = y >= 0.5
        grid = np.round(np.arange(0.2, 0.801, 0.01), 2)
        accuracy = np.array(
            [np.mean((p[~graded] >= t) == truth[~graded]) if np.any(~graded) else 1.0 for t in grid]
        )
        f1 = np.zeros(len(grid))
        if np.any(graded):
            for i, t in enumerate(grid):
                predicted = p[graded] >= t
                denominator = predicted.sum() + truth[graded].sum()
                f1[i] = 2.0 * np.sum(predicted & truth[graded]) / denominator if denominator else 0.0
        else:
            f1 = accuracy
        allowed = accuracy >= accuracy.max() - tolerance
        # Ties go to the threshold nearest 0.5.
        order = np.lexsort((np.abs(grid - 0.5), -np.where(allowed, f1, -1.0)))
        return float(grid[order[0]])

    def decision_function(self, X: sparse.csr_matrix) -> np.ndarray:
        require_fitted(self, "coef_")
        return linear_score(X, self.coef_, self.intercept_)

    def predict_proba(self, X: sparse.csr_matrix) -> np.ndarray:
        p = calibrated_probability(self.decision_function(X), isotonic_knots(self.calibrator_))
        return np.c_[1.0 - p, p]

    def predict(self, X: sparse.csr_matrix) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= getattr(self, "threshold_", 0.5)).astype(int)

    def predict_strength(self, X: sparse.csr_matrix) -> np.ndarray:
        require_fitted(self, "strength_coef_")
        score = linear_score(X, self.strength_coef_, self.strength_intercept_)
        return calibrated_strength(score, isotonic_knots(getattr(self, "strength_calibrator_", None)))
