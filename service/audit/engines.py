"""Engines: where chunks of records are extracted and scored.

``score_chunk`` is the one unit of work: HTML extraction, scoring, output rows and
statistics for one chunk. The engines only decide where it runs:

- ``LocalEngine``: this process (``workers=1``) or a pool of processes;
- ``DaskEngine``: the workers of a Dask distributed cluster (or a local one).

Workers load the model themselves, by path, once per process (``ScorerSpec`` is
all a task carries), and at most a bounded number of chunks is in flight, so
memory stays bounded whatever the input size. Both engines run the same
function on the same chunks, so their results are identical.

Dask is imported only by ``DaskEngine``. No click here.
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib
import logging
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from service.analysis.result import AnalysisResult, BatchFailure, ItemError, item_error
from service.audit import readers, report, writers
from service.audit.extract import extract_article
from service.audit.interrupts import spawn_ignoring_sigint
from service.exceptions import HeadlineError

if TYPE_CHECKING:  # Dask is optional (extra "dask") and imported only when a Dask run starts
    from distributed import Client, LocalCluster

__all__ = ["ChunkResult", "DaskEngine", "LocalEngine", "ModelScorer", "ScorerSpec", "score_chunk"]

logger = logging.getLogger(__name__)

SCORE_BATCH = 256


@dataclass(frozen=True)
class ScorerSpec:
    """What a worker needs to build its scorer: small, picklable, hashable.

    ``factory`` is ``"module:function"`` taking the spec and returning an object with
    ``version`` and ``score(items)``, answering like ``service.analysis.analyze_batch`` (a result,
    or a ``BatchFailure`` for an item it rejects); the default loads the model at ``model_path``
    and scores with ``analyze_batch``.
    """

    model_path: str
    factory: str = "service.audit.engines:ModelScorer"


class ModelScorer:
    """Scores items with ``service.analysis.analyze_batch`` and the model at ``spec.model_path``."""

    def __init__(self, spec: ScorerSpec):
        from service.model import load_model

        self.model = load_model(spec.model_path)
        self.version = str(self.model.version)

    def score(self, items: list[dict]) -> list[AnalysisResult | BatchFailure]:
        from service.analysis import analyze_batch

        # The report shows suggestions, never signals: explain only the rows whose suggestions use them.
        return analyze_batch(self.model, items, explain="flagged")


_SCORERS: dict[ScorerSpec, object] = {}


def get_scorer(spec: ScorerSpec):
    """The scorer for ``spec`` in this process, built on first use."""
    scorer = _SCORERS.get(spec)
    if scorer is None:
        module_name, _, attribute = spec.factory.partition(":")
        scorer = getattr(importlib.import_module(module_name), attribute)(spec)
        _SCORERS[spec] = scorer
        from service.model import freeze_after_load

        freeze_after_load()  # kept for the whole run: out of the garbage collector's sweeps
    return scorer


@dataclass
class ChunkResult:
    """Everything one chunk produced, ready to be written as its part files."""

    chunk_id: int
    results_jsonl: str
    results_csv: str
    errors_jsonl: str
    stats: dict
    model_version: str
    extract_seconds: float = 0.0
    score_seconds: float = 0.0
    meta: dict = field(default_factory=dict)


def _score_items(scorer, items: list[dict]) -> list[AnalysisResult | BatchFailure]:
    """Score in batches; a failing batch is retried item by item so one bad item costs only itself.

    An item whose scorer raises is answered in the core's one error shape, like an item the
    core rejects, so the rest of the chunk reads one shape."""
    out: list[AnalysisResult | BatchFailure] = []
    for start in range(0, len(items), SCORE_BATCH):
        batch = items[start : start + SCORE_BATCH]
        try:
            results = scorer.score(batch)
            if len(results) != len(batch):
                raise RuntimeError(f"scorer returned {len(results)} results for {len(batch)} items")
            out.extend(results)
            continue
        except Exception:
            logger.debug("batch failed, scoring item by item", exc_info=True)
        for item in batch:
            try:
                out.append(scorer.score([item])[0])
            except Exception as exc:
                out.append(_failure(exc))
    return out


def _failure(exc: Exception) -> BatchFailure:
    """A scorer that raised for one item, in the core's error shape."""
    if isinstance(exc, HeadlineError):
        return {"error": item_error(exc)}
    detail = str(exc) or type(exc).__name__
    return {
        "error": {
            "status": 500,
            "title": "Scorer failed",
            "type": "about:blank",
            "detail": detail,
            "field": None,
        }
    }


def _reason(error: ItemError) -> str:
    """An errors.jsonl reason: the one translation of the core's error shape for the audit."""
    return f"not scorable: {error['detail']}"[:500]


