"""The report's HTML tables: groups, worst offenders, counts, with ids written in words."""

from __future__ import annotations

from collections.abc import Callable

from service import wording
from service.audit.report.markup import escape, percent_text
from service.audit.report.stats import field


def group_table(rows: list[dict], title: str) -> str:
    """Articles and rates per section or author, with small inline bars."""
    if not rows:
        return f"<h3>{escape(title)}</h3><p class='muted'>No data.</p>"
    body = "".join(
        f"<tr><td>{escape(r['key'])}</td><td class=n>{r['count']}</td>"
        f"<td><span class=bar style='width:{(r['clickbait_rate'] or 0) * 100:.1f}px'></span> "
        f"{percent_text(r['clickbait_rate'])}</td>"
        f"<td><span class='bar s' style='width:{(r['high_sensationalism_rate'] or 0) * 100:.1f}px'></span> "
        f"{percent_text(r['high_sensationalism_rate'])}</td></tr>"
        for r in rows
    )
    return (
        f"<h3>{escape(title)}</h3><table><thead><tr><th>{escape(title.split()[-1].title())}</th><th>Articles</th>"
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
        out.append(escape(headline[pos : t["start"]]))
        out.append(
            f"<mark title='{escape(wording.category_name(t.get('category')))}'>{escape(headline[t['start'] : t['end']])}</mark>"
        )
        pos = t["end"]
    out.append(escape(headline[pos:]))
    return "".join(out)


def worst_table(rows: list[dict]) -> str:
    """The worst offenders with their triggers highlighted in the headline and the suggestions."""
    if not rows:
        return "<p class='muted'>No scored articles.</p>"
    items = []
    for r in rows:
        triggers = field(r, "sensationalism.triggers") or []
        suggestions = field(r, "quality.suggestions") or []
        trig = (
            ", ".join(
                f"{escape(t.get('text'))} <small>({escape(wording.category_name(t.get('category')).lower())})</small>"
                for t in triggers
                if isinstance(t, dict)
            )
            or "–"
        )
        sugg = "".join(f"<li>{escape(s.get('message'))}</li>" for s in suggestions if isinstance(s, dict))
        where = " · ".join(
            escape(v)
            for v in (r.get("url") or r.get("id"), r.get("date"), r.get("section"), r.get("author"))
            if v
        )
        items.append(
            f"<tr><td><div class=h>{_highlight(r.get('headline') or '', triggers)}</div>"
            f"<div class=muted>{where}</div></td>"
            f"<td class=n>{wording.percent(field(r, 'clickbait.probability'))}</td>"
            f"<td class=n>{(field(r, 'sensationalism.score') or 0):.2f}</td>"
            f"<td class=n>{escape(field(r, 'quality.score'))}</td><td>{trig}</td><td><ul>{sugg}</ul></td></tr>"
        )
    return (
        "<table class=worst><thead><tr><th>Headline</th><th>Clickbait</th><th>Sensational</th>"
        "<th>Quality</th><th>Triggers</th><th>Suggestions</th></tr></thead><tbody>"
        + "".join(items)
        + "</tbody></table>"
    )


def count_rows(counts: dict, name: Callable[[str], str], empty: str) -> str:
    """Table rows of (name in words, count), merged when two ids read the same; a sentence when empty."""
    merged: dict[str, int] = {}
    for key, value in counts.items():
        merged[name(key)] = merged.get(name(key), 0) + value
    rows = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))
    return "".join(f"<tr><td>{escape(k)}</td><td class=n>{v:,}</td></tr>" for k, v in rows) or (
        f"<tr><td colspan=2 class=muted>{escape(empty)}</td></tr>"
    )


def resumed_text(value: object) -> str:
    """The run's ``resumed`` flag in words."""
    if value is True:
        return "Yes: this run continued an interrupted one"
    if value is False:
        return "No: one uninterrupted run"
    return "–" if value is None else escape(value)
