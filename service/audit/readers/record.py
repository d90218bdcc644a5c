"""The one ``Record`` shape every reader yields, and the field rules they share.

Limits on untrusted input live here, so every reader enforces the same ones.
"""

from __future__ import annotations

import email.utils
import gzip
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "GUESSES",
    "MAX_FIELD_CHARS",
    "MAX_PAGE_BYTES",
    "ColumnMap",
    "Record",
    "clean",
    "guarded",
    "month_of",
    "open_binary",
    "record_from_fields",
]

MAX_PAGE_BYTES = 5_000_000  # larger "pages" are not articles; refusing them keeps memory bounded
MAX_FIELD_CHARS = 1_000_000


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


def open_binary(path: Path):
    """Return (raw file, decompressed binary stream); the raw one's ``tell`` measures progress."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    magic = raw.read(2)
    raw.seek(0)
    if magic == b"\x1f\x8b":
        return raw, gzip.GzipFile(fileobj=raw, mode="rb")
    return raw, raw


def clean(value) -> str | None:
    """A field as stripped text, or None when empty.

    A list is its non-empty items joined with ", " (an empty list is no value, never
    the text "[]"); an object, or a list holding one, is compact JSON.
    """
    if value is None:
        return None
    if isinstance(value, (list, tuple)) and not any(isinstance(v, (list, tuple, dict)) for v in value):
        return ", ".join(item for item in map(clean, value) if item) or None
    if not isinstance(value, str):
        value = (
            json.dumps(value, ensure_ascii=False) if isinstance(value, (list, tuple, dict)) else str(value)
        )
    value = value.strip()
    return value or None


_SURROGATE = re.compile("[\udc80-\udcff]")


def _has_surrogates(text: str) -> bool:
    return _SURROGATE.search(text) is not None


def _field_error(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if _has_surrogates(value):
        return f"undecodable bytes (not UTF-8) in {name}"
    if len(value) > MAX_FIELD_CHARS:
        return f"{name} longer than {MAX_FIELD_CHARS} characters"
    return None


def record_from_fields(
    source: str, location: str, fields: Mapping[str, object], offset: int, error: str | None = None
) -> Record:
    """A record from raw field values, or an error record.

    The error is ``error`` when given (the caller found the record malformed), else the
    first field that breaks a rule, else a missing headline. An error record keeps the
    record's ``id`` and ``url`` when they are themselves readable, so the row can be found.
    """
    values = {name: clean(value) for name, value in fields.items()}
    problems = {name: _field_error(name, value) for name, value in values.items()}
    error = error or next((p for p in problems.values() if p), None)
    if error is None and not values.get("headline"):
        error = "missing headline"
    if error is not None:
        readable = {k: values.get(k) if problems.get(k) is None else None for k in ("id", "url")}
        return Record(source, location, error=error, offset=offset, id=readable["id"], url=readable["url"])
    return Record(
        source,
        location,
        offset=offset,
        headline=values.get("headline"),
        body=values.get("body"),
        id=values.get("id"),
        url=values.get("url"),
        date=values.get("date"),
        section=values.get("section"),
        author=values.get("author"),
    )


def guarded(source: str, location: str, offset: int, build: Callable[..., Record], *args) -> Record:
    """``build(*args)``, or an error record at ``location`` when it raises for a reason no rule foresaw.

    Every reader builds each record through this, so one bad record costs only itself.
    """
    try:
        return build(*args)
    except Exception as exc:
        reason = f"unreadable record: {type(exc).__name__}: {exc}"[:300]
        return Record(source, location, error=reason, offset=offset)


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
