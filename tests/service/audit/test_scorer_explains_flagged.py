"""The audit pays for explanations only on the rows whose shown suggestions use them."""

from __future__ import annotations

from service.audit.engines import ModelScorer, ScorerSpec


def test_audit_scorer_explains_only_clickbait_rows(tiny_model_dir) -> None:
    scorer = ModelScorer(ScorerSpec(model_path=str(tiny_model_dir)))
    results = scorer.score(
        [
            {"headline": "You Won't Believe What This Dog Did Next", "body": None},
            {"headline": "Central bank raises interest rates by a quarter point", "body": None},
        ]
    )
    bait, news = results
    assert bait["clickbait"]["label"] == "clickbait" and bait["clickbait"]["signals"]
    assert news["clickbait"]["label"] == "not clickbait" and news["clickbait"]["signals"] == []
