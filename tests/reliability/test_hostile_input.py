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

FAST = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
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
@given(data=st.binary(max_size=2000) | st.sampled_from(SEEDS).flatmap(
    lambda seed: st.binary(max_size=200).map(lambda tail: seed[: len(tail) % (len(seed) + 1)] + tail)))
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
@given(value=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30))
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
    queue.put({"outcome": outcome, "records": count, "errors": errors[:5],
               "seconds": time.perf_counter() - started, "peak_mb": _peak_rss_mb() - base})


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
        ("csv-one-huge-field.csv.gz", b"headline,body\n\"", b"A"),
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
        writer.write_record(writer.create_warc_record("https://example.org/a", "response",
                                                      payload=io.BytesIO(payload), http_headers=headers))
    result = run_bounded(path)
    assert result["peak_mb"] < 400, result
    assert any("larger than" in e for e in result["errors"]), result


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.jsonl", b"[" * 200_000 + b"\n" + b'{"a":' * 100_000 + b"\n"),
        ("deep-div.html", b"<html><head><title>Deep</title></head><body>" + b"<div>" * 200_000),
        ("huge-attribute.html", b'<html><head><title>T</title></head><body><p class="'
         + b"x" * 4_900_000 + b'">Text</p></body></html>'),
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
