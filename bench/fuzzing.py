"""Shared by ``bench/bench_fuzz.py`` and the tests (``test_fuzz_contract.py``, ``test_contract.py``): the
checks and the fuzzed cases.

Every operation of the OpenAPI document is fuzzed in both generation modes; the checks are
schemathesis' conformance checks plus "invalid data is rejected", adapted to two documented behaviours:
413 is a rejection (every POST documents it), and the batch endpoint answers 200 with a per-item
problem entry for an item it cannot score (``error_count`` > 0), by design.
"""

from __future__ import annotations

import schemathesis
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config._checks import NegativeDataRejectionConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

__all__ = ["CHECKS", "CONFORMANCE_CHECKS", "cases", "load"]


@schemathesis.check
def invalid_data_rejected(ctx, response, case):
    """``negative_data_rejection``, except a batch whose bad items got their own error entries."""
    if case.operation.path == "/v1/analyze/batch" and response.status_code == 200:
        body = response.json()
        if body.get("error_count"):
            return True
    return negative_data_rejection(ctx, response, case)


# No 5xx and every answer as documented: also what the example-based contract test checks.
CONFORMANCE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
CHECKS = [*CONFORMANCE_CHECKS, invalid_data_rejected]


def load(document: dict):
    """A schemathesis schema of ``document`` with 413 counted as a rejection of invalid data."""
    schema = schemathesis.openapi.from_dict(document)
    schema.config.checks.negative_data_rejection = NegativeDataRejectionConfig(
        expected_statuses=[*NegativeDataRejectionConfig().expected_statuses, "413"]
    )
    return schema


def cases(schema) -> list[tuple[object, GenerationMode]]:
    """(operation, mode) for every operation; negative only where there is something to make invalid."""
    out = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if (
                mode == GenerationMode.NEGATIVE
                and not len(operation.body)
                and not any(True for _ in operation.iter_parameters())
            ):
                continue
            out.append((operation, mode))
    return out
