"""End-to-end audit runs: every output file, errors, resume after interruption, engines agree."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from audit_fakes import Interrupting, audit_options

from service.audit import AuditOptions, LocalEngine, run_audit
from service.audit.outfolder import OUTPUTS
from service.audit.runner import ResumeMismatch


def _options(inputs, out: Path, scorer, **kw) -> AuditOptions:
    return audit_options(inputs, out, scorer, **kw)


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_audit_writes_every_output(inputs, tmp_path, scorer):
    out = tmp_path / "out"
    report = run_audit(_options(inputs.values(), out, scorer), LocalEngine(workers=1))
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == sorted(OUTPUTS)
    results, errors = _lines(out / "results.jsonl"), _lines(out / "errors.jsonl")
    # 31 csv rows, 14 jsonl lines, 5 pages, 4 + 1 truncated warc responses
    assert len(results) + len(errors) == report.records == 31 + 14 + 5 + 5
    assert report.errors == len(errors) and report.exit_code == 1
    reasons = {(Path(e["source"]).name, e["location"]): e["error"] for e in errors}
    assert reasons[("articles.csv", "line 7")] == "missing headline"
    assert reasons[("articles.csv", "line 9")].startswith("not scorable")
    assert "undecodable" in reasons[("articles.csv", "line 32")]
    assert reasons[("more.jsonl.gz", "line 13")].startswith("invalid JSON")
    assert reasons[("broken.html", "file")]
    assert any("truncated" in e["error"] and e["source"].endswith("crawl.warc.gz") for e in errors)

    first = results[0]
    assert first["id"] == "a0" and first["date"] and first["section"] == "Local" and first["author"] == "Ann"
    for key in ("probability", "level", "label"):
        assert key in first["clickbait"]
    assert {"score", "level", "triggers"} <= set(first["sensationalism"])
    assert {"score", "band", "suggestions"} <= set(first["quality"])
    assert "signals" not in first["clickbait"]
    news = next(r for r in results if r["id"] == "news.html")
    assert news["headline"] == "Council approves new bus lanes on Main Street"
    assert news["url"] == "https://gazette.example/local/bus-lanes" and "body" in news

    with open(out / "results.csv", newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(results)
    assert {
        "id",
        "date",
        "section",
        "author",
        "clickbait.probability",
        "clickbait.level",
        "sensationalism.score",
        "sensationalism.triggers",
        "quality.score",
        "quality.suggestions",
    } <= set(rows[0])
    assert [r["id"] for r in rows] == [r["id"] for r in results]

    summary = json.loads((out / "summary.json").read_text())
    assert summary["totals"]["records"] == report.records and summary["totals"]["errors"] == len(errors)
    assert summary["run"]["inputs"][0].endswith("articles.csv") and summary["run"]["model_version"]
    assert sum(summary["histograms"]["clickbait_probability"]) == len(results)
    assert {m["key"] for m in summary["by_month"]} >= {"2024-01", "2024-03"}
    assert {s["key"] for s in summary["by_section"]} >= {"Local", "Sport", "World"}
    assert summary["worst_offenders"] and summary["exit_code"] == 1

    page = (out / "report.html").read_text()
    for text in (
        "Totals and rates",
        "<svg",
        "Over time",
        "By section",
        "By author",
        "Readability of bodies",
        "Worst offenders",
        "How this run was made",
        summary["run"]["model_version"],
        "articles.csv",
    ):
        assert text in page, text
    assert "<script" not in page and "src=" not in page and "<link" not in page and "@import" not in page
    assert not list(out.glob(".*.tmp")) and not list((out / ".audit" / "parts").glob(".*.tmp"))


def test_clean_run_exits_zero(tmp_path, scorer):
    from audit_inputs import good_rows, write_csv

    path = write_csv(tmp_path / "ok.csv", good_rows(10))
    report = run_audit(_options([path], tmp_path / "out", scorer), LocalEngine(workers=1))
    assert (report.records, report.errors, report.exit_code) == (10, 0, 0)
    assert (tmp_path / "out" / "errors.jsonl").read_text() == ""


def test_resume_after_interruption_loses_and_duplicates_nothing(inputs, tmp_path, scorer):
    reference = tmp_path / "reference"
    run_audit(_options(inputs.values(), reference, scorer), LocalEngine(workers=1))

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_audit(_options(inputs.values(), out, scorer), Interrupting(after=4))
    assert not (out / "results.jsonl").exists()  # no final file before the run is complete
    parts = out / ".audit" / "parts"
    assert len(list(parts.glob("*.done"))) == 4
    # A crash in the middle of the next chunk: parts without a marker and a stray temporary file.
    (parts / "00000005.results.jsonl").write_text('{"half": ')
    (parts / ".00000005.errors.jsonl.abc.tmp").write_text("partial")

    with pytest.raises(KeyboardInterrupt):  # a second interruption, later on
        run_audit(_options(inputs.values(), out, scorer, resume=True), Interrupting(after=3))
    report = run_audit(_options(inputs.values(), out, scorer, resume=True), LocalEngine(workers=1))
    assert report.chunks_resumed == 7
    for name in ("results.jsonl", "results.csv", "errors.jsonl"):
        assert (out / name).read_bytes() == (reference / name).read_bytes(), name
    ids = [r["id"] for r in _lines(out / "results.jsonl")]
    assert len(ids) == len(set(ids))
    first, second = (json.loads((d / "summary.json").read_text()) for d in (reference, out))
    assert first["run"]["resumed"] is False and second["run"]["resumed"] is True
    first.pop("run"), second.pop("run")
    assert first == second


def test_resume_refuses_other_inputs(inputs, tmp_path, scorer):
    out = tmp_path / "out"
    run_audit(_options([inputs["csv"]], out, scorer), LocalEngine(workers=1))
    with pytest.raises(ResumeMismatch):
        run_audit(_options([inputs["jsonl"]], out, scorer, resume=True), LocalEngine(workers=1))


def test_process_pool_gives_the_same_results(inputs, tmp_path, scorer):
    one, two = tmp_path / "one", tmp_path / "two"
    run_audit(_options(inputs.values(), one, scorer), LocalEngine(workers=1))
    run_audit(_options(inputs.values(), two, scorer), LocalEngine(workers=2))
    for name in ("results.jsonl", "results.csv", "errors.jsonl"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_dask_local_cluster_gives_the_same_results(inputs, tmp_path, scorer):
    pytest.importorskip("distributed")
    from service.audit import DaskEngine

    local, dask = tmp_path / "local", tmp_path / "dask"
    run_audit(_options(inputs.values(), local, scorer), LocalEngine(workers=1))
    report = run_audit(_options(inputs.values(), dask, scorer), DaskEngine(workers=2))
    assert report.records > 0
    for name in ("results.jsonl", "results.csv", "errors.jsonl"):
        assert (local / name).read_bytes() == (dask / name).read_bytes(), name
    first, second = (json.loads((d / "summary.json").read_text()) for d in (local, dask))
    assert second["run"]["engine"] == "dask"
    first.pop("run"), second.pop("run")
    assert first == second
