"""Hyperbole detection: cheap semantic features (the HYPO/HYPO-L loaders, their fixed split and the
trainer are fit-time code in ``training/hyperbole_fit.py``).

Troiano et al. (EMNLP 2018) showed that hyperbole is detected by how far a statement
departs from plausible quantity and quality, not by which words it uses: in HYPO every
hyperbole is paired with a literal paraphrase sharing most of its words, so a bag of
words is at chance. ``HyperboleCues`` therefore emits a few dozen dense features:

* the *extremeness* of the words, as smoothed log-odds of a word appearing in a
  hyperbolic rather than a literal sentence, learned on the training texts (the pairs
  make the differing words, "forever" against "a long time", informative). During
  ``fit_transform`` the log-odds of each training row come from the other inner folds
  (cross-fitting, as ``sklearn.preprocessing.TargetEncoder`` does), so the classifier on
  top is not trained on leaked, over-confident values; near-duplicates (a hyperbole and its
  paraphrase) stay in one inner fold, see ``near_duplicate_groups``;
* extreme quantities and absolutes ("million", "forever", "never", "nothing", "all"),
  large numbers, superlatives, comparisons ("than", "as ... as"), the hedges and
  intensifiers a literal paraphrase uses instead ("very", "a lot", "really");
* emotional intensity from VADER valences, and hits of a hyperbolic-word lexicon.

The features' arithmetic is ``service.model.hyperbole_rules`` (scikit-learn-free, shared with the
bundle's runtime form). joblib pickles this module's import path, so it imports only the standard
library, numpy, scikit-learn and other ``service.model`` modules (``lexicons`` imports
``vaderSentiment`` lazily).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.model_selection import GroupKFold
from sklearn.utils.validation import check_is_fitted

from service.model.hyperbole_rules import (
    ABSOLUTES,
    EXTREME_QUANTITIES,
    HEDGES,
    HYPERBOLE_FEATURES,
    HyperboleFeatures,
    bigrams_of,
    words_of,
)
from service.model.text_rules import check_texts

__all__ = [
    "ABSOLUTES",
    "EXTREME_QUANTITIES",
    "HEDGES",
    "HYPERBOLE_FEATURES",
    "HyperboleCues",
    "near_duplicate_groups",
]


def _log_odds(docs: list[list[str]], y: np.ndarray, smoothing: float, min_df: int) -> dict[str, float]:
    """Smoothed log-odds of a term's document frequency in hyperbolic vs literal texts."""
    pos: Counter[str] = Counter()
    neg: Counter[str] = Counter()
    for terms, label in zip(docs, y, strict=True):
        (pos if label == 1 else neg).update(set(terms))
    n_pos = max(int(np.sum(y == 1)), 1)
    n_neg = max(int(np.sum(y != 1)), 1)
    odds = {}
    for term in sorted(pos.keys() | neg.keys()):  # sorted: the same dict, and pickle, in every process
        p, n = pos[term], neg[term]
        if p + n < min_df:
            continue
        odds[term] = math.log((p + smoothing) / (n_pos + smoothing)) - math.log(
            (n + smoothing) / (n_neg + smoothing)
        )
    return odds


