"""The analysis core on hand-written headlines: shape, ranges, suggestions and ranking."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.analysis import AnalysisOptions, analyze, analyze_batch, compare
from service.exceptions import InvalidInput

CARIBBEAN = "Uncover the Caribbean's Best-Kept Secret: The Island Everyone is Talking About for Its Safety!"
PERU = "Peru's Strategic Shift: Aligning with the U.S. to Counter China's Influence"


def check_ranges(result: dict) -> None:
    assert 0.0 <= result["clickbait"]["probability"] <= 1.0
    assert 0.0 <= result["clickbait"]["strength"] <= 1.0
    assert 0.0 <= result["sensationalism"]["score"] <= 1.0
    assert 0 <= result["quality"]["score"] <= 100
    assert result["quality"]["band"] in ("green", "amber", "red")
    for trigger in result["sensationalism"]["triggers"]:
        assert result["headline"][trigger["start"] : trigger["end"]] == trigger["text"]
    json.dumps(result)  # JSON-serialisable


def test_result_has_the_documented_top_level_keys(tiny_model) -> None:
    result = analyze(tiny_model, PERU)
    assert {"clickbait", "sensationalism", "readability", "quality", "headline", "model_version"} <= set(
        result
    )
    assert {"probability", "strength", "label", "signals"} <= set(result["clickbait"])
    assert {"score", "level", "triggers"} <= set(result["sensationalism"])
    assert {"score", "band", "suggestions"} <= set(result["quality"])
    assert "body" not in result
    check_ranges(result)


def test_caribbean_is_clickbait_and_sensational_peru_is_neither(tiny_model) -> None:
    bait = analyze(tiny_model, CARIBBEAN)
    news = analyze(tiny_model, PERU)
    assert bait["clickbait"]["label"] == "clickbait"
    assert news["clickbait"]["label"] == "not clickbait"
    assert bait["sensationalism"]["level"] in ("medium", "high")
    assert news["sensationalism"]["level"] == "low"
    texts = {t["text"] for t in bait["sensationalism"]["triggers"]}
    assert {"Best-Kept Secret", "Everyone is Talking About", "!"} <= texts
    assert bait["quality"]["score"] < news["quality"]["score"]


def test_signals_are_the_models_own_contributions(tiny_model) -> None:
    result = analyze(tiny_model, "You Won't Believe What This Dog Did Next")
    signals = result["clickbait"]["signals"]
    assert signals, "a clickbait headline must be explained"
    assert all(s["kind"] in ("word", "chars", "cue") for s in signals)
    contributions = [abs(s["contribution"]) for s in signals]
    assert contributions == sorted(contributions, reverse=True)
    for s in signals:
        if s["kind"] == "word":
            assert result["headline"][s["start"] : s["end"]] == s["text"]


def test_signals_add_up_to_the_log_odds(tiny_model) -> None:
    """Word and cue contributions are a decomposition of the model's score, not decoration."""
    from service.analysis.clickbait import score_clickbait

    headline = "You Won't Believe What This Dog Did Next"
    full = score_clickbait(tiny_model, [headline], top=10_000)[0]
    intercept = tiny_model.clickbait.named_steps["clf"].intercept_
    total = sum(s["contribution"] for s in full["signals"]) + intercept
    assert total == pytest.approx(full["log_odds"], abs=0.01)


def test_truncation_suggestion_names_the_cut_word(tiny_model) -> None:
    headline = (
        "Regional transport authority publishes detailed timetable changes for every suburban "
        "railway line from next month"
    )
    result = analyze(tiny_model, headline)
    search = result["readability"]["channels"]["search"]
    assert search["truncated"]
    suggestion = next(s for s in result["quality"]["suggestions"] if s["id"] == "channel:search")
    assert f'after "{search["last_word"]}"' in suggestion["message"]
    assert suggestion["span"][0] == search["cut_at"]


