"""The model in models/: verified, complete, right on the issue's examples, and true to its card."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from service.analysis import analyze
from service.model import load_model
from service.model_path import resolve_model_card

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="module")
def shipped():
    return load_model(resolve_model_card(environ={}))


def test_card_matches_the_file_and_says_how_it_was_made(shipped) -> None:
    card = shipped.card
    assert hashlib.sha256(shipped.path.read_bytes()).hexdigest() == card["artifact_sha256"]
    assert card["command"].startswith("headline train")
    assert card["components"] == {
        "clickbait": True,
        "hyperbole": True,
        "consistency": True,
        "sensationalism": True,
    }
    assert set(card["sensationalism"]["thresholds"]) == {"medium", "high", "green"}
    assert card["sensationalism"]["training_rows"] > 10_000
    assert set(card["training_rows"]) == {"chakraborty2016", "webis17"}
    assert all(len(f["sha256"]) == 64 and f["rows"] > 0 for f in card["training_files"].values())
    assert shipped.path.stat().st_size <= 10 * 1024 * 1024


def test_issue_examples_come_out_right(shipped) -> None:
    bait = analyze(
        shipped,
        "Uncover the Caribbean's Best-Kept Secret: The Island Everyone is Talking About for Its Safety!",
    )
    news = analyze(shipped, "Peru's Strategic Shift: Aligning with the U.S. to Counter China's Influence")
    assert bait["clickbait"]["label"] == "clickbait"
    assert bait["sensationalism"]["level"] in ("medium", "high")
    assert {"Best-Kept Secret", "Everyone is Talking About", "!"} <= {
        t["text"] for t in bait["sensationalism"]["triggers"]
    }
    assert news["clickbait"]["label"] == "not clickbait"
    assert news["sensationalism"]["level"] == "low"
    # Issue 11 (1.2.0): the green band is capped where editors often call such wording sensational
    # (the card's fitted green ceiling). This analytic framing ("Strategic Shift", "Counter") sits just
    # above it, so it is amber for that stated reason, never red; plainly informative headlines stay green.
    assert news["quality"]["band"] in ("green", "amber")
    if news["quality"]["band"] == "amber":
        assert news["quality"]["caps"], "an amber band on a low-sensationalism headline must say why"
    assert bait["quality"]["band"] == "red"
    for plain in (
        "Council approves new tram line for the city centre",
        "Fed raises interest rates by a quarter point",
        "Apple reports record quarterly revenue of $124 billion",
    ):
        assert analyze(shipped, plain)["quality"]["band"] == "green", plain


@pytest.mark.parametrize(
    "headline",
    [
        "Insurer Launches Thrilling New Venture in North America!",
        "Urgent Warning: New Tariffs Could Jeopardize Island Trade and Tourism!",
        "Heartbreaking Tragedy Exposes Critical Failures in City Road Safety",
    ],
)
def test_issue_11_sensational_headlines_are_not_green_and_not_low(shipped, headline: str) -> None:
    result = analyze(shipped, headline)
    assert result["sensationalism"]["level"] != "low"
    assert result["quality"]["band"] != "green"
    assert result["sensationalism"]["triggers"], "the words that drove it must be named"


def test_issue_11_stock_phrase_junk_and_neutral(shipped) -> None:
    listicle = analyze(shipped, "17 Things Only 90s Kids Will Remember")
    assert ("Only 90s Kids Will Remember", "clickbait_phrase") in {
        (t["text"], t["category"]) for t in listicle["sensationalism"]["triggers"]
    }
    for junk in ("!!!!!!!!", "🔥🔥🔥", "<script>alert(1)</script>"):
        assert analyze(shipped, junk)["quality"]["band"] != "green", junk
    grave = analyze(shipped, "Earthquake kills 12 in Peru")
    assert grave["sensationalism"]["level"] == "low" and grave["quality"]["band"] == "green"
    assert grave["sensationalism"]["triggers"] == []  # a neutral report of a disaster is not loaded
    neutral = analyze(shipped, "Council approves tram extension")
    assert neutral["sensationalism"]["score"] < 0.1 and neutral["sensationalism"]["level"] == "low"
    assert neutral["quality"]["components"]["sensationalism"] > -2.5


@pytest.mark.slow
def test_card_sensationalism_metrics_are_what_the_model_scores(shipped) -> None:
    """Eval gate for issue 11: the editor-judged test split reproduces the card's sensationalism numbers."""
    if not (DATA / "sensational" / "editor_judged").is_dir():
        pytest.skip(f"editor-judged evaluation needs {DATA}/sensational/editor_judged; not present here")
    from training.sensational_eval import sensationalism_report

    measured = _flat(sensationalism_report(shipped, DATA))
    claimed = _flat(shipped.card["sensationalism"]["test"])
    assert set(measured) == set(claimed)
    for key, value in claimed.items():
        assert measured[key] == (pytest.approx(value, abs=1e-9) if isinstance(value, float) else value), key


def _flat(tree: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


@pytest.mark.slow
def test_card_metrics_are_what_the_model_scores_on_the_test_sets(shipped) -> None:
    """Eval gate: re-scoring the fixed evaluation sets reproduces every metric the card claims."""
    if not DATA.is_dir():
        pytest.skip(f"full-data evaluation needs {DATA} (the shared datasets); not present here")
    from training.evaluate import evaluate_set
    from training.train import evaluation_sets

    for data in evaluation_sets(DATA):
        measured = evaluate_set(shipped.clickbait, data, shipped.threshold)
        claimed = shipped.card["metrics"][data.name]
        for metric in ("n", "accuracy", "precision", "recall", "f1", "roc_auc", "brier", "mse"):
            assert measured[metric] == pytest.approx(claimed[metric], abs=1e-9), (data.name, metric)
    json.dumps(shipped.card)


def test_the_installed_libraries_reproduce_the_recorded_scores(shipped) -> None:
    """The proof behind the loader's version policy (same scikit-learn minor as the card, see README).

    tests/model_reference.json was scored under the card's exact versions; re-scored with the locked
    ones, every estimator output must agree to the precision the service reports (4 decimals).
    """
    from tests.model_reference import REFERENCE, score

    recorded = json.loads(REFERENCE.read_text(encoding="utf-8"))
    assert recorded["artifact_sha256"] == shipped.card["artifact_sha256"], (
        f"models/ changed since {REFERENCE.name} was recorded: run .venv/bin/python -m tests.model_reference"
    )
    rescored = score(shipped)
    assert [r["headline"] for r in rescored] == [r["headline"] for r in recorded["rows"]]
    for old, new in zip(recorded["rows"], rescored, strict=True):
        assert set(old) == set(new), old["headline"]
        for field, value in old.items():
            if isinstance(value, float):
                assert new[field] == pytest.approx(value, abs=1.5e-4), (old["headline"], field)
