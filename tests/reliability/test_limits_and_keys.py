"""Request limits (body size, field length, batch size, JSON depth) and API-key hygiene.

``tests/service/test_api.py`` covers the happy paths of keys and rate limits; this checks the edges:
each limit exactly at and one past its value, depths far past the limit (no RecursionError 5xx),
that the key check does the same work whichever key (if any) matches, and that no key material
reaches an error body or a log line.
"""

from __future__ import annotations

import io
import json
import logging
import statistics
import time

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from service.analysis import MAX_BODY_CHARS, MAX_HEADLINE_CHARS
from service.web import security

PROBLEM = "application/problem+json"


def _post(client, path, raw: bytes):
    return client.post(path, data=raw, content_type="application/json")


# --- limits ------------------------------------------------------------------------------------


def test_body_size_limit_is_413_at_one_byte_over(make_app):
    client = make_app(max_request_bytes=2000).test_client()
    body = {"headline": "Council approves budget", "body": ""}
    raw = json.dumps(body).encode()
    body["body"] = "x" * (2000 - len(raw))
    exact = json.dumps(body).encode()
    assert len(exact) == 2000
    assert _post(client, "/v1/analyze", exact).status_code == 200
    over = _post(client, "/v1/analyze", exact[:-1] + b" }")
    assert over.status_code == 413 and over.mimetype == PROBLEM
    assert over.get_json()["type"] == "/problems/payload-too-large"


def test_streamed_body_over_the_limit_is_413_not_400(make_app):
    """A chunked body has no Content-Length and werkzeug cuts it at the limit; it must still be 413."""
    app = make_app(max_request_bytes=1000)
    raw = b'{"headline": "' + b"x" * 5000 + b'"}'
    for body, status in ((raw, 413), (b'{"headline": "Council approves budget"}', 200)):
        builder = EnvironBuilder(
            path="/v1/analyze", method="POST", input_stream=io.BytesIO(body), content_type="application/json"
        )
        environ = builder.get_environ()
        environ.pop("CONTENT_LENGTH", None)
        environ["wsgi.input_terminated"] = True  # what gunicorn sets for Transfer-Encoding: chunked
        _, got, _ = run_wsgi_app(app, environ, buffered=True)
        assert got.startswith(str(status)), got


def _raw_post(app, body: bytes, content_length: int | None):
    """POST ``body`` as gunicorn hands it over: a stream the server terminates, chunked when no length."""
    builder = EnvironBuilder(
        path="/v1/analyze", method="POST", input_stream=io.BytesIO(body), content_type="application/json"
    )
    environ = builder.get_environ()
    environ.pop("CONTENT_LENGTH", None)
    if content_length is not None:
        environ["CONTENT_LENGTH"] = str(content_length)
    environ["wsgi.input_terminated"] = True
    iterator, status, headers = run_wsgi_app(app, environ, buffered=True)
    return int(status.split()[0]), headers, json.loads(b"".join(iterator) or b"null")


def _document_of(size: int) -> bytes:
    head, tail = b'{"headline": "Council approves budget", "body": "', b'"}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def test_chunked_body_of_exactly_the_limit_is_accepted_like_with_a_length(make_app):
    """Issue 12, item 14: the same 2,000 bytes were accepted with Content-Length, refused chunked."""
    app = make_app(max_request_bytes=2000)
    exact = _document_of(2000)
    assert _raw_post(app, exact, len(exact))[0] == 200
    assert _raw_post(app, exact, None)[0] == 200
    over = _document_of(2001)
    for length in (len(over), None):
        status, headers, body = _raw_post(app, over, length)
        assert status == 413 and headers["Content-Type"] == PROBLEM
        assert body["type"] == "/problems/payload-too-large"


