"""A stand-in scorer with the analysis result shape, for tests that need no model.

Deterministic and cheap: the real model is exercised by the tests that use the
lead's ``tiny_model_dir`` fixture when it is available.
"""

from __future__ import annotations

import re

from service.exceptions import InvalidInput

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


class SlowScorer(FakeScorer):
    """A ``FakeScorer`` that leaves a marker file in ``$AUDIT_TEST_MARKERS`` and then takes its time,
    while starting (``SlowScorer``) or on every batch (``SlowBatchScorer``): a window for a Ctrl-C."""

    pause_at = "start"

    def __init__(self, spec):
        super().__init__(spec)
        self._pause("start")

    def _pause(self, moment: str) -> None:
        import os
        import time

        if moment != self.pause_at:
            return
        folder = os.environ.get("AUDIT_TEST_MARKERS")
        if folder:
            with open(os.path.join(folder, f"{moment}-{os.getpid()}"), "w"):
                pass
        time.sleep(5)

    def score(self, items):
        self._pause("score")
        return super().score(items)


class SlowBatchScorer(SlowScorer):
    pause_at = "score"


def audit_options(inputs, out, scorer, chunk_size: int = 7, page_chunk_size: int = 2, **kw):
    """``AuditOptions`` for a test run: small chunks, the session's (model path, scorer factory)."""
    from service.audit import AuditOptions

    model_path, factory = scorer
    return AuditOptions(
        inputs=tuple(str(p) for p in inputs),
        out_dir=str(out),
        model_path=model_path,
        scorer_factory=factory,
        chunk_size=chunk_size,
        page_chunk_size=page_chunk_size,
        **kw,
    )


class Interrupting:
    """An engine that dies (like Ctrl-C) after ``after`` chunks were written."""

    name = "local"
    workers = 1

    def __init__(self, after: int):
        self.after = after

    def map(self, spec, chunks):
        from service.audit import LocalEngine

        for n, result in enumerate(LocalEngine(workers=1).map(spec, chunks)):
            if n == self.after:
                raise KeyboardInterrupt
            yield result
