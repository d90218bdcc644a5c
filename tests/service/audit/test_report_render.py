"""report.html as a reader sees it: words instead of ids and Python values, charts drawn at their own size."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from report_samples import rich_summary, row, summary

from service.audit import report


class Page(HTMLParser):
    """The report's table cells (as text) and its SVG elements (tag, attributes)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.cells: list[str] = []
        self.svg: list[tuple[str, dict]] = []
        self._cell: list[str] | None = None
        self._in_svg = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._cell = []
        if tag == "svg":
            self._in_svg += 1
        if self._in_svg:
            self.svg.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(" ".join("".join(self._cell).split()))
            self._cell = None
        if tag == "svg":
            self._in_svg -= 1

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_no_python_values_in_any_cell():
    page = Page(report.render_report(summary([row("Council approves tram line", 0.04, "2026-01")])))
    assert page.cells, "the report has tables"
    for cell in page.cells:
        assert not re.search(r"\b(None|False|True)\b", cell), cell
    assert "No triggers found." in page.cells
    assert "No suggestions made." in page.cells
    resumed = page.cells[page.cells.index("Resumed") + 1]
    assert resumed.startswith("No")
    again = Page(report.render_report(summary([row("A", 0.1, "2026-01")], {"resumed": True})))
    assert again.cells[again.cells.index("Resumed") + 1].startswith("Yes")


def test_triggers_and_suggestions_are_named_in_words_not_ids():
    text = report.render_report(rich_summary())
    page = Page(text)
    for identifier in (
        "clickbait:word",
        "trigger:clickbait_phrase",
        "style:case_style",
        "length:short",
        "clickbait_phrase",
    ):
        assert not any(identifier in cell for cell in page.cells), identifier
    assert "Clickbait phrase" in page.cells and "Hyperbole" in page.cells
    assert "A word that makes it read as clickbait" in page.cells
    assert ">99%" in page.cells and not any(cell in ("100.0%", "99.9%") for cell in page.cells)


def test_charts_are_drawn_at_their_own_size_with_the_legend_beside_its_swatches():
    page = Page(report.render_report(rich_summary()))
    charts = [attrs for tag, attrs in page.svg if tag == "svg"]
    assert len(charts) >= 5
    for attrs in charts:
        _, _, width, height = attrs["viewbox"].split()
        assert (attrs.get("width"), attrs.get("height")) == (width, height)  # never stretched to the column
    legend = [(tag, attrs) for tag, attrs in page.svg if attrs.get("class") in ("legend", "swatch")]
    swatches = [float(a["x"]) for t, a in legend if t == "rect"]
    labels = [float(a["x"]) for t, a in legend if t == "text"]
    assert len(swatches) == len(labels) == 2
    assert swatches[0] < labels[0] < swatches[1] < labels[1]
    assert all(label >= swatch + 12 for swatch, label in zip(swatches, labels, strict=True))
