"""The OpenAPI 3.1 document for the HTTP API, and the offline docs page rendered from it.

``build_spec(max_batch)`` returns the document as a dict; limits (batch size, text lengths, compare
range) come from the same constants and settings the views enforce, and the result schemas are
generated from the core's typed result (``service/analysis/result.py`` via ``typed_schema.py``), so
the document cannot drift from the implementation. Requests, errors and the batch envelope are
the API's own and are written here. ``init_app(app)`` serves it at ``/openapi.json`` and renders
``templates/docs.html`` from it at ``/docs`` (server-side, no JavaScript, no CDN).
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from flask import Flask, current_app, jsonify, render_template

from service.analysis import MAX_BODY_CHARS, MAX_COMPARE, MAX_HEADLINE_CHARS, MIN_COMPARE, AnalysisOptions
from service.analysis import options as _options_module
from service.analysis.result import AnalysisResult, CompareResult
from service.web.typed_schema import component_schemas

__all__ = ["build_spec", "init_app"]

_PROBLEM = {"$ref": "#/components/responses/Problem"}
_RETRY_LATER = {"$ref": "#/components/responses/RetryLater"}  # 429 and 503: the only ones with Retry-After


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], example: Any = None) -> dict[str, Any]:
    media: dict[str, Any] = {"schema": schema}
    if example is not None:
        media["example"] = example
    return {"application/json": media}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(code): _RETRY_LATER if code in (429, 503) else _PROBLEM for code in codes}


_V1_ERRORS = (401, 403, 429, 503)
_POST_ERRORS = (400, 413, 415, 422)

_HEADLINE = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_HEADLINE_CHARS,
    "pattern": r"\S",
    "description": "The headline (not blank).",
}
_BODY = {
    "type": ["string", "null"],
    "maxLength": MAX_BODY_CHARS,
    "description": "Optional article text, for consistency and spoiler checks.",
}

_SCHEMAS: dict[str, Any] = {
    "Problem": {
        "type": "object",
        "description": "RFC 9457 problem details.",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string"},
            "title": {"type": "string"},
            "status": {"type": "integer"},
            "detail": {"type": "string"},
            "instance": {"type": "string"},
            "field": {
                "type": "string",
                "description": "The offending field, e.g. headline or items[3].headline.",
            },
            "request_id": {"type": "string"},
        },
    },
    "Options": None,  # filled from AnalysisOptions by _options_schema()
    "Explain": {
        "type": "boolean",
        "default": True,
        "description": "false skips the clickbait signals (returned as []) and the suggestions drawn from "
        "them; every score is the same. Bulk callers that show no explanation save most of "
        "the cost.",
    },
    "AnalyzeRequest": {
        "type": "object",
        "required": ["headline"],
        "additionalProperties": False,
        "properties": {
            "headline": _HEADLINE,
            "body": _BODY,
            "options": _ref("Options"),
            "explain": _ref("Explain"),
        },
    },
    "BatchItem": {
        "oneOf": [
            _HEADLINE,
            {
                "type": "object",
                "required": ["headline"],
                "additionalProperties": False,
                "properties": {"headline": _HEADLINE, "body": _BODY},
            },
        ],
    },
    "BatchRequest": {
        "type": "object",
        "required": ["items"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "minItems": 1, "items": _ref("BatchItem")},  # maxItems: see build_spec
            "options": _ref("Options"),
            "explain": _ref("Explain"),
        },
    },
    "CompareRequest": {
        "type": "object",
        "required": ["headlines"],
        "additionalProperties": False,
        "properties": {
            "headlines": {
                "type": "array",
                "minItems": MIN_COMPARE,
                "maxItems": MAX_COMPARE,
                "items": _HEADLINE,
            },
            "body": _BODY,
            "options": _ref("Options"),
            "explain": _ref("Explain"),
        },
    },
    "BatchEntry": {
        "type": "object",
        "required": ["index", "status"],
        "properties": {
            "index": {"type": "integer", "minimum": 0},
            "status": {"type": "integer", "description": "200, or the error's status."},
            "result": _ref("AnalysisResult"),
            "error": _ref("Problem"),
        },
    },
    "BatchResponse": {
        "type": "object",
        "required": ["model_version", "count", "error_count", "items"],
        "properties": {
            "model_version": {"type": "string"},
            "count": {"type": "integer"},
            "error_count": {"type": "integer"},
            "items": {"type": "array", "items": _ref("BatchEntry")},
        },
    },
    "ModelCard": {"type": "object", "description": "The model card written at training time."},
    "Health": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string"}, "model_version": {"type": ["string", "null"]}},
    },
}

_EXAMPLE_ANALYZE = {
    "headline": "You won't believe what this cat did next",
    "options": {"case_style": "sentence"},
}


def _paths(max_batch: int) -> dict[str, Any]:
    secured: list[dict[str, list[str]]] = [{"bearer": []}, {}]
    return {
        "/v1/analyze": {
            "post": {
                "operationId": "analyze",
                "summary": "Analyse one headline",
                "description": "Clickbait, sensationalism, readability and quality for one headline; "
                "with a body, also consistency and spoiler checks.",
                "security": secured,
                "requestBody": {"required": True, "content": _json(_ref("AnalyzeRequest"), _EXAMPLE_ANALYZE)},
                "responses": {
                    "200": {"description": "The analysis.", "content": _json(_ref("AnalysisResult"))},
                    **_errors(*_POST_ERRORS, *_V1_ERRORS),
                },
            }
        },
        "/v1/analyze/batch": {
            "post": {
                "operationId": "analyzeBatch",
                "summary": f"Analyse up to {max_batch} headlines",
                "description": "Items are answered in order. An invalid item gets its own error entry "
                "(status and problem) and does not fail the others.",
                "security": secured,
                "requestBody": {
                    "required": True,
                    "content": _json(
                        _ref("BatchRequest"),
                        {"items": [{"headline": "Ten tricks doctors hate"}, "Council approves 2025 budget"]},
                    ),
                },
                "responses": {
                    "200": {
                        "description": "One entry per item, in order.",
                        "content": _json(_ref("BatchResponse")),
                    },
                    **_errors(*_POST_ERRORS, *_V1_ERRORS),
                },
            }
        },
        "/v1/compare": {
            "post": {
                "operationId": "compare",
                "summary": f"Rank {MIN_COMPARE} to {MAX_COMPARE} candidate headlines",
                "security": secured,
                "requestBody": {
                    "required": True,
                    "content": _json(
                        _ref("CompareRequest"),
                        {"headlines": ["Council approves budget", "You won't believe the council's budget"]},
                    ),
                },
                "responses": {
                    "200": {
                        "description": "Candidates ranked best first.",
                        "content": _json(_ref("CompareResult")),
                    },
                    **_errors(*_POST_ERRORS, *_V1_ERRORS),
                },
            }
        },
        "/v1/model": {
            "get": {
                "operationId": "modelCard",
                "summary": "The loaded model's card",
                "security": secured,
                "responses": {
                    "200": {"description": "Model card.", "content": _json(_ref("ModelCard"))},
                    **_errors(*_V1_ERRORS),
                },
            }
        },
        "/healthz": {
            "get": {
                "operationId": "healthz",
                "summary": "Liveness",
                "security": [],
                "responses": {
                    "200": {"description": "The process answers.", "content": _json(_ref("Health"))}
                },
            }
        },
        "/readyz": {
            "get": {
                "operationId": "readyz",
                "summary": "Readiness (503 until the model is loaded)",
                "security": [],
                "responses": {
                    "200": {"description": "Ready.", "content": _json(_ref("Health"))},
                    "503": {"description": "Loading.", "content": _json(_ref("Health"))},
                },
            }
        },
        "/metrics": {
            "get": {
                "operationId": "metrics",
                "summary": "Prometheus metrics",
                "security": [],
                "responses": {
                    "200": {
                        "description": "Text exposition format.",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    }
                },
            }
        },
    }


def _options_schema() -> dict[str, Any]:
    """House-style options, generated from ``AnalysisOptions`` so the document follows the core."""
    enums = {"case_style": list(_options_module.CASE_STYLES), "numerals": list(_options_module.NUMERALS)}
    properties: dict[str, Any] = {}
    for field in dataclasses.fields(AnalysisOptions):
        default = field.default
        if isinstance(default, bool):
            prop: dict[str, Any] = {"type": "boolean"}
        elif isinstance(default, int):
            prop = {"type": "integer", "minimum": 1, "maximum": 10_000}
        else:
            prop = {"type": "string"}
            if field.name in enums:
                prop["enum"] = enums[field.name]
        prop["default"] = default
        properties[field.name] = prop
    return {
        "type": ["object", "null"],
        "description": "House-style options; omitted ones take their defaults.",
        "additionalProperties": False,
        "properties": properties,
    }


def build_spec(max_batch: int) -> dict[str, Any]:
    """The OpenAPI document for a service whose batch limit is ``max_batch``."""
    schemas = copy.deepcopy(_SCHEMAS)
    schemas.update(component_schemas(AnalysisResult, CompareResult))  # the core's result types
    schemas["Options"] = _options_schema()
    schemas["BatchRequest"]["properties"]["items"]["maxItems"] = max_batch
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Headline Inspector API",
            "version": "1",
            "description": "Headline quality and clickbait analysis. Every error is "
            "application/problem+json (RFC 9457). When API keys are configured, every "
            "/v1 route needs 'Authorization: Bearer <key>'.",
        },
        "servers": [{"url": "/"}],
        "paths": _paths(max_batch),
        "components": {
            "schemas": schemas,
            "responses": {
                "Problem": {
                    "description": "An error (RFC 9457 problem details).",
                    "content": {"application/problem+json": {"schema": _ref("Problem")}},
                },
                "RetryLater": {
                    "description": "Over the rate limit (429) or not ready yet (503): retry after Retry-After.",
                    "headers": {
                        "Retry-After": {
                            "description": "Seconds to wait before retrying.",
                            "schema": {"type": "integer", "minimum": 1},
                        }
                    },
                    "content": {"application/problem+json": {"schema": _ref("Problem")}},
                },
            },
            "securitySchemes": {
                "bearer": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Only when HEADLINE_API_KEY_HASHES is set.",
                }
            },
        },
    }


def _spec() -> dict[str, Any]:
    state = current_app.extensions["headline"]
    if "spec" not in state:
        state["spec"] = build_spec(state["settings"].max_batch_items)
    return state["spec"]


def openapi_json():
    """The OpenAPI document."""
    return jsonify(_spec())


def docs():
    """The API reference page, rendered from the OpenAPI document."""
    spec = _spec()
    operations = [
        {"method": method.upper(), "path": path, **op}
        for path, methods in spec["paths"].items()
        for method, op in methods.items()
    ]
    return render_template("docs.html", spec=spec, operations=operations)


def init_app(app: Flask) -> None:
    """Serve ``/openapi.json`` and ``/docs``."""
    app.add_url_rule("/openapi.json", "openapi", openapi_json, methods=["GET"])
    app.add_url_rule("/docs", "docs", docs, methods=["GET"])
