"""Hand-crafted clickbait cues as a scikit-learn transformer, for fitting the clickbait ``Pipeline``.

The cues and their arithmetic live in ``service.model.cues`` (``CueExtractor``): this transformer
learns the word lists and calls it, and the bundle's runtime form calls the very same code
without scikit-learn, so training and serving compute the cues identically. The word rules
(``STOP_WORDS``, ``superlative_spans``...) live in ``service.model.text_rules``; they are
re-exported here for the fit-time modules that read them next to the transformer.

joblib pickles this module's import path: the service imports it when it unpickles a fitted
pipeline, so it may import only the standard library, numpy, scikit-learn and ``service.model``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.exceptions import NotFittedError

from service.model.cues import CUE_NAMES, CueExtractor, phrase_pattern
from service.model.text_rules import STOP_WORDS, check_texts, is_superlative, superlative_spans

__all__ = [
    "CUE_NAMES",
    "HeadlineCues",
    "STOP_WORDS",
    "check_texts",
    "is_superlative",
    "require_fitted",
    "superlative_spans",
]


def require_fitted(estimator: object, attribute: str) -> None:
    """``check_is_fitted`` for the scoring path: the same error, without scikit-learn's tag lookup
    (tens of microseconds, more than scoring one headline's cues)."""
    if not hasattr(estimator, attribute):
        raise NotFittedError(f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' first.")


class HeadlineCues(TransformerMixin, BaseEstimator):
    """Numeric clickbait cues of each headline (``service.model.cues.CUE_NAMES``).

    Parameters
    ----------
    lexicons : dict of str to list of str, default=None
        ``hyperbolic`` words and ``clickbait_phrases``; copied into the fitted model.
        ``None`` means no word lists (the cues that need them are then 0).
    valence : dict of str to float, default=None
        Word valences (VADER scale, -4..4) for the sentiment cues; copied into the model.

    Attributes
    ----------
    hyperbolic_ : frozenset of str
    phrases_ : re.Pattern or None
        One alternation of all clickbait phrases, on word boundaries.
    valence_ : dict of str to float
    n_features_in_ : int

    Examples
    --------
    >>> cues = HeadlineCues().fit(["a"])
    >>> cues.transform(["10 Things You Won't Believe!"]).shape
    (1, 24)
    """

    def __init__(self, lexicons: dict[str, list[str]] | None = None, valence: dict[str, float] | None = None):
        self.lexicons = lexicons
        self.valence = valence

    def fit(self, X: Iterable[str], y: object = None) -> HeadlineCues:
        check_texts(X)
        lexicons = self.lexicons or {}
        self.hyperbolic_ = frozenset(w.lower() for w in lexicons.get("hyperbolic", []))
        self.phrases_ = phrase_pattern(lexicons.get("clickbait_phrases", []))
        self.valence_ = dict(self.valence or {})
        self.n_features_in_ = 1
        self.__dict__.pop("_extractor", None)  # a refit must not answer from the old lists
        return self

    def extractor(self) -> CueExtractor:
        """The fitted word lists as a ``CueExtractor`` (made once, not pickled)."""
        require_fitted(self, "valence_")
        found = self.__dict__.get("_extractor")
        if found is None:
            found = self.__dict__["_extractor"] = CueExtractor(self.hyperbolic_, self.phrases_, self.valence_)
        return found

    def transform(self, X: Iterable[str]) -> np.ndarray:
        return self.extractor().transform(X)

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_extractor", None)
        state.pop("_word_cache", None)
        return state

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.asarray(CUE_NAMES, dtype=object)
