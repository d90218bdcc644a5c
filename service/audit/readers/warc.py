"""WARC and WARC.gz archives: one record per HTML response."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from service.audit.readers.record import MAX_PAGE_BYTES, Record

__all__ = ["read_warc"]


def read_warc(path: str | os.PathLike) -> Iterator[Record]:
    """Yield one ``Record`` per HTML response in a WARC or WARC.gz archive.

    Other records (requests, metadata, images, redirects) are skipped. A truncated
    or corrupt record becomes an error record; if the archive cannot be followed
    past it, one error record says where reading stopped.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    path = Path(path)
    source = str(path)
    with open(path, "rb") as raw:
        iterator = ArchiveIterator(raw, check_digests=True)
        records = iter(iterator)
        while True:
            try:
                record = next(records)
            except StopIteration:
                return
            except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
                yield Record(
                    source,
                    f"after offset {_safe_offset(iterator)}",
                    error=f"corrupt or truncated WARC, reading stopped: {str(exc)[:200]}",
                    offset=raw.tell(),
                )
                return
            if record.rec_type not in ("response", "resource"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            date = record.rec_headers.get_header("WARC-Date")
            if record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                ctype = record.http_headers.get_header("Content-Type") or ""
                if status and status != "200":
                    continue
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            if ctype and "html" not in ctype.lower():
                continue
            try:
                page = record.content_stream().read(MAX_PAGE_BYTES + 1)
            except (OSError, EOFError, ValueError) as exc:
                yield Record(
                    source,
                    f"record {url}",
                    url=url,
                    id=url,
                    error=f"unreadable WARC record: {exc}",
                    offset=raw.tell(),
                )
                continue
            truncated = getattr(record.raw_stream, "limit", 0) > 0 and len(page) <= MAX_PAGE_BYTES
            # Asking for the offset reads the record to its end: only after the content.
            location = f"record at offset {_safe_offset(iterator)}"
            if truncated:
                yield Record(
                    source,
                    location,
                    url=url,
                    id=url,
                    error="truncated WARC record (shorter than its Content-Length)",
                    offset=raw.tell(),
                )
                continue
            checker = getattr(record, "digest_checker", None)
            if checker is not None and checker.passed is False:
                yield Record(
                    source,
                    location,
                    url=url,
                    id=url,
                    error="corrupt WARC record (digest mismatch)",
                    offset=raw.tell(),
                )
                continue
            if len(page) > MAX_PAGE_BYTES:
                yield Record(
                    source,
                    location,
                    url=url,
                    id=url,
                    error=f"page larger than {MAX_PAGE_BYTES} bytes",
                    offset=raw.tell(),
                )
                continue
            yield Record(source, location, id=url, url=url, date=date, page=page, offset=raw.tell())


def _safe_offset(iterator) -> int:
    try:
        return int(iterator.get_record_offset())
    except Exception:
        return -1
