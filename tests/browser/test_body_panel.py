"""The editor's page at 1280 px: the layout while scrolling, and the article-body panel in an editor's words."""

from __future__ import annotations

import json

import pytest

from tests.browser.test_editor_page import HARD_SENTENCE, score_with_body, type_headline, wait_for_result

pytestmark = pytest.mark.browser

HEADLINE = "Council approves new tram line"
EASY = "The council met. It voted on the plan. The line opens next year. Tickets cost two pounds."
# Easy prose first, page furniture, then the one hard sentence far below the scroll box's first screen.
LONG_BODY = "\n\n".join(
    ["Contents", "1. Background", "2. What the council decided"]
    + [EASY] * 14
    + [
        "Institutional Reorganisation of Municipal Transportation Infrastructure",
        "- Further reading: Intergovernmental consultation (https://example.com/consultation)",
        HARD_SENTENCE,
        EASY,
    ]
)
CONTRADICTING_NOISE = "Officials did not deny that the budget was discussed."
LOGIT_LINE = "Logit sum of hand-set terms: headline alone 1.00 -> 1.00."


def boxes_overlap(a: dict, b: dict) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def test_headline_card_never_covers_the_compare_section_while_scrolling(page, console):
    score_with_body(page, LONG_BODY, HEADLINE)
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height > 2000  # long enough that the sticky card travels
    for y in range(0, height, 150):
        page.evaluate(f"window.scrollTo(0, {y})")
        editor = page.locator(".editor").bounding_box()
        compare = page.locator("#compare").bounding_box()
        assert not boxes_overlap(editor, compare), f"at scrollY={y}: editor {editor} covers compare {compare}"
    console.assert_clean()


def test_first_hard_sentence_is_scrolled_into_the_body_box(page, console):
    page.locator("#body").fill(LONG_BODY)
    type_headline(page, HEADLINE)
    wait_for_result(page, HEADLINE)
    marks = page.locator("#body-view mark.hard")
    marks.first.wait_for()
    # Only prose is marked: never the contents, the heading or the bullet of links.
    assert [m.split("grade")[0].strip() for m in marks.all_inner_texts()] == [HARD_SENTENCE]
    inside = page.evaluate("""() => {
      const box = document.getElementById('body-view').getBoundingClientRect();
      const mark = document.querySelector('#body-view mark.hard').getBoundingClientRect();
      return mark.top >= box.top && mark.bottom <= box.bottom && document.getElementById('body-view').scrollTop > 0;
    }""")
    assert inside
    console.assert_clean()


def test_body_panel_says_findings_in_words_with_honest_numbers(page, console):
    """Findings in words, 0.88 reads 88 % (never 100 %), no model internals, weak evidence hidden."""

    def doctor(route):
        response = route.fetch()
        data = response.json()
        data["clickbait"]["probability"] = 0.9988
        consistency = data["body"]["consistency"]
        consistency.update(
            label="discuss",
            probabilities={"agree": 0.05, "discuss": 0.88, "disagree": 0.03, "unrelated": 0.04},
            score=0.93,
        )
        start = data["body"]["readability"]["hardest_sentences"][0]["start"]
        consistency["contradicting"] = [
            {"text": CONTRADICTING_NOISE, "start": start, "end": start + 10, "score": 0.14}
        ]
        consistency["supporting"] = [
            {"text": HARD_SENTENCE, "start": start, "end": start + len(HARD_SENTENCE), "score": 0.61}
        ]
        consistency["evidence_min_similarity"] = 0.25
        data["body"]["article_clickbait"]["probability"] = 0.0004
        data["body"]["article_clickbait"]["explanation"] = LOGIT_LINE
        route.fulfill(response=response, body=json.dumps(data))

    page.route("**/v1/analyze", doctor)
    score_with_body(page, LONG_BODY, HEADLINE)
    panel = page.locator("#body-panel").inner_text()
    assert "the body discusses the claim without confirming it (88% confidence)" in panel.lower()
    assert "Logit" not in panel and "hand-set" not in panel
    assert CONTRADICTING_NOISE not in panel and "contradict" not in panel.lower()
    assert HARD_SENTENCE in page.locator("#consistency .evidence").inner_text()
    assert "similarity 0.25 or more" in page.locator("#evidence-note").inner_text()
    assert "<1% likely" in page.locator("#body-stats").inner_text()
    everything = page.locator("body").inner_text()
    assert "100%" not in everything and "100 %" not in everything and " 0%" not in everything
    assert page.locator("#clickbait-note").inner_text() == ">99% likely clickbait"
    console.assert_clean()
