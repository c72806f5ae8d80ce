// The evidence view: one document's whole text with its actors, event triggers, claims and
// figures marked; the chosen event's sentence highlighted and scrolled into view; beside it the
// event and its cluster, every report of the same event, each a link to its own document.

import {api, seg} from "./api.js";
import {errorBox, externalLink, h, loading} from "./dom.js";
import {QUADS, actorName, actors, dayLabel, num, plural} from "./format.js";
import {makeHash} from "./router.js";
import {markText} from "./marks.js";

const LEGEND = [
  ["m-actor", "actor (country)"],
  ["m-trigger", "event trigger (type)"],
  ["m-cue", "claim cue"],
  ["m-claim", "claim content"],
  ["m-figure", "figure"],
  ["m-sentence", "evidence sentence"],
  ["m-repeat", "the same event told again"],
  ["m-role", "source / target of the event"],
];

/** The party of an event participant: its country for states' actors, its name for IGOs etc. */
export function partyOf(p) {
  if (!p) return null;
  const c = p.country;
  if (c && /^[A-Z]{3}$/.test(c) && !["IGO", "NGO", "MNC"].includes(c)) return c;
  return p.name || null;
}

function eventLink(docId, eventNo) {
  return makeHash("doc", docId, {event: eventNo});
}

/**
 * Render the evidence view of document docId into root. eventNo: the chosen event, or null;
 * claimNo / figureNo (links from a search or a profile): a claim or figure to highlight instead.
 */
export async function docView(root, docId, eventNo, {alive, claimNo = null, figureNo = null}) {
  root.appendChild(loading("the document"));
  let doc;
  try {
    doc = await api(`documents/${seg(docId)}`);
  } catch (err) {
    if (!alive()) return;
    root.replaceChildren(backBar(), errorBox(err, `document ${docId}`));
    return;
  }
  if (!alive()) return;
  const text = typeof doc.text === "string" ? doc.text : "";
  const events = Array.isArray(doc.events) ? doc.events : [];
  const chosen = eventNo === null ? null : events.find((e) => String(e.event_no) === String(eventNo)) || null;
  document.title = `${doc.title || doc.doc_id} · geopol`;

  const find = (list, key, no) => (chosen || no === null ? null : (list || []).find((x) => String(x[key]) === String(no)) || null);
  const claim = find(doc.claims, "claim_no", claimNo);
  const figure = find(doc.figures, "figure_no", figureNo);
  // the span to highlight and scroll to when no event is chosen: a claim's content, or a figure
  const spot = claim ? claim.content : figure;
  const annotations = buildAnnotations(doc, events, chosen, spot);
  const {fragment, first} = markText(text, annotations);
  const body = h("div", {class: "doc-text", lang: "en"});
  body.appendChild(fragment);

  const counts = [
    plural((doc.mentions || []).length, "actor mention"),
    plural(events.length, "event"),
    plural((doc.claims || []).length, "claim"),
    plural((doc.figures || []).length, "figure"),
  ].join(" · ");

  const article = h("article", {class: "card document", "aria-label": "Document"},
    h("p", {class: "kicker"}, "Document ", h("code", {}, doc.doc_id)),
    h("h1", {class: "doc-title"}, doc.title || "(untitled)"),
    h("p", {class: "doc-meta"},
      [doc.outlet, doc.published ? dayLabel(doc.published) : null].filter(Boolean).join(" · ") || "no outlet or date",
      doc.url ? [" · ", externalLink(doc.url, "original article")] : null,
      doc.status && doc.status !== "ok" ? ` · status: ${doc.status}` : null),
    duplicates(doc),
    h("p", {class: "doc-counts muted"}, counts),
    legend(),
    !eventNo || chosen ? null : h("div", {class: "error", role: "alert"}, `This document has no event number ${eventNo}.`),
    body,
    eventList(doc, events, chosen));

  const side = h("aside", {class: "side", "aria-label": "Event and its reports"});
  if (chosen) {
    side.appendChild(eventCard(chosen));
    const clusterBox = h("section", {class: "card cluster", "aria-label": "Reports of this event"}, loading("the cluster"));
    side.appendChild(clusterBox);
    loadCluster(clusterBox, chosen, alive);
  } else {
    side.appendChild(h("section", {class: "card"}, h("h2", {}, "Events"),
      h("p", {class: "muted"}, events.length ? "Choose an event (a marked trigger, or one in the list under the text) to see its evidence and its other reports." : "No events were coded in this document.")));
  }

  root.replaceChildren(backBar(), h("div", {class: "evidence-layout"}, article, side));
  const target = first.get("sentence") || first.get("trigger");
  if (target) {
    target.classList.add("scroll-target");
    // after layout, so the sentence lands in the middle of the window
    requestAnimationFrame(() => target.scrollIntoView({block: "center"}));
  } else {
    window.scrollTo(0, 0);
  }
}

