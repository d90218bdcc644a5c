"""The real gunicorn server on loopback under faults: slow clients, killed workers, a hot model swap.

Each server is ``gunicorn -c gunicorn.conf.py 'service.web:create_app()'`` (what the Docker image runs)
on a free 127.0.0.1 port with the tiny model. Heavier versions (under load, with throughput numbers)
are in ``bench/bench_load.py``.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from tests.servers import ROOT, free_port, request, server_env, stop, wait_ready

GUNICORN = [
    str(Path(sys.executable).parent / "gunicorn"),
    "--config",
    str(ROOT / "gunicorn.conf.py"),
    "service.web:create_app()",
]


def start(model: Path, workers: int = 2, **env: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    proc = subprocess.Popen(
        GUNICORN,
        cwd=ROOT,
        env=server_env(
            HEADLINE_BIND=f"127.0.0.1:{port}",
            HEADLINE_WORKERS=str(workers),
            HEADLINE_MODEL_PATH=str(model),
            HEADLINE_RATE_LIMIT="off",
            HEADLINE_LOG_LEVEL="WARNING",
            **env,
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wait_ready(proc, port)
    return proc, port


def workers_of(proc: subprocess.Popen) -> list[int]:
    return sorted(child.pid for child in psutil.Process(proc.pid).children())


def wait_workers(proc: subprocess.Popen, count: int, exclude: set[int] = frozenset(), deadline: float = 30):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        pids = workers_of(proc)
        if len(pids) == count and not set(pids) & set(exclude):
            return pids
        time.sleep(0.1)
    raise AssertionError(f"workers now {workers_of(proc)}, wanted {count} new ones (not {exclude})")


@pytest.fixture(scope="module")
def server(tiny_model_dir):
    proc, port = start(
        Path(tiny_model_dir),
        workers=2,
        HEADLINE_TIMEOUT="3",
        HEADLINE_BODY_TIMEOUT="1",
        HEADLINE_MAX_REQUEST_BYTES="200000",
    )
    yield proc, port
    stop(proc)


def test_slow_client_cannot_hold_a_worker(server):
    """Slowloris: headers trickle in a byte at a time; gunicorn's timeout frees the worker."""
    proc, port = server
    before = workers_of(proc)
    slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(2)]  # one per worker
    try:
        for sock in slow:
            sock.sendall(b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n")
        started = time.monotonic()
        stalled_for = None
        while time.monotonic() - started < 20:
            for sock in slow:
                with contextlib.suppress(OSError):
                    sock.sendall(b"X")
            try:
                status, _, _ = request(port, "GET", "/healthz")
            except OSError:
                status = 0
            if status == 200:
                stalled_for = time.monotonic() - started
                break
            time.sleep(0.5)
    finally:
        for sock in slow:
            sock.close()
    assert stalled_for is not None and stalled_for < 15, "the slow clients held the workers"
    assert proc.poll() is None
    wait_workers(proc, 2)
    assert request(port, "POST", "/v1/analyze", {"headline": "Council approves budget"})[0] == 200
    assert before  # the master had workers to begin with


def _post_chunked(port: int, size: int) -> tuple[int, dict]:
    """POST a JSON document of exactly ``size`` bytes with Transfer-Encoding: chunked."""
    head, tail = b'{"headline": "Council approves budget", "body": "', b'"}'
    filler = size - len(head) - len(tail)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:

        def chunks():
            yield head
            for start in range(0, filler, 10_000):
                yield b"x" * min(10_000, filler - start)
            yield tail

        conn.request(
            "POST",
            "/v1/analyze",
            body=chunks(),
            encode_chunked=True,
            headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
        )
        response = conn.getresponse()
        assert response.getheader("Content-Type") in ("application/json", "application/problem+json")
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def test_chunked_body_over_the_limit_is_413(server):
    _, port = server
    status, problem = _post_chunked(port, 250_000)
    assert status == 413 and "200000 bytes" in problem["detail"]


def test_chunked_body_of_exactly_the_limit_is_accepted(server):
    _, port = server
    assert _post_chunked(port, 200_000)[0] == 200
    assert _post_chunked(port, 200_001)[0] == 413


@pytest.mark.parametrize("half_close", [False, True])
def test_body_shorter_than_its_content_length_is_400_at_once(server, half_close):
    """Issue 12, item 15: the worker waited for the missing bytes until gunicorn killed it (a 500)."""
    _, port = server
    body = b'{"headline": "Council approves budget"}'
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    try:
        sock.sendall(
            b"POST /v1/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n%s" % (len(body) + 100, body)
        )
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            data = sock.recv(65536)
            if not data:
                break
            reply += data
    finally:
        sock.close()
    head, _, payload = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400"), reply[:300]
    assert b"application/problem+json" in head
    detail = json.loads(payload)["detail"]
    if half_close:
        assert f"ended after {len(body)} of {len(body) + 100} bytes" in detail
    else:
        assert f"Content-Length {len(body) + 100} bytes: nothing arrived for 1 s" in detail
    assert request(port, "POST", "/v1/analyze", {"headline": "Council approves budget"})[0] == 200


def test_killed_worker_is_replaced(server):
    proc, port = server
    old = wait_workers(proc, 2)
    victim = old[0]
    os.kill(victim, signal.SIGKILL)
    started = time.monotonic()
    new = wait_workers(proc, 2, exclude={victim})
    assert time.monotonic() - started < 10
    assert victim not in new and proc.poll() is None
    ok = sum(request(port, "POST", "/v1/analyze", {"headline": f"Budget {i}"})[0] == 200 for i in range(10))
    assert ok == 10


# --- hot model swap --------------------------------------------------------------------------------


def add_version(folder: Path, version: str) -> str:
    """A second model in ``folder``: the same artefact bytes under a newer version and card."""
    card_path = sorted(folder.glob("*.json"))[0]
    card = json.loads(card_path.read_text())
    artifact = f"headline-{version}.joblib"
    shutil.copyfile(folder / card["artifact"], folder / artifact)
    card.update(version=version, artifact=artifact)
    tmp = folder / f".{version}.tmp"
    tmp.write_text(json.dumps(card))
    os.replace(tmp, folder / f"headline-{version}.json")  # the card last: the artefact is complete
    return version


def metrics_folders(tmp: Path) -> list[Path]:
    return sorted(tmp.glob("headline-metrics-*"))


def test_hup_swaps_the_model_without_mixing(model_copy, tiny_model, tmp_path):
    old_version = tiny_model.version
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc, port = start(model_copy, workers=2, TMPDIR=str(tmp))
    assert len(metrics_folders(tmp)) == 1
    seen: list[tuple[str, object]] = []
    failures: list[str] = []
    stop_at = [time.monotonic() + 120]

    def load(kind: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop_at[0]:
            if kind == "batch":
                body = {"items": ["Council approves budget", "You won't believe this", "Rates held"]}
                path = "/v1/analyze/batch"
            else:
                body, path = {"headline": "Ten tricks doctors hate"}, "/v1/analyze"
            try:
                conn.request(
                    "POST", path, body=json.dumps(body), headers={"Content-Type": "application/json"}
                )
                response = conn.getresponse()
                data = json.loads(response.read())
            except (OSError, http.client.HTTPException) as exc:  # a worker retired between requests
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                failures.append(repr(exc))
                continue
            if response.status != 200:
                failures.append(f"{response.status} {data}")
            elif kind == "batch":
                versions = {data["model_version"]} | {e["result"]["model_version"] for e in data["items"]}
                seen.append(("batch", tuple(sorted(versions))))
            else:
                seen.append(("single", (data["model_version"],)))
        conn.close()

    try:
        threads = [threading.Thread(target=load, args=(kind,)) for kind in ("single", "batch", "single")]
        for t in threads:
            t.start()
        time.sleep(1.5)
        new_version = add_version(model_copy, "0.0.2")
        os.kill(proc.pid, signal.SIGHUP)
        end = time.monotonic() + 60
        while time.monotonic() < end and not any(v == (new_version,) for _, v in seen[-5:]):
            time.sleep(0.2)
        time.sleep(1.0)
        stop_at[0] = 0
        for t in threads:
            t.join(timeout=40)
        readyz = json.loads(request(port, "GET", "/readyz")[2])
        model = json.loads(request(port, "GET", "/v1/model")[2])
        exposition = [request(port, "GET", "/metrics")[2].decode() for _ in range(4)]  # both workers
    finally:
        err = stop(proc)
    for text in exposition:  # issue 12, item 11: the old generation's model no longer appears
        info = [line for line in text.splitlines() if line.startswith("headline_model_info")]
        assert info == [f'headline_model_info{{version="{new_version}"}} 1.0'], info
    assert metrics_folders(tmp) == [], "the metrics folder outlived the server"
    assert not failures, failures[:5]
    assert all(len(versions) == 1 for _, versions in seen), "a response mixed two models"
    assert {v[0] for _, v in seen} == {old_version, new_version}
    first_new = next(i for i, (_, v) in enumerate(seen) if v == (new_version,))
    assert seen[-1][1] == (new_version,) and first_new > 0
    assert readyz["model_version"] == new_version and model["version"] == new_version, err[-2000:]


def test_hup_with_a_broken_new_model_keeps_serving_the_old_one(model_copy, tiny_model):
    proc, port = start(model_copy, workers=1)
    try:
        add_version(model_copy, "0.0.3")
        (model_copy / "headline-0.0.3.joblib").write_bytes(b"not the artefact the card vouches for")
        os.kill(proc.pid, signal.SIGHUP)
        time.sleep(3)
        wait_ready(proc, port)
        status, _, body = request(port, "POST", "/v1/analyze", {"headline": "Council approves budget"})
    finally:
        err = stop(proc)
    assert status == 200 and json.loads(body)["model_version"] == tiny_model.version
    refusal = [line for line in err.splitlines() if "reload refused" in line]
    assert (
        len(refusal) == 1 and f"still serving {tiny_model.version}" in refusal[0] and "SHA-256" in refusal[0]
    )
    assert "cannot start" not in err and "CRITICAL" not in err, err[-2000:]


def test_a_server_that_cannot_start_leaves_no_metrics_folder(tmp_path):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    result = subprocess.run(
        GUNICORN,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=server_env(
            HEADLINE_BIND=f"127.0.0.1:{free_port()}",
            HEADLINE_MODEL_PATH=str(tmp_path / "absent"),
            TMPDIR=str(tmp),
        ),
    )
    assert result.returncode != 0 and "cannot start" in result.stderr
    assert metrics_folders(tmp) == []


def test_create_app_builds_the_cmu_dictionary_before_the_workers_fork(tiny_model_path):
    """A fresh worker's first request used to parse the CMU dictionary (2-4 s on 2 busy cores).

    In a fresh interpreter: textstat memoises whole-text results, so in this one an earlier test
    may already have scored the warm-up body and the dictionary would not be asked for again.
    """
    code = (
        "from service.web import create_app; from service.web.config import Settings; "
        "from service.model.readability import _cmudict; "
        f"create_app(Settings(model_path={str(tiny_model_path)!r}, log_level='WARNING')); "
        "print(_cmudict.cache_info().currsize)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip().splitlines()[-1] == "1", out.stderr[-2000:]
