"""House-style checks of a headline: case, final period, numerals, shouting.

Each finding names the words it is about (character spans), so a page can point at
them and a suggestion can say exactly what to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import reduce
from operator import or_

from service.analysis.options import AnalysisOptions
from service.analysis.token_facts import (
    CAPITAL_MAJOR,
    CAPITAL_MINOR,
    CAPITALS,
    CASE,
    FOUR_CAPITALS,
    LOWER_MAJOR,
    MINOR_WORDS,
    NUMBER,
    NUMBER_WORDS,
    STYLE_CODES,
    HeadlineWords,
    headline_words,
)
from service.model.text_rules import STYLE_WORD, style_words

__all__ = ["style_findings"]

SHOUT = re.compile(r"\b[A-Z]{4,}\b")
KNOWN_ACRONYMS = frozenset(["NASA", "NATO", "FIFA", "UEFA", "OPEC", "AIDS", "NCAA", "UNICEF"])  # not shouting


def _finding(rule: str, message: str, span: tuple[int, int] | None, fix: str | None = None) -> dict:
    return {"rule": rule, "message": message, "span": list(span) if span else None, "fix": fix}


def _case_findings(headline: str, options: AnalysisOptions, words: list[tuple[int, int, str]]) -> list[dict]:
    """The case-style finding from the words' spans: the route for a headline with a colon."""
    if len(words) < 3:
        return []
    body = words[1:]
    # Words after a colon start a new clause: both styles capitalise them.
    colon_starts = {s for s, _, _ in body if headline[:s].rstrip().endswith(":")} if ":" in headline else ()
    candidates = [(s, e, w) for s, e, w in body if s not in colon_starts and not w.isupper()]
    if options.case_style == "sentence":
        capitalised: list[tuple[int, int, str]] = []
        minor_capitalised: list[tuple[int, int, str]] = []
        for word in candidates:
            if word[2][0].isupper():
                (minor_capitalised if word[2].lower() in MINOR_WORDS else capitalised).append(word)
        # Proper nouns are capitalised in sentence case too, so only a clear majority, or
        # capitalised function words, show Title Case.
        if minor_capitalised or (len(candidates) >= 4 and len(capitalised) / len(candidates) > 0.7):
            start, end, text = (minor_capitalised or capitalised)[0]
            return [_sentence_case_finding(text, (start, end))]
        return []
    lower_major = [(s, e, w) for s, e, w in candidates if w[0].islower() and w.lower() not in MINOR_WORDS]
    if lower_major:
        start, end, text = lower_major[0]
        return [_title_case_finding(headline, text, (start, end))]
    return []


def _sentence_case_finding(text: str, span: tuple[int, int]) -> dict:
    return _finding(
        "case_style",
        "House style is sentence case: capitalise only the first word and proper nouns "
        f'("{text}" should be lower case unless it is a name).',
        span,
        # No automatic fix: only the editor knows which words are names.
    )


def _title_case_finding(headline: str, text: str, span: tuple[int, int]) -> dict:
    return _finding(
        "case_style",
        f'House style is title case: capitalise "{text}" and the other major words.',
        span,
        fix=_to_title_case(headline),
    )


_CASE_ONLY = bytes(code & CASE for code in range(256))  # a ``bytes.translate`` table: the flags dropped
# Typed as always finding one: ``_word_at`` only asks for words the case codes counted.
_STYLE_WORD_SEARCH: Callable[..., re.Match] = STYLE_WORD.search  # type: ignore[assignment]


def _word_at(headline: str, index: int) -> re.Match:
    """The ``index``-th house-style word (found only for the word a finding names).

    One search per word up to it: the named word is nearly always among the first few, where this
    is cheaper than an iterator over every match.
    """
    word = _STYLE_WORD_SEARCH(headline)
    for _ in range(index):
        word = _STYLE_WORD_SEARCH(headline, word.end())
    return word


