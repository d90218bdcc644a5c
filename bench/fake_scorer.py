"""A stand-in scorer with the analysis result shape: the audit pipeline measured or tested without a model.

Deterministic and cheap. ``headline audit --scorer bench.fake_scorer:FakeScorer`` (from the repository
root, as ``bench/bench_audit.py`` and ``bench/audit_kill.py`` run it) exercises reading, workers,
writing and resuming alone; the tests' fakes (``tests/service/audit/audit_fakes.py``) build on it.
"""

from __future__ import annotations

import re

from service.exceptions import InvalidInput

__all__ = ["FakeScorer", "analyze_one"]

WORDS = {
    "shocking": "hyperbole",
    "unbelievable": "hyperbole",
    "best": "superlative",
    "must": "urgency",
    "never": "absolute",
    "you": "clickbait_phrase",
}


def analyze_one(headline, body=None) -> dict:
    if not isinstance(headline, str) or not headline.strip() or len(headline) > 300:
        raise InvalidInput("headline must be 1..300 characters", field="headline")
    triggers = [
        {
            "text": m.group(0),
            "category": WORDS[m.group(0).lower()],
            "start": m.start(),
            "end": m.end(),
            "explanation": "x",
            "advice": "y",
        }
        for m in re.finditer(r"\w+", headline)
        if m.group(0).lower() in WORDS
    ]
    probability = min(
        1.0, 0.1 + 0.2 * len(triggers) + 0.2 * headline.count("!") + (0.3 if "?" in headline else 0)
    )
    sens = min(1.0, 0.25 * len(triggers))
    level = "high" if probability >= 0.7 else "medium" if probability >= 0.4 else "low"
    result = {
        "headline": headline,
        "model_version": "fake-1",
        "clickbait": {
            "probability": round(probability, 4),
            "strength": round(probability / 2, 4),
            "label": "clickbait" if probability >= 0.5 else "not clickbait",
            "threshold": 0.5,
            "level": level,
            "signals": [{"feature": "f", "kind": "word", "text": "t", "value": 1.0, "contribution": 0.1}],
        },
        "sensationalism": {
            "score": round(sens, 4),
            "level": "high" if sens >= 0.5 else "low",
            "hyperbole_probability": 0.1,
            "emotional_intensity": 0.2,
            "triggers": triggers,
        },
        "readability": {"words": len(headline.split()), "characters": len(headline), "acronyms": []},
        "quality": {
            "score": int(100 - 60 * probability),
            "band": "red" if probability >= 0.7 else "green",
            "components": {"clarity": 0.5},
            "suggestions": [
                {
                    "id": "drop-hype",
                    "message": f"Drop {t['text']!r}",
                    "span": [t["start"], t["end"]],
                    "severity": "warning",
                }
                for t in triggers
            ],
        },
    }
    if body:
        words = len(body.split())
        result["body"] = {
            "readability": {
                "flesch_reading_ease": round(100 - words % 70, 2),
                "consensus_grade": float(words % 12),
                "words": words,
            }
        }
    return result


class FakeScorer:
    """``ScorerSpec.factory`` target: a batch call fails as a whole when any item is bad."""

    version = "fake-1"

    def __init__(self, spec):
        self.spec = spec

    def score(self, items):
        return [analyze_one(item["headline"], item.get("body")) for item in items]
