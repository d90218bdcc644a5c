"""``headline score``'s "why" block speaks an editor's language; ``--json`` keeps the model's numbers."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from service.cli import main
from service.cli.score_report import why_rows

HEADLINE = "You Won't Believe What This Amazing Dog Did Next"


def test_why_rows_name_words_and_cues_by_direction():
    signals = [
        {"kind": "cue", "text": "addresses the reader (you/your)", "contribution": 1.4},
        {"kind": "word", "text": "council", "contribution": -0.6},
        {"kind": "word", "text": "believe", "contribution": 0.5},
    ]
    assert why_rows(signals) == [
        ("Toward clickbait", "red", "addresses the reader (you/your) (strongly); the word “believe”"),
        ("Toward plain news", "green", "the word “council”"),
    ]
    assert why_rows([{"kind": "word", "text": "budget", "contribution": -0.2}]) == [
        ("Toward plain news", "green", "the word “budget”")
    ]


def test_plain_report_has_no_model_jargon_and_json_is_unchanged(tiny_model_dir):
    runner = CliRunner()
    plain = runner.invoke(main, ["score", "--model", str(tiny_model_dir), HEADLINE])
    assert plain.exit_code == 0, plain.output
    out = plain.stdout
    assert "What decided the clickbait verdict" in out
    block = out[out.index("What decided") :].split("Triggers")[0].split("Suggestions")[0]
    assert "Toward clickbait" in block or "Toward plain news" in block
    assert "log-odds" not in out[: out.index("Triggers") if "Triggers" in out else len(out)]
    assert not re.search(r"[+-]\d+\.\d\d", block), block  # no raw contributions
    assert "cue:" not in block and "word:" not in block
    full = runner.invoke(main, ["score", "--model", str(tiny_model_dir), "--json", HEADLINE])
    signals = json.loads(full.stdout)["clickbait"]["signals"]
    assert signals and {"kind", "text", "contribution", "feature"} <= set(signals[0])