@pytest.mark.parametrize(
    ("headline", "options", "rule"),
    [
        ("Bank raises rates.", {}, "final_period"),
        ("Bank Raises Rates Again In The Spring", {}, "case_style"),
        ("Bank raises rates again in spring", {"case_style": "title"}, "case_style"),
        ("Bank raises rates three times", {}, "numerals"),
        ("Bank raises rates 3 times", {"numerals": "words"}, "numerals"),
        ("Bank raises rates!!", {}, "repeated_punctuation"),
        ("Bank raises rates AGAIN", {}, "shouting"),
    ],
)
def test_house_style_suggestions(tiny_model, headline: str, options: dict, rule: str) -> None:
    result = analyze(tiny_model, headline, options=AnalysisOptions.from_dict(options))
    ids = [s["id"] for s in result["quality"]["suggestions"]]
    assert f"style:{rule}" in ids


def test_clean_headline_has_no_style_suggestions(tiny_model) -> None:
    result = analyze(tiny_model, "Central bank raises interest rates by a quarter point")
    assert not [s for s in result["quality"]["suggestions"] if s["id"].startswith("style:")]


def test_trigger_suggestions_point_at_the_trigger(tiny_model) -> None:
    result = analyze(tiny_model, CARIBBEAN)
    spans = [s["span"] for s in result["quality"]["suggestions"] if s["id"].startswith("trigger:")]
    assert [24, 40] in spans  # "Best-Kept Secret"


def test_compare_ranks_best_first_with_reasons(tiny_model) -> None:
    ranked = compare(
        tiny_model,
        [
            CARIBBEAN,
            "Central bank raises interest rates by a quarter point",
            "You Won't Believe What The Bank Did Next",
        ],
    )
    order = [r["headline"] for r in ranked["ranking"]]
    assert order[0] == "Central bank raises interest rates by a quarter point"
    scores = [r["quality"] for r in ranked["ranking"]]
    assert scores == sorted(scores, reverse=True)
    assert all(r["reason"] for r in ranked["ranking"])


@pytest.mark.parametrize("headlines", [[], ["only one"], ["x"] * 11, "not a list"])
def test_compare_needs_2_to_10(tiny_model, headlines) -> None:
    with pytest.raises(InvalidInput):
        compare(tiny_model, headlines)


@pytest.mark.parametrize("bad", ["", "   ", None, 42, "x" * 1001, "\x00\x01"])
def test_invalid_headline_is_invalid_input(tiny_model, bad) -> None:
    with pytest.raises(InvalidInput):
        analyze(tiny_model, bad)


def test_batch_keeps_good_items_around_bad_ones(tiny_model) -> None:
    results = analyze_batch(
        tiny_model, [{"headline": PERU}, {"headline": ""}, "junk", {"headline": CARIBBEAN}]
    )
    assert results[0]["headline"] == PERU
    assert results[1]["error"]["field"] == "items[1].headline"
    assert results[2]["error"]["status"] == 422
    assert results[3]["headline"] == CARIBBEAN


def test_batch_equals_single(tiny_model) -> None:
    items = [{"headline": h} for h in (PERU, CARIBBEAN, "Bank raises rates")]
    assert analyze_batch(tiny_model, items) == [analyze(tiny_model, i["headline"]) for i in items]


@pytest.mark.parametrize(
    "bad",
    [{"case_style": "shouty"}, {"nope": 1}, {"search_title_px": -3}, "x", {"allow_final_period": "yes"}],
)
def test_bad_options(bad) -> None:
    with pytest.raises(InvalidInput):
        AnalysisOptions.from_dict(bad)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=300))
def test_any_unicode_never_raises_unexpectedly(tiny_model, text: str) -> None:
    try:
        first = analyze(tiny_model, text)
    except InvalidInput:
        return
    check_ranges(first)
    assert analyze(tiny_model, text) == first


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script> Big <b>news</b>",
        "tab\there\x0bvertical",
        "🔥🔥🔥 BREAKING 🔥🔥🔥",
        "a" * 1000,
        "ＷＯＷ！ 全角 headline",
        "<" * 500,
    ],
)
def test_odd_inputs_stay_in_range(tiny_model, text: str) -> None:
    check_ranges(analyze(tiny_model, text))


def test_100kb_input_is_rejected_cleanly(tiny_model) -> None:
    with pytest.raises(InvalidInput, match="limit is 1000"):
        analyze(tiny_model, "word " * 20_000)
