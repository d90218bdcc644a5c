"""Routes of the HTTP service: happy paths, probes, metrics, docs, keys, limits, CORS, headers, logs."""

from __future__ import annotations

import json

import pytest

import service.web
from service.web import api, openapi
from service.web.security import hash_key

HEADLINE = "You won't believe what this council did next"


def test_package_exports():
    assert service.web.__all__ == ["create_app"]
    assert (api.MIN_COMPARE, api.MAX_COMPARE) == (openapi.MIN_COMPARE, openapi.MAX_COMPARE)


def test_analyze_returns_core_result(client, tiny_model):
    response = client.post("/v1/analyze", json={"headline": HEADLINE})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    result = response.get_json()
    assert result["headline"] == HEADLINE
    assert result["model_version"] == tiny_model.version
    for key in ("clickbait", "sensationalism", "readability", "quality"):
        assert key in result


def test_analyze_with_body_and_options(client):
    response = client.post(
        "/v1/analyze",
        json={
            "headline": HEADLINE,
            "body": "The council met on Tuesday.",
            "options": {"case_style": "title"},
        },
    )
    assert response.status_code == 200
    assert "body" in response.get_json()


def test_analyze_accepts_json_suffix_content_type(client):
    response = client.post(
        "/v1/analyze", data=json.dumps({"headline": HEADLINE}), content_type="application/vnd.api+json"
    )
    assert response.status_code == 200


def test_batch_answers_in_order_with_per_item_errors(client):
    items = [
        {"headline": "First headline here"},
        {"headline": ""},
        "Third headline as a string",
        {"headline": 7},
        {"headline": "x" * 1001},
        {"headline": "Sixth", "body": "Some body."},
    ]
    response = client.post("/v1/analyze/batch", json={"items": items})
    assert response.status_code == 200
    data = response.get_json()
    assert data["count"] == 6
    assert data["error_count"] == 3
    assert [entry["index"] for entry in data["items"]] == list(range(6))
    assert [entry["status"] for entry in data["items"]] == [200, 422, 200, 422, 422, 200]
    assert data["items"][0]["result"]["headline"] == "First headline here"
    assert data["items"][2]["result"]["headline"] == "Third headline as a string"
    assert data["items"][1]["error"]["field"] == "items[1].headline"
    assert data["items"][3]["error"]["field"] == "items[3].headline"
    assert data["items"][4]["error"]["type"] == "/problems/invalid-input"


def test_one_wording_for_every_invalid_item_whichever_layer_finds_it(client):
    """Issue 15: an empty item and one that is empty only once its control characters are
    cleaned (found by the HTTP check and by the core's) are told in the same words."""
    items = [{"headline": "   "}, {"headline": "\x00\x01\x02"}, {"headline": "Fine headline"}]
    data = client.post("/v1/analyze/batch", json={"items": items}).get_json()
    details = [entry.get("error", {}).get("detail") for entry in data["items"]]
    assert details[:2] == ["'items[0].headline' must not be empty.", "'items[1].headline' must not be empty."]
    assert details[2] is None


def test_batch_limit_is_configurable(make_app):
    client = make_app(max_batch_items=3).test_client()
    assert client.post("/v1/analyze/batch", json={"items": ["a b"] * 3}).status_code == 200
    response = client.post("/v1/analyze/batch", json={"items": ["a b"] * 4})
    assert response.status_code == 422
    assert response.get_json()["type"] == "/problems/batch-too-large"
    assert response.get_json()["field"] == "items"


def test_batch_default_limit_is_1000(client):
    assert client.post("/v1/analyze/batch", json={"items": ["a b"] * 1001}).status_code == 422


def test_compare_ranks_candidates(client):
    headlines = ["Council approves budget for 2025", "You won't believe the council's budget"]
    response = client.post("/v1/compare", json={"headlines": headlines})
    assert response.status_code == 200
    ranking = response.get_json()["ranking"]
    assert len(ranking) == 2


@pytest.mark.parametrize("count", [1, 11])
def test_compare_needs_2_to_10(client, count):
    response = client.post("/v1/compare", json={"headlines": ["A headline"] * count})
    assert response.status_code == 422
    assert response.get_json()["field"] == "headlines"


