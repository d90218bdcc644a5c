"""Per-whitespace-token caches shared by the batch feature paths, and the process-wide token ids.

The batch forms of the feature rows (``cues``, ``hyperbole_rules``, the paired char and word TF-IDF
counts of ``tfidf``) split each text on whitespace and read what they need of each token from a
table filled the first time the token is seen (up to a limit, then the table starts again), instead
of tokenising each text with a regex and walking its words in Python.

Why per whitespace token: with warm caches, a batch's cost was mostly the regex tokenisations and
one dict lookup of a freshly made string per word, three times over (cues, hyperbole, TF-IDF). The
words these features read never cross whitespace (their patterns match none, a ``\\b`` sees a space
as it sees the text's edge, and lower-casing never makes or removes whitespace), so a text's words
are its tokens' words in order. ``TOKENS`` splits a batch once and numbers its tokens with one
lookup each; it remembers the last batch it split, so the next component reading the same texts
(``analyze_batch`` hands the same list to each) reuses the ids; each component's ``TokenKeyed``
table maps those ids to its own rows with one numpy gather.
tests/training/test_batch_paths.py and test_runtime_rows.py check each batch route against its
row-by-row route, and under threads with tables that keep starting again.

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

__all__ = ["TOKENS", "TokenGrams", "TokenIds", "TokenIndex", "TokenKeyed", "TokenRows", "TokenTable"]

TOKEN_LIMIT = 200_000  # the most distinct tokens numbered before the ids start again (as the tables)
_EPOCHS = itertools.count()  # numberings of every index, increasing: a table never meets an older one again
# (per new token: its words' fact rows (k x word_width); the new tokens' own fact rows (n x token_width))
TokenFacts = Callable[[list[str]], tuple[list[np.ndarray], np.ndarray]]


class TokenIds(NamedTuple):
    """A batch split on whitespace: every token's id in text order, each text's number of tokens,
    and the numbering they belong to (``epoch``, and its tokens by id)."""

    ids: np.ndarray
    n_tokens: np.ndarray
    epoch: int
    strings: list[str]


class TokenIndex:
    """Whitespace token -> id, for every token seen (up to ``limit()``, then a new epoch starts)."""

    def __init__(self, limit: Callable[[], int]):
        self._limit = limit
        self._lock = threading.Lock()
        self._state: tuple[int, dict[str, int], list[str]] = (next(_EPOCHS), {}, [])
        self._last: tuple[list[str], TokenIds] | None = None

    def split(self, texts: list[str], remembered: bool = True) -> TokenIds:
        """The token ids of ``texts`` (each split with ``str.split()``); the last batch's answer when
        ``texts`` equals it (a list comparison: the same strings compare by identity first)."""
        last = self._last
        if remembered and last is not None and last[0] == texts:
            return last[1]
        split = [text.split() for text in texts]
        n_tokens = np.fromiter(map(len, split), dtype=np.int64, count=len(texts))
        tokens = list(itertools.chain.from_iterable(split))
        while True:
            epoch, index, strings = self._state
            ids = np.fromiter(map(index.get, tokens, itertools.repeat(-1)), dtype=np.int64, count=len(tokens))
            if not len(ids) or ids.min() >= 0:
                break
            self._add(tokens)
        found = TokenIds(ids, n_tokens, epoch, strings)
        self._last = (list(texts), found)
        return found

    def _add(self, tokens: list[str]) -> None:
        with self._lock:
            epoch, index, strings = self._state
            new = [t for t in dict.fromkeys(tokens) if t not in index]
            if len(index) + len(new) > self._limit():
                epoch, index, strings = next(_EPOCHS), {}, []
                new = list(dict.fromkeys(tokens))
                self._state = (epoch, index, strings)
            start = len(strings)
            strings.extend(new)  # before the index names them
            index.update(zip(new, range(start, start + len(new)), strict=True))


TOKENS = TokenIndex(lambda: TOKEN_LIMIT)


class TokenKeyed:
    """Rows of a component's own, one per token it has seen, found by the tokens' ``TOKENS`` ids.

    Subclasses keep the rows (``_clear``, ``_append``, ``_views``); this class maps token ids to
    them (``local``: id -> row, -1 for a token not seen yet) and starts again past ``limit()`` rows
    or when ``TOKENS`` starts a new epoch.
    """

    def __init__(self, limit: Callable[[], int]):
        self._limit = limit
        self._lock = threading.Lock()
        self._reset()

    def _clear(self) -> None:
        """Empty row storage."""
        raise NotImplementedError

    def _append(self, tokens: list[str]) -> int:
        """Store the rows of new tokens, in order; the number of rows now stored."""
        raise NotImplementedError

    def _views(self) -> tuple[np.ndarray, ...]:
        """The stored rows' arrays as published (never changed afterwards)."""
        raise NotImplementedError

    def _reset(self, epoch: int = -1) -> None:
        self._clear()
        self._publish(epoch, np.full(1024, -1, dtype=np.int64), 0)

    def _publish(self, epoch: int, local: np.ndarray, n_rows: int) -> None:
        self._snapshot: tuple[int, np.ndarray, int, tuple[np.ndarray, ...]] = (
            epoch,
            local,
            n_rows,
            self._views(),
        )

    def lookup(self, texts: list[str]) -> tuple[TokenIds, np.ndarray, tuple[np.ndarray, ...]]:
        """The batch's token ids, each token's row, and the row arrays (``_views``) the rows index."""
        found, renumbered = TOKENS.split(texts), False
        while True:
            epoch, local, n_rows, views = self._snapshot
            if found.epoch < epoch and not renumbered:  # an older numbering (read before a new
                found, renumbered = TOKENS.split(texts, remembered=False), True  # one started)
                continue
            if found.epoch != epoch:  # the table takes the numbering of the ids (``_add``)
                self._add(found)
                continue
            ids = found.ids
            if not len(ids):
                return found, ids, views
            if ids.max() < len(local):
                rows = local[ids]
                if rows.min() >= 0 and rows.max() < n_rows:
                    return found, rows, views
            self._add(found)

    def _add(self, found: TokenIds) -> None:
        with self._lock:
            epoch, local, n_rows, _ = self._snapshot
            if found.epoch != epoch:
                self._reset(found.epoch)
                epoch, local, n_rows, _ = self._snapshot
            ids = np.unique(found.ids)
            known = ids < len(local)
            known[known] = local[ids[known]] >= 0
            new = ids[~known]
            if not len(new):
                return
            if n_rows + len(new) > self._limit():
                self._reset(epoch)
                epoch, local, n_rows, _ = self._snapshot
                new = ids
            if new[-1] >= len(local):  # a larger map (the old one stays as published)
                grown = np.full(max(int(new[-1]) + 1, 2 * len(local)), -1, dtype=np.int64)
                grown[: len(local)] = local
                local = grown
            strings = found.strings
            total = self._append([strings[i] for i in new.tolist()])
            self._publish(epoch, local, total)  # before the map names the new rows
            local[new] = np.arange(n_rows, total, dtype=np.int64)


