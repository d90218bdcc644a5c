"""The private Prometheus multiprocess folder of one gunicorn master: made once, removed at its exit.

gunicorn runs ``gunicorn.conf.py`` again on every SIGHUP, and module state there starts afresh each
time: the folder made by the first run was never removed by the last run's ``on_exit`` (it saw the
variable already set and thought the folder was the operator's), and a server that failed to load
its model never reached ``on_exit`` at all. So the folder is made here, in an imported module that
survives those re-runs, and removed by an ``atexit`` hook in the process that made it; forked workers
inherit the hook and must not run it. A folder the operator names in ``PROMETHEUS_MULTIPROC_DIR`` is
never removed.

Imports: stdlib only. It runs before prometheus-client is first imported, which reads the variable.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

__all__ = ["ensure_metrics_dir"]

ENV = "PROMETHEUS_MULTIPROC_DIR"


def ensure_metrics_dir() -> str:
    """``PROMETHEUS_MULTIPROC_DIR``: the operator's, or a private folder made once for this process."""
    given = os.environ.get(ENV)
    if given:
        return given
    path = tempfile.mkdtemp(prefix="headline-metrics-")
    os.environ[ENV] = path
    atexit.register(_remove, path, os.getpid())
    return path


def _remove(path: str, owner: int) -> None:
    if os.getpid() == owner:  # a forked worker inherits this hook; only the master removes
        shutil.rmtree(path, ignore_errors=True)
