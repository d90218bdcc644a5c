"""The explanation's cost (``batch_signals``), against an earlier revision of it, in one run.

    python bench/bench_explain.py [--data ../shared/data] [--n 20000] [--against REV] [--rounds 3]

Loads ``service/analysis/signals.py`` as it was at ``REV`` (git show) next to the current one,
checks that both give the same signals for every headline, then times them alternately on the
same feature rows (CPU µs per headline): batches of 512, one headline at a time, and the first
explanation of a fresh model (the layout it builds). Ratios hold on a busy machine; absolute
numbers do not. Not collected by pytest.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import gc
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_speed import ROOT, load_headlines

BATCH = 512


def module_at(revision: str):
    """``service.analysis.signals`` as it was at ``revision``, imported under another name."""
    source = subprocess.run(
        ["git", "show", f"{revision}:service/analysis/signals.py"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    path = Path(tempfile.mkdtemp()) / "signals_then.py"
    path.write_bytes(source)
    spec = importlib.util.spec_from_file_location("signals_then", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu_us(function, items: list, n: int) -> float:
    start = time.process_time()
    for item in items:
        function(*item)
    return (time.process_time() - start) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--singles", type=int, default=2_000)
    parser.add_argument("--against", default="a46d572")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from service.analysis import signals as now
    from service.analysis.clickbait import feature_matrix
    from service.model import freeze_after_load, load_model

    then = module_at(args.against)
    model = load_model(None)
    freeze_after_load()
    texts, source = load_headlines(args.data, args.n)
    pipeline = model.clickbait
    first = {}
    for name, module in (("then", then), ("now", now)):
        X = feature_matrix(model, texts[:1])
        start = time.process_time()
        module.batch_signals(pipeline, texts[:1], X, 8)
        first[name] = (time.process_time() - start) * 1e3
    batches = [
        (texts[i : i + BATCH], feature_matrix(model, texts[i : i + BATCH]))
        for i in range(0, len(texts), BATCH)
    ]
    singles = [([t], feature_matrix(model, [t])) for t in texts[: args.singles]]
    for headlines, X in batches + singles:
        assert then.batch_signals(pipeline, headlines, X, 8) == now.batch_signals(
            pipeline, headlines, X, 8
        ), headlines
    gc.collect()
    gc.freeze()
    print(f"{len(texts)} headlines from {source}; signals identical to {args.against}'s")
    print(
        f"first explanation in the process (layout): {args.against} {first['then']:.1f} ms, now {first['now']:.1f} ms"
    )
    print(
        f"{'round':<7}{'batch ' + args.against:>16}{'batch now':>12}{'one ' + args.against:>14}{'one now':>10}  CPU µs/headline"
    )
    for r in range(args.rounds):
        row = []
        for items, n in ((batches, len(texts)), (singles, len(singles))):
            for module in (then, now):
                row.append(cpu_us(lambda h, X, m=module: m.batch_signals(pipeline, h, X, 8), items, n))
        print(f"{r + 1:<7}{row[0]:>16.1f}{row[1]:>12.1f}{row[2]:>14.1f}{row[3]:>10.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
