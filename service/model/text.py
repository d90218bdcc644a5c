"""The token rules of the headline analysis, in one home.

The sensationalism triggers, the readability measures, the house-style checks, the
quality score and the explanation each read a headline's words, each by its own rule
(the results are pinned by tests/test_outputs_unchanged.py, so the rules stay as they
are). Each component computes its tokens once per headline and passes them to every
step that reads them (the triggers, their cues and the loaded words share one
``word_spans``; the case and numeral checks one ``style_words``), instead of each step
running its own regexes again.

No cross-component cache: measured over 20,000 headlines, a per-headline object shared
through a cache saved less than the garbage collector then spent on the thousands of
live objects it kept (+7 to +13 µs per headline), because the rules differ and so little
is actually shared.

Runtime code: the standard library only.
"""

from __future__ import annotations

import re

__all__ = [
    "QUALITY_WORD",
    "READABILITY_WORD",
    "STYLE_WORD",
    "TOKEN",
    "normal_word",
    "style_words",
    "whitespace_tokens",
    "word_spans",
]

# Trigger words: letters with inner apostrophes ("won't"), normalised by ``normal_word``.
TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*")
# Readability words: letters or digits joined by apostrophes, dots or hyphens ("U.S.", "covid-19").
READABILITY_WORD = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*")
# House-style words: letters with apostrophes and hyphens ("well-known").
STYLE_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# Quality (specificity) words: letters with dots ("U.S.") and one possessive or contraction.
QUALITY_WORD = re.compile(r"[A-Za-z][A-Za-z.]*(?:['’][A-Za-z]+)?")
WHITESPACE_TOKEN = re.compile(r"\S+")


def normal_word(word: str) -> str:
    """Lower case, curly apostrophe made straight, no apostrophe at either end."""
    return word.lower().replace("’", "'").strip("'")


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised lower-case word) of every trigger word."""
    if text.isascii():  # lower() keeps every offset of ASCII text, and ASCII has no curly apostrophe
        return [(m.start(), m.end(), m.group().strip("'")) for m in TOKEN.finditer(text.lower())]
    return [(m.start(), m.end(), normal_word(m.group())) for m in TOKEN.finditer(text)]


def whitespace_tokens(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of every run of non-space characters (what the explanation attributes to)."""
    return [(m.group(), m.start(), m.end()) for m in WHITESPACE_TOKEN.finditer(text)]


def style_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of every house-style word."""
    return [(m.start(), m.end(), m.group()) for m in STYLE_WORD.finditer(text)]
