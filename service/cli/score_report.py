"""The readable terminal report of one scored headline (``headline score`` without ``--json``).

An editor reads it, so numbers come with words (``service.wording``, the page's rules) and the
article body is summarised (reading grade and time, consistency, where the body answers the
tease, the two hardest sentences), never dumped as JSON: ``--json`` gives the full result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from service import wording

if TYPE_CHECKING:  # the result's shape, checked by mypy wherever this report reads a key
    from service.analysis.result import AnalysisResult, BodyAnalysis, Channel, Signal

__all__ = ["render_result", "body_summary", "why_rows"]

STYLE_OF = {
    "low": "green",
    "medium": "yellow",
    "high": "red",
    "green": "green",
    "amber": "yellow",
    "red": "red",
}
HARDEST_SHOWN = 2
QUOTE_CHARS = 160  # a quoted sentence longer than this is shortened with an ellipsis
WHY_SHOWN = 6  # signals named under "What decided the clickbait verdict"
STRONG_PULL = 1.0  # log-odds: a signal this strong alone multiplies the odds of clickbait by about 2.7


def _quote(text: str) -> str:
    text = " ".join(str(text).split())
    return f"“{text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + '…'}”"


def body_summary(body: BodyAnalysis, headline_probability: float | None) -> list[tuple[str, str]]:
    """(label, text) rows that say what the body analysis found, in an editor's words."""
    if body.get("status") != "ok":
        return [("Body", f"not analysed: {body.get('reason') or 'no usable text'}")]
    rows: list[tuple[str, str]] = []
    read = body.get("readability") or {}
    grade = read.get("consensus_grade")
    parts = []
    if isinstance(grade, int | float):
        parts.append(f"grade {grade:.1f} ({wording.grade_words(grade)})")
    time = wording.reading_time(read.get("reading_time_minutes"))
    if time:
        parts.append(f"{time} to read")
    words = read.get("words")
    if isinstance(words, int):
        parts.append(f"{words:,} words in {read.get('sentences', 0):,} sentences")
    if parts:
        rows.append(("Reading", ", ".join(parts)))
    if body.get("truncated"):
        rows.append(("Note", str(body.get("reason"))))
    consistency = body.get("consistency") or {}
    if consistency.get("computed"):
        rows.append(
            (
                "Consistency",
                wording.consistency_finding(consistency.get("label"), consistency.get("probabilities")),
            )
        )
    else:
        rows.append(("Consistency", f"not checked ({consistency.get('reason', 'unknown reason')})"))
    spoiler = body.get("spoiler") or {}
    if spoiler.get("found"):
        where = wording.answer_position(spoiler.get("position"))
        rows.append(("Answer", f"{where[:1].upper()}{where[1:]}: {_quote(spoiler.get('text') or '')}"))
    else:
        rows.append(("Answer", "no sentence of the body answers the headline clearly"))
    article = (body.get("article_clickbait") or {}).get("probability")
    if isinstance(article, int | float):
        alone = (
            f" (headline alone: {wording.percent(headline_probability)})"
            if headline_probability is not None
            else ""
        )
        rows.append(("With the body", wording.likely_clickbait(article) + alone))
    hardest = read.get("hardest_sentences")
    for i, sentence in enumerate((hardest if isinstance(hardest, list) else [])[:HARDEST_SHOWN]):
        label = "Hardest" if i == 0 else ""
        rows.append((label, f"grade {sentence.get('grade', 0):.1f}: {_quote(sentence.get('text', ''))}"))
    return rows


def _channel_state(channel: Channel) -> str:
    """Whether a channel shows the whole headline, and where it cuts it (a single word too wide
    for the channel is cut before it: there is no last word shown)."""
    from rich.markup import escape

    if not channel["truncated"]:
        return "fits"
    last = channel["last_word"]
    return f'cut after "{escape(last)}"' if last else "cut before the first word"


def why_rows(signals: list[Signal]) -> list[tuple[str, str, str]]:
    """The strongest clickbait signals in an editor's words: (label, colour, named words and cues).

    The model's per-feature log-odds are what the JSON gives; an editor needs which words and
    cues pushed the verdict toward clickbait and which pulled it toward plain news, the strong
    ones marked. The order within a row is the model's (strongest first).
    """
    toward: dict[bool, list[str]] = {True: [], False: []}
    for signal in signals[:WHY_SHOWN]:
        name = f"the word {_quote(signal['text'])}" if signal["kind"] == "word" else str(signal["text"])
        if abs(signal["contribution"]) >= STRONG_PULL:
            name += " (strongly)"
        toward[signal["contribution"] > 0].append(name)
    rows = [("Toward clickbait", "red", toward[True]), ("Toward plain news", "green", toward[False])]
    return [(label, colour, "; ".join(names)) for label, colour, names in rows if names]


def render_result(result: AnalysisResult) -> None:
    """Print one result to the terminal (colour where the terminal supports it)."""
    from rich.console import Console
    from rich.markup import escape
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
    table.add_row(
        "Clickbait",
        f"[{STYLE_OF[cb['level']]}]{wording.likely_clickbait(cb['probability'])} ({cb['level']})[/]",
    )
    table.add_row("Sensationalism", f"[{STYLE_OF[se['level']]}]{se['score']:.2f} ({se['level']})[/]")
    rd = result["readability"]
    table.add_row("Length", f"{rd['words']} words, {rd['characters']} characters, {rd['pixel_width']:.0f} px")
    for name, channel in cast("dict[str, Channel]", rd["channels"]).items():
        state = _channel_state(channel)
        table.add_row(f"  {name}", f"{channel['measure']:.0f}/{channel['limit']} {channel['unit']}: {state}")
    console.print(table)
    if cb["signals"]:
        console.print("[bold]What decided the clickbait verdict[/]")
        why = Table(show_header=False, box=None, pad_edge=False)
        why.add_column(no_wrap=True)
        why.add_column(overflow="fold")
        for label, colour, text in why_rows(cb["signals"]):
            why.add_row(f"  [{colour}]{label}[/]", escape(text))
        console.print(why)
    if se["triggers"]:
        console.print("[bold]Triggers[/]")
        for t in se["triggers"]:
            console.print(
                f'  "{escape(t["text"])}" ({wording.category_name(t["category"]).lower()}): '
                f"{escape(t['explanation'])}"
            )
    if quality["suggestions"]:
        console.print("[bold]Suggestions[/]")
        for suggestion in quality["suggestions"]:
            console.print(f"  - {escape(suggestion['message'])}")
    if isinstance(result.get("body"), dict):
        console.print("[bold]Body[/]")
        body = Table(show_header=False, box=None, pad_edge=False)
        body.add_column(no_wrap=True)
        body.add_column(overflow="fold")
        for label, text in body_summary(result["body"], cb.get("probability")):
            body.add_row(f"  {label}", escape(text))
        console.print(body)
