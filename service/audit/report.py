"""The audit's numbers: mergeable per-chunk statistics, summary.json and report.html.

Statistics are built per chunk where the chunk is scored (``new_stats`` /
``add_result`` / ``add_error``), stored beside the chunk's part files and merged
in chunk order at the end (``merge_stats``), so memory stays bounded, a resumed run
counts every record once and every engine gives the same summary. ``render_report``
draws one self-contained HTML page: inline CSS and inline SVG charts, no scripts,
no fonts or files from anywhere else. Charts are drawn at their own pixel size (never
stretched), so their text is the page's size; ids and Python values never reach the
reader: categories, suggestion kinds and yes/no are written in words (``service.wording``).

No click, no Dask, nothing from ``service.analysis`` here.
"""

from __future__ import annotations

import html
import math

from service import wording

__all__ = ["add_error", "add_result", "build_summary", "merge_stats", "new_stats", "render_report"]

WORST_KEPT = 25
GROUPS_IN_SUMMARY = 200
BINS = 20
FLESCH_EDGES = [-math.inf, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, math.inf]
FLESCH_LABELS = [
    "<0",
    "0–10",
    "10–20",
    "20–30",
    "30–40",
    "40–50",
    "50–60",
    "60–70",
    "70–80",
    "80–90",
    "90–100",
    ">100",
]
GRADE_EDGES = [-math.inf, *range(1, 19), math.inf]


def new_stats() -> dict:
    """Empty statistics for one chunk (plain JSON types only)."""
    return {
        "records": 0,
        "scored": 0,
        "errors": 0,
        "bodies": 0,
        "error_reasons": {},
        "hist": {
            "clickbait_probability": [0] * BINS,
            "sensationalism_score": [0] * BINS,
            "quality_score": [0] * BINS,
            "body_flesch_reading_ease": [0] * (len(FLESCH_EDGES) - 1),
            "body_grade": [0] * (len(GRADE_EDGES) - 1),
        },
        "levels": {
            "clickbait_label": {},
            "clickbait_level": {},
            "sensationalism_level": {},
            "quality_band": {},
        },
        "sums": {
            "clickbait_probability": 0.0,
            "sensationalism_score": 0.0,
            "quality_score": 0.0,
            "body_flesch_reading_ease": 0.0,
        },
        "groups": {"month": {}, "section": {}, "author": {}},
        "triggers": {},
        "suggestions": {},
        "worst": [],
    }


def _get(row: dict, *paths: str):
    for path in paths:
        value: object = row
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if value is not None:
            return value
    return None


def _bin(value: float, low: float, high: float, bins: int) -> int:
    position = int((value - low) / (high - low) * bins)
    return min(max(position, 0), bins - 1)


def _edge_bin(value: float, edges: list[float]) -> int:
    for i in range(len(edges) - 1):
        if value < edges[i + 1]:
            return i
    return len(edges) - 2


def _count(counter: dict, key, by: int = 1) -> None:
    if key is not None:
        counter[str(key)] = counter.get(str(key), 0) + by


