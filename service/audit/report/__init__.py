"""The audit's numbers: mergeable per-chunk statistics, summary.json and report.html.

Statistics are built per chunk where the chunk is scored (``new_stats`` /
``add_result`` / ``add_error``), stored beside the chunk's part files and merged
in chunk order at the end (``merge_stats``), so memory stays bounded, a resumed run
counts every record once and every engine gives the same summary. ``render_report``
draws one self-contained HTML page: inline CSS and inline SVG charts, no scripts,
no fonts or files from anywhere else. Charts are drawn at their own pixel size (never
stretched), so their text is the page's size; ids and Python values never reach the
reader: categories, suggestion kinds and yes/no are written in words (``service.wording``).

No click, no Dask, nothing from ``service.analysis`` but the result's type (the fields read from a
results row are checked against it: ``stats``). The modules: ``stats`` (counting
and summary.json), ``charts`` (SVG), ``tables`` (HTML tables), ``page`` (the page and its CSS),
``markup`` (escaping shared by those).
"""

from __future__ import annotations

from service.audit.report.charts import svg_bars, svg_lines
from service.audit.report.page import render_report
from service.audit.report.stats import add_error, add_result, build_summary, merge_stats, new_stats

__all__ = [
    "add_error",
    "add_result",
    "build_summary",
    "merge_stats",
    "new_stats",
    "render_report",
    "svg_bars",
    "svg_lines",
]
