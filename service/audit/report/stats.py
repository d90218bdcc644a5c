"""The audit's numbers: mergeable per-chunk statistics and summary.json.

Statistics are built per chunk where the chunk is scored (``new_stats`` /
``add_result`` / ``add_error``), stored beside the chunk's part files and merged
in chunk order at the end (``merge_stats``), so memory stays bounded, a resumed run
counts every record once and every engine gives the same summary.

Every dotted path ``field`` reads from a results row is checked against the typed result
(``service.analysis.result``) on its first use: a key renamed there fails here, loudly.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from service.analysis.result_paths import result_path

# The keys of a trigger and a suggestion the report counts by, checked against the typed result here.
TRIGGER_CATEGORY = result_path("sensationalism.triggers.category").rsplit(".", 1)[1]
SUGGESTION_ID = result_path("quality.suggestions.id").rsplit(".", 1)[1]

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


@functools.cache
def _parts(path: str) -> tuple[str, ...]:
    return tuple(result_path(path).split("."))


def field(row: dict, path: str) -> Any:
    """The value at a dotted ``path`` of a results row, or ``None`` where the row has none.

    ``path`` must be a path of the typed result (``KeyError`` otherwise, on its first use), so the
    report cannot read a key the result no longer has. Typed ``Any``: a results row is parsed JSON,
    and each caller knows the shape its path holds."""
    value: Any = row
    for part in _parts(path):
        value = value.get(part) if isinstance(value, dict) else None
    return value


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
    probability = float(field(row, "clickbait.probability") or 0.0)
    sensational = float(field(row, "sensationalism.score") or 0.0)
    quality = field(row, "quality.score")
    hist, sums = stats["hist"], stats["sums"]
    hist["clickbait_probability"][_bin(probability, 0, 1, BINS)] += 1
    hist["sensationalism_score"][_bin(sensational, 0, 1, BINS)] += 1
    sums["clickbait_probability"] += probability
    sums["sensationalism_score"] += sensational
    if quality is not None:
        hist["quality_score"][_bin(float(quality), 0, 100.0001, BINS)] += 1
        sums["quality_score"] += float(quality)
    label = field(row, "clickbait.label")
    levels = stats["levels"]
    _count(levels["clickbait_label"], label)
    _count(levels["clickbait_level"], field(row, "clickbait.level"))
    _count(levels["sensationalism_level"], field(row, "sensationalism.level"))
    _count(levels["quality_band"], field(row, "quality.band"))
    if isinstance(field(row, "body"), dict):
        stats["bodies"] += 1
        flesch = field(row, "body.readability.flesch_reading_ease")
        if isinstance(flesch, (int, float)):
            hist["body_flesch_reading_ease"][_edge_bin(float(flesch), FLESCH_EDGES)] += 1
            sums["body_flesch_reading_ease"] += float(flesch)
        grade = field(row, "body.readability.consensus_grade")
        if isinstance(grade, (int, float)):
            hist["body_grade"][_edge_bin(float(grade), GRADE_EDGES)] += 1
    is_clickbait = int(label == "clickbait")
    is_sensational = int(field(row, "sensationalism.level") == "high")
    for group, key in (("month", month), ("section", row.get("section")), ("author", row.get("author"))):
        cell = stats["groups"][group].setdefault(key or "(none)", [0, 0, 0, 0.0, 0.0])
        cell[0] += 1
        cell[1] += is_clickbait
        cell[2] += is_sensational
        cell[3] += probability
        cell[4] += sensational
    for trigger in field(row, "sensationalism.triggers") or []:
        _count(stats["triggers"], trigger.get(TRIGGER_CATEGORY) if isinstance(trigger, dict) else None)
    for suggestion in field(row, "quality.suggestions") or []:
        _count(stats["suggestions"], suggestion.get(SUGGESTION_ID) if isinstance(suggestion, dict) else None)
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
