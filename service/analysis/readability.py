"""Headline readability and channel fit: what formulas cannot say about a dozen words.

Flesch and friends are meaningless on a headline (four words score Flesch 118,
grade -2), so a headline gets concrete measures instead: words, characters,
rendered width, uncommon words, syllables per word, acronyms and jargon, and where
each channel (search result, social card, schema.org) would cut it (``channels``).
"""

from __future__ import annotations

import re
from itertools import repeat

import numpy as np

from service.analysis.channels import channel_fit, channels_from_width, text_width_px, width_units
from service.analysis.options import AnalysisOptions
from service.model.numbers import FEW, rounded
from service.model.text_rules import READABILITY_WORD

__all__ = ["batch_readability", "headline_readability", "text_width_px", "channel_fit", "word_facts"]

ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][A-Z0-9]{1,5}s?\b")


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


# What a headline's readability sums, per whitespace token: the counts are packed into one int,
# one ``_FIELD``-bit field each, so one ``sum`` over a headline's tokens adds every count at once.
_FIELD = 40  # no count of one headline comes near 2**40
_MASK = (1 << _FIELD) - 1
WORD_CACHE_LIMIT = 200_000  # tokens cached, as the other per-word caches (service/model/cues.py)
# The words listed by name (uncommon, jargon) and the acronyms of the tokens that have any.
_LISTED: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}


def _measure_token(token: str, table=None) -> tuple[int, tuple | None]:
    """(packed counts, listed words or ``None``) of one whitespace token.

    Neither word rule crosses whitespace (``READABILITY_WORD`` matches no space, and ``ACRONYM``'s
    word boundaries fall where a space would put them), so a headline's words, syllables and
    acronyms are its tokens' in order, and its width their widths plus the spaces'.
    """
    words = READABILITY_WORD.findall(token)
    n_alpha = n_syllables = 0
    uncommon: list[str] = []
    jargon: list[str] = []
    for w in words:  # only alphabetic words count
        if not w.isalpha():
            continue
        facts = word_facts(w, table)
        n_alpha += 1
        n_syllables += facts[0]
        if not w[0].isupper():
            if not facts[1]:
                uncommon.append(w)
            if facts[2]:
                jargon.append(w)
    acronyms = tuple(m.group() for m in ACRONYM.finditer(token))
    listed = (tuple(uncommon), tuple(jargon), acronyms) if uncommon or jargon or acronyms else None
    packed = (
        len(words)
        | n_alpha << _FIELD
        | n_syllables << 2 * _FIELD
        | len(token) << 3 * _FIELD
        | sum(width_units(token)) << 4 * _FIELD
        | (listed is not None) << 5 * _FIELD
    )
    return packed, listed


class _TokenCounts(dict):
    """Packed counts of every whitespace token seen so far (bounded; ``table``: the last syllable table)."""

    table = None

    def __missing__(self, token: str) -> int:
        packed, listed = _measure_token(token, self.table)
        if len(self) >= WORD_CACHE_LIMIT:
            self.clear()
            _LISTED.clear()
        self[token] = packed
        if listed is not None:
            _LISTED[token] = listed
        return packed


_TOKEN_COUNTS = _TokenCounts()


def _listed_words(tokens: list[str], table) -> tuple[list[str], list[str], list[str]]:
    """Uncommon words, jargon and acronyms of the tokens, in order (the acronyms sorted, once each)."""
    uncommon: list[str] = []
    jargon: list[str] = []
    acronyms: set[str] = set()
    for token in tokens:
        listed = _LISTED.get(token)
        if listed is None:
            if token in _TOKEN_COUNTS:
                continue  # a token without listed words
            listed = _measure_token(token, table)[1]  # the caches were cleared meanwhile
            if listed is None:
                continue
        uncommon += listed[0]
        jargon += listed[1]
        acronyms.update(listed[2])
    return uncommon, jargon, sorted(acronyms)


