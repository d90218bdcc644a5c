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

from service.model.text_rules import check_texts, is_superlative

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
        return {key: value for key, value in self.__dict__.items() if key != "_facts"}

    def transform(self, X: Iterable[str]) -> np.ndarray:
        texts = check_texts(X)
        if not texts:
            return np.empty((0, len(HYPERBOLE_FEATURES)), dtype=np.float64)
        return np.array(list(map(self.row, texts)), dtype=np.float64)

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
        numbers = []
        for match in NUMBER.findall(text):
            try:
                numbers.append(float(match.replace(",", "")))
            except ValueError:
                continue
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
            float(any(n >= 100 for n in numbers)),
            float(hyper),
            max(absolute_valences, default=0.0),
            sum(absolute_valences) / n_words,
            sum(v for v in valences if v > 0) / n_words,
            -sum(v for v in valences if v < 0) / n_words,
            float(min(text.count("!"), 3)),
            math.log1p(len(words)),
        ]
