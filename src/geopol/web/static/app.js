// geopol's page: a single page whose view follows the URL hash (see router.js).
//   network (the default): the actor network and all events
//   dyad:    two actors' time series and their events
//   actor:   one actor's profile and events
//   events:  the events table alone
//   search:  event sentences and claims containing some words
//   doc:     one document with its marks: the evidence view

import {api, seg} from "./api.js";
import {timeSeriesChart} from "./chart.js";
import {docView} from "./doc.js";
import {errorBox, h, loading} from "./dom.js";
import {FILTER_KEYS, eventsTable, filtersFrom} from "./events.js";
import {QUADS, dayLabel, num, periodRange, plural, score, scoreColour, truncate} from "./format.js";
import {networkGraph} from "./network.js";
import {go, makeHash, parseHash, remember} from "./router.js";
import {labelOf, labels, setupSearch} from "./search.js";

const view = document.getElementById("view");
let search = null;
let renderSeq = 0;
let cleanup = []; // undo functions of the current view (resize observers...)

function render() {
  const seq = ++renderSeq;
  cleanup.forEach((f) => f());
  cleanup = [];
  const route = parseHash();
  // every render gets a fresh root; answers for an older view land in its detached root
  const root = h("div", {class: `view-${route.view}`});
  view.replaceChildren(root);
  const ctx = {alive: () => seq === renderSeq, route};
  document.querySelectorAll(".nav a").forEach((a) => a.classList.toggle("active", a.id === `nav-${route.view}`));
  const parties = route.view === "dyad" ? route.arg.split(",") : route.view === "actor" ? [route.arg] : [];
  search.setChosen(parties);
  document.title = "geopol";
  if (route.view !== "doc") window.scrollTo(0, 0);
  const views = {dyad: dyadView, actor: actorView, network: networkView, events: eventsView, search: searchView, doc: docRoute};
  views[route.view](root, ctx).catch((err) => {
    if (ctx.alive()) root.replaceChildren(errorBox(err));
  });
}

// Draw `draw(width)` into `box` now and again whenever the box's width changes.
function responsive(box, draw) {
  let last = 0;
  const redraw = () => {
    const width = Math.floor(box.clientWidth);
    if (width > 0 && Math.abs(width - last) > 4) {
      last = width;
      box.replaceChildren(draw(width));
    }
  };
  const observer = new ResizeObserver(() => redraw());
  observer.observe(box);
  cleanup.push(() => observer.disconnect());
  redraw();
}

// The table's filters are remembered in the hash (replaceState), so back from the evidence view
// returns to the same page of the same filtered table. onChange(filters) hears every change.
function tableFor(ctx, base, title, onChange = null) {
  const {view: name, arg, params} = ctx.route;
  const keep = new Map([...params].filter(([k]) => !FILTER_KEYS.includes(k)));
  return eventsTable({
    base, title, filters: filtersFrom(params),
    onFilters: (filters) => {
      remember(name, arg, new Map([...keep, ...Object.entries(filters)]));
      if (onChange) onChange(filters);
    },
  });
}

// The period of `points` that since..until spans exactly, or "".
function periodOf(points, by, since, until) {
  const p = points.find((pt) => {
    const r = periodRange(pt.period, by);
    return r.since === since && r.until === until;
  });
  return p ? p.period : "";
}

// ---- dyad view -------------------------------------------------------------------------------

