"""The cached per-word routes of readability, house style and quality answer like the plain rules.

``headline_readability`` sums cached per-token counts, ``is_specific`` and ``style_findings`` read
cached per-word codes, and the channel cuts are found without a scan of the words. Each test here
states the plain rule over the whole headline (the reference) and checks the fast route against it
on generated headlines (hypothesis, bounded example counts) and on hand-picked edge cases.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.analysis import channels, quality, readability, style, token_facts
from service.analysis.options import AnalysisOptions
from service.analysis.quality import DIGIT, FIGURE, PREPOSITIONS, is_specific
from service.analysis.readability import channel_fit, headline_readability, text_width_px, word_facts
from service.analysis.style import SHOUT, style_findings
from service.analysis.token_facts import ACRONYM, QUALITY_CODES, STYLE_CODES, headline_words
from service.model.text_rules import QUALITY_WORD, READABILITY_WORD, style_words

# Words that exercise every rule: capitals and minor words, acronyms, possessives, inner capitals,
# number words, figures, uncommon and jargon words, punctuation that joins or splits words.
WORDS = [
    "The",
    "the",
    "of",
    "Of",
    "in",
    "In",
    "from",
    "a",
    "A",
    "I",
    "to",
    "on",
    "council",
    "Council",
    "approves",
    "Approves",
    "NASA",
    "NATO",
    "SHOCKING",
    "LOVE",
    "ONE",
    "one",
    "One",
    "three",
    "Twelve",
    "Ecuador",
    "ecuador",
    "Peru's",
    "Peru’s",
    "iPhone",
    "McDonald",
    "U.S.",
    "U.S.A.'s",
    "covid-19",
    "well-known",
    "rock-NASA",
    "x-ABCD",
    "extraordinarily",
    "Extraordinarily",
    "bureaucracy",
    "Bureaucracy",
    "5",
    "12",
    "2019",
    "1890",
    "$5",
    "£3bn",
    "5 million",
    "40%",
    "3km",
    "10 people",
    "won't",
    "it's",
    "Can’t",
    "...",
    "…",
    "!!",
    "?!",
    ":",
    "Review:",
    "'",
    "-",
    ".",
    "O'Brien",
    "ABCs",
    "CEOs",
    "ok",
    "Ok",
    "OK",
    "Inside",
    "outside",
    "Near",
    "near",
    "top",
    "TOP",
]
SEPARATORS = [" ", " ", " ", " ", "  ", "\t", "\u00a0", " \u200b", " “", "” ", ", "]


def _headline(parts: list[tuple[str, str]], lead: str, trail: str) -> str:
    return lead + "".join(word + sep for word, sep in parts)[:-1] + trail


headlines = st.builds(
    _headline,
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), min_size=0, max_size=24),
    st.sampled_from(["", "", " ", "“", "5 "]),
    st.sampled_from(["", "", ".", " …", "!!", " ", "?"]),
)
any_text = st.text(alphabet="aAoOsSzZ09 '’.-:!?…$%\t\u00a0\u200béÉ漢🔥", max_size=60)
PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _plain_readability(headline: str) -> dict:
    """The readability counts by their definition: the word rule over the whole headline."""
    words = READABILITY_WORD.findall(headline)
    alpha = [w for w in words if w.isalpha()]
    lower_first = [w for w in alpha if not w[0].isupper()]
    uncommon = [w for w in lower_first if not word_facts(w)[1]]
    syllables = sum(word_facts(w)[0] for w in alpha)
    return {
        "words": len(words),
        "characters": len(headline),
        "pixel_width": text_width_px(headline),
        "uncommon_word_share": round(len(uncommon) / len(alpha), 3) if alpha else 0.0,
        "uncommon_words": uncommon,
        "syllables_per_word": round(syllables / len(alpha), 2) if alpha else 0.0,
        "acronyms": sorted({m.group() for m in ACRONYM.finditer(headline)}),
        "jargon": [w for w in lower_first if word_facts(w)[2]],
    }


@PROPERTY
@given(st.one_of(headlines, any_text))
def test_readability_counts_equal_the_plain_rules(headline: str) -> None:
    got = headline_readability(headline, AnalysisOptions())
    channels = got.pop("channels")
    assert got == _plain_readability(headline)
    assert list(got) == list(_plain_readability(headline))  # the same keys in the same order
    assert channels == channel_fit(headline, AnalysisOptions())


TIES = [
    "Cats dogs cows pigs hens ducks geese water",  # 9 syllables / 8 words = 1.125: a tie at 2 decimals
    "Council approves a zyzzyva plan for the old town hall of Ely in the north by the end of the year",
    "123 456 !!!",  # no alphabetic word: 0.0
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(headlines, any_text), min_size=0, max_size=80))
def test_batch_readability_is_the_per_headline_readability(batch: list[str]) -> None:
    """The batch route (its numbers rounded once, from 32 headlines) gives each headline's own result."""
    options = AnalysisOptions(search_title_px=300, social_title_chars=40)
    batch = [*batch, *TIES] * (1 if len(batch) >= 32 else 11)
    got = readability.batch_readability(batch, options)
    assert repr(got) == repr([headline_readability(h, options) for h in batch])