function buildAnnotations(doc, events, chosen, spot) {
  const anns = [];
  for (const m of doc.mentions || []) {
    const detail = [m.name, m.country, m.sector, m.kind].filter(Boolean).join(" · ");
    anns.push({start: m.start, end: m.end, cls: `mark m-actor kind-${String(m.kind || "").replace(/[^a-z]/g, "")}`,
      label: m.country || m.kind || "actor", title: `actor: ${detail}`, order: 1});
  }
  for (const ev of events) {
    const t = ev.trigger || {};
    const isChosen = chosen && ev.event_no === chosen.event_no;
    anns.push({start: t.start, end: t.end, cls: `mark m-trigger quad-${Number(ev.quad) || 0}${isChosen ? " is-chosen" : ""}`,
      label: ev.type, order: 0, key: isChosen ? "trigger" : undefined,
      title: `event: ${ev.type} (${QUADS[ev.quad] || "?"}), ${actors(ev.source)} → ${actors(ev.target)}, ${ev.certainty}`,
      onClick: () => (location.hash = eventLink(doc.doc_id, ev.event_no))});
  }
  for (const c of doc.claims || []) {
    const who = c.claimant ? actorName(c.claimant.actor || c.claimant) : "unnamed source";
    if (c.cue) anns.push({start: c.cue.start, end: c.cue.end, cls: "mark m-cue", label: c.kind ? `claim · ${c.kind}` : "claim",
      title: `claim by ${who} (${c.certainty}${c.negated ? ", negated" : ""})`, order: 2});
    if (c.content) anns.push({start: c.content.start, end: c.content.end, cls: "m-claim", depth: 1,
      title: `content of a claim by ${who}`});
  }
  for (const f of doc.figures || []) {
    const value = [f.bound && f.bound !== "exact" ? f.bound.replace("_", " ") : null, num(f.value),
      f.upper !== null && f.upper !== undefined ? `– ${num(f.upper)}` : null, f.unit].filter(Boolean).join(" ");
    anns.push({start: f.start, end: f.end, cls: "mark m-figure", label: f.quantity || f.unit || "figure",
      title: `figure: ${value}${f.quantity ? ` (${f.quantity})` : ""}`, order: 3});
  }
  if (spot) anns.push({start: spot.start, end: spot.end, cls: "m-sentence", depth: 2, key: "sentence", title: "the passage linked to"});
  if (chosen) {
    if (chosen.sentence) anns.push({start: chosen.sentence.start, end: chosen.sentence.end, cls: "m-sentence", depth: 2,
      key: "sentence", title: "evidence sentence of the chosen event"});
    // later sentences that tell the chosen event again: folded into it, not events of their own
    for (const r of Array.isArray(chosen.repeats) ? chosen.repeats : []) {
      anns.push({start: r.start, end: r.end, cls: "m-repeat", depth: 2, title: "the chosen event, told again (a repeat, not another event)"});
    }
    for (const [role, list] of [["source", chosen.source], ["target", chosen.target]]) {
      for (const p of list || []) anns.push({start: p.start, end: p.end, cls: `m-role m-${role}`, label: role, order: 5,
        title: `${role} of the chosen event: ${actorName(p)}`});
    }
  }
  return anns;
}

function legend() {
  return h("ul", {class: "legend mark-legend", "aria-label": "Legend"},
    LEGEND.map(([cls, text]) => h("li", {}, h("span", {class: `swatch ${cls}`}), text)));
}

function backBar() {
  const back = h("button", {type: "button", class: "btn-secondary back"}, "← Back");
  back.addEventListener("click", () => {
    if (history.length > 1) history.back();
    else location.hash = "#network";
  });
  return h("div", {class: "back-bar"}, back);
}

function duplicates(doc) {
  const parts = [];
  if (doc.duplicate_of) parts.push("A duplicate of ", h("a", {href: makeHash("doc", doc.duplicate_of)}, doc.duplicate_of), ". ");
  const dups = Array.isArray(doc.duplicates) ? doc.duplicates : [];
  if (dups.length) {
    parts.push("Duplicates: ");
    dups.forEach((d, i) => parts.push(i ? ", " : "", h("a", {href: makeHash("doc", d)}, d)));
    parts.push(".");
  }
  return parts.length ? h("p", {class: "doc-dups"}, parts) : null;
}