def headline_readability(headline: str, options: AnalysisOptions, syllables=None) -> dict:
    """Concrete readability measures of a headline (``syllables``: the bundle's ``SyllableTable``).

    One cached lookup per whitespace token (``_TokenCounts``) gives the headline's counts and width.
    """
    _TOKEN_COUNTS.table = syllables
    measured = _measure(headline, syllables)
    _, n_alpha, n_syllables, units, (uncommon, _, _) = measured
    return _result(
        headline,
        options,
        measured,
        round(units * 20.0 / 1000.0, 1),  # text_width_px
        round(len(uncommon) / n_alpha, 3) if n_alpha else 0.0,
        round(n_syllables / n_alpha, 2) if n_alpha else 0.0,
    )


def batch_readability(headlines: list[str], options: AnalysisOptions, syllables=None) -> list[dict]:
    """``headline_readability`` of every headline, its shown ratios and widths rounded once per batch.

    Python's ``round(x, digits)`` costs ~0.25 µs a call and a result shows three of them; the
    numbers are the same bit for bit (``service.model.numbers.rounded``).
    """
    if len(headlines) < FEW:  # a few: numpy's per-call cost is more than ``round``'s
        return [headline_readability(h, options, syllables) for h in headlines]
    _TOKEN_COUNTS.table = syllables
    measured = [_measure(h, syllables) for h in headlines]
    n = len(measured)
    n_alpha = np.fromiter([m[1] for m in measured], dtype=np.float64, count=n)
    n_syllables = np.fromiter([m[2] for m in measured], dtype=np.float64, count=n)
    units = np.fromiter([m[3] for m in measured], dtype=np.float64, count=n)
    n_uncommon = np.fromiter([len(m[4][0]) for m in measured], dtype=np.float64, count=n)
    alpha = n_alpha > 0
    per_word = np.maximum(n_alpha, 1.0)  # a headline without alphabetic words shows 0.0
    widths = rounded(units * 20.0 / 1000.0, 1)
    shares = rounded(np.where(alpha, n_uncommon / per_word, 0.0), 3)
    syllables_per_word = rounded(np.where(alpha, n_syllables / per_word, 0.0), 2)
    return [
        _result(*row)
        for row in zip(headlines, repeat(options), measured, widths, shares, syllables_per_word, strict=False)
    ]


def _measure(headline: str, syllables) -> tuple[int, int, int, int, tuple[list[str], list[str], list[str]]]:
    """(words, alphabetic words, syllables, width units, (uncommon words, jargon, acronyms)) of a headline."""
    tokens = headline.split()
    packed = sum(map(_TOKEN_COUNTS.__getitem__, tokens))
    n_words = packed & _MASK
    n_alpha = (packed >> _FIELD) & _MASK
    n_syllables = (packed >> 2 * _FIELD) & _MASK
    spaces = len(headline) - ((packed >> 3 * _FIELD) & _MASK)  # characters outside the tokens
    if headline.count(" ") == spaces:  # they are all plain spaces (nearly always): 278 units each
        units = ((packed >> 4 * _FIELD) & _MASK) + 278 * spaces
    else:
        units = sum(width_units(headline))
    listed = _listed_words(tokens, syllables) if packed >> 5 * _FIELD else ([], [], [])
    return n_words, n_alpha, n_syllables, units, listed


def _result(
    headline: str,
    options: AnalysisOptions,
    measured: tuple,
    width: float,
    uncommon_share: float,
    syllables_per_word: float,
) -> dict:
    """The readability part of a result from ``_measure``'s counts and the rounded numbers."""
    n_words, _, _, units, (uncommon, jargon, acronyms) = measured
    return {
        "words": n_words,
        "characters": len(headline),
        "pixel_width": width,
        "uncommon_word_share": uncommon_share,
        "uncommon_words": uncommon,
        "syllables_per_word": syllables_per_word,
        "acronyms": acronyms,
        "jargon": jargon,
        "channels": channels_from_width(headline, options, units, width),
    }
