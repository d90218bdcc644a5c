"""Blueprint ``api`` at ``/v1``: parse JSON → analysis core → JSON.

Views are short: ``_json_object`` enforces the content type, reads the body within its limits
(``service/web/request_body.py``: size, Content-Length, time) and checks the JSON syntax and nesting
depth; ``_only``/``_options``/``_explain``/``_item`` check the request's format and raise
``InvalidInput`` naming the field; headlines and bodies are checked by the core's one validator
(``service/analysis/validation.py``); the core does the work. Errors are rendered by
``service/web/errors.py`` only: a batch item the core rejects comes back in the core's one error
shape (``ItemError``) and becomes a problem entry once, in ``_error_entry``.
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
    MIN_COMPARE,
    AnalysisOptions,
    analyze,
    analyze_batch,
    compare,
)
from service.analysis.result import ItemError, item_error
from service.analysis.validation import validate_body, validate_headline
from service.exceptions import BatchTooLarge, InvalidInput, ModelUnavailable, UnsupportedFormat
from service.web.errors import problem
from service.web.request_body import read_body

__all__ = ["MAX_COMPARE", "MIN_COMPARE", "bp"]

bp = Blueprint("api", __name__, url_prefix="/v1")


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


def _item(raw: Any, where: str) -> dict[str, Any]:
    """One batch item in the core's form: a string is a headline; an object may hold only headline and body.

    An object's headline and body are checked by the core's validator, which answers a bad one in
    the core's one error shape (``ItemError``); a bare string is checked here, by the same validator,
    because its error names the item itself (``items[3]``)."""
    if isinstance(raw, str):  # a bare headline is named by its place alone: items[3], not items[3].headline
        return {"headline": validate_headline(raw, where), "body": None}
    if not isinstance(raw, dict):
        raise InvalidInput(f"'{where}' must be an object or a string.", field=where)
    _only(raw, {"headline", "body"}, where + ".")
    return raw


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

    entries: list[dict[str, Any]] = [{} for _ in items]
    passed: list[tuple[int, dict[str, Any]]] = []  # items in the core's form, scored in one call
    for index, raw in enumerate(items):
        try:
            passed.append((index, _item(raw, f"items[{index}]")))
        except InvalidInput as exc:
            entries[index] = _error_entry(index, item_error(exc))
    if passed:
        results = analyze_batch(
            model,
            [item for _, item in passed],
            options=options,
            explain=explain,
            names=[f"items[{index}]" for index, _ in passed],
        )
        for (index, _), result in zip(passed, results, strict=True):
            if "error" in result:
                entries[index] = _error_entry(index, result["error"])
            else:
                entries[index] = {"index": index, "status": 200, "result": result}
    g.item_count = len(items)
    errors = sum(1 for entry in entries if "error" in entry)
    return jsonify(
        {
            "model_version": model.version,
            "count": len(items),
            "error_count": errors,
            "items": entries,
        }
    )


def _error_entry(index: int, error: ItemError) -> dict[str, Any]:
    """A batch entry for an item not scored: the core's error, translated once into a problem."""
    problem_body = problem(error["status"], error["title"], error["type"], error["detail"], error["field"])
    return {"index": index, "status": error["status"], "error": problem_body}


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
