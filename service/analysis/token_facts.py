"""One tokenisation per headline for readability, house style, quality and the not-a-headline check.

Each of these reads a headline's words by its own rule (``READABILITY_WORD``, ``STYLE_WORD``,
``QUALITY_WORD``, the not-a-headline ``WORD``; pinned by tests/test_outputs_unchanged.py), but no
rule's word crosses whitespace, so a headline's words under every rule are its whitespace tokens'
words in order. A headline is therefore split once (``str.split``) and each token looked up once in
one bounded cache whose entry holds everything these components need about it (``_token_facts``):
the counts they add up, packed into one int so a headline's counts are one ``sum``; the house-style
case code and the quality code of each of its words, as bytes; and the uncommon words, jargon and
acronyms readability lists by name. ``headline_words`` gives a headline's ``HeadlineWords``, which
``analyze_batch`` computes once and hands to every component; a component called alone computes it
itself, by the same function, so there is one route. tests/service/test_surface_fast_paths.py and
tests/service/test_surface_token_facts.py pin every component's answer from these facts to its
plain rule over the whole headline.

The quality codes depend on the valence lexicon (an emotion word is no name), so the cache belongs
to one lexicon: another one gets a fresh cache. The syllable table only makes a first lookup faster
(it gives textstat's numbers, tests/training/test_syllables.py), so it is no part of the key.
"""

from __future__ import annotations

import re
from operator import itemgetter
from typing import NamedTuple

from service.analysis.channels import width_units
from service.model.text_rules import QUALITY_WORD, READABILITY_WORD, STOP_WORDS, STYLE_WORD

__all__ = ["HeadlineWords", "headline_words", "word_facts", "words_of_batch"]

WORD_CACHE_LIMIT = 200_000  # tokens cached, as the other per-word caches (service/model/cues.py)

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


# --- Readability and the not-a-headline check: counts, one ``FIELD``-bit field each of the packed int.
FIELD = 40  # no count of one headline comes near 2**40
MASK = (1 << FIELD) - 1
# The field of each count: readability words, alphabetic words, syllables, characters, width units,
# whether the token lists a word (uncommon, jargon, acronym); the not-a-headline words and stop words.
WORDS, ALPHA, SYLLABLES, CHARACTERS, UNITS, LISTED, NOTICE_WORDS, NOTICE_STOP_WORDS = (
    FIELD * i for i in range(8)
)
ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}|\b[A-Z][A-Z0-9]{1,5}s?\b")
NOTICE_WORD = re.compile(r"[^\W\d_]{2,}")  # a word of the not-a-headline check: letters only


def _readability_facts(token: str, table) -> tuple[int, tuple | None]:
    """(packed readability counts, (uncommon words, jargon, acronyms) or ``None``) of one token.

    ``ACRONYM``'s word boundaries fall where a space would put them, so a headline's acronyms are
    its tokens' too.
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
        len(words) << WORDS
        | n_alpha << ALPHA
        | n_syllables << SYLLABLES
        | len(token) << CHARACTERS
        | sum(width_units(token)) << UNITS
        | (listed is not None) << LISTED
    )
    return packed, listed


def _notice_counts(token: str) -> int:
    """The not-a-headline words of one token and how many are English stop words, packed."""
    words = NOTICE_WORD.findall(token)
    return len(words) << NOTICE_WORDS | sum(w.lower() in STOP_WORDS for w in words) << NOTICE_STOP_WORDS


# --- House style: the case of each word (bit 8: a number word; bit 16: four capitals in a row, which
# every ``SHOUT`` match is inside, since a house-style word runs over letters).
CAPITALS, LOWER_MAJOR, LOWER_MINOR, CAPITAL_MINOR, CAPITAL_MAJOR, NUMBER, FOUR_CAPITALS = 0, 1, 2, 3, 4, 8, 16
CASE = 7
_FOUR_CAPITALS_RUN = re.compile(r"[A-Z]{4}")
# Words title case leaves in lower case (AP/Chicago short function words).
MINOR_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "but",
        "or",
        "nor",
        "for",
        "so",
        "yet",
        "as",
        "at",
        "by",
        "in",
        "of",
        "off",
        "on",
        "per",
        "to",
        "up",
        "via",
        "vs",
        "with",
        "from",
        "into",
        "onto",
        "over",
        "than",
    ]
)
NUMBER_WORDS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
)


def word_case(word: str) -> int:
    """All capitals (never a case fault: an acronym or shouting), else the first letter's case and
    whether title case leaves the word in lower case; plus whether it is a small number's word."""
    low = word.lower()
    if word.isupper():
        code = CAPITALS
    elif word[0].isupper():
        code = CAPITAL_MINOR if low in MINOR_WORDS else CAPITAL_MAJOR
    else:
        code = LOWER_MINOR if low in MINOR_WORDS else LOWER_MAJOR
    if low in NUMBER_WORDS:
        code |= NUMBER
    return code | FOUR_CAPITALS if _FOUR_CAPITALS_RUN.search(word) else code


