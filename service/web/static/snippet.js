/* Headline Inspector page: the description a search result shows under the title.

   A body pasted from a web page often starts with page furniture: a table of contents, a heading,
   a bullet of links. A search engine's snippet is the article's prose, so the preview starts at the
   first prose paragraph and reads on through the following prose paragraphs, skipping furniture.
   The rule mirrors the core's `is_prose` (service/model/readability.py) on whole lines, kept small:
   a line is furniture when it holds a link, ends in a dot leader or page number ("Results ..... 12"),
   is a list item that does not end like a sentence, is short (12 words or fewer) without a sentence
   ending, or is written in capitals. A body with no prose line at all is shown as it is. */

const SNIPPET_LIMIT = 155; // characters a search result shows before its ellipsis
const HEADING_MAX_WORDS = 12; // as the core: a line this short without a full stop is a heading

const URL = /\b(?:https?:\/\/|www\.)\S+/i;
const DOT_LEADER = /(?:\.{2,}|…|\t)\s*\d+$/;
const LIST_MARKER = /^\s*(?:[-*•·‣▪◦–—>]|\(?(?:\d{1,3}|[A-Za-z]|[ivxIVX]{1,4})[.)])\s+/;
const LINE_END = /[.!?…]["'”’)\]]*$/;
const WORD = /[A-Za-z]+(?:['’][A-Za-z]+)?/g;

function isProseLine(line) {
  if (URL.test(line) || DOT_LEADER.test(line)) return false;
  const endsLikeSentence = LINE_END.test(line);
  if (LIST_MARKER.test(line) && !endsLikeSentence) return false;
  if (!endsLikeSentence && (line.match(WORD) || []).length <= HEADING_MAX_WORDS) return false;
  const letters = line.replace(/[^\p{L}]/gu, "");
  return !(letters.length > 3 && letters === letters.toUpperCase() && letters !== letters.toLowerCase());
}

/* The snippet for `body`: its prose lines from the first one on, spaces collapsed, cut at a word
   before `limit` characters with " …". Empty for an empty body. */
function searchSnippet(body, limit = SNIPPET_LIMIT) {
  const lines = String(body).split("\n").map((line) => line.trim()).filter(Boolean);
  if (!lines.length) return "";
  const prose = lines.filter(isProseLine);
  const text = (prose.length ? prose : lines).join(" ").replace(/\s+/g, " ");
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit);
  const space = cut.lastIndexOf(" ");
  return (space > limit / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:]+$/, "") + " …";
}

export { isProseLine, searchSnippet };
