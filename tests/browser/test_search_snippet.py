"""The search preview's description starts at the article's first prose paragraph, not at its contents.

A body pasted from a web page starts with a table of contents, headings and link bullets; the snippet
under the search title showed those ("Contents 1. Background ....."). It now starts with the prose.
"""

from __future__ import annotations

import pytest

from tests.browser.test_editor_page import score_with_body

pytestmark = pytest.mark.browser

HEADLINE = "Council approves new tram line"
PROSE = (
    "The city council voted on Tuesday to approve a new tram line across the river, "
    "after a debate that ran late into the evening."
)
MORE = "Construction starts next spring and officials expect twenty thousand passengers a day once it opens."
FURNITURE = [
    "Contents",
    "1. Background ..... 2",
    "2. What the council decided ..... 3",
    "LIVE UPDATES",
    "- Read more: https://example.com/trams",
]


def snippet(page) -> str:
    return page.locator("#preview-search .serp-snippet").inner_text()


def test_snippet_skips_contents_headings_and_links(page, console):
    body = "\n".join([*FURNITURE, PROSE, "What happens next", MORE])
    score_with_body(page, body, HEADLINE)
    text = snippet(page)
    assert text.startswith("The city council voted on Tuesday"), text
    # It reads on into the next prose paragraph, past the heading between them, cut at a word.
    assert "What happens next" not in text
    assert text.endswith(" …") and len(text) <= 157
    assert text[:-2] in f"{PROSE} {MORE}"
    assert page.locator("#preview-social [data-slot='snippet']").inner_text() == text
    console.assert_clean()


def test_a_body_without_prose_is_shown_as_it_is(page, console):
    score_with_body(page, "Contents\nBackground\nWhat the council decided", HEADLINE)
    assert snippet(page) == "Contents Background What the council decided"
    console.assert_clean()
