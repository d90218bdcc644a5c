"""TF-IDF of fitted vocabularies without scikit-learn: the one implementation of the transform.

``TfidfBlock`` holds what a fitted ``TfidfVectorizer`` learnt (vocabulary, idf, the analyzer's
settings) and computes its rows: scikit-learn's word and ``char_wb`` analyzers, sublinear tf,
idf and the l1/l2 norm, written out so that a headline is scored without importing
scikit-learn. ``LeanTfidf.transform`` (the pickled training step) calls this code too, and
``tests/training/test_lean.py`` checks it against scikit-learn's own ``transform``.

A ``char_wb`` vectoriser never lets an n-gram cross a space, so a headline's counts are the sum
of its words' counts: those are cached per word (``word_ngrams``), and a batch gathers its words'
cached counts and adds them up with one sort (``char_grams.counts_of_rows``); next to a word block,
per whitespace token of the batch split shared with the other feature rows (``paired_counts``).
One text (``transform_one``) never builds a scipy matrix; a batch imports ``scipy.sparse`` on first use.

Imports: the standard library and numpy (scipy.sparse lazily, for batches).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from service.model.char_grams import GramTable, batch_counts, counts_of_rows, token_ids
from service.model.text_rules import check_texts
from service.model.word_grams import SAFE_TOKEN_PATTERNS, WordGrams
from service.model.word_table import TokenGrams

__all__ = ["TfidfBlock", "char_wb_ngrams", "word_ngrams"]

WORD_CACHE_LIMIT = 200_000
ONE_ROW = np.zeros(1, dtype=np.intp)  # the reduceat bounds of a single row
_WHITE_SPACES = re.compile(r"\s\s+")
# What the block reproduces of a TfidfVectorizer; any other setting is refused by from_vectorizer.
SUPPORTED = {"input": "content", "binary": False, "preprocessor": None, "tokenizer": None, "stop_words": None}


def word_ngrams(tokens: list[str], ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's ``_word_ngrams`` without stop words: the tokens, then their joined n-grams."""
    min_n, max_n = ngram_range
    if max_n == 1:
        return tokens
    grams = list(tokens) if min_n == 1 else []
    if min_n <= 2 and len(tokens) > 1:  # the bigrams (the common case), without the general loop
        grams += [a + " " + b for a, b in itertools.pairwise(tokens)]
    min_n = max(min_n, 3)
    for n in range(min_n, min(max_n + 1, len(tokens) + 1)):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
    return grams


def char_wb_ngrams(text: str, ngram_range: tuple[int, int]) -> list[str]:
    """scikit-learn's ``_char_wb_ngrams``: n-grams of each space-padded word, never across words."""
    min_n, max_n = ngram_range
    grams: list[str] = []
    for w in _WHITE_SPACES.sub(" ", text).split():
        w = " " + w + " "
        w_len = len(w)
        for n in range(min_n, max_n + 1):
            offset = 0
            grams.append(w[offset : offset + n])
            while offset + n < w_len:
                offset += 1
                grams.append(w[offset : offset + n])
            if offset == 0:  # a short word (w_len < n) is counted once
                break
    return grams


def _cache_limit() -> int:
    return WORD_CACHE_LIMIT


def _lower(text: str) -> str:
    return text.lower()


def _same(text: str) -> str:
    return text


