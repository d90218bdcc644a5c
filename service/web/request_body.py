"""Reading a request body within its limits: size, an honest Content-Length, and time.

``read_body(environ, max_bytes=..., idle_timeout=...)`` is the one place a view gets the raw bytes
of a request (the JSON parsing stays in ``api.py``). It reads the WSGI input itself because
werkzeug's own guards do not fit a server that terminates the stream (gunicorn sets
``wsgi.input_terminated``):

- Size: a body over ``max_bytes`` is a 413 naming the limit in bytes, whether the client declared
  its length or streamed it chunked. werkzeug caps a chunked body *at* the limit, so "exactly the
  limit" and "cut at the limit" looked alike and an exact-size chunked body was refused while the
  same body with a Content-Length passed; reading one byte past the limit tells them apart.
- Honesty: gunicorn hands over a body that ended before its Content-Length as if it were whole; that
  is a 400 naming both numbers, never a scored fragment.
- Time: under gunicorn the client socket waits at most ``idle_timeout`` seconds for each next piece,
  so a client that stops sending mid-body gets a 400 within seconds instead of holding a worker
  until gunicorn kills it (which answered 500 after ``HEADLINE_TIMEOUT``). A client that keeps
  trickling bytes is still bounded by that worker timeout.

Imports werkzeug only; it never touches Flask's ``request``.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from typing import Any

from werkzeug.exceptions import BadRequest, RequestEntityTooLarge
from werkzeug.wsgi import get_content_length

__all__ = ["read_body", "too_large"]

_PIECE = 64 * 1024


def too_large(limit: int, declared: int | None = None) -> RequestEntityTooLarge:
    """The 413 for a body over ``limit`` bytes (``declared``: its Content-Length, when it had one)."""
    if declared is None:
        return RequestEntityTooLarge(f"The request body is longer than the limit of {limit} bytes.")
    return RequestEntityTooLarge(
        f"The request body is {declared} bytes (Content-Length); the limit is {limit} bytes."
    )


@contextlib.contextmanager
def _idle_timeout(sock: Any, seconds: float) -> Iterator[None]:
    """Bound each wait for the client's next bytes; restore the socket's own timeout afterwards."""
    if not isinstance(sock, socket.socket):  # not gunicorn (test client, another server)
        yield
        return
    previous = sock.gettimeout()
    sock.settimeout(seconds)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            sock.settimeout(previous)


def _read_up_to(stream: Any, size: int) -> tuple[bytes, bool]:
    """Read until ``size`` bytes or the end of the stream; also say whether the read stalled."""
    pieces: list[bytes] = []
    got = 0
    while got < size:
        try:
            piece = stream.read(min(_PIECE, size - got))
        except OSError:  # socket.timeout (the idle bound), or the connection reset mid-body
            return b"".join(pieces), True
        if not piece:
            break
        pieces.append(piece)
        got += len(piece)
    return b"".join(pieces), False


def read_body(environ: dict[str, Any], *, max_bytes: int, idle_timeout: float) -> bytes:
    """The whole request body, at most ``max_bytes`` long.

    Raises
    ------
    werkzeug.exceptions.RequestEntityTooLarge
        When the body (declared or streamed) is longer than ``max_bytes``.
    werkzeug.exceptions.BadRequest
        When the body ends, or stalls for ``idle_timeout`` seconds, before its end.
    """
    declared = get_content_length(environ)
    if declared is not None and declared > max_bytes:
        raise too_large(max_bytes, declared)
    if declared is None and not environ.get("wsgi.input_terminated"):
        return b""  # no length, and a server that does not end the stream: nothing is safe to read
    wanted = declared if declared is not None else max_bytes + 1
    with _idle_timeout(environ.get("gunicorn.socket"), idle_timeout):
        data, stalled = _read_up_to(environ["wsgi.input"], wanted)
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    expected = f" of its Content-Length {declared} bytes" if declared is not None else ""
    if stalled:  # how much arrived is unknown: the server may hold a partial piece
        raise BadRequest(
            f"The request body stopped before the end{expected}: nothing arrived for {idle_timeout:g} s."
        )
    if declared is not None and len(data) < declared:
        raise BadRequest(
            f"The request body ended after {len(data)} of {declared} bytes (its Content-Length)."
        )
    return data
