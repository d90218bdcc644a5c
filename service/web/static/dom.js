/* Headline Inspector page: building and finding DOM nodes.
 *
 * Text nodes only, never HTML strings, so a headline can never inject markup.
 */

const $ = (id) => document.getElementById(id);

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

function showError(node, message, input) {
  node.textContent = message;
  node.hidden = !message;
  if (input) {
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
}

export { $, el, showError };
