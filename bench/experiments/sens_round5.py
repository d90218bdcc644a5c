"""Fifth round of sensationalism candidates (issue 11): the labels, and word meaning from a sentence
encoder, compared out of fold on the editor-judged TRAIN rows only.

    python bench/experiments/sens_round5.py --data ../shared/data --save /tmp/oof5 [--only NAME,...]
    python bench/experiments/sens_paired.py --data ../shared/data --oof /tmp/oof5 --n 200

Same 5 shuffled folds (seed 0), same shipped design (shared matrix + 28 trigger cues) and same ridge
(alpha 1) as ``sens_candidates.py``; every candidate changes one thing. Whatever a candidate trains
on, its estimate is scored against the editors' mean score, as the test split is, on four groups of
train rows: all, the test split's sources ("other"), the double-annotated rows ("double") and the
double-annotated rows from the test split's sources ("test_like": the test split is 814 such rows).
The test split is never read. The encoder candidates need the packages ``sens_embed.py`` names
(not project dependencies). Several minutes per candidate on 2 shared cores.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import sens_embed as emb  # the script's folder is on sys.path when run as documented
import sens_round4 as r4
from scipy import sparse
from sens_candidates import N_CLICKBAIT_CUES, OTHER_SOURCES, _metrics, _standardise, data_and_model_arguments
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from service.model.lexicons import vader_valence
from service.model.loader import load_model
from training.sensational_fit import EDITOR_JUDGED, head_inputs

ROOT = Path(__file__).resolve().parents[2]
Folds = list[tuple[np.ndarray, np.ndarray]]


class Labels:
    """The editor-judged train rows' labels: the mean score and each annotator's own."""

    def __init__(self, train: list[dict]) -> None:
        self.score = np.array([float(r["score"]) for r in train])
        self.a = np.array([float(r["score_a"]) for r in train])
        self.double = np.array([r["score_b"] != "" for r in train])
        self.b = np.array([float(r["score_b"]) if r["score_b"] != "" else np.nan for r in train])
        self.other = np.array([r["source"] in OTHER_SOURCES for r in train])


def groups(labels: Labels) -> dict[str, np.ndarray]:
    """The row groups every candidate is scored on."""
    return {
        "all": np.ones(len(labels.score), dtype=bool),
        "other": labels.other,
        "double": labels.double,
        "test_like": labels.double & labels.other,
    }


def weighted_ridge_oof(
    design: sparse.csr_matrix,
    folds: Folds,
    rows: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> np.ndarray:
    """Out-of-fold ridge where ``rows(fit_idx)`` gives (row indices, targets, sample weights) to fit
    on: rows may repeat (one per annotator) and targets may differ from the mean score."""
    oof = np.zeros(design.shape[0])
    for fit, held in folds:
        idx, target, weight = rows(fit)
        model = r4.ridge().fit(design[idx], target, sample_weight=weight)
        oof[held] = model.predict(design[held])
    return oof


def per_annotator_rows(labels: Labels, fit: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Soft labels: each annotator's score / 3 is its own training row (a double-annotated row
    twice). For squared loss this equals the mean score with weight 2 on double rows."""
    double = fit[labels.double[fit]]
    idx = np.r_[fit, double]
    target = np.r_[labels.a[fit], labels.b[double]] / 3
    return idx, target, np.ones(len(idx))


