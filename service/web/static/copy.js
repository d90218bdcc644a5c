/* Headline Inspector page: copy the last result as JSON. */

import { currentResult } from "./analyze.js";
import { $, el } from "./dom.js";

async function copyJson() {
  const status = $("copy-status");
  const lastResult = currentResult();
  if (!lastResult) {
    status.textContent = "Nothing to copy yet.";
    return;
  }
  const text = JSON.stringify(lastResult, null, 2);
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
    } else {
      const area = el("textarea", { class: "clipboard", readonly: true, "aria-hidden": "true" });
      area.value = text;
      document.body.append(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      if (!ok) throw new Error("copy refused");
    }
    status.textContent = "Copied the result to the clipboard.";
  } catch (_) {
    status.textContent = "The browser did not allow copying; use the API for the JSON.";
  }
}

export { copyJson };
