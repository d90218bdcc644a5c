"""/metrics: every label value is chosen by the server, never by a client (issue 12, items 8 and 11).

An unauthenticated client could once create a new series per invented HTTP method
(``XAAAAA /healthz``), which made /metrics megabytes long and seconds slow. These tests send many
invented methods, paths, headers and keys, and check that the set of series does not grow and that
nothing the client sent appears in the exposition.
"""

from __future__ import annotations

import re

from service.web.observability import KNOWN_METHODS
from service.web.security import hash_key

KEY = "metrics-test-key"
_LABELS = re.compile(r'(\w+)="([^"]*)"')


def _series(client) -> set[str]:
    """Every sample line's name and labels (values dropped)."""
    text = client.get("/metrics").get_data(as_text=True)
    return {line.rsplit(" ", 1)[0] for line in text.splitlines() if line and not line.startswith("#")}


def _hostile_round(client, i: int) -> None:
    """One of each kind of request a client controls: method, path, query, headers, key."""
    headers = {"User-Agent": f"agent-{i}", "X-Request-ID": f"rid-{i}", "Authorization": f"Bearer guess-{i}"}
    client.open("/healthz", method=f"X{i}AAAA", headers=headers)
    client.open(f"/v1/no-such-{i}", method="GET", headers=headers)
    client.open(f"/nowhere/{i}", method=f"Q{i}Z", headers=headers)
    client.open("/v1/model", method="HEAD", headers=headers)
    client.open("/v1/analyze", method="OPTIONS", headers=headers)
    client.open("/v1/analyze", method="PROPFIND", headers=headers)
    client.post(f"/v1/analyze?q={i}", json={"headline": f"h{i}"}, headers=headers)
    client.get(f"/healthz?x={i}", headers={"User-Agent": f"agent-{i}"})


def test_invented_methods_paths_and_headers_add_no_series(make_app):
    client = make_app(rate_limit=None, api_key_hashes=(hash_key(KEY),)).test_client()
    _hostile_round(client, 0)
    client.get("/metrics")  # the scrape counts itself: let its own series exist before the baseline
    baseline = _series(client)
    for i in range(1, 300):
        _hostile_round(client, i)
    after = _series(client)
    assert after == baseline, sorted(after - baseline)[:10]
    text = client.get("/metrics").get_data(as_text=True)
    for sent in ("X7AAAA", "Q7Z", "no-such-7", "nowhere", "agent-7", "rid-7", "guess-7", "PROPFIND", "q=7"):
        assert sent not in text
    methods = {value for line in after for name, value in _LABELS.findall(line) if name == "method"}
    assert methods <= set(KNOWN_METHODS) | {"other"}
    assert "other" in methods
    routes = {value for line in after for name, value in _LABELS.findall(line) if name == "route"}
    assert routes <= {rule.rule for rule in client.application.url_map.iter_rules()} | {"<unmatched>"}


def test_model_info_names_only_the_serving_model(app, client, tiny_model):
    client.get("/healthz")
    lines = [line for line in _series(client) if line.startswith("headline_model_info")]
    assert lines == [f'headline_model_info{{version="{tiny_model.version}"}}']
