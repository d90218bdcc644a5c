"""Saved HTML pages: a single file or every page under a folder, as raw bytes to extract later."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from service.audit.readers.record import MAX_PAGE_BYTES, Record, open_binary

__all__ = ["HTML_SUFFIXES", "html_files", "read_html"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


def html_files(folder: Path) -> list[Path]:
    """Every HTML page (plain or .gz) under ``folder``, sorted so runs cut the same chunks."""
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
    files = html_files(path) if path.is_dir() else [path]
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
            raw, stream = open_binary(file)
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
