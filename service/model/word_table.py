"""A growing table of per-word numeric facts, shared by threads, for the batch feature paths.

The batch forms of the feature rows (``cues``, ``hyperbole_rules``) look every word of a batch up
once (``ids``) and then compute with numpy on the rows of one facts array, instead of walking each
headline's words in Python. A word's facts are computed the first time it is seen and kept (up to
a limit, then the table starts again).

Thread-safe without a lock on reads: the table is replaced as a whole before the index names its
new rows, so a reader that finds a row its snapshot lacks reads again.

Imports: the standard library and numpy.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable

import numpy as np

__all__ = ["WordTable"]


class WordTable:
    """Word -> row of ``facts(words)`` (an array of ``width`` columns per word), cached.

    Parameters
    ----------
    facts : callable
        The facts of a list of new words, one row each (shape ``(len(words), width)``).
    width : int
    limit : callable
        The most words kept (read on each growth, so a test can lower it).
    """

    def __init__(self, facts: Callable[[list[str]], np.ndarray], width: int, limit: Callable[[], int]):
        self._facts = facts
        self._width = width
        self._limit = limit
        self._table: tuple[dict[str, int], np.ndarray] = ({}, np.zeros((0, width)))
        self._lock = threading.Lock()

    def ids(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Each word's row in the facts array, and the array (the snapshot the rows index)."""
        while True:
            index, facts = self._table
            ids = np.fromiter(map(index.get, words, itertools.repeat(-1)), dtype=np.int64, count=len(words))
            if not len(ids) or (ids.min() >= 0 and ids.max() < len(facts)):
                return ids, facts
            if ids.min() < 0:
                self._add(words)

    def _add(self, words: list[str]) -> None:
        with self._lock:
            index, facts = self._table
            new = [w for w in dict.fromkeys(words) if w not in index]
            if len(index) + len(new) > self._limit():
                index, facts = {}, np.zeros((0, self._width))
                new = list(dict.fromkeys(words))
            rows = np.asarray(self._facts(new), dtype=np.float64).reshape(-1, self._width)
            start = len(facts)
            self._table = (index, np.concatenate([facts, rows]))  # published before the index names the rows
            index.update(zip(new, range(start, start + len(new)), strict=True))
