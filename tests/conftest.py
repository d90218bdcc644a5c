"""Shared fixtures: a clean environment and a tiny model trained in seconds on hand-written headlines."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from tests import samples


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's HEADLINE_* variables must not leak into a test."""
    for name in list(os.environ):
        if name.startswith("HEADLINE_") or name in ("RATELIMIT_STORAGE_URI",):
            monkeypatch.delenv(name, raising=False)


TINY_LEXICONS = {
    "hyperbolic": ["amazing", "incredible", "shocking", "unbelievable", "hilarious", "totally", "perfectly"],
    "clickbait_phrases": [
        "you won't believe",
        "will shock you",
        "what happened next",
        "one weird trick",
        "everyone is talking about",
        "best-kept secret",
    ],
}


def _tiny_bundle() -> dict:
    from service.model.lexicons import vader_valence
    from training.pipeline import build_pipeline

    texts = samples.CLICKBAIT + samples.NEWS
    labels = np.r_[np.ones(len(samples.CLICKBAIT)), np.zeros(len(samples.NEWS))]
    pipeline = build_pipeline(TINY_LEXICONS, vader_valence(), min_df=1, max_features=5000).fit(texts, labels)
    from service.model.syllables import build_table
    from training.hyperbole_fit import build_hyperbole_pipeline

    bundle: dict = {
        "clickbait": pipeline,
        "hyperbole": None,
        "consistency": None,
        "lexicons": TINY_LEXICONS,
        "syllables": build_table(),
    }
    hyper_texts = samples.HYPERBOLE + samples.LITERAL
    hyper_labels = np.r_[np.ones(len(samples.HYPERBOLE)), np.zeros(len(samples.LITERAL))].astype(int)
    bundle["hyperbole"] = build_hyperbole_pipeline().fit(hyper_texts, hyper_labels)
    from service.model.consistency import ConsistencyModel

    pairs = [
        ("Central bank raises interest rates by a quarter point", samples.BODY_CONSISTENT),
        ("Bank lifts rates as inflation persists", samples.BODY_CONSISTENT),
        ("Floods displace thousands in northern Bangladesh", samples.BODY_CONSISTENT),
        ("Senate confirms new ambassador to Japan", samples.BODY_CONSISTENT),
        (
            "Central bank cuts interest rates",
            "Reports that the central bank cut rates are false. "
            "The bank denied it and said rates were not cut.",
        ),
        (
            "Central bank may raise rates, sources say",
            "The central bank could raise rates, according to "
            "unconfirmed reports. Officials declined to comment on the claim.",
        ),
    ]
    stances = ["agree", "agree", "unrelated", "unrelated", "disagree", "discuss"]
    bundle["consistency"] = ConsistencyModel(max_iter=20, min_samples_leaf=1).fit(pairs, stances)
    return bundle


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a tiny model bundle and its card, written by the real save path."""
    from training.card import ModelCard
    from training.train import save_bundle

    out = tmp_path_factory.mktemp("models")
    card = ModelCard(
        name="headline",
        version="0.0.1+test",
        artifact="headline-0.0.1+test.joblib",
        artifact_sha256="",
        command="tests/conftest.py",
        git_commit="test",
        created="2026-01-01T00:00:00+00:00",
        training_rows={"samples": len(samples.CLICKBAIT) + len(samples.NEWS)},
    )
    save_bundle(_tiny_bundle(), card, out)
    return out


@pytest.fixture
def model_copy(tiny_model_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny model folder (card + artefact), for tests that damage or add models."""
    out = tmp_path / "model"
    shutil.copytree(tiny_model_dir, out)
    return out


@pytest.fixture(scope="session")
def tiny_model(tiny_model_dir: Path):
    from service.model import load_model

    return load_model(tiny_model_dir)


@pytest.fixture
def umask():
    """``umask(mask)`` sets the process umask for this test; the old one is restored after it."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)
