"""Dotted paths into the typed result (``service/analysis/result.py``), for code that flattens or reads it.

The audit's CSV columns are the result's ``leaf_paths`` (``service/audit/writers.py``), and the
report reads its fields through ``result_path``, which refuses a path the type does not have, at
import time: renaming a key in the result breaks the report where it is loaded, not silently in a
chart that stays empty. Standard library only.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, NotRequired, Required, Union, get_args, get_origin, get_type_hints

__all__ = ["is_typed_dict", "leaf_paths", "result_path", "unwrap"]


def is_typed_dict(tp: Any) -> bool:
    """Whether ``tp`` is a ``TypedDict`` class."""
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, "__required_keys__")


def unwrap(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    """The bare type of a field and the ``Annotated`` metadata around it (``NotRequired`` removed)."""
    metadata: tuple[Any, ...] = ()
    while get_origin(tp) in (Annotated, NotRequired, Required):
        if get_origin(tp) is Annotated:
            metadata += tp.__metadata__
        tp = get_args(tp)[0]
    return tp, metadata


def _classes(tp: Any) -> list[type]:
    """The ``TypedDict`` classes a field holds: itself, or each shape of a union, in order."""
    if is_typed_dict(tp):
        return [tp]
    if get_origin(tp) in (Union, types.UnionType):
        return [arg for arg in get_args(tp) if is_typed_dict(arg)]
    return []


def _fields(cls: type) -> dict[str, Any]:
    return {key: unwrap(tp)[0] for key, tp in get_type_hints(cls, include_extras=True).items()}


def leaf_paths(cls: type, prefix: str = "") -> list[str]:
    """Every dotted path to a value that is not an object, in declaration order.

    Nested objects are walked; of a union of objects the first shape (the part as computed) is;
    lists and scalars are leaves.
    """
    paths: list[str] = []
    for key, tp in _fields(cls).items():
        nested = _classes(tp)
        if nested:
            paths.extend(leaf_paths(nested[0], f"{prefix}{key}."))
        else:
            paths.append(prefix + key)
    return paths


def result_path(path: str, root: type | None = None) -> str:
    """``path`` itself, once checked to lead somewhere in ``root`` (default ``AnalysisResult``).

    Any shape of a union may hold the next key, and a list of objects leads into its items
    (``sensationalism.triggers.category``). Raises ``KeyError`` naming the first missing part.
    """
    if root is None:
        from service.analysis.result import AnalysisResult

        root = AnalysisResult
    current = [root]
    for part in path.split("."):
        found = [_fields(cls)[part] for cls in current if part in _fields(cls)]
        if not found:
            raise KeyError(f"{path!r}: the result has no {part!r} here")
        current = [cls for tp in found for cls in _classes(get_args(tp)[0] if get_origin(tp) is list else tp)]
    return path
