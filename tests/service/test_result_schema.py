"""The served OpenAPI document and real results agree, key for key (issue 15).

Real analyses run through the app (the tiny model): headlines with and without a body, clickbait
and not, input that is not a headline, a headline a channel cuts, bodies the core cannot read,
explain on and off, a batch with bad items, a comparison. Every answer is validated against the
document's own schemas with ``additionalProperties: false`` on every object (so a key the schema
forgot fails), and every key the result schemas declare must turn up in some answer (so the schema
cannot promise a key the core never sends). The schemas are generated from
``service/analysis/result.py``; these tests are what keeps that file true.
"""

from __future__ import annotations

import copy
from typing import Any

import jsonschema_rs
import pytest

from service.analysis import result as result_module
from service.analysis.result import AnalysisResult, CompareResult
from service.web.typed_schema import component_schemas

CLICKBAIT = "You Won't Believe What This Dog Did Next!"
NEWS = "Council approves new tram line after late-night vote"
BODY = (
    "The city council voted on Tuesday to approve a new tram line. Construction starts next spring. "
    "Officials expect twenty thousand passengers a day, and the mayor said the route was final."
)
LONG = "Council approves the new northern tram line after a long late-night vote " * 2
NOT_A_HEADLINE = "<b>Council</b> approves budget"


def _closed(schema: Any) -> Any:
    """``schema`` with ``additionalProperties: false`` on every object that lists its properties."""
    if isinstance(schema, dict):
        out = {key: _closed(value) for key, value in schema.items()}
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    return schema


@pytest.fixture(scope="module")
def document(make_app_module) -> dict:
    return make_app_module.test_client().get("/openapi.json").get_json()


@pytest.fixture(scope="module")
def make_app_module(tiny_model, tiny_model_path):
    from service.web import create_app
    from service.web.config import Settings

    return create_app(Settings(model_path=tiny_model_path, rate_limit=None), model=tiny_model)


@pytest.fixture(scope="module")
def answers(make_app_module) -> list[tuple[str, dict]]:
    """(schema name, JSON answer) of real requests covering every shape the result can take."""
    client = make_app_module.test_client()
    out: list[tuple[str, dict]] = []

    def post(path: str, payload: dict, schema: str) -> None:
        response = client.post(path, json=payload)
        assert response.status_code == 200, response.get_data(as_text=True)
        out.append((schema, response.get_json()))

    for headline in (CLICKBAIT, NEWS, LONG, NOT_A_HEADLINE):
        for explain in (True, False):
            post("/v1/analyze", {"headline": headline, "explain": explain}, "AnalysisResult")
    for body in (BODY, "12345 67890 !!!", "Read more."):
        post("/v1/analyze", {"headline": CLICKBAIT, "body": body}, "AnalysisResult")
    post(
        "/v1/analyze/batch",
        {
            "items": [
                NEWS,
                {"headline": ""},
                {"headline": CLICKBAIT, "body": BODY},
                7,
                {"headline": "x" * 1001},
            ]
        },
        "BatchResponse",
    )
    post("/v1/compare", {"headlines": [CLICKBAIT, NEWS, LONG], "body": BODY}, "CompareResult")
    post("/v1/compare", {"headlines": [NEWS, CLICKBAIT], "explain": False}, "CompareResult")
    return out


def _validator(document: dict, name: str):
    root = {"$ref": f"#/components/schemas/{name}", "components": _closed(document["components"])}
    return jsonschema_rs.Draft202012Validator(root)


def test_every_real_answer_matches_the_served_schema_with_no_extra_key(document, answers) -> None:
    for name, answer in answers:
        errors = [f"{e.instance_path}: {e.message}" for e in _validator(document, name).iter_errors(answer)]
        assert not errors, f"{name}: {errors[:5]}"


