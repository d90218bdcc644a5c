"""One tokenisation per headline, shared by every component that reads its words.

The sensationalism triggers, the readability measures, the house-style checks, the
quality score and the explanation each look at a headline's words, and used to run their
own regexes over it, each several times. ``headline_text(text)`` returns one immutable
``HeadlineText`` per distinct headline (a small cache that outlives a batch of 512), whose
views are computed on first use and then shared: the trigger words and their set, the
readability words, the house-style words, the quality words and the whitespace tokens.
Each view keeps the token rule its component has always used (the results are pinned
by tests/test_outputs_unchanged.py), so sharing changes what is computed how often,
never what it is.

Runtime code: the standard library only.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "HeadlineText",
    "STYLE_WORD",
    "TOKEN",
    "READABILITY_WORD",
    "QUALITY_WORD",
    "headline_text",
    "normal_word",
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


class HeadlineText:
    """A headline's token views, each computed once on first use (never changed afterwards).

    Views are tuples and frozensets, so no component can alter what another reads.
    """

    __slots__ = ("_quality", "_readability", "_style", "_vocabulary", "_whitespace", "_words", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._words: tuple[tuple[int, int, str], ...] | None = None
        self._vocabulary: frozenset[str] | None = None
        self._readability: tuple[str, ...] | None = None
        self._style: tuple[tuple[int, int, str], ...] | None = None
        self._quality: tuple[str, ...] | None = None
        self._whitespace: tuple[tuple[str, int, int], ...] | None = None

    @property
    def words(self) -> tuple[tuple[int, int, str], ...]:
        """(start, end, normalised word) of every trigger word (``word_spans``)."""
        if self._words is None:
            self._words = tuple(word_spans(self.text))
        return self._words

    @property
    def vocabulary(self) -> frozenset[str]:
        """The set of normalised trigger words."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(w for _, _, w in self.words)
        return self._vocabulary

    @property
    def readability_words(self) -> tuple[str, ...]:
        if self._readability is None:
            self._readability = tuple(READABILITY_WORD.findall(self.text))
        return self._readability

    @property
    def style_words(self) -> tuple[tuple[int, int, str], ...]:
        """(start, end, word) of every house-style word."""
        if self._style is None:
            self._style = tuple((m.start(), m.end(), m.group()) for m in STYLE_WORD.finditer(self.text))
        return self._style

    @property
    def quality_words(self) -> tuple[str, ...]:
        if self._quality is None:
            self._quality = tuple(QUALITY_WORD.findall(self.text))
        return self._quality

    @property
    def whitespace_tokens(self) -> tuple[tuple[str, int, int], ...]:
        """(token, start, end) of every run of non-space characters."""
        if self._whitespace is None:
            self._whitespace = tuple(
                (m.group(), m.start(), m.end()) for m in WHITESPACE_TOKEN.finditer(self.text)
            )
        return self._whitespace


@lru_cache(maxsize=4096)
def headline_text(text: str) -> HeadlineText:
    """The shared ``HeadlineText`` of ``text``: a batch's components all get the same object.

    The cache holds more than a batch (512), so the sensationalism pass over a batch and the
    per-headline pass after it share every view; a pure function of the string, so safe to share.
    """
    return HeadlineText(text)
