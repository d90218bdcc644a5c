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

import gc
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

__all__ = ["LoadedModel", "load_model", "find_card", "freeze_after_load", "resolve_model_card"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoadedModel:
    """A verified bundle: the fitted models in runtime form and the card that vouches for them.

    ``clickbait`` and ``hyperbole`` are the compiled runtime forms (``service.model.runtime``) the
    scoring core reads; ``clickbait_pipeline`` and ``hyperbole_pipeline`` the fitted scikit-learn
    pipelines they were compiled from, as ``Deferred`` entries of a bundle (unpickled, importing
    scikit-learn, on first attribute access or ``.load()``). Built from pipelines directly
    (``LoadedModel(clickbait=pipeline, ...)``, as training does), it compiles them itself.
    """

    clickbait: object
    hyperbole: object | None
    consistency: object | None
    lexicons: dict
    card: dict
    path: Path
    sensationalism: object | None = None
    syllables: object | None = None  # service.model.syllables.SyllableTable when the bundle carries one
    clickbait_pipeline: object | None = None
    hyperbole_pipeline: object | None = None

    def __post_init__(self) -> None:
        from service.model.runtime import ClickbaitRuntime, HyperboleRuntime

        if self.clickbait is not None and not isinstance(self.clickbait, ClickbaitRuntime):
            from service.model.runtime_build import compile_clickbait

            object.__setattr__(self, "clickbait_pipeline", self.clickbait_pipeline or self.clickbait)
            object.__setattr__(self, "clickbait", compile_clickbait(self.clickbait))
        if self.hyperbole is not None and not isinstance(self.hyperbole, HyperboleRuntime):
            from service.model.runtime_build import compile_hyperbole

            object.__setattr__(self, "hyperbole_pipeline", self.hyperbole_pipeline or self.hyperbole)
            object.__setattr__(self, "hyperbole", compile_hyperbole(self.hyperbole))

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
        bundle, runtime = _unpickle(artifact)
    except Exception as exc:  # a verified file that still fails to load is incompatible, whatever the cause
        raise ModelIncompatible(f"{artifact.name} could not be loaded: {type(exc).__name__}: {exc}") from None
    log.info("loaded model %s from %s", card.get("version"), artifact)
    return LoadedModel(
        clickbait=runtime["clickbait"],
        hyperbole=runtime["hyperbole"],
        consistency=bundle.get("consistency"),
        lexicons=bundle.get("lexicons") or {},
        card=card,
        path=artifact,
        sensationalism=bundle.get("sensationalism"),
        syllables=_syllable_table(bundle.get("syllables")),
        clickbait_pipeline=bundle["clickbait"],
        hyperbole_pipeline=bundle.get("hyperbole"),
    )


def _unpickle(artifact: Path) -> tuple[dict, dict]:
    """(bundle, its runtime entry). A bundle saved without a current ``runtime`` entry (an older one)
    is compiled here from its pipelines, which imports scikit-learn; a current one never does.

    scikit-learn warns (``InconsistentVersionWarning``) when it unpickles an estimator saved by any
    other version, patch releases too: ``_check_versions`` has already decided (``VERSION_POLICY``)
    that this one computes the same numbers, so that warning is dropped; any other ``UserWarning``
    refuses the file. The warning class is matched by name so that scikit-learn is imported only
    when the file really holds one of its estimators.
    """
    from service.model.runtime_build import runtime_of

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bundle = load_bundle(artifact)
        if not isinstance(bundle, dict) or "clickbait" not in bundle:
            raise ValueError("not a headline model bundle")
        runtime = runtime_of(bundle)
    for warning in caught:
        if warning.category.__name__ == "InconsistentVersionWarning":
            continue
        if issubclass(warning.category, UserWarning):
            raise warning.message if isinstance(warning.message, Warning) else UserWarning(warning.message)
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return bundle, runtime


def _syllable_table(table: object):
    if not isinstance(table, dict):
        return None
    from service.model.syllables import SyllableTable

    return SyllableTable(table)


def freeze_after_load() -> None:
    """Take every object alive now (above all the loaded model's) out of the garbage collector's sweeps.

    A bundle holds hundreds of thousands of long-lived Python objects (vocabularies, word caches);
    each full collection walks them all, which measured 30-50 µs per headline of the analysis
    (bench/profile_core.py). A serving process loads its model once and keeps it to the end, so the
    interfaces call this once after loading (a gunicorn worker after fork, which also keeps the pages
    it shares with the master unwritten; ``headline score``; an audit's scorer). Never call it in a
    process that loads and drops models repeatedly: frozen objects are never freed.
    """
    gc.freeze()
