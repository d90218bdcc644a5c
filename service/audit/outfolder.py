"""The output folder of an audit: what a run writes there, and who may write it.

``output_paths`` names everything a run writes or removes in ``--out``; ``check_inputs``
refuses an input among them before anything is written (an export saved as
``results.csv``, a previous run's ``results.jsonl``), and the reader of a folder of pages
skips them, so outputs are never read as inputs. ``locked_output`` holds an exclusive
``flock`` on ``DIR/.audit.lock`` for the whole run, so two audits never mix in one folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from service.exceptions import HeadlineError

__all__ = [
    "LOCK_NAME",
    "OUTPUTS",
    "STATE",
    "InputIsOutput",
    "OutputBusy",
    "check_inputs",
    "locked_output",
    "output_paths",
]

OUTPUTS = ("results.jsonl", "results.csv", "errors.jsonl", "summary.json", "report.html")
STATE = ".audit"
LOCK_NAME = ".audit.lock"


class InputIsOutput(
    HeadlineError, status=409, title="Input in the way of an output", type="/problems/input-is-output"
):
    """An input lies where the audit writes: running would remove or overwrite it."""


class OutputBusy(HeadlineError, status=409, title="Output folder busy", type="/problems/output-busy"):
    """Another audit is writing into the same output folder."""


def output_paths(out_dir: str | os.PathLike) -> frozenset[Path]:
    """Every path an audit into ``out_dir`` writes or removes: the outputs, the run state, the lock."""
    out = Path(out_dir).resolve()
    return frozenset(out / name for name in (*OUTPUTS, STATE, LOCK_NAME))


def check_inputs(inputs: Iterable[str | os.PathLike], out_dir: str | os.PathLike) -> None:
    """Refuse inputs the run would remove or overwrite, before anything is written.

    An input is in the way when it is one of ``output_paths`` (named directly, through
    ``..`` or through a symbolic link) or lies inside the run state. A folder of pages
    that holds the output folder is fine: its walk skips the outputs.
    """
    protected = output_paths(out_dir)
    for given in inputs:
        path = Path(given)
        named = path.parent.resolve() / path.name  # the link itself, when the input is a link
        for candidate in {named, path.resolve()}:
            hit = next((p for p in protected if candidate == p or p in candidate.parents), None)
            if hit is not None:
                raise InputIsOutput(
                    f"{given} is an input and also where this audit writes {hit.name}: "
                    "the run would remove or overwrite it. Choose another --out folder "
                    "(or move the input out of it)."
                )
        _check_pages_folder(path, Path(out_dir))


def _check_pages_folder(folder: Path, out: Path) -> None:
    """A folder of pages holding the output folder: its ``report.html`` must be an audit's own.

    The walk skips the outputs, so a page of the archive saved as ``report.html`` there
    would be neither read nor kept: it would be overwritten. Without an earlier run's
    state beside it, that file is not the audit's to replace.
    """
    if not folder.is_dir():
        return
    out = out.resolve()
    if out != folder.resolve() and folder.resolve() not in out.parents:
        return
    report = out / "report.html"
    if report.exists() and not (out / STATE / "manifest.json").exists():
        raise InputIsOutput(
            f"{report} is a page of the input folder {folder}, and this audit would write its report "
            "over it. Choose another --out folder (or move the page)."
        )


@contextlib.contextmanager
def locked_output(out_dir: str | os.PathLike) -> Iterator[None]:
    """Hold an exclusive lock on the output folder for the whole run (one audit per folder).

    ``flock`` on ``DIR/.audit.lock``: the kernel drops it when the process ends, however
    it ends, so a killed run never leaves the folder locked. The lock file stays (removing
    it would let two runs lock two different files).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with open(out / LOCK_NAME, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(
                f"another audit is writing into {out} (it holds {out / LOCK_NAME}); "
                "wait for it to finish or choose another --out folder"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
