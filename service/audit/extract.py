"""HTML extraction: a page's raw bytes become headline, body and metadata, in the workers."""

from __future__ import annotations

import dataclasses

from service.audit.pagework import EXTRACT_SECONDS, PageTimeout, page_cost, time_budget
from service.audit.readers.record import Record, clean

__all__ = ["extract_article"]


def extract_article(record: Record, seconds: float = EXTRACT_SECONDS) -> Record:
    """Fill headline, body and metadata of an HTML record from its page, with trafilatura.

    Navigation, cookie banners, sidebars, related links, ads and footers are left
    out; metadata already on the record (URL and date from a WARC) wins over the
    page's. A page without an article, one over the parsing limits (``PageCost``) and
    one that takes longer than ``seconds`` become error records. Never raises.
    """
    if record.page is None or record.error is not None:
        return record
    refusal = page_cost(record.page).refusal()
    if refusal is not None:
        return dataclasses.replace(record, page=None, error=f"broken HTML: {refusal}")
    try:
        with time_budget(seconds):
            return _extract(record)
    except PageTimeout:
        return dataclasses.replace(record, page=None, error=f"page took longer than {seconds:g} s to extract")


def _extract(record: Record) -> Record:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            record.page,
            url=record.url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
        )
    except Exception as exc:
        return dataclasses.replace(record, page=None, error=f"broken HTML: {type(exc).__name__}: {exc}"[:300])
    if doc is None:
        return dataclasses.replace(record, page=None, error="no article found in the page")
    doc = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    title = clean(doc.get("title"))
    body = clean(doc.get("text"))
    if title and body and body.startswith(title):
        body = body[len(title) :].lstrip() or None
    if not title:
        return dataclasses.replace(record, page=None, error="no headline (title) found in the page")
    section = _first(doc.get("categories"))
    url = record.url or clean(doc.get("url"))
    return dataclasses.replace(
        record,
        page=None,
        headline=title,
        body=body,
        url=url,
        date=clean(doc.get("date")) or record.date,  # publication date beats a WARC's crawl date
        section=record.section or section,
        author=record.author or clean(doc.get("author")),
        id=record.id or url,
    )


def _first(values) -> str | None:
    """The first non-empty value of a list (trafilatura's categories), or the value itself."""
    if isinstance(values, (list, tuple)):
        return next((v for v in map(clean, values) if v), None)
    return clean(values)
