"""Blueprint ``web``: the editor's page at ``/``.

The view only renders ``templates/index.html`` with the limits the API enforces and the model
version; everything else happens in the browser (``static/app.js`` calls ``/v1/analyze`` and
``/v1/compare`` on the same origin). No inline script or style, no third-party asset: the page
works offline under the CSP set in ``service/web/security.py``. Imports flask and the limits from the
analysis core and the API module; never ``training``.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from service.analysis import MAX_BODY_CHARS, MAX_HEADLINE_CHARS
from service.web.api import MAX_COMPARE, MIN_COMPARE

__all__ = ["bp"]

bp = Blueprint("web", __name__)


@bp.get("/")
def index():
    """The editor's page: score a headline as you type, preview it, compare variants."""
    model = current_app.extensions["headline"].get("model")
    return render_template(
        "index.html",
        model_version=getattr(model, "version", None),
        max_headline=MAX_HEADLINE_CHARS,
        max_body=MAX_BODY_CHARS,
        min_compare=MIN_COMPARE,
        max_compare=MAX_COMPARE,
    )
