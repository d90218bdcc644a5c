"""Readers: every input format becomes a stream of one ``Record`` shape.

A reader never raises for a bad record: it yields a ``Record`` whose ``error``
says what was wrong and ``source``/``location`` say where, and carries on. Only a
problem with the whole input (unknown format, unreadable file) raises
``service.exceptions.UnsupportedFormat``.

HTML pages (saved files, WARC responses) are yielded with their raw bytes in
``Record.page``; ``extract_article`` turns them into headline and body. It runs in
the scoring workers, so the expensive part of reading scales with the cores.

This module imports no click, no Dask and nothing from ``service.analysis``.
"""

from __future__ import annotations

import csv
import dataclasses
import email.utils
import gzip
import io
import json
import logging
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from service.exceptions import UnsupportedFormat

__all__ = [
    "READERS",
    "ColumnMap",
    "Record",
    "detect_format",
    "extract_article",
    "input_size",
    "read_csv",
    "read_html",
    "read_input",
    "read_jsonl",
    "read_warc",
]

logger = logging.getLogger(__name__)

MAX_PAGE_BYTES = 5_000_000  # larger "pages" are not articles; refusing them keeps memory bounded
MAX_FIELD_CHARS = 1_000_000
# csv reads a whole physical line before parsing it: cap it, so one line without a newline
# (a gzip bomb) cannot fill memory. Longer than any valid row (fields are capped at 1M characters).
MAX_CSV_LINE_CHARS = MAX_FIELD_CHARS * 16
# libxml2 checks attribute names pairwise: a tag with 100,000 attributes takes hours to parse.
MAX_TAG_ATTRIBUTES = 1000
_LONG_TAG = re.compile(rb"<[A-Za-z][^<>]{20000,}")
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


@dataclass(frozen=True, slots=True)
class Record:
    """One article to score, or one that could not be read (``error`` set)."""

    source: str
    location: str
    headline: str | None = None
    body: str | None = None
    id: str | None = None
    url: str | None = None
    date: str | None = None
    section: str | None = None
    author: str | None = None
    page: bytes | None = None  # raw HTML still to extract (see ``extract_article``)
    error: str | None = None
    offset: int = 0  # bytes of the (compressed) source consumed so far: drives progress


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Which column (CSV) or key (JSONL, dotted for nesting) holds each field; None = guess."""

    headline: str | None = None
    body: str | None = None
    id: str | None = None
    date: str | None = None
    section: str | None = None
    author: str | None = None
    url: str | None = None


GUESSES = {
    "headline": ("headline", "title", "heading", "hed"),
    "body": ("body", "text", "content", "article", "article_text"),
    "id": ("id", "article_id", "uuid", "guid"),
    "date": ("date", "published", "published_at", "pubdate", "publication_date", "datetime"),
    "section": ("section", "category", "desk"),
    "author": ("author", "byline", "authors"),
    "url": ("url", "link", "permalink"),
}


def _open_binary(path: Path):
    """Return (raw file, decompressed binary stream); the raw one's ``tell`` measures progress."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    magic = raw.read(2)
    raw.seek(0)
    if magic == b"\x1f\x8b":
        return raw, gzip.GzipFile(fileobj=raw, mode="rb")
    return raw, raw


def _peek(path: Path, size: int = 4096) -> bytes:
    raw, stream = _open_binary(path)
    try:
        return stream.read(size)
    except (OSError, EOFError):
        return b""
    finally:
        raw.close()


