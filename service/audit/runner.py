"""The audit run: inputs → chunks → engine → part files → final outputs, resumably.

Records are read as a stream and cut into chunks at deterministic places (by
count, and by page bytes for HTML), so a re-run cuts the same chunks. Each scored
chunk is written to ``DIR/.audit/parts`` (atomically) and then marked done; the
``.done`` marker is the checkpoint. ``--resume`` skips chunks that are done and
scores the rest; the final files are assembled from the parts in chunk order, so
every record appears exactly once whatever was interrupted and when. The whole
run holds the output folder's lock, and inputs in the way of outputs are refused
first (``service.audit.outfolder``).

``AuditReport.exit_code`` decides the command's exit status. No click here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from service.audit import readers, report, writers
from service.audit.engines import ChunkResult, ScorerSpec
from service.audit.outfolder import OUTPUTS, STATE, check_inputs, locked_output, output_paths
from service.exceptions import HeadlineError, UnsupportedFormat

__all__ = ["AuditOptions", "AuditReport", "ResumeMismatch", "run_audit"]

logger = logging.getLogger(__name__)

PAGE_FORMATS = ("html", "warc")


class ResumeMismatch(HeadlineError, status=409, title="Cannot resume", type="/problems/cannot-resume"):
    """``--resume`` on an output folder made from other inputs or options."""


@dataclass(frozen=True)
class AuditOptions:
    """Everything that defines an audit run (the CLI builds one from its flags)."""

    inputs: tuple[str, ...]
    out_dir: str
    model_path: str
    columns: readers.ColumnMap = field(default_factory=readers.ColumnMap)
    input_format: str | None = None
    chunk_size: int = 5000
    page_chunk_size: int = 50
    page_chunk_bytes: int = 32_000_000
    resume: bool = False
    follow_links: bool = False
    command: str | None = None
    scorer_factory: str = ScorerSpec.factory  # the dataclass default, read from the class


@dataclass
class AuditReport:
    """What happened: counts, timings and where the outputs are."""

    out_dir: str
    records: int = 0
    scored: int = 0
    errors: int = 0
    chunks: int = 0
    chunks_resumed: int = 0
    model_version: str | None = None
    elapsed_seconds: float = 0.0
    extract_seconds: float = 0.0
    score_seconds: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def exit_code(self) -> int:
        """0 when every record was scored, 1 when some could not be."""
        return 1 if self.errors else 0


ProgressCallback = Callable[[int, int, int, int], None]  # (records, errors, bytes_done, bytes_total)


def _manifest(options: AuditOptions, formats: list[str]) -> dict:
    inputs = []
    for path, fmt in zip(options.inputs, formats, strict=True):
        p = Path(path).resolve()
        stat = p.stat()
        inputs.append(
            {
                "path": str(p),
                "format": fmt,
                "size": readers.input_size(p, _walk(options)),
                "mtime_ns": stat.st_mtime_ns if p.is_file() else None,
            }
        )
    return {
        "schema": 1,
        "inputs": inputs,
        "columns": dataclasses.asdict(options.columns),
        "chunk_size": options.chunk_size,
        "page_chunk_size": options.page_chunk_size,
        "page_chunk_bytes": options.page_chunk_bytes,
        "follow_links": options.follow_links,
        "model_path": str(Path(options.model_path).resolve()) if options.model_path else None,
        "scorer_factory": options.scorer_factory,
    }


def _prepare_state(options: AuditOptions, manifest: dict) -> tuple[Path, bool]:
    out = Path(options.out_dir)
    state = out / STATE
    parts = state / "parts"
    manifest_path = state / "manifest.json"
    resumed = False
    if options.resume and manifest_path.exists():
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))
        if previous != manifest:
            raise ResumeMismatch(
                f"{out} holds a run of other inputs or options; run without --resume to start over"
            )
        resumed = True
        for stale in parts.glob(".*.tmp"):  # temporary files of writes that never finished
            stale.unlink()
    else:
        if manifest_path.exists():  # a previous audit's folder: its outputs are stale now
            for name in OUTPUTS:
                (out / name).unlink(missing_ok=True)
        if state.exists():
            shutil.rmtree(state)
    parts.mkdir(parents=True, exist_ok=True)
    if not resumed:
        writers.write_json(manifest_path, manifest)
    return parts, resumed


def _error_record(path: str, reason: str, last: str | None, offset: int) -> readers.Record:
    """The error record of an input that could not be read (further): where it stopped, and why."""
    return readers.Record(str(path), f"after {last}" if last else "input", error=reason[:500], offset=offset)


def _walk(options: AuditOptions) -> readers.FolderWalk:
    """How folders of pages are walked: never into the outputs, links out only when asked."""
    return readers.FolderWalk(exclude=output_paths(options.out_dir), follow_links=options.follow_links)


def _read_chunks(
    options: AuditOptions, formats: list[str], sizes: list[int]
) -> Iterator[tuple[int, list[readers.Record], int]]:
    """Yield ``(chunk_id, records, bytes_done)`` over all inputs, cut deterministically."""
    chunk_id = 0
    bytes_before = 0
    for path, fmt, size in zip(options.inputs, formats, sizes, strict=True):
        pages = fmt in PAGE_FORMATS
        limit = options.page_chunk_size if pages else options.chunk_size
        chunk: list[readers.Record] = []
        page_bytes = 0
        offset = 0
        last = None
        try:
            for record in readers.read_input(path, options.columns, fmt, _walk(options)):
                chunk.append(record)
                offset, last = record.offset, record.location
                page_bytes += len(record.page or b"")
                if len(chunk) >= limit or page_bytes >= options.page_chunk_bytes:
                    yield chunk_id, chunk, bytes_before + offset
                    chunk_id += 1
                    chunk, page_bytes = [], 0
        except (UnsupportedFormat, OSError, EOFError, UnicodeError) as exc:
            # The whole input (or the rest of it) is unreadable: one error record says so.
            reason = f"unreadable input: {getattr(exc, 'detail', None) or exc}"
            chunk.append(_error_record(path, reason, last, offset))
        except Exception as exc:  # a reader failed where no rule foresaw it: keep what was read
            logger.warning("reader failed on %s after %s", path, last, exc_info=True)
            reason = f"reading stopped, the rest of this input was not read: {type(exc).__name__}: {exc}"
            chunk.append(_error_record(path, reason, last, offset))
        if chunk:
            yield chunk_id, chunk, bytes_before + size
            chunk_id += 1
        bytes_before += size


def _write_part(parts: Path, result: ChunkResult, n_records: int) -> None:
    stem = f"{result.chunk_id:08d}"
    for suffix, text in (
        (".results.jsonl", result.results_jsonl),
        (".results.csv", result.results_csv),
        (".errors.jsonl", result.errors_jsonl),
    ):
        with writers.atomic_write(parts / f"{stem}{suffix}") as handle:
            handle.write(text)
    meta = {
        "chunk_id": result.chunk_id,
        "records": n_records,
        "model_version": result.model_version,
        "extract_seconds": result.extract_seconds,
        "score_seconds": result.score_seconds,
        "stats": result.stats,
    }
    with writers.atomic_write(parts / f"{stem}.stats.json") as handle:
        handle.write(writers.dumps(meta))
    # The marker goes last: a chunk counts as done only once all its parts are in place.
    with writers.atomic_write(parts / f"{stem}.done") as handle:
        handle.write(str(n_records))


def _done_chunks(parts: Path) -> dict[int, int]:
    done = {}
    for marker in parts.glob("*.done"):
        try:
            done[int(marker.name.split(".")[0])] = int(marker.read_text(encoding="utf-8") or 0)
        except ValueError:
            continue
    return done


def run_audit(options: AuditOptions, engine, progress: ProgressCallback | None = None) -> AuditReport:
    """Run (or resume) an audit and write every output file in ``options.out_dir``.

    Parameters
    ----------
    options : inputs, output folder, model path, column mapping and chunking.
    engine : a ``LocalEngine`` or ``DaskEngine``.
    progress : called after each chunk with (records, errors, bytes done, bytes total).

    Returns
    -------
    AuditReport
        Counts and timings; ``exit_code`` is 0 when every record was scored.

    Raises
    ------
    ResumeMismatch
        ``resume`` was asked on a folder made from other inputs or options.
    InputIsOutput
        An input lies where the run writes (checked before anything is written).
    OutputBusy
        Another audit holds the output folder.
    UnsupportedFormat
        An input's format cannot be told.
    """
    check_inputs(options.inputs, options.out_dir)
    with locked_output(options.out_dir):
        return _run_locked(options, engine, progress)


def _run_locked(options: AuditOptions, engine, progress: ProgressCallback | None) -> AuditReport:
    started_wall = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    formats = [options.input_format or readers.detect_format(p) for p in options.inputs]
    sizes = [readers.input_size(p, _walk(options)) for p in options.inputs]
    total_bytes = sum(sizes)
    manifest = _manifest(options, formats)
    parts, resumed = _prepare_state(options, manifest)
    done = _done_chunks(parts)
    spec = ScorerSpec(str(options.model_path), options.scorer_factory)
    audit = AuditReport(out_dir=str(options.out_dir))
    counts = {"records": 0, "errors": 0, "bytes": 0}
    sizes_of: dict[int, tuple[int, int]] = {}
    expected: list[int] = []

    def notify() -> None:
        if progress is not None:
            progress(counts["records"], counts["errors"], counts["bytes"], total_bytes)

    def pending_chunks() -> Iterator[tuple[int, list]]:
        for chunk_id, records, bytes_done in _read_chunks(options, formats, sizes):
            expected.append(chunk_id)
            if chunk_id in done:
                audit.chunks_resumed += 1
                counts["records"] += done[chunk_id]
                counts["bytes"] = max(counts["bytes"], bytes_done)
                notify()
                continue
            sizes_of[chunk_id] = (len(records), bytes_done)
            yield chunk_id, records

    for result in engine.map(spec, pending_chunks()):
        n_records, bytes_done = sizes_of.pop(result.chunk_id)
        _write_part(parts, result, n_records)
        counts["records"] += n_records
        counts["errors"] += result.stats["errors"]
        counts["bytes"] = max(counts["bytes"], bytes_done)
        audit.extract_seconds += result.extract_seconds
        audit.score_seconds += result.score_seconds
        notify()

    missing = sorted(set(expected) - set(_done_chunks(parts)))
    if missing:  # cannot happen unless parts were deleted under us
        raise RuntimeError(f"chunks {missing[:10]} were not scored; re-run with --resume")
    audit.chunks = len(expected)
    _assemble(options, parts, expected, audit, resumed, started_wall, engine)
    audit.elapsed_seconds = time.perf_counter() - started
    return audit


def _assemble(
    options: AuditOptions,
    parts: Path,
    chunk_ids: list[int],
    audit: AuditReport,
    resumed: bool,
    started_wall: dt.datetime,
    engine,
) -> None:
    out = Path(options.out_dir)
    stems = [f"{cid:08d}" for cid in chunk_ids]
    stats = report.new_stats()
    versions = set()
    timings = {"extract_seconds": 0.0, "score_seconds": 0.0}
    for stem in stems:  # chunk order, so float sums are the same for every engine
        meta = json.loads((parts / f"{stem}.stats.json").read_text(encoding="utf-8"))
        report.merge_stats(stats, meta["stats"])
        versions.add(meta["model_version"])
        for key in timings:
            timings[key] += meta[key]
    if len(versions) > 1:
        raise ResumeMismatch(f"parts were scored by different model versions {sorted(versions)}; start over")
    audit.model_version = next(iter(versions), None)
    audit.records, audit.scored, audit.errors = stats["records"], stats["scored"], stats["errors"]

    writers.concat_parts(out / "results.jsonl", [parts / f"{s}.results.jsonl" for s in stems])
    if stems:
        writers.concat_parts(
            out / "results.csv", [parts / f"{s}.results.csv" for s in stems], skip_header=True
        )
    else:
        writers.write_csv(out / "results.csv", list(writers.META_COLUMNS), [])
    writers.concat_parts(out / "errors.jsonl", [parts / f"{s}.errors.jsonl" for s in stems])
    run = {
        "model_version": audit.model_version,
        "model_path": str(options.model_path),
        "inputs": [str(Path(p).resolve()) for p in options.inputs],
        "engine": getattr(engine, "name", type(engine).__name__),
        "workers": getattr(engine, "workers", None),
        "started": started_wall.isoformat(timespec="seconds"),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "resumed": resumed,
        "command": options.command,
        "chunks": len(stems),
        # worker time summed over chunks (all runs, if resumed): where the work went
        "worker_seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    summary = report.build_summary(stats, run)
    summary["exit_code"] = audit.exit_code
    writers.write_json(out / "summary.json", summary)
    with writers.atomic_write(out / "report.html") as handle:
        handle.write(report.render_report(summary))
    audit.outputs = {name: str(out / name) for name in OUTPUTS}
