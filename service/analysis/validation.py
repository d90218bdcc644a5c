"""The one input check of the core: every interface (API, page, CLI, audit) passes through it.

The HTTP layer calls these too, to answer 422 before any scoring; the core calls them again
on what reaches it, with the same rules and the same words, so a batch never answers one item
in one style and the next in another.
"""

from __future__ import annotations

from typing import Any, Literal, overload

from service.analysis.options import MAX_BODY_CHARS, MAX_HEADLINE_CHARS
from service.exceptions import InvalidInput

__all__ = ["text_field", "validate_headline", "validate_body"]


@overload
def text_field(value: Any, field: str, limit: int, *, required: Literal[True]) -> str: ...
@overload
def text_field(value: Any, field: str, limit: int, *, required: Literal[False]) -> str | None: ...
def text_field(value: Any, field: str, limit: int, *, required: bool) -> str | None:
    """``value`` as a string within ``limit`` characters, or ``InvalidInput`` naming ``field``."""
    if value is None:
        if required:
            raise InvalidInput(f"'{field}' is required.", field=field)
        return None
    if not isinstance(value, str):
        raise InvalidInput(f"'{field}' must be a string, not {type(value).__name__}.", field=field)
    if required and not value.strip():
        raise InvalidInput(f"'{field}' must not be empty.", field=field)
    if len(value) > limit:
        raise InvalidInput(f"'{field}' is {len(value)} characters; the limit is {limit}.", field=field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"'{field}' contains an unpaired surrogate.", field=field) from None
    return value


def validate_headline(headline: object, field: str = "headline") -> str:
    """The headline as a clean string: control characters become spaces, ends are stripped."""
    text = text_field(headline, field, MAX_HEADLINE_CHARS, required=True)
    if text.isprintable():  # the common case: nothing to replace
        cleaned = text.strip()
    else:
        cleaned = "".join(ch if ch.isprintable() or ch in "\t" else " " for ch in text).strip()
    if not cleaned:
        raise InvalidInput(f"'{field}' must not be empty.", field=field)
    return cleaned


def validate_body(body: object, field: str = "body") -> str | None:
    """The body, or ``None`` when absent or blank (a blank body is no body)."""
    text = text_field(body, field, MAX_BODY_CHARS, required=False)
    return text if text is not None and text.strip() else None
