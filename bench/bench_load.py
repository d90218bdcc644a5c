"""Step load, soak and worker-kill benchmarks against the real gunicorn server on loopback.

    .venv/bin/python bench/bench_load.py                      # all phases: ~2 min steps + 5 min soak + 40 s kill
    .venv/bin/python bench/bench_load.py --phase step --step-seconds 10
    .venv/bin/python bench/bench_load.py --phase soak --soak-seconds 300 --soak-rate 40
    .venv/bin/python bench/bench_load.py --phase kill

Phases (each writes its block into ``bench/results/load.json``, keeping the others):
  step  closed-loop clients 1, 2, 4, ... against POST /v1/analyze (one headline) and POST /v1/analyze/batch
        (--batch-size headlines): throughput, p50/p99 and errors per step, and the knee (the last step that
        still raised throughput by >= 10 %; past it only latency grows).
  soak  open loop at 70 % of the single-headline knee (or --soak-rate) for --soak-seconds: errors, p99 per
        minute, and the resident memory (RSS) of every worker, sampled each 5 s; the target is 0 errors and
        <= 10 % RSS growth per worker from minute 1 to the last minute.
  kill  closed loop at the knee; after 10 s one worker gets SIGKILL. Per-second throughput and errors; the
        master must replace the worker, only requests in flight on it may fail, and throughput must be back
        to >= 90 % of the pre-kill level (median of the 5 s before) within seconds.
The load generator is stdlib (http.client threads in separate processes), as in bench/bench_http.py.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import math
import multiprocessing as mp
import os
import platform
import signal
import statistics
import sys
import threading
import time
from pathlib import Path

from bench_http import (  # next to this script
    free_port,
    headlines,
    percentile,
    send,
    start_server,
    stop_server,
    threads_into_queue,
)

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "load.json"


# --- load generator ------------------------------------------------------------------------------


def _client(port, path, bodies, start_at, stop_at, interval, out, lock):
    """One connection; closed loop when ``interval`` is 0, else one request per ``interval`` s."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    samples, i = [], 0
    headers = {"Content-Type": "application/json"}
    while time.time() < start_at:
        time.sleep(0.001)
    next_at = time.time()
    while True:
        if interval:
            now = time.time()
            if next_at > now:
                time.sleep(next_at - now)
            next_at += interval
        if time.time() >= stop_at:
            break
        t0 = time.perf_counter()
        conn, status = send(conn, port, "POST", path, bodies[i % len(bodies)], headers)
        i += 1
        samples.append((time.time(), time.perf_counter() - t0, status))
    conn.close()
    with lock:
        out.extend(samples)


def _proc(port, path, bodies, threads, start_at, stop_at, interval, queue):
    threads_into_queue(_client, (port, path, bodies, start_at, stop_at, interval), threads, queue)


def drive(port, path, bodies, clients, seconds, procs=2, rate=0.0, during=None):
    """Run ``clients`` connections for ``seconds``; returns [(t, latency_s, status)] sorted by time.

    ``rate`` > 0: open loop at ``rate`` requests/s in total. ``during(start_at)`` runs in a thread
    meanwhile (the soak's RSS sampler, the kill).
    """
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    procs = max(1, min(procs, clients))
    per = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    interval = clients / rate if rate else 0.0
    start_at = time.time() + 2.0
    stop_at = start_at + seconds
    children = [
        ctx.Process(target=_proc, args=(port, path, bodies, n, start_at, stop_at, interval, queue))
        for n in per
        if n
    ]
    for c in children:
        c.start()
    side = None
    if during is not None:
        side = threading.Thread(target=during, args=(start_at, stop_at))
        side.start()
    samples = []
    for _ in children:
        samples.extend(queue.get(timeout=seconds + 180))
    for c in children:
        c.join(timeout=30)
    if side is not None:
        side.join()
    samples.sort()
    return samples, start_at


def summarise(samples, seconds, items=1):
    lat = [s[1] for s in samples]
    errors = sum(1 for s in samples if s[2] != 200)
    return {
        "requests": len(samples),
        "errors": errors,
        "requests_per_s": round(len(samples) / seconds, 1),
        "headlines_per_s": round(len(samples) * items / seconds, 1),
        "p50_ms": round(percentile(lat, 50) * 1000, 1),
        "p99_ms": round(percentile(lat, 99) * 1000, 1),
    }


def knee(steps):
    """The last step that raised throughput by >= 10 % over the one before."""
    best = steps[0]
    for prev, cur in itertools.pairwise(steps):
        if cur["requests_per_s"] >= 1.10 * prev["requests_per_s"] and cur["errors"] == 0:
            best = cur
        else:
            break
    return best


