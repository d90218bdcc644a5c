"""Article-level benchmark: consistency (FNC-1), spoiler position (Webis-22), separation, latency.

Run from the project root::

    .venv/bin/python bench/bench_article.py --data ../shared/data

Writes ``bench/results/article.json``. Fits only on FNC-1 train (and, for the stand-in
headline model, Chakraborty train); FNC-1 test and Webis-22 validation are measured only.
"""

from __future__ import annotations

import argparse
import glob
import json
import math
import pickle
import platform
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

from service.analysis.body import analyze_body
from service.model.consistency import STANCES, ConsistencyModel
from service.model.pair_features import BASELINE_COLUMNS
from service.model.spoiler import rank_sentences
from training.consistency_fit import fnc_score, load_fnc1

ROOT = Path(__file__).resolve().parents[1]


def stance_metrics(gold: list[str], pred: np.ndarray) -> dict:
    gold_arr = np.asarray(gold)
    g_unrel, p_unrel = gold_arr == "unrelated", pred == "unrelated"
    related = ~g_unrel
    score, best = fnc_score(gold, pred)
    return {
        "related_vs_unrelated_accuracy": round(accuracy_score(g_unrel, p_unrel), 4),
        "f1_unrelated": round(f1_score(g_unrel, p_unrel), 4),
        "f1_per_class_on_related_pairs": {
            c: round(f1_score(gold_arr[related] == c, pred[related] == c), 4)
            for c in ("agree", "disagree", "discuss")
        },
        "f1_per_class_all_pairs": {
            c: round(float(v), 4)
            for c, v in zip(
                STANCES, f1_score(gold_arr, pred, labels=list(STANCES), average=None), strict=True
            )
        },
        "fnc_score_share_of_max": round(score / best, 4),
    }


def bench_consistency(data: Path) -> tuple[ConsistencyModel, dict]:
    train_pairs, train_y = load_fnc1(data, "train")
    test_pairs, test_y = load_fnc1(data, "test")
    t0 = time.perf_counter()
    model = ConsistencyModel().fit(train_pairs, train_y)
    fit_seconds = time.perf_counter() - t0
    pred = model.predict(test_pairs)
    # Baseline-like reference: overlap, refuting and co-occurrence features only, same booster.
    train_x = model.features_.transform(train_pairs)
    reference = ConsistencyModel(columns=BASELINE_COLUMNS).fit(train_pairs, train_y, features=train_x)
    ref_pred = reference.predict(test_pairs)
    return model, {
        "train_pairs": len(train_pairs),
        "test_pairs": len(test_pairs),
        "fit_seconds": round(fit_seconds, 1),
        "pickled_bytes": len(pickle.dumps(model)),
        "model": stance_metrics(test_y, pred),
        "reference_baseline_like": {
            "what": "same booster on overlap/refuting/co-occurrence features only (FNC-1 baseline-like)",
            "columns": list(BASELINE_COLUMNS),
            **stance_metrics(test_y, ref_pred),
        },
        "published": {"fnc1_baseline_share_of_max": 0.795, "fnc1_winner_share_of_max": 0.820},
    }


def read_webis22(data: Path) -> list[dict]:
    with open(data / "articles/webis22/validation.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def spoiler_spans(record: dict) -> list[tuple[int, int]]:
    """Body character spans of the spoiler; positions on the title (paragraph -1) are dropped."""
    paragraphs = record["body"].split("\n\n")
    starts, offset = [], 0
    for p in paragraphs:
        starts.append(offset)
        offset += len(p) + 2
    spans = []
    for (p0, c0), (p1, c1) in record["spoiler_positions"]:
        if p0 < 0 or p1 < 0 or p0 >= len(paragraphs) or p1 >= len(paragraphs):
            continue
        spans.append((starts[p0] + c0, starts[p1] + c1))
    return spans


def _hits(ranked: list[tuple[int, int]], spans: list[tuple[int, int]]) -> list[bool]:
    return [any(s < e2 and s2 < e for s2, e2 in spans) for s, e in ranked]


def bench_spoiler(data: Path) -> dict:
    records = read_webis22(data)
    rows: dict[str, dict[str, list[float]]] = {}
    skipped = 0
    positions = []
    for rec in records:
        spans = spoiler_spans(rec)
        ranked = rank_sentences(rec["headline"], rec["body"])
        if not spans or not ranked:
            skipped += 1
            continue
        in_order = sorted(ranked, key=lambda r: r.index)
        hit = _hits([(r.start, r.end) for r in ranked], spans)
        lead = _hits([(r.start, r.end) for r in in_order], spans)
        n, h = len(in_order), sum(lead)
        random_top3 = 1 - (math.comb(n - h, min(3, n)) / math.comb(n, min(3, n)))
        kind = rec["spoiler_type"]
        for key in (kind, "all"):
            r = rows.setdefault(key, {k: [] for k in ("top1", "top3", "first1", "first3", "rand1", "rand3")})
            r["top1"].append(hit[0])
            r["top3"].append(any(hit[:3]))
            r["first1"].append(lead[0])
            r["first3"].append(any(lead[:3]))
            r["rand1"].append(h / n)
            r["rand3"].append(random_top3)
        positions.append(spans[0][0] / max(len(rec["body"]), 1))
    out = {
        "records": len(records),
        "skipped_spoiler_only_in_title": skipped,
        "hit": "a ranked sentence overlaps a spoiler span by at least one character",
        "median_spoiler_position_share_of_body": round(float(np.median(positions)), 3),
    }
    for key, r in rows.items():
        out[key] = {
            "n": len(r["top1"]),
            "ranker_top1": round(float(np.mean(r["top1"])), 4),
            "ranker_top3": round(float(np.mean(r["top3"])), 4),
            "first_sentence_top1": round(float(np.mean(r["first1"])), 4),
            "first_three_sentences_top3": round(float(np.mean(r["first3"])), 4),
            "random_top1_expected": round(float(np.mean(r["rand1"])), 4),
            "random_top3_expected": round(float(np.mean(r["rand3"])), 4),
        }
    return out


def headline_scorer(data: Path) -> tuple[object, str]:
    paths = sorted(glob.glob(str(ROOT / "models" / "headline-*.joblib")))
    if paths:
        from service.model import load_model

        loaded = load_model(paths[-1])
        return (
            lambda texts: loaded.clickbait.predict_proba(texts)[:, 1]
        ), f"project model {Path(paths[-1]).name}"
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from training.data import load_recipe

    train = load_recipe(data, "chakraborty2016", "train")
    pipe = make_pipeline(
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True), LogisticRegression(C=4.0)
    )
    pipe.fit(train.texts, train.binary_labels)
    return (lambda texts: pipe.predict_proba(texts)[:, 1]), (
        "STAND-IN: no models/headline-*.joblib; word 1-2-gram TF-IDF logistic regression "
        "on chakraborty2016 train"
    )


