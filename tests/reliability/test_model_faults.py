"""A missing, truncated, replaced or mis-carded model: the service refuses to start and never unpickles it.

In-process, the loader's unpickling (``load_bundle``) is replaced by a tripwire, so "never loads the file" is checked directly;
the replacement pickle also carries a payload that would create a marker file if it were ever
unpickled. One case per failure also runs the real server (bare gunicorn, as in Docker) to check the
exit status and the one-line message.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import subprocess
from pathlib import Path

import pytest

from service.exceptions import ModelIncompatible
from service.model import loader as model
from service.web import create_app
from service.web.config import Settings
from tests.reliability.test_server_faults import GUNICORN, add_version
from tests.servers import ROOT, free_port, server_env


class Payload:
    """Unpickling this creates ``path``: proof that a file was loaded."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


def _artefact(folder: Path) -> Path:
    return sorted(folder.glob("*.joblib"))[0]


def _card(folder: Path) -> Path:
    return sorted(folder.glob("*.json"))[0]


def damage(folder: Path, how: str, marker: Path) -> None:
    artefact, card = _artefact(folder), _card(folder)
    if how == "missing":
        artefact.unlink()
    elif how == "truncated":
        artefact.write_bytes(artefact.read_bytes()[: artefact.stat().st_size // 2])
    elif how == "other-pickle":
        artefact.write_bytes(pickle.dumps({"clickbait": Payload(marker)}))
    elif how == "card-sha-mismatch":
        data = json.loads(card.read_text())
        data["artifact_sha256"] = hashlib.sha256(b"something else").hexdigest()
        card.write_text(json.dumps(data))
    elif how == "card-missing":
        card.unlink()
    elif how == "card-garbage":
        card.write_bytes(b"\xff\xfe{not json")
    else:  # pragma: no cover
        raise ValueError(how)


CASES = ["missing", "truncated", "other-pickle", "card-sha-mismatch", "card-missing", "card-garbage"]


@pytest.fixture
def tripwire(monkeypatch):
    loaded = []

    def refuse(*args, **kwargs):
        loaded.append(args)
        raise AssertionError("the bundle was unpickled from an unverified file")

    monkeypatch.setattr(model, "load_bundle", refuse)
    return loaded


@pytest.mark.parametrize("how", CASES)
def test_create_app_refuses_and_never_loads(model_copy, tmp_path, tripwire, how):
    marker = tmp_path / "unpickled"
    damage(model_copy, how, marker)
    with pytest.raises(ModelIncompatible) as info:
        create_app(Settings(model_path=model_copy))
    assert not tripwire and not marker.exists()
    message = str(info.value.detail)
    assert any(word in message for word in ("not found", "does not match", "no model card", "unreadable"))


def test_a_verified_pickle_that_is_not_a_bundle_is_refused(model_copy):
    artefact, card = _artefact(model_copy), _card(model_copy)
    artefact.write_bytes(pickle.dumps(["not", "a", "bundle"]))
    data = json.loads(card.read_text())
    data["artifact_sha256"] = hashlib.sha256(artefact.read_bytes()).hexdigest()
    card.write_text(json.dumps(data))
    with pytest.raises(ModelIncompatible, match="not a headline model bundle"):
        model.load_model(model_copy)


def test_newest_card_wins_with_prerelease_versions(model_copy):
    """``0.0.1+test`` then ``0.0.10-b``: the folder's newest is 0.0.10 beta (PEP 440, not the suffix)."""
    add_version(model_copy, "0.0.10-b")
    add_version(model_copy, "0.0.9")
    assert model.find_card(model_copy).name == "headline-0.0.10-b.json"


@pytest.mark.parametrize("how", ["truncated", "other-pickle", "card-sha-mismatch"])
def test_gunicorn_exits_non_zero_with_a_clear_message(model_copy, tmp_path, how):
    marker = tmp_path / "unpickled"
    damage(model_copy, how, marker)
    result = subprocess.run(
        GUNICORN,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=server_env(HEADLINE_BIND=f"127.0.0.1:{free_port()}", HEADLINE_MODEL_PATH=str(model_copy)),
    )
    assert result.returncode != 0
    assert "cannot start: the model at" in result.stderr
    assert "does not match" in result.stderr
    assert not marker.exists()
