"""Readers: every format yields Records; bad records become error records, never exceptions."""

from __future__ import annotations

import contextlib
import gzip

import pytest
from audit_inputs import ARTICLE, NEWS_PAGE, NOISE, good_rows, simple_page, write_csv, write_jsonl, write_warc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.audit import readers
from service.audit.extract import extract_article
from service.audit.readers import ColumnMap, Record, read_input
from service.exceptions import UnsupportedFormat


def test_csv_maps_guessed_columns_and_flags_bad_rows(tmp_path):
    rows = good_rows(3)
    rows.append({**good_rows(1)[0], "id": "blank", "title": "  "})
    path = write_csv(tmp_path / "a.csv", rows)
    with open(path, "ab") as handle:
        handle.write(b"bad,Caf\xe9 \xff headline,,,,,\n")
    records = list(read_input(path))
    assert [r.id for r in records[:3]] == ["a0", "a1", "a2"]
    assert records[0].headline.startswith("Shocking story") and records[0].section == "Local"
    assert records[1].body and records[1].author == "Bob" and records[1].url == "https://ex.example/1"
    assert records[3].error == "missing headline" and records[3].location == "line 5"
    assert "undecodable" in records[4].error and records[4].source == str(path)


def test_csv_explicit_columns_tsv_and_gzip(tmp_path):
    rows = [{"hed": "Rates rise again", "copy": "Body text.", "when": "2023-11-02", "desk": "Money"}]
    path = write_csv(tmp_path / "b.tsv.gz", rows, delimiter="\t", compress=True)
    assert readers.detect_format(path) == "tsv"
    columns = ColumnMap(headline="hed", body="copy", date="when", section="desk")
    (record,) = read_input(path, columns)
    assert (record.headline, record.body, record.date, record.section) == (
        "Rates rise again",
        "Body text.",
        "2023-11-02",
        "Money",
    )


def test_csv_without_headline_column_is_unsupported(tmp_path):
    path = write_csv(tmp_path / "c.csv", [{"foo": "x"}])
    with pytest.raises(UnsupportedFormat, match="headline"):
        list(read_input(path))
    with pytest.raises(UnsupportedFormat, match="nope"):
        list(read_input(write_csv(tmp_path / "d.csv", [{"title": "x"}]), ColumnMap(headline="nope")))


def test_jsonl_good_and_bad_lines(tmp_path):
    path = write_jsonl(
        tmp_path / "a.jsonl.gz",
        [
            {"headline": "One", "meta": {"section": "Tech"}},
            b"{not json",
            b"[1, 2]",
            b'{"headline": "Caf\xe9"}',
            {"body": "no headline"},
            {"headline": "Two", "author": ["A", "B"]},
        ],
        compress=True,
    )
    records = list(read_input(path, ColumnMap(section="meta.section")))
    assert records[0].headline == "One" and records[0].section == "Tech"
    assert records[1].error.startswith("invalid JSON")
    assert records[2].error == "a JSON object was expected"
    assert "undecodable" in records[3].error
    assert records[4].error == "missing headline"
    assert records[5].author == "A, B"  # a list of names reads as one, never as bracket text
    assert [r.location for r in records] == [f"line {i}" for i in range(1, 7)]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"WARC/1.0\r\n", "warc"),
        (b"<!DOCTYPE html><html>", "html"),
        (b'{"headline": 1}\n', "jsonl"),
        (b"title\tbody\n", "tsv"),
        (b"title,body\n", "csv"),
    ],
)
def test_detect_format_by_content(tmp_path, content, expected):
    path = tmp_path / "input.dat"
    path.write_bytes(gzip.compress(content))
    assert readers.detect_format(path) == expected


def test_detect_format_refuses_unknown_content(tmp_path):
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(UnsupportedFormat):
        readers.detect_format(path)


def test_news_page_gives_only_the_article(tmp_path):
    (tmp_path / "site" / "local").mkdir(parents=True)
    (tmp_path / "site" / "local" / "bus.html").write_text(NEWS_PAGE)
    (record,) = read_input(tmp_path / "site")
    assert record.id == "local/bus.html" and record.page
    article = extract_article(record)
    assert article.error is None and article.page is None
    assert article.headline == "Council approves new bus lanes on Main Street"
    assert article.body.startswith("The city council voted on Tuesday")
    assert "transport department" in article.body
    for noise in NOISE:
        assert noise not in article.body, noise
    assert article.author == "Jane Smith" and article.section == "Local"
    assert article.date.startswith("2024-03-05") and article.url == "https://gazette.example/local/bus-lanes"


def test_broken_pages_become_error_records(tmp_path):
    for name, data in {
        "empty.html": b"",
        "binary.htm": b"\x00\xff\xfe" * 50,
        "nav-only.html": b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
    }.items():
        (tmp_path / name).write_bytes(data)
    records = [extract_article(r) for r in read_input(tmp_path)]
    assert len(records) == 3
    assert all(r.error for r in records), records


