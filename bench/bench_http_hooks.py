"""What the web layer costs per request, in-process: no sockets, no gunicorn, no load generator.

    .venv/bin/python bench/bench_http_hooks.py                 # ~20 s, prints a table
    .venv/bin/python bench/bench_http_hooks.py --profile       # plus the top cProfile entries of one variant

The same prepared WSGI request is sent through ``app(environ, start_response)`` in a loop:

- ``full``: ``create_app`` with the ``headline serve`` defaults (access log on, rate limit on,
  metrics, request id, security headers), the real analysis core;
- ``constant core``: the same app with the core call replaced by a precomputed result, so what
  remains is Flask + our hooks + request parsing + JSON encoding;
- ``no hooks``: a Flask app with only the API blueprint, the JSON provider and the error handlers
  (no metrics, request id, limiter, security headers, access log), also with the constant core;
- ``hooks minus X``: the constant-core app with one hook group off, to name where the hooks' cost is.

``hooks = constant core - no hooks`` is the budget item 3 of issue 14 asks for. The rate limit is
set to a budget the loop never exhausts (the limiter's cost is the same whatever the number); the
access log goes to ``os.devnull``. ``bench/bench_http.py`` runs this first and prints it beside the
HTTP numbers.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

HEADLINE = "10 shocking secrets doctors don't want you to know"
UNLIMITED = "100000000/minute"  # the limiter runs its checks but this loop never meets a 429


def _start_response(status: str, headers: list, exc_info: Any = None) -> Callable:
    return lambda data: None


def _environ(path: str, payload: Any) -> tuple[dict[str, Any], bytes]:
    from werkzeug.test import EnvironBuilder

    builder = EnvironBuilder(
        path=path, method="POST", json=payload, environ_base={"REMOTE_ADDR": "127.0.0.1"}
    )
    try:
        environ = builder.get_environ()
    finally:
        builder.close()
    body = environ["wsgi.input"].read()
    return environ, body


def _call(app: Any, environ: dict[str, Any], body: bytes) -> bytes:
    env = dict(environ)
    env["wsgi.input"] = io.BytesIO(body)
    result = app(env, _start_response)
    try:
        return b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()


def time_per_call(app: Any, environ: dict[str, Any], body: bytes, seconds: float, rounds: int = 5) -> float:
    """Process CPU seconds per request: the lowest of ``rounds`` means over ``seconds`` of calls each.

    CPU time of this process (its threads included) rather than wall time, and the lowest round,
    because the machine is shared: other processes' load then moves the numbers least.
    """
    for _ in range(200):
        _call(app, environ, body)
    means = []
    for _ in range(rounds):
        n, start = 0, time.process_time()
        while (elapsed := time.process_time() - start) < seconds:
            for _ in range(20):
                _call(app, environ, body)
            n += 20
        means.append(elapsed / n)
    return min(means)


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """The access log writes to whatever ``sys.stderr`` is: send it to ``os.devnull`` while timing."""
    saved = sys.stderr
    with open(os.devnull, "w") as sink:
        sys.stderr = sink
        try:
            yield
        finally:
            sys.stderr = saved


@contextlib.contextmanager
def _constant_core(single: dict, batch: list[dict]) -> Iterator[None]:
    """Replace the analysis calls the API views make with precomputed results (same objects each time)."""
    from service.web import api

    saved = api.analyze, api.analyze_batch
    api.analyze = lambda *a, **k: single
    api.analyze_batch = lambda model, items, *a, **k: batch[: len(items)]
    try:
        yield
    finally:
        api.analyze, api.analyze_batch = saved


def _bare_app(settings: Any, model: Any) -> Any:
    """The API blueprint with the JSON provider and error handlers only: Flask's own floor."""
    from flask import Flask

    from service.web import api, errors
    from service.web.json_provider import OrjsonProvider

    app = Flask("bare")
    app.json = OrjsonProvider(app)
    app.json.sort_keys = False
    app.config.update(MAX_CONTENT_LENGTH=settings.max_request_bytes, PROPAGATE_EXCEPTIONS=False)
    app.extensions["headline"] = {"settings": settings, "model": model}
    errors.register_error_handlers(app)
    app.register_blueprint(api.bp)
    return app


def measure(
    model_path: str | None = None, seconds: float = 1.0, profile: str | None = None
) -> dict[str, Any]:
    """Microseconds per request of each variant (see the module docstring) for one headline and a batch of 100."""
    import dataclasses

    from bench_http import headlines

    from service.analysis import analyze, analyze_batch, warm_up
    from service.model import load_model
    from service.web import create_app
    from service.web.config import Settings

    model = load_model(model_path)
    warm_up(model)
    defaults = dataclasses.replace(Settings(), model_path=None, rate_limit=UNLIMITED)
    texts = headlines(100)
    single_result = analyze(model, HEADLINE)
    batch_result = analyze_batch(model, [{"headline": t, "body": None} for t in texts], explain=False)
    requests = {
        "single": _environ("/v1/analyze", {"headline": HEADLINE}),
        "batch100": _environ(
            "/v1/analyze/batch", {"items": [{"headline": t} for t in texts], "explain": False}
        ),
    }
    apps = {
        "full": create_app(defaults, model=model),
        "no access log": create_app(dataclasses.replace(defaults, access_log=False), model=model),
        "no rate limit": create_app(dataclasses.replace(defaults, rate_limit=None), model=model),
        "no hooks": _bare_app(defaults, model),
    }
    out: dict[str, Any] = {}
    with _quiet_stderr():
        for shape, (environ, body) in requests.items():
            assert b'"error"' not in _call(apps["full"], environ, body)[:200], "the request must succeed"
            us = {"full": time_per_call(apps["full"], environ, body, seconds) * 1e6}
            with _constant_core(single_result, batch_result):
                for name, app in apps.items():
                    key = "constant core" if name == "full" else f"constant core, {name}"
                    us[key] = time_per_call(app, environ, body, seconds) * 1e6
                if profile == shape:
                    _profile(apps["full"], environ, body)
            us["core (full - constant core)"] = us["full"] - us["constant core"]
            us["hooks (constant core - no hooks)"] = us["constant core"] - us["constant core, no hooks"]
            us["access log"] = us["constant core"] - us["constant core, no access log"]
            us["rate limit"] = us["constant core"] - us["constant core, no rate limit"]
            out[shape] = {k: round(v, 1) for k, v in us.items()}
    return out


def _profile(app: Any, environ: dict[str, Any], body: bytes, calls: int = 3000) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(calls):
        _call(app, environ, body)
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(30)
    print(text.getvalue(), file=sys.__stdout__)


def print_table(result: dict[str, Any]) -> None:
    for shape, rows in result.items():
        print(f"in-process, µs per request ({shape}):")
        for name, value in rows.items():
            print(f"  {name:<36} {value:>9.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="model path (default: the shipped model)")
    parser.add_argument("--seconds", type=float, default=1.0, help="CPU seconds per timing round (5 rounds)")
    parser.add_argument(
        "--profile", choices=["single", "batch100"], help="print cProfile of the constant-core app"
    )
    args = parser.parse_args(argv)
    print_table(measure(args.model, args.seconds, args.profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
