"""Writers: the audit's output rows and files, always written atomically.

``atomic_write`` is the only way a file reaches its final name here: content goes
to a temporary file in the same folder, is flushed and fsynced, then renamed with
``os.replace``, so a reader (or a resumed run) sees the old file or the new one,
never half of one. The file gets the mode a plain ``open`` would give it (0666
less the umask), so colleagues and a web server can read ``report.html``. ``result_row``/``csv_row`` shape one scored article for
``results.jsonl`` and ``results.csv``; ``concat_parts`` assembles final files from
per-chunk part files.

No click, no Dask, nothing from ``service.analysis`` here.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = [
    "META_COLUMNS",
    "atomic_write",
    "concat_parts",
    "current_umask",
    "csv_columns",
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


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8") -> Iterator:
    """Open a temporary file that replaces ``path`` only when the block exits cleanly."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())  # mkstemp makes 0600; outputs get what open() would
        kwargs = {"encoding": encoding, "newline": ""} if "b" not in mode else {}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def current_umask() -> int:
    """The process umask, read without changing it (``os.umask`` can only set it, racing threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _compact(value: dict) -> dict:
    """Copy of a result keeping scalars, lists of scalars and the KEPT_LISTS (hot path: no recursion
    beyond what the result's nesting needs)."""
    out = {}
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


def result_row(record, result: dict) -> dict:
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


def csv_columns(sample_row: dict) -> list[str]:
    """The flat CSV columns of a results row (dotted names for nested scores)."""
    flat: dict = {}
    _flatten(sample_row, "", flat)
    return [*META_COLUMNS, *(k for k in flat if k not in META_COLUMNS)]


def csv_row(row: dict) -> dict:
    """A results row flattened to ``csv_columns`` names."""
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
