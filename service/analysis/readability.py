"""Headline readability and channel fit: what formulas cannot say about a dozen words.

Flesch and friends are meaningless on a headline (four words score Flesch 118,
grade -2), so a headline gets concrete measures instead: words, characters,
rendered width, uncommon words, syllables per word, acronyms and jargon, and where
each channel (search result, social card, schema.org) would cut it (``channels``).
"""

from __future__ import annotations

import re

from service.analysis.channels import channel_fit, channels_from_width, text_width_px, width_units
from service.analysis.options import AnalysisOptions
from service.model.text_rules import READABILITY_WORD

__all__ = ["headline_readability", "text_width_px", "channel_fit", "word_facts"]

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
    tokens = headline.split()
    _TOKEN_COUNTS.table = syllables
    packed = sum(map(_TOKEN_COUNTS.__getitem__, tokens))
    n_words = packed & _MASK
    n_alpha = (packed >> _FIELD) & _MASK
    n_syllables = (packed >> 2 * _FIELD) & _MASK
    spaces = len(headline) - ((packed >> 3 * _FIELD) & _MASK)  # characters outside the tokens
    if headline.count(" ") == spaces:  # they are all plain spaces (nearly always): 278 units each
        units = ((packed >> 4 * _FIELD) & _MASK) + 278 * spaces
    else:
        units = sum(width_units(headline))
    if packed >> 5 * _FIELD:
        uncommon, jargon, acronyms = _listed_words(tokens, syllables)
    else:
        uncommon, jargon, acronyms = [], [], []
    width = round(units * 20.0 / 1000.0, 1)  # text_width_px
    channels = channels_from_width(headline, options, units, width)
    return {
        "words": n_words,
        "characters": len(headline),
        "pixel_width": width,
        "uncommon_word_share": round(len(uncommon) / n_alpha, 3) if n_alpha else 0.0,
        "uncommon_words": uncommon,
        "syllables_per_word": round(n_syllables / n_alpha, 2) if n_alpha else 0.0,
        "acronyms": acronyms,
        "jargon": jargon,
        "channels": channels,
    }
