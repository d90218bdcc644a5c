/* Headline Inspector page: numbers and labels of a result in words. */

const BANDS = { green: "Good", amber: "Could be better", red: "Needs work" };
const LEVELS = { low: "Low", medium: "Medium", high: "High" };

const Wording = window.HeadlineWording; // the same words as the CLI and the audit report (wording.js)

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
const percent = (v) => (isNumber(v) ? Math.round(Math.max(0, Math.min(1, v)) * 100) : null);
const plural = (n, word) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
const capitalise = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

export { BANDS, LEVELS, Wording, isObject, isNumber, percent, plural, capitalise };
