"""Headline–body consistency: the pair features, the model contract and the FNC-1 helpers."""

from __future__ import annotations

import json
import pickle

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from service.model.consistency import STANCES, ConsistencyModel
from service.model.pair_features import PAIR_FEATURE_NAMES, PairFeatures
from service.model.pair_text import check_pairs, content_tokens
from service.model.spoiler import rank_sentences
from training.consistency_fit import fnc_score, load_fnc1

FLOOD = (
    "Floods forced hundreds of families in Gaza to leave their homes on Sunday. "
    "Officials said the water rose quickly after heavy rain.\n\n"
    "Aid groups opened shelters in schools."
)
BEAR = (
    "A bear wandered into a supermarket in Alaska on Tuesday and ate 20 jars of honey. "
    "Staff closed the store until wildlife officers arrived."
)
HOAX = (
    "Reports that a bear ate 20 jars of honey in an Alaska supermarket are a hoax. "
    "The store denied the story and said no bear was seen. Police called it fake."
)
TAX = "The city council approved a new budget on Monday. Property taxes will rise by two percent next year."

PAIRS = [
    ("Floods force Gaza families from their homes", FLOOD, "agree"),
    ("Hundreds of families flee Gaza floods", FLOOD, "agree"),
    ("Bear eats 20 jars of honey in Alaska supermarket", BEAR, "agree"),
    ("Bear spotted in Alaska supermarket eating honey", BEAR, "agree"),
    ("Bear eats honey in Alaska supermarket", HOAX, "disagree"),
    ("Alaska supermarket bear ate 20 jars of honey", HOAX, "disagree"),
    ("Council raises property taxes", TAX, "discuss"),
    ("Property taxes may rise, council says", TAX, "discuss"),
    ("Floods force Gaza families from their homes", TAX, "unrelated"),
    ("Bear eats 20 jars of honey in Alaska supermarket", FLOOD, "unrelated"),
    ("Council raises property taxes", BEAR, "unrelated"),
    ("Hundreds of families flee Gaza floods", HOAX, "unrelated"),
    ("Property taxes may rise, council says", FLOOD, "unrelated"),
    ("Bear spotted in Alaska supermarket eating honey", TAX, "unrelated"),
]


@pytest.fixture(scope="module")
def model() -> ConsistencyModel:
    pairs = [(h, b) for h, b, _ in PAIRS]
    return ConsistencyModel(max_iter=30, min_samples_leaf=1).fit(pairs, [s for *_, s in PAIRS])


def test_content_tokens_drop_stop_words_and_stem_plurals():
    assert content_tokens("The bears ate the Honey jars") == ["bear", "ate", "honey", "jar"]


@pytest.mark.parametrize("bad", ["headline", b"bytes", [("only one",)], [("a", 3)]])
def test_check_pairs_refuses_what_is_not_a_list_of_string_pairs(bad):
    with pytest.raises(ValueError, match=r"pair|str"):
        check_pairs(bad)


def test_pair_features_separate_related_from_unrelated():
    features = PairFeatures().fit([(h, b) for h, b, _ in PAIRS])
    x = features.transform([(PAIRS[2][0], BEAR), (PAIRS[2][0], TAX)])
    names = list(PAIR_FEATURE_NAMES)
    assert x.shape == (2, len(names))
    for column in ("cos_body", "cos_best_sentence", "token_share_body", "number_share_body"):
        assert x[0, names.index(column)] > x[1, names.index(column)]
    assert x[1, names.index("cos_body")] == pytest.approx(0.0)
    assert len(features.get_feature_names_out()) == x.shape[1]


def test_pair_features_count_refuting_words_near_the_claim():
    features = PairFeatures().fit([(h, b) for h, b, _ in PAIRS])
    names = list(PAIR_FEATURE_NAMES)
    x = features.transform([(PAIRS[2][0], BEAR), (PAIRS[2][0], HOAX)])
    assert x[1, names.index("refuting_top3")] > x[0, names.index("refuting_top3")]


def test_pair_features_handle_empty_body_and_headline():
    features = PairFeatures().fit([(h, b) for h, b, _ in PAIRS])
    x = features.transform([("", ""), ("Bear", "")])
    assert np.isfinite(x).all()


def test_model_contract(model):
    assert set(model.classes_) == set(STANCES)
    assert clone(model).get_params() == model.get_params()
    fresh = ConsistencyModel(max_iter=5, min_samples_leaf=1)
    assert fresh.fit([(h, b) for h, b, _ in PAIRS], [s for *_, s in PAIRS]) is fresh
    with pytest.raises(NotFittedError):
        ConsistencyModel().predict_proba([("a", "b")])
    with pytest.raises(ValueError, match="single string"):
        model.predict_proba("Bear eats honey")
    proba = model.predict_proba([(h, b) for h, b, _ in PAIRS])
    assert proba.shape == (len(PAIRS), 4)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert model.predict_proba([]).shape == (0, 4)


def test_model_learns_the_hand_written_pairs(model):
    predicted = model.predict([(h, b) for h, b, _ in PAIRS])
    assert np.mean(predicted == np.array([s for *_, s in PAIRS])) >= 0.8


