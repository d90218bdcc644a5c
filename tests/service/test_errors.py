"""Every error is RFC 9457 problem+json with the right status; nothing a client sends is a 5xx."""

from __future__ import annotations

import json

import pytest

from service.web.config import Settings, parse_bind

PROBLEM = "application/problem+json"


def assert_problem(response, status, type_=None, field=None):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["type"], str)
    assert body["instance"]
    assert body["request_id"] == response.headers["X-Request-ID"]
    if type_ is not None:
        assert body["type"] == type_
    if field is not None:
        assert body.get("field") == field
    return body


def post_raw(client, path, data, content_type="application/json"):
    return client.post(path, data=data, content_type=content_type)


@pytest.mark.parametrize(
    "data", [b"{", b"", b"{'headline': 'x'}", b"\xff\xfe\x00garbage", b"[1,]", b'{"headline": "x",}']
)
def test_malformed_json_is_400(client, data):
    assert_problem(post_raw(client, "/v1/analyze", data), 400, "/problems/malformed-request")


@pytest.mark.parametrize("depth", [33, 200, 100_000])
def test_nesting_deeper_than_the_limit_is_400(client, depth):
    doc = '{"headline": "x", "options": ' + "[" * depth + "]" * depth + "}"
    body = assert_problem(post_raw(client, "/v1/analyze", doc), 400)
    assert "nested" in body["detail"]


def test_nesting_limit_is_configurable(make_app):
    client = make_app(max_json_depth=3).test_client()
    assert_problem(client.post("/v1/analyze/batch", json={"items": [{"headline": ["x"]}]}), 400)
    assert client.post("/v1/analyze/batch", json={"items": [{"headline": "x"}]}).status_code == 200


def test_body_over_the_limit_is_413(make_app):
    client = make_app(max_request_bytes=1000).test_client()
    doc = json.dumps({"headline": "x", "body": "y" * 2000})
    assert_problem(post_raw(client, "/v1/analyze", doc), 413, "/problems/payload-too-large")


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml", ""]
)
def test_wrong_content_type_is_415(client, content_type):
    response = post_raw(client, "/v1/analyze", json.dumps({"headline": "x"}), content_type)
    assert_problem(response, 415, "/problems/unsupported-format")


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/v1/analyze", {}, "headline"),
        ("/v1/analyze", {"headline": None}, "headline"),
        ("/v1/analyze", {"headline": 42}, "headline"),
        ("/v1/analyze", {"headline": ["a"]}, "headline"),
        ("/v1/analyze", {"headline": "   "}, "headline"),
        ("/v1/analyze", {"headline": "x" * 1001}, "headline"),
        ("/v1/analyze", {"headline": "ok", "body": 3}, "body"),
        ("/v1/analyze", {"headline": "ok", "body": "b" * 1_000_001}, "body"),
        ("/v1/analyze", {"headline": "ok", "options": "title"}, "options"),
        ("/v1/analyze", {"headline": "ok", "options": {"case_style": "shouty"}}, None),
        ("/v1/analyze", {"headline": "ok", "colour": "red"}, "colour"),
        ("/v1/analyze", [1, 2], "$"),
        ("/v1/analyze", "just a string", "$"),
        ("/v1/analyze/batch", {}, "items"),
        ("/v1/analyze/batch", {"items": "a"}, "items"),
        ("/v1/analyze/batch", {"items": []}, "items"),
        ("/v1/compare", {"headlines": "a"}, "headlines"),
        ("/v1/compare", {"headlines": ["a", 5]}, "headlines[1]"),
        ("/v1/compare", {"headlines": ["a", ""]}, "headlines[1]"),
    ],
)
def test_invalid_fields_are_422(client, path, payload, field):
    body = assert_problem(client.post(path, json=payload), 422, field=field)
    assert body["type"].startswith("/problems/")
    if field is None:
        assert body["field"].startswith("options")


def test_lone_surrogate_is_422_not_500(client):
    doc = '{"headline": "bad \\ud800 text"}'
    assert_problem(post_raw(client, "/v1/analyze", doc), 422, field="headline")


def test_too_many_batch_items_is_422(client):
    assert_problem(
        client.post("/v1/analyze/batch", json={"items": ["x"] * 1001}),
        422,
        "/problems/batch-too-large",
        "items",
    )