async function dyadView(root, ctx) {
  const [a, b] = ctx.route.arg.split(",").map((x) => x.trim());
  if (!a || !b) {
    root.appendChild(errorBox(new Error("A dyad needs two actors, as in #dyad=CHN,RUS."), "the dyad"));
    return;
  }
  const params = ctx.route.params;
  const by = ["day", "week", "month"].includes(params.get("by")) ? params.get("by") : "month";
  const heading = h("h1");
  const profiles = h("p", {class: "links"});
  const named = () => {
    heading.textContent = `${labelOf(a)} – ${labelOf(b)}`;
    profiles.replaceChildren(h("a", {href: makeHash("actor", a)}, `${labelOf(a)} profile`), " · ",
      h("a", {href: makeHash("actor", b)}, `${labelOf(b)} profile`));
    document.title = `${labelOf(a)} – ${labelOf(b)} · geopol`;
  };
  named();
  const scale = h("p", {class: "muted scale"});
  const bySelect = h("select", {"aria-label": "Period"},
    ["day", "week", "month"].map((x) => h("option", {value: x}, `by ${x}`)));
  bySelect.value = by;
  const swap = h("a", {href: makeHash("dyad", `${b},${a}`, {by: by === "month" ? "" : by}), class: "btn-secondary"}, "⇄ swap");
  const chartBox = h("div", {class: "chart-box"}, loading("the time series"));
  const chartCard = h("section", {class: "card", "aria-label": "Time series"},
    h("div", {class: "card-head"}, h("h2", {}, "Cooperation and conflict over time"), h("div", {class: "tools"}, bySelect, swap)),
    chartBox, scale);
  let points = [];
  let selected = "";
  // the chart shows as selected the period the table's dates span, if any
  let step = by;
  const table = tableFor(ctx, {a, b}, "Events between them", (filters) => {
    selected = periodOf(points, step, filters.since, filters.until);
    const chart = chartBox.firstElementChild;
    if (chart && chart.markSelected) chart.markSelected(selected);
  });
  root.append(h("div", {class: "view-head"}, h("p", {class: "kicker"}, "Dyad"), heading, profiles), chartCard, table.el);

  bySelect.addEventListener("change", () => {
    const next = new Map(params);
    next.set("by", bySelect.value === "month" ? "" : bySelect.value);
    for (const key of ["since", "until", "offset"]) next.delete(key);
    go("dyad", ctx.route.arg, next);
  });

  let series;
  try {
    series = await api(`dyads/${seg(a)}/${seg(b)}/series`, {by});
  } catch (err) {
    if (ctx.alive()) chartBox.replaceChildren(errorBox(err, "the time series"));
    return;
  }
  if (!ctx.alive()) return;
  if (series.a_label) labels.set(a, series.a_label);
  if (series.b_label) labels.set(b, series.b_label);
  named();
  search.setChosen([a, b]);
  // a span too long for the step asked comes by a coarser one (or clipped): the note says so
  step = ["day", "week", "month"].includes(series.by) ? series.by : by;
  scale.textContent = [series.note, series.scale].filter(Boolean).join(" · ");
  points = Array.isArray(series.points) ? series.points : [];
  selected = periodOf(points, step, params.get("since"), params.get("until"));
  const total = points.reduce((n, p) => n + (p.reports || 0), 0);
  responsive(chartBox, (width) => timeSeriesChart(points, {
    by: step, width, selected,
    label: `${labelOf(a)} – ${labelOf(b)}: ${plural(total, "report")} by ${step}`,
    // a click on a period lists its events; a second click on it lists them all again
    onSelect: (p) => table.set(p ? periodRange(p.period, step) : {since: "", until: ""}),
  }));
}

// ---- actor view ------------------------------------------------------------------------------

