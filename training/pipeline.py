"""The clickbait model: one scikit-learn ``Pipeline`` from raw headline to scores.

``build_pipeline`` joins three feature blocks, then a linear head::

    FeatureUnion(cues -> scaled,  word TF-IDF 1-2 grams,  char TF-IDF 2-5 grams) -> ClickbaitHead

The head is linear on purpose: the contribution of every feature to a score is
``weight * value``, which is what the editor is shown as the signals that drove it.

``ClickbaitHead`` is fitted on graded labels (0/1 for the headline corpora, the
crowd's ``truthMean`` for Webis-17). It learns two linear models on the same
features: a logistic regression trained on soft labels (each row is counted as
clickbait with weight y and as not clickbait with weight 1 - y), whose probability
is then calibrated, and a ridge regression for the Webis strength scale.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import KFold
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted

from training.features import HeadlineCues, check_texts
from training.lean import LeanScaler, LeanTfidf, SequentialUnion, lean_transform

__all__ = ["ClickbaitHead", "build_pipeline", "explain"]


class ClickbaitHead(ClassifierMixin, BaseEstimator):
    """Linear clickbait classifier and strength regressor on shared features.

    Parameters
    ----------
    C : float, default=4.0
        Inverse regularisation of the logistic regression.
    alpha : float, default=3.0
        Regularisation of the strength ridge regression.
    strength_weight : float, default=1.0
        Sample weight of graded (crowd-judged) rows relative to 0/1 rows in the
        strength regression: the Webis scale is what the strength must match.
    calibrate : bool, default=True
        Calibrate the probability by isotonic regression on out-of-fold scores.
    random_state : int, default=0

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        Logistic weights; ``intercept_`` their bias.
    strength_coef_ : ndarray of shape (n_features,)
    calibrator_ : IsotonicRegression or None
    classes_ : ndarray, ``[0, 1]``
    """

    def __init__(
        self,
        C: float = 4.0,
        alpha: float = 3.0,
        strength_weight: float = 1.0,
        calibrate: bool = True,
        random_state: int = 0,
    ):
        self.C = C
        self.alpha = alpha
        self.strength_weight = strength_weight
        self.calibrate = calibrate
        self.random_state = random_state

    def _logistic(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, max_iter=2000, solver="liblinear", random_state=self.random_state)

    @staticmethod
    def _soft(X: sparse.spmatrix, y: np.ndarray) -> tuple[sparse.spmatrix, np.ndarray, np.ndarray]:
        """Duplicate rows so a graded label y becomes weights y and 1 - y on the two classes."""
        X2 = sparse.vstack([X, X]).tocsr()
        y2 = np.r_[np.ones(len(y)), np.zeros(len(y))]
        w2 = np.r_[y, 1.0 - y]
        keep = w2 > 0
        return X2[keep], y2[keep], w2[keep]

    def fit(self, X: sparse.spmatrix, y: Iterable[float]) -> ClickbaitHead:
        y = np.asarray(y, dtype=float)
        if y.ndim != 1 or len(y) != X.shape[0]:
            raise ValueError("y: one label per row is expected")
        if np.any((y < 0) | (y > 1)) or np.isnan(y).any():
            raise ValueError("y: labels must lie in 0..1")
        if len(np.unique(y >= 0.5)) < 2:
            raise ValueError("y: both classes (clickbait and not) are needed to fit")
        X = sparse.csr_matrix(X)
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = X.shape[1]
        clf = self._logistic().fit(*self._soft(X, y)[:2], sample_weight=self._soft(X, y)[2])
        self.coef_ = clf.coef_.ravel()
        self.intercept_ = float(clf.intercept_[0])

        graded = (y > 0) & (y < 1)
        weights = np.where(graded, self.strength_weight, 1.0)
        ridge = Ridge(alpha=self.alpha).fit(X, y, sample_weight=weights)
        self.strength_coef_ = ridge.coef_.ravel()
        self.strength_intercept_ = float(ridge.intercept_)

        self.calibrator_ = None
        if self.calibrate and len(y) >= 20:
            oof = np.zeros(len(y))
            folds = KFold(n_splits=5, shuffle=True, random_state=self.random_state)
            for train, held in folds.split(X):
                if len(np.unique(y[train] >= 0.5)) < 2:
                    continue
                Xs, ys, ws = self._soft(X[train], y[train])
                oof[held] = self._logistic().fit(Xs, ys, sample_weight=ws).decision_function(X[held])
            self.calibrator_ = IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1).fit(oof, y)
        return self

    def decision_function(self, X: sparse.spmatrix) -> np.ndarray:
        check_is_fitted(self, "coef_")
        return np.asarray(X @ self.coef_).ravel() + self.intercept_

    def predict_proba(self, X: sparse.spmatrix) -> np.ndarray:
        score = self.decision_function(X)
        if self.calibrator_ is not None:
            # IsotonicRegression.predict with out_of_bounds="clip" is this interpolation, minus its checks.
            p = np.interp(score, self.calibrator_.X_thresholds_, self.calibrator_.y_thresholds_)
        else:
            p = 1.0 / (1.0 + np.exp(-score))
        p = np.clip(p, 0.0, 1.0)
        return np.c_[1.0 - p, p]

    def predict(self, X: sparse.spmatrix) -> np.ndarray:
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(int)

    def predict_strength(self, X: sparse.spmatrix) -> np.ndarray:
        check_is_fitted(self, "strength_coef_")
        return np.clip(np.asarray(X @ self.strength_coef_).ravel() + self.strength_intercept_, 0.0, 1.0)


def build_pipeline(
    lexicons: dict[str, list[str]] | None = None,
    valence: dict[str, float] | None = None,
    *,
    C: float = 4.0,
    alpha: float = 3.0,
    strength_weight: float = 1.0,
    word_ngrams: tuple[int, int] = (1, 2),
    char_ngrams: tuple[int, int] = (2, 5),
    min_df: int = 2,
    max_features: int | None = 150_000,
    calibrate: bool = True,
    random_state: int = 0,
) -> Pipeline:
    """The untrained clickbait pipeline; every feature is computed inside it."""
    features = SequentialUnion(
        [
            ("cues", Pipeline([("extract", HeadlineCues(lexicons=lexicons, valence=valence)), ("scale", LeanScaler())])),
            (
                "words",
                LeanTfidf(
                    ngram_range=word_ngrams, min_df=min_df, sublinear_tf=True, lowercase=True,
                    token_pattern=r"(?u)\b\w[\w']*\b",  # noqa: S106 - a regex, not a password
                    max_features=max_features, dtype=np.float32,
                ),
            ),
            (
                "chars",
                LeanTfidf(
                    analyzer="char_wb", ngram_range=char_ngrams, min_df=min_df, sublinear_tf=True,
                    lowercase=False, max_features=max_features, dtype=np.float32,
                ),
            ),
        ]
    )
    head = ClickbaitHead(C=C, alpha=alpha, strength_weight=strength_weight, calibrate=calibrate,
                         random_state=random_state)
    return Pipeline([("features", features), ("clf", head)])


def explain(pipeline: Pipeline, texts: Iterable[str], top: int = 8) -> list[list[dict]]:
    """The features that moved each text's clickbait score most, with their real contributions.

    A contribution is ``weight * feature value`` in the logistic head's log-odds: positive
    pushes towards clickbait. Cue values are standardised, so a cue contributes
    relative to an average headline.
    """
    texts = check_texts(texts, "texts")
    features = pipeline.named_steps["features"]
    head = pipeline.named_steps["clf"]
    X = sparse.csr_matrix(lean_transform(features, texts))
    names = _feature_names(pipeline)
    out = []
    for row in range(X.shape[0]):
        start, end = X.indptr[row], X.indptr[row + 1]
        cols, vals = X.indices[start:end], X.data[start:end]
        contrib = vals * head.coef_[cols]
        order = np.argsort(-np.abs(contrib))[:top]
        signals = []
        for i in order:
            if contrib[i] == 0:
                continue
            block, _, name = names[cols[i]].partition("__")
            signals.append(
                {
                    "feature": names[cols[i]],
                    "kind": {"cues": "cue", "words": "word", "chars": "chars"}.get(block, block),
                    "text": name,
                    "value": round(float(vals[i]), 4),
                    "contribution": round(float(contrib[i]), 4),
                }
            )
        out.append(signals)
    return out


def _feature_names(pipeline: Pipeline) -> np.ndarray:
    cached = getattr(pipeline, "_feature_names_cache", None)
    if cached is None:
        cached = pipeline.named_steps["features"].get_feature_names_out()
        pipeline._feature_names_cache = cached
    return cached
