"""Text into HTML for the report: escaping and percentages, shared by the charts and the tables."""

from __future__ import annotations

import html


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _pct(value) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"