async function actorView(root, ctx) {
  const party = ctx.route.arg;
  root.appendChild(loading("the actor"));
  let actor;
  try {
    actor = await api(`actors/${seg(party)}`);
  } catch (err) {
    if (ctx.alive()) root.replaceChildren(errorBox(err, `actor ${party}`));
    return;
  }
  if (!ctx.alive()) return;
  if (actor.label) labels.set(party, actor.label);
  search.setChosen([party]);
  document.title = `${labelOf(party)} · geopol`;
  const ev = actor.events || {};
  const trendBox = h("div", {class: "chart-box"});
  const trend = Array.isArray(actor.trend) ? actor.trend : [];
  let selected = periodOf(trend, "month", ctx.route.params.get("since"), ctx.route.params.get("until"));
  const table = tableFor(ctx, {actor: party}, `Events of ${labelOf(party)}`, (filters) => {
    selected = periodOf(trend, "month", filters.since, filters.until);
    const chart = trendBox.firstElementChild;
    if (chart && chart.markSelected) chart.markSelected(selected);
  });
  const trendCard = h("section", {class: "card", "aria-label": "Trend"},
    h("h2", {}, "Trend"), trendBox);

  root.replaceChildren(
    h("div", {class: "view-head"}, h("p", {class: "kicker"}, `Actor · ${actor.kind || "?"}`),
      h("h1", {}, actor.label || party, actor.label && actor.label !== party ? h("code", {class: "party"}, party) : null),
      h("p", {class: "stats"},
        stat(ev.total, "events"), stat(ev.as_source, "as source"), stat(ev.as_target, "as target"),
        stat((actor.partners || []).length, "partners"))),
    actor.person ? rolesCard(actor.person) : null,
    h("div", {class: "grid-2"},
      h("section", {class: "card", "aria-label": "Event mix"}, h("h2", {}, "Event mix"), quadBar(ev.by_quad || {}), typeBars(ev.by_type || {})),
      partnersCard(party, actor.partners || [])),
    trendCard,
    h("div", {class: "grid-2"},
      claimsCard("Claims made", actor.claims_made, "No claims by this actor."),
      claimsCard("Claims about it", actor.claims_about, "No claims about this actor.")),
    figuresCard(actor.figures),
    table.el);
  responsive(trendBox, (width) => timeSeriesChart(trend, {
    by: "month", width, selected, scorePanel: trend.some((p) => typeof p.score === "number"),
    label: `${labelOf(party)}: events by month`,
    onSelect: (p) => table.set(p ? periodRange(p.period, "month") : {since: "", until: ""}),
  }));
}

// A person of the knowledge base: each role with its dates and the source row it came from.
function rolesCard(person) {
  const roles = Array.isArray(person.roles) ? person.roles : [];
  const col = (name) => h("th", {scope: "col"}, name);
  return h("section", {class: "card", "aria-label": "Roles"}, h("h2", {}, `${person.name}: roles`),
    h("div", {class: "table-scroll"}, h("table", {class: "compact roles"},
      h("thead", {}, h("tr", {}, col("Role"), col("Country"), col("Sector"), col("From"), col("To"), col("Source"))),
      h("tbody", {}, roles.map((r) => h("tr", {},
        h("td", {}, r.role || ""), h("td", {}, [r.country, r.body].filter(Boolean).join(" · ")),
        h("td", {}, r.sector || ""), h("td", {class: "nowrap"}, r.start || "?"),
        h("td", {class: "nowrap"}, r.end || "now"), h("td", {class: "muted"}, r.source || "")))))));
}

function stat(n, what) {
  return h("span", {class: "stat"}, h("b", {}, num(n ?? 0)), ` ${what}`);
}

function quadBar(byQuad) {
  const total = Object.values(byQuad).reduce((a, b) => a + (Number(b) || 0), 0);
  if (!total) return h("p", {class: "muted"}, "No events.");
  const bar = h("div", {class: "quad-bar", role: "img",
    "aria-label": Object.entries(QUADS).map(([q, name]) => `${name}: ${byQuad[q] || 0}`).join(", ")});
  const keys = h("ul", {class: "legend"});
  for (const [q, name] of Object.entries(QUADS)) {
    const n = Number(byQuad[q]) || 0;
    if (n) {
      const part = h("span", {class: `quad-${q}`, title: `${name}: ${n}`});
      part.style.width = `${(100 * n) / total}%`;
      bar.appendChild(part);
    }
    keys.appendChild(h("li", {}, h("span", {class: `key quad-${q}`}), `${name} ${num(n)}`));
  }
  return h("div", {}, bar, keys);
}

