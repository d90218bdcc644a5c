"""An editor's words for the numbers and labels of a result, for the terminal and the audit report.

The analysis core returns probabilities and labels; people read "8% likely clickbait" and
"the body discusses the claim without confirming it". The page says the same through
``service/web/static/wording.js``, which mirrors every function here under the same name in
camelCase; ``tests/browser/test_wording.py`` runs both over the same inputs and requires
identical strings, so the page, the CLI and the report cannot drift apart.

Percentages are rounded half up (as JavaScript's ``Math.round``, not Python's banker's
``round``) and never read 0 % or 100 %: a model is never certain, so 0.9988 is ">99%".
"""

from __future__ import annotations

import math
from typing import TypeGuard

__all__ = [
    "answer_position",
    "category_name",
    "consistency_finding",
    "grade_words",
    "likely_clickbait",
    "percent",
    "reading_time",
    "suggestion_name",
]

CATEGORY_NAMES = {
    "clickbait_phrase": "Clickbait phrase",
    "hyperbole": "Hyperbole",
    "superlative": "Superlative",
    "intensifier": "Intensifier",
    "emotional": "Emotional",
    "urgency": "Urgency",
    "absolute": "Absolute",
    "shouting": "Shouting",
    "causal_claim": "Causal claim",
}
SUGGESTION_NAMES = {
    "clickbait:word": "A word that makes it read as clickbait",
    "clickbait:cue": "Reads as clickbait by its form",
    "channel:search": "Cut short in search results",
    "channel:social": "Cut short on social cards",
    "channel:schema_org": "Over the schema.org headline limit",
    "style:case_style": "House style: capitals",
    "style:final_period": "House style: no full stop at the end",
    "style:repeated_punctuation": "House style: repeated ! or ?",
    "style:shouting": "House style: words in capitals",
    "style:numerals": "House style: numbers",
    "style:whitespace": "House style: extra spaces",
    "length:short": "Too short to stand alone",
    "length:long": "Too long",
    "readability:jargon": "Uncommon, long word",
}
SUGGESTION_FAMILIES = {
    "trigger": "Sensational wording",
    "clickbait": "Clickbait",
    "channel": "Cut short",
    "style": "House style",
    "length": "Length",
    "readability": "Readability",
}

CONSISTENCY_FINDINGS = {
    "agree": "the body confirms the headline's claim",
    "discuss": "the body discusses the claim without confirming it",
    "disagree": "the body disputes the headline's claim",
    "unrelated": "the body does not seem to be about the headline's story",
}
SURE = 0.5  # below this the most likely finding is reported as unclear


def _is_number(value: object) -> TypeGuard[float]:
    """A finite int or float (never a bool): the only values the wording functions turn into words."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def percent(probability: float) -> str:
    """``0.08`` -> ``"8%"``; never ``"0%"`` or ``"100%"`` (``"<1%"``, ``">99%"``)."""
    if not _is_number(probability):
        return "–"
    whole = math.floor(min(max(float(probability), 0.0), 1.0) * 100 + 0.5)
    if whole >= 100:
        return ">99%"
    if whole <= 0:
        return "<1%"
    return f"{whole}%"


def likely_clickbait(probability: float) -> str:
    """``"8% likely clickbait"``: the page's meter wording."""
    return f"{percent(probability)} likely clickbait"


def consistency_finding(label: object, probabilities: object) -> str:
    """One sentence on how the body relates to the headline, with the model's confidence."""
    finding = CONSISTENCY_FINDINGS.get(str(label))
    if finding is None:
        return "The consistency of headline and body could not be judged."
    p = probabilities.get(label) if isinstance(probabilities, dict) else None
    if not _is_number(p):
        return finding[:1].upper() + finding[1:] + "."
    if p < SURE:
        return f"Unclear: most likely {finding} ({percent(p)} confidence)."
    return f"{finding[:1].upper()}{finding[1:]} ({percent(p)} confidence)."


def answer_position(position: object) -> str:
    """Where the body answers the headline's tease, from its position (0..1) in the body."""
    if not _is_number(position):
        return ""
    if position < 0.05:
        return "right at the start of the body"
    if position >= 0.95:
        return "at the very end of the body"
    return f"{math.floor(position * 100 + 0.5)}% of the way into the body"


def grade_words(grade: object) -> str:
    """A school reading grade in words."""
    if not _is_number(grade):
        return ""
    if grade <= 6:
        return "easy"
    if grade <= 9:
        return "plain"
    if grade <= 12:
        return "fairly hard"
    if grade <= 16:
        return "hard (college level)"
    return "very hard (graduate level)"


def reading_time(minutes: object) -> str:
    """``"under a minute"`` or ``"3 min"``."""
    if not _is_number(minutes):
        return ""
    if minutes < 1:
        return "under a minute"
    return f"{math.floor(minutes + 0.5)} min"


def _words(identifier: str) -> str:
    text = identifier.replace("_", " ").replace(":", ": ").strip()
    return text[:1].upper() + text[1:]


def category_name(category: object) -> str:
    """A trigger category in words: ``"clickbait_phrase"`` -> ``"Clickbait phrase"``."""
    return CATEGORY_NAMES.get(str(category)) or _words(str(category or "other"))


def suggestion_name(identifier: object) -> str:
    """A kind of suggestion in words, from its id: ``"clickbait:word"`` -> an editor's phrase.

    Ids not known here still read as words ("family: detail"), so a new rule in the core
    never shows up as an identifier.
    """
    identifier = str(identifier or "")
    if identifier in SUGGESTION_NAMES:
        return SUGGESTION_NAMES[identifier]
    family, _, detail = identifier.partition(":")
    if family == "trigger" and detail:
        return f"{SUGGESTION_FAMILIES['trigger']}: {category_name(detail).lower()}"
    if family in SUGGESTION_FAMILIES and detail:
        return f"{SUGGESTION_FAMILIES[family]}: {detail.replace('_', ' ')}"
    return _words(identifier) or "Other"
