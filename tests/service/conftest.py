"""Fixtures for the HTTP service: settings, app factory, test client (built on the lead's tiny model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.web import create_app
from service.web.config import Settings


@pytest.fixture(scope="session")
def tiny_model_path(tiny_model_dir) -> Path:
    """The tiny model's joblib file (its card sits beside it)."""
    found = sorted(Path(tiny_model_dir).glob("*.joblib"))
    assert found, f"no .joblib in {tiny_model_dir}"
    return found[0]


@pytest.fixture
def settings(tiny_model_path) -> Settings:
    """Default settings pointing at the tiny model."""
    return Settings(model_path=tiny_model_path)


@pytest.fixture
def make_app(tiny_model, tiny_model_path):
    """Build an app with setting overrides, sharing the session's loaded tiny model."""

    def make(**overrides):
        settings = Settings(**{"model_path": tiny_model_path, **overrides})
        return create_app(settings, model=tiny_model)

    return make


@pytest.fixture
def app(make_app):
    """The app with default settings."""
    return make_app()


@pytest.fixture
def client(app):
    """A Flask test client."""
    return app.test_client()
