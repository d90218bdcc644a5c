"""Sensationalism: hand-written examples per trigger category, the model head, and property tests."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.analysis.sensationalism import CATEGORIES, analyze_sensationalism
from service.model.phrases import PhraseList
from service.model.trigger_words import CLICKBAIT_PHRASES

LEXICONS = {
    "hyperbolic": ["astonishing", "breathtaking", "epic"],
    "clickbait_phrases": ["you won ' t believe", "of the", "one weird trick", "<quote> looks like now"],
}
VALENCE = {
    "horrific": -3.3,
    "love": 3.2,
    "agreement": 2.2,
    "cancer": -3.4,
    "best": 3.2,
    "safety": 1.9,
    "disgrace": -2.2,
}

CARIBBEAN = "Uncover the Caribbean's Best-Kept Secret: The Island Everyone is Talking About for Its Safety!"
PERU = "Peru's Strategic Shift: Aligning with the U.S. to Counter China's Influence"


def run(headline: str, p: float | None = None) -> dict:
    return analyze_sensationalism(headline, hyperbole_probability=p, lexicons=LEXICONS, valence=VALENCE)


def spans(result: dict) -> set[tuple[str, str]]:
    return {(t["text"], t["category"]) for t in result["triggers"]}


@pytest.mark.parametrize(
    ("headline", "text", "category"),
    [
        ("An astonishing comeback for the local team", "astonishing", "hyperbole"),
        ("The biggest storm in a decade hits the coast", "biggest", "superlative"),
        ("The most dangerous road in Europe", "most dangerous", "superlative"),
        ("Council approves extremely expensive bridge", "extremely", "intensifier"),
        ("Horrific scenes at the harbour", "Horrific", "emotional"),
        ("BREAKING: minister resigns", "BREAKING", "urgency"),
        ("Act now before prices rise again", "Act now", "urgency"),
        ("Everyone wants this new phone", "Everyone", "absolute"),
        ("Taxes will never go down", "never", "absolute"),
        ("Minister resigns!!!", "!!!", "shouting"),
        ("Minister resigns in DISGRACE", "DISGRACE", "shouting"),
        ("Coffee cures cancer, study says", "cures", "causal_claim"),
        ("Senators slam budget plan", "slam", "dramatic"),
        ("Heartbreaking Tragedy Exposes Failures", "Heartbreaking", "dramatic"),
        ("Screen time leads to poor grades", "leads to", "causal_claim"),
        ("You Won't Believe What This Dog Did", "You Won't Believe", "clickbait_phrase"),
        ("One weird trick to cut your bills", "One weird trick", "clickbait_phrase"),
        ("17 Things Only 90s Kids Will Remember", "Only 90s Kids Will Remember", "clickbait_phrase"),
        (
            "Only True Football Fans Will Understand These Jokes",
            "Only True Football Fans Will Understand",
            "clickbait_phrase",
        ),
        ("She Opened The Door And What Happened Next", "What Happened Next", "clickbait_phrase"),
        ("These Photos Will Blow Your Mind", "Will Blow Your Mind", "clickbait_phrase"),
        (
            "You'll Never Look At Bananas The Same Again",
            "Never Look At Bananas The Same Again",
            "clickbait_phrase",
        ),
    ],
)
def test_trigger_categories(headline: str, text: str, category: str) -> None:
    assert (text, category) in spans(run(headline))


def test_phrase_prefilter_finds_what_the_ungated_pattern_finds() -> None:
    """The anchor-word gate only skips headlines where no phrase can match."""
    phrases = PhraseList(CLICKBAIT_PHRASES)
    texts = samples_for_gate()
    for text in texts:
        words = {w.lower() for w in text.replace("-", " ").split()}
        gated = phrases.spans(text, {w.strip(".,!?:'’") for w in words})
        ungated = [(m.start(), m.end()) for m in phrases.pattern.finditer(text)]
        assert gated == ungated, text


def samples_for_gate() -> list[str]:
    from tests import samples

    return samples.CLICKBAIT + samples.NEWS + [CARIBBEAN, PERU, "Only 90s kids will remember this", ""]


def test_caribbean_headline_is_sensational() -> None:
    result = run(CARIBBEAN)
    assert result["level"] == "high"
    found = spans(result)
    assert ("Best-Kept Secret", "clickbait_phrase") in found
    assert ("Everyone is Talking About", "clickbait_phrase") in found
    assert ("!", "shouting") in found


def test_peru_headline_is_not_sensational() -> None:
    result = run(PERU, p=0.2)
    assert result["level"] == "low"
    assert result["triggers"] == []
    assert result["score"] < run(CARIBBEAN, p=0.2)["score"]


def test_hedged_causal_claim_is_not_flagged() -> None:
    assert not any(
        t["category"] == "causal_claim" for t in run("Coffee may be linked to lower risk")["triggers"]
    )


@pytest.mark.parametrize(
    "headline",
    [
        "Central bank raises interest rates by a quarter point",
        "Court reverses ruling on bus lanes",
        "Sri Lanka lowers death toll from bombings to 253",
        "Skier makes it back-to-back titles",
        "Storm causes damage to coastal roads",
    ],
)
def test_an_everyday_news_verb_is_no_causal_claim(headline: str) -> None:
    assert not any(t["category"] == "causal_claim" for t in run(headline)["triggers"])


@pytest.mark.parametrize(
    ("headline", "verb"),
    [
        ("Coffee raises cancer risk", "raises"),
        ("Frailty increases transplant recipients' risk of dying", "increases"),
        ("New drug halves relapse in patients", "halves"),
        ("Scientists say chocolate boosts focus", "boosts"),
    ],
)
def test_a_claim_about_an_effect_or_from_research_is_a_causal_claim(headline: str, verb: str) -> None:
    assert (verb, "causal_claim") in spans(run(headline))


def test_a_neutral_report_of_deaths_is_no_causal_claim() -> None:
    assert run("Earthquake kills 12 in Peru")["triggers"] == []


def test_acronyms_are_not_shouting() -> None:
    assert not any(t["category"] == "shouting" for t in run("NASA and the FBI sign a deal")["triggers"])


def test_function_word_lexicon_phrases_are_ignored() -> None:
    assert spans(run("The end of the road")) == set()


def test_longer_span_wins_overlap() -> None:
    found = spans(run("You won't believe the best-kept secret"))
    assert ("best-kept secret", "clickbait_phrase") in found
    assert not any(text == "best" for text, _ in found)


def test_bad_hyperbole_probabilities_become_none() -> None:
    for bad in (math.nan, math.inf, "x"):
        assert run(PERU, p=bad)["hyperbole_probability"] is None  # type: ignore[arg-type]
    assert run(PERU, p=3.0)["hyperbole_probability"] == 1.0


def test_without_a_model_head_the_score_counts_kinds_of_device() -> None:
    """The rubric's rule of thumb: one kind of device is mild (1/3), two are clearly sensational."""
    assert run("Council approves tram extension")["score"] == 0.0
    assert run("Minister resigns!")["level"] == "medium"
    assert run("Minister resigns in horrific scenes!")["level"] == "high"
    assert run(PERU)["source"] == "triggers"


