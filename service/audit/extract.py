"""HTML extraction: a page's raw bytes become headline, body and metadata, in the workers."""

from __future__ import annotations

import dataclasses
import re

from service.audit.readers.record import Record, clean

__all__ = ["MAX_TAG_ATTRIBUTES", "extract_article"]

# libxml2 checks attribute names pairwise: a tag with 100,000 attributes takes hours to parse.
MAX_TAG_ATTRIBUTES = 1000
_LONG_TAG = re.compile(rb"<[A-Za-z][^<>]{20000,}")


def extract_article(record: Record) -> Record:
    """Fill headline, body and metadata of an HTML record from its page, with trafilatura.

    Navigation, cookie banners, sidebars, related links, ads and footers are left
    out; metadata already on the record (URL and date from a WARC) wins over the
    page's. A page without an article becomes an error record. Never raises.
    """
    if record.page is None or record.error is not None:
        return record
    if any(len(tag.group(0).split()) > MAX_TAG_ATTRIBUTES for tag in _LONG_TAG.finditer(record.page)):
        return dataclasses.replace(
            record, page=None, error=f"broken HTML: a tag with more than {MAX_TAG_ATTRIBUTES} attributes"
        )
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
    categories = doc.get("categories") or []
    section = clean(categories[0]) if isinstance(categories, list) and categories else clean(categories)
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