@pytest.mark.parametrize("chunked", [False, True])
def test_413_says_the_limit_in_bytes(make_app, chunked):
    app = make_app(max_request_bytes=2000)
    over = _document_of(5000)
    status, _, body = _raw_post(app, over, None if chunked else len(over))
    assert status == 413
    assert "2000 bytes" in body["detail"] and "capacity" not in body["detail"]
    assert set(body) >= {"type", "title", "status", "detail", "instance"}


def test_413_from_the_test_client_says_the_limit_too(make_app):
    response = make_app(max_request_bytes=100).test_client().post("/v1/analyze", json={"headline": "x" * 300})
    assert response.status_code == 413 and "100 bytes" in response.get_json()["detail"]


def test_body_shorter_than_its_content_length_is_400(make_app):
    """Issue 12, item 15: a body that ends before its Content-Length was scored as if complete."""
    app = make_app()
    body = b'{"headline": "Council approves budget"}'
    status, headers, problem = _raw_post(app, body, len(body) + 50)
    assert status == 400 and headers["Content-Type"] == PROBLEM
    assert f"{len(body)} of {len(body) + 50} bytes" in problem["detail"]
    assert _raw_post(app, body, len(body))[0] == 200


class _StallingStream(io.BytesIO):
    """The first piece, then what a socket with a timeout raises when the client sends nothing more."""

    def read(self, size=-1):
        if self.tell():
            raise TimeoutError("timed out")
        return super().read(10)


@pytest.mark.parametrize("declared", [True, False])
def test_body_that_stalls_is_400_not_a_server_error(make_app, declared):
    body = b'{"headline": "Council approves budget"}'
    builder = EnvironBuilder(
        path="/v1/analyze", method="POST", input_stream=_StallingStream(body), content_type="application/json"
    )
    environ = builder.get_environ()
    environ.pop("CONTENT_LENGTH", None)
    if declared:
        environ["CONTENT_LENGTH"] = str(len(body))
    environ["wsgi.input_terminated"] = True
    iterator, status, _ = run_wsgi_app(make_app(body_timeout=3), environ, buffered=True)
    assert status.startswith("400")
    assert "nothing arrived for 3 s" in json.loads(b"".join(iterator))["detail"]


@pytest.mark.parametrize(("field", "limit"), [("headline", MAX_HEADLINE_CHARS), ("body", MAX_BODY_CHARS)])
def test_field_length_limits(client, field, limit):
    base = {"headline": "Council approves budget"}
    ok = client.post("/v1/analyze", json={**base, field: "a" * limit})
    assert ok.status_code == 200
    over = client.post("/v1/analyze", json={**base, field: "a" * (limit + 1)})
    assert over.status_code == 422 and over.get_json()["field"] == field


def test_batch_item_fields_are_limited_per_item(client):
    items = [{"headline": "Fine"}, {"headline": "a" * (MAX_HEADLINE_CHARS + 1)}]
    data = client.post("/v1/analyze/batch", json={"items": items}).get_json()
    assert [e["status"] for e in data["items"]] == [200, 422]
    assert data["items"][1]["error"]["field"] == "items[1].headline"


def test_batch_size_limit(make_app):
    client = make_app(max_batch_items=5).test_client()
    assert client.post("/v1/analyze/batch", json={"items": ["One two"] * 5}).status_code == 200
    over = client.post("/v1/analyze/batch", json={"items": ["One two"] * 6})
    assert over.status_code == 422 and over.get_json()["type"] == "/problems/batch-too-large"


def test_json_depth_limit_exact(make_app):
    client = make_app(max_json_depth=8).test_client()
    inner = "[" * 7 + "]" * 7  # depth 8 with the outer object
    assert (
        _post(client, "/v1/analyze", f'{{"headline": "x", "options": {inner}}}'.encode()).status_code == 422
    )
    deeper = "[" * 8 + "]" * 8
    response = _post(client, "/v1/analyze", f'{{"headline": "x", "options": {deeper}}}'.encode())
    assert response.status_code == 400 and "nested deeper" in response.get_json()["detail"]


