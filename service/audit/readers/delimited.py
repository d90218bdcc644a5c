"""CSV and TSV files (optionally gzip-compressed): one record per data row."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path

from service.audit.readers.record import (
    GUESSES,
    MAX_FIELD_CHARS,
    ColumnMap,
    Record,
    open_binary,
    record_from_fields,
)
from service.exceptions import UnsupportedFormat

__all__ = ["MAX_CSV_LINE_CHARS", "read_csv"]

# csv reads a whole physical line before parsing it: cap it, so one line without a newline
# (a gzip bomb) cannot fill memory. Longer than any valid row (fields are capped at 1M characters).
MAX_CSV_LINE_CHARS = MAX_FIELD_CHARS * 16


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
        from service.audit.readers import detect_format  # the package's one format rule

        delimiter = "\t" if detect_format(path) == "tsv" else ","
    csv.field_size_limit(MAX_FIELD_CHARS * 4)
    raw, stream = open_binary(path)
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
            yield record_from_fields(source, location, fields, raw.tell())


def _bounded_lines(text: io.TextIOBase, limit: int) -> Iterator[str]:
    """The lines of ``text``, an over-long one cut into pieces of at most ``limit`` characters."""
    while line := text.readline(limit):
        yield line
