"""A fitted gradient-boosted tree classifier as flat numpy arrays, and its prediction.

``HistGradientBoostingClassifier.predict_proba`` calls a threaded predictor once per
tree and class; on a single article that overhead dominates (milliseconds on a busy
machine). Walking all trees at once in numpy gives the same numbers in ~0.2 ms, and the
flattened form needs no scikit-learn at prediction time. Imports only numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["flatten_booster", "predict_flat", "raw_scores"]


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


def raw_scores(trees: dict[str, np.ndarray], X: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """The booster's raw score per row and class (one column for two classes), walking all trees at once."""
    n_scores = len(trees["baseline"])
    out = np.empty((len(X), n_scores))
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
        for k in range(n_scores):
            raw[:, k] += leaf_values[:, trees["tree_class"] == k].sum(axis=1)
        out[start : start + chunk] = raw
    return out


def predict_flat(trees: dict[str, np.ndarray], X: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """Class probabilities of the flattened booster, one column per class as ``predict_proba`` gives them.

    Multi-class log loss: a softmax over one raw score per class. Two classes (binary log loss): one
    raw score, the log-odds of ``classes_[1]``, so the columns are ``1 - p`` and ``p``.
    """
    raw = raw_scores(trees, X, chunk)
    if raw.shape[1] == 1:
        p = 1.0 / (1.0 + np.exp(-raw))
        return np.hstack([1.0 - p, p])
    raw -= raw.max(axis=1, keepdims=True)
    proba = np.exp(raw)
    return proba / proba.sum(axis=1, keepdims=True)