def worker_pids(master_pid):
    import psutil

    return sorted(p.pid for p in psutil.Process(master_pid).children())


# --- phases ---------------------------------------------------------------------------------------


def phase_step(port, args):
    texts = headlines(4000)
    single = [json.dumps({"headline": t}).encode() for t in texts]
    batch = [
        json.dumps({"items": texts[i : i + args.batch_size]}).encode()
        for i in range(0, len(texts), args.batch_size)
    ]
    out = {}
    drive(
        port, "/v1/analyze", single, 2, args.warmup
    )  # warm-up (connections, caches, lazy imports): not recorded
    for name, path, bodies, items, levels in (
        ("analyze", "/v1/analyze", single, 1, args.levels),
        ("batch", "/v1/analyze/batch", batch, args.batch_size, args.batch_levels),
    ):
        steps = []
        for clients in levels:
            samples, _ = drive(port, path, bodies, clients, args.step_seconds)
            row = {"clients": clients, **summarise(samples, args.step_seconds, items)}
            steps.append(row)
            print(
                f"step {name:7s} clients {clients:3d}: {row['requests_per_s']:7.1f} req/s "
                f"({row['headlines_per_s']:.0f} headlines/s), p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms, "
                f"errors {row['errors']}",
                flush=True,
            )
        k = knee(steps)
        out[name] = {
            "path": path,
            "items_per_request": items,
            "steps": steps,
            "knee": {
                "clients": k["clients"],
                "requests_per_s": k["requests_per_s"],
                "headlines_per_s": k["headlines_per_s"],
                "p99_ms": k["p99_ms"],
            },
        }
        print(f"knee {name}: {out[name]['knee']}", flush=True)
    return out


def phase_soak(port, server, args, knee_rps):
    import psutil

    rate = args.soak_rate or round(0.7 * knee_rps, 1)
    clients = max(
        2, min(32, math.ceil(rate * 0.05))
    )  # enough connections that latency never throttles the rate
    bodies = [json.dumps({"headline": t}).encode() for t in headlines(4000)]
    rss: dict[int, list[tuple[float, float]]] = {}

    def sample(start_at, stop_at):
        while time.time() < start_at:
            time.sleep(0.05)
        while time.time() < stop_at:
            t = time.time() - start_at
            for pid in worker_pids(server.pid):
                with contextlib.suppress(psutil.Error):
                    rss.setdefault(pid, []).append((t, psutil.Process(pid).memory_info().rss / 2**20))
            time.sleep(5)

    print(f"soak: {rate} req/s for {args.soak_seconds} s ({clients} connections)", flush=True)
    samples, start_at = drive(
        port, "/v1/analyze", bodies, clients, args.soak_seconds, rate=rate, during=sample
    )
    minutes = max(1, math.ceil(args.soak_seconds / 60))
    per_minute = []
    for m in range(minutes):
        window = [s for s in samples if m * 60 <= s[0] - start_at < (m + 1) * 60]
        span = min(60, args.soak_seconds - m * 60)
        per_minute.append({"minute": m + 1, **summarise(window, span)})
    workers = {}
    last = minutes
    for pid, points in rss.items():
        first_min = [v for t, v in points if t < 60] or [points[0][1]]
        last_min = [v for t, v in points if t >= (last - 1) * 60] or [points[-1][1]]
        start_mb, end_mb = statistics.median(first_min), statistics.median(last_min)
        workers[str(pid)] = {
            "rss_mb_minute_1": round(start_mb, 1),
            f"rss_mb_minute_{last}": round(end_mb, 1),
            "growth_pct": round(100 * (end_mb / start_mb - 1), 2),
            "samples": len(points),
        }
    total = summarise(samples, args.soak_seconds)
    p99s = [m["p99_ms"] for m in per_minute if m["requests"]]
    result = {
        "rate_target_per_s": rate,
        "seconds": args.soak_seconds,
        "connections": clients,
        **total,
        "per_minute": per_minute,
        "workers_rss": workers,
        "p99_spread_ms": round(max(p99s) - min(p99s), 1) if p99s else None,
        "targets": {
            "errors==0": total["errors"] == 0,
            "rss_growth<=10%": all(w["growth_pct"] <= 10 for w in workers.values()),
            "p99_stable(max<=2*min)": bool(p99s) and max(p99s) <= 2 * min(p99s),
        },
    }
    print(json.dumps({k: v for k, v in result.items() if k != "per_minute"}, indent=1), flush=True)
    return result


