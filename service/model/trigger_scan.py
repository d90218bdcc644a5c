"""The serving route of the sensationalism triggers and cues: ``triggers.triggers_and_cues`` in fewer steps.

Same spans and the same cue vector as ``triggers.triggers_and_cues`` (tests/service/test_trigger_scan.py
pins the two on every kind of headline), at about half the cost per headline, because most words
of a headline mean nothing to the triggers:

- the words are the tokenizer's strings (``findall``), not (start, end, word) tuples: a word's
  offsets are found only in a headline where one of its words is a trigger or a quoted loaded word,
  with ``str.count`` and ``str.find`` (``word_span``), not with match objects;
- one set intersection with the words that matter (``TriggerFacts.scan_keys``: the lexicons' per-word
  facts and the words that index the phrases) says which words to look at; only those are looked
  up, once each, for the categories, the causal verbs and the valence cues together
  (``TriggerFacts.facts``), and the phrase lists are gated all at once (``PhraseIndex``), with no word set;
- superlatives are read from the lowered text's tokens, with their offsets by ``str.find`` too
  (``superlative_spans_of_ascii``);
- the shouting checks count letters with ``bytes.translate`` and run the shouted-word pattern only
  where two capitals (or a capital and an apostrophe) stand side by side;
- the cue vectors are made per batch (``cue_array``) from each headline's spans and word sums.

These shortcuts hold for ASCII text only (``lower`` keeps every offset, a letter is ``A-Za-z``);
any other text takes ``triggers_and_cues`` itself.
"""

from __future__ import annotations

import re
from itertools import chain
from string import ascii_letters, ascii_uppercase

import numpy as np

from service.model.text_rules import STOP_WORDS, SUPERLATIVE_WORDS, TOKEN, TRIGGER_WORD, is_superlative
from service.model.triggers import (
    CUE_NAMES,
    MAX_COUNT,
    NO_TRIGGER_CUES,
    QUOTED,
    SHOUT_WORD,
    CueSums,
    TriggerFacts,
    category_cues,
    cue_list,
    exclamation_candidates,
    select_spans,
    trigger_facts,
    triggers_and_sums,
    unhedged_causal,
)

__all__ = [
    "cue_array",
    "scan",
    "scan_sums",
    "scan_triggers",
    "superlative_spans_of_ascii",
    "token_offsets",
    "word_span",
]

_LETTERS = ascii_letters.encode()
_UPPER = ascii_uppercase.encode()
# Every match of ``SHOUT_WORD`` holds a capital followed by a capital or an apostrophe.
_shout_gate = re.compile(r"[A-Z][A-Z'’]").search
_shouted = SHOUT_WORD.findall
_words = TRIGGER_WORD.findall
_tokens = TOKEN.findall
_MOST_LEAST = frozenset({"most", "least"})
_SUPERLATIVE_OR_MOST_LEAST = SUPERLATIVE_WORDS | _MOST_LEAST


def scan_triggers(
    text: str, lexicons: dict, valence: dict, hyperbole_probability: float | None
) -> tuple[list[tuple[int, int, str]], list[float]]:
    """The trigger spans and the cue vector of ``triggers_and_cues``, for any text."""
    return scan(text, trigger_facts(lexicons, valence), hyperbole_probability)


def scan(
    text: str, table: TriggerFacts, hyperbole_probability: float | None
) -> tuple[list[tuple[int, int, str]], list[float]]:
    """``scan_triggers`` with the lexicons' trigger facts (``trigger_facts``: a batch looks it up once)."""
    spans, sums = scan_sums(text, table)
    return spans, cue_list(spans, text, *sums, hyperbole_probability)


