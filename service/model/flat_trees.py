"""A fitted gradient-boosted tree classifier as flat numpy arrays, and its prediction.

``HistGradientBoostingClassifier.predict_proba`` calls a threaded predictor once per
tree and class; on a single article that overhead dominates (milliseconds on a busy
machine). Walking all trees at once in numpy gives the same numbers in ~0.2 ms, and the
flattened form needs no scikit-learn at prediction time. Imports only numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["flatten_booster", "predict_flat"]


def flatten_booster(clf: Any) -> dict[str, np.ndarray]:
    """The trees of a fitted ``HistGradientBoostingClassifier`` as flat arrays (node indices made global)."""
    parts: dict[str, list[np.ndarray]] = {
        key: [] for key in ("feature", "threshold", "nan_left", "left", "right", "leaf", "value")
    }
    roots, tree_class = [], []
    offset = 0
    for iteration in clf._predictors:
        for k, predictor in enumerate(iteration):
            nodes = predictor.nodes
            if np.any(nodes["is_categorical"]):
                raise ValueError("categorical splits are not supported")
            roots.append(offset)
            tree_class.append(k)
            parts["feature"].append(nodes["feature_idx"].astype(np.int32))
            parts["threshold"].append(nodes["num_threshold"].astype(np.float64))
            parts["nan_left"].append(nodes["missing_go_to_left"].astype(bool))
            parts["left"].append(nodes["left"].astype(np.int32) + offset)
            parts["right"].append(nodes["right"].astype(np.int32) + offset)
            parts["leaf"].append(nodes["is_leaf"].astype(bool))
            parts["value"].append(nodes["value"].astype(np.float64))
            offset += len(nodes)
    return {
        **{key: np.concatenate(arrays) for key, arrays in parts.items()},
        "roots": np.asarray(roots, dtype=np.int32),
        "tree_class": np.asarray(tree_class, dtype=np.int32),
        "baseline": np.asarray(clf._baseline_prediction, dtype=np.float64).ravel(),
    }


def predict_flat(trees: dict[str, np.ndarray], X: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """Softmax probabilities of the flattened booster (multi-class log loss)."""
    n_classes = len(trees["baseline"])
    out = np.empty((len(X), n_classes))
    for start in range(0, len(X), chunk):
        x = X[start : start + chunk]
        rows = np.arange(len(x))[:, None]
        node = np.broadcast_to(trees["roots"], (len(x), len(trees["roots"]))).copy()
        while True:
            active = ~trees["leaf"][node]
            if not active.any():
                break
            values = x[rows, trees["feature"][node]]
            go_left = np.where(np.isnan(values), trees["nan_left"][node], values <= trees["threshold"][node])
            step = np.where(go_left, trees["left"][node], trees["right"][node])
            node = np.where(active, step, node)
        raw = np.tile(trees["baseline"], (len(x), 1))
        leaf_values = trees["value"][node]
        for k in range(n_classes):
            raw[:, k] += leaf_values[:, trees["tree_class"] == k].sum(axis=1)
        raw -= raw.max(axis=1, keepdims=True)
        proba = np.exp(raw)
        out[start : start + chunk] = proba / proba.sum(axis=1, keepdims=True)
    return out