def near_duplicate_groups(words: list[list[str]], min_jaccard: float = 0.3, max_df: int = 10) -> np.ndarray:
    """Group ids joining texts that share most of their words (a HYPO hyperbole and its paraphrase).

    Candidates share a rarer word (document frequency 2..``max_df``); a pair is joined when the
    Jaccard similarity of their word sets reaches ``min_jaccard``. Used for the inner folds of
    ``HyperboleCues.fit_transform``: with a pair split across folds, a literal row would see its own
    words carry the hyperbole's log-odds, and the classifier would learn that backwards.
    """
    sets = [set(w) for w in words]
    parent = list(range(len(sets)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    postings: dict[str, list[int]] = {}
    for i, terms in enumerate(sets):
        for term in terms:
            postings.setdefault(term, []).append(i)
    seen: set[tuple[int, int]] = set()
    for docs in postings.values():
        if not 2 <= len(docs) <= max_df:
            continue
        for a_pos, a in enumerate(docs):
            for b in docs[a_pos + 1 :]:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                union = len(sets[a] | sets[b])
                if union and len(sets[a] & sets[b]) / union >= min_jaccard:
                    parent[find(a)] = find(b)
    # Name each group by its first member: roots depend on the order of unions, which follows
    # string hashing, and GroupKFold's shuffle would then differ between processes.
    first: dict[int, int] = {}
    return np.asarray([first.setdefault(find(i), i) for i in range(len(sets))], dtype=int)


class HyperboleCues(TransformerMixin, BaseEstimator):
    """Dense hyperbole features of each text (see the module docstring).

    Parameters
    ----------
    hyperbolic : list of str, default=None
        A hyperbolic-word lexicon, copied into the model. ``None`` means none.
    valence : dict of str to float, default=None
        VADER word valences; ``None`` reads them from the installed ``vaderSentiment`` at fit time.
    smoothing : float, default=1.0
        Additive smoothing of the word log-odds.
    min_df : int, default=3
        Terms seen in fewer training texts get no log-odds.
    n_inner_folds : int, default=5
        Folds of the cross-fitting in ``fit_transform``.
    random_state : int, default=0
        Seed of the inner folds.

    Attributes
    ----------
    word_log_odds_ : dict of str to float
    bigram_log_odds_ : dict of str to float
    hyperbolic_ : frozenset of str
    valence_ : dict of str to float
    n_features_in_ : int

    Examples
    --------
    >>> cues = HyperboleCues(valence={}).fit(["I waited forever", "I waited long"], [1, 0])
    >>> cues.transform(["It took forever"]).shape
    (1, 21)
    """

    def __init__(
        self,
        hyperbolic: list[str] | None = None,
        valence: dict[str, float] | None = None,
        smoothing: float = 1.0,
        min_df: int = 3,
        n_inner_folds: int = 5,
        random_state: int = 0,
    ):
        self.hyperbolic = hyperbolic
        self.valence = valence
        self.smoothing = smoothing
        self.min_df = min_df
        self.n_inner_folds = n_inner_folds
        self.random_state = random_state

    def _check_params(self) -> None:
        if not (isinstance(self.smoothing, int | float) and self.smoothing > 0):
            raise ValueError(f"smoothing: expected a positive number, got {self.smoothing!r}")
        if not (isinstance(self.min_df, int) and self.min_df >= 1):
            raise ValueError(f"min_df: expected an integer >= 1, got {self.min_df!r}")
        if not (isinstance(self.n_inner_folds, int) and self.n_inner_folds >= 2):
            raise ValueError(f"n_inner_folds: expected an integer >= 2, got {self.n_inner_folds!r}")

    def _fit_state(self, words: list[list[str]], y: np.ndarray) -> tuple[dict, dict]:
        return (
            _log_odds(words, y, self.smoothing, self.min_df),
            _log_odds([bigrams_of(w) for w in words], y, self.smoothing, self.min_df),
        )

    def fit(self, X: Iterable[str], y: Iterable[int]) -> HyperboleCues:
        texts = check_texts(X)
        self._check_params()
        y = np.asarray(list(y), dtype=int)
        if y.shape[0] != len(texts):
            raise ValueError(f"y: expected {len(texts)} labels, got {y.shape[0]}")
        if y.size == 0:
            raise ValueError("X: at least one text is needed to fit")
        self.hyperbolic_ = frozenset(w.lower() for w in (self.hyperbolic or []))
        if self.valence is None:
            from service.model.lexicons import vader_valence

            self.valence_ = dict(vader_valence())
        else:
            self.valence_ = dict(self.valence)
        self.word_log_odds_, self.bigram_log_odds_ = self._fit_state([words_of(t) for t in texts], y)
        self.n_features_in_ = 1
        return self

    def fit_transform(
        self, X: Iterable[str], y: Iterable[int] | None = None, **fit_params: object
    ) -> np.ndarray:
        """Fit, then return features whose log-odds for each row come from the other inner folds."""
        if y is None:
            raise ValueError("y: HyperboleCues learns word log-odds and needs labels")
        texts = check_texts(X)
        y = np.asarray(list(y), dtype=int)
        self.fit(texts, y)
        words = [words_of(t) for t in texts]
        out = np.empty((len(texts), len(HYPERBOLE_FEATURES)), dtype=np.float64)
        n_folds = min(self.n_inner_folds, len(texts))
        if n_folds < 2:
            return self.transform(texts)
        groups = near_duplicate_groups(words)
        n_folds = min(n_folds, len(set(groups.tolist())))
        if n_folds < 2:
            return self.transform(texts)
        folds = GroupKFold(n_splits=n_folds, shuffle=True, random_state=self.random_state)
        for fit_idx, out_idx in folds.split(texts, groups=groups):
            unigrams, bigrams = self._fit_state([words[i] for i in fit_idx], y[fit_idx])
            fold = HyperboleFeatures(unigrams, bigrams, self.hyperbolic_, self.valence_)
            for i in out_idx:
                out[i] = fold.row(texts[i])
        return out

    def features(self) -> HyperboleFeatures:
        """The fitted state as ``HyperboleFeatures``, the scikit-learn-free form the bundle serves."""
        check_is_fitted(self, "word_log_odds_")
        return HyperboleFeatures(self.word_log_odds_, self.bigram_log_odds_, self.hyperbolic_, self.valence_)

    def transform(self, X: Iterable[str]) -> np.ndarray:
        return self.features().transform(X)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.asarray(HYPERBOLE_FEATURES, dtype=object)