def test_readability_counts_survive_a_cache_cleared_mid_headline(monkeypatch) -> None:
    """The token cache is bounded: clearing it between a headline's tokens changes nothing."""
    monkeypatch.setattr(token_facts, "WORD_CACHE_LIMIT", 1)
    headline = "Council approves extraordinarily long NASA bureaucracy review in U.S. city"
    assert {
        k: v for k, v in headline_readability(headline, AnalysisOptions()).items() if k != "channels"
    } == (_plain_readability(headline))


def _reference_cut(text: str, whole_fits: bool, end_fits) -> dict:
    """The channel cut by definition: after the last word whose ``text[:end] + " …"`` fits."""
    if whole_fits:
        return {"truncated": False, "cut_at": None, "visible": text, "last_word": None}
    cut = 0
    for match in re.finditer(r"\S+", text):
        if end_fits(match.end()):
            cut = match.end()
        else:
            break
    visible = text[:cut].rstrip()
    hidden = text[cut:].split()
    return {
        "truncated": True,
        "cut_at": cut,
        "visible": visible + " …",
        "last_word": visible.split()[-1] if visible.split() else None,
        "first_hidden_word": hidden[0] if hidden else None,
    }


def _running_px(text: str) -> float:
    """Width in px at 20 px, character widths added left to right (the measure the cut rounds)."""
    total = 0.0
    for ch in text:
        total += channels._char_units(ch) * 20.0 / 1000.0
    return total


def _expected_channels(headline: str, px: float, social: int, schema: int) -> dict[str, dict]:
    """Each channel's cut by definition: a prefix fits when its rounded width plus the ellipsis
    does; the whole headline when its width does, or when it ends with the ellipsis and the rest fits."""
    ellipsis = text_width_px(" …")

    def prefix_fits(end: int) -> bool:
        return round(_running_px(headline[:end]), 1) + ellipsis <= px

    return {
        "search": _reference_cut(
            headline,
            _running_px(headline) <= px or (headline.endswith(" …") and prefix_fits(len(headline) - 2)),
            prefix_fits,
        ),
        "social": _reference_cut(headline, len(headline) <= social, lambda end: end + 2 <= social),
        "schema_org": _reference_cut(headline, len(headline) <= schema, lambda end: end + 2 <= schema),
    }


def _cuts(by_channel: dict[str, dict]) -> dict[str, dict]:
    """The cut of each channel, without its limit and measure."""
    return {
        name: {k: v for k, v in entry.items() if k not in ("limit", "unit", "measure")}
        for name, entry in by_channel.items()
    }


@PROPERTY
@given(
    st.one_of(headlines, any_text),
    st.integers(min_value=0, max_value=700),
    st.integers(min_value=0, max_value=90),
    st.integers(min_value=0, max_value=120),
)
def test_channel_cuts_equal_re_measuring_every_prefix(
    headline: str, px: int, social: int, schema: int
) -> None:
    """Bisection on running widths and the last word end by string operations cut where measuring
    every word's prefix again cuts."""
    options = AnalysisOptions(search_title_px=px, social_title_chars=social, schema_headline_chars=schema)
    assert _cuts(channel_fit(headline, options)) == _expected_channels(headline, px, social, schema)


@pytest.mark.parametrize(
    "headline",
    [
        "Council approves new tram line after a late-night vote on the budget",
        "iiii llll jjjj WWWW mmmm ii .. ,, MMMM tt ff",
        "Ends with an ellipsis already …",
        "Zero\u200bwidth\u200b \u200b\u200b words and 漢字 🔥 wide ones",
    ],
)
def test_pixel_cut_at_every_limit_in_tenths(headline: str) -> None:
    """Every limit in tenths of a pixel up to past the width: the rounding of the running width
    moves the last fitting prefix a step either side of the bisection's guess."""
    for tenths in range(0, int(_running_px(headline) * 10) + 400, 3):
        px = tenths / 10
        assert _cuts({"search": {**channels._px_cut(headline, px)}}) == {
            "search": _expected_channels(headline, px, 0, 0)["search"]
        }, px


def _plain_is_specific(headline: str, valence: dict) -> bool:
    """``is_specific`` word by word, as its docstring states it."""
    if DIGIT.search(headline) and FIGURE.search(headline):
        return True
    words = QUALITY_WORD.findall(headline)
    title_case = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)
    for i, word in enumerate(words):
        low = word.lower()
        if not word[0].isupper():
            continue
        if word.isupper() and len(word) >= 2:
            if low.rstrip("s") not in valence and low not in valence:
                return True
            continue
        if word.endswith(("'s", "’s")) or low[1:] != word[1:]:
            return True
        if i == 0 or len(low) <= 2 or low in valence or word_facts(low)[1]:
            continue
        if words[i - 1].lower() in PREPOSITIONS or not title_case:
            return True
    return False


