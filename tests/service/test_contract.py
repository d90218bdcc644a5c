"""Contract test: schemathesis generates requests from /openapi.json; no 5xx, responses match the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from bench.fuzzing import CONFORMANCE_CHECKS as CHECKS
from service.web.openapi import build_spec

# The document the app serves at /openapi.json (checked below), loaded without an app so that
# parametrization happens at collection time; each case is then sent to the fixture's app (WSGI).
schema = schemathesis.openapi.from_dict(build_spec(1000))


@pytest.fixture
def contract_app(make_app):
    """The app under test (rate limit off: hypothesis sends many requests)."""
    return make_app(rate_limit=None)


def test_served_document_is_the_one_tested(contract_app):
    assert contract_app.test_client().get("/openapi.json").get_json() == build_spec(1000)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_honours_the_contract(case, contract_app):
    case.call_and_validate(app=contract_app, checks=CHECKS)
