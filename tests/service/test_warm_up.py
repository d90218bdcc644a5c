"""Issue 13.8: the server warms the model before the first request, so that request is as fast as the rest."""

from __future__ import annotations

from service.web import create_app
from service.web.config import Settings


def test_create_app_warms_every_first_use_path(tiny_model_dir) -> None:
    app = create_app(Settings(model_path=tiny_model_dir))
    model = app.extensions["headline"]["model"]
    from service.analysis.signals import _LAYOUTS

    assert model.clickbait in _LAYOUTS  # the signals' feature layout is built
    assert not any(
        key.startswith("_signals") for key in model.clickbait.__dict__
    )  # and never pickled with it
    assert model.consistency._value is not None and not model.consistency._data  # the stance model is loaded
    assert app.jinja_env.cache and len(app.jinja_env.cache) >= len(app.jinja_env.list_templates())


def test_warm_up_scores_nothing_a_caller_sees(tiny_model) -> None:
    from service.analysis import analyze, warm_up

    before = analyze(tiny_model, "Council approves new tram line")
    warm_up(tiny_model)
    assert analyze(tiny_model, "Council approves new tram line") == before
