"""The ``headline`` command: score and compare, as a user types them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from service.cli import main


def invoke(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_help_lists_every_subcommand() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in ("train", "eval", "score", "compare", "serve", "audit"):
        assert name in result.output


def test_score_prints_a_readable_report(tiny_model_dir) -> None:
    result = invoke("score", "--model", str(tiny_model_dir), "You Won't Believe What This Dog Did Next")
    assert result.exit_code == 0, result.output
    assert "Quality" in result.output and "Clickbait" in result.output and "Suggestions" in result.output


def test_score_json(tiny_model_dir) -> None:
    result = invoke("score", "--model", str(tiny_model_dir), "--json", "Bank raises rates")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["headline"] == "Bank raises rates"


def test_score_with_body_file(tiny_model_dir, tmp_path) -> None:
    body = tmp_path / "body.txt"
    body.write_text("The bank raised rates on Tuesday. Markets were calm.", encoding="utf-8")
    result = invoke(
        "score", "--model", str(tiny_model_dir), "--json", "--body", str(body), "Bank raises rates"
    )
    assert result.exit_code == 0, result.output
    assert "body" in json.loads(result.stdout)


def test_score_stdin_json_lines_keeps_good_lines(tiny_model_dir) -> None:
    result = invoke(
        "score",
        "--model",
        str(tiny_model_dir),
        "--json",
        "-",
        input="Bank raises rates\n" + "A" * 1001 + "\nWow!\n",
    )
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, (result.output, result.exception)
    assert [("error" in r) for r in lines] == [False, True, False]
    assert result.exit_code == 1


def test_score_rejects_empty_headline(tiny_model_dir) -> None:
    result = invoke("score", "--model", str(tiny_model_dir), "   ")
    assert result.exit_code == 1
    assert "'headline' must not be empty." in result.output


def test_score_bad_body_file(tiny_model_dir, tmp_path) -> None:
    body = tmp_path / "b.bin"
    body.write_bytes(b"\xff\xfe\x00bad")
    result = invoke("score", "--model", str(tiny_model_dir), "--body", str(body), "Bank raises rates")
    assert result.exit_code == 1
    assert "not UTF-8" in result.output


def test_score_missing_model(tmp_path) -> None:
    result = invoke("score", "--model", str(tmp_path), "Bank raises rates")
    assert result.exit_code == 1
    assert "no model card" in result.output


def test_compare_orders_variants(tiny_model_dir) -> None:
    result = invoke(
        "compare",
        "--model",
        str(tiny_model_dir),
        "--json",
        "You Won't Believe What The Bank Did",
        "Central bank raises interest rates by a quarter point",
    )
    assert result.exit_code == 0, result.output
    ranking = json.loads(result.stdout)["ranking"]
    assert ranking[0]["headline"] == "Central bank raises interest rates by a quarter point"


def test_compare_needs_two(tiny_model_dir) -> None:
    result = invoke("compare", "--model", str(tiny_model_dir), "only one")
    assert result.exit_code == 1
    assert "2 to 10" in result.output


def test_score_explain_flag(tiny_model_dir) -> None:
    """Signals by default for one headline and for --json lines; --no-explain skips them, scores unchanged."""
    headline = "You Won't Believe What This Dog Did Next"
    explained = json.loads(invoke("score", "--model", str(tiny_model_dir), "--json", headline).stdout)
    bare = json.loads(
        invoke("score", "--model", str(tiny_model_dir), "--json", "--no-explain", headline).stdout
    )
    assert explained["clickbait"]["signals"] and bare["clickbait"]["signals"] == []
    assert bare["clickbait"]["probability"] == explained["clickbait"]["probability"]
    lines = invoke(
        "score", "--model", str(tiny_model_dir), "--json", "--no-explain", "-", input=headline + "\n"
    )
    assert json.loads(lines.stdout.splitlines()[0])["clickbait"]["signals"] == []
    lines = invoke("score", "--model", str(tiny_model_dir), "--json", "-", input=headline + "\n")
    assert json.loads(lines.stdout.splitlines()[0])["clickbait"]["signals"]