def add_result(stats: dict, row: dict, order: list[int], month: str | None) -> None:
    """Count one scored results row; ``order`` (chunk, index) breaks ties among the worst."""
    stats["records"] += 1
    stats["scored"] += 1
    probability = float(_get(row, "clickbait.probability") or 0.0)
    sensational = float(_get(row, "sensationalism.score") or 0.0)
    quality = _get(row, "quality.score")
    hist, sums = stats["hist"], stats["sums"]
    hist["clickbait_probability"][_bin(probability, 0, 1, BINS)] += 1
    hist["sensationalism_score"][_bin(sensational, 0, 1, BINS)] += 1
    sums["clickbait_probability"] += probability
    sums["sensationalism_score"] += sensational
    if quality is not None:
        hist["quality_score"][_bin(float(quality), 0, 100.0001, BINS)] += 1
        sums["quality_score"] += float(quality)
    label = _get(row, "clickbait.label")
    levels = stats["levels"]
    _count(levels["clickbait_label"], label)
    _count(levels["clickbait_level"], _get(row, "clickbait.level"))
    _count(levels["sensationalism_level"], _get(row, "sensationalism.level"))
    _count(levels["quality_band"], _get(row, "quality.band"))
    if isinstance(row.get("body"), dict):
        stats["bodies"] += 1
        flesch = _get(row, "body.readability.flesch_reading_ease", "body.flesch_reading_ease")
        if isinstance(flesch, (int, float)):
            hist["body_flesch_reading_ease"][_edge_bin(float(flesch), FLESCH_EDGES)] += 1
            sums["body_flesch_reading_ease"] += float(flesch)
        grade = _get(
            row, "body.readability.consensus_grade", "body.readability.grade", "body.consensus_grade"
        )
        if isinstance(grade, (int, float)):
            hist["body_grade"][_edge_bin(float(grade), GRADE_EDGES)] += 1
    is_clickbait = int(label == "clickbait")
    is_sensational = int(_get(row, "sensationalism.level") == "high")
    for group, key in (("month", month), ("section", row.get("section")), ("author", row.get("author"))):
        cell = stats["groups"][group].setdefault(key or "(none)", [0, 0, 0, 0.0, 0.0])
        cell[0] += 1
        cell[1] += is_clickbait
        cell[2] += is_sensational
        cell[3] += probability
        cell[4] += sensational
    for trigger in _get(row, "sensationalism.triggers") or []:
        _count(stats["triggers"], trigger.get("category") if isinstance(trigger, dict) else None)
    for suggestion in _get(row, "quality.suggestions") or []:
        _count(stats["suggestions"], suggestion.get("id") if isinstance(suggestion, dict) else None)
    badness = round(probability + sensational, 9)
    worst = stats["worst"]
    worst.append([badness, list(order), row])
    if len(worst) > 2 * WORST_KEPT:
        _trim_worst(stats)


def _trim_worst(stats: dict) -> None:
    stats["worst"].sort(key=lambda item: (-item[0], item[1]))
    del stats["worst"][WORST_KEPT:]


def add_error(stats: dict, reason: str) -> None:
    """Count one record that could not be scored, by the kind of reason."""
    stats["records"] += 1
    stats["errors"] += 1
    _count(stats["error_reasons"], reason.split(":", 1)[0][:80])


def _merge(into, other):
    if isinstance(into, dict):
        for key, value in other.items():
            into[key] = _merge(into[key], value) if key in into else value
        return into
    if isinstance(into, list) and into and not isinstance(into[0], list):
        return [a + b for a, b in zip(into, other, strict=True)]
    return into + other


def merge_stats(into: dict, other: dict) -> dict:
    """Add ``other`` into ``into`` and return it (merge in chunk order for identical floats)."""
    worst = into.pop("worst") + other["worst"]
    rest = {k: v for k, v in other.items() if k != "worst"}
    _merge(into, rest)
    into["worst"] = worst
    _trim_worst(into)
    return into


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole else None


def _groups(cells: dict, limit: int | None) -> list[dict]:
    rows = [
        {
            "key": key,
            "count": c[0],
            "clickbait_rate": _rate(c[1], c[0]),
            "high_sensationalism_rate": _rate(c[2], c[0]),
            "mean_clickbait_probability": round(c[3] / c[0], 6) if c[0] else None,
            "mean_sensationalism_score": round(c[4] / c[0], 6) if c[0] else None,
        }
        for key, c in cells.items()
    ]
    rows.sort(key=lambda r: (-r["count"], r["key"]))
    return rows[:limit] if limit else rows


