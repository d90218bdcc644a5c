"""Hyperbole features of a text without scikit-learn: the one implementation of their arithmetic.

``HyperboleCues`` (``service.model.hyperbole``, the pickled training step) learns the word log-odds
and computes its rows, out of fold included, through ``HyperboleFeatures.row``, the same method the
bundle's compiled runtime form serves with, so training and serving compute the same features. See ``service.model.hyperbole`` for why
these features (Troiano et al., EMNLP 2018).

Imports: the standard library, numpy and ``service.model.text_rules``.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterable, Mapping

import numpy as np

from service.model.numbers import IntFunction
from service.model.text_rules import check_texts, is_superlative
from service.model.word_grams import find_keys
from service.model.word_table import TokenTable

__all__ = [
    "ABSOLUTES",
    "EXTREME_QUANTITIES",
    "EXTREME_STATES",
    "HEDGES",
    "HYPERBOLE_FEATURES",
    "HyperboleFeatures",
    "bigrams_of",
    "words_of",
]


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")

# Quantities far beyond any plausible measure (Troiano et al.'s "quantity" dimension).
EXTREME_QUANTITIES = _word_set(
    """
    million millions billion billions trillion trillions zillion zillions gazillion thousand
    thousands hundred hundreds dozens tons ton loads infinite infinity endless eternity eternal
    forever ages centuries universe galaxy planet world ocean oceans sea mountain mountains sky moon
    stars miles
    """
)
# Universal claims: no exception is allowed.
ABSOLUTES = _word_set(
    """
    all always never ever every everyone everybody everything everywhere nothing nobody nowhere none
    noone whole entire entirely totally completely absolutely utterly literally only forever
    """
)
# What a literal paraphrase says instead of an exaggeration: graded, hedged wording.
HEDGES = _word_set(
    """
    very really quite rather pretty somewhat fairly lot lots much many more less bit little slightly
    large big small long several some often usually mostly almost nearly seems seemed probably
    """
)
# Figurative extremes of quality: death, destruction, superhuman states.
EXTREME_STATES = _word_set(
    """
    die died dies dying dead death kill killed killing killer explode exploded exploding exploded
    starving starve freezing frozen burning boiling melting drowning crushed destroyed shattered
    broke broken insane crazy mad perfect impossible unbelievable incredible miracle heaven hell
    nightmare disaster tragedy
    """
)

HYPERBOLE_FEATURES: tuple[str, ...] = (
    "log_odds_max",
    "log_odds_min",
    "log_odds_mean",
    "log_odds_sum",
    "log_odds_top2",
    "bigram_log_odds_max",
    "bigram_log_odds_sum",
    "extreme_quantity",
    "absolute",
    "hedge",
    "extreme_state",
    "superlative",
    "comparison",
    "large_number",
    "hyperbolic_lexicon",
    "valence_abs_max",
    "valence_abs_mean",
    "valence_pos",
    "valence_neg",
    "exclamation",
    "n_words",
)


WORD_CACHE_LIMIT = 200_000
BATCH_MIN = 16  # fewer texts are computed row by row (the per-batch arrays cost more than they save)
# The word classes ``HyperboleFeatures`` counts, packed into one int per word (``COUNT_BITS`` each).
COUNTED = (
    "extreme_quantity",
    "absolute",
    "hedge",
    "extreme_state",
    "superlative",
    "than",
    "as",
    "hyperbolic",
)
COUNT_BITS = 40
COUNT_MASK = (1 << COUNT_BITS) - 1
COUNT_SHIFTS = tuple(COUNT_BITS * k for k in range(len(COUNTED)))


def _large_number(text: str) -> bool:
    """A number of 100 or more in the text (the "numbers >= 100" feature, both routes)."""
    for match in NUMBER.findall(text):
        try:
            if float(match.replace(",", "")) >= 100:
                return True
        except ValueError:
            continue
    return False


def words_of(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'"))


def bigrams_of(words: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in itertools.pairwise(words)]


class HyperboleFeatures:
    """A fitted ``HyperboleCues``'s state (log-odds, lexicon, valences) and its ``transform``."""

    def __init__(
        self,
        word_log_odds: Mapping[str, float],
        bigram_log_odds: Mapping[str, float],
        hyperbolic: frozenset[str],
        valence: Mapping[str, float],
    ):
        self.word_log_odds = word_log_odds
        self.bigram_log_odds = bigram_log_odds
        self.hyperbolic = hyperbolic
        self.valence = valence

    def __getstate__(self) -> dict:
        return {key: value for key, value in self.__dict__.items() if key not in ("_facts", "_batch")}

    def transform(self, X: Iterable[str]) -> np.ndarray:
        """One row per text: a few texts through ``row``, a batch through ``HyperboleBatch`` (the same
        numbers, bit for bit: tests/training/test_runtime_rows.py)."""
        texts = check_texts(X)
        if not texts:
            return np.empty((0, len(HYPERBOLE_FEATURES)), dtype=np.float64)
        if len(texts) < BATCH_MIN:
            return np.array(list(map(self.row, texts)), dtype=np.float64)
        batch = self.__dict__.get("_batch")
        if batch is None:
            try:
                batch = HyperboleBatch(self)
            except ValueError:
                batch = False
            self.__dict__["_batch"] = batch
        if not isinstance(batch, HyperboleBatch):
            return np.array(list(map(self.row, texts)), dtype=np.float64)
        return batch.transform(texts)

    def _word(self, word: str) -> tuple[float, float, int]:
        """(log-odds, valence, packed counts) of one word, cached per word (not pickled).

        The packed counts hold one ``COUNT_BITS``-bit field per word class (``COUNTED``): summed over
        a text's words, they give every class's count in one pass."""
        facts = self.__dict__.get("_facts")
        if facts is None or len(facts) >= WORD_CACHE_LIMIT:
            facts = self.__dict__["_facts"] = {}
        flags = (
            word in EXTREME_QUANTITIES,
            word in ABSOLUTES,
            word in HEDGES,
            word in EXTREME_STATES,
            is_superlative(word) + (word == "most"),
            word == "than",
            word == "as",
            word in self.hyperbolic,
        )
        packed = sum(int(flag) << (COUNT_BITS * k) for k, flag in enumerate(flags))
        found = facts[word] = (self.word_log_odds.get(word, 0.0), self.valence.get(word, 0.0), packed)
        return found

    def row(self, text: str) -> list[float]:
        """The ``HYPERBOLE_FEATURES`` of one text, in few passes over its words (per-word facts cached;
        tests/training/test_runtime_rows.py checks it against a plain one-feature-at-a-time reference)."""
        words = words_of(text)
        cached = self.__dict__.get("_facts") or {}
        facts = [cached.get(w) or self._word(w) for w in words]
        word_odds, all_valences, packs = zip(*facts, strict=True) if facts else ((), (), ())
        odds = sorted(word_odds, reverse=True) or [0.0]
        get = self.bigram_log_odds.get
        pair_odds = [get(a + " " + b, 0.0) for a, b in itertools.pairwise(words)] or [0.0]
        valences = [v for v in all_valences if v]  # a zero adds nothing to a sum and is no maximum
        absolute_valences = [abs(v) for v in valences]
        packed = sum(packs)
        quantity, absolute, hedge, state, superlative, than, as_, hyper = [
            (packed >> shift) & COUNT_MASK for shift in COUNT_SHIFTS
        ]
        n_words = max(len(words), 1)
        return [
            odds[0],
            odds[-1],
            sum(odds) / n_words,
            sum(odds),
            sum(odds[:2]),
            max(pair_odds),
            sum(pair_odds),
            float(quantity),
            float(absolute),
            float(hedge),
            float(state),
            float(superlative),
            float(than + (as_ >= 2)),
            float(_large_number(text)),
            float(hyper),
            max(absolute_valences, default=0.0),
            sum(absolute_valences) / n_words,
            sum(v for v in valences if v > 0) / n_words,
            -sum(v for v in valences if v < 0) / n_words,
            float(min(text.count("!"), 3)),
            math.log1p(len(words)),
        ]


