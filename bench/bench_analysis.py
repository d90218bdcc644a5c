"""Speed of the analysis core, in process: one headline, one article, bulk.

    python bench/bench_analysis.py [--model models/] [--n 5000]

Measures, in one run so the numbers compare as ratios on a noisy machine:
- full ``analyze`` of one headline: p50 / p90 / p99 latency over many distinct headlines;
- ``analyze`` of a 1,000-word article body (headline + body signals);
- bulk ``analyze_batch`` in batches of 512: headlines per second on one core;
- the clickbait model alone (features + head) in bulk, for the share the model costs.
Headlines come from ``../shared/data`` when present (webis17 + chakraborty test texts),
else from the test samples with numbers appended so caches cannot flatter the result.
Writes ``bench/results/analysis.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.analysis import analyze, analyze_batch  # noqa: E402
from service.analysis.clickbait import score_clickbait  # noqa: E402
from service.model import load_model  # noqa: E402


def headlines(data_dir: Path, n: int) -> list[str]:
    texts: list[str] = []
    try:
        from training.data import load_recipe

        for name in ("webis17", "chakraborty2016"):
            texts += load_recipe(data_dir, name, "test").texts
    except Exception:  # the data is optional here
        from tests.samples import CLICKBAIT, NEWS

        texts = [f"{h} {i}" for i, h in enumerate((CLICKBAIT + NEWS) * (n // 40 + 1))]
    texts = [t for t in texts if t.strip() and len(t) <= 1000]
    return (texts * (n // max(len(texts), 1) + 1))[:n]


ARTICLE = (
    "The city council voted on Tuesday to approve a new tram line linking the northern suburbs with the "
    "central station, ending a decade of debate over the route. Construction is expected to begin next spring "
    "and to last about three years, according to the transport department. Officials estimate that the line "
    "will carry twenty thousand passengers a day once it opens. Opponents argued that the cost, estimated at "
    "four hundred million euros, could have been spent on buses instead. "
)


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "models")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "analysis.json")
    args = parser.parse_args()

    t0 = time.perf_counter()
    model = load_model(args.model)
    load_seconds = time.perf_counter() - t0
    texts = headlines(args.data, args.n)
    analyze(model, "warm up the caches of the process")

    single = []
    for text in texts[:1000]:
        t = time.perf_counter()
        analyze(model, text)
        single.append((time.perf_counter() - t) * 1000)

    words = ARTICLE.split()
    body = " ".join((words * (1000 // len(words) + 1))[:1000])
    article = []
    for i in range(30):
        t = time.perf_counter()
        analyze(model, f"Council approves new tram line {i}", body)
        article.append((time.perf_counter() - t) * 1000)

    items = [{"headline": t} for t in texts]
    t = time.perf_counter()
    for start in range(0, len(items), 512):
        analyze_batch(model, items[start:start + 512])
    bulk_rate = len(items) / (time.perf_counter() - t)

    t = time.perf_counter()
    for start in range(0, len(texts), 512):
        score_clickbait(model, texts[start:start + 512])
    model_rate = len(texts) / (time.perf_counter() - t)

    result = {
        "model_version": model.version,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "model_load_seconds": round(load_seconds, 3),
        "single_headline_ms": {"p50": round(statistics.median(single), 3), "p90": round(percentile(single, 0.9), 3),
                               "p99": round(percentile(single, 0.99), 3), "n": len(single)},
        "article_1000_words_ms": {"p50": round(statistics.median(article), 2), "n": len(article)},
        "bulk_full_analysis_per_second": round(bulk_rate),
        "bulk_clickbait_only_per_second": round(model_rate),
        "headlines": len(texts),
        "targets": {"single_p50_ms": 1.0, "article_ms": 15.0, "bulk_per_second": 10_000},
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
