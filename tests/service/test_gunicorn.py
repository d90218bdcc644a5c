"""The real server: `headline serve` under gunicorn on a free loopback port, over HTTP, then stopped."""

from __future__ import annotations

import json
import subprocess
import sys

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
