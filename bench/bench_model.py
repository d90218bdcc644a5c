"""Benchmark of the default clickbait model against two TF-IDF references, with its speed.

    python bench/bench_model.py --data ../shared/data [--out bench/results/model.json] [--graded-mask]

Trains the default pipeline (``build_pipeline(**DEFAULT_PARAMS)``) on the train splits of
Chakraborty 2016 and Webis-17 exactly as ``train_bundle`` does, evaluates it on the three
evaluation sets (chakraborty2016 test, webis17 test, downs eval), fits the two references
on the same train rows in the same run, and measures bulk scoring throughput and the
latency of one headline. Nothing is fitted on a ``test`` or ``eval`` row. Writes
``bench/results/model.json``. Skips (exit 0) when the data folder is absent.

``--graded-mask`` passes ``clf__graded`` (every Webis-17 row is crowd-judged, including
unanimous 0/1 posts) instead of letting the head infer graded rows from the labels.
Not collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, f1_score, mean_squared_error, roc_auc_score
from sklearn.pipeline import FeatureUnion, Pipeline

from service.model.lean import lean_transform
from service.model.lexicons import vader_valence
from training.evaluate import evaluate_set
from training.lexicons import load_lexicons
from training.pipeline import build_pipeline
from training.train import DEFAULT_PARAMS, default_sets, evaluation_sets

ROOT = Path(__file__).resolve().parents[1]

KEEP = ("n", "accuracy", "precision", "recall", "f1", "roc_auc", "brier", "ece", "mse", "mse_probability")


def tfidf() -> FeatureUnion:
    return FeatureUnion(
        [
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
        ]
    )


def reference_metrics(probability: np.ndarray, strength: np.ndarray, data) -> dict:
    y = data.binary_labels
    out = {
        "n": len(data),
        "accuracy": float(accuracy_score(y, probability >= 0.5)),
        "f1": float(f1_score(y, probability >= 0.5, zero_division=0)),
        "roc_auc": float(roc_auc_score(y, probability)) if len(np.unique(y)) == 2 else None,
    }
    out["mse"] = float(mean_squared_error(data.labels, strength)) if data.graded else None
    return out


def references(train_sets, eval_sets) -> dict:
    """TF-IDF LR on chakraborty+webis train (binary labels); TF-IDF ridge on truthMean, webis train only."""
    texts = [t for s in train_sets for t in s.texts]
    labels = np.concatenate([s.binary_labels for s in train_sets])
    result = {}
    start = time.perf_counter()
    lr = Pipeline([("tfidf", tfidf()), ("clf", LogisticRegression(max_iter=2000))]).fit(texts, labels)
    fit_lr = time.perf_counter() - start
    result["tfidf_lr_chak+webis"] = {"fit_seconds": round(fit_lr, 1), "sets": {}}
    for data in eval_sets:
        p = lr.predict_proba(data.texts)[:, 1]
        result["tfidf_lr_chak+webis"]["sets"][data.name] = reference_metrics(p, p, data)

    webis = next(s for s in train_sets if s.name == "webis17")
    start = time.perf_counter()
    ridge = Pipeline([("tfidf", tfidf()), ("reg", Ridge(alpha=1.0))]).fit(webis.texts, webis.labels)
    fit_ridge = time.perf_counter() - start
    result["tfidf_ridge_truthmean_webis"] = {"fit_seconds": round(fit_ridge, 1), "sets": {}}
    for data in eval_sets:
        s = np.clip(ridge.predict(data.texts), 0.0, 1.0)
        result["tfidf_ridge_truthmean_webis"]["sets"][data.name] = reference_metrics(s, s, data)
    return result


def speed(pipeline, texts: list[str]) -> dict:
    """Bulk headlines/s (one batch through the lean path, CPU and wall time) and one-headline latency."""
    features = pipeline.named_steps["features"]
    head = pipeline.named_steps["clf"]

    def score(batch: list[str]) -> None:
        X = lean_transform(features, batch)
        head.predict_proba(X)
        head.predict_strength(X)

    score(texts[:100])
    cpu, wall = time.process_time(), time.perf_counter()
    score(texts)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    one = []
    for text in texts[:1000]:
        t = time.perf_counter()
        score([text])
        one.append(time.perf_counter() - t)
    one_ms = np.asarray(one) * 1000
    blocks = {}
    for name, step in features.transformer_list:
        t = time.process_time()
        lean_transform(step, texts)
        blocks[name] = round(len(texts) / (time.process_time() - t))
    return {
        "bulk_n": len(texts),
        "bulk_headlines_per_s_cpu": round(len(texts) / cpu),
        "bulk_headlines_per_s_wall": round(len(texts) / wall),
        "feature_block_headlines_per_s_cpu": blocks,
        "single_latency_ms": {
            "median": round(float(np.median(one_ms)), 3),
            "p95": round(float(np.percentile(one_ms, 95)), 3),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "model.json")
    parser.add_argument("--graded-mask", action="store_true")
    parser.add_argument("--no-references", action="store_true")
    args = parser.parse_args()
    if not (args.data / "clickbait").is_dir():
        print(f"SKIP: no clickbait data under {args.data} (pass --data ../shared/data)")
        return 0

    train_sets = default_sets(args.data)
    eval_sets = evaluation_sets(args.data)
    texts = [t for s in train_sets for t in s.texts]
    labels = np.concatenate([s.labels for s in train_sets])
    fit_params = {}
    if args.graded_mask:
        fit_params["clf__graded"] = np.concatenate([np.full(len(s), s.graded) for s in train_sets])
    pipeline = build_pipeline(load_lexicons(args.data), vader_valence(), **DEFAULT_PARAMS)
    cpu, wall = time.process_time(), time.perf_counter()
    pipeline.fit(texts, labels, **fit_params)
    fit = {
        "wall_seconds": round(time.perf_counter() - wall, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
    }
    head = pipeline.named_steps["clf"]
    threshold = float(getattr(head, "threshold_", 0.5))
    print(
        f"trained in {fit['wall_seconds']} s (cpu {fit['cpu_seconds']} s); threshold_ = {threshold}",
        flush=True,
    )

    ours: dict = {"threshold": threshold, "sets": {}, "sets_at_0.5": {}}
    for data in eval_sets:
        ours["sets"][data.name] = {
            k: v for k, v in evaluate_set(pipeline, data, threshold).items() if k in KEEP
        }
        ours["sets_at_0.5"][data.name] = {
            k: v for k, v in evaluate_set(pipeline, data, 0.5).items() if k in ("accuracy", "f1")
        }
    all_eval = [t for s in eval_sets for t in s.texts]
    result = {
        "params": {**DEFAULT_PARAMS, "graded_mask": args.graded_mask},
        "pipeline": {
            k: v for k, v in pipeline.get_params().items() if k.startswith("clf__") and "__" not in k[5:]
        },
        "n_features": int(head.n_features_in_),
        "fit": fit,
        "ours": ours,
        "speed": speed(pipeline, all_eval),
        "machine": {
            "python": platform.python_version(),
            "cpus_note": "shared 2-core machine; CPU time is the fairer figure",
        },
    }
    if not args.no_references:
        result["references"] = references(train_sets, eval_sets)

    print(f"{'model':34} {'set':16} {'acc':>6} {'F1':>6} {'AUC':>6} {'MSE':>7}")

    def row(model: str, name: str, m: dict) -> None:
        def f(v: float | None, w: int = 6) -> str:
            return f"{v:{w}.4f}" if v is not None else " " * (w - 1) + "-"

        print(f"{model:34} {name:16} {f(m['accuracy'])} {f(m['f1'])} {f(m['roc_auc'])} {f(m['mse'], 7)}")

    for name, m in ours["sets"].items():
        row(f"ours (threshold {threshold})", name, m)
    for ref, body in result.get("references", {}).items():
        for name, m in body["sets"].items():
            row(ref, name, m)
    print(json.dumps(result["speed"], indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
