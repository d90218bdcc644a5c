"""Lean versions of scikit-learn steps, for serving one headline in well under a millisecond.

scikit-learn spends most of a one-row ``transform`` on input validation, parameter
checks, dataframe detection and a joblib dispatch inside ``FeatureUnion``: about
10 ms per call on this project's pipeline, against microseconds of arithmetic.
These subclasses keep the fitting code of their parents (so the learned state is
exactly scikit-learn's) and replace only ``transform`` with the same arithmetic
minus the overhead. They live inside the fitted ``Pipeline``, so training and
serving still run the same objects; ``tests/training/test_lean.py`` checks every
one against its parent's ``transform`` on the same fitted state.

Imports: numpy, scipy and scikit-learn only (joblib pickles this module's path).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from service.model.features import check_texts

__all__ = ["LeanScaler", "LeanTfidf", "OneRow", "SequentialUnion", "lean_transform", "lean_predict_proba"]


class LeanScaler(StandardScaler):
    """``StandardScaler`` whose ``transform`` is just ``(X - mean_) / scale_`` on a dense array."""

    def transform(self, X, copy=None):
        X = np.asarray(X, dtype=np.float64)
        if self.with_mean:
            X = X - self.mean_
        if self.with_std:
            X = X / self.scale_
        return X


class LeanTfidf(TfidfVectorizer):
    """``TfidfVectorizer`` whose ``transform`` builds the CSR matrix directly.

    Same analyzer, vocabulary, sublinear tf, idf and l2 norm as the parent; fitting
    is the parent's own. A ``char_wb`` vectoriser never lets an n-gram cross a space,
    so a headline's counts are the sum of its words' counts: those are cached per word
    (``word_ngrams``) and a batch is one sparse product (headlines x words) @ (words x
    n-grams). The cache is not pickled.
    """

    vocabulary_: dict[str, int]  # set by fit (as plain ints: see _plain_vocabulary)

    _WORD_CACHE_LIMIT = 200_000

    def fit(self, raw_documents, y=None):
        super().fit(raw_documents, y)
        self._plain_vocabulary()
        return self

    def fit_transform(self, raw_documents, y=None):
        X = super().fit_transform(raw_documents, y)
        self._plain_vocabulary()
        return X

    def _plain_vocabulary(self) -> None:
        """numpy-int values unpickle through one reduce call each (~100k of them): store plain ints."""
        self.vocabulary_ = {term: int(j) for term, j in self.vocabulary_.items()}
        self.__dict__.pop("_word_cache", None)  # a refit must not answer from the old vocabulary
        self.__dict__.pop("_analyzer", None)

    def __getstate__(self):
        state = super().__getstate__()
        state.pop("_word_cache", None)
        state.pop("_analyzer", None)
        return state

    def _cached_analyzer(self):
        """``build_analyzer()`` once per fitted vectoriser, not once per call (it re-checks stop words)."""
        analyzer = self.__dict__.get("_analyzer")
        if analyzer is None:
            analyzer = self.__dict__["_analyzer"] = self.build_analyzer()
        return analyzer

    def _per_word(self) -> bool:
        return (
            self.analyzer == "char_wb"
            and not self.binary
            and self.preprocessor is None
            and self.input == "content"
        )

    def word_ngrams(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """(sorted vocabulary columns, counts) of the n-grams of one preprocessed word."""
        cache = self.__dict__.get("_word_cache")
        if cache is None:
            cache = self.__dict__["_word_cache"] = {}
        found = cache.get(word)
        if found is None:
            if len(cache) >= self._WORD_CACHE_LIMIT:
                cache.clear()
            vocabulary = self.vocabulary_
            row: dict[int, int] = {}
            for gram in self._char_wb_ngrams(word):
                j = vocabulary.get(gram)
                if j is not None:
                    row[j] = row.get(j, 0) + 1
            cols = np.fromiter(sorted(row), dtype=np.int32, count=len(row))
            found = cache[word] = (
                cols,
                np.fromiter((row[j] for j in cols.tolist()), dtype=np.float64, count=len(row)),
            )
        return found

    def _counts_per_word(self, texts: list[str]) -> sparse.csr_matrix:
        """Raw n-gram counts of ``texts`` as (texts x words) @ (words x n-grams)."""
        preprocess = self.build_preprocessor()
        word_index: dict[str, int] = {}
        rows, cols = [], []
        for i, text in enumerate(texts):
            for word in preprocess(self.decode(text)).split():
                rows.append(i)
                cols.append(word_index.setdefault(word, len(word_index)))
        occurrences = sparse.csr_matrix(
            (np.ones(len(rows)), (np.asarray(rows, dtype=np.int32), np.asarray(cols, dtype=np.int32))),
            shape=(len(texts), len(word_index)),
        )
        grams = [self.word_ngrams(word) for word in word_index]
        lengths = np.fromiter((len(c) for c, _ in grams), dtype=np.int64, count=len(grams))
        indptr = np.zeros(len(grams) + 1, dtype=np.int64)
        np.cumsum(lengths, out=indptr[1:])
        per_word = sparse.csr_matrix(
            (
                np.concatenate([n for _, n in grams]) if grams else np.zeros(0),
                np.concatenate([c for c, _ in grams]) if grams else np.zeros(0, dtype=np.int32),
                indptr,
            ),
            shape=(len(grams), len(self.vocabulary_)),
        )
        counts = (occurrences @ per_word).tocsr()
        counts.sort_indices()
        return counts

    def _counts_per_text(self, texts: list[str]) -> sparse.csr_matrix:
        analyzer = self._cached_analyzer()
        vocabulary = self.vocabulary_
        indptr = [0]
        indices: list[int] = []
        counts: list[int] = []
        for text in texts:
            row: dict[int, int] = {}
            for term in analyzer(text):
                j = vocabulary.get(term)
                if j is not None:
                    row[j] = row.get(j, 0) + 1
            indices.extend(row)
            counts.extend(row.values())
            indptr.append(len(indices))
        matrix = sparse.csr_matrix(
            (
                np.asarray(counts, dtype=np.float64),
                np.asarray(indices, dtype=np.int32),
                np.asarray(indptr, dtype=np.int64),
            ),
            shape=(len(texts), len(vocabulary)),
        )
        matrix.sort_indices()
        return matrix

    def _weights(self, data: np.ndarray, cols: np.ndarray, bounds: np.ndarray) -> np.ndarray:
        """Counts -> tf-idf values, for all rows at once (``bounds``: the rows' CSR indptr)."""
        if self.sublinear_tf:
            data = np.log(data) + 1.0 if len(data) else data
        if self.use_idf:
            data = data * self.idf_[cols]
        if self.norm in ("l1", "l2") and len(data):
            per_row = np.abs(data) if self.norm == "l1" else data * data
            sums = np.add.reduceat(per_row, np.minimum(bounds[:-1], len(data) - 1))
            sums[bounds[:-1] == bounds[1:]] = 1.0  # empty rows stay empty
            norms = sums if self.norm == "l1" else np.sqrt(sums)
            data = data / np.repeat(norms, np.diff(bounds))
        return data.astype(self.dtype, copy=False)

    def transform(self, raw_documents: Iterable[str]):
        texts = check_texts(raw_documents, "raw_documents")
        counts = self._counts_per_word(texts) if self._per_word() else self._counts_per_text(texts)
        # The arithmetic runs once on the whole batch, not per row.
        bounds = counts.indptr.astype(np.int64, copy=False)
        data = self._weights(counts.data, counts.indices, bounds)
        return sparse.csr_matrix((data, counts.indices, bounds), shape=(len(texts), len(self.vocabulary_)))

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(sorted columns, values) of one text's row: ``transform([text])`` without building a matrix."""
        if self._per_word():
            parts = [self.word_ngrams(w) for w in self.build_preprocessor()(self.decode(text)).split()]
            if len(parts) == 1:
                cols, counts = parts[0]
            elif parts:
                cols, where = np.unique(np.concatenate([c for c, _ in parts]), return_inverse=True)
                counts = np.bincount(
                    where, weights=np.concatenate([n for _, n in parts]), minlength=len(cols)
                )
            else:
                cols, counts = np.zeros(0, dtype=np.int32), np.zeros(0)
        else:
            row: dict[int, int] = {}
            vocabulary = self.vocabulary_
            for term in self._cached_analyzer()(text):
                j = vocabulary.get(term)
                if j is not None:
                    row[j] = row.get(j, 0) + 1
            cols = np.fromiter(sorted(row), dtype=np.int32, count=len(row))
            counts = np.fromiter((row[j] for j in cols.tolist()), dtype=np.float64, count=len(row))
        return cols, self._weights(counts, cols, np.array([0, len(cols)], dtype=np.int64))


class OneRow:
    """One feature row as sorted (columns, values): what the scoring code reads of a CSR matrix
    (``indptr``, ``indices``, ``data``, ``shape``, ``@ vector``, row selection), without scipy.sparse.

    Building a CSR matrix for one headline costs more than scoring it; ``SequentialUnion.transform_one``
    returns this instead for the single-headline path.
    """

    def __init__(self, indices: np.ndarray, data: np.ndarray, n_columns: int):
        self.indices = indices
        self.data = data
        self.indptr = np.array([0, len(indices)], dtype=np.int64)
        self.shape = (1, n_columns)

    def sort_indices(self) -> None:
        """Already sorted."""

    def __matmul__(self, vector: np.ndarray) -> np.ndarray:
        return np.array([float(np.dot(self.data, vector[self.indices]))])

    def __getitem__(self, rows) -> OneRow:
        rows = np.asarray(rows).ravel()
        if len(rows) == 1 and rows[0] == 0:
            return self
        if len(rows) == 0:
            empty = OneRow(self.indices[:0], self.data[:0], self.shape[1])
            empty.indptr = np.zeros(1, dtype=np.int64)
            empty.shape = (0, self.shape[1])
            return empty
        raise IndexError("a OneRow holds row 0 only")


class SequentialUnion(FeatureUnion):
    """``FeatureUnion`` that transforms its members in turn, without a joblib dispatch per call."""

    def transform_one(self, text: str) -> OneRow:
        """The feature row of one text, equal to ``transform([text])``'s, without scipy.sparse."""
        indices, values = [], []
        offset = 0
        weights = self.transformer_weights or {}
        for name, transformer in self.transformer_list:
            if transformer == "drop":
                continue
            if isinstance(transformer, LeanTfidf):
                cols, vals = transformer.transform_one(text)
                width = len(transformer.vocabulary_)
            else:
                block = lean_transform(transformer, [text])
                # scipy-stubs narrow issparse() to an empty ABC without toarray(); the object is a sparse matrix.
                dense = block.toarray() if sparse.issparse(block) else block  # type: ignore[attr-defined]
                row = np.asarray(dense, dtype=np.float64)[0]
                cols = np.flatnonzero(row)
                vals = row[cols]
                width = len(row)
            vals = vals.astype(np.float64)
            if name in weights:
                vals = vals * weights[name]
            indices.append(cols.astype(np.int64) + offset)
            values.append(vals)
            offset += width
        keep = [v != 0 for v in values]  # scipy drops explicit zeros when it stacks the blocks
        return OneRow(
            np.concatenate([i[k] for i, k in zip(indices, keep, strict=True)]).astype(np.int32),
            np.concatenate([v[k] for v, k in zip(values, keep, strict=True)]),
            offset,
        )

    def transform(self, X):
        blocks: list[
            Any
        ] = []  # each transformer's own sparse class (scipy's stubs type issparse() too narrowly)
        weights = self.transformer_weights or {}
        for name, transformer in self.transformer_list:
            if transformer == "drop":
                continue
            block = lean_transform(transformer, X)
            if name in weights:
                block = block * weights[name]
            blocks.append(sparse.csr_matrix(block) if not sparse.issparse(block) else block)
        return sparse.hstack(blocks, format="csr")


def lean_transform(step, X):
    """Transform through ``step``; a ``Pipeline`` is walked step by step to skip its checks."""
    if isinstance(step, Pipeline):
        for _, inner in step.steps:
            if inner is None or inner == "passthrough":
                continue
            X = lean_transform(inner, X)
        return X
    return step.transform(X)


def lean_predict_proba(pipeline: Pipeline, texts: list[str]) -> np.ndarray:
    """``pipeline.predict_proba(texts)[:, 1]`` for a pipeline ending in a binary ``LogisticRegression``."""
    X = texts
    for _, step in pipeline.steps[:-1]:
        X = lean_transform(step, X)
    final = pipeline.steps[-1][1]
    if isinstance(final, LogisticRegression) and final.coef_.shape[0] == 1:
        z = np.asarray(X @ final.coef_[0]).ravel() + final.intercept_[0]
        return 1.0 / (1.0 + np.exp(-z))
    return final.predict_proba(X)[:, 1]