def score_chunk(spec: ScorerSpec, chunk_id: int, records: list[readers.Record]) -> ChunkResult:
    """Extract (HTML), score and format one chunk of records; never raises for a bad record."""
    scorer = get_scorer(spec)
    started = time.perf_counter()
    records = [extract_article(r) for r in records]
    extracted = time.perf_counter()
    good = [r for r in records if r.error is None]
    scored = _score_items(scorer, [{"headline": r.headline, "body": r.body} for r in good])
    done = time.perf_counter()
    by_identity = dict(zip((id(r) for r in good), scored, strict=True))

    stats = report.new_stats()
    results, flat, errors = [], [], []
    for index, record in enumerate(records):
        outcome = by_identity[id(record)] if record.error is None else None
        if outcome is None or "error" in outcome:
            reason = _reason(outcome["error"]) if outcome is not None else record.error
            row = writers.error_row(record, reason)
            errors.append(writers.dumps(row))
            report.add_error(stats, row["error"])
            continue
        row = writers.result_row(record, outcome)
        results.append(writers.dumps(row))
        flat.append(writers.csv_row(row))
        report.add_result(stats, row, [chunk_id, index], readers.month_of(record.date))
    return ChunkResult(
        chunk_id=chunk_id,
        results_jsonl="".join(line + "\n" for line in results),
        results_csv=writers.csv_text(list(writers.CSV_COLUMNS), flat),
        errors_jsonl="".join(line + "\n" for line in errors),
        stats=stats,
        model_version=scorer.version,
        extract_seconds=extracted - started,
        score_seconds=done - extracted,
    )


def _init_worker(spec: ScorerSpec) -> None:
    # Spawned ignoring SIGINT (service.audit.interrupts); say so again for other start methods.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    get_scorer(spec)


class LocalEngine:
    """Run chunks in this process (``workers=1``) or in a pool of ``workers`` processes."""

    name = "local"

    def __init__(self, workers: int | None = None, max_in_flight: int | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.max_in_flight = max_in_flight or 2 * self.workers
        self._pool: cf.ProcessPoolExecutor | None = None

    def map(self, spec: ScorerSpec, chunks: Iterable[tuple[int, list]]) -> Iterator[ChunkResult]:
        """Score ``(chunk_id, records)`` pairs; yield results as they finish (any order)."""
        if self.workers == 1:
            for chunk_id, records in chunks:
                yield score_chunk(spec, chunk_id, records)
            return
        pool = self._pool = cf.ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(spec,),
        )
        try:
            yield from _bounded(_submitter(pool, spec), chunks, self.max_in_flight, _wait_local)
        except BaseException:  # Ctrl-C, SIGTERM, a failure: stop the workers now
            self.close(stop=True)
            raise
        finally:
            self.close()

    def close(self, stop: bool = False) -> None:
        """Shut the pool down: let running chunks finish, or with ``stop`` end the workers at once
        (an interrupted run keeps only chunks already written; ``--resume`` redoes the rest)."""
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if not stop:
            pool.shutdown(wait=True, cancel_futures=True)
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(10)


def _wait_local(pending: set):
    done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
    return done


def _bounded(
    submit: Callable, chunks: Iterable[tuple[int, list]], limit: int, wait: Callable
) -> Iterator[ChunkResult]:
    pending: set = set()
    for chunk_id, records in chunks:
        pending.add(submit(chunk_id, records))
        while len(pending) >= limit:
            done = wait(pending)
            pending -= done
            for future in done:
                yield future.result()
    while pending:
        done = wait(pending)
        pending -= done
        for future in done:
            yield future.result()


def _submitter(pool: cf.ProcessPoolExecutor, spec: ScorerSpec) -> Callable:
    """``submit(chunk_id, records)`` for ``_bounded``: one chunk into ``pool``."""

    def submit(chunk_id: int, records: list) -> cf.Future:
        with spawn_ignoring_sigint():  # the pool spawns its workers (and threads) inside submit
            return pool.submit(score_chunk, spec, chunk_id, records)

    return submit


class DaskEngine:
    """Run chunks on a Dask distributed cluster at ``scheduler``, or on a new local cluster.

    The model path must be readable on every worker (shared storage or the same
    path on each machine): workers load it themselves.
    """

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        max_in_flight: int | None = None,
        processes: bool = True,
    ):
        self.scheduler = scheduler
        self.workers = workers or os.cpu_count() or 1
        self.max_in_flight = max_in_flight
        self.processes = processes
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None

    def _connect(self):
        from distributed import Client, LocalCluster

        if self.scheduler:
            client = self._client = Client(self.scheduler)
        else:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=self.processes,
                dashboard_address=":0",
                # A failure inside a task reaches the audit as the future's exception (an error record);
                # distributed's own log lines only add noise, above all when an interrupted run closes the
                # scheduler while a worker's heartbeat is in flight ("Failed to communicate with scheduler").
                silence_logs=logging.CRITICAL,
            )
            client = self._client = Client(self._cluster)
        n = len(client.scheduler_info().get("workers", {})) or self.workers
        self.workers = n
        return client

    def map(self, spec: ScorerSpec, chunks: Iterable[tuple[int, list]]) -> Iterator[ChunkResult]:
        """Score ``(chunk_id, records)`` pairs on the cluster; yield results as they finish."""
        from distributed import wait as dask_wait

        def submit(chunk_id, records):
            return client.submit(
                score_chunk,
                spec,
                chunk_id,
                records,
                pure=False,
                key=f"headline-audit-chunk-{chunk_id}-{os.getpid()}-{time.time_ns()}",
            )

        def wait(pending):
            return set(dask_wait(list(pending), return_when="FIRST_COMPLETED").done)

        try:
            with spawn_ignoring_sigint():  # the cluster spawns its processes and threads now
                client = self._connect()
            limit = self.max_in_flight or 2 * max(self.workers, 1)
            yield from _bounded(submit, chunks, limit, wait)
        finally:
            self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
