"""Lean versions of scikit-learn steps: their parents' fitting, the runtime form's arithmetic.

scikit-learn spends most of a one-row ``transform`` on input validation, parameter
checks, dataframe detection and a joblib dispatch inside ``FeatureUnion``: about
10 ms per call on this project's pipeline, against microseconds of arithmetic.
These subclasses keep the fitting code of their parents (so the learned state is
exactly scikit-learn's) and replace ``transform`` with the scikit-learn-free code the
bundle's runtime form runs (``service.model.tfidf``, ``cues``, ``runtime``), so training
and serving compute through one implementation. ``tests/training/test_lean.py`` checks
every one against its parent's ``transform`` on the same fitted state.

Imports: numpy, scipy and scikit-learn only (joblib pickles this module's path).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from service.model.cues import standardize
from service.model.heads import linear_score, logistic
from service.model.runtime import OneRow, dense_row, merge_row, stack_blocks
from service.model.tfidf import TfidfBlock

__all__ = ["LeanScaler", "LeanTfidf", "SequentialUnion", "lean_transform", "lean_predict_proba"]


class LeanScaler(StandardScaler):
    """``StandardScaler`` whose ``transform`` is just ``(X - mean_) / scale_`` on a dense array."""

    def transform(self, X, copy=None):
        return standardize(X, self.mean_ if self.with_mean else None, self.scale_ if self.with_std else None)


class LeanTfidf(TfidfVectorizer):
    """``TfidfVectorizer`` whose ``transform`` is its compiled ``TfidfBlock``'s.

    Same analyzer, vocabulary, sublinear tf, idf and l2 norm as the parent; fitting is the
    parent's own. The block (with its per-word n-gram cache) is made once per fitted
    vectoriser and not pickled; a setting the block does not reproduce falls back to the
    parent's ``transform``.
    """

    vocabulary_: dict[str, int]  # set by fit (as plain ints: see _plain_vocabulary)

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
        self.__dict__.pop("_block", None)  # a refit must not answer from the old vocabulary

    def __getstate__(self):
        state = super().__getstate__()
        # _stop_words_id is scikit-learn's cache of id(stop_words), a memory address: kept, it made two
        # identical trainings write different bytes. Without it scikit-learn just checks again.
        for key in ("_block", "_word_cache", "_analyzer", "_stop_words_id"):
            state.pop(key, None)
        return state

    def block(self) -> TfidfBlock | None:
        """The compiled form (``None`` for settings it does not reproduce), made once."""
        if "_block" not in self.__dict__:
            try:
                self.__dict__["_block"] = TfidfBlock.from_vectorizer(self)
            except ValueError:
                self.__dict__["_block"] = None
        return self.__dict__["_block"]

    def transform(self, raw_documents):
        block = self.block()
        return block.transform(raw_documents) if block is not None else super().transform(raw_documents)

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(sorted columns, values) of one text's row: ``transform([text])`` without building a matrix."""
        block = self.block()
        if block is not None:
            return block.transform_one(text)
        return dense_row(np.asarray(super().transform([text]).toarray(), dtype=np.float64)[0])


class SequentialUnion(FeatureUnion):
    """``FeatureUnion`` that transforms its members in turn, without a joblib dispatch per call."""

    def _members(self) -> list[tuple[str, Any, float | None]]:
        weights = self.transformer_weights or {}
        return [(n, t, weights.get(n)) for n, t in self.transformer_list if t != "drop"]

    def transform_one(self, text: str) -> OneRow:
        """The feature row of one text, equal to ``transform([text])``'s, without scipy.sparse."""
        parts = []
        for _, transformer, weight in self._members():
            if isinstance(transformer, LeanTfidf):
                cols, vals = transformer.transform_one(text)
                width = len(transformer.vocabulary_)
            else:
                block = lean_transform(transformer, [text])
                dense = block.toarray() if hasattr(block, "toarray") else block
                row = np.asarray(dense, dtype=np.float64)[0]
                (cols, vals), width = dense_row(row), len(row)
            parts.append((cols, vals, width, weight))
        return merge_row(parts)

    def transform(self, X):
        blocks = []
        for _, transformer, weight in self._members():
            block = lean_transform(transformer, X)
            blocks.append(block * weight if weight is not None else block)
        return stack_blocks(blocks)


def lean_transform(step, X):
    """Transform through ``step``; a ``Pipeline`` is walked step by step to skip its checks."""
    if isinstance(step, Pipeline):
        for _, inner in step.steps:
            if inner is None or inner == "passthrough":
                continue
            X = lean_transform(inner, X)
        return X
    return step.transform(X)


def lean_predict_proba(pipeline, texts: list[str]) -> np.ndarray:
    """``pipeline.predict_proba(texts)[:, 1]`` for a pipeline ending in a binary ``LogisticRegression``
    (or for a compiled runtime form, which computes the same)."""
    if not isinstance(pipeline, Pipeline):
        return pipeline.predict_proba(texts)[:, 1]
    X = texts
    for _, step in pipeline.steps[:-1]:
        X = lean_transform(step, X)
    final = pipeline.steps[-1][1]
    if isinstance(final, LogisticRegression) and final.coef_.shape[0] == 1:
        return logistic(linear_score(X, final.coef_[0], final.intercept_[0]))
    return final.predict_proba(X)[:, 1]
