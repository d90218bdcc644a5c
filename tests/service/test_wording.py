"""An editor's words for a result: honest percentages and findings in plain English."""

from __future__ import annotations

from service import wording


def test_percent_rounds_half_up_and_never_says_0_or_100() -> None:
    assert wording.percent(0.08) == "8%"
    assert wording.percent(0.885) == "89%"  # half up, as on the page (Python's round() would say 88%)
    assert wording.percent(0.9988) == ">99%"
    assert wording.percent(1.0) == ">99%"
    assert wording.percent(0.994) == "99%"
    assert wording.percent(0.004) == "<1%"
    assert wording.percent(0.0) == "<1%"
    assert wording.percent(0.005) == "1%"
    assert wording.percent(None) == "–"
    assert wording.likely_clickbait(0.08) == "8% likely clickbait"


def test_every_percentage_from_0_to_1_is_between_1_and_99() -> None:
    for i in range(10_001):
        text = wording.percent(i / 10_000)
        assert text in ("<1%", ">99%") or 1 <= int(text.rstrip("%")) <= 99


def test_consistency_finding_in_words_with_its_confidence() -> None:
    probabilities = {"agree": 0.05, "discuss": 0.88, "disagree": 0.03, "unrelated": 0.04}
    assert wording.consistency_finding("discuss", probabilities) == (
        "The body discusses the claim without confirming it (88% confidence)."
    )
    unsure = wording.consistency_finding("agree", {"agree": 0.41, "discuss": 0.39})
    assert unsure.startswith("Unclear: most likely the body confirms")
    assert wording.consistency_finding("agree", {"agree": 0.9999}).endswith("(>99% confidence).")
    assert "could not be judged" in wording.consistency_finding("banana", {})


def test_answer_position_in_words() -> None:
    assert wording.answer_position(0.0) == "right at the start of the body"
    assert wording.answer_position(0.42) == "42% of the way into the body"
    assert wording.answer_position(0.97) == "at the very end of the body"


def test_trigger_categories_and_suggestion_kinds_read_as_words() -> None:
    assert wording.category_name("clickbait_phrase") == "Clickbait phrase"
    assert wording.category_name("brand_new_kind") == "Brand new kind"
    assert wording.suggestion_name("clickbait:word") == "A word that makes it read as clickbait"
    assert wording.suggestion_name("trigger:causal_claim") == "Sensational wording: causal claim"
    assert wording.suggestion_name("style:brand_new_rule") == "House style: brand new rule"
    assert wording.suggestion_name("novel:thing_here") == "Novel: thing here"


def test_every_suggestion_the_core_makes_has_words(tiny_model) -> None:
    from service.analysis import AnalysisOptions, analyze

    headlines = [
        "You Won't Believe What This Amazing Dog Did Next!!",
        "Bank raises rates.",
        "Wow",
        "Council Approves Budget For New Tram Line After Months Of Debate Over Routes And The Depot "
        "And Everything Else That Residents Argued About For Years",
        "Scientists prove coffee causes  cancer, 5 shocking facts",
        "URGENT: ACT NOW BEFORE IT IS TOO LATE",
    ]
    for case_style in ("sentence", "title"):
        for headline in headlines:
            result = analyze(
                tiny_model, headline, None, AnalysisOptions.from_dict({"case_style": case_style})
            )
            for suggestion in result["quality"]["suggestions"]:
                name = wording.suggestion_name(suggestion["id"])
                assert ":" not in name.split(": ")[0] and "_" not in name, (suggestion["id"], name)
