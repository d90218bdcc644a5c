"""Archive audit: score every headline of CSV/JSONL files, HTML folders and WARC archives.

``readers`` turn inputs into ``Record`` streams, ``engines`` score chunks of them
(a local process pool or a Dask cluster), ``runner`` makes the run resumable and
assembles ``results.jsonl``, ``results.csv``, ``errors.jsonl``, ``summary.json``
and ``report.html`` (drawn by ``report``) from atomically written parts. Only
``service/audit/cli.py`` imports click; importing this package imports neither
the model, Dask nor trafilatura.
"""

from service.audit.engines import DaskEngine, LocalEngine, ScorerSpec
from service.audit.readers import ColumnMap, Record, detect_format, read_input
from service.audit.runner import AuditOptions, AuditReport, run_audit

__all__ = [
    "AuditOptions",
    "AuditReport",
    "ColumnMap",
    "DaskEngine",
    "LocalEngine",
    "Record",
    "ScorerSpec",
    "detect_format",
    "read_input",
    "run_audit",
]
