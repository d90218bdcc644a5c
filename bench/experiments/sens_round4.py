"""Fourth-round candidate pieces for ``sens_candidates.py`` (issue 11): Pattern subjectivity cues,
cased cues and a cased char block, ranking-oriented fits and self-training on unlabeled train-split
headlines. Experiments only: nothing here ships, and ``textblob`` is an optional extra
(``pip install '.[experiments]'``), imported only by the candidate that needs it.

Every fit here sees the training rows of one fold only; the held fold and the editor-judged test
split are never fitted on (the unlabeled headlines exclude any text that normalises to an
editor-judged row, train or test).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.stats import rankdata
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge

from training.hyperbole_fit import normalise_text
from training.sensational_fit import SENSATIONAL

WORD = re.compile(r"[A-Za-z][A-Za-z']*")
FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "with",
        "up",
        "out",
    ]
)

Folds = list[tuple[np.ndarray, np.ndarray]]


def ridge(alpha: float = 1.0, intercept: bool = True) -> Ridge:
    """The shipped head's solver (``training.sensational_fit._ridge``)."""
    return Ridge(alpha=alpha, solver="sparse_cg", tol=1e-4, fit_intercept=intercept)


def ridge_oof(design: sparse.csr_matrix, target: np.ndarray, folds: Folds) -> np.ndarray:
    """Out-of-fold predictions of the shipped ridge (alpha 1)."""
    oof = np.zeros(design.shape[0])
    for fit, held in folds:
        oof[held] = ridge().fit(design[fit], target[fit]).predict(design[held])
    return oof


def rank_blend(*estimates: np.ndarray, weights: tuple[float, ...] | None = None) -> np.ndarray:
    """Mean of normalised ranks (the metrics read ranks only; a shipped blend would be recalibrated)."""
    weights = weights or (1.0,) * len(estimates)
    ranks = [w * rankdata(e) / len(e) for w, e in zip(weights, estimates, strict=True)]
    return np.sum(ranks, axis=0) / sum(weights)


# --- 1. Pattern (TextBlob) subjectivity and intensity cues ---------------------------------------

PATTERN_CUE_NAMES = (
    "polarity",
    "abs_polarity",
    "subjectivity",
    "max_word_subjectivity",
    "mean_word_subjectivity",
    "subjective_words",
    "max_abs_word_polarity",
    "assessed_words",
    "intensifiers",
    "max_intensity",
    "modified_chunks",
)


def pattern_cues(texts: list[str]) -> np.ndarray:
    """Per headline, from Pattern's English adjective lexicon as TextBlob ships it (offline; no NLTK
    corpora): the text's polarity and subjectivity (Pattern's averages, with its negation and
    intensifier rules), the most and mean subjective word, words with subjectivity >= 0.6, the
    strongest word polarity, how many words the lexicon knows, intensifiers (intensity > 1, e.g.
    "very", "extremely") with the strongest multiplier, and chunks an intensifier modified."""
    from textblob.en import sentiment as lexicon  # optional extra: experiments only

    rows = []
    for text in texts:
        score = lexicon(text)
        polarity, subjectivity = float(score[0]), float(score[1])
        words = [w.lower() for w in WORD.findall(text)]
        entries = [lexicon[w][None] for w in words if w in lexicon and None in lexicon[w]]
        subj = [float(s) for _, s, _ in entries]
        pol = [abs(float(p)) for p, _, _ in entries]
        intensity = [float(i) for _, _, i in entries if float(i) > 1.0]
        rows.append(
            [
                polarity,
                abs(polarity),
                subjectivity,
                max(subj, default=0.0),
                sum(subj) / max(1, len(words)),
                sum(s >= 0.6 for s in subj),
                max(pol, default=0.0),
                len(entries),
                len(intensity),
                max(intensity, default=1.0),
                sum(len(a[0]) > 1 for a in score.assessments),
            ]
        )
    return np.asarray(rows, dtype=np.float64)


# --- 2. Cased cues and a cased char block -------------------------------------------------------

CASED_CUE_NAMES = (
    "caps_words_3",
    "caps_words_5",
    "caps_share",
    "capitalised_share",
    "title_case",
    "capitalised_function_words",
    "all_lower",
    "starts_lower",
)