def test_model_rejects_unknown_stances():
    with pytest.raises(ValueError, match="unknown stance"):
        ConsistencyModel().fit([("a b", "a b")], ["maybe"])


def test_model_survives_a_joblib_round_trip_and_stays_small(model, tmp_path):
    path = tmp_path / "consistency.joblib"
    joblib.dump(model, path)
    again = joblib.load(path)
    pairs = [(h, b) for h, b, _ in PAIRS]
    np.testing.assert_array_equal(again.predict_proba(pairs), model.predict_proba(pairs))
    assert len(pickle.dumps(model)) < 2_000_000


def test_explain_points_at_supporting_and_contradicting_sentences(model):
    consistent = model.explain("Bear eats 20 jars of honey in Alaska supermarket", BEAR)
    assert consistent["label"] in STANCES
    assert consistent["supporting"][0]["start"] == 0
    assert BEAR[consistent["supporting"][0]["start"] : consistent["supporting"][0]["end"]].startswith(
        "A bear"
    )
    assert 0.0 <= consistent["score"] <= 1.0
    disputed = model.explain("Bear eats 20 jars of honey in Alaska supermarket", HOAX)
    assert disputed["label"] != "unrelated"
    assert any("hoax" in s["text"] for s in disputed["contradicting"])
    unrelated = model.explain("Bear eats 20 jars of honey in Alaska supermarket", TAX)
    assert unrelated["label"] == "unrelated"
    assert unrelated["supporting"] == [] and unrelated["contradicting"] == []


def test_fnc_score_weights_relatedness_and_stance():
    gold = ["unrelated", "agree", "discuss", "disagree"]
    assert fnc_score(gold, gold) == (3.25, 3.25)
    assert fnc_score(gold, ["unrelated", "discuss", "discuss", "unrelated"]) == (0.25 + 0.25 + 1.0, 3.25)


def test_load_fnc1_joins_bodies_by_split_and_id(tmp_path):
    root = tmp_path / "articles" / "fnc1"
    root.mkdir(parents=True)
    bodies = [
        {"body_id": 1, "split": "train", "body": "train body"},
        {"body_id": 1, "split": "test", "body": "test body"},
    ]
    pairs = [
        {"id": "a", "headline": "h1", "label": 0, "split": "train", "stance": "agree", "body_id": 1},
        {"id": "b", "headline": "h2", "label": 1, "split": "test", "stance": "unrelated", "body_id": 1},
    ]
    (root / "bodies.jsonl").write_text("\n".join(json.dumps(b) for b in bodies) + "\n")
    (root / "pairs.jsonl").write_text("\n".join(json.dumps(p) for p in pairs) + "\n")
    assert load_fnc1(tmp_path, "test") == ([("h2", "test body")], ["unrelated"])
    assert load_fnc1(tmp_path, "train") == ([("h1", "train body")], ["agree"])


def test_spoiler_ranking_finds_the_answer_in_the_last_paragraph():
    body = (
        "Fans of the show were surprised this week.\n\n"
        "Many had waited two years for the new season.\n\n"
        "The sequel was delayed because the studio lost the final episode's footage in a fire."
    )
    ranked = rank_sentences("You won't believe why the sequel was delayed", body)
    assert ranked[0].text.startswith("The sequel was delayed because")
    assert body[ranked[0].start : ranked[0].end] == ranked[0].text


def test_spoiler_ranking_prefers_numbers_when_the_headline_asks_how_many():
    body = "Scientists counted the birds in the park. They found 412 birds in the park."
    ranked = rank_sentences("How many birds live in the park?", body)
    assert "412" in ranked[0].text


def test_spoiler_ranking_of_an_empty_body_is_empty():
    assert rank_sentences("Anything", "") == []


def test_flattened_trees_predict_what_the_booster_predicts():
    pairs = [(h, b) for h, b, _ in PAIRS]
    model = ConsistencyModel(max_iter=15, min_samples_leaf=1, keep_booster=True).fit(
        pairs, [s for *_, s in PAIRS]
    )
    x = model.features_.transform(pairs)
    np.testing.assert_allclose(model.predict_proba(pairs), model.clf_.predict_proba(x), atol=1e-12)
    assert ConsistencyModel(max_iter=5, min_samples_leaf=1).fit(pairs, [s for *_, s in PAIRS]).clf_ is None


def test_a_two_stance_model_gives_both_probabilities():
    """Two classes make the booster binary (one raw score, not one per class): the flat trees gave one
    column, ``predict`` always named the first class and ``explain`` failed on its strict zip."""
    pairs = [(h, b) for h, b, _ in PAIRS]
    stances = ["unrelated" if s == "unrelated" else "agree" for *_, s in PAIRS]
    model = ConsistencyModel(max_iter=15, min_samples_leaf=1, keep_booster=True).fit(pairs, stances)
    x = model.features_.transform(pairs)
    np.testing.assert_allclose(model.predict_proba(pairs), model.clf_.predict_proba(x), atol=1e-12)
    assert list(model.predict(pairs)) == list(model.clf_.predict(x))
    explained = model.explain(*pairs[0])
    assert set(explained["probabilities"]) == {"agree", "unrelated"}
