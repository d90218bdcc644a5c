"""Trigger spans of sensational framing, and the cue vector the sensationalism head reads.

Runtime code (the service calls it for every headline, training calls it to build the
head's features), so it imports only the standard library and ``service.model.features``.
The evidence is trigger spans found with word lists and patterns: hyperbole,
superlatives, intensifiers, emotionally loaded words, urgency or alarm, absolutes,
shouting, overstated causal claims and stock clickbait phrases. Phrase lists are
matched by one compiled alternation per list, run only when the headline holds one of
the list's anchor words (a set lookup per word), so most headlines skip the regexes.
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache

from service.model.text_rules import superlative_spans

__all__ = ["CATEGORIES", "CUE_NAMES", "find_triggers", "cue_vector", "emotional_intensity", "word_spans"]

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


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


TOKEN = re.compile(r"[A-Za-z][A-Za-z'’]*")
INTENSIFIERS = _word_set(
    """
    very extremely incredibly totally absolutely utterly insanely seriously literally really truly
    super ultra mega completely entirely downright wildly hugely massively ridiculously unbelievably
    shockingly so
    """
)
ABSOLUTES = _word_set(
    "everyone everybody everything everywhere nobody nothing nowhere never always forever ever every all none"
)
URGENCY = _word_set(
    """
    breaking urgent alert warning now emergency crisis panic chaos catastrophe danger dangerous
    deadly threat terrifying terror doomsday apocalypse apocalyptic imminent immediately meltdown
    """
)
# Hype and drama words of news headlines that VADER does not rate as loaded: combat verbs for
# criticism ("slams"), motion verbs for prices and polls ("soars"), and hype adjectives. The rubric's
# examples of "clearly sensational" (heartbreaking, thrilling, epic, slams, destroys, nightmare) are
# of these kinds.
DRAMATIC = _word_set(
    """
    slam slams slammed slamming blast blasts blasted rip rips ripped torch torches torched eviscerate
    eviscerates eviscerated obliterate obliterates obliterated annihilate annihilates demolish demolishes
    demolished destroy destroys destroyed crush crushes crushed trash trashes trashed lambast lambasts
    lambasted savage savages savaged skewer skewers skewered roast roasts roasted shred shreds shredded
    hammer hammers hammered soar soars soared skyrocket skyrockets skyrocketed plunge plunges plunged
    plummet plummets plummeted tumble tumbles tumbled nosedive nosedives explode explodes exploded erupt
    erupts erupted rock rocks rocked stun stuns stunned shock shocks shocked
    heartbreaking heartbroken heartwarming thrilling shocking stunning epic sensational dramatic
    explosive bombshell firestorm frenzy mayhem carnage bloodbath meltdown nightmare nightmarish miracle
    miraculous staggering whopping incredible unbelievable insane outrageous spectacular breathtaking
    extraordinary unprecedented historic monumental colossal massive huge enormous gigantic
    jeopardize jeopardise jeopardizes jeopardises cripple cripples crippling devastate devastates doomed
    exposes
    """
)
URGENCY_PHRASES = (
    "before it's too late",
    "act now",
    "don't miss",
    "right now",
    "last chance",
    "just in",
    "red alert",
    "time is running out",
    "must read",
    "must see",
    "must watch",
)
# Stock clickbait and sensational phrases (hand-written; the model adds Chakraborty et al.'s MIT list).
# A phrase may hold ``*``: one to three words of any kind ("only * will remember").
CLICKBAIT_PHRASES = (
    "best kept secret",
    "everyone is talking about",
    "everybody is talking about",
    "you won't believe",
    "you will never believe",
    "you'll never believe",
    "you wont believe",
    "will blow your mind",
    "blow your mind",
    "blow you away",
    "will blow you away",
    "mind blowing",
    "jaw dropping",
    "what happened next",
    "what happens next",
    "what happened after",
    "shocking truth",
    "the truth about",
    "they don't want you to know",
    "doctors hate",
    "one weird trick",
    "goes viral",
    "going viral",
    "broke the internet",
    "breaks the internet",
    "will change your life",
    "change your life forever",
    "nothing could prepare",
    "you need to know",
    "need to see",
    "of all time",
    "once in a lifetime",
    "game changer",
    "only * will remember",
    "only * will understand",
    "only * will get",
    "only * can relate",
    "will make you cry",
    "will restore your faith",
    "faith in humanity",
    "left everyone speechless",
    "will leave you speechless",
    "can't stop laughing",
    "you'll never guess",
    "you will never guess",
    "wait till you see",
    "wait until you see",
    "the reason why will",
    "never * the same again",
    "will shock you",
    "is insane",
    "will give you chills",
    "melt your heart",
    "the internet is losing",
    "took the internet by storm",
)
# Verbs of overstated study claims ("Coffee cures cancer"). Not "kills": "Earthquake kills 12" is a
# neutral report; not "destroys": that is drama (see DRAMATIC).
CAUSAL_VERBS = _word_set(
    """
    causes cause caused causing cures cure cured prevents prevent prevented reverses reverse reversed
    eliminates eliminate triggers trigger
    triggered doubles halves slashes boosts boost increases reduces lowers raises makes guarantees
    proves proven proof ruins ruin ruined wipes fixes saves stops
    """
)
CAUSAL_PHRASES = (
    "leads to",
    "lead to",
    "led to",
    "results in",
    "responsible for",
    "is the reason",
    "will make you",
)
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
FUNCTION_WORDS = frozenset(
    [
        "a",
        "the",
        "of",
        "in",
        "on",
        "at",
        "for",
        "is",
        "are",
        "you",
        "do",
        "can",
        "to",
        "that",
        "from",
        "about",
        "what",
        "how",
        "many",
        "these",
        "who",
        "will",
        "make",
        "know",
        "people",
        "this",
        "here",
        "it",
        "it's",
        "be",
        "your",
        "we",
        "with",
        "and",
        "by",
        "an",
        "when",
        "why",
        "has",
        "have",
        "was",
        "or",
        "as",
        "one",
        "that's",
        "they",
        "i",
        "my",
        "single",
        "based",
    ]
)


def _normal(word: str) -> str:
    return word.lower().replace("’", "'").strip("'")


class PhraseList:
    """One compiled alternation for a list of phrases, with the anchor words that gate it.

    A phrase can only match where its anchor (its longest word, the rarest in practice)
    occurs, so ``finditer`` runs only for headlines holding an anchor.
    """

    def __init__(self, phrases: tuple[str, ...]):
        parts = []
        anchors: set[str] = set()
        self.always = False
        for phrase in sorted(set(phrases), key=len, reverse=True):
            words = [w for w in re.split(r"[\s\-]+", phrase.strip().lower()) if w]
            if not words:
                continue
            literal = [w for w in words if w != "*"]
            if not literal:
                continue
            plain = [_normal(w) for w in literal if TOKEN.fullmatch(w)]
            # A word with punctuation ("what?") still holds a whole token ("what") wherever it matches;
            # not so with an apostrophe (optional in the pattern) or i/k/s (IGNORECASE lets "ı", "K", "ſ" match them).
            inner = [
                t.lower()
                for w in literal
                if "'" not in w and "’" not in w
                for t in TOKEN.findall(w)
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
        self.anchors = frozenset(anchors)
        self.pattern = (
            re.compile(r"(?<![\w'’])(?:" + "|".join(parts) + r")(?![\w'’])", re.IGNORECASE) if parts else None
        )

    def spans(self, text: str, words: set[str]) -> list[tuple[int, int]]:
        if self.pattern is None or (not self.always and self.anchors.isdisjoint(words)):
            return []
        return [(m.start(), m.end()) for m in self.pattern.finditer(text)]


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


def _lists_for(lexicons: dict) -> tuple[dict[str, PhraseList], frozenset[str]]:
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


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalised lower-case word) of every word."""
    return [(m.start(), m.end(), _normal(m.group())) for m in TOKEN.finditer(text)]


