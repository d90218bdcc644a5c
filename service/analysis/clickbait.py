"""Clickbait scores of many headlines from one pass through the fitted pipeline.

The features are computed once per batch; the probability, the strength and the
signals that drove them all come from that one matrix, so the explanation is the
model's own arithmetic (weight x value), never a canned text.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from training.lean import lean_transform
from training.pipeline import _feature_names

__all__ = ["score_clickbait", "level_of"]

KIND = {"cues": "cue", "words": "word", "chars": "chars"}
# Cue names as an editor reads them.
CUE_LABELS = {
    "starts_with_number": "starts with a number",
    "has_number": "contains a number",
    "forward_reference_start": "opens with a forward reference (this/these/here)",
    "forward_reference": "forward-reference words",
    "second_person": "addresses the reader (you/your)",
    "first_person": "first person (I/we/my)",
    "starts_with_question_word": "opens like a question",
    "superlative": "superlative",
    "hyperbolic_word": "hyperbolic words",
    "clickbait_phrase": "stock clickbait phrase",
    "question_mark": "question mark",
    "exclamation_mark": "exclamation marks",
    "quotes": "quotation",
    "colon": "colon",
    "all_caps_share": "words in capitals",
    "capitalised_share": "share of capitalised words",
    "n_words": "length in words",
    "n_chars": "length in characters",
    "stop_word_share": "share of function words",
    "mean_word_length": "mean word length",
    "contractions": "contractions",
    "sentiment_intensity": "emotional intensity",
    "positive_sentiment": "positive sentiment",
    "negative_sentiment": "negative sentiment",
}


def level_of(value: float, medium: float, high: float) -> str:
    return "high" if value >= high else "medium" if value >= medium else "low"


def score_clickbait(model, headlines: list[str], top: int = 8) -> list[dict]:
    """The clickbait part of the result for each headline.

    Parameters
    ----------
    model : LoadedModel
    headlines : list of str
    top : int
        How many signals to report, by absolute contribution.
    """
    pipeline = model.clickbait
    head = pipeline.named_steps["clf"]
    X = sparse.csr_matrix(lean_transform(pipeline.named_steps["features"], headlines))
    probability = head.predict_proba(X)[:, 1]
    strength = head.predict_strength(X)
    log_odds = head.decision_function(X)
    names = _feature_names(pipeline)
    threshold = model.threshold
    results = []
    for row in range(X.shape[0]):
        start, end = X.indptr[row], X.indptr[row + 1]
        cols, vals = X.indices[start:end], X.data[start:end]
        contrib = vals * head.coef_[cols]
        order = np.argsort(-np.abs(contrib))[:top]
        signals = []
        for i in order:
            if contrib[i] == 0:
                continue
            block, _, name = str(names[cols[i]]).partition("__")
            kind = KIND.get(block, block)
            signals.append(
                {
                    "feature": f"{block}__{name}",
                    "kind": kind,
                    "text": CUE_LABELS.get(name, name) if kind == "cue" else name,
                    "value": round(float(vals[i]), 4),
                    "contribution": round(float(contrib[i]), 4),
                }
            )
        p = float(probability[row])
        results.append(
            {
                "probability": round(p, 4),
                "strength": round(float(strength[row]), 4),
                "label": "clickbait" if p >= threshold else "not clickbait",
                "threshold": threshold,
                "level": level_of(p, 0.35, 0.65),
                "log_odds": round(float(log_odds[row]), 4),
                "signals": signals,
            }
        )
    return results
