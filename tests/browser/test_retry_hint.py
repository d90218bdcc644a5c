"""The page says "Try again in N s" only for 429 and 503 (issue 12, item 10).

It used to append the hint to any error whose response carried ``Retry-After``, so a 422 about an
over-long headline told the editor to wait 55 s, as if waiting could fix the headline.
"""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser


def _answer(page, status: int, detail: str, retry_after: str) -> None:
    problem = {"type": "/problems/x", "title": "x", "status": status, "detail": detail}
    page.route(
        "**/v1/analyze",
        lambda route: route.fulfill(
            status=status,
            content_type="application/problem+json",
            body=json.dumps(problem),
            headers={"Retry-After": retry_after},
        ),
    )


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        (422, "'headline' is 1200 characters; the limit is 1000."),
        (400, "'headline' is 1200 characters; the limit is 1000."),
        (429, "'headline' is 1200 characters; the limit is 1000. Try again in 55 s."),
        (503, "'headline' is 1200 characters; the limit is 1000. Try again in 55 s."),
    ],
)
def test_retry_hint_only_for_429_and_503(page, console, status, shown):
    _answer(page, status, "'headline' is 1200 characters; the limit is 1000.", "55")
    page.locator("#headline").fill("Council approves budget")
    error = page.locator("#headline-error")
    error.wait_for(state="visible")
    assert error.inner_text() == shown
    console.assert_clean(allow=(rf"status of {status}",))
