"""Loading a model bundle safely, once per process.

A bundle is a pickle, and unpickling runs code. So the loader reads the card
first, hashes the artefact and compares it with the card's ``artifact_sha256``
before ``load_bundle`` (``service.model.bundle_format``) ever unpickles the file; a mismatch is refused.
Library versions recorded in the card are compared with the running ones (``VERSION_POLICY``), because
a pipeline pickled by another scikit-learn may load and then compute something else.
Where the model is comes from ``service.model_path``; what a card must hold from
``service.model_card``.
"""

from __future__ import annotations

import hmac
import logging
import warnings
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.version import InvalidVersion, Version

from service.exceptions import ModelIncompatible
from service.model.bundle_format import load_bundle, sha256_of
from service.model_card import find_card, read_card
from service.model_path import resolve_model_card

__all__ = ["LoadedModel", "load_model", "find_card", "resolve_model_card"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedModel:
    """A verified bundle: the fitted pipelines and the card that vouches for them."""

    clickbait: object
    hyperbole: object | None
    consistency: object | None
    lexicons: dict
    card: dict
    path: Path
    sensationalism: object | None = None
    syllables: object | None = None  # service.model.syllables.SyllableTable when the bundle carries one

    @property
    def version(self) -> str:
        return str(self.card.get("version", "unknown"))

    @property
    def threshold(self) -> float:
        return float(self.card.get("threshold", 0.5))


# name -> how many leading parts of its version must equal the card's (None: the whole version).
# scikit-learn keeps a fitted estimator's arithmetic within a minor series (patch releases fix bugs);
# tests/test_shipped_model.py re-scores a fixed sample against the numbers recorded with the card's
# exact version, so a lock refresh to another patch release that changed a number fails CI.
# textstat's syllable counts change between patch releases: exactly (pyproject pins it too).
VERSION_POLICY: dict[str, int | None] = {"scikit-learn": 2, "textstat": None}


def _compatible(want: str, have: str, parts: int | None) -> bool:
    try:
        want_v, have_v = Version(want), Version(have)
    except InvalidVersion:
        return want == have
    if parts is None:
        return want_v == have_v
    return want_v.release[:parts] == have_v.release[:parts]


def _check_versions(card: dict, card_path: Path) -> None:
    recorded = card.get("libraries") or {}
    for name, parts in VERSION_POLICY.items():
        want = recorded.get(name)
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = None
        if want and have and not _compatible(want, have, parts):
            series = want if parts is None else ".".join(want.split(".")[:parts]) + ".x"
            raise ModelIncompatible(
                f"{card_path.name} was trained with {name} {want} but {have} is installed; it needs "
                f"{name} {series}: install the locked versions (requirements/lock.txt) "
                "or retrain with `headline train`"
            )


def load_model(path: str | Path | None = None) -> LoadedModel:
    """Verify and load a bundle.

    Parameters
    ----------
    path : str or Path, optional
        A card (``.json``), an artefact (``.joblib``) or a folder (newest valid card wins).
        Without it, ``HEADLINE_MODEL_PATH`` or the shipped model (``service.model_path``).

    Raises
    ------
    ModelIncompatible
        Missing or unreadable card or artefact, SHA-256 mismatch, other library
        versions, or a file that is not a model bundle. The file is never unpickled
        unless its hash matches the card.
    """
    card_path = resolve_model_card(path)
    card = read_card(card_path)
    artifact = card_path.parent / card["artifact"]
    if not artifact.is_file():
        raise ModelIncompatible(f"model file not found: {artifact}")
    actual = sha256_of(artifact)
    if not hmac.compare_digest(actual, card["artifact_sha256"]):
        raise ModelIncompatible(
            f"{artifact.name}: SHA-256 {actual[:12]}… does not match the card's "
            f"{card['artifact_sha256'][:12]}…; refusing to load a file that may have been tampered with"
        )
    _check_versions(card, card_path)
    try:
        from sklearn.exceptions import InconsistentVersionWarning

        with warnings.catch_warnings():
            warnings.simplefilter("error", category=UserWarning)
            # scikit-learn warns on any other version, patch releases too; _check_versions has already
            # decided (VERSION_POLICY) that this one computes the same numbers.
            warnings.filterwarnings("ignore", category=InconsistentVersionWarning)
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
        sensationalism=bundle.get("sensationalism"),
        syllables=_syllable_table(bundle.get("syllables")),
    )


def _syllable_table(table: object):
    if not isinstance(table, dict):
        return None
    from service.model.syllables import SyllableTable

    return SyllableTable(table)