def test_warc_pages_skips_non_html_and_flags_truncated(tmp_path):
    pages = [
        (f"https://ex.example/{i}", simple_page(f"Story {i} makes the news today", ARTICLE)) for i in range(3)
    ]
    for gz in (False, True):
        path = write_warc(
            tmp_path / f"a{gz}.warc{'.gz' if gz else ''}", pages, truncate_last=True, gzip_records=gz
        )
        records = list(read_input(path))
        assert [r.url for r in records[:3]] == [u for u, _ in pages]
        assert len(records) == 4
        assert "truncated" in records[3].error and records[3].url == "https://ex.example/cut"
        article = extract_article(records[0])
        assert article.headline == "Story 0 makes the news today" and "timetable" in article.body


def test_warc_garbage_after_records_stops_with_one_error(tmp_path):
    path = write_warc(tmp_path / "b.warc", [("https://ex.example/1", simple_page("A title here", ARTICLE))])
    with open(path, "ab") as handle:
        handle.write(b"this is not a warc record\r\n\r\n" * 3)
    records = list(read_input(path))
    assert records[0].error is None
    assert "reading stopped" in records[-1].error


def test_month_of_formats():
    assert readers.month_of("2024-03-05T10:00:00Z") == "2024-03"
    assert readers.month_of("Tue, 05 Mar 2024 10:00:00 GMT") == "2024-03"
    assert readers.month_of("5/3/2024") == "2024-03"
    assert readers.month_of("soon") is None and readers.month_of(None) is None


def _drain(records) -> list[Record]:
    out = list(records)
    for r in out:
        assert isinstance(r, Record)
        assert (r.error is None) == bool(r.headline or r.page), r
        if r.error:
            assert isinstance(r.error, str) and r.error and r.source
    return out


FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(
    data=st.binary(max_size=400), suffix=st.sampled_from([".csv", ".tsv", ".jsonl", ".csv.gz", ".jsonl.gz"])
)
def test_tabular_readers_never_crash_on_arbitrary_bytes(tmp_path, data, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes((b"title,body\n" if "csv" in suffix else b"") + data)
    # UnsupportedFormat: e.g. a TSV whose header has no headline column, a clear whole-file error
    with contextlib.suppress(UnsupportedFormat):
        _drain(read_input(path))


@FUZZ
@given(data=st.binary(max_size=600), gz=st.booleans())
def test_warc_reader_never_crashes_on_arbitrary_bytes(tmp_path, data, gz):
    path = tmp_path / "fuzz.warc"
    good = write_warc(
        tmp_path / "good.warc", [("https://ex.example/1", simple_page("Title", ARTICLE))]
    ).read_bytes()
    payload = good[: len(data) % (len(good) + 1)] + data
    path.write_bytes(gzip.compress(payload) if gz else payload)
    _drain(read_input(path, fmt="warc"))


@FUZZ
@given(
    data=st.binary(max_size=600)
    | st.text(max_size=300).map(lambda s: f"<html><title>{s}</title>{s}".encode())
)
def test_html_extraction_never_crashes_on_arbitrary_bytes(tmp_path, data):
    path = tmp_path / "fuzz.html"
    path.write_bytes(data)
    (record,) = read_input(path)
    article = extract_article(record)
    assert article.page is None
    assert (article.error is None) == bool(article.headline)


def test_gzip_truncated_csv_gives_error_record(tmp_path):
    data = gzip.compress(("title\n" + "".join(f"Headline {i}\n" for i in range(2000))).encode())
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    records = _drain(read_input(path))
    assert records[-1].error and "unreadable" in records[-1].error
    assert records[0].headline == "Headline 0"


def test_empty_and_list_values_never_become_bracket_text(tmp_path):
    # Issue 12 item 19: a page without categories had section "[]", and the report grouped under it.
    page = tmp_path / "plain.html"
    page.write_text(
        simple_page("A plain page with no categories", ARTICLE).replace(
            "<meta property='article:section' content='News'>", ""
        )
    )
    (record,) = read_input(page)
    article = extract_article(record)
    assert article.error is None and article.section is None
    lines = [
        {"title": "No section", "section": [], "author": []},
        {"title": "Two authors", "section": ["", "Sport", "Local"], "author": ["Ann Lee", "Bo Ma"]},
        {"title": "Nested", "section": {"name": "World"}},
    ]
    records = list(read_input(write_jsonl(tmp_path / "a.jsonl", lines)))
    assert (records[0].section, records[0].author) == (None, None)
    assert (records[1].section, records[1].author) == ("Sport, Local", "Ann Lee, Bo Ma")
    assert records[2].section == '{"name": "World"}'  # an object stays readable JSON


def test_a_non_utf8_jsonl_line_keeps_its_readable_id(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(
        b'{"id": "plain-7", "headline": "Caf\xe9 \xff", "extra": "\xfe"}\n'
        b'{"id": "ok-8", "headline": "Fine", "notes": "\xfe unused field"}\n'
    )
    bad, good = read_input(path)
    assert (bad.id, bad.location) == ("plain-7", "line 1") and "undecodable" in bad.error
    assert good.error is None and good.id == "ok-8"  # bad bytes in a field the audit does not use
