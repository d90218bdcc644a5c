"""Trigger spans of sensational framing, and the cue vector the sensationalism head reads.

Runtime code (the service calls it for every headline, training calls it to build the
head's features), so it imports only the standard library and the text rules beside it.
The evidence is trigger spans found with word lists and patterns: hyperbole,
superlatives, intensifiers, emotionally loaded words, urgency or alarm, absolutes,
shouting, overstated causal claims and stock clickbait phrases. The word lists are in
``trigger_words.py``; the phrase lists are compiled and gated in ``phrases.py``, so most
headlines skip their regexes; the token rule is in ``text_rules.py``, and one ``word_spans``
per headline serves the triggers and the cues.

This module is the plain definition (``triggers_and_cues``; training's ``cue_matrix`` reads it).
The service scores with ``trigger_scan.scan_sums`` and ``cue_array``, the same spans and cues in
fewer steps (the phrase lists through ``phrases.PhraseIndex``); the steps both share are
``select_spans``, ``unhedged_causal``, ``exclamation_candidates``, ``category_cues`` and ``cue_list`` here.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from functools import lru_cache

from service.model.phrases import PhraseIndex, add_candidates, compiled_lists
from service.model.text_rules import normal_word, superlative_spans, word_spans
from service.model.trigger_words import (
    ABSOLUTES,
    CAUSAL_EFFECT_STOPPERS,
    CAUSAL_EFFECTS,
    CAUSAL_VERBS,
    DRAMATIC,
    INTENSIFIERS,
    RESEARCH_FRAME,
    URGENCY,
)

__all__ = [
    "CATEGORIES",
    "CUE_NAMES",
    "find_triggers",
    "cue_vector",
    "emotional_intensity",
    "triggers_and_cues",
    "word_spans",
]

CATEGORIES = (
    "hyperbole",
    "superlative",
    "intensifier",
    "emotional",
    "dramatic",
    "urgency",
    "absolute",
    "shouting",
    "causal_claim",
    "clickbait_phrase",
)
EMOTIONAL_VALENCE = 2.5  # |VADER valence| from which a word counts as loaded ("agreement" is 2.2)
MAX_COUNT = 3  # counts are capped: a fourth superlative tells nothing new
# The per-category cues (counts, presence, number of categories) of a headline without triggers.
NO_TRIGGER_CUES = (0.0,) * (2 * len(CATEGORIES) + 1)
_CAPPED = tuple(float(n) for n in range(MAX_COUNT + 1))  # float(min(n, MAX_COUNT)) of n = 0..MAX_COUNT


CAUSAL_WORD = re.compile(r"[a-z0-9][a-z0-9'’-]*")
EFFECT_REACH = 6  # words after a causal verb where its effect may stand ("increases recipients' risk")
HEDGED = re.compile(r"\b(?:may|might|could|linked|associated|tied|correlat\w*|suggests?|possibl[ey])\b", re.I)
SHOUT_WORD = re.compile(r"\b[A-Z][A-Z'’]{2,}\b")
EXCLAMATION = re.compile(r"[!¡]+(?:[?!]*)")
QUOTED = re.compile(r"[\"“‘](?=\w)[^\"“”‘’]{1,120}?[\"”’](?!\w)|(?<![\w])'(?=\w)[^']{1,120}?'(?!\w)")
PRIORITY = {
    c: i
    for i, c in enumerate(
        (
            "clickbait_phrase",
            "causal_claim",
            "urgency",
            "hyperbole",
            "dramatic",
            "superlative",
            "absolute",
            "intensifier",
            "emotional",
            "shouting",
        )
    )
}

# The category of a word of the word lists: one lookup per word. A word on several lists
# counts for the first of absolute, urgency, intensifier, dramatic (later lists are written
# first, so the earlier ones overwrite them).
WORD_CATEGORY: dict[str, str] = {
    **dict.fromkeys(DRAMATIC, "dramatic"),
    **dict.fromkeys(INTENSIFIERS, "intensifier"),
    **dict.fromkeys(URGENCY, "urgency"),
    **dict.fromkeys(ABSOLUTES, "absolute"),
}


class TriggerFacts:
    """What each word of a model's lists means to the triggers and the cues, built once per lexicon pair.

    ``categories``: per word, the categories it is a trigger of on its own (hyperbolic word, listed
    word, or else an emotional one by its valence); ``causal``: the causal verbs; ``shout``: the words a
    shouted word must be to count; ``valence``: per word with a finite numeric valence, the factors the
    cues read (noisy-or factor, capped |valence|, loaded or not). Looking a headline's words up here
    once replaces three to five lookups per word; most words are in none of them.
    """

    def __init__(self, lexicons: dict, valence: dict):
        self.lexicons, self.all_valence = lexicons, valence
        self.lists, hyperbolic = compiled_lists(lexicons)
        self.hyperbolic = hyperbolic
        # No list's anchor among a headline's words: no phrase list can match (``PhraseList.spans``).
        self.phrase_anchors = frozenset().union(*(phrases.anchors for phrases in self.lists.values()))
        self.phrases_always = any(phrases.always for phrases in self.lists.values())
        self.phrase_index = PhraseIndex(self.lists)  # ``trigger_scan``'s route for ASCII text
        categories: dict[str, tuple[str, ...]] = {}
        emotional = {
            w for w, v in valence.items() if isinstance(v, int | float) and abs(v) >= EMOTIONAL_VALENCE
        }
        for word in {*hyperbolic, *WORD_CATEGORY, *emotional}:
            found: tuple[str, ...] = ("hyperbole",) if word in hyperbolic else ()
            listed = WORD_CATEGORY.get(word)
            if listed is not None:
                found += (listed,)
            elif word in emotional:
                found += ("emotional",)
            if found:
                categories[word] = found
        self.categories = categories
        self.keys = frozenset(categories) | CAUSAL_VERBS
        self.valence = {
            w: (1.0 - min(abs(float(v)) / 4.0, 1.0), min(abs(float(v)), 4.0), abs(v) >= 2.0)
            for w, v in valence.items()
            if isinstance(v, int | float) and math.isfinite(v)
        }
        # A shouted word counts when it is a word of a lexicon (acronyms are not).
        self.shout_keys = frozenset(valence) | frozenset(WORD_CATEGORY) | hyperbolic
        # Everything a word means, in one lookup: (its categories, causal verb or not, its valence factors).
        self.facts = {
            w: (categories.get(w, ()), w in CAUSAL_VERBS, self.valence.get(w))
            for w in {*categories, *CAUSAL_VERBS, *self.valence}
        }
        self.fact_keys = frozenset(self.facts)
        # The words that matter to the scan's phrase and word passes: one intersection tells both.
        self.scan_keys = self.fact_keys | self.phrase_index.keys


_TABLES: dict[tuple[int, int], tuple[dict, dict, TriggerFacts]] = {}
_NO_LEXICONS: dict = {}  # what ``cue_vector`` looks words up with: it reads the valences only


def trigger_facts(lexicons: dict, valence: dict) -> TriggerFacts:
    """The trigger facts of this lexicon and valence pair (dicts a model loads once; never changed after)."""
    cached = _TABLES.get((id(lexicons), id(valence)))
    if cached is not None and cached[0] is lexicons and cached[1] is valence:
        return cached[2]
    table = TriggerFacts(lexicons, valence)
    if len(_TABLES) > 8:  # models are few; never let the cache grow with callers' dicts
        _TABLES.clear()
    _TABLES[(id(lexicons), id(valence))] = (lexicons, valence, table)
    return table


def _candidates(
    text: str,
    words: Sequence[tuple[int, int, str]],
    table: TriggerFacts,
    shouts: list[re.Match[str]],
    vocabulary: set[str],
) -> list[tuple[int, int, str]]:
    """Every trigger span found, overlapping and in no order (``select_spans`` sorts and dedups them).

    ``vocabulary``: the set of the words of ``words``.
    """
    found: list[tuple[int, int, str]] = []
    causal: list[tuple[int, int, str]] = []
    phrase_candidates(text, table, vocabulary, found, causal)
    if not table.keys.isdisjoint(vocabulary):
        categories = table.categories
        for i, (s, e, w) in enumerate(words):
            listed = categories.get(w)
            if listed is not None:
                found += [(s, e, c) for c in listed]
            # A causal verb needs a subject before it: "Coffee cures cancer", not "Cure for cancer found".
            if i > 0 and w in CAUSAL_VERBS:
                causal.append((s, e, "causal_claim"))
    unhedged_causal(text, causal, found)
    found += [(s, e, "superlative") for s, e in superlative_spans(text)]
    n_letters = sum(map(str.isalpha, text))
    if n_letters >= 12 and sum(map(str.isupper, text)) / n_letters > 0.8:
        found.append((0, len(text), "shouting"))
    else:
        for m in shouts:
            # Acronyms (NASA, FBI) are short and not words: only shout when the word is in a lexicon.
            if normal_word(m.group()) in table.shout_keys:
                found.append((m.start(), m.end(), "shouting"))
    exclamation_candidates(text, found)
    return found


def phrase_candidates(
    text: str, table: TriggerFacts, vocabulary: set[str], found: list, causal: list
) -> None:
    """Add the phrase lists' spans to ``found`` (the causal ones to ``causal``: a hedge withdraws them)."""
    if table.phrases_always or not table.phrase_anchors.isdisjoint(vocabulary):
        for category, phrase_list in table.lists.items():
            if not phrase_list.always and phrase_list.anchors.isdisjoint(vocabulary):
                continue  # what ``spans`` checks first, without the call: most lists stop here
            add_candidates(category, phrase_list.spans(text, vocabulary), found, causal)


