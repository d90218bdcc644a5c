"""House-style checks of a headline: case, final period, numerals, shouting.

Each finding names the words it is about (character spans), so a page can point at
them and a suggestion can say exactly what to change.
"""

from __future__ import annotations

import re

from service.analysis.options import AnalysisOptions
from service.model.text_rules import style_words

__all__ = ["style_findings"]

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
SHOUT = re.compile(r"\b[A-Z]{4,}\b")


def _finding(rule: str, message: str, span: tuple[int, int] | None, fix: str | None = None) -> dict:
    return {"rule": rule, "message": message, "span": list(span) if span else None, "fix": fix}


def _case_findings(headline: str, options: AnalysisOptions, words: list[tuple[int, int, str]]) -> list[dict]:
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
            return [
                _finding(
                    "case_style",
                    "House style is sentence case: capitalise only the first word and proper nouns "
                    f'("{text}" should be lower case unless it is a name).',
                    (start, end),
                    # No automatic fix: only the editor knows which words are names.
                )
            ]
        return []
    lower_major = [(s, e, w) for s, e, w in candidates if w[0].islower() and w.lower() not in MINOR_WORDS]
    if lower_major:
        start, end, text = lower_major[0]
        return [
            _finding(
                "case_style",
                f'House style is title case: capitalise "{text}" and the other major words.',
                (start, end),
                fix=_to_title_case(headline),
            )
        ]
    return []


def _to_title_case(headline: str) -> str:
    out = []
    for i, token in enumerate(re.split(r"(\s+)", headline)):
        if token.strip() and (i == 0 or token.lower() not in MINOR_WORDS) and token[:1].islower():
            token = token[:1].upper() + token[1:]
        out.append(token)
    return "".join(out)


def style_findings(headline: str, options: AnalysisOptions) -> list[dict]:
    """Every house-style fault of ``headline``; an empty list when it is clean."""
    words = style_words(headline)  # (start, end, word), read by the case and the numerals checks
    findings = _case_findings(headline, options, words)
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
    for match in SHOUT.finditer(headline):
        if match.group() not in {"NASA", "NATO", "FIFA", "UEFA", "OPEC", "AIDS", "NCAA", "UNICEF"}:
            findings.append(
                _finding(
                    "shouting",
                    f'"{match.group()}" in capitals reads as shouting; write it in normal case.',
                    match.span(),
                    fix=headline[: match.start()] + match.group().capitalize() + headline[match.end() :],
                )
            )
            break
    if options.numerals == "digits":
        for start, end, word in words:
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
