"""Where the model is: one search order for every command, the server, the audit and its workers.

The order (the first that applies wins):

1. the path given explicitly: ``--model`` on any command, or ``Settings.model_path``;
2. the ``HEADLINE_MODEL_PATH`` environment variable;
3. the ``models/`` folder of a source checkout (beside ``service/``), when it holds a card;
4. the model installed with the package (``pip install .`` ships ``models/`` as the package data
   ``service.shipped_models``).

Each may name a card (``.json``), its artefact (``.joblib``) or a folder, whose newest valid card wins
(``service.model_card.find_card``). The answer is always one card file, so a folder is pinned once
and every worker, a ``--resume`` and the report name the same model. When nothing is found the
error names both ways to point at a model.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from service.exceptions import ModelIncompatible
from service.model_card import MODEL_NAME, find_card

__all__ = ["ENV_VAR", "PACKAGE_DATA", "resolve_model_card", "shipped_model_dirs"]

ENV_VAR = "HEADLINE_MODEL_PATH"
PACKAGE_DATA = "service.shipped_models"
HOW_TO_POINT = (
    f"pass --model PATH or set {ENV_VAR} to a model card (.json), its .joblib file, or a folder of models"
)


def shipped_model_dirs() -> list[Path]:
    """Steps 3 and 4: the checkout's ``models/`` and the installed package data, where they exist."""
    here = Path(__file__).resolve().parent
    checkout = here.parent / "models"
    installed = here / PACKAGE_DATA.rsplit(".", 1)[1]  # pyproject maps models/ to service/shipped_models
    return [d for d in (checkout, installed) if any(d.glob(f"{MODEL_NAME}-*.json"))]


def resolve_model_card(
    path: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """The card of the model to use, by the search order above.

    Parameters
    ----------
    path : str or Path, optional
        An explicit card, artefact or folder (``--model``); wins over everything else.
    environ : Mapping, optional
        Where ``HEADLINE_MODEL_PATH`` is read (default ``os.environ``; ``{}`` means the shipped model).

    Raises
    ------
    ModelIncompatible
        Nothing at the given path, no valid card in the folder, or no model found at all; the message
        names ``--model`` and ``HEADLINE_MODEL_PATH``.
    """
    environ = os.environ if environ is None else environ
    given = str(path) if path is not None and str(path).strip() else environ.get(ENV_VAR, "").strip()
    if given:
        if not Path(given).exists():
            raise ModelIncompatible(f"no model at {given}: {HOW_TO_POINT}")
        try:
            return find_card(given)
        except ModelIncompatible as exc:
            raise ModelIncompatible(f"{exc.detail}; {HOW_TO_POINT}") from None
    searched = shipped_model_dirs()
    if not searched:
        raise ModelIncompatible(
            f"no model found (no models/ beside the code, none installed with the package): {HOW_TO_POINT}"
        )
    return find_card(searched[0])