def unhedged_causal(text: str, causal: list, found: list) -> None:
    """Add the causal claims to ``found`` unless a hedge ("may", "linked") withdraws every one.

    A candidate is a claim only about an effect (``trigger_words.CAUSAL_EFFECTS`` within
    ``EFFECT_REACH`` words after it, not a count such as "death toll") or in a headline framed as
    research: "Coffee raises cancer risk" is one, "Central bank raises interest rates" is not.
    """
    if not causal or HEDGED.search(text):
        return
    words = [w.strip("'’") for w in CAUSAL_WORD.findall(text.lower())]
    if not RESEARCH_FRAME.isdisjoint(words):
        found += causal
        return
    found += [span for span in causal if _effect_follows(text, span[1])]


def _effect_follows(text: str, end: int) -> bool:
    """An effect word within ``EFFECT_REACH`` words after ``end``, not a count ("death toll")."""
    after = [w.strip("'’") for w in CAUSAL_WORD.findall(text[end:].lower(), 0, 200)][: EFFECT_REACH + 1]
    for i, word in enumerate(after[:EFFECT_REACH]):
        if word in CAUSAL_EFFECTS and (i + 1 == len(after) or after[i + 1] not in CAUSAL_EFFECT_STOPPERS):
            return True
    return False


def exclamation_candidates(text: str, found: list) -> None:
    if "!" in text or "¡" in text:
        found += [(m.start(), m.end(), "shouting") for m in EXCLAMATION.finditer(text)]


