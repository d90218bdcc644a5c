"""The numeric features of a (headline, body) pair that the stance model is trained on.

``PairFeatures`` turns a pair into the features of the FNC-1 literature (Pomerleau & Rao 2017):
TF-IDF cosine of headline and body, of the headline and the lead, and of the best-matching
sentences; word, bigram, number and capitalised-name overlap; refuting, hedging and negation words
near the matching sentences. It is pickled inside ``ConsistencyModel`` (``consistency.py``), so it
imports only numpy, scipy, scikit-learn and other ``service.model`` modules; the text rules it
applies live in ``pair_text.py``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from service.model.pair_text import (
    HEDGING,
    NEGATION,
    REFUTING,
    bigrams,
    check_pairs,
    content_of,
    content_tokens,
    names,
    numbers,
    raw_tokens,
    share,
)
from service.model.readability import sentence_spans

__all__ = ["BASELINE_COLUMNS", "PAIR_FEATURE_NAMES", "PairFeatures"]

PAIR_FEATURE_NAMES: tuple[str, ...] = (
    "cos_body",
    "cos_lead",
    "cos_best_sentence",
    "cos_top3_mean",
    "best_sentence_position",
    "token_share_body",
    "token_share_lead",
    "idf_token_share_body",
    "jaccard_body",
    "bigram_share_body",
    "has_number",
    "number_share_body",
    "has_name",
    "name_share_body",
    "headline_tokens",
    "body_words_log",
    "refuting_headline",
    "hedging_headline",
    "question_headline",
    "refuting_body_rate",
    "hedging_body_rate",
    "refuting_top3",
    "hedging_top3",
    "negation_top3",
    "refuting_lead",
    "hedging_lead",
)
# The columns an FNC-1-baseline-like reference uses (overlap, refuting, co-occurrence).
BASELINE_COLUMNS = (
    "token_share_body",
    "token_share_lead",
    "jaccard_body",
    "bigram_share_body",
    "refuting_headline",
    "refuting_body_rate",
    "headline_tokens",
)


class _Body:
    """Everything about one body that does not depend on the headline (cached per body)."""

    __slots__ = (
        "bigrams",
        "hedge",
        "hedge_rate",
        "lead_hedge",
        "lead_refute",
        "lead_tokens",
        "lead_vec",
        "n_words",
        "names",
        "neg",
        "numbers",
        "refute",
        "refute_rate",
        "sentences",
        "spans",
        "tokens",
        "vec",
    )  # fmt: skip

    spans: list[tuple[int, int]]
    vec: csr_matrix  # TF-IDF of the whole body, of its lead and of each sentence
    lead_vec: csr_matrix
    sentences: csr_matrix
    tokens: set[str]
    lead_tokens: set[str]
    bigrams: set[tuple[str, str]]
    numbers: set[str]
    names: set[str]
    n_words: int
    refute: np.ndarray  # per sentence: refuting, hedging and negation words
    hedge: np.ndarray
    neg: np.ndarray
    refute_rate: float  # per 100 words
    hedge_rate: float
    lead_refute: float  # in the first two sentences
    lead_hedge: float


class PairFeatures(TransformerMixin, BaseEstimator):
    """Numeric features of (headline, body) pairs for stance and relatedness.

    Parameters
    ----------
    max_features : int, default=5000
        TF-IDF vocabulary cap (keeps the pickled model small).
    max_sentences : int, default=150
        Sentences of the body compared with the headline; later ones are ignored.

    Attributes
    ----------
    tfidf_ : TfidfVectorizer
        Fitted on the headlines and bodies given to ``fit``.
    idf_ : dict of str to float
    n_features_in_ : int

    Examples
    --------
    >>> f = PairFeatures().fit([("Cat found", "A cat was found. It was fine.")])
    >>> f.transform([("Cat found", "A cat was found.")]).shape
    (1, 26)
    """

    def __init__(self, max_features: int = 5000, max_sentences: int = 150):
        self.max_features = max_features
        self.max_sentences = max_sentences

    def fit(self, X: Iterable, y: object = None) -> PairFeatures:
        pairs = check_pairs(X, "X")
        if not pairs:
            raise ValueError("X: at least one pair is needed to fit")
        texts = sorted({h for h, _ in pairs}) + sorted({b for _, b in pairs})
        self.tfidf_ = TfidfVectorizer(
            analyzer=content_tokens, max_features=self.max_features, sublinear_tf=True, dtype=np.float32
        ).fit(texts)
        # stop_words_ holds every term cut by max_features: megabytes, only for introspection.
        if hasattr(self.tfidf_, "stop_words_"):
            del self.tfidf_.stop_words_
        vocab = self.tfidf_.vocabulary_
        idf = self.tfidf_.idf_
        self.idf_ = {term: float(idf[i]) for term, i in vocab.items()}
        self.default_idf_ = float(idf.max()) if len(idf) else 1.0
        self.n_features_in_ = 2
        return self

    def _vectors(self, token_lists: list[list[str]]) -> csr_matrix:
        """L2-normalised sublinear TF-IDF rows, as ``tfidf_.transform`` computes them, minus its overhead."""
        vocab, idf = self.tfidf_.vocabulary_, self.tfidf_.idf_
        indptr, indices, data = [0], [], []
        for tokens in token_lists:
            counts = Counter(vocab[t] for t in tokens if t in vocab)
            for j, c in counts.items():
                indices.append(j)
                data.append((1.0 + math.log(c)) * idf[j])
            indptr.append(len(indices))
        n = len(token_lists)
        values = np.asarray(data, dtype=np.float64)
        rows = np.repeat(np.arange(n), np.diff(indptr))
        norms = np.sqrt(np.bincount(rows, values**2, minlength=n))
        if len(values):
            values /= np.where(norms > 0, norms, 1.0)[rows]
        return csr_matrix((values.astype(np.float32), indices, indptr), shape=(n, len(idf)))

    def _body(self, body: str) -> _Body:
        info = _Body()
        spans = sentence_spans(body)[: self.max_sentences] or [(0, len(body))]
        info.spans = spans
        raw = [raw_tokens(body[s:e]) for s, e in spans]
        content = [content_of(r) for r in raw]
        tokens = [t for c in content for t in c]
        mat = self._vectors([tokens, content[0] + (content[1] if len(content) > 1 else []), *content])
        info.vec, info.lead_vec, info.sentences = mat[0], mat[1], mat[2:]
        info.tokens = set(tokens)
        info.lead_tokens = set(content_tokens(body[:255]))
        info.bigrams = bigrams(tokens)
        info.numbers = numbers(body)
        info.names = names(body) | info.tokens
        info.n_words = sum(map(len, raw))
        info.refute = np.array([sum(w in REFUTING for w in r) for r in raw], dtype=float)
        info.hedge = np.array([sum(w in HEDGING for w in r) for r in raw], dtype=float)
        info.neg = np.array([sum(w in NEGATION or w.endswith("n't") for w in r) for r in raw], dtype=float)
        per100 = 100.0 / max(info.n_words, 1)
        info.refute_rate = float(info.refute.sum()) * per100
        info.hedge_rate = float(info.hedge.sum()) * per100
        info.lead_refute = float(info.refute[:2].sum())
        info.lead_hedge = float(info.hedge[:2].sum())
        return info

    def _head(self, headline: str) -> dict:
        tokens = content_tokens(headline)
        unique = set(tokens)
        return {
            "vec": self._vectors([tokens]).toarray().ravel(),
            "tokens": unique,
            "bigrams": bigrams(tokens),
            "n_tokens": len(tokens),
            "raw": raw_tokens(headline),
            "numbers": numbers(headline),
            "names": names(headline),
            "idf": {t: self.idf_.get(t, self.default_idf_) for t in unique},
            "question": "?" in headline,
        }

    def _pair(self, head: dict, info: _Body) -> tuple[list[float], np.ndarray]:
        hvec = head["vec"]
        sims = np.asarray(info.sentences @ hvec).ravel()
        order = np.argsort(-sims, kind="stable")[:3]
        hset = head["tokens"]
        head_numbers, head_names, hraw = head["numbers"], head["names"], head["raw"]
        idf_total = sum(head["idf"].values())
        idf_hit = sum(v for t, v in head["idf"].items() if t in info.tokens)
        union = hset | info.tokens
        features = [
            float((info.vec @ hvec)[0]),
            float((info.lead_vec @ hvec)[0]),
            float(sims[order[0]]) if len(sims) else 0.0,
            float(sims[order].mean()) if len(sims) else 0.0,
            float(order[0] / max(len(sims) - 1, 1)) if len(sims) else 0.0,
            share(hset, info.tokens),
            share(hset, info.lead_tokens),
            idf_hit / idf_total if idf_total else 0.0,
            len(hset & info.tokens) / len(union) if union else 0.0,
            share(head["bigrams"], info.bigrams),
            float(bool(head_numbers)),
            share(head_numbers, info.numbers),
            float(bool(head_names)),
            share(head_names, info.names),
            float(head["n_tokens"]),
            float(np.log1p(info.n_words)),
            float(sum(w in REFUTING for w in hraw)),
            float(sum(w in HEDGING for w in hraw)),
            float(head["question"]),
            info.refute_rate,
            info.hedge_rate,
            float(info.refute[order].sum()),
            float(info.hedge[order].sum()),
            float(info.neg[order].sum()),
            info.lead_refute,
            info.lead_hedge,
        ]
        return features, sims

    def transform(self, X: Iterable) -> np.ndarray:
        check_is_fitted(self, "tfidf_")
        pairs = check_pairs(X, "X")
        out = np.zeros((len(pairs), len(PAIR_FEATURE_NAMES)), dtype=np.float64)
        if not pairs:
            return out
        headlines = sorted({h for h, _ in pairs})
        heads = {h: self._head(h) for h in headlines}
        bodies: dict[str, _Body] = {}
        for row, (headline, body) in enumerate(pairs):
            info = bodies.get(body)
            if info is None:
                info = bodies[body] = self._body(body)
            out[row], _ = self._pair(heads[headline], info)
        return out

    def sentence_evidence(self, headline: str, body: str) -> tuple[np.ndarray, list[tuple]]:
        """Features of one pair plus, for each sentence, (text, start, end, similarity, refuting+negation)."""
        check_is_fitted(self, "tfidf_")
        info = self._body(body)
        head = self._head(headline)
        features, sims = self._pair(head, info)
        rows = [
            (body[s:e], s, e, float(sims[i]), float(info.refute[i] + info.neg[i]))
            for i, (s, e) in enumerate(info.spans)
        ]
        return np.asarray([features]), rows

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.asarray(PAIR_FEATURE_NAMES, dtype=object)
