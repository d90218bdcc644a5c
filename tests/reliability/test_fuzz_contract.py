"""Contract fuzzing, bounded: valid and invalid requests for every operation of /openapi.json.

``tests/service/test_contract.py`` runs schemathesis' default parametrization; this adds an explicit
count per operation *and* per generation mode (positive = fits the schema, negative = violates it),
so invalid bodies reach every route. 0 responses may be 5xx and every response must match the
document (status, content type, headers, body); invalid data must be rejected. The full run
(>= 1,000 requests against the real gunicorn server) is ``bench/bench_fuzz.py``.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from bench.fuzzing import CHECKS, cases, load
from service.web.openapi import build_spec

EXAMPLES = 12  # per operation and mode: 10 cases x 12 = up to 120 requests, ~15 s on 2 cores

SCHEMA = load(build_spec(1000))
CASES = [pytest.param(op, mode, id=f"{op.method.upper()} {op.path} {mode}") for op, mode in cases(SCHEMA)]


@pytest.fixture(scope="module")
def fuzz_app(tiny_model, tiny_model_path):
    from service.web import create_app
    from service.web.config import Settings

    return create_app(Settings(model_path=tiny_model_path, rate_limit=None), model=tiny_model)


def test_every_route_is_in_the_fuzzed_document(fuzz_app):
    routes = {(op.method.upper(), op.path) for op, _ in cases(SCHEMA)}
    served = {
        (method, rule.rule)
        for rule in fuzz_app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
        if rule.endpoint != "static" and rule.rule not in ("/openapi.json", "/docs", "/")
    }
    assert served <= routes, served - routes


def test_batch_items_of_the_wrong_type_are_reported_per_item(fuzz_app):
    """What negative fuzzing found first: numbers as items get per-item 422 entries in a 200 answer."""
    response = fuzz_app.test_client().post("/v1/analyze/batch", json={"items": [5.6e24, 2.3e121]})
    data = response.get_json()
    assert response.status_code == 200 and data["error_count"] == 2
    assert [entry["status"] for entry in data["items"]] == [422, 422]


@pytest.mark.parametrize(("operation", "mode"), CASES)
def test_fuzzed_requests_never_5xx_and_match_the_schema(fuzz_app, operation, mode):
    seen = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(app=fuzz_app)
        seen.append(response.status_code)
        case.validate_response(response, checks=CHECKS)

    run()
    assert seen and max(seen) < 500
