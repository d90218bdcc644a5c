/* Headline Inspector page: talking to the same-origin JSON API.
 *
 * Every failure (HTTP problem, network, unexpected shape) becomes an ApiError with words in it.
 */

import { $ } from "./dom.js";
import { isObject } from "./format.js";

class ApiError extends Error {
  constructor(detail, { status = 0, field = null, title = "" } = {}) {
    super(detail);
    this.status = status;
    this.field = field;
    this.title = title;
  }
}

async function postJson(url, payload, signal) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  const key = $("api-key").value.trim();
  if (key) headers.Authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(url, { method: "POST", headers, body: JSON.stringify(payload), signal });
  } catch (error) {
    if (error && error.name === "AbortError") throw error;
    throw new ApiError("The server could not be reached. Check your connection and try again.");
  }
  let data = null;
  try {
    data = await response.json();
  } catch (_) {
    data = null;
  }
  if (!response.ok) {
    const problem = isObject(data) ? data : {};
    let detail = problem.detail || problem.title || `The server answered ${response.status}.`;
    const retry = response.headers.get("Retry-After");
    // Only "too many requests" and "not ready yet" pass with time; a 422 does not.
    if (retry && (response.status === 429 || response.status === 503)) detail += ` Try again in ${retry} s.`;
    throw new ApiError(detail, { status: response.status, field: problem.field || null, title: problem.title || "" });
  }
  if (!isObject(data)) throw new ApiError("The server sent an answer this page cannot read.");
  return data;
}

function accessProblem(error) {
  if (error.status === 401 || error.status === 403) {
    $("access").open = true;
    return true;
  }
  return false;
}

export { ApiError, postJson, accessProblem };
