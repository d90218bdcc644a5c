"""Speed work changes no output: the core's results on a fixed sample equal the recorded ones.

The recording is ``tests/fixtures/guard_outputs.json.gz``. When a model or scoring change elsewhere
changes the outputs on purpose, re-record with ``.venv/bin/python -m tests.guard`` (see ``tests/guard.py``).
"""

from __future__ import annotations

import copy

import pytest

from service.analysis import analyze
from service.model import load_model
from tests import guard

RERECORD = "if the change is intended, re-record with `.venv/bin/python -m tests.guard`"


@pytest.fixture(scope="module")
def shipped():
    return load_model(None)  # the shipped model, by the one search order


@pytest.fixture(scope="module")
def recorded() -> dict:
    return guard.load_recorded()


def test_recorded_sample_is_the_fixed_sample(recorded) -> None:
    assert len(guard.guard_headlines()) >= 200
    assert len(recorded["outputs"]["batch"]) == len(guard.guard_headlines())


def test_core_outputs_equal_the_recording(shipped, recorded) -> None:
    """analyze_batch (with and without bodies, with options, bad items) and compare, as recorded."""
    diffs = guard.differences(recorded["outputs"], guard.run_sample(shipped))
    assert not diffs, (
        f"model {shipped.version} (recorded with {recorded['model_version']}); {RERECORD}:\n"
        + "\n".join(diffs)
    )


def test_single_headline_path_equals_the_recorded_batch(shipped, recorded) -> None:
    """``analyze`` of one headline (the single fast path) gives the batch's result for it."""
    headlines = guard.guard_headlines()
    for i in range(0, len(headlines), 3):
        diffs = guard.differences(recorded["outputs"]["batch"][i], analyze(shipped, headlines[i]))
        assert not diffs, f"{headlines[i]!r}: {RERECORD}:\n" + "\n".join(diffs)


def test_the_comparison_catches_a_changed_score(recorded) -> None:
    """The guard is not vacuous: a change beyond one unit of the 4th decimal, a new key or a
    changed word is reported; a rounding flip of one unit is not."""
    outputs = recorded["outputs"]
    changed = copy.deepcopy(outputs)
    changed["batch"][3]["clickbait"]["probability"] += 2e-4
    assert guard.differences(outputs, changed) == [
        f"$.batch[3].clickbait.probability: "
        f"{outputs['batch'][3]['clickbait']['probability']!r} != "
        f"{changed['batch'][3]['clickbait']['probability']!r}"
    ]
    flip = copy.deepcopy(outputs)
    flip["batch"][3]["clickbait"]["probability"] += 1e-4
    assert guard.differences(outputs, flip) == []
    extra = copy.deepcopy(outputs)
    extra["batch"][0]["clickbait"]["new"] = 1
    assert guard.differences(outputs, extra)
    word = copy.deepcopy(outputs)
    word["batch"][0]["sensationalism"]["triggers"][0]["text"] = "other"
    assert guard.differences(outputs, word)
    count = copy.deepcopy(outputs)
    count["batch"][0]["quality"]["score"] += 1
    assert guard.differences(outputs, count)


def test_without_explanations_only_the_explanations_are_missing(shipped, recorded) -> None:
    """``explain=False`` gives the recorded result minus the clickbait signals and the suggestions
    drawn from them; every score, level, trigger and other suggestion is unchanged."""
    from service.analysis import analyze_batch

    headlines = guard.guard_headlines()
    results = analyze_batch(shipped, [{"headline": h} for h in headlines], explain=False)
    for expected, result in zip(recorded["outputs"]["batch"], results, strict=True):
        expected = copy.deepcopy(expected)
        expected["clickbait"]["signals"] = []
        expected["quality"]["suggestions"] = [
            s for s in expected["quality"]["suggestions"] if not s["id"].startswith("clickbait:")
        ]
        diffs = guard.differences(expected, result)
        assert not diffs, "\n".join(diffs)
    assert any(
        s["id"].startswith("clickbait:")
        for r in recorded["outputs"]["batch"]
        for s in r["quality"]["suggestions"]
    )


def test_flagged_explains_exactly_the_clickbait_rows(shipped, recorded) -> None:
    """``explain="flagged"`` (the audit's) gives the recorded result for every headline labelled
    clickbait and the same suggestions for every headline; only unflagged rows lack signals."""
    from service.analysis import analyze_batch

    results = analyze_batch(shipped, [{"headline": h} for h in guard.guard_headlines()], explain="flagged")
    flagged = 0
    for expected, result in zip(recorded["outputs"]["batch"], results, strict=True):
        if expected["clickbait"]["label"] == "clickbait":
            flagged += 1
        else:
            expected = copy.deepcopy(expected)
            expected["clickbait"]["signals"] = []
        diffs = guard.differences(expected, result)
        assert not diffs, "\n".join(diffs)
    assert 0 < flagged < len(results)


def test_flagged_single_headline_path(shipped, recorded) -> None:
    """One item at a time (the audit's retry path) follows the same rule without a sparse matrix."""
    from service.analysis import analyze_batch

    batch = recorded["outputs"]["batch"]
    bait = next(i for i, r in enumerate(batch) if r["clickbait"]["label"] == "clickbait")
    news = next(i for i, r in enumerate(batch) if r["clickbait"]["label"] != "clickbait")
    headlines = guard.guard_headlines()
    assert not guard.differences(
        batch[bait], analyze_batch(shipped, [{"headline": headlines[bait]}], explain="flagged")[0]
    )
    result = analyze_batch(shipped, [{"headline": headlines[news]}], explain="flagged")[0]
    assert (
        result["clickbait"]["signals"] == []
        and result["clickbait"]["probability"] == batch[news]["clickbait"]["probability"]
    )
