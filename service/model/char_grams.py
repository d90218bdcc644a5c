"""The raw ``char_wb`` counts of a batch, from a table of every seen word's n-gram counts.

A ``char_wb`` vectoriser never lets an n-gram cross a space, so a text's counts are the sums of its
words' counts. ``GramTable`` keeps each seen word's (vocabulary columns, counts) in three flat
arrays (a CSR matrix of words x n-grams that grows in place); ``batch_counts`` gathers a batch's
words' entries with a few numpy calls, and adds the entries of the same (text, column) after one
sort of packed integer keys. The result is the CSR matrix scikit-learn's ``CountVectorizer`` gives
(columns sorted in each row, no explicit zero): tests/training/test_lean.py checks it gram for gram.

Thread-safe without a lock on reads: rows are written past the published end and the new snapshot
is published before the index names them, so a reader that finds a row its snapshot lacks reads again.

Imports: the standard library and numpy (scipy.sparse lazily).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

__all__ = ["GramTable", "batch_counts", "counts_of_rows", "token_ids"]

Snapshot = tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]
KEY_LIMIT = 1 << 62  # packed (text, column, count) keys stay below this (int64)
INT32_LIMIT = 1 << 31


class GramTable:
    """Word -> its row of n-gram (columns, counts), for every word seen (up to ``limit()`` words).

    Parameters
    ----------
    grams : callable
        A word's (sorted columns, counts) (the vectoriser's cached ``word_ngrams``).
    limit : callable
        The most words kept; the table starts again past it.
    """

    def __init__(self, grams: Callable[[str], tuple[np.ndarray, np.ndarray]], limit: Callable[[], int]):
        self._grams = grams
        self._limit = limit
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._gram_rows = GrowingRows(2, np.int32)  # columns and counts: half the memory of int64
        self._publish({})

    def _publish(self, index: dict[str, int]) -> None:
        indptr, cols, counts = self._gram_rows.view()
        self._snapshot: Snapshot = (index, indptr, cols, counts)

    def rows(self, words: list[str]) -> tuple[np.ndarray, Snapshot]:
        """Each word's row, and the snapshot (index, indptr, columns, counts) the rows refer to."""
        while True:
            snapshot = self._snapshot
            index, indptr = snapshot[0], snapshot[1]
            ids = np.fromiter(map(index.get, words, itertools.repeat(-1)), dtype=np.int64, count=len(words))
            if not len(ids) or (ids.min() >= 0 and ids.max() < len(indptr) - 1):
                return ids, snapshot
            if ids.min() < 0:
                self._add(words)

    def _add(self, words: list[str]) -> None:
        with self._lock:
            index = self._snapshot[0]
            new = [w for w in dict.fromkeys(words) if w not in index]
            if len(index) + len(new) > self._limit():
                self._reset()
                index = self._snapshot[0]
                new = list(dict.fromkeys(words))
            self._gram_rows.append([self._grams(w) for w in new])
            self._publish(index)  # before the index names the new rows
            start = len(index)
            index.update(zip(new, range(start, start + len(new)), strict=True))


class GrowingRows:
    """Rows of any length in flat arrays (``n_arrays`` side by side) with a CSR ``indptr``, grown in
    place: rows are written past the end of every published ``view``, so a view never changes.

    With ``width``, each entry is itself a row of ``width`` values (the arrays are 2-D)."""

    def __init__(self, n_arrays: int, dtype: type, width: int | None = None):
        self.indptr = np.zeros(1024, dtype=np.int64)
        shape = (4096,) if width is None else (4096, width)
        self.arrays: list[np.ndarray] = [np.zeros(shape, dtype=dtype) for _ in range(n_arrays)]
        self.n_rows = self.n_entries = 0

    def append(self, rows: list[tuple[np.ndarray, ...]]) -> None:
        sizes = np.fromiter((len(row[0]) for row in rows), dtype=np.int64, count=len(rows))
        n_rows, n_entries = self.n_rows + len(rows), self.n_entries + int(sizes.sum())
        self.indptr = _room(self.indptr, n_rows + 1)
        np.cumsum(sizes, out=self.indptr[self.n_rows + 1 : n_rows + 1])
        self.indptr[self.n_rows + 1 : n_rows + 1] += self.n_entries
        self.arrays = [_room(array, n_entries) for array in self.arrays]
        if n_entries > self.n_entries:
            for k, array in enumerate(self.arrays):
                array[self.n_entries : n_entries] = np.concatenate([row[k] for row in rows])
        self.n_rows, self.n_entries = n_rows, n_entries

    def view(self) -> tuple[np.ndarray, ...]:
        """(indptr, *arrays) of the rows so far."""
        return (self.indptr[: self.n_rows + 1], *(array[: self.n_entries] for array in self.arrays))


