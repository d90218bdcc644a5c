"""Full contract fuzzing: schemathesis against the real gunicorn server on loopback, >= 1,000 requests.

    .venv/bin/python bench/bench_fuzz.py                         # 170 per operation and mode, ~1,020 requests
    .venv/bin/python bench/bench_fuzz.py --examples 300 --model models/

Every operation of the served ``/openapi.json`` is fuzzed in both generation modes (positive: fits the
schema; negative: violates it) through hypothesis, each request sent over HTTP to
``gunicorn -c gunicorn.conf.py 'service.web:create_app()'`` and checked: not a 5xx, documented status,
content type, headers and body schema, and invalid data rejected. Writes ``bench/results/fuzz.json``
with request counts per operation, status histograms and every failure (none expected). The bounded
version is ``tests/reliability/test_fuzz_contract.py``.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import sys
import time
from pathlib import Path

from bench_http import free_port, start_server, stop_server  # next to this script

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "fuzz.json"


def make_fuzz(operation, mode, stats, base, session, checks, examples):
    """A hypothesis test sending ``examples`` generated requests for one operation and mode."""
    from hypothesis import HealthCheck, Verbosity, given, settings

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )
    def fuzz(case):
        response = case.call(base_url=base, session=session, timeout=30)
        stats["requests"] += 1
        stats["statuses"][response.status_code] += 1
        try:
            case.validate_response(response, checks=checks)
        except Exception as exc:  # recorded, then re-raised so hypothesis shrinks it
            stats["failures"].append(f"{type(exc).__name__}: {str(exc)[:500]}")
            raise

    return fuzz


def main(argv: list[str] | None = None) -> int:
    import requests
    from fuzzing import CHECKS, cases, load  # bench/fuzzing.py (schemathesis: the dev extra)

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=170, help="per operation and generation mode")
    parser.add_argument("--model", default=str(ROOT / "models"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    port = free_port()
    server = start_server(port, args.workers, args.model, 1)
    base = f"http://127.0.0.1:{port}"
    per_case: dict[str, dict] = {}
    statuses: collections.Counter = collections.Counter()
    started = time.monotonic()
    try:
        raw = requests.get(f"{base}/openapi.json", timeout=10).json()
        schema = load(raw)
        session = requests.Session()
        for operation, mode in cases(schema):
            name = f"{operation.method.upper()} {operation.path} {mode}"
            stats = {"requests": 0, "statuses": collections.Counter(), "failures": []}

            fuzz = make_fuzz(operation, mode, stats, base, session, CHECKS, args.examples)
            t0 = time.monotonic()
            try:
                fuzz()
            except BaseException as exc:  # the shrunk failure arrives as an exception group
                if isinstance(exc, KeyboardInterrupt):
                    raise
                stats["failures"].append(f"final: {type(exc).__name__}: {str(exc)[:1000]}")
            stats["seconds"] = round(time.monotonic() - t0, 1)
            statuses.update(stats["statuses"])
            stats["statuses"] = {str(k): v for k, v in sorted(stats["statuses"].items())}
            stats["failures"] = stats["failures"][:10]
            per_case[name] = stats
            print(
                f"{name:45s} {stats['requests']:5d} requests  {stats['statuses']}  "
                f"failures {len(stats['failures'])}"
            )
    finally:
        stop_server(server)

    total = sum(s["requests"] for s in per_case.values())
    five_xx = sum(v for k, v in statuses.items() if k >= 500)
    failures = sum(len(s["failures"]) for s in per_case.values())
    report = {
        "benchmark": "bench/bench_fuzz.py",
        "command": " ".join(["python", "bench/bench_fuzz.py", *(argv or sys.argv[1:])]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "server": {"workers": args.workers, "model": args.model, "rate_limit": "off"},
        "seconds": round(time.monotonic() - started, 1),
        "operations": per_case,
        "totals": {
            "requests": total,
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
            "5xx": five_xx,
            "failed_checks": failures,
            "ok": total >= 1000 and five_xx == 0 and failures == 0,
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report["totals"]))
    print(f"wrote {args.out}")
    return 0 if report["totals"]["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