def cased_cues(texts: list[str]) -> np.ndarray:
    """Shouting and Title Case framing, which the lower-cased shared blocks cannot see: words in
    capitals (>= 3 and >= 5 letters), the share of capital words, of capitalised words, a Title
    Case headline, capitalised function words after the first word ("Of", "The"), an all
    lower-case headline and one starting lower case."""
    rows = []
    for text in texts:
        words = WORD.findall(text)
        n = max(1, len(words))
        caps = [w for w in words if len(w) >= 3 and w.isupper()]
        capitalised = [w for w in words if w[0].isupper()]
        content = [w for w in words if w.lower() not in FUNCTION_WORDS and len(w) > 3]
        title = bool(content) and all(w[0].isupper() for w in content) and len(content) >= 3
        rows.append(
            [
                min(len(caps), 5),
                min(sum(len(w) >= 5 for w in caps), 5),
                len(caps) / n,
                len(capitalised) / n,
                float(title),
                sum(w.lower() in FUNCTION_WORDS and w[0].isupper() for w in words[1:]),
                float(bool(words) and text == text.lower()),
                float(bool(words) and words[0][0].islower()),
            ]
        )
    return np.asarray(rows, dtype=np.float64)


class CasedChars:
    """A cased char_wb 2-4 TF-IDF kept to the n-grams holding a capital letter (the lower-cased shared
    char block has the rest), fitted on a fold's training rows only."""

    def __init__(self, weight: float = 1.0) -> None:
        self.weight = weight
        self.vectorizer = TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 4),
            lowercase=False,
            min_df=3,
            sublinear_tf=True,
            dtype=np.float64,
        )
        self.columns = np.zeros(0, dtype=int)

    def fit(self, texts: list[str]) -> CasedChars:
        self.vectorizer.fit(texts)
        vocab = self.vectorizer.vocabulary_
        self.columns = np.array(sorted(i for g, i in vocab.items() if any(c.isupper() for c in g)))
        return self

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        return sparse.csr_matrix(self.vectorizer.transform(texts)[:, self.columns] * self.weight)


def cased_chars_oof(
    design: sparse.csr_matrix, target: np.ndarray, folds: Folds, texts: list[str], weight: float
) -> np.ndarray:
    """The shipped ridge with a cased char block fitted in fold."""
    oof = np.zeros(design.shape[0])
    for fit, held in folds:
        block = CasedChars(weight).fit([texts[i] for i in fit])
        fit_x = sparse.hstack([design[fit], block.transform([texts[i] for i in fit])], format="csr")
        held_x = sparse.hstack([design[held], block.transform([texts[i] for i in held])], format="csr")
        oof[held] = ridge().fit(fit_x, target[fit]).predict(held_x)
    return oof


# --- 3. Ranking-oriented fits -------------------------------------------------------------------


