"""Serving processes take their loaded model out of the garbage collector's sweeps (service/model/loader.py).

Each test unfreezes afterwards, so the rest of the session collects as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from service.audit import engines
from service.cli import main


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_headline_score_freezes_its_model(unfrozen, tiny_model_dir) -> None:
    result = CliRunner().invoke(main, ["score", "--model", str(tiny_model_dir), "Bank raises rates"])
    assert result.exit_code == 0, result.output
    assert gc.get_freeze_count() > 0


def test_an_audit_scorer_freezes_its_model_once_built(unfrozen, tiny_model_dir, monkeypatch) -> None:
    monkeypatch.setattr(engines, "_SCORERS", {})
    spec = engines.ScorerSpec(str(tiny_model_dir))
    scorer = engines.get_scorer(spec)
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
    assert engines.get_scorer(spec) is scorer and gc.get_freeze_count() == 0  # built once, frozen once