class TfidfBlock:
    """The fitted state of a word or ``char_wb`` TF-IDF vectoriser, and its transform.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Term -> column (shared with the vectoriser it was made from, not copied).
    idf_ : ndarray or None
        ``None`` when the vectoriser does not use idf.
    """

    def __init__(
        self,
        vocabulary: dict[str, int],
        idf: np.ndarray | None,
        *,
        analyzer: str,
        ngram_range: tuple[int, int],
        lowercase: bool,
        token_pattern: str | None,
        sublinear_tf: bool,
        norm: str | None,
        dtype: Any,
    ):
        if analyzer not in ("word", "char_wb"):
            raise ValueError(f"analyzer {analyzer!r} is not supported (word or char_wb)")
        if analyzer == "word" and not token_pattern:
            raise ValueError("a word analyzer needs its token_pattern")
        if norm not in ("l1", "l2", None):
            raise ValueError(f"norm {norm!r} is not supported (l1, l2 or None)")
        self.vocabulary_ = vocabulary
        self.idf_ = idf
        self.analyzer = analyzer
        self.ngram_range: tuple[int, int] = (int(ngram_range[0]), int(ngram_range[1]))
        self.lowercase = lowercase
        self.token_pattern = token_pattern
        self.sublinear_tf = sublinear_tf
        self.norm = norm
        self.dtype = dtype
        self._setup()

    @classmethod
    def from_vectorizer(cls, vectorizer: Any) -> TfidfBlock:
        """The block of a fitted ``TfidfVectorizer`` (duck-typed: scikit-learn is not imported here).

        Raises ``ValueError`` for a setting the block does not reproduce (custom analyzer,
        tokenizer, preprocessor, stop words, accent stripping, binary counts, file input)."""
        params = vectorizer.get_params()
        unsupported = [k for k, v in SUPPORTED.items() if params.get(k) != v]
        if params.get("strip_accents") is not None:
            unsupported.append("strip_accents")
        if unsupported or not isinstance(params.get("analyzer"), str):
            raise ValueError(
                f"cannot compile {type(vectorizer).__name__}: unsupported {unsupported or 'analyzer'}"
            )
        return cls(
            {term: int(j) for term, j in vectorizer.vocabulary_.items()}
            if any(type(j) is not int for j in vectorizer.vocabulary_.values())
            else vectorizer.vocabulary_,
            vectorizer.idf_ if params["use_idf"] else None,
            analyzer=params["analyzer"],
            ngram_range=params["ngram_range"],
            lowercase=params["lowercase"],
            token_pattern=params["token_pattern"],
            sublinear_tf=params["sublinear_tf"],
            norm=params["norm"],
            dtype=params["dtype"],
        )

    def _setup(self) -> None:
        """Per-process state (not pickled): the compiled token pattern and the per-word n-gram cache."""
        self._preprocess: Callable[[str], str] = _lower if self.lowercase else _same
        word = self.analyzer == "word"
        self._tokens = re.compile(self.token_pattern or "").findall if word else None
        self._word_cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._gram_table = GramTable(self.word_ngrams, _cache_limit) if not word else None

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        for key in ("_preprocess", "_tokens", "_word_cache", "_gram_table", "_word_grams", "_paired"):
            state.pop(key, None)
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._setup()

    @property
    def width(self) -> int:
        return len(self.vocabulary_)

    def build_preprocessor(self) -> Callable[[str], str]:
        """What the analyzer does to a text before splitting it (lower-casing or nothing)."""
        return self._preprocess

    def analyze(self, text: str) -> list[str]:
        """The terms of one text, as the fitted vectoriser's analyzer gives them."""
        text = self._preprocess(text)
        if self._tokens is not None:
            return word_ngrams(self._tokens(text), self.ngram_range)
        return char_wb_ngrams(text, self.ngram_range)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        names = np.empty(len(self.vocabulary_), dtype=object)
        for term, j in self.vocabulary_.items():
            names[j] = term
        return names

    def word_ngrams(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """(sorted vocabulary columns, counts) of the n-grams of one preprocessed word (``char_wb``)."""
        found = self._word_cache.get(word)
        if found is None:
            if len(self._word_cache) >= WORD_CACHE_LIMIT:
                self._word_cache.clear()
            found = self._word_cache[word] = self._term_counts(char_wb_ngrams(word, self.ngram_range))
        return found

    def _term_counts(self, terms: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
        vocabulary = self.vocabulary_
        row: dict[int, int] = {}
        for term in terms:
            j = vocabulary.get(term)
            if j is not None:
                row[j] = row.get(j, 0) + 1
        cols = np.fromiter(sorted(row), dtype=np.int32, count=len(row))
        return cols, np.fromiter((row[j] for j in cols.tolist()), dtype=np.float64, count=len(row))

    def _paired_table(self, words: TfidfBlock, grams: WordGrams) -> TokenGrams:
        """This char block's whitespace token table, holding each token's n-grams here and its token
        ids under ``words``."""
        paired = self.__dict__.get("_paired")
        if paired is None or paired[0] is not words:
            split, preprocess = words._tokens, self._preprocess
            assert split is not None

            def token_grams(token: str) -> tuple[np.ndarray, np.ndarray]:
                return self.word_ngrams(preprocess(token))

            def tokens(token: str) -> list[int]:
                return grams.token_ids(split(preprocess(token)))

            paired = self.__dict__["_paired"] = (words, TokenGrams(token_grams, tokens, _cache_limit))
        return paired[1]

    def _token_grams(self) -> WordGrams | None:
        """The vocabulary keyed by token ids (``WordGrams``), made on the first batch; ``None`` for
        a setting it does not serve (then the analyzer's terms are looked up as strings)."""
        found = self.__dict__.get("_word_grams")
        if found is None:
            found = False
            if self.analyzer == "word" and self.token_pattern in SAFE_TOKEN_PATTERNS:
                try:
                    found = WordGrams(self.vocabulary_, self.ngram_range)
                except ValueError:
                    found = False
            self.__dict__["_word_grams"] = found
        return found if isinstance(found, WordGrams) else None

    def counts(self, texts: list[str]) -> Any:
        """Raw term counts of ``texts`` as a CSR matrix with sorted indices."""
        from scipy import sparse

        if self.analyzer == "char_wb" and self._gram_table is not None:
            # str.split() is char_wb's word split; a word twice in a text is counted twice.
            words = [self._preprocess(text).split() for text in texts]
            found = batch_counts(self._gram_table, words, self.width)
            if found is not None:
                return found
        if self.analyzer == "char_wb":  # counts too large to pack in 64-bit keys: text by text
            per_text = [self.transform_counts(text) for text in texts]
            matrix = sparse.csr_matrix(
                (
                    np.concatenate([n for _, n in per_text]) if per_text else np.zeros(0),
                    np.concatenate([c for c, _ in per_text]) if per_text else np.zeros(0, dtype=np.int32),
                    _indptr([len(c) for c, _ in per_text]),
                ),
                shape=(len(texts), self.width),
            )
        elif (grams := self._token_grams()) is not None and self._tokens is not None:
            split, preprocess = self._tokens, self._preprocess
            return grams.counts([split(preprocess(text)) for text in texts], self.width)
        else:
            # Every term of the batch looked up in one pass; (row, column) keys counted by np.unique.
            terms = [self.analyze(text) for text in texts]
            lengths = np.fromiter(map(len, terms), dtype=np.int64, count=len(texts))
            get = self.vocabulary_.get
            cols = np.fromiter(
                map(get, itertools.chain.from_iterable(terms), itertools.repeat(-1)),
                dtype=np.int64,
                count=int(lengths.sum()),
            )
            rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
            known = cols >= 0
            keys, counts = np.unique(rows[known] * self.width + cols[known], return_counts=True)
            matrix = sparse.csr_matrix(
                (
                    counts.astype(np.float64),
                    (keys % self.width).astype(np.int32),
                    _indptr(np.bincount(keys // self.width, minlength=len(texts)).tolist()),
                ),
                shape=(len(texts), self.width),
            )
        matrix.sort_indices()
        return matrix

    def weights(self, data: np.ndarray, cols: np.ndarray, bounds: np.ndarray) -> np.ndarray:
        """Counts -> tf-idf values, for all rows at once (``bounds``: the rows' CSR indptr)."""
        if self.sublinear_tf:
            data = np.log(data) + 1.0 if len(data) else data
        if self.idf_ is not None:
            data = data * self.idf_[cols]
        if self.norm in ("l1", "l2") and len(data) and len(bounds) == 2:  # one non-empty row
            per_row = np.abs(data) if self.norm == "l1" else data * data
            total = np.add.reduceat(per_row, ONE_ROW)  # the batch path's reduction, on one segment
            data = data / (total if self.norm == "l1" else np.sqrt(total))
        elif self.norm in ("l1", "l2") and len(data):
            per_row = np.abs(data) if self.norm == "l1" else data * data
            # Reduced over the non-empty rows' starts only: each segment then ends where its row
            # does. (Clipping an empty last row's start to len(data) - 1 cut the row before it
            # short, so a row's values depended on the row after it.)
            filled = bounds[:-1] != bounds[1:]
            sums = np.ones(len(bounds) - 1, dtype=per_row.dtype)  # empty rows stay empty
            sums[filled] = np.add.reduceat(per_row, bounds[:-1][filled])
            norms = sums if self.norm == "l1" else np.sqrt(sums)
            data = data / np.repeat(norms, np.diff(bounds))
        return data.astype(self.dtype, copy=False)

    def transform(self, raw_documents: Iterable[str]) -> Any:
        """The tf-idf rows of ``raw_documents`` as a CSR matrix (the arithmetic runs once on the batch)."""
        texts = check_texts(raw_documents, "raw_documents")
        return self.finish(self.counts(texts))

    def finish(self, counts: Any) -> Any:
        """The tf-idf rows of raw ``counts`` (a CSR matrix with sorted columns)."""
        from scipy import sparse

        bounds = counts.indptr.astype(np.int64, copy=False)
        data = self.weights(counts.data, counts.indices, bounds)
        return sparse.csr_matrix((data, counts.indices, bounds), shape=counts.shape)

    def transform_counts(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(sorted columns, raw counts) of one text's terms."""
        if self.analyzer != "char_wb":
            return self._term_counts(self.analyze(text))
        parts = [self.word_ngrams(w) for w in self._preprocess(text).split()]
        if len(parts) == 1:
            return parts[0]
        if not parts:
            return np.zeros(0, dtype=np.int32), np.zeros(0)
        cols, where = np.unique(np.concatenate([c for c, _ in parts]), return_inverse=True)
        return cols, np.bincount(where, weights=np.concatenate([n for _, n in parts]), minlength=len(cols))

    def transform_one(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(sorted columns, values) of one text's row: ``transform([text])`` without building a matrix."""
        cols, counts = self.transform_counts(text)
        return cols, self.weights(counts, cols, np.array([0, len(cols)], dtype=np.int64))


def _indptr(lengths: list[int]) -> np.ndarray:
    indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.asarray(lengths, dtype=np.int64), out=indptr[1:])
    return indptr


def paired_counts(chars: TfidfBlock, words: TfidfBlock, texts: list[str]) -> tuple[Any, Any] | None:
    """The raw counts of a ``char_wb`` block and a word block over the same texts, from one split
    and one lookup per whitespace token (``word_table.TOKENS``, shared with the other feature rows
    of the batch) (``None`` when the pair cannot share them: then each block counts on its own).

    Both blocks must preprocess alike (lower-case or not); the word block's tokens never cross a
    space (``SAFE_TOKEN_PATTERNS``), so a text's tokens are its whitespace tokens' tokens in order,
    and each whitespace token's token ids are kept in the char block's table next to its n-grams."""
    grams = words._token_grams()
    if chars.analyzer != "char_wb" or grams is None or chars.lowercase != words.lowercase:
        return None
    table = chars._paired_table(words, grams)
    found, rows, arrays = table.lookup(texts)
    char_counts = counts_of_rows(rows, arrays[:3], found.n_tokens, chars.width)
    if char_counts is None:
        return None
    tokens, per_text = token_ids(rows, arrays[3:], found.n_tokens)
    return char_counts, grams.counts_of_ids(tokens, per_text, words.width)
