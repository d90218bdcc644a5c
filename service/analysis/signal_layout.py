"""What the explanation needs to know about a fitted clickbait pipeline, built lazily per process.

The signals (``service.analysis.signals``) attribute word and character n-gram features to the
whitespace tokens of a headline. For that they need the column range of each feature block,
the cue names, the words every word feature is made of, and per token its char n-gram
columns and its words. None of it needs the ~98k feature names: block ranges come from the
block widths, a word feature's words are read from the vocabulary only for the columns a
batch actually holds (once per column), and a token's facts are computed the first time it
is seen. So the first explanation in a process costs about what the next one does.

Per-token and per-column facts live in flat arrays (with row pointers) that grow in place,
so a batch gathers them with array indexing instead of a Python loop per token.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Sequence

import numpy as np

__all__ = ["Layout", "TokenStore", "WORD_TOKEN", "layout_of"]

# The word TF-IDF block's token pattern, to map its features back onto the headline.
WORD_TOKEN = re.compile(r"(?u)\b\w[\w']*\b")
# Tokens (and the words they hold) remembered per process before the caches start over.
TOKEN_LIMIT = 200_000


class Growing:
    """An int64 array appended to in place: room doubles when full, so a batch never copies it all."""

    def __init__(self, first: Sequence[int] = ()) -> None:
        self.buffer = np.zeros(max(1024, len(first)), dtype=np.int64)
        self.size = 0
        self.extend(np.asarray(first, dtype=np.int64))

    def extend(self, values: np.ndarray) -> None:
        end = self.size + len(values)
        if end > len(self.buffer):
            grown = np.zeros(max(end, 2 * len(self.buffer)), dtype=np.int64)
            grown[: self.size] = self.buffer[: self.size]
            self.buffer = grown
        self.buffer[self.size : end] = values
        self.size = end

    @property
    def array(self) -> np.ndarray:
        return self.buffer[: self.size]


def segments(ptr: np.ndarray, flat: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(which of ``ids`` each value belongs to, the values): the ``ptr``/``flat`` segments of ``ids``, in order."""
    starts = ptr[ids]
    lengths = ptr[ids + 1] - starts
    owner = np.repeat(np.arange(len(ids), dtype=np.int64), lengths)
    total = int(lengths.sum())
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return owner, flat[offsets + np.arange(total, dtype=np.int64)]


class WordParts:
    """The words of each word feature (``word_parts[j]`` for the block's column ``j``), read from the
    vocabulary on demand: the inverse vocabulary is two arrays, built the first time one is asked for."""

    def __init__(self, vocabulary: dict[str, int]) -> None:
        self.vocabulary = vocabulary
        self._terms: list[str] | None = None
        self._at: np.ndarray | None = None
        self._parts: dict[int, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.vocabulary)

    def term(self, column: int) -> str:
        if self._terms is None or self._at is None:
            self._terms = list(self.vocabulary)
            columns = np.fromiter(self.vocabulary.values(), dtype=np.int64, count=len(self._terms))
            self._at = np.empty(len(self._terms), dtype=np.int64)
            self._at[columns] = np.arange(len(self._terms), dtype=np.int64)
        return self._terms[self._at[column]]

    def __getitem__(self, column: int) -> tuple[str, ...]:
        parts = self._parts.get(column)
        if parts is None:
            parts = self._parts[column] = tuple(self.term(column).split())
        return parts


