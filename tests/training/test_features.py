"""The cue transformer: each cue on named samples, and the scikit-learn contract."""

from __future__ import annotations

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from service.model.features import CUE_NAMES, HeadlineCues, superlative_spans

LEXICONS = {
    "hyperbolic": ["amazing", "shocking"],
    "clickbait_phrases": ["you won't believe", "what happened next"],
}
VALENCE = {"amazing": 2.8, "shocking": -1.6, "killed": -3.5, "good": 1.9}


def cue(text: str, name: str) -> float:
    cues = HeadlineCues(lexicons=LEXICONS, valence=VALENCE).fit([text])
    return float(cues.transform([text])[0, CUE_NAMES.index(name)])


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("10 Things You Need", "starts_with_number", 1.0),
        ("Things You Need", "starts_with_number", 0.0),
        ("Budget rises 3 percent", "has_number", 1.0),
        ("This Is Why Cats Purr", "forward_reference_start", 1.0),
        ("Why cats purr", "forward_reference_start", 0.0),
        ("Things you need", "second_person", 1.0),
        ("Things we need", "second_person", 0.0),
        ("What we learned", "first_person", 1.0),
        ("Why cats purr", "starts_with_question_word", 1.0),
        ("The best pizza", "superlative", 1.0),
        ("The biggest pizza", "superlative", 1.0),
        ("The most beautiful pizza", "superlative", 1.0),
        ("An honest pizza", "superlative", 0.0),
        ("An amazing and shocking day", "hyperbolic_word", 2.0),
        ("You won't believe what happened next", "clickbait_phrase", 2.0),
        ("Is it over?", "question_mark", 1.0),
        ("Wow!!!!!", "exclamation_mark", 3.0),
        ('Minister says "no deal"', "quotes", 1.0),
        ("Brexit: what now", "colon", 1.0),
        ("THIS IS BIG news", "all_caps_share", 0.75),
        ("Bank Raises Rates", "capitalised_share", 1.0),
        ("The cat and the dog", "stop_word_share", 0.6),
        ("abc abcde", "mean_word_length", 4.0),
        ("You won't believe it's true", "contractions", 2.0),
        ("amazing good", "positive_sentiment", (2.8 + 1.9) / 2),
        ("three killed", "negative_sentiment", 3.5 / 2),
        ("amazing killed", "sentiment_intensity", (2.8 + 3.5) / 2),
    ],
)
def test_each_cue(text: str, name: str, expected: float) -> None:
    assert cue(text, name) == pytest.approx(expected)


def test_length_cues_grow_with_length() -> None:
    assert cue("one two three four", "n_words") > cue("one two", "n_words")
    assert cue("a much longer headline", "n_chars") > cue("short", "n_chars")


def test_empty_text_gives_zeros_not_errors() -> None:
    row = HeadlineCues().fit(["x"]).transform([""])[0]
    assert row.shape == (len(CUE_NAMES),)
    assert np.all(np.isfinite(row))


def test_rejects_a_bare_string() -> None:
    with pytest.raises(ValueError, match="single string"):
        HeadlineCues().fit("one headline")


def test_transform_before_fit_raises() -> None:
    with pytest.raises(NotFittedError):
        HeadlineCues().transform(["x"])


def test_clone_fit_returns_self_and_feature_names() -> None:
    cues = HeadlineCues(lexicons=LEXICONS)
    copy = clone(cues)
    assert copy.get_params() == cues.get_params()
    assert copy.fit(["a"]) is copy
    assert len(copy.get_feature_names_out()) == copy.transform(["a b"]).shape[1]


def test_joblib_round_trip_gives_identical_output(tmp_path) -> None:
    cues = HeadlineCues(lexicons=LEXICONS, valence=VALENCE).fit(["x"])
    path = tmp_path / "cues.joblib"
    joblib.dump(cues, path)
    texts = ["You won't believe this amazing thing!", "Bank raises rates"]
    np.testing.assert_array_equal(joblib.load(path).transform(texts), cues.transform(texts))


def test_superlative_spans_point_at_the_words() -> None:
    text = "The most beautiful and biggest island"
    assert [text[s:e] for s, e in superlative_spans(text)] == ["most beautiful", "biggest"]


def test_per_word_cache_follows_a_refit_and_is_not_pickled() -> None:
    import pickle

    cues = HeadlineCues(lexicons={"hyperbolic": ["amazing"]}).fit(["a"])
    column = list(CUE_NAMES).index("hyperbolic_word")
    assert cues.transform(["An amazing day"])[0, column] == 1.0
    assert cues.__dict__.get("_extractor") is not None
    assert "_extractor" not in pickle.loads(pickle.dumps(cues)).__dict__
    cues.set_params(lexicons={"hyperbolic": ["day"]}).fit(["a"])
    assert cues.transform(["An amazing day"])[0, column] == 1.0
    cues.set_params(lexicons={}).fit(["a"])
    assert cues.transform(["An amazing day"])[0, column] == 0.0


def test_superlative_prefilter_keeps_every_superlative() -> None:
    """Headlines without "st", "top" or "ultimate" are skipped; the ones with them still find every span."""
    texts = [
        "The ULTIMATE guide",
        "Top ten",
        "Most Beautiful",
        "the least",
        "No such words here",
        "BIGGEST win",
        "Fastest Honest test",
        "",
    ]
    assert [[t[s:e] for s, e in superlative_spans(t)] for t in texts] == [
        ["ULTIMATE"],
        ["Top"],
        ["Most Beautiful"],
        [],
        [],
        ["BIGGEST"],
        ["Fastest"],
        [],
    ]
