"""The whole report.html: one self-contained page with inline CSS and inline SVG, no scripts."""

from __future__ import annotations

from service import wording
from service.audit.report.charts import svg_bars, svg_lines
from service.audit.report.markup import escape, percent_text
from service.audit.report.stats import FLESCH_LABELS
from service.audit.report.tables import count_rows, group_table, resumed_text, worst_table

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


def render_report(summary: dict) -> str:
    """The whole report.html as one string: self-contained, no external resources."""
    totals, rates, run = summary["totals"], summary["rates"], summary["run"]
    hist, edges = summary["histograms"], summary["histogram_edges"]

    def labels(name: str) -> list[str]:
        e = edges[name]
        return [str(x) for x in e] if isinstance(e[0], str) else [f"{e[i]:g}" for i in range(len(e) - 1)]

    months = summary["by_month"]
    cards = "".join(
        f"<div class=card>{escape(name)}<b>{value}</b></div>"
        for name, value in [
            ("Records", totals["records"]),
            ("Scored", totals["scored"]),
            ("Errors", totals["errors"]),
            ("With body", totals["with_body"]),
            ("Clickbait rate", percent_text(rates["clickbait"])),
            ("High sensationalism", percent_text(rates["high_sensationalism"])),
            ("Red quality", percent_text(rates["red_quality"])),
            ("Error rate", percent_text(totals["error_rate"])),
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
    errors = count_rows(summary["error_reasons"], str, "Every record was scored.")
    triggers = count_rows(summary["trigger_categories"], wording.category_name, "No triggers found.")
    suggestions = count_rows(summary["suggestions"], wording.suggestion_name, "No suggestions made.")
    inputs = "".join(f"<li><code>{escape(i)}</code></li>" for i in run.get("inputs", []))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Headline audit report</title><style>{CSS}</style></head>
<body><main>
<h1>Headline audit report</h1>
<p class=muted>Model {escape(run.get("model_version") or "–")} · finished {escape(run.get("finished") or "–")} ·
{totals["records"]} records</p>
<h2>Totals and rates</h2><div class=cards>{cards}</div>
<h2>Score distributions</h2><div class=grid>{charts}</div>
<h2>Over time</h2>{time_chart}
<h2>By section and author</h2><div class=grid>
<div>{group_table(summary["by_section"][:20], "By section")}</div>
<div>{group_table(summary["by_author"][:20], "By author")}</div></div>
<h2>Readability of bodies</h2><div class=grid>{body_charts}</div>
<h2>Worst offenders</h2>{worst_table(summary["worst_offenders"])}
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
<tr><th>Model</th><td>{escape(run.get("model_version"))}
<span class=muted>{escape(run.get("model_path"))}</span></td></tr>
<tr><th>Inputs</th><td><ul>{inputs}</ul></td></tr>
<tr><th>Engine</th><td>{escape(run.get("engine") or "–")}, {escape(run.get("workers") or "–")} workers</td></tr>
<tr><th>Started</th><td>{escape(run.get("started"))}</td></tr>
<tr><th>Finished</th><td>{escape(run.get("finished"))}</td></tr>
<tr><th>Resumed</th><td>{resumed_text(run.get("resumed"))}</td></tr>
<tr><th>Command</th><td><code>{escape(run.get("command"))}</code></td></tr>
</tbody></table>
</main></body></html>
"""
