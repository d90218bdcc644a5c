"""Evaluating sensationalism: the editor-judged test split through the full analysis, and HYPO/HYPO-L.

Only predicts. The editor-judged metrics are the ones issue 11 sets targets for:
ROC-AUC for "clearly sensational" (mean score >= 1.5), Spearman with the editors'
score, F1 of the ``high`` level, the share of neutral rows (score 0) at ``low``, and
how the sensational rows fall into the quality bands.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score, roc_auc_score

from training.sensational_fit import SENSATIONAL, EditorSet, load_editor_judged, rank_metrics

__all__ = ["evaluate_editor_judged", "evaluate_hyperbole", "sensationalism_report"]

BANDS = ("green", "amber", "red")


def evaluate_editor_judged(model, data: EditorSet) -> dict:
    """Metrics of a loaded model on editor-judged rows, computed through ``analyze_batch``."""
    # The service's own scoring path, so the numbers are what users see.
    from service.analysis import analyze_batch

    results = analyze_batch(model, [{"headline": t} for t in data.texts])
    scored = [(r, s) for r, s in zip(results, data.scores, strict=True) if "error" not in r]
    estimate = np.array([r["sensationalism"]["score"] for r, _ in scored])
    scores = np.array([s for _, s in scored])
    levels = np.array([r["sensationalism"]["level"] for r, _ in scored])
    bands = np.array([r["quality"]["band"] for r, _ in scored])
    sensational = scores >= SENSATIONAL
    metrics = rank_metrics(scores, estimate, levels == "high")
    metrics["skipped_invalid"] = len(results) - len(scored)
    metrics["neutral_low_share"] = (
        float(np.mean(levels[scores == 0] == "low")) if np.any(scores == 0) else None
    )
    metrics["sensational_green_share"] = (
        float(np.mean(bands[sensational] == "green")) if sensational.any() else None
    )
    # The price of the green budget: plain headlines (rubric 0) that still get the green band.
    metrics["neutral_green_share"] = (
        float(np.mean(bands[scores == 0] == "green")) if np.any(scores == 0) else None
    )
    metrics["level_counts"] = {level: int(np.sum(levels == level)) for level in ("low", "medium", "high")}
    # Per band: how many rows, and the share of them editors call clearly sensational.
    metrics["bands"] = {
        band: {
            "n": int(np.sum(bands == band)),
            "sensational_share": float(np.mean(sensational[bands == band]))
            if np.any(bands == band)
            else None,
        }
        for band in BANDS
    }
    return metrics


def evaluate_hyperbole(pipeline, data_dir: str | Path) -> dict:
    """ROC-AUC and F1 of the hyperbole detector on the fixed test parts of HYPO and HYPO-L."""
    from service.model.lean import lean_predict_proba
    from training.hyperbole_fit import hypo_groups, hypo_split, load_hypo

    out = {}
    for which in ("hypo", "hypo_l"):
        texts, y = load_hypo(data_dir, which)
        test = hypo_split(texts, hypo_groups(texts, y, which)) == "test"
        held = [t for t, k in zip(texts, test, strict=True) if k]
        p = lean_predict_proba(pipeline, held)
        out[which] = {
            "n": len(held),
            "roc_auc": float(roc_auc_score(y[test], p)),
            "f1": float(f1_score(y[test], p >= 0.5)),
        }
    return out


def sensationalism_report(model, data_dir: str | Path) -> dict:
    """The sensationalism section of a report: editor-judged test split beside HYPO/HYPO-L."""
    data_dir = Path(data_dir)
    report = {"editor_judged_test": evaluate_editor_judged(model, load_editor_judged(data_dir, "test"))}
    if model.hyperbole is not None and (data_dir / "sensational" / "hypo" / "hypo.csv").is_file():
        report["hyperbole"] = evaluate_hyperbole(model.hyperbole, data_dir)
    return report
