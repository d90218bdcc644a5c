"""Candidate sensationalism heads, compared out of fold on the editor-judged TRAIN rows only.

    python bench/experiments/sens_candidates.py --data ../shared/data [--model models/headline-1.2.0.joblib]
        [--only baseline,binary_words,...] [--save DIR]

Each candidate is a ridge on a design built from the shipped bundle's shared feature matrix
and trigger cues (plus whatever the candidate adds), scored with the same 5 shuffled folds
(seed 0) as ``training/sensational_fit.py``. Printed per candidate: ROC-AUC for "clearly
sensational" (mean >= 1.5), Spearman with the editors' score and F1 at the best cut, on all
train rows and on the train rows from the test split's sources (GoodNewsEveryone, FNC-1,
Webis-22, claim strength). The test split is never read here: a finished candidate is
looked at once on it through ``headline train`` + ``headline eval``. Not collected by pytest;
docs/sensationalism.md records the tables. Several minutes per candidate on 2 shared cores.
The fourth round's pieces live in ``sens_round4.py`` (``pattern_cues`` needs the optional extra
``experiments``: textblob); ``--save DIR`` keeps each out-of-fold estimate for ``sens_paired.py``.
"""

from __future__ import annotations

import argparse
import csv
import functools
import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
import sens_round4 as r4  # the script's folder is on sys.path when run as documented
from scipy import sparse
from scipy.sparse.linalg import svds
from scipy.stats import spearmanr
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import KFold

from service.model.lexicons import vader_valence
from service.model.loader import load_model
from service.model.triggers import word_spans
from training.sensational_fit import EDITOR_JUDGED, SENSATIONAL, head_inputs

ROOT = Path(__file__).resolve().parents[2]

N_CLICKBAIT_CUES = 24  # width of the shared matrix's first block (the clickbait cues)
OTHER_SOURCES = ("goodnewseveryone", "fnc1", "webis22", "claim_strength")
TOKEN = re.compile(r"[a-z][a-z']*")
PREFIX = re.compile(r"^\s*([^:]{1,30}):\s")
MODALS = frozenset(["could", "may", "might", "would", "will", "set", "poised", "threatens", "threaten"])


def _standardise(m: np.ndarray, like: np.ndarray | None = None) -> np.ndarray:
    """Standardise ``m`` by the columns of ``like`` (default ``m`` itself)."""
    like = m if like is None else like
    scale = like.std(axis=0)
    scale[scale == 0] = 1.0
    return (m - like.mean(axis=0)) / scale


