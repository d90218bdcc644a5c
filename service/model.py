"""Loading a model bundle safely, once per process.

A bundle is a pickle, and unpickling runs code. So the loader reads the card
first, hashes the artefact and compares it with the card's ``artifact_sha256``
before the file is ever unpickled (``training.bundle_format``); a mismatch is refused. Library versions
recorded in the card are compared with the running ones, because a pipeline
pickled by another scikit-learn may load and then compute something else.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from service.exceptions import ModelIncompatible
from training.bundle_format import load_bundle
from training.data import sha256_of

__all__ = ["LoadedModel", "load_model", "default_model_path", "find_card"]

log = logging.getLogger(__name__)

# Versions that must match exactly: a different scikit-learn or textstat may
# unpickle fine and still compute other numbers.
STRICT_LIBRARIES = ("scikit-learn", "textstat")


@dataclass(frozen=True)
class LoadedModel:
    """A verified bundle: the fitted pipelines and the card that vouches for them."""

    clickbait: object
    hyperbole: object | None
    consistency: object | None
    lexicons: dict
    card: dict
    path: Path
    syllables: object | None = None  # training.syllables.SyllableTable when the bundle carries one

    @property
    def version(self) -> str:
        return str(self.card.get("version", "unknown"))

    @property
    def threshold(self) -> float:
        return float(self.card.get("threshold", 0.5))


def default_model_path() -> Path:
    """The shipped ``models/`` folder at the project root."""
    return Path(__file__).resolve().parent.parent / "models"


def find_card(path: str | Path) -> Path:
    """The card for ``path``: a card itself, an artefact beside its card, or a folder of models."""
    path = Path(path)
    if path.is_dir():
        cards = sorted(path.glob("*.json"), key=lambda p: _version_key(p.stem))
        if not cards:
            raise ModelIncompatible(f"no model card (*.json) in {path}")
        return cards[-1]
    if path.suffix == ".joblib":
        path = path.with_suffix(".json")
    if not path.is_file():
        raise ModelIncompatible(f"model card not found: {path}")
    return path


def _version_key(stem: str) -> tuple:
    # "<name>-<version>": the version starts at the first "-<digit>" and may hold "-" itself
    # ("1.2.0-rc1"); taking the text after the last "-" would rank every such card as version 0.
    match = re.search(r"-(\d.*)$", stem)
    return tuple(int(p) for p in re.findall(r"\d+", match.group(1))) if match else ()


def _check_versions(card: dict, card_path: Path) -> None:
    recorded = card.get("libraries") or {}
    for name in STRICT_LIBRARIES:
        want = recorded.get(name)
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = None
        if want and have and want != have:
            raise ModelIncompatible(
                f"{card_path.name} was trained with {name} {want} but {have} is installed; "
                f"install {name}=={want} or retrain with `headline train`"
            )


def load_model(path: str | Path | None = None) -> LoadedModel:
    """Verify and load a bundle.

    Parameters
    ----------
    path : str or Path, optional
        A card (``.json``), an artefact (``.joblib``) or a folder (newest card wins).
        Defaults to the shipped ``models/`` folder.

    Raises
    ------
    ModelIncompatible
        Missing or unreadable card or artefact, SHA-256 mismatch, other library
        versions, or a file that is not a model bundle. The file is never unpickled
        unless its hash matches the card.
    """
    card_path = find_card(path or default_model_path())
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelIncompatible(f"model card {card_path} is unreadable: {exc}") from None
    if not isinstance(card, dict) or not card.get("artifact") or not card.get("artifact_sha256"):
        raise ModelIncompatible(f"model card {card_path} lacks artifact or artifact_sha256")
    artifact = card_path.parent / Path(str(card["artifact"])).name
    if not artifact.is_file():
        raise ModelIncompatible(f"model file not found: {artifact}")
    actual = sha256_of(artifact)
    if not hmac.compare_digest(actual, str(card["artifact_sha256"])):
        raise ModelIncompatible(
            f"{artifact.name}: SHA-256 {actual[:12]}… does not match the card's "
            f"{str(card['artifact_sha256'])[:12]}…; refusing to load a file that may have been tampered with"
        )
    _check_versions(card, card_path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", category=UserWarning)
            bundle = load_bundle(artifact)
    except Exception as exc:  # a verified file that still fails to load is incompatible, whatever the cause
        raise ModelIncompatible(f"{artifact.name} could not be loaded: {type(exc).__name__}: {exc}") from None
    if not isinstance(bundle, dict) or "clickbait" not in bundle:
        raise ModelIncompatible(f"{artifact.name} is not a headline model bundle")
    log.info("loaded model %s from %s", card.get("version"), artifact)
    return LoadedModel(
        clickbait=bundle["clickbait"],
        hyperbole=bundle.get("hyperbole"),
        consistency=bundle.get("consistency"),
        lexicons=bundle.get("lexicons") or {},
        card=card,
        path=artifact,
        syllables=_syllable_table(bundle.get("syllables")),
    )


def _syllable_table(table: object):
    if not isinstance(table, dict):
        return None
    from training.syllables import SyllableTable

    return SyllableTable(table)
