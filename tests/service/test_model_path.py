"""One search order for the model, used by every command: --model, HEADLINE_MODEL_PATH, models/, package data."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from service import model_path
from service.cli import main
from service.exceptions import ModelIncompatible
from service.model_path import resolve_model_card
from tests.reliability.test_server_faults import add_version

REPO_MODELS = model_path.Path(__file__).resolve().parents[2] / "models"


@pytest.fixture
def two_folders(tmp_path, tiny_model_dir):
    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(tiny_model_dir, first)
    shutil.copytree(tiny_model_dir, second)
    add_version(second, "2.0.0")
    return first, second


def test_the_order_is_explicit_then_environment_then_shipped(two_folders) -> None:
    first, second = two_folders
    env = {"HEADLINE_MODEL_PATH": str(second)}
    assert resolve_model_card(first, env).parent == first
    assert resolve_model_card(None, env) == second / "headline-2.0.0.json"
    assert resolve_model_card(None, {}).parent == REPO_MODELS


def test_a_card_an_artefact_or_a_folder_all_name_one_card(two_folders) -> None:
    _, second = two_folders
    card = second / "headline-2.0.0.json"
    assert resolve_model_card(card, {}) == card
    assert resolve_model_card(card.with_suffix(".joblib"), {}) == card
    assert resolve_model_card(second, {}) == card


@pytest.mark.parametrize("where", ["explicit", "environment"])
def test_a_missing_path_names_both_ways_to_point_at_a_model(tmp_path, where) -> None:
    missing = tmp_path / "nowhere"
    args = (missing, {}) if where == "explicit" else (None, {"HEADLINE_MODEL_PATH": str(missing)})
    with pytest.raises(
        ModelIncompatible, match=r"no model at .*nowhere: pass --model PATH or set HEADLINE_MODEL_PATH"
    ):
        resolve_model_card(*args)


def test_nothing_installed_names_both_ways(monkeypatch) -> None:
    monkeypatch.setattr(model_path, "shipped_model_dirs", lambda: [])
    result = CliRunner().invoke(main, ["score", "Council approves budget"])
    assert result.exit_code == 1
    assert "--model" in result.output and "HEADLINE_MODEL_PATH" in result.output
    assert "Traceback" not in result.output


def _audit(tmp_path, *args, env=None):
    from service.cli import main

    export = tmp_path / "export.csv"
    export.write_text(
        "id,title\n1,Council approves budget\n2,You won't believe this trick\n", encoding="utf-8"
    )
    return CliRunner().invoke(
        main,
        ["audit", str(export), "--out", str(tmp_path / "out"), "--workers", "1", "--no-progress", *args],
        env=env,
    )


def test_audit_accepts_a_model_folder(tmp_path, tiny_model_dir) -> None:
    """Issue 12.16: ``headline audit --model models/`` was refused ("is a directory")."""
    result = _audit(tmp_path, "--model", str(tiny_model_dir))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "results.jsonl").read_text().count("\n") == 2


def test_audit_accepts_a_model_folder_from_the_environment(tmp_path, tiny_model_dir) -> None:
    result = _audit(tmp_path, env={"HEADLINE_MODEL_PATH": str(tiny_model_dir)})
    assert result.exit_code == 0, result.output


def test_audit_without_any_model_names_both_ways(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(model_path, "shipped_model_dirs", lambda: [])
    result = _audit(tmp_path)
    assert result.exit_code != 0
    assert "--model" in result.output and "HEADLINE_MODEL_PATH" in result.output


def test_serve_accepts_a_model_folder(tiny_model_dir, monkeypatch, tmp_path) -> None:
    from service.cli import serve as serve_cli

    started = {}
    monkeypatch.setattr(serve_cli, "_run", lambda app, options: started.update(app=app, options=options))
    no_conf = tmp_path / "none.py"  # gunicorn.conf.py would create a metrics folder for this process
    result = CliRunner().invoke(
        main, ["serve", "--model", str(tiny_model_dir), "--bind", "127.0.0.1:8000", "--config", str(no_conf)]
    )
    assert result.exit_code == 0, result.output
    assert started["app"].extensions["headline"]["model"].version == "0.0.1+test"
    assert "model headline-0.0.1+test" in result.output


def test_version_names_the_package_and_the_model(tiny_model_dir) -> None:
    from service._version import __version__

    result = CliRunner().invoke(main, ["--version"], env={"HEADLINE_MODEL_PATH": str(tiny_model_dir)})
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == f"headline-inspector {__version__}"
    assert result.output.splitlines()[1].startswith("model headline-0.0.1+test (")
