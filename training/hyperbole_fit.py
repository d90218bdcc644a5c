"""Fit-time code of the hyperbole detector: HYPO/HYPO-L loaders, their fixed split, the pipeline and its trainer.

The pickled transformer (``HyperboleCues``) is runtime code in ``service.model.hyperbole``.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from service.model.features import check_texts
from service.model.hyperbole import HyperboleCues
from service.model.lean import LeanScaler
from training.lexicons import load_lexicons

__all__ = [
    "build_hyperbole_pipeline",
    "hypo_groups",
    "hypo_split",
    "load_hypo",
    "normalise_text",
    "train_hyperbole",
]


def normalise_text(text: str) -> str:
    """The data README's normalisation: NFKC, lower case, URLs dropped, ``[a-z0-9 ]`` only."""
    text = unicodedata.normalize("NFKC", str(text)).lower()
    text = re.sub(r"https?://\S+|www\.\S+", " ", text)
    text = re.sub(r"[^a-z0-9 ]", " ", text)
    return re.sub(r" +", " ", text).strip()


def hypo_split(
    texts: Iterable[str], groups: Iterable[str] | None = None, test_share: float = 0.2
) -> np.ndarray:
    """Fixed 80/20 split by SHA-1 of the normalised text: ``"train"``/``"test"`` per text.

    The split depends on the text alone (no seed, no order), so it is the same on every
    machine and near-duplicates share a side. With ``groups`` (one key per text, see
    ``hypo_groups``) the key is hashed instead, so both members of a HYPO pair share a side.
    """
    keys = check_texts(texts, "texts") if groups is None else check_texts(groups, "groups")
    out = []
    for text in keys:
        digest = hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()  # noqa: S324 - not security
        out.append("test" if int(digest[:8], 16) / 0xFFFFFFFF < test_share else "train")
    return np.asarray(out, dtype=object)


def load_hypo(data_dir: str | Path, which: str = "hypo") -> tuple[list[str], np.ndarray]:
    """Read HYPO (``which="hypo"``) or HYPO-L (``"hypo_l"``) from ``<data_dir>/sensational/hypo``.

    Returns
    -------
    texts : list of str
    labels : ndarray of int, 1 for a hyperbole

    Raises
    ------
    ValueError
        For an unknown ``which``. ``FileNotFoundError`` when the file is missing.
    """
    if which not in ("hypo", "hypo_l"):
        raise ValueError(f"which: expected 'hypo' or 'hypo_l', got {which!r}")
    path = Path(data_dir) / "sensational" / "hypo" / f"{which}.csv"
    texts, labels = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            texts.append(row["sentence"])
            labels.append(int(row["hyperbole"]))
    return texts, np.asarray(labels, dtype=int)


def hypo_groups(texts: list[str], labels: np.ndarray, which: str = "hypo") -> list[str]:
    """One key per text that both members of a HYPO pair share: the pair's hyperbole.

    HYPO lists its 709 hyperboles first and their literal paraphrases in the same order
    after them; HYPO-L has no pairs, so each text is its own group.
    """
    n = len(texts)
    half = n // 2
    paired = (
        which == "hypo"
        and n % 2 == 0
        and bool(np.all(labels[:half] == 1))
        and bool(np.all(labels[half:] == 0))
    )
    if not paired:
        return list(texts)
    return [texts[i % half] for i in range(n)]


def build_hyperbole_pipeline(
    hyperbolic: list[str] | None = None,
    valence: dict[str, float] | None = None,
    C: float = 0.1,
    class_weight: str | None = "balanced",
    **cue_params: Any,
) -> Pipeline:
    """``HyperboleCues -> LeanScaler -> LogisticRegression``; ``predict_proba[:, 1]`` is P(hyperbolic).

    Extra keyword arguments go to ``HyperboleCues`` (``smoothing``, ``min_df``, ...).
    """
    return Pipeline(
        [
            ("cues", HyperboleCues(hyperbolic=hyperbolic, valence=valence, **cue_params)),
            ("scale", LeanScaler()),
            ("clf", LogisticRegression(C=C, class_weight=class_weight, max_iter=1000)),
        ]
    )


def train_hyperbole(data_dir: str | Path, **params: Any) -> Pipeline:
    """Fit the hyperbole pipeline on the TRAIN parts of HYPO and HYPO-L (the test parts stay out).

    The hyperbolic lexicon (MIT) comes from ``<data_dir>/lexicons`` and VADER from its package;
    both are copied into the fitted model.
    """
    texts: list[str] = []
    labels: list[int] = []
    for which in ("hypo", "hypo_l"):
        t, y = load_hypo(data_dir, which)
        keep = hypo_split(t, hypo_groups(t, y, which)) == "train"
        texts += [x for x, k in zip(t, keep, strict=True) if k]
        labels += [int(v) for v in y[keep]]
    pipeline = build_hyperbole_pipeline(hyperbolic=load_lexicons(data_dir)["hyperbolic"], **params)
    return pipeline.fit(texts, np.asarray(labels))
