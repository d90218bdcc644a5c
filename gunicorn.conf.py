"""gunicorn settings for Headline Inspector (``gunicorn -c gunicorn.conf.py 'service:create_app()'``).

Read by gunicorn before the app is imported, and by ``headline serve`` (which then overrides
``bind``/``workers`` from its flags). Only the gunicorn-level variables are read here
(HEADLINE_BIND, HEADLINE_WORKERS, HEADLINE_THREADS, HEADLINE_TIMEOUT, HEADLINE_LOG_LEVEL); the
app reads the rest through ``Settings.from_env`` when ``create_app()`` runs.

- ``preload_app``: the model is loaded once, in the master, before workers fork (they share its
  memory copy-on-write), and a missing/corrupt/tampered model stops the server before it binds.
- With several workers, Prometheus metrics are aggregated across them through a private
  ``PROMETHEUS_MULTIPROC_DIR`` (created here unless one is given, and removed on exit).
"""

import os
import shutil
import tempfile

from service.config import parse_bind, parse_workers

bind = [parse_bind(os.environ.get("HEADLINE_BIND", "").strip() or "127.0.0.1:8000")]
workers = parse_workers(os.environ.get("HEADLINE_WORKERS", "").strip() or "2")
threads = parse_workers(os.environ.get("HEADLINE_THREADS", "").strip() or "1", "HEADLINE_THREADS")
worker_class = "gthread" if threads > 1 else "sync"
timeout = parse_workers(os.environ.get("HEADLINE_TIMEOUT", "").strip() or "60", "HEADLINE_TIMEOUT")
graceful_timeout = 20
keepalive = 5
preload_app = True
wsgi_app = "service:create_app()"
loglevel = (os.environ.get("HEADLINE_LOG_LEVEL", "").strip() or "info").lower()
accesslog = None  # the app writes one structured JSON line per request instead
errorlog = "-"
proc_name = "headline-inspector"
# Request-line and header limits: well inside gunicorn's defaults, generous for an API.
limit_request_line = 8190
limit_request_fields = 100
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

_OWN_METRICS_DIR = None
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _OWN_METRICS_DIR = tempfile.mkdtemp(prefix="headline-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _OWN_METRICS_DIR


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the aggregated metrics."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the metrics directory this file created."""
    if _OWN_METRICS_DIR:
        shutil.rmtree(_OWN_METRICS_DIR, ignore_errors=True)
