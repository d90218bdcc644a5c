"""Ctrl-C during an audit: one line from the command, never a traceback from a worker.

A terminal sends SIGINT to the whole foreground process group: the command and every
worker process. Only the command should act on it (stop the workers, print one line,
exit 130). Two rules make that so:

- worker processes start with SIGINT ignored: ``spawn_ignoring_sigint`` sets the
  disposition to ``SIG_IGN`` while they are spawned (an ignored signal stays ignored
  across ``exec``, and Python then installs no ``KeyboardInterrupt`` handler), so a
  Ctrl-C even in the first milliseconds of a worker's start-up costs it nothing;
- helper threads never take SIGINT: they are created with it blocked, so the kernel
  delivers it to the main thread, where Python raises ``KeyboardInterrupt``.

While either context is open SIGINT is blocked in the main thread too, so a Ctrl-C
pressed then is held, not lost, and raised as ``KeyboardInterrupt`` when it closes.
Signals belong to the main thread: off it, both contexts do nothing.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from multiprocessing import resource_tracker

__all__ = ["spawn_ignoring_sigint", "threads_without_sigint"]


@contextlib.contextmanager
def threads_without_sigint() -> Iterator[None]:
    """Threads started in the block never take SIGINT; one pressed meanwhile is raised after it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextlib.contextmanager
def spawn_ignoring_sigint() -> Iterator[None]:
    """Processes spawned in the block ignore SIGINT for life; threads started in it never take it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # multiprocessing starts its resource tracker on the first spawn and then *unblocks*
    # SIGINT in the spawning thread (SIG_UNBLOCK, not a restore): start it before the block.
    resource_tracker.ensure_running()
    with threads_without_sigint():
        handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, handler)
