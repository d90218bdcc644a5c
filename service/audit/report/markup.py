"""Text into HTML for the report: escaping and percentages, shared by the charts and the tables."""

from __future__ import annotations

import html


def escape(value: object) -> str:
    """Any value as HTML text; ``None`` reads as nothing (never the word "None")."""
    return html.escape("" if value is None else str(value), quote=True)


def percent_text(value: float | None) -> str:
    """A 0..1 rate as a percentage with one decimal; a dash when there is no rate."""
    return "–" if value is None else f"{value * 100:.1f}%"
