"""No shared gunicorn control socket: two servers of one user on one host leave no ~/.gunicorn/gunicorn.ctl."""

from __future__ import annotations

import subprocess
import sys

from tests.servers import ROOT, free_port, request, server_env, stop, wait_ready

SERVE = [sys.executable, "-c", "from service.cli import main; main()", "serve"]
GUNICORN = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py")]


def test_no_instance_creates_the_shared_control_socket(tiny_model_path, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    ports = [free_port(), free_port()]
    procs = []
    try:
        for command, port in zip(
            (SERVE, GUNICORN), ports, strict=True
        ):  # `headline serve` and Docker's start
            env = server_env(
                HEADLINE_MODEL_PATH=str(tiny_model_path),
                HEADLINE_BIND=f"127.0.0.1:{port}",
                HEADLINE_WORKERS="1",
                HOME=str(home),
            )
            env.pop("XDG_RUNTIME_DIR", None)
            procs.append(
                subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            )
        for proc, port in zip(procs, ports, strict=True):
            wait_ready(proc, port)
        assert not list(home.rglob("*.ctl")), "a control socket shared by every instance of this user"
        stop(procs.pop())
        assert request(ports[0], "GET", "/readyz")[0] == 200
    finally:
        for proc in procs:
            stop(proc)