def build_summary(stats: dict, run: dict) -> dict:
    """summary.json: totals, rates, means, distributions, groups, worst offenders and the run."""
    scored, records = stats["scored"], stats["records"]
    sums = stats["sums"]
    months = sorted(_groups(stats["groups"]["month"], None), key=lambda r: r["key"])
    return {
        "run": run,
        "totals": {
            "records": records,
            "scored": scored,
            "errors": stats["errors"],
            "with_body": stats["bodies"],
            "error_rate": _rate(stats["errors"], records),
        },
        "rates": {
            "clickbait": _rate(stats["levels"]["clickbait_label"].get("clickbait", 0), scored),
            "high_sensationalism": _rate(stats["levels"]["sensationalism_level"].get("high", 0), scored),
            "red_quality": _rate(stats["levels"]["quality_band"].get("red", 0), scored),
        },
        "means": {
            k: (
                round(v / (stats["bodies"] if k.startswith("body") else scored), 6)
                if (stats["bodies"] if k.startswith("body") else scored)
                else None
            )
            for k, v in sums.items()
        },
        "levels": stats["levels"],
        "histograms": stats["hist"],
        "histogram_edges": {
            "clickbait_probability": [i / BINS for i in range(BINS + 1)],
            "sensationalism_score": [i / BINS for i in range(BINS + 1)],
            "quality_score": [i * 100 / BINS for i in range(BINS + 1)],
            "body_flesch_reading_ease": FLESCH_LABELS,
            "body_grade": [f"<{e}" for e in range(1, 19)] + [">=18"],
        },
        "by_month": months,
        "by_section": _groups(stats["groups"]["section"], GROUPS_IN_SUMMARY),
        "by_author": _groups(stats["groups"]["author"], GROUPS_IN_SUMMARY),
        "trigger_categories": dict(sorted(stats["triggers"].items(), key=lambda kv: (-kv[1], kv[0]))),
        "suggestions": dict(sorted(stats["suggestions"].items(), key=lambda kv: (-kv[1], kv[0]))),
        "error_reasons": dict(sorted(stats["error_reasons"].items(), key=lambda kv: (-kv[1], kv[0]))),
        "worst_offenders": [row for _badness, _order, row in stats["worst"]],
    }


# ---------------------------------------------------------------- rendering


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _pct(value) -> str:
    return "–" if value is None else f"{value * 100:.1f}%"


CHAR_PX = 7.2  # mean advance of a 12 px system-ui character, to lay out legend entries


