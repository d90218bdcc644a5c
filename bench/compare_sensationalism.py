"""Two models' sensationalism on the editor-judged TEST split, with a paired bootstrap of the differences.

    python bench/compare_sensationalism.py --base models/headline-1.2.0.joblib --new /tmp/m/headline-1.3.0.joblib

The test split has 814 rows (86 clearly sensational), so one model's ROC-AUC there moves by about
0.02 from one resample to the next; most of that noise is shared by two models scoring the same rows.
Both score every row through the service's own path (``training.sensational_eval``), the same
resamples of rows are drawn for both (seed 0), and the mean and SD of (new - base) are printed per
metric: a difference is worth a claim when it is clear of its SD. Only predicts; decides nothing.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import f1_score, roc_auc_score

from service.analysis import analyze_batch
from service.model import load_model
from training.sensational_fit import SENSATIONAL, load_editor_judged

ROOT = Path(__file__).resolve().parents[1]


def metrics(
    scores: np.ndarray, model: tuple[np.ndarray, np.ndarray, np.ndarray], low_cut: np.ndarray
) -> dict:
    estimate, high, green = model
    truth = scores >= SENSATIONAL
    return {
        "roc_auc": float(roc_auc_score(truth, estimate)),
        "spearman": float(spearmanr(scores, estimate)[0]),
        "f1_high": float(f1_score(truth, high, zero_division=0)),
        "neutral_low": float(np.mean(low_cut[scores == 0])),
        "sensational_green": float(np.mean(green[truth])),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--base", required=True)
    parser.add_argument("--new", required=True)
    parser.add_argument("--n", type=int, default=1000, help="bootstrap resamples")
    args = parser.parse_args()
    test = load_editor_judged(args.data, "test")
    models = {}
    for name in ("base", "new"):
        model = load_model(getattr(args, name))
        results = analyze_batch(model, [{"headline": t} for t in test.texts])
        estimate = np.array([r["sensationalism"]["score"] for r in results])
        levels = np.array([r["sensationalism"]["level"] for r in results])
        green = np.array([r["quality"]["band"] == "green" for r in results])
        models[name] = ((estimate, levels == "high", green), levels == "low")
    out: dict = {"n": len(test), "sensational": int((test.scores >= SENSATIONAL).sum())}
    for name, (model, low) in models.items():
        out[name] = {"model": getattr(args, name), **metrics(test.scores, model, low)}
    rng = np.random.default_rng(0)
    deltas: dict[str, list[float]] = {k: [] for k in out["base"] if k != "model"}
    for _ in range(args.n):
        idx = rng.integers(0, len(test), len(test))
        pick = [(tuple(a[idx] for a in model), low[idx]) for model, low in models.values()]
        base, new = (metrics(test.scores[idx], m, low) for m, low in pick)
        for k in deltas:
            deltas[k].append(new[k] - base[k])
    out["paired_new_minus_base"] = {k: f"{np.mean(v):+.4f} ± {np.std(v):.4f}" for k, v in deltas.items()}
    print(json.dumps(out, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
