"""The audit's CSV columns and the report's fields come from the typed result (issue 15), and the
scorer's errors reach errors.jsonl in the core's one error shape."""

from __future__ import annotations

import csv
import fnmatch
import io
from pathlib import Path

import pytest

from service.analysis import analyze_batch
from service.analysis.result import AnalysisResult
from service.analysis.result_paths import leaf_paths, result_path
from service.audit import engines, writers
from service.audit.readers import Record
from service.audit.report import stats
from service.exceptions import InvalidInput

HEADER = Path(__file__).resolve().parents[2] / "fixtures" / "audit_csv_header.txt"
BODY = (
    "The city council voted on Tuesday to approve a new tram line. Construction starts next spring. "
    "Officials expect twenty thousand passengers a day, and the mayor said the route was final."
)


def test_the_csv_header_is_the_one_audits_have_always_written() -> None:
    """Recorded from the audit before the columns were derived from the type (they were read off one
    probe result then): deriving them must not move, add or drop a column."""
    assert list(writers.CSV_COLUMNS) == HEADER.read_text(encoding="utf-8").split()


def test_every_left_out_path_is_a_path_of_the_type() -> None:
    paths = leaf_paths(AnalysisResult)
    for pattern in writers.CSV_LEFT_OUT:
        assert any(fnmatch.fnmatchcase(path, pattern) for path in paths), pattern


def test_a_real_row_flattens_to_the_columns_and_the_left_out_paths_only(tiny_model) -> None:
    """Whatever the core puts in a results row is a path of the type, and a column unless declared
    left out or held by a part's other shape (a body part that was not computed)."""
    items = [
        {"headline": "You Won't Believe What This Dog Did Next!", "body": BODY},
        {"headline": "Council approves the new northern tram line after a long late-night vote " * 2},
        {"headline": "<b>Council</b> approves budget", "body": "12345 !!!"},
    ]
    columns, first_shapes = set(writers.CSV_COLUMNS), set(leaf_paths(AnalysisResult))
    for result in analyze_batch(tiny_model, items):
        assert "error" not in result
        row = writers.result_row(Record("in.csv", "line 2", headline=result["headline"]), result)
        for key in writers.csv_row(row):
            if key in writers.META_COLUMNS:
                continue
            result_path(key)  # every key is a path of the type
            left_out = any(fnmatch.fnmatchcase(key, p) for p in writers.CSV_LEFT_OUT)
            other_shape = key not in first_shapes  # e.g. body.readability.reason when not computed
            assert key in columns or left_out or other_shape, key


def test_a_csv_part_has_the_typed_header_whatever_the_chunk_holds(tiny_model_dir) -> None:
    spec = engines.ScorerSpec(str(sorted(Path(tiny_model_dir).glob("*.joblib"))[0]))
    chunk = engines.score_chunk(spec, 0, [Record("in.csv", "line 2", headline="Council approves budget")])
    header = next(csv.reader(io.StringIO(chunk.results_csv)))
    assert header == list(writers.CSV_COLUMNS)


def test_the_report_reads_only_paths_the_result_has() -> None:
    row = {"body": {"readability": {"consensus_grade": 9.0, "grade": 9.0}}}
    assert stats.field(row, "body.readability.consensus_grade") == 9.0
    with pytest.raises(KeyError, match="grade"):
        stats.field(row, "body.readability.grade")  # a key the row has, but the result type does not
    assert (stats.TRIGGER_CATEGORY, stats.SUGGESTION_ID) == ("category", "id")
    with pytest.raises(KeyError, match="grade"):
        result_path("body.readability.grade")
    with pytest.raises(KeyError, match="flesch_reading_ease"):
        result_path("body.flesch_reading_ease")
    assert result_path("body.consistency.reason") == "body.consistency.reason"  # any shape of a union


class _OneBadScorer:
    """Rejects one item the core's way, raises for another the way a broken scorer would."""

    version = "test"

    def score(self, items: list[dict]) -> list:
        if len(items) > 1:
            raise RuntimeError("batch failed")
        headline = items[0]["headline"]
        if headline == "crash":
            raise ZeroDivisionError
        if headline == "reject":
            raise InvalidInput("'headline' must not be empty.", field="headline")
        return [{"headline": headline}]


def test_scorer_failures_become_the_core_error_shape() -> None:
    """A raising scorer and a rejected item both come back as ``{"error": ItemError}``."""
    out = engines._score_items(
        _OneBadScorer(), [{"headline": "ok"}, {"headline": "crash"}, {"headline": "reject"}]
    )
    assert out[0] == {"headline": "ok"}
    assert out[1] == {
        "error": {
            "status": 500,
            "title": "Scorer failed",
            "type": "about:blank",
            "detail": "ZeroDivisionError",
            "field": None,
        }
    }
    assert out[2]["error"]["detail"] == "'headline' must not be empty."
    assert engines._reason(out[2]["error"]) == "not scorable: 'headline' must not be empty."
