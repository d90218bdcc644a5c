"""The one place where exceptions become HTTP responses.

``register_error_handlers(app)`` turns ``HeadlineError`` (``service.exceptions``), werkzeug's
``HTTPException`` (400 malformed JSON, 401/403 keys, 404/405 routing, 413 body size, 429 rate
limit) and anything unexpected into RFC 9457 ``application/problem+json``. It is registered on the
app, not on a blueprint, because a routing 404 happens before any blueprint is known. Unexpected
exceptions are logged with their traceback and answered as a generic 500 with no internals.
Views never build error bodies; ``problem()`` is also what the batch endpoint uses for one
item's error entry, so both shapes are identical.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, g, json, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from service.exceptions import HeadlineError
from service.web.request_body import too_large

__all__ = ["PROBLEM_JSON", "problem", "register_error_handlers"]

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"

# A 503 means "not yet" (the model is still loading): a client may retry after this many seconds.
RETRY_AFTER_503 = 5

# Stable ``type`` slugs for the werkzeug errors we raise or let through.
_HTTP_TYPES = {
    400: "/problems/malformed-request",
    401: "/problems/unauthorized",
    403: "/problems/forbidden",
    404: "/problems/not-found",
    405: "/problems/method-not-allowed",
    413: "/problems/payload-too-large",
    415: "/problems/unsupported-format",
    429: "/problems/rate-limited",
    500: "/problems/internal-error",
}


def problem(status: int, title: str, type_: str, detail: str, field: str | None = None) -> dict[str, Any]:
    """Build an RFC 9457 problem object (``instance`` is the request path)."""
    body: dict[str, Any] = {"type": type_, "title": title, "status": status, "detail": detail}
    if field is not None:
        body["field"] = field
    try:
        body["instance"] = request.path
        rid = g.get("request_id")
        if rid:
            body["request_id"] = rid
    except RuntimeError:  # outside a request (batch entries are built inside one; this is for safety)
        pass
    return body


def problem_for(exc: HeadlineError) -> dict[str, Any]:
    """The problem object for a domain exception."""
    return problem(exc.status, exc.title, exc.type, exc.detail, exc.field)


def _respond(body: dict[str, Any], headers: Any = None):
    response = Flask.response_class(json.dumps(body) + "\n", status=body["status"], mimetype=PROBLEM_JSON)
    if headers:
        for key, value in headers:
            if key.lower() != "content-type":
                response.headers[key] = value
    return response


def _handle_headline_error(exc: HeadlineError):
    headers = [("Retry-After", str(RETRY_AFTER_503))] if exc.status == 503 else None
    return _respond(problem_for(exc), headers)


def _handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    detail = exc.description or exc.name
    if isinstance(exc, RequestEntityTooLarge) and detail == RequestEntityTooLarge.description:
        # werkzeug's own 413 ("exceeds the capacity limit") does not say the limit; ours do.
        detail = too_large(current_app.config["MAX_CONTENT_LENGTH"]).description
    body = problem(status, exc.name, _HTTP_TYPES.get(status, "about:blank"), detail)
    # Keep the headers werkzeug computed: Allow on 405, WWW-Authenticate on 401.
    headers = exc.get_headers() if exc.response is None else list(exc.response.headers.items())
    return _respond(body, headers)


def _handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):  # pragma: no cover - routed to the handler above
        return _handle_http_exception(exc)
    log.exception("unhandled error on %s %s", request.method, request.path)
    return _respond(
        problem(500, "Internal Server Error", _HTTP_TYPES[500], "The server could not complete the request.")
    )


def register_error_handlers(app: Flask) -> None:
    """Register the handlers on ``app`` (not on a blueprint)."""
    app.register_error_handler(HeadlineError, _handle_headline_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
