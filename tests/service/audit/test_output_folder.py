"""The output folder: inputs are never removed or overwritten, outputs are never inputs, one run at a time.

Issue 12 items 1, 2, 3, 17 and 20: an export named like an output, a previous run's results read
back, two audits on one folder, an HTML folder that holds its own outputs, symbolic links out of
an input folder, and the file modes of the outputs.
"""

from __future__ import annotations

import fcntl
import json
import os
import stat
from pathlib import Path

import pytest
from audit_fakes import Interrupting, audit_options
from audit_inputs import ARTICLE, good_rows, simple_page, write_csv, write_jsonl
from click.testing import CliRunner

from service.audit import AuditOptions, LocalEngine, run_audit
from service.audit.outfolder import LOCK_NAME, OUTPUTS, InputIsOutput, OutputBusy
from service.cli import main


def _options(inputs, out: Path, scorer, **kw) -> AuditOptions:
    return audit_options(inputs, out, scorer, chunk_size=4, **kw)


def _cli(args, scorer):
    model_path, factory = scorer
    return CliRunner().invoke(
        main, ["audit", *args, "--model", model_path, "--scorer", factory, "--workers", "1"]
    )


def _pages(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"story{i}.html").write_text(simple_page(f"Story {i} of the day here", ARTICLE))
    return folder


# --- item 1: an input under an output's name ----------------------------------------------------


@pytest.mark.parametrize("name", [*OUTPUTS, LOCK_NAME])
def test_an_input_named_like_an_output_is_refused_and_kept(tmp_path, scorer, name):
    # cp export.csv results.csv && headline audit results.csv --out .
    fmt = {".jsonl": "jsonl", ".html": "html"}.get(Path(name).suffix, "csv")
    if fmt == "jsonl":
        data = b"".join(json.dumps(r).encode() + b"\n" for r in good_rows(5))
    elif fmt == "html":
        data = simple_page("A page saved under the report's name", ARTICLE).encode()
    else:
        data = write_csv(tmp_path / "export.csv", good_rows(5)).read_bytes()
    victim = tmp_path / name
    victim.write_bytes(data)
    result = _cli([str(victim), "--out", str(tmp_path), "--format", fmt], scorer)
    assert result.exit_code == 2, result.output
    assert "is an input" in result.output and name in result.output
    assert victim.read_bytes() == data  # not removed, not overwritten
    assert not (tmp_path / ".audit").exists()


def test_previous_results_as_input_are_refused_also_by_another_path(tmp_path, scorer):
    prev = tmp_path / "prev"
    run_audit(_options([write_csv(tmp_path / "a.csv", good_rows(5))], prev, scorer), LocalEngine(workers=1))
    before = (prev / "results.jsonl").read_bytes()
    link = tmp_path / "link.jsonl"
    link.symlink_to(prev / "results.jsonl")
    for given in (prev / "results.jsonl", link, prev / ".." / "prev" / "results.jsonl"):
        with pytest.raises(InputIsOutput):
            run_audit(_options([given], prev, scorer), LocalEngine(workers=1))
        assert (prev / "results.jsonl").read_bytes() == before
    # A part file of the run's state is an output too (a fresh run deletes the state).
    part = next((prev / ".audit" / "parts").glob("*.results.jsonl"))
    with pytest.raises(InputIsOutput):
        run_audit(_options([part], prev, scorer), LocalEngine(workers=1))
    assert part.exists()


def test_a_fresh_run_never_unlinks_files_it_did_not_write(tmp_path, scorer):
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.json").write_text("mine")  # not an audit's folder: no run state
    with pytest.raises(KeyboardInterrupt):
        run_audit(_options([write_csv(tmp_path / "a.csv", good_rows(12))], out, scorer), Interrupting(1))
    assert (out / "summary.json").read_text() == "mine"


# --- item 2: one run per output folder -----------------------------------------------------------


class SecondRunInside:
    """An engine that starts a second audit into the same folder while the first is scoring."""

    name = "local"
    workers = 1

    def __init__(self, second):
        self.second, self.outcome = second, None

    def map(self, spec, chunks):
        for n, result in enumerate(LocalEngine(workers=1).map(spec, chunks)):
            if n == 1:
                try:
                    run_audit(self.second, LocalEngine(workers=1))
                    self.outcome = "ran"
                except OutputBusy as exc:
                    self.outcome = exc.detail
            yield result


def test_a_second_audit_into_a_busy_folder_is_refused(tmp_path, scorer):
    out = tmp_path / "shared"
    first_input = write_csv(tmp_path / "first.csv", good_rows(20))
    second_input = write_csv(tmp_path / "second.csv", good_rows(6, start=500))
    engine = SecondRunInside(_options([second_input], out, scorer))
    report = run_audit(_options([first_input], out, scorer), engine)
    assert engine.outcome is not None and "another audit" in engine.outcome, engine.outcome
    assert report.records == 20
    ids = {json.loads(x)["id"] for x in (out / "results.jsonl").read_text().splitlines()}
    assert ids == {f"a{i}" for i in range(20)}  # nothing of the second run mixed in
    # Once the first run is over, the folder is free again.
    assert run_audit(_options([second_input], out, scorer), LocalEngine(workers=1)).records == 6


