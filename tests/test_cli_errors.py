"""One translation for the whole ``headline`` group, and configuration that flows one way.

Every command family (score/compare, serve, train/eval) ends a ``HeadlineError`` with one line and
exit 1, bad usage with exit 2 (README, "Exit codes"); ``serve`` takes its settings from the group's
context object and passes its flags on as arguments, never through ``os.environ``.
"""

from __future__ import annotations

import os

import click
import pytest
from click.testing import CliRunner

from service.cli import group, main
from service.cli.context import CliContext
from service.exceptions import ConfigError, HeadlineError, InvalidInput, ModelIncompatible


@click.command()
def boom() -> None:
    """A command that fails the way the core fails."""
    raise InvalidInput("headline is empty", field="headline")


def _one_line_error(result, exit_code: int = 1) -> str:
    """The one ``Error:`` line; structured log lines aside (``create_app`` logs why it cannot start, and
    once a test has served in this process its logging set-up stays)."""
    assert result.exit_code == exit_code, result.output
    assert not isinstance(result.exception, HeadlineError), "escaped as a traceback"
    lines = [line for line in result.output.splitlines() if not line.startswith('{"ts": ')]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    return lines[0]


def test_the_group_translates_a_headline_error_of_any_command(monkeypatch) -> None:
    """A command that does not catch ``HeadlineError`` itself still ends with one line and exit 1."""
    monkeypatch.setitem(group.COMMANDS, "boom", (__name__, "boom"))
    result = CliRunner().invoke(main, ["boom"])
    assert _one_line_error(result) == "Error: headline is empty"


def test_score_and_compare_failures_are_one_line(tmp_path, tiny_model_dir) -> None:
    assert _one_line_error(CliRunner().invoke(main, ["score", "--model", str(tmp_path), "Bank raises rates"]))
    line = _one_line_error(CliRunner().invoke(main, ["score", "--model", str(tiny_model_dir), "   "]))
    assert "empty" in line
    assert "2 to 10" in _one_line_error(
        CliRunner().invoke(main, ["compare", "--model", str(tiny_model_dir), "one"])
    )
    result = CliRunner().invoke(main, ["score", "--case-style", "shouting", "x"])
    assert result.exit_code == 2  # bad usage stays click's


def test_score_is_not_refused_for_a_web_only_setting(tiny_model_dir) -> None:
    """The settings are built on first use: a bad HEADLINE_RATE_LIMIT concerns ``serve`` only."""
    result = CliRunner().invoke(
        main,
        ["score", "--model", str(tiny_model_dir), "Bank raises rates"],
        env={"HEADLINE_RATE_LIMIT": "fast"},
    )
    assert result.exit_code == 0, result.output


def test_train_and_eval_failures_are_one_line(tmp_path, tiny_model_dir) -> None:
    from training.data import DataError

    assert issubclass(DataError, HeadlineError)  # one error tree: the group's translation covers it
    bad = tmp_path / "bad.csv"
    bad.write_text("headline,clickbait\nA headline,maybe\n", encoding="utf-8")
    line = _one_line_error(
        CliRunner().invoke(main, ["train", "--file", str(bad), "--out", str(tmp_path / "m")])
    )
    assert str(bad) in line
    line = _one_line_error(
        CliRunner().invoke(main, ["eval", "--model", str(tiny_model_dir), "--data", str(bad)])
    )
    assert str(bad) in line
    assert _one_line_error(
        CliRunner().invoke(main, ["eval", "--model", str(tmp_path / "none"), "--data", str(bad)])
    )
    result = CliRunner().invoke(main, ["train", "--version", "not a version"])
    assert result.exit_code == 2


@pytest.fixture
def started(monkeypatch) -> dict:
    """``serve`` up to the point where gunicorn would take over: what it would have run."""
    from service.cli import serve

    seen: dict = {}
    monkeypatch.setattr(serve, "_run", lambda app, options: seen.update(app=app, options=options))
    return seen


def test_serve_leaves_the_environment_untouched(tiny_model_dir, tmp_path, started) -> None:
    before = dict(os.environ)
    result = CliRunner().invoke(
        main,
        [
            "serve",
            "--model",
            str(tiny_model_dir),
            "--bind",
            "127.0.0.1:8123",
            "--workers",
            "3",
            "--config",
            str(tmp_path / "none.py"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert dict(os.environ) == before
    assert started["options"]["bind"] == ["127.0.0.1:8123"] and started["options"]["workers"] == 3
    settings = started["app"].extensions["headline"]["settings"]
    assert settings.model_path == tiny_model_dir
    assert started["app"].extensions["headline"]["model"].version == "0.0.1+test"


def test_serve_takes_its_settings_from_the_context_object(tiny_model_dir, tmp_path, started) -> None:
    environ = {"HEADLINE_MODEL_PATH": str(tiny_model_dir), "HEADLINE_MAX_BATCH": "7"}
    result = CliRunner().invoke(
        main, ["serve", "--config", str(tmp_path / "none.py")], obj=CliContext(environ)
    )
    assert result.exit_code == 0, result.output
    app = started["app"]
    assert app.extensions["headline"]["settings"].max_batch_items == 7
    assert app.extensions["headline"]["model"].version == "0.0.1+test"


def test_serve_failures_are_one_line_and_say_it_cannot_start(tmp_path, started) -> None:
    conf = ["--config", str(tmp_path / "none.py")]
    line = _one_line_error(CliRunner().invoke(main, ["serve", "--model", str(tmp_path / "absent"), *conf]))
    assert line.startswith("Error: cannot start: no model at")
    line = _one_line_error(
        CliRunner().invoke(main, ["serve", *conf], obj=CliContext({"HEADLINE_RATE_LIMIT": "x"}))
    )
    assert line.startswith("Error: cannot start: HEADLINE_RATE_LIMIT must")
    assert CliRunner().invoke(main, ["serve", "--bind", "localhost", *conf]).exit_code == 2
    assert started == {}


def test_config_errors_are_headline_errors_and_value_errors() -> None:
    """The web edge (create_app, gunicorn.conf.py) keeps catching ValueError; the CLI translates it once."""
    from service.web.config import Settings

    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"HEADLINE_MAX_BATCH": "lots"})
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, HeadlineError)
    assert not issubclass(ModelIncompatible, ValueError)
