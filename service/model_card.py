"""A model card of this project: its shape checked once, and the newest valid card in a folder.

Every reader of a card (the loader, card discovery, ``headline --version``, ``GET /v1/model``) gets
one that passed ``validate_card``, so a card with a field of the wrong type (``"libraries": []``) is
refused here with a message naming the field, instead of a traceback wherever the field is first used.

Discovery orders versions as PEP 440 does (``packaging.version``: ``1.2.0rc1`` sorts below ``1.2.0``,
``1.10`` above ``1.9``) and considers only files that are valid cards of this project: a JSON object
with this project's ``name``, a PEP 440 ``version`` and stored as ``<artefact stem>.json`` beside the
artefact it names. A stray ``x-10.0.json`` in the folder is ignored, never the "newest model".
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from service.exceptions import ModelIncompatible

__all__ = [
    "MODEL_NAME",
    "CARD_FIELDS",
    "validate_card",
    "read_card",
    "card_label",
    "card_version",
    "find_card",
]

MODEL_NAME = "headline"
# A card is a few kilobytes; anything far larger in a model folder is not one (and is not read whole).
MAX_CARD_BYTES = 4 * 1024 * 1024
_SHA256_HEX = re.compile(r"[0-9a-f]{64}")
_NUMBER = (int, float)

# Field -> (accepted types, accepted types of the values when it is an object, required).
# tests/service/test_model_card.py checks this table against training.card.ModelCard, which writes cards.
CARD_FIELDS: dict[str, tuple[tuple[type, ...], tuple[type, ...] | None, bool]] = {
    "name": ((str,), None, True),
    "version": ((str,), None, True),
    "artifact": ((str,), None, True),
    "artifact_sha256": ((str,), None, True),
    "command": ((str,), None, False),
    "git_commit": ((str,), None, False),
    "created": ((str,), None, False),
    "threshold": (_NUMBER, None, False),
    "labels": ((dict,), (str,), False),
    "strength_scale": ((str,), None, False),
    "training_files": ((dict,), (dict,), False),
    "training_rows": ((dict,), (int,), False),
    "params": ((dict,), None, False),
    "components": ((dict,), (bool,), False),
    "libraries": ((dict,), (str,), False),
    "metrics": ((dict,), None, False),
    "cross_validation": ((dict,), None, False),
    "component_metrics": ((dict,), None, False),
    "schema_version": ((int,), None, False),
    "sensationalism": ((dict,), None, False),
}

_TYPE_WORDS = {
    str: "a string",
    int: "an integer",
    float: "a number",
    dict: "an object",
    bool: "true or false",
}


def _describe(types: tuple[type, ...]) -> str:
    return " or ".join(dict.fromkeys(_TYPE_WORDS[t] for t in types))


def _is(value: Any, types: tuple[type, ...]) -> bool:
    # JSON true/false are Python bools, which are ints: never accept them where a number is meant.
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types)


def validate_card(data: Any, source: str | Path) -> dict:
    """Check a parsed card's shape once; return it unchanged when every known field has its type.

    Unknown fields are kept (newer trainers may add some). Raises ``ModelIncompatible`` naming the
    card and the first field that is missing or of the wrong type.
    """
    where = f"model card {source}"
    if not isinstance(data, dict):
        raise ModelIncompatible(f"{where} is not a JSON object")
    for name, (types, value_types, required) in CARD_FIELDS.items():
        if name not in data:
            if required:
                raise ModelIncompatible(f"{where} lacks {name!r}")
            continue
        value = data[name]
        if not _is(value, types):
            raise ModelIncompatible(
                f"{where}: {name!r} must be {_describe(types)}, not {type(value).__name__}"
            )
        if value_types is not None:
            for key, item in value.items():
                if not _is(item, value_types):
                    raise ModelIncompatible(
                        f"{where}: {name}[{key!r}] must be {_describe(value_types)}, not {type(item).__name__}"
                    )
    if data["name"] != MODEL_NAME:
        raise ModelIncompatible(f"{where} is for model {data['name']!r}, not {MODEL_NAME!r}")
    try:
        Version(data["version"])
    except InvalidVersion:
        raise ModelIncompatible(f"{where}: version {data['version']!r} is not a PEP 440 version") from None
    artifact = data["artifact"]
    if Path(artifact).name != artifact or not artifact.endswith(".joblib"):
        raise ModelIncompatible(f"{where}: artifact {artifact!r} must be a .joblib file name beside the card")
    if not _SHA256_HEX.fullmatch(data["artifact_sha256"]):
        raise ModelIncompatible(f"{where}: artifact_sha256 must be 64 lowercase hex digits")
    threshold = data.get("threshold", 0.5)
    if not 0.0 <= threshold <= 1.0:
        raise ModelIncompatible(f"{where}: threshold {threshold} is outside 0..1")
    source_name = Path(str(source)).name
    if source_name.endswith(".json") and source_name != Path(artifact).stem + ".json":
        raise ModelIncompatible(
            f"{where} names the artefact {artifact}; a card is stored as {Path(artifact).stem}.json beside it"
        )
    return data


def read_card(path: Path) -> dict:
    """Read, parse and validate the card at ``path`` (``ModelIncompatible`` when it cannot be used)."""
    try:
        if path.stat().st_size > MAX_CARD_BYTES:
            raise ModelIncompatible(f"model card {path} is larger than {MAX_CARD_BYTES} bytes")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ModelIncompatible(f"model card {path} is unreadable: {exc}") from None
    return validate_card(data, path)


def card_label(card: dict) -> str:
    """How a model is named to people: ``headline-1.1.0``, as its card and artefact files are named."""
    return f"{card['name']}-{card['version']}"


def card_version(card: dict) -> Version:
    """The card's version as a PEP 440 ``Version`` (the card passed ``validate_card``)."""
    return Version(card["version"])


def find_card(path: str | Path) -> Path:
    """The card for ``path``: a card itself, an artefact beside its card, or a folder (newest valid card).

    Only the file's existence is checked for a card or an artefact; ``read_card`` validates it.
    """
    path = Path(path)
    if path.is_dir():
        return _newest_card(path)
    if path.suffix == ".joblib":
        path = path.with_suffix(".json")
    if not path.is_file():
        raise ModelIncompatible(f"model card not found: {path}")
    return path


def _newest_card(folder: Path) -> Path:
    found: list[tuple[Version, str, Path]] = []
    ignored: list[str] = []
    for candidate in sorted(folder.glob("*.json")):
        if candidate.name.startswith(".") or not candidate.is_file():
            continue  # a trainer's temporary file, or a folder named like a card
        try:
            card = read_card(candidate)
        except ModelIncompatible as exc:
            ignored.append(f"{candidate.name} ({exc.detail})")
            continue
        found.append((card_version(card), candidate.name, candidate))
    if not found:
        detail = f"; ignored: {'; '.join(ignored)}" if ignored else ""
        raise ModelIncompatible(f"no model card (headline-<version>.json) in {folder}{detail}")
    return max(found)[2]
