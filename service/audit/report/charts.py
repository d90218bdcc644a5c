"""Inline SVG charts for the report, drawn at their own pixel size (never stretched)."""

from __future__ import annotations

import math

from service.audit.report.markup import escape

CHAR_PX = 7.2  # mean advance of a 12 px system-ui character, to lay out legend entries


def _svg_open(width: int, height: int, title: str) -> str:
    """An SVG drawn at its own size: ``width``/``height`` attributes, scaled down only if it must."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<text x="12" y="20" class="t">{escape(title)}</text>'
    )


def svg_bars(
    labels: list[str],
    values: list[float],
    *,
    title: str,
    color: str = "#3b6ea8",
    width: int = 560,
    height: int = 200,
) -> str:
    """A vertical bar chart as inline SVG."""
    n = max(len(values), 1)
    top = max(values, default=0) or 1
    left, bottom, plot_h = 44, 30, height - 64
    bar_w = (width - left - 12) / n
    parts = [
        _svg_open(width, height, title),
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" class="ax"/>',
        f'<text x="{left - 4}" y="{height - bottom - plot_h + 4}" class="y">{top:g}</text>',
    ]
    step = max(1, math.ceil(n / 10))
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        h = plot_h * value / top
        x = left + i * bar_w
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{height - bottom - h:.1f}" width="{max(bar_w - 2, 1):.1f}" '
            f'height="{h:.1f}" fill="{color}"><title>{escape(label)}: {value:g}</title></rect>'
        )
        if i % step == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 14}" class="x">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def svg_lines(
    labels: list[str],
    series: dict[str, list[float | None]],
    *,
    title: str,
    width: int = 1120,
    height: int = 260,
) -> str:
    """A line chart of rates (0..1) over ``labels`` as inline SVG, with a legend above the plot."""
    colors = ["#c0392b", "#8e44ad", "#16a085"]
    left, bottom, plot_h = 44, 34, height - 94
    n = len(labels)

    def x_of(i: int) -> float:
        return left + (width - left - 48) * (i / (n - 1) if n > 1 else 0.5)

    parts = [
        _svg_open(width, height, title),
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" class="ax"/>',
        f'<text x="{left - 4}" y="{height - bottom - plot_h + 4}" class="y">100%</text>',
        f'<text x="{left - 4}" y="{height - bottom + 4}" class="y">0%</text>',
    ]
    legend_x = left
    for k, (name, values) in enumerate(series.items()):
        color = colors[k % len(colors)]
        points = [
            f"{x_of(i):.1f},{height - bottom - plot_h * v:.1f}" for i, v in enumerate(values) if v is not None
        ]
        if len(points) > 1:
            parts.append(
                f'<polyline fill="none" stroke="{color}" stroke-width="2" points="{" ".join(points)}"/>'
            )
        for point in points:
            x, y = point.split(",")
            parts.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{color}"/>')
        parts.append(
            f'<rect x="{legend_x}" y="34" width="12" height="12" fill="{color}" class="swatch"/>'
            f'<text x="{legend_x + 18}" y="45" class="legend">{escape(name)}</text>'
        )
        legend_x += 18 + math.ceil(len(name) * CHAR_PX) + 28
    step = max(1, math.ceil(n / 12))
    for i, label in enumerate(labels):
        if i % step == 0:
            parts.append(
                f'<text x="{x_of(i):.1f}" y="{height - bottom + 20}" class="x">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
