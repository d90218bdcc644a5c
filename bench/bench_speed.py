"""Issue 14's speed table in one run, side by side with the bare TF-IDF references.

    python bench/bench_speed.py [--data ../shared/data] [--n 20000] [--repeat 3] [--out bench/results/speed.json]

The machine is shared and noisy, so everything that is compared is measured in the same
run, in CPU seconds of this one process (single-threaded BLAS), median of ``--repeat``:

- bare word TF-IDF + logistic regression (fitted here on the same headlines): the reference; it is
  released and what its scikit-learn import left behind is frozen before the core is timed, so the
  core runs in the state of a serving process (everything loaded at start frozen out of the garbage
  collector's sweeps);
- the clickbait model alone (the bundle's runtime form: features + head, probability only);
- ``score_clickbait`` with strength and signals;
- the full ``analyze_batch`` with explanations and without (``explain=False``);
- one headline, full ``analyze`` in process: p50 / p90 / p99 wall latency;
- one 1,000-word article (headline + body);
- cold start: ``headline score "x" --model MODEL`` in a fresh process (wall and CPU, medians; whether it
  imported scikit-learn, which a bundle with the compiled runtime form never needs), and the core's
  imports plus ``load_model`` in this process;
- the first ``/v1/analyze`` after ``create_app`` (which warms the model) against the next ones.

Bulk rates use batches of 512. Headlines come from ``--data`` (Chakraborty 2016 and Webis-17
texts) when present, else from the guard sample with numbers appended (distinct strings, so
per-word caches see realistic reuse but no whole-headline repeats). Writes ``--out`` as JSON.
Not collected by pytest.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: rates are "per core"
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import gc
import json
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BATCH = 512
ARTICLE = (
    "The city council voted on Tuesday to approve a new tram line linking the northern suburbs with the "
    "central station, ending a decade of debate over the route. Construction is expected to begin next spring "
    "and to last about three years, according to the transport department. Officials estimate that the line "
    "will carry twenty thousand passengers a day once it opens. Opponents argued that the cost, estimated at "
    "four hundred million euros, could have been spent on buses instead. "
)
# Used only without ../shared/data (numbered so that no per-word cache sees the same headline twice).
FALLBACK_HEADLINES = [
    "You won't believe what this council did next",
    "City council approves new tram line after decade of debate",
    "17 Things Only 90s Kids Will Remember",
    "Central bank raises interest rates by a quarter point",
    "This One Weird Trick Will Change How You Sleep Forever",
    "Heartbreaking Tragedy Exposes Critical Failures in City Road Safety",
    "Storm closes schools across the north-east for a second day",
    "Scientists Are Stunned By What They Found Under The Ice",
    "Parliament passes budget with 312 votes to 290",
    "Here's Why Everyone Is Talking About This Tiny Village",
]
TARGETS = {
    "full_explain_per_second": 5_000,
    "full_no_explain_per_second": 10_000,
    "full_no_explain_ratio_to_bare_lr": 1 / 12,
    "single_p50_ms": 1.0,
    "cold_start_seconds": 1.0,
}


def load_headlines(data_dir: Path, n: int) -> tuple[list[str], str]:
    texts: list[str] = []
    source = "guard sample"
    try:
        from training.data import load_recipe

        for name, split in (("chakraborty2016", "train"), ("chakraborty2016", "test"), ("webis17", "test")):
            texts += load_recipe(data_dir, name, split).texts
        source = f"{data_dir} (chakraborty2016 train+test, webis17 test)"
    except Exception:  # the data is optional here
        texts = [f"{h} {i}" for i, h in enumerate(FALLBACK_HEADLINES * (n // len(FALLBACK_HEADLINES) + 1))]
    texts = [t for t in texts if t.strip() and len(t) <= 1000]
    return (texts * (n // max(len(texts), 1) + 1))[:n], source


def cpu_rate(function, texts: list[str], repeat: int) -> float:
    """Headlines per CPU second of ``function`` over ``texts`` in batches, median of ``repeat`` runs."""
    rates = []
    for _ in range(repeat):
        start = time.process_time()
        for i in range(0, len(texts), BATCH):
            function(texts[i : i + BATCH])
        rates.append(len(texts) / max(time.process_time() - start, 1e-9))
    return statistics.median(rates)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bare_reference(texts: list[str]):
    """A bare word TF-IDF + LR, fitted on the bench headlines (speed only, labels are arbitrary)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(sublinear_tf=True, min_df=2).fit(texts)
    labels = np.arange(len(texts)) % 2
    lr = LogisticRegression(max_iter=200).fit(vectorizer.transform(texts), labels)
    return lambda batch: lr.predict_proba(vectorizer.transform(batch))[:, 1]


