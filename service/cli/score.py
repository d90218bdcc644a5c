"""The ``score`` and ``compare`` commands: the analysis core in a terminal.

A readable report (``service.cli.score_report``) or JSON; ``headline score -`` streams standard
input in batches, one headline per line, and writes labelled columns or JSON Lines (each
record carries its input ``line``), so a shell pipeline scores a file at the core's batch
speed. Reading is bounded: a line is never held beyond the headline limit (an over-long
one is skipped to its end and reported by line number), and only "\n" ends a line.
``--model`` defaults to ``HEADLINE_MODEL_PATH``, then the shipped model (``service.model_path``).
A ``HeadlineError`` (no usable model, a bad headline) is left to the group, which ends the
command with its one-line message (``service.cli.context``).
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TextIO

import click

if TYPE_CHECKING:
    from service.analysis.result import AnalysisResult, BatchFailure, ItemError

__all__ = ["score", "compare", "read_lines"]

BATCH = 512
DRAIN_CHARS = 1 << 16  # the rest of an over-long line is skipped in pieces of this size
BLANK_LINES_NAMED = 10  # the end-of-run note names this many skipped blank lines, then counts the rest
COLUMNS = f"{'line':>6}  {'quality':>7}  {'clickbait':>9}  {'sensational':<11}  headline"


class Line(NamedTuple):
    """One input line: its 1-based number, its text (``None`` when over the limit) and its length."""

    number: int
    text: str | None
    length: int


def read_lines(stream: TextIO, limit: int) -> Iterator[Line]:
    """The lines of ``stream``, never reading more than ``limit`` + 2 characters of one into memory.

    ``stream`` must be opened with ``newline="\n"`` so that a lone carriage return stays
    inside its line (it becomes a space when validated) instead of splitting it in two. A line
    longer than ``limit`` is read on to its end in bounded pieces, counted, and given with
    ``text=None``; a final "\r\n" or "\n" is not part of the text or the length.
    """
    number = 0
    while True:
        chunk = stream.readline(limit + 2)
        if not chunk:
            return
        number += 1
        if chunk.endswith("\n") or len(chunk) < limit + 2:
            text = chunk.removesuffix("\n").removesuffix("\r")
            yield Line(number, text, len(text))
            continue
        length, tail = len(chunk), chunk[-1]
        while True:
            rest = stream.readline(DRAIN_CHARS)
            if not rest:
                break
            length += len(rest)
            if rest.endswith("\n"):
                length -= 2 if rest.endswith("\r\n") or (rest == "\n" and tail == "\r") else 1
                break
            tail = rest[-1]
        yield Line(number, None, length)


def _load(model_path: Path | None):
    from service.model import freeze_after_load, load_model

    model = load_model(model_path)
    freeze_after_load()  # one model for the whole run (`headline score -` may read millions of lines)
    return model


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


def _checked(line: Line) -> tuple[int, str | ItemError]:
    """(line number, clean headline) or (line number, the core's error shape) by the core's one validator."""
    from service.analysis import MAX_HEADLINE_CHARS, validate_headline
    from service.analysis.result import item_error
    from service.exceptions import InvalidInput

    field = f"line {line.number}"
    try:
        if line.text is None:
            raise InvalidInput(
                f"{field} is {line.length} characters; the limit is {MAX_HEADLINE_CHARS}", field=field
            )
        return line.number, validate_headline(line.text, field=field)
    except InvalidInput as exc:
        return line.number, item_error(exc)


def _score_stream(model, options, stream: TextIO, as_json: bool, explain: bool) -> int:
    """Score every non-blank line of ``stream``; print results in input order; return the failures."""
    from service import wording
    from service.analysis import MAX_HEADLINE_CHARS, analyze_batch
    from service.jsonio import dumps_line

    failed, blank, header_done = 0, [], as_json
    pending: list[tuple[int, str | ItemError]] = []

    def flush() -> None:
        nonlocal failed, header_done
        good = [(n, h) for n, h in pending if isinstance(h, str)]
        scored = iter(analyze_batch(model, [{"headline": h} for _, h in good], options, explain=explain))
        for number, item in pending:
            result: AnalysisResult | BatchFailure = next(scored) if isinstance(item, str) else {"error": item}
            failed += "error" in result
            if as_json:
                click.echo(dumps_line({"line": number, **result}))
            elif "error" in result:
                click.echo(f"error: {result['error']['detail']}", err=True)
            else:
                if not header_done:
                    click.echo(COLUMNS)
                    header_done = True
                click.echo(
                    f"{number:>6}  {result['quality']['score']:>7}  "
                    f"{wording.percent(result['clickbait']['probability']):>9}  "
                    f"{result['sensationalism']['level']:<11}  {result['headline']}"
                )
        pending.clear()

    for line in read_lines(stream, MAX_HEADLINE_CHARS):
        if line.text is not None and not line.text.strip():
            blank.append(line.number)
            continue
        pending.append(_checked(line))
        if len(pending) >= BATCH:
            flush()
    flush()
    if blank:
        named = ", ".join(str(n) for n in blank[:BLANK_LINES_NAMED])
        more = f" and {len(blank) - BLANK_LINES_NAMED:,} more" if len(blank) > BLANK_LINES_NAMED else ""
        click.echo(f"skipped {len(blank):,} blank line(s): {named}{more}", err=True)
    return failed


@click.command()
@click.argument("headline")
@click.option(
    "--body",
    "body_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Article body as a UTF-8 text file ('-' for standard input).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON result (JSON Lines with HEADLINE '-').")
@click.option(
    "--case-style",
    type=click.Choice(["sentence", "title"]),
    default=None,
    help="House style for capitalisation (default: sentence).",
)
@click.option(
    "--model",
    "model_path",
    type=click.Path(path_type=Path),
    default=None,
    help="Model card, joblib file or folder (default: shipped models/).",
)
@click.option(
    "--explain/--no-explain",
    default=None,
    help="Compute the clickbait signals and the suggestions drawn from them (default: where they "
    "are printed: one headline, or --json; the plain '-' listing skips them).",
)
def score(
    headline: str,
    body_file: Path | None,
    as_json: bool,
    case_style: str | None,
    model_path: Path | None,
    explain: bool | None,
) -> None:
    """Score HEADLINE, or one headline per line of standard input with '-'."""
    from service.analysis import analyze
    from service.cli.score_report import render_result

    model = _load(model_path)
    options = _options(case_style)
    if headline == "-":
        if body_file is not None and str(body_file) == "-":
            raise click.UsageError("standard input cannot hold both headlines and a body")
        stream = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="\n")
        explain_rows = as_json if explain is None else explain  # the plain listing shows no signals
        failed = _score_stream(model, options, stream, as_json, explain_rows)
        if failed:
            click.echo(f"{failed} line(s) could not be scored", err=True)
            sys.exit(1)
        return
    result = analyze(model, headline, _read_body(body_file), options, explain=explain is not False)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        render_result(result)


@click.command()
@click.argument("headlines", nargs=-1, required=True)
@click.option("--body", "body_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--json", "as_json", is_flag=True)
@click.option("--case-style", type=click.Choice(["sentence", "title"]), default=None)
@click.option("--model", "model_path", type=click.Path(path_type=Path), default=None)
def compare(
    headlines: tuple[str, ...],
    body_file: Path | None,
    as_json: bool,
    case_style: str | None,
    model_path: Path | None,
) -> None:
    """Rank 2 to 10 candidate HEADLINES for the same story, best first."""
    from service.analysis import compare as compare_headlines

    ranked = compare_headlines(
        _load(model_path), list(headlines), _read_body(body_file), _options(case_style)
    )
    if as_json:
        click.echo(json.dumps(ranked, ensure_ascii=False, indent=2))
        return
    for entry in ranked["ranking"]:
        click.echo(f"{entry['rank']}. [{entry['quality']:3d} {entry['band']:5s}] {entry['headline']}")
        click.echo(f"   {entry['reason']}")
