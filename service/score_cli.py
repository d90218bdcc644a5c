"""The ``score`` and ``compare`` commands: the analysis core in a terminal.

A readable report (colour where the terminal supports it, through rich) or JSON;
``headline score -`` streams standard input in batches and writes JSON Lines, so a
shell pipeline scores a file at the core's batch speed.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from service.exceptions import HeadlineError

__all__ = ["score", "compare"]

BATCH = 512
STYLE_OF = {"low": "green", "medium": "yellow", "high": "red", "green": "green", "amber": "yellow", "red": "red"}


def _load(model_path: Path | None):
    from service.model import load_model

    return load_model(model_path)


def _options(case_style: str | None):
    from service.analysis import AnalysisOptions

    return AnalysisOptions.from_dict({"case_style": case_style} if case_style else None)


def _read_body(body_file: Path | None) -> str | None:
    if body_file is None:
        return None
    try:
        raw = sys.stdin.buffer.read() if str(body_file) == "-" else body_file.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"{body_file}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{body_file}: not UTF-8 text (byte {exc.start})") from None


def _batches(stream) -> Iterator[list[str]]:
    batch: list[str] = []
    for line in stream:
        batch.append(line.rstrip("\r\n"))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _render(result: dict) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(highlight=False)
    headline = Text(result["headline"])
    for trigger in result["sensationalism"]["triggers"]:
        headline.stylize("bold underline magenta", trigger["start"], trigger["end"])
    console.print(headline)
    quality, cb, se = result["quality"], result["clickbait"], result["sensationalism"]
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_row("Quality", f"[{STYLE_OF[quality['band']]}]{quality['score']}/100 ({quality['band']})[/]")
    table.add_row("Clickbait", f"[{STYLE_OF[cb['level']]}]{cb['probability']:.0%} {cb['label']} ({cb['level']})[/]"
                  f"  strength {cb['strength']:.2f}")
    table.add_row("Sensationalism", f"[{STYLE_OF[se['level']]}]{se['score']:.2f} ({se['level']})[/]")
    rd = result["readability"]
    table.add_row("Length", f"{rd['words']} words, {rd['characters']} characters, {rd['pixel_width']:.0f} px")
    for name, channel in rd["channels"].items():
        state = f"cut after \"{channel['last_word']}\"" if channel["truncated"] else "fits"
        table.add_row(f"  {name}", f"{channel['measure']:.0f}/{channel['limit']} {channel['unit']}: {state}")
    console.print(table)
    if cb["signals"]:
        console.print("[bold]Why (clickbait log-odds contributions)[/]")
        for s in cb["signals"][:6]:
            colour = "red" if s["contribution"] > 0 else "green"
            console.print(f"  [{colour}]{s['contribution']:+.2f}[/] {s['kind']}: {s['text']}")
    if se["triggers"]:
        console.print("[bold]Triggers[/]")
        for t in se["triggers"]:
            console.print(f"  \"{t['text']}\" [{t['category']}] {t['explanation']}")
    if quality["suggestions"]:
        console.print("[bold]Suggestions[/]")
        for s in quality["suggestions"]:
            console.print(f"  - {s['message']}")
    if "body" in result:
        console.print("[bold]Body[/]")
        console.print_json(json.dumps(result["body"]))


@click.command()
@click.argument("headline")
@click.option("--body", "body_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Article body as a UTF-8 text file ('-' for standard input).")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON result (JSON Lines with HEADLINE '-').")
@click.option("--case-style", type=click.Choice(["sentence", "title"]), default=None,
              help="House style for capitalisation (default: sentence).")
@click.option("--model", "model_path", type=click.Path(path_type=Path), default=None,
              envvar="HEADLINE_MODEL_PATH", help="Model card, joblib file or folder (default: shipped models/).")
@click.option("--explain/--no-explain", default=None,
              help="Compute the clickbait signals and the suggestions drawn from them (default: where they "
                   "are printed: one headline, or --json; the plain '-' listing skips them).")
def score(headline: str, body_file: Path | None, as_json: bool, case_style: str | None, model_path: Path | None,
          explain: bool | None) -> None:
    """Score HEADLINE, or one headline per line of standard input with '-'."""
    from service.analysis import analyze, analyze_batch
    from service.jsonio import dumps_line

    try:
        model = _load(model_path)
        options = _options(case_style)
        if headline == "-":
            if body_file is not None and str(body_file) == "-":
                raise click.UsageError("standard input cannot hold both headlines and a body")
            failed = 0
            explain_rows = as_json if explain is None else explain  # the plain listing shows no signals
            for batch in _batches(io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")):
                for result in analyze_batch(model, [{"headline": h} for h in batch], options, explain=explain_rows):
                    failed += "error" in result
                    if as_json:
                        click.echo(dumps_line(result))
                    elif "error" in result:
                        click.echo(f"error: {result['error']['detail']}", err=True)
                    else:
                        cb = result["clickbait"]
                        click.echo(f"{result['quality']['score']:3d} {cb['probability']:.2f} "
                                   f"{result['sensationalism']['level']:6s} {result['headline']}")
            if failed:
                click.echo(f"{failed} line(s) could not be scored", err=True)
                sys.exit(1)
            return
        result = analyze(model, headline, _read_body(body_file), options, explain=explain is not False)
    except HeadlineError as exc:
        raise click.ClickException(exc.detail) from None
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _render(result)


@click.command()
@click.argument("headlines", nargs=-1, required=True)
@click.option("--body", "body_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
@click.option("--case-style", type=click.Choice(["sentence", "title"]), default=None)
@click.option("--model", "model_path", type=click.Path(path_type=Path), default=None, envvar="HEADLINE_MODEL_PATH")
def compare(headlines: tuple[str, ...], body_file: Path | None, as_json: bool, case_style: str | None,
            model_path: Path | None) -> None:
    """Rank 2 to 10 candidate HEADLINES for the same story, best first."""
    from service.analysis import compare as compare_headlines

    try:
        ranked = compare_headlines(_load(model_path), list(headlines), _read_body(body_file), _options(case_style))
    except HeadlineError as exc:
        raise click.ClickException(exc.detail) from None
    if as_json:
        click.echo(json.dumps(ranked, ensure_ascii=False, indent=2))
        return
    for entry in ranked["ranking"]:
        click.echo(f"{entry['rank']}. [{entry['quality']:3d} {entry['band']:5s}] {entry['headline']}")
        click.echo(f"   {entry['reason']}")
