"""Shared by ``bench/bench_audit_kill.py`` and ``tests/reliability/test_audit_faults.py``: run ``headline
audit`` as a real process, SIGKILL its whole process group at a chosen moment, resume it, and compare the
outputs with an uninterrupted run.

``results.jsonl``, ``results.csv`` and ``errors.jsonl`` must be byte-identical; ``summary.json`` must be
identical except its ``run`` block (start/finish times, ``resumed``, worker seconds). ``report.html``
embeds the same run block and is compared through the summary.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAKE_SCORER = "bench.fake_scorer:FakeScorer"
COMPARED = ("results.jsonl", "results.csv", "errors.jsonl")
_WORDS = ("Shocking", "Council", "You", "Budget", "Best", "Rail", "Never", "School")


def make_inputs(folder: Path, rows: int) -> list[Path]:
    """A CSV (good rows, a few unscorable ones) and a JSONL with broken lines: errors must survive too."""
    folder.mkdir(parents=True, exist_ok=True)
    archive = folder / "archive.csv"
    with open(archive, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "text", "published", "section", "author", "url"])
        for i in range(rows):
            title = f"{_WORDS[i % len(_WORDS)]} story number {i} about the town" + ("!" if i % 3 == 0 else "")
            if i % 97 == 0:
                title = "" if i % 2 else "x" * 2000  # unscorable: missing, or over the headline limit
            text = " ".join(["word"] * (i % 40 + 5)) + "." if i % 2 else ""
            when = f"2024-{(i % 6) + 1:02d}-1{i % 9}"
            section, author = ("Local", "Sport", "World")[i % 3], ("Ann", "Bob")[i % 2]
            writer.writerow([f"a{i}", title, text, when, section, author, f"https://ex.example/{i}"])
    lines = [
        json.dumps({"headline": f"Line {i} of the feed", "body": "Text."}).encode() for i in range(rows // 4)
    ]
    lines[3] = b"{not json"
    lines[7] = b'{"headline": "\xff\xfe"}'
    feed = folder / "feed.jsonl"
    feed.write_bytes(b"\n".join(lines) + b"\n")
    return [archive, feed]


def env(*paths: str | os.PathLike) -> dict[str, str]:
    """The audit's environment: no ``HEADLINE_*`` settings, and the repository root (plus ``paths``) on
    ``PYTHONPATH`` so that every worker process can import a ``--scorer`` such as ``FAKE_SCORER``."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("HEADLINE_")}
    base["PYTHONPATH"] = os.pathsep.join(map(str, [ROOT, *paths]))
    return base


def audit_command(inputs, out: Path, *flags: str) -> list[str]:
    """``headline audit INPUTS --out OUT --no-progress FLAGS`` run by this interpreter (its venv's package)."""
    entry = "from service.cli import main; main()"
    return [
        sys.executable,
        "-c",
        entry,
        "audit",
        *map(str, inputs),
        "--out",
        str(out),
        "--no-progress",
        *flags,
    ]


def command(inputs, out: Path, model: str, scorer: str, workers: int, chunk_size: int, resume: bool):
    flags = ["--model", model, "--scorer", scorer, "--workers", str(workers), "--chunk-size", str(chunk_size)]
    return audit_command(inputs, out, *flags, *(["--resume"] if resume else []))


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
