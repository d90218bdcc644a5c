"""Keys and rate limits for every method and path under /v1; Retry-After only where it means something.

Issue 12, item 9: HEAD (and OPTIONS, and invented methods) skipped the rate limit, so a key could be
guessed over HEAD without ever meeting a 429. Item 10: every response carried ``Retry-After``, even a
200 or a 422, and the page then told the editor to "try again" after a headline that was too long.
"""

from __future__ import annotations

import pytest

from service.web.security import hash_key

KEY = "security-test-key"
WRONG = {"Authorization": "Bearer not-the-key"}
RIGHT = {"Authorization": f"Bearer {KEY}"}
PREFLIGHT = {"Origin": "https://newsroom.example", "Access-Control-Request-Method": "POST"}


@pytest.fixture
def limited(make_app):
    """Keys on, 5 requests a minute per key (per address for missing or wrong keys)."""
    return make_app(
        api_key_hashes=(hash_key(KEY),), rate_limit="5/minute", cors_origins=("https://newsroom.example",)
    ).test_client()


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("HEAD", "/v1/model", WRONG),
        ("HEAD", "/v1/model", {}),
        ("OPTIONS", "/v1/model", WRONG),
        ("OPTIONS", "/v1/analyze", PREFLIGHT),
        ("XAAAAA", "/v1/model", WRONG),
        ("DELETE", "/v1/model", WRONG),
        ("GET", "/v1/no-such-route", WRONG),
        ("GET", "/v1/model", WRONG),
        ("POST", "/v1/analyze", WRONG),
    ],
)
def test_every_method_and_path_under_v1_is_rate_limited(limited, method, path, headers):
    statuses = [limited.open(path, method=method, headers=headers).status_code for _ in range(8)]
    assert statuses[5:] == [429, 429, 429], statuses
    assert 429 not in statuses[:5]


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS", "XAAAAA", "PUT"])
def test_every_method_under_v1_checks_the_key(limited, method):
    assert limited.open("/v1/model", method=method).status_code == 401
    assert limited.open("/v1/model", method=method, headers=WRONG).status_code == 403
    assert limited.open("/v1/no-such-route", method=method, headers=WRONG).status_code == 403
    with_key = limited.open("/v1/model", method=method, headers=RIGHT).status_code
    assert with_key == {"HEAD": 200, "OPTIONS": 200}.get(method, 405)
    assert limited.open("/v1/no-such-route", method=method, headers=RIGHT).status_code == 404


def test_cors_preflight_needs_no_key_but_is_counted(limited):
    """A browser's preflight can never carry the key; it is answered, and counted per address."""
    response = limited.options("/v1/analyze", headers=PREFLIGHT)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://newsroom.example"
    assert response.headers["RateLimit-Remaining"] == "4"


def test_wrong_keys_over_head_cannot_outrun_the_limit(limited):
    """The attack: 60 HEADs with wrong keys gave 60 x 403. Now the sixth and later are 429."""
    statuses = [
        limited.head("/v1/model", headers={"Authorization": f"Bearer guess-{i}"}).status_code
        for i in range(60)
    ]
    assert statuses.count(403) == 5 and statuses.count(429) == 55


def test_probes_and_page_are_not_limited(limited):
    for _ in range(10):
        for path in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/"):
            assert limited.get(path).status_code == 200
            assert limited.head(path).status_code == 200


# --- Retry-After (item 10) ----------------------------------------------------------------------


def test_retry_after_only_on_429(limited):
    responses = {
        "200": limited.get("/v1/model", headers=RIGHT),
        "422": limited.post("/v1/analyze", json={"headline": "x" * 5000}, headers=RIGHT),
        "401": limited.get("/v1/model"),
        "403": limited.get("/v1/model", headers=WRONG),
        "404": limited.get("/v1/nothing", headers=RIGHT),
        "405": limited.delete("/v1/model", headers=RIGHT),
    }
    for status, response in responses.items():
        assert str(response.status_code) == status
        assert "Retry-After" not in response.headers, status
    assert responses["200"].headers["RateLimit-Limit"] == "5"
    assert int(responses["200"].headers["RateLimit-Remaining"]) >= 0
    for _ in range(5):
        limited.get("/v1/model", headers=RIGHT)
    over = limited.get("/v1/model", headers=RIGHT)
    assert over.status_code == 429
    assert 0 < int(over.headers["Retry-After"]) <= 60
    assert over.headers["RateLimit-Remaining"] == "0"
    assert over.get_json()["type"] == "/problems/rate-limited"


def test_retry_after_on_413_and_415_is_absent(make_app):
    client = make_app(rate_limit="100/minute", max_request_bytes=100).test_client()
    too_big = client.post("/v1/analyze", json={"headline": "x" * 500})
    wrong_type = client.post("/v1/analyze", data="x", content_type="text/plain")
    assert (too_big.status_code, wrong_type.status_code) == (413, 415)
    assert "Retry-After" not in too_big.headers and "Retry-After" not in wrong_type.headers


def test_503_model_unavailable_carries_retry_after(app, client):
    app.extensions["headline"]["model"] = None
    response = client.post("/v1/analyze", json={"headline": "Council approves budget"})
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0


def test_openapi_declares_retry_after_on_429_and_503_only(client):
    spec = client.get("/openapi.json").get_json()
    retry_later = spec["components"]["responses"]["RetryLater"]
    assert "Retry-After" in retry_later["headers"]
    assert "headers" not in spec["components"]["responses"]["Problem"]
    for path, operations in spec["paths"].items():
        if not path.startswith("/v1/"):
            continue  # /readyz's 503 is a probe's answer with its own body
        for operation in operations.values():
            for status, response in operation.get("responses", {}).items():
                uses_retry = response.get("$ref") == "#/components/responses/RetryLater"
                assert uses_retry == (status in ("429", "503")), (path, status)


@pytest.mark.parametrize("broken", [("incr", "get", "get_expiry", "clear"), ("get_expiry",)])
def test_a_broken_limiter_storage_never_becomes_a_5xx(make_app, monkeypatch, broken):
    """Wholly unreachable, or failing only when the headers' numbers are read."""
    app = make_app(rate_limit="5/minute")
    storage = app.extensions["headline"]["limiter"].storage

    def unreachable(*args, **kwargs):
        raise ConnectionError("storage unreachable")

    for name in broken:
        monkeypatch.setattr(storage, name, unreachable)
    client = app.test_client()
    responses = [client.get("/v1/model") for _ in range(8)]
    statuses = [r.status_code for r in responses]
    assert statuses[:5] == [200] * 5 and set(statuses) <= {200, 429}, statuses
    assert all("Retry-After" not in r.headers for r in responses if r.status_code == 200)
