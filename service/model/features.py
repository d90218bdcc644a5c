"""Hand-crafted clickbait cues as a scikit-learn transformer.

The cues are the ones the clickbait literature found predictive (Chakraborty et al.
2016; Potthast et al. 2016; Biyani et al. 2016): a leading number, forward
reference ("this", "here's"), second-person address, superlatives and hyperbole,
stock clickbait phrases, punctuation, shouting, length and word-shape statistics,
and sentiment intensity. They sit inside the fitted ``Pipeline`` next to the
TF-IDF blocks, so training and serving compute them with the same code.

joblib pickles this module's import path: the service imports it at load time, so
it may import only the standard library, numpy and scikit-learn.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.exceptions import NotFittedError

__all__ = ["CUE_NAMES", "HeadlineCues", "tokenize", "superlative_spans", "check_texts", "require_fitted"]

TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")

FORWARD_REFERENCE = frozenset(
    ["this", "these", "here", "here's", "heres", "this's", "that's", "thats", "they", "those", "it"]
)
SECOND_PERSON = frozenset(
    ["you", "your", "you're", "youre", "yours", "yourself", "yourselves", "you'll", "you've", "you'd", "ya"]
)
FIRST_PERSON = frozenset(["i", "me", "my", "we", "our", "us", "i'm", "i've", "we're"])
QUESTION_WORDS = frozenset(
    [
        "what",
        "why",
        "how",
        "who",
        "which",
        "when",
        "where",
        "whose",
        "can",
        "should",
        "will",
        "would",
        "is",
        "are",
        "do",
        "does",
    ]
)
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "here",
        "there",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "s",
        "t",
        "can",
        "will",
        "just",
        "don",
        "should",
        "now",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "having",
        "do",
        "does",
        "did",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "what",
        "which",
        "who",
        "whom",
        "this",
        "that",
        "these",
        "those",
        "am",
    ]
)
# Irregular and frequent superlatives; regular ones are caught by form ("-est").
SUPERLATIVE_WORDS = frozenset(
    [
        "best",
        "worst",
        "most",
        "least",
        "greatest",
        "biggest",
        "largest",
        "smallest",
        "latest",
        "ultimate",
        "top",
    ]
)
NOT_SUPERLATIVE = frozenset(
    [
        "interest",
        "honest",
        "modest",
        "forest",
        "protest",
        "request",
        "suggest",
        "digest",
        "contest",
        "harvest",
        "arrest",
        "invest",
        "west",
        "rest",
        "test",
        "nest",
        "guest",
        "quest",
        "chest",
        "pest",
        "vest",
        "manifest",
        "earnest",
        "conquest",
        "priest",
        "inquest",
        "behest",
        "unrest",
        "arrest",
        "contest",
        "detest",
        "attest",
        "infest",
        "molest",
        "wrest",
        "crest",
        "lest",
        "zest",
        "fest",
        "jest",
        "fastest",
    ]
) - {"fastest"}
CONTRACTION = re.compile(r"\b\w+['’](?:s|re|ve|ll|d|t|m)\b", re.IGNORECASE)
QUOTE = re.compile(r"[\"“”‘’']\w|\w[\"“”]")

CUE_NAMES: tuple[str, ...] = (
    "starts_with_number",
    "has_number",
    "forward_reference_start",
    "forward_reference",
    "second_person",
    "first_person",
    "starts_with_question_word",
    "superlative",
    "hyperbolic_word",
    "clickbait_phrase",
    "question_mark",
    "exclamation_mark",
    "quotes",
    "colon",
    "all_caps_share",
    "capitalised_share",
    "n_words",
    "n_chars",
    "stop_word_share",
    "mean_word_length",
    "contractions",
    "sentiment_intensity",
    "positive_sentiment",
    "negative_sentiment",
)


def check_texts(X: Iterable[str], name: str = "X") -> list[str]:
    """Turn ``X`` into a list of strings, refusing a bare string (the classic one-headline bug)."""
    if isinstance(X, str | bytes):
        raise ValueError(f"{name}: an iterable of texts is expected, a single string was received")
    if hasattr(X, "ndim") and getattr(X, "ndim", 1) == 2:
        X = np.asarray(X)[:, 0]
    return ["" if x is None else str(x) for x in X]


def require_fitted(estimator: object, attribute: str) -> None:
    """``check_is_fitted`` for the scoring path: the same error, without scikit-learn's tag lookup
    (tens of microseconds, more than scoring one headline's cues)."""
    if not hasattr(estimator, attribute):
        raise NotFittedError(f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' first.")


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


def is_superlative(word: str) -> bool:
    low = word.lower()
    if low in SUPERLATIVE_WORDS:
        return True
    return len(low) > 5 and low.endswith("est") and low not in NOT_SUPERLATIVE and low.isalpha()


def superlative_spans(text: str) -> list[tuple[int, int]]:
    """Spans of superlatives: "-est" forms, irregular ones, and "most"/"least" + adjective."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    if "st" not in lowered and "top" not in lowered and "ultimate" not in lowered:
        return spans  # every superlative word holds one of these (most headlines hold none: skip the scan)
    matches = list(TOKEN.finditer(text))
    for i, m in enumerate(matches):
        low = m.group().lower()
        if low in ("most", "least") and i + 1 < len(matches):
            nxt = matches[i + 1]
            if nxt.group().lower() not in STOP_WORDS and nxt.start() - m.end() <= 1:
                spans.append((m.start(), nxt.end()))
                continue
        if low not in ("most", "least") and is_superlative(low):
            spans.append((m.start(), m.end()))
    return spans


class HeadlineCues(TransformerMixin, BaseEstimator):
    """Numeric clickbait cues of each headline.

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
        phrases = sorted({p.lower() for p in lexicons.get("clickbait_phrases", []) if p.strip()}, key=len)[
            ::-1
        ]
        self.phrases_ = (
            re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b") if phrases else None
        )
        self.valence_ = dict(self.valence or {})
        self.n_features_in_ = 1
        self.__dict__.pop("_word_cache", None)  # a refit must not answer from the old lists
        return self

    def transform(self, X: Iterable[str]) -> np.ndarray:
        require_fitted(self, "valence_")
        texts = check_texts(X)
        out = np.zeros((len(texts), len(CUE_NAMES)), dtype=np.float64)
        for row, text in enumerate(texts):
            out[row] = self._cues(text)
        return out

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_word_cache", None)
        return state

    def _word(self, w: str) -> tuple:
        """Everything the cues need of one word, cached per word (headlines reuse words; not pickled)."""
        cache = self.__dict__.get("_word_cache")
        if cache is None:
            cache = self.__dict__["_word_cache"] = {}
        facts = cache.get(w)
        if facts is None:
            if len(cache) >= 200_000:
                cache.clear()
            low = w.lower()
            alpha = w.isalpha()
            facts = cache[w] = (
                low,
                len(w),
                w[0].isdigit(),
                low in FORWARD_REFERENCE,
                low in SECOND_PERSON,
                low in FIRST_PERSON,
                low in STOP_WORDS,
                low in self.hyperbolic_,
                low in SUPERLATIVE_WORDS
                or (len(low) > 5 and low.endswith("est") and low not in NOT_SUPERLATIVE and low.isalpha()),
                alpha,
                alpha and w[0].isupper(),
                alpha and len(w) > 1,
                alpha and len(w) > 1 and w.isupper(),
                self.valence_.get(low.replace("’", "'") if "’" in low else low, 0.0),
            )
        return facts

    def _cues(self, text: str) -> list[float]:
        # One pass over the words; same values as the per-cue expressions it replaces.
        words = TOKEN.findall(text)
        n = len(words)
        n_safe = max(n, 1)
        word = self._word
        lower = []
        has_digit = forward = second = first_person = superlatives = hyper = stops = chars = 0
        n_alpha = n_long = upper_long = capitalised = 0
        intensity = positive = negative = 0.0
        for w in words:
            (
                low,
                length,
                digit,
                is_forward,
                is_second,
                is_first,
                is_stop,
                is_hyper,
                is_superlative,
                alpha,
                is_capitalised,
                long,
                upper,
                v,
            ) = word(w)
            lower.append(low)
            chars += length
            if digit:
                has_digit = 1
            if is_forward:
                forward += 1
            if is_second:
                second = 1
            if is_first:
                first_person = 1
            if is_stop:
                stops += 1
            if is_hyper:
                hyper += 1
            if is_superlative:
                superlatives += 1
            if alpha:
                n_alpha += 1
                capitalised += is_capitalised
                n_long += long
                upper_long += upper
            if v:
                intensity += abs(v)
                if v > 0:
                    positive += v
                else:
                    negative -= v
        first = lower[0] if lower else ""
        low_text = text.lower()
        return [
            float(bool(words) and words[0][0].isdigit()),
            float(has_digit),
            float(first in FORWARD_REFERENCE),
            forward / n_safe,
            float(second),
            float(first_person),
            float(first in QUESTION_WORDS),
            float(superlatives + low_text.count("most ") > 0),
            float(hyper),
            float(len(self.phrases_.findall(low_text))) if self.phrases_ is not None else 0.0,
            float("?" in text),
            float(min(text.count("!"), 3)),
            float(bool(QUOTE.search(text))),
            float(":" in text),
            upper_long / max(n_long, 1),
            capitalised / max(n_alpha, 1),
            float(np.log1p(n)),
            float(np.log1p(len(text))),
            stops / n_safe,
            chars / n_safe,
            float(len(CONTRACTION.findall(text))) if "'" in text or "’" in text else 0.0,
            intensity / n_safe,
            positive / n_safe,
            negative / n_safe,
        ]

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.asarray(CUE_NAMES, dtype=object)
