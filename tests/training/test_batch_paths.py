"""The batch fast paths of the feature rows equal their plain routes, bit for bit.

Each fast path is a second route to numbers another route computes: the hyperbole features of a
batch (``HyperboleBatch``) against ``HyperboleFeatures.row``; the char n-gram counts of a batch
(``char_grams.batch_counts``) against the text-by-text counts and scikit-learn's; the word counts by
token ids (``WordGrams``) against scikit-learn's analyzer; the prefiltered quote search against the
plain one; ``score_clickbait``'s probability against the head's ``predict_proba``.
"""

from __future__ import annotations

import itertools
import sys
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from service.model import char_grams, hyperbole_rules, tfidf, word_table
from service.model.cues import QUOTE, has_quote
from service.model.hyperbole_rules import BATCH_MIN, HyperboleFeatures
from service.model.lean import LeanTfidf
from service.model.numbers import IntFunction
from service.model.word_grams import find_keys
from tests.training.test_runtime_rows import BATCH

REPEATS = [
    "the the the cat cat: you won't believe the cat",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa aaaa aa a",
    "As big as the sun, as big as the moon",
    "",
    "   ",
]
# Neighbouring texts whose last and first words make a bigram of the vocabulary: never counted.
ACROSS = ["and you", "won't stop", "you", "won't", "", "won't you", "believe"]
TEXTS = BATCH + REPEATS + ACROSS

HAND_MADE = HyperboleFeatures(
    {"most": 1.5, "never": 0.7, "quiet": -0.9, "big": 0.4, "sun": -0.2, "believe": 1.1, "the": -0.05},
    {
        "you won't": 2.0,
        "the most": 0.3,
        "as big": -0.4,
        "big as": 0.25,
        "the sun": -1.5,
        "won't believe": 0.8,
    },
    frozenset({"incredible", "amazing", "shocking"}),
    {"love": 3.2, "disaster": -3.1, "quiet": 0.0, "believe": 0.5, "shocking": -2.0, "big": 1.0},
)


def _hyperbole_features(tiny_model) -> list[HyperboleFeatures]:
    tiny = tiny_model.hyperbole.features
    return [
        HyperboleFeatures(tiny.word_log_odds, tiny.bigram_log_odds, tiny.hyperbolic, tiny.valence),
        HAND_MADE,
    ]