def _svg_open(width: int, height: int, title: str) -> str:
    """An SVG drawn at its own size: ``width``/``height`` attributes, scaled down only if it must."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}"><title>{_e(title)}</title>'
        f'<text x="12" y="20" class="t">{_e(title)}</text>'
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
            f'height="{h:.1f}" fill="{color}"><title>{_e(label)}: {value:g}</title></rect>'
        )
        if i % step == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 14}" class="x">{_e(label)}</text>'
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
            f'<text x="{legend_x + 18}" y="45" class="legend">{_e(name)}</text>'
        )
        legend_x += 18 + math.ceil(len(name) * CHAR_PX) + 28
    step = max(1, math.ceil(n / 12))
    for i, label in enumerate(labels):
        if i % step == 0:
            parts.append(f'<text x="{x_of(i):.1f}" y="{height - bottom + 20}" class="x">{_e(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _group_table(rows: list[dict], title: str) -> str:
    if not rows:
        return f"<h3>{_e(title)}</h3><p class='muted'>No data.</p>"
    body = "".join(
        f"<tr><td>{_e(r['key'])}</td><td class=n>{r['count']}</td>"
        f"<td><span class=bar style='width:{(r['clickbait_rate'] or 0) * 100:.1f}px'></span> "
        f"{_pct(r['clickbait_rate'])}</td>"
        f"<td><span class='bar s' style='width:{(r['high_sensationalism_rate'] or 0) * 100:.1f}px'></span> "
        f"{_pct(r['high_sensationalism_rate'])}</td></tr>"
        for r in rows
    )
    return (
        f"<h3>{_e(title)}</h3><table><thead><tr><th>{_e(title.split()[-1].title())}</th><th>Articles</th>"
        f"<th>Clickbait rate</th><th>High sensationalism</th></tr></thead><tbody>{body}</tbody></table>"
    )


def _highlight(headline: str, triggers: list) -> str:
    spans = sorted(
        (
            t
            for t in triggers
            if isinstance(t, dict) and isinstance(t.get("start"), int) and isinstance(t.get("end"), int)
        ),
        key=lambda t: t["start"],
    )
    out, pos = [], 0
    for t in spans:
        if t["start"] < pos or t["end"] > len(headline):
            continue
        out.append(_e(headline[pos : t["start"]]))
        out.append(
            f"<mark title='{_e(wording.category_name(t.get('category')))}'>{_e(headline[t['start'] : t['end']])}</mark>"
        )
        pos = t["end"]
    out.append(_e(headline[pos:]))
    return "".join(out)


def _worst_table(rows: list[dict]) -> str:
    if not rows:
        return "<p class='muted'>No scored articles.</p>"
    items = []
    for r in rows:
        triggers = _get(r, "sensationalism.triggers") or []
        suggestions = _get(r, "quality.suggestions") or []
        trig = (
            ", ".join(
                f"{_e(t.get('text'))} <small>({_e(wording.category_name(t.get('category')).lower())})</small>"
                for t in triggers
                if isinstance(t, dict)
            )
            or "–"
        )
        sugg = "".join(f"<li>{_e(s.get('message'))}</li>" for s in suggestions if isinstance(s, dict))
        where = " · ".join(
            _e(v) for v in (r.get("url") or r.get("id"), r.get("date"), r.get("section"), r.get("author")) if v
        )
        items.append(
            f"<tr><td><div class=h>{_highlight(r.get('headline') or '', triggers)}</div>"
            f"<div class=muted>{where}</div></td>"
            f"<td class=n>{wording.percent(_get(r, 'clickbait.probability'))}</td>"
            f"<td class=n>{(_get(r, 'sensationalism.score') or 0):.2f}</td>"
            f"<td class=n>{_e(_get(r, 'quality.score'))}</td><td>{trig}</td><td><ul>{sugg}</ul></td></tr>"
        )
    return (
        "<table class=worst><thead><tr><th>Headline</th><th>Clickbait</th><th>Sensational</th>"
        "<th>Quality</th><th>Triggers</th><th>Suggestions</th></tr></thead><tbody>"
        + "".join(items)
        + "</tbody></table>"
    )


CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;
color:#1d2330;background:#f6f7f9}
main{max-width:1180px;margin:auto;padding:24px}
h1{margin:.2em 0}
h2{margin-top:1.8em;border-bottom:1px solid #dde}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#fff;border:1px solid #dde;border-radius:8px;padding:12px 16px;min-width:140px}
.card b{display:block;font-size:22px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px;align-items:start}
.chart{background:#fff;border:1px solid #dde;border-radius:8px;max-width:100%;height:auto;display:block}
.chart text{font-family:inherit}
.chart .t{font-weight:600;font-size:14px;fill:#1d2330}
.chart .x{font-size:12px;text-anchor:middle;fill:#555}
.chart .y{font-size:12px;text-anchor:end;fill:#555}
.chart .legend{font-size:12px;text-anchor:start;fill:#333}
.chart .ax{stroke:#999}
table{border-collapse:collapse;background:#fff;width:100%;margin:.5em 0}
th,td{border:1px solid #e3e5ea;padding:4px 8px;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap}
.bar{display:inline-block;height:9px;background:#c0392b;vertical-align:middle}
.bar.s{background:#8e44ad}
mark{background:#ffe08a}
.muted{color:#667;font-size:12px}
.worst .h{font-weight:600}
ul{margin:0;padding-left:18px}
"""


def _count_rows(counts: dict, name, empty: str) -> str:
    """Table rows of (name in words, count), merged when two ids read the same; a sentence when empty."""
    merged: dict[str, int] = {}
    for key, value in counts.items():
        merged[name(key)] = merged.get(name(key), 0) + value
    rows = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))
    return "".join(f"<tr><td>{_e(k)}</td><td class=n>{v:,}</td></tr>" for k, v in rows) or (
        f"<tr><td colspan=2 class=muted>{_e(empty)}</td></tr>"
    )


def _resumed(value: object) -> str:
    if value is True:
        return "Yes: this run continued an interrupted one"
    if value is False:
        return "No: one uninterrupted run"
    return "–" if value is None else _e(value)


