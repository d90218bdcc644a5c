"""A long phrase list runs only the phrases a headline can hold: the spans stay those of the whole list."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from service.model.phrases import SUBSET_MIN_PHRASES, PhraseList
from service.model.text_rules import word_spans
from service.model.trigger_words import CAUSAL_PHRASES, CLICKBAIT_PHRASES, URGENCY_PHRASES

PHRASES = (*CLICKBAIT_PHRASES, *URGENCY_PHRASES, *CAUSAL_PHRASES, "can ' t stop", "the best", "best kept")
WORDS = sorted(
    {w for p in PHRASES for w in p.replace("-", " ").split() if w != "*"} | {"cats", "90s", "Best"}
)
SEPARATORS = [" ", "  ", "-", " - ", "'", "’", ", ", "! ", "? ", "\t"]


def _spans(phrases: PhraseList, text: str) -> list[tuple[int, int]]:
    return phrases.spans(text, {w for _, _, w in word_spans(text)})


def test_the_list_is_long_enough_to_run_subsets() -> None:
    assert len(PhraseList(PHRASES).parts) >= SUBSET_MIN_PHRASES


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS), st.booleans()), max_size=12))
def test_subset_alternation_finds_what_the_whole_list_finds(pieces: list[tuple[str, str, bool]]) -> None:
    text = "".join((w.upper() if shout else w) + sep for w, sep, shout in pieces)
    phrases = PhraseList(PHRASES)
    assert _spans(phrases, text) == [(m.start(), m.end()) for m in phrases.pattern.finditer(text)], text


def test_overlapping_phrases_keep_the_first_listed_match() -> None:
    """Where two phrases start at one place the alternation's order decides; a subset keeps that order."""
    phrases = PhraseList(PHRASES)
    for text in ("You won't believe what happened next", "a best kept secret", "Time is running out now"):
        assert _spans(phrases, text) == [(m.start(), m.end()) for m in phrases.pattern.finditer(text)], text
        assert _spans(phrases, text), text