def bench_separation(data: Path, model: ConsistencyModel) -> dict:
    score, source = headline_scorer(data)
    webis = read_webis22(data)
    fnc_pairs, fnc_y = load_fnc1(data, "test")
    agree = [p for p, y in zip(fnc_pairs, fnc_y, strict=True) if y == "agree"]
    items = [(r["headline"], r["body"], 1) for r in webis] + [(h, b, 0) for h, b in agree]
    head_p = score([h for h, _, _ in items])
    labels = np.asarray([y for _, _, y in items])
    article_p, no_model_p, components = [], [], {}
    for (headline, body, _), p in zip(items, head_p, strict=True):
        res = analyze_body(headline, body, consistency_model=model, headline_probability=float(p))
        article_p.append(res["article_clickbait"]["probability"])
        for k, v in res["article_clickbait"]["components"].items():
            components.setdefault(k, []).append(v)
        bare = analyze_body(headline, body, consistency_model=None, headline_probability=float(p))
        no_model_p.append(bare["article_clickbait"]["probability"])
    per_component = {}
    for k, values in components.items():
        if len(values) == len(labels):
            per_component[k] = round(roc_auc_score(labels, values), 4)
    return {
        "headline_model": source,
        "positives": f"Webis-22 validation posts with bodies (clickbait), n={int(labels.sum())}",
        "negatives": f"FNC-1 test 'agree' pairs (ordinary news), n={int((labels == 0).sum())}",
        "roc_auc_headline_only": round(roc_auc_score(labels, head_p), 4),
        "roc_auc_article": round(roc_auc_score(labels, article_p), 4),
        "roc_auc_article_without_consistency": round(roc_auc_score(labels, no_model_p), 4),
        "roc_auc_of_each_component_alone": per_component,
        "mean_probability": {
            "headline_only": {"webis22": round(float(head_p[labels == 1].mean()), 4),
                              "fnc1_agree": round(float(head_p[labels == 0].mean()), 4)},
            "article": {"webis22": round(float(np.mean(np.asarray(article_p)[labels == 1])), 4),
                        "fnc1_agree": round(float(np.mean(np.asarray(article_p)[labels == 0])), 4)},
        },
    }  # fmt: skip


def bench_latency(data: Path, model: ConsistencyModel) -> dict:
    webis = read_webis22(data)
    longest = max(webis, key=lambda r: len(r["body"].split()))
    words = longest["body"].split(" ")
    body = " ".join(words[:1000])
    analyze_body(longest["headline"], body, consistency_model=model, headline_probability=0.5)
    timings = []
    for i in range(30):
        variant = body + f" Variant {i}."  # defeats textstat's per-text cache, as a new article would
        t0 = time.perf_counter()
        analyze_body(longest["headline"], variant, consistency_model=model, headline_probability=0.5)
        timings.append((time.perf_counter() - t0) * 1000)
    huge = ("All work and no play makes Jack a dull boy. " * 25_000)[:1_000_000]
    t0 = time.perf_counter()
    analyze_body("Jack", huge, consistency_model=model, headline_probability=0.5)
    huge_ms = (time.perf_counter() - t0) * 1000
    return {
        "article_words": len(body.split()),
        "all_body_signals_ms_median": round(float(np.median(timings)), 2),
        "all_body_signals_ms_p90": round(float(np.percentile(timings, 90)), 2),
        "one_megabyte_body_ms": round(huge_ms, 1),
        "target_ms": 20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data", type=Path)
    parser.add_argument("--out", default=ROOT / "bench" / "results" / "article.json", type=Path)
    args = parser.parse_args()
    results: dict = {"python": platform.python_version()}
    model, results["consistency_fnc1_test"] = bench_consistency(args.data)
    print(json.dumps(results["consistency_fnc1_test"], indent=2), flush=True)
    results["spoiler_webis22_validation"] = bench_spoiler(args.data)
    print(json.dumps(results["spoiler_webis22_validation"], indent=2), flush=True)
    results["latency"] = bench_latency(args.data, model)
    print(json.dumps(results["latency"], indent=2), flush=True)
    results["separation_webis22_vs_fnc1_agree"] = bench_separation(args.data, model)
    print(json.dumps(results["separation_webis22_vs_fnc1_agree"], indent=2), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
