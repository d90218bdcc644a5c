"""JSON Lines files (optionally gzip-compressed): one record per line."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
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

__all__ = ["MAX_LINE_BYTES", "read_jsonl"]

MAX_LINE_BYTES = MAX_FIELD_CHARS * 4  # a longer line is one error record, read in bounded pieces


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
    is not JSON or not an object becomes an error record, and so does one whose used
    fields are not UTF-8 (keeping its id when that is readable).
    """
    path = Path(path)
    source = str(path)
    columns = columns or ColumnMap()
    raw, stream = open_binary(path)
    with raw:
        number = 0
        while True:
            try:
                line = stream.readline(MAX_LINE_BYTES)
            except (OSError, EOFError) as exc:
                yield Record(source, f"line {number + 1}", error=f"unreadable data: {exc}", offset=raw.tell())
                return
            if not line:
                return
            number += 1
            location = f"line {number}"
            if not line.endswith(b"\n"):
                try:
                    rest = stream.readline(MAX_FIELD_CHARS)  # bounded: the line may be a gzip bomb
                    over = bool(rest)
                    while rest and not rest.endswith(b"\n"):  # skip the remainder of the line
                        rest = stream.readline(MAX_FIELD_CHARS)
                except (OSError, EOFError) as exc:
                    yield Record(source, location, error=f"unreadable data: {exc}", offset=raw.tell())
                    return
                if over:
                    error = f"line longer than {MAX_LINE_BYTES} bytes"
                    yield Record(source, location, error=error, offset=raw.tell())
                    continue
            if not line.strip():
                continue
            try:
                # Bad bytes become lone surrogates: the fields the audit uses are checked for them
                # (an error naming the field, keeping a readable id); other fields do not matter.
                text = line.decode("utf-8-sig" if number == 1 else "utf-8", errors="surrogateescape")
                obj = json.loads(text)
            except (ValueError, RecursionError) as exc:
                yield Record(source, location, error=f"invalid JSON: {exc}"[:300], offset=raw.tell())
                continue
            if not isinstance(obj, dict):
                yield Record(source, location, error="a JSON object was expected", offset=raw.tell())
                continue
            offset = raw.tell()
            yield guarded(source, location, offset, _object_record, source, location, obj, columns, offset)


def _object_record(source: str, location: str, obj: dict, columns: ColumnMap, offset: int) -> Record:
    fields = {}
    for field, guesses in GUESSES.items():
        wanted = getattr(columns, field)
        keys = (wanted,) if wanted is not None else guesses
        fields[field] = next((v for v in (_dig(obj, k) for k in keys) if v is not None), None)
    return record_from_fields(source, location, fields, offset)