def render_report(summary: dict) -> str:
    """The whole report.html as one string: self-contained, no external resources."""
    totals, rates, run = summary["totals"], summary["rates"], summary["run"]
    hist, edges = summary["histograms"], summary["histogram_edges"]

    def labels(name: str) -> list[str]:
        e = edges[name]
        return [str(x) for x in e] if isinstance(e[0], str) else [f"{e[i]:g}" for i in range(len(e) - 1)]

    months = summary["by_month"]
    cards = "".join(
        f"<div class=card>{_e(name)}<b>{value}</b></div>"
        for name, value in [
            ("Records", totals["records"]),
            ("Scored", totals["scored"]),
            ("Errors", totals["errors"]),
            ("With body", totals["with_body"]),
            ("Clickbait rate", _pct(rates["clickbait"])),
            ("High sensationalism", _pct(rates["high_sensationalism"])),
            ("Red quality", _pct(rates["red_quality"])),
            ("Error rate", _pct(totals["error_rate"])),
        ]
    )
    charts = "".join(
        [
            svg_bars(
                labels("clickbait_probability"),
                hist["clickbait_probability"],
                title="Clickbait probability (articles per bin)",
            ),
            svg_bars(
                labels("sensationalism_score"),
                hist["sensationalism_score"],
                title="Sensationalism score (articles per bin)",
                color="#8e44ad",
            ),
            svg_bars(
                labels("quality_score"),
                hist["quality_score"],
                title="Quality score (articles per bin)",
                color="#16a085",
            ),
        ]
    )
    time_chart = (
        svg_lines(
            [m["key"] for m in months],
            {
                "clickbait rate": [m["clickbait_rate"] for m in months],
                "high sensationalism rate": [m["high_sensationalism_rate"] for m in months],
            },
            title="Clickbait and sensationalism rate by month",
        )
        if months
        else "<p class='muted'>No dates.</p>"
    )
    if totals["with_body"]:
        body_charts = svg_bars(
            FLESCH_LABELS,
            hist["body_flesch_reading_ease"],
            title="Body readability: Flesch reading ease",
            color="#d35400",
        ) + (
            svg_bars(
                labels("body_grade"),
                hist["body_grade"],
                title="Body readability: grade level",
                color="#d35400",
            )
            if any(hist["body_grade"])
            else ""
        )
    else:
        body_charts = "<p class='muted'>No article bodies in the input.</p>"
    errors = _count_rows(summary["error_reasons"], str, "Every record was scored.")
    triggers = _count_rows(summary["trigger_categories"], wording.category_name, "No triggers found.")
    suggestions = _count_rows(summary["suggestions"], wording.suggestion_name, "No suggestions made.")
    inputs = "".join(f"<li><code>{_e(i)}</code></li>" for i in run.get("inputs", []))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Headline audit report</title><style>{CSS}</style></head>
<body><main>
<h1>Headline audit report</h1>
<p class=muted>Model {_e(run.get("model_version") or "–")} · finished {_e(run.get("finished") or "–")} ·
{totals["records"]} records</p>
<h2>Totals and rates</h2><div class=cards>{cards}</div>
<h2>Score distributions</h2><div class=grid>{charts}</div>
<h2>Over time</h2>{time_chart}
<h2>By section and author</h2><div class=grid>
<div>{_group_table(summary["by_section"][:20], "By section")}</div>
<div>{_group_table(summary["by_author"][:20], "By author")}</div></div>
<h2>Readability of bodies</h2><div class=grid>{body_charts}</div>
<h2>Worst offenders</h2>{_worst_table(summary["worst_offenders"])}
<h2>Triggers and suggestions</h2><div class=grid>
<table><thead><tr><th>Trigger category</th>
<th>Count</th></tr></thead><tbody>{triggers}</tbody></table>
<table><thead><tr><th>Suggestion</th>
<th>Count</th></tr></thead><tbody>{suggestions}</tbody></table></div>
<h2>Records that could not be scored</h2>
<table><thead><tr><th>Reason</th><th>Count</th></tr></thead><tbody>{errors}</tbody></table>
<p class=muted>One line per record in <code>errors.jsonl</code>, with its source and location.</p>
<h2>How this run was made</h2>
<table><tbody>
<tr><th>Model</th><td>{_e(run.get("model_version"))}
<span class=muted>{_e(run.get("model_path"))}</span></td></tr>
<tr><th>Inputs</th><td><ul>{inputs}</ul></td></tr>
<tr><th>Engine</th><td>{_e(run.get("engine") or "–")}, {_e(run.get("workers") or "–")} workers</td></tr>
<tr><th>Started</th><td>{_e(run.get("started"))}</td></tr>
<tr><th>Finished</th><td>{_e(run.get("finished"))}</td></tr>
<tr><th>Resumed</th><td>{_resumed(run.get("resumed"))}</td></tr>
<tr><th>Command</th><td><code>{_e(run.get("command"))}</code></td></tr>
</tbody></table>
</main></body></html>
"""