function typeBars(byType) {
  const entries = Object.entries(byType).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map((e) => e[1]));
  return h("ul", {class: "type-bars"}, entries.map(([type, n]) => {
    const fill = h("span", {class: "fill"});
    fill.style.width = `${(100 * n) / max}%`;
    return h("li", {}, h("span", {class: "name"}, type), h("span", {class: "track"}, fill), h("span", {class: "n"}, num(n)));
  }));
}

function partnersCard(party, partners) {
  const rows = partners.slice(0, 25).map((p) => {
    if (p.label) labels.set(p.party, p.label);
    const dot = h("span", {class: "score-dot"});
    dot.style.background = scoreColour(p.score);
    return h("tr", {},
      h("td", {}, h("a", {href: makeHash("dyad", `${party},${p.party}`)}, p.label || p.party)),
      h("td", {class: "num"}, num(p.events)), h("td", {class: "num"}, num(p.cooperation)), h("td", {class: "num"}, num(p.conflict)),
      h("td", {class: "num nowrap"}, dot, score(p.score)));
  });
  return h("section", {class: "card", "aria-label": "Partners"}, h("h2", {}, "Partners"),
    partners.length ? h("div", {class: "table-scroll"}, h("table", {class: "compact"},
      h("thead", {}, h("tr", {}, h("th", {scope: "col"}, "Partner"), h("th", {scope: "col", class: "num"}, "Events"),
        h("th", {scope: "col", class: "num"}, "Coop."), h("th", {scope: "col", class: "num"}, "Conflict"),
        h("th", {scope: "col", class: "num"}, "Score"))),
      h("tbody", {}, rows))) : h("p", {class: "muted"}, "No partners."),
    partners.length > rows.length ? h("p", {class: "muted"}, `and ${num(partners.length - rows.length)} more`) : null);
}

// A claim in a profile: who, cue and content (as plain strings, or as spans {text, start, end}
// like in a document), and the document it is in.
function claimItem(c) {
  const textOf = (x) => (x && typeof x === "object" ? x.text : x) || "";
  const claimant = c.claimant && typeof c.claimant === "object" ? (c.claimant.actor && c.claimant.actor.name) || c.claimant.text : null;
  const who = c.claimant_name || c.claimant_text || claimant || "an unnamed source";
  return h("li", {},
    h("span", {class: "claimant"}, who), ` ${textOf(c.cue) || "said"}: `, h("q", {}, truncate(textOf(c.content), 260)),
    h("span", {class: "muted"}, c.certainty ? ` (${c.certainty}${c.negated ? ", negated" : ""})` : ""),
    c.doc_id ? [" ", h("a", {href: makeHash("doc", c.doc_id, {claim: c.claim_no ?? ""}), class: "doc-link", title: c.title || null},
      c.published ? dayLabel(c.published) : "document")] : null);
}

// A list that shows its first few items and a button for the rest.
function shortList(cls, items, render, few = 8) {
  const list = h("ul", {class: cls}, items.slice(0, few).map(render));
  if (items.length <= few) return list;
  const more = h("button", {type: "button", class: "btn-secondary more"}, `Show all ${num(items.length)}`);
  more.addEventListener("click", () => {
    list.append(...items.slice(few).map(render));
    more.remove();
  });
  return h("div", {}, list, more);
}

function claimsCard(title, claims, empty) {
  const list = Array.isArray(claims) ? claims : [];
  return h("section", {class: "card", "aria-label": title}, h("h2", {}, title, " ", h("span", {class: "muted"}, num(list.length))),
    list.length ? shortList("claims", list, claimItem) : h("p", {class: "muted"}, empty));
}

function figuresCard(figures) {
  const list = Array.isArray(figures) ? figures : [];
  if (!list.length) return null;
  const item = (f) => {
    const detail = [f.quantity, f.unit ? `${num(f.value)} ${f.unit}` : null].filter(Boolean).join(" · ");
    return h("li", {},
      h("span", {class: "figure-text"}, f.text || num(f.value)),
      detail ? h("span", {class: "muted"}, ` — ${detail}`) : null,
      f.doc_id ? [" ", h("a", {href: makeHash("doc", f.doc_id, {figure: f.figure_no ?? ""}), class: "doc-link", title: f.title || null},
        f.published ? dayLabel(f.published) : "document")] : null);
  };
  return h("section", {class: "card", "aria-label": "Figures"}, h("h2", {}, "Figures ", h("span", {class: "muted"}, num(list.length))),
    shortList("figures", list, item));
}

