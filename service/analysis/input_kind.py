"""Is this input a headline the model can judge? Markup, no letters, or an unknown language are not.

The scores of such input mean nothing (a model trained on English headlines has no
opinion on "🔥🔥🔥" or a Spanish headline), so the quality score must not call it good;
this module says which case it is, in words an editor can act on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

from service.analysis.token_facts import (
    NOTICE_STOP_WORDS,
    NOTICE_WORD,
    NOTICE_WORDS,
    HeadlineWords,
    headline_words,
)

__all__ = ["not_a_headline"]

MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
ASCII_LETTER = re.compile(r"[A-Za-z]")
WORD = NOTICE_WORD  # letters only, two or more
MIN_WORDS = 3  # fewer words say too little about the language
MIN_KNOWN_SHARE = 0.5  # below this share of words seen in training, the language is not the model's


def _is_latin(ch: str) -> bool:
    return "LATIN" in unicodedata.name(ch, "")


def not_a_headline(
    headline: str, known_words: Container[str], words: HeadlineWords | None = None
) -> str | None:
    """Why ``headline`` is not something the model can judge, or ``None`` when it is.

    ``known_words`` holds the lower-case words of the model's training vocabulary; ``words`` the
    headline's ``HeadlineWords`` when the caller has them.
    """
    # Every tag starts with "<": most headlines skip the regex.
    if "<" in headline and MARKUP.search(headline):
        return "it contains HTML markup: paste the headline's text, not its code"
    ascii_text = headline.isascii()
    if ascii_text:  # the common case: Latin letters or none, no per-character lookup needed
        if not ASCII_LETTER.search(headline):
            return "it has no letters, only digits, punctuation, symbols or emoji"
    else:
        letters = [c for c in headline if c.isalpha()]
        if not letters:
            return "it has no letters, only digits, punctuation, symbols or emoji"
        if sum(map(_is_latin, letters)) < 0.5 * len(letters):
            return (
                "it is written in a script the model was not trained on (it was trained on English headlines)"
            )
    # Names are unknown words in any language, so an English function word vouches for English
    # (checked first: nearly every headline holds one, which settles it). The counts come from the
    # headline's tokens (``token_facts``); the words themselves only when no stop word settles it.
    words = words or headline_words(headline)
    n_words = words.total(NOTICE_WORDS)
    if n_words < MIN_WORDS or words.total(NOTICE_STOP_WORDS):
        return None
    known = sum(w.lower() in known_words for token in words.tokens for w in WORD.findall(token))
    if known < MIN_KNOWN_SHARE * n_words:
        return (
            "most of its words never occur in the English headlines the model was trained on: "
            "is it in another language?"
        )
    return None
