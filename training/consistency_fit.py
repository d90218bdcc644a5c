"""Fit-time code of the stance model: the FNC-1 loader, the trainer and the official FNC-1 score.

The estimator itself (``ConsistencyModel``) is runtime code in ``service.model.consistency``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from service.model.consistency import ConsistencyModel

__all__ = ["fnc_score", "load_fnc1", "train_consistency"]


def fnc_score(gold: Iterable[str], predicted: Iterable[str]) -> tuple[float, float]:
    """The official FNC-1 weighted score and its maximum on ``gold``."""
    score = best = 0.0
    for g, p in zip(gold, predicted, strict=True):
        best += 0.25 if g == "unrelated" else 1.0
        if g == p:
            score += 0.25 + (0.5 if g != "unrelated" else 0.0)
        if g != "unrelated" and p != "unrelated":
            score += 0.25
    return score, best


def load_fnc1(data_dir: str | Path, split: str) -> tuple[list[tuple[str, str]], list[str]]:
    """FNC-1 pairs and stances of one split (``train`` or ``test``) from ``shared/data``.

    Raises
    ------
    FileNotFoundError
        When ``articles/fnc1`` is missing under ``data_dir``.
    """
    root = Path(data_dir) / "articles" / "fnc1"
    bodies: dict[int, str] = {}
    with open(root / "bodies.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["split"] == split:
                bodies[int(record["body_id"])] = record["body"]
    pairs, stances = [], []
    with open(root / "pairs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            if record["split"] == split:
                pairs.append((record["headline"], bodies[int(record["body_id"])]))
                stances.append(record["stance"])
    return pairs, stances


def train_consistency(data_dir: str | Path, **params: Any) -> ConsistencyModel:
    """Fit the bundle's ``"consistency"`` model on FNC-1 train (never on its test split)."""
    pairs, stances = load_fnc1(data_dir, "train")
    return ConsistencyModel(**params).fit(pairs, stances)
