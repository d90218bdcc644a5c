"""Clickbait scores of many headlines from one pass through the fitted pipeline.

The features are computed once per batch; the probability, the strength and the
signals that drove them all come from that one matrix, so the explanation is the
model's own arithmetic (weight x value), never a canned text.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from service.analysis.signals import batch_signals
from training.lean import lean_transform

__all__ = ["score_clickbait", "level_of"]


def level_of(value: float, medium: float, high: float) -> str:
    return "high" if value >= high else "medium" if value >= medium else "low"


def score_clickbait(model, headlines: list[str], top: int = 8, explain: bool | str = True) -> list[dict]:
    """The clickbait part of the result for each headline.

    Parameters
    ----------
    model : LoadedModel
    headlines : list of str
    top : int
        How many signals to report, by absolute contribution: words of the headline
        (all word and character n-gram weights drawn from them) and cues.
    explain : bool or "flagged"
        ``False`` skips the signals (``"signals": []``): bulk callers that do not show
        them do not pay for them. ``"flagged"`` computes them only for the headlines
        labelled clickbait (the only ones whose suggestions use them). Every score is
        the same either way.
    """
    pipeline = model.clickbait
    features = pipeline.named_steps["features"]
    head = pipeline.named_steps["clf"]
    if len(headlines) == 1 and hasattr(features, "transform_one"):
        X = features.transform_one(headlines[0])  # one headline: no scipy.sparse matrix at all
    else:
        X = sparse.csr_matrix(lean_transform(features, headlines))
    probability = head.predict_proba(X)[:, 1]
    strength = head.predict_strength(X)
    log_odds = head.decision_function(X)
    threshold = model.threshold
    signals: list[list[dict]] = [[] for _ in headlines]
    if explain == "flagged":
        rows = np.flatnonzero(probability >= threshold)
        for row, found in zip(rows.tolist(), batch_signals(pipeline, [headlines[r] for r in rows], X[rows], top),
                              strict=True):
            signals[row] = found
    elif explain is True:
        signals = batch_signals(pipeline, headlines, X, top)
    elif explain is not False:
        raise ValueError(f"explain must be True, False or 'flagged', not {explain!r}")
    results = []
    for row in range(len(headlines)):
        p = float(probability[row])
        results.append(
            {
                "probability": round(p, 4),
                "strength": round(float(strength[row]), 4),
                "label": "clickbait" if p >= threshold else "not clickbait",
                "threshold": threshold,
                "level": level_of(p, 0.35, 0.65),
                "log_odds": round(float(log_odds[row]), 4),
                "signals": signals[row],
            }
        )
    return results