def detect_format(path: str | os.PathLike) -> str:
    """Name the reader for ``path``: ``csv``, ``tsv``, ``jsonl``, ``html`` or ``warc``.

    The extension decides when it is known (``.gz`` is looked through); otherwise
    the first bytes do.

    Raises
    ------
    UnsupportedFormat
        When the path does not exist or the content matches no reader.
    """
    path = Path(path)
    if path.is_dir():
        return "html"
    if not path.is_file():
        raise UnsupportedFormat(f"no such input: {path}")
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] in (".gz", ".gzip"):
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    by_suffix = {
        ".csv": "csv",
        ".tsv": "tsv",
        ".tab": "tsv",
        ".jsonl": "jsonl",
        ".ndjson": "jsonl",
        ".warc": "warc",
        ".arc": "warc",
    }
    if last in by_suffix:
        return by_suffix[last]
    if last in HTML_SUFFIXES:
        return "html"
    head = _peek(path)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    lowered = stripped[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<head" in lowered:
        return "html"
    if stripped.startswith(b"{"):
        return "jsonl"
    first_line = stripped.split(b"\n", 1)[0]
    if b"\t" in first_line and first_line.count(b"\t") >= first_line.count(b","):
        return "tsv"
    if b"," in first_line:
        return "csv"
    raise UnsupportedFormat(f"cannot tell the format of {path}: use .csv, .tsv, .jsonl, .html or .warc")


def input_size(path: str | os.PathLike) -> int:
    """Bytes on disk under ``path`` (a file, or a folder of pages), for progress estimates."""
    path = Path(path)
    if path.is_dir():
        return sum(p.stat().st_size for p in _html_files(path))
    return path.stat().st_size if path.is_file() else 0


def _clean(value) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else str(value)
    value = value.strip()
    return value or None


def _resolve_columns(header: list[str], columns: ColumnMap) -> dict[str, str | None]:
    """Map each field to a column present in ``header`` (explicit names must exist)."""
    lowered = {name.strip().lower(): name for name in header}
    chosen: dict[str, str | None] = {}
    for field in GUESSES:
        wanted = getattr(columns, field)
        if wanted is not None:
            chosen[field] = wanted if wanted in header else lowered.get(wanted.lower())
            if chosen[field] is None and field == "headline":
                raise UnsupportedFormat(f"no column {wanted!r} in header {header[:20]}")
        else:
            chosen[field] = next((lowered[g] for g in GUESSES[field] if g in lowered), None)
    if chosen["headline"] is None:
        raise UnsupportedFormat(f"no headline column in header {header[:20]}: name it with --headline-col")
    return chosen


_SURROGATE = re.compile("[\udc80-\udcff]")


def _has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def _record_from_fields(source: str, location: str, fields: Mapping[str, object], offset: int) -> Record:
    values = {name: _clean(value) for name, value in fields.items()}
    for name, value in values.items():
        if value is not None and _has_surrogates(value):
            return Record(source, location, error=f"undecodable bytes (not UTF-8) in {name}", offset=offset)
        if value is not None and len(value) > MAX_FIELD_CHARS:
            return Record(
                source, location, error=f"{name} longer than {MAX_FIELD_CHARS} characters", offset=offset
            )
    if not values.get("headline"):
        return Record(
            source,
            location,
            error="missing headline",
            offset=offset,
            **{k: v for k, v in values.items() if k in ("id", "url")},
        )
    return Record(source, location, offset=offset, **values)


def read_csv(
    path: str | os.PathLike, columns: ColumnMap | None = None, delimiter: str | None = None
) -> Iterator[Record]:
    """Yield one ``Record`` per data row of a CSV or TSV file (optionally gzip-compressed).

    Parameters
    ----------
    path : the file; ``.tsv`` (or a tab-separated first line) means tabs.
    columns : which columns hold which field; unnamed fields are guessed from the header.
    delimiter : force ``","`` or ``"\\t"``.

    Raises
    ------
    UnsupportedFormat
        When the header has no headline column.
    """
    path = Path(path)
    source = str(path)
    columns = columns or ColumnMap()
    if delimiter is None:
        delimiter = "\t" if detect_format(path) == "tsv" else ","
    csv.field_size_limit(MAX_FIELD_CHARS * 4)
    raw, stream = _open_binary(path)
    with raw:
        text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="surrogateescape", newline="")
        reader = csv.reader(_bounded_lines(text, MAX_CSV_LINE_CHARS), delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        except (csv.Error, OSError, EOFError) as exc:
            yield Record(source, "header", error=f"unreadable header: {exc}", offset=raw.tell())
            return
        chosen = _resolve_columns(header, columns)
        index = {field: header.index(name) for field, name in chosen.items() if name is not None}
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield Record(
                    source, f"line {reader.line_num}", error=f"malformed CSV: {exc}", offset=raw.tell()
                )
                continue
            except (OSError, EOFError) as exc:  # truncated or corrupt gzip stream
                yield Record(
                    source, f"line {reader.line_num}", error=f"unreadable data: {exc}", offset=raw.tell()
                )
                return
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            location = f"line {reader.line_num}"
            fields = {field: (row[i] if i < len(row) else None) for field, i in index.items()}
            yield _record_from_fields(source, location, fields, raw.tell())


def _bounded_lines(text: io.TextIOBase, limit: int) -> Iterator[str]:
    """The lines of ``text``, an over-long one cut into pieces of at most ``limit`` characters."""
    while line := text.readline(limit):
        yield line


def _dig(obj: Mapping, key: str):
    if key in obj:
        return obj[key]
    value = obj
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def read_jsonl(path: str | os.PathLike, columns: ColumnMap | None = None) -> Iterator[Record]:
    """Yield one ``Record`` per line of a JSON Lines file (optionally gzip-compressed).

    Keys may be dotted (``meta.section``) to reach into nested objects. A line that
    is not UTF-8, not JSON or not an object becomes an error record.
    """
    path = Path(path)
    source = str(path)
    columns = columns or ColumnMap()
    raw, stream = _open_binary(path)
    with raw:
        number = 0
        while True:
            try:
                line = stream.readline(MAX_FIELD_CHARS * 4)
            except (OSError, EOFError) as exc:
                yield Record(source, f"line {number + 1}", error=f"unreadable data: {exc}", offset=raw.tell())
                return
            if not line:
                return
            number += 1
            location = f"line {number}"
            if not line.endswith(b"\n"):
                rest = b""
                try:
                    rest = stream.readline(MAX_FIELD_CHARS)  # bounded: the line may be a gzip bomb
                except (OSError, EOFError):
                    rest = b""
                if rest:  # the line was over the limit: skip the remainder of it
                    while rest and not rest.endswith(b"\n"):
                        rest = stream.readline(MAX_FIELD_CHARS)
                    yield Record(source, location, error="line too long", offset=raw.tell())
                    continue
            if not line.strip():
                continue
            try:
                obj = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as exc:
                yield Record(
                    source, location, error=f"undecodable bytes (not UTF-8): {exc.reason}", offset=raw.tell()
                )
                continue
            except (ValueError, RecursionError) as exc:
                yield Record(source, location, error=f"invalid JSON: {exc}"[:300], offset=raw.tell())
                continue
            if not isinstance(obj, dict):
                yield Record(source, location, error="a JSON object was expected", offset=raw.tell())
                continue
            fields = {}
            for field, guesses in GUESSES.items():
                wanted = getattr(columns, field)
                keys = (wanted,) if wanted is not None else guesses
                fields[field] = next((v for v in (_dig(obj, k) for k in keys) if v is not None), None)
            yield _record_from_fields(source, location, fields, raw.tell())


def _html_files(folder: Path) -> list[Path]:
    found = [
        p
        for p in folder.rglob("*")
        if p.is_file()
        and any(p.name.lower().endswith(s) or p.name.lower().endswith(s + ".gz") for s in HTML_SUFFIXES)
    ]
    return sorted(found)


def read_html(path: str | os.PathLike) -> Iterator[Record]:
    """Yield one ``Record`` per saved HTML page: a single file, or every page under a folder.

    The page bytes go in ``Record.page``; the record's ``id`` is the path relative to
    the folder. Pages are extracted later by ``extract_article``.
    """
    path = Path(path)
    files = _html_files(path) if path.is_dir() else [path]
    base = path if path.is_dir() else path.parent
    consumed = 0
    for file in files:
        source = str(file)
        rel = file.relative_to(base).as_posix()
        try:
            size = file.stat().st_size
            consumed += size
            if size > MAX_PAGE_BYTES:
                yield Record(
                    source, "file", id=rel, error=f"page larger than {MAX_PAGE_BYTES} bytes", offset=consumed
                )
                continue
            raw, stream = _open_binary(file)
            with raw:
                page = stream.read(MAX_PAGE_BYTES + 1)
        except (OSError, EOFError) as exc:
            yield Record(source, "file", id=rel, error=f"unreadable file: {exc}", offset=consumed)
            continue
        if len(page) > MAX_PAGE_BYTES:  # a small .html.gz can inflate to anything
            yield Record(
                source, "file", id=rel, error=f"page larger than {MAX_PAGE_BYTES} bytes", offset=consumed
            )
            continue
        yield Record(source, "file", id=rel, page=page, offset=consumed)


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


READERS = {"csv": read_csv, "tsv": read_csv, "jsonl": read_jsonl, "html": read_html, "warc": read_warc}


def read_input(
    path: str | os.PathLike, columns: ColumnMap | None = None, fmt: str | None = None
) -> Iterator[Record]:
    """Yield the records of any supported input, detecting its format unless ``fmt`` is given."""
    fmt = fmt or detect_format(path)
    if fmt in ("csv", "tsv"):
        return read_csv(path, columns, delimiter="\t" if fmt == "tsv" else ",")
    if fmt == "jsonl":
        return read_jsonl(path, columns)
    if fmt not in READERS:
        raise UnsupportedFormat(f"unknown input format {fmt!r}")
    return READERS[fmt](path)


_YEAR_MONTH = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](0[1-9]|1[0-2])(?!\d)")
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])[-/.](0?[1-9]|1[0-2])[-/.]((?:19|20)\d\d)(?!\d)"
)


