"""The clickbait cues of a headline: the one implementation of their arithmetic.

The cues are the ones the clickbait literature found predictive (Chakraborty et al. 2016;
Potthast et al. 2016; Biyani et al. 2016): a leading number, forward reference ("this",
"here's"), second-person address, superlatives and hyperbole, stock clickbait phrases,
punctuation, shouting, length and word-shape statistics, and sentiment intensity.

``CueExtractor`` computes them from the word lists a fitted ``HeadlineCues`` learnt: the
transformer inside the training ``Pipeline`` calls it, and so does the bundle's runtime form
(``service.model.runtime``), so training and serving cannot drift apart.

Imports: the standard library, numpy and ``service.model.text_rules`` (never scikit-learn).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np

from service.model.text_rules import (
    FIRST_PERSON,
    FORWARD_REFERENCE,
    NOT_SUPERLATIVE,
    QUESTION_WORDS,
    SECOND_PERSON,
    STOP_WORDS,
    SUPERLATIVE_WORDS,
    TOKEN,
    check_texts,
)

__all__ = ["CUE_NAMES", "CueExtractor", "phrase_pattern", "standardize"]

CONTRACTION = re.compile(r"\b\w+['’](?:s|re|ve|ll|d|t|m)\b", re.IGNORECASE)
QUOTE = re.compile(r"[\"“”‘’']\w|\w[\"“”]")
WORD_CACHE_LIMIT = 200_000

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


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern | None:
    """One alternation of the clickbait phrases on word boundaries, longest first (``None`` without any)."""
    ordered = sorted({p.lower() for p in phrases if p.strip()}, key=len)[::-1]
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b") if ordered else None


def standardize(X: np.ndarray, mean: np.ndarray | None, scale: np.ndarray | None) -> np.ndarray:
    """``(X - mean) / scale`` on a dense array; ``None`` skips that step (a scaler without mean or std)."""
    X = np.asarray(X, dtype=np.float64)
    if mean is not None:
        X = X - mean
    if scale is not None:
        X = X / scale
    return X


class CueExtractor:
    """Computes ``CUE_NAMES`` for headlines from learnt word lists.

    Parameters
    ----------
    hyperbolic : frozenset of str
        Lower-case hyperbolic words.
    phrases : re.Pattern or None
        ``phrase_pattern`` of the clickbait phrases.
    valence : mapping of str to float
        Word valences (VADER scale, -4..4) for the sentiment cues.
    """

    def __init__(self, hyperbolic: frozenset[str], phrases: re.Pattern | None, valence: Mapping[str, float]):
        self.hyperbolic = hyperbolic
        self.phrases = phrases
        self.valence = valence
        self._words: dict[str, tuple] = {}

    def __getstate__(self) -> dict:
        return {"hyperbolic": self.hyperbolic, "phrases": self.phrases, "valence": self.valence}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["hyperbolic"], state["phrases"], state["valence"])  # type: ignore[misc]

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """One row of cues per text."""
        texts = check_texts(X)
        out = np.zeros((len(texts), len(CUE_NAMES)), dtype=np.float64)
        for row, text in enumerate(texts):
            out[row] = self.row(text)
        return out

    def _word(self, w: str) -> tuple:
        """Everything the cues need of one word, cached per word (headlines reuse words; not pickled)."""
        facts = self._words.get(w)
        if facts is None:
            if len(self._words) >= WORD_CACHE_LIMIT:
                self._words.clear()
            low = w.lower()
            alpha = w.isalpha()
            facts = self._words[w] = (
                low,
                len(w),
                w[0].isdigit(),
                low in FORWARD_REFERENCE,
                low in SECOND_PERSON,
                low in FIRST_PERSON,
                low in STOP_WORDS,
                low in self.hyperbolic,
                low in SUPERLATIVE_WORDS
                or (len(low) > 5 and low.endswith("est") and low not in NOT_SUPERLATIVE and low.isalpha()),
                alpha,
                alpha and w[0].isupper(),
                alpha and len(w) > 1,
                alpha and len(w) > 1 and w.isupper(),
                self.valence.get(low.replace("’", "'") if "’" in low else low, 0.0),
            )
        return facts

    def row(self, text: str) -> list[float]:
        """The cues of one text, in ``CUE_NAMES`` order (one pass over its words)."""
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
            has_digit |= digit
            forward += is_forward
            second |= is_second
            first_person |= is_first
            stops += is_stop
            hyper += is_hyper
            superlatives += is_superlative
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
            float(len(self.phrases.findall(low_text))) if self.phrases is not None else 0.0,
            float("?" in text),
            float(min(text.count("!"), 3)),
            float(bool(QUOTE.search(text))),
            float(":" in text),
            upper_long / max(n_long, 1),
            capitalised / max(n_alpha, 1),
            float(np.log1p(n)),  # numpy's log1p, not math's: they differ in the last bit for some n
            float(np.log1p(len(text))),
            stops / n_safe,
            chars / n_safe,
            float(len(CONTRACTION.findall(text))) if "'" in text or "’" in text else 0.0,
            intensity / n_safe,
            positive / n_safe,
            negative / n_safe,
        ]
