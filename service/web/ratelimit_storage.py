"""The in-process rate-limit storage (``memory://``) without a thread per 10 ms.

limits' ``MemoryStorage`` purges expired counters from a ``threading.Timer`` that it starts
again, 10 ms later, on the next counted request. At 1,000 requests/s per worker that is a new
thread every 10 ms in every worker; starting one waits for the GIL, and in-process it was about
half of all the hooks' cost per request (issue 14, bench/bench_http_hooks.py). A counter that is
read again is already expired on read (``MemoryStorage.get`` checks the expiry itself); the sweep
only frees counters nobody asks about any more (client addresses that went away). Here the same
sweep runs inline, at most once per ``SWEEP_EVERY`` seconds, on the request that finds it due:
the same counts, the same limits, memory still bounded, no threads.

``storage_uri("memory://")`` names this storage for ``ratelimit.RateLimiter``; any other URI (redis, memcached,
...) is returned unchanged.
"""

from __future__ import annotations

import time
from typing import Any

from limits.storage import MemoryStorage

__all__ = ["SCHEME", "SWEEP_EVERY", "SweptMemoryStorage", "storage_uri"]

SCHEME = "headline-memory"
SWEEP_EVERY = 1.0  # seconds between purges of counters nobody reads any more


class SweptMemoryStorage(MemoryStorage):
    """``MemoryStorage`` whose expiry sweep runs inline, once a second, instead of on a new thread."""

    STORAGE_SCHEME = [SCHEME]  # noqa: RUF012 (limits registers the class under these schemes)

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: Any) -> None:
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.next_sweep = time.monotonic() + SWEEP_EVERY

    # The base class calls this (name-mangled) method on every counted request to restart its
    # timer thread; tests/service/test_security.py checks no thread starts, so a rename upstream
    # is caught rather than silently bringing the threads back.
    def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now >= self.next_sweep:
            self.next_sweep = now + SWEEP_EVERY
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


def storage_uri(configured: str) -> str:
    """The URI to count in: ``memory://`` becomes this module's storage, others stay."""
    if configured.split("://", 1)[0].lower() == "memory":
        return f"{SCHEME}://"
    return configured
