"""The report page is byte for byte what it was before report.py became a package.

The snapshot (recorded output, stored as data: .txt) was rendered by the single-module ``service/audit/report.py`` (commit 67dc7df) from
``rich_summary()``. A deliberate change to the page re-records it:
``python -c "import sys; sys.path.insert(0, 'tests/service/audit'); from report_samples import rich_summary;
from service.audit import report; open('tests/service/audit/snapshots/report_rich.html.txt', 'w', newline='').write(
report.render_report(rich_summary()))"`` and the diff is reviewed like code.
"""

from __future__ import annotations

from pathlib import Path

from report_samples import rich_summary

from service.audit import report

SNAPSHOT = Path(__file__).parent / "snapshots" / "report_rich.html.txt"


def test_report_page_matches_the_recorded_snapshot() -> None:
    expected = SNAPSHOT.read_text(encoding="utf-8")
    assert report.render_report(rich_summary()) == expected
