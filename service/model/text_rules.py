"""Word rules of headline text, in one home: the fitted models' word token, closed word classes
(stop words, pronouns, question words), superlatives, and the token rules of the scoring core.

They sit apart from the scikit-learn transformers (``features``, ``hyperbole``) so that scoring
a headline never imports scikit-learn: the cues, the hyperbole features and the sensationalism
triggers read these rules whether they run inside a fitted ``Pipeline`` or from the bundle's
compiled runtime form (``service.model.runtime``).

The scoring core's components each read a headline's words by their own rule (the results are
pinned by tests/test_outputs_unchanged.py, so the rules stay as they are: ``TRIGGER_WORD``,
``READABILITY_WORD``, ``STYLE_WORD``, ``QUALITY_WORD``). Each component computes its tokens once per
headline and passes them to every step that reads them (the triggers, their cues and the loaded
words share one ``word_spans``; the case and numeral checks one ``style_words``). Readability, house
style, quality and the not-a-headline check share one split per headline and one cache per
whitespace token (``service/analysis/token_facts.py``): none of their rules' words crosses a space.
No per-headline cache: measured over 20,000 headlines, a per-headline object shared through a cache
saved less than the garbage collector then spent on the live objects it kept (+7 to +13 µs per
headline); a headline's words are handed from component to component by ``analyze_batch`` instead.

Imports: the standard library and numpy only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np

__all__ = [
    "FIRST_PERSON",
    "FORWARD_REFERENCE",
    "NOT_SUPERLATIVE",
    "QUALITY_WORD",
    "QUESTION_WORDS",
    "READABILITY_WORD",
    "SECOND_PERSON",
    "STOP_WORDS",
    "STYLE_WORD",
    "SUPERLATIVE_WORDS",
    "TOKEN",
    "TRIGGER_WORD",
    "check_texts",
    "is_superlative",
    "normal_word",
    "style_words",
    "superlative_spans",
    "whitespace_tokens",
    "word_spans",
]

TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


FORWARD_REFERENCE = _word_set("this these here here's heres this's that's thats they those it")
SECOND_PERSON = _word_set(
    "you your you're youre yours yourself yourselves you'll you've you'd ya",
)
FIRST_PERSON = _word_set("i me my we our us i'm i've we're")
QUESTION_WORDS = _word_set(
    "what why how who which when where whose can should will would is are do does",
)
STOP_WORDS = _word_set(
    """
    a an the and or but if of at by for with about against between into through during before after
    above below to from up down in out on off over under again further then once here there when where
    why how all any both each few more most other some such no nor not only own same so than too very
    s t can will just don should now is are was were be been being have has had having do does did i
    me my we our you your he him his she her it its they them their what which who whom this that these
    those am
    """
)
# Irregular and frequent superlatives; regular ones are caught by form ("-est").
SUPERLATIVE_WORDS = _word_set("best worst most least greatest biggest largest smallest latest ultimate top")
# Words ending in "-est" that are no superlative.
NOT_SUPERLATIVE = _word_set(
    """
    interest honest modest forest protest request suggest digest contest harvest arrest invest west rest
    test nest guest quest chest pest vest manifest earnest conquest priest inquest behest unrest detest
    attest infest molest wrest crest lest zest fest jest
    """
)


def check_texts(X: Iterable[str], name: str = "X") -> list[str]:
    """Turn ``X`` into a list of strings, refusing a bare string (the classic one-headline bug)."""
    if isinstance(X, str | bytes):
        raise ValueError(f"{name}: an iterable of texts is expected, a single string was received")
    if hasattr(X, "ndim") and getattr(X, "ndim", 1) == 2:
        X = np.asarray(X)[:, 0]
    return ["" if x is None else str(x) for x in X]


def is_superlative(word: str) -> bool:
    """An irregular superlative, or a longer alphabetic "-est" word that is not a known non-superlative."""
    low = word.lower()
    if low in SUPERLATIVE_WORDS:
        return True
    return len(low) > 5 and low.endswith("est") and low not in NOT_SUPERLATIVE and low.isalpha()


def superlative_spans(text: str) -> list[tuple[int, int]]:
    """Spans of superlatives: "-est" forms, irregular ones, and "most"/"least" + adjective."""
    spans: list[tuple[int, int]] = []
    lowered = text.lower()
    if "st" not in lowered and "top" not in lowered and "ultimate" not in lowered:
        return spans  # every superlative word holds one of these (most headlines hold none: skip the scan)
    matches = list(TOKEN.finditer(text))
    for i, m in enumerate(matches):
        low = m.group().lower()
        if low in ("most", "least") and i + 1 < len(matches):
            nxt = matches[i + 1]
            if nxt.group().lower() not in STOP_WORDS and nxt.start() - m.end() <= 1:
                spans.append((m.start(), nxt.end()))
                continue
        if low not in ("most", "least") and is_superlative(low):
            spans.append((m.start(), m.end()))
    return spans


# Trigger words: letters with inner apostrophes ("won't"), normalised by ``normal_word``.
TRIGGER_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
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
        return [(m.start(), m.end(), m.group().strip("'")) for m in TRIGGER_WORD.finditer(text.lower())]
    return [(m.start(), m.end(), normal_word(m.group())) for m in TRIGGER_WORD.finditer(text)]


def whitespace_tokens(text: str) -> list[tuple[str, int, int]]:
    """(token, start, end) of every run of non-space characters (what the explanation attributes to)."""
    return [(m.group(), m.start(), m.end()) for m in WHITESPACE_TOKEN.finditer(text)]


def style_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) of every house-style word."""
    return [(m.start(), m.end(), m.group()) for m in STYLE_WORD.finditer(text)]
