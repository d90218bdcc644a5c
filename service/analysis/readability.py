"""Headline readability and channel fit: what formulas cannot say about a dozen words.

Flesch and friends are meaningless on a headline (four words score Flesch 118,
grade -2), so a headline gets concrete measures instead: words, characters,
rendered width, uncommon words, syllables per word, acronyms and jargon, and where
each channel (search result, social card, schema.org) would cut it.

Widths use Arial's advance widths (units per 1000 em), the face Google renders
result titles in at 20 px; titles are cut near 600 px.
"""

from __future__ import annotations

import functools
import re
from itertools import accumulate

from service.analysis.options import AnalysisOptions
from service.model.text_rules import READABILITY_WORD, whitespace_tokens

__all__ = ["headline_readability", "text_width_px", "channel_fit", "word_facts"]

# Arial advance widths for printable ASCII (32..126), in 1/1000 em.
_ARIAL = [
    278,
    278,
    355,
    556,
    556,
    889,
    667,
    191,
    333,
    333,
    389,
    584,
    278,
    333,
    278,
    278,  # space .. /
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    556,
    278,
    278,
    584,
    584,
    584,
    556,  # 0 .. ?
    1015,
    667,
    667,
    722,
    722,
    667,
    611,
    778,
    722,
    278,
    500,
    667,
    556,
    833,
    722,
    778,  # @ .. O
    667,
    778,
    722,
    667,
    611,
    722,
    667,
    944,
    667,
    667,
    611,
    278,
    278,
    278,
    469,
    556,  # P .. _
    333,
    556,
    556,
    500,
    556,
    556,
    278,
    556,
    556,
    222,
    222,
    500,
    222,
    833,
    556,
    556,  # ` .. o
    556,
    556,
    333,
    500,
    278,
    556,
    500,
    722,
    500,
    500,
    500,
    334,
    260,
    334,
    584,  # p .. ~
]
_WIDE = re.compile(
    r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\U0001f300-\U0001faff]"
)
ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][A-Z0-9]{1,5}s?\b")


def _char_units(ch: str) -> int:
    code = ord(ch)
    if 32 <= code <= 126:
        return _ARIAL[code - 32]
    if _WIDE.match(ch):
        return 1000
    if code < 32 or 0x200B <= code <= 0x200F:
        return 0
    return 556


class _Units(dict):
    """Advance width of every character seen so far: ASCII up front, the rest on first sight."""

    def __missing__(self, ch: str) -> int:
        units = _char_units(ch)
        if len(self) < 100_000:  # bounded: code points are many, a headline's are few
            self[ch] = units
        return units


_UNITS = _Units({chr(32 + i): units for i, units in enumerate(_ARIAL)})


def _units_of(text: str) -> list[int]:
    return list(map(_UNITS.__getitem__, text))


def text_width_px(text: str, font_px: float = 20.0, units: list[int] | None = None) -> float:
    """Rendered width of ``text`` in Arial at ``font_px`` (``units``: its per-character widths, if known)."""
    return round(sum(_units_of(text) if units is None else units) * font_px / 1000.0, 1)


@functools.lru_cache(maxsize=16)
def _ellipsis_px(font_px: float) -> float:
    """Width of the " …" a cut title ends with: a constant per font size, measured once."""
    return text_width_px(" …", font_px)


def _px_cut(
    text: str, limit_px: float, font_px: float = 20.0, units: list[int] | None = None, tokens=None
) -> dict:
    """``_cut`` for a pixel limit, from running widths instead of re-measuring every prefix.

    A cut after a word at ``end`` shows ``text[:end] + " …"``: it fits when the width of the
    first ``end`` characters, rounded like ``text_width_px``, plus the ellipsis fits.
    """
    units = _units_of(text) if units is None else units
    if _clearly_fits(units, limit_px, font_px):
        return _not_cut(text)
    ellipsis = _ellipsis_px(font_px)
    widths = [u * font_px / 1000.0 for u in units]
    if sum(widths) <= limit_px:
        return _not_cut(text)
    prefix = [0.0, *accumulate(widths)]  # running sums, added left to right as before
    # The whole text "fits" only when it already ends with the ellipsis and that prefix fits.
    whole = text.endswith(" …") and round(prefix[len(text) - 2], 1) + ellipsis <= limit_px
    return _cut(text, whole, lambda end: round(prefix[end], 1) + ellipsis <= limit_px, tokens)


def _clearly_fits(units: list[int], limit_px: float, font_px: float = 20.0) -> bool:
    """Whether the text fits with a margin (1 px >> rounding), so no running widths are needed."""
    return sum(units) * font_px / 1000.0 < limit_px - 1.0


def _not_cut(text: str) -> dict:
    return {"truncated": False, "cut_at": None, "visible": text, "last_word": None}


