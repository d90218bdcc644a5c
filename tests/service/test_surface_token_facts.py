"""The shared per-token facts (service/analysis/token_facts.py) and the quicker figure check answer
like the plain rules over the whole headline.

Each test states the plain rule (the reference) and checks the route the core takes against it, on
generated headlines (hypothesis, bounded example counts) and hand-picked edge cases; the house-style,
quality-code and readability routes are pinned in tests/service/test_surface_fast_paths.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.analysis import token_facts
from service.analysis.input_kind import ASCII_LETTER, MARKUP, MIN_KNOWN_SHARE, MIN_WORDS, not_a_headline
from service.analysis.quality import FIGURE, has_figure, quality_score
from service.analysis.token_facts import NOTICE_STOP_WORDS, NOTICE_WORDS, headline_words
from service.model.text_rules import STOP_WORDS

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of figures and near misses: numbers, currencies, units in every case, years, letters that
# follow a unit ("5 kmh" is no figure), and the spaces and punctuation around them.
FIGURE_PARTS = [
    *["5", "12", "1,000", "3.5", "2.", ",5", "0", "1890", "2019", "1799", "2100", "20", "19", "999"],
    *["$", "£", "€", "¥", "%", "°", "°C", "°F", "°c"],
    *["per", "cent", "percent", "pc", "k", "m", "bn", "B", "kn", "million", "billion", "years", "Month"],
    *["km", "kmh", "mph", "GW", "gw", "Mw", "kW", "TB", "st", "nd", "RD", "th", "thing", "people", "peoples"],
    *["dead", "deaths", "injured", "hours", "hour", "ft", "feet", "lbs", "mg", "ml", "a", "x", "K", "ſt"],
]
FIGURE_GAPS = ["", "", " ", " ", "  ", "\t", "-", ",", ".", "'", "\u00a0"]


def _case_variants(word: str):
    return st.sampled_from([word, word.upper(), word.lower(), word.title(), word.swapcase()])


figure_texts = st.lists(
    st.tuples(st.sampled_from(FIGURE_PARTS).flatmap(_case_variants), st.sampled_from(FIGURE_GAPS)),
    max_size=12,
).map(lambda parts: "".join(word + gap for word, gap in parts))


@PROPERTY
@given(st.one_of(figure_texts, st.text(alphabet="0123456789 $%kKmMbBsStThH.,°£漢", max_size=30)))
def test_the_figure_check_is_the_case_insensitive_pattern(text: str) -> None:
    """Lower-cased ASCII text against the lower-case pattern finds a figure where ``FIGURE`` does."""
    assert has_figure(text) is (FIGURE.search(text) is not None)


@pytest.mark.parametrize(
    "text",
    [
        *["5 PER CENT rise", "3KM", "10 Kmh", "£3BN", "In 1890", "12 PEOPLE", "2 °C", "Room 101", "5 kmh"],
        *[
            "1,000",
            "a 5 GW plant",
            "3tb",
            "10 Mw",
            "6 kW",
            "9 gb",
            "x2019",
            "_1999",
            "1999x",
            "20199",
            "é2019",
        ],
        *[
            "$ 5",
            "costs $\t5",
            "2019_",
            "(1890)",
            "5,000,000 people",
            "5.5bn",
            "5 bn!",
            "5 bnx",
            "5 per\tcent",
            "5\u00a0km",
        ],
    ],
)
def test_the_figure_check_at_the_patterns_edges(text: str) -> None:
    assert has_figure(text) is (FIGURE.search(text) is not None)


def _plain_not_a_headline(headline: str, known_words: Container[str]) -> str | None:
    """The not-a-headline rule over the whole headline's words (the reference)."""
    if MARKUP.search(headline):
        return "markup"
    letters = [c for c in headline if c.isalpha()]
    if not letters or (headline.isascii() and not ASCII_LETTER.search(headline)):
        return "no letters"
    if sum("LATIN" in unicodedata.name(c, "") for c in letters) < 0.5 * len(letters):
        return "script"
    words = [w.lower() for w in re.findall(r"[^\W\d_]{2,}", headline)]
    if (
        len(words) >= MIN_WORDS
        and STOP_WORDS.isdisjoint(words)
        and sum(w in known_words for w in words) < MIN_KNOWN_SHARE * len(words)
    ):
        return "language"
    return None