VALENCE = {"shocking": -2.0, "love": 3.2, "best": 3.2, "ok": 0.9}


@PROPERTY
@given(st.one_of(headlines, any_text))
def test_is_specific_equals_the_word_by_word_rule(headline: str) -> None:
    assert is_specific(headline, VALENCE) is _plain_is_specific(headline, VALENCE)
    assert is_specific(headline) is _plain_is_specific(headline, {})


@pytest.mark.parametrize(
    "headline",
    [
        "council approves Ecuador Bureaucracy plan now",  # 2 capitals of 6: not Title Case
        "Council approves Ecuador Bureaucracy plan",  # 3 of 5: exactly the Title Case share
        "Council approves Ecuador Bureaucracy plan today",  # 3 of 6: under it
        "Ecuador wins",  # an uncommon first word names nothing
        "Voters In Ecuador Reject Plan",  # after a capitalised preposition
        "Fans LOVE the NASA ABCs",  # a shouted emotion word, an acronym, a plural acronym
        "The iPhone Review",
        "Peru’s Vote",
        "5 million people",
        "In 1890",
    ],
)
def test_is_specific_at_the_rules_edges(headline: str) -> None:
    assert is_specific(headline, VALENCE) is _plain_is_specific(headline, VALENCE)


@PROPERTY
@given(st.one_of(headlines, any_text))
def test_quality_codes_of_the_tokens_are_the_codes_of_the_words(headline: str) -> None:
    """No quality word crosses a space: the tokens' cached codes, joined, are the words' codes."""
    words = QUALITY_WORD.findall(headline)
    assert b"".join(map(QUALITY_CODES, headline_words(headline, VALENCE).facts)) == bytes(
        token_facts.word_code(w, VALENCE) for w in words
    )


def test_word_codes_follow_the_valence_lexicon_passed() -> None:
    """The per-word cache belongs to one lexicon: another lexicon gets its own answers."""
    assert is_specific("Fans LOVE the new stadium", {}) is True  # an acronym, for all it knows
    assert is_specific("Fans LOVE the new stadium", VALENCE) is False  # a shouted emotion word
    assert is_specific("Fans LOVE the new stadium", {}) is True


@PROPERTY
@given(st.one_of(headlines, any_text), st.sampled_from(["sentence", "title"]))
def test_case_findings_from_cached_word_cases_equal_the_span_route(headline: str, case_style: str) -> None:
    """Without a colon the case check reads cached word cases; the colon route reads spans."""
    headline = headline.replace(":", ";")  # the fast route is for headlines without a colon
    options = AnalysisOptions(case_style=case_style)
    codes = bytes(token_facts.word_case(w) for w in style.STYLE_WORD.findall(headline))
    assert b"".join(map(STYLE_CODES, headline_words(headline).facts)) == codes
    assert style._fast_case_findings(headline, options, codes) == style._case_findings(
        headline, options, style_words(headline)
    )


@PROPERTY
@given(st.one_of(headlines, any_text), st.sampled_from(["digits", "words"]))
def test_shouting_and_numerals_are_found_whenever_the_plain_scan_finds_them(
    headline: str, numerals: str
) -> None:
    """The word flags only skip scans: shouting and number words are reported as a full scan finds them."""
    findings = {f["rule"]: f for f in style_findings(headline, AnalysisOptions(numerals=numerals))}
    shout = next((m for m in SHOUT.finditer(headline) if m.group() not in style.KNOWN_ACRONYMS), None)
    assert ("shouting" in findings) is (shout is not None)
    if shout is not None:
        assert findings["shouting"]["span"] == list(shout.span())
    if numerals == "digits":
        number = next(
            ((s, e) for s, e, w in style_words(headline) if w.lower() in style.NUMBER_WORDS and s > 0), None
        )
        assert (findings["numerals"]["span"] if "numerals" in findings else None) == (
            list(number) if number else None
        )


@pytest.mark.parametrize(
    "headline",
    [
        "",
        " ",
        "x",
        "Ends with an ellipsis already …",
        "  spaced   out\twords\u00a0and non-breaking  ",
        "Zero\u200bwidth joiners\u200b in the middle of a rather long headline that runs past the limits",
    ],
)
def test_edge_headlines_keep_their_readability(headline: str) -> None:
    got = headline_readability(headline, AnalysisOptions(search_title_px=100, social_title_chars=10))
    assert got["channels"] == channel_fit(
        headline, AnalysisOptions(search_title_px=100, social_title_chars=10)
    )
    assert {k: v for k, v in got.items() if k != "channels"} == _plain_readability(headline)
    assert quality.is_specific(headline) is _plain_is_specific(headline, {})