def test_more_evidence_never_lowers_the_score() -> None:
    assert run("Minister resigns!")["score"] > run("Minister resigns")["score"]
    assert run("Minister resigns")["score"] == run("Minister resigns")["score"]


def test_emotional_intensity_from_valence() -> None:
    assert run("Horrific scenes")["emotional_intensity"] > run("Council meets")["emotional_intensity"] == 0.0


def check_result(headline: str, result: dict) -> None:
    assert 0.0 <= result["score"] <= 1.0
    assert 0.0 <= result["emotional_intensity"] <= 1.0
    assert result["level"] in ("low", "medium", "high")
    last_end = 0
    for t in result["triggers"]:
        assert t["category"] in CATEGORIES
        assert headline[t["start"] : t["end"]] == t["text"]
        assert t["start"] >= last_end and t["end"] > t["start"]
        assert t["explanation"] and t["advice"]
        last_end = t["end"]


@settings(max_examples=200, deadline=None)
@given(st.text(), st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)))
def test_any_unicode_never_raises_and_is_deterministic(headline: str, p: float | None) -> None:
    result = run(headline, p)
    check_result(headline, result)
    assert run(headline, p) == result


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=200))
def test_control_characters(headline: str) -> None:
    check_result(headline, run(headline))


@pytest.mark.parametrize(
    "headline",
    [
        "",
        " ",
        "<b>SHOCKING</b> news &amp; <script>alert('x')</script>!!!",
        "<a href='x'>Best-Kept Secret</a>",
        "\x00\x1b[31mALERT\x07",
        "!" * 1000,
        "EVERYONE " * 50,
    ],
)
def test_edge_inputs(headline: str) -> None:
    check_result(headline, run(headline))


