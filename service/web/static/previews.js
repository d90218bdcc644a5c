/* Headline Inspector page: search and social previews, with where a title is cut. */

import { $, el } from "./dom.js";
import { isNumber, isObject, plural } from "./format.js";
import { searchSnippet } from "./snippet.js";

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
  const snippet = searchSnippet(body)
    || "The article's description appears here. Paste the body above to preview it.";
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

export { renderChannels };