def scan_sums(text: str, table: TriggerFacts) -> tuple[list[tuple[int, int, str]], CueSums]:
    """The spans and what ``cue_list`` reads besides them (``cue_array`` makes a batch's cue vectors of them)."""
    if not text.isascii():
        spans, sums, _ = triggers_and_sums(text, table.lexicons, table.all_valence)
        return spans, sums
    lowered = text.lower()
    raw = _words(lowered)
    words = [w.strip("'") for w in raw] if "'" in lowered else raw
    found: list[tuple[int, int, str]] = []
    causal: list[tuple[int, int, str]] = []
    matter = table.scan_keys.intersection(words)
    if matter or table.phrase_index.ungated:
        table.phrase_index.candidates(text, words, found, causal, matter)
    keep, top, loaded, loaded_quoted = 1.0, 0.0, 0, 0
    hits = table.fact_keys.intersection(matter) if matter else matter
    if hits:
        facts = table.facts
        loaded_at = []
        for i in [i for i, w in enumerate(words) if w in hits]:
            listed, causes, factor = facts[words[i]]
            causes = causes and i > 0  # a causal verb needs a subject before it
            if listed or causes:
                s, e = word_span(lowered, raw, i)
                found += [(s, e, c) for c in listed]
                if causes:
                    causal.append((s, e, "causal_claim"))
            if factor is not None:
                keep *= factor[0]  # the noisy-or in the words' order: the same product
                if factor[1] > top:  # max(top, factor[1])
                    top = factor[1]
                if factor[2]:
                    loaded_at.append(i)
        loaded = len(loaded_at)
        if loaded and ('"' in text or "'" in text):
            quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
            if quoted:
                starts = [word_span(lowered, raw, i)[0] for i in loaded_at]
                loaded_quoted = sum(1 for s in starts if any(a <= s < b for a, b in quoted))
    if causal:
        unhedged_causal(text, causal, found)
    superlatives = superlative_spans_of_ascii(lowered)
    if superlatives:
        found += [(s, e, "superlative") for s, e in superlatives]
    shouted = _shouted(text) if _shout_gate(text) else []
    if _shouts_whole(text):
        found.append((0, len(text), "shouting"))
    elif shouted and not table.shout_keys.isdisjoint([w.lower().strip("'") for w in shouted]):
        # Acronyms (NASA, FBI) are short and not words: only shout when the word is in a lexicon.
        for m in SHOUT_WORD.finditer(text):
            if m.group().lower().strip("'") in table.shout_keys:
                found.append((m.start(), m.end(), "shouting"))
    if "!" in text:  # ASCII text: no "¡"
        exclamation_candidates(text, found)
    return select_spans(found), (keep, top, loaded, loaded_quoted, len(shouted))


def cue_array(texts: list[str], scanned: list, hyperbole: list[float | None]) -> np.ndarray:
    """The (n, n_cues) cue vectors of a batch: ``cue_list`` of every ``scan_sums`` row, in array steps.

    ``scanned``: ``scan_sums`` of each text; ``hyperbole``: the texts' hyperbole probabilities. The
    same numbers, float for float (tests/service/test_trigger_scan.py pins them): the per-category
    part is ``cue_list``'s own (one cached tuple per combination of categories); the rest is the same
    IEEE operations on whole columns (``1 - keep``, ``top / 4``, counts capped at ``MAX_COUNT``),
    instead of a 28-float list per headline turned into an array afterwards.
    """
    n = len(texts)
    out = np.empty((n, len(CUE_NAMES)), dtype=np.float64)
    if not n:
        return out
    width = len(NO_TRIGGER_CUES)
    per_category = [
        category_cues(tuple([c for _, _, c in spans])) if spans else NO_TRIGGER_CUES for spans, _ in scanned
    ]
    # The tuples are shared (``category_cues`` caches them; a batch holds few distinct ones): each is made
    # an array row once, and every headline picks its row.
    place: dict[int, int] = {}
    picks = [place.setdefault(id(cues), len(place)) for cues in per_category]
    distinct = {id(cues): cues for cues in per_category}  # in the order of ``place``
    out[:, :width] = np.asarray(list(distinct.values()), dtype=np.float64)[picks]
    flat_sums = chain.from_iterable([row_sums for _, row_sums in scanned])
    sums = np.fromiter(flat_sums, np.float64, 5 * n).reshape(n, 5)
    out[:, width] = 1.0 - sums[:, 0]
    out[:, width + 1] = sums[:, 1] / 4.0
    capped = np.minimum(sums[:, 2:], MAX_COUNT)  # loaded, loaded and quoted, shouted
    out[:, width + 2] = capped[:, 0]
    out[:, width + 3] = capped[:, 1]
    out[:, width + 4] = np.minimum([text.count("!") for text in texts], MAX_COUNT)
    out[:, width + 5] = capped[:, 2]
    out[:, width + 6] = [0.0 if p is None else float(p) for p in hyperbole]
    return out