def test_explain_false_skips_signals_and_keeps_scores(client):
    """Batch and single callers can turn explanations off; the scores do not change."""
    explained = client.post("/v1/analyze/batch", json={"items": [HEADLINE]}).get_json()["items"][0]["result"]
    bare = client.post("/v1/analyze/batch", json={"items": [HEADLINE], "explain": False}).get_json()
    result = bare["items"][0]["result"]
    assert explained["clickbait"]["signals"]
    assert result["clickbait"]["signals"] == []
    assert result["clickbait"]["probability"] == explained["clickbait"]["probability"]
    assert result["quality"]["score"] == explained["quality"]["score"]
    single = client.post("/v1/analyze", json={"headline": HEADLINE, "explain": False}).get_json()
    assert single["clickbait"]["signals"] == []
    ranked = client.post(
        "/v1/compare", json={"headlines": [HEADLINE, "Council approves tram line"], "explain": False}
    ).get_json()
    assert all(r["result"]["clickbait"]["signals"] == [] for r in ranked["ranking"])


@pytest.mark.parametrize(
    "path,body",
    [
        ("/v1/analyze", {"headline": HEADLINE}),
        ("/v1/analyze/batch", {"items": [HEADLINE]}),
        ("/v1/compare", {"headlines": [HEADLINE, "Other headline here"]}),
    ],
)
def test_explain_must_be_a_boolean(client, path, body):
    response = client.post(path, json={**body, "explain": "no"})
    assert response.status_code == 422
    assert response.get_json()["field"] == "explain"


def test_model_card(client, tiny_model):
    response = client.get("/v1/model")
    assert response.status_code == 200
    assert response.get_json() == json.loads(json.dumps(tiny_model.card))


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_readyz_ready_and_loading(app, client, tiny_model):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json()["model_version"] == tiny_model.version
    app.extensions["headline"]["model"] = None
    assert client.get("/readyz").status_code == 503
    problem = client.post("/v1/analyze", json={"headline": HEADLINE})
    assert problem.status_code == 503
    assert problem.mimetype == "application/problem+json"


def test_metrics_count_routes_statuses_and_model_version(client, tiny_model):
    client.post("/v1/analyze", json={"headline": HEADLINE})
    client.post("/v1/analyze", json={})
    client.post("/v1/analyze/batch", json={"items": ["one two", "three four"]})
    text = client.get("/metrics").get_data(as_text=True)
    assert 'headline_http_requests_total{method="POST",route="/v1/analyze",status="200"} 1.0' in text
    assert 'headline_http_requests_total{method="POST",route="/v1/analyze",status="422"} 1.0' in text
    assert "headline_http_request_duration_seconds_bucket" in text
    assert f'headline_model_info{{version="{tiny_model.version}"}} 1.0' in text
    assert 'headline_analyzed_headlines_total{route="/v1/analyze/batch"} 2.0' in text


def test_openapi_document(client):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) >= {
        "/v1/analyze",
        "/v1/analyze/batch",
        "/v1/compare",
        "/v1/model",
        "/healthz",
        "/readyz",
        "/metrics",
    }
    assert spec["components"]["schemas"]["BatchRequest"]["properties"]["items"]["maxItems"] == 1000