def test_unknown_route_is_404(client):
    assert_problem(client.get("/v1/nope"), 404, "/problems/not-found")
    assert_problem(client.get("/nothing/here"), 404)


def test_wrong_method_is_405_with_allow(client):
    response = client.get("/v1/analyze")
    assert_problem(response, 405, "/problems/method-not-allowed")
    assert "POST" in response.headers["Allow"]
    assert_problem(client.delete("/v1/model"), 405)
    assert_problem(client.post("/healthz"), 405)


def test_unexpected_error_is_generic_500_without_internals(make_app, monkeypatch, capsys):
    app = make_app()

    def boom(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr("service.web.api.analyze", boom)
    response = app.test_client().post("/v1/analyze", json={"headline": "fine"})
    body = assert_problem(response, 500, "/problems/internal-error")
    assert "secret" not in json.dumps(body)
    assert "secret internal detail" in capsys.readouterr().err  # logged with its traceback


def test_settings_from_env_names_the_variable():
    with pytest.raises(ValueError, match="HEADLINE_MAX_BATCH"):
        Settings.from_env({"HEADLINE_MAX_BATCH": "lots"})
    with pytest.raises(ValueError, match="HEADLINE_API_KEY_HASHES"):
        Settings.from_env({"HEADLINE_API_KEY_HASHES": "not-a-hash"})
    with pytest.raises(ValueError, match="HEADLINE_RATE_LIMIT"):
        Settings.from_env({"HEADLINE_RATE_LIMIT": "fast"})
    with pytest.raises(ValueError, match="HEADLINE_LOG_LEVEL"):
        Settings.from_env({"HEADLINE_LOG_LEVEL": "chatty"})
    with pytest.raises(ValueError, match="HEADLINE_BIND"):
        parse_bind("localhost")  # gunicorn.conf.py's rule: gunicorn owns the bind, not the app's Settings


def test_settings_from_env_parses_everything(tmp_path):
    digest = "a" * 64
    settings = Settings.from_env(
        {
            "HEADLINE_MODEL_PATH": str(tmp_path / "m.joblib"),
            "HEADLINE_API_KEY_HASHES": f"{digest}, {'B' * 64}",
            "HEADLINE_RATE_LIMIT": "10/second;500 per hour",
            "RATELIMIT_STORAGE_URI": "redis://localhost:6379",
            "HEADLINE_CORS_ORIGINS": "https://a.example, https://b.example",
            "HEADLINE_MAX_REQUEST_BYTES": "1000",
            "HEADLINE_MAX_BATCH": "50",
            "HEADLINE_MAX_JSON_DEPTH": "8",
            "HEADLINE_LOG_LEVEL": "warning",
        }
    )
    assert settings.model_path == tmp_path / "m.joblib"
    assert settings.api_key_hashes == (digest, "b" * 64)
    assert settings.rate_limit == "10/second;500 per hour"
    assert settings.ratelimit_storage_uri == "redis://localhost:6379"
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert (settings.max_request_bytes, settings.max_batch_items, settings.max_json_depth) == (1000, 50, 8)
    assert settings.log_level == "WARNING"
    assert Settings.from_env({"HEADLINE_RATE_LIMIT": "off"}).rate_limit is None
    assert Settings.from_env({}) == Settings()


def test_missing_model_refuses_to_start(tmp_path):
    from service.exceptions import ModelIncompatible
    from service.web import create_app

    with pytest.raises(ModelIncompatible):
        create_app(Settings(model_path=tmp_path / "absent.joblib"))


def test_corrupt_model_refuses_to_start(tiny_model_path, tmp_path):
    import shutil

    from service.exceptions import ModelIncompatible
    from service.web import create_app

    for sibling in tiny_model_path.parent.iterdir():
        shutil.copy(sibling, tmp_path / sibling.name)
    copy = tmp_path / tiny_model_path.name
    copy.write_bytes(copy.read_bytes()[:-10] + b"0123456789")  # same size, wrong SHA-256
    with pytest.raises(ModelIncompatible):
        create_app(Settings(model_path=copy))


def test_body_timeout_from_env():
    assert Settings.from_env({}).body_timeout == 10
    assert Settings.from_env({"HEADLINE_BODY_TIMEOUT": "3"}).body_timeout == 3
    with pytest.raises(ValueError, match="HEADLINE_BODY_TIMEOUT"):
        Settings.from_env({"HEADLINE_BODY_TIMEOUT": "0"})
