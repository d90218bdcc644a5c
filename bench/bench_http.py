"""HTTP load benchmark on loopback: the real gunicorn server, a pure-Python load generator in other processes.

    .venv/bin/python bench/bench_http.py                      # shipped model, ~75 s, writes bench/results/http.json
    .venv/bin/python bench/bench_http.py --model PATH --duration 5 --workers 2

The server runs with the ``headline serve`` defaults (gunicorn.conf.py, access log on at INFO, metrics,
request ids, security headers, the rate limiter) except the rate-limit budget, raised to one this load
generator (one client address) never exhausts, so the limiter does all its work but never answers 429;
``--rate-limit off`` and ``--no-access-log`` measure without them. The access log goes to a file.

Phases (each bounded by --duration seconds after a short warm-up):
  0. in-process hooks budget (``bench/bench_http_hooks.py``): µs per request of the full app, of the same
     app with the core replaced by a constant result, and of the API without our hooks;
  1. in-process baseline: bare ``analyze()`` per headline and ``analyze_batch()`` of 100, no HTTP;
  2. GET /healthz: the HTTP stack alone (gunicorn, Flask, hooks, metrics), to separate its cost from the core's;
  2b. POST /v1/analyze, one headline per request, --clients concurrent keep-alive connections;
  3. POST /v1/analyze/batch, 100 headlines per request, without explanations (``explain: false``).
The ratio of HTTP cost to bare cost is reported per headline for both shapes. Targets (issue 14): >= 1,000
req/s, p99 <= 20 ms and 0 errors for (2b); >= 10,000 headlines/s for (3) on 2 workers. The generator is stdlib
only (http.client keep-alive, threads in --procs processes), so anyone can rerun it; it shares the machine's
cores with the server, so compare runs made on the same machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing as mp
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "http.json"

SEED_HEADLINES = [
    "You won't believe what this council did next",
    "Council approves 2025 budget after three-hour debate",
    "10 shocking secrets doctors don't want you to know",
    "Central bank holds interest rates at 4.5%",
    "This one weird trick will change your life forever",
    "Scientists discover new species of frog in Peruvian rainforest",
    "The internet is losing its mind over this dress",
    "Storm warning issued for coastal areas as winds reach 90 mph",
    "Here's why everyone is talking about this tiny village",
    "Government announces new funding for rural schools",
    "Absolutely devastating: fans react to shock final",
    "Local library extends opening hours during exam season",
    "What happened next will make you cry",
    "Train operator apologises after week of cancellations",
    "Is this the best pizza in the world? We tried it",
    "Study links poor sleep to higher risk of heart disease",
]


def headlines(n: int) -> list[str]:
    """``n`` distinct headlines (seed headlines with a varying suffix, so no caching helps)."""
    return [
        f"{SEED_HEADLINES[i % len(SEED_HEADLINES)]} ({i})" if i >= len(SEED_HEADLINES) else SEED_HEADLINES[i]
        for i in range(n)
    ]


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


# --- load generator (runs in child processes) --------------------------------------------------


def send(conn: http.client.HTTPConnection, port: int, method: str, path: str, body, headers: dict):
    """One request on a keep-alive connection: (connection to use next, status; 0 on a transport error)."""
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return conn, response.status
    except (OSError, http.client.HTTPException):
        conn.close()
        return http.client.HTTPConnection("127.0.0.1", port, timeout=30), 0


def _client_thread(port, path, bodies, start_at, stop_at, out, lock):
    method = "GET" if bodies == [None] else "POST"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, errors, statuses, i = [], 0, {}, 0
    headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
    while time.time() < start_at:
        time.sleep(0.001)
    while True:
        now = time.perf_counter()
        if time.time() >= stop_at:
            break
        body = bodies[i % len(bodies)]
        i += 1
        conn, status = send(conn, port, method, path, body, headers if body is not None else {})
        latencies.append(time.perf_counter() - now)
        statuses[status] = statuses.get(status, 0) + 1
        if status != 200:
            errors += 1
    conn.close()
    with lock:
        out.append((latencies, errors, statuses))


def threads_into_queue(target, args: tuple, threads: int, queue) -> None:
    """Run ``target(*args, out, lock)`` in ``threads`` threads of this (client) process; put ``out`` on ``queue``."""
    out: list = []
    lock = threading.Lock()
    workers = [threading.Thread(target=target, args=(*args, out, lock)) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    queue.put(out)


def _load_process(port, path, bodies, threads, start_at, stop_at, queue):
    threads_into_queue(_client_thread, (port, path, bodies, start_at, stop_at), threads, queue)


def run_load(
    port: int, path: str, bodies: list[bytes], clients: int, procs: int, duration: float, warmup: float
) -> dict:
    """Drive ``clients`` keep-alive connections for ``duration`` s (after ``warmup`` s, not counted)."""
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    per_proc = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    # Warm-up run (connections, worker caches), then the measured run.
    results = {}
    for label, length in (("warmup", warmup), ("measured", duration)):
        start_at = time.time() + 1.5  # let the spawned processes import and connect
        stop_at = start_at + length
        children = [
            ctx.Process(target=_load_process, args=(port, path, bodies, n, start_at, stop_at, queue))
            for n in per_proc
            if n
        ]
        for c in children:
            c.start()
        collected = [queue.get(timeout=length + 120) for _ in children]
        for c in children:
            c.join(timeout=30)
        latencies, errors, statuses = [], 0, {}
        for proc_out in collected:
            for lat, err, st in proc_out:
                latencies.extend(lat)
                errors += err
                for k, v in st.items():
                    statuses[str(k)] = statuses.get(str(k), 0) + v
        results[label] = {"latencies": latencies, "errors": errors, "statuses": statuses, "seconds": length}
    measured = results["measured"]
    lat = measured["latencies"]
    return {
        "requests": len(lat),
        "errors": measured["errors"],
        "statuses": measured["statuses"],
        "seconds": duration,
        "requests_per_s": round(len(lat) / duration, 1),
        "latency_ms": {
            "mean": round(statistics.fmean(lat) * 1000, 3) if lat else None,
            "p50": round(percentile(lat, 50) * 1000, 3),
            "p90": round(percentile(lat, 90) * 1000, 3),
            "p99": round(percentile(lat, 99) * 1000, 3),
            "max": round(max(lat) * 1000, 3) if lat else None,
        },
    }


# --- server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


UNLIMITED = "100000000/minute"  # the limiter checks and counts every request but never refuses the generator


def start_server(
    port: int,
    workers: int,
    model: str | None,
    threads: int | None = None,
    *,
    rate_limit: str = "off",
    access_log: bool = False,
    log_file: Path | None = None,
) -> subprocess.Popen:
    """gunicorn on ``port`` with gunicorn.conf.py; the access log (INFO lines) goes to ``log_file`` or nowhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HEADLINE_", "PROMETHEUS_"))}
    env.update(
        {
            "HEADLINE_BIND": f"127.0.0.1:{port}",
            "HEADLINE_WORKERS": str(workers),
            "HEADLINE_RATE_LIMIT": rate_limit,
            "HEADLINE_ACCESS_LOG": "true" if access_log else "false",
            "HEADLINE_LOG_LEVEL": "INFO" if access_log else "WARNING",
        }
    )
    if threads is not None:  # else gunicorn.conf.py's default
        env["HEADLINE_THREADS"] = str(threads)
    if model:
        env["HEADLINE_MODEL_PATH"] = model
    gunicorn = Path(sys.executable).parent / "gunicorn"
    # A file, never an undrained pipe: at 1,000 lines/s a pipe fills and blocks the workers.
    log_path = log_file or Path(os.devnull)
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [str(gunicorn), "--config", str(ROOT / "gunicorn.conf.py"), "service.web:create_app()"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            tail = log_path.read_bytes()[-2000:].decode(errors="replace") if log_file else ""
            raise SystemExit(f"server exited with {proc.returncode}: {tail}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
            conn.close()
        except OSError:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not become ready in 120 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# --- in-process baseline -----------------------------------------------------------------------


def bare_costs(model_path: str | None, duration: float) -> dict:
    """Seconds per headline for bare ``analyze`` and for ``analyze_batch`` of 100 (no HTTP, no Flask)."""
    from service.analysis import analyze, analyze_batch
    from service.model import load_model

    model = load_model(model_path)
    texts = headlines(2000)
    for t in texts[:50]:
        analyze(model, t)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < duration:
        analyze(model, texts[n % len(texts)])
        n += 1
    single = (time.perf_counter() - start) / n
    items = [{"headline": t, "body": None} for t in texts[:100]]
    analyze_batch(model, items, explain=False)  # the batch target is without explanations
    b, start = 0, time.perf_counter()
    while time.perf_counter() - start < duration:
        analyze_batch(model, items, explain=False)
        b += 1
    batch = (time.perf_counter() - start) / (b * 100)
    return {
        "model_version": model.version,
        "analyze_s_per_headline": single,
        "batch100_s_per_headline": batch,
        "analyze_per_s": round(1 / single, 1),
        "batch100_headlines_per_s": round(1 / batch, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="model path (default: the shipped model)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers")
    parser.add_argument(
        "--threads", type=int, default=None, help="threads per gunicorn worker (default: gunicorn.conf.py's)"
    )
    parser.add_argument(
        "--rate-limit",
        default=UNLIMITED,
        help=f"HEADLINE_RATE_LIMIT for the server ('off' for none; {UNLIMITED})",
    )
    parser.add_argument("--no-access-log", action="store_true", help="run the server without its access log")
    parser.add_argument(
        "--hooks-seconds", type=float, default=1.0, help="seconds per in-process timing round"
    )
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients for /v1/analyze")
    parser.add_argument("--batch-clients", type=int, default=4, help="concurrent clients for the batch phase")
    parser.add_argument("--procs", type=int, default=2, help="load-generator processes")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds per phase")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per phase")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)

    from bench_http_hooks import measure, print_table

    hooks = measure(args.model, args.hooks_seconds) if args.hooks_seconds > 0 else {}
    print_table(hooks)
    bare = bare_costs(args.model, min(args.duration, 5.0))
    print(
        f"bare analyze: {bare['analyze_per_s']}/s; batch of 100: {bare['batch100_headlines_per_s']} headlines/s"
    )

    port = free_port()
    access_log = not args.no_access_log
    log_dir = tempfile.TemporaryDirectory(prefix="bench-http-")
    log_file = Path(log_dir.name) / "server.log"
    server = start_server(
        port,
        args.workers,
        args.model,
        args.threads,
        rate_limit=args.rate_limit,
        access_log=access_log,
        log_file=log_file,
    )
    try:
        texts = headlines(2000)
        single_bodies = [json.dumps({"headline": t}).encode() for t in texts]
        batch_bodies = [
            json.dumps({"items": [{"headline": t} for t in texts[i : i + 100]], "explain": False}).encode()
            for i in range(0, len(texts), 100)
        ]
        # The HTTP stack alone (gunicorn + Flask + hooks + metrics), no analysis: GET /healthz.
        stack = run_load(port, "/healthz", [None], args.clients, args.procs, min(args.duration, 5.0), 1.0)
        print(
            f"GET /healthz x{args.clients}: {stack['requests_per_s']} req/s, p99 {stack['latency_ms']['p99']} ms"
        )
        single = run_load(
            port, "/v1/analyze", single_bodies, args.clients, args.procs, args.duration, args.warmup
        )
        print(
            f"/v1/analyze x{args.clients}: {single['requests_per_s']} req/s, p99 {single['latency_ms']['p99']} ms,"
            f" errors {single['errors']}"
        )
        batch = run_load(
            port,
            "/v1/analyze/batch",
            batch_bodies,
            args.batch_clients,
            args.procs,
            args.duration,
            args.warmup,
        )
        batch["headlines_per_s"] = round(batch["requests_per_s"] * 100, 1)
        print(
            f"/v1/analyze/batch x{args.batch_clients} (100 each): {batch['headlines_per_s']} headlines/s, "
            f"p99 {batch['latency_ms']['p99']} ms, errors {batch['errors']}"
        )
    finally:
        stop_server(server)
        log_lines = sum(1 for _ in log_file.open("rb"))
        log_dir.cleanup()

    http_single_s = 1 / single["requests_per_s"] if single["requests_per_s"] else float("inf")
    http_batch_s = 1 / batch["headlines_per_s"] if batch["headlines_per_s"] else float("inf")
    report = {
        "benchmark": "bench/bench_http.py",
        "command": " ".join([Path(sys.executable).name, "bench/bench_http.py", *(argv or sys.argv[1:])]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "server": {
            "workers": args.workers,
            "threads": args.threads or "gunicorn.conf.py default",
            "access_log": access_log,
            "access_log_lines": log_lines,
            "rate_limit": args.rate_limit,
            "model_version": bare["model_version"],
        },
        "load_generator": {"processes": args.procs, "kind": "http.client keep-alive threads, same machine"},
        "in_process_us_per_request": hooks,
        "bare_in_process": bare,
        "http_stack_only_healthz": {**stack, "clients": args.clients},
        "analyze_single": {**single, "clients": args.clients},
        "analyze_batch_100": {**batch, "clients": args.batch_clients},
        "http_over_bare": {
            # Wall-clock cost per headline through HTTP (whole server, all workers) over one in-process call.
            "single": round(http_single_s / bare["analyze_s_per_headline"], 2),
            "batch100": round(http_batch_s / bare["batch100_s_per_headline"], 2),
            "note": "throughput-based: (1 / HTTP headlines per s) / (bare seconds per headline, one process); "
            "the server uses --workers processes and shares the CPUs with the load generator",
        },
        "targets": {
            "single_req_per_s>=1000": single["requests_per_s"] >= 1000,
            "single_p99_ms<=20": single["latency_ms"]["p99"] <= 20,
            "single_errors==0": single["errors"] == 0,
            "batch_headlines_per_s>=10000": batch["headlines_per_s"] >= 10000,
            "batch_errors==0": batch["errors"] == 0,
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report["targets"], indent=2))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
