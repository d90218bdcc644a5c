"""Writers: the audit's output rows and files, always written atomically.

``atomic_write`` (``service.atomic``, re-exported here) is the only way a file reaches its final
name: a reader (or a resumed run) sees the old file or the new one, never half of one, with the mode
a plain ``open`` would give it. ``result_row``/``csv_row`` shape one scored article for
``results.jsonl`` and ``results.csv``; ``concat_parts`` assembles final files from
per-chunk part files.

The CSV columns are the typed result's paths (``service.analysis.result_paths.leaf_paths`` of
``AnalysisResult``) less the few this file declares left out, so the header is the same for every
chunk, every scorer and every run, and follows the result's type instead of a list kept by hand.
No click, no Dask, nothing from ``service.analysis`` but the result's type.
"""

from __future__ import annotations

import csv
import fnmatch
import io
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from service.analysis.result import AnalysisResult
from service.analysis.result_paths import leaf_paths
from service.atomic import atomic_write

__all__ = [
    "CSV_COLUMNS",
    "META_COLUMNS",
    "atomic_write",
    "concat_parts",
    "csv_row",
    "error_row",
    "result_row",
    "write_csv",
    "write_json",
    "write_jsonl",
]

META_COLUMNS = ("id", "url", "date", "section", "author", "source", "location", "headline", "model_version")
# Lists of objects kept in results.jsonl, with the keys kept per item; other lists of
# objects (per-feature signals) are explanation detail that belongs to the API, not an audit.
KEPT_LISTS = {
    "triggers": ("text", "category", "start", "end"),
    "suggestions": ("id", "message", "span", "severity"),
}
# Dropped even when empty: the audit explains only some rows (explain="flagged"), and an empty
# list must not make the rows it skipped look different from the rows it explained.
DROPPED_LISTS = frozenset({"signals"})
# Paths of the typed result that are not CSV columns (fnmatch patterns; a test checks that each
# names a path of the type). Lists of objects other than the KEPT_LISTS are only in results.jsonl
# when empty, so a column would nearly always be blank; a key present only for some rows (a
# non-headline's notice, a cut channel's first hidden word) has never been a column.
CSV_LEFT_OUT = (
    "clickbait.signals",
    "quality.notice",
    "readability.channels.*.first_hidden_word",
    "body.readability.hardest_sentences",
    "body.consistency.supporting",
    "body.spoiler.candidates",
)
CSV_COLUMNS = (
    *META_COLUMNS,
    *(
        path
        for path in leaf_paths(AnalysisResult)
        if path not in META_COLUMNS and not any(fnmatch.fnmatchcase(path, left) for left in CSV_LEFT_OUT)
    ),
)


def _compact(value: Mapping[str, Any]) -> dict:
    """Copy of a result keeping scalars, lists of scalars and the KEPT_LISTS (hot path: no recursion
    beyond what the result's nesting needs)."""
    out: dict[str, Any] = {}
    for key, item in value.items():
        kind = type(item)
        if kind is dict:
            out[key] = _compact(item)
        elif kind is list or kind is tuple:
            if key in DROPPED_LISTS:
                continue
            keys = KEPT_LISTS.get(key)
            if keys is not None:
                out[key] = [{k: x[k] for k in keys if k in x} if type(x) is dict else x for x in item]
            elif not any(type(x) in (dict, list, tuple) for x in item):
                out[key] = list(item)
        else:
            out[key] = item
    return out


def result_row(record, result: AnalysisResult) -> dict:
    """One results.jsonl row: where the article came from, then every score, level, trigger, suggestion."""
    row = {
        "id": record.id or record.url or f"{Path(record.source).name}:{record.location}",
        "url": record.url,
        "date": record.date,
        "section": record.section,
        "author": record.author,
        "source": record.source,
        "location": record.location,
    }
    compact = _compact(result)
    row["headline"] = compact.pop("headline", record.headline)
    row["model_version"] = compact.pop("model_version", None)
    row.update(compact)
    return row


def error_row(record, reason: str | None = None) -> dict:
    """One errors.jsonl row: the reason, and where the record came from."""
    return {
        "source": record.source,
        "location": record.location,
        "id": record.id or record.url,
        "headline": record.headline,
        "error": reason or record.error,
    }


def _joined(key: str, items: list) -> str:
    if key == "triggers":
        return "; ".join(f"{t.get('text')} ({t.get('category')})" for t in items if type(t) is dict)
    if key == "suggestions":
        return "; ".join(f"{x.get('id')}: {x.get('message')}" for x in items if type(x) is dict)
    return "; ".join(str(x) for x in items)


def _flatten(value: dict, prefix: str, out: dict) -> None:
    for key, item in value.items():
        name = prefix + key
        kind = type(item)
        if kind is dict:
            _flatten(item, name + ".", out)
        elif kind is list:
            out[name] = _joined(key, item)
        else:
            out[name] = item


def csv_row(row: dict) -> dict:
    """A results row flattened to dotted names (``CSV_COLUMNS`` picks the columns)."""
    flat: dict = {}
    _flatten(row, "", flat)
    return flat


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def write_jsonl(path: str | os.PathLike, rows: Iterable[dict]) -> int:
    """Write ``rows`` as JSON Lines, atomically; return how many."""
    count = 0
    with atomic_write(path) as handle:
        for row in rows:
            handle.write(dumps(row) + "\n")
            count += 1
    return count


def write_csv(path: str | os.PathLike, columns: list[str], rows: Iterable[dict]) -> int:
    """Write flattened rows as CSV with a header, atomically; return how many."""
    count = 0
    with atomic_write(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def csv_text(columns: list[str], rows: Iterable[dict]) -> str:
    """CSV text with a header line, for a part file (keys not in ``columns`` are left out)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([[row.get(c) for c in columns] for row in rows])
    return buffer.getvalue()


def write_json(path: str | os.PathLike, obj) -> None:
    """Write one JSON document, indented, atomically."""
    with atomic_write(path) as handle:
        json.dump(obj, handle, ensure_ascii=False, indent=2, allow_nan=False)
        handle.write("\n")


def concat_parts(path: str | os.PathLike, parts: Iterable[Path], skip_header: bool = False) -> None:
    """Concatenate part files into ``path`` atomically, streaming.

    With ``skip_header`` the first line of every part but the first is dropped (CSV
    parts each carry the same header).
    """
    with atomic_write(path, "wb", encoding=None) as out:
        first = True
        for part in parts:
            with open(part, "rb") as handle:
                if skip_header and not first:
                    handle.readline()
                while block := handle.read(1 << 20):
                    out.write(block)
            first = False
        if skip_header and first:
            pass