def _fast_case_findings(headline: str, options: AnalysisOptions, codes: bytes) -> list[dict]:
    """``_case_findings`` of a headline without a colon, from its words' cached cases (``word_case``):
    counts and first positions from byte scans, the word and its span only for the one a finding names."""
    if len(codes) < 3:
        return []
    cases = codes[1:].translate(_CASE_ONLY)
    if options.case_style == "sentence":
        n_candidates = len(cases) - cases.count(CAPITALS)
        n_capitalised = cases.count(CAPITAL_MAJOR)
        if CAPITAL_MINOR in cases:
            index = cases.index(CAPITAL_MINOR) + 1
        elif n_candidates >= 4 and n_capitalised / n_candidates > 0.7:
            index = cases.index(CAPITAL_MAJOR) + 1
        else:
            return []
        word = _word_at(headline, index)
        return [_sentence_case_finding(word.group(), word.span())]
    if LOWER_MAJOR in cases:
        word = _word_at(headline, cases.index(LOWER_MAJOR) + 1)
        return [_title_case_finding(headline, word.group(), word.span())]
    return []


def _to_title_case(headline: str) -> str:
    out = []
    for i, token in enumerate(re.split(r"(\s+)", headline)):
        if token.strip() and (i == 0 or token.lower() not in MINOR_WORDS) and token[:1].islower():
            token = token[:1].upper() + token[1:]
        out.append(token)
    return "".join(out)


def style_findings(headline: str, options: AnalysisOptions, words: HeadlineWords | None = None) -> list[dict]:
    """Every house-style fault of ``headline``; an empty list when it is clean.

    ``words``: the headline's ``HeadlineWords`` when the caller has them (its words' cases are read there).
    """
    codes = b"".join(map(STYLE_CODES, (words or headline_words(headline)).facts))
    # A number word, four capitals in a row (both rare: the common case skips the loop).
    flags = reduce(or_, codes, 0) & ~CASE if codes and max(codes) > CASE else 0
    if ":" in headline:  # words after a colon start a new clause: their offsets are needed
        findings = _case_findings(headline, options, style_words(headline))
    else:
        findings = _fast_case_findings(headline, options, codes)
    stripped = headline.rstrip()
    if stripped.endswith(".") and not stripped.endswith("...") and not options.allow_final_period:
        end = len(stripped)
        findings.append(
            _finding("final_period", "Headlines end without a period.", (end - 1, end), fix=stripped[:-1])
        )
    if "!!" in headline or "?!" in headline or "!?" in headline:
        at = min(i for i in (headline.find("!!"), headline.find("?!"), headline.find("!?")) if i >= 0)
        findings.append(
            _finding(
                "repeated_punctuation", 'Repeated "!" or "?!" reads as shouting; use none.', (at, at + 2)
            )
        )
    for match in SHOUT.finditer(headline) if flags & FOUR_CAPITALS else ():
        if match.group() not in KNOWN_ACRONYMS:
            findings.append(
                _finding(
                    "shouting",
                    f'"{match.group()}" in capitals reads as shouting; write it in normal case.',
                    match.span(),
                    fix=headline[: match.start()] + match.group().capitalize() + headline[match.end() :],
                )
            )
            break
    if options.numerals == "digits" and flags & NUMBER:  # a number word: where?
        for start, end, word in style_words(headline):
            if word.lower() in NUMBER_WORDS and start > 0:
                findings.append(
                    _finding(
                        "numerals",
                        f'House style uses figures in headlines: write "{word}" as a numeral.',
                        (start, end),
                    )
                )
                break
    elif options.numerals == "words":
        digit = re.search(r"\b[1-9]\b", headline)
        if digit:
            findings.append(
                _finding(
                    "numerals",
                    f'House style spells out small numbers: write "{digit.group()}" as a word.',
                    digit.span(),
                )
            )
    if headline != headline.strip() or "  " in headline:
        findings.append(
            _finding(
                "whitespace",
                "Remove leading, trailing or doubled spaces.",
                None,
                fix=" ".join(headline.split()),
            )
        )
    return findings