def pair_sample(
    scores: np.ndarray, per_row: int, rng: np.random.Generator, straddle: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """``per_row`` partners with a different editors' score for every row, in random order; with
    ``straddle``, half the partners come from the other side of "clearly sensational" (the pairs
    ROC-AUC counts)."""
    n = len(scores)
    first = np.repeat(np.arange(n), per_row)
    second = rng.integers(0, n, size=len(first))
    if straddle:
        high = scores >= SENSATIONAL
        pos, neg = np.flatnonzero(high), np.flatnonzero(~high)
        other = np.where(
            high[first],
            neg[rng.integers(0, len(neg), len(first))],
            pos[rng.integers(0, len(pos), len(first))],
        )
        second = np.where(rng.random(len(first)) < 0.5, other, second)
    keep = scores[first] != scores[second]
    first, second = first[keep], second[keep]
    flip = rng.random(len(first)) < 0.5
    first[flip], second[flip] = second[flip], first[flip].copy()
    return first, second


def pairwise_oof(
    design: sparse.csr_matrix,
    scores: np.ndarray,
    folds: Folds,
    *,
    per_row: int = 4,
    alpha: float = 1.0,
    straddle: bool = False,
) -> np.ndarray:
    """A least-squares ranking model (RankRLS): a ridge without intercept on pair differences
    x_i - x_j with target sign(score_i - score_j), pairs sampled within the fold's training rows."""
    oof = np.zeros(design.shape[0])
    for k, (fit, held) in enumerate(folds):
        rng = np.random.default_rng(k)
        a, b = pair_sample(scores[fit], per_row, rng, straddle)
        rows = design[fit]
        diff = rows[a] - rows[b]
        sign = np.sign(scores[fit][a] - scores[fit][b])
        oof[held] = ridge(alpha, intercept=False).fit(diff, sign).predict(design[held])
    return oof


def weighted_logistic_oof(
    design: sparse.csr_matrix, scores: np.ndarray, folds: Folds, c: float = 4.0
) -> np.ndarray:
    """Logistic regression for "clearly sensational" (mean >= 1.5), each row weighted by how far the
    editors' score is from the boundary (0.5 + |score - 1.5|: a 3 or a 0 counts more than a 1 or a 2)."""
    truth = (scores >= SENSATIONAL).astype(int)
    weight = 0.5 + np.abs(scores - SENSATIONAL)
    oof = np.zeros(design.shape[0])
    for fit, held in folds:
        model = LogisticRegression(C=c, solver="liblinear", max_iter=500)
        model.fit(design[fit], truth[fit], sample_weight=weight[fit])
        oof[held] = model.decision_function(design[held])
    return oof


# --- 4. Self-training on unlabeled train-split headlines ----------------------------------------


def unlabeled_headlines(
    data_dir: Path, editor_rows: list[dict], clickbait: bool = False
) -> dict[str, list[str]]:
    """Unlabeled headlines by source, one per normalised text: FNC-1 train headlines,
    GoodNewsEveryone and claim-strength titles (with ``clickbait``, also the Chakraborty and
    Webis-17 train rows); none whose normalised text is an editor-judged row (train or test), so
    no test text and no labeled text comes back as unlabeled."""
    seen = {normalise_text(r["headline"]) for r in editor_rows}
    out: dict[str, list[str]] = {"fnc1": [], "goodnewseveryone": [], "claim_strength": []}
    if clickbait:
        out |= {"chakraborty2016": [], "webis17": []}
        for path, column, source in (
            ("clickbait/chakraborty2016/headlines.csv", "headline", "chakraborty2016"),
            ("clickbait/webis17/posts.csv", "postText", "webis17"),
        ):
            with open(data_dir / path, encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    if row["split"] == "train":
                        key = normalise_text(row[column])
                        if key and key not in seen:
                            seen.add(key)
                            out[source].append(row[column])

    def add(source: str, text: str) -> None:
        key = normalise_text(text)
        if key and key not in seen:
            seen.add(key)
            out[source].append(text)

    with open(data_dir / "articles/fnc1/pairs.jsonl", encoding="utf-8") as fh:
        for line in fh:
            pair = json.loads(line)
            if pair["split"] == "train":
                add("fnc1", pair["headline"])
    for path, column, source in (
        ("sensational/goodnewseveryone/headlines.csv", "headline", "goodnewseveryone"),
        ("sensational/claim_strength/press_release_titles.csv", "title", "claim_strength"),
    ):
        with open(data_dir / path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                add(source, row[column])
    return out


def self_training_oof(
    design: sparse.csr_matrix,
    target: np.ndarray,
    folds: Folds,
    unlabeled: sparse.csr_matrix,
    *,
    weight: float = 0.5,
    select: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """In each fold: the ridge fitted on the fold's training rows labels the unlabeled headlines
    (clipped to 0..1), then a ridge on training rows + pseudo-labeled rows (``weight`` each, those
    ``select`` keeps) predicts the held rows. The held rows never reach either fit."""
    oof = np.zeros(design.shape[0])
    for fit, held in folds:
        teacher = ridge().fit(design[fit], target[fit])
        pseudo = np.clip(teacher.predict(unlabeled), 0.0, 1.0)
        keep = select(pseudo) if select is not None else np.ones(len(pseudo), dtype=bool)
        x = sparse.vstack([design[fit], unlabeled[keep]], format="csr")
        y = np.concatenate([target[fit], pseudo[keep]])
        w = np.concatenate([np.ones(len(fit)), np.full(int(keep.sum()), weight)])
        oof[held] = ridge().fit(x, y, sample_weight=w).predict(design[held])
    return oof