def _candidates(
    text: str, words: list[tuple[int, int, str]], lexicons: dict, valence: dict
) -> list[tuple[int, int, str]]:
    lists, hyperbolic = _lists_for(lexicons)
    vocabulary = {w for _, _, w in words}
    found: list[tuple[int, int, str]] = []
    hedged = bool(HEDGED.search(text))
    for category, phrase_list in lists.items():
        if category == "causal_claim" and hedged:
            continue
        found += [(s, e, category) for s, e in phrase_list.spans(text, vocabulary)]
    for i, (s, e, w) in enumerate(words):
        if w in hyperbolic:
            found.append((s, e, "hyperbole"))
        # A causal verb needs a subject before it: "Coffee cures cancer", not "Cure for cancer found".
        if not hedged and i > 0 and w in CAUSAL_VERBS:
            found.append((s, e, "causal_claim"))
        if w in ABSOLUTES:
            found.append((s, e, "absolute"))
        elif w in URGENCY:
            found.append((s, e, "urgency"))
        elif w in INTENSIFIERS:
            found.append((s, e, "intensifier"))
        elif w in DRAMATIC:
            found.append((s, e, "dramatic"))
        elif abs(valence.get(w, 0.0)) >= EMOTIONAL_VALENCE:
            found.append((s, e, "emotional"))
    found += [(s, e, "superlative") for s, e in superlative_spans(text)]
    n_letters = sum(map(str.isalpha, text))
    if n_letters >= 12 and sum(map(str.isupper, text)) / n_letters > 0.8:
        found.append((0, len(text), "shouting"))
    else:
        for m in SHOUT_WORD.finditer(text):
            # Acronyms (NASA, FBI) are short and not words: only shout when the word is in a lexicon.
            low = _normal(m.group())
            if (
                low in valence
                or low in ABSOLUTES
                or low in URGENCY
                or low in INTENSIFIERS
                or low in DRAMATIC
                or low in hyperbolic
            ):
                found.append((m.start(), m.end(), "shouting"))
    found += [(m.start(), m.end(), "shouting") for m in EXCLAMATION.finditer(text)]
    return found


