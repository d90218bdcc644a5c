/* Headline Inspector page: the body panel (readability, consistency, spoiler, hardest sentences). */

import { $, el } from "./dom.js";
import { Wording, capitalise, isNumber, isObject, plural } from "./format.js";
import { cleanSpans, markUp } from "./highlight.js";

const BODY_RENDER_LIMIT = 20000; // characters of the body drawn with highlights
const HARD_GRADE = 8; // news copy aims at about grade 8: only sentences above it are marked hard

/** Evidence sentences at or above the similarity the core states, as a list (or null). */
function evidenceList(items, floor) {
  if (!Array.isArray(items)) return null;
  const kept = items.filter((v) => isObject(v) && typeof v.text === "string"
    && (!isNumber(floor) || !isNumber(v.score) || v.score >= floor));
  if (!kept.length) return null;
  return el("ul", { class: "evidence" }, kept.slice(0, 3).map((v) => el("li", {}, el("q", {}, v.text))));
}

function renderBody(body, bodyText, headlineClickbait) {
  const panel = $("body-panel");
  if (!isObject(body)) {
    panel.hidden = true;
    return;
  }
  panel.hidden = false;
  const read = isObject(body.readability) ? body.readability : {};
  const stats = [];
  const grade = isNumber(read.consensus_grade) ? read.consensus_grade : read.flesch_kincaid_grade;
  if (isNumber(grade)) stats.push(["Reading grade", `${Math.round(grade * 10) / 10} · ${Wording.gradeWords(grade)}`]);
  const time = Wording.readingTime(read.reading_time_minutes);
  if (time) stats.push(["Reading time", time]);
  if (isNumber(read.flesch_reading_ease)) stats.push(["Reading ease", `${Math.round(read.flesch_reading_ease)} / 100`]);
  if (isNumber(read.words)) stats.push(["Words", read.words.toLocaleString("en")]);
  if (isNumber(read.sentences)) stats.push(["Sentences", read.sentences.toLocaleString("en")]);
  const article = isObject(body.article_clickbait) && isNumber(body.article_clickbait.probability)
    ? body.article_clickbait.probability : null;
  if (article !== null) stats.push(["Clickbait, with the body", `${Wording.percent(article)} likely`]);
  if (!stats.length && body.reason) stats.push(["Status", String(body.reason)]);
  $("body-stats").replaceChildren(...stats.map(([k, v]) => el("div", { class: "stat" }, el("dt", {}, k), el("dd", {}, v))));

  const parts = [];
  const c = body.consistency;
  if (isObject(c)) {
    if (c.computed === false) {
      parts.push(el("p", { class: "consistency muted-box" }, el("strong", {}, "Headline and body: "),
        `not checked${c.reason ? ` (${c.reason})` : ""}.`));
    } else {
      parts.push(el("p", { class: "consistency", dataset: { label: String(c.label || "") } },
        el("strong", {}, "Headline and body: "), Wording.consistencyFinding(c.label, c.probabilities)));
      const floor = isNumber(c.evidence_min_similarity) ? c.evidence_min_similarity : null;
      const supporting = evidenceList(c.supporting, floor);
      const contradicting = evidenceList(c.contradicting, floor);
      if (supporting) parts.push(el("p", { class: "evidence-title" }, "Sentences that back the headline:"), supporting);
      if (contradicting) parts.push(el("p", { class: "evidence-title" }, "Sentences that may contradict it:"), contradicting);
      if ((supporting || contradicting) && floor !== null) {
        parts.push(el("p", { class: "hint", id: "evidence-note" },
          `Only sentences that closely match the headline are listed (similarity ${floor.toFixed(2)} or more, out of 1).`));
      }
    }
  }
  const spoiler = isObject(body.spoiler) && body.spoiler.found !== false && typeof body.spoiler.text === "string"
    ? body.spoiler : null;
  if (spoiler) {
    const where = Wording.answerPosition(spoiler.position);
    parts.push(el("p", { class: "spoiler" }, el("strong", {}, "Where the body answers the headline: "),
      where ? `${capitalise(where)}: ` : "", el("q", {}, spoiler.text)));
  }
  if (article !== null && isObject(headlineClickbait) && isNumber(headlineClickbait.probability)) {
    parts.push(el("p", { class: "hint", id: "article-note" },
      `Taking the body into account, the article is ${Wording.likelyClickbait(article)}; `
      + `the headline alone is ${Wording.percent(headlineClickbait.probability)}.`));
  }
  $("consistency").replaceChildren(...parts);

  const hardest = Array.isArray(read.hardest_sentences)
    ? read.hardest_sentences.filter((s) => isObject(s) && (!isNumber(s.grade) || s.grade > HARD_GRADE)) : [];
  const shown = bodyText.slice(0, BODY_RENDER_LIMIT);
  const spans = cleanSpans(hardest, shown.length, (s) => [s.start, s.end]);
  const nodes = markUp(shown, spans, (span, text) => el("mark", { class: "hard", tabindex: "0" }, text,
    el("span", { class: "grade-badge" }, isNumber(span.item.grade) ? `grade ${Math.round(span.item.grade * 10) / 10}` : "hard")));
  if (bodyText.length > shown.length) nodes.push(el("span", { class: "hint" }, ` … (${plural(bodyText.length - shown.length, "more character")} not shown)`));
  const view = $("body-view");
  view.replaceChildren(...nodes);
  // Bring the first highlight into the scroll box (the box only: the page itself must not jump).
  const first = view.querySelector("mark.hard");
  view.scrollTop = first ? Math.max(0, first.offsetTop - 16) : 0;
  $("body-legend").textContent = hardest.length
    ? `${hardest.length === 1 ? "The sentence" : `The ${hardest.length} sentences`} hardest to read (above school grade ${HARD_GRADE}) ${hardest.length === 1 ? "is" : "are"} highlighted, with ${hardest.length === 1 ? "its" : "their"} grade. Headings, contents and lists of links are not counted.`
    : `No sentence is harder than school grade ${HARD_GRADE}.`;
}

export { renderBody };
