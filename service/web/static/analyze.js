/* Headline Inspector page: analyse as the editor types (/v1/analyze) and draw the result. */

import { ApiError, accessProblem, postJson } from "./api.js";
import { renderBody } from "./body-panel.js";
import { $, el, showError } from "./dom.js";
import { plural } from "./format.js";
import { renderChannels } from "./previews.js";
import { renderHeadline, renderOverview, renderSuggestions } from "./result.js";

const config = document.body.dataset;
const MAX_HEADLINE = Number(config.maxHeadline) || 1000;

const headlineInput = $("headline");
const bodyInput = $("body");
let timer = null;
let inflight = null;
let sequence = 0;
let lastResult = null;

/** The result on show (null while there is none): what "Copy as JSON" copies. */
const currentResult = () => lastResult;

function caseStyle() {
  const checked = document.querySelector('input[name="case_style"]:checked');
  return checked ? checked.value : "sentence";
}

function updateCount() {
  const n = headlineInput.value.length;
  const count = $("headline-count");
  count.textContent = n > MAX_HEADLINE
    ? `${plural(n, "character")}: ${(n - MAX_HEADLINE).toLocaleString("en")} over the ${MAX_HEADLINE.toLocaleString("en")} limit`
    : plural(n, "character");
  count.classList.toggle("over", n > MAX_HEADLINE);
}

function schedule(delay) {
  clearTimeout(timer);
  timer = setTimeout(runAnalysis, delay);
}

function clearFieldErrors() {
  showError($("headline-error"), "", headlineInput);
  showError($("body-error"), "", bodyInput);
  showError($("style-error"), "");
}

function showEmpty(message) {
  $("result").hidden = true;
  $("empty").hidden = false;
  if (message) $("empty").replaceChildren(el("p", {}, message));
}

async function runAnalysis() {
  const headline = headlineInput.value;
  const body = bodyInput.value;
  if (inflight) inflight.abort();
  inflight = null;
  if (!headline.trim()) {
    clearFieldErrors();
    lastResult = null;
    $("status").textContent = "";
    showEmpty("Start typing a headline. It is scored as you type.");
    return;
  }
  const payload = { headline, options: { case_style: caseStyle() } };
  if (body.trim()) payload.body = body;
  const mine = ++sequence;
  const controller = new AbortController();
  inflight = controller;
  const started = performance.now();
  $("status").textContent = "Checking…";
  try {
    const result = await postJson(config.analyzeUrl, payload, controller.signal);
    if (mine !== sequence) return;
    clearFieldErrors();
    render(result, payload);
    $("status").textContent = `Scored in ${Math.round(performance.now() - started)} ms`;
  } catch (error) {
    if (mine !== sequence || (error && error.name === "AbortError")) return;
    handleAnalyzeError(error);
  } finally {
    if (inflight === controller) inflight = null;
  }
}

function handleAnalyzeError(error) {
  $("status").textContent = "";
  clearFieldErrors();
  const message = error instanceof ApiError ? error.message : "This result could not be shown.";
  const field = (error && error.field) || "";
  if (accessProblem(error)) {
    showError($("headline-error"), `${message} Enter an API key under “Server access”.`, headlineInput);
  } else if (field === "body") {
    showError($("body-error"), message, bodyInput);
  } else if (field.startsWith("options")) {
    showError($("style-error"), message);
  } else {
    showError($("headline-error"), message, headlineInput);
  }
  lastResult = null;
  showEmpty("No scores yet: see the message next to the field.");
}

function render(result, request) {
  lastResult = result;
  $("empty").hidden = true;
  $("result").hidden = false;
  const headline = typeof result.headline === "string" ? result.headline : request.headline;
  renderOverview(result);
  renderHeadline(headline, result.sensationalism);
  renderSuggestions(headline, result.quality);
  renderChannels(headline, result.readability, request.body || "");
  renderBody(result.body, request.body || "", result.clickbait);
  $("copy-status").textContent = "";
}

export { bodyInput, caseStyle, currentResult, headlineInput, schedule, updateCount };
