// The events table: filters (type, certainty, since, until, outlet, free text), pages of results
// from api/events, a row per event; a click (or Enter) on a row opens its evidence.

import {api} from "./api.js";
import {errorBox, h} from "./dom.js";
import {CERTAINTIES, PLOVER_TYPES, QUADS, actors, dayLabel, num, plural, truncate} from "./format.js";
import {go} from "./router.js";

export const FILTER_KEYS = ["type", "certainty", "since", "until", "outlet", "q", "offset", "limit"];

/** The table's filters found in the hash options (a Map). */
export function filtersFrom(params) {
  const out = {};
  for (const key of FILTER_KEYS) if (params.get(key)) out[key] = params.get(key);
  return out;
}

/**
 * An events table. base: fixed query parameters (a and b, actor, doc_id...); filters: the user's
 * initial filters; onFilters(filters) is told of every change; pageSize: rows per page unless the
 * filters say otherwise. Returns {el, set(partial filters)}.
 */
export function eventsTable({base = {}, filters = {}, onFilters = null, title = "Events", pageSize = 50}) {
  let state = {limit: String(pageSize), offset: "0", ...filters};
  let seq = 0;

  const field = (labelText, control) => h("label", {class: "field"}, h("span", {}, labelText), control);
  const select = (name, options) => {
    const el = h("select", {name},
      h("option", {value: ""}, "any"),
      options.map((o) => h("option", {value: o}, o)));
    el.value = state[name] || "";
    el.addEventListener("change", () => update({[name]: el.value}));
    return el;
  };
  const input = (name, type, placeholder) => {
    const el = h("input", {name, type, placeholder: placeholder || null, autocomplete: "off"});
    el.value = state[name] || "";
    let timer = null;
    const apply = () => {
      if ((state[name] || "") !== el.value) update({[name]: el.value});
    };
    el.addEventListener("change", apply);
    if (type === "text" || type === "search") {
      el.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(apply, 350);
      });
    }
    return el;
  };
  const controls = {
    type: select("type", PLOVER_TYPES),
    certainty: select("certainty", CERTAINTIES),
    since: input("since", "date"),
    until: input("until", "date"),
    outlet: input("outlet", "text", "outlet"),
    q: input("q", "search", "words in the evidence"),
  };
  const clear = h("button", {type: "button", class: "btn-secondary"}, "Clear filters");
  clear.addEventListener("click", () => update({type: "", certainty: "", since: "", until: "", outlet: "", q: ""}));
  const form = h("form", {class: "filters", role: "search", "aria-label": `${title} filters`},
    field("Type", controls.type), field("Certainty", controls.certainty),
    field("Since", controls.since), field("Until", controls.until),
    field("Outlet", controls.outlet), field("Text", controls.q), clear);
  form.addEventListener("submit", (ev) => ev.preventDefault());

  const summary = h("p", {class: "table-summary", "aria-live": "polite"});
  const body = h("tbody");
  const table = h("table", {class: "events-table"},
    h("thead", {}, h("tr", {},
      h("th", {scope: "col"}, "Date"), h("th", {scope: "col"}, "Type"), h("th", {scope: "col"}, "Source → target"),
      h("th", {scope: "col"}, "Certainty"), h("th", {scope: "col"}, "Outlet"),
      h("th", {scope: "col", class: "num", title: "Reports of the same event (its cluster)"}, "Reports"))),
    body);
  const prev = h("button", {type: "button", class: "btn-secondary"}, "← Previous");
  const next = h("button", {type: "button", class: "btn-secondary"}, "Next →");
  const pager = h("div", {class: "pager"}, prev, next);
  const message = h("div");
  const el = h("section", {class: "card events", "aria-label": title},
    h("h2", {}, title), form, message, summary, h("div", {class: "table-scroll"}, table), pager);

  let page = null;
  prev.addEventListener("click", () => {
    if (page) update({offset: String(Math.max(0, page.offset - page.limit))}, true);
  });
  next.addEventListener("click", () => {
    if (page && page.next_offset !== null && page.next_offset !== undefined) update({offset: String(page.next_offset)}, true);
  });

  function update(partial, keepOffset = false) {
    state = {...state, ...partial};
    if (!keepOffset) state.offset = "0";
    for (const [key, control] of Object.entries(controls)) if (control.value !== (state[key] || "")) control.value = state[key] || "";
    if (onFilters) {
      const out = {};
      for (const key of FILTER_KEYS) {
        if (state[key] && !(key === "offset" && state[key] === "0") && !(key === "limit" && state[key] === String(pageSize))) out[key] = state[key];
      }
      onFilters(out);
    }
    load();
  }

  async function load() {
    const mine = ++seq;
    el.classList.add("is-loading");
    const params = {...base};
    for (const key of FILTER_KEYS) if (state[key]) params[key] = state[key];
    try {
      const result = await api("events", params);
      if (mine !== seq) return;
      page = result;
      message.replaceChildren();
      render(result);
    } catch (err) {
      if (mine !== seq) return;
      page = null;
      body.replaceChildren();
      summary.textContent = "";
      message.replaceChildren(errorBox(err, "the events"));
      prev.disabled = next.disabled = true;
    } finally {
      if (mine === seq) el.classList.remove("is-loading");
    }
  }

  function render(result) {
    const items = Array.isArray(result.items) ? result.items : [];
    body.replaceChildren(...items.map(row));
    if (!items.length) body.appendChild(h("tr", {}, h("td", {colspan: 6, class: "muted"}, "No events match these filters.")));
    const first = items.length ? result.offset + 1 : 0;
    // rows are reports; `events` counts the real-world events (clusters) among them that happened,
    // as the profile and the series count them
    const happened = typeof result.events === "number" ? ` · ${plural(result.events, "real-world event")}` : "";
    summary.textContent = `${num(first)}–${num(result.offset + items.length)} of ${plural(result.total, "report")}${happened}`;
    summary.dataset.events = String(result.events ?? "");
    prev.disabled = !(result.offset > 0);
    next.disabled = result.next_offset === null || result.next_offset === undefined;
  }

  function row(ev) {
    const quad = QUADS[ev.quad] || "";
    const flags = [ev.negated && "negated", ev.hypothetical && "hypothetical", ev.future && "future",
      ev.background && "background"].filter(Boolean);
    const tr = h("tr", {class: "event-row", tabindex: 0, dataset: {id: String(ev.id ?? "")},
      "aria-label": `${ev.type} on ${dayLabel(ev.day)}: open the evidence`},
      h("td", {class: "nowrap"}, dayLabel(ev.day)),
      h("td", {}, h("span", {class: `badge quad-${Number(ev.quad) || 0}`, title: quad}, ev.type || "?"),
        flags.length ? h("div", {class: "flags"}, flags.join(", ")) : null),
      h("td", {},
        h("div", {class: "dyad-cell"}, actors(ev.source), h("span", {class: "arrow"}, " → "), actors(ev.target)),
        h("div", {class: "evidence-snippet"}, truncate(ev.evidence, 180))),
      h("td", {}, h("span", {class: `certainty c-${String(ev.certainty || "").replace(/[^a-z]/g, "")}`}, ev.certainty || "—")),
      h("td", {}, ev.outlet || "—"),
      h("td", {class: "num"}, num(ev.cluster_reports)));
    const open = () => go("doc", ev.doc_id, {event: ev.event_no});
    tr.addEventListener("click", open);
    tr.addEventListener("keydown", (e) => {
      if (e.key === "Enter") open();
    });
    return tr;
  }

  load();
  return {el, set: (partial) => update(partial)};
}
