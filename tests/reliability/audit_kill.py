"""Shared by ``test_audit_faults.py`` and ``bench/bench_audit_kill.py``: run ``headline audit`` as a real
process, SIGKILL its whole process group at a chosen moment, resume it, and compare the outputs with an
uninterrupted run.

``results.jsonl``, ``results.csv`` and ``errors.jsonl`` must be byte-identical; ``summary.json`` must be
identical except its ``run`` block (start/finish times, ``resumed``, worker seconds). ``report.html``
embeds the same run block and is compared through the summary.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AUDIT_TESTS = ROOT / "tests" / "service" / "audit"
FAKE_SCORER = "audit_fakes:FakeScorer"
COMPARED = ("results.jsonl", "results.csv", "errors.jsonl")


def make_inputs(folder: Path, rows: int) -> list[Path]:
    """A CSV (good rows, a few unscorable ones) and a JSONL with broken lines: errors must survive too."""
    sys.path.insert(0, str(AUDIT_TESTS))
    from audit_inputs import good_rows, write_csv, write_jsonl

    folder.mkdir(parents=True, exist_ok=True)
    table = good_rows(rows)
    for i in range(0, rows, 97):
        table[i]["title"] = "" if i % 2 else "x" * 2000
    jsonl = [{"headline": f"Line {i} of the feed", "body": "Text."} for i in range(rows // 4)]
    jsonl[3] = b"{not json"
    jsonl[7] = b'{"headline": "\xff\xfe"}'
    return [write_csv(folder / "archive.csv", table), write_jsonl(folder / "feed.jsonl", jsonl)]


def env() -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("HEADLINE_")}
    base["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(AUDIT_TESTS)])
    return base


def command(inputs, out: Path, model: str, scorer: str, workers: int, chunk_size: int, resume: bool):
    cmd = [
        sys.executable,
        "-c",
        "from service.cli import main; main()",
        "audit",
        *map(str, inputs),
        "--out",
        str(out),
        "--model",
        model,
        "--scorer",
        scorer,
        "--workers",
        str(workers),
        "--chunk-size",
        str(chunk_size),
        "--no-progress",
    ]
    return [*cmd, "--resume"] if resume else cmd


def run(cmd, timeout: float = 600, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env=env(), capture_output=True, text=True, timeout=timeout, **kwargs)


def outputs(out: Path) -> dict:
    found = {name: (out / name).read_bytes() for name in COMPARED}
    summary = json.loads((out / "summary.json").read_text())
    summary.pop("run", None)
    found["summary.json"] = summary
    return found


def kill_at(cmd, delay: float) -> tuple[bool, float]:
    """Start ``cmd`` in its own process group, SIGKILL the group after ``delay`` s.

    Returns (finished before the kill, seconds it ran).
    """
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        proc.wait(timeout=delay)
        return True, time.monotonic() - started
    except subprocess.TimeoutExpired:
        pass
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return False, time.monotonic() - started


def parts_done(out: Path) -> int:
    return len(list((out / ".audit" / "parts").glob("*.done"))) if (out / ".audit" / "parts").exists() else 0
