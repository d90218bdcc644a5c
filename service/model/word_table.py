"""Growing tables of per-token numeric facts, shared by threads, for the batch feature paths.

The batch forms of the feature rows (``cues``, ``hyperbole_rules``) split each text on whitespace,
look every token up once (``TokenTable.batch``) and then compute with numpy on the fact rows of the
words in those tokens, instead of tokenising each text with a regex and walking its words in
Python. A token's facts are computed the first time it is seen and kept (up to a limit, then the
table starts again).

Why per whitespace token and not per word: with warm caches, a batch's cost was mostly the regex
tokenisation and one dict lookup of a freshly made string per word. The words these features read
never cross whitespace (their patterns match none, and a ``\\b`` sees a space as it sees the text's
edge), so a text's words are its tokens' words in order: one ``str.split`` and one lookup per token
give the same rows, and a token's own facts (a number >= 100, a quote mark) come with them.
tests/training/test_batch_paths.py checks each batch route against its row-by-row route.

Thread-safe without a lock on reads: rows are written past the published end and the new snapshot
is published before the index names them, so a reader that finds a row its snapshot lacks reads again.

Imports: the standard library and numpy.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from service.model.char_grams import GrowingRows, gather

__all__ = ["TokenRows", "TokenTable"]

Snapshot = tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]
# (per new token: its words' fact rows (k x word_width); the new tokens' own fact rows (n x token_width))
TokenFacts = Callable[[list[str]], tuple[list[np.ndarray], np.ndarray]]


class TokenRows(NamedTuple):
    """A batch's facts: every word's row in text order, each text's number of words, every token's
    row in text order and the text each token belongs to."""

    words: np.ndarray
    n_words: np.ndarray
    tokens: np.ndarray
    text_of_token: np.ndarray


class TokenTable:
    """Whitespace token -> its words' fact rows (any number, in order) and one row of its own facts.

    Parameters
    ----------
    facts : callable
        For a list of new tokens: each token's words' fact rows (shape ``(k, word_width)``) and the
        tokens' own fact rows (shape ``(len(tokens), token_width)``).
    word_width, token_width : int
    limit : callable
        The most tokens kept (read on each growth, so a test can lower it).
    """

    def __init__(self, facts: TokenFacts, word_width: int, token_width: int, limit: Callable[[], int]):
        self._facts = facts
        self._widths = (word_width, token_width)
        self._limit = limit
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._word_rows = GrowingRows(1, np.float64, self._widths[0])
        self._token_rows = GrowingRows(1, np.float64, self._widths[1])
        self._publish({})

    def _publish(self, index: dict[str, int]) -> None:
        word_ptr, word_facts = self._word_rows.view()
        _, token_facts = self._token_rows.view()
        self._snapshot: Snapshot = (index, word_ptr, word_facts, token_facts)

    def ids(self, tokens: list[str]) -> tuple[np.ndarray, Snapshot]:
        """Each token's row, and the snapshot (index, word indptr, word facts, token facts) the rows
        refer to."""
        while True:
            snapshot = self._snapshot
            index, word_ptr = snapshot[0], snapshot[1]
            ids = np.fromiter(map(index.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=len(tokens))
            if not len(ids) or (ids.min() >= 0 and ids.max() < len(word_ptr) - 1):
                return ids, snapshot
            if ids.min() < 0:
                self._add(tokens)

    def _add(self, tokens: list[str]) -> None:
        with self._lock:
            index = self._snapshot[0]
            new = [t for t in dict.fromkeys(tokens) if t not in index]
            if len(index) + len(new) > self._limit():
                self._reset()
                index = self._snapshot[0]
                new = list(dict.fromkeys(tokens))
            word_rows, token_rows = self._facts(new)
            self._word_rows.append(
                [(np.asarray(rows, dtype=np.float64).reshape(-1, self._widths[0]),) for rows in word_rows]
            )
            token_rows = np.asarray(token_rows, dtype=np.float64).reshape(-1, self._widths[1])
            self._token_rows.append([(token_rows[i : i + 1],) for i in range(len(new))])
            self._publish(index)  # before the index names the new rows
            start = len(index)
            index.update(zip(new, range(start, start + len(new)), strict=True))

    def batch(self, texts: list[str]) -> TokenRows:
        """The facts of the words and tokens of ``texts`` (each split with ``str.split()``)."""
        split = [text.split() for text in texts]
        n_tokens = np.fromiter(map(len, split), dtype=np.int64, count=len(texts))
        ids, (_, word_ptr, word_facts, token_facts) = self.ids(list(itertools.chain.from_iterable(split)))
        positions, sizes = gather(ids, word_ptr)
        text_of_token = np.repeat(np.arange(len(texts), dtype=np.int64), n_tokens)
        n_words = np.bincount(text_of_token, weights=sizes, minlength=len(texts)).astype(np.int64)
        return TokenRows(word_facts[positions], n_words, token_facts[ids], text_of_token)
