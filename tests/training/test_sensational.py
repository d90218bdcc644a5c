"""The sensationalism head: fitted on editor-judged train rows only, calibrated to the rubric, and shipped."""

from __future__ import annotations

import csv

import numpy as np
import pytest

from service.model.lexicons import vader_valence
from service.model.sensational_head import SensationalismHead
from tests import samples
from training.sensational_fit import fit_sensationalism_head, green_ceiling, head_inputs, load_editor_judged

SENSATIONAL = [
    "Devastating Blaze Exposes Shocking Failures in City Fire Safety",
    "Urgent Alert: New Rules Could Cripple Local Farms and Fishing!",
    "Insurer Unveils Thrilling New Venture in Asia!",
    "SHOCKING: Doctors HATE this one weird trick!!!",
    "Terrifying footage shows the moment the world almost ended",
    "Horrific nightmare as chaos engulfs stunned city",
    "Epic meltdown: star DESTROYS critics in furious rant",
    "Miracle cure stuns doctors in heartbreaking case",
    "Outrage as shocking scandal rocks parliament!",
    "Catastrophic storm unleashes apocalyptic devastation",
]
MILD = [
    "Apple unveils sleek new iPhone",
    "Senators slam budget plan",
    "City welcomes a tourism boom",
    "Ministers seek balance on trade",
    "Big crowds expected for festival",
]


def _write(path, test_rows: list[tuple[str, float]]) -> None:
    rows = [(h, 0.0) for h in samples.NEWS] + [(h, 1.0) for h in MILD] + [(h, 2.5) for h in SENSATIONAL]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "source", "headline", "score_a", "score_b", "score", "split"])
        for i, (h, s) in enumerate(rows):
            writer.writerow([f"s{i}", "fixture", h, s, s, s, "train"])
        for i, (h, s) in enumerate(test_rows):
            writer.writerow([f"t{i}", "fixture", h, s, "", s, "test"])


@pytest.fixture
def editor_dir(tmp_path):
    folder = tmp_path / "sensational" / "editor_judged"
    folder.mkdir(parents=True)
    # Test rows with labels opposite to the train rows: fitting on them would show in the head.
    _write(
        folder / "headlines.csv", [(h, 3.0) for h in samples.NEWS[:5]] + [(h, 0.0) for h in SENSATIONAL[:5]]
    )
    return tmp_path


def _fit(tiny_model, data_dir):
    train = load_editor_judged(data_dir, "train")
    X, cues = head_inputs(
        tiny_model.clickbait.named_steps["features"],
        tiny_model.hyperbole,
        tiny_model.lexicons,
        vader_valence(),
        train.texts,
    )
    return train, fit_sensationalism_head(X, cues, train.scores, n_folds=3)


def test_loader_keeps_the_splits_apart(editor_dir) -> None:
    train = load_editor_judged(editor_dir, "train")
    test = load_editor_judged(editor_dir, "test")
    assert not set(train.texts) & set(test.texts) or len(test) == 10
    assert len(train) == len(samples.NEWS) + len(MILD) + len(SENSATIONAL)
    assert train.double.all() and not test.double.any()


def test_head_is_fitted_on_train_rows_and_calibrated_to_the_rubric(tiny_model, editor_dir) -> None:
    train, head = _fit(tiny_model, editor_dir)
    assert isinstance(head, SensationalismHead)
    assert head.metrics["out_of_fold_train"]["n"] == len(train)  # no test row entered the fit
    assert 0.0 <= head.thresholds["medium"] <= head.thresholds["high"] <= 1.0
    X, cues = head_inputs(
        tiny_model.clickbait.named_steps["features"],
        tiny_model.hyperbole,
        tiny_model.lexicons,
        vader_valence(),
        ["Council approves tram extension", "SHOCKING chaos as horrific nightmare stuns terrified city!!!"],
    )
    neutral, loud = head.score(X, cues)
    assert 0.0 <= neutral < loud <= 1.0
    assert head.level(loud) == "high"