KNOWN = frozenset(["council", "approves", "tram", "line", "plan", "vote", "city", "ecuador"])
NOTICE_TEXT = st.lists(
    st.sampled_from(
        [
            *["Council", "approves", "tram", "line", "the", "The", "OF", "of", "Ecuador", "vote"],
            *[
                "votó",
                "ayer",
                "ciudad",
                "Ámbito",
                "über",
                "Stadt",
                "x",
                "A",
                "5",
                "🔥",
                "<b>",
                "</b>",
                "漢字",
            ],
            *["Straße", "İstanbul", "don't", "ok", "-", "…", "Привет", "мир"],
        ]
    ),
    max_size=10,
).map(" ".join)


@PROPERTY
@given(st.one_of(NOTICE_TEXT, st.text(max_size=40)))
def test_not_a_headline_from_the_token_counts_is_the_plain_rule(headline: str) -> None:
    """The counts of the tokens' words (and the words only when no stop word settles it) decide as the
    rule over the whole headline's words does; the same answer with the words passed in or not."""
    expected = _plain_not_a_headline(headline, KNOWN)
    got = not_a_headline(headline, KNOWN)
    assert got == not_a_headline(headline, KNOWN, headline_words(headline))
    assert (got is None) is (expected is None)
    if expected == "language":
        assert got is not None and "another language" in got


@PROPERTY
@given(st.one_of(NOTICE_TEXT, st.text(max_size=40)))
def test_the_tokens_notice_counts_are_the_headlines(headline: str) -> None:
    words = [w.lower() for w in re.findall(r"[^\W\d_]{2,}", headline)]
    got = headline_words(headline)
    assert got.total(NOTICE_WORDS) == len(words)
    assert got.total(NOTICE_STOP_WORDS) == sum(w in STOP_WORDS for w in words)


def test_a_batch_of_words_is_the_words_of_each_headline() -> None:
    batch = ["Council approves tram line", "  spaced\tout  ", "", "NASA’s 5 km plan in Ecuador"]
    valence = {"love": 3.2}
    assert token_facts.words_of_batch(batch, valence) == [headline_words(h, valence) for h in batch]


@PROPERTY
@given(
    st.floats(min_value=0.0, max_value=1.0),
    st.floats(min_value=0.0, max_value=1.0),
    st.tuples(st.booleans(), st.booleans(), st.booleans()),
    st.integers(min_value=0, max_value=30),
    st.integers(min_value=0, max_value=6),
    st.sampled_from(["Council approves tram extension", "you won't believe this", "Peru's vote"]),
)
def test_the_quality_score_is_the_documented_sum_of_its_components(
    probability: float, score: float, cuts: tuple[bool, bool, bool], words: int, faults: int, headline: str
) -> None:
    """The score adds the components in their order (``sum(components.values())``), then clamps to 0..100."""
    readability = {
        "channels": {
            name: {"truncated": cut}
            for name, cut in zip(("search", "schema_org", "social"), cuts, strict=True)
        },
        "words": words,
        "uncommon_word_share": 0.5 if words % 2 else 0.1,
        "syllables_per_word": 2.0 if words % 3 else 1.2,
    }
    result = quality_score(
        headline,
        {"probability": probability, "label": "not clickbait"},
        {"score": score, "level": "low"},
        readability,
        [{"rule": "x"}] * faults,
    )
    assert result["score"] == round(max(0.0, min(100.0, 100.0 + sum(result["components"].values()))))
    assert list(result["components"]) == [
        *["clickbait", "sensationalism", "truncation", "style", "length", "readability", "specificity"]
    ]


def test_a_caller_without_a_syllable_table_keeps_the_last_one(monkeypatch) -> None:
    """Style and the not-a-headline check have no syllable table: a token they meet first is measured
    with the bundle's table the core gave last, never by importing textstat for it."""
    table = object()
    asked: list[object] = []
    monkeypatch.setattr(token_facts, "word_facts", lambda word, t=None: asked.append(t) or (1, True, False))
    token_facts.headline_words("wombats", table=table)
    token_facts.headline_words("zyzzyvas quokkas", valence={"x": 1.0})  # a new lexicon: a fresh cache
    token_facts.headline_words("numbats")
    assert len(asked) == 4 and all(t is table for t in asked)
