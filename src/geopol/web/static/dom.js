// Building DOM safely. Everything that comes from the API (article text, titles, actor names) is
// hostile input: it only ever reaches the page as text nodes or as attribute values set through
// setAttribute, never through an HTML parser (no innerHTML and friends anywhere in this page).

const SVG_NS = "http://www.w3.org/2000/svg";

// Attributes that could run code or load things; refused whatever their value.
function unsafeAttribute(name) {
  const n = name.toLowerCase();
  return n.startsWith("on") || n === "style" || n === "srcdoc";
}

function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

function build(el, props, children) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "text") el.textContent = String(value);
    else if (key === "on") {
      for (const [type, handler] of Object.entries(value)) el.addEventListener(type, handler);
    } else if (key === "dataset") Object.assign(el.dataset, value);
    else if (unsafeAttribute(key)) throw new Error(`refusing to set attribute ${key}`);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** An HTML element: h("a", {class: "x", href: "#actor=CHN"}, "China"). Strings become text nodes. */
export function h(tag, props, ...children) {
  return build(document.createElement(tag), props, children);
}

/** An SVG element, same calling convention as h(). */
export function s(tag, props, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

/** A link only for http(s) URLs; anything else (javascript:, data:) is shown as plain text. */
export function externalLink(url, text) {
  let parsed = null;
  try {
    parsed = new URL(String(url));
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) return h("span", {}, text ?? String(url));
  return h("a", {href: parsed.href, rel: "noopener noreferrer nofollow", target: "_blank"}, text ?? parsed.href);
}

/** A readable error box for a failed API call (never the raw response body). */
export function errorBox(err, what) {
  const box = h("div", {class: "error", role: "alert"});
  box.appendChild(h("strong", {}, what ? `Could not load ${what}.` : "Something went wrong."));
  const detail = err && err.message ? String(err.message) : String(err);
  const code = err && err.code ? ` (${err.code}${err.status ? `, HTTP ${err.status}` : ""})` : "";
  box.appendChild(h("p", {}, detail + code));
  return box;
}

export function loading(what) {
  return h("p", {class: "loading"}, `Loading ${what}…`);
}

/** Remove every child of el and put the given children in. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}
