"""Paired bootstrap of saved out-of-fold estimates against the baseline's (train rows only).

    python bench/experiments/sens_candidates.py --data ../shared/data --save /tmp/oof --only baseline,...
    python bench/experiments/sens_paired.py --data ../shared/data --oof /tmp/oof [--n 200]

For every saved candidate: the difference to ``baseline.npy`` in ROC-AUC ("clearly sensational"),
Spearman and best-cut F1, on all train rows, the other-source rows, the double-annotated rows and
the double-annotated other-source rows ("test_like", the rows the test split is drawn like), as mean and SD over
``--n`` resamples of the rows (the same resample for both estimates, so shared noise cancels),
and the baseline's own bootstrap SD. The test split is never read.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sens_candidates import OTHER_SOURCES
from sklearn.metrics import roc_auc_score

from training.sensational_fit import EDITOR_JUDGED, SENSATIONAL


def best_f1(estimate: np.ndarray, truth: np.ndarray) -> float:
    """F1 at the best cut over every distinct value (vectorised; the harness subsamples its grid)."""
    order = np.argsort(-estimate, kind="stable")
    hits = np.cumsum(truth[order])
    last = np.r_[estimate[order][1:] != estimate[order][:-1], True]  # the cut falls after ties
    k = np.arange(1, len(estimate) + 1)
    return float((2 * hits / (k + truth.sum()))[last].max())


def metrics(scores: np.ndarray, estimate: np.ndarray) -> list[float]:
    truth = scores >= SENSATIONAL
    return [
        float(roc_auc_score(truth, estimate)),
        float(spearmanr(scores, estimate)[0]),
        best_f1(estimate, truth),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--oof", required=True, help="folder of <candidate>.npy written by --save")
    parser.add_argument("--n", type=int, default=200)
    args = parser.parse_args()
    with open(Path(args.data) / EDITOR_JUDGED, encoding="utf-8", newline="") as fh:
        train = [r for r in csv.DictReader(fh) if r["split"] == "train"]
    scores = np.array([float(r["score"]) for r in train])
    other = np.array([r["source"] in OTHER_SOURCES for r in train])
    double = np.array([r["score_b"] != "" for r in train])
    folder = Path(args.oof)
    base = np.load(folder / "baseline.npy")
    rng = np.random.default_rng(0)
    samples = {"all": [rng.integers(0, len(scores), len(scores)) for _ in range(args.n)]}
    for part, mask in (("other", other), ("double", double), ("test_like", double & other)):
        samples[part] = [np.flatnonzero(mask)[rng.integers(0, mask.sum(), mask.sum())] for _ in range(args.n)]
    keys = ("roc_auc", "spearman", "f1_high")
    for path in sorted(folder.glob("*.npy")):
        oof = np.load(path)
        out: dict = {"candidate": path.stem}
        for part, draws in samples.items():
            deltas = []
            for idx in draws:
                a, b = metrics(scores[idx], oof[idx]), metrics(scores[idx], base[idx])
                deltas.append([x - y for x, y in zip(a, b, strict=True)] + b)
            d = np.array(deltas)
            out[part] = {
                k: {
                    "delta": round(d[:, i].mean(), 4),
                    "sd": round(d[:, i].std(), 4),
                    "base_sd": round(d[:, i + 3].std(), 4),
                }
                for i, k in enumerate(keys)
            }
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
