"""The API's rate limit: one budget (one or more limits) per client, counted in a ``limits`` storage.

``security.py`` decides *which* requests count and *whose* budget they spend (the key id, else the
client address); this module only counts. It replaced flask-limiter, whose general machinery
(per-endpoint and per-blueprint limit resolution, exemption scopes, meta limits, a context object
per request) cost about 60 µs of CPU per request to apply one application-wide budget
(issue 14, ``bench/bench_http_hooks.py``); counting with the ``limits`` library directly does
the same fixed-window count in a few microseconds.

Semantics kept from flask-limiter: limits are checked smallest window first and counting stops at
the first exhausted one; the limit reported in the ``RateLimit-*`` headers is the exhausted one, else
the smallest window; ``reset_at`` is the window's end rounded up to the next second. ``memory://``
storage is ``ratelimit_storage``'s (no thread per request); others (redis, memcached, ...) are
limits' own.
"""

from __future__ import annotations

import dataclasses
import time

from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import FixedWindowRateLimiter

from service.web.ratelimit_storage import storage_uri

__all__ = ["Count", "RateLimiter"]

SCOPE = "api"  # one budget for every protected path


@dataclasses.dataclass(frozen=True)
class Count:
    """The outcome of counting one request: the limit to report and whether it is exhausted."""

    limit: RateLimitItem
    client: str
    exhausted: bool


class RateLimiter:
    """Fixed-window counting of ``limits`` (``"600/minute"``, several joined by ``;``) in one storage."""

    def __init__(self, limits: str, uri: str) -> None:
        self.limits: list[RateLimitItem] = sorted(parse_many(limits))
        if not self.limits:
            raise ValueError(f"no rate limit in {limits!r}")
        storage = storage_from_string(storage_uri(uri))
        if not isinstance(storage, Storage):  # an async+... storage: this service counts synchronously
            raise ValueError(f"rate-limit storage {uri!r} is asynchronous; use its synchronous form")
        self.storage = storage
        self.strategy = FixedWindowRateLimiter(self.storage)

    def count(self, client: str) -> Count:
        """Count one request of ``client`` against each limit, smallest window first, up to the first exhausted.

        Raises whatever the storage raises (the caller lets the request through and says so).
        """
        for limit in self.limits:
            if not self.strategy.hit(limit, SCOPE, client):
                return Count(limit, client, exhausted=True)
        return Count(self.limits[0], client, exhausted=False)

    def window(self, count: Count) -> tuple[int, int, int]:
        """``(limit, remaining, reset_at)`` for the headers; ``reset_at`` in whole seconds since the epoch."""
        reset, remaining = self.strategy.get_window_stats(count.limit, SCOPE, count.client)
        return count.limit.amount, remaining, int(reset + 1)

    @staticmethod
    def retry_after(reset_at: int) -> int:
        """Seconds a client should wait before its budget refills (at least 1)."""
        return max(1, int(reset_at - time.time()))
