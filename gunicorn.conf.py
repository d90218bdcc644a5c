"""gunicorn settings for Headline Inspector (``gunicorn -c gunicorn.conf.py 'service.web:create_app()'``).

Read by gunicorn before the app is imported, and by ``headline serve`` (which then lays its
``--bind``/``--workers`` flags over these values, without touching the environment). Only the
gunicorn-level variables are read here
(HEADLINE_BIND, HEADLINE_WORKERS, HEADLINE_THREADS, HEADLINE_TIMEOUT, HEADLINE_LOG_LEVEL); the
app reads the rest through ``Settings.from_env`` when ``create_app()`` runs.

- ``preload_app``: the model is loaded once, in the master, before workers fork (they share its
  memory copy-on-write), and a missing/corrupt/tampered model stops the server before it binds.
- With several workers, Prometheus metrics are aggregated across them through a private
  ``PROMETHEUS_MULTIPROC_DIR`` (``service/web/metrics_dir.py`` makes one unless one is given, once per
  master however often this file is re-read, and removes it when the master exits).
- ``post_worker_init``: the errors gunicorn answers itself, before the app (a malformed request line,
  a bad or too long header), get a JSON problem body like every other error
  (``service/web/gunicorn_errors.py``) instead of gunicorn's HTML page.
- ``on_reload`` (SIGHUP) rebuilds the app on the model now at the configured path, or keeps the
  running one and says so.
"""

import os

from service.web.config import parse_bind, parse_workers
from service.web.metrics_dir import ensure_metrics_dir

bind = [parse_bind(os.environ.get("HEADLINE_BIND", "").strip() or "127.0.0.1:8000")]
workers = parse_workers(os.environ.get("HEADLINE_WORKERS", "").strip() or "2")
threads = parse_workers(os.environ.get("HEADLINE_THREADS", "").strip() or "1", "HEADLINE_THREADS")
# sync by default, measured (issue 14, bench/bench_http.py, 2 workers, 8 clients, same 2-core machine):
# gthread with HEADLINE_THREADS=2 keeps connections alive: GET /healthz 1.4k -> 2.7-3.1k req/s, single
# analyze 310-660 -> 550-1,360 req/s, batch 2.1-2.8k -> 3.6-5.7k headlines/s (noisy, two runs each).
# It stays opt-in because a gthread worker's thread reading a request's headers has no deadline: a
# client trickling header bytes holds that thread for as long as it likes (the worker keeps its
# heartbeat, so HEADLINE_TIMEOUT never frees it), while a sync worker is replaced after HEADLINE_TIMEOUT.
# Behind a buffering reverse proxy (nginx), which absorbs slow clients, set HEADLINE_THREADS=2.
worker_class = "gthread" if threads > 1 else "sync"
timeout = parse_workers(os.environ.get("HEADLINE_TIMEOUT", "").strip() or "60", "HEADLINE_TIMEOUT")
graceful_timeout = 20
keepalive = 5
preload_app = True
wsgi_app = "service.web:create_app()"
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

ensure_metrics_dir()


def post_worker_init(worker):
    """Errors gunicorn answers before the app (malformed request line, bad headers) as problem+json;
    the model inherited from the master kept out of the garbage collector's sweeps (a worker never
    loads another: HUP replaces the workers)."""
    from service.model import freeze_after_load
    from service.web.gunicorn_errors import install

    install()
    freeze_after_load()


def child_exit(server, worker):
    """Drop a dead worker's live gauges from the aggregated metrics."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def _serving(app) -> str:
    try:
        return app.extensions["headline"]["model"].version
    except (AttributeError, KeyError, TypeError):
        return "the running model"


def on_reload(server):
    """HUP: build the app again in the master, so the new workers serve the model now at the path.

    With ``preload_app`` gunicorn keeps the app it built at start, and HUP alone would restart the
    workers on the *old* model. Point ``HEADLINE_MODEL_PATH`` at a folder (the newest card wins) or a
    symlink, put the new model there, then ``kill -HUP <master>``: old workers finish their requests,
    new ones answer with the new model, and every response names its model. If the new model cannot
    be loaded, the master keeps the old app and logs ``reload refused, still serving <version>: <why>``
    (the model is loaded here first, so ``create_app``'s start-up "cannot start" is not what is said).
    """
    running = getattr(server.app, "callable", None)
    if not server.cfg.preload_app or running is None:
        return
    from service.model import load_model
    from service.web import create_app
    from service.web.config import Settings

    try:
        # The settings the running app was built with (``headline serve --model`` included); read the
        # environment only for an app that does not carry them.
        settings = getattr(running, "extensions", {}).get("headline", {}).get("settings")
        settings = settings or Settings.from_env(os.environ)
        app = create_app(settings, model=load_model(settings.model_path))
    except Exception as exc:
        server.log.error("reload refused, still serving %s: %s", _serving(running), exc)
        return
    server.app.callable = app
    server.log.info("reload: now serving %s (was %s)", _serving(app), _serving(running))