def _room(array: np.ndarray, size: int) -> np.ndarray:
    """``array`` if it holds ``size`` items, else a copy twice as large (the old rows kept)."""
    if size <= len(array):
        return array
    grown = np.zeros((max(size, 2 * len(array)), *array.shape[1:]), dtype=array.dtype)
    grown[: len(array)] = array
    return grown


def batch_counts(table: GramTable, words: list[list[str]], width: int) -> Any | None:
    """The raw n-gram counts of texts given as their (preprocessed, split) words, as a CSR matrix
    with sorted columns; ``None`` when the packed keys would not fit in 64 bits."""
    lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    ids, snapshot = table.rows(list(itertools.chain.from_iterable(words)))
    return counts_of_rows(ids, snapshot[1:], lengths, width)


def gather(ids: np.ndarray, indptr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions of the entries of rows ``ids`` in their CSR arrays, in order; each row's size)."""
    starts = indptr[ids]
    sizes = indptr[ids + 1] - starts
    ends = np.cumsum(sizes)
    total = int(ends[-1]) if len(ends) else 0
    return np.arange(total, dtype=np.int64) + np.repeat(starts - (ends - sizes), sizes), sizes


def token_ids(
    ids: np.ndarray, arrays: tuple[np.ndarray, ...], lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The token ids of the texts whose words are the rows ``ids`` of ``arrays`` (indptr, token ids;
    ``lengths`` words per text), in text order, and each text's number of tokens."""
    positions, sizes = gather(ids, arrays[0])
    text_of_word = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    per_text = np.bincount(text_of_word, weights=sizes, minlength=len(lengths)).astype(np.int64)
    return arrays[1][positions], per_text


def counts_of_rows(
    ids: np.ndarray, arrays: tuple[np.ndarray, ...], lengths: np.ndarray, width: int
) -> Any | None:
    """``batch_counts`` from the texts' words already looked up (rows ``ids`` of ``arrays``: indptr,
    columns, counts; ``lengths`` words per text)."""
    from scipy import sparse

    n = len(lengths)
    indptr, cols, counts = arrays
    positions, sizes = gather(ids, indptr)
    if len(positions) == 0:
        return sparse.csr_matrix((n, width), dtype=np.float64)
    entry_counts = counts[positions]
    shift = max(int(entry_counts.max()).bit_length(), 1)
    if (n * width) << shift >= KEY_LIMIT:
        return None
    kind = np.int32 if (n * width) << shift < INT32_LIMIT else np.int64  # int32 keys sort about twice as fast
    keys: np.ndarray = np.repeat(np.repeat(np.arange(n, dtype=kind), lengths), sizes)  # each entry's text
    keys *= width
    keys += cols[positions]
    keys <<= shift
    keys |= entry_counts
    keys.sort()
    cells: np.ndarray = keys >> shift
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(cells[1:], cells[:-1], out=first[1:])
    starts_of_cells = np.flatnonzero(first)
    keys &= (1 << shift) - 1
    summed = segment_sums(keys, starts_of_cells)
    cells = cells[starts_of_cells]
    row_ptr = np.searchsorted(cells, np.arange(n + 1, dtype=kind) * width).astype(np.int64)
    matrix = sparse.csr_matrix(
        (summed.astype(np.float64), (cells % width).astype(np.int32), row_ptr), shape=(n, width)
    )
    matrix.has_sorted_indices = True
    return matrix


def segment_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """``np.add.reduceat(values, starts)`` for integers and increasing ``starts`` (the first 0), as
    differences of one cumulative sum: about twice as fast."""
    total = np.cumsum(values, dtype=np.int64)
    ends = np.empty(len(starts), dtype=np.int64)
    ends[:-1] = starts[1:]
    ends[-1] = len(values)
    sums = total[ends - 1]
    sums[1:] -= total[ends[:-1] - 1]
    return sums
