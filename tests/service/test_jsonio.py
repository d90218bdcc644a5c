"""orjson behind Flask's JSON: the same JSON values as the standard library, faster."""

from __future__ import annotations

import json

from service.jsonio import dumps_line
from service.web.json_provider import OrjsonProvider


def test_api_answers_are_encoded_by_orjson_with_the_same_values(app, client):
    assert isinstance(app.json, OrjsonProvider)
    response = client.post("/v1/analyze", json={"headline": "Café owner wins fight over “pavement” tables"})
    assert response.status_code == 200
    body = response.get_data()
    assert body.endswith(b"\n") and b"\\u" not in body  # UTF-8, not escapes: orjson wrote it
    result = json.loads(body)
    assert result["headline"] == "Café owner wins fight over “pavement” tables"
    assert json.loads(app.json.dumps(result)) == result


def test_provider_honours_sort_keys_and_falls_back_for_non_string_keys(app):
    with app.app_context():
        app.json.sort_keys = True
        assert app.json.dumps({"b": 1, "a": 2}) == '{"a":2,"b":1}'
        assert json.loads(app.json.response({1: "x"}).get_data()) == {"1": "x"}
        app.json.sort_keys = False
        assert app.json.dumps({"b": 1, "a": 2}) == '{"b":1,"a":2}'


def test_dumps_line_is_one_compact_utf8_line():
    line = dumps_line({"headline": "Zürich\nrent", "score": 0.5})
    assert "\n" not in line and "Zürich" in line
    assert json.loads(line) == {"headline": "Zürich\nrent", "score": 0.5}
