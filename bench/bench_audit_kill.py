"""SIGKILL the archive audit at random moments, resume it, and compare with an uninterrupted run.

    .venv/bin/python bench/bench_audit_kill.py                       # 24 kills, real model, ~20 min on 2 cores
    .venv/bin/python bench/bench_audit_kill.py --runs 20 --rows 3000 --model models/
    .venv/bin/python bench/bench_audit_kill.py --scorer bench.fake_scorer:FakeScorer   # no model: the runner alone

Each run starts ``headline audit`` (``--workers 2``: a process pool, so the kill hits the parent and its
workers together, as a power cut would) in its own process group, SIGKILLs the group after a random
delay drawn uniformly over the reference run's duration (from ``--kill-from`` of it), then runs the same command with ``--resume``.
``results.jsonl``, ``results.csv`` and ``errors.jsonl`` must be byte-identical to the reference run and
``summary.json`` identical apart from its ``run`` block: nothing lost, nothing duplicated. Writes
``bench/results/audit_kill.json``. Never collected by pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

import audit_kill  # bench/audit_kill.py, next to this script

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "audit_kill.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=24)
    parser.add_argument("--rows", type=int, default=8000, help="CSV rows (plus a JSONL of rows/4 lines)")
    parser.add_argument("--chunk-size", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--model", default=str(ROOT / "models"), help="model path (default: models/)")
    parser.add_argument(
        "--scorer",
        default="service.audit.engines:ModelScorer",
        help=f"scorer factory ({audit_kill.FAKE_SCORER} for a model-free run)",
    )
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--kill-from",
        type=float,
        default=0.05,
        help="earliest kill as a share of the reference run (later: more kills mid-scoring)",
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    with tempfile.TemporaryDirectory(prefix="bench-audit-kill-") as tmp:
        tmp = Path(tmp)
        inputs = audit_kill.make_inputs(tmp / "in", args.rows)
        model = args.model
        if Path(model).is_dir():  # the CLI takes a file; a folder means its newest card
            from service.model import find_card

            model = str(find_card(model))

        def cmd(out: Path) -> list[str]:
            return audit_kill.command(inputs, out, model, args.scorer, args.workers, args.chunk_size, False)

        started = time.monotonic()
        ref = audit_kill.run(cmd(tmp / "reference"), timeout=3600)
        reference_s = time.monotonic() - started
        if ref.returncode not in (0, 1):
            raise SystemExit(f"reference run failed ({ref.returncode}):\n{ref.stderr[-3000:]}")
        reference = audit_kill.outputs(tmp / "reference")
        chunks = audit_kill.parts_done(tmp / "reference")
        print(
            f"reference: {reference_s:.1f}s, {chunks} chunks, "
            f"{reference['summary.json'].get('totals', {}) or ''}"
        )

        runs = []
        for i in range(args.runs):
            out = tmp / f"run-{i}"
            delay = rng.uniform(args.kill_from, 1.0) * reference_s
            finished, _ran = audit_kill.kill_at(cmd(out), delay)
            done_before = audit_kill.parts_done(out)
            t0 = time.monotonic()
            resumed = audit_kill.run([*cmd(out), "--resume"], timeout=3600)
            resume_s = time.monotonic() - t0
            identical = resumed.returncode in (0, 1) and audit_kill.outputs(out) == reference
            runs.append(
                {
                    "run": i,
                    "kill_after_s": round(delay, 2),
                    "finished_before_kill": finished,
                    "chunks_done_at_kill": done_before,
                    "resume_exit": resumed.returncode,
                    "resume_s": round(resume_s, 2),
                    "identical": identical,
                }
            )
            print(
                f"run {i:2d}: kill at {delay:5.1f}s, {done_before:3d}/{chunks} chunks done, "
                f"resume exit {resumed.returncode} in {resume_s:.1f}s, identical={identical}"
            )
            if not identical:
                print(resumed.stderr[-2000:], file=sys.stderr)

    interrupted = [r for r in runs if not r["finished_before_kill"]]
    report = {
        "benchmark": "bench/bench_audit_kill.py",
        "command": " ".join(["python", "bench/bench_audit_kill.py", *(argv or sys.argv[1:])]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "setup": {
            "rows_csv": args.rows,
            "rows_jsonl": args.rows // 4,
            "chunk_size": args.chunk_size,
            "workers": args.workers,
            "scorer": args.scorer,
            "model": model,
            "chunks": chunks,
            "reference_seconds": round(reference_s, 2),
        },
        "runs": runs,
        "totals": {
            "runs": len(runs),
            "killed_mid_run": len(interrupted),
            "killed_with_some_chunks_done": sum(0 < r["chunks_done_at_kill"] < chunks for r in runs),
            "identical": sum(r["identical"] for r in runs),
            "all_identical": all(r["identical"] for r in runs),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report["totals"]))
    print(f"wrote {args.out}")
    return 0 if report["totals"]["all_identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