def _best_f1(estimate: np.ndarray, truth: np.ndarray) -> float:
    grid = np.unique(np.round(estimate, 4))
    return max(f1_score(truth, estimate >= t, zero_division=0) for t in grid[:: max(1, len(grid) // 400)])


def _metrics(scores: np.ndarray, estimate: np.ndarray) -> dict:
    truth = scores >= SENSATIONAL
    return {
        "roc_auc": round(float(roc_auc_score(truth, estimate)), 3),
        "spearman": round(float(spearmanr(scores, estimate)[0]), 3),
        "f1_high": round(float(_best_f1(estimate, truth)), 3),
    }


def extra_cues(text: str, valence: dict) -> list[float]:
    """Device cues the trigger cues lack: VADER's strongest negative/positive word and load sum,
    a short "Label:" prefix ("Urgent Warning:"), an alarmist modal before a negative word
    ("could jeopardize"), final "!", "?", capital share, second person, length."""
    tokens = [w for _, _, w in word_spans(text)]
    vs = [float(v) if isinstance(v := valence.get(w), int | float) else 0.0 for w in tokens]
    prefix = PREFIX.match(text)
    alarm = any(w in MODALS and any(v <= -1.0 for v in vs[i + 1 : i + 4]) for i, w in enumerate(tokens))
    letters = [c for c in text if c.isalpha()]
    return [
        max([-v for v in vs] + [0.0]) / 4,
        max([*vs, 0.0]) / 4,
        min(sum(abs(v) for v in vs), 10) / 10,
        min(sum(abs(v) >= 3 for v in vs), 3),
        min(sum(abs(v) >= 1.5 for v in vs), 3),
        float(bool(prefix) and len(prefix.group(1).split()) <= 3),
        float(text.rstrip().endswith("!")),
        float("?" in text),
        float(alarm),
        sum(c.isupper() for c in letters) / max(1, len(letters)),
        float(any(w in ("you", "your", "you're") for w in tokens)),
        min(len(tokens), 30) / 30,
    ]


def ppmi_vectors(data_dir: Path, excluded: set[str], dim: int = 100) -> dict[str, np.ndarray]:
    """Word vectors (PPMI, window 4, SVD) from train-split text only: editor-judged, Chakraborty and
    Webis-17 train headlines and FNC-1 train bodies; any text equal to an editor test row is left out."""
    docs: list[list[str]] = []

    def add(text: str) -> None:
        tokens = TOKEN.findall(text.lower())
        if " ".join(tokens) not in excluded:
            docs.append(tokens)

    for path, column in (
        (EDITOR_JUDGED, "headline"),
        (Path("clickbait/chakraborty2016/headlines.csv"), "headline"),
        (Path("clickbait/webis17/posts.csv"), "postText"),
    ):
        with open(data_dir / path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if row["split"] == "train":
                    add(row[column])
    with open(data_dir / "articles/fnc1/bodies.jsonl", encoding="utf-8") as fh:
        for line in fh:
            body = json.loads(line)
            if body["split"] == "train":
                for paragraph in body["body"].split("\n"):
                    add(paragraph)
    counts = Counter(w for d in docs for w in d)
    vocab = {w: i for i, (w, c) in enumerate(counts.most_common()) if c >= 5}
    rows: list[int] = []
    cols: list[int] = []
    for d in docs:
        ids = [vocab.get(w, -1) for w in d]
        for i, a in enumerate(ids):
            for b in ids[max(0, i - 4) : i]:
                if a >= 0 and b >= 0:
                    rows += [a, b]
                    cols += [b, a]
    n = len(vocab)
    co = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n)).tocoo()
    total = co.sum()
    word = np.asarray(co.tocsr().sum(axis=1)).ravel()
    context = word**0.75 / (word**0.75).sum()
    pmi = np.log(co.data / total / (word[co.row] / total) / context[co.col])
    keep = pmi > 0
    u, s, _ = svds(sparse.csr_matrix((pmi[keep], (co.row[keep], co.col[keep])), shape=(n, n)), k=dim)
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    return {w: vectors[i] for w, i in vocab.items()}


def _mean_vector(text: str, vectors: dict[str, np.ndarray], dim: int) -> np.ndarray:
    found = [vectors[w] for w in TOKEN.findall(text.lower()) if w in vectors]
    return np.mean(found, axis=0) if found else np.zeros(dim)


def _binary(block: sparse.csc_matrix, value: float) -> sparse.csc_matrix:
    out = block.copy()
    out.data = np.full_like(out.data, value)
    return out


def data_and_model_arguments(parser: argparse.ArgumentParser) -> None:
    """``--data`` and ``--model``, as every round's script takes them."""
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument(
        "--model",
        default=str(ROOT / "models"),
        help="a model card, artefact or folder (rounds 1-6 ran on 1.2.0: git show 503957d:models/...)",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data_and_model_arguments(parser)
    parser.add_argument("--only", default="", help="comma-separated candidate names")
    parser.add_argument("--save", default="", help="folder to write each candidate's out-of-fold estimate to")
    args = parser.parse_args()
    data_dir = Path(args.data)
    with open(data_dir / EDITOR_JUDGED, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    train = [r for r in rows if r["split"] == "train"]
    texts = [r["headline"] for r in train]
    scores = np.array([float(r["score"]) for r in train])
    other = np.array([r["source"] in OTHER_SOURCES for r in train])
    model = load_model(args.model)
    valence = vader_valence()
    X, cues = head_inputs(
        model.clickbait.named_steps["features"], model.hyperbole, model.lexicons, valence, texts
    )
    X = X.tocsc()
    n_words = len(model.clickbait.named_steps["features"].transformer_list[1][1].vocabulary_)
    clickbait, words, chars = (
        X[:, :N_CLICKBAIT_CUES],
        X[:, N_CLICKBAIT_CUES : N_CLICKBAIT_CUES + n_words],
        X[:, N_CLICKBAIT_CUES + n_words :],
    )
    trigger = sparse.csc_matrix(_standardise(cues))
    folds = list(KFold(n_splits=5, shuffle=True, random_state=0).split(texts))

    def extra() -> sparse.csc_matrix:
        return sparse.csc_matrix(_standardise(np.array([extra_cues(t, valence) for t in texts])))

    def embedding() -> sparse.csc_matrix:
        excluded = {" ".join(TOKEN.findall(r["headline"].lower())) for r in rows if r["split"] == "test"}
        vectors = ppmi_vectors(data_dir, excluded)
        pooled = np.array([_mean_vector(t, vectors, 100) for t in texts])
        return sparse.csc_matrix(_standardise(pooled) * 0.3)

    s3 = scores / 3
    candidates: dict[str, Callable[[], tuple[list, np.ndarray]]] = {
        "baseline": lambda: ([clickbait, words, chars, trigger], s3),
        "target_pow_1.5": lambda: ([clickbait, words, chars, trigger], s3**1.5),
        "target_clip_2": lambda: ([clickbait, words, chars, trigger], np.clip(scores, 0, 2) / 2),
        "words_x1.5": lambda: ([clickbait, words * 1.5, chars, trigger], s3),
        "chars_x0.6": lambda: ([clickbait, words, chars * 0.6, trigger], s3),
        "words_x0.7": lambda: ([clickbait, words * 0.7, chars, trigger], s3),
        "trigger_cues_x0.5": lambda: ([clickbait, words, chars, trigger * 0.5], s3),
        "binary_words": lambda: ([clickbait, _binary(words, 0.3), chars, trigger], s3),
        "extra_cues": lambda: ([clickbait, words, chars, trigger, extra()], s3),
        "ppmi_vectors": lambda: ([clickbait, words, chars, trigger, embedding()], s3),
        "combined": lambda: ([clickbait, words, chars, trigger, extra(), embedding()], s3**1.5),
    }
    shipped = [clickbait, words, chars, trigger]

    def with_blocks(*added: np.ndarray) -> Callable[[], tuple[list, np.ndarray]]:
        return lambda: ([*shipped, *(sparse.csc_matrix(_standardise(a)) for a in added)], s3)

    @functools.cache
    def unlabeled_design(clickbait: bool = False) -> sparse.csr_matrix:
        found = r4.unlabeled_headlines(data_dir, rows, clickbait)
        print(json.dumps({"unlabeled": {k: len(v) for k, v in found.items()}}), flush=True)
        extra_texts = [t for v in found.values() for t in v]
        ux, ucues = head_inputs(
            model.clickbait.named_steps["features"], model.hyperbole, model.lexicons, valence, extra_texts
        )
        return sparse.hstack([ux, sparse.csr_matrix(_standardise(ucues, cues))], format="csr")

    def confident(pseudo: np.ndarray) -> np.ndarray:
        return (pseudo <= 0.05) | (pseudo >= 0.4)

    pattern = lambda: r4.pattern_cues(texts)  # noqa: E731
    cased = lambda: r4.cased_cues(texts)  # noqa: E731
    ridge_oof = r4.ridge_oof
    candidates.update(
        {
            "pattern_cues": lambda: with_blocks(pattern())(),
            "cased_cues": lambda: with_blocks(cased())(),
            "pattern_cased_cues": lambda: with_blocks(pattern(), cased())(),
            # Every small feature gain of rounds three and four (the target stays score / 3).
            "all_small_gains": lambda: (
                [*with_blocks(pattern(), cased())()[0], extra(), embedding()],
                s3,
            ),
        }
    )
    # Round four: candidates whose fit is not the plain ridge (same design as the baseline).
    fitters: dict[str, Callable[[sparse.csr_matrix, np.ndarray], np.ndarray]] = {
        "cased_chars": lambda d, t: r4.cased_chars_oof(d, t, folds, texts, 1.0),
        "cased_chars_x0.5": lambda d, t: r4.cased_chars_oof(d, t, folds, texts, 0.5),
        # Pattern + cased cues (its design) with the cased char block fitted in fold.
        "pattern_cased_cues_chars": lambda d, t: r4.cased_chars_oof(d, t, folds, texts, 1.0),
        "all_small_gains_chars": lambda d, t: r4.cased_chars_oof(d, t, folds, texts, 1.0),
        "pairwise": lambda d, t: r4.pairwise_oof(d, scores, folds),
        "pairwise_alpha10": lambda d, t: r4.pairwise_oof(d, scores, folds, alpha=10.0),
        "pairwise_alpha30": lambda d, t: r4.pairwise_oof(d, scores, folds, alpha=30.0),
        "pairwise_straddle_alpha10": lambda d, t: r4.pairwise_oof(
            d, scores, folds, alpha=10.0, straddle=True
        ),
        "pairwise_straddle_alpha10_blend": lambda d, t: r4.rank_blend(
            ridge_oof(d, t, folds), r4.pairwise_oof(d, scores, folds, alpha=10.0, straddle=True)
        ),
        "pairwise_alpha10_blend": lambda d, t: r4.rank_blend(
            ridge_oof(d, t, folds), r4.pairwise_oof(d, scores, folds, alpha=10.0)
        ),
        "pairwise_blend": lambda d, t: r4.rank_blend(
            ridge_oof(d, t, folds), r4.pairwise_oof(d, scores, folds)
        ),
        "weighted_logistic_blend": lambda d, t: r4.rank_blend(
            ridge_oof(d, t, folds), r4.weighted_logistic_oof(d, scores, folds)
        ),
        "self_training": lambda d, t: r4.self_training_oof(d, t, folds, unlabeled_design()),
        "self_training_confident": lambda d, t: r4.self_training_oof(
            d, t, folds, unlabeled_design(), select=confident
        ),
        "self_training_with_clickbait_sets": lambda d, t: r4.self_training_oof(
            d, t, folds, unlabeled_design(True)
        ),
    }
    wanted = [c for c in args.only.split(",") if c] or [*candidates, *fitters]
    # A fitter's design, where it is not the baseline's.
    designs = {"pattern_cased_cues_chars": "pattern_cased_cues", "all_small_gains_chars": "all_small_gains"}
    for name in wanted:
        key = designs.get(name, name)
        blocks, target = candidates[key]() if key in candidates else (shipped, s3)
        design = sparse.hstack(blocks, format="csr")
        oof = fitters[name](design, target) if name in fitters else ridge_oof(design, target, folds)
        if args.save:
            Path(args.save).mkdir(parents=True, exist_ok=True)
            np.save(Path(args.save) / f"{name}.npy", oof)
        print(
            json.dumps(
                {
                    "candidate": name,
                    "all": _metrics(scores, oof),
                    "other": _metrics(scores[other], oof[other]),
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
