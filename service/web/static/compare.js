/* Headline Inspector page: compare variants (/v1/compare) and show the ranking. */

import { bodyInput, caseStyle, headlineInput } from "./analyze.js";
import { ApiError, accessProblem, postJson } from "./api.js";
import { $, el, showError } from "./dom.js";
import { BANDS, LEVELS, Wording, isNumber, isObject, percent, plural } from "./format.js";

const config = document.body.dataset;
const MIN_COMPARE = Number(config.minCompare) || 2;
const MAX_COMPARE = Number(config.maxCompare) || 10;

const variants = $("variants");
const template = $("variant-template");

function variantRows() {
  return Array.from(variants.querySelectorAll(".variant"));
}

function renumber() {
  const rows = variantRows();
  rows.forEach((row, i) => {
    const id = `variant-${i + 1}`;
    const input = row.querySelector('[data-slot="input"]');
    const error = row.querySelector('[data-slot="error"]');
    input.id = id;
    error.id = `${id}-error`;
    input.setAttribute("aria-describedby", error.id);
    const label = row.querySelector('[data-slot="label"]');
    label.htmlFor = id;
    label.textContent = `Variant ${i + 1}`;
    input.placeholder = `Variant ${i + 1}`;
    const remove = row.querySelector('[data-slot="remove"]');
    remove.setAttribute("aria-label", `Remove variant ${i + 1}`);
    remove.disabled = rows.length <= MIN_COMPARE;
  });
  $("add-variant").disabled = rows.length >= MAX_COMPARE;
  $("use-current").disabled = false;
}

function addVariant(value) {
  if (variantRows().length >= MAX_COMPARE) return null;
  const row = template.content.firstElementChild.cloneNode(true);
  const input = row.querySelector('[data-slot="input"]');
  input.value = value || "";
  row.querySelector('[data-slot="remove"]').addEventListener("click", () => {
    const rows = variantRows();
    if (rows.length <= MIN_COMPARE) return;
    const index = rows.indexOf(row);
    row.remove();
    renumber();
    const next = variantRows()[Math.min(index, variantRows().length - 1)];
    if (next) next.querySelector('[data-slot="input"]').focus();
  });
  variants.append(row);
  renumber();
  return input;
}

function addCurrentHeadline() {
  const headline = headlineInput.value.trim();
  const status = $("compare-status");
  if (!headline) {
    status.textContent = "Type a headline above first.";
    return;
  }
  const empty = variantRows().map((r) => r.querySelector('[data-slot="input"]')).find((i) => !i.value.trim());
  const input = empty || addVariant("");
  if (!input) {
    status.textContent = `At most ${MAX_COMPARE} variants.`;
    return;
  }
  input.value = headline;
  status.textContent = `Added as ${input.placeholder.toLowerCase()}.`;
}

function clearCompareErrors() {
  showError($("compare-error"), "");
  for (const row of variantRows()) {
    showError(row.querySelector('[data-slot="error"]'), "", row.querySelector('[data-slot="input"]'));
  }
}

let compareController = null;

async function runCompare(event) {
  event.preventDefault();
  clearCompareErrors();
  const rows = variantRows();
  const filled = rows.map((row, i) => ({ row, i, value: row.querySelector('[data-slot="input"]').value }))
    .filter((v) => v.value.trim());
  if (filled.length < MIN_COMPARE) {
    showError($("compare-error"), `Write at least ${MIN_COMPARE} headlines to compare.`);
    $("ranking").replaceChildren();
    return;
  }
  const payload = { headlines: filled.map((v) => v.value), options: { case_style: caseStyle() } };
  if (bodyInput.value.trim()) payload.body = bodyInput.value;
  if (compareController) compareController.abort();
  const controller = new AbortController();
  compareController = controller;
  $("compare-status").textContent = "Ranking…";
  $("rank").disabled = true;
  try {
    const data = await postJson(config.compareUrl, payload, controller.signal);
    renderRanking(data, filled);
    $("compare-status").textContent = `Ranked ${plural(filled.length, "variant")}, best first.`;
  } catch (error) {
    if (error && error.name === "AbortError") return;
    $("compare-status").textContent = "";
    $("ranking").replaceChildren();
    const message = error instanceof ApiError ? error.message : "The ranking could not be shown.";
    const match = /^headlines\[(\d+)\]/.exec((error && error.field) || "");
    const target = match ? filled[Number(match[1])] : null;
    if (target) {
      const input = target.row.querySelector('[data-slot="input"]');
      showError(target.row.querySelector('[data-slot="error"]'), message, input);
    } else {
      if (accessProblem(error)) showError($("compare-error"), `${message} Enter an API key under “Server access”.`);
      else showError($("compare-error"), message);
    }
  } finally {
    if (compareController === controller) {
      compareController = null;
      $("rank").disabled = false;
    }
  }
}

function ordinal(n) {
  return n === 1 ? "Best" : `${n}${["th", "st", "nd", "rd"][(n % 100 > 10 && n % 100 < 14) || n % 10 > 3 ? 0 : n % 10]}`;
}

function renderRanking(data, filled) {
  const ranking = Array.isArray(data.ranking) ? data.ranking.filter(isObject) : [];
  const cards = ranking.map((entry, position) => {
    const rank = isNumber(entry.rank) ? entry.rank : position + 1;
    const result = isObject(entry.result) ? entry.result : {};
    const band = BANDS[entry.band] ? entry.band : "";
    const sensLevel = isObject(result.sensationalism) && LEVELS[result.sensationalism.level]
      ? LEVELS[result.sensationalism.level] : "";
    const cbLevel = isObject(result.clickbait) && LEVELS[result.clickbait.level] ? LEVELS[result.clickbait.level] : "";
    const origin = isNumber(entry.index) && filled[entry.index] ? `Variant ${filled[entry.index].i + 1}` : "";
    const cb = isNumber(entry.clickbait_probability) ? Wording.percent(entry.clickbait_probability) : null;
    const sens = percent(entry.sensationalism);
    return el("li", { class: "rank-card", dataset: { rank: String(rank), band } },
      el("div", { class: "rank-head" },
        el("span", { class: "rank-badge" }, rank === 1 ? "1 · Best" : ordinal(rank)),
        origin ? el("span", { class: "hint" }, origin) : null),
      el("p", { class: "rank-headline" }, entry.headline || ""),
      el("div", { class: "rank-score", dataset: { band } },
        el("span", { class: "rank-score-value" }, isNumber(entry.quality) ? String(entry.quality) : "–"),
        el("span", {}, "/100 · ", BANDS[band] || "")),
      el("dl", { class: "rank-stats" },
        el("div", {}, el("dt", {}, "Clickbait"), el("dd", {}, cb === null ? "–" : `${cb} likely`, cbLevel ? ` · ${cbLevel}` : "")),
        el("div", {}, el("dt", {}, "Sensationalism"), el("dd", {}, sens === null ? "–" : `${sens}/100`, sensLevel ? ` · ${sensLevel}` : ""))),
      entry.reason ? el("p", { class: "rank-reason" }, entry.reason) : null);
  });
  $("ranking").replaceChildren(...cards);
}

export { addCurrentHeadline, addVariant, runCompare };