def test_cli_busy_folder_exits_two_with_a_clear_message(tmp_path, scorer):
    out = tmp_path / "shared"
    out.mkdir()
    path = write_csv(tmp_path / "a.csv", good_rows(3))
    with open(out / LOCK_NAME, "a") as holder:  # another process's run holds the lock
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = _cli([str(path), "--out", str(out)], scorer)
        assert result.exit_code == 2, result.output
        assert "another audit" in result.output
        assert not (out / "results.jsonl").exists()


# --- item 3: outputs are never inputs ------------------------------------------------------------


def test_html_folder_as_its_own_output_folder_resumes_and_reruns(tmp_path, scorer):
    pages = _pages(tmp_path / "pages", 3)
    first = run_audit(_options([pages], pages, scorer), LocalEngine(workers=1))
    assert first.records == 3 and (pages / "report.html").exists()
    again = run_audit(_options([pages], pages, scorer, resume=True), LocalEngine(workers=1))
    assert again.records == 3 and again.chunks_resumed == again.chunks
    fresh = run_audit(_options([pages], pages, scorer), LocalEngine(workers=1))
    assert fresh.records == 3  # the old report.html is not read as a page


def test_a_page_named_like_the_report_is_never_overwritten(tmp_path, scorer):
    pages = _pages(tmp_path / "pages", 2)
    page = pages / "report.html"
    page.write_text(simple_page("A page of the archive saved as report.html", ARTICLE))
    before = page.read_bytes()
    with pytest.raises(InputIsOutput, match=r"report\.html"):
        run_audit(_options([pages], pages, scorer), LocalEngine(workers=1))
    assert page.read_bytes() == before
    assert run_audit(_options([pages], tmp_path / "out", scorer), LocalEngine(workers=1)).records == 3


def test_output_folder_inside_an_html_folder_is_not_read(tmp_path, scorer):
    pages = _pages(tmp_path / "pages", 2)
    out = pages / "audit"
    run_audit(_options([pages], out, scorer), LocalEngine(workers=1))
    assert run_audit(_options([pages], out, scorer, resume=True), LocalEngine(workers=1)).records == 2


# --- item 17: symbolic links out of an input folder ---------------------------------------------


def test_links_out_of_an_html_folder_are_not_followed_unless_asked(tmp_path, scorer):
    pages = _pages(tmp_path / "pages", 2)
    elsewhere = _pages(tmp_path / "private", 2)
    (pages / "leak.html").symlink_to(elsewhere / "story0.html")
    (pages / "leakdir").symlink_to(elsewhere, target_is_directory=True)
    (pages / "inside.html").symlink_to(pages / "story1.html")  # stays in the folder: fine
    out = tmp_path / "out"
    report = run_audit(_options([pages], out, scorer), LocalEngine(workers=1))
    rows = [json.loads(x) for x in (out / "results.jsonl").read_text().splitlines()]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text().splitlines()]
    assert all("private" not in r["source"] for r in rows)
    assert sorted(r["id"] for r in rows) == ["inside.html", "story0.html", "story1.html"]
    assert sorted(e["id"] for e in errors) == ["leak.html", "leakdir"]
    assert all("--follow-links" in e["error"] for e in errors)
    assert report.exit_code == 1
    followed = run_audit(
        _options([pages], tmp_path / "out2", scorer, follow_links=True), LocalEngine(workers=1)
    )
    assert (followed.records, followed.errors) == (6, 0)


def test_follow_links_survives_a_link_loop(tmp_path, scorer):
    pages = _pages(tmp_path / "pages", 1)
    (pages / "loop").symlink_to(pages, target_is_directory=True)
    report = run_audit(_options([pages], tmp_path / "out", scorer, follow_links=True), LocalEngine(workers=1))
    assert report.records == 1


# --- item 20: outputs honour the umask ----------------------------------------------------------


def test_outputs_follow_the_process_umask(tmp_path, scorer):
    path = write_jsonl(tmp_path / "a.jsonl", good_rows(3))
    previous = os.umask(0o022)
    try:
        run_audit(_options([path], tmp_path / "out", scorer), LocalEngine(workers=1))
    finally:
        os.umask(previous)
    for name in OUTPUTS:
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == 0o644, name
    os.umask(0o027)
    try:
        run_audit(_options([path], tmp_path / "out2", scorer), LocalEngine(workers=1))
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "out2" / "report.html").stat().st_mode) == 0o640
