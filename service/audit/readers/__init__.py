"""Readers: every input format becomes a stream of one ``Record`` shape.

A reader never raises for a bad record: it yields a ``Record`` whose ``error``
says what was wrong and ``source``/``location`` say where, and carries on. Only a
problem with the whole input (unknown format, unreadable file) raises
``service.exceptions.UnsupportedFormat``.

One module per input kind: ``delimited`` (CSV/TSV), ``jsonl``, ``pages`` (saved
HTML) and ``warc``; ``record`` holds the shape and the limits they share. HTML
pages (saved files, WARC responses) are yielded with their raw bytes in
``Record.page``; ``service.audit.extract`` turns them into headline and body in
the scoring workers, so the expensive part of reading scales with the cores.

This package imports no click, no Dask and nothing from ``service.analysis``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

from service.audit.readers.delimited import MAX_CSV_LINE_CHARS, read_csv
from service.audit.readers.jsonl import read_jsonl
from service.audit.readers.pages import DEFAULT_WALK, HTML_SUFFIXES, FolderWalk, html_files, read_html
from service.audit.readers.record import (
    MAX_FIELD_CHARS,
    MAX_PAGE_BYTES,
    ColumnMap,
    Record,
    month_of,
    open_binary,
)
from service.audit.readers.warc import read_warc
from service.exceptions import UnsupportedFormat

__all__ = [
    "MAX_CSV_LINE_CHARS",
    "MAX_FIELD_CHARS",
    "MAX_PAGE_BYTES",
    "READERS",
    "ColumnMap",
    "FolderWalk",
    "Record",
    "detect_format",
    "input_size",
    "month_of",
    "read_csv",
    "read_html",
    "read_input",
    "read_jsonl",
    "read_warc",
]


def _peek(path: Path, size: int = 4096) -> bytes:
    raw, stream = open_binary(path)
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


def input_size(path: str | os.PathLike, walk: FolderWalk = DEFAULT_WALK) -> int:
    """Bytes on disk under ``path`` (a file, or a folder of pages), for progress estimates."""
    path = Path(path)
    if path.is_dir():
        return sum(p.stat().st_size for p in html_files(path, walk))
    return path.stat().st_size if path.is_file() else 0


READERS: dict[str, Callable[[str | os.PathLike], Iterator[Record]]] = {
    "csv": read_csv,
    "tsv": read_csv,
    "jsonl": read_jsonl,
    "html": read_html,
    "warc": read_warc,
}


def read_input(
    path: str | os.PathLike,
    columns: ColumnMap | None = None,
    fmt: str | None = None,
    walk: FolderWalk = DEFAULT_WALK,
) -> Iterator[Record]:
    """Yield the records of any supported input, detecting its format unless ``fmt`` is given.

    ``walk`` says how a folder of pages is walked (what to skip, whether to follow links out).
    """
    fmt = fmt or detect_format(path)
    if fmt in ("csv", "tsv"):
        return read_csv(path, columns, delimiter="\t" if fmt == "tsv" else ",")
    if fmt == "jsonl":
        return read_jsonl(path, columns)
    if fmt == "html":
        return read_html(path, walk)
    if fmt not in READERS:
        raise UnsupportedFormat(f"unknown input format {fmt!r}")
    return READERS[fmt](path)