@pytest.mark.parametrize("depth", [1_000, 100_000, 1_000_000])
def test_absurd_json_depth_is_400_not_500(make_app, depth):
    client = make_app(max_request_bytes=5_000_000).test_client()
    for raw in (b"[" * depth + b"]" * depth, b'{"a":' * depth + b"1" + b"}" * depth, b"[" * depth):
        response = _post(client, "/v1/analyze", raw[:5_000_000])
        assert response.status_code == 400, response.get_data()[:200]
        assert response.mimetype == PROBLEM


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"null",
        b"\xff\xfe",
        b'"\\ud800"',
        b'{"headline": "\\udc80"}',
        b"NaN",
        b'{"headline": 1e999}',
        b'{"headline": "x", "headline": 3}',
        b"\x00" * 100,
        '{"headline": "\u2028"}'.encode(),
    ],
)
def test_odd_json_documents_are_4xx(client, raw):
    assert 400 <= _post(client, "/v1/analyze", raw).status_code < 500


# --- keys --------------------------------------------------------------------------------------

KEY = "k3y-material-that-must-never-leak"


def test_key_check_compares_every_digest_whatever_matches(monkeypatch):
    calls = []
    real = security.hmac.compare_digest

    def counting(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", counting)
    hashes = tuple(security.hash_key(f"key-{i}") for i in range(5))
    for token in ("key-0", "key-4", "wrong", "x" * 10_000, ""):
        calls.clear()
        security._match_key(token, hashes)
        # Same number of comparisons, always of two 64-character digests: no early exit, and the
        # token's own length never reaches the comparison.
        assert calls == [(64, 64)] * 5


def test_key_check_time_does_not_depend_on_the_key():
    hashes = tuple(security.hash_key(f"key-{i}") for i in range(8))
    tokens = {"first": "key-0", "last": "key-7", "wrong": "key-x", "near": hashes[0][:-1] + "0"}
    samples: dict[str, list[float]] = {name: [] for name in tokens}
    for _ in range(30):  # interleaved batches, so load on the machine hits every token alike
        for name, token in tokens.items():
            start = time.perf_counter()
            for _ in range(300):
                security._match_key(token, hashes)
            samples[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    assert max(medians.values()) / min(medians.values()) < 1.5, medians


def test_no_key_material_in_error_bodies_or_logs(make_app, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    digest = security.hash_key(KEY)
    bodies = []
    for limit in ("100/minute", "1/minute"):  # the second app answers 429s: they must not leak either
        client = make_app(api_key_hashes=(digest,), rate_limit=limit).test_client()
        for auth in (
            f"Bearer {KEY}x",
            f"Bearer {digest}",
            "Bearer",
            f"Basic {KEY}",
            f"bearer {KEY}",
            f"Bearer {KEY}",
            f"Bearer {KEY}",
        ):
            response = client.post(
                "/v1/analyze", json={"headline": "Council approves budget"}, headers={"Authorization": auth}
            )
            bodies.append((response.status_code, response.get_data(as_text=True), str(response.headers)))
    statuses = [status for status, _, _ in bodies]
    assert {401, 403, 200, 429} <= set(statuses)
    logs = capsys.readouterr().err + caplog.text
    for _, body, headers in bodies:
        for secret in (KEY, digest, digest[16:]):
            assert secret not in body and secret not in headers
    for secret in (KEY, digest, digest[8:]):
        assert secret not in logs


def test_wrong_keys_do_not_spend_the_right_keys_budget(make_app):
    """Wrong keys are limited by client address (slows guessing) and leave the key's own budget alone."""
    client = make_app(api_key_hashes=(security.hash_key(KEY),), rate_limit="2/minute").test_client()
    wrong = [client.get("/v1/model", headers={"Authorization": "Bearer nope"}).status_code for _ in range(4)]
    assert wrong == [403, 403, 429, 429]
    right = {"Authorization": f"Bearer {KEY}"}
    assert [client.get("/v1/model", headers=right).status_code for _ in range(3)] == [200, 200, 429]