def select_spans(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans, longer first, then by category priority (O(n log n): 100 KB inputs)."""
    if len(found) < 2:  # most headlines: nothing to choose between
        return found if not found or found[0][0] < found[0][1] else []
    starts: list[int] = []  # chosen spans never overlap, so sorting by start also sorts the ends
    ends: list[int] = []
    chosen: list[tuple[int, int, str]] = []
    for s, e, c in sorted(set(found), key=lambda t: (-(t[1] - t[0]), PRIORITY[t[2]], t[0])):
        if e <= s:
            continue
        i = bisect.bisect_left(starts, s)
        if (i > 0 and ends[i - 1] > s) or (i < len(starts) and starts[i] < e):
            continue
        starts.insert(i, s)
        ends.insert(i, e)
        chosen.append((s, e, c))
    return sorted(chosen)


def find_triggers(
    text: str, lexicons: dict, valence: dict, words: Sequence[tuple[int, int, str]] | None = None
) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, category) trigger spans, sorted by start.

    ``words``: the text's ``word_spans`` when the caller has them (the cues read them too).
    """
    words = word_spans(text) if words is None else words
    shouts = list(SHOUT_WORD.finditer(text))
    return select_spans(
        _candidates(text, words, trigger_facts(lexicons, valence), shouts, {w for _, _, w in words})
    )


def triggers_and_cues(
    text: str, lexicons: dict, valence: dict, hyperbole_probability: float | None
) -> tuple[list[tuple[int, int, str]], list[float], list[tuple[int, int, str]]]:
    """``find_triggers`` and ``cue_vector`` of one text from one tokenisation and one shouting scan.

    Returns the spans, the cue vector and the text's ``word_spans``.
    """
    spans, sums, words = triggers_and_sums(text, lexicons, valence)
    return spans, cue_list(spans, text, *sums, hyperbole_probability), words


def triggers_and_sums(
    text: str, lexicons: dict, valence: dict
) -> tuple[list[tuple[int, int, str]], CueSums, list[tuple[int, int, str]]]:
    """``triggers_and_cues`` before its cue vector: the spans, the word pass's ``CueSums`` and the words."""
    words = word_spans(text)
    table = trigger_facts(lexicons, valence)
    shouts = list(SHOUT_WORD.finditer(text))
    vocabulary = {w for _, _, w in words}
    spans = select_spans(_candidates(text, words, table, shouts, vocabulary))
    return spans, (*_word_sums(text, words, table, vocabulary), len(shouts)), words


def emotional_intensity(words: Sequence[tuple[int, int, str]], valence: dict) -> float:
    """Noisy-or of the words' absolute VADER valences scaled to 0..1: 0 for neutral wording."""
    keep = 1.0
    for _, _, w in words:
        v = valence.get(w)
        if isinstance(v, int | float) and math.isfinite(v):
            keep *= 1.0 - min(abs(float(v)) / 4.0, 1.0)
    return 1.0 - keep


# What ``cue_list`` reads besides the spans: the word pass's noisy-or product (``keep``), top |valence|,
# loaded words, loaded words in quotation marks, and the number of shouted words.
CueSums = tuple[float, float, int, int, int]

CUE_NAMES: tuple[str, ...] = (
    *(f"count_{c}" for c in CATEGORIES),
    *(f"has_{c}" for c in CATEGORIES),
    "n_categories",
    "emotional_intensity",
    "max_valence",
    "loaded_words",
    "loaded_words_quoted",
    "exclamations",
    "shouted_words",
    "hyperbole_probability",
)


def cue_vector(
    text: str,
    spans: list[tuple[int, int, str]],
    words: Sequence[tuple[int, int, str]],
    valence: dict,
    hyperbole_probability: float | None,
) -> list[float]:
    """The hand-made cues of the sensationalism head, in ``CUE_NAMES`` order.

    Trigger counts and presence per category, how many categories are stacked, the
    words' emotional load (noisy-or, max, count of loaded words, and of those inside
    quotation marks: the rubric counts an outlet's own loaded words more than quoted
    ones), exclamations, shouted words and the hyperbole detector's probability.
    """
    sums = _word_sums(text, words, trigger_facts(_NO_LEXICONS, valence))
    return cue_list(spans, text, *sums, len(SHOUT_WORD.findall(text)), hyperbole_probability)


def _word_sums(
    text: str,
    words: Sequence[tuple[int, int, str]],
    table: TriggerFacts,
    vocabulary: set[str] | None = None,
) -> tuple[float, float, int, int]:
    """The word pass of ``cue_vector``: the noisy-or's product, the top |valence|, the loaded words and
    those inside quotation marks (``vocabulary``: the set of the words, when known)."""
    quoted: list[tuple[int, int]] | None = None  # found on the first loaded word only
    loaded = loaded_quoted = 0
    top = 0.0
    keep = 1.0  # emotional_intensity's noisy-or, in the same pass and the same order
    factors = table.valence
    # No word with a valence (about half the headlines): the noisy-or and the counts stay at zero.
    rated = vocabulary is None or not factors.keys().isdisjoint(vocabulary)
    for s, _, w in words if rated else ():
        factor = factors.get(w)
        if factor is None:
            continue
        keep *= factor[0]
        top = max(top, factor[1])
        if factor[2]:
            loaded += 1
            if quoted is None:
                has_quote = any(q in text for q in "\"“‘'")
                quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)] if has_quote else []
            if any(a <= s < b for a, b in quoted):
                loaded_quoted += 1
    return keep, top, loaded, loaded_quoted


