"""``headline score``: standard input line by line (bounded, numbered, blank lines skipped), editor's wording."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner

from service.cli import main
from service.cli import score as score_cli

LIMIT = 1000


def invoke(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


class SpyStream(io.StringIO):
    """A text stream that records the largest piece any ``readline`` call returned."""

    def __init__(self, text: str) -> None:
        super().__init__(text, newline="\n")
        self.largest = 0
        self.unbounded_calls = 0

    def readline(self, size: int = -1) -> str:
        if size is None or size < 0:
            self.unbounded_calls += 1
        piece = super().readline(size)
        self.largest = max(self.largest, len(piece))
        return piece

    def __iter__(self):  # iterating would read a whole line at once
        raise AssertionError("read_lines must not iterate the stream")


def test_an_over_long_line_is_read_in_bounded_pieces_and_skipped_to_its_end() -> None:
    huge = 3_000_000
    stream = SpyStream("first\n" + "x" * huge + "\r\nlast line\n")
    Line = score_cli.Line
    lines = list(score_cli.read_lines(stream, LIMIT))
    assert lines == [Line(1, "first", 5), Line(2, None, huge), Line(3, "last line", 9)]
    assert stream.unbounded_calls == 0
    assert stream.largest <= max(LIMIT + 2, score_cli.DRAIN_CHARS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\rb\nc\n", [(1, "a\rb", 3), (2, "c", 1)]),  # a lone CR stays inside its line
        ("a\r\nb", [(1, "a", 1), (2, "b", 1)]),  # CRLF ends a line; no final newline
        ("x" * (LIMIT + 1) + "\n", [(1, "x" * (LIMIT + 1), LIMIT + 1)]),  # just over: the validator says so
        ("x" * (LIMIT + 1) + "\r\n", [(1, None, LIMIT + 1)]),  # CR read in the first piece, LF after it
        ("x" * (LIMIT + 5) + "\r\n", [(1, None, LIMIT + 5)]),
    ],
)
def test_line_endings_and_lengths(raw: str, expected: list[tuple]) -> None:
    assert list(score_cli.read_lines(io.StringIO(raw, newline="\n"), LIMIT)) == expected


def test_stdin_errors_name_the_input_line_and_blank_lines_are_skipped(tiny_model_dir) -> None:
    text = "Bank raises rates\n\n   \n" + "A" * 5000 + "\nWow!\n"
    result = invoke("score", "--model", str(tiny_model_dir), "-", input=text)
    assert result.exit_code == 1  # one line could not be scored; blank lines are not failures
    assert "error: line 4 is 5000 characters; the limit is 1000" in result.stderr
    assert "items[" not in result.output
    assert "skipped 2 blank line(s): 2, 3" in result.stderr
    rows = result.stdout.splitlines()
    assert rows[0].split() == ["line", "quality", "clickbait", "sensational", "headline"]
    assert [row.split()[0] for row in rows[1:]] == ["1", "5"]
    assert rows[1].rstrip().endswith("Bank raises rates")
    assert all(row.split()[2].endswith("%") for row in rows[1:])


def test_stdin_only_blank_lines_is_a_clean_run(tiny_model_dir) -> None:
    result = invoke("score", "--model", str(tiny_model_dir), "--json", "-", input="\n \n\n")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "skipped 3 blank line(s)" in result.stderr


def test_stdin_json_lines_carry_the_input_line_and_a_lone_cr_does_not_split(tiny_model_dir) -> None:
    result = invoke(
        "score",
        "--model",
        str(tiny_model_dir),
        "--json",
        "-",
        input=b"Bank raises\rrates\n\nCouncil approves tram line\r\n",
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in records] == [1, 3]
    assert records[0]["headline"] == "Bank raises rates"
    assert records[1]["headline"] == "Council approves tram line"


def test_plain_report_says_likely_clickbait_never_100_percent(tiny_model_dir) -> None:
    result = invoke(
        "score", "--model", str(tiny_model_dir), "You Won't Believe What This Amazing Dog Did Next"
    )
    assert result.exit_code == 0, result.output
    clickbait = next(line for line in result.stdout.splitlines() if line.startswith("Clickbait"))
    assert "% likely clickbait" in clickbait
    assert "100%" not in result.stdout and " 0%" not in result.stdout
    assert "not clickbait" not in clickbait


def test_a_single_word_too_wide_for_a_channel_is_reported_not_a_crash(tiny_model_dir) -> None:
    """A channel that cuts before the first word has no last word shown (``last_word`` is null)."""
    result = invoke("score", "--model", str(tiny_model_dir), "W" * 80)
    assert result.exit_code == 0, result.output
    search = next(line for line in result.stdout.splitlines() if line.strip().startswith("search"))
    assert "cut before the first word" in search


BODY = (
    "Contents\n1. Background\n2. The vote\n\n"
    "The council approved the new tram line on Tuesday after a long debate.\n"
    "The committee's deliberations, notwithstanding considerable procedural disagreements, ultimately "
    "concluded that the institutional reorganisation necessitated comprehensive consultation.\n"
    "Work starts in spring. Tickets will cost two pounds. The line opens next year.\n"
)


def test_body_is_summarised_for_an_editor_and_json_keeps_everything(tiny_model_dir, tmp_path) -> None:
    body = tmp_path / "body.txt"
    body.write_text(BODY, encoding="utf-8")
    result = invoke(
        "score", "--model", str(tiny_model_dir), "--body", str(body), "Council approves new tram line"
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    section = out[out.index("Body") :]
    assert len(section.splitlines()) <= 12  # a summary, not ~130 lines of JSON
    assert "{" not in section and '"readability"' not in section
    assert "Reading" in section and "grade" in section and "to read" in section
    assert "Consistency" in section and "confidence" in section
    assert "Answer" in section and (
        "into the body" in section or "start of the body" in section or "end of the body" in section
    )
    assert "Hardest" in section and "The committee's deliberations" in section
    assert "Contents" not in section
    full = invoke(
        "score",
        "--model",
        str(tiny_model_dir),
        "--json",
        "--body",
        str(body),
        "Council approves new tram line",
    )
    data = json.loads(full.stdout)
    assert data["body"]["readability"]["hardest_sentences"] and data["body"]["consistency"]["computed"]
