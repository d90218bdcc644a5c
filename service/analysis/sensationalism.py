"""Sensationalism of headlines: a 0..1 score on the editors' rubric scale, a level, and the spans behind it.

Sensationalism is exaggerated, emotionally loaded or alarmist framing that overstates
what the story supports. The score comes from the bundle's sensationalism head
(``training/sensational_head.py``), fitted by ``headline train`` on editor-judged
headlines: it estimates the editors' mean rubric score / 3, so a neutral wire
headline is near 0, and its level thresholds come from the model card. The head reads
the clickbait pipeline's feature matrix (computed once per batch) plus the trigger cues
of ``service/model/triggers.py``; the trigger spans, with category and advice, say which
words to change. Words the head weighs heavily that no lexicon knows are reported
as ``loaded_word`` triggers, so every score is explained by words of the headline.

A bundle without a head (custom ``--file`` training) scores by the rubric's own rule of
thumb: each distinct kind of device found is worth one rubric point out of 3.

Pure: no Flask, no IO, no globals that change. It must never raise on any string.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

from service.model.numbers import round4
from service.model.text_rules import word_spans
from service.model.trigger_scan import cue_array, scan_sums
from service.model.triggers import CATEGORIES as TRIGGER_CATEGORIES
from service.model.triggers import CUE_NAMES, trigger_facts

__all__ = [
    "CATEGORIES",
    "FALLBACK_THRESHOLDS",
    "analyze_sensationalism",
    "known_words",
    "score_sensationalism",
]

CATEGORIES = (*TRIGGER_CATEGORIES, "loaded_word")
# Rubric rule of thumb for a bundle without a fitted head: one device = mild (1/3), two = clearly sensational.
FALLBACK_THRESHOLDS = {"medium": 1 / 3, "high": 2 / 3, "green": 2 / 3}
# A word is reported as loaded when the head's weights on it add at least this much to the
# estimated rubric score (in rubric points / 3: 0.1 is about a third of a rubric point).
LOADED_WORD_MIN = 0.1
INTENSITY = CUE_NAMES.index("emotional_intensity")
_NO_LEXICONS: dict = {}  # a bundle without lexicons: one object, so the triggers' tables are built once

EXPLANATIONS = {
    "hyperbole": ("exaggerates beyond what can literally be true", "State the actual size or effect."),
    "superlative": (
        "a superlative ranks this above everything else",
        "Keep it only if the ranking is sourced.",
    ),
    "intensifier": ("an intensifier inflates the claim", "Drop it; let the fact carry the weight."),
    "emotional": ("an emotionally loaded word", "Prefer a neutral verb or adjective."),
    "dramatic": (
        "a hype or drama word that makes the story sound bigger",
        "Use the neutral word: 'criticises' for 'slams', 'rises' for 'soars', 'new' for 'thrilling new'.",
    ),
    "urgency": ("urgency or alarm pushes the reader to act or fear", "Say what happened and when instead."),
    "absolute": ("an absolute admits no exception", "Quantify: how many, how often."),
    "shouting": ("capitals or exclamation marks shout", "Use sentence case and a full stop."),
    "causal_claim": (
        "a causal claim stronger than most studies support",
        "Say 'is linked to' unless causation was shown.",
    ),
    "clickbait_phrase": ("a stock clickbait phrase", "Replace it with the specific information."),
    "loaded_word": ("a word editors read as loaded or hype", "Use the plain word a wire service would use."),
}


def _probability(value: object) -> float | None:
    try:
        p = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return min(max(p, 0.0), 1.0) if math.isfinite(p) else None


def _loaded_columns(X, first: int, coef: np.ndarray) -> dict[int, set[int]]:
    """Per batch row, the word-unigram columns whose weight x value adds at least ``LOADED_WORD_MIN``.

    ``first``, ``coef``: the first word-unigram column and the head's weights from there (``_loaded_coef``).
    """
    indices = X.indices
    inside = np.flatnonzero((indices >= first) & (indices < first + len(coef)))
    hot = inside[X.data[inside] * coef[indices[inside] - first] >= LOADED_WORD_MIN]
    if not len(hot):
        return {}
    rows = np.searchsorted(X.indptr, hot, side="right") - 1
    loaded: dict[int, set[int]] = {}
    for row, col in zip(rows.tolist(), indices[hot].tolist(), strict=True):
        loaded.setdefault(row, set()).add(col)
    return loaded


def _loaded_words(columns: set[int], words, spans, word_columns: dict) -> list[tuple[int, int, str]]:
    """Words outside every trigger span whose unigram column is one of the row's loaded ``columns``."""
    return [
        (s, e, "loaded_word")
        for s, e, w in words
        if word_columns.get(w) in columns and not any(a < e and s < b for a, b, _ in spans)
    ]


def _trigger(text: str, start: int, end: int, category: str) -> dict:
    """One trigger of a headline's sensationalism part."""
    explanation, advice = EXPLANATIONS[category]
    return {
        "text": text[start:end],
        "category": category,
        "start": start,
        "end": end,
        "explanation": explanation,
        "advice": advice,
    }


def _fallback_score(spans: list[tuple[int, int, str]]) -> float:
    return min(1.0, len({c for _, _, c in spans}) / 3.0)


def known_words(model) -> dict[str, int]:
    """The model's training vocabulary of single words (lower case), with their columns."""
    return _word_columns(model)


