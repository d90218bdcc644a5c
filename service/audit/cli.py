"""The ``headline audit`` command: flags → ``AuditOptions`` → ``run_audit`` → exit code.

The only module of the audit that imports click. Progress is drawn here too: a
rich progress bar on a terminal, plain periodic log lines otherwise.
"""

from __future__ import annotations

import dataclasses
import os
import shlex
import signal
import sys
import time

import click

from service.audit import readers
from service.audit.interrupts import threads_without_sigint

__all__ = ["audit"]

EPILOG = """\b
Exit status: 0 every record was scored; 1 some records could not be scored (see
errors.jsonl) or the run failed; 2 bad usage (including --resume on a folder made
from other inputs, an input where an output goes, or an --out folder another audit
is writing into); 130 interrupted (re-run with --resume to finish).
"""


class PlainProgress:
    """One log line every ``interval`` seconds: for logs, CI and pipes."""

    def __init__(self, stream, interval: float = 10.0):
        self.stream, self.interval = stream, interval
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, records: int, errors: int, done: int, total: int, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self.last < self.interval:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        line = f"audit: {records} records ({errors} errors), {records / elapsed:.0f} records/s"
        if total and done:
            share = min(done / total, 1.0)
            eta = elapsed * (1 - share) / share if share else 0
            line += f", {share:.0%} of input, ETA {eta:.0f}s"
        print(line, file=self.stream, flush=True)

    def close(self) -> None:
        pass


class RichProgress:
    """A rich progress bar over input bytes with record count, rate and ETA."""

    def __init__(self):
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.progress = Progress(
            TextColumn("[bold]audit"),
            BarColumn(),
            TaskProgressColumn(),
            TextColumn(
                "{task.fields[records]} records · {task.fields[rate]}/s · {task.fields[errors]} errors"
            ),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            transient=False,
        )
        self.task = self.progress.add_task("audit", total=None, records=0, rate="0", errors=0)
        self.started = time.monotonic()
        self.progress.start()

    def __call__(self, records: int, errors: int, done: int, total: int, final: bool = False) -> None:
        rate = records / max(time.monotonic() - self.started, 1e-9)
        self.progress.update(
            self.task, completed=done, total=total or None, records=records, rate=f"{rate:.0f}", errors=errors
        )

    def close(self) -> None:
        self.progress.stop()


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


def _chunk_size_option(flag: str, default: int, help_text: str):
    """A positive chunk size with its default shown: rows (CSV/JSONL) or pages (HTML/WARC) per unit of work."""
    return click.option(flag, type=click.IntRange(min=1), default=default, show_default=True, help=help_text)


