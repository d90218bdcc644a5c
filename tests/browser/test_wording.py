"""The page and the terminal say a result in the same words: wording.js against service/wording.py."""

from __future__ import annotations

import pytest

from service import wording

pytestmark = pytest.mark.browser

PROBABILITIES = [
    0.0,
    1e-9,
    0.004,
    0.0049,
    0.005,
    0.0051,
    0.08,
    0.085,
    0.125,
    0.145,
    0.285,
    0.5,
    0.615,
    0.88,
    0.994,
    0.9949,
    0.995,
    0.9988,
    1.0,
    -0.2,
    1.7,
    None,
    "0.5",
    float("nan"),
]
PROBABILITIES += [i / 1000 for i in range(0, 1001, 7)]
LABELS = ["agree", "discuss", "disagree", "unrelated", "other", None]
PROBABILITY_SETS = [
    {"agree": 0.05, "discuss": 0.88, "disagree": 0.03, "unrelated": 0.04},
    {"agree": 0.3, "discuss": 0.45, "disagree": 0.1, "unrelated": 0.15},
    {"agree": 0.9996, "discuss": 0.0004},
    {},
    None,
]
GRADES = [-3, 0, 5.9, 6, 6.1, 9, 9.05, 12, 12.5, 16, 16.01, 25, None]
MINUTES = [0, 0.2, 0.99, 1, 1.49, 1.5, 2.5, 12.4, None]


def _js(page, name: str, *args):
    return page.evaluate(f"(args) => window.HeadlineWording.{name}(...args)", list(args))


def test_percent_and_clickbait_wording_match(page, console):
    for p in PROBABILITIES:  # Playwright carries NaN and out-of-range numbers to the page unchanged
        assert _js(page, "percent", p) == wording.percent(p), p
        assert _js(page, "likelyClickbait", p) == wording.likely_clickbait(p), p
    console.assert_clean()


def test_findings_positions_grades_and_times_match(page, console):
    for label in LABELS:
        for probabilities in PROBABILITY_SETS:
            assert _js(page, "consistencyFinding", label, probabilities) == wording.consistency_finding(
                label, probabilities
            ), (label, probabilities)
    for position in [0, 0.01, 0.049, 0.05, 0.08, 0.125, 0.5, 0.949, 0.95, 1, None]:
        assert _js(page, "answerPosition", position) == wording.answer_position(position), position
    for grade in GRADES:
        assert _js(page, "gradeWords", grade) == wording.grade_words(grade), grade
    for minutes in MINUTES:
        assert _js(page, "readingTime", minutes) == wording.reading_time(minutes), minutes
    for category in [*wording.CATEGORY_NAMES, "new_kind", "odd:one", "", None]:
        assert _js(page, "categoryName", category) == wording.category_name(category), category
    console.assert_clean()
