"""The batch paths of the runtime feature rows compute exactly what the one-text paths compute.

The clickbait cues, the word TF-IDF block and the hyperbole features each have a faster batch form
(per-word facts summed with numpy, one vocabulary pass, a factored phrase alternation); these tests
pin them, bit for bit, to the straightforward forms.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections.abc import Mapping

import numpy as np

from service.model.cues import BATCH_MIN, factored_pattern, phrase_pattern
from service.model.hyperbole_rules import (
    ABSOLUTES,
    EXTREME_QUANTITIES,
    EXTREME_STATES,
    HEDGES,
    NUMBER,
    bigrams_of,
    words_of,
)
from service.model.text_rules import is_superlative
from tests.training.test_runtime import EDGE, TEXTS

EXTRA = [
    "As big as the sun: the most incredible, best, greatest thing than ever as as",
    "1,000,000 million reasons you'll never believe!!! Most people don't",
    "what's THIS? here's why you'll love it: 'quoted' “curly” words",
    "Almost there for a quiet day",
    # Whitespace of every kind between words: the batch routes split on it, the rows never do.
    "tab\tseparated\twords\u2019s\u00a0non-breaking 1,000 you\u2003won\u2019t believe",
    "form\x1cfeed\x1dand\x1eunit\x1fseparators 250\nline\r\nbreaks\x0bvertical\x0cfeed",
    "\u039f\u0394\u039f\u03a3 \u03a3\u0391\u03a3: the\u3000most\u2028incredible\u2029\u201cquoted\u201d\x85word don't",
    "'quote' \"here\" it\u2019s here's 99.5 100,5 ,100 1.00e5 \u2018single\u2019 NEVER-ending",
]
BATCH = TEXTS + EDGE + EXTRA


def _cue_extractor(model):
    return model.clickbait.named_steps["features"].transformer_list[0][1].extractor


def test_batch_cues_equal_the_cues_row_by_row(tiny_model) -> None:
    extractor = _cue_extractor(tiny_model)
    assert len(BATCH) >= BATCH_MIN
    expected = np.array([extractor.row(text) for text in BATCH])
    for _ in range(2):  # the second batch reads the per-word facts the first one cached
        assert np.array_equal(extractor.transform(BATCH), expected)


def test_the_factored_phrase_pattern_finds_what_the_alternation_finds() -> None:
    phrases = [
        "you won't believe",
        "you",
        "you will",
        "this is",
        "this",
        "<quote> looks like",
        "a",
        "ab",
        "ab c",
    ]
    original = phrase_pattern(phrases)
    factored = factored_pattern(original)
    assert original is not None and factored is not None and factored.pattern != original.pattern
    pieces = [*phrases, "x", "", " ", "-", "é", "_", "?"]
    texts = ["".join(combo) for combo in itertools.product(pieces, repeat=3)]
    for text in texts:
        assert factored.findall(text) == original.findall(text), text


def reference_row(
    text: str,
    words: list[str],
    unigrams: Mapping[str, float],
    bigrams: Mapping[str, float],
    hyperbolic: frozenset[str],
    valence: Mapping[str, float],
) -> list[float]:
    """The ``HYPERBOLE_FEATURES`` of one text, one feature at a time (the code the cached ``row`` replaced)."""
    odds = sorted((unigrams.get(w, 0.0) for w in words), reverse=True) or [0.0]
    pair_odds = [bigrams.get(b, 0.0) for b in bigrams_of(words)] or [0.0]
    valences = [valence.get(w, 0.0) for w in words]
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
        float(sum(w in EXTREME_QUANTITIES for w in words)),
        float(sum(w in ABSOLUTES for w in words)),
        float(sum(w in HEDGES for w in words)),
        float(sum(w in EXTREME_STATES for w in words)),
        float(sum(map(is_superlative, words)) + words.count("most")),
        float(words.count("than") + ("as" in words and words.count("as") >= 2)),
        float(any(n >= 100 for n in numbers)),
        float(sum(w in hyperbolic for w in words)),
        max((abs(v) for v in valences), default=0.0),
        sum(abs(v) for v in valences) / n_words,
        sum(v for v in valences if v > 0) / n_words,
        -sum(v for v in valences if v < 0) / n_words,
        float(min(text.count("!"), 3)),
        math.log1p(len(words)),
    ]


def test_hyperbole_rows_equal_hyperbole_row(tiny_model) -> None:
    features = tiny_model.hyperbole.features
    for text in BATCH:
        expected = reference_row(
            text,
            words_of(text),
            features.word_log_odds,
            features.bigram_log_odds,
            features.hyperbolic,
            features.valence,
        )
        assert features.row(text) == expected, text


def test_word_tfidf_batch_rows_equal_one_text_rows(tiny_model) -> None:
    for _, block in tiny_model.clickbait.named_steps["features"].transformer_list[1:]:
        matrix = block.transform(BATCH)
        for i, text in enumerate(BATCH):
            cols, values = block.transform_one(text)
            row = matrix[i]
            assert np.array_equal(row.indices, cols) and np.array_equal(row.data, values), text


def test_batch_cues_stay_equal_when_the_word_table_is_reset_under_threads(tiny_model, monkeypatch) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from service.model import cues

    monkeypatch.setattr(cues, "WORD_CACHE_LIMIT", 40)  # every batch overflows the table and resets it
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often enough to interleave inside a batch
    extractor = _cue_extractor(tiny_model)
    batches = [BATCH[i:] + BATCH[:i] for i in range(0, len(BATCH), 3)]
    expected = [np.array([extractor.row(text) for text in batch]) for batch in batches]
    try:
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(extractor.transform, batches * 20))
    finally:
        sys.setswitchinterval(interval)
    for result, want in zip(results, expected * 20, strict=True):
        assert np.array_equal(result, want)
