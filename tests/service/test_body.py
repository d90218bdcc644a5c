"""Body analysis: readability, consistency, spoiler position and the article-level score."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.analysis import analyze, analyze_batch
from service.analysis.body import MAX_ANALYZED_CHARS, analyze_body
from service.analysis.validation import validate_body
from service.exceptions import InvalidInput
from service.model.consistency import ConsistencyModel

CONSISTENT = (
    "Bear eats 20 jars of honey in Alaska supermarket",
    "A bear wandered into a supermarket in Alaska on Tuesday and ate 20 jars of honey. "
    "Staff closed the store until wildlife officers arrived. Nobody was hurt.",
)
UNRELATED = (
    "Bear eats 20 jars of honey in Alaska supermarket",
    "The city council approved a new budget on Monday. Property taxes will rise by two percent next year.",
)
CONTRADICTING = (
    "Bear eats 20 jars of honey in Alaska supermarket",
    "Reports that a bear ate 20 jars of honey in an Alaska supermarket are a hoax. "
    "The store denied the story and said no bear was seen. Police called it fake.",
)
TEASER_HEADLINE = "You won't believe why the sequel was delayed"
TEASER_BODY = (
    "Fans of the show were surprised this week when the studio posted a short note online.\n\n"
    "Many of them had waited two years for the new season and had planned viewing parties.\n\n"
    "Critics argued about what the note could mean for the rest of the series.\n\n"
    "The sequel was delayed because the studio lost the final episode's footage in a fire."
)
ANSWER_FIRST = (
    "The sequel was delayed because the studio lost the final episode's footage in a fire.\n\n"
    "Fans of the show were surprised this week when the studio posted a short note online.\n\n"
    "Many of them had waited two years for the new season and had planned viewing parties."
)


@pytest.fixture(scope="module")
def model() -> ConsistencyModel:
    pairs = [CONSISTENT, UNRELATED, CONTRADICTING, (UNRELATED[0][:20], CONSISTENT[1])]
    pairs += [("Council approves budget and tax rise", UNRELATED[1]), ("Council raises taxes", CONSISTENT[1])]
    stances = ["agree", "unrelated", "disagree", "agree", "agree", "unrelated"]
    return ConsistencyModel(max_iter=20, min_samples_leaf=1).fit(pairs, stances)


def _analyze(headline, body, model=None, p=0.5):
    result = analyze_body(headline, body, consistency_model=model, headline_probability=p)
    json.dumps(result)  # the result must always be JSON-serialisable
    return result


def _assert_spans(body, items):
    for item in items:
        assert body[item["start"] : item["end"]] == item["text"]


def test_consistent_body(model):
    result = _analyze(*CONSISTENT, model=model)
    assert result["status"] == "ok"
    consistency = result["consistency"]
    assert consistency["computed"] is True
    assert consistency["label"] in ("agree", "discuss", "disagree", "unrelated")
    assert set(consistency["probabilities"]) == {"agree", "disagree", "unrelated"}
    assert consistency["supporting"]
    _assert_spans(CONSISTENT[1], consistency["supporting"])
    assert result["features"]["headline_vocabulary_share"] > 0.8


def test_unrelated_body(model):
    result = _analyze(*UNRELATED, model=model)
    assert result["consistency"]["label"] == "unrelated"
    assert result["consistency"]["supporting"] == []
    assert result["features"]["headline_vocabulary_share"] == 0.0
    assert result["article_clickbait"]["components"]["headline_vocabulary_unused"] > 0


def test_contradicting_body_names_the_refuting_sentence(model):
    result = _analyze(*CONTRADICTING, model=model)
    contradicting = result["consistency"]["contradicting"]
    assert any("hoax" in c["text"] for c in contradicting)
    _assert_spans(CONTRADICTING[1], contradicting)


def test_teaser_answered_in_the_last_paragraph_is_buried(model):
    buried = _analyze(TEASER_HEADLINE, TEASER_BODY, model=model, p=0.8)
    spoiler = buried["spoiler"]
    assert spoiler["text"].startswith("The sequel was delayed because")
    assert TEASER_BODY[spoiler["start"] : spoiler["end"]] == spoiler["text"]
    assert spoiler["position"] > 0.7
    upfront = _analyze(TEASER_HEADLINE, ANSWER_FIRST, model=model, p=0.8)
    assert upfront["spoiler"]["position"] == 0.0
    assert buried["article_clickbait"]["probability"] > upfront["article_clickbait"]["probability"]
    assert "body" in buried["article_clickbait"]["explanation"]


def test_readability_of_the_body():
    result = _analyze(TEASER_HEADLINE, TEASER_BODY)
    readability = result["readability"]
    assert readability["words"] == len(TEASER_BODY.split())
    assert readability["sentences"] == 4
    assert readability["reading_time_minutes"] > 0
    assert readability["sentence_length"]["max"] >= readability["sentence_length"]["mean"]
    assert "flesch_reading_ease" in readability
    hardest = readability["hardest_sentences"]
    assert 1 <= len(hardest) <= 3
    assert hardest == sorted(hardest, key=lambda h: -h["grade"])
    _assert_spans(TEASER_BODY, hardest)


def test_without_a_model_consistency_says_why():
    result = _analyze(*CONSISTENT, model=None)
    assert result["consistency"] == {"computed": False, "reason": "no consistency model is loaded"}
    assert "inconsistency" not in result["article_clickbait"]["components"]
    assert result["spoiler"]["found"] is True


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("", "empty"),
        ("   \n\n ", "empty"),
        ("\x00\x01\x02\x03" * 100, "not_text"),
        ("%$#@ 0101 7777 ;;; ||| 42", "not_text"),
    ],
)
def test_unusable_bodies_give_a_clear_result(model, body, status):
    result = _analyze(CONSISTENT[0], body, model=model, p=0.7)
    assert result["status"] == status
    assert result["reason"]
    assert result["consistency"]["computed"] is False
    assert result["spoiler"]["found"] is False
    assert result["article_clickbait"]["probability"] == 0.7


NOT_TEXT = [CONSISTENT[1].encode(), b"\xff\xfe\x00\x81", bytearray(b"text"), 12345, {"body": "text"}, ["a"]]


@pytest.mark.parametrize("body", NOT_TEXT)
def test_the_one_validator_refuses_every_body_that_is_not_text(body):
    """What the body analysis once coerced itself (bytes decoded, other types "not_text") is the validator's."""
    with pytest.raises(InvalidInput, match=r"'body' must be a string, not \w+\."):
        validate_body(body)
    with pytest.raises(InvalidInput, match=r"'body' must be a string"):
        analyze(None, CONSISTENT[0], body)  # refused before any model is touched
    [item] = analyze_batch(None, [{"headline": CONSISTENT[0], "body": body}])
    assert item["error"]["field"] == "items[0].body"
    assert item["error"]["detail"].startswith("'items[0].body' must be a string")


