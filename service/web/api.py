"""Blueprint ``api`` at ``/v1``: parse JSON → analysis core → JSON.

Views are short: ``_json_object`` enforces the content type, reads the body within its limits
(``service/web/request_body.py``: size, Content-Length, time) and checks the JSON syntax and nesting
depth; the ``_text``/``_options`` helpers check field types and limits and raise
``InvalidInput`` naming the field; the core does the work. Errors are rendered by
``service/web/errors.py`` only (the batch endpoint uses ``errors.problem_for`` for per-item entries).
Imports: flask, werkzeug, the analysis core and ``service.exceptions``; never ``training``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, current_app, g, jsonify, request
from werkzeug.exceptions import BadRequest

from service.analysis import (
    MAX_COMPARE,
    AnalysisOptions,
    analyze,
    analyze_batch,
    compare,
)
from service.analysis.validation import validate_body, validate_headline
from service.exceptions import BatchTooLarge, InvalidInput, ModelUnavailable, UnsupportedFormat
from service.web.errors import problem_for
from service.web.request_body import read_body

__all__ = ["MAX_COMPARE", "MIN_COMPARE", "bp"]

bp = Blueprint("api", __name__, url_prefix="/v1")

MIN_COMPARE = 2  # the core's compare() needs two candidates; MAX_COMPARE is the core's


# --- request parsing -------------------------------------------------------------------------


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children: Iterable[Any]
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _json_object() -> dict[str, Any]:
    """The request body as a JSON object, or the matching 415/413/400/422 error."""
    mimetype = request.mimetype
    if mimetype != "application/json" and not (
        mimetype.startswith("application/") and mimetype.endswith("+json")
    ):
        raise UnsupportedFormat(
            f"Send the request body as application/json (got {mimetype or 'no content type'!r})."
        )
    settings = current_app.extensions["headline"]["settings"]
    raw = read_body(request.environ, max_bytes=settings.max_request_bytes, idle_timeout=settings.body_timeout)
    limit = settings.max_json_depth
    try:
        data = json.loads(raw)
    except RecursionError:
        raise BadRequest(f"The JSON document is nested deeper than {limit} levels.") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"The request body is not valid JSON: {exc}") from None
    if _depth_exceeds(data, limit):
        raise BadRequest(f"The JSON document is nested deeper than {limit} levels.")
    if not isinstance(data, dict):
        raise InvalidInput("The request body must be a JSON object.", field="$")
    return data


def _only(data: dict[str, Any], allowed: set[str], where: str = "") -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise InvalidInput(
            f"Unknown field {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}.", field=where + unknown[0]
        )


def _options(data: dict[str, Any]) -> AnalysisOptions | None:
    raw = data.get("options")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise InvalidInput("'options' must be an object.", field="options")
    try:
        return AnalysisOptions.from_dict(raw)
    except InvalidInput as exc:
        if exc.field is None:
            exc.field = "options"
        elif not exc.field.startswith("options"):
            exc.field = f"options.{exc.field}"
        raise


def _explain(data: dict[str, Any]) -> bool:
    """``explain`` (default true): false skips the clickbait signals and the suggestions drawn from them."""
    value = data.get("explain", True)
    if not isinstance(value, bool):
        raise InvalidInput("'explain' must be true or false.", field="explain")
    return value


def _item(raw: Any, where: str) -> dict[str, str | None]:
    if isinstance(raw, str):
        return {"headline": validate_headline(raw, where), "body": None}
    if not isinstance(raw, dict):
        raise InvalidInput(f"'{where}' must be an object or a string.", field=where)
    _only(raw, {"headline", "body"}, where + ".")
    return {
        "headline": validate_headline(raw.get("headline"), f"{where}.headline"),
        "body": validate_body(raw.get("body"), f"{where}.body"),
    }


def _model():
    model = current_app.extensions["headline"].get("model")
    if model is None:
        raise ModelUnavailable("The model is not loaded yet; retry shortly.")
    return model


# --- views -----------------------------------------------------------------------------------


@bp.post("/analyze")
def analyze_one():
    """Analyse one headline (optional body and house-style options)."""
    data = _json_object()
    _only(data, {"headline", "body", "options", "explain"})
    headline = validate_headline(data.get("headline"), "headline")
    body = validate_body(data.get("body"), "body")
    options = _options(data)
    explain = _explain(data)
    model = _model()
    g.item_count = 1
    return jsonify(analyze(model, headline, body=body, options=options, explain=explain))


@bp.post("/analyze/batch")
def analyze_many():
    """Analyse up to the configured maximum of items; a bad item gets its own error entry."""
    data = _json_object()
    _only(data, {"items", "options", "explain"})
    items = data.get("items")
    if not isinstance(items, list):
        raise InvalidInput("'items' must be an array of {headline, body} objects.", field="items")
    limit = current_app.extensions["headline"]["settings"].max_batch_items
    if len(items) > limit:
        raise BatchTooLarge(f"'items' has {len(items)} entries; the limit is {limit}.", field="items")
    if not items:
        raise InvalidInput("'items' must not be empty.", field="items")
    options = _options(data)
    explain = _explain(data)
    model = _model()

    entries: list[dict[str, Any] | None] = [None] * len(items)
    valid: list[tuple[int, dict[str, str | None]]] = []
    for index, raw in enumerate(items):
        try:
            valid.append((index, _item(raw, f"items[{index}]")))
        except InvalidInput as exc:
            entries[index] = {"index": index, "status": exc.status, "error": problem_for(exc)}

    if valid:
        for (index, _), result in zip(valid, _score_valid(model, valid, options, explain), strict=True):
            entries[index] = result
    g.item_count = len(items)
    errors = sum(1 for entry in entries if entry is not None and "error" in entry)
    return jsonify(
        {
            "model_version": model.version,
            "count": len(items),
            "error_count": errors,
            "items": entries,
        }
    )


def _entry(index: int, result: dict[str, Any]) -> dict[str, Any]:
    """A batch entry; the core answers an item it rejects with ``{"error": {...}}`` instead of raising."""
    error = result.get("error") if "headline" not in result else None
    if isinstance(error, dict):
        exc = InvalidInput(
            str(error.get("detail") or "invalid item"), field=error.get("field") or f"items[{index}]"
        )
        return {"index": index, "status": exc.status, "error": problem_for(exc)}
    return {"index": index, "status": 200, "result": result}


def _score_valid(model, valid, options, explain) -> list[dict[str, Any]]:
    """Score the pre-validated items in one core call; isolate any item the core still rejects."""
    try:
        results = analyze_batch(model, [item for _, item in valid], options=options, explain=explain)
        return [_entry(index, r) for (index, _), r in zip(valid, results, strict=True)]
    except InvalidInput:
        pass
    out = []
    for index, item in valid:
        try:
            result = analyze(model, item["headline"], body=item["body"], options=options, explain=explain)
            out.append({"index": index, "status": 200, "result": result})
        except InvalidInput as exc:
            if exc.field is None or not exc.field.startswith("items["):
                exc.field = f"items[{index}]" + (f".{exc.field}" if exc.field else "")
            out.append({"index": index, "status": exc.status, "error": problem_for(exc)})
    return out


@bp.post("/compare")
def compare_many():
    """Rank 2 to 10 candidate headlines for one story, best first."""
    data = _json_object()
    _only(data, {"headlines", "body", "options", "explain"})
    headlines = data.get("headlines")
    if not isinstance(headlines, list):
        raise InvalidInput("'headlines' must be an array of strings.", field="headlines")
    if not MIN_COMPARE <= len(headlines) <= MAX_COMPARE:
        raise InvalidInput(
            f"'headlines' must hold {MIN_COMPARE} to {MAX_COMPARE} candidates, got {len(headlines)}.",
            field="headlines",
        )
    checked = [validate_headline(h, f"headlines[{i}]") for i, h in enumerate(headlines)]
    body = validate_body(data.get("body"), "body")
    options = _options(data)
    explain = _explain(data)
    model = _model()
    g.item_count = len(checked)
    return jsonify(compare(model, checked, body=body, options=options, explain=explain))


@bp.get("/model")
def model_card():
    """The loaded model's card."""
    model = _model()
    return jsonify(model.card)
