"""The loader refuses anything the card does not vouch for, without unpickling it."""

from __future__ import annotations

import json
import pickle

import pytest

from service.exceptions import ModelIncompatible
from service.model import load_model


def card_of(folder):
    return next(folder.glob("*.json"))


def test_loads_a_verified_model(tiny_model_dir) -> None:
    model = load_model(tiny_model_dir)
    assert model.version == "0.0.1+test"
    assert model.clickbait is not None


def test_refuses_missing_folder(tmp_path) -> None:
    with pytest.raises(ModelIncompatible, match="no model card"):
        load_model(tmp_path)


def test_refuses_missing_artifact(model_copy) -> None:
    next(model_copy.glob("*.joblib")).unlink()
    with pytest.raises(ModelIncompatible, match="model file not found"):
        load_model(model_copy)


def test_refuses_truncated_artifact(model_copy) -> None:
    artifact = next(model_copy.glob("*.joblib"))
    artifact.write_bytes(artifact.read_bytes()[:1000])
    with pytest.raises(ModelIncompatible, match="does not match"):
        load_model(model_copy)


def test_refuses_another_pickle_without_running_it(model_copy, tmp_path) -> None:
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    next(model_copy.glob("*.joblib")).write_bytes(pickle.dumps(Evil()))
    with pytest.raises(ModelIncompatible, match="does not match"):
        load_model(model_copy)
    assert not marker.exists()


def test_refuses_card_with_wrong_hash(model_copy) -> None:
    card = card_of(model_copy)
    data = json.loads(card.read_text())
    data["artifact_sha256"] = "0" * 64
    card.write_text(json.dumps(data))
    with pytest.raises(ModelIncompatible, match="tampered"):
        load_model(model_copy)


def test_reports_scikit_learn_version_mismatch(model_copy) -> None:
    card = card_of(model_copy)
    data = json.loads(card.read_text())
    data["libraries"]["scikit-learn"] = "0.1.0"
    card.write_text(json.dumps(data))
    with pytest.raises(ModelIncompatible, match=r"scikit-learn 0\.1\.0 but .* is installed"):
        load_model(model_copy)


def test_refuses_unreadable_card(model_copy) -> None:
    card_of(model_copy).write_text("{not json")
    with pytest.raises(ModelIncompatible, match="unreadable"):
        load_model(model_copy)


def test_bundle_is_a_gzip_pickle_that_the_c_unpickler_loads(tiny_model_dir, tiny_model) -> None:
    """New bundles are gzip(pickle) with the syllable table; the loader hands it to the model."""
    import gzip
    import pickle

    from service.model.syllables import SyllableTable

    artifact = next(tiny_model_dir.glob("*.joblib"))
    raw = artifact.read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    bundle = pickle.loads(gzip.decompress(raw))
    assert {"clickbait", "lexicons"} <= set(bundle)
    assert "syllables" in bundle and isinstance(tiny_model.syllables, SyllableTable)
