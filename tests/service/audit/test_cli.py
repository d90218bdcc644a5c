"""The ``headline audit`` command: outputs, exit codes 0/1/2, plain progress lines."""

from __future__ import annotations

import json

from audit_inputs import good_rows, write_csv
from click.testing import CliRunner

from service.cli import main


def _run(args, scorer):
    model_path, factory = scorer
    return CliRunner().invoke(
        main, ["audit", *args, "--model", model_path, "--scorer", factory, "--workers", "1"]
    )


def test_exit_zero_on_a_clean_run_with_progress_lines(tmp_path, scorer):
    path = write_csv(tmp_path / "ok.csv", good_rows(12))
    result = _run([str(path), "--out", str(tmp_path / "out"), "--chunk-size", "5"], scorer)
    assert result.exit_code == 0, result.output
    assert "audit: 12 records" in result.output or "12 records" in result.output
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["totals"]["records"] == 12


def test_exit_one_when_records_fail_and_column_options(tmp_path, scorer):
    rows = [{"hed": "Fine headline", "sec": "A"}, {"hed": "", "sec": "B"}]
    path = write_csv(tmp_path / "cols.csv", rows)
    result = _run(
        [str(path), "--out", str(tmp_path / "out"), "--headline-col", "hed", "--section-col", "sec"], scorer
    )
    assert result.exit_code == 1, result.output
    (error,) = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert error["error"] == "missing headline" and error["location"] == "line 3"
    (row,) = [json.loads(x) for x in (tmp_path / "out" / "results.jsonl").read_text().splitlines()]
    assert row["section"] == "A"


def test_exit_two_on_bad_usage(tmp_path, scorer):
    path = write_csv(tmp_path / "ok.csv", good_rows(3))
    assert _run([str(tmp_path / "missing.csv"), "--out", str(tmp_path / "o")], scorer).exit_code == 2
    assert _run([str(path), "--out", str(tmp_path / "o"), "--scheduler", "tcp://x:1"], scorer).exit_code == 2
    assert _run([str(path), "--out", str(tmp_path / "o")], scorer).exit_code == 0
    other = write_csv(tmp_path / "other.csv", good_rows(2))
    resumed = _run([str(other), "--out", str(tmp_path / "o"), "--resume"], scorer)
    assert resumed.exit_code == 2 and "--resume" in resumed.output


def test_help_documents_exit_codes():
    result = CliRunner().invoke(main, ["audit", "--help"])
    assert result.exit_code == 0
    assert (
        "Exit status" in result.output and "--headline-col" in result.output and "--engine" in result.output
    )


def test_every_column_flag_reaches_its_field(tmp_path, scorer):
    rows = [
        {
            "c1": "Council approves tram line",
            "c2": "The council voted on Monday to build it.",
            "c3": "a-1",
            "c4": "2026-03-02",
            "c5": "City",
            "c6": "Ann Lee",
            "c7": "/a-1",
        }
    ]
    path = write_csv(tmp_path / "odd.csv", rows)
    flags = [
        "--headline-col",
        "c1",
        "--body-col",
        "c2",
        "--id-col",
        "c3",
        "--date-col",
        "c4",
        "--section-col",
        "c5",
        "--author-col",
        "c6",
        "--url-col",
        "c7",
    ]  # names no guess finds
    result = _run([str(path), "--out", str(tmp_path / "out"), *flags], scorer)
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(x) for x in (tmp_path / "out" / "results.jsonl").read_text().splitlines()]
    assert (row["headline"], row["id"], row["date"], row["section"], row["author"], row["url"]) == (
        "Council approves tram line",
        "a-1",
        "2026-03-02",
        "City",
        "Ann Lee",
        "/a-1",
    )
    assert isinstance(row.get("body"), dict), row
