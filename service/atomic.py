"""One way to write a file so that a reader never sees half of it: ``atomic_write``.

Content goes to a temporary file in the same folder, is flushed and fsynced, then renamed over the target
with ``os.replace``, so a reader (a resumed audit, a server loading a model) sees the old file or the new
one. The file gets the mode a plain ``open`` would give it (0666 less the umask), not ``mkstemp``'s 0600,
so colleagues and a web server can read a report or a model. Used by the audit's writers and by
``headline train``/``eval``; it imports nothing from the project, so every layer may use it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_write", "current_umask"]


@contextlib.contextmanager
def atomic_write(
    path: str | os.PathLike, mode: str = "w", encoding: str | None = "utf-8"
) -> Iterator[IO[Any]]:
    """Open a temporary file that replaces ``path`` only when the block exits cleanly.

    ``mode`` is ``"w"`` (text, ``encoding``, newlines as written) or a binary one (``"wb"``; ``"w+b"`` to
    read back what was written, e.g. to hash it). On an exception the temporary file is removed and
    ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~current_umask())  # mkstemp makes 0600; outputs get what open() would
        handle = os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding=encoding, newline="")
        with handle:
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
