"""Saved HTML pages: a single file or every page under a folder, as raw bytes to extract later."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from service.audit.readers.record import MAX_PAGE_BYTES, Record, open_binary

__all__ = ["DEFAULT_WALK", "HTML_SUFFIXES", "FolderWalk", "html_files", "read_html", "walk_pages"]

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


@dataclass(frozen=True)
class FolderWalk:
    """How a folder of pages is walked.

    ``exclude``: resolved paths (files or folders) never read, e.g. the audit's own
    outputs when the output folder lies inside the input folder. ``follow_links``:
    follow symbolic links that lead out of the folder (a link inside it is always
    followed); without it such a link becomes an error record, so a page elsewhere on
    the disk never lands in the results unasked.
    """

    exclude: frozenset[Path] = frozenset()
    follow_links: bool = False


DEFAULT_WALK = FolderWalk()


def _is_page(name: str) -> bool:
    lowered = name.lower()
    return any(lowered.endswith(s) or lowered.endswith(s + ".gz") for s in HTML_SUFFIXES)


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def walk_pages(folder: Path, walk: FolderWalk = DEFAULT_WALK) -> list[tuple[Path, str | None]]:
    """``(page, None)`` for every HTML page (plain or .gz) under ``folder``, and
    ``(link, reason)`` for every link not followed; sorted, so runs cut the same chunks."""
    root = folder.resolve()
    found: list[tuple[Path, str | None]] = []
    seen_dirs: set[tuple[int, int]] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            info = current.stat()
            if (info.st_dev, info.st_ino) in seen_dirs:  # a link loop, or a folder linked twice
                continue
            seen_dirs.add((info.st_dev, info.st_ino))
            entries = list(os.scandir(current))
        except OSError as exc:
            found.append((current, f"unreadable folder: {exc}"))
            continue
        for entry in entries:
            path = Path(entry.path)
            try:
                target = path.resolve()
                is_dir = entry.is_dir()  # follows links
                is_link = entry.is_symlink()
            except (OSError, RuntimeError):
                continue
            if target in walk.exclude or any(_inside(target, x) for x in walk.exclude):
                continue
            if not is_dir and not _is_page(entry.name):
                continue
            if is_link and not walk.follow_links and not _inside(target, root):
                found.append(
                    (path, "symbolic link out of the input folder, not followed (use --follow-links)")
                )
                continue
            if is_dir:
                stack.append(path)
            elif entry.is_file():
                found.append((path, None))
    return sorted(found)


def html_files(folder: Path, walk: FolderWalk = DEFAULT_WALK) -> list[Path]:
    """The pages ``walk_pages`` reads under ``folder`` (for sizes and progress)."""
    return [path for path, reason in walk_pages(folder, walk) if reason is None]


def read_html(path: str | os.PathLike, walk: FolderWalk = DEFAULT_WALK) -> Iterator[Record]:
    """Yield one ``Record`` per saved HTML page: a single file, or every page under a folder.

    The page bytes go in ``Record.page``; the record's ``id`` is the path relative to
    the folder. Pages are extracted later by ``extract_article``.
    """
    path = Path(path)
    files = walk_pages(path, walk) if path.is_dir() else [(path, None)]
    base = path if path.is_dir() else path.parent
    consumed = 0
    for file, reason in files:
        source = str(file)
        rel = file.relative_to(base).as_posix()
        if reason is not None:
            yield Record(source, "file", id=rel, error=reason, offset=consumed)
            continue
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
        except Exception as exc:  # OSError, a corrupt .gz, or anything else: this page only
            yield Record(source, "file", id=rel, error=f"unreadable file: {exc}"[:300], offset=consumed)
            continue
        if len(page) > MAX_PAGE_BYTES:  # a small .html.gz can inflate to anything
            yield Record(
                source, "file", id=rel, error=f"page larger than {MAX_PAGE_BYTES} bytes", offset=consumed
            )
            continue
        yield Record(source, "file", id=rel, page=page, offset=consumed)
