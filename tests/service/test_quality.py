"""Quality grounded in verdicts: caps below green, real specifics, non-headline input, actionable reasons."""

from __future__ import annotations

import pytest

from service.analysis import analyze
from service.analysis.input_kind import not_a_headline
from service.analysis.quality import GREEN, is_specific, quality_score
from service.analysis.suggestions import build_suggestions

READABLE = {
    "channels": {k: {"truncated": False} for k in ("search", "schema_org", "social")},
    "words": 8,
    "uncommon_word_share": 0.1,
    "syllables_per_word": 1.4,
}
CALM = {"probability": 0.05, "label": "not clickbait", "signals": []}
NEUTRAL = {"score": 0.02, "level": "low", "triggers": []}
KNOWN = {"council", "approves", "tram", "extension", "earthquake", "kills", "in", "peru", "the", "of", "new"}


def test_plain_informative_headline_is_green() -> None:
    result = quality_score("Earthquake kills 12 in Peru", CALM, NEUTRAL, READABLE, [])
    assert result["band"] == "green" and result["caps"] == []


@pytest.mark.parametrize(
    ("clickbait", "sensational", "cap"),
    [
        (CALM, {"score": 0.3, "level": "high", "triggers": []}, "clearly sensational"),
        ({"probability": 0.3, "label": "clickbait", "signals": []}, NEUTRAL, "clickbait"),
    ],
)
def test_clearly_sensational_or_clickbait_is_never_green(
    clickbait: dict, sensational: dict, cap: str
) -> None:
    result = quality_score(
        "Insurer Launches New Venture in North America", clickbait, sensational, READABLE, []
    )
    assert result["score"] < GREEN and result["band"] != "green"
    assert any(cap in c for c in result["caps"])


@pytest.mark.parametrize(
    ("headline", "why"),
    [
        ("!!!!!!!!", "no letters"),
        ("🔥🔥🔥", "no letters"),
        ("<script>alert(1)</script>", "HTML markup"),
        ("Путин встретился с премьер-министром", "script"),
        ("El gobierno aprueba la reforma laboral tras meses de negociación", "another language"),
    ],
)
def test_input_that_is_not_a_headline_is_never_green_and_says_why(headline: str, why: str) -> None:
    notice = not_a_headline(headline, KNOWN)
    assert notice is not None and why in notice
    result = quality_score(headline, CALM, NEUTRAL, READABLE, [], notice=notice)
    assert result["band"] != "green" and why in result["notice"]
    assert result["components"]["specificity"] < 0


@pytest.mark.parametrize(
    "headline", ["Council approves tram extension", "Nvidia's Blackwell chips ship to the US"]
)
def test_english_headlines_are_headlines(headline: str) -> None:
    assert not_a_headline(headline, KNOWN) is None


@pytest.mark.parametrize(
    ("headline", "specific"),
    [
        ("Storm Dumps 30 cm of Snow on Denver", True),
        ("Tesla Shares Rise 4% After Earnings", True),
        ("Peru's President Visits Chile", True),
        ("NASA Delays Moon Launch", True),
        ("Scientists Discover New Species of Frog in Ecuador", True),
        ("Council Approves Tram Extension", False),
        ("17 Things You Will Love About Summer", False),
        ("Big News About The Best Thing Ever", False),
        ("SHOCKING News You Need To See", False),
    ],
)
def test_specificity_needs_a_real_specific_not_title_case(headline: str, specific: bool) -> None:
    assert is_specific(headline, {"shocking": -2.0, "love": 3.2, "best": 3.2}) is specific


def test_length_in_characters_never_leads_without_a_target() -> None:
    signal = {
        "feature": "cues__n_chars",
        "kind": "cue",
        "text": "length in characters",
        "value": 4.0,
        "contribution": 0.9,
        "start": None,
        "end": None,
    }
    clickbait = {"probability": 0.7, "label": "clickbait", "signals": [signal]}
    short = build_suggestions("Minister resigns after vote on tram plan", clickbait, [], READABLE, [])
    assert not any("length in characters" in s["message"] for s in short)
    long_headline = "Minister resigns " + "after a long and winding debate on the tram plan " * 3
    long = build_suggestions(long_headline, clickbait, [], dict(READABLE, words=30), [])
    lead = next(s for s in long if s["id"] == "clickbait:cue")
    assert "characters" in lead["message"] and "about 90" in lead["message"]


def test_analysis_of_junk_is_not_green(tiny_model) -> None:
    for junk in ("!!!!!!!!", "🔥🔥🔥", "<script>alert(1)</script>"):
        result = analyze(tiny_model, junk)
        assert result["quality"]["band"] != "green", junk
        assert result["quality"]["suggestions"][0]["id"] == "input:not_headline"


def test_pixel_cut_fast_path_matches_the_running_widths() -> None:
    """The "clearly fits" shortcut answers like the exact running-width cut, at and around the limit."""
    from service.analysis.readability import _cut, _px_cut, text_width_px

    for n in range(1, 120):
        text = ("Council approves new tram line " * 6)[:n].strip() or "x"
        limit = text_width_px(text)
        for delta in (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 3.0):
            got = _px_cut(text, limit + delta)
            if got["truncated"]:
                assert limit + delta < limit + 0.05, (text, delta)
            else:
                assert got == _cut(text, lambda t: True)