class Layout:
    """Per model: the column range of every block, the cue names, and the lazily filled word and token facts."""

    def __init__(self, pipeline) -> None:
        features = pipeline.named_steps["features"]
        blocks = dict(features.transformer_list)
        start, offset = {}, 0
        for name, block in features.transformer_list:
            start[name] = offset
            offset += (
                len(block.vocabulary_)
                if hasattr(block, "vocabulary_")
                else len(block.get_feature_names_out())
            )
        if start["cues"] != 0:
            raise ValueError("the explanation expects the cue block first")
        self.n_columns = offset
        self.names = [str(n) for n in blocks["cues"].get_feature_names_out()]
        self.cue_end = len(self.names)
        self.words_start = start["words"]
        self.words_end = self.words_start + len(blocks["words"].vocabulary_)
        self.chars_start = start["chars"]
        self.chars_end = self.chars_start + len(blocks["chars"].vocabulary_)
        self.chars = blocks["chars"]
        self.preprocess = self.chars.build_preprocessor()
        self.words = blocks["words"]
        self.word_parts = WordParts(self.words.vocabulary_)
        self.longest_term = int(blocks["words"].ngram_range[1])
        self.coef = pipeline.named_steps["clf"].coef_
        self._lock = threading.Lock()
        self.store = TokenStore(self)

    def token_ids(self, tokens: list[str]) -> tuple[TokenStore, np.ndarray]:
        """The store holding every token's facts, and each token's id in it.

        Tokens never seen before get their facts under a lock; when the store is full a new one
        replaces it, so a caller keeps using the store it was given, consistent to the end.
        """
        store = self.store
        try:
            return store, store.ids(tokens)
        except KeyError:
            with self._lock:
                store = self.store
                new = [t for t in dict.fromkeys(tokens) if t not in store.token_id]
                if len(store.token_id) + len(new) > TOKEN_LIMIT:
                    store = self.store = TokenStore(self)
                    new = list(dict.fromkeys(tokens))
                store.add(new)
            return store, store.ids(tokens)


class TokenStore:
    """Per-token facts (char n-gram columns, word ids) and per-word-column word ids, appended to only.

    Readers take no lock: a token's id is published only after its facts are written, and the
    flat arrays only grow. Writers hold the layout's lock.
    """

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.word_id: dict[str, int] = {}
        self.token_id: dict[str, int] = {}
        self.chars = Growing()  # per token: its char n-gram columns (block-relative, ascending)
        self.chars_ptr = Growing([0])
        self.words = Growing()  # per token: the ids of its distinct words
        self.words_ptr = Growing([0])
        self._column_words: np.ndarray | None = None  # per word column: its distinct word ids, -1 padded

    def ids(self, tokens: list[str]) -> np.ndarray:
        return np.fromiter(map(self.token_id.__getitem__, tokens), dtype=np.int64, count=len(tokens))

    def add(self, tokens: list[str]) -> None:
        layout, word_id = self.layout, self.word_id
        columns, words = [], []
        for text in tokens:
            columns.append(layout.chars.word_ngrams(layout.preprocess(text))[0])
            words.append(
                [word_id.setdefault(w, len(word_id)) for w in dict.fromkeys(WORD_TOKEN.findall(text.lower()))]
            )
        for flat, ptr, parts in ((self.chars, self.chars_ptr, columns), (self.words, self.words_ptr, words)):
            lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
            flat.extend(np.concatenate([np.asarray(p, dtype=np.int64) for p in parts]) if parts else lengths)
            ptr.extend(ptr.array[-1] + np.cumsum(lengths))
        first = len(self.token_id)
        self.token_id.update(zip(tokens, range(first, first + len(tokens)), strict=True))

    def column_words(self, columns: np.ndarray) -> np.ndarray:
        """(len(columns), longest term) distinct word ids of word-block ``columns``, -1 padded; read once
        per column."""
        layout = self.layout
        if self._column_words is None:
            with layout._lock:
                if self._column_words is None:
                    self._column_words = np.full(
                        (len(layout.word_parts), layout.longest_term), -2, dtype=np.int64
                    )
        table = self._column_words
        missing = np.unique(columns[table[columns, 0] == -2])
        if len(missing):
            with layout._lock:
                word_id = self.word_id
                for column in missing.tolist():
                    parts = dict.fromkeys(layout.word_parts[column])
                    ids = [word_id.setdefault(w, len(word_id)) for w in parts]
                    table[column] = ids + [-1] * (layout.longest_term - len(ids))
        return table[columns]


_LAYOUTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def layout_of(pipeline) -> Layout:
    """The layout of a fitted pipeline, built once and dropped with the pipeline (never pickled with it)."""
    layout = _LAYOUTS.get(pipeline)
    if layout is None:
        layout = _LAYOUTS[pipeline] = Layout(pipeline)
    return layout