def _cut(text: str, whole_fits: bool, end_fits, tokens=None) -> dict:
    """Where a channel cuts ``text``: after the last whole word that still fits with an ellipsis.

    ``end_fits(end)`` says whether ``text[:end] + " …"`` fits; ``tokens``: the text's
    ``whitespace_tokens``, if known. Fit only shrinks as ``end`` grows, so the scan stops at the
    first word that does not fit.
    """
    if whole_fits:
        return _not_cut(text)
    cut = 0
    for _, _, end in whitespace_tokens(text) if tokens is None else tokens:
        if end_fits(end):
            cut = end
        else:
            break
    visible = text[:cut].rstrip()
    hidden_words = text[cut:].split()
    visible_words = visible.split()
    return {
        "truncated": True,
        "cut_at": cut,
        "visible": visible + " …",
        "last_word": visible_words[-1] if visible_words else None,
        "first_hidden_word": hidden_words[0] if hidden_words else None,
    }


def _chars_cut(text: str, limit: int, tokens=None) -> dict:
    """``_cut`` for a character limit: ``text[:end] + " …"`` is ``end + 2`` characters."""
    if len(text) <= limit:
        return _not_cut(text)
    return _cut(text, False, lambda end: end + 2 <= limit, tokens)


def channel_fit(
    headline: str, options: AnalysisOptions, units: list[int] | None = None, width_px: float | None = None
) -> dict[str, dict]:
    """How each channel shows the headline: width or length against its limit, and where it cuts.

    ``units`` and ``width_px`` are the headline's character widths and rendered width when the
    caller has measured them already (measured once per headline, not once per use).
    """
    units = _units_of(headline) if units is None else units
    search_limit = options.search_title_px
    n = len(headline)
    # The whitespace tokens, found once for every channel that cuts (most headlines fit all three).
    cuts = n > options.social_title_chars or n > options.schema_headline_chars
    tokens = whitespace_tokens(headline) if cuts or not _clearly_fits(units, search_limit) else None
    search = {
        "limit": search_limit,
        "unit": "px",
        "measure": text_width_px(headline, units=units) if width_px is None else width_px,
        **_px_cut(headline, search_limit, units=units, tokens=tokens),
    }
    social = {
        "limit": options.social_title_chars,
        "unit": "characters",
        "measure": n,
        **_chars_cut(headline, options.social_title_chars, tokens),
    }
    schema = {
        "limit": options.schema_headline_chars,
        "unit": "characters",
        "measure": n,
        **_chars_cut(headline, options.schema_headline_chars, tokens),
    }
    return {"search": search, "social": social, "schema_org": schema}


_WORD_FACTS: dict[str, tuple[int, bool, bool]] = {}


def word_facts(word: str, table=None) -> tuple[int, bool, bool]:
    """(syllables, easy, jargon) of one word; cached because headlines reuse words.

    ``table`` is the model bundle's ``SyllableTable``; without one (an older bundle) textstat
    answers, more slowly on first use. Both give the same numbers (tests/training/test_syllables.py),
    so one cache serves both.
    """
    facts = _WORD_FACTS.get(word)
    if facts is not None:
        return facts
    low = word.lower()
    if table is not None:
        syllables_in_word, is_easy_word = table.syllables, table.is_easy
    else:
        from service.model.readability import is_easy_word, syllables_in_word
    syllables = syllables_in_word(low) if low.isalpha() else 1
    easy = not low.isalpha() or is_easy_word(low)
    jargon = low.isalpha() and len(low) >= 8 and syllables >= 4 and not easy
    if len(_WORD_FACTS) >= 65536:
        _WORD_FACTS.clear()
    facts = _WORD_FACTS[word] = (syllables, easy, jargon)
    return facts


def headline_readability(headline: str, options: AnalysisOptions, syllables=None) -> dict:
    """Concrete readability measures of a headline (``syllables``: the bundle's ``SyllableTable``)."""
    words = READABILITY_WORD.findall(headline)
    n_alpha = n_syllables = 0
    uncommon: list[str] = []
    jargon: list[str] = []
    for w in words:  # only alphabetic words count: one pass, facts looked up once per word
        if not w.isalpha():
            continue
        facts = _WORD_FACTS.get(w) or word_facts(w, syllables)
        n_alpha += 1
        n_syllables += facts[0]
        if not w[0].isupper():
            if not facts[1]:
                uncommon.append(w)
            if facts[2]:
                jargon.append(w)
    acronyms = sorted({m.group() for m in ACRONYM.finditer(headline)})
    units = _units_of(headline)
    width = text_width_px(headline, units=units)
    return {
        "words": len(words),
        "characters": len(headline),
        "pixel_width": width,
        "uncommon_word_share": round(len(uncommon) / n_alpha, 3) if n_alpha else 0.0,
        "uncommon_words": uncommon,
        "syllables_per_word": round(n_syllables / n_alpha, 2) if n_alpha else 0.0,
        "acronyms": acronyms,
        "jargon": jargon,
        "channels": channel_fit(headline, options, units, width),
    }