def test_openapi_paths_match_the_url_map(app):
    routes = {
        (rule.rule, method.lower())
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    spec = openapi.build_spec(1000)
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    assert documented <= routes
    undocumented = {r for r in routes if r[0].startswith("/v1")} - documented
    assert not undocumented


def test_docs_page_renders_offline(client):
    response = client.get("/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "/v1/analyze/batch" in html and "Headline Inspector API" in html
    assert "http://" not in html and "https://" not in html  # nothing from a CDN
    assert "<script" not in html and "style=" not in html  # CSP: no inline code
    css = client.get("/static/docs.css")
    assert css.status_code == 200
    css.close()


def test_security_headers_on_every_response(client):
    for response in (client.get("/healthz"), client.get("/nope"), client.post("/v1/analyze", json={})):
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"]


def test_request_id_generated_and_echoed(client):
    generated = client.get("/healthz").headers["X-Request-ID"]
    assert len(generated) == 32
    echoed = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert echoed.headers["X-Request-ID"] == "abc-123"
    unsafe = client.get("/healthz", headers={"X-Request-ID": "bad id <script>" + "x" * 200})
    assert len(unsafe.headers["X-Request-ID"]) == 32


def test_one_json_log_line_per_request(client, capsys, tiny_model):
    client.post(
        "/v1/analyze/batch",
        json={"items": ["one two", "three"]},
        headers={"X-Request-ID": "req-42", "Authorization": "Bearer sekret"},
    )
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines() if line.startswith("{")]
    access = [line for line in lines if line["logger"] == "service.access"]
    assert len(access) == 1
    entry = access[0]
    assert entry["request_id"] == "req-42"
    assert entry["route"] == "/v1/analyze/batch"
    assert entry["status"] == 200
    assert entry["items"] == 2
    assert entry["model_version"] == tiny_model.version
    assert isinstance(entry["latency_ms"], float)


def test_access_log_never_contains_keys(make_app, capsys):
    key = "correct-horse-battery-staple"
    client = make_app(api_key_hashes=(hash_key(key),)).test_client()
    client.post("/v1/analyze", json={"headline": HEADLINE}, headers={"Authorization": f"Bearer {key}"})
    client.post("/v1/analyze", json={"headline": HEADLINE}, headers={"Authorization": "Bearer wrong-key"})
    err = capsys.readouterr().err
    assert key not in err and "wrong-key" not in err and hash_key(key) not in err


# --- API keys --------------------------------------------------------------------------------

KEY = "s3cret-key-for-tests"


@pytest.fixture
def keyed(make_app):
    return make_app(api_key_hashes=(hash_key("other-key"), hash_key(KEY))).test_client()


def test_keys_off_by_default(client):
    assert client.get("/v1/model").status_code == 200


@pytest.mark.parametrize("path", ["/v1/model"])
def test_missing_key_is_401(keyed, path):
    response = keyed.get(path)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["status"] == 401


def test_every_v1_route_needs_the_key(keyed):
    for method, path in [
        ("post", "/v1/analyze"),
        ("post", "/v1/analyze/batch"),
        ("post", "/v1/compare"),
        ("get", "/v1/model"),
    ]:
        assert getattr(keyed, method)(path, json={}).status_code == 401


def test_wrong_key_is_403(keyed):
    response = keyed.get("/v1/model", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 403
    assert response.mimetype == "application/problem+json"


def test_right_key_is_accepted(keyed):
    response = keyed.post(
        "/v1/analyze", json={"headline": HEADLINE}, headers={"Authorization": f"Bearer {KEY}"}
    )
    assert response.status_code == 200


def test_probes_need_no_key(keyed):
    for path in ("/healthz", "/readyz", "/metrics", "/openapi.json", "/docs"):
        assert keyed.get(path).status_code == 200


# --- rate limits -----------------------------------------------------------------------------


def test_rate_limit_429_with_retry_after_per_key(make_app):
    other = "another-key"
    client = make_app(api_key_hashes=(hash_key(KEY), hash_key(other)), rate_limit="2/minute").test_client()
    auth = {"Authorization": f"Bearer {KEY}"}
    assert client.get("/v1/model", headers=auth).status_code == 200
    assert client.get("/v1/model", headers=auth).status_code == 200
    limited = client.get("/v1/model", headers=auth)
    assert limited.status_code == 429
    assert limited.mimetype == "application/problem+json"
    assert int(limited.headers["Retry-After"]) > 0
    assert limited.get_json()["type"] == "/problems/rate-limited"
    # Another key has its own budget; probes are never limited.
    assert client.get("/v1/model", headers={"Authorization": f"Bearer {other}"}).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_rate_limit_by_address_without_keys(make_app):
    client = make_app(rate_limit="1/minute").test_client()
    assert client.get("/v1/model").status_code == 200
    assert client.get("/v1/model").status_code == 429


def test_rate_limit_off(make_app):
    client = make_app(rate_limit=None).test_client()
    assert all(client.get("/v1/model").status_code == 200 for _ in range(5))


# --- CORS --------------------------------------------------------------------------------------


def test_cors_allow_list(make_app):
    client = make_app(cors_origins=("https://newsroom.example",)).test_client()
    allowed = client.post(
        "/v1/analyze", json={"headline": HEADLINE}, headers={"Origin": "https://newsroom.example"}
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://newsroom.example"
    assert "X-Request-ID" in allowed.headers["Access-Control-Expose-Headers"]
    denied = client.post(
        "/v1/analyze", json={"headline": HEADLINE}, headers={"Origin": "https://evil.example"}
    )
    assert "Access-Control-Allow-Origin" not in denied.headers


def test_cors_preflight_passes_with_keys_on(make_app):
    client = make_app(
        cors_origins=("https://newsroom.example",), api_key_hashes=(hash_key(KEY),)
    ).test_client()
    response = client.options(
        "/v1/analyze",
        headers={
            "Origin": "https://newsroom.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization, content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://newsroom.example"
    assert "authorization" in response.headers["Access-Control-Allow-Headers"].lower()


def test_no_cors_by_default(client):
    response = client.post(
        "/v1/analyze", json={"headline": HEADLINE}, headers={"Origin": "https://x.example"}
    )
    assert "Access-Control-Allow-Origin" not in response.headers
