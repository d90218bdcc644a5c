"""The raw word unigram and bigram counts of a batch, looked up by token ids instead of strings.

A word vectoriser's analyzer joins every pair of neighbouring tokens into a bigram string and looks
each term up in its vocabulary: two string hashes and a join per token. ``WordGrams`` numbers once
every token the vocabulary names (as a unigram or as a word of a bigram); a batch then looks each
token up once, and finds its bigrams with numpy: the pair of token ids as one integer key, searched
in the sorted keys of the vocabulary's bigrams. The result is the CSR matrix the analyzer's terms
give (columns sorted in each row): tests/training/test_runtime_rows.py checks it against the
one-text path, which walks the analyzer's own terms.

Imports: the standard library and numpy (scipy.sparse lazily).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["SAFE_TOKEN_PATTERNS", "WordGrams", "find_keys"]

# Token patterns that never match a space, so that a vocabulary term's spaces separate its words.
SAFE_TOKEN_PATTERNS = frozenset({r"(?u)\b\w\w+\b", r"(?u)\b\w[\w']*\b"})
INT32_LIMIT = 1 << 31


def find_keys(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """``np.searchsorted(sorted_keys, keys)``, computed on ``keys`` put in order first.

    Why: each of a batch's keys is a binary search through a large array (tens of thousands of
    vocabulary bigrams), a cache miss at nearly every step; numpy narrows the search of a key to
    after the previous key's position when the keys come in order, so sorting a few thousand keys
    first costs less than it saves (about half the time). The positions are the same.
    """
    order = np.argsort(keys)
    where = np.empty(len(keys), dtype=np.intp)
    where[order] = np.searchsorted(sorted_keys, keys[order])
    return where


class WordGrams:
    """A word vocabulary of unigrams and bigrams, keyed by token ids.

    Parameters
    ----------
    vocabulary : mapping of str to int
        Term -> column; terms are one token or two tokens joined by a space.
    ngram_range : (int, int)
        (1, 1), (1, 2) or (2, 2); anything else is refused (``ValueError``).
    """

    def __init__(self, vocabulary: Mapping[str, int], ngram_range: tuple[int, int]):
        if ngram_range not in ((1, 1), (1, 2), (2, 2)):
            raise ValueError(f"ngram_range {ngram_range} is not served by token ids")
        self.unigrams, self.bigrams = ngram_range[0] == 1, ngram_range[1] == 2
        tokens: dict[str, int] = {}
        single: list[tuple[int, int]] = []
        pairs: list[tuple[int, int, int]] = []
        for term, column in vocabulary.items():
            words = term.split(" ")
            ids = [tokens.setdefault(w, len(tokens)) for w in words]
            if len(words) == 1:
                single.append((ids[0], column))
            elif len(words) == 2:
                pairs.append((ids[0], ids[1], column))
            else:
                raise ValueError(f"vocabulary term {term!r} is neither one word nor two")
        self.tokens = tokens
        self.size = max(len(tokens), 1)
        self.unigram_column = np.full(len(tokens) + 1, -1, dtype=np.int64)  # [-1] (unknown) stays -1
        for token, column in single:
            self.unigram_column[token] = column
        keys = np.array([a * self.size + b for a, b, _ in pairs], dtype=np.int64)
        order = np.argsort(keys)
        self.pair_keys = keys[order]
        self.pair_columns = np.array([c for _, _, c in pairs], dtype=np.int64)[order]

    def token_ids(self, tokens: list[str]) -> list[int]:
        """The ids of ``tokens`` (-1 for a token the vocabulary never names)."""
        get = self.tokens.get
        return [get(token, -1) for token in tokens]

    def columns(self, tokens: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """(row, column) of every vocabulary term of the texts' tokens (any order)."""
        lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
        flat = list(itertools.chain.from_iterable(tokens))
        ids = np.fromiter(map(self.tokens.get, flat, itertools.repeat(-1)), dtype=np.int64, count=len(flat))
        return self.columns_of_ids(ids, lengths)

    def columns_of_ids(self, ids: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``columns`` from the texts' token ids (``lengths`` tokens per text, in text order)."""
        rows = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        found_rows, found_cols = [], []
        if self.unigrams:
            cols = self.unigram_column[ids]
            known = cols >= 0
            found_rows.append(rows[known])
            found_cols.append(cols[known])
        if self.bigrams and len(self.pair_keys) and len(ids) > 1:
            first, second = ids[:-1], ids[1:]
            candidate = (rows[1:] == rows[:-1]) & (first >= 0) & (second >= 0)
            keys = first[candidate] * self.size + second[candidate]
            where = find_keys(self.pair_keys, keys).clip(max=len(self.pair_keys) - 1)
            known = self.pair_keys[where] == keys
            found_rows.append(rows[1:][candidate][known])
            found_cols.append(self.pair_columns[where[known]])
        if not found_rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(found_rows), np.concatenate(found_cols)

    def counts(self, tokens: list[list[str]], width: int) -> Any:
        """The raw term counts of the texts' tokens as a CSR matrix with sorted columns."""
        return self.matrix(*self.columns(tokens), len(tokens), width)

    def counts_of_ids(self, ids: np.ndarray, lengths: np.ndarray, width: int) -> Any:
        """``counts`` from the texts' token ids (``lengths`` tokens per text, in text order)."""
        return self.matrix(*self.columns_of_ids(ids, lengths), len(lengths), width)

    @staticmethod
    def matrix(rows: np.ndarray, cols: np.ndarray, n: int, width: int) -> Any:
        """The CSR matrix counting each (row, column) pair, columns sorted in each row."""
        from scipy import sparse

        cells = rows * width + cols
        if n * width < INT32_LIMIT:  # int32 keys sort about twice as fast
            cells = cells.astype(np.int32)
        cells, counts = np.unique(cells, return_counts=True)
        row_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(cells // width, minlength=n), out=row_ptr[1:])
        matrix = sparse.csr_matrix(
            (counts.astype(np.float64), (cells % width).astype(np.int32), row_ptr), shape=(n, width)
        )
        matrix.has_sorted_indices = True
        return matrix
