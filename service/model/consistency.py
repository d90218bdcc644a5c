"""Headline–body consistency: does the body support, dispute or ignore the headline?

Trained on FNC-1 (Pomerleau & Rao 2017): each (headline, body) pair is ``unrelated``,
``discuss``, ``agree`` or ``disagree``. ``PairFeatures`` turns a pair into the
features of the FNC-1 literature (TF-IDF cosine of headline and body, of the headline
and the lead, best-matching sentence; word, bigram, number and capitalised-name
overlap; refuting, hedging and negation words near the matching sentences) and
``ConsistencyModel`` puts a gradient-boosted tree classifier on top. Both are pickled
into the model bundle under ``"consistency"``, so this module imports only the
standard library, numpy, scikit-learn and other ``service.model`` modules; the FNC-1 loader,
the trainer and the metric are fit-time code (``training/consistency_fit.py``).
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable

import numpy as np
from scipy.sparse import csr_matrix
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.utils.validation import check_is_fitted

from service.model.features import STOP_WORDS
from service.model.readability import sentence_spans

__all__ = [
    "PAIR_FEATURE_NAMES",
    "STANCES",
    "ConsistencyModel",
    "PairFeatures",
    "check_pairs",
    "content_tokens",
]


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


STANCES = ("unrelated", "discuss", "agree", "disagree")
_RAW = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+")
# Word lists after the FNC-1 baseline (refuting) and the hedging literature (Hyland 1998).
REFUTING = _wordset(
    """fake fraud hoax false deny denies denied denying not despite nope doubt doubts bogus debunk
    debunked debunks prank pranks retract retracts retracted myth untrue fabricated fabrication satire
    satirical misleading no never rumor rumour unfounded refute refuted refutes dismiss dismissed"""
)
HEDGING = _wordset(
    """reportedly allegedly alleged according claim claims claimed rumored rumoured unconfirmed unverified
    may might could possibly apparently suggest suggests appears purportedly speculation speculated
    believed reports report reported says said if whether supposedly unclear"""
)
NEGATION = _wordset("not no never none nothing nobody neither nor n't cannot without")

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


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_tokens(text: str) -> list[str]:
    """Lower-case, lightly stemmed tokens without stop words (the TF-IDF analyzer)."""
    return _content(_raw_tokens(text))


def _content(raw: list[str]) -> list[str]:
    return [_stem(w.split("'")[0]) for w in raw if w not in STOP_WORDS and len(w) > 1]


def _raw_tokens(text: str) -> list[str]:
    return _RAW.findall(text.lower().replace("’", "'"))


def _names(text: str) -> set[str]:
    return {m.group().lower() for m in _CAPITALISED.finditer(text)} - STOP_WORDS


def _bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(itertools.pairwise(tokens))


def _share(part: set, whole: set) -> float:
    return len(part & whole) / len(part) if part else 0.0


def check_pairs(pairs: Iterable, name: str = "pairs") -> list[tuple[str, str]]:
    """Validate a list of (headline, body) string pairs; a bare string is refused."""
    if isinstance(pairs, str | bytes):
        raise ValueError(f"{name}: a list of (headline, body) pairs is expected, not a single string")
    out = []
    for i, pair in enumerate(pairs):
        if isinstance(pair, str | bytes) or len(pair) != 2:
            raise ValueError(f"{name}[{i}]: expected a (headline, body) pair")
        headline, body = pair
        if not isinstance(headline, str) or not isinstance(body, str):
            raise ValueError(f"{name}[{i}]: headline and body must both be str")
        out.append((headline, body))
    return out


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
        raw = [_raw_tokens(body[s:e]) for s, e in spans]
        content = [_content(r) for r in raw]
        tokens = [t for c in content for t in c]
        mat = self._vectors([tokens, content[0] + (content[1] if len(content) > 1 else []), *content])
        info.vec, info.lead_vec, info.sentences = mat[0], mat[1], mat[2:]
        info.tokens = set(tokens)
        info.lead_tokens = set(content_tokens(body[:255]))
        info.bigrams = _bigrams(tokens)
        info.numbers = set(_NUMBER.findall(body))
        info.names = _names(body) | info.tokens
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
            "bigrams": _bigrams(tokens),
            "n_tokens": len(tokens),
            "raw": _raw_tokens(headline),
            "numbers": set(_NUMBER.findall(headline)),
            "names": _names(headline),
            "idf": {t: self.idf_.get(t, self.default_idf_) for t in unique},
            "question": "?" in headline,
        }

    def _pair(self, head: dict, info: _Body) -> tuple[list[float], np.ndarray]:
        hvec = head["vec"]
        sims = np.asarray(info.sentences @ hvec).ravel()
        order = np.argsort(-sims, kind="stable")[:3]
        hset = head["tokens"]
        numbers, names, hraw = head["numbers"], head["names"], head["raw"]
        idf_total = sum(head["idf"].values())
        idf_hit = sum(v for t, v in head["idf"].items() if t in info.tokens)
        union = hset | info.tokens
        features = [
            float((info.vec @ hvec)[0]),
            float((info.lead_vec @ hvec)[0]),
            float(sims[order[0]]) if len(sims) else 0.0,
            float(sims[order].mean()) if len(sims) else 0.0,
            float(order[0] / max(len(sims) - 1, 1)) if len(sims) else 0.0,
            _share(hset, info.tokens),
            _share(hset, info.lead_tokens),
            idf_hit / idf_total if idf_total else 0.0,
            len(hset & info.tokens) / len(union) if union else 0.0,
            _share(head["bigrams"], info.bigrams),
            float(bool(numbers)),
            _share(numbers, info.numbers),
            float(bool(names)),
            _share(names, info.names),
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


def _flatten_booster(clf: HistGradientBoostingClassifier) -> dict[str, np.ndarray]:
    """The booster's trees as flat arrays, so one row is scored without ~800 OpenMP calls.

    ``HistGradientBoostingClassifier.predict_proba`` calls a threaded predictor once per
    tree and class; on a single article that overhead dominates (milliseconds on a busy
    machine). Walking all trees at once in numpy gives the same numbers in ~0.2 ms.
    """
    feature, threshold, nan_left, left, right, leaf, value, roots, tree_class = (
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
        [],
    )
    offset = 0
    for iteration in clf._predictors:
        for k, predictor in enumerate(iteration):
            nodes = predictor.nodes
            if np.any(nodes["is_categorical"]):
                raise ValueError("categorical splits are not supported")
            roots.append(offset)
            tree_class.append(k)
            feature.append(nodes["feature_idx"].astype(np.int32))
            threshold.append(nodes["num_threshold"].astype(np.float64))
            nan_left.append(nodes["missing_go_to_left"].astype(bool))
            left.append(nodes["left"].astype(np.int32) + offset)
            right.append(nodes["right"].astype(np.int32) + offset)
            leaf.append(nodes["is_leaf"].astype(bool))
            value.append(nodes["value"].astype(np.float64))
            offset += len(nodes)
    return {
        "feature": np.concatenate(feature),
        "threshold": np.concatenate(threshold),
        "nan_left": np.concatenate(nan_left),
        "left": np.concatenate(left),
        "right": np.concatenate(right),
        "leaf": np.concatenate(leaf),
        "value": np.concatenate(value),
        "roots": np.asarray(roots, dtype=np.int32),
        "tree_class": np.asarray(tree_class, dtype=np.int32),
        "baseline": np.asarray(clf._baseline_prediction, dtype=np.float64).ravel(),
    }


def _predict_flat(trees: dict[str, np.ndarray], X: np.ndarray, chunk: int = 2048) -> np.ndarray:
    """Softmax probabilities of the flattened booster (multi-class log loss)."""
    n_classes = len(trees["baseline"])
    out = np.empty((len(X), n_classes))
    for start in range(0, len(X), chunk):
        x = X[start : start + chunk]
        rows = np.arange(len(x))[:, None]
        node = np.broadcast_to(trees["roots"], (len(x), len(trees["roots"]))).copy()
        while True:
            active = ~trees["leaf"][node]
            if not active.any():
                break
            values = x[rows, trees["feature"][node]]
            go_left = np.where(np.isnan(values), trees["nan_left"][node], values <= trees["threshold"][node])
            step = np.where(go_left, trees["left"][node], trees["right"][node])
            node = np.where(active, step, node)
        raw = np.tile(trees["baseline"], (len(x), 1))
        leaf_values = trees["value"][node]
        for k in range(n_classes):
            raw[:, k] += leaf_values[:, trees["tree_class"] == k].sum(axis=1)
        raw -= raw.max(axis=1, keepdims=True)
        proba = np.exp(raw)
        out[start : start + chunk] = proba / proba.sum(axis=1, keepdims=True)
    return out


class ConsistencyModel(ClassifierMixin, BaseEstimator):
    """FNC-1 stance of a body towards a headline: unrelated / discuss / agree / disagree.

    Parameters
    ----------
    max_features : int, default=5000
    max_iter : int, default=200
        Boosting rounds of the ``HistGradientBoostingClassifier``.
    learning_rate : float, default=0.1
    min_samples_leaf : int, default=20
        Of the booster's trees (tiny test sets need 1).
    columns : tuple of str or None, default=None
        Use only these ``PAIR_FEATURE_NAMES`` (for ablations); ``None`` uses all.
    random_state : int, default=0
    keep_booster : bool, default=False
        Keep the fitted ``HistGradientBoostingClassifier`` in ``clf_`` (for checks);
        prediction always uses the flattened trees.

    Attributes
    ----------
    features_ : PairFeatures
    trees_ : dict of ndarray
        The booster's trees as flat arrays.
    clf_ : HistGradientBoostingClassifier or None
    classes_ : ndarray of str
    columns_ : ndarray of int

    Examples
    --------
    >>> pairs = [("Cat saved", "The cat was saved."), ("Tax rises", "The cat was saved.")]
    >>> m = ConsistencyModel(max_iter=5).fit(pairs, ["agree", "unrelated"])
    >>> m.predict_proba([("Cat saved", "A cat.")]).shape
    (1, 2)
    """

    def __init__(
        self,
        max_features: int = 5000,
        max_iter: int = 200,
        learning_rate: float = 0.1,
        min_samples_leaf: int = 20,
        columns: tuple[str, ...] | None = None,
        random_state: int = 0,
        keep_booster: bool = False,
    ):
        self.max_features = max_features
        self.max_iter = max_iter
        self.learning_rate = learning_rate
        self.min_samples_leaf = min_samples_leaf
        self.columns = columns
        self.random_state = random_state
        self.keep_booster = keep_booster

    def fit(self, X: Iterable, y: Iterable[str], features: np.ndarray | None = None) -> ConsistencyModel:
        pairs = check_pairs(X, "X")
        labels = np.asarray(list(y), dtype=object)
        if len(labels) != len(pairs):
            raise ValueError(f"y: {len(labels)} labels for {len(pairs)} pairs")
        unknown = set(labels) - set(STANCES)
        if unknown:
            raise ValueError(f"y: unknown stance(s) {sorted(unknown)}; expected {STANCES}")
        self.features_ = PairFeatures(max_features=self.max_features).fit(pairs)
        names = list(PAIR_FEATURE_NAMES)
        self.columns_ = np.asarray([names.index(c) for c in (self.columns or names)])
        matrix = self.features_.transform(pairs) if features is None else features
        self.clf_ = HistGradientBoostingClassifier(
            max_iter=self.max_iter,
            learning_rate=self.learning_rate,
            min_samples_leaf=self.min_samples_leaf,
            early_stopping=False,
            random_state=self.random_state,
        ).fit(matrix[:, self.columns_], labels.astype(str))
        self.classes_ = self.clf_.classes_
        self.trees_ = _flatten_booster(self.clf_)
        if not self.keep_booster:
            self.clf_ = None
        self.n_features_in_ = 2
        return self

    def predict_proba(self, X: Iterable) -> np.ndarray:
        check_is_fitted(self, "trees_")
        matrix = self.features_.transform(X)
        if len(matrix) == 0:
            return np.zeros((0, len(self.classes_)))
        return _predict_flat(self.trees_, matrix[:, self.columns_])

    def predict(self, X: Iterable) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def explain(self, headline: str, body: str, top_k: int = 3) -> dict:
        """Label, score and the sentences that support or contradict the headline.

        ``score`` is P(agree) + P(discuss): the probability that the body is about the
        headline's story and does not dispute it. Supporting sentences are the ones most
        similar to the headline; contradicting ones are similar sentences that carry
        refuting or negation words (heuristic: the model is trained per pair, not per
        sentence).
        """
        check_is_fitted(self, "trees_")
        check_pairs([(headline, body)])
        matrix, rows = self.features_.sentence_evidence(headline, body)
        proba = _predict_flat(self.trees_, matrix[:, self.columns_])[0]
        probabilities = {str(c): round(float(p), 4) for c, p in zip(self.classes_, proba, strict=True)}
        label = str(self.classes_[int(np.argmax(proba))])
        related = [r for r in rows if r[3] > 0.1]
        related.sort(key=lambda r: -r[3])
        supporting = [r for r in related if r[4] == 0][:top_k] if label != "unrelated" else []
        contradicting = sorted((r for r in related if r[4] > 0), key=lambda r: -(r[3] * min(r[4], 3)))[:top_k]
        if label == "unrelated":
            contradicting = []

        def as_dicts(items: list) -> list[dict]:
            return [{"text": t, "start": s, "end": e, "score": round(sim, 4)} for t, s, e, sim, _ in items]

        return {
            "label": label,
            "score": round(probabilities.get("agree", 0.0) + probabilities.get("discuss", 0.0), 4),
            "probabilities": probabilities,
            "supporting": as_dicts(supporting),
            "contradicting": as_dicts(contradicting),
        }