class TokenRows(NamedTuple):
    """A batch's facts: every word's row in text order, each text's number of words, every token's
    row in text order and the text each token belongs to."""

    words: np.ndarray
    n_words: np.ndarray
    tokens: np.ndarray
    text_of_token: np.ndarray


class TokenTable(TokenKeyed):
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
        super().__init__(limit)

    def _clear(self) -> None:
        self._word_rows = GrowingRows(1, np.float64, self._widths[0])
        self._token_rows = GrowingRows(1, np.float64, self._widths[1])

    def _append(self, tokens: list[str]) -> int:
        word_rows, token_rows = self._facts(tokens)
        self._word_rows.append(
            [(np.asarray(rows, dtype=np.float64).reshape(-1, self._widths[0]),) for rows in word_rows]
        )
        token_rows = np.asarray(token_rows, dtype=np.float64).reshape(-1, self._widths[1])
        self._token_rows.append([(token_rows[i : i + 1],) for i in range(len(tokens))])
        return self._token_rows.n_rows

    def _views(self) -> tuple[np.ndarray, ...]:
        word_ptr, word_facts = self._word_rows.view()
        _, token_facts = self._token_rows.view()
        return word_ptr, word_facts, token_facts

    def batch(self, texts: list[str]) -> TokenRows:
        """The facts of the words and tokens of ``texts`` (each split with ``str.split()``)."""
        found, rows, (word_ptr, word_facts, token_facts) = self.lookup(texts)
        positions, sizes = gather(rows, word_ptr)
        text_of_token = np.repeat(np.arange(len(texts), dtype=np.int64), found.n_tokens)
        n_words = np.bincount(text_of_token, weights=sizes, minlength=len(texts)).astype(np.int64)
        return TokenRows(word_facts[positions], n_words, token_facts[rows], text_of_token)


class TokenGrams(TokenKeyed):
    """Whitespace token -> its n-gram (columns, counts) under a ``char_wb`` vectoriser and its token
    ids under a word vectoriser (``tfidf.paired_counts``), in two CSR row sets.

    Parameters
    ----------
    grams : callable
        A token's (sorted columns, counts).
    tokens : callable
        A token's word token ids.
    limit : callable
        The most tokens kept.
    """

    def __init__(
        self,
        grams: Callable[[str], tuple[np.ndarray, np.ndarray]],
        tokens: Callable[[str], list[int]],
        limit: Callable[[], int],
    ):
        self._grams = grams
        self._tokens = tokens
        super().__init__(limit)

    def _clear(self) -> None:
        self._gram_rows = GrowingRows(2, np.int32)  # columns and counts: half the memory of int64
        self._token_rows = GrowingRows(1, np.int64)

    def _append(self, tokens: list[str]) -> int:
        self._gram_rows.append([self._grams(t) for t in tokens])
        self._token_rows.append([(np.asarray(self._tokens(t), dtype=np.int64),) for t in tokens])
        return self._token_rows.n_rows

    def _views(self) -> tuple[np.ndarray, ...]:
        """(gram indptr, columns, counts, token indptr, token ids)."""
        return (*self._gram_rows.view(), *self._token_rows.view())
