"""Word rules of headline text shared by the fitted models and the scoring core: the word token,
closed word classes (stop words, pronouns, question words) and superlatives.

They sit apart from the scikit-learn transformers (``features``, ``hyperbole``) so that scoring
a headline never imports scikit-learn: the cues, the hyperbole features and the sensationalism
triggers read these rules whether they run inside a fitted ``Pipeline`` or from the bundle's
compiled runtime form (``service.model.runtime``).

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
    "QUESTION_WORDS",
    "SECOND_PERSON",
    "STOP_WORDS",
    "SUPERLATIVE_WORDS",
    "TOKEN",
    "check_texts",
    "is_superlative",
    "superlative_spans",
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