def _word_columns(model) -> dict[str, int]:
    """Column of every word unigram in the shared matrix, built once per model."""
    pipeline = getattr(model, "clickbait", None)
    cached = getattr(pipeline, "_sensational_word_columns", None)
    if cached is None and pipeline is not None:
        union = pipeline.named_steps["features"]
        offset = 0
        cached = {}
        for name, step in union.transformer_list:
            width = len(step.get_feature_names_out())
            if name == "words":
                cached = {t: offset + j for t, j in step.vocabulary_.items() if " " not in t}
            offset += width
        pipeline._sensational_word_columns = cached
    return cached or {}


def _loaded_coef(model, head, width: int) -> tuple[int, np.ndarray]:
    """The first word-unigram column, and the head's weights from there to the last one, 0 at every other.

    Built once per model. A column's product with a weight of 0 is 0 (or NaN), never
    ``LOADED_WORD_MIN``: one gather of the columns in the unigrams' range finds the loaded words.
    """
    pipeline = model.clickbait
    cached = getattr(pipeline, "_sensational_loaded_coef", None)
    if cached is None or cached[0] is not head or cached[1] != width:
        columns = list(_word_columns(model).values())
        first, last = (min(columns), max(columns) + 1) if columns else (0, 0)
        unigram = np.zeros(width, dtype=bool)
        unigram[columns] = True
        coef = np.where(unigram, head.text_coef, 0.0)[first:last]
        cached = pipeline._sensational_loaded_coef = (head, width, first, coef)
    return cached[2], cached[3]


def score_sensationalism(
    model, headlines: list[str], X, hyperbole: list[float | None], valence: dict
) -> list[dict]:
    """The sensationalism part of the result for each headline, from the batch's shared feature matrix ``X``."""
    head = getattr(model, "sensationalism", None)
    if head is not None and tuple(getattr(head, "cue_names", ())) != CUE_NAMES:
        head = None  # fitted on another cue layout (an older bundle): the triggers still score it
    lexicons = model.lexicons if isinstance(getattr(model, "lexicons", None), dict) else _NO_LEXICONS
    word_columns = _word_columns(model) if head is not None else {}
    table = trigger_facts(lexicons, valence)
    # Most values are already a probability (a float in 0..1): ``_probability`` returns them as they are.
    probabilities = [hp if type(hp) is float and 0.0 <= hp <= 1.0 else _probability(hp) for hp in hyperbole]
    scanned = [scan_sums(text, table) for text in headlines]
    cues = cue_array(headlines, scanned, probabilities)
    loaded: dict[int, set[int]] = {}
    if head is not None:
        scores = head.score(X, cues).tolist()
        loaded = _loaded_columns(X, *_loaded_coef(model, head, X.shape[1]))
        thresholds, source = head.thresholds, "model"
    else:
        scores = [_fallback_score(spans) for spans, _ in scanned]
        thresholds, source = FALLBACK_THRESHOLDS, "triggers"
    results = []
    rounded = {k: round(float(v), 4) for k, v in thresholds.items()}
    # The shown numbers, rounded once per batch (a missing hyperbole probability stays None).
    shown_scores = round4(scores)
    shown_probabilities = round4([0.0 if p is None else p for p in probabilities])
    intensities = cues[:, INTENSITY].tolist()
    shown_intensities = round4(intensities)
    high, medium = thresholds["high"], thresholds["medium"]
    for row, (spans, _) in enumerate(scanned):
        score = scores[row]
        level = "high" if score >= high else "medium" if score >= medium else "low"
        if head is not None and level == "low" and spans:
            # A neutral framing of a grave topic ("Earthquake kills 12") is not loaded: VADER's topic words
            # are no advice then; the lexicon and phrase triggers still are.
            spans = [span for span in spans if span[2] != "emotional"]
        text = headlines[row]
        if row in loaded:
            spans = sorted(spans + _loaded_words(loaded[row], word_spans(text), spans, word_columns))
        intensity = intensities[row]
        results.append(
            {
                "score": shown_scores[row],
                "level": level,
                "source": source,
                "thresholds": rounded.copy(),
                "hyperbole_probability": None if probabilities[row] is None else shown_probabilities[row],
                "emotional_intensity": shown_intensities[row] if intensity else intensity,
                "triggers": [_trigger(text, *span) for span in spans] if spans else [],
            }
        )
    return results


def analyze_sensationalism(
    headline: str, *, hyperbole_probability: float | None, lexicons: dict, valence: dict
) -> dict:
    """Trigger spans and the rubric rule-of-thumb score of one headline, without a model.

    ``analyze`` uses ``score_sensationalism`` with the bundle's fitted head; this entry
    point serves callers that have only word lists (tests, tools).

    Returns
    -------
    dict
        ``score`` (0..1), ``level`` (low/medium/high), ``source`` ("model" or "triggers"),
        ``thresholds`` (medium, high, and green: the score from which quality cannot be green),
        ``hyperbole_probability``,
        ``emotional_intensity`` (0..1) and ``triggers``: ``text``, ``category``, ``start``,
        ``end``, ``explanation``, ``advice``, sorted by ``start``, non-overlapping, with
        ``text == headline[start:end]``.
    """
    text = headline if isinstance(headline, str) else str(headline)
    words_only = SimpleNamespace(sensationalism=None, lexicons=lexicons if isinstance(lexicons, dict) else {})
    return score_sensationalism(
        words_only, [text], None, [hyperbole_probability], valence if isinstance(valence, dict) else {}
    )[0]
