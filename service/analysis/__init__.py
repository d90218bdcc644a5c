"""The one scoring core: every score the API, the page, the CLI and the audit show.

Pure: no Flask, no I/O, no globals beyond caches of pure functions. Callers pass a
``LoadedModel`` in. ``analyze_batch`` runs the model once for a whole batch, which
is where the throughput comes from; ``analyze`` is a batch of one.

Every result's shape is stated once, in ``service/analysis/result.py`` (``AnalysisResult``,
``CompareResult``; an item the batch rejects gets ``BatchFailure``, the core's one error shape);
the OpenAPI document is generated from it. Keys may be added, never renamed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from service.analysis.clickbait import feature_matrix, score_clickbait
from service.analysis.input_kind import not_a_headline
from service.analysis.options import MAX_BODY_CHARS, MAX_HEADLINE_CHARS, AnalysisOptions
from service.analysis.quality import model_penalties, quality_score
from service.analysis.readability import batch_readability
from service.analysis.result import AnalysisResult, BatchFailure, CompareResult, RankedCandidate, item_error
from service.analysis.sensationalism import known_words, score_sensationalism
from service.analysis.style import style_findings
from service.analysis.suggestions import build_suggestions
from service.analysis.token_facts import words_of_batch
from service.analysis.validation import validate_body, validate_headline
from service.exceptions import InvalidInput
from service.model.lexicons import vader_valence

__all__ = [
    "AnalysisOptions",
    "MAX_BODY_CHARS",
    "MAX_HEADLINE_CHARS",
    "analyze",
    "analyze_batch",
    "compare",
    "validate_headline",
    "warm_up",
    "MAX_COMPARE",
    "MIN_COMPARE",
]

MIN_COMPARE, MAX_COMPARE = 2, 10  # candidates of one comparison


def analyze_batch(
    model,
    items: Sequence[dict],
    options: AnalysisOptions | None = None,
    *,
    explain: bool | str = True,
    names: Sequence[str] | None = None,
) -> list[AnalysisResult | BatchFailure]:
    """Analyse many headlines with one model call.

    Parameters
    ----------
    model : LoadedModel
    items : sequence of dict
        Each ``{"headline": str, "body": str | None}``.
    options : AnalysisOptions, optional
    explain : bool, default True
        ``False`` skips what only explains a score: the clickbait signals
        (``"signals": []``) and the suggestions drawn from them. Every score, level,
        trigger and the other suggestions are the same either way; bulk callers that
        show no explanation save most of the cost of computing one. ``"flagged"``
        explains only the headlines labelled clickbait, the only ones whose
        suggestions draw on the signals (what an audit report shows).
    names : sequence of str, optional
        What an error calls each item (default ``items[i]``): a caller that passes on only
        some of its items keeps its own numbering (``items[7].headline``, not ``items[5]...``).

    Returns
    -------
    list of dict
        One result per item, in order. An invalid item gets a ``BatchFailure``,
        ``{"error": {"status", "title", "type", "detail", "field"}}``, instead, and the others
        are still scored.
    """
    options = options or AnalysisOptions()
    results: list[Any] = [None] * len(items)
    valid: list[tuple[int, str, str | None]] = []
    for i, item in enumerate(items):
        name = names[i] if names is not None else f"items[{i}]"
        try:
            if not isinstance(item, dict):
                raise InvalidInput("each item must be an object with a headline", field=name)
            headline = validate_headline(item.get("headline"), field=f"{name}.headline")
            body = validate_body(item.get("body"), field=f"{name}.body")
            valid.append((i, headline, body))
        except InvalidInput as exc:
            results[i] = BatchFailure(error=item_error(exc))
    if not valid:
        return results

    headlines = [h for _, h, _ in valid]
    # One vectorisation per headline: the clickbait and sensationalism heads read the same rows.
    X = feature_matrix(model, headlines)
    clickbait = score_clickbait(model, headlines, explain=explain, X=X)
    hyperbole = (
        model.hyperbole.probability(headlines).tolist()  # the runtime form (service.model.runtime)
        if model.hyperbole is not None
        else [None] * len(headlines)
    )
    valence = vader_valence()
    sensationalism = score_sensationalism(model, headlines, X, hyperbole, valence)
    vocabulary = known_words(model)
    syllables = getattr(model, "syllables", None)
    penalties = model_penalties(clickbait, sensationalism)
    words = words_of_batch(headlines, valence, syllables)  # one tokenisation for the surface components
    readabilities = batch_readability(headlines, options, syllables, words)
    for (i, headline, body), cb, sensational, penalty, readability, headline_words in zip(
        valid, clickbait, sensationalism, penalties, readabilities, words, strict=True
    ):
        style = style_findings(headline, options, headline_words)
        notice = not_a_headline(headline, vocabulary, headline_words)
        quality = quality_score(
            headline,
            cb,
            sensational,
            readability,
            style,
            notice=notice,
            valence=valence,
            syllables=syllables,
            penalties=penalty,
            words=headline_words,
        )
        quality["suggestions"] = build_suggestions(
            headline, cb, sensational["triggers"], readability, style, notice=notice
        )
        quality["style"] = style
        result = {
            "headline": headline,
            "model_version": model.version,
            "clickbait": cb,
            "sensationalism": sensational,
            "readability": readability,
            "quality": quality,
        }
        if body is not None:
            from service.analysis.body import analyze_body  # textstat, the stance model: only with a body

            result["body"] = analyze_body(
                headline, body, consistency_model=model.consistency, headline_probability=cb["probability"]
            )
        results[i] = result
    return results


def analyze(
    model,
    headline: str,
    body: str | None = None,
    options: AnalysisOptions | None = None,
    *,
    explain: bool = True,
) -> AnalysisResult:
    """Analyse one headline (and optionally its article body).

    Raises
    ------
    InvalidInput
        Empty, non-string or over-long headline; non-string or over-long body.
    """
    headline = validate_headline(headline)
    body = validate_body(body)
    return cast(
        AnalysisResult,
        analyze_batch(model, [{"headline": headline, "body": body}], options, explain=explain)[0],
    )


WARM_UP_ITEMS = (
    {"headline": "You Won't Believe What This Dog Did Next!", "body": None},
    {
        "headline": "Council approves new tram line after late-night vote",
        "body": "The city council voted on Tuesday to approve a new tram line. Construction starts next spring. "
        "Officials expect twenty thousand passengers a day.",
    },
)


def warm_up(model) -> None:
    """Run every first-use path once, so the first real request is as fast as the rest.

    A server calls this after loading the model (in gunicorn's master, before workers fork, so
    they inherit the result): the compiled phrase patterns, the word lists and word tables of
    the batch routes (16 headlines and more), the stance model stored deferred in the bundle
    and the body's readability code are built here instead of inside someone's first request.
    """
    analyze_batch(model, list(WARM_UP_ITEMS))
    analyze_batch(model, [{"headline": item["headline"]} for item in WARM_UP_ITEMS] * 8)  # batch routes
    analyze_batch(model, [dict(WARM_UP_ITEMS[0])])  # the single-headline path
    load = getattr(getattr(model, "consistency", None), "load", None)
    if callable(load):
        load()


def compare(
    model,
    headlines: Sequence[str],
    body: str | None = None,
    options: AnalysisOptions | None = None,
    *,
    explain: bool = True,
) -> CompareResult:
    """Rank candidate headlines for the same story, best first, with the reason for each rank.

    The order is by quality score, then by lower clickbait probability. Each reason
    names the components where a candidate gains or loses against the best one.

    Raises
    ------
    InvalidInput
        Fewer than 2 or more than 10 candidates, or any invalid candidate.
    """
    if not isinstance(headlines, list | tuple) or not MIN_COMPARE <= len(headlines) <= MAX_COMPARE:
        raise InvalidInput(f"give {MIN_COMPARE} to {MAX_COMPARE} candidate headlines", field="headlines")
    cleaned = [validate_headline(h, field=f"headlines[{i}]") for i, h in enumerate(headlines)]
    body = validate_body(body)
    # Every candidate passed the validator above, so every answer is a result.
    results = cast(
        list[AnalysisResult],
        analyze_batch(model, [{"headline": h, "body": body} for h in cleaned], options, explain=explain),
    )
    order = sorted(
        range(len(results)),
        key=lambda i: (-results[i]["quality"]["score"], results[i]["clickbait"]["probability"], i),
    )
    best = results[order[0]]
    ranking: list[RankedCandidate] = []
    for rank, i in enumerate(order, start=1):
        r = results[i]
        ranking.append(
            {
                "rank": rank,
                "index": i,
                "headline": r["headline"],
                "quality": r["quality"]["score"],
                "band": r["quality"]["band"],
                "clickbait_probability": r["clickbait"]["probability"],
                "sensationalism": r["sensationalism"]["score"],
                "reason": _reason(r, best, rank),
                "result": r,
            }
        )
    return {"model_version": model.version, "ranking": ranking}


def _reason(result: AnalysisResult, best: AnalysisResult, rank: int) -> str:
    components = cast(dict[str, float], result["quality"]["components"])  # every component is a float
    if rank == 1:
        strengths = [f"{name} {value:+.0f}" for name, value in components.items() if value < 0]
        lost = ", ".join(strengths) if strengths else "no deductions"
        return f"Best quality score ({result['quality']['score']}); deductions: {lost}."
    best_components = cast(dict[str, float], best["quality"]["components"])
    diffs = {name: components[name] - best_components.get(name, 0.0) for name in components}
    worse = sorted((d, n) for n, d in diffs.items() if d < -0.5)
    parts = [f"{n} {d:+.0f}" for d, n in worse[:3]]
    gap = best["quality"]["score"] - result["quality"]["score"]
    if not parts:
        return f"Same deductions as the best; ranked lower on clickbait probability ({gap} points behind)."
    return f"{gap} points behind the best, mostly on " + ", ".join(parts) + "."
