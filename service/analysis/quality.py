"""The 0..100 headline quality score, from documented components and the editors' verdicts.

A headline starts at 100 and loses points for what an editor would fix; each
component says how many points it cost and why, so the score is never a mystery:

=================  ===========  ==============================================
component          max penalty  rule
=================  ===========  ==============================================
clickbait          40           40 x clickbait probability
sensationalism     25           25 x sensationalism score (editors' score / 3)
truncation         15           search title cut 8, schema.org over limit 5,
                                social card cut 2
style              12           3 per house-style fault, at most 12
length             8            under 4 words 8; over 18 words 4
readability        6            uncommon-word share over 40 % 3;
                                over 1.9 syllables per word 3
specificity        +4 / -4      +4 for a real specific: a number with a unit,
                                currency or percent, a year, or a name
                                (acronym, possessive, inner capital, or an
                                uncommon capitalised word that Title Case
                                alone does not explain); -4 when none
=================  ===========  ==============================================

Bands: green >= 70, amber 55-69, red below 55. Verdicts cap the score below green
whatever the points say (``caps`` names them): a headline the sensationalism model
puts at ``high`` (what editors call clearly sensational) or above its ``green``
threshold (the cut that best separates clearly sensational from neutral headlines
out of fold, in the model card), and one the clickbait model labels clickbait. Input that is not a headline (markup, no letters, a language
the model was not trained on) is capped below amber, and ``notice`` says why.
"""

from __future__ import annotations

import re

from service.analysis.readability import word_facts
from service.model.text_rules import QUALITY_WORD

__all__ = ["quality_score", "band_of", "GREEN", "AMBER", "is_specific"]

GREEN = 70
AMBER = 55
UNITS = (
    r"%|percent|per\s?cent|pc|[kKmMbB]n?\b|million|billion|trillion|thousand|hundred|years?|months?|weeks?|"
    r"days?|hours?|minutes?|seconds?|people|deaths?|dead|killed|injured|jobs|homes|votes|seats|points?|"
    r"runs|goals|games|km|kilometres?|kilometers?|miles?|mph|kph|metres?|meters?|feet|ft|kg|tonnes?|tons?|"
    r"pounds?|lbs?|degrees?|°[CF]?|acres?|hectares?|GW|MW|kW|GB|TB|mg|ml|st|nd|rd|th"
)
FIGURE = re.compile(
    r"[$£€¥]\s?\d|\d(?:[\d,.]*\d)?\s?(?:" + UNITS + r")(?![A-Za-z])|\b(?:1[89]|20)\d\d\b", re.I
)
DIGIT = re.compile(r"\d")
PREPOSITIONS = frozenset(
    ["in", "at", "from", "of", "to", "for", "with", "on", "by", "near", "outside", "inside", "across"]
)


def band_of(score: float) -> str:
    return "green" if score >= GREEN else "amber" if score >= AMBER else "red"


def is_specific(headline: str, valence: dict | None = None, syllables=None) -> bool:
    """A real specific: a number with a unit, currency, percent or a year, or a name.

    Title Case capitalises every word, so a capital alone names nothing there: a name
    is an acronym, a possessive ("Peru's"), a word with an inner capital ("iPhone"), or
    an uncommon capitalised word after a preposition ("in Ecuador"). In sentence case a
    capitalised uncommon word after the first word is a name. Common words (the
    Dale-Chall list) and emotion words (VADER) are never names.
    """
    if DIGIT.search(headline) and FIGURE.search(
        headline
    ):  # every figure holds a digit: most headlines skip it
        return True
    valence = valence or {}
    words = QUALITY_WORD.findall(headline)
    title_case = None  # counted only when an uncommon word needs it (most headlines never do)
    for i, word in enumerate(words):
        if not word[0].isupper():
            continue
        low = word.lower()
        if word.isupper() and len(word) >= 2:
            if low.rstrip("s") not in valence and low not in valence:
                return True  # an acronym; a shouted emotion word is not one
            continue
        # An inner capital: ``word`` is ASCII letters, dots and apostrophes, so lower case changes it.
        if word.endswith(("'s", "’s")) or low[1:] != word[1:]:
            return True
        if i == 0 or len(low) <= 2 or low in valence or word_facts(low, syllables)[1]:
            continue  # the first word, or a common one: no name
        if words[i - 1].lower() in PREPOSITIONS:
            return True
        if title_case is None:
            title_case = len(words) >= 3 and sum([w[0].isupper() for w in words]) >= 0.6 * len(words)
        if not title_case:
            return True
    return False


def quality_score(
    headline: str,
    clickbait: dict,
    sensationalism: dict,
    readability: dict,
    style: list[dict],
    notice: str | None = None,
    valence: dict | None = None,
    syllables=None,
) -> dict:
    """Score, band, components and caps; see the module docstring for the table."""
    channels = readability["channels"]
    truncation = (
        8.0 * channels["search"]["truncated"]
        + 5.0 * channels["schema_org"]["truncated"]
        + 2.0 * channels["social"]["truncated"]
    )
    words = readability["words"]
    length = 8.0 if words < 4 else 4.0 if words > 18 else 0.0
    hard = 3.0 * (readability["uncommon_word_share"] > 0.4) + 3.0 * (readability["syllables_per_word"] > 1.9)
    specific = notice is None and is_specific(headline, valence, syllables)
    components = {
        "clickbait": -round(40.0 * clickbait["probability"], 1),
        "sensationalism": -round(25.0 * sensationalism["score"], 1),
        "truncation": -truncation,
        "style": -min(12.0, 3.0 * len(style)),
        "length": -length,
        "readability": -hard,
        "specificity": 4.0 if specific else -4.0,
    }
    score = round(min(100.0, max(0.0, 100.0 + sum(components.values()))))
    caps = []
    green_cut = (sensationalism.get("thresholds") or {}).get("green")
    if sensationalism.get("level") == "high":
        caps.append("editors would call it clearly sensational")
    elif green_cut is not None and sensationalism.get("score", 0.0) >= green_cut:
        caps.append("its wording is loaded enough that editors often call such headlines sensational")
    if clickbait.get("label") == "clickbait":
        caps.append("it reads as clickbait")
    if caps:
        score = min(score, GREEN - 1)
    if notice:
        caps.append(f"not a headline: {notice}")
        score = min(score, AMBER - 1)
    result = {"score": score, "band": band_of(score), "components": components, "caps": caps}
    if notice:
        result["notice"] = f"Not scored as a headline: {notice}."
    return result
