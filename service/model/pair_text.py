"""Text rules shared by the headline–body pair features and the spoiler ranker.

One home for how a pair's text is cut up: lower-case word tokens, the lightly stemmed content
tokens the pair TF-IDF is built on (also its pickled ``analyzer``), numbers, capitalised
names, bigrams, and the refuting / hedging / negation word lists of the stance literature.
The body analysis and the spoiler ranker use the same ``content_tokens`` so that "the headline's
words" means one thing everywhere. Imports only the standard library and other
``service.model`` modules.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable

from service.model.text_rules import STOP_WORDS

__all__ = [
    "HEDGING",
    "NEGATION",
    "REFUTING",
    "bigrams",
    "check_pairs",
    "content_of",
    "content_tokens",
    "names",
    "numbers",
    "raw_tokens",
    "share",
]


_RAW = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")
# Word lists after the FNC-1 baseline (refuting) and the hedging literature (Hyland 1998).
_REFUTING_WORDS = """fake fraud hoax false deny denies denied denying not despite nope doubt doubts bogus
    debunk debunked debunks prank pranks retract retracts retracted myth untrue fabricated fabrication
    satire satirical misleading no never rumor rumour unfounded refute refuted refutes dismiss dismissed"""
_HEDGING_WORDS = """reportedly allegedly alleged according claim claims claimed rumored rumoured unconfirmed
    unverified may might could possibly apparently suggest suggests appears purportedly speculation
    speculated believed reports report reported says said if whether supposedly unclear"""
_NEGATION_WORDS = "not no never none nothing nobody neither nor n't cannot without"
REFUTING = frozenset(_REFUTING_WORDS.split())
HEDGING = frozenset(_HEDGING_WORDS.split())
NEGATION = frozenset(_NEGATION_WORDS.split())


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def raw_tokens(text: str) -> list[str]:
    """Lower-case word tokens (a curly apostrophe counts as a straight one), stop words kept."""
    return _RAW.findall(text.lower().replace("’", "'"))


def content_of(raw: list[str]) -> list[str]:
    """The content tokens of already cut ``raw_tokens``: stop words and one-letter words dropped, stemmed."""
    return [_stem(w.split("'")[0]) for w in raw if w not in STOP_WORDS and len(w) > 1]


def content_tokens(text: str) -> list[str]:
    """Lower-case, lightly stemmed tokens without stop words (the pair TF-IDF's analyzer)."""
    return content_of(raw_tokens(text))


def numbers(text: str) -> set[str]:
    """The numbers written in digits ("20", "1,000", "2.5")."""
    return set(_NUMBER.findall(text))


def names(text: str) -> set[str]:
    """Lower-cased capitalised words that do not open a sentence: a cheap proxy for names."""
    return {m.group().lower() for m in _CAPITALISED.finditer(text)} - STOP_WORDS


def bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(tokens))


def share(part: set, whole: set) -> float:
    """The share of ``part`` found in ``whole`` (0 when ``part`` is empty)."""
    return len(part & whole) / len(part) if part else 0.0


def check_pairs(pairs: Iterable, name: str = "pairs") -> list[tuple[str, str]]:
    """Validate a list of (headline, body) string pairs; a bare string is refused."""
    if isinstance(pairs, str | bytes):
        raise ValueError(f"{name}: a list of (headline, body) pairs is expected, not a single string")
    out = []
    for i, pair in enumerate(pairs):
        if isinstance(pair, str | bytes) or len(pair) != 2:
            raise ValueError(f"{name}[{i}]: expected a (headline, body) pair")
        headline, body = pair
        if not isinstance(headline, str) or not isinstance(body, str):
            raise ValueError(f"{name}[{i}]: headline and body must both be str")
        out.append((headline, body))
    return out
