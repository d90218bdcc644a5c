"""Audit fixtures: a mixed set of inputs written by the tests, and the scorer to use.

``scorer`` is the tiny model of ``tests/conftest.py`` through the real scorer; tests that need no
model use ``audit_fakes`` directly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from audit_inputs import ARTICLE, NEWS_PAGE, good_rows, simple_page, write_csv, write_jsonl, write_warc


@pytest.fixture(scope="session")
def scorer(tiny_model_dir) -> tuple[str, str]:
    """(model path, scorer factory) for audit runs: the lead's tiny model through the real scorer."""
    return str(sorted(Path(tiny_model_dir).glob("*.joblib"))[0]), "service.audit.engines:ModelScorer"


@pytest.fixture
def inputs(tmp_path) -> dict[str, Path]:
    """CSV, JSONL, an HTML folder and a WARC, each with good and bad records."""
    root = tmp_path / "inputs"
    root.mkdir()
    rows = good_rows(30)
    rows[5]["title"] = ""  # missing headline
    rows[7]["title"] = "x" * 5000  # too long to score
    csv_path = write_csv(root / "articles.csv", rows)
    with open(csv_path, "ab") as handle:
        handle.write(b"bad-bytes,Broken \xff\xfe headline,,2024-01-01,Local,Ann,\n")
    jsonl = write_jsonl(
        root / "more.jsonl.gz", [*good_rows(12, start=100), b"{broken", {"title": None}], compress=True
    )
    pages = root / "pages"
    pages.mkdir()
    (pages / "news.html").write_text(NEWS_PAGE)
    (pages / "broken.html").write_bytes(b"\x00\x01<<<>>>")
    for i in range(3):
        (pages / f"story{i}.html").write_text(
            simple_page(
                f"Shocking story {i} you must read", ARTICLE, section="World", date=f"2024-0{i + 1}-02"
            )
        )
    warc = write_warc(
        root / "crawl.warc.gz",
        [(f"https://ex.example/w{i}", simple_page(f"Warc story {i} today", ARTICLE)) for i in range(4)],
        truncate_last=True,
        gzip_records=True,
    )
    return {"csv": csv_path, "jsonl": jsonl, "html": pages, "warc": warc}
