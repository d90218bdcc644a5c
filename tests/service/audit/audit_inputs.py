"""Builders for audit test inputs: CSV, JSONL, HTML pages and WARC archives written on the spot."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

NEWS_PAGE = """<!DOCTYPE html><html lang="en"><head>
<title>Council approves new bus lanes on Main Street | The Daily Gazette</title>
<meta property="og:title" content="Council approves new bus lanes on Main Street">
<meta name="author" content="Jane Smith">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
<meta property="article:section" content="Local">
<link rel="canonical" href="https://gazette.example/local/bus-lanes"></head>
<body><header><nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.
Accept all cookies?</p><button>Accept</button></div>
<main><article><h1>Council approves new bus lanes on Main Street</h1><p class="byline">By Jane Smith</p>
<p>The city council voted on Tuesday to approve new dedicated bus lanes along Main Street, a project
that has been debated for more than two years.</p>
<p>Supporters say the lanes will cut journey times for the thousands of commuters who take the bus every
day, while some shop owners worry about losing parking spaces outside their stores.</p>
<p>Construction is expected to begin in the autumn and take about six months, according to the
transport department.</p>
<div class="tags"><a href="/tag/transport">Transport</a> <a href="/tag/council">Council</a></div>
</article>
<aside class="sidebar"><h3>Most read</h3><ul>
<li><a href="/a">You won't believe what this celebrity did next</a></li>
<li><a href="/b">Ten shocking facts about your local park</a></li></ul></aside>
<section class="related-posts"><h3>Related posts</h3><ul>
<li><a href="/c">Cyclists demand safer junctions after crash</a></li></ul></section>
<div class="advert">Advertisement: Buy cheap flights to Spain now!</div></main>
<footer><p>Copyright 2024 The Daily Gazette. All rights reserved.</p>
<a href="/privacy">Privacy policy</a></footer></body></html>
"""

NOISE = [
    "World news",
    "Accept all cookies",
    "You won't believe",
    "shocking facts",
    "Related posts",
    "Cyclists demand",
    "cheap flights",
    "All rights reserved",
    "Privacy policy",
    "Most read",
]


def simple_page(title: str, paragraphs: list[str], section: str = "News", date: str = "2024-01-15") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title><meta property='article:section' content='{section}'>"
        f"<meta property='article:published_time' content='{date}'></head>"
        f"<body><nav><a href='/'>Home</a> <a href='/x'>Other</a></nav><article><h1>{title}</h1>{body}"
        f"</article><footer>Footer text here</footer></body></html>"
    )


ARTICLE = [
    "The regional rail operator announced a new timetable that adds twelve trains a day between the "
    "two cities, starting in the spring.",
    "Passenger groups welcomed the change but said fares should also be reviewed before the summer.",
]


def write_csv(path: Path, rows: list[dict], delimiter: str = ",", compress: bool = False) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def write_jsonl(path: Path, objects: list, compress: bool = False) -> Path:
    lines = [o if isinstance(o, bytes) else json.dumps(o).encode() for o in objects]
    data = b"\n".join(lines) + b"\n"
    path.write_bytes(gzip.compress(data) if compress else data)
    return path


def good_rows(n: int, start: int = 0) -> list[dict]:
    words = ["Shocking", "Council", "You", "Budget", "Best", "Rail", "Never", "School"]
    return [
        {
            "id": f"a{i}",
            "title": f"{words[i % len(words)]} story number {i} about the town" + ("!" if i % 3 == 0 else ""),
            "text": " ".join(["word"] * (i % 40 + 5)) + "." if i % 2 else "",
            "published": f"2024-{(i % 6) + 1:02d}-1{i % 9}",
            "section": ["Local", "Sport", "World"][i % 3],
            "author": ["Ann", "Bob"][i % 2],
            "url": f"https://ex.example/{i}",
        }
        for i in range(start, start + n)
    ]


def write_warc(
    path: Path, pages: list[tuple[str, str]], truncate_last: bool = False, gzip_records=False
) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip_records)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    for url, page in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(page.encode()), http_headers=headers
            )
        )
    image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://ex.example/logo.png", "response", payload=io.BytesIO(b"\x89PNG...."), http_headers=image
        )
    )
    data = buffer.getvalue()
    if truncate_last:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        tail = io.BytesIO()
        WARCWriter(tail, gzip=gzip_records).write_record(
            WARCWriter(tail).create_warc_record(
                "https://ex.example/cut",
                "response",
                payload=io.BytesIO(NEWS_PAGE.encode()),
                http_headers=headers,
            )
        )
        data += tail.getvalue()[:-400]
    path.write_bytes(data)
    return path
