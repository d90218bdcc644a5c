"""Headline readability and channel fit: what formulas cannot say about a dozen words.

Flesch and friends are meaningless on a headline (four words score Flesch 118,
grade -2), so a headline gets concrete measures instead: words, characters,
rendered width, uncommon words, syllables per word, acronyms and jargon, and where
each channel (search result, social card, schema.org) would cut it (``channels``).
"""

from __future__ import annotations

from itertools import repeat

import numpy as np

from service.analysis.channels import channel_fit, channels_from_width, text_width_px, width_units
from service.analysis.options import AnalysisOptions
from service.analysis.token_facts import (
    ALPHA,
    CHARACTERS,
    LISTED,
    SYLLABLES,
    UNITS,
    WORDS,
    HeadlineWords,
    headline_words,
    word_facts,
    words_of_batch,
)
from service.model.numbers import FEW, rounded

__all__ = ["batch_readability", "headline_readability", "text_width_px", "channel_fit", "word_facts"]


def _listed_words(words: HeadlineWords) -> tuple[list[str], list[str], list[str]]:
    """Uncommon words, jargon and acronyms of the tokens, in order (the acronyms sorted, once each)."""
    uncommon: list[str] = []
    jargon: list[str] = []
    acronyms: set[str] = set()
    for facts in words.facts:
        listed = facts[3]
        if listed is not None:
            uncommon += listed[0]
            jargon += listed[1]
            acronyms.update(listed[2])
    return uncommon, jargon, sorted(acronyms)


def headline_readability(
    headline: str, options: AnalysisOptions, syllables=None, words: HeadlineWords | None = None
) -> dict:
    """Concrete readability measures of a headline (``syllables``: the bundle's ``SyllableTable``).

    ``words``: the headline's ``HeadlineWords`` when the caller has them (its counts are read from them).
    """
    measured = _measure(headline, words or headline_words(headline, table=syllables))
    _, n_alpha, n_syllables, units, (uncommon, _, _) = measured
    return _result(
        headline,
        options,
        measured,
        round(units * 20.0 / 1000.0, 1),  # text_width_px
        round(len(uncommon) / n_alpha, 3) if n_alpha else 0.0,
        round(n_syllables / n_alpha, 2) if n_alpha else 0.0,
    )


def batch_readability(
    headlines: list[str],
    options: AnalysisOptions,
    syllables=None,
    words: list[HeadlineWords] | None = None,
) -> list[dict]:
    """``headline_readability`` of every headline, its shown ratios and widths rounded once per batch.

    Python's ``round(x, digits)`` costs ~0.25 µs a call and a result shows three of them; the
    numbers are the same bit for bit (``service.model.numbers.rounded``). ``words``: the headlines'
    ``HeadlineWords`` when the caller has them.
    """
    if words is None:
        words = words_of_batch(headlines, table=syllables)
    if len(headlines) < FEW:  # a few: numpy's per-call cost is more than ``round``'s
        return [headline_readability(h, options, syllables, w) for h, w in zip(headlines, words, strict=True)]
    measured = [_measure(h, w) for h, w in zip(headlines, words, strict=True)]
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


def _measure(
    headline: str, words: HeadlineWords
) -> tuple[int, int, int, int, tuple[list[str], list[str], list[str]]]:
    """(words, alphabetic words, syllables, width units, (uncommon words, jargon, acronyms)) of a headline."""
    n_words, n_alpha, n_syllables = words.total(WORDS), words.total(ALPHA), words.total(SYLLABLES)
    spaces = len(headline) - words.total(CHARACTERS)  # characters outside the tokens
    # Plain spaces outside the tokens (nearly always) are 278 units each; other whitespace is measured.
    units = words.total(UNITS) + 278 * spaces if headline.count(" ") == spaces else sum(width_units(headline))
    listed = _listed_words(words) if words.total(LISTED) else ([], [], [])
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
