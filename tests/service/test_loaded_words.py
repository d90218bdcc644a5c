"""Loaded words (words the sensationalism head weighs heavily) are found from the unigram columns' range only.

``_loaded_columns`` gathers the head's weights of the word-unigram columns' range instead of masking every
column of the matrix; the plain rule is "a word-unigram column whose value x weight is at least
``LOADED_WORD_MIN``". Both must give the same columns, and the words reported must be the headline's.
"""

from __future__ import annotations

import numpy as np
import pytest

from service.analysis.clickbait import feature_matrix
from service.analysis.sensationalism import (
    LOADED_WORD_MIN,
    _loaded_coef,
    _loaded_columns,
    _word_columns,
    score_sensationalism,
)
from service.model import load_model
from service.model.lexicons import vader_valence

HEADLINES = [
    "Mob sparks fears",
    "Collusion, conservatives and a loser",
    "Whoa",
    'What I\'ve "Learned" From Porn',
    "Central bank raises interest rates by a quarter point",
    "Parliament passes budget after late-night vote",
    "",
    "Mob",
]


@pytest.fixture(scope="module")
def model():
    return load_model(None)


def plain_loaded_columns(model, X) -> dict[int, set[int]]:
    """The rule written plainly: every column of every row, masked to the word unigrams."""
    unigram = np.zeros(X.shape[1], dtype=bool)
    unigram[list(_word_columns(model).values())] = True
    found: dict[int, set[int]] = {}
    dense = X.toarray()
    rows, cols = np.nonzero(unigram & (dense * model.sensationalism.text_coef >= LOADED_WORD_MIN))
    for row, col in zip(rows, cols, strict=True):
        found.setdefault(int(row), set()).add(int(col))
    return found


def test_loaded_columns_equal_the_plain_rule(model) -> None:
    X = feature_matrix(model, HEADLINES)
    loaded = _loaded_columns(X, *_loaded_coef(model, model.sensationalism, X.shape[1]))
    assert loaded == plain_loaded_columns(model, X)
    assert len(loaded) >= 3  # not vacuous: these headlines hold loaded words


def test_loaded_words_are_reported_as_the_headlines_words(model) -> None:
    X = feature_matrix(model, HEADLINES)
    results = score_sensationalism(model, HEADLINES, X, [0.5] * len(HEADLINES), vader_valence())
    columns = _word_columns(model)
    loaded = plain_loaded_columns(model, X)
    for row, (headline, result) in enumerate(zip(HEADLINES, results, strict=True)):
        words = [t for t in result["triggers"] if t["category"] == "loaded_word"]
        for t in words:
            assert headline[t["start"] : t["end"]] == t["text"]
            assert columns[t["text"].lower()] in loaded[row]
        if row not in loaded:
            assert not words
    assert any(t["category"] == "loaded_word" for r in results for t in r["triggers"])


def test_an_empty_batch_scores_to_no_results(model) -> None:
    """The cue array of no headlines keeps its width (it used to fail to broadcast)."""
    assert score_sensationalism(model, [], feature_matrix(model, []), [], vader_valence()) == []


def test_a_batch_shows_the_numbers_each_headline_shows_alone(model) -> None:
    """The batch rounds its shown numbers at once (from 32 headlines); alone, each is rounded by ``round``."""
    rng = np.random.default_rng(5)
    batch = HEADLINES * 5
    hyperbole = [None if i % 3 == 0 else float(p) for i, p in enumerate(rng.random(len(batch)))]
    hyperbole[1] = 0.00125  # a decimal tie at 4 places
    together = score_sensationalism(model, batch, feature_matrix(model, batch), hyperbole, vader_valence())
    for headline, p, result in zip(batch, hyperbole, together, strict=True):
        alone = score_sensationalism(
            model, [headline], feature_matrix(model, [headline]), [p], vader_valence()
        )
        assert repr(result) == repr(alone[0])
    assert {r["hyperbole_probability"] is None for r in together} == {True, False}
