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
# gunicorn's control socket (for gunicornc) defaults to one path per user ($XDG_RUNTIME_DIR/gunicorn.ctl or
# ~/.gunicorn/gunicorn.ctl), shared by every instance on the host: stopping one deleted another's. The
# service is run with signals (HUP reloads the model, TERM stops), so it has no use for one: off.
control_socket_disable = True

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


def on_reload(server):
    """HUP: build the app again in the master, so the new workers serve the model now at the path.

    With ``preload_app`` gunicorn keeps the app it built at start, and HUP alone would restart the
    workers on the *old* model. Point ``HEADLINE_MODEL_PATH`` at a folder (the newest card wins) or a
    symlink, put the new model there, then ``kill -HUP <master>``: old workers finish their requests,
    new ones answer with the new model, and every response names its model. If the new model cannot
    be loaded, the master keeps the old app (and says so) instead of going down.
    """
    if not server.cfg.preload_app or not hasattr(server.app, "callable"):
        return
    previous = server.app.callable
    server.app.callable = None
    try:
        server.app.wsgi()
    except Exception as exc:
        server.app.callable = previous
        server.log.error("reload: keeping the running model; the new one could not be loaded: %s", exc)
