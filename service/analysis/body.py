"""Article-level signals of a body: readability, consistency, where the tease is answered.

``analyze_body`` is pure (no Flask, no IO, no globals) and reads text that the core's one
validator (``validation.validate_body``) has already accepted: it checks nothing again. An
empty, huge or unreadable body (control characters, no words, not prose) gives a result that
says what was and was not computed. Only the first ``MAX_ANALYZED_CHARS`` characters are
analysed; the result says so.

The article-level clickbait score is a fixed, hand-set combination in logit space
(no dataset pairs clickbait labels with bodies, so nothing could be fitted):

    logit(p_article) = logit(p_headline)
                       + POSITION_WEIGHT    * (answer position - POSITION_PIVOT)
                       + CONSISTENCY_WEIGHT * (CONSISTENCY_PIVOT - consistency score)
                       + VOCABULARY_WEIGHT  * (VOCABULARY_PIVOT - share of headline words in the body)
                       + THIN_BODY_WEIGHT   * [body under THIN_BODY_WORDS words]

``docs/article.md`` explains the choice and what it measures.
"""

from __future__ import annotations

import functools
import logging
import math
import re
import statistics
from typing import Any, Protocol

from service.model.pair_text import content_tokens
from service.model.readability import (
    body_readability,
    is_prose,
    reading_time_minutes,
    sentence_spans,
    syllables_in_word,
)
from service.model.spoiler import rank_sentences

__all__ = ["MAX_ANALYZED_CHARS", "analyze_body"]

logger = logging.getLogger(__name__)

MAX_ANALYZED_CHARS = 50_000  # about 8,000 words of the (up to 1,000,000-character) body; the rest is not analysed, and the result says so
MIN_LETTER_SHARE = 0.5  # below this share of letters among visible characters it is not prose
POSITION_WEIGHT, POSITION_PIVOT = 2.0, 0.25
CONSISTENCY_WEIGHT, CONSISTENCY_PIVOT = 2.0, 0.75
VOCABULARY_WEIGHT, VOCABULARY_PIVOT = 1.0, 0.5
THIN_BODY_WEIGHT, THIN_BODY_WORDS = 0.5, 100
# Evidence sentences are listed only from this similarity to the headline up. On FNC-1's train
# split the best sentence of an unrelated body is below 0.11 in 90% of pairs, while three in
# four related pairs have a sentence above 0.28: under 0.25 a "supporting" sentence is noise.
EVIDENCE_MIN_SIMILARITY = 0.25
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffd]")


@functools.lru_cache(maxsize=50_000)
def _syllables(word: str) -> int:
    return syllables_in_word(word)


def _sentence_grade(words: list[str]) -> float:
    """Flesch-Kincaid grade of one sentence (the formula applied to a single sentence)."""
    syllables = sum(_syllables(w) for w in words)
    return round(0.39 * len(words) + 11.8 * syllables / len(words) - 15.59, 1)


def _readability(text: str, spans: list[tuple[int, int]]) -> dict:
    sentence_words = [_WORD.findall(text[s:e]) for s, e in spans]
    lengths = [len(w) for w in sentence_words if w]
    n_words = sum(lengths)
    graded: list[dict[str, Any]] = [
        {"text": text[s:e], "start": s, "end": e, "grade": _sentence_grade(words)}
        for (s, e), words in zip(spans, sentence_words, strict=True)
        if len(words) >= 5
        and is_prose(text, s, e)  # headings, contents and link bullets are not read as prose
    ]
    graded.sort(key=lambda d: -d["grade"])
    return {
        **body_readability(text),
        "words": n_words,
        "sentences": len(lengths),
        "reading_time_minutes": reading_time_minutes(n_words),
        "sentence_length": {
            "mean": round(statistics.fmean(lengths), 2) if lengths else 0.0,
            "median": float(statistics.median(lengths)) if lengths else 0.0,
            "max": max(lengths, default=0),
            "stdev": round(statistics.pstdev(lengths), 2) if lengths else 0.0,
        },
        "hardest_sentences": graded[:3],
    }


NO_SPOILER = {"found": False, "text": None, "start": None, "end": None, "position": None, "rank_score": None}


def _spoiler(headline: str, text: str) -> dict:
    ranked = rank_sentences(headline, text)
    if not ranked:
        return dict(NO_SPOILER)
    best = ranked[0]
    return {
        "found": True,
        "text": best.text,
        "start": best.start,
        "end": best.end,
        "position": round(best.start / max(len(text), 1), 4),
        "rank_score": best.score,
        "sentence_index": best.index,
        "candidates": [
            {"text": r.text, "start": r.start, "end": r.end, "rank_score": r.score} for r in ranked[:3]
        ],
    }


class _StanceModel(Protocol):
    """What the body analysis needs from the bundle's consistency model."""

    def explain(self, headline: str, text: str) -> dict: ...


def _consistency(model: _StanceModel | None, headline: str, text: str) -> dict:
    if model is None:
        return {"computed": False, "reason": "no consistency model is loaded"}
    try:
        result = model.explain(headline, text)
    except Exception as exc:  # a broken model must not take the whole analysis down
        logger.exception("consistency model failed")
        return {"computed": False, "reason": f"consistency model failed: {type(exc).__name__}"}
    for key in ("supporting", "contradicting"):
        if isinstance(result.get(key), list):
            result[key] = [
                item
                for item in result[key]
                if item.get("score", 0) >= EVIDENCE_MIN_SIMILARITY
                and is_prose(text, item["start"], item["end"])
            ]
    return {"computed": True, **result, "evidence_min_similarity": EVIDENCE_MIN_SIMILARITY}


