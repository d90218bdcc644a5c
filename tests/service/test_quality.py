"""Quality grounded in verdicts: caps below green, real specifics, non-headline input, actionable reasons."""

from __future__ import annotations

import pytest

from service.analysis import analyze
from service.analysis.input_kind import not_a_headline
from service.analysis.quality import GREEN, is_specific, quality_score
from service.analysis.suggestions import build_suggestions
from tests.service.test_surface_fast_paths import _reference_cut as cut_by_definition

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
    from service.analysis.channels import _not_cut, _px_cut, text_width_px

    for n in range(1, 120):
        text = ("Council approves new tram line " * 6)[:n].strip() or "x"
        limit = text_width_px(text)
        for delta in (-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 3.0):
            got = _px_cut(text, limit + delta)
            if got["truncated"]:
                assert limit + delta < limit + 0.05, (text, delta)
            else:
                assert got == _not_cut(text)


def _reference_cut(text: str, fits) -> dict:
    """The channel cut by definition: re-measure ``text[:end] + " …"`` after every word."""
    return cut_by_definition(text, fits(text), lambda end: fits(text[:end] + " …"))


def test_channel_cuts_equal_re_measuring_every_prefix() -> None:
    """The cuts from running widths and token ends equal measuring each candidate prefix again."""
    from service.analysis.options import AnalysisOptions
    from service.analysis.readability import channel_fit, text_width_px

    texts = [
        "Council approves new tram line after a late-night vote on the budget for the next decade of works",
        "W" * 40 + " wide words " + "M" * 30,
        "Ends with an ellipsis already …",
        "  spaced   out\twords\u00a0and non-breaking  ",
        "Ünïcödé headline with 🔥 emoji and 漢字 characters that run wide on the page, very wide indeed",
        "x",
    ]
    for base in texts:
        for n in range(1, len(base) + 1, 3):
            text = base[:n]
            for limits in ((600, 70, 110), (120, 12, 20), (30, 3, 5)):
                options = AnalysisOptions(
                    search_title_px=limits[0], social_title_chars=limits[1], schema_headline_chars=limits[2]
                )
                got = channel_fit(text, options)

                def px_fits(t: str, limit=limits[0]) -> bool:
                    return t.endswith(" …") and text_width_px(t[:-2]) + text_width_px(" …") <= limit

                expected_search = _reference_cut(text, lambda t, limit=limits[0]: text_width_px(t) <= limit)
                if text_width_px(text) > limits[0] - 1.0:  # near or over the limit: the exact rule
                    expected_search = _reference_cut(text, px_fits)
                assert {k: v for k, v in got["search"].items() if k not in ("limit", "unit", "measure")} == (
                    expected_search
                ), (text, limits)
                for channel, limit in (("social", limits[1]), ("schema_org", limits[2])):
                    expected = _reference_cut(text, lambda t, limit=limit: len(t) <= limit)
                    assert {
                        k: v for k, v in got[channel].items() if k not in ("limit", "unit", "measure")
                    } == (expected), (text, channel)


def test_clickbait_suggestions_name_only_the_first_two_pulling_words() -> None:
    """The two words that pull hardest are named; one a trigger already explains is not replaced
    by a third."""

    def word(text: str, start: int, contribution: float) -> dict:
        return {
            "kind": "word",
            "text": text,
            "start": start,
            "end": start + len(text),
            "contribution": contribution,
        }

    headline = "You won't believe what this shocking trick does"
    signals = [word("believe", 10, 1.5), word("trick", 38, 1.2), word("what", 18, 0.9), word("does", 44, 0.5)]
    clickbait = {"probability": 0.9, "label": "clickbait", "signals": signals}
    trigger = {"start": 10, "end": 17, "text": "believe", "category": "clickbait_phrase", "advice": "Say it."}
    named = [
        s
        for s in build_suggestions(headline, clickbait, [trigger], READABLE, [])
        if s["id"] == "clickbait:word"
    ]
    assert [s["span"] for s in named] == [[38, 43]]
    named = [
        s for s in build_suggestions(headline, clickbait, [], READABLE, []) if s["id"] == "clickbait:word"
    ]
    assert [s["span"] for s in named] == [[10, 17], [38, 43]]


def test_batch_penalties_are_the_per_headline_ones() -> None:
    """``model_penalties`` (one rounding per batch) gives ``quality_score``'s own components, bit for bit."""
    import numpy as np

    from service.analysis.quality import model_penalties

    rng = np.random.default_rng(3)
    # Random scores, 4-decimal values (as shown) whose penalty is a tie (40 x 0.0125 = 0.5), zeros.
    probabilities = [*rng.random(200).tolist(), *[k / 8e3 for k in range(0, 8001, 25)], 0.0, 1.0]
    scores = [*rng.random(200).tolist(), *[k / 5e3 for k in range(0, 5001, 10)], 0.0, 1.0][
        : len(probabilities)
    ]
    clickbaits = [
        {"probability": round(p, 4), "label": "not clickbait", "signals": []} for p in probabilities
    ]
    sensationalisms = [{"score": round(s, 4), "level": "low", "triggers": []} for s in scores]
    batch = model_penalties(clickbaits, sensationalisms)
    for cb, sens, penalty in zip(clickbaits, sensationalisms, batch, strict=True):
        alone = quality_score("Council approves tram extension", cb, sens, READABLE, [])["components"]
        given = quality_score("Council approves tram extension", cb, sens, READABLE, [], penalties=penalty)
        for key in ("clickbait", "sensationalism"):
            assert repr(given["components"][key]) == repr(alone[key])
    assert model_penalties(clickbaits[:3], sensationalisms[:3]) == batch[:3]  # the few-values route
