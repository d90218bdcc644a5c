"""Hostile input to the analysis core and to every audit reader: bounded time and memory, a clear error.

Properties (hypothesis, bounded example counts): for arbitrary text the core returns a result or
raises ``InvalidInput`` (nothing else); for arbitrary bytes saved as CSV, TSV, JSONL, HTML or WARC
(plain or gzip) every reader yields ``Record`` objects (an unreadable one carries ``error``) or
raises ``UnsupportedFormat`` for the whole input, and HTML extraction never raises. Bombs (deep
JSON, deep HTML, an enormous attribute, gzip bombs) run in a forked child whose peak RSS and wall
time are measured, so a bomb that blew up could not take the test process with it.
"""

from __future__ import annotations

import gzip
import io
import json
import multiprocessing
import os
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.analysis import MAX_BODY_CHARS, MAX_HEADLINE_CHARS, analyze, analyze_batch
from service.audit import readers
from service.audit.extract import extract_article
from service.exceptions import InvalidInput, UnsupportedFormat

FAST = settings(
    max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
TEXT = st.text(st.characters(codec=None), max_size=300)  # any code point, surrogates included


# --- the analysis core -------------------------------------------------------------------------


@FAST
@given(headline=TEXT, body=st.none() | TEXT)
def test_core_answers_or_rejects_any_text(tiny_model, headline, body):
    try:
        result = analyze(tiny_model, headline, body=body)
    except InvalidInput as exc:
        assert exc.detail and exc.status == 422
        return
    assert result["model_version"] == tiny_model.version
    json.dumps(result, allow_nan=False)  # serialisable: no NaN, no surrogate surprises for jsonify


@FAST
@given(items=st.lists(st.fixed_dictionaries({"headline": TEXT, "body": st.none() | TEXT}), max_size=8))
def test_core_batch_answers_or_rejects(tiny_model, items):
    try:
        results = analyze_batch(tiny_model, items)
    except InvalidInput:
        return
    assert len(results) == len(items)


def test_core_largest_fields_are_bounded_in_time(tiny_model):
    headline = ("Shocking! " * MAX_HEADLINE_CHARS)[:MAX_HEADLINE_CHARS]
    body = ("You won't believe this sentence. " * (MAX_BODY_CHARS // 30))[:MAX_BODY_CHARS]
    started = time.perf_counter()
    result = analyze(tiny_model, headline, body=body)
    assert result["model_version"] == tiny_model.version
    assert time.perf_counter() - started < 60
    with pytest.raises(InvalidInput):
        analyze(tiny_model, headline + "x", body=None)
    with pytest.raises(InvalidInput):
        analyze(tiny_model, "ok", body=body + "x")


# --- the readers -------------------------------------------------------------------------------

SUFFIXES = [".csv", ".tsv", ".jsonl", ".html", ".warc", ".csv.gz", ".jsonl.gz", ".warc.gz"]
SEEDS = [
    b"headline,body\nA headline,A body\n",
    b'{"headline": "A headline", "meta": {"section": "x"}}\n',
    b"<html><head><title>T</title></head><body><article><p>Text</p></article></body></html>",
    b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 10\r\n\r\n",
]


def _drain(path: Path) -> list[readers.Record]:
    try:
        records = list(readers.read_input(path))
    except UnsupportedFormat as exc:
        assert exc.detail
        return []
    for record in records:
        assert isinstance(record, readers.Record)
        assert record.error is None or (isinstance(record.error, str) and record.error)
        extracted = extract_article(record)  # never raises
        assert extracted.error is not None or extracted.headline
    return records


@pytest.mark.parametrize("suffix", SUFFIXES)
@FAST
@given(
    data=st.binary(max_size=2000)
    | st.sampled_from(SEEDS).flatmap(
        lambda seed: st.binary(max_size=200).map(lambda tail: seed[: len(tail) % (len(seed) + 1)] + tail)
    )
)
def test_readers_survive_arbitrary_bytes(tmp_path_factory, suffix, data):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    _drain(path)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
@FAST
@given(text=st.text(st.characters(codec="utf-8"), max_size=500))
def test_readers_survive_arbitrary_unicode(tmp_path_factory, suffix, text):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    head = "headline,body\n" if suffix == ".csv" else ""
    path.write_text(head + text, encoding="utf-8")
    _drain(path)


@FAST
@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
        max_leaves=30,
    )
)
def test_jsonl_any_json_value_is_a_record(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("fuzz") / "input.jsonl"
    path.write_text(json.dumps({"headline": value, "body": value}) + "\n" + json.dumps(value) + "\n")
    records = _drain(path)
    assert len(records) == 2


# --- bombs, in a forked child whose peak memory and time are measured ----------------------------


def _peak_rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _child(path: str, queue) -> None:
    with open("/proc/self/clear_refs", "w") as fh:  # reset the peak RSS to the current RSS
        fh.write("5")
    base = _peak_rss_mb()
    started = time.perf_counter()
    errors, count = [], 0
    try:
        for record in readers.read_input(path):
            count += 1
            record = extract_article(record)
            if record.error:
                errors.append(record.error[:120])
        outcome = "ok"
    except UnsupportedFormat as exc:
        outcome = f"unsupported: {exc.detail}"
    except BaseException as exc:  # reported to the parent, which fails the test
        outcome = f"CRASH {type(exc).__name__}: {exc}"
    queue.put(
        {
            "outcome": outcome,
            "records": count,
            "errors": errors[:5],
            "seconds": time.perf_counter() - started,
            "peak_mb": _peak_rss_mb() - base,
        }
    )


def run_bounded(path: Path, seconds: float = 90) -> dict:
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_child, args=(str(path), queue))
    child.start()
    try:
        result = queue.get(timeout=seconds)
    except Exception:
        child.kill()
        raise AssertionError(f"{path.name}: no answer within {seconds} s") from None
    child.join(timeout=30)
    assert child.exitcode == 0, f"{path.name}: child died with {child.exitcode}"
    assert not result["outcome"].startswith("CRASH"), result
    return result


def _gzip_bomb(path: Path, head: bytes, filler: bytes, total: int) -> Path:
    """``head`` then ``total`` bytes of ``filler``, gzip level 9 (1000:1 or better)."""
    block = filler * (1 << 20 // len(filler))
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(path, "wb") as fh:
        fh.write(compressor.compress(head))
        for _ in range(total // len(block)):
            fh.write(compressor.compress(block))
        fh.write(compressor.flush())
    return path


BOMB_MB = 200  # decompressed size; the compressed file is ~200 KB


@pytest.mark.parametrize(
    ("name", "head", "filler"),
    [
        ("csv-one-huge-field.csv.gz", b'headline,body\n"', b"A"),
        ("jsonl-one-huge-line.jsonl.gz", b'{"headline": "', b"A"),
        ("page.html.gz", b"<html><body><p>", b"A"),
    ],
)
def test_gzip_bombs_are_bounded(tmp_path, name, head, filler):
    path = _gzip_bomb(tmp_path / name, head, filler, BOMB_MB << 20)
    assert path.stat().st_size < 2_000_000
    result = run_bounded(path, seconds=120)
    # Memory must not follow the 200 MB line (before the fix of read_csv: 400 MB peak).
    assert result["peak_mb"] < 150, result
    assert result["errors"], result  # a clear per-record error, not a 200 MB headline
    if name.endswith(".html.gz"):
        assert result["errors"] == [f"page larger than {readers.MAX_PAGE_BYTES} bytes"], result


def test_gzip_bomb_inside_a_warc_is_bounded(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "bomb.warc.gz"
    payload = b"<html><head><title>Bomb</title></head><body>" + b"<p>A</p>" * (8 << 20)
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://example.org/a", "response", payload=io.BytesIO(payload), http_headers=headers
            )
        )
    result = run_bounded(path)
    assert result["peak_mb"] < 400, result
    assert any("larger than" in e for e in result["errors"]), result


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.jsonl", b"[" * 200_000 + b"\n" + b'{"a":' * 100_000 + b"\n"),
        ("deep-div.html", b"<html><head><title>Deep</title></head><body>" + b"<div>" * 200_000),
        (
            "huge-attribute.html",
            b'<html><head><title>T</title></head><body><p class="'
            + b"x" * 4_900_000
            + b'">Text</p></body></html>',
        ),
        ("many-attributes.html", b"<html><body><p " + b" ".join(b"a%d=1" % i for i in range(300_000)) + b">"),
        ("deep-json-in-csv.csv", b"headline,body\n" + b"[" * 500_000 + b",x\n"),
        ("nul-bytes.csv", b"headline,body\n\x00\x00,\x00\n"),
        ("bad-utf8.jsonl", b'{"headline": "\xff\xfe"}\n'),
    ],
)
def test_structural_bombs_are_bounded(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = run_bounded(path)
    assert result["peak_mb"] < 400, result
    assert result["seconds"] < 60, result  # 300,000 attributes took hours in libxml2 before the guard
    if name == "many-attributes.html":
        assert "attributes" in result["errors"][0], result


def test_jsonl_deep_nesting_is_a_clear_error(tmp_path):
    path = tmp_path / "deep.jsonl"
    path.write_bytes(b"[" * 100_000 + b"]" * 100_000 + b"\n")
    (record,) = readers.read_input(path)
    assert record.error.startswith("invalid JSON") or "object" in record.error


def test_no_fd_or_child_leak_after_hostile_inputs(tmp_path):
    before = len(os.listdir("/proc/self/fd"))
    for suffix in SUFFIXES:
        path = tmp_path / f"x{suffix}"
        path.write_bytes(os.urandom(3000))
        _drain(path)
    assert len(os.listdir("/proc/self/fd")) <= before


# --- the work of parsing one page is bounded before the parser sees it (issue 12 item 6) ---------

_NAMES = [
    a + b + c
    for a in "abcdefghijklmnopqrstuvwxyz"
    for b in "abcdefghijklmnopqrstuvwxyz"
    for c in "abcdefghijklmnopqrstuvwxyz"
]
_HEAD = b"<html><head><title>A title for this page</title></head><body>"


def _attributes(n: int, sep: bytes = b" ", value: bytes = b"") -> bytes:
    return sep.join(name.encode() + value for name in _NAMES[:n])


ATTRIBUTE_BOMBS = {
    # The attack: 60 tags of 4,900 distinct attributes, each tag under 20,000 characters (27 s before).
    "below-the-old-tag-check.html": (
        _HEAD + (b"<p " + _attributes(4900, b" ")[:19_500] + b">x</p>") * 60,
        "more than 1000 attributes",
    ),
    # Every tag just under the per-tag limit, as many as fit in an accepted page: the pairs add up.
    "pairs.html": (_HEAD + (b"<p " + _attributes(999) + b">x</p>") * 1200, "pairwise checks"),
    # Attributes hidden from a naive tag scanner: after a quoted ">", after a "<", glued by quotes.
    "after-quoted-gt.html": (_HEAD + b'<p title=">" ' + _attributes(4900) + b">x</p>", "1000 attributes"),
    "after-lt.html": (_HEAD + b"<p x< " + _attributes(4900) + b">x</p>", "1000 attributes"),
    "glued.html": (_HEAD + b"<p " + _attributes(4900, b"", b'=""') + b">x</p>", "1000 attributes"),
    # Many small tags: attributes (tree nodes) and tag bytes per page.
    "many-attributes.html": (_HEAD + (b"<i " + _attributes(60) + b">x</i>") * 4000, "attributes in the page"),
    "tag-bytes.html": (_HEAD + (b'<i title="' + b"v" * 4000 + b'">x</i>') * 800, "bytes of tags"),
}


@pytest.mark.parametrize("name", sorted(ATTRIBUTE_BOMBS))
def test_attribute_bombs_are_refused_by_counted_work(tmp_path, name):
    from service.audit.pagework import page_cost

    content, reason = ATTRIBUTE_BOMBS[name]
    assert len(content) <= readers.MAX_PAGE_BYTES  # an accepted page size
    assert page_cost(content).refusal() is not None  # refused by what was counted, before parsing
    path = tmp_path / name
    path.write_bytes(content)
    result = run_bounded(path)  # the generous guard: a forked child, 90 s
    assert result["records"] == 1 and reason in result["errors"][0], result
    assert result["seconds"] < 60, result


def test_the_largest_accepted_work_is_bounded():
    """Pages at each limit pass; their counted work is what the limits allow, and no more."""
    from service.audit.pagework import (
        MAX_PAGE_ATTRIBUTE_PAIRS,
        MAX_PAGE_ATTRIBUTES,
        MAX_PAGE_TAG_BYTES,
        MAX_TAG_ATTRIBUTES,
        page_cost,
    )

    tag = b"<p " + _attributes(MAX_TAG_ATTRIBUTES) + b">x</p>"
    widest = _HEAD + tag * 25
    cost = page_cost(widest)
    assert cost.refusal() is None and cost.largest_tag == MAX_TAG_ATTRIBUTES
    assert cost.attribute_pairs == 25 * MAX_TAG_ATTRIBUTES * (MAX_TAG_ATTRIBUTES - 1) // 2
    assert cost.attribute_pairs <= MAX_PAGE_ATTRIBUTE_PAIRS < page_cost(widest + tag).attribute_pairs
    assert cost.attributes <= MAX_PAGE_ATTRIBUTES and cost.tag_bytes <= MAX_PAGE_TAG_BYTES
    record = extract_article(readers.Record("t", "file", page=widest))
    assert record.error is None and record.headline == "A title for this page"


_FRAGMENTS = st.sampled_from(
    [
        "<p",
        "<DIV",
        "<script>",
        "</script>",
        "<style>",
        "</style",
        "<!--",
        "-->",
        "--!>",
        "<!-->",
        "<!",
        "<?",
        "</",
        " ",
        "\t",
        "a",
        "b",
        "=",
        '"',
        "'",
        ">",
        "<",
        "/",
        "x",
        "\n",
        "<i ",
        "c=1 ",
        "d='>' ",
        'e="<b f>" ',
    ]
)


@settings(
    max_examples=300, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)
@given(parts=st.lists(_FRAGMENTS, max_size=60))
def test_counted_attributes_never_undercount_the_parser(parts):
    """What ``page_cost`` counts bounds what lxml (trafilatura's parser) builds, on any tag soup."""
    import lxml.html
    from lxml import etree

    from service.audit.pagework import page_cost

    page = _HEAD + "".join(parts).encode()
    cost = page_cost(page)
    root = etree.fromstring(page, lxml.html.HTMLParser())
    if root is None:
        return
    per_element = [len(el.attrib) for el in root.iter() if isinstance(el.tag, str)]
    assert sum(per_element) <= cost.attributes, (page, cost)
    assert max(per_element, default=0) <= cost.largest_tag, (page, cost)


def _slow_extraction(*args, **kwargs):
    ends = time.monotonic() + 30  # busy Python: what a pathological page does inside trafilatura
    while time.monotonic() < ends:
        pass
    return None


@pytest.mark.parametrize("in_thread", [False, True])  # process-pool workers, and Dask's worker threads
def test_a_page_over_its_time_budget_is_an_error_record(monkeypatch, in_thread):
    import threading

    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", _slow_extraction)
    record = readers.Record("t", "file", page=_HEAD + b"<p>Text</p>")
    out = {}

    def run():
        started = time.monotonic()
        out["record"] = extract_article(record, seconds=0.5)
        out["seconds"] = time.monotonic() - started

    if in_thread:
        worker = threading.Thread(target=run)
        worker.start()
        worker.join(60)
    else:
        run()
    assert out["record"].error == "page took longer than 0.5 s to extract"
    assert out["seconds"] < 20  # the guard: the slow extraction alone runs 30 s
    time.sleep(0.7)  # no late exception arrives after the budget was withdrawn
