"""The fitted models in runtime form: what scoring a headline needs, without scikit-learn.

Importing scikit-learn costs more than half a second (``sklearn.base`` pulls in scipy.stats), which
is most of a cold ``headline score``. So when a bundle is saved, its fitted clickbait ``Pipeline``
and hyperbole model are compiled (``service.model.runtime_build``) into these plain objects, which
hold the learnt arrays and word lists and compute through the same scikit-learn-free functions the
pipelines' own steps call (``cues``, ``tfidf``, ``heads``, ``hyperbole_rules``). The pipelines stay
in the bundle, unpickled only by what needs them (training, evaluation).

``ClickbaitRuntime`` keeps the pipeline's shape (``named_steps["features"]`` with its
``transformer_list`` and feature names, ``named_steps["clf"]`` with ``coef_``), so explanations and
evaluation read either form alike.

Imports: the standard library, numpy and ``service.model`` (scipy.sparse lazily, for batches).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from service.model.cues import CUE_NAMES, CueExtractor, standardize
from service.model.heads import ClickbaitLinear, linear_score, logistic
from service.model.hyperbole_rules import HyperboleFeatures
from service.model.text_rules import check_texts
from service.model.tfidf import TfidfBlock, paired_counts

__all__ = [
    "ClickbaitRuntime",
    "CueBlock",
    "HyperboleRuntime",
    "OneRow",
    "RuntimeUnion",
    "merge_row",
    "stack_blocks",
]

Scaling = tuple[np.ndarray | None, np.ndarray | None]


class OneRow:
    """One feature row as sorted (columns, values): what the scoring code reads of a CSR matrix
    (``indptr``, ``indices``, ``data``, ``shape``, ``@ vector``, row selection), without scipy.sparse.

    Building a CSR matrix for one headline costs more than scoring it; ``transform_one`` returns this.
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


def stack_blocks(blocks: Sequence[Any]) -> Any:
    """Feature blocks (dense arrays or sparse matrices, one row per text) side by side, as CSR."""
    from scipy import sparse

    matrices: list[Any] = [block if sparse.issparse(block) else sparse.csr_matrix(block) for block in blocks]
    return sparse.hstack(matrices, format="csr")


def merge_row(parts: Sequence[tuple[np.ndarray, np.ndarray, int, float | None]]) -> OneRow:
    """One text's blocks, each (columns, values, width, weight or None), as one ``OneRow``; explicit
    zeros are dropped, as scipy drops them when it stacks the blocks."""
    indices, values, offset = [], [], 0
    for cols, vals, width, weight in parts:
        vals = vals.astype(np.float64, copy=False)
        if weight is not None:
            vals = vals * weight
        keep = vals != 0
        indices.append(cols[keep].astype(np.int64) + offset)
        values.append(vals[keep])
        offset += width
    return OneRow(np.concatenate(indices).astype(np.int32), np.concatenate(values), offset)


def dense_row(row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(columns, values) of the non-zero entries of a dense row."""
    cols = np.flatnonzero(row)
    return cols, row[cols]


class CueBlock:
    """The scaled cue block: ``CueExtractor`` then the fitted standardisations, in order."""

    def __init__(self, extractor: CueExtractor, scalings: Sequence[Scaling]):
        self.extractor = extractor
        self.scalings = list(scalings)
        self.width = len(CUE_NAMES)

    def transform(self, X: Iterable[str]) -> np.ndarray:
        out = self.extractor.transform(X)
        for mean, scale in self.scalings:
            out = standardize(out, mean, scale)
        return out

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        return dense_row(self.transform([text])[0])

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.asarray(CUE_NAMES, dtype=object)


class RuntimeUnion:
    """The compiled feature union: its blocks side by side, each times its weight (if any).

    ``blocks`` are ``CueBlock`` / ``TfidfBlock`` objects (``transform``, ``transform_one``, ``width``).
    """

    def __init__(self, blocks: Sequence[tuple[str, Any, float | None]]):
        self.blocks = list(blocks)

    @property
    def transformer_list(self) -> list[tuple[str, Any]]:
        return [(name, block) for name, block, _ in self.blocks]

    @property
    def width(self) -> int:
        return sum(block.width for _, block, _ in self.blocks)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.concatenate(
            [
                np.asarray([f"{name}__{n}" for n in block.get_feature_names_out()], dtype=object)
                for name, block, _ in self.blocks
            ]
        )

    def transform(self, X: Iterable[str]) -> Any:
        """The batch's feature rows as one CSR matrix."""
        texts = check_texts(X)
        shared = self._shared_counts(texts)
        blocks = []
        for _, block, weight in self.blocks:
            values = block.finish(shared[id(block)]) if id(block) in shared else block.transform(texts)
            blocks.append(values * weight if weight is not None else values)
        return stack_blocks(blocks)

    def _shared_counts(self, texts: list[str]) -> dict[int, Any]:
        """Raw counts of a char and a word TF-IDF block computed together (``tfidf.paired_counts``),
        by block id; empty when the union has no such pair or the pair cannot share."""
        chars = [b for _, b, _ in self.blocks if isinstance(b, TfidfBlock) and b.analyzer == "char_wb"]
        words = [b for _, b, _ in self.blocks if isinstance(b, TfidfBlock) and b.analyzer == "word"]
        if len(chars) != 1 or len(words) != 1 or len(texts) < 2:
            return {}
        found = paired_counts(chars[0], words[0], texts)
        return {} if found is None else {id(chars[0]): found[0], id(words[0]): found[1]}

    def transform_one(self, text: str) -> OneRow:
        """The feature row of one text, equal to ``transform([text])``'s, without scipy.sparse."""
        return merge_row(
            [(*block.transform_one(text), block.width, weight) for _, block, weight in self.blocks]
        )


class ClickbaitRuntime:
    """The compiled clickbait pipeline: ``RuntimeUnion`` features, then the ``ClickbaitLinear`` head."""

    def __init__(self, features: RuntimeUnion, head: ClickbaitLinear):
        self.features = features
        self.head = head

    @property
    def named_steps(self) -> dict[str, Any]:
        return {"features": self.features, "clf": self.head}

    @property
    def steps(self) -> list[tuple[str, Any]]:
        return list(self.named_steps.items())

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """(P(not clickbait), P(clickbait)) of each text, as ``Pipeline.predict_proba``."""
        return self.head.predict_proba(self.features.transform(X))


class HyperboleRuntime:
    """The compiled hyperbole model: features, standardisations, then a binary logistic regression."""

    def __init__(
        self, features: HyperboleFeatures, scalings: Sequence[Scaling], coef: np.ndarray, intercept: float
    ):
        self.features = features
        self.scalings = list(scalings)
        self.coef = np.asarray(coef, dtype=np.float64).ravel()
        self.intercept = float(intercept)

    def probability(self, X: Iterable[str]) -> np.ndarray:
        """P(hyperbolic) of each text."""
        out = self.features.transform(X)
        for mean, scale in self.scalings:
            out = standardize(out, mean, scale)
        return logistic(linear_score(out, self.coef, self.intercept))

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        p = self.probability(X)
        return np.column_stack((1.0 - p, p))
