"""JSON instead of gunicorn's HTML for the errors gunicorn answers itself, before the app sees a request.

A malformed request line, an invalid or too long header, a bad chunk size, an unknown transfer
coding: gunicorn's parser refuses these and its worker's ``handle_error`` sends a small HTML page
through ``gunicorn.util.write_error``. API clients read every other error of this service as
RFC 9457 ``application/problem+json`` (``service/web/errors.py``), so these must be too.
``install()`` (called by ``gunicorn.conf.py``'s ``post_worker_init`` hook, in each worker) replaces
that one writer; gunicorn keeps deciding *which* error it is, its status and its message, and
keeps logging it. One status changes, because this service never answers bad input with a 5xx:
gunicorn's 501 for a transfer coding it does not support becomes 400 (the request is what is
wrong). A 500 gunicorn sends for its own failures stays a 500.

Imports the stdlib only (and gunicorn, lazily, in ``install``).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["install", "problem_response", "write_json_error"]

PROBLEM_JSON = "application/problem+json"
DETAIL_MAX = 300  # gunicorn's message may quote the refused line; a few hundred characters say enough

_TYPES = {  # the same slugs as service/web/errors.py for the statuses both answer
    400: "/problems/malformed-request",
    403: "/problems/forbidden",
    414: "/problems/uri-too-long",
    417: "/problems/expectation-failed",
    431: "/problems/headers-too-large",
    500: "/problems/internal-error",
}
_TITLES = {400: "Bad Request", 403: "Forbidden", 414: "URI Too Long", 417: "Expectation Failed"}


def problem_response(status: int, reason: str, message: str) -> bytes:
    """The whole HTTP/1.1 response (status line, headers, JSON body) for one gunicorn-level error."""
    if status == 501:  # gunicorn: "unsupported transfer coding"; the client sent it, so a 4xx
        status = 400
    title = _TITLES.get(status, reason)
    detail = message.strip() or title
    if len(detail) > DETAIL_MAX:
        detail = detail[: DETAIL_MAX - 1] + "…"
    body = json.dumps(
        {
            "type": _TYPES.get(status, "about:blank"),
            "title": title,
            "status": status,
            "detail": detail,
        },
        ensure_ascii=True,  # the message may quote raw request bytes; the body stays plain ASCII
    ).encode("ascii")
    head = (
        f"HTTP/1.1 {status} {title}\r\n"
        "Connection: close\r\n"
        f"Content-Type: {PROBLEM_JSON}\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        f"Content-Length: {len(body) + 1}\r\n"
        "\r\n"
    )
    return head.encode("latin-1") + body + b"\n"


def write_json_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    """Drop-in for ``gunicorn.util.write_error`` (same arguments): the problem+json response."""
    from gunicorn.util import write_nonblock

    write_nonblock(sock, problem_response(int(status_int), str(reason), str(mesg)))


def install() -> None:
    """Make this process's gunicorn workers answer their own errors with ``write_json_error``.

    gunicorn's ``Worker.handle_error`` looks ``util.write_error`` up on the module at each call,
    and nothing else in gunicorn calls it, so replacing that one attribute changes only the body.
    """
    from gunicorn import util

    util.write_error = write_json_error
