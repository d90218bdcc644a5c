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

from service.analysis.readability import word_facts
from service.model.numbers import FEW, rounded
from service.model.text_rules import QUALITY_WORD

__all__ = ["quality_score", "model_penalties", "band_of", "GREEN", "AMBER", "is_specific"]

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


# What one capitalised-or-not word says about names, for ``is_specific`` (bit 4: a preposition).
_LOWER, _COMMON, _UNCOMMON, _NAME, _PREPOSITION = 0, 1, 2, 3, 4
# A preposition (any code with bit 4 but a name's) followed by an uncommon capitalised word.
_UNCOMMON_AFTER_PREPOSITION = re.compile(rb"[\x04-\x06][\x02\x06]")
WORD_CACHE_LIMIT = 200_000


class _TokenCodes(dict):
    """The ``_word_code`` of each quality word of every whitespace token seen so far, as bytes, for
    one valence lexicon and syllable table (bounded). No quality word crosses a space, so a
    headline's codes are its tokens' joined."""

    def __init__(self, valence: dict, table) -> None:
        super().__init__()
        self.valence = valence
        self.table = table

    def __missing__(self, token: str) -> bytes:
        codes = bytes(_word_code(word, self.valence, self.table) for word in QUALITY_WORD.findall(token))
        if len(self) >= WORD_CACHE_LIMIT:
            self.clear()
        self[token] = codes
        return codes


_NO_VALENCE: dict = {}
_CODES = _TokenCodes(_NO_VALENCE, None)


def _word_code(word: str, valence: dict, table=None) -> int:
    """What ``word`` is wherever it stands: a name whatever its place (an acronym, a possessive, an
    inner capital), an uncommon capitalised word (a name after a preposition or outside Title Case,
    never first), a common capitalised word, or a lower-case one; plus whether it is a preposition."""
    if word[0].isupper():
        low = word.lower()
        if word.isupper() and len(word) >= 2:
            # An acronym; a shouted emotion word is not one.
            code = _NAME if low.rstrip("s") not in valence and low not in valence else _COMMON
        # An inner capital: ``word`` is ASCII letters, dots and apostrophes, so lower case changes it.
        elif word.endswith(("'s", "’s")) or low[1:] != word[1:]:
            code = _NAME
        elif len(low) <= 2 or low in valence or word_facts(word, table)[1]:  # facts of word.lower()
            code = _COMMON
        else:
            code = _UNCOMMON
    else:
        code = _LOWER
    return code if code == _NAME or word.lower() not in PREPOSITIONS else code | _PREPOSITION


def is_specific(headline: str, valence: dict | None = None, syllables=None) -> bool:
    """A real specific: a number with a unit, currency, percent or a year, or a name.

    Title Case capitalises every word, so a capital alone names nothing there: a name
    is an acronym, a possessive ("Peru's"), a word with an inner capital ("iPhone"), or
    an uncommon capitalised word after a preposition ("in Ecuador"). In sentence case a
    capitalised uncommon word after the first word is a name. Common words (the
    Dale-Chall list) and emotion words (VADER) are never names.

    Each word's part is cached (``_word_code``) per ``valence`` and ``syllables`` object (both read
    as immutable, as the cached lexicon and the bundle's table are), so a headline is one lookup per
    word and a few list scans: any name settles it; else an uncommon capitalised word after the
    first settles it when it follows a preposition or the headline is not in Title Case.
    """
    global _CODES
    valence = valence or _NO_VALENCE
    codes_of = _CODES
    if codes_of.valence is not valence or codes_of.table is not syllables:
        codes_of = _CODES = _TokenCodes(valence, syllables)
    codes = b"".join(map(codes_of.__getitem__, headline.split()))
    # The names first: cheaper than the figures, and either settles it.
    return _names_one(codes) or bool(DIGIT.search(headline) and FIGURE.search(headline))


def _names_one(codes: bytes) -> bool:
    """Whether the words' codes (``_word_code``, in order) hold a name."""
    if _NAME in codes:
        return True
    after_first = codes[1:]
    if _UNCOMMON not in after_first and _UNCOMMON | _PREPOSITION not in after_first:
        return False
    n = len(codes)
    title_case = n >= 3 and n - codes.count(_LOWER) - codes.count(_LOWER | _PREPOSITION) >= 0.6 * n
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
) -> dict:
    """Score, band, components and caps; see the module docstring for the table.

    ``penalties``: this headline's ``model_penalties`` entry when the caller rounded the batch's at once.
    """
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
    if penalties is None:
        penalties = _penalties(clickbait["probability"], sensationalism["score"])
    components = {
        "clickbait": penalties[0],
        "sensationalism": penalties[1],
        "truncation": -truncation,
        "style": -12.0 if len(style) >= 4 else -3.0 * len(style),  # -min(12.0, 3.0 * n), -0.0 for none
        "length": -length,
        "readability": -hard,
        "specificity": 4.0 if specific else -4.0,
    }
    raw = 100.0 + sum(components.values())
    raw = raw if raw < 100.0 else 100.0  # min(100.0, raw)
    score = round(raw if raw > 0.0 else 0.0)  # max(0.0, raw)
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
