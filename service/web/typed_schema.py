"""JSON Schema (OpenAPI 3.1) components generated from the core's ``TypedDict`` result classes.

``component_schemas(AnalysisResult, CompareResult)`` walks the classes with
``typing.get_type_hints(include_extras=True)`` and returns one component per class, nested classes
as ``$ref``s, so the OpenAPI document states the result's shape exactly where the core does
(``service/analysis/result.py``, whose docstring lists the conventions read here). Objects are left
open (``additionalProperties`` unset): keys may be added to a result, never renamed.
"""

from __future__ import annotations

import inspect
import types
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from service.analysis.result_paths import is_typed_dict, unwrap

__all__ = ["component_schemas"]

_SCALARS: dict[Any, str] = {
    str: "string",
    int: "integer",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


def _description(cls: type) -> str:
    doc = inspect.getdoc(cls) or ""
    return " ".join(doc.split("\n\n", 1)[0].split())


def _keywords(metadata: tuple[Any, ...]) -> dict[str, Any]:
    """Schema keywords from a field's ``Annotated`` metadata: a string describes it, a dict adds keywords."""
    extra: dict[str, Any] = {}
    for meta in metadata:
        if isinstance(meta, str):
            extra["description"] = meta
        elif isinstance(meta, dict):
            extra.update(meta)
    return extra


def _schema(tp: Any, found: dict[str, Any]) -> dict[str, Any]:
    tp, metadata = unwrap(tp)
    extra = _keywords(metadata)
    origin = get_origin(tp)
    schema: dict[str, Any]
    if is_typed_dict(tp):
        _add(tp, found)
        schema = {"$ref": f"#/components/schemas/{tp.__name__}"}
    elif tp in _SCALARS:
        schema = {"type": _SCALARS[tp]}
    elif origin is Literal:
        values = list(get_args(tp))
        schema = {"type": _SCALARS[type(values[0])], "enum": values}
    elif origin is list:
        schema = {"type": "array", "items": _schema(get_args(tp)[0], found)}
    elif origin is dict:
        schema = {"type": "object", "additionalProperties": _schema(get_args(tp)[1], found)}
    elif origin in (Union, types.UnionType):
        schema = _union([_schema(arg, found) for arg in get_args(tp)])
    else:
        raise TypeError(f"no JSON Schema for {tp!r}")
    return {**schema, **extra}  # OpenAPI 3.1 (JSON Schema 2020-12) allows keywords beside a $ref


def _union(options: list[dict[str, Any]]) -> dict[str, Any]:
    """``X | None`` is a nullable X; a union of objects is any one of them."""
    plain = [o for o in options if set(o) == {"type"}]
    if len(plain) == len(options):
        return {"type": [o["type"] for o in options]}
    null = {"type": "null"}
    rest = [o for o in options if o != null]
    if len(rest) == 1 and "type" in rest[0] and null in options:
        kinds = rest[0]["type"] if isinstance(rest[0]["type"], list) else [rest[0]["type"]]
        return {**rest[0], "type": [*kinds, "null"]}
    return {"anyOf": options}


def _add(cls: type, found: dict[str, Any]) -> None:
    name = cls.__name__
    if name in found:  # every class lives in service/analysis/result.py, so a name is one class
        return
    found[name] = {}  # placeholder: a class may refer to itself
    hints = get_type_hints(cls, include_extras=True)
    required = sorted(cls.__required_keys__, key=list(hints).index)  # type: ignore[attr-defined]
    found[name] = {
        "type": "object",
        "description": _description(cls),
        "required": required,
        "properties": {key: _schema(tp, found) for key, tp in hints.items()},
    }


def component_schemas(*classes: type) -> dict[str, Any]:
    """``components.schemas`` entries for ``classes`` and every class they refer to, by class name."""
    found: dict[str, Any] = {}
    for cls in classes:
        _add(cls, found)
    return found
