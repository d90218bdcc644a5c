/* Headline Inspector: the editor's page.
 *
 * Plain JavaScript, no build step, no third-party code. It calls the same-origin JSON API
 * (/v1/analyze as the editor types, /v1/compare for variants) and renders the result with DOM
 * methods only (text nodes, never HTML strings), so a headline can never inject markup. The CSP
 * forbids inline scripts and style attributes; widths are set through the CSSOM, which it allows.
 * Every failure (HTTP problem, network, unexpected shape) ends up as words next to a field.
 */
"use strict";

(function () {
  const DEBOUNCE_MS = 180;
  const BODY_RENDER_LIMIT = 20000; // characters of the body drawn with highlights
  const HARD_GRADE = 8; // news copy aims at about grade 8: only sentences above it are marked hard

  const config = document.body.dataset;
  const MAX_HEADLINE = Number(config.maxHeadline) || 1000;
  const MIN_COMPARE = Number(config.minCompare) || 2;
  const MAX_COMPARE = Number(config.maxCompare) || 10;

  const BANDS = { green: "Good", amber: "Could be better", red: "Needs work" };
  const LEVELS = { low: "Low", medium: "Medium", high: "High" };

  const $ = (id) => document.getElementById(id);
  const Wording = window.HeadlineWording; // the same words as the CLI and the audit report (wording.js)

  /** Build an element: el("p", {class: "x"}, "text", child, ...). Strings become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
  const isNumber = (v) => typeof v === "number" && Number.isFinite(v);
  const percent = (v) => (isNumber(v) ? Math.round(Math.max(0, Math.min(1, v)) * 100) : null);
  const plural = (n, word) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
  const capitalise = (s) => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

  // --- talking to the API ------------------------------------------------------------------

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

  function showError(node, message, input) {
    node.textContent = message;
    node.hidden = !message;
    if (input) {
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  }

  function accessProblem(error) {
    if (error.status === 401 || error.status === 403) {
      $("access").open = true;
      return true;
    }
    return false;
  }

  // --- analyse as you type -----------------------------------------------------------------

  const headlineInput = $("headline");
  const bodyInput = $("body");
  let timer = null;
  let inflight = null;
  let sequence = 0;
  let lastResult = null;

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

  // --- rendering one result ----------------------------------------------------------------

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

  /** Non-overlapping, in-range spans sorted by start (a later overlapping one is dropped). */
  function cleanSpans(items, length, getSpan) {
    const spans = [];
    for (const item of items) {
      const span = getSpan(item);
      if (!Array.isArray(span) || !isNumber(span[0]) || !isNumber(span[1])) continue;
      const [start, end] = span;
      if (start < 0 || end > length || end <= start) continue;
      spans.push({ start, end, item });
    }
    spans.sort((a, b) => a.start - b.start || b.end - a.end);
    const kept = [];
    let cursor = 0;
    for (const span of spans) {
      if (span.start < cursor) continue;
      kept.push(span);
      cursor = span.end;
    }
    return kept;
  }

  /** Text with some spans wrapped by makeMark(span, text) -> Node. */
  function markUp(text, spans, makeMark) {
    const nodes = [];
    let cursor = 0;
    for (const span of spans) {
      if (span.start > cursor) nodes.push(document.createTextNode(text.slice(cursor, span.start)));
      nodes.push(makeMark(span, text.slice(span.start, span.end)));
      cursor = span.end;
    }
    if (cursor < text.length) nodes.push(document.createTextNode(text.slice(cursor)));
    return nodes;
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

  function formatMeasure(value, unit) {
    if (!isNumber(value)) return "?";
    const n = Math.round(value);
    return unit === "px" ? `${n.toLocaleString("en")} px` : plural(n, "character");
  }

  function channelSummary(channel, name) {
    const unit = channel.unit === "px" ? "px" : "characters";
    const measure = formatMeasure(channel.measure, unit);
    const limit = formatMeasure(channel.limit, unit);
    if (channel.truncated) {
      const over = isNumber(channel.measure) && isNumber(channel.limit)
        ? formatMeasure(channel.measure - channel.limit, unit) + " over" : "over";
      const where = channel.last_word ? `; cut after “${channel.last_word}”` : "";
      return { text: `${name}: ${measure} of ${limit} (${over}${where})`, over: true };
    }
    return { text: `${name}: ${measure} of ${limit}, fits`, over: false };
  }

  function renderTitle(node, headline, channel) {
    const visible = typeof channel.visible === "string" ? channel.visible : headline;
    const cut = isNumber(channel.cut_at) && channel.cut_at >= 0 && channel.cut_at < headline.length
      ? channel.cut_at : null;
    const parts = [el("span", { class: "visible" }, visible)];
    if (channel.truncated && cut !== null) {
      parts.push(el("span", { class: "cut-rest" },
        el("span", { class: "visually-hidden" }, " Cut here; hidden: "),
        headline.slice(cut).trim()));
    }
    node.replaceChildren(...parts);
  }

  function renderChannels(headline, readability, body) {
    const channels = isObject(readability) && isObject(readability.channels) ? readability.channels : {};
    const snippet = body.trim()
      ? body.trim().replace(/\s+/g, " ").slice(0, 155) + (body.trim().length > 155 ? " …" : "")
      : "The article's description appears here. Paste the body above to preview it.";
    for (const [key, name, figure] of [["search", "Search title", "preview-search"], ["social", "Social title", "preview-social"]]) {
      const root = $(figure);
      const channel = isObject(channels[key]) ? channels[key] : null;
      root.hidden = channel === null;
      if (!channel) continue;
      renderTitle(root.querySelector('[data-slot="title"]'), headline, channel);
      root.querySelector('[data-slot="snippet"]').textContent = snippet;
      const summary = channelSummary(channel, name);
      const count = root.querySelector('[data-slot="count"]');
      count.textContent = summary.text;
      count.classList.toggle("over", summary.over);
    }
    const schema = isObject(channels.schema_org) ? channels.schema_org : null;
    const schemaNode = $("schema-count");
    schemaNode.hidden = schema === null;
    if (schema) {
      const summary = channelSummary(schema, "schema.org headline");
      schemaNode.textContent = summary.text;
      schemaNode.classList.toggle("over", summary.over);
    }
  }

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

  // --- copy as JSON -------------------------------------------------------------------------

  async function copyJson() {
    const status = $("copy-status");
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

  // --- compare variants -----------------------------------------------------------------------

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

  // --- wiring ---------------------------------------------------------------------------------

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
})();
