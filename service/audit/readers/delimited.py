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
    guarded,
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


class LineTooLong(Exception):
    """A physical line over the limit (already skipped to its end)."""


class _Lines:
    """The physical lines of a text stream for ``csv.reader``, read in bounded pieces.

    Counts lines, so every record is located at the line where it starts, and keeps the
    parity of quote characters since the record started: after a broken record, ``skip_record``
    reads on to the line that closes its quoted field, so its tail is never parsed as records.
    An iterator object, not a generator, because it raises ``LineTooLong`` and carries on.
    """

    def __init__(self, text: io.TextIOBase, limit: int, quote: str = '"'):
        self.text, self.limit, self.quote = text, limit, quote
        self.line = 0  # physical lines consumed
        self.open_quote = False  # inside a quoted field of the current record

    def __iter__(self) -> _Lines:
        return self

    def start_record(self) -> int:
        """Mark the start of a record; return the line number it starts on."""
        self.open_quote = False
        return self.line + 1

    def _read(self) -> str:
        piece = self.text.readline(self.limit)
        if piece.count(self.quote) % 2:
            self.open_quote = not self.open_quote
        return piece

    def __next__(self) -> str:
        piece = self._read()
        if not piece:
            raise StopIteration
        self.line += 1
        if len(piece) >= self.limit and not piece.endswith(("\n", "\r")):
            while piece and not piece.endswith(("\n", "\r")):  # the rest of the line, in pieces
                piece = self._read()
            raise LineTooLong(f"line longer than {self.limit} characters")
        return piece

    def skip_record(self) -> None:
        """Read on to the end of the current record (its quoted field closed at a line end)."""
        while self.open_quote:
            piece = self._read()
            if not piece:
                return
            if piece.endswith(("\n", "\r")):
                self.line += 1


def read_csv(
    path: str | os.PathLike, columns: ColumnMap | None = None, delimiter: str | None = None
) -> Iterator[Record]:
    """Yield one ``Record`` per data row of a CSV or TSV file (optionally gzip-compressed).

    Every record is located at the line where it starts. A row whose field count differs
    from the header's, a malformed record and an over-long line are each one error record
    (with the row's id when it can be read), and the rows after it keep their line numbers.

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
        lines = _Lines(text, MAX_CSV_LINE_CHARS)
        reader = csv.reader(lines, delimiter=delimiter)
        lines.start_record()
        try:
            header = next(reader)
        except StopIteration:
            return
        except (csv.Error, LineTooLong, OSError, EOFError) as exc:
            yield Record(source, "header", error=f"unreadable header: {exc}", offset=raw.tell())
            return
        chosen = _resolve_columns(header, columns)
        index = {field: header.index(name) for field, name in chosen.items() if name is not None}
        while True:
            location = f"line {lines.start_record()}"
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, LineTooLong) as exc:
                lines.skip_record()
                reason = str(exc) if isinstance(exc, LineTooLong) else f"malformed CSV: {exc}"
                yield Record(source, location, error=reason, offset=raw.tell())
                continue
            except (OSError, EOFError) as exc:  # truncated or corrupt gzip stream
                yield Record(source, location, error=f"unreadable data: {exc}", offset=raw.tell())
                return
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            offset = raw.tell()
            yield guarded(source, location, offset, _row_record, source, location, row, header, index, offset)


def _row_record(
    source: str, location: str, row: list[str], header: list[str], index: dict[str, int], offset: int
) -> Record:
    fields = {field: (row[i] if i < len(row) else None) for field, i in index.items()}
    if len(row) != len(header):
        mismatch = f"{len(row)} fields where the header has {len(header)}"
        return record_from_fields(source, location, fields, offset, error=mismatch)
    return record_from_fields(source, location, fields, offset)
