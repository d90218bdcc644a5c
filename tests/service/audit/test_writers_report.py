"""Writers write atomically and shape rows; statistics merge; the report is self-contained."""

from __future__ import annotations

import pytest
from audit_fakes import analyze_one

import service.audit
from service.audit import report, writers
from service.audit.readers import Record


def test_atomic_write_never_leaves_a_half_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), writers.atomic_write(target) as handle:
        handle.write("new but unfinished")
        raise RuntimeError("crash")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]
    with writers.atomic_write(target) as handle:
        handle.write("new")
    assert target.read_text() == "new"


def test_result_row_keeps_scores_triggers_and_suggestions():
    record = Record("in.csv", "line 2", headline="Shocking news you must see", id="7", section="S")
    row = writers.result_row(record, analyze_one(record.headline, "Some body text."))
    assert row["id"] == "7" and row["section"] == "S" and row["model_version"] == "fake-1"
    assert "signals" not in row["clickbait"] and "components" in row["quality"]
    assert set(row["sensationalism"]["triggers"][0]) == {"text", "category", "start", "end"}
    flat = writers.csv_row(row)
    assert "Shocking (hyperbole)" in flat["sensationalism.triggers"]
    assert flat["body.readability.flesch_reading_ease"] is not None
    assert writers.CSV_COLUMNS[:3] == ("id", "url", "date")


def test_stats_merge_in_order_and_render():
    first, second = report.new_stats(), report.new_stats()
    for i, headline in enumerate(["Calm title", "Shocking! You must never miss this!", "Best ever?"]):
        row = writers.result_row(
            Record("x", f"line {i}", headline=headline, section="S", author="A"),
            analyze_one(headline, "Body words here."),
        )
        report.add_result(first if i < 2 else second, row, [0 if i < 2 else 1, i], "2024-05")
    report.add_error(second, "missing headline")
    merged = report.merge_stats(first, second)
    assert (merged["records"], merged["scored"], merged["errors"]) == (4, 3, 1)
    summary = report.build_summary(merged, {"model_version": "fake-1", "inputs": ["x"]})
    assert summary["worst_offenders"][0]["headline"].startswith("Shocking!")
    assert summary["by_month"][0] == {**summary["by_month"][0], "key": "2024-05", "count": 3}
    page = report.render_report(summary)
    assert page.startswith("<!DOCTYPE html>") and "<mark" in page and "missing headline" in page
    assert "<script" not in page and "http://www.w3.org/2000/svg" in page


def test_audit_package_all_names_resolve():
    for name in service.audit.__all__:
        assert getattr(service.audit, name)