def token_offsets(lowered: str, tokens: list[str], last: int) -> list[tuple[int, int]]:
    """(start, end) in ``lowered`` of ``tokens[0..last]``, its ``TRIGGER_WORD`` or ``TOKEN`` tokens in order.

    Each token is found with ``str.find`` from the end of the one before: every character that can
    start a token (a letter; for ``TOKEN``, a letter or a digit) does start one, so none stands between
    two tokens, and a token starts with one: the first occurrence from there is the token itself.
    A quarter of the cost of ``finditer``'s match objects.
    """
    offsets = []
    end = 0
    for token in tokens[: last + 1]:
        start = lowered.find(token, end)
        end = start + len(token)
        offsets.append((start, end))
    return offsets


def word_span(lowered: str, words: list[str], i: int) -> tuple[int, int]:
    """(start, end) in ``lowered`` of ``words[i]``, of its ``TRIGGER_WORD`` tokens (``findall``, in order).

    A token is a longest run of letters and apostrophes that starts with a letter, so no other
    occurrence of its string can overlap it (it would hold the character before or after the run,
    which is none of those, or start a longer run): where its string occurs once (``count``, most
    words), that occurrence is the token. Otherwise ``token_offsets`` walks to it.
    """
    word = words[i]
    if lowered.count(word) == 1:
        start = lowered.find(word)
        return start, start + len(word)
    return token_offsets(lowered, words, i)[i]


def superlative_spans_of_ascii(lowered: str) -> list[tuple[int, int]]:
    """``text_rules.superlative_spans`` of an ASCII text, from ``text.lower()``, in fewer steps.

    Every superlative holds "est", "worst", "most", "least", "top" or "ultimate": most headlines stop
    there. The tokens are read as strings, and their offsets (``token_offsets``) only up to the last one
    that can be a superlative (irregular, "most"/"least" and the next word, an "-est" form).
    """
    if not (
        "est" in lowered
        or "worst" in lowered
        or "most" in lowered
        or "least" in lowered
        or "top" in lowered
        or "ultimate" in lowered
    ):
        return []
    tokens = _tokens(lowered)
    at = [i for i, t in enumerate(tokens) if t in _SUPERLATIVE_OR_MOST_LEAST or t.endswith("est")]
    if not at:
        return []
    offsets = token_offsets(lowered, tokens, at[-1] + 1)
    spans: list[tuple[int, int]] = []
    for i in at:
        low = tokens[i]
        if low in _MOST_LEAST:  # "most"/"least" + the next word, when it is no stop word and follows at once
            if (
                i + 1 < len(tokens)
                and tokens[i + 1] not in STOP_WORDS
                and offsets[i + 1][0] - offsets[i][1] <= 1
            ):
                spans.append((offsets[i][0], offsets[i + 1][1]))
        elif is_superlative(low):
            spans.append(offsets[i])
    return spans


def _shouts_whole(text: str) -> bool:
    """At least 12 letters, more than 80 % of them capitals (ASCII text: letters are A-Z, a-z)."""
    raw = text.encode()
    n_upper = len(raw) - len(raw.translate(None, _UPPER))
    if n_upper < 10:  # more than 0.8 of 12 or more letters is 10 or more capitals
        return False
    n_letters = len(raw) - len(raw.translate(None, _LETTERS))
    return n_letters >= 12 and n_upper / n_letters > 0.8
