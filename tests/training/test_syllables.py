"""The bundle's syllable table answers exactly what textstat (through service.model.readability) answers."""

from __future__ import annotations

import re

import pytest

from service.model.readability import is_easy_word, syllables_in_word
from service.model.syllables import SyllableTable, build_table

OOV = [
    "zyxquon",
    "Ciarán",
    "Tesla",
    "cryptocurrency",
    "brexiteers",
    "naïve",
    "Zürich",
    "Япония",
    "中国经济增长放缓",
    "photobombing",
    "unfollowed",
    "selfies",
    "Riyadh",
    "pharmacogenomics",
    "polymorphisms",
    "a",
    "I",
    "rhythm",
]


@pytest.fixture(scope="module")
def table() -> SyllableTable:
    return SyllableTable(build_table())


def _words() -> list[str]:
    from tests.guard import guard_headlines
    from tests.samples import BODY_CONSISTENT, CLICKBAIT, HYPERBOLE, LITERAL, NEWS

    text = " ".join(guard_headlines() + CLICKBAIT + NEWS + HYPERBOLE + LITERAL + [BODY_CONSISTENT])
    return sorted({w for w in re.findall(r"\w+", text) if w.isalpha()} | set(OOV))


def test_table_gives_textstats_syllables_and_easy_words(table) -> None:
    words = _words()
    assert len(words) > 800
    for word in words:
        assert table.syllables(word) == syllables_in_word(word.lower()), word
        assert table.is_easy(word) == is_easy_word(word.lower()), word


def test_table_is_plain_data_with_the_whole_dictionary(table) -> None:
    raw = build_table()
    assert len(raw["cmu"]) > 100_000 and 2_000 < len(raw["easy"]) < 5_000
    assert all(type(v) is int for v in list(raw["cmu"].values())[:1000])
    assert table.syllables("beautiful") == 3 and table.is_easy("cat")
