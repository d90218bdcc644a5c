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

import numpy as np

from service.analysis.token_facts import (
    LOWER,
    NAME,
    PREPOSITION,
    PREPOSITIONS,
    QUALITY_CODES,
    UNCOMMON,
    HeadlineWords,
    headline_words,
)
from service.model.numbers import FEW, rounded

__all__ = ["quality_score", "model_penalties", "band_of", "GREEN", "AMBER", "PREPOSITIONS", "is_specific"]

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
# Whether ``FIGURE`` finds anything in an ASCII headline, asked of its lower-cased text in three
# searches (``has_figure``), about twice as fast: ASCII lower case keeps every offset, digit, space
# and word boundary, so the lower-case units match case-sensitively (a case-insensitive match folds
# every character it compares); each search begins with a character class or a literal, so the
# regex engine skips straight to the candidates (an alternation that begins with an assertion is
# tried at every position). The year's ``\b`` is checked just after its first digit, and a unit
# may follow any digit of a number (a match of ``\d(?:[\d,.]*\d)?`` ends in one).
# tests/service/test_surface_token_facts.py pins the three to ``FIGURE``.
_CURRENCY = re.compile(r"[$£€¥]\s?\d")
_YEAR = re.compile(r"(?:1(?<!\w1)[89]|2(?<!\w2)0)\d\d\b")
_NUMBER_WITH_UNIT = re.compile(r"\d\s?(?:" + UNITS.lower() + r")(?![a-z])")
DIGIT = re.compile(r"\d")


def band_of(score: float) -> str:
    return "green" if score >= GREEN else "amber" if score >= AMBER else "red"


# A preposition (any code with bit 4 but a name's) followed by an uncommon capitalised word.
_UNCOMMON_AFTER_PREPOSITION = re.compile(rb"[\x04-\x06][\x02\x06]")


def is_specific(
    headline: str, valence: dict | None = None, syllables=None, words: HeadlineWords | None = None
) -> bool:
    """A real specific: a number with a unit, currency, percent or a year, or a name.

    Title Case capitalises every word, so a capital alone names nothing there: a name
    is an acronym, a possessive ("Peru's"), a word with an inner capital ("iPhone"), or
    an uncommon capitalised word after a preposition ("in Ecuador"). In sentence case a
    capitalised uncommon word after the first word is a name. Common words (the
    Dale-Chall list) and emotion words (VADER) are never names.

    Each word's part is cached (``token_facts.word_code``) per ``valence`` object (read as
    immutable, as the cached lexicon is), so a headline is one lookup per token and a few byte
    scans: any name settles it; else an uncommon capitalised word after the first settles it when
    it follows a preposition or the headline is not in Title Case. ``words``: the headline's
    ``HeadlineWords`` for the same ``valence``, when the caller has them.
    """
    if words is None:
        words = headline_words(headline, valence, syllables)
    codes = b"".join(map(QUALITY_CODES, words.facts))
    # The names first: cheaper than the figures, and either settles it.
    return _names_one(codes) or (DIGIT.search(headline) is not None and has_figure(headline))


def has_figure(headline: str) -> bool:
    """Whether ``FIGURE`` finds a number with a unit, currency or percent, or a year, in ``headline``."""
    if headline.isascii():
        lowered = headline.lower()
        return (
            _CURRENCY.search(lowered) is not None
            or _YEAR.search(lowered) is not None
            or _NUMBER_WITH_UNIT.search(lowered) is not None
        )
    return FIGURE.search(headline) is not None


def _names_one(codes: bytes) -> bool:
    """Whether the words' codes (``word_code``, in order) hold a name."""
    if NAME in codes:
        return True
    after_first = codes[1:]
    if UNCOMMON not in after_first and UNCOMMON | PREPOSITION not in after_first:
        return False
    n = len(codes)
    title_case = n >= 3 and n - codes.count(LOWER) - codes.count(LOWER | PREPOSITION) >= 0.6 * n
    if not title_case:
        return True
    return _UNCOMMON_AFTER_PREPOSITION.search(codes) is not None


def _penalties(probability: float, score: float) -> tuple[float, float]:
    """The clickbait and sensationalism components of one headline, from its shown numbers."""
    return -round(40.0 * probability, 1), -round(25.0 * score, 1)


def model_penalties(clickbaits: list[dict], sensationalisms: list[dict]) -> list[tuple[float, float]]:
    """The clickbait and sensationalism components of a batch, rounded once (``-round(40 x p, 1)``, ...).

    Bit for bit what ``quality_score`` computes per headline: rounding half to even is symmetric,
    so ``rounded(-v)`` is ``-round(v)``, the sign of a zero included.
    """
    n = len(clickbaits)
    if n < FEW:  # a few: numpy's per-call cost is more than ``round``'s
        return [
            _penalties(c["probability"], s["score"]) for c, s in zip(clickbaits, sensationalisms, strict=True)
        ]
    probability = np.fromiter([c["probability"] for c in clickbaits], dtype=np.float64, count=n)
    score = np.fromiter([s["score"] for s in sensationalisms], dtype=np.float64, count=n)
    return list(zip(rounded(-40.0 * probability, 1), rounded(-25.0 * score, 1), strict=True))


def quality_score(
    headline: str,
    clickbait: dict,
    sensationalism: dict,
    readability: dict,
    style: list[dict],
    notice: str | None = None,
    valence: dict | None = None,
    syllables=None,
    penalties: tuple[float, float] | None = None,
    words: HeadlineWords | None = None,
) -> dict:
    """Score, band, components and caps; see the module docstring for the table.

    ``penalties``: this headline's ``model_penalties`` entry when the caller rounded the batch's at once;
    ``words``: the headline's ``HeadlineWords`` for ``valence``, when the caller has them.
    """
    channels = readability["channels"]
    truncation = (
        8.0 * channels["search"]["truncated"]
        + 5.0 * channels["schema_org"]["truncated"]
        + 2.0 * channels["social"]["truncated"]
    )
    n_words = readability["words"]
    length = 8.0 if n_words < 4 else 4.0 if n_words > 18 else 0.0
    hard = 3.0 * (readability["uncommon_word_share"] > 0.4) + 3.0 * (readability["syllables_per_word"] > 1.9)
    specific = notice is None and is_specific(headline, valence, syllables, words)
    if penalties is None:
        penalties = _penalties(clickbait["probability"], sensationalism["score"])
    clickbait_penalty, sensational_penalty = penalties
    style_penalty = -12.0 if len(style) >= 4 else -3.0 * len(style)  # -min(12.0, 3.0 * n), -0.0 for none
    specificity = 4.0 if specific else -4.0
    components = {
        "clickbait": clickbait_penalty,
        "sensationalism": sensational_penalty,
        "truncation": -truncation,
        "style": style_penalty,
        "length": -length,
        "readability": -hard,
        "specificity": specificity,
    }
    # sum(components.values()), added in the same order: its start (the int 0) can change only the
    # sign of a zero total, which adding it to 100.0 drops.
    raw = 100.0 + (
        clickbait_penalty + sensational_penalty - truncation + style_penalty - length - hard + specificity
    )
    raw = raw if raw < 100.0 else 100.0  # min(100.0, raw)
    score = round(raw if raw > 0.0 else 0.0)  # max(0.0, raw)
    caps = []
    if sensationalism.get("level") == "high":
        caps.append("editors would call it clearly sensational")
    else:
        green_cut = (sensationalism.get("thresholds") or {}).get("green")
        if green_cut is not None and sensationalism.get("score", 0.0) >= green_cut:
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
