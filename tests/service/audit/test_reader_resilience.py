"""One bad record never stops an archive: it becomes an error record where it starts (issue 12 item 4).

WARC records warcio cannot parse, broken framing in the middle of an archive, and a reader that
fails for a reason nobody foresaw: each costs its own record (or byte range), the records after it
are still read, and an audit of such an input finishes, also when resumed.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from audit_fakes import Interrupting, audit_options
from audit_inputs import ARTICLE, good_rows, simple_page, write_csv, write_jsonl

from service.audit import AuditOptions, LocalEngine, run_audit
from service.audit import readers as readers_pkg
from service.audit.readers import read_input

URLS = [f"https://ex.example/{i}" for i in range(4)]


def _warc(
    path: Path,
    *,
    gzip_records: bool = False,
    drop_uri_of: int | None = None,
    status_line_of: tuple[int, str] | None = None,
) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    for i, url in enumerate(URLS):
        page = simple_page(f"Story {i} makes the news today", ARTICLE).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=headers)
        if i == drop_uri_of:
            record.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(record)
    data = buffer.getvalue()
    if status_line_of is not None:
        index, garbage = status_line_of
        at = data.index(b"HTTP/1.1 200 OK", data.index(URLS[index].encode()))
        data = data[:at] + garbage.encode().ljust(15)[:15] + data[at + 15 :]
    path.write_bytes(data)
    return path


def _offsets(path: Path) -> list[int]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as raw:
        iterator = ArchiveIterator(raw, no_record_parse=True)  # warcio alone fails on the bad record
        return [iterator.get_record_offset() for _ in iterator]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_response_without_target_uri_is_one_error_record(tmp_path, gz):
    path = _warc(tmp_path / f"a.warc{'.gz' if gz else ''}", gzip_records=gz, drop_uri_of=1)
    records = list(read_input(path))
    assert len(records) == 4
    assert [r.url for r in records if r.error is None] == [URLS[0], URLS[2], URLS[3]]
    bad = records[1]
    assert "WARC-Target-URI" in bad.error and bad.location == f"record at offset {_offsets(path)[1]}"


def test_warc_garbled_http_status_line_is_one_error_record(tmp_path):
    path = _warc(tmp_path / "b.warc", status_line_of=(2, "\x00\x01garbage"))
    records = list(read_input(path))
    assert [r.url for r in records if r.error is None] == [URLS[0], URLS[1], URLS[3]], records
    assert records[2].url == URLS[2] and records[2].error  # reported, not silently dropped


@pytest.mark.parametrize("gz", [False, True])
def test_warc_broken_framing_skips_to_the_next_record(tmp_path, gz):
    path = _warc(tmp_path / f"c.warc{'.gz' if gz else ''}", gzip_records=gz)
    data = bytearray(path.read_bytes())
    start = _offsets(path)[1]
    if gz:
        data[start + 20 : start + 60] = b"\xff" * 40  # inside the second gzip member's deflate stream
    else:
        data[start : start + 8] = b"WARX/9.9"  # the second record's version line
    path.write_bytes(bytes(data))
    records = list(read_input(path))
    assert [r.url for r in records if r.error is None] == [URLS[0], URLS[2], URLS[3]], records
    (error,) = [r for r in records if r.error]
    assert "skipped" in error.error and f"offset {start}" in error.location


@pytest.mark.parametrize("module", ["delimited", "jsonl"])
def test_a_record_that_fails_to_build_costs_only_itself(tmp_path, monkeypatch, module):
    import importlib

    target = importlib.import_module(f"service.audit.readers.{module}")
    real = target.record_from_fields

    def fragile(source, location, fields, offset, *args, **kwargs):
        if fields.get("headline") == "boom":
            raise RecursionError("maximum recursion depth exceeded")
        return real(source, location, fields, offset, *args, **kwargs)

    monkeypatch.setattr(target, "record_from_fields", fragile)
    rows = [{"id": "1", "title": "Fine"}, {"id": "2", "title": "boom"}, {"id": "3", "title": "Also fine"}]
    path = (
        write_csv(tmp_path / "a.csv", rows)
        if module == "delimited"
        else write_jsonl(tmp_path / "a.jsonl", rows)
    )
    records = list(read_input(path))
    assert [r.id for r in records if r.error is None] == ["1", "3"]
    assert "RecursionError" in records[1].error
    assert records[1].location == ("line 3" if module == "delimited" else "line 2")  # CSV: after its header


class Exploding:
    """Wraps a reader: fails with an unforeseen exception after ``after`` records."""

    def __init__(self, real, after: int):
        self.real, self.after = real, after

    def __call__(self, *args, **kwargs):
        for n, record in enumerate(self.real(*args, **kwargs)):
            if n == self.after:
                raise AttributeError("'NoneType' object has no attribute 'startswith'")
            yield record


def _options(inputs, out: Path, scorer, **kw) -> AuditOptions:
    return audit_options(inputs, out, scorer, chunk_size=3, page_chunk_size=1, **kw)


def test_an_unforeseen_reader_failure_is_an_error_record_and_the_audit_goes_on(tmp_path, scorer, monkeypatch):
    first = write_jsonl(tmp_path / "first.jsonl", good_rows(5))
    second = write_csv(tmp_path / "second.csv", good_rows(4, start=50))
    monkeypatch.setattr(readers_pkg, "read_jsonl", Exploding(readers_pkg.read_jsonl, after=3))
    report = run_audit(_options([first, second], tmp_path / "out", scorer), LocalEngine(workers=1))
    assert (report.records, report.errors) == (3 + 1 + 4, 1)
    (error,) = [json.loads(x) for x in (tmp_path / "out" / "errors.jsonl").read_text().splitlines()]
    assert error["source"] == str(first) and "AttributeError" in error["error"]
    assert error["location"] == "after line 3"  # where reading stopped: after the last good record


def test_an_archive_with_a_bad_record_finishes_and_resumes(tmp_path, scorer):
    path = _warc(tmp_path / "d.warc.gz", gzip_records=True, drop_uri_of=2)
    reference = run_audit(_options([path], tmp_path / "ref", scorer), LocalEngine(workers=1))
    assert (reference.records, reference.errors, reference.exit_code) == (4, 1, 1)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_audit(_options([path], out, scorer), Interrupting(after=2))
    resumed = run_audit(_options([path], out, scorer, resume=True), LocalEngine(workers=1))
    assert resumed.chunks_resumed == 2 and resumed.records == 4
    for name in ("results.jsonl", "errors.jsonl"):
        assert (out / name).read_bytes() == (tmp_path / "ref" / name).read_bytes()