def _threaded(function, batches: list[list[str]]) -> list:
    """``function`` of each batch, ten times over, from four threads switching as often as they can."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch often enough to interleave inside a batch
    try:
        with ThreadPoolExecutor(4) as pool:
            return list(pool.map(function, batches * 10))
    finally:
        sys.setswitchinterval(interval)


def _rows(features: HyperboleFeatures, texts: list[str]) -> np.ndarray:
    return np.array([features.row(text) for text in texts], dtype=np.float64)


def test_hyperbole_batch_rows_equal_row_by_row(tiny_model) -> None:
    assert len(TEXTS) >= BATCH_MIN
    for features in _hyperbole_features(tiny_model):
        expected = _rows(features, TEXTS)
        for _ in range(2):  # the second batch reads the per-word table the first one filled
            got = features.transform(TEXTS)
            assert got.tobytes() == expected.tobytes()
        assert features.__dict__["_batch"]  # the batch route ran


def test_hyperbole_batch_rows_equal_rows_when_the_table_resets_under_threads(tiny_model, monkeypatch) -> None:
    monkeypatch.setattr(hyperbole_rules, "WORD_CACHE_LIMIT", 30)  # every batch overflows the table
    features = _hyperbole_features(tiny_model)[1]
    batches = [TEXTS[i:] + TEXTS[:i] for i in range(0, len(TEXTS), 4)]
    expected = [_rows(features, batch) for batch in batches]
    results = _threaded(features.transform, batches)
    for result, want in zip(results, expected * 10, strict=True):
        assert result.tobytes() == want.tobytes()


def test_a_bigram_key_of_another_shape_is_served_row_by_row() -> None:
    features = HyperboleFeatures({"big": 1.0}, {"big": 0.5, "as big as": 0.3}, frozenset(), {})
    got = features.transform(TEXTS)
    assert features.__dict__["_batch"] is False
    assert got.tobytes() == _rows(features, TEXTS).tobytes()


@pytest.mark.parametrize("odd_value", [-0.0, float("nan")])
def test_a_log_odds_without_a_rank_is_served_row_by_row(odd_value: float) -> None:
    features = HyperboleFeatures({"big": 1.0, "sun": odd_value, "the": 1.0}, {}, frozenset(), {})
    got = features.transform(TEXTS)
    assert features.__dict__["_batch"] is False
    assert got.tobytes() == _rows(features, TEXTS).tobytes()


def test_a_tabled_int_function_gives_the_scalar_functions_values() -> None:
    function = IntFunction(lambda n: float(np.log1p(n)) / 3.0, limit=100)
    for ns in ([0, 5, 3, 7], [99, 64, 0], [150, 2], []):  # grown, then past the table's limit
        want = np.array([float(np.log1p(n)) / 3.0 for n in ns], dtype=np.float64)
        assert function(np.array(ns, dtype=np.int64)).tobytes() == want.tobytes()


def _char_block(texts: list[str]) -> tfidf.TfidfBlock:
    block = LeanTfidf(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True).fit(texts).block()
    assert block is not None
    return block


def _plain_counts(block: tfidf.TfidfBlock, texts: list[str]) -> np.ndarray:
    dense = np.zeros((len(texts), block.width))
    for i, text in enumerate(texts):
        cols, counts = block.transform_counts(text)
        dense[i, cols] = counts
    return dense


def test_char_batch_counts_equal_scikit_learn_and_the_text_by_text_counts() -> None:
    block = _char_block(TEXTS[::2])  # texts with n-grams outside the vocabulary too
    reference = CountVectorizer(analyzer="char_wb", ngram_range=(2, 4), vocabulary=block.vocabulary_)
    for _ in range(2):
        counts = block.counts(TEXTS)
        assert counts.has_sorted_indices
        assert (counts != reference.transform(TEXTS)).nnz == 0
        assert np.array_equal(counts.toarray(), _plain_counts(block, TEXTS))
        for row in range(len(TEXTS)):  # sorted columns, no repeats, within each row
            cols = counts.indices[counts.indptr[row] : counts.indptr[row + 1]]
            assert np.all(np.diff(cols) > 0)


def test_char_counts_with_64_bit_keys_equal_the_text_by_text_counts(monkeypatch) -> None:
    monkeypatch.setattr(char_grams, "INT32_LIMIT", 1)  # every batch takes the int64 keys
    block = _char_block(TEXTS[::2])
    assert np.array_equal(block.counts(TEXTS).toarray(), _plain_counts(block, TEXTS))


def test_find_keys_equals_searchsorted() -> None:
    rng = np.random.default_rng(0)
    sorted_keys = np.unique(rng.integers(0, 1000, 300))
    for keys in (rng.integers(-5, 1005, 500), np.array([7, 7, 3, 3, 999, -1]), np.zeros(0, dtype=np.int64)):
        assert find_keys(sorted_keys, keys).tolist() == np.searchsorted(sorted_keys, keys).tolist()


def test_segment_sums_equal_reduceat() -> None:
    values = np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=np.int32)
    for starts in ([0], [0, 1, 2, 3, 4, 5, 6, 7], [0, 3, 7], [0, 5]):
        index = np.array(starts, dtype=np.int64)
        assert char_grams.segment_sums(values, index).tolist() == np.add.reduceat(values, index).tolist()


def test_char_counts_too_large_to_pack_take_the_text_by_text_route(monkeypatch) -> None:
    block = _char_block(TEXTS)
    fast = block.transform(TEXTS)
    monkeypatch.setattr(char_grams, "KEY_LIMIT", 1)
    assert char_grams.batch_counts(block._gram_table, [t.lower().split() for t in TEXTS], block.width) is None
    slow = block.transform(TEXTS)
    for name in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name))


def test_char_gram_table_resets_under_threads_and_counts_stay_equal(monkeypatch) -> None:
    monkeypatch.setattr(tfidf, "WORD_CACHE_LIMIT", 25)  # the gram table overflows and starts again
    block = _char_block(TEXTS)
    batches = [TEXTS[i:] + TEXTS[:i] for i in range(0, len(TEXTS), 4)]
    expected = [_plain_counts(block, batch) for batch in batches]
    results = _threaded(block.counts, batches)
    for result, want in zip(results, expected * 10, strict=True):
        assert np.array_equal(result.toarray(), want)


@pytest.mark.parametrize("ngram_range", [(1, 1), (1, 2), (2, 2), (1, 3)])
@pytest.mark.parametrize("token_pattern", [r"(?u)\b\w[\w']*\b", r"(?u)\b\w\w+\b", r"(?u)\b\w+\b"])
def test_word_counts_by_token_ids_equal_scikit_learn(ngram_range, token_pattern) -> None:
    vectorizer = LeanTfidf(ngram_range=ngram_range, token_pattern=token_pattern).fit(TEXTS[::2])
    block = vectorizer.block()
    assert block is not None
    reference = CountVectorizer(
        ngram_range=ngram_range, token_pattern=token_pattern, vocabulary=block.vocabulary_
    )
    counts = block.counts(TEXTS)
    fast = ngram_range != (1, 3) and token_pattern != r"(?u)\b\w+\b"
    assert (block._token_grams() is not None) == fast  # the route the comparison below pins
    assert counts.has_sorted_indices
    assert (counts != reference.transform(TEXTS)).nnz == 0
    for row in range(len(TEXTS)):
        cols = counts.indices[counts.indptr[row] : counts.indptr[row + 1]]
        assert np.all(np.diff(cols) > 0)


def test_the_prefiltered_quote_search_finds_what_the_plain_search_finds() -> None:
    pieces = ["a", " ", "'", '"', "“", "”", "‘", "’", "é", "1", "_", "!"]
    for combo in itertools.product(pieces, repeat=3):
        text = "".join(combo)
        assert has_quote(text) == (QUOTE.search(text) is not None), text


def test_score_clickbait_probability_is_the_heads_predict_proba(tiny_model) -> None:
    from service.analysis.clickbait import feature_matrix, score_clickbait

    X = feature_matrix(tiny_model, TEXTS)
    expected = tiny_model.clickbait.named_steps["clf"].predict_proba(X)[:, 1]
    got = [result["probability"] for result in score_clickbait(tiny_model, TEXTS, explain=False, X=X)]
    assert got == [round(p, 4) for p in expected.tolist()]


def _pair(texts: list[str], **words_settings) -> tuple[tfidf.TfidfBlock, tfidf.TfidfBlock]:
    chars = _char_block(texts)
    words = LeanTfidf(ngram_range=(1, 2), sublinear_tf=True, **words_settings).fit(texts).block()
    assert words is not None
    return chars, words


def _same(a, b) -> bool:
    return all(np.array_equal(getattr(a, k), getattr(b, k)) for k in ("indptr", "indices", "data")) and (
        a.shape == b.shape
    )


def test_paired_char_and_word_counts_equal_each_blocks_own_counts() -> None:
    chars, words = _pair(TEXTS[::2])
    for _ in range(2):  # the second batch reads the words' token ids the first one stored
        found = tfidf.paired_counts(chars, words, TEXTS)
        assert found is not None
        assert _same(found[0], chars.counts(TEXTS)) and _same(found[1], words.counts(TEXTS))


def test_paired_counts_stay_equal_when_the_table_resets_under_threads(monkeypatch) -> None:
    monkeypatch.setattr(tfidf, "WORD_CACHE_LIMIT", 25)
    chars, words = _pair(TEXTS)
    batches = [TEXTS[i:] + TEXTS[:i] for i in range(0, len(TEXTS), 4)]
    expected = [(chars.counts(batch).toarray(), words.counts(batch).toarray()) for batch in batches]
    results = _threaded(lambda batch: tfidf.paired_counts(chars, words, batch), batches)
    for found, (want_chars, want_words) in zip(results, expected * 10, strict=True):
        assert np.array_equal(found[0].toarray(), want_chars) and np.array_equal(
            found[1].toarray(), want_words
        )


def test_every_token_route_stays_equal_when_the_token_ids_start_again_under_threads(
    tiny_model, monkeypatch
) -> None:
    # The cues, the hyperbole rows and the paired counts read one batch split (word_table.TOKENS);
    # with this limit every batch starts a new numbering of the tokens while other threads read the old.
    index = word_table.TokenIndex(lambda: 20)
    monkeypatch.setattr(word_table, "TOKENS", index)
    first_epoch = index._state[0]
    cues = tiny_model.clickbait.named_steps["features"].transformer_list[0][1].extractor
    chars, words = _pair(TEXTS)
    batches = [TEXTS[i : i + BATCH_MIN + 4] for i in range(0, len(TEXTS) - BATCH_MIN - 4, 3)]
    expected = [
        (
            np.array([cues.row(text) for text in batch]),
            _rows(HAND_MADE, batch),
            chars.counts(batch).toarray(),
            words.counts(batch).toarray(),
        )
        for batch in batches
    ]

    def every_route(batch: list[str]) -> tuple:
        paired = tfidf.paired_counts(chars, words, batch)
        assert paired is not None
        return cues.transform(batch), HAND_MADE.transform(batch), paired[0].toarray(), paired[1].toarray()

    results = _threaded(every_route, batches)
    assert index._state[0] > first_epoch + 10  # the numbering started again many times
    for found, want in zip(results, expected * 10, strict=True):
        assert all(a.tobytes() == b.tobytes() for a, b in zip(found, want, strict=True))


def test_a_batch_split_is_reused_only_for_equal_texts() -> None:
    index = word_table.TokenIndex(lambda: 1000)
    first = index.split(["a b", "c"])
    assert index.split(["a b", "c"]) is first  # what the next component reading the batch gets
    other = index.split(["a b", "c d"])
    assert other is not first and other.ids.tolist() == [0, 1, 2, 3] and other.n_tokens.tolist() == [2, 2]


def test_blocks_that_cannot_share_their_words_count_on_their_own() -> None:
    chars, _ = _pair(TEXTS)
    assert tfidf.paired_counts(chars, _pair(TEXTS, lowercase=False)[1], TEXTS) is None
    assert tfidf.paired_counts(chars, _pair(TEXTS, token_pattern=r"(?u)\b\w+\b")[1], TEXTS) is None


def test_the_union_of_shared_counts_equals_its_blocks_stacked(tiny_model) -> None:
    from service.model.runtime import stack_blocks

    union = tiny_model.clickbait.named_steps["features"]
    assert len(union._shared_counts(TEXTS)) == 2  # the tiny model's words and chars share
    blocks = [(block.transform(TEXTS), weight) for _, block, weight in union.blocks]
    expected = stack_blocks([values * weight if weight is not None else values for values, weight in blocks])
    assert _same(union.transform(TEXTS), expected)


def test_the_batch_caches_are_not_pickled_and_a_copy_scores_the_same(tiny_model) -> None:
    import pickle

    runtime = tiny_model.clickbait
    hyperbole = tiny_model.hyperbole
    before = runtime.predict_proba(TEXTS), hyperbole.probability(TEXTS)  # fills every batch cache
    blocks = [block for _, block, _ in runtime.named_steps["features"].blocks]
    cached = ("_gram_table", "_word_grams", "_paired", "_word_cache", "_table", "_words", "_batch", "_facts")
    for block in [*blocks, blocks[0].extractor, hyperbole.features]:
        state = block.__getstate__()
        assert not [key for key in cached if state.get(key)], type(block).__name__
    runtime_copy, hyperbole_copy = pickle.loads(pickle.dumps((runtime, hyperbole)))
    after = runtime_copy.predict_proba(TEXTS), hyperbole_copy.probability(TEXTS)
    assert before[0].tobytes() == after[0].tobytes() and before[1].tobytes() == after[1].tobytes()
