"""Request ids, the one-line JSON access log, Prometheus metrics and the health probes.

``init_app(app)`` registers, in this order, a ``before_request`` hook (request id, start time),
an ``after_request`` hook (``X-Request-ID``, metrics, one JSON log line) and the routes
``/healthz``, ``/readyz`` and ``/metrics``. Metrics live in a per-app registry, so several apps
(tests) never collide; under gunicorn with several workers ``PROMETHEUS_MULTIPROC_DIR`` is set by
``gunicorn.conf.py`` and ``/metrics`` aggregates every worker. The access log never contains the
``Authorization`` header, request bodies or headlines.

Every label value is chosen by the server, never by the client, so no request can add a series:
``route`` is the matched URL rule (``<unmatched>`` otherwise), ``method`` one of ``KNOWN_METHODS``
(``other`` for any invented one), ``status`` the code the app answered. ``headline_model_info`` is
not stored in the multiprocess files: each process reports the model *its* app serves when
scraped, so after a hot swap (SIGHUP) the old generation's model is gone with its workers.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from typing import Any

from flask import Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

__all__ = ["KNOWN_METHODS", "JsonFormatter", "configure_logging", "init_app"]

# The methods that get their own ``method`` label (RFC 9110 and PATCH); any other is "other".
KNOWN_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE")

ACCESS_LOGGER = "service.access"
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_BUCKETS = (0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and any ``extra={"fields": {...}}``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at emit time (pytest swaps it per test)."""

    def __init__(self) -> None:
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure_logging(level: str) -> None:
    """Send the ``service`` loggers to stderr as JSON lines (called by ``create_app`` only)."""
    logger = logging.getLogger("service")
    logger.setLevel(level)
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(JsonFormatter())
        logger.addHandler(handler)
        logger.propagate = False


class _ModelInfo(Collector):
    """``headline_model_info{version}`` for the model this process's app serves right now."""

    def __init__(self, state: dict[str, Any]):
        self.state = state

    def collect(self):
        family = GaugeMetricFamily(
            "headline_model_info", "The loaded model (value 1, version in the label).", labels=["version"]
        )
        model = self.state.get("model")
        if model is not None:
            family.add_metric([model.version], 1)
        yield family


class _Metrics:
    def __init__(self, multiproc_dir: str | None, state: dict[str, Any]):
        self.multiproc_dir = multiproc_dir
        self.model_info = _ModelInfo(state)
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "headline_http_requests_total",
            "HTTP requests by route, method and status.",
            ["route", "method", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "headline_http_request_duration_seconds",
            "HTTP request latency by route and method.",
            ["route", "method"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.items = Counter(
            "headline_analyzed_headlines_total",
            "Headlines analysed, by route.",
            ["route"],
            registry=self.registry,
        )
        self.registry.register(self.model_info)
        # Label values -> the children to update. Every label value is chosen by the server (see the
        # module docstring), so these stay as small as the set of series.
        self._series: dict[tuple[str, str, int], tuple[Any, Any]] = {}
        self._items: dict[str, Any] = {}

    def observe(self, route: str, method: str, status: int, elapsed: float, items: int | None) -> None:
        """Count one request and its latency (and its headlines) under its labels.

        prometheus-client's ``labels()`` validates and looks its child up under a lock on every call;
        the children of a label set never change, so they are looked up once per label set.
        """
        key = (route, _method_label(method), status)
        series = self._series.get(key)
        if series is None:
            series = (self.requests.labels(route, key[1], str(status)), self.latency.labels(route, key[1]))
            self._series[key] = series
        series[0].inc()
        series[1].observe(elapsed)
        if items:
            counter = self._items.get(route)
            if counter is None:
                counter = self._items[route] = self.items.labels(route)
            counter.inc(items)

    def render(self) -> bytes:
        if self.multiproc_dir:
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry, path=self.multiproc_dir)
            registry.register(self.model_info)
            return generate_latest(registry)
        return generate_latest(self.registry)


def _method_label(method: str) -> str:
    """The request method when it is a standard one, else ``other`` (a client may invent any)."""
    return method if method in KNOWN_METHODS else "other"


def _new_request_id() -> str:
    """32 random hex digits (as ``uuid4().hex`` was, at a third of its cost)."""
    return os.urandom(16).hex()


def _before() -> None:
    incoming = request.environ.get("HTTP_X_REQUEST_ID", "")
    g.request_id = incoming if incoming and _REQUEST_ID.match(incoming) else _new_request_id()
    g.started = time.perf_counter()


_ACCESS = logging.getLogger(ACCESS_LOGGER)


def _after(response: Response) -> Response:
    """``X-Request-ID``, the metrics and the access-log line; each proxy (request, g) is resolved once."""
    req = request._get_current_object()  # type: ignore[attr-defined]
    ctx = g._get_current_object()
    state = current_app.extensions["headline"]
    started = getattr(ctx, "started", None)
    elapsed = time.perf_counter() - started if started is not None else 0.0
    rid = getattr(ctx, "request_id", None) or _new_request_id()
    response.headers["X-Request-ID"] = rid
    rule = req.url_rule
    route = rule.rule if rule is not None else "<unmatched>"
    status = response.status_code
    items = getattr(ctx, "item_count", None)
    state["metrics"].observe(route, req.method, status, elapsed, items)
    if state["settings"].access_log and _ACCESS.isEnabledFor(logging.INFO):
        model = state.get("model")
        _ACCESS.info(
            "request",
            extra={
                "fields": {
                    "request_id": rid,
                    "method": req.method,
                    "route": route,
                    "path": req.path,
                    "status": status,
                    "latency_ms": round(elapsed * 1000, 3),
                    "model_version": getattr(model, "version", None),
                    "items": items,
                    "key": getattr(ctx, "client_key_id", None),
                }
            },
        )
    return response


def healthz():
    """Liveness: the process answers."""
    return {"status": "ok"}


def readyz():
    """Readiness: 200 once the model is loaded, 503 before."""
    model = current_app.extensions["headline"].get("model")
    if model is None:
        return {"status": "loading", "model_version": None}, 503
    return {"status": "ready", "model_version": model.version}


def metrics():
    """Prometheus text exposition."""
    body = current_app.extensions["headline"]["metrics"].render()
    return Response(
        body, mimetype=CONTENT_TYPE_LATEST.split(";")[0], headers={"Content-Type": CONTENT_TYPE_LATEST}
    )


def init_app(app: Flask) -> None:
    """Register hooks, metrics and the ``/healthz``, ``/readyz``, ``/metrics`` routes."""
    state = app.extensions["headline"]
    settings = state["settings"]
    state["metrics"] = _Metrics(settings.prometheus_multiproc_dir, state)
    app.before_request(_before)
    app.after_request(_after)
    app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
    app.add_url_rule("/readyz", "readyz", readyz, methods=["GET"])
    app.add_url_rule("/metrics", "metrics", metrics, methods=["GET"])
