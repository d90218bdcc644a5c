"""WARC and WARC.gz archives: one record per HTML response.

No single record may stop the archive. A record whose HTTP head warcio cannot
parse (a ``response`` without ``WARC-Target-URI``, a garbled status line) becomes an
error record and reading goes on with the next one, framed by its Content-Length.
Where the framing itself is broken, reading skips to the next place a record
starts (a ``WARC/1.x`` line, or a gzip member in a compressed archive) and one
error record names the skipped byte range.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from service.audit.readers.record import MAX_PAGE_BYTES, Record

__all__ = ["read_warc"]

_SCAN_BLOCK = 1 << 20
_GZIP_MAGIC = b"\x1f\x8b\x08"


def _tolerant_loader():
    """A warcio record loader that keeps a failure to parse one record's HTTP head to that record."""
    from warcio.recordloader import ArcWarcRecordLoader

    class TolerantLoader(ArcWarcRecordLoader):
        failure: str | None = None

        def parse_record_stream(self, *args, **kwargs):
            self.failure = None
            return super().parse_record_stream(*args, **kwargs)

        def load_http_headers(self, rec_type, uri, stream, length):
            if uri is None and rec_type in self.HTTP_RECORDS:
                self.failure = "no WARC-Target-URI (the header is required for this record type)"
                return None
            try:
                return super().load_http_headers(rec_type, uri, stream, length)
            except Exception as exc:  # the record's own framing (Content-Length) still holds
                self.failure = f"{type(exc).__name__}: {exc}"[:200]
                return None

    return TolerantLoader(verify_http=False, arc2warc=False)  # as ArchiveIterator builds its own


def _iterator(raw: BinaryIO, start: int):
    from warcio.archiveiterator import ArchiveIterator

    raw.seek(start)
    iterator = ArchiveIterator(raw, check_digests=True)
    iterator.loader = _tolerant_loader()
    return iterator


def _next_start(raw: BinaryIO, after: int, compressed: bool) -> int | None:
    """The next offset past ``after`` where a record may start, or None at the end of the file."""
    marker = _GZIP_MAGIC if compressed else b"\nWARC/1."
    skip = 0 if compressed else 1  # a WARC line starts after the newline
    position = after + 1
    raw.seek(position)
    tail = b""
    while block := raw.read(_SCAN_BLOCK):
        data = tail + block
        found = data.find(marker)
        if found >= 0:
            return position - len(tail) + found + skip
        tail = data[-(len(marker) - 1) :]
        position += len(block)
    return None


def read_warc(path: str | os.PathLike) -> Iterator[Record]:
    """Yield one ``Record`` per HTML response in a WARC or WARC.gz archive.

    Other records (requests, metadata, images, redirects) are skipped. A truncated,
    corrupt or unparsable record becomes an error record with its offset, and
    reading carries on after it (see the module docstring).
    """
    path = Path(path)
    source = str(path)
    with open(path, "rb") as raw:
        compressed = raw.read(2) == _GZIP_MAGIC[:2]
        start: int | None = 0
        while start is not None:
            iterator = _iterator(raw, start)
            bad_from = None
            try:
                for record in iterator:
                    yield from _record(source, raw, iterator, record)
            except Exception as exc:  # the framing is broken here: find the next record
                bad_from, reason = iterator.offset, f"{type(exc).__name__}: {exc}"[:200]
            if bad_from is None:
                return
            start = _next_start(raw, bad_from, compressed)
            while start is not None and not _parses(raw, start):
                start = _next_start(raw, start, compressed)
            end = "the end; reading stopped" if start is None else f"offset {start}"
            yield Record(
                source,
                f"after offset {bad_from}",
                error=f"corrupt or truncated WARC: bytes {bad_from} to {end} skipped ({reason})",
                offset=raw.seek(0, os.SEEK_END) if start is None else start,
            )


def _parses(raw: BinaryIO, start: int) -> bool:
    """Whether a record can be read at ``start`` (a resynchronisation candidate)."""
    try:
        next(iter(_iterator(raw, start)))
    except Exception:
        return False
    return True


def _record(source: str, raw: BinaryIO, iterator, record) -> Iterator[Record]:
    """The page of one WARC record, an error record, or nothing (not an HTML response)."""
    if record.rec_type not in ("response", "resource"):
        return
    url = record.rec_headers.get_header("WARC-Target-URI")
    location = f"record at offset {iterator.offset}"
    failure = iterator.loader.failure
    if failure is not None:
        yield Record(
            source, location, url=url, id=url, error=f"unreadable WARC record: {failure}", offset=raw.tell()
        )
        return
    try:
        page, error = _page(record, iterator)
    except Exception as exc:  # anything warcio raises for this record's content
        page, error = None, f"unreadable WARC record: {type(exc).__name__}: {exc}"[:300]
    if page is None and error is None:
        return
    if error is not None:
        yield Record(source, location, url=url, id=url, error=error, offset=raw.tell())
        return
    date = record.rec_headers.get_header("WARC-Date")
    yield Record(source, location, id=url, url=url, date=date, page=page, offset=raw.tell())


def _page(record, iterator) -> tuple[bytes | None, str | None]:
    """``(page, None)``, ``(None, reason)`` for a broken record, ``(None, None)`` for one to skip."""
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        ctype = record.http_headers.get_header("Content-Type") or ""
        if status and status != "200":
            return None, None
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
    if ctype and "html" not in ctype.lower():
        return None, None
    page = record.content_stream().read(MAX_PAGE_BYTES + 1)
    if len(page) > MAX_PAGE_BYTES:
        return None, f"page larger than {MAX_PAGE_BYTES} bytes"
    if getattr(record.raw_stream, "limit", 0) > 0:
        return None, "truncated WARC record (shorter than its Content-Length)"
    iterator.read_to_end()  # in bounded blocks, so the digest is checked
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        return None, "corrupt WARC record (digest mismatch)"
    return page, None
