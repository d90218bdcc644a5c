"""CSV records: one record, one outcome, at the line where it starts (issue 12 items 5 and 7).

An over-long line, a malformed record or a field-count mismatch is one error record at the line
where the record starts, its id kept when it is readable, and every later line number is right.
"""

from __future__ import annotations

import gzip

import pytest

from service.audit.readers import MAX_CSV_LINE_CHARS, MAX_FIELD_CHARS, read_input

HEADER = "id,headline,body\n"


def _write(tmp_path, text: str | bytes, name: str = "a.csv", compress: bool = False):
    data = text.encode() if isinstance(text, str) else text
    path = tmp_path / name
    path.write_bytes(gzip.compress(data, 1) if compress else data)
    return path


def _summary(path) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(r.location, r.id, r.headline, r.error) for r in read_input(path)]


@pytest.mark.parametrize("compress", [False, True])
def test_an_over_long_line_is_one_error_record_and_later_lines_keep_their_numbers(tmp_path, compress):
    # 40 MB of "You'll not believe this trick, 2" used to become bogus rows ("ll not believe ...").
    filler = "ll not believe this trick, 2 " * (MAX_CSV_LINE_CHARS // 28 + 10)
    text = HEADER + "a1,First headline,x\n" + "a2," + filler + "\n" + "a3,Third headline,y\na4,Fourth,z\n"
    records = _summary(_write(tmp_path, text, "big.csv.gz" if compress else "big.csv", compress))
    assert [r[0] for r in records] == ["line 2", "line 3", "line 4", "line 5"]
    assert records[0][1:3] == ("a1", "First headline") and records[0][3] is None
    assert records[1][3] == f"line longer than {MAX_CSV_LINE_CHARS} characters"
    assert records[2][1:3] == ("a3", "Third headline") and records[3][1] == "a4"


def test_an_over_long_line_inside_a_quoted_record_skips_the_whole_record(tmp_path):
    text = (
        HEADER
        + 'a1,"Starts here\n'
        + "x" * (MAX_CSV_LINE_CHARS + 5)
        + '\nends here",body\n'
        + "a2,Next headline,y\n"
    )
    records = _summary(_write(tmp_path, text))
    assert [(r[0], r[1]) for r in records] == [("line 2", None), ("line 5", "a2")]
    assert "longer than" in records[0][3] and records[1][3] is None


def test_field_count_mismatches_are_errors_at_the_line_where_the_record_starts(tmp_path):
    text = (
        HEADER
        + "a1,Fine headline,body\n"
        + "a2,Too many,body,extra\n"
        + "a3,Too few\n"
        + 'a4,"A headline over\ntwo lines",body,extra\n'
        + 'a5,"Multi\nline headline",body\n'
        + "a6,Last one,z\n"
    )
    records = _summary(_write(tmp_path, text))
    assert [(r[0], r[1]) for r in records] == [
        ("line 2", "a1"),
        ("line 3", "a2"),
        ("line 4", "a3"),
        ("line 5", "a4"),
        ("line 7", "a5"),
        ("line 9", "a6"),
    ]
    assert records[1][3] == "4 fields where the header has 3"
    assert records[2][3] == "2 fields where the header has 3"
    assert records[3][3] == "4 fields where the header has 3"
    assert records[4][3] is None and records[4][2] == "Multi\nline headline"


def test_a_non_utf8_line_keeps_its_readable_id(tmp_path):
    path = _write(tmp_path, HEADER.encode() + b"plain-id-7,Caf\xe9 \xff headline,body\n")
    ((location, rid, _, error),) = _summary(path)
    assert (location, rid) == ("line 2", "plain-id-7") and "undecodable" in error


def test_a_malformed_quoted_record_is_one_error_and_the_next_starts_fresh(tmp_path):
    # A quoted field over csv's field limit, continued on the next line: its tail is not a record.
    text = (
        HEADER + 'a1,"' + "y" * (MAX_FIELD_CHARS * 4 + 10) + '\nfield continues",body\na2,Next headline,y\n'
    )
    records = _summary(_write(tmp_path, text))
    assert [(r[0], r[1]) for r in records] == [("line 2", None), ("line 4", "a2")]
    assert records[0][3].startswith("malformed CSV") and records[1][3] is None
