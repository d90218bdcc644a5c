"""report.html in Chromium: every chart's text at the page's size, legend swatches clear of their labels."""

from __future__ import annotations

import pytest

from service.audit import report
from tests.browser.conftest import SCREENSHOTS
from tests.service.audit.report_samples import rich_summary

pytestmark = pytest.mark.browser

GEOMETRY = """() => {
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const page = px(document.body);
  const charts = Array.from(document.querySelectorAll('svg.chart')).map((svg) => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = Array.from(svg.querySelectorAll('text')).map((t) => px(t) * scale);
    const boxes = (sel) => Array.from(svg.querySelectorAll(sel)).map((e) => e.getBoundingClientRect());
    const texts = boxes('text');
    const clash = boxes('rect:not(:has(title))').some((r) => texts.some((t) =>
      r.left < t.right && t.left < r.right && r.top < t.bottom && t.top < r.bottom));
    return { title: svg.getAttribute('aria-label'), min: Math.min(...sizes), max: Math.max(...sizes), clash };
  });
  return { page, charts };
}"""


@pytest.mark.parametrize("width", [1280, 1600])
def test_chart_text_is_the_page_size_and_legends_do_not_overlap(browser, tmp_path, width):
    path = tmp_path / "report.html"
    path.write_text(report.render_report(rich_summary()), encoding="utf-8")
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(path.as_uri())
        geometry = page.evaluate(GEOMETRY)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"report_{width}.png"), full_page=True)
    finally:
        context.close()
    assert len(geometry["charts"]) >= 5
    for chart in geometry["charts"]:
        # Axis labels and legends are the page's small print (12 px), titles its body size (14 px).
        assert geometry["page"] - 3 <= chart["min"] and chart["max"] <= geometry["page"] + 0.5, chart
        assert not chart["clash"], chart
