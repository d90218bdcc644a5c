"""Benchmark ``headline audit``: CSV throughput and memory, WARC pages/s, Dask overhead.

Generates its inputs under bench/out/audit, runs the real command in a subprocess
(so the numbers include start-up, reading, workers and assembly), samples the
resident memory of the whole process tree, and writes bench/results/audit.json.

    .venv/bin/python bench/bench_audit.py                    # 1,000,000 CSV rows, 2,000 WARC pages
    .venv/bin/python bench/bench_audit.py --rows 100000 --pages 500 --dask-rows 50000
    .venv/bin/python bench/bench_audit.py --scorer bench.fake_scorer:FakeScorer   # pipeline only, no model

Targets: CSV >= 5,000 rows/s on 2 cores with peak memory < 1 GB.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import random
import subprocess
import time
from pathlib import Path

import psutil
from audit_kill import audit_command  # next to this script

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "audit"
RESULTS = ROOT / "bench" / "results" / "audit.json"

SUBJECTS = [
    "Council",
    "The minister",
    "Local school",
    "A new study",
    "Scientists",
    "The club",
    "Rail operator",
    "Police",
    "This simple trick",
    "Doctors",
    "The city",
    "Experts",
]
VERBS = ["approves", "rejects", "reveals", "warns about", "announces", "delays", "will change", "questions"]
OBJECTS = [
    "new bus lanes",
    "budget cuts",
    "the housing plan",
    "what happens next",
    "a shocking secret",
    "the best diet ever",
    "record rainfall",
    "school funding",
    "ten things you never knew",
    "the final",
]
SECTIONS = ["Local", "World", "Sport", "Business", "Science", "Opinion"]


def headline(rng: random.Random) -> str:
    text = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.2:
        text += "!"
    if rng.random() < 0.1:
        text = "You won't believe why " + text[0].lower() + text[1:]
    return text


def make_csv(path: Path, rows: int) -> None:
    rng = random.Random(1)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "headline", "date", "section", "author"])
        for i in range(rows):
            writer.writerow(
                [
                    i,
                    headline(rng),
                    f"20{rng.randint(20, 24)}-{rng.randint(1, 12):02d}-01",
                    rng.choice(SECTIONS),
                    f"Author {rng.randint(1, 50)}",
                ]
            )


def news_page(rng: random.Random, title: str, i: int) -> str:
    paragraphs = "".join(
        f"<p>{headline(rng)} after a long meeting on Tuesday, officials said. The decision affects "
        f"{rng.randint(100, 90000)} residents and will be reviewed next year, according to the report.</p>"
        for _ in range(rng.randint(4, 12))
    )
    sidebar = "".join(f"<li><a href='/s{j}'>{headline(rng)}</a></li>" for j in range(8))
    return (
        f"<!DOCTYPE html><html><head><title>{title} | Example Gazette</title>"
        f"<meta property='og:title' content='{title}'><meta name='author' content='Author {i % 40}'>"
        f"<meta property='article:published_time' content='2024-{i % 12 + 1:02d}-10'>"
        f"<meta property='article:section' content='{SECTIONS[i % len(SECTIONS)]}'></head><body>"
        f"<header><nav><a href='/'>Home</a><a href='/world'>World</a><a href='/sport'>Sport</a></nav></header>"
        f"<div class='cookie-banner'>We use cookies. Accept all?</div>"
        f"<main><article><h1>{title}</h1>{paragraphs}<div class='tags'><a>News</a></div></article>"
        f"<aside><h3>Most read</h3><ul>{sidebar}</ul></aside>"
        f"<section class='related'><h3>Related posts</h3><ul>{sidebar}</ul></section></main>"
        f"<footer>© Example Gazette. All rights reserved. <a href='/privacy'>Privacy</a></footer>"
        f"</body></html>"
    )


def make_warc(path: Path, pages: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(2)
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for i in range(pages):
            page = news_page(rng, headline(rng), i).encode()
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    f"https://gazette.example/a/{i}",
                    "response",
                    payload=io.BytesIO(page),
                    http_headers=headers,
                )
            )


def run_audit(inputs: list[Path], out: Path, extra: list[str], env: dict) -> dict:
    """Run the command; return wall time, peak RSS of the process tree and the summary."""
    command = audit_command(inputs, out, *extra)
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.2)
    elapsed = time.perf_counter() - started
    output = process.stdout.read().decode(errors="replace")
    if process.returncode not in (0, 1):
        raise SystemExit(f"audit failed ({process.returncode}):\n{output}")
    summary = json.loads((out / "summary.json").read_text())
    return {
        "seconds": round(elapsed, 2),
        "peak_rss_mb": round(peak / 2**20, 1),
        "summary": summary,
        "exit_code": process.returncode,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--dask-rows", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--model", help="model .joblib (default: the newest in models/)")
    parser.add_argument(
        "--scorer", help="module:factory instead of the model, e.g. bench.fake_scorer:FakeScorer"
    )
    parser.add_argument("--skip", nargs="*", default=[], choices=["csv", "warc", "dask"])
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    env = {**os.environ}
    extra = ["--workers", str(args.workers)]
    if args.model:
        extra += ["--model", args.model]
    if args.scorer:
        extra += ["--scorer", args.scorer, "--model", args.model or "none"]
        env["PYTHONPATH"] = str(ROOT)  # every worker process imports the scorer module by name
    results: dict = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "scorer": args.scorer or "model",
        "workers": args.workers,
    }

    if "csv" not in args.skip:
        path = OUT / f"headlines-{args.rows}.csv"
        if not path.exists():
            make_csv(path, args.rows)
        run = run_audit([path], OUT / "csv-run", extra, env)
        results["csv"] = {
            "rows": args.rows,
            "seconds": run["seconds"],
            "rows_per_second": round(args.rows / run["seconds"], 1),
            "peak_rss_mb": run["peak_rss_mb"],
            "model_version": run["summary"]["run"]["model_version"],
            "targets": {"rows_per_second": 5000, "peak_rss_mb": 1024},
        }
        print(json.dumps(results["csv"]), flush=True)

    if "warc" not in args.skip:
        path = OUT / f"news-{args.pages}.warc.gz"
        if not path.exists():
            make_warc(path, args.pages)
        run = run_audit([path], OUT / "warc-run", extra, env)
        worker = run["summary"]["run"]["worker_seconds"]
        results["warc"] = {
            "pages": args.pages,
            "seconds": run["seconds"],
            "pages_per_second": round(args.pages / run["seconds"], 1),
            "peak_rss_mb": run["peak_rss_mb"],
            "worker_extract_seconds": worker["extract_seconds"],
            "worker_score_seconds": worker["score_seconds"],
            "scored": run["summary"]["totals"]["scored"],
        }
        print(json.dumps(results["warc"]), flush=True)

    if "dask" not in args.skip:
        path = OUT / f"headlines-{args.dask_rows}.csv"
        if not path.exists():
            make_csv(path, args.dask_rows)
        local = run_audit([path], OUT / "dask-local", extra, env)
        dask = run_audit([path], OUT / "dask-dask", [*extra, "--engine", "dask"], env)
        same = all(
            (OUT / "dask-local" / n).read_bytes() == (OUT / "dask-dask" / n).read_bytes()
            for n in ("results.jsonl", "results.csv", "errors.jsonl")
        )
        results["dask"] = {
            "rows": args.dask_rows,
            "local_seconds": local["seconds"],
            "dask_seconds": dask["seconds"],
            "overhead_ratio": round(dask["seconds"] / local["seconds"], 3),
            "dask_peak_rss_mb": dask["peak_rss_mb"],
            "identical_outputs": same,
        }
        print(json.dumps(results["dask"]), flush=True)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    previous.update(results)
    RESULTS.write_text(json.dumps(previous, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