def test_green_budget_outside_0_to_1_is_refused(tiny_model, editor_dir) -> None:
    train = load_editor_judged(editor_dir, "train")
    X, cues = head_inputs(
        tiny_model.clickbait.named_steps["features"],
        tiny_model.hyperbole,
        tiny_model.lexicons,
        vader_valence(),
        train.texts,
    )
    with pytest.raises(ValueError, match="green_miss"):
        fit_sensationalism_head(X, cues, train.scores, green_miss=1.5, n_folds=3)


def test_head_must_have_one_row_per_score(tiny_model, editor_dir) -> None:
    train = load_editor_judged(editor_dir, "train")
    X, cues = head_inputs(tiny_model.clickbait.named_steps["features"], None, {}, {}, train.texts)
    with pytest.raises(ValueError, match="one row per headline"):
        fit_sensationalism_head(X, cues, train.scores[:-1])


def test_scores_outside_the_rubric_are_refused(tmp_path) -> None:
    folder = tmp_path / "sensational" / "editor_judged"
    folder.mkdir(parents=True)
    (folder / "headlines.csv").write_text(
        "id,source,headline,score_a,score_b,score,split\na,x,Some headline,4,,4,train\n", encoding="utf-8"
    )
    from training.data import DataError

    with pytest.raises(DataError, match=r"row 2: score 4\.0 is out of range"):
        load_editor_judged(tmp_path, "train")


def test_head_pickles_without_training_code(tiny_model, editor_dir) -> None:
    import pickle

    _, head = _fit(tiny_model, editor_dir)
    blob = pickle.dumps(head)
    assert b"sensational_fit" not in blob and b"sklearn" not in blob
    assert np.array_equal(pickle.loads(blob).calibration_y, head.calibration_y)


def test_editor_judged_evaluation_reports_the_issue_metrics(tiny_model, editor_dir) -> None:
    from dataclasses import replace

    from training.sensational_eval import evaluate_editor_judged

    _, head = _fit(tiny_model, editor_dir)
    model = replace(tiny_model, sensationalism=head)
    test = load_editor_judged(editor_dir, "test")
    metrics = evaluate_editor_judged(model, test)
    assert metrics["n"] == len(test) == sum(v["n"] for v in metrics["bands"].values())
    assert {
        "roc_auc",
        "spearman",
        "f1_high",
        "neutral_low_share",
        "sensational_green_share",
        "neutral_green_share",
    } <= set(metrics)
    assert sum(metrics["level_counts"].values()) == len(test)
    # The test rows' labels contradict the train rows: a head fitted on train ranks them backwards.
    assert metrics["roc_auc"] < 0.5


def test_green_ceiling_leaves_at_most_the_allowed_share_of_sensational_rows_below_it() -> None:
    rng = np.random.default_rng(0)
    estimate = rng.uniform(0.0, 1.0, 400)
    sensational = estimate + rng.normal(0.0, 0.2, 400) > 0.6
    cut = green_ceiling(estimate, sensational, 0.05)
    below = np.mean(estimate[sensational] < cut)
    assert below <= 0.05
    # and it is the highest such cut: the next sensational estimate up would let more than 5 % through
    higher = np.sort(estimate[sensational])
    assert np.mean(estimate[sensational] < higher[higher > cut][0]) > 0.05
    assert green_ceiling(estimate, np.zeros(400, dtype=bool), 0.05) == 1.0
    assert green_ceiling(estimate, sensational, 0.5) > cut  # a looser budget lifts the ceiling


def test_levels_follow_the_rubric_and_the_green_cut_is_fitted_out_of_fold(tiny_model, editor_dir) -> None:
    _, head = _fit(tiny_model, editor_dir)
    # low = what editors call neutral: an estimate under half a rubric point (unless high is lower still).
    assert head.thresholds["medium"] == pytest.approx(min(0.5 / 3.0, head.thresholds["high"]))
    oof = head.metrics["out_of_fold_train"]
    assert oof["sensational_below_green_cut"] <= head.metrics["green_miss"] == 0.05
    assert head.thresholds["green"] <= head.thresholds["high"]
