"""The serving route of the triggers (``scan_triggers``) gives the plain route's spans and cues exactly.

``scan_triggers`` takes shortcuts for ASCII text (string tokens, one fact lookup per word, byte counts
for shouting); ``triggers_and_cues`` is the plain definition. Every kind of headline must get the same
spans and the same cue vector, float for float, from both.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from service.model.phrases import PhraseList
from service.model.text_rules import (
    TOKEN,
    TRIGGER_WORD,
    superlative_spans,
    word_spans,
)
from service.model.trigger_scan import (
    cue_array,
    scan,
    scan_sums,
    scan_triggers,
    superlative_spans_of_ascii,
    token_offsets,
    word_span,
)
from service.model.trigger_words import (
    CAUSAL_VERBS,
    CLICKBAIT_PHRASES,
    DRAMATIC,
    INTENSIFIERS,
    URGENCY,
    URGENCY_PHRASES,
)
from service.model.triggers import CUE_NAMES, phrase_candidates, trigger_facts, triggers_and_cues
from tests import samples

LEXICONS = {
    "hyperbolic": ["astonishing", "epic", "mind-blowing", "90s", "jaw-dropping"],
    "clickbait_phrases": ["you won ' t believe", "of the", "one weird trick", "can ' t stop", "the best"],
}
# Odd values on purpose: the plain route skips what is not a finite number, and counts bools as numbers.
VALENCE = {
    "horrific": -3.3,
    "love": 3.2,
    "hate": -2.7,
    "agreement": 2.2,
    "cancer": -3.4,
    "best": 3.2,
    "safety": 1.9,
    "disgrace": -2.2,
    "odd": math.nan,
    "huge": math.inf,
    "meh": -0.4,
    "yes": True,
    "text": "2.0",
    "don't": -1.1,
    "won't": -2.6,
}
WORDS = sorted(
    {
        *list(DRAMATIC)[:15],
        *list(INTENSIFIERS)[:6],
        *list(URGENCY)[:6],
        *list(CAUSAL_VERBS)[:8],
        *VALENCE,
        *("you", "won't", "believe", "one", "weird", "trick", "the", "best-kept", "secret", "may", "linked"),
        *("most", "least", "greatest", "latest", "interest", "top", "ultimate", "NASA", "FBI", "coffee"),
        *("90s", "kids", "mind-blowing", "can't", "stop", "'love'", "'em", "o'clock", "rock'n'roll"),
    }
)
SEPARATORS = [" ", "  ", "-", " '", "' ", '"', ' "', "! ", "!!", "? ", ", ", ": ", "’", "é ", "\t"]
EDGE_CASES = [
    "",
    " ",
    "!",
    "A B C D E F G H I J K L M N",
    "LOVE HATE BESTyour",  # 16 letters, 12 capitals: 3 in 4, no whole-text shouting
    "LOVE HATE BEST ITSAyour",  # 20 letters, 16 capitals: exactly 0.8, still none
    "LOVE HATE BEST ITSAOyour",  # just over 0.8
    "LOVE IT, HATE IT",
    "'LOVE' HURTS",
    "DON'T LOVE'",
    "He said \"love\" and 'hate' but 'cancer' cures nothing",
    "Coffee cures cancer",
    "Coffee may cure cancer",
    "cures cancer",
    "The most beautiful, the least known and the biggest",
    "You won't believe what happened next!!!",
    "Only 90s Kids Will Remember These Mind-Blowing Toys",
    "''love'' ''hate''",
    "BREAKING: EVERYONE IS TALKING ABOUT IT",
    "Café owner slams the council’s ‘shocking’ plan",
    "İstanbul’s BEST kept secret",
    "Kelvin: the bestK unit",
]


def assert_same(text: str, lexicons: dict, valence: dict, p: float | None) -> None:
    spans, cues, _ = triggers_and_cues(text, lexicons, valence, p)
    assert scan_triggers(text, lexicons, valence, p) == (spans, cues), text


@pytest.mark.parametrize("text", EDGE_CASES + samples.CLICKBAIT + samples.NEWS)
def test_scan_equals_the_plain_route_on_examples(text: str) -> None:
    for case in (text, text.upper(), text.lower()):
        assert_same(case, LEXICONS, VALENCE, 0.42)
        assert_same(case, {}, {}, None)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.sampled_from("lut")), max_size=14
    ),
    st.one_of(st.none(), st.floats(0, 1)),
)
def test_scan_equals_the_plain_route_on_built_headlines(
    pieces: list[tuple[str, str, str]], p: float | None
) -> None:
    case = {"l": str, "u": str.upper, "t": str.title}
    text = "".join(case[how](w) + sep for w, sep, how in pieces)
    assert_same(text, LEXICONS, VALENCE, p)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=80))
def test_scan_equals_the_plain_route_on_any_text(any_text: str, ascii_text: str) -> None:
    assert_same(any_text, LEXICONS, VALENCE, None)
    assert_same(ascii_text, LEXICONS, VALENCE, 0.5)


def test_scan_equals_the_plain_route_with_the_shipped_lexicons() -> None:
    """The shipped model's lexicons and VADER's valences, on the guarded sample of headlines."""
    from service.model import load_model
    from service.model.lexicons import vader_valence
    from tests import guard

    model = load_model(None)
    valence = vader_valence()
    for text in guard.guard_headlines():
        for case in (text, text.upper()):
            assert_same(case, model.lexicons, valence, 0.3)


SUPERLATIVE_PIECES = [
    *("most", "least", "Most", "LEAST", "best", "Best's", "worst", "top", "ultimate", "greatest", "latest"),
    *("interest", "honest", "biggest", "tallest", "fastest9", "90best", "the", "a", "very", "popular"),
    *("smartest'", "'best", "o'best", "Kest", "est", "forest", "protest"),
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(SUPERLATIVE_PIECES), st.sampled_from([s for s in SEPARATORS if s.isascii()])
        ),
        max_size=10,
    )
)
def test_superlatives_of_the_lowered_text_equal_superlative_spans(pieces: list[tuple[str, str]]) -> None:
    text = "".join(w + sep for w, sep in pieces)
    assert superlative_spans_of_ascii(text.lower()) == superlative_spans(text), text


SHARED_PHRASES = PhraseList((*CLICKBAIT_PHRASES, *URGENCY_PHRASES, "can ' t stop", "the best", "best kept"))
# Whole phrases ("*" as one word) and their words alone: complete and incomplete phrases, side by side.
PHRASE_PIECES = sorted(
    {p.replace("*", "cats") for p in CLICKBAIT_PHRASES[:40]}
    | {w for p in CLICKBAIT_PHRASES[:40] for w in p.split() if w != "*"}
    | {"cats", "Best", "the best", "best kept"}
)

found_any: list[bool] = []  # per example: the whole list matched something


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PHRASE_PIECES), st.sampled_from(SEPARATORS)), max_size=10))
def check_remembered(pieces: list[tuple[str, str]]) -> None:
    text = "".join(w + sep for w, sep in pieces)
    whole = [(m.start(), m.end()) for m in SHARED_PHRASES.pattern.finditer(text)]
    found_any.append(bool(whole))
    for _ in range(2):
        assert SHARED_PHRASES.spans(text, {w for _, _, w in word_spans(text)}) == whole, text


def test_remembered_phrase_patterns_find_what_the_whole_list_finds() -> None:
    """One list for every example: the pattern remembered for a set of words serves later texts too."""
    check_remembered()
    assert sum(found_any) >= 50  # not vacuous: many texts hold complete phrases


# The lists' phrases, their words alone, and the words without their apostrophes ("cant" of "can't"):
# a phrase whose plain words are all there while its list's anchor is not must stay unmatched.
INDEX_PIECES = sorted(
    {*PHRASE_PIECES, *(w.replace("'", "") for w in PHRASE_PIECES), *URGENCY_PHRASES, "led", "to", "90s"}
    | {p.replace(" ' ", "").replace(" ", "") for p in LEXICONS["clickbait_phrases"]}
    | {"cant stop", "didnt you", "you wont believe", "may", "mind-blowing", "mindblowing"}
    | {"what?", "what", "?", "no.1", "no 1", "no.", "1", "wow!", "wow", "top-10", "top 10", "10"}
)
INDEX_LEXICONS = {**LEXICONS, "clickbait_phrases": [*LEXICONS["clickbait_phrases"], "didn ' t you"]}
# Hyperbolic words with ASCII punctuation or digits ("what?" needs its "?"), and no ungated word ("90s").
MARKED_LEXICONS = {
    "hyperbolic": ["epic", "mind-blowing", "what?", "no.1", "wow!", "top-10"],
    "clickbait_phrases": INDEX_LEXICONS["clickbait_phrases"],
}


def index_route(text: str, lexicons: dict) -> tuple[list, list]:
    found: list = []
    causal: list = []
    trigger_facts(lexicons, VALENCE).phrase_index.candidates(
        text, [w for _, _, w in word_spans(text)], found, causal
    )
    return found, causal


def lists_route(text: str, lexicons: dict) -> tuple[list, list]:
    found: list = []
    causal: list = []
    phrase_candidates(
        text, trigger_facts(lexicons, VALENCE), {w for _, _, w in word_spans(text)}, found, causal
    )
    return found, causal


@pytest.mark.parametrize(
    "text",
    [
        "Cant stop laughing at this",
        "Didnt you see it?",
        "You Wont Believe This",
        "Only 90s kids will remember",
    ],
)
def test_phrase_index_keeps_the_lists_anchor_gate(text: str) -> None:
    """Every plain word of "can't stop" is here ("stop"), its anchor "can't" is not: no span either way."""
    assert index_route(text, INDEX_LEXICONS) == lists_route(text, INDEX_LEXICONS)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(INDEX_PIECES),
            st.sampled_from([s for s in SEPARATORS if s.isascii()]),
            st.sampled_from("lut"),
        ),
        max_size=10,
    )
)
def test_phrase_index_finds_what_the_lists_find(pieces: list[tuple[str, str, str]]) -> None:
    """``PhraseIndex.candidates`` (the scan's route) gives ``phrase_candidates``' spans, in the same order."""
    case = {"l": str, "u": str.upper, "t": str.title}
    text = "".join(case[how](w) + sep for w, sep, how in pieces)
    for lexicons in (INDEX_LEXICONS, MARKED_LEXICONS, {}):
        assert index_route(text, lexicons) == lists_route(text, lexicons), text


@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=80))
def test_token_offsets_are_the_tokens_spans(text: str) -> None:
    lowered = text.lower()
    for pattern in (TRIGGER_WORD, TOKEN):
        tokens = pattern.findall(lowered)
        spans = [m.span() for m in pattern.finditer(lowered)]
        for last in range(len(tokens)):
            assert token_offsets(lowered, tokens, last) == spans[: last + 1], text
    words = TRIGGER_WORD.findall(lowered)
    assert [word_span(lowered, words, i) for i in range(len(words))] == [
        m.span() for m in TRIGGER_WORD.finditer(lowered)
    ], text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["a", "aa", "b", "ab", "ba", "'", "''", " ", "-", "9", "x'a"]), max_size=20))
def test_word_span_with_repeated_and_nested_words(pieces: list[str]) -> None:
    """Words inside others ("a" in "aa", "ab" in "bab") and apostrophes around them: the token's own span."""
    lowered = "".join(pieces)
    words = TRIGGER_WORD.findall(lowered)
    assert [word_span(lowered, words, i) for i in range(len(words))] == [
        m.span() for m in TRIGGER_WORD.finditer(lowered)
    ], lowered


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(
                st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.sampled_from("lut")),
                max_size=10,
            ),
            st.one_of(st.none(), st.floats(0, 1)),
        ),
        max_size=8,
    )
)
def test_cue_array_is_the_cue_lists_bit_for_bit(
    rows: list[tuple[list[tuple[str, str, str]], float | None]],
) -> None:
    """``cue_array`` (a batch's cue vectors in array steps) holds ``scan``'s cue lists, every bit the same."""
    case = {"l": str, "u": str.upper, "t": str.title}
    texts = ["".join(case[how](w) + sep for w, sep, how in pieces) for pieces, _ in rows]
    hyperbole = [p for _, p in rows]
    table = trigger_facts(LEXICONS, VALENCE)
    expected = np.asarray(
        [scan(t, table, p)[1] for t, p in zip(texts, hyperbole, strict=True)], dtype=np.float64
    )
    got = cue_array(texts, [scan_sums(t, table) for t in texts], hyperbole)
    assert got.shape == (len(texts), len(CUE_NAMES))
    assert got.tobytes() == expected.reshape(len(texts), len(CUE_NAMES)).tobytes(), texts
