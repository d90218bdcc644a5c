/* An editor's words for the numbers and labels of a result: the page's copy of service/wording.py.
 *
 * Every function mirrors the Python function of the same name (camelCase here) and must return the
 * same string for the same input; tests/browser/test_wording.py runs both over the same inputs.
 * Percentages round half up and never read 0 % or 100 % (a model is never certain).
 */
"use strict";

window.HeadlineWording = (function () {
  const CONSISTENCY_FINDINGS = {
    agree: "the body confirms the headline's claim",
    discuss: "the body discusses the claim without confirming it",
    disagree: "the body disputes the headline's claim",
    unrelated: "the body does not seem to be about the headline's story",
  };
  const SURE = 0.5;
  const CATEGORY_NAMES = {
    clickbait_phrase: "Clickbait phrase",
    hyperbole: "Hyperbole",
    superlative: "Superlative",
    intensifier: "Intensifier",
    emotional: "Emotional",
    urgency: "Urgency",
    absolute: "Absolute",
    shouting: "Shouting",
    causal_claim: "Causal claim",
  };
  const has = (table, key) => Object.prototype.hasOwnProperty.call(table, key);

  const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
  const upperFirst = (s) => s.charAt(0).toUpperCase() + s.slice(1);

  function percent(probability) {
    if (!isNumber(probability)) return "–";
    const whole = Math.floor(Math.min(Math.max(probability, 0), 1) * 100 + 0.5);
    if (whole >= 100) return ">99%";
    if (whole <= 0) return "<1%";
    return `${whole}%`;
  }

  function likelyClickbait(probability) {
    return `${percent(probability)} likely clickbait`;
  }

  function consistencyFinding(label, probabilities) {
    const finding = has(CONSISTENCY_FINDINGS, String(label))
      ? CONSISTENCY_FINDINGS[String(label)] : null;
    if (finding === null) return "The consistency of headline and body could not be judged.";
    const p = probabilities && typeof probabilities === "object" ? probabilities[label] : null;
    if (!isNumber(p)) return `${upperFirst(finding)}.`;
    if (p < SURE) return `Unclear: most likely ${finding} (${percent(p)} confidence).`;
    return `${upperFirst(finding)} (${percent(p)} confidence).`;
  }

  function answerPosition(position) {
    if (!isNumber(position)) return "";
    if (position < 0.05) return "right at the start of the body";
    if (position >= 0.95) return "at the very end of the body";
    return `${Math.floor(position * 100 + 0.5)}% of the way into the body`;
  }

  function gradeWords(grade) {
    if (!isNumber(grade)) return "";
    if (grade <= 6) return "easy";
    if (grade <= 9) return "plain";
    if (grade <= 12) return "fairly hard";
    if (grade <= 16) return "hard (college level)";
    return "very hard (graduate level)";
  }

  function words(identifier) {
    const text = identifier.replace(/_/g, " ").replace(/:/g, ": ").trim();
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  function isKnownCategory(category) {
    return has(CATEGORY_NAMES, String(category));
  }

  function categoryName(category) {
    const key = String(category);
    return has(CATEGORY_NAMES, key) ? CATEGORY_NAMES[key] : words(String(category || "other"));
  }

  function readingTime(minutes) {
    if (!isNumber(minutes)) return "";
    if (minutes < 1) return "under a minute";
    return `${Math.floor(minutes + 0.5)} min`;
  }

  return Object.freeze({
    percent, likelyClickbait, consistencyFinding, answerPosition, gradeWords, readingTime, categoryName, isKnownCategory,
  });
})();
