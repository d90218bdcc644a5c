"""The editor's page at ``/`` through the Flask test client: served, self-contained, CSP-clean, labelled."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from service.analysis import MAX_HEADLINE_CHARS
from service.web.api import MAX_COMPARE

# Any absolute or protocol-relative URL. The one allowed exception is the SVG namespace name in
# the favicon, an identifier that is never fetched.
EXTERNAL = re.compile(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}", re.IGNORECASE)
NAMESPACES = {"http://www.w3.org/2000/svg"}


class Page(HTMLParser):
    """Collects what the assertions need from the page's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.inline_scripts = 0
        self.style_attrs: list[str] = []
        self.style_tags = 0
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self._label_depth = 0
        self._in_template = 0
        self.body_data: dict[str, str | None] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.style_attrs.append(tag)
        if any(name.startswith("on") for name in a):
            self.style_attrs.append(f"{tag} event handler attribute")
        if tag == "template":
            self._in_template += 1
        if tag == "style":
            self.style_tags += 1
        if tag == "script":
            if a.get("src"):
                self.assets.append(a["src"])
            else:
                self.inline_scripts += 1
        if tag == "link" and a.get("href"):
            self.assets.append(a["href"])
        if tag == "body":
            self.body_data = {k: v for k, v in a.items() if k.startswith("data-")}
        if tag == "label":
            self._label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in {"input", "textarea", "select"} and not self._in_template:
            self.controls.append({**a, "_wrapped": "yes" if self._label_depth else None})

    def handle_endtag(self, tag):
        if tag == "label":
            self._label_depth -= 1
        if tag == "template":
            self._in_template -= 1


@pytest.fixture
def page(client):
    response = client.get("/")
    parser = Page()
    parser.feed(response.get_data(as_text=True))
    return response, parser


def test_index_is_served_as_html_with_the_csp(page):
    response, _ = page
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    html = response.get_data(as_text=True)
    assert "<h1>Headline Inspector</h1>" in html
    assert 'href="/docs"' in html


def test_index_endpoint_is_web_index(app):
    with app.test_request_context():
        from flask import url_for

        assert url_for("web.index") == "/"


def test_no_inline_script_or_style(page):
    _, parsed = page
    assert parsed.inline_scripts == 0
    assert parsed.style_tags == 0
    assert parsed.style_attrs == []


IMPORT = re.compile(r"""^import\s[^;]*?\sfrom\s+["'](\./[\w.-]+\.js)["'];""", re.MULTILINE)


def _scripts(client, parsed) -> dict[str, str]:
    """Every script the page runs: its script tags and, from there, each ES module they import."""
    todo = [a for a in parsed.assets if a.endswith(".js")]
    texts: dict[str, str] = {}
    while todo:
        url = todo.pop()
        if url in texts:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.mimetype in {"text/javascript", "application/javascript"}, url  # else refused
        texts[url] = response.get_data(as_text=True)
        response.close()
        todo += [url.rsplit("/", 1)[0] + "/" + name[2:] for name in IMPORT.findall(texts[url])]
    return texts


def test_the_page_script_is_an_es_module_split_by_job(client, page):
    _, parsed = page
    scripts = _scripts(client, parsed)
    assert "/static/app.js" in scripts and "/static/wording.js" in scripts
    assert {"/static/api.js", "/static/compare.js", "/static/analyze.js"} <= set(scripts), sorted(scripts)


def test_script_builds_the_dom_without_html_strings(client, page):
    _, parsed = page
    for url, script in _scripts(client, parsed).items():
        for risky in (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
        ):
            assert risky not in script, (url, risky)


def test_every_asset_is_served_by_the_app(client, page):
    _, parsed = page
    assert {"/static/app.js", "/static/app.css"} <= set(parsed.assets)
    for asset in parsed.assets:
        assert asset.startswith("/static/"), asset
        response = client.get(asset)
        assert response.status_code == 200, asset
        response.close()


def test_no_external_urls_in_the_page_or_its_static_files(client, page):
    response, parsed = page
    texts = {"/": response.get_data(as_text=True), **_scripts(client, parsed)}
    for asset in parsed.assets:
        asset_response = client.get(asset)
        texts[asset] = asset_response.get_data(as_text=True)
        asset_response.close()
    for name, text in texts.items():
        found = [m for m in EXTERNAL.findall(text) if not any(ns.startswith(m) for ns in NAMESPACES)]
        assert found == [], f"{name} refers to {found}"
        assert "@import" not in text and "url(" not in text, name


def test_every_form_control_has_a_label(page):
    _, parsed = page
    assert parsed.controls, "the page should have form controls"
    for control in parsed.controls:
        labelled = control.get("id") in parsed.label_for or control["_wrapped"] or control.get("aria-label")
        assert labelled, f"unlabelled control: {control}"


def test_page_reads_its_endpoints_and_limits_from_the_server(page):
    _, parsed = page
    data = parsed.body_data
    assert data["data-analyze-url"] == "/v1/analyze"
    assert data["data-compare-url"] == "/v1/compare"
    assert data["data-max-headline"] == str(MAX_HEADLINE_CHARS)
    assert data["data-max-compare"] == str(MAX_COMPARE)


def test_model_version_is_shown(client, tiny_model):
    assert tiny_model.version in client.get("/").get_data(as_text=True)
