"""Distillation of the sensationalism teacher: which headlines it may label, how its stored labels are
checked, and that the head's out-of-fold calibration never uses a teacher that saw the held labels."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse

from training.data import DataError
from training.distillation import load_teacher_labels, teacher_rows
from training.hyperbole_fit import hypo_split
from training.sensational_fit import EDITOR_JUDGED, HEAD_FOLDS, PseudoLabeled, fit_sensationalism_head
from training.sensational_teacher import write_labels
from training.unlabeled_pool import text_key, unlabeled_pool

EDITOR_ROWS = [
    ("Council approves new bus lanes", 0.0, "train"),
    ("Shocking scandal rocks the council!", 2.5, "train"),
    ("Rates held at four percent", 0.0, "test"),
]


def _csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _gne_texts() -> tuple[str, str]:
    """One GoodNewsEveryone-like text on each side of the fixed 80/20 hash split."""
    candidates = [f"Floods reach district number {i}" for i in range(200)]
    sides = hypo_split(candidates)
    return (
        next(t for t, s in zip(candidates, sides, strict=True) if s == "train"),
        next(t for t, s in zip(candidates, sides, strict=True) if s == "test"),
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    gne_train, gne_test = _gne_texts()
    _csv(
        tmp_path / "clickbait/chakraborty2016/headlines.csv",
        ["headline", "clickbait", "split"],
        [
            ["You Won't Believe These 10 Cats", 1, "train"],
            ["Minister resigns over expenses", 0, "train"],
            ["minister RESIGNS over expenses!", 0, "train"],  # same normalised text: kept once
            ["Council approves new bus lanes", 0, "train"],  # an editor-judged train text
            ["Stocks close higher on Friday", 0, "train"],  # also in webis17's test part
            ["Rates held at four percent", 0, "train"],  # an editor-judged test text
            ["Ten facts about owls", 1, "test"],
        ],
    )
    _csv(
        tmp_path / "clickbait/webis17/posts.csv",
        ["id", "postText", "truthMean", "split"],
        [
            ["1", "Storm closes schools across region", 0.1, "train"],
            ["2", "Stocks close higher on Friday", 0.0, "test"],
        ],
    )
    _csv(
        tmp_path / "clickbait/downs/titles.csv",
        ["title", "clickbait", "source", "split"],
        [["Storm closes schools across region", 0, "nyt", "eval"]],
    )
    fnc = tmp_path / "articles/fnc1/pairs.jsonl"
    fnc.parent.mkdir(parents=True)
    fnc.write_text(
        "\n".join(
            json.dumps({"headline": h, "split": s})
            for h, s in [
                ("Mayor opens bridge", "train"),
                ("Mayor opens bridge", "train"),
                ("Ten facts about owls", "train"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    _csv(
        tmp_path / "sensational/goodnewseveryone/headlines.csv",
        ["id", "headline"],
        [["g1", gne_train], ["g2", gne_test]],
    )
    _csv(
        tmp_path / EDITOR_JUDGED,
        ["id", "source", "headline", "score_a", "score_b", "score", "split"],
        [[f"e{i}", "fixture", h, s, s, s, split] for i, (h, s, split) in enumerate(EDITOR_ROWS)],
    )
    return tmp_path


def test_the_pool_holds_only_train_texts_never_seen_in_an_evaluation_part_or_labeled(data_dir: Path) -> None:
    gne_train, gne_test = _gne_texts()
    pool = unlabeled_pool(data_dir)
    assert pool.texts == [
        "You Won't Believe These 10 Cats",
        "Minister resigns over expenses",
        "Mayor opens bridge",
        gne_train,
    ]
    assert pool.sources == ["chakraborty2016", "chakraborty2016", "fnc1", "goodnewseveryone"]
    assert pool.keys == [text_key(t) for t in pool.texts]
    assert gne_test not in pool.texts
    assert text_key("MINISTER resigns... over expenses") == pool.keys[1]


def test_a_missing_source_file_is_a_data_error_naming_it(data_dir: Path) -> None:
    (data_dir / "articles/fnc1/pairs.jsonl").unlink()
    with pytest.raises(DataError, match=r"pairs\.jsonl"):
        unlabeled_pool(data_dir)


def _labels(folder: Path, data_dir: Path, keys: list[str], **meta_overrides) -> Path:
    columns = {
        name: np.linspace(0.1, 0.9, len(keys)) + 0.01 * i
        for i, name in enumerate(["all", *(f"fold{k}" for k in range(5))])
    }
    from service.model.bundle_format import sha256_of

    meta = {
        "editor_judged": {"sha256": sha256_of(data_dir / EDITOR_JUDGED), "train_rows": 2},
        "folds": dict(HEAD_FOLDS),
    }
    write_labels(folder, keys, ["fixture"] * len(keys), columns, {**meta, **meta_overrides})
    return folder


def test_stored_labels_round_trip_and_match_the_pool(tmp_path: Path, data_dir: Path) -> None:
    pool = unlabeled_pool(data_dir)
    folder = _labels(tmp_path / "teacher", data_dir, [*pool.keys[::-1], "0123456789abcdef"])
    first = (folder / "labels.csv.gz").read_bytes()
    _labels(tmp_path / "teacher", data_dir, [*pool.keys[::-1], "0123456789abcdef"])
    assert (folder / "labels.csv.gz").read_bytes() == first  # byte-reproducible: no gzip timestamp
    labels = load_teacher_labels(folder)
    rows = teacher_rows(data_dir, labels, n_train=2)
    assert rows.texts == pool.texts
    at = [labels.index[k] for k in pool.keys]
    assert rows.final.tolist() == labels.columns["all"][at].tolist()
    assert [f.tolist() for f in rows.folds] == [labels.columns[f"fold{k}"][at].tolist() for k in range(5)]
    assert rows.summary["rows_used"] == rows.summary["pool_rows"] == len(pool)


def test_altered_labels_are_refused(tmp_path: Path, data_dir: Path) -> None:
    folder = _labels(tmp_path / "teacher", data_dir, unlabeled_pool(data_dir).keys)
    text = gzip.decompress((folder / "labels.csv.gz").read_bytes()).decode().replace("0.1000", "0.9000")
    (folder / "labels.csv.gz").write_bytes(gzip.compress(text.encode()))
    with pytest.raises(DataError, match="SHA-256"):
        load_teacher_labels(folder)


def test_missing_labels_say_how_to_make_them(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"training\.sensational_teacher"):
        load_teacher_labels(tmp_path / "nowhere")


@pytest.mark.parametrize(
    "overrides",
    [
        {"editor_judged": {"sha256": "0" * 64, "train_rows": 2}},
        {"folds": {**HEAD_FOLDS, "random_state": 1}},
    ],
)
def test_labels_made_for_other_data_or_folds_are_refused(
    tmp_path: Path, data_dir: Path, overrides: dict
) -> None:
    folder = _labels(tmp_path / "teacher", data_dir, unlabeled_pool(data_dir).keys, **overrides)
    with pytest.raises(DataError, match="--teacher none"):
        teacher_rows(data_dir, load_teacher_labels(folder), n_train=2)


def test_labels_for_mostly_another_pool_are_refused(tmp_path: Path, data_dir: Path) -> None:
    folder = _labels(tmp_path / "teacher", data_dir, unlabeled_pool(data_dir).keys[:1])
    with pytest.raises(DataError, match="only 1 of 4"):
        teacher_rows(data_dir, load_teacher_labels(folder), n_train=2)


def _design(n: int, seed: int) -> tuple[sparse.csr_matrix, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = sparse.random(n, 30, density=0.2, random_state=seed, format="csr")
    return X, rng.normal(size=(n, 28))


def _pseudo(seed: int, final_shift: float = 0.0, fold_shift: float = 0.0) -> PseudoLabeled:
    X, cues = _design(60, 7)
    base = np.random.default_rng(seed).uniform(0, 1, 60)
    return PseudoLabeled(
        X, cues, final=np.clip(base + final_shift, 0, 1), folds=[np.clip(base + fold_shift, 0, 1)] * 5
    )


def _head(pseudo: PseudoLabeled | None, n_folds: int = 5):
    X, cues = _design(80, 3)
    scores = np.clip(np.asarray(X[:, :5].sum(axis=1)).ravel() * 2, 0, 3)
    return fit_sensationalism_head(X, cues, scores, n_folds=n_folds, pseudo=pseudo)


def test_only_the_final_fit_reads_the_final_teacher_and_only_the_folds_read_the_fold_teachers() -> None:
    plain, taught = _head(None), _head(_pseudo(0))
    assert not np.allclose(plain.text_coef, taught.text_coef)  # the teacher's rows are fitted
    moved_final = _head(_pseudo(0, final_shift=0.3))
    assert not np.allclose(moved_final.text_coef, taught.text_coef)
    assert np.array_equal(
        moved_final.calibration_x, taught.calibration_x
    )  # out of fold: never the final teacher
    moved_folds = _head(_pseudo(0, fold_shift=0.3))
    assert np.array_equal(moved_folds.text_coef, taught.text_coef)  # the final ridge: never a fold teacher
    assert not np.array_equal(moved_folds.calibration_x, taught.calibration_x)


def test_teacher_labels_need_the_folds_they_were_made_for() -> None:
    with pytest.raises(ValueError, match="folds"):
        _head(_pseudo(0), n_folds=3)


@pytest.mark.parametrize(
    ("args", "expected"), [([], "shipped"), (["--teacher", "none"], None), (["--teacher", "x"], "x")]
)
def test_headline_train_hands_the_teacher_folder_on(
    tmp_path: Path, monkeypatch, args: list[str], expected
) -> None:
    """Without --teacher the shipped labels are used (a first version dropped them when the option was absent)."""
    from click.testing import CliRunner

    import training.train
    from service.cli import main
    from training.distillation import DEFAULT_TEACHER

    seen = []

    def stop(config):
        seen.append(config.teacher)
        raise DataError(tmp_path, "stopped by the test")

    monkeypatch.setattr(training.train, "train_bundle", stop)
    result = CliRunner().invoke(main, ["train", "--data-dir", str(tmp_path), "--out", str(tmp_path), *args])
    assert result.exit_code != 0 and "stopped by the test" in result.output
    assert seen == [{"shipped": DEFAULT_TEACHER, None: None, "x": Path("x")}[expected]]


def test_stale_teacher_labels_stop_training_before_any_fit(
    tmp_path: Path, data_dir: Path, monkeypatch
) -> None:
    """The shipped labels belong to the shared editor-judged file, not this fixture's: train says so at once."""
    from click.testing import CliRunner

    import training.train
    from service.cli import main

    def no_fit(*args, **kwargs):
        raise AssertionError("the clickbait pipeline was fitted before the teacher labels were checked")

    monkeypatch.setattr(training.train, "build_pipeline", no_fit)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["train", "--data-dir", str(data_dir), "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "made from another version" in result.output and "--teacher none" in result.output
    assert not out.exists() or not any(out.iterdir())
