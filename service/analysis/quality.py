"""The 0..100 headline quality score, from documented components.

A headline starts at 100 and loses points for what an editor would fix; each
component says how many points it cost and why, so the score is never a mystery:

=================  ===========  ==============================================
component          max penalty  rule
=================  ===========  ==============================================
clickbait          40           40 x clickbait probability
sensationalism     25           25 x sensationalism score
truncation         15           search title cut 8, schema.org over limit 5,
                                social card cut 2
style              12           3 per house-style fault, at most 12
length             8            under 4 words 8; over 18 words 4
readability        6            uncommon-word share over 40 % 3;
                                over 1.9 syllables per word 3
specificity        +4 / -4      +4 for a concrete figure or a named subject
                                after the first word; -4 when neither
=================  ===========  ==============================================

Bands: green >= 70, amber 55-69, red below 55.
"""

from __future__ import annotations

import re

__all__ = ["quality_score", "band_of", "GREEN", "AMBER"]

GREEN = 70
AMBER = 55
NAME = re.compile(r"(?<=\s)[A-Z][a-z]+|(?<=\s)[A-Z]{2,}\b")
FIGURE = re.compile(r"\d")


def band_of(score: float) -> str:
    return "green" if score >= GREEN else "amber" if score >= AMBER else "red"


def quality_score(headline: str, clickbait: dict, sensationalism: dict, readability: dict, style: list[dict]) -> dict:
    """Score and components; see the module docstring for the table."""
    channels = readability["channels"]
    truncation = (
        8.0 * channels["search"]["truncated"]
        + 5.0 * channels["schema_org"]["truncated"]
        + 2.0 * channels["social"]["truncated"]
    )
    words = readability["words"]
    length = 8.0 if words < 4 else 4.0 if words > 18 else 0.0
    hard = 3.0 * (readability["uncommon_word_share"] > 0.4) + 3.0 * (readability["syllables_per_word"] > 1.9)
    specific = bool(FIGURE.search(headline) and not clickbait["probability"] >= 0.5) or bool(NAME.search(headline))
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
    return {"score": score, "band": band_of(score), "components": components}
