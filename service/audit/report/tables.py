"""The report's HTML tables: groups, worst offenders, counts, with ids written in words."""

from __future__ import annotations

from service import wording
from service.audit.report.markup import _e, _pct
from service.audit.report.stats import _get


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