@lru_cache(maxsize=4096)
def category_cues(categories: tuple[str, ...]) -> tuple[float, ...]:
    """Counts and presence per category and the number of categories, of spans of these categories.

    Cached: headlines repeat few combinations of categories (bounded: 4096 of them).
    """
    counts = dict.fromkeys(CATEGORIES, 0)
    for c in categories:
        counts[c] += 1
    present = [float(n > 0) for n in counts.values()]  # counts are in CATEGORIES order
    return (*[float(min(n, MAX_COUNT)) for n in counts.values()], *present, float(sum(present)))


def cue_list(
    spans: list[tuple[int, int, str]],
    text: str,
    keep: float,
    top: float,
    loaded: int,
    loaded_quoted: int,
    n_shouted: int,
    hyperbole_probability: float | None,
) -> list[float]:
    """The cue vector from the spans and the word pass's sums (``keep``: the noisy-or's product)."""
    per_category = category_cues(tuple([c for _, _, c in spans])) if spans else NO_TRIGGER_CUES
    p = 0.0 if hyperbole_probability is None else float(hyperbole_probability)
    bangs = text.count("!")
    return [  # a count n is capped as float(min(n, MAX_COUNT)): ``_CAPPED[n]`` below the cap
        *per_category,
        1.0 - keep,
        top / 4.0,
        _CAPPED[loaded] if loaded < MAX_COUNT else _CAPPED[MAX_COUNT],
        _CAPPED[loaded_quoted] if loaded_quoted < MAX_COUNT else _CAPPED[MAX_COUNT],
        _CAPPED[bangs] if bangs < MAX_COUNT else _CAPPED[MAX_COUNT],
        _CAPPED[n_shouted] if n_shouted < MAX_COUNT else _CAPPED[MAX_COUNT],
        p,
    ]


def cue_matrix(
    texts: list[str], lexicons: dict, valence: dict, hyperbole: list[float | None] | None = None
) -> tuple[list[list[tuple[int, int, str]]], list[list[float]]]:
    """Trigger spans and cue vectors of many texts: what training and serving both compute."""
    hyperbole = hyperbole if hyperbole is not None else [None] * len(texts)
    all_spans, cues = [], []
    for text, p in zip(texts, hyperbole, strict=True):
        spans, cue, _ = triggers_and_cues(text, lexicons, valence, p)
        all_spans.append(spans)
        cues.append(cue)
    return all_spans, cues
