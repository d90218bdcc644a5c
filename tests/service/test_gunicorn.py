"""The real server: `headline serve` under gunicorn on a free loopback port, over HTTP, then stopped."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from tests.servers import ROOT, free_port, request, server_env, stop, wait_ready

SERVE = [sys.executable, "-c", "from service.cli import main; main()", "serve"]


def test_headline_serve_runs_gunicorn_over_http(tiny_model_path, tiny_model):
    port = free_port()
    proc = subprocess.Popen(
        [*SERVE, "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=server_env(HEADLINE_MODEL_PATH=str(tiny_model_path), HEADLINE_BIND="127.0.0.1:1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_ready(proc, port)
        status, headers, body = request(port, "POST", "/v1/analyze", {"headline": "Ten tricks doctors hate"})
        assert status == 200
        assert json.loads(body)["model_version"] == tiny_model.version
        assert headers["X-Request-ID"]
        status, headers, body = request(port, "POST", "/v1/analyze", {"headline": 3})
        assert status == 422 and headers["Content-Type"] == "application/problem+json"
        status, _, body = request(port, "POST", "/v1/analyze/batch", {"items": ["One two", "Three four"]})
        assert status == 200 and json.loads(body)["count"] == 2
        # Requests land on both workers; /metrics aggregates them (multiprocess mode).
        for _ in range(10):
            request(port, "GET", "/healthz")
        status, _, body = request(port, "GET", "/metrics")
        text = body.decode()
        assert status == 200
        healthz = [
            line
            for line in text.splitlines()
            if line.startswith('headline_http_requests_total{method="GET",route="/healthz",status="200"}')
        ]
        assert healthz and float(healthz[0].rsplit(" ", 1)[1]) == 10.0
        assert f'version="{tiny_model.version}"' in text
        assert request(port, "GET", "/docs")[0] == 200
    finally:
        err = stop(proc)
    assert proc.returncode == 0, err[-3000:]
    access = [json.loads(line) for line in err.splitlines() if '"service.access"' in line]
    assert access and all({"request_id", "route", "status", "latency_ms"} <= set(a) for a in access)


@pytest.mark.parametrize("problem", ["missing", "tampered"])
def test_serve_refuses_a_bad_model(tiny_model_path, tmp_path, problem):
    if problem == "missing":
        path = tmp_path / "absent.joblib"
    else:
        for sibling in tiny_model_path.parent.iterdir():
            (tmp_path / sibling.name).write_bytes(sibling.read_bytes())
        path = tmp_path / tiny_model_path.name
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 0xFF
        path.write_bytes(bytes(data))
    port = free_port()
    result = subprocess.run(
        [*SERVE, "--bind", f"127.0.0.1:{port}", "--model", str(path)],
        cwd=ROOT,
        env=server_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "cannot start" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_rejects_bad_flags():
    result = subprocess.run(
        [*SERVE, "--bind", "nonsense"], cwd=ROOT, env=server_env(), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "HOST:PORT" in result.stderr


@pytest.mark.parametrize("given_by", ["environment", "flag"])
def test_headline_serve_swaps_the_model_on_hup(tiny_model_dir, tiny_model, tmp_path, given_by):
    """`headline serve` hands gunicorn a prebuilt app; a HUP still loads the model now at the path.

    ``--model`` is not written into the environment: the reload reuses the settings the app was built with.
    """
    folder = tmp_path / "model"
    shutil.copytree(tiny_model_dir, folder)
    port = free_port()
    by_flag = given_by == "flag"
    proc = subprocess.Popen(
        [
            *SERVE,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            *(["--model", str(folder)] if by_flag else []),
        ],
        cwd=ROOT,
        env=server_env(TMPDIR=str(tmp_path), **({} if by_flag else {"HEADLINE_MODEL_PATH": str(folder)})),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_ready(proc, port)
        card_path = next(folder.glob("*.json"))
        card = json.loads(card_path.read_text())
        shutil.copyfile(folder / card["artifact"], folder / "headline-9.9.9.joblib")
        card.update(version="9.9.9", artifact="headline-9.9.9.joblib")
        (folder / "headline-9.9.9.json").write_text(json.dumps(card))
        os.kill(proc.pid, signal.SIGHUP)
        deadline = time.monotonic() + 60
        version = tiny_model.version
        while time.monotonic() < deadline and version != "9.9.9":
            time.sleep(0.3)
            with contextlib.suppress(OSError, ValueError):
                version = json.loads(request(port, "GET", "/readyz")[2])["model_version"]
    finally:
        err = stop(proc)
    assert version == "9.9.9", err[-2000:]
    assert f"now serving 9.9.9 (was {tiny_model.version})" in err
    assert not list(tmp_path.glob("headline-metrics-*"))
