/* Headline Inspector: the editor's page.
 *
 * Plain JavaScript, no build step, no third-party code. It calls the same-origin JSON API
 * (/v1/analyze as the editor types, /v1/compare for variants) and renders the result with DOM
 * methods only (text nodes, never HTML strings), so a headline can never inject markup. The CSP
 * forbids inline scripts and style attributes; widths are set through the CSSOM, which it allows.
 * Every failure (HTTP problem, network, unexpected shape) ends up as words next to a field.
 */

import { bodyInput, headlineInput, schedule, updateCount } from "./analyze.js";
import { addCurrentHeadline, addVariant, runCompare } from "./compare.js";
import { copyJson } from "./copy.js";
import { $, showError } from "./dom.js";

const DEBOUNCE_MS = 180;

function init() {
  $("analyze-form").addEventListener("submit", (event) => {
    event.preventDefault();
    schedule(0);
  });
  headlineInput.addEventListener("input", () => {
    updateCount();
    schedule(DEBOUNCE_MS);
  });
  bodyInput.addEventListener("input", () => schedule(DEBOUNCE_MS * 2));
  for (const radio of document.querySelectorAll('input[name="case_style"]')) {
    radio.addEventListener("change", () => schedule(0));
  }
  $("api-key").addEventListener("change", () => schedule(0));
  $("copy-json").addEventListener("click", () => {
    copyJson().catch(() => { $("copy-status").textContent = "Could not copy."; });
  });
  for (let i = 0; i < 3; i++) addVariant("");
  $("add-variant").addEventListener("click", () => {
    const input = addVariant("");
    if (input) input.focus();
  });
  $("use-current").addEventListener("click", addCurrentHeadline);
  $("compare-form").addEventListener("submit", (event) => {
    runCompare(event).catch(() => showError($("compare-error"), "The ranking could not be shown."));
  });
  updateCount();
  if (headlineInput.value.trim()) schedule(0); // restored by the browser after a reload
}
init();
