"""Errors gunicorn answers before the app (bad request line, bad headers) are problem+json, not HTML.

A real gunicorn with the project's gunicorn.conf.py; the malformed requests are raw bytes on a socket,
since no HTTP client library will send them.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from service.web.gunicorn_errors import problem_response
from tests.servers import ROOT, free_port, server_env, stop, wait_ready

MALFORMED = {
    "request line": b"THIS IS NOT HTTP AT ALL\r\n\r\n",
    "header name": b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: 1\r\n\r\n",
    "header too long": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 9000 + b"\r\n\r\n",
    "request line too long": b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "transfer coding": b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
    "chunk size": b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
}


@pytest.fixture(scope="module")
def server(tiny_model_dir):
    port = free_port()
    model = sorted(Path(tiny_model_dir).glob("*.joblib"))[0]
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "service.web:create_app()",
        ],
        cwd=ROOT,
        env=server_env(
            HEADLINE_BIND=f"127.0.0.1:{port}", HEADLINE_WORKERS="1", HEADLINE_MODEL_PATH=str(model)
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_ready(proc, port)
        yield port
    finally:
        stop(proc)


def _raw(port: int, data: bytes) -> tuple[int, dict[str, str], bytes]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize("name", list(MALFORMED))
def test_gunicorn_level_errors_are_json_4xx(server, name):
    status, headers, body = _raw(server, MALFORMED[name])
    assert 400 <= status < 500, (status, body[:200])
    assert headers["Content-Type"] == "application/problem+json"
    assert int(headers["Content-Length"]) == len(body)
    problem = json.loads(body)
    assert problem["status"] == status
    assert problem["type"].startswith("/problems/") and problem["title"] and problem["detail"]
    assert b"<html" not in body.lower()


def test_the_body_is_ascii_and_bounded_whatever_the_request_quoted():
    raw = problem_response(400, "Bad Request", "Invalid Request Line '" + "é\x00" * 500 + "'")
    head, _, body = raw.partition(b"\r\n\r\n")
    body.decode("ascii")
    problem = json.loads(body)
    assert len(problem["detail"]) <= 300 and problem["status"] == 400
    assert b"Content-Length: %d" % len(body) in head


def test_a_request_the_server_does_not_support_is_still_a_4xx():
    """gunicorn answers an unknown transfer coding with 501; this service never blames itself for input."""
    head, _, body = problem_response(501, "Bad Request", "Unsupported transfer coding: 'gzip'").partition(
        b"\r\n\r\n"
    )
    assert head.startswith(b"HTTP/1.1 400 ") and json.loads(body)["status"] == 400
