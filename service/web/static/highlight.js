/* Headline Inspector page: marking spans of a text (triggers in a headline, hard sentences in a body). */

import { isNumber } from "./format.js";

/** Non-overlapping, in-range spans sorted by start (a later overlapping one is dropped). */
function cleanSpans(items, length, getSpan) {
  const spans = [];
  for (const item of items) {
    const span = getSpan(item);
    if (!Array.isArray(span) || !isNumber(span[0]) || !isNumber(span[1])) continue;
    const [start, end] = span;
    if (start < 0 || end > length || end <= start) continue;
    spans.push({ start, end, item });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  let cursor = 0;
  for (const span of spans) {
    if (span.start < cursor) continue;
    kept.push(span);
    cursor = span.end;
  }
  return kept;
}

/** Text with some spans wrapped by makeMark(span, text) -> Node. */
function markUp(text, spans, makeMark) {
  const nodes = [];
  let cursor = 0;
  for (const span of spans) {
    if (span.start > cursor) nodes.push(document.createTextNode(text.slice(cursor, span.start)));
    nodes.push(makeMark(span, text.slice(span.start, span.end)));
    cursor = span.end;
  }
  if (cursor < text.length) nodes.push(document.createTextNode(text.slice(cursor)));
  return nodes;
}

export { cleanSpans, markUp };