def _select(found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans, longer first, then by category priority (O(n log n): 100 KB inputs)."""
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
    text: str, lexicons: dict, valence: dict, words: list[tuple[int, int, str]] | None = None
) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, category) trigger spans, sorted by start."""
    words = word_spans(text) if words is None else words
    return _select(_candidates(text, words, lexicons, valence))


def emotional_intensity(words: list[tuple[int, int, str]], valence: dict) -> float:
    """Noisy-or of the words' absolute VADER valences scaled to 0..1: 0 for neutral wording."""
    keep = 1.0
    for _, _, w in words:
        v = valence.get(w)
        if isinstance(v, int | float) and math.isfinite(v):
            keep *= 1.0 - min(abs(float(v)) / 4.0, 1.0)
    return 1.0 - keep


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
    words: list[tuple[int, int, str]],
    valence: dict,
    hyperbole_probability: float | None,
) -> list[float]:
    """The hand-made cues of the sensationalism head, in ``CUE_NAMES`` order.

    Trigger counts and presence per category, how many categories are stacked, the
    words' emotional load (noisy-or, max, count of loaded words, and of those inside
    quotation marks: the rubric counts an outlet's own loaded words more than quoted
    ones), exclamations, shouted words and the hyperbole detector's probability.
    """
    counts = dict.fromkeys(CATEGORIES, 0)
    for _, _, c in spans:
        counts[c] += 1
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)] if any(q in text for q in "\"“‘'") else []
    loaded = loaded_quoted = 0
    top = 0.0
    for s, _, w in words:
        v = valence.get(w)
        if not isinstance(v, int | float) or not math.isfinite(v):
            continue
        top = max(top, min(abs(float(v)), 4.0))
        if abs(v) >= 2.0:
            loaded += 1
            if any(a <= s < b for a, b in quoted):
                loaded_quoted += 1
    p = 0.0 if hyperbole_probability is None else float(hyperbole_probability)
    return [
        *(float(min(counts[c], MAX_COUNT)) for c in CATEGORIES),
        *(float(counts[c] > 0) for c in CATEGORIES),
        float(sum(v > 0 for v in counts.values())),
        emotional_intensity(words, valence),
        top / 4.0,
        float(min(loaded, MAX_COUNT)),
        float(min(loaded_quoted, MAX_COUNT)),
        float(min(text.count("!"), MAX_COUNT)),
        float(min(len(SHOUT_WORD.findall(text)), MAX_COUNT)),
        p,
    ]


def cue_matrix(
    texts: list[str], lexicons: dict, valence: dict, hyperbole: list[float | None] | None = None
) -> tuple[list[list[tuple[int, int, str]]], list[list[float]]]:
    """Trigger spans and cue vectors of many texts: what training and serving both compute."""
    hyperbole = hyperbole if hyperbole is not None else [None] * len(texts)
    all_spans, cues = [], []
    for text, p in zip(texts, hyperbole, strict=True):
        words = word_spans(text)
        spans = find_triggers(text, lexicons, valence, words)
        all_spans.append(spans)
        cues.append(cue_vector(text, spans, words, valence, p))
    return all_spans, cues