function eventList(doc, events, chosen) {
  if (!events.length) return null;
  return h("section", {class: "doc-events", "aria-label": "Events in this document"},
    h("h2", {}, "Events in this document"),
    h("ol", {}, events.map((ev) => h("li", {class: chosen && chosen.event_no === ev.event_no ? "is-chosen" : ""},
      h("a", {href: eventLink(doc.doc_id, ev.event_no)},
        h("span", {class: `badge quad-${Number(ev.quad) || 0}`}, ev.type), " ",
        `${actors(ev.source)} → ${actors(ev.target)}`),
      h("span", {class: "muted"}, ` · ${ev.certainty}`)))));
}

function eventCard(ev) {
  const flags = [ev.negated && "negated", ev.hypothetical && "hypothetical", ev.future && "future"].filter(Boolean);
  const when = ev.date && (ev.date.start || ev.date.end)
    ? (ev.date.start === ev.date.end || !ev.date.end ? dayLabel(ev.date.start) : `${dayLabel(ev.date.start)} – ${dayLabel(ev.date.end)}`)
    : ev.day ? `${dayLabel(ev.day)} (publication date)` : "—";
  const row = (name, ...value) => [h("dt", {}, name), h("dd", {}, ...value)];
  const src = (ev.source || []).map(partyOf).filter(Boolean);
  const tgt = (ev.target || []).map(partyOf).filter(Boolean);
  const dyad = src.length && tgt.length && src[0] !== tgt[0]
    ? h("a", {href: makeHash("dyad", `${src[0]},${tgt[0]}`)}, `${src[0]} – ${tgt[0]} over time`) : null;
  return h("section", {class: "card event-card", "aria-label": "The chosen event"},
    h("h2", {}, h("span", {class: `badge quad-${Number(ev.quad) || 0}`}, ev.type), " ", h("span", {class: "muted"}, QUADS[ev.quad] || "")),
    h("p", {class: "event-dyad"}, actors(ev.source), h("span", {class: "arrow"}, " → "), actors(ev.target)),
    h("dl", {class: "facts"},
      row("Trigger", `“${(ev.trigger && ev.trigger.text) || "?"}”`),
      row("When", when),
      row("Certainty", ev.certainty || "—", flags.length ? ` (${flags.join(", ")})` : ""),
      ev.mode ? row("Mode", ev.mode) : null,
      Array.isArray(ev.context) && ev.context.length ? row("Context", ev.context.join(", ").replace(/_/g, " ")) : null,
      row("Reported by", ev.outlet || "—", ev.published ? `, ${dayLabel(ev.published)}` : ""),
      Array.isArray(ev.repeats) && ev.repeats.length
        ? row("Told again", `in ${plural(ev.repeats.length, "later sentence")} of this document (marked in the text; one event, counted once)`) : null,
      dyad ? row("Dyad", dyad) : null));
}

async function loadCluster(box, ev, alive) {
  if (!ev.cluster_id) {
    box.replaceChildren(h("h2", {}, "Reports"), h("p", {class: "muted"}, "This event has no cluster."));
    return;
  }
  let cluster;
  try {
    cluster = await api(`clusters/${seg(ev.cluster_id)}`);
  } catch (err) {
    if (alive()) box.replaceChildren(h("h2", {}, "Reports"), errorBox(err, "the event's cluster"));
    return;
  }
  if (!alive()) return;
  const reports = Array.isArray(cluster.reports) ? cluster.reports : [];
  const span = cluster.date_start && cluster.date_end && cluster.date_start !== cluster.date_end
    ? `${dayLabel(cluster.date_start)} – ${dayLabel(cluster.date_end)}` : dayLabel(cluster.date_start);
  box.replaceChildren(
    h("h2", {}, `Reports of this event`),
    h("p", {class: "muted"}, `${plural(reports.length, "report")} in ${plural(cluster.documents ?? reports.length, "document")} from ` +
      `${plural(cluster.sources ?? 0, "outlet")} · ${span}`),
    h("ol", {class: "reports"}, reports.map((r) => {
      const current = r.doc_id === ev.doc_id && String(r.event_no) === String(ev.event_no);
      return h("li", {class: current ? "is-current" : ""},
        h("a", {href: eventLink(r.doc_id, r.event_no), "aria-current": current ? "true" : null},
          h("span", {class: "report-meta"}, [r.outlet || "unknown outlet", r.published ? dayLabel(r.published) : null, r.certainty].filter(Boolean).join(" · "),
            current ? h("span", {class: "this"}, " this report") : null),
          h("span", {class: "report-title"}, r.title || r.doc_id),
          h("span", {class: "report-evidence"}, withTrigger(r.evidence || "", r.trigger && r.trigger.text))));
    })));
}

// The evidence sentence with its trigger word in bold (found by its text; the sentence has no offsets).
function withTrigger(sentence, trigger) {
  const i = trigger ? sentence.indexOf(trigger) : -1;
  if (i < 0) return sentence;
  return [sentence.slice(0, i), h("b", {}, trigger), sentence.slice(i + trigger.length)];
}
