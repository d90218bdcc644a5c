"""Benchmark of the hyperbole detector and the sensationalism score; fits the score's weights.

    python bench/bench_sensationalism.py --data ../shared/data [--fit-weights]

Prints and writes ``bench/results/sensationalism.json``. ``--fit-weights`` also fits the
combination weights (logistic regression on the webis17 TRAIN split, soft labels = truthMean)
and prints them for ``service/analysis/sensationalism.py``; nothing is fitted on a test part.
Not collected by pytest.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.analysis import sensationalism as sens  # noqa: E402
from training.hyperbole import (  # noqa: E402
    build_hyperbole_pipeline,
    hypo_groups,
    hypo_split,
    load_hypo,
    train_hyperbole,
)
from training.lexicons import load_lexicons, vader_valence  # noqa: E402

SEED = 0


def build_reference() -> Pipeline:
    """The word+char TF-IDF logistic regression the issue quotes as reference."""
    return Pipeline(
        [
            ("tfidf", FeatureUnion([
                ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
                ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
            ])),
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
        for name, make in (("detector", lambda: build_hyperbole_pipeline(hyperbolic, valence)),
                           ("tfidf_lr_reference", build_reference)):
            res = {}
            for cv_name, cv, g in (
                ("cv10", StratifiedKFold(10, shuffle=True, random_state=SEED), None),
                ("cv10_pair_grouped", StratifiedGroupKFold(10, shuffle=True, random_state=SEED), groups),
            ):
                if cv_name == "cv10_pair_grouped" and which == "hypo_l":
                    continue  # no pairs in HYPO-L: same as cv10
                p = cross_val_predict(make(), texts, y, cv=cv, groups=g, method="predict_proba")[:, 1]
                res[cv_name] = scores(y, p)
            for split_name, split in (("test_by_text", hypo_split(texts)),
                                      ("test_by_pair", hypo_split(texts, groups))):
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


def feature_rows(texts: list[str], probs: np.ndarray, lexicons: dict, valence: dict) -> tuple[np.ndarray, list]:
    names = [*sens.CATEGORIES, "emotional_intensity", "hyperbole_probability"]
    X, results = [], []
    for text, p in zip(texts, probs, strict=True):
        r = sens.analyze_sensationalism(text, hyperbole_probability=float(p), lexicons=lexicons, valence=valence)
        counts: dict[str, int] = {}
        for t in r["triggers"]:
            counts[t["category"]] = counts.get(t["category"], 0) + 1
        f = sens.score_features(counts, r["emotional_intensity"], r["hyperbole_probability"])
        X.append([f[n] for n in names])
        results.append(r)
    return np.asarray(X), results


def fit_weights(X: np.ndarray, soft: np.ndarray) -> dict:
    """Logistic regression with soft labels: each row twice, weighted truthMean and 1 - truthMean."""
    names = [*sens.CATEGORIES, "emotional_intensity", "hyperbole_probability"]
    clf = LogisticRegression(C=1.0, max_iter=2000)
    clf.fit(np.vstack([X, X]), np.r_[np.ones(len(X)), np.zeros(len(X))], sample_weight=np.r_[soft, 1 - soft])
    raw = {n: round(float(w), 3) for n, w in zip(names, clf.coef_[0], strict=True)}
    return {"intercept": round(float(clf.intercept_[0]), 3), "raw": raw,
            "clipped": {n: max(w, 0.0) for n, w in raw.items()}}


def bench_score(data: Path, model: Pipeline, lexicons: dict, valence: dict, fit: bool) -> dict:
    out: dict = {}
    webis = read_csv(data / "clickbait" / "webis17" / "posts.csv")
    texts = [r["postText"] for r in webis]
    truth = np.asarray([float(r["truthMean"]) for r in webis])
    split = np.asarray([r["split"] for r in webis])
    probs = model.predict_proba(texts)[:, 1]
    X, results = feature_rows(texts, probs, lexicons, valence)
    if fit:
        tr = split == "train"
        out["fitted_weights_webis17_train"] = fit_weights(X[tr], truth[tr])
        print("fitted:", json.dumps(out["fitted_weights_webis17_train"]), flush=True)
    te = split == "test"
    score = np.asarray([r["score"] for r in results])
    out["webis17_test"] = {
        "n": int(te.sum()),
        "spearman_score_truthMean": round(float(spearmanr(score[te], truth[te]).statistic), 3),
        "spearman_hyperbole_probability_truthMean": round(float(spearmanr(probs[te], truth[te]).statistic), 3),
        "roc_auc_score_clickbait": round(float(roc_auc_score(truth[te] >= 0.5, score[te])), 3),
    }

    gne = read_csv(data / "sensational" / "goodnewseveryone" / "headlines.csv")
    texts = [r["headline"] for r in gne]
    _, results = feature_rows(texts, model.predict_proba(texts)[:, 1], lexicons, valence)
    score = np.asarray([r["score"] for r in results])
    level = {"low": 0, "weak": 0, "medium": 1, "high": 2}
    inten = np.asarray([level.get(r["intensity"], -1) for r in gne])
    ok = inten >= 0
    felt = np.asarray([r["reader_emotions"] != "no_i_did_not_feel_any_emotion" for r in gne])
    rho = spearmanr(score[ok], inten[ok]).statistic
    out["goodnewseveryone"] = {
        "n": len(gne),
        "intensity_counts": {k: int(np.sum(inten == v)) for k, v in (("low", 0), ("medium", 1), ("high", 2))},
        "spearman_score_intensity": None if not np.isfinite(rho) else round(float(rho), 3),
        "note": "intensity is 'medium' for 99.8% of rows in this release: the correlation is not informative",
        "roc_auc_score_reader_felt_emotion": round(float(roc_auc_score(felt, score)), 3),
        "spearman_intensity_reader_felt_emotion": round(
            float(spearmanr([r["emotional_intensity"] for r in results], felt).statistic), 3),
    }

    claims = read_csv(data / "sensational" / "claim_strength" / "press_release_titles.csv")
    claims = [r for r in claims if r["claim_strength"].strip() in ("0", "1", "2", "3")]
    texts = [r["title"] for r in claims]
    strength = np.asarray([int(r["claim_strength"]) for r in claims])
    causal = np.asarray([
        any(t["category"] == "causal_claim" for t in sens.analyze_sensationalism(
            x, hyperbole_probability=None, lexicons=lexicons, valence=valence)["triggers"]) for x in texts
    ])
    gold = strength == 3
    out["claim_strength"] = {
        "n": len(claims),
        "causal_trigger_vs_strength3": {
            "accuracy": round(float(accuracy_score(gold, causal)), 3),
            "precision": round(float(precision_score(gold, causal)), 3),
            "recall": round(float(recall_score(gold, causal)), 3),
            "f1": round(float(f1_score(gold, causal)), 3),
        },
        "spearman_causal_trigger_strength": round(float(spearmanr(causal, strength).statistic), 3),
        "trigger_rate_by_strength": {str(k): round(float(causal[strength == k].mean()), 3) for k in range(4)},
    }
    for key in ("webis17_test", "goodnewseveryone", "claim_strength"):
        print(key, json.dumps(out[key]), flush=True)
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
    out = {"batch_ms_per_headline": round(batch * 1e3, 4), "single_call_ms_median": round(float(np.median(single)) * 1e3, 3)}
    print("latency", json.dumps(out), flush=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--fit-weights", action="store_true")
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
    results["score"] = bench_score(data, model, lexicons, valence, args.fit_weights)
    results["weights_in_use"] = {"intercept": sens.INTERCEPT, **sens.WEIGHTS}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
