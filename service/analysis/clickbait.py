"""Clickbait scores of many headlines from one pass through the fitted model's runtime form.

``model.clickbait`` is the compiled pipeline (``service.model.runtime.ClickbaitRuntime``: the
same arithmetic as the fitted scikit-learn pipeline, without importing scikit-learn). The
features are computed once per batch; the probability, the strength and the signals that drove
them all come from that one matrix, so the explanation is the model's own arithmetic
(weight x value), never a canned text.
"""

from __future__ import annotations

import numpy as np

from service.analysis.signals import batch_signals
from service.model.heads import ClickbaitLinear, calibrated_probability
from service.model.numbers import round4

__all__ = ["score_clickbait", "level_of"]


def level_of(value: float, medium: float, high: float) -> str:
    return "high" if value >= high else "medium" if value >= medium else "low"


def feature_matrix(model, headlines: list[str]):
    """The batch's feature rows, computed once and read by every head (clickbait, sensationalism).

    One headline gets a single sparse row without scipy.sparse (``transform_one``); a batch
    gets one CSR matrix.
    """
    features = model.clickbait.named_steps["features"]
    if len(headlines) == 1:
        return features.transform_one(headlines[0])
    return features.transform(headlines)


def score_clickbait(
    model, headlines: list[str], top: int = 8, explain: bool | str = True, X=None
) -> list[dict]:
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
    X : feature rows, optional
        The batch's ``feature_matrix`` when the caller already computed it (shared by the heads).
    """
    pipeline = model.clickbait
    head = pipeline.named_steps["clf"]
    X = feature_matrix(model, headlines) if X is None else X
    log_odds = head.decision_function(X)
    if isinstance(head, ClickbaitLinear):  # predict_proba's numbers from the one product above
        probability = calibrated_probability(log_odds, head.calibration)
    else:
        probability = head.predict_proba(X)[:, 1]
    strength = head.predict_strength(X)
    threshold = model.threshold
    signals: list[list[dict]] = [[] for _ in headlines]
    if explain == "flagged":
        rows = np.flatnonzero(probability >= threshold)
        for row, found in zip(
            rows.tolist(), batch_signals(pipeline, [headlines[r] for r in rows], X[rows], top), strict=True
        ):
            signals[row] = found
    elif explain is True:
        signals = batch_signals(pipeline, headlines, X, top)
    elif explain is not False:
        raise ValueError(f"explain must be True, False or 'flagged', not {explain!r}")
    results = []
    for p, shown, strong, odds, found in zip(
        probability.tolist(), round4(probability), round4(strength), round4(log_odds), signals, strict=True
    ):
        results.append(
            {
                "probability": shown,
                "strength": strong,
                "label": "clickbait" if p >= threshold else "not clickbait",
                "threshold": threshold,
                "level": level_of(p, 0.35, 0.65),
                "log_odds": odds,
                "signals": found,
            }
        )
    return results
