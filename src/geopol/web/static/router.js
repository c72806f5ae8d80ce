// The page's state lives in the URL hash, so views are shareable links and the back button works:
//   #dyad=CHN,RUS&by=month   #actor=CHN   #network&since=2024-01-01   #events&type=ACCUSE
//   #doc=sample-001&event=3   #search=sanctions
// The first key names the view; the rest are its options (table filters, chart period...).

export const VIEWS = ["dyad", "actor", "network", "events", "search", "doc"];

function decode(part) {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    return part;
  }
}

/** The hash as {view, arg, params}: view is one of VIEWS ("network" when none), arg its value. */
export function parseHash(hash = location.hash) {
  const params = new Map();
  const text = hash.replace(/^#/, "");
  for (const part of text.split("&")) {
    if (!part) continue;
    const eq = part.indexOf("=");
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? "" : decode(part.slice(eq + 1));
    if (!params.has(key)) params.set(key, value);
  }
  const view = [...params.keys()].find((k) => VIEWS.includes(k)) || "network";
  const arg = params.get(view) || "";
  params.delete(view);
  return {view, arg, params};
}

// commas stay readable in the hash (#dyad=CHN,RUS)
function encode(value) {
  return encodeURIComponent(value).replace(/%2C/gi, ",");
}

/** The hash for a view and its options; empty options are left out. */
export function makeHash(view, arg = "", params = {}) {
  const parts = [arg ? `${encode(view)}=${encode(arg)}` : encode(view)];
  const entries = params instanceof Map ? params.entries() : Object.entries(params);
  for (const [key, value] of entries) {
    if (value === null || value === undefined || value === "") continue;
    parts.push(`${encode(key)}=${encode(String(value))}`);
  }
  return "#" + parts.join("&");
}

/** Go to a view (a new history entry, so back returns here). */
export function go(view, arg = "", params = {}) {
  const hash = makeHash(view, arg, params);
  if (hash === location.hash) window.dispatchEvent(new HashChangeEvent("hashchange"));
  else location.hash = hash;
}

/** Record the current view's options in the URL without a new history entry or a re-render. */
export function remember(view, arg, params) {
  const hash = makeHash(view, arg, params);
  if (hash !== location.hash) history.replaceState(history.state, "", hash);
}
