"""Training round trip on a fixture file, through the real command, and its bad-input cases."""

from __future__ import annotations

import json
import stat

import pytest
from click.testing import CliRunner

from service.cli import main
from service.model import load_model
from tests import samples


@pytest.fixture
def fixture_csv(tmp_path):
    path = tmp_path / "labelled.csv"
    rows = ["headline,clickbait"]
    rows += [f'"{h}",1' for h in samples.CLICKBAIT] + [f'"{h}",0' for h in samples.NEWS]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_train_save_reload_and_score(tmp_path, fixture_csv) -> None:
    out = tmp_path / "models"
    result = run(
        "train",
        "--file",
        str(fixture_csv),
        "--out",
        str(out),
        "--version",
        "0.1.0",
        "--param",
        "min_df=1",
        "--data-dir",
        str(tmp_path / "no-data"),
        "--report-dir",
        str(tmp_path / "r"),
    )
    assert result.exit_code == 0, result.output
    card = json.loads((out / "headline-0.1.0.json").read_text())
    assert card["training_rows"] == {"labelled": 40}
    assert card["training_files"][str(fixture_csv)]["rows"] == 40
    assert card["libraries"]["scikit-learn"]
    model = load_model(out)
    proba = model.clickbait.predict_proba(
        ["You Won't Believe What This Cat Did", "Senate passes budget bill"]
    )[:, 1]
    assert proba[0] > proba[1]


def test_train_and_eval_write_files_readable_as_open_would_make_them(tmp_path, fixture_csv, umask) -> None:
    """A model and its reports are shared (a server reads them): 0666 less the umask, not mkstemp's 0600."""
    umask(0o022)
    out, reports = tmp_path / "models", tmp_path / "reports"
    assert (
        run(
            "train",
            "--file",
            str(fixture_csv),
            "--out",
            str(out),
            "--version",
            "0.1.0",
            "--param",
            "min_df=1",
            "--report-dir",
            str(reports),
        ).exit_code
        == 0
    )
    assert (
        run(
            "eval",
            "--model",
            str(out),
            "--data",
            str(fixture_csv),
            "--json",
            str(tmp_path / "eval.json"),
            "--out",
            str(tmp_path / "eval"),
        ).exit_code
        == 0
    )
    written = [
        out / "headline-0.1.0.joblib",
        out / "headline-0.1.0.json",
        tmp_path / "eval.json",
        *(tmp_path / "eval" / name for name in ("report.json", "report.md", "reliability.png")),
    ]
    assert {str(p.relative_to(tmp_path)): stat.S_IMODE(p.stat().st_mode) for p in written} == {
        str(p.relative_to(tmp_path)): 0o644 for p in written
    }
    assert not list(tmp_path.rglob(".*")), "temporary files left behind"


def test_same_command_gives_the_same_model(tmp_path, fixture_csv) -> None:
    probas = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert (
            run(
                "train",
                "--file",
                str(fixture_csv),
                "--out",
                str(out),
                "--param",
                "min_df=1",
                "--report-dir",
                str(tmp_path / f"r{name}"),
            ).exit_code
            == 0
        )
        probas.append(load_model(out).clickbait.predict_proba(samples.NEWS + samples.CLICKBAIT)[:, 1])
    assert probas[0].tolist() == probas[1].tolist()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("headline,clickbait\nA,1\nB,1\nC,1\n", "one class"),
        ("headline,clickbait\nA,1\nB,7\n", "row 3: label 7.0 is out of range"),
        ("title,y\nA,1\n", "missing column"),
        ("", "no labelled rows"),
    ],
)
def test_bad_training_file_is_one_line_error_and_writes_nothing(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "models"
    result = CliRunner().invoke(main, ["train", "--file", str(path), "--out", str(out)])
    assert result.exit_code == 1
    assert message in result.output and "bad.csv" in result.output
    assert not out.exists() or not any(out.iterdir())


def test_missing_training_file(tmp_path) -> None:
    result = CliRunner().invoke(main, ["train", "--file", str(tmp_path / "nope.csv"), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "nope.csv: file not found" in result.output


def test_eval_on_a_newsroom_file_writes_json(tmp_path, fixture_csv, tiny_model_dir) -> None:
    report = tmp_path / "report.json"
    result = run(
        "eval",
        "--model",
        str(tiny_model_dir),
        "--data",
        str(fixture_csv),
        "--json",
        str(report),
        "--out",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    metrics = data["sets"]["labelled"]
    assert data["model"]["version"] == "0.0.1+test"
    assert metrics["n"] == 40
    assert metrics["accuracy"] > 0.9  # the tiny model was trained on these rows: a sanity check, not a score
    assert {"precision", "recall", "f1", "roc_auc", "brier", "ece", "mse", "confusion_matrix"} <= set(metrics)
    assert metrics["mse"] is None
    line = next(line for line in result.output.splitlines() if line.startswith("labelled "))
    assert line == (
        f"labelled         n     40  accuracy {metrics['accuracy']:.4f}  precision {metrics['precision']:.4f}  "
        f"recall {metrics['recall']:.4f}  f1 {metrics['f1']:.4f}  roc_auc {metrics['roc_auc']:.4f}  "
        f"brier {metrics['brier']:.4f}"
    )
    assert (tmp_path / "out" / "reliability.png").stat().st_size > 1000
    assert "| labelled |" in (tmp_path / "out" / "report.md").read_text()


def test_eval_graded_file_reports_mse(tmp_path, tiny_model_dir) -> None:
    path = tmp_path / "graded.jsonl"
    lines = [json.dumps({"text": h, "strength": 0.8}) for h in samples.CLICKBAIT[:5]]
    lines += [json.dumps({"text": h, "strength": 0.2}) for h in samples.NEWS[:5]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(
        "eval",
        "--model",
        str(tiny_model_dir),
        "--data",
        str(path),
        "--text-col",
        "text",
        "--label-col",
        "strength",
        "--json",
        str(tmp_path / "r.json"),
    )
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "r.json").read_text())["sets"]["graded"]["mse"] < 0.2


def test_eval_without_data_dir_says_so(tmp_path, tiny_model_dir) -> None:
    result = CliRunner().invoke(
        main, ["eval", "--model", str(tiny_model_dir), "--data-dir", str(tmp_path / "x")]
    )
    assert result.exit_code == 1
    assert "no such data folder" in result.output


def test_a_metric_line_says_n_a_where_a_metric_is_undefined() -> None:
    """One class in a set leaves ROC AUC undefined: ``train`` printed it with ``:.4f`` and crashed."""
    from training.cli import _set_line

    metrics = {"n": 5, "accuracy": 0.8, "f1": 0.5, "roc_auc": None, "mse": 0.0312}
    line = _set_line("one_class", metrics, ("accuracy", "f1", "roc_auc"))
    assert line == "one_class        n      5  accuracy 0.8000  f1 0.5000  roc_auc n/a  mse 0.0312"
