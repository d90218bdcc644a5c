"""Fixtures for the editor page in a real browser: the live service on loopback and Chromium via Playwright.

The service is the real app (``create_app`` with the tiny model) behind werkzeug's threaded server on
a free ``127.0.0.1`` port. Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright's sync API;
no browser is ever downloaded. Every test gets a fresh context and page, a record of console errors
and uncaught exceptions, and a screenshot in ``artifacts/screenshots/`` when it ends (pass or fail).
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

if not CHROMIUM.exists():
    pytest.skip(
        f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium); it is absent here",
        allow_module_level=True,
    )
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="browser tests need the playwright package (pip install -e '.[dev]')"
)


@contextlib.contextmanager
def serve(app) -> Iterator[str]:
    """Run ``app`` on a free loopback port in a thread; yield its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="editor-page-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def build_app(tiny_model, tiny_model_dir, **overrides):
    """The real app on the tiny model, quiet logs, warmed as a server warms it (the page shows timings)."""
    from service.analysis import warm_up
    from service.web import create_app
    from service.web.config import Settings

    warm_up(tiny_model)

    path = sorted(Path(tiny_model_dir).glob("*.joblib"))[0]
    settings = Settings(model_path=path, access_log=False, log_level="WARNING", **overrides)
    return create_app(settings, model=tiny_model)


@pytest.fixture(scope="session")
def live_server(tiny_model, tiny_model_dir) -> Iterator[str]:
    """Base URL of the live service (session-wide)."""
    with serve(build_app(tiny_model, tiny_model_dir)) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, launched once per session."""
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


class Console:
    """Console errors and uncaught page exceptions seen during one test."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.checked = False

    def on_console(self, message) -> None:
        if message.type in ("error", "assert"):
            self.errors.append(message.text)

    def on_page_error(self, error) -> None:
        self.errors.append(f"uncaught: {error}")

    def assert_clean(self, allow: tuple[str, ...] = ()) -> None:
        """No console error, except browser network lines matching one of ``allow`` (regexes)."""
        self.checked = True
        left = [e for e in self.errors if not any(re.search(p, e) for p in allow)]
        assert not left, f"console errors: {left}"


@pytest.fixture
def viewport() -> dict[str, int]:
    """Desktop size; override in a test module or with ``@pytest.mark.parametrize``."""
    return {"width": 1280, "height": 900}


@pytest.fixture
def console() -> Console:
    """Collects console errors for the ``page`` fixture."""
    return Console()


@pytest.fixture
def page(browser, live_server, console, viewport, request):
    """A fresh page on the editor (already loaded), with console capture and a final screenshot."""
    context = browser.new_context(viewport=viewport, base_url=live_server, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", console.on_console)
    page.on("pageerror", console.on_page_error)
    page.goto("/")
    page.wait_for_load_state("load")
    try:
        yield page
    finally:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        with contextlib.suppress(Exception):  # a screenshot must never hide the test's own failure
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        context.close()
    if not console.checked:
        console.assert_clean()
