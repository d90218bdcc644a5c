"""Bounding the work of parsing one page, before and during extraction.

libxml2 compares each attribute name of a tag with the ones before it, inside one C call
that no timer can interrupt; so ``page_cost`` counts that work on the page's bytes first and
``PageCost.refusal`` refuses a page over the limits. Python-level work in trafilatura is
bounded by ``time_budget``. Together they keep one page under the documented 60 s
(docs/reliability.md) whatever the page holds, up to the accepted 5 MB.
"""

from __future__ import annotations

import contextlib
import ctypes
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "EXTRACT_SECONDS",
    "MAX_PAGE_ATTRIBUTES",
    "MAX_PAGE_ATTRIBUTE_PAIRS",
    "MAX_PAGE_TAG_BYTES",
    "MAX_TAG_ATTRIBUTES",
    "PageCost",
    "PageTimeout",
    "page_cost",
    "time_budget",
]

# libxml2 compares each attribute name of a tag with the ones before it: n attributes cost
# n(n-1)/2 comparisons, all inside one C call no timer can interrupt. So the work a page can
# cause is bounded before it is parsed: attributes per tag, attribute pairs per page (the
# quadratic part, about 0.3 s at the limit on a loaded 2-core machine), attributes and bytes
# of tags per page (memory: every attribute becomes a node), and then wall time in Python.
MAX_TAG_ATTRIBUTES = 1000
MAX_PAGE_ATTRIBUTE_PAIRS = 12_500_000
MAX_PAGE_ATTRIBUTES = 200_000
MAX_PAGE_TAG_BYTES = 3_000_000
EXTRACT_SECONDS = 20.0  # per page, Python-level work in trafilatura; well under docs' 60 s
# Tags are read the way the HTML5 tokenizer (libxml2 >= 2.14) reads them: an attribute name
# runs to whitespace, "/", ">" or "=" (quotes and "<" included; it may start with "="), a value
# follows "=" and only a quoted value may hold ">". End tags are counted too. The count is
# never below what the parser builds; tests/reliability checks that against lxml on tag soup.
_ATTRIBUTE_TOKEN = rb"""(?:=[^\s/>=]*|[^\s/>=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?"""
_ATTRIBUTE = re.compile(_ATTRIBUTE_TOKEN)
_TAG_START = re.compile(rb"<(?:(/?)([A-Za-z][^\s/>]*)|(!--)|[!?/])")  # a tag, a comment, a bogus comment
_COMMENT_END = re.compile(rb"--!?>")
_GT_OR_QUOTE = re.compile(rb"[>\"']")
_SPACE = b" \t\n\r\f"
_RAW_TEXT = {b"script": re.compile(rb"</script", re.I), b"style": re.compile(rb"</style", re.I)}


@dataclass(frozen=True)
class PageCost:
    """What parsing a page will cost, counted on its bytes before any parser sees them."""

    tags: int = 0
    attributes: int = 0
    attribute_pairs: int = 0  # sum over tags of n(n-1)/2 for n attributes
    tag_bytes: int = 0
    largest_tag: int = 0  # attributes of the tag with the most

    def refusal(self) -> str | None:
        """Why the page is refused, or None when parsing it stays within the limits."""
        if self.largest_tag > MAX_TAG_ATTRIBUTES:
            return f"a tag with more than {MAX_TAG_ATTRIBUTES} attributes"
        if self.attribute_pairs > MAX_PAGE_ATTRIBUTE_PAIRS:
            return f"tags whose attributes need over {MAX_PAGE_ATTRIBUTE_PAIRS} pairwise checks"
        if self.attributes > MAX_PAGE_ATTRIBUTES:
            return f"more than {MAX_PAGE_ATTRIBUTES} attributes in the page"
        if self.tag_bytes > MAX_PAGE_TAG_BYTES:
            return f"more than {MAX_PAGE_TAG_BYTES} bytes of tags"
        return None


def page_cost(page: bytes) -> PageCost:
    """Count tags, attributes, attribute pairs and tag bytes of ``page`` in one linear scan.

    Comments and the text of ``<script>``/``<style>`` are skipped (no parser makes
    attributes of them); everything else that starts like a tag is counted as one.
    Regular expressions only find and count; no repeated group spans a tag, so memory
    stays flat however many attributes a tag holds.
    """
    tags = attributes = pairs = tag_bytes = largest = 0
    position = 0
    while match := _TAG_START.search(page, position):
        name = match.group(2)
        if name is None and match.group(3) is None:  # "<!x", "<?x", "</3": text up to ">"
            closing = page.find(b">", match.end())
            position = closing + 1 if closing >= 0 else len(page)
            continue
        if name is None:  # a comment: "<!-->" and "<!--->" close at once, as in HTML5
            rest = page[match.end() : match.end() + 2]
            if rest.startswith(b">") or rest == b"->":
                position = match.end() + rest.index(b">") + 1
            else:
                comment_end = _COMMENT_END.search(page, match.end())
                position = comment_end.end() if comment_end else len(page)
            continue
        after_name = match.end()
        if page[after_name : after_name + 1] == b">":  # "<p>", "</div>": the most common tags
            end, n = after_name + 1, 0
        else:
            end = _tag_end(page, after_name)
            n = sum(1 for _ in _ATTRIBUTE.finditer(page, after_name, end))
        tags += 1
        tag_bytes += end - match.start()
        attributes += n
        pairs += n * (n - 1) // 2
        largest = max(largest, n)
        position = end
        raw_end = None if match.group(1) else _RAW_TEXT.get(name.lower())
        if raw_end is not None:  # a start tag of raw text: no tags inside until its end tag
            end_tag = raw_end.search(page, position)
            position = end_tag.start() if end_tag else len(page)
    return PageCost(tags, attributes, pairs, tag_bytes, largest)


def _tag_end(page: bytes, position: int) -> int:
    """Index just past the ">" that ends a tag whose attributes start at ``position``.

    A quote opens a value only right after "=" (spaces allowed); elsewhere it is part of
    a name. An unclosed value runs to the end of the page, as in HTML5.
    """
    start = position
    while found := _GT_OR_QUOTE.search(page, position):
        at = found.start()
        if page[at] == 0x3E:  # ">"
            return at + 1
        before = at - 1
        while before >= start and page[before] in _SPACE:
            before -= 1
        if before >= start and page[before] == 0x3D:  # "=": a quoted value
            closing = page.find(page[at : at + 1], at + 1)
            if closing < 0:
                return len(page)
            position = closing + 1
        else:
            position = at + 1
    return len(page)


class PageTimeout(BaseException):
    """Raised inside the extracting thread when a page uses up its time budget.

    A ``BaseException``, like ``KeyboardInterrupt``, so no ``except Exception`` in a
    library swallows it.
    """


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise ``PageTimeout`` in this thread once ``seconds`` have passed inside the block.

    A watchdog thread delivers the exception asynchronously, so it works in any thread (a
    process-pool worker, a Dask worker thread) and interrupts Python-level loops; C calls
    finish first, which is why ``page_cost`` bounds the work of the C parser beforehand.
    """
    target = threading.get_ident()
    lock = threading.Lock()
    state = {"inside": True, "fired": False}

    def fire() -> None:
        with lock:
            if state["inside"]:
                state["fired"] = True
                _set_async_exc(target, PageTimeout)

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["inside"] = False
            if state["fired"]:
                _set_async_exc(target, None)  # not delivered yet: withdraw it
        timer.cancel()
    if state["fired"]:
        raise PageTimeout


def _set_async_exc(thread_id: int, exc: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exc) if exc is not None else None
    )