def _logit(p: float) -> float:
    p = min(max(float(p), 0.01), 0.99)
    return math.log(p / (1 - p))


def _article_score(headline_probability: float, features: dict, consistency: dict, spoiler: dict) -> dict:
    components = {"headline": round(_logit(headline_probability), 3)}
    notes = [f"headline alone {headline_probability:.2f}"]
    if spoiler.get("found"):
        value = POSITION_WEIGHT * (spoiler["position"] - POSITION_PIVOT)
        components["answer_position"] = round(value, 3)
        notes.append(f"the likely answer starts {spoiler['position']:.0%} into the body ({value:+.2f})")
    if consistency.get("computed"):
        value = CONSISTENCY_WEIGHT * (CONSISTENCY_PIVOT - consistency["score"])
        components["inconsistency"] = round(value, 3)
        notes.append(f"body is '{consistency['label']}' with the headline ({value:+.2f})")
    share = features["headline_vocabulary_share"]
    if share is not None:
        value = VOCABULARY_WEIGHT * (VOCABULARY_PIVOT - share)
        components["headline_vocabulary_unused"] = round(value, 3)
        notes.append(f"body uses {share:.0%} of the headline's words ({value:+.2f})")
    if features["words"] < THIN_BODY_WORDS:
        components["thin_body"] = THIN_BODY_WEIGHT
        notes.append(f"body under {THIN_BODY_WORDS} words ({THIN_BODY_WEIGHT:+.2f})")
    total = sum(components.values())
    probability = 1 / (1 + math.exp(-total))
    return {
        "probability": round(probability, 4),
        "components": components,
        "explanation": "Logit sum of hand-set terms: " + "; ".join(notes) + f" -> {probability:.2f}.",
    }


def _empty_result(reason: str, headline_probability: float, status: str) -> dict:
    p = round(float(headline_probability), 4)
    return {
        "status": status,
        "reason": reason,
        "truncated": False,
        "analyzed_characters": 0,
        "readability": {"computed": False, "reason": reason},
        "consistency": {"computed": False, "reason": reason},
        "spoiler": dict(NO_SPOILER),
        "features": {"words": 0, "headline_vocabulary_share": None},
        "article_clickbait": {
            "probability": p,
            "components": {"headline": round(_logit(p), 3)},
            "explanation": f"No usable body ({reason}): the article score is the headline's alone.",
        },
    }


def analyze_body(
    headline: str, body: str, *, consistency_model: _StanceModel | None, headline_probability: float
) -> dict:
    """Body signals of one article and the article-level clickbait score.

    Parameters
    ----------
    headline : str
        Validated by ``validation.validate_headline``.
    body : str
        Validated by ``validation.validate_body``; text without words or prose gives
        ``status="not_text"``, a blank one ``status="empty"``.
    consistency_model : ConsistencyModel or None
        The bundle's ``"consistency"`` entry; ``None`` skips consistency.
    headline_probability : float
        P(clickbait) of the headline alone, from the headline model.

    Returns
    -------
    dict
        ``status`` ("ok", "empty", "not_text"), ``truncated``, ``analyzed_characters``,
        ``readability``, ``consistency``, ``spoiler``, ``features`` and ``article_clickbait``.
        Offsets (``start``/``end``) index the body as given.
    """
    try:
        headline_probability = float(headline_probability)
        if not 0.0 <= headline_probability <= 1.0:
            raise ValueError
    except (TypeError, ValueError):
        headline_probability = 0.5
    text = _CONTROL.sub(" ", body)  # control characters become spaces, so offsets stay valid
    truncated = len(text) > MAX_ANALYZED_CHARS
    text = text[:MAX_ANALYZED_CHARS]
    visible = [c for c in text if not c.isspace()]
    if not _WORD.search(text):
        status = "not_text" if visible or body.strip() else "empty"
        return _empty_result("the body has no words", headline_probability, status)
    letters = sum(c.isalpha() for c in visible)
    if letters / len(visible) < MIN_LETTER_SHARE:
        return _empty_result("the body does not look like prose", headline_probability, "not_text")

    spans = sentence_spans(text)
    readability = _readability(text, spans)
    head_tokens = set(content_tokens(headline))
    body_tokens = set(content_tokens(text))
    features = {
        "words": readability["words"],
        "headline_vocabulary_share": (
            round(len(head_tokens & body_tokens) / len(head_tokens), 4) if head_tokens else None
        ),
    }
    consistency = _consistency(consistency_model, headline, text)
    spoiler = _spoiler(headline, text)
    features["answer_position"] = spoiler["position"]
    features["consistency_score"] = consistency.get("score")
    return {
        "status": "ok",
        "reason": f"analysed the first {MAX_ANALYZED_CHARS} characters only" if truncated else None,
        "truncated": truncated,
        "analyzed_characters": len(text),
        "readability": readability,
        "consistency": consistency,
        "spoiler": spoiler,
        "features": features,
        "article_clickbait": _article_score(headline_probability, features, consistency, spoiler),
    }
