"""The archive audit killed with SIGKILL, and writing to a full or unwritable disk, then resumed.

A few kills at spread-out moments here, through the harness of ``bench/bench_audit_kill.py`` (which
does >= 20 at random moments, ``bench/audit_kill.py``). The fake scorer (``bench/fake_scorer.py``)
keeps each run to a second or two; the bench uses the real model. Disk full is simulated with ``RLIMIT_FSIZE`` in the audit process (a
write past the limit fails with ``EFBIG`` exactly as ``ENOSPC`` would: an ``OSError`` from ``write``).
"""

from __future__ import annotations

import resource
import shutil
import time
from pathlib import Path

import pytest

from bench import audit_kill

CHUNK = 40
AUDIT_FAKES = Path(__file__).resolve().parents[1] / "service" / "audit"  # audit_fakes:SlowScorer and co.


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[list[Path], dict]:
    folder = tmp_path_factory.mktemp("audit")
    inputs = audit_kill.make_inputs(folder / "in", rows=1200)
    out = folder / "reference"
    cmd = audit_kill.command(inputs, out, "fake.joblib", audit_kill.FAKE_SCORER, 1, CHUNK, False)
    started = time.monotonic()
    result = audit_kill.run(cmd)
    assert result.returncode == 1, result.stderr  # 1: some records are unscorable on purpose
    reference = audit_kill.outputs(out)
    assert reference["errors.jsonl"].count(b"\n") > 10
    reference["seconds"] = time.monotonic() - started
    reference["chunks"] = audit_kill.parts_done(out)
    return inputs, reference


@pytest.mark.parametrize("share", [0.3, 0.6, 0.85])
def test_sigkill_then_resume_gives_identical_outputs(archive, tmp_path, share):
    inputs, reference = archive
    out = tmp_path / "out"
    cmd = audit_kill.command(inputs, out, "fake.joblib", audit_kill.FAKE_SCORER, 1, CHUNK, False)
    finished, _ = audit_kill.kill_at(cmd, share * reference["seconds"])
    if finished:
        pytest.skip(f"the run ended before the kill at {share:.0%} of the reference time; nothing to resume")
    # Killed while scoring (some parts done) or while assembling the final files (all parts done):
    # either way --resume has work to do and must give the uninterrupted run's outputs.
    assert audit_kill.parts_done(out) <= reference["chunks"]
    resumed = audit_kill.run([*cmd, "--resume"])
    assert resumed.returncode == 1, resumed.stderr
    assert audit_kill.outputs(out) == _outputs(reference)


def _outputs(reference: dict) -> dict:
    return {k: v for k, v in reference.items() if k not in ("seconds", "chunks")}


def _limit_file_size(limit: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    return apply


def test_disk_full_is_a_clear_error_and_the_next_run_resumes(archive, tmp_path):
    inputs, reference = archive
    out = tmp_path / "out"
    cmd = audit_kill.command(inputs, out, "fake.joblib", audit_kill.FAKE_SCORER, 1, CHUNK, False)
    full = audit_kill.run(cmd, preexec_fn=_limit_file_size(60_000))
    assert full.returncode == 1
    assert "Traceback" not in full.stderr
    assert "File too large" in full.stderr and "--resume" in full.stderr, full.stderr[-2000:]
    assert audit_kill.parts_done(out) > 0  # the chunks finished before the failure are kept
    assert not list(out.glob(".*.tmp")) and not list((out / ".audit" / "parts").glob(".*.tmp"))
    resumed = audit_kill.run([*cmd, "--resume"])
    assert resumed.returncode == 1, resumed.stderr
    assert audit_kill.outputs(out) == _outputs(reference)


def test_unwritable_output_is_a_clear_error(archive, tmp_path):
    inputs, _ = archive
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cmd = audit_kill.command(inputs, blocker / "out", "fake.joblib", audit_kill.FAKE_SCORER, 1, CHUNK, False)
    result = audit_kill.run(cmd)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Error:" in result.stderr and "a-file" in result.stderr, result.stderr[-2000:]


def test_output_folder_removed_mid_way_then_resumed(archive, tmp_path):
    """The state folder deleted between runs: --resume starts what is missing, nothing is duplicated."""
    inputs, reference = archive
    out = tmp_path / "out"
    cmd = audit_kill.command(inputs, out, "fake.joblib", audit_kill.FAKE_SCORER, 1, CHUNK, False)
    audit_kill.kill_at(cmd, 0.5 * reference["seconds"])
    shutil.rmtree(out / ".audit" / "parts", ignore_errors=True)
    resumed = audit_kill.run([*cmd, "--resume"])
    assert resumed.returncode == 1, resumed.stderr
    assert audit_kill.outputs(out) == _outputs(reference)


@pytest.mark.parametrize(
    ("scorer", "engine"),
    [
        ("audit_fakes:SlowScorer", "local"),
        ("audit_fakes:SlowBatchScorer", "local"),
        ("audit_fakes:SlowScorer", "dask"),
        ("audit_fakes:SlowBatchScorer", "dask"),
    ],
)
def test_ctrl_c_prints_one_line_and_exits_130(tmp_path, scorer, engine):
    """Issue 13 item 12: Ctrl-C while the workers start (or score) printed a traceback per worker."""
    import os
    import signal
    import subprocess

    inputs = audit_kill.make_inputs(tmp_path / "in", rows=200)
    markers = tmp_path / "markers"
    markers.mkdir()
    if engine == "dask":
        pytest.importorskip("distributed")
    cmd = [
        *audit_kill.command(inputs, tmp_path / "out", "fake.joblib", scorer, 2, CHUNK, False),
        "--engine",
        engine,
    ]
    proc = subprocess.Popen(
        cmd,
        cwd=audit_kill.ROOT,
        env={**audit_kill.env(AUDIT_FAKES), "AUDIT_TEST_MARKERS": str(markers)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while not any(markers.iterdir()) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert proc.poll() is None, proc.communicate()
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends to the whole foreground group
    _, stderr = proc.communicate(timeout=60)
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and len(lines) == 1, stderr
    assert "--resume" in lines[0]