def shrunk_single_rows(labels: Labels, fit: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Single-annotated rows get the expected two-annotator mean given their one score (estimated on
    the fold's double-annotated rows: E[mean | score_a = k]), double rows keep their mean."""
    double = fit[labels.double[fit]]
    expected = {k: labels.score[double][labels.a[double] == k].mean() for k in np.unique(labels.a[double])}
    target = np.array(
        [labels.score[i] if labels.double[i] else expected.get(labels.a[i], labels.a[i]) for i in fit]
    )
    return fit, target / 3, np.ones(len(fit))


def weighted_rows(
    labels: Labels, weight: Callable[[np.ndarray], np.ndarray]
) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The mean score / 3 on every fit row, with sample weights ``weight(fit)``."""
    return lambda fit: (fit, labels.score[fit] / 3, weight(fit))


def soft_logistic_oof(design: sparse.csr_matrix, labels: Labels, folds: Folds) -> np.ndarray:
    """Logistic regression for "this annotator says >= 2" with one row per annotator (the soft label of
    "clearly sensational"; C 4 as round two's logistic), P(>= 2) as the estimate."""
    oof = np.zeros(design.shape[0])
    for fit, held in folds:
        double = fit[labels.double[fit]]
        idx = np.r_[fit, double]
        truth = np.r_[labels.a[fit], labels.b[double]] >= 2
        model = LogisticRegression(C=4.0, max_iter=2000).fit(design[idx], truth)
        oof[held] = model.predict_proba(design[held])[:, 1]
    return oof


def shipped_inputs(model, texts: list[str], cache: Path, name: str) -> tuple[sparse.csr_matrix, np.ndarray]:
    """(shared matrix, raw trigger cues) of ``texts`` as the service computes them, cached as ``name``
    (vectorising 12,686 headlines takes a minute or two)."""
    x_path, cues_path = cache / f"{name}_X.npz", cache / f"{name}_cues.npy"
    if not cues_path.exists():
        X, cues = head_inputs(
            model.clickbait.named_steps["features"], model.hyperbole, model.lexicons, vader_valence(), texts
        )
        cache.mkdir(parents=True, exist_ok=True)
        sparse.save_npz(x_path, X.tocsr())
        np.save(cues_path, cues)
    return sparse.load_npz(x_path).tocsr(), np.load(cues_path)


def distilled_oof(
    design: sparse.csr_matrix,
    teacher_design: sparse.csr_matrix,
    unlabeled: sparse.csr_matrix,
    unlabeled_teacher: sparse.csr_matrix,
    target: np.ndarray,
    folds: Folds,
    weight: float,
) -> np.ndarray:
    """Knowledge distillation into the shipped head: in each fold a teacher (the ridge with the
    encoder's sentence embeddings) fitted on the fold's training rows labels the unlabeled headlines
    (clipped to 0..1); the student, the shipped ridge on the shipped design, fits the training rows'
    own labels plus the teacher's labels (``weight`` each) and predicts the held rows. At run time
    only the student runs: no encoder, the shipped features. The held rows reach neither fit."""
    oof = np.zeros(design.shape[0])
    for fit, held in folds:
        teacher = r4.ridge().fit(teacher_design[fit], target[fit])
        pseudo = np.clip(teacher.predict(unlabeled_teacher), 0.0, 1.0)
        x = sparse.vstack([design[fit], unlabeled], format="csr")
        y = np.concatenate([target[fit], pseudo])
        w = np.concatenate([np.ones(len(fit)), np.full(unlabeled.shape[0], weight)])
        oof[held] = r4.ridge().fit(x, y, sample_weight=w).predict(design[held])
    return oof


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data_and_model_arguments(parser)
    parser.add_argument("--only", default="", help="comma-separated candidate names")
    parser.add_argument("--save", default="", help="folder for each candidate's out-of-fold estimate")
    parser.add_argument("--cache", default="/tmp/sens5-cache", help="folder for the design and embeddings")
    parser.add_argument("--timing", action="store_true", help="also time the encoder and the static table")
    args = parser.parse_args()
    with open(Path(args.data) / EDITOR_JUDGED, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    train = [r for r in rows if r["split"] == "train"]
    texts = [r["headline"] for r in train]
    labels = Labels(train)
    cache = Path(args.cache)
    model = load_model(args.model)
    X, cues = shipped_inputs(model, texts, cache, "train")
    design = sparse.hstack([X, sparse.csr_matrix(_standardise(cues))], format="csr")
    word_start = N_CLICKBAIT_CUES
    vocabulary = model.clickbait.named_steps["features"].transformer_list[1][1].vocabulary_
    word_block = design[:, word_start : word_start + len(vocabulary)]
    unigrams = sorted((i, w) for w, i in vocabulary.items() if " " not in w)
    columns = np.array([i for i, _ in unigrams])
    words = [w for _, w in unigrams]
    folds: Folds = list(KFold(n_splits=5, shuffle=True, random_state=0).split(texts))
    s3 = labels.score / 3

    def plus(block: np.ndarray, scale: float) -> sparse.csr_matrix:
        return sparse.hstack([design, sparse.csr_matrix(_standardise(block) * scale)], format="csr")

    def static(dims: int) -> np.ndarray:
        full = emb.full_table(word_block.shape[1], columns, emb.static_table(words, cache, dims))
        return emb.pooled_from_matrix(word_block, full)

    def contextual(dims: int) -> np.ndarray:
        found = r4.unlabeled_headlines(Path(args.data), rows, clickbait=True)
        corpus = texts + [t for v in found.values() for t in v]
        table = emb._pca(emb.contextual_word_table(corpus, words, cache), dims).astype(np.float32)
        return emb.pooled_from_matrix(word_block, emb.full_table(word_block.shape[1], columns, table))

    def sentences() -> np.ndarray:
        return emb.sentence_embeddings(texts, cache)

    def distilled(weight: float, with_model2vec: bool = False) -> np.ndarray:
        found = r4.unlabeled_headlines(Path(args.data), rows, clickbait=True)
        unlabeled_texts = [t for v in found.values() for t in v]
        ux, ucues = shipped_inputs(model, unlabeled_texts, cache, "unlabeled")
        unlabeled = sparse.hstack([ux, sparse.csr_matrix(_standardise(ucues, cues))], format="csr")
        sentence = sentences()
        u_sentence = emb.sentence_embeddings(unlabeled_texts, cache, "minilm_unlabeled")
        teacher = plus(sentence, 0.3)
        u_teacher = sparse.hstack(
            [unlabeled, sparse.csr_matrix(_standardise(u_sentence, sentence) * 0.3)], format="csr"
        )
        student = design
        if with_model2vec:  # the student also reads model2vec's static vectors
            pooled = emb.model2vec_table(texts, cache, 128)[0]
            u_pooled = emb.model2vec_encode(unlabeled_texts, cache, 128)
            student = plus(pooled, 0.3)
            unlabeled = sparse.hstack(
                [unlabeled, sparse.csr_matrix(_standardise(u_pooled, pooled) * 0.3)], format="csr"
            )
        return distilled_oof(student, teacher, unlabeled, u_teacher, s3, folds, weight)

    n_single = (~labels.double).astype(float)
    ridge = lambda d: r4.ridge_oof(d, s3, folds)  # noqa: E731
    candidates: dict[str, Callable[[], np.ndarray]] = {
        "baseline": lambda: ridge(design),
        # 1. The labels.
        "soft_labels": lambda: weighted_ridge_oof(design, folds, lambda f: per_annotator_rows(labels, f)),
        "single_weight_0.25": lambda: weighted_ridge_oof(
            design, folds, weighted_rows(labels, lambda f: 1 - 0.75 * n_single[f])
        ),
        "double_only": lambda: weighted_ridge_oof(
            design,
            folds,
            lambda f: (f[labels.double[f]], s3[f[labels.double[f]]], np.ones(labels.double[f].sum())),
        ),
        "single_shrunk": lambda: weighted_ridge_oof(design, folds, lambda f: shrunk_single_rows(labels, f)),
        "disagreement_x0.5": lambda: weighted_ridge_oof(
            design,
            folds,
            weighted_rows(
                labels, lambda f: np.where(labels.double[f] & (labels.a[f] != labels.b[f]), 0.5, 1.0)
            ),
        ),
        "disagreement_x2": lambda: weighted_ridge_oof(
            design,
            folds,
            weighted_rows(
                labels, lambda f: np.where(labels.double[f] & (labels.a[f] != labels.b[f]), 2.0, 1.0)
            ),
        ),
        "soft_logistic": lambda: soft_logistic_oof(design, labels, folds),
        "soft_logistic_blend": lambda: r4.rank_blend(ridge(design), soft_logistic_oof(design, labels, folds)),
        # 2. Word meaning from the encoder.
        "minilm_sentence_x0.1": lambda: ridge(plus(sentences(), 0.1)),
        "minilm_sentence_x0.3": lambda: ridge(plus(sentences(), 0.3)),
        "minilm_sentence_x1": lambda: ridge(plus(sentences(), 1.0)),
        "minilm_sentence_alone": lambda: r4.ridge_oof(sparse.csr_matrix(sentences()), s3, folds),
        "static_64_x0.3": lambda: ridge(plus(static(64), 0.3)),
        "static_128_x0.3": lambda: ridge(plus(static(128), 0.3)),
        "static_128_x1": lambda: ridge(plus(static(128), 1.0)),
        "minilm_distilled_w0.5": lambda: distilled(0.5),
        "minilm_distilled_w1": lambda: distilled(1.0),
        "minilm_distilled_w2": lambda: distilled(2.0),
        "contextual_128_x0.3": lambda: ridge(plus(contextual(128), 0.3)),
        "contextual_128_x1": lambda: ridge(plus(contextual(128), 1.0)),
        "model2vec_distilled_w1": lambda: distilled(1.0, with_model2vec=True),
        "model2vec_128_x0.3": lambda: ridge(plus(emb.model2vec_table(texts, cache, 128)[0], 0.3)),
    }
    if args.timing:
        for dims in (64, 128):
            table = emb.static_table(words, cache, dims)
            full = emb.full_table(word_block.shape[1], columns, table)
            print(
                json.dumps(
                    {
                        "static": dims,
                        "table_rows": len(words),
                        "float32_bytes": int(table.nbytes),
                        **emb.time_static_pooling(word_block, full),
                    }
                ),
                flush=True,
            )
        print(json.dumps({"minilm_sentence": emb.time_sentence_encoder(texts)}), flush=True)
        _, size = emb.model2vec_table(texts, cache, 128)
        print(json.dumps({"model2vec_128_bytes": size}), flush=True)
    wanted = [c for c in args.only.split(",") if c] or list(candidates)
    for name in wanted:
        start = time.process_time()
        oof = candidates[name]()
        if args.save:
            Path(args.save).mkdir(parents=True, exist_ok=True)
            np.save(Path(args.save) / f"{name}.npy", oof)
        metrics = {g: _metrics(labels.score[m], oof[m]) for g, m in groups(labels).items()}
        print(
            json.dumps({"candidate": name, **metrics, "cpu_s": round(time.process_time() - start)}),
            flush=True,
        )


if __name__ == "__main__":
    main()
