// Document text with its annotations marked, displaCy style, built from text nodes only.
//
// Annotations may nest or overlap (an actor inside a claim's content, a trigger inside the evidence
// sentence), so the text is cut at every annotation boundary and each piece is wrapped in one
// element per annotation covering it: outer layers (sentence, claim content) outside, tokens
// (actors, triggers, cues, figures) inside, shorter spans innermost. An annotation's label is put
// at its end, inside its last piece.

import {h} from "./dom.js";

/**
 * Offsets from the API count code points (Python str indices); JS strings count UTF-16 units.
 * Returns a function mapping a code-point offset to a JS string index (identity for BMP-only text).
 */
export function offsetMapper(text) {
  if (!/[\uD800-\uDBFF]/.test(text)) return (i) => i;
  const units = [];
  let u = 0;
  for (const ch of text) {
    units.push(u);
    u += ch.length;
  }
  units.push(u);
  return (i) => units[Math.max(0, Math.min(i, units.length - 1))];
}

/**
 * Annotations are {start, end, cls, depth, label?, title?, onClick?, order?} with start/end as
 * code-point offsets; depth 0 = token, higher = outer layer; an optional key names it. Returns
 * {fragment, first} where first maps each key to the element of its first piece (to scroll to it).
 */
export function markText(text, annotations) {
  const toIndex = offsetMapper(text);
  const length = text.length;
  const anns = [];
  for (const a of annotations) {
    if (!Number.isInteger(a.start) || !Number.isInteger(a.end)) continue;
    const start = toIndex(a.start);
    const end = toIndex(a.end);
    if (start < 0 || end > length || start >= end) continue; // bad offsets are left out, not guessed
    anns.push({...a, s: start, e: end});
  }
  const cuts = new Set([0, length]);
  for (const a of anns) {
    cuts.add(a.s);
    cuts.add(a.e);
  }
  const points = [...cuts].sort((x, y) => x - y);
  // inner first: tokens before layers, shorter before longer, then by the given order
  anns.sort((x, y) => (x.depth || 0) - (y.depth || 0) || (x.e - x.s) - (y.e - y.s) || (x.order || 0) - (y.order || 0));
  const fragment = document.createDocumentFragment();
  const first = new Map();
  for (let k = 0; k + 1 < points.length; k++) {
    const [from, to] = [points[k], points[k + 1]];
    let node = document.createTextNode(text.slice(from, to));
    for (const a of anns) {
      if (a.s > from || a.e < to) continue; // this annotation does not cover the piece
      const wrapper = h("span", {class: a.cls, title: a.title || null});
      wrapper.appendChild(node);
      if (a.e === to && a.label) wrapper.appendChild(h("span", {class: "mark-label", "aria-hidden": "true"}, a.label));
      if (a.onClick) {
        wrapper.addEventListener("click", (ev) => {
          ev.stopPropagation();
          a.onClick();
        });
      }
      if (a.key !== undefined && !first.has(a.key)) first.set(a.key, wrapper);
      node = wrapper;
    }
    fragment.appendChild(node);
  }
  return {fragment, first};
}