def test_a_key_the_schema_does_not_declare_is_caught(document, answers) -> None:
    """The check above can fail: one extra key deep in a result, or a missing required one, is an error."""
    name, answer = next(a for a in answers if a[0] == "AnalysisResult" and "body" in a[1])
    extra = copy.deepcopy(answer)
    extra["body"]["spoiler"]["surprise"] = 1
    assert not _validator(document, name).is_valid(extra)
    missing = copy.deepcopy(answer)
    del missing["quality"]["band"]
    assert not _validator(document, name).is_valid(missing)


def _keys_seen(value: Any, name: str, seen: set[str], components: dict) -> None:
    """Record ``Class.key`` for every key of every object in ``value``, following the schema's $refs."""
    for key, item in value.items():
        seen.add(f"{name}.{key}")
        for ref in _refs(components[name]["properties"].get(key, {})):
            for element in item if isinstance(item, list) else [item]:
                _maybe(element, ref, seen, components)


def _maybe(value: Any, ref: str, seen: set[str], components: dict) -> None:
    """Walk ``value`` as ``ref`` when it has that shape (one of a union's shapes)."""
    closed = {"$ref": f"#/components/schemas/{ref}", "components": {"schemas": _closed(components)}}
    if isinstance(value, dict) and jsonschema_rs.Draft202012Validator(closed).is_valid(value):
        _keys_seen(value, ref, seen, components)


def _refs(schema: dict) -> list[str]:
    found = []
    for candidate in (schema, schema.get("items", {}), *schema.get("anyOf", [])):
        ref = candidate.get("$ref", "")
        if ref:
            found.append(ref.rsplit("/", 1)[-1])
    return found


def test_every_key_the_result_schemas_declare_occurs_in_a_real_answer(document, answers) -> None:
    components = document["components"]["schemas"]
    declared = {
        f"{name}.{key}"
        for name in component_schemas(AnalysisResult, CompareResult)
        for key in components[name]["properties"]
    }
    seen: set[str] = set()
    for name, answer in answers:
        if name == "BatchResponse":
            for entry in answer["items"]:
                if "result" in entry:
                    _maybe(entry["result"], "AnalysisResult", seen, components)
        else:
            _maybe(answer, name, seen, components)
    assert sorted(declared - seen) == []


def test_the_served_schemas_are_the_typed_results(document) -> None:
    """The document holds exactly the generated schemas, and a key is required exactly when the
    type does not mark it ``NotRequired``."""
    components = document["components"]["schemas"]
    classes = {
        name: cls
        for name, cls in vars(result_module).items()
        if isinstance(cls, type) and hasattr(cls, "__required_keys__")
    }
    generated = component_schemas(AnalysisResult, CompareResult)
    assert set(generated) <= set(classes)
    for name, schema in generated.items():
        assert components[name] == schema, name
        assert set(schema["required"]) == set(classes[name].__required_keys__), name
        assert set(schema["properties"]) == set(classes[name].__annotations__), name


def test_batch_errors_keep_the_problem_shape_and_their_own_index(make_app_module) -> None:
    """The core's one error shape becomes the same problem entry the API always answered."""
    response = make_app_module.test_client().post(
        "/v1/analyze/batch",
        json={"items": [NEWS, 7, {"headline": " \x00 "}, {"headline": NEWS, "x": 1}, " "]},
    )
    items = response.get_json()["items"]
    assert [entry["status"] for entry in items] == [200, 422, 422, 422, 422]
    assert items[1]["error"] == {
        "type": "/problems/invalid-input",
        "title": "Invalid input",
        "status": 422,
        "detail": "'items[1]' must be an object or a string.",
        "field": "items[1]",
        "instance": "/v1/analyze/batch",
    } | ({"request_id": items[1]["error"]["request_id"]} if "request_id" in items[1]["error"] else {})
    assert items[2]["error"]["detail"] == "'items[2].headline' must not be empty."
    assert items[2]["error"]["field"] == "items[2].headline"
    assert items[3]["error"]["field"] == "items[3].x"
    # A bare string is the headline itself, so its error names the item, not a headline field.
    assert (items[4]["error"]["field"], items[4]["error"]["detail"]) == (
        "items[4]",
        "'items[4]' must not be empty.",
    )
