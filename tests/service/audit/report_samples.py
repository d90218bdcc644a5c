"""Hand-written results rows and summaries for the report tests (no model, no audit run)."""

from __future__ import annotations

from service.audit import report


def row(
    headline: str, probability: float, month: str, *, triggers=(), suggestions=(), body: bool = False
) -> dict:
    """One results row in the shape ``writers.result_row`` gives."""
    result = {
        "headline": headline,
        "id": headline[:8],
        "section": "News",
        "author": None,
        "date": f"{month}-03",
        "clickbait": {
            "probability": probability,
            "label": "clickbait" if probability >= 0.5 else "not clickbait",
            "level": "high" if probability >= 0.7 else "low",
        },
        "sensationalism": {
            "score": 0.3,
            "level": "low",
            "triggers": [
                {"text": headline.split()[0], "category": c, "start": 0, "end": len(headline.split()[0])}
                for c in triggers
            ],
        },
        "quality": {
            "score": 60,
            "band": "amber",
            "suggestions": [
                {"id": s, "message": "Say what happened.", "severity": "low"} for s in suggestions
            ],
        },
    }
    if body:
        result["body"] = {"readability": {"flesch_reading_ease": 55.0, "consensus_grade": 9.0}}
    return result


def summary(rows: list[dict], run: dict | None = None) -> dict:
    """The summary of ``rows`` as the runner builds it."""
    stats = report.new_stats()
    for i, r in enumerate(rows):
        report.add_result(stats, r, [0, i], r["date"][:7])
    return report.build_summary(
        stats,
        {
            "model_version": "1.1.0",
            "inputs": ["export.csv"],
            "engine": "local",
            "workers": 2,
            "resumed": False,
            **(run or {}),
        },
    )


def rich_summary() -> dict:
    """Many months, every chart, triggers and suggestions by id."""
    rows = []
    for m in range(1, 13):
        month = f"2026-{m:02d}"
        rows.append(
            row(
                "You Won't Believe This",
                0.9988,
                month,
                triggers=["clickbait_phrase", "hyperbole"],
                suggestions=["clickbait:word", "trigger:clickbait_phrase", "style:case_style"],
                body=True,
            )
        )
        rows.append(row("Council approves tram line", 0.04, month, suggestions=["length:short"]))
    return summary(rows)