# The columns of ``HyperboleBatch``'s per-word facts.
# ODDS_RANK: the rank of the word's log-odds among every value the model knows (``HyperboleBatch``).
ODDS_RANK, ABS_VALENCE, POSITIVE, NEGATIVE, FIRST_COUNT = 0, 1, 2, 3, 4
PAIR_ID = FIRST_COUNT + len(COUNTED)  # the word's index among the bigram words (-1: in no bigram)
N_FACTS = PAIR_ID + 1
LOG1P = IntFunction(math.log1p)  # ``row``'s ``math.log1p`` of an array of word counts


def _segment_max(values: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The maximum of each segment ``values[start:start + length]``, 0.0 for an empty one."""
    out = np.zeros(len(starts))
    full = lengths > 0
    if full.any():
        out[full] = np.maximum.reduceat(values, starts[full])
    return out


class HyperboleBatch:
    """``HyperboleFeatures.row`` for a batch of texts: each whitespace token looked up once in a
    per-token table (``word_table.TokenTable``), the per-text sums, maxima and sorted log-odds
    computed with numpy.

    Every sum adds its terms in ``row``'s order (``np.bincount`` adds in input order): the word
    log-odds in descending order, the bigram log-odds and valences in text order; zero terms, which
    ``row`` keeps or drops, change no sum. Bigrams are looked up by the pair of their words' indices
    among the bigram words, in one ``searchsorted`` (``find_keys``). Each text's log-odds are put in descending order
    by one integer sort of (text, rank of the value among the model's log-odds), several times
    faster than ``np.lexsort`` on the floats; equal values are equal whichever comes first.
    """

    def __init__(self, features: HyperboleFeatures):
        self.features = features
        items = [(key.split(" "), value) for key, value in features.bigram_log_odds.items()]
        if any(len(pair) != 2 for pair, _ in items):
            raise ValueError("a bigram key that is not two words: served by row")
        pair_words = {
            w: j for j, w in enumerate(dict.fromkeys(itertools.chain.from_iterable(p for p, _ in items)))
        }
        size = max(len(pair_words), 1)
        keys = np.array([pair_words[a] * size + pair_words[b] for (a, b), _ in items], dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self._pair_words, self._pair_size = pair_words, size
        self._pair_keys = keys[order]
        self._pair_values = np.array([value for _, value in items], dtype=np.float64)[order]
        values = np.array([*features.word_log_odds.values(), 0.0], dtype=np.float64)  # 0.0: an unknown word
        if np.isnan(values).any() or np.signbit(values[values == 0.0]).any():
            raise ValueError("a log-odds of NaN or -0.0 has no rank: served by row")
        self._odds_values = np.unique(values)
        self._odds_rank = {float(v): rank for rank, v in enumerate(self._odds_values.tolist())}
        self._table = TokenTable(self._token_facts, N_FACTS, 2, lambda: WORD_CACHE_LIMIT)

    def _token_facts(self, tokens: list[str]) -> tuple[list[np.ndarray], np.ndarray]:
        """Each whitespace token's words' facts (``words_of`` finds the same words in a token as in
        the text around it), whether the token holds a number >= 100, and its "!"."""
        return [self._facts(words_of(token)) for token in tokens], np.array(
            [[_large_number(token), token.count("!")] for token in tokens], dtype=np.float64
        )

    def _facts(self, words: list[str]) -> np.ndarray:
        rows = np.zeros((len(words), N_FACTS))
        features = self.features
        for i, word in enumerate(words):
            odds, valence, packed = features._word(word)
            rows[i, ODDS_RANK] = self._odds_rank[odds]
            rows[i, ABS_VALENCE] = abs(valence)
            rows[i, POSITIVE] = max(valence, 0.0)
            rows[i, NEGATIVE] = -min(valence, 0.0)
            rows[i, FIRST_COUNT:PAIR_ID] = [(packed >> shift) & COUNT_MASK for shift in COUNT_SHIFTS]
            rows[i, PAIR_ID] = self._pair_words.get(word, -1)
        return rows

    def transform(self, texts: list[str]) -> np.ndarray:
        n = len(texts)
        found = self._table.batch(texts)
        facts, lengths = found.words, found.n_words
        rows = np.repeat(np.arange(n), lengths)
        starts = np.zeros(n, dtype=np.int64)
        np.cumsum(lengths[:-1], out=starts[1:])
        n_safe = np.maximum(lengths, 1).astype(np.float64)
        out = np.zeros((n, len(HYPERBOLE_FEATURES)), dtype=np.float64)

        n_values = len(self._odds_values)
        keys = rows * n_values + (n_values - 1 - facts[:, ODDS_RANK].astype(np.int64))
        keys.sort()
        ranked = self._odds_values[n_values - 1 - keys % n_values]  # each text's log-odds, highest first
        full = lengths > 0
        out[full, 0] = ranked[starts[full]]
        out[full, 1] = ranked[(starts + lengths - 1)[full]]
        total = np.bincount(rows, weights=ranked, minlength=n)
        out[:, 2] = total / n_safe
        out[:, 3] = total
        two = lengths > 1
        out[:, 4] = out[:, 0]
        out[two, 4] = ranked[starts[two]] + ranked[starts[two] + 1]

        pair_rows, pair_odds = self._pair_odds(facts[:, PAIR_ID], rows)
        pair_lengths = np.maximum(lengths - 1, 0)
        pair_starts = np.zeros(n, dtype=np.int64)
        np.cumsum(pair_lengths[:-1], out=pair_starts[1:])
        out[:, 5] = _segment_max(pair_odds, pair_starts, pair_lengths)
        out[:, 6] = np.bincount(pair_rows, weights=pair_odds, minlength=n)

        counts = [
            np.bincount(rows, weights=facts[:, FIRST_COUNT + k], minlength=n) for k in range(len(COUNTED))
        ]
        quantity, absolute, hedge, state, superlative, than, as_, hyper = counts
        out[:, 7:12] = np.column_stack([quantity, absolute, hedge, state, superlative])
        out[:, 12] = than + (as_ >= 2)
        large, exclamations = [
            np.bincount(found.text_of_token, weights=column, minlength=n) for column in found.tokens.T
        ]
        out[:, 13] = large > 0
        out[:, 14] = hyper
        out[:, 15] = _segment_max(facts[:, ABS_VALENCE], starts, lengths)
        out[:, 16] = np.bincount(rows, weights=facts[:, ABS_VALENCE], minlength=n) / n_safe
        out[:, 17] = np.bincount(rows, weights=facts[:, POSITIVE], minlength=n) / n_safe
        out[:, 18] = np.bincount(rows, weights=facts[:, NEGATIVE], minlength=n) / n_safe
        out[:, 19] = np.minimum(exclamations, 3)
        out[:, 20] = LOG1P(lengths)
        return out

    def _pair_odds(self, pair_ids: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(text, log-odds) of every bigram of the batch, in text order (0.0 for an unknown bigram)."""
        same_text = rows[1:] == rows[:-1]
        first = pair_ids[:-1][same_text].astype(np.int64)
        second = pair_ids[1:][same_text].astype(np.int64)
        keys = first * self._pair_size + second
        values = np.zeros(len(keys))
        if len(self._pair_keys):
            where = find_keys(self._pair_keys, keys).clip(max=len(self._pair_keys) - 1)
            found = (first >= 0) & (second >= 0) & (self._pair_keys[where] == keys)
            values[found] = self._pair_values[where[found]]
        return rows[1:][same_text], values