def test_100kb_input() -> None:
    headline = ("You won't believe the BEST deal ever! " * 2700)[:100_000]
    result = run(headline)
    check_result(headline, result)
    assert result["level"] == "high"


def test_missing_lexicons_and_valence() -> None:
    result = analyze_sensationalism(CARIBBEAN, hyperbole_probability=None, lexicons={}, valence={})
    check_result(CARIBBEAN, result)
    assert ("Best-Kept Secret", "clickbait_phrase") in spans(result)


def test_punctuated_phrase_is_gated_and_finds_what_the_ungated_pattern_finds() -> None:
    """A phrase whose word carries punctuation ("what?") is gated on its inner word, not run on every headline,
    and the gate never hides a match, whatever the case or the unicode look-alikes in the text."""
    phrases = PhraseList(("what?", "mind-blowing", "30th?"))
    assert not phrases.always
    from service.model.triggers import word_spans

    texts = [
        "So... what? Nobody cares",
        "WHAT? again",
        "What?!",
        "whatever? no",
        "somewhat? yes",
        "what ?",
        "Mind-Blowing what?",
        "Wʜat? not ascii",
        "30TH? Really",
        "Nothing here",
        "",
    ]
    for text in texts:
        gated = phrases.spans(text, {w for _, _, w in word_spans(text)})
        ungated = [(m.start(), m.end()) for m in phrases.pattern.finditer(text)]
        assert gated == ungated, text


class _CountingPattern:
    """Wraps a compiled pattern and counts ``finditer`` calls: did the gate run the regex?"""

    def __init__(self, pattern) -> None:
        self.pattern, self.calls = pattern, 0

    def finditer(self, text: str):
        self.calls += 1
        return self.pattern.finditer(text)


def test_anchor_without_a_complete_phrase_skips_the_regex() -> None:
    """ "The truth is out" holds the anchor "truth" but no whole phrase: the regex is not run on it."""
    from service.model.triggers import word_spans

    phrases = PhraseList(("the truth about", "you won't believe"))
    spy = _CountingPattern(phrases.pattern)
    phrases.pattern = spy
    text = "The truth is out there"
    assert phrases.spans(text, {w for _, _, w in word_spans(text)}) == []
    assert spy.calls == 0
    text = "The truth about cats"
    assert phrases.spans(text, {w for _, _, w in word_spans(text)}) == [(0, 15)]
    assert spy.calls == 1


def test_complete_phrase_gate_never_hides_a_match() -> None:
    """Gated and ungated matching agree on apostrophes, hyphens, wildcards, case and look-alike letters."""
    from service.model.triggers import word_spans

    phrases = PhraseList((*CLICKBAIT_PHRASES, "90s kids", "can't stop", "don't miss"))
    texts = [
        "You WON'T believe this",
        "you wont believe it",
        "You won’t Believe",
        "dont miss the truth-about cats",
        "Only true 90s fans will remember",
        "only the real ones will understand",
        "THE TRUTH ABOUT",
        "the truth is out there",
        "Never look at it the same again",
        "90s kids can't-stop",
        "you wıll never believe",
        "Doctors hate him",
        "doctors\thate",
        "",
    ]
    for text in texts:
        gated = phrases.spans(text, {w for _, _, w in word_spans(text)})
        ungated = [(m.start(), m.end()) for m in phrases.pattern.finditer(text)]
        assert gated == ungated, text


def test_cue_intensity_is_the_noisy_or_of_the_words_valences() -> None:
    """The cue vector computes the words' emotional intensity in its own pass: it must equal the function's."""
    from service.model.triggers import CUE_NAMES, cue_vector, emotional_intensity, word_spans

    valence = {"love": 3.2, "hate": -2.7, "odd": float("nan"), "huge": float("inf"), "meh": -0.4, "sad": -2.1}
    at = CUE_NAMES.index("emotional_intensity")
    for text in ("I love it", "hate, sad and odd", "huge meh love hate", "nothing here", ""):
        words = word_spans(text)
        assert cue_vector(text, [], words, valence, None)[at] == emotional_intensity(words, valence), text
