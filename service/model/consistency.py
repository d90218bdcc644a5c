"""Headline–body consistency: does the body support, dispute or ignore the headline?

Trained on FNC-1 (Pomerleau & Rao 2017): each (headline, body) pair is ``unrelated``,
``discuss``, ``agree`` or ``disagree``. ``ConsistencyModel`` puts a gradient-boosted tree
classifier on the pair features (``pair_features.PairFeatures``) and predicts with the trees
flattened into numpy arrays (``flat_trees``), so scoring imports no gradient boosting. It is
pickled into the model bundle under ``"consistency"``, so this module imports only numpy,
scikit-learn and other ``service.model`` modules; the FNC-1 loader, the trainer and the metric
are fit-time code (``training/consistency_fit.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from service.model.flat_trees import flatten_booster, predict_flat
from service.model.pair_features import PAIR_FEATURE_NAMES, PairFeatures
from service.model.pair_text import check_pairs

__all__ = ["STANCES", "ConsistencyModel"]

STANCES = ("unrelated", "discuss", "agree", "disagree")


class ConsistencyModel(ClassifierMixin, BaseEstimator):
    """FNC-1 stance of a body towards a headline: unrelated / discuss / agree / disagree.

    Parameters
    ----------
    max_features : int, default=5000
    max_iter : int, default=200
        Boosting rounds of the ``HistGradientBoostingClassifier``.
    learning_rate : float, default=0.1
    min_samples_leaf : int, default=20
        Of the booster's trees (tiny test sets need 1).
    columns : tuple of str or None, default=None
        Use only these ``PAIR_FEATURE_NAMES`` (for ablations); ``None`` uses all.
    random_state : int, default=0
    keep_booster : bool, default=False
        Keep the fitted ``HistGradientBoostingClassifier`` in ``clf_`` (for checks);
        prediction always uses the flattened trees.

    Attributes
    ----------
    features_ : PairFeatures
    trees_ : dict of ndarray
        The booster's trees as flat arrays.
    clf_ : HistGradientBoostingClassifier or None
    classes_ : ndarray of str
    columns_ : ndarray of int

    Examples
    --------
    >>> pairs = [("Cat saved", "The cat was saved."), ("Tax rises", "The cat was saved.")]
    >>> m = ConsistencyModel(max_iter=5).fit(pairs, ["agree", "unrelated"])
    >>> m.predict_proba([("Cat saved", "A cat.")]).shape
    (1, 2)
    """

    def __init__(
        self,
        max_features: int = 5000,
        max_iter: int = 200,
        learning_rate: float = 0.1,
        min_samples_leaf: int = 20,
        columns: tuple[str, ...] | None = None,
        random_state: int = 0,
        keep_booster: bool = False,
    ):
        self.max_features = max_features
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.min_samples_leaf = min_samples_leaf
        self.columns = columns
        self.random_state = random_state
        self.keep_booster = keep_booster

    def fit(self, X: Iterable, y: Iterable[str], features: np.ndarray | None = None) -> ConsistencyModel:
        pairs = check_pairs(X, "X")
        labels = np.asarray(list(y), dtype=object)
        if len(labels) != len(pairs):
            raise ValueError(f"y: {len(labels)} labels for {len(pairs)} pairs")
        unknown = set(labels) - set(STANCES)
        if unknown:
            raise ValueError(f"y: unknown stance(s) {sorted(unknown)}; expected {STANCES}")
        from sklearn.ensemble import HistGradientBoostingClassifier  # fit-time only: prediction walks trees_

        self.features_ = PairFeatures(max_features=self.max_features).fit(pairs)
        names = list(PAIR_FEATURE_NAMES)
        self.columns_ = np.asarray([names.index(c) for c in (self.columns or names)])
        matrix = self.features_.transform(pairs) if features is None else features
        self.clf_ = HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            min_samples_leaf=self.min_samples_leaf,
            early_stopping=False,
            random_state=self.random_state,
        ).fit(matrix[:, self.columns_], labels.astype(str))
        self.classes_ = self.clf_.classes_
        self.trees_ = flatten_booster(self.clf_)
        if not self.keep_booster:
            self.clf_ = None
        self.n_features_in_ = 2
        return self

    def predict_proba(self, X: Iterable) -> np.ndarray:
        check_is_fitted(self, "trees_")
        matrix = self.features_.transform(X)
        if len(matrix) == 0:
            return np.zeros((0, len(self.classes_)))
        return predict_flat(self.trees_, matrix[:, self.columns_])

    def predict(self, X: Iterable) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def explain(self, headline: str, body: str, top_k: int = 3) -> dict:
        """Label, score and the sentences that support or contradict the headline.

        ``score`` is P(agree) + P(discuss): the probability that the body is about the
        headline's story and does not dispute it. Supporting sentences are the ones most
        similar to the headline; contradicting ones are similar sentences that carry
        refuting or negation words (heuristic: the model is trained per pair, not per
        sentence).
        """
        check_is_fitted(self, "trees_")
        check_pairs([(headline, body)])
        matrix, rows = self.features_.sentence_evidence(headline, body)
        proba = predict_flat(self.trees_, matrix[:, self.columns_])[0]
        probabilities = {str(c): round(float(p), 4) for c, p in zip(self.classes_, proba, strict=True)}
        label = str(self.classes_[int(np.argmax(proba))])
        related = [r for r in rows if r[3] > 0.1]
        related.sort(key=lambda r: -r[3])
        supporting = [r for r in related if r[4] == 0][:top_k] if label != "unrelated" else []
        contradicting = sorted((r for r in related if r[4] > 0), key=lambda r: -(r[3] * min(r[4], 3)))[:top_k]
        if label == "unrelated":
            contradicting = []

        def as_dicts(items: list) -> list[dict]:
            return [{"text": t, "start": s, "end": e, "score": round(sim, 4)} for t, s, e, sim, _ in items]

        return {
            "label": label,
            "score": round(probabilities.get("agree", 0.0) + probabilities.get("discuss", 0.0), 4),
            "probabilities": probabilities,
            "supporting": as_dicts(supporting),
            "contradicting": as_dicts(contradicting),
        }
