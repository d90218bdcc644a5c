"""Where display channels cut a headline: its rendered width, and the cut after the last whole word.

A search result shows a title in Arial at 20 px and cuts it near 600 px; a social card and
schema.org cut at a number of characters. A cut title shows the words that fit followed by
" …". Widths use Arial's advance widths (units per 1000 em).

The cuts are computed without re-measuring every prefix: from running widths (exact integer
units at 20 px) and the last word end found by string operations; tests/service/
test_surface_fast_paths.py pins them to re-measuring every word's prefix.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_right
from itertools import accumulate

from service.analysis.options import AnalysisOptions

__all__ = ["channel_fit", "channels_from_width", "text_width_px", "width_units"]

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


def width_units(text: str) -> list[int]:
    """Arial advance width of each character of ``text``, in 1/1000 em."""
    return list(map(_UNITS.__getitem__, text))


def text_width_px(text: str, font_px: float = 20.0, units: list[int] | None = None) -> float:
    """Rendered width of ``text`` in Arial at ``font_px`` (``units``: its per-character widths, if known)."""
    return round(sum(width_units(text) if units is None else units) * font_px / 1000.0, 1)


@functools.lru_cache(maxsize=16)
def _ellipsis_px(font_px: float) -> float:
    """Width of the " …" a cut title ends with: a constant per font size, measured once."""
    return text_width_px(" …", font_px)


def _px_cut(text: str, limit_px: float, font_px: float = 20.0, units: list[int] | None = None) -> dict:
    """``_cut`` for a pixel limit, from running widths instead of re-measuring every prefix.

    A cut after a word at ``end`` shows ``text[:end] + " …"``: it fits when the width of the
    first ``end`` characters, rounded like ``text_width_px``, plus the ellipsis fits.
    """
    units = width_units(text) if units is None else units
    if _clearly_fits(units, limit_px, font_px):
        return _not_cut(text)
    if font_px == 20.0:
        return _cut_20(text, limit_px)
    return _running_cut(text, [u * font_px / 1000.0 for u in units], limit_px, font_px)


def _cut_20(text: str, limit_px: float) -> dict:
    """``_running_cut`` at 20 px (every channel's size), from exact integer running widths.

    At 20 px a character is ``units / 50`` px, so a prefix's exact width is a multiple of 0.02 px,
    never within 0.01 px of a rounding boundary (x.x5), while the running float sum strays from it
    by far less (under 0.003 px for any text under a million characters): the rounded widths, and
    so every fit, are the running sums', from one integer pass. Only the whole text's unrounded
    width, when it is near the limit, needs the running float sum itself.
    """
    prefix = list(accumulate(map(_UNITS.__getitem__, text), initial=0))
    if prefix[-1] / 50 <= limit_px + 1.0 and sum(map(_WIDTHS_20.__getitem__, text)) <= limit_px:
        return _not_cut(text)
    ellipsis = _ellipsis_px(20.0)
    # The whole text "fits" only when it already ends with the ellipsis and that prefix fits.
    if text.endswith(" …") and round(prefix[len(text) - 2] / 50, 1) + ellipsis <= limit_px:
        return _not_cut(text)
    last = bisect_right(prefix, (limit_px - ellipsis) * 50) - 1  # the rounding can move it a step
    while last + 1 < len(prefix) and round(prefix[last + 1] / 50, 1) + ellipsis <= limit_px:
        last += 1
    while last >= 0 and round(prefix[last] / 50, 1) + ellipsis > limit_px:
        last -= 1
    return _cut_at(text, _last_word_end(text, last))


def _running_cut(text: str, widths: list[float], limit_px: float, font_px: float) -> dict:
    """``_px_cut`` from the characters' widths in px.

    Fit only shrinks as the cut moves right, so the longest prefix that fits with the ellipsis is
    found by bisection on its unrounded width and a step or two to correct for the rounding; the
    cut is the last word end up to it.
    """
    ellipsis = _ellipsis_px(font_px)
    if sum(widths) <= limit_px:
        return _not_cut(text)
    prefix = list(accumulate(widths, initial=0.0))  # running sums, added left to right as before
    # The whole text "fits" only when it already ends with the ellipsis and that prefix fits.
    if text.endswith(" …") and round(prefix[len(text) - 2], 1) + ellipsis <= limit_px:
        return _not_cut(text)
    last = bisect_right(prefix, limit_px - ellipsis) - 1  # where the rounding can move it by a step
    while last + 1 < len(prefix) and round(prefix[last + 1], 1) + ellipsis <= limit_px:
        last += 1
    while last >= 0 and round(prefix[last], 1) + ellipsis > limit_px:
        last -= 1
    return _cut_at(text, _last_word_end(text, last))


class _Widths20(dict):
    """Width in px at 20 px of every character seen so far (``_UNITS`` scaled, as ``_px_cut`` scales)."""

    def __missing__(self, ch: str) -> float:
        width = _UNITS[ch] * 20.0 / 1000.0
        if len(self) < 100_000:
            self[ch] = width
        return width


_WIDTHS_20 = _Widths20()


def _clearly_fits(units: list[int], limit_px: float, font_px: float = 20.0) -> bool:
    """Whether the text fits with a margin (1 px >> rounding), so no running widths are needed."""
    return sum(units) * font_px / 1000.0 < limit_px - 1.0


def _not_cut(text: str) -> dict:
    return {"truncated": False, "cut_at": None, "visible": text, "last_word": None}


def _cut_at(text: str, cut: int) -> dict:
    """The entry of a channel that cuts ``text`` after its first ``cut`` characters (a word's end)."""
    visible = text[:cut].rstrip()
    hidden_words = text[cut:].split(None, 1)
    visible_words = visible.rsplit(None, 1)
    return {
        "truncated": True,
        "cut_at": cut,
        "visible": visible + " …",
        "last_word": visible_words[-1] if visible_words else None,
        "first_hidden_word": hidden_words[0] if hidden_words else None,
    }


def _last_word_end(text: str, last: int) -> int:
    """The end of the last word (``whitespace_tokens``) that ends at or before ``last``, else 0.

    A word ends at ``end`` when ``text[end]`` is a space or the text ends, so the word
    ``text[: last + 1]`` ends inside (if any) is dropped and the spaces before it stripped.
    """
    if last <= 0:
        return 0
    if last >= len(text):
        return len(text.rstrip())
    prefix = text[: last + 1]
    if not prefix[-1].isspace():  # it ends inside a word: that word is cut
        words = prefix.rsplit(None, 1)
        prefix = prefix[: len(prefix) - len(words[-1])]
    return len(prefix.rstrip())


def _chars_cut(text: str, limit: int) -> dict:
    """``_cut`` for a character limit: ``text[:end] + " …"`` is ``end + 2`` characters."""
    if len(text) <= limit:
        return _not_cut(text)
    return _cut_at(text, _last_word_end(text, limit - 2))


def channel_fit(
    headline: str, options: AnalysisOptions, units: list[int] | None = None, width_px: float | None = None
) -> dict[str, dict]:
    """How each channel shows the headline: width or length against its limit, and where it cuts.

    ``units`` and ``width_px`` are the headline's character widths and rendered width when the
    caller has measured them already (measured once per headline, not once per use).
    """
    units = width_units(headline) if units is None else units
    total = sum(units)
    width = round(total * 20.0 / 1000.0, 1) if width_px is None else width_px  # text_width_px
    return channels_from_width(headline, options, total, width)


def channels_from_width(
    headline: str, options: AnalysisOptions, total_units: int, width: float
) -> dict[str, dict]:
    """``channel_fit`` from the headline's total width units and rendered width (measured by the caller);
    its characters are measured again only for a pixel cut."""
    n = len(headline)
    if total_units * 20.0 / 1000.0 < options.search_title_px - 1.0:  # _clearly_fits at 20 px
        search = _uncut(options.search_title_px, "px", width, headline)
    else:
        search = {
            "limit": options.search_title_px,
            "unit": "px",
            "measure": width,
            **_cut_20(headline, options.search_title_px),
        }
    limit = options.social_title_chars
    social = (
        _uncut(limit, "characters", n, headline)
        if n <= limit
        else {"limit": limit, "unit": "characters", "measure": n, **_chars_cut(headline, limit)}
    )
    limit = options.schema_headline_chars
    schema = (
        _uncut(limit, "characters", n, headline)
        if n <= limit
        else {"limit": limit, "unit": "characters", "measure": n, **_chars_cut(headline, limit)}
    )
    return {"search": search, "social": social, "schema_org": schema}


def _uncut(limit: int, unit: str, measure: float, text: str) -> dict:
    """A channel that shows the whole text: its ``channel_fit`` entry, built in one go."""
    return {
        "limit": limit,
        "unit": unit,
        "measure": measure,
        "truncated": False,
        "cut_at": None,
        "visible": text,
        "last_word": None,
    }
