"""``headline serve``: run the HTTP service under gunicorn with the shipped (or configured) model.

The command reads ``gunicorn.conf.py`` (beside the package, when present: it reads the
gunicorn-level environment, 12-factor style), lays ``--bind`` and ``--workers`` over its settings,
builds the app once with ``create_app`` from the group's ``Settings`` (``--model`` replacing their
model path), so a missing, corrupt or tampered model is a clear one-line error and exit 1 before
anything binds, and hands that app to gunicorn's master, which forks the workers (the model is
shared, loaded once). The flags are passed as arguments, never written into ``os.environ``: a HUP
reload rebuilds the app from the settings it was built with (``gunicorn.conf.py``'s ``on_reload``).
"""

from __future__ import annotations

import dataclasses
import runpy
from pathlib import Path
from typing import Any

import click

from service.cli.context import CliContext, failing_step, pass_cli

__all__ = ["serve"]

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


def _bind(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from service.web.config import parse_bind

    if value is None:
        return None
    try:
        return parse_bind(value, "--bind")
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _json_errors(worker: Any) -> None:
    """gunicorn's own errors (malformed request line, bad headers) as problem+json, as gunicorn.conf.py does."""
    from service.web.gunicorn_errors import install

    install()


def _gunicorn_settings(conf: Path | None) -> dict[str, Any]:
    if conf is None or not conf.is_file():
        # An installed package has no gunicorn.conf.py: the same safe defaults (no shared control socket).
        return {
            "bind": ["127.0.0.1:8000"],
            "workers": 2,
            "preload_app": True,
            "accesslog": None,
            "control_socket_disable": True,
            "post_worker_init": _json_errors,
        }
    namespace = runpy.run_path(str(conf))
    return {k: v for k, v in namespace.items() if not k.startswith("_")}


def _run(app: Any, options: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return app

    Server().run()


@click.command()
@click.option(
    "--bind",
    "-b",
    metavar="HOST:PORT",
    callback=_bind,
    help="Address to listen on (overrides HEADLINE_BIND; default 127.0.0.1:8000).",
)
@click.option(
    "--workers",
    "-w",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes (overrides HEADLINE_WORKERS; default 2).",
)
@click.option(
    "--model",
    "model_path",
    type=click.Path(path_type=Path),
    help="Model card (.json), its .joblib file or a folder, newest wins (overrides HEADLINE_MODEL_PATH; "
    "default: the shipped model).",
)
@click.option(
    "--config",
    "conf",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="gunicorn config file (default: gunicorn.conf.py beside the package).",
)
@pass_cli
@click.pass_context
def serve(
    ctx: click.Context,
    cli: CliContext,
    bind: str | None,
    workers: int | None,
    model_path: Path | None,
    conf: Path | None,
) -> None:
    """Serve the HTTP API and docs (http://127.0.0.1:8000 by default) under gunicorn."""
    try:
        # Runs first: it may set PROMETHEUS_MULTIPROC_DIR, which must precede prometheus-client.
        options = _gunicorn_settings(conf or GUNICORN_CONF)
    except ValueError as exc:  # a config file is code: whatever it refuses, say it in one line
        raise click.ClickException(str(exc)) from None
    if bind is not None:
        options["bind"] = [bind]
    if workers is not None:
        options["workers"] = workers

    from service.web import create_app

    failing_step(ctx, "cannot start")
    settings = cli.settings
    if model_path is not None:
        settings = dataclasses.replace(settings, model_path=model_path)
    app = create_app(settings)
    from service._version import __version__
    from service.model_card import card_label

    options.pop("wsgi_app", None)
    click.echo(
        f"headline-inspector {__version__}, model {card_label(app.extensions['headline']['model'].card)}, "
        f"on http://{options['bind'][0]} ({options['workers']} workers)",
        err=True,
    )
    _run(app, options)