// ---- network view (the default) --------------------------------------------------------------

async function networkView(root, ctx) {
  const params = ctx.route.params;
  const since = h("input", {type: "date", "aria-label": "Since"});
  const until = h("input", {type: "date", "aria-label": "Until"});
  const minEvents = h("input", {type: "number", min: 1, max: 1000, "aria-label": "Minimum events per dyad"});
  since.value = params.get("since") || "";
  until.value = params.get("until") || "";
  minEvents.value = params.get("min_events") || "1";
  const apply = () => go("network", "", {since: since.value, until: until.value, min_events: minEvents.value === "1" ? "" : minEvents.value});
  for (const el of [since, until, minEvents]) el.addEventListener("change", apply);
  const box = h("div", {class: "network-box"}, loading("the network"));
  const counts = h("p", {class: "stats"});
  root.append(
    h("div", {class: "view-head"}, h("p", {class: "kicker"}, "Overview"), h("h1", {}, "Who does what to whom"),
      counts, h("p", {class: "muted"}, "Search an actor above, or click a node for its profile and an edge for the dyad.")),
    h("section", {class: "card", "aria-label": "Network"},
      h("div", {class: "card-head"}, h("h2", {}, "Network of actors"),
        h("div", {class: "tools"},
          h("label", {class: "field inline"}, h("span", {}, "Since"), since),
          h("label", {class: "field inline"}, h("span", {}, "Until"), until),
          h("label", {class: "field inline"}, h("span", {}, "Min. events"), minEvents))),
      box),
    eventsTable({base: {}, title: "Events", pageSize: 20, filters: {since: since.value, until: until.value, ...filtersFrom(params)},
      // one since..until for the network and the table: the table's dates are the ones remembered
      onFilters: (f) => remember("network", "", {min_events: params.get("min_events"), ...f})}).el);

  health().then((hh) => {
    if (ctx.alive()) counts.replaceChildren(stat(hh.documents, "documents"), stat(hh.events, "events"), stat(hh.clusters, "clusters"));
  }).catch(() => {});

  let data;
  try {
    data = await api("network", {since: since.value, until: until.value, min_events: params.get("min_events"), limit: 80});
  } catch (err) {
    if (ctx.alive()) box.replaceChildren(errorBox(err, "the network"));
    return;
  }
  if (!ctx.alive()) return;
  for (const n of data.nodes || []) if (n.label) labels.set(n.id, n.label);
  responsive(box, (width) => networkGraph(data, {
    width, height: Math.max(360, Math.min(620, Math.round(width * 0.6))),
    onNode: (id) => go("actor", id),
    onEdge: (e) => go("dyad", `${e.source},${e.target}`),
  }));
}

// ---- events view -----------------------------------------------------------------------------

async function eventsView(root, ctx) {
  root.append(h("div", {class: "view-head"}, h("p", {class: "kicker"}, "All events"), h("h1", {}, "Events")),
    tableFor(ctx, {}, "Events").el);
}

// ---- text search view -----------------------------------------------------------------------