# --- Quality (specificity): what one capitalised-or-not word says about names (bit 4: a preposition).
LOWER, COMMON, UNCOMMON, NAME, PREPOSITION = 0, 1, 2, 3, 4
PREPOSITIONS = frozenset(
    ["in", "at", "from", "of", "to", "for", "with", "on", "by", "near", "outside", "inside", "across"]
)


def word_code(word: str, valence: dict, table=None) -> int:
    """What ``word`` is wherever it stands: a name whatever its place (an acronym, a possessive, an
    inner capital), an uncommon capitalised word (a name after a preposition or outside Title Case,
    never first), a common capitalised word, or a lower-case one; plus whether it is a preposition."""
    if word[0].isupper():
        low = word.lower()
        if word.isupper() and len(word) >= 2:
            # An acronym; a shouted emotion word is not one.
            code = NAME if low.rstrip("s") not in valence and low not in valence else COMMON
        # An inner capital: ``word`` is ASCII letters, dots and apostrophes, so lower case changes it.
        elif word.endswith(("'s", "’s")) or low[1:] != word[1:]:
            code = NAME
        elif len(low) <= 2 or low in valence or word_facts(word, table)[1]:  # facts of word.lower()
            code = COMMON
        else:
            code = UNCOMMON
    else:
        code = LOWER
    return code if code == NAME or word.lower() not in PREPOSITIONS else code | PREPOSITION


# --- The one cache and a headline's words.
TokenFacts = tuple[int, bytes, bytes, "tuple | None"]  # packed counts, case codes, quality codes, listed
_PACKED = itemgetter(0)
_new_tuple = tuple.__new__
STYLE_CODES = itemgetter(1)
QUALITY_CODES = itemgetter(2)


def _token_facts(token: str, valence: dict, table) -> TokenFacts:
    """Everything the surface components need about one whitespace token (see the module docstring)."""
    packed, listed = _readability_facts(token, table)
    return (
        packed | _notice_counts(token),
        bytes(map(word_case, STYLE_WORD.findall(token))),
        bytes(word_code(word, valence, table) for word in QUALITY_WORD.findall(token)),
        listed,
    )


class _TokenFacts(dict):
    """``_token_facts`` of every whitespace token seen so far, for one valence lexicon (bounded;
    ``table``: the syllable table of the last caller, used for the tokens not seen yet)."""

    def __init__(self, valence: dict) -> None:
        super().__init__()
        self.valence = valence
        self.table = None

    def __missing__(self, token: str) -> TokenFacts:
        facts = _token_facts(token, self.valence, self.table)
        if len(self) >= WORD_CACHE_LIMIT:
            self.clear()
        self[token] = facts
        return facts


_NO_VALENCE: dict = {}
_ANY: dict = {}  # "whatever lexicon the cache holds": for callers whose facts do not depend on it
_KEEP = object()  # "whatever syllable table the cache was last given": for callers that have none
_CACHE = _TokenFacts(_NO_VALENCE)


class HeadlineWords(NamedTuple):
    """A headline's whitespace tokens, each token's facts, and their counts added up (``packed``)."""

    tokens: list[str]
    facts: list[TokenFacts]
    packed: int

    def total(self, field: int) -> int:
        """One count of the headline (``WORDS``, ``ALPHA``, ...: the field's shift)."""
        return (self.packed >> field) & MASK


def _cache(valence: dict | None, table) -> _TokenFacts:
    global _CACHE
    cache = _CACHE
    if valence is not _ANY and cache.valence is not (valence or _NO_VALENCE):
        last_table = cache.table
        cache = _CACHE = _TokenFacts(valence or _NO_VALENCE)
        cache.table = last_table
    if table is not _KEEP:
        cache.table = table
    return cache


def headline_words(headline: str, valence: dict | None = _ANY, table=_KEEP) -> HeadlineWords:
    """The ``HeadlineWords`` of one headline: one split, one cached lookup per token, one ``sum``.

    ``valence`` is the lexicon the quality codes follow (``None``: none); a caller that reads no
    quality code may leave it out. ``table`` is the bundle's ``SyllableTable`` (``None``: textstat),
    which only makes a first lookup faster; a caller without one leaves it out and keeps the last.
    """
    tokens = headline.split()
    facts = list(map(_cache(valence, table).__getitem__, tokens))
    return HeadlineWords(tokens, facts, sum(map(_PACKED, facts)))


def words_of_batch(headlines: list[str], valence: dict | None = _ANY, table=_KEEP) -> list[HeadlineWords]:
    """``headline_words`` of every headline of a batch (``valence`` and ``table`` as there)."""
    lookup = _cache(valence, table).__getitem__
    out: list[HeadlineWords] = []
    append = out.append
    for headline in headlines:
        tokens = headline.split()
        facts = list(map(lookup, tokens))
        # ``HeadlineWords(...)`` without the named tuple's Python-level ``__new__`` (same object, ~0.1 µs less)
        append(_new_tuple(HeadlineWords, (tokens, facts, sum(map(_PACKED, facts)))))
    return out
