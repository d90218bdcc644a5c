"""Benchmark of the hyperbole detector, the trigger matcher and the shipped sensationalism score.

    python bench/bench_sensationalism.py --data ../shared/data [--model models]

Prints and writes ``bench/results/sensationalism.json``. The sensationalism head itself is
fitted by ``headline train`` and evaluated by ``headline eval`` (editor-judged test split);
this script only predicts with the shipped model. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline

from service.model.lexicons import vader_valence
from training.hyperbole_fit import (
    build_hyperbole_pipeline,
    hypo_groups,
    hypo_split,
    load_hypo,
    train_hyperbole,
)
from training.lexicons import load_lexicons

ROOT = Path(__file__).resolve().parents[1]

SEED = 0


def build_reference() -> Pipeline:
    """The word+char TF-IDF logistic regression the issue quotes as reference."""
    return Pipeline(
        [
            (
                "tfidf",
                FeatureUnion(
                    [
                        ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
                        (
                            "char",
                            TfidfVectorizer(
                                analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                            ),
                        ),
                    ]
                ),
            ),
            ("clf", LogisticRegression(max_iter=2000)),
        ]
    )


def scores(y: np.ndarray, p: np.ndarray) -> dict:
    return {"f1": round(float(f1_score(y, p >= 0.5)), 3), "roc_auc": round(float(roc_auc_score(y, p)), 3)}


def bench_hyperbole(data: Path, hyperbolic: list[str], valence: dict) -> dict:
    out = {}
    for which in ("hypo", "hypo_l"):
        texts, y = load_hypo(data, which)
        groups = hypo_groups(texts, y, which)
        row: dict = {"n": len(texts), "positives": int(y.sum())}
        for name, make in (
            ("detector", lambda: build_hyperbole_pipeline(hyperbolic, valence)),
            ("tfidf_lr_reference", build_reference),
        ):
            res = {}
            for cv_name, cv, g in (
                ("cv10", StratifiedKFold(10, shuffle=True, random_state=SEED), None),
                ("cv10_pair_grouped", StratifiedGroupKFold(10, shuffle=True, random_state=SEED), groups),
            ):
                if cv_name == "cv10_pair_grouped" and which == "hypo_l":
                    continue  # no pairs in HYPO-L: same as cv10
                p = cross_val_predict(make(), texts, y, cv=cv, groups=g, method="predict_proba")[:, 1]
                res[cv_name] = scores(y, p)
            for split_name, split in (
                ("test_by_text", hypo_split(texts)),
                ("test_by_pair", hypo_split(texts, groups)),
            ):
                if split_name == "test_by_pair" and which == "hypo_l":
                    continue
                tr = split == "train"
                model = make().fit([t for t, k in zip(texts, tr, strict=True) if k], y[tr])
                p = model.predict_proba([t for t, k in zip(texts, tr, strict=True) if not k])[:, 1]
                res[split_name] = {**scores(y[~tr], p), "n_test": int((~tr).sum())}
            row[name] = res
        out[which] = row
        print(which, json.dumps(row), flush=True)
    return out


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _analyse(model, texts: list[str]) -> list[dict]:
    from service.analysis import analyze_batch

    return [r for r in analyze_batch(model, [{"headline": t} for t in texts]) if "error" not in r]


def bench_score(data: Path, shipped) -> dict:
    """The shipped sensationalism score on the sets that measure its ingredients (only predicted on)."""
    out: dict = {}
    webis = [r for r in read_csv(data / "clickbait" / "webis17" / "posts.csv") if r["split"] == "test"]
    results = _analyse(shipped, [r["postText"] for r in webis])
    truth = np.asarray([float(r["truthMean"]) for r in webis])
    score = np.asarray([r["sensationalism"]["score"] for r in results])
    out["webis17_test"] = {
        "n": len(webis),
        "spearman_score_truthMean": round(float(spearmanr(score, truth).statistic), 3),
        "roc_auc_score_clickbait": round(float(roc_auc_score(truth >= 0.5, score)), 3),
    }
    claims = read_csv(data / "sensational" / "claim_strength" / "press_release_titles.csv")
    claims = [r for r in claims if r["claim_strength"].strip() in ("0", "1", "2", "3")]
    results = _analyse(shipped, [r["title"] for r in claims])
    strength = np.asarray([int(r["claim_strength"]) for r in claims])
    causal = np.asarray(
        [any(t["category"] == "causal_claim" for t in r["sensationalism"]["triggers"]) for r in results]
    )
    gold = strength == 3
    out["claim_strength"] = {
        "n": len(claims),
        "causal_trigger_vs_strength3": {
            "accuracy": round(float(accuracy_score(gold, causal)), 3),
            "precision": round(float(precision_score(gold, causal)), 3),
            "recall": round(float(recall_score(gold, causal)), 3),
            "f1": round(float(f1_score(gold, causal)), 3),
        },
        "trigger_rate_by_strength": {str(k): round(float(causal[strength == k].mean()), 3) for k in range(4)},
    }
    for key in ("webis17_test", "claim_strength"):
        print(key, json.dumps(out[key]), flush=True)
    return out


def bench_triggers(texts: list[str], lexicons: dict, valence: dict) -> dict:
    """Trigger matching alone, per headline (the phrase lists are gated by anchor words)."""
    from service.model.triggers import find_triggers

    find_triggers(texts[0], lexicons, valence)
    start = time.perf_counter()
    for t in texts:
        find_triggers(t, lexicons, valence)
    out = {"n": len(texts), "ms_per_headline": round((time.perf_counter() - start) / len(texts) * 1e3, 4)}
    print("triggers", json.dumps(out), flush=True)
    return out


def bench_latency(model: Pipeline, texts: list[str]) -> dict:
    model.predict_proba(texts[:10])
    start = time.perf_counter()
    model.predict_proba(texts)
    batch = (time.perf_counter() - start) / len(texts)
    single = []
    for t in texts[:200]:
        s = time.perf_counter()
        model.predict_proba([t])
        single.append(time.perf_counter() - s)
    out = {
        "batch_ms_per_headline": round(batch * 1e3, 4),
        "single_call_ms_median": round(float(np.median(single)) * 1e3, 3),
    }
    print("latency", json.dumps(out), flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--model", default=str(ROOT / "models"), help="model card, artefact or folder")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "sensationalism.json"))
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "sensational" / "hypo" / "hypo.csv").exists():
        print(f"skipped: no data at {data} (expected sensational/hypo/hypo.csv)")
        return 0
    lexicons = load_lexicons(data)
    valence = vader_valence()
    results: dict = {"command": "python bench/bench_sensationalism.py --data ../shared/data"}
    results["hyperbole"] = bench_hyperbole(data, lexicons["hyperbolic"], valence)
    model = train_hyperbole(data)
    shipped = {}
    for which in ("hypo", "hypo_l"):
        texts, y = load_hypo(data, which)
        te = hypo_split(texts, hypo_groups(texts, y, which)) == "test"
        p = model.predict_proba([t for t, k in zip(texts, te, strict=True) if k])[:, 1]
        shipped[which] = {**scores(y[te], p), "n_test": int(te.sum())}
    results["shipped_model_on_test_parts"] = shipped
    print("shipped", json.dumps(shipped), flush=True)
    gne = read_csv(data / "sensational" / "goodnewseveryone" / "headlines.csv")
    results["latency"] = bench_latency(model, [r["headline"] for r in gne[:2000]])
    from service.model import load_model

    shipped_model = load_model(args.model)
    results["triggers"] = bench_triggers([r["headline"] for r in gne], shipped_model.lexicons, valence)
    results["score"] = bench_score(data, shipped_model)
    results["editor_judged_test"] = "see the model card's sensationalism.test (headline eval reproduces it)"
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
