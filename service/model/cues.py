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

from service.model.numbers import IntFunction
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
from service.model.word_table import TokenRows, TokenTable

__all__ = ["CUE_NAMES", "CueExtractor", "phrase_pattern", "standardize"]

CONTRACTION = re.compile(r"\b\w+['’](?:s|re|ve|ll|d|t|m)\b", re.IGNORECASE)
QUOTE = re.compile(r"[\"“”‘’']\w|\w[\"“”]")
PHRASE_DEPTH = 3  # levels of first characters factored out of the phrase alternation
WORD_CACHE_LIMIT = 200_000
BATCH_MIN = 16  # fewer texts are computed row by row (the per-batch arrays cost more than they save)
# The numeric facts of a word in ``CueExtractor._table`` (a ``TokenTable``): ``_word``'s after the lower-case form,
# the valence as |v|, max(v, 0) and -min(v, 0), then whether the word is a question word.
N_WORD_FACTS = 16
DIGIT, FORWARD, QUESTION = 1, 2, 15  # their columns (``_word``'s w[0].isdigit(), low in FORWARD_REFERENCE)
# The facts of a whitespace token as a whole: its contractions, a quotation mark next to a word, its "!",
# "?" and ":" (their counts in a text are the sums over its tokens: whitespace holds none of them).
N_TOKEN_FACTS = 5

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
    # Longest first; equal lengths alphabetically, not in set order (which changes per process and
    # made the pickled pattern differ; two phrases of one length never match the same span).
    ordered = sorted({p.lower() for p in phrases if p.strip()}, key=lambda p: (-len(p), p))
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ordered) + r")\b") if ordered else None


def _phrases_of(pattern: re.Pattern) -> list[str] | None:
    """The phrases of a ``phrase_pattern``, in its order (``None`` for a pattern of another shape)."""
    head, tail = r"\b(?:", r")\b"
    if (
        not (pattern.pattern.startswith(head) and pattern.pattern.endswith(tail))
        or pattern.flags != re.UNICODE
    ):
        return None
    phrases, current, escaped = [], [], False
    for ch in pattern.pattern[len(head) : -len(tail)]:
        if escaped or ch not in "\\|":
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        else:  # an unescaped "|" separates two phrases (``re.escape`` escapes every other one)
            phrases.append("".join(current))
            current = []
    phrases.append("".join(current))
    return phrases


def _alternation(phrases: list[str], depth: int) -> str:
    """The alternation of ``phrases`` with their first characters factored out, ``depth`` levels deep.

    The regex engine tries the alternatives in order at each position; those of another first
    character cannot match there, so grouping by first character (the order kept within a group)
    finds the same match at every position, trying a few alternatives instead of all of them."""
    if depth == 0 or len(phrases) < 2 or "" in phrases:
        return "|".join(re.escape(phrase) for phrase in phrases)
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[0], []).append(phrase[1:])
    return "|".join(
        re.escape(first) + ("(?:" + _alternation(rest, depth - 1) + ")" if rest != [""] else "")
        for first, rest in groups.items()
    )


def factored_pattern(pattern: re.Pattern | None) -> re.Pattern | None:
    """A pattern that finds exactly the matches of a ``phrase_pattern``, faster (``_alternation``)."""
    phrases = _phrases_of(pattern) if pattern is not None else None
    if pattern is None or phrases is None:
        return pattern
    return re.compile(r"\b(?:" + _alternation(phrases, PHRASE_DEPTH) + r")\b")


def standardize(X: np.ndarray, mean: np.ndarray | None, scale: np.ndarray | None) -> np.ndarray:
    """``(X - mean) / scale`` on a dense array; ``None`` skips that step (a scaler without mean or std)."""
    X = np.asarray(X, dtype=np.float64)
    if mean is not None:
        X = X - mean
    if scale is not None:
        X = X / scale
    return X


_LOG1P: dict[int, float] = {}


def has_quote(text: str) -> bool:
    """A quotation mark next to a word (``QUOTE``), searched only in a text holding one of its marks."""
    return (
        "'" in text or '"' in text or "’" in text or "“" in text or "”" in text or "‘" in text
    ) and QUOTE.search(text) is not None


def _cache_limit() -> int:
    return WORD_CACHE_LIMIT


def _log1p(n: int) -> float:
    """numpy's log1p of a count, not math's: they differ in the last bit for some n (cached per n:
    a numpy call on a scalar costs a microsecond)."""
    value = _LOG1P.get(n)
    if value is None:
        if len(_LOG1P) >= WORD_CACHE_LIMIT:
            _LOG1P.clear()
        value = _LOG1P[n] = float(np.log1p(n))
    return value