@click.command(epilog=EPILOG)
@click.argument("inputs", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=True))
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder for results.jsonl, results.csv, errors.jsonl, summary.json and report.html.",
)
@click.option(
    "--model",
    "model_path",
    envvar="HEADLINE_MODEL_PATH",
    type=click.Path(),
    help="Model card (.json), its .joblib file, or a folder to take the newest from (default: the shipped model).",
)
@click.option(
    "--format",
    "input_format",
    type=click.Choice(sorted(readers.READERS)),
    help="Read every input as this format instead of detecting it.",
)
@click.option("--headline-col", help="Column (CSV) or key (JSONL, dotted) holding the headline.")
@click.option("--body-col", help="Column or key holding the article body.")
@click.option("--id-col", help="Column or key holding the article id.")
@click.option("--date-col", help="Column or key holding the publication date.")
@click.option("--section-col", help="Column or key holding the section.")
@click.option("--author-col", help="Column or key holding the author.")
@click.option("--url-col", help="Column or key holding the URL.")
@click.option(
    "--workers", type=click.IntRange(min=1), default=None, help="Worker processes (default: all cores)."
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: a process pool here; dask: a Dask distributed cluster.",
)
@click.option(
    "--scheduler",
    help="Dask scheduler address (tcp://host:8786); without it --engine dask starts a local cluster.",
)
@_chunk_size_option("--chunk-size", 2000, "Rows per chunk of work (CSV/JSONL).")
@_chunk_size_option("--page-chunk-size", 50, "Pages per chunk of work (HTML/WARC).")
@click.option("--resume", is_flag=True, help="Finish an interrupted run in the same --out folder.")
@click.option(
    "--follow-links",
    is_flag=True,
    help="Follow symbolic links that lead out of an HTML input folder (by default they are reported, not read).",
)
@click.option(
    "--scorer",
    "scorer_factory",
    hidden=True,
    default="service.audit.engines:ModelScorer",
    help="module:factory building the scorer in each worker (tests, experiments).",
)
@click.option(
    "--progress/--no-progress",
    "show_progress",
    default=True,
    show_default=True,
    help="Progress bar on a terminal, periodic lines otherwise.",
)
def audit(
    inputs,
    out_dir,
    model_path,
    input_format,
    headline_col,
    body_col,
    id_col,
    date_col,
    section_col,
    author_col,
    url_col,
    workers,
    engine,
    scheduler,
    chunk_size,
    page_chunk_size,
    resume,
    follow_links,
    scorer_factory,
    show_progress,
):
    """Score every headline in CSV/TSV/JSONL files, HTML folders or WARC archives."""
    from service.audit.outfolder import InputIsOutput, OutputBusy
    from service.audit.runner import AuditOptions, ResumeMismatch, run_audit

    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    progress = None
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        # Threads started while setting up (numpy's BLAS pool, Dask's, the progress bar's) leave
        # Ctrl-C to the main thread; one pressed meanwhile is raised when the block ends.
        with threads_without_sigint():
            model_path = _model_for_run(model_path, scorer_factory, engine)
            runner_engine = _engine(engine, scheduler, workers)
            if show_progress:
                progress = RichProgress() if sys.stderr.isatty() else PlainProgress(sys.stderr)
        columns = _column_map(click.get_current_context().params)
        options = AuditOptions(
            inputs=tuple(inputs),
            out_dir=out_dir,
            model_path=model_path,
            columns=columns,
            input_format=input_format,
            chunk_size=chunk_size,
            page_chunk_size=page_chunk_size,
            resume=resume,
            follow_links=follow_links,
            scorer_factory=scorer_factory,
            command=shlex.join(["headline", "audit", *sys.argv[2:]]) if len(sys.argv) > 1 else None,
        )
        report = run_audit(options, runner_engine, progress)
    except KeyboardInterrupt:
        if progress is not None:
            progress.close()
            progress = None
        click.echo(f"\nInterrupted: finished chunks are kept in {out_dir}; re-run with --resume.", err=True)
        click.get_current_context().exit(130)
    except (ResumeMismatch, InputIsOutput, OutputBusy) as exc:
        raise click.UsageError(exc.detail) from exc
    except OSError as exc:  # disk full, read-only or missing output folder: no traceback, a way on
        raise click.ClickException(
            f"cannot write the outputs: {exc}. Finished chunks are kept in {out_dir}; "
            "fix the disk or folder and re-run with --resume."
        ) from exc
    finally:
        signal.signal(signal.SIGTERM, previous)
        if progress is not None:
            progress.close()
    rate = report.records / report.elapsed_seconds if report.elapsed_seconds else 0
    click.echo(
        f"{report.records} records: {report.scored} scored, {report.errors} errors "
        f"({rate:.0f} records/s, {report.elapsed_seconds:.1f}s). Outputs in {os.fspath(out_dir)}",
        err=True,
    )
    click.get_current_context().exit(report.exit_code)


def _column_map(params: dict) -> readers.ColumnMap:
    """The ``--FIELD-col`` flags as a ColumnMap: one flag per ColumnMap field, read by the field's name."""
    return readers.ColumnMap(
        **{f.name: params[f"{f.name}_col"] for f in dataclasses.fields(readers.ColumnMap)}
    )


def _model_for_run(model_path: str | None, scorer_factory: str, engine: str) -> str | None:
    """The model file every worker loads: pinned (a folder means its newest card) and, for the
    local engine, loaded once here first so a bad model fails before any input is read."""
    if scorer_factory == "service.audit.engines:ModelScorer":
        model_path = _pin_model(model_path)
        if engine == "local":
            _check_model(model_path)
    return model_path


def _engine(engine: str, scheduler: str | None, workers: int | None):
    from service.audit.engines import DaskEngine, LocalEngine

    if engine == "dask":
        import distributed  # noqa: F401 - starts its native threads now, inside the caller's block

        return DaskEngine(scheduler, workers)
    return LocalEngine(workers)


def _pin_model(model_path: str | None) -> str:
    """The one search order (``service.model_path``), pinned to a card now: every worker and --resume use it."""
    from service.model_path import resolve_model_card

    return str(resolve_model_card(model_path))


def _check_model(model_path: str) -> None:
    """Fail fast, before reading any input, when the model cannot be loaded here."""
    from service.model import load_model

    load_model(model_path)