async function searchView(root, ctx) {
  const q = ctx.route.arg;
  const offset = Math.max(0, parseInt(ctx.route.params.get("offset") || "0", 10) || 0);
  document.title = `“${q}” · geopol`;
  const list = h("div", {}, loading("the results"));
  root.append(h("div", {class: "view-head"}, h("p", {class: "kicker"}, "Search"), h("h1", {}, `“${q}”`),
    h("p", {class: "muted"}, "Event evidence sentences and claim contents that contain these words.")),
  h("section", {class: "card", "aria-label": "Results"}, list));
  let page;
  try {
    page = await api("search", {q, limit: 50, offset});
  } catch (err) {
    if (ctx.alive()) list.replaceChildren(errorBox(err, "the search results"));
    return;
  }
  if (!ctx.alive()) return;
  const items = Array.isArray(page.items) ? page.items : [];
  const hit = (item) => {
    const isEvent = item.kind === "event" && item.event_no !== null && item.event_no !== undefined;
    return h("li", {},
      h("a", {href: makeHash("doc", item.doc_id, isEvent ? {event: item.event_no} : {claim: item.claim_no ?? ""})},
        h("span", {class: `badge ${isEvent ? "kind-event" : "kind-claim"}`}, item.kind || "?"), " ",
        h("span", {class: "report-title"}, item.title || item.doc_id)),
      h("span", {class: "muted"}, item.published ? ` ${dayLabel(item.published)}` : ""),
      h("p", {class: "snippet"}, highlight(item.snippet || "", q)));
  };
  const pager = h("div", {class: "pager"});
  if (offset > 0) pager.appendChild(h("a", {class: "btn-secondary", href: makeHash("search", q, {offset: Math.max(0, offset - page.limit) || ""})}, "← Previous"));
  if (page.next_offset !== null && page.next_offset !== undefined) pager.appendChild(h("a", {class: "btn-secondary", href: makeHash("search", q, {offset: page.next_offset})}, "Next →"));
  list.replaceChildren(
    h("p", {class: "table-summary"}, items.length ? `${num(offset + 1)}–${num(offset + items.length)} of ${plural(page.total, "result")}` : "Nothing found."),
    h("ol", {class: "hits", start: offset + 1}, items.map(hit)), pager);
}

// The words of q found in text, each in a <mark> (text nodes only).
function highlight(text, q) {
  const words = q.toLowerCase().split(/\s+/).filter((w) => w.length > 1);
  const lower = text.toLowerCase();
  const out = [];
  let at = 0;
  while (at < text.length) {
    let best = -1;
    let len = 0;
    for (const w of words) {
      const i = lower.indexOf(w, at);
      if (i >= 0 && (best < 0 || i < best)) [best, len] = [i, w.length];
    }
    if (best < 0) break;
    out.push(text.slice(at, best), h("mark", {}, text.slice(best, best + len)));
    at = best + len;
  }
  out.push(text.slice(at));
  return out;
}

// ---- evidence view ---------------------------------------------------------------------------

async function docRoute(root, ctx) {
  const param = (name) => (ctx.route.params.get(name) ? ctx.route.params.get(name) : null);
  await docView(root, ctx.route.arg, param("event"), {...ctx, claimNo: param("claim"), figureNo: param("figure")});
}

// ---- start -----------------------------------------------------------------------------------

// the store's counts, asked once per page load
let healthAnswer = null;
function health() {
  if (!healthAnswer) healthAnswer = api("health");
  return healthAnswer;
}

async function footer() {
  const el = document.getElementById("footer");
  try {
    const hh = await health();
    el.replaceChildren(`geopol ${hh.version} · ${plural(hh.documents, "document")} · ${plural(hh.events, "event")} · ${plural(hh.clusters, "cluster")}`);
    // an ingest at work, one interrupted, reports not yet in clusters: say so above every view
    const warnings = Array.isArray(hh.warnings) ? hh.warnings : [];
    if (warnings.length) {
      document.querySelector("main").prepend(h("div", {class: "store-warnings", role: "status"},
        warnings.map((w) => h("p", {}, `The store: ${w}`))));
    }
  } catch (err) {
    el.replaceChildren(h("span", {class: "error-inline"}, `The API is not answering: ${err.message}`));
  }
}

search = setupSearch();
window.addEventListener("hashchange", render);
window.addEventListener("unhandledrejection", (ev) => {
  const root = view.firstElementChild;
  if (root && ev.reason) root.prepend(errorBox(ev.reason));
});
render();
footer();