def phase_kill(port, server, args, clients):
    bodies = [json.dumps({"headline": t}).encode() for t in headlines(4000)]
    events = {}

    def kill(start_at, stop_at):
        while time.time() < start_at + args.kill_after:
            time.sleep(0.01)
        before = worker_pids(server.pid)
        victim = before[0]
        os.kill(victim, signal.SIGKILL)
        events["killed"] = {"pid": victim, "t": time.time() - start_at}
        while time.time() < stop_at:
            now = worker_pids(server.pid)
            if len(now) == len(before) and victim not in now:
                events["replaced_after_s"] = round(time.time() - start_at - events["killed"]["t"], 2)
                break
            time.sleep(0.02)

    seconds = args.kill_after + args.kill_tail
    samples, start_at = drive(port, "/v1/analyze", bodies, clients, seconds, during=kill)
    per_second = []
    for s in range(int(seconds)):
        window = [x for x in samples if s <= x[0] - start_at < s + 1]
        per_second.append(
            {"second": s, "requests": len(window), "errors": sum(1 for x in window if x[2] != 200)}
        )
    kill_t = events["killed"]["t"]
    pre = [b["requests"] for b in per_second if int(kill_t) - 5 <= b["second"] < int(kill_t)]
    baseline = statistics.median(pre) if pre else 0  # the 5 s before the kill: the machine's load drifts
    recovered = next(
        (b["second"] for b in per_second if b["second"] > kill_t and b["requests"] >= 0.9 * baseline), None
    )
    errors = sum(b["errors"] for b in per_second)
    result = {
        "clients": clients,
        "seconds": seconds,
        **summarise(samples, seconds),
        "killed": events.get("killed"),
        "worker_replaced_after_s": events.get("replaced_after_s"),
        "pre_kill_requests_per_s": round(baseline, 1),
        "back_to_90pct_after_s": None if recovered is None else round(recovered + 1 - kill_t, 1),
        "errors_total": errors,
        "per_second": per_second,
        "targets": {
            "replaced": "replaced_after_s" in events,
            "errors<=in_flight(clients)": errors <= clients,
            "recovered<=10s": recovered is not None and recovered + 1 - kill_t <= 10,
        },
    }
    print(json.dumps({k: v for k, v in result.items() if k != "per_second"}, indent=1), flush=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase", choices=["all", "step", "soak", "kill"], default="all")
    parser.add_argument("--model", default=str(ROOT / "models"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--levels", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 4, 8, 16, 32]
    )
    parser.add_argument("--batch-levels", type=lambda s: [int(x) for x in s.split(",")], default=[1, 2, 4, 8])
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--step-seconds", type=float, default=10)
    parser.add_argument("--warmup", type=float, default=5, help="seconds of unrecorded load before the steps")
    parser.add_argument("--soak-seconds", type=float, default=300)
    parser.add_argument("--soak-rate", type=float, default=0, help="req/s (default: 70 %% of the step knee)")
    parser.add_argument("--kill-after", type=float, default=10)
    parser.add_argument("--kill-tail", type=float, default=30)
    parser.add_argument("--kill-clients", type=int, default=0, help="default: the knee's clients")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    report = json.loads(args.out.read_text()) if args.out.exists() else {}
    report.update(
        {
            "benchmark": "bench/bench_load.py",
            "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "note": "load generator on the same 2 cores as the server",
            },
            "server": {
                "workers": args.workers,
                "worker_class": "sync",
                "model": args.model,
                "rate_limit": "off",
                "access_log": "off (WARNING)",
            },
        }
    )
    report.setdefault("commands", {})
    port = free_port()
    server = start_server(port, args.workers, args.model, 1)
    try:
        if args.phase in ("all", "step"):
            report["step"] = phase_step(port, args)
            report["commands"]["step"] = " ".join(["python", "bench/bench_load.py", *(argv or sys.argv[1:])])
        knee_step = (report.get("step") or {}).get("analyze", {}).get("knee", {})
        if args.phase in ("all", "soak"):
            if not args.soak_rate and not knee_step:
                raise SystemExit("soak needs --soak-rate or a step phase result in the output file")
            report["soak"] = phase_soak(port, server, args, knee_step.get("requests_per_s", 0))
            report["commands"]["soak"] = " ".join(["python", "bench/bench_load.py", *(argv or sys.argv[1:])])
        if args.phase in ("all", "kill"):
            clients = args.kill_clients or knee_step.get("clients") or 4
            report["kill"] = phase_kill(port, server, args, clients)
            report["commands"]["kill"] = " ".join(["python", "bench/bench_load.py", *(argv or sys.argv[1:])])
    finally:
        stop_server(server)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