def month_of(date: str | None) -> str | None:
    """``YYYY-MM`` of a date written as ISO 8601, RFC 2822 or day/month/year; else None."""
    if not date:
        return None
    match = _YEAR_MONTH.search(date)
    if match:
        return f"{match.group(1)}-{match.group(2)}"
    try:
        parsed = email.utils.parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return f"{parsed.year:04d}-{parsed.month:02d}"
    match = _DAY_MONTH_YEAR.search(date)
    if match:
        return f"{match.group(2)}-{int(match.group(1)):02d}"
    return None


def extract_article(record: Record) -> Record:
    """Fill headline, body and metadata of an HTML record from its page, with trafilatura.

    Navigation, cookie banners, sidebars, related links, ads and footers are left
    out; metadata already on the record (URL and date from a WARC) wins over the
    page's. A page without an article becomes an error record. Never raises.
    """
    if record.page is None or record.error is not None:
        return record
    if any(len(tag.group(0).split()) > MAX_TAG_ATTRIBUTES for tag in _LONG_TAG.finditer(record.page)):
        return dataclasses.replace(
            record, page=None, error=f"broken HTML: a tag with more than {MAX_TAG_ATTRIBUTES} attributes"
        )
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            record.page,
            url=record.url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
        )
    except Exception as exc:
        return dataclasses.replace(record, page=None, error=f"broken HTML: {type(exc).__name__}: {exc}"[:300])
    if doc is None:
        return dataclasses.replace(record, page=None, error="no article found in the page")
    doc = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title = _clean(doc.get("title"))
    body = _clean(doc.get("text"))
    if title and body and body.startswith(title):
        body = body[len(title) :].lstrip() or None
    if not title:
        return dataclasses.replace(record, page=None, error="no headline (title) found in the page")
    categories = doc.get("categories") or []
    section = _clean(categories[0]) if isinstance(categories, list) and categories else _clean(categories)
    url = record.url or _clean(doc.get("url"))
    return dataclasses.replace(
        record,
        page=None,
        headline=title,
        body=body,
        url=url,
        date=_clean(doc.get("date")) or record.date,  # publication date beats a WARC's crawl date
        section=record.section or section,
        author=record.author or _clean(doc.get("author")),
        id=record.id or url,
    )
