"""The per-request hooks stay cheap without losing what they do (issue 14, item 3).

The costs themselves are measured by ``bench/bench_http_hooks.py``; these tests pin the behaviour
the cheaper hooks must keep: the in-process rate-limit storage starts no thread per request and
still forgets expired counters, and the cached metric series cannot be grown by a client.
"""

from __future__ import annotations

import threading
import time

from service.web import ratelimit_storage
from service.web.ratelimit_storage import SweptMemoryStorage


def test_memory_rate_limit_storage_starts_no_thread_per_request(make_app, monkeypatch):
    """limits' MemoryStorage started a new Timer thread on each counted request 10 ms after the last."""
    client = make_app(rate_limit="1000/minute").test_client()
    started: list[threading.Timer] = []

    class CountingTimer(threading.Timer):
        def start(self) -> None:
            started.append(self)
            super().start()

    monkeypatch.setattr(threading, "Timer", CountingTimer)
    for _ in range(6):
        assert client.get("/v1/model").status_code == 200
        time.sleep(0.02)  # longer than the old timer's 10 ms, so each request would have started one
    assert started == []


def test_memory_rate_limit_still_counts_per_client(make_app):
    client = make_app(rate_limit="3/minute").test_client()
    statuses = [client.get("/v1/model").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    other = client.get("/v1/model", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200


def test_expired_counters_of_silent_clients_are_swept(monkeypatch):
    storage = SweptMemoryStorage()
    storage.incr("gone", expiry=0.01)
    time.sleep(0.02)
    monkeypatch.setattr(ratelimit_storage, "SWEEP_EVERY", 0.0)
    storage.next_sweep = 0.0  # the sweep is due: the next counted request runs it
    storage.incr("active", expiry=60)
    assert "gone" not in storage.storage and "gone" not in storage.expirations
    assert storage.get("active") == 1


def test_other_storage_uris_are_left_alone():
    assert ratelimit_storage.storage_uri("memory://") == "headline-memory://"
    assert ratelimit_storage.storage_uri("redis://cache:6379/0") == "redis://cache:6379/0"


def test_invented_methods_do_not_grow_the_cached_series(app):
    client = app.test_client()
    for i in range(20):
        client.open("/healthz", method=f"INVENTED{i}")
    series = app.extensions["headline"]["metrics"]._series
    assert {method for _, method, _ in series} <= {"other", "GET", "HEAD"}


def test_the_presented_key_is_hashed_once_per_request(make_app, monkeypatch):
    """The limiter (whose budget?) and the key check (may it pass?) share one hash-and-compare."""
    from service.web import security

    client = make_app(api_key_hashes=(security.hash_key("k1"),), rate_limit="100/minute").test_client()
    calls = []
    real = security._match_key
    monkeypatch.setattr(security, "_match_key", lambda *a: calls.append(a) or real(*a))
    assert client.get("/v1/model", headers={"Authorization": "Bearer k1"}).status_code == 200
    assert len(calls) == 1


def test_several_limits_each_count_and_the_exhausted_one_is_reported(make_app):
    client = make_app(rate_limit="10/second;3/minute").test_client()
    responses = [client.get("/v1/model") for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[0].headers["RateLimit-Limit"] == "10"  # the smallest window while none is spent
    assert (
        responses[3].headers["RateLimit-Limit"] == "3" and responses[3].headers["RateLimit-Remaining"] == "0"
    )
    assert int(responses[3].headers["Retry-After"]) >= 1