LOG1P = IntFunction(_log1p)  # ``_log1p`` of an array of counts


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
        self._table = TokenTable(self._token_facts, N_WORD_FACTS, N_TOKEN_FACTS, _cache_limit)
        self._phrases = factored_pattern(phrases)

    def __getstate__(self) -> dict:
        return {"hyperbolic": self.hyperbolic, "phrases": self.phrases, "valence": self.valence}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["hyperbolic"], state["phrases"], state["valence"])  # type: ignore[misc]

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """One row of cues per text (a few texts row by row, a batch through per-token arrays)."""
        texts = check_texts(X)
        out = np.zeros((len(texts), len(CUE_NAMES)), dtype=np.float64)
        if len(texts) < BATCH_MIN:
            for row, text in enumerate(texts):
                out[row] = self.row(text)
            return out
        found = self._table.batch(texts)
        counts = found.n_words
        rows = np.repeat(np.arange(len(texts)), counts)
        # Per-word sums per text; bincount adds in token order, as ``row``'s loop does.
        sums = [
            np.bincount(rows, weights=column, minlength=len(texts)) for column in found.words[:, :QUESTION].T
        ]
        chars, digit, forward, second, first, stops, hyper, superl, alpha, capital, long, upper = sums[:12]
        intensity, positive, negative = sums[12:]
        n_safe = np.maximum(counts, 1)
        self._text_columns(texts, found, out)
        out[:, 1] = digit > 0
        out[:, 3] = forward / n_safe
        out[:, 4] = second > 0
        out[:, 5] = first > 0
        out[:, 7] = (superl + out[:, 7]) > 0  # column 7 holds the count of "most " so far
        out[:, 8] = hyper
        out[:, 14] = upper / np.maximum(long, 1)
        out[:, 15] = capital / np.maximum(alpha, 1)
        out[:, 18] = stops / n_safe
        out[:, 19] = chars / n_safe
        out[:, 21] = intensity / n_safe
        out[:, 22] = positive / n_safe
        out[:, 23] = negative / n_safe
        return out

    def _token_facts(self, tokens: list[str]) -> tuple[list[np.ndarray], np.ndarray]:
        """The per-token table's rows of new whitespace tokens: each token's words' facts
        (``TOKEN`` finds the same words in a token as in the text around it), and the token's own
        (``CONTRACTION`` and ``QUOTE`` match no whitespace either)."""
        words = [self._fact_rows(TOKEN.findall(token)) for token in tokens]
        own = [
            (
                len(CONTRACTION.findall(token)) if "'" in token or "’" in token else 0,
                has_quote(token),
                token.count("!"),
                "?" in token,
                ":" in token,
            )
            for token in tokens
        ]
        return words, np.array(own, dtype=np.float64).reshape(-1, N_TOKEN_FACTS)

    def _fact_rows(self, words: list[str]) -> np.ndarray:
        """The facts of words, one row each: ``_word``'s numeric facts, the valence as |v|, max(v, 0)
        and -min(v, 0), and whether the word is a question word."""
        facts = [self._word(w) for w in words]
        rows = np.array([f[1:] for f in facts], dtype=np.float64).reshape(-1, 13)
        valence = rows[:, -1]
        question = np.array([f[0] in QUESTION_WORDS for f in facts], dtype=np.float64)
        return np.column_stack(
            [rows[:, :-1], np.abs(valence), np.maximum(valence, 0.0), -np.minimum(valence, 0.0), question]
        )

    def _text_columns(self, texts: list[str], found: TokenRows, out: np.ndarray) -> None:
        """The cues read from the text as a whole or from its first word, into their columns of
        ``out`` (column 7, the superlative cue, receives the count of "most " for ``transform`` to
        finish)."""
        n = len(texts)
        starts = np.zeros(n, dtype=np.int64)
        np.cumsum(found.n_words[:-1], out=starts[1:])
        filled = found.n_words > 0
        firsts = found.words[starts[filled]]
        out[filled, 0] = firsts[:, DIGIT]
        out[filled, 2] = firsts[:, FORWARD]
        out[filled, 6] = firsts[:, QUESTION]
        low_texts = [text.lower() for text in texts]
        out[:, 7] = [low.count("most ") for low in low_texts]
        if self._phrases is not None:
            findall = self._phrases.findall
            out[:, 9] = [len(findall(low)) for low in low_texts]
        own = [np.bincount(found.text_of_token, weights=column, minlength=n) for column in found.tokens.T]
        out[:, 10] = own[3] > 0
        out[:, 11] = np.minimum(own[2], 3)
        out[:, 12] = own[1] > 0
        out[:, 13] = own[4] > 0
        out[:, 16] = LOG1P(found.n_words)
        out[:, 17] = LOG1P(np.fromiter(map(len, texts), dtype=np.int64, count=n))
        out[:, 20] = own[0]

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
            float(len(self._phrases.findall(low_text))) if self._phrases is not None else 0.0,
            float("?" in text),
            float(min(text.count("!"), 3)),
            float(has_quote(text)),
            float(":" in text),
            upper_long / max(n_long, 1),
            capitalised / max(n_alpha, 1),
            _log1p(n),
            _log1p(len(text)),
            stops / n_safe,
            chars / n_safe,
            float(len(CONTRACTION.findall(text))) if "'" in text or "’" in text else 0.0,
            intensity / n_safe,
            positive / n_safe,
            negative / n_safe,
        ]
