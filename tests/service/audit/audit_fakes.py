"""Fakes for audit tests that need no model: the stand-in scorer, slow scorers, an interrupting engine.

The stand-in scorer itself (``FakeScorer``, ``analyze_one``) lives in ``bench/fake_scorer.py``: the
benchmarks run the audit with it too. The real model is exercised by the tests that use the lead's
``tiny_model_dir`` fixture when it is available.
"""

from __future__ import annotations

from bench.fake_scorer import FakeScorer, analyze_one

__all__ = ["FakeScorer", "Interrupting", "SlowBatchScorer", "SlowScorer", "analyze_one", "audit_options"]


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
