"""The phrase lists of the sensationalism triggers, compiled once per model and gated per headline.

Each list is one compiled alternation (the single definition of what a phrase matches:
optional apostrophes, spaces or hyphens between words, ``*`` for one to three words, any
case). Running it on every headline was most of the triggers' cost, so two set lookups
decide first whether it can match at all:

- the list's anchor words (a phrase's longest word): no anchor among the headline's words,
  no match (the gate the lists always had);
- for ASCII text, every letter run of some phrase's words without an apostrophe ("what"
  of "what?") must be among the headline's words: such a run can only match as a whole
  token of the headline, so a phrase missing one cannot match. Most headlines that hold an anchor ("is", "you")
  hold no complete phrase, and skip the regex. Non-ASCII text skips this second gate:
  case-insensitive matching lets look-alikes ("ı", "K", "ſ") match letters the tokenizer
  does not see. A long list's regex is then narrowed to the phrases whose plain words are all
  there (compiled once per such set): the phrases left out cannot match, so the spans are the same.
Which phrases are complete depends only on which of the phrases' plain words a headline holds, so the
pattern to run (or none) is remembered per such set of words (``PhraseList._pattern_of``).

A well-kept automaton library (pyahocorasick) was considered: it would have to re-implement
the regex's optional apostrophes, separators, wildcards and Unicode case rules to give the
same spans; the gates keep the regex as the one definition and remove the same cost.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import lru_cache

from service.model.text_rules import TRIGGER_WORD, normal_word
from service.model.trigger_words import CAUSAL_PHRASES, CLICKBAIT_PHRASES, FUNCTION_WORDS, URGENCY_PHRASES

__all__ = ["PhraseIndex", "PhraseList", "add_candidates", "compiled_lists"]

# From this many phrases on, a headline's regex is the alternation of only the phrases it holds every
# plain word of (``PhraseList._subset``): a long alternation costs ~12 µs per ASCII headline, a short
# one a fraction of that. A short list is run whole: compiling subsets would not pay.
SUBSET_MIN_PHRASES = 16


class PhraseList:
    """One compiled alternation for a list of phrases, with the anchor words that gate it.

    A phrase can only match where its anchor (its longest word, the rarest in practice)
    occurs, so ``finditer`` runs only for headlines holding an anchor; in ASCII text, only
    where every plain word of one phrase occurs (see the module docstring).
    """

    def __init__(self, phrases: tuple[str, ...]):
        parts = []
        anchors: set[str] = set()
        self.always = False
        # Plain words of every phrase with the phrase's place in the alternation, indexed by its longest
        # word; ``open`` when a phrase has none.
        required: dict[str, list[tuple[frozenset[str], int]]] = {}
        self.open = False
        marks: list[str] = []
        for phrase in sorted(set(phrases), key=len, reverse=True):
            words = [w for w in re.split(r"[\s\-]+", phrase.strip().lower()) if w]
            if not words:
                continue
            literal = [w for w in words if w != "*"]
            if not literal:
                continue
            plain = [normal_word(w) for w in literal if TRIGGER_WORD.fullmatch(w)]
            # A word with punctuation ("what?") still holds a whole token ("what") wherever it matches;
            # not so with an apostrophe (optional in the pattern) or i/k/s (IGNORECASE lets "ı", "K", "ſ" match them).
            inner = [
                t.lower()
                for w in literal
                if "'" not in w and "’" not in w
                for t in TRIGGER_WORD.findall(w)
                if not set(t.lower()) & {"i", "k", "s"}
            ]
            if plain or inner:
                anchors.add(max(plain or inner, key=len))
            else:  # no word the tokenizer yields ("90s"): this list cannot be gated
                self.always = True
            pieces = [
                r"(?:[\w'’-]+[\s\-]+){0,2}[\w'’-]+" if w == "*" else re.escape(w).replace("'", "['’]?")
                for w in words
            ]
            parts.append(r"[\s\-]+".join(pieces))
            marks.append(_marks(literal))
            # The whole tokens every match holds in ASCII text: the letter runs of words without an apostrophe.
            needed = frozenset(
                t for w in literal if "'" not in w and "’" not in w for t in TRIGGER_WORD.findall(w)
            )
            if needed:
                required.setdefault(max(sorted(needed), key=len), []).append((needed, len(parts) - 1))
            else:
                self.open = True
        self.anchors = frozenset(anchors)
        self.required = {word: tuple(sets) for word, sets in required.items()}
        self.required_keys = frozenset(self.required)
        # Every plain word of every phrase: a headline's words among them decide which phrases are complete.
        self.needed_words = frozenset().union(*(n for sets in required.values() for n, _ in sets))
        self.parts = tuple(parts)
        self.marks = tuple(marks)
        self._subsets: dict[tuple[int, ...], re.Pattern[str]] = {}
        self._by_words: dict[frozenset[str], re.Pattern[str] | None] = {}
        self.pattern = _alternation(parts) if parts else None

    def spans(self, text: str, words: Collection[str]) -> list[tuple[int, int]]:
        """(start, end) of every match in ``text``; ``words``: its normalised tokens (``word_spans``)."""
        if self.pattern is None or (not self.always and self.anchors.isdisjoint(words)):
            return []
        pattern = self._pattern_of(words) if not self.open and text.isascii() else self.pattern
        if pattern is None:
            return []
        return [(m.start(), m.end()) for m in pattern.finditer(text)]

    def _pattern_of(self, words: Collection[str]) -> re.Pattern[str] | None:
        """The pattern to run on an ASCII text with these words: None where no phrase is complete.

        Which phrases are complete depends only on which of the phrases' plain words the text holds:
        remembered per such set (bounded: headlines repeat few).
        """
        key = self.needed_words.intersection(words)
        if not key:
            return None
        try:
            return self._by_words[key]
        except KeyError:
            pass
        complete = self._complete_phrases(key)
        pattern = None
        if complete:
            pattern = self._subset(complete) if len(self.parts) >= SUBSET_MIN_PHRASES else self.pattern
        if len(self._by_words) >= 4096:
            self._by_words.clear()
        self._by_words[key] = pattern
        return pattern

    def _complete_phrases(self, words: frozenset[str]) -> tuple[int, ...]:
        """Places in the alternation of the phrases whose plain words are all among ``words``."""
        required = self.required
        keys = self.required_keys.intersection(words)  # set against set: loops over the smaller one
        found = [at for word in keys for needed, at in required[word] if needed <= words]
        return tuple(sorted(found))

    def _subset(self, places: tuple[int, ...]) -> re.Pattern[str]:
        """The alternation of only these phrases, in their order: the same matches in ASCII text.

        The phrases left out cannot match anywhere in the text (a plain word of theirs is not
        among its tokens), so no position's leftmost, first-listed match changes without them;
        a short alternation is much faster than the whole list. Compiled once per set of phrases.
        """
        pattern = self._subsets.get(places)
        if pattern is None:
            if len(self._subsets) >= 4096:  # bounded: headlines repeat few combinations
                self._subsets.clear()
            pattern = self._subsets[places] = _alternation([self.parts[at] for at in places])
        return pattern


class PhraseIndex:
    """Every list's phrases indexed by their longest plain word: the lists' ASCII gate in one set lookup.

    ``PhraseList.spans`` gates, then narrows, one list at a time: four lists cost four gates and
    two frozenset lookups per headline. Here one intersection with the indexing words of every
    gated list says whether any phrase can be complete; only then are the complete phrases found
    (their plain words, and their ASCII digits and punctuation: "what?" needs a "?"), and each list
    runs the pattern of its complete phrases (``_subset``; a short list its whole pattern): the
    phrases left out cannot match, so the spans are ``spans``' (tests/service/test_trigger_scan.py pins
    the two). ASCII text only (the second gate's condition); the lists ``spans`` never narrows
    (``always``, ``open``) take ``spans``.
    """

    def __init__(self, lists: dict[str, PhraseList]):
        self.lists = lists
        self.ungated = tuple(c for c, phrases in lists.items() if phrases.always or phrases.open)
        # Per indexing word: (category, the phrase's plain words, its place in the list's alternation, the
        # ASCII marks it holds: ``PhraseList.marks``).
        self.by_word: dict[str, list[tuple[str, frozenset[str], int, str]]] = {}
        needed: set[str] = set()
        self.whole: dict[str, re.Pattern[str]] = {}  # the indexed lists' whole alternations
        for category, phrases in lists.items():
            if category in self.ungated or phrases.pattern is None:
                continue
            self.whole[category] = phrases.pattern
            needed |= phrases.needed_words
            for word, sets in phrases.required.items():
                entries = [(category, words, at, phrases.marks[at]) for words, at in sets]
                self.by_word.setdefault(word, []).extend(entries)
        self.keys = frozenset(self.by_word)
        self.needed_words = frozenset(needed)

    def candidates(
        self,
        text: str,
        words: Collection[str],
        found: list,
        causal: list,
        among: Collection[str] | None = None,
    ) -> None:
        """``triggers.phrase_candidates`` of an ASCII ``text`` with these normalised ``words``, in the same order.

        ``among``: the words' set intersected with a superset of ``keys``, when the caller has it (a smaller set).
        """
        complete: dict[str, list[int]] = {}
        hits = self.keys.intersection(words if among is None else among)
        if hits:
            present = self.needed_words.intersection(words)
            for word in hits:
                for category, needed, at, marks in self.by_word[word]:
                    if needed <= present and (not marks or all(mark in text for mark in marks)):
                        complete.setdefault(category, []).append(at)
        if not complete and not self.ungated:
            return  # no phrase of any list has all its plain words here (most headlines)
        for category, phrases in self.lists.items():
            if category in self.ungated:
                add_candidates(category, phrases.spans(text, words), found, causal)
                continue
            places = complete.get(category)
            # ``spans``' first gate too: an anchor can be a word no phrase needs ("can't" of "can't stop").
            if places is None or phrases.anchors.isdisjoint(words):
                continue
            if len(phrases.parts) >= SUBSET_MIN_PHRASES:
                pattern = phrases._subset(tuple(sorted(places)))
            else:
                pattern = self.whole[category]
            add_candidates(category, [(m.start(), m.end()) for m in pattern.finditer(text)], found, causal)


def add_candidates(category: str, spans: list[tuple[int, int]], found: list, causal: list) -> None:
    """A list's spans as trigger candidates (the causal ones apart: a hedge withdraws them)."""
    if spans:
        (causal if category == "causal_claim" else found).extend((s, e, category) for s, e in spans)


def _marks(words: list[str]) -> str:
    """A phrase's ASCII digits and punctuation ("?" of "what?"), apostrophes aside (optional in the pattern).

    They are literal in the pattern and no case folding lets another character match them, so an
    ASCII text holds each of them wherever the phrase matches.
    """
    return "".join(sorted({c for w in words for c in w if c.isascii() and not c.isalpha() and c != "'"}))


def _alternation(parts: list[str]) -> re.Pattern[str]:
    """One case-insensitive pattern matching any of ``parts`` as whole words."""
    return re.compile(r"(?<![\w'’])(?:" + "|".join(parts) + r")(?![\w'’])", re.IGNORECASE)


def _clean_lexicon_phrase(phrase: str) -> str | None:
    """Chakraborty's n-grams are tokenised ("can ' t") and include bare function-word pairs: keep real ones."""
    phrase = phrase.replace(" ' ", "'").replace(" ’ ", "'").strip().lower()
    if "<" in phrase or "*" in phrase or not phrase:
        return None
    words = phrase.split()
    if len(words) < 2 or all(w in FUNCTION_WORDS for w in words):
        return None
    return phrase


@lru_cache(maxsize=8)
def _phrase_lists(hyperbolic: tuple[str, ...], phrases: tuple[str, ...]) -> dict[str, PhraseList]:
    lexicon_phrases = tuple(p for p in map(_clean_lexicon_phrase, phrases) if p)
    return {
        "clickbait_phrase": PhraseList(CLICKBAIT_PHRASES + lexicon_phrases),
        "urgency": PhraseList(URGENCY_PHRASES),
        "causal_claim": PhraseList(CAUSAL_PHRASES),
        "hyperbole": PhraseList(tuple(w for w in hyperbolic if w and w.isascii() and not w.isalpha())),
    }


_LISTS_OF: dict[int, tuple[dict, tuple[dict, frozenset]]] = {}


def compiled_lists(lexicons: dict) -> tuple[dict[str, PhraseList], frozenset[str]]:
    """The compiled lists of a model's lexicons, built once per lexicon object, not per headline."""
    cached = _LISTS_OF.get(id(lexicons))
    if cached is not None and cached[0] is lexicons:
        return cached[1]
    hyperbolic = tuple(sorted(str(w).lower() for w in (lexicons or {}).get("hyperbolic", []) or []))
    phrases = tuple(sorted(str(p) for p in (lexicons or {}).get("clickbait_phrases", []) or []))
    compiled = (_phrase_lists(hyperbolic, phrases), frozenset(w for w in hyperbolic if w.isalpha()))
    if len(_LISTS_OF) > 8:  # models are few; never let the cache grow with callers' dicts
        _LISTS_OF.clear()
    _LISTS_OF[id(lexicons)] = (lexicons, compiled)
    return compiled
