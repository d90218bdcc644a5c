"""Headline Inspector's web service: ``create_app(settings=None)`` and nothing else at import time.

gunicorn serves the factory directly (``gunicorn -c gunicorn.conf.py 'service.web:create_app()'``).
The factory reads the environment only when no ``Settings`` are passed, loads the model once
(per process, or once in the gunicorn master with ``preload_app``) and refuses to build an app
when the model is missing, corrupt or fails its SHA-256 check. Flask and the service modules are
imported inside the factory so that ``gunicorn.conf.py`` can set ``PROMETHEUS_MULTIPROC_DIR``
before prometheus-client is first imported.
"""

from __future__ import annotations

import logging
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from service.web.config import Settings

__all__ = ["create_app"]

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, *, model: Any = None) -> Flask:
    """Build the Flask app.

    Parameters
    ----------
    settings : Settings, optional
        Defaults to ``Settings.from_env(os.environ)``.
    model : LoadedModel, optional
        An already loaded model (tests, the ``serve`` command's pre-check); otherwise the model at
        ``settings.model_path`` (or the shipped one) is loaded here.

    Returns
    -------
    flask.Flask

    Raises
    ------
    service.exceptions.ModelIncompatible
        When the model file is missing, corrupt or fails its SHA-256 check.
    ValueError
        When an environment variable cannot be parsed (the message names it).
    """
    from flask import Flask

    from service.web import api, errors, observability, openapi, page, security
    from service.web.config import Settings

    if settings is None:
        settings = Settings.from_env(os.environ)

    from service.web.json_provider import OrjsonProvider

    app = Flask(__name__)
    app.json = OrjsonProvider(app)  # results are encoded about ten times faster than by the stdlib
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_request_bytes,
        DEBUG=False,
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    app.json.sort_keys = False  # keep the core's key order; faster too
    app.extensions["headline"] = {"settings": settings, "model": None}

    observability.configure_logging(settings.log_level)
    errors.register_error_handlers(app)
    observability.init_app(app)  # first: its before_request stamps the request id for every later hook
    security.init_app(app)
    app.register_blueprint(api.bp)
    security.protect_blueprint(app, api.bp)
    openapi.init_app(app)
    app.register_blueprint(page.bp)  # the editor page

    if model is None:
        from service.model import load_model

        try:
            model = load_model(settings.model_path)
        except Exception as exc:
            where = settings.model_path or "the shipped location"
            log.critical("cannot start: the model at %s could not be loaded: %s", where, exc)
            raise
        _warm_caches(app, model)
    app.extensions["headline"]["model"] = model
    log.info("model %s loaded", model.version)
    return app


def _warm_caches(app, model) -> None:
    """Warm the model and the page before the first request (issue 13.8: the first score took 1.6 s).

    Runs in gunicorn's master under ``preload_app``: the forked workers share the result instead of
    each one paying for it on its first request, and again whenever gunicorn replaces a worker.
    """
    from service.analysis import warm_up

    warm_up(model)
    for name in app.jinja_env.list_templates():  # compile the page's templates now, not on first view
        app.jinja_env.get_template(name)