@pytest.mark.parametrize("body", NOT_TEXT)
def test_the_body_analysis_has_no_input_rules_of_its_own(body):
    """It reads validated text only: bytes are not decoded here, nor other types answered as "not_text"."""
    with pytest.raises(TypeError):
        analyze_body(CONSISTENT[0], body, consistency_model=None, headline_probability=0.5)


def test_a_one_megabyte_body_is_cut_and_says_so(model):
    body = ("The bear ate the honey in the Alaska supermarket. " * 25_000)[:1_000_000]
    result = _analyze(CONSISTENT[0], body, model=model)
    assert result["status"] == "ok"
    assert result["truncated"] is True
    assert result["analyzed_characters"] == MAX_ANALYZED_CHARS
    assert str(MAX_ANALYZED_CHARS) in result["reason"]


def test_a_broken_model_does_not_break_the_analysis():
    class Broken:
        def explain(self, headline, body):
            raise RuntimeError("boom")

    result = _analyze(*CONSISTENT, model=Broken())
    assert result["consistency"] == {"computed": False, "reason": "consistency model failed: RuntimeError"}
    assert result["status"] == "ok"


@pytest.mark.parametrize("p", [float("nan"), -1, 2, "x", None])
def test_a_bad_headline_probability_falls_back_to_even(p):
    result = _analyze(*CONSISTENT, p=p)
    assert 0.0 <= result["article_clickbait"]["probability"] <= 1.0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headline=st.text(max_size=80), body=st.text(max_size=600))
def test_any_text_gives_a_result(model, headline, body):
    result = _analyze(headline, body, model=model)
    assert result["status"] in ("ok", "empty", "not_text")
    assert 0.0 <= result["article_clickbait"]["probability"] <= 1.0
    if result["spoiler"]["found"]:
        assert 0.0 <= result["spoiler"]["position"] <= 1.0


PASTED_ARTICLE = (
    "Table of Contents\n"
    "1. Institutional Reorganisation of Municipal Transportation Infrastructure\n"
    "2. Intergovernmental Consultation Requirements and Procedures\n\n"
    "Institutional Reorganisation of Municipal Transportation Infrastructure\n\n"
    "A bear wandered into a supermarket in Alaska on Tuesday and ate 20 jars of honey.\n"
    "The committee's deliberations, notwithstanding considerable procedural disagreements, ultimately "
    "concluded that the institutional reorganisation necessitated comprehensive consultation.\n"
    "- Further reading: Alaska supermarket bear honey investigation (https://example.com/alaska-bear-honey)\n"
    "- Related: Comprehensive Intergovernmental Wildlife Administration Responsibilities\n"
    "Bear eats 20 jars of honey in Alaska supermarket\n"
    "Staff closed the store until wildlife officers arrived. Nobody was hurt."
)


def test_hardest_sentences_are_prose_not_headings_contents_or_link_bullets(model):
    hardest = _analyze(CONSISTENT[0], PASTED_ARTICLE, model=model)["readability"]["hardest_sentences"]
    assert hardest, "the long prose sentence must still be picked"
    assert hardest[0]["text"].startswith("The committee's deliberations")
    for item in hardest:
        assert item["text"].endswith("."), item["text"]
        assert "http" not in item["text"] and "Reorganisation of" not in item["text"]


def test_evidence_sentences_are_prose_above_the_stated_similarity(model):
    consistency = _analyze(CONSISTENT[0], PASTED_ARTICLE, model=model)["consistency"]
    floor = consistency["evidence_min_similarity"]
    assert 0 < floor < 1
    listed = consistency["supporting"] + consistency["contradicting"]
    assert all(item["score"] >= floor for item in listed)
    texts = [item["text"] for item in listed]
    assert CONSISTENT[0] not in texts  # the headline repeated as a heading is not evidence
    assert not any("http" in t for t in texts)
    weak = _analyze(CONSISTENT[0], CONSISTENT[1] + " A bear is an animal.", model=model)["consistency"]
    assert all(item["score"] >= floor for item in weak["supporting"] + weak["contradicting"])
