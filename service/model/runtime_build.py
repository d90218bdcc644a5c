"""Compiling fitted pipelines into their runtime form (``service.model.runtime``), and the bundle's
``runtime`` entry.

``headline train`` compiles when it saves a bundle (``with_runtime``); the loader compiles at load
time only for a bundle saved without the entry, or with another ``RUNTIME_FORMAT`` (an older
bundle), paying the scikit-learn import then. The fitted objects are read by their attributes, so
this module does not import scikit-learn itself: whoever hands it a pipeline has already done so.

Imports: the standard library, numpy and ``service.model``.
"""

from __future__ import annotations

from typing import Any

from service.model.bundle_format import Deferred
from service.model.heads import ClickbaitLinear
from service.model.runtime import ClickbaitRuntime, CueBlock, HyperboleRuntime, RuntimeUnion, Scaling
from service.model.tfidf import TfidfBlock

__all__ = [
    "RUNTIME_FORMAT",
    "compile_clickbait",
    "compile_hyperbole",
    "compile_union",
    "runtime_of",
    "with_runtime",
]

# Bumped whenever the runtime classes change what they store: a bundle whose entry has another
# format is compiled again from its pipelines at load time.
RUNTIME_FORMAT = 1


def _active_steps(step: Any) -> list[Any]:
    """The estimators of a ``Pipeline`` (skipping passthrough), or the step itself."""
    if hasattr(step, "steps"):
        return [s for _, s in step.steps if s is not None and s != "passthrough"]
    return [step]


def _scaling(step: Any) -> Scaling:
    if not hasattr(step, "mean_") or not hasattr(step, "with_mean"):
        raise ValueError(f"cannot compile {type(step).__name__}: a fitted StandardScaler is expected")
    return (step.mean_ if step.with_mean else None, step.scale_ if step.with_std else None)


def _block(step: Any) -> Any:
    if hasattr(step, "vocabulary_"):
        return TfidfBlock.from_vectorizer(step)
    first, *rest = _active_steps(step)
    if not hasattr(first, "extractor"):
        raise ValueError(f"cannot compile {type(first).__name__}: a HeadlineCues or TF-IDF block is expected")
    return CueBlock(first.extractor(), [_scaling(s) for s in rest])


def compile_union(union: Any) -> RuntimeUnion:
    """A fitted ``SequentialUnion``/``FeatureUnion`` of ``HeadlineCues`` -> scalers and TF-IDF blocks."""
    weights = getattr(union, "transformer_weights", None) or {}
    return RuntimeUnion(
        [
            (name, _block(step), weights.get(name))
            for name, step in union.transformer_list
            if step is not None and not isinstance(step, str)  # "drop" / "passthrough" are no block
        ]
    )


def compile_clickbait(pipeline: Any) -> ClickbaitRuntime:
    """The runtime form of a fitted clickbait pipeline (``features`` union, ``clf`` ClickbaitHead)."""
    steps = pipeline.named_steps
    return ClickbaitRuntime(compile_union(steps["features"]), ClickbaitLinear.from_head(steps["clf"]))


def compile_hyperbole(pipeline: Any) -> HyperboleRuntime:
    """The runtime form of a fitted ``HyperboleCues -> scalers -> LogisticRegression`` pipeline."""
    cues, *scalers, clf = _active_steps(pipeline)
    if not hasattr(cues, "features"):
        raise ValueError(f"cannot compile {type(cues).__name__}: HyperboleCues is expected first")
    coef = getattr(clf, "coef_", None)
    if coef is None or coef.shape[0] != 1 or not hasattr(clf, "intercept_"):
        raise ValueError(f"cannot compile {type(clf).__name__}: a binary logistic regression is expected")
    return HyperboleRuntime(cues.features(), [_scaling(s) for s in scalers], coef[0], clf.intercept_[0])


def _loaded(value: Any) -> Any:
    return value.load() if isinstance(value, Deferred) else value


def with_runtime(bundle: dict) -> dict:
    """``bundle`` plus its ``runtime`` entry, compiled from its clickbait and hyperbole pipelines."""
    hyperbole = _loaded(bundle.get("hyperbole"))
    return {
        **bundle,
        "runtime": {
            "format": RUNTIME_FORMAT,
            "clickbait": compile_clickbait(_loaded(bundle["clickbait"])),
            "hyperbole": compile_hyperbole(hyperbole) if hyperbole is not None else None,
        },
    }


def runtime_of(bundle: dict) -> dict:
    """The bundle's ``runtime`` entry when it has the current format, else compiled from its pipelines."""
    runtime = bundle.get("runtime")
    if isinstance(runtime, dict) and runtime.get("format") == RUNTIME_FORMAT:
        return runtime
    return with_runtime(bundle)["runtime"]
