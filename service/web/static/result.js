/* Headline Inspector page: one result's meters, marked-up headline, triggers and suggestions. */

import { $, el } from "./dom.js";
import { BANDS, LEVELS, Wording, capitalise, isNumber, isObject, percent, plural } from "./format.js";
import { cleanSpans, markUp } from "./highlight.js";

function setBar(bar, value, text) {
  const fill = bar.querySelector(".fill");
  const pct = value === null ? 0 : value;
  fill.style.width = `${pct}%`;
  bar.setAttribute("aria-valuenow", String(pct));
  bar.setAttribute("aria-valuetext", text);
}

function renderOverview(result) {
  const quality = isObject(result.quality) ? result.quality : {};
  const band = BANDS[quality.band] ? quality.band : "";
  $("score").dataset.band = band;
  $("score-value").textContent = isNumber(quality.score) ? String(Math.round(quality.score)) : "–";
  $("score-band").textContent = BANDS[band] || "";

  const clickbait = isObject(result.clickbait) ? result.clickbait : {};
  const cbPct = percent(clickbait.probability);
  const cbLevel = LEVELS[clickbait.level] ? clickbait.level : "";
  $("meter-clickbait").dataset.level = cbLevel;
  $("clickbait-level").textContent = LEVELS[cbLevel] || "Unknown";
  const cbText = cbPct === null ? "not available" : Wording.likelyClickbait(clickbait.probability);
  $("clickbait-note").textContent = cbText;
  setBar($("clickbait-bar"), cbPct, `${cbText}, ${LEVELS[cbLevel] || "unknown"} level`);

  const sens = isObject(result.sensationalism) ? result.sensationalism : {};
  const sPct = percent(sens.score);
  const sLevel = LEVELS[sens.level] ? sens.level : "";
  $("meter-sensational").dataset.level = sLevel;
  $("sensational-level").textContent = LEVELS[sLevel] || "Unknown";
  const triggers = Array.isArray(sens.triggers) ? sens.triggers.length : 0;
  const sText = sPct === null ? "not available" : `score ${sPct}/100 · ${plural(triggers, "trigger")}`;
  $("sensational-note").textContent = capitalise(sText);
  setBar($("sensational-bar"), sPct, `${sText}, ${LEVELS[sLevel] || "unknown"} level`);
}

const categoryName = (category) => Wording.categoryName(category);

function categoryClass(category) {
  return Wording.isKnownCategory(category) ? `cat-${category}` : "cat-other";
}

function renderHeadline(headline, sensationalism) {
  const triggers = isObject(sensationalism) && Array.isArray(sensationalism.triggers)
    ? sensationalism.triggers.filter(isObject) : [];
  const spans = cleanSpans(triggers, headline.length, (t) => [t.start, t.end]);
  let n = 0;
  const nodes = markUp(headline, spans, (span, text) => {
    const t = span.item;
    const tipId = `tip-${++n}`;
    return el("mark", {
      class: `trigger ${categoryClass(t.category)}`, tabindex: "0", "aria-describedby": tipId,
      dataset: { category: t.category || "other" },
    }, text, el("span", { class: "tip", role: "tooltip", id: tipId },
      el("strong", {}, categoryName(t.category)), ": ", t.explanation || "flagged", ". ",
      t.advice ? el("span", { class: "advice" }, t.advice) : null));
  });
  $("headline-view").replaceChildren(...nodes);

  const list = $("trigger-list");
  list.replaceChildren(...triggers.map((t) => el("li", { class: categoryClass(t.category) },
    el("span", { class: "swatch", "aria-hidden": "true" }),
    el("span", { class: "trigger-text" }, `“${t.text || headline.slice(t.start, t.end)}”`), " ",
    el("span", { class: "category" }, categoryName(t.category)), " — ",
    t.explanation || "", t.advice ? ". " : "", t.advice ? el("em", {}, t.advice) : null)));
  $("triggers-hint").textContent = triggers.length
    ? "Hover over or tab to a marked phrase to see why it is flagged and what to do."
    : "No sensational or clickbait triggers found.";
}

function renderSuggestions(headline, quality) {
  const suggestions = isObject(quality) && Array.isArray(quality.suggestions)
    ? quality.suggestions.filter(isObject) : [];
  const items = suggestions.map((s) => {
    const severity = LEVELS[s.severity] ? s.severity : "low";
    const li = el("li", { class: "suggestion", dataset: { severity, id: s.id || "" } },
      el("span", { class: "severity" }, LEVELS[severity]),
      el("span", { class: "message" }, s.message || s.id || "Suggestion"));
    const span = Array.isArray(s.span) ? s.span : null;
    if (span && isNumber(span[0]) && isNumber(span[1]) && span[0] >= 0 && span[1] <= headline.length && span[1] > span[0]) {
      const before = headline.slice(Math.max(0, span[0] - 24), span[0]);
      const after = headline.slice(span[1], span[1] + 24);
      li.append(el("span", { class: "context" },
        el("span", { class: "visually-hidden" }, "About: "),
        span[0] > 24 ? "…" : "", before,
        el("mark", { class: "focus" }, headline.slice(span[0], span[1])),
        after, span[1] + 24 < headline.length ? "…" : ""));
    }
    if (typeof s.replacement === "string" && s.replacement) {
      li.append(el("span", { class: "replacement" }, "Try: ", el("q", {}, s.replacement)));
    }
    return li;
  });
  $("suggestions").replaceChildren(...items);
  $("no-suggestions").hidden = items.length > 0;
}

export { renderOverview, renderHeadline, renderSuggestions };