COLD_SCORE = """
import sys
from service.cli import main
try:
    main()
finally:
    print("imports scikit-learn:", "sklearn" in sys.modules, file=sys.stderr)
"""


def cold_start(model: Path, repeat: int) -> tuple[float, float, bool]:
    """(wall, CPU) seconds of ``headline score "x" --model MODEL`` in a fresh interpreter, medians of
    ``repeat``, and whether that process imported scikit-learn.

    The CPU time (user + system of the child) is what a busy machine does not inflate."""
    import resource

    command = [
        sys.executable,
        "-c",
        COLD_SCORE,
        "score",
        "Council approves new tram line",
        "--model",
        str(model),
    ]
    walls, cpus, sklearn = [], [], False
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        sklearn = sklearn or "imports scikit-learn: True" in done.stderr
    return statistics.median(walls), statistics.median(cpus), sklearn


FIRST_REQUEST = """
import json, sys, time
from service.web import create_app
from service.web.config import Settings
start = time.perf_counter()
app = create_app(Settings(model_path=sys.argv[1]))
ready = time.perf_counter() - start
client = app.test_client()
times = []
for i in range(21):
    t = time.perf_counter()
    response = client.post("/v1/analyze", json={"headline": f"Council approves new tram line number {i}"})
    assert response.status_code == 200
    times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"app_ready_seconds": ready, "first_ms": times[0], "rest_ms": sorted(times[1:])[10]}))
"""


