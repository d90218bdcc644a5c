"""Fixtures for the reliability tests: apps on the session's tiny model, and a real gunicorn on loopback.

The app fixtures mirror ``tests/service/conftest.py`` (fixtures do not cross sibling folders).
``model_copy`` copies the tiny model into a fresh folder that a test may damage or re-version.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from service.web import create_app
from service.web.config import Settings


@pytest.fixture(scope="session")
def tiny_model_path(tiny_model_dir) -> Path:
    """The tiny model's joblib file (its card sits beside it)."""
    return sorted(Path(tiny_model_dir).glob("*.joblib"))[0]


@pytest.fixture
def make_app(tiny_model, tiny_model_path):
    """Build an app with setting overrides, sharing the session's loaded tiny model."""

    def make(**overrides):
        settings = Settings(**{"model_path": tiny_model_path, "rate_limit": None, **overrides})
        return create_app(settings, model=tiny_model)

    return make


@pytest.fixture
def client(make_app):
    """A test client on an app without rate limits."""
    return make_app().test_client()