def first_request(model: Path) -> dict:
    """In a fresh process: create_app (which warms the model), then the first and the next /v1/analyze."""
    out = subprocess.run(
        [sys.executable, "-c", FIRST_REQUEST, str(model)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return {k: round(v, 3) for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items()}


def measure(args: argparse.Namespace) -> dict:
    cold, cold_cpu, cold_sklearn = cold_start(
        args.model, args.repeat
    )  # first, before this process warms the page cache further
    page = first_request(args.model)
    start = time.perf_counter()
    from service.analysis import analyze, analyze_batch
    from service.analysis.clickbait import score_clickbait
    from service.model import freeze_after_load, load_model

    model = load_model(args.model)
    freeze_after_load()  # as every serving process does after loading (service/model/loader.py)
    load_seconds = time.perf_counter() - start
    texts, source = load_headlines(args.data, args.n)
    head = model.clickbait.named_steps["clf"]
    features = model.clickbait.named_steps["features"]

    bare = bare_reference(texts)
    bare_rate = cpu_rate(bare, texts, args.repeat)
    # Released before the core is timed, and what importing scikit-learn for it left behind (~70,000
    # module-level objects) frozen out of the garbage collector, as a serving process freezes what it
    # imported at start: otherwise every full sweep walked them, ~15-28 µs per headline of the core.
    del bare
    gc.collect()
    freeze_after_load()
    analyze(model, "Warm up the process before timing")
    rates = {
        "bare_word_tfidf_lr": bare_rate,
        "bare_clickbait_pipeline": cpu_rate(
            lambda b: head.predict_proba(features.transform(b)), texts, args.repeat
        ),
        "score_clickbait_with_signals": cpu_rate(lambda b: score_clickbait(model, b), texts, args.repeat),
        "full_explain": cpu_rate(
            lambda b: analyze_batch(model, [{"headline": h} for h in b]), texts, args.repeat
        ),
        "full_no_explain": cpu_rate(
            lambda b: analyze_batch(model, [{"headline": h} for h in b], explain=False), texts, args.repeat
        ),
    }
    single = []
    for text in texts[: args.single]:
        t = time.perf_counter()
        analyze(model, text)
        single.append((time.perf_counter() - t) * 1000)
    words = ARTICLE.split()
    body = " ".join((words * (1000 // len(words) + 1))[:1000])
    article = []
    for i in range(20):
        t = time.perf_counter()
        analyze(model, f"Council approves new tram line {i}", body)
        article.append((time.perf_counter() - t) * 1000)
    return {
        "model_version": model.version,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load": os.getloadavg()},
        "headlines": len(texts),
        "source": source,
        "repeat": args.repeat,
        "per_core_per_second": {k: round(v) for k, v in rates.items()},
        "ratio_to_bare_word_tfidf_lr": {k: round(v / bare_rate, 4) for k, v in rates.items()},
        "single_headline_ms": {
            "p50": round(statistics.median(single), 3),
            "p90": round(percentile(single, 0.9), 3),
            "p99": round(percentile(single, 0.99), 3),
            "n": len(single),
        },
        "article_1000_words_ms_p50": round(statistics.median(article), 2),
        "cold_start_score_seconds": round(cold, 3),
        "cold_start_score_cpu_seconds": round(cold_cpu, 3),
        "cold_start_imports_scikit_learn": cold_sklearn,
        "http_in_process_ms": page,
        "imports_and_load_model_seconds": round(load_seconds, 3),
        "targets": TARGETS,
    }


def table(result: dict) -> str:
    rates, ratios = result["per_core_per_second"], result["ratio_to_bare_word_tfidf_lr"]
    lines = [f"{'measure':<44}{'per core /s':>14}{'x bare LR':>11}   target"]
    wanted = {"full_explain": ">= 5,000/s", "full_no_explain": ">= 10,000/s and >= 1/12 of bare LR"}
    for name, rate in rates.items():
        lines.append(f"{name:<44}{rate:>14,}{ratios[name]:>11.4f}   {wanted.get(name, 'reference')}")
    s = result["single_headline_ms"]
    lines.append(
        f"{'one headline, full analyze (ms p50/p90/p99)':<44}{s['p50']:>8.3f}/{s['p90']:.3f}/{s['p99']:.3f}"
        "   <= 1 ms p50"
    )
    lines.append(f"{'one 1,000-word article (ms p50)':<44}{result['article_1000_words_ms_p50']:>14.2f}")
    lines.append(
        f"{'cold start headline score (s wall / CPU)':<44}{result['cold_start_score_seconds']:>8.3f} / "
        f"{result['cold_start_score_cpu_seconds']:.3f}   <= 1 s"
        + ("   (imports scikit-learn)" if result.get("cold_start_imports_scikit_learn") else "")
    )
    lines.append(
        f"{'imports + load_model in process (s wall)':<44}{result['imports_and_load_model_seconds']:>14.3f}"
    )
    page = result["http_in_process_ms"]
    lines.append(
        f"{'first /v1/analyze after start vs next (ms)':<44}{page['first_ms']:>8.2f} vs {page['rest_ms']:.2f}"
        "   first as fast as the rest"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", type=Path, default=ROOT / "models")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--n", type=int, default=20_000, help="headlines in each bulk measure")
    parser.add_argument("--single", type=int, default=1000, help="headlines timed one at a time")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "speed.json")
    args = parser.parse_args()
    result = measure(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{result['headlines']} headlines from {result['source']}; CPU time, median of {result['repeat']}")
    print(table(result))
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
