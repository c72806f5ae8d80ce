// The actor network as SVG, laid out by a small force simulation of our own (Fruchterman–Reingold
// style: every pair of nodes repels, every edge pulls, a weak gravity keeps the graph centred).
// Node area grows with the actor's events; edge colour is the dyad's score, green to red.

import {h, s} from "./dom.js";
import {num, score, scoreColour, truncate} from "./format.js";

/** Positions {x, y} in the unit square for the nodes, deterministic for the same input. */
export function layout(nodes, edges, iterations = 300) {
  const n = nodes.length;
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  // start on a circle, biggest nodes first, so the result is stable from one load to the next
  const order = nodes.map((_, i) => i).sort((a, b) => (nodes[b].events || 0) - (nodes[a].events || 0));
  const pos = new Array(n);
  order.forEach((i, k) => {
    const angle = (2 * Math.PI * k) / Math.max(1, n);
    const radius = 0.3 + 0.15 * (k % 3);
    pos[i] = {x: 0.5 + radius * Math.cos(angle), y: 0.5 + radius * Math.sin(angle)};
  });
  const links = edges
    .map((e) => [index.get(e.source), index.get(e.target), e.events || 1])
    .filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  const degree = new Array(n).fill(0);
  for (const [a, b] of links) {
    degree[a] += 1;
    degree[b] += 1;
  }
  const k = Math.sqrt(1 / Math.max(1, n)) * 1.1; // ideal edge length
  const reach = 9 * k * k; // nodes further apart than 3k do not repel: far components stay near
  let temperature = 0.1;
  const cool = temperature / (iterations + 1);
  for (let it = 0; it < iterations; it++) {
    const disp = pos.map(() => ({x: 0, y: 0}));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x;
        let dy = pos[i].y - pos[j].y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 1e-6) {
          // nudge coincident nodes apart, deterministically
          dx = 0.001 * ((i % 7) - 3 || 1);
          dy = 0.001 * ((j % 5) - 2 || 1);
          d2 = dx * dx + dy * dy;
        }
        if (d2 > reach) continue;
        // repulsion k²/d along the unit vector (dx/d); hubs (many partners) push harder
        const f = ((k * k) / d2) * Math.sqrt((degree[i] + 1) * (degree[j] + 1));
        disp[i].x += dx * f;
        disp[i].y += dy * f;
        disp[j].x -= dx * f;
        disp[j].y -= dy * f;
      }
    }
    for (const [a, b, w] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1e-3;
      const f = (d / k) * (1 + Math.log(w) * 0.3); // attraction d²/k, stronger for heavy edges
      disp[a].x -= dx * f;
      disp[a].y -= dy * f;
      disp[b].x += dx * f;
      disp[b].y += dy * f;
    }
    for (let i = 0; i < n; i++) {
      disp[i].x += (0.5 - pos[i].x) * 0.5; // gravity towards the centre
      disp[i].y += (0.5 - pos[i].y) * 0.5;
      const d = Math.sqrt(disp[i].x * disp[i].x + disp[i].y * disp[i].y) || 1;
      const step = Math.min(d, temperature);
      pos[i].x += (disp[i].x / d) * step;
      pos[i].y += (disp[i].y / d) * step;
    }
    temperature -= cool;
  }
  // fit into the unit square
  const xs = pos.map((p) => p.x);
  const ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return pos.map((p) => ({x: x1 > x0 ? (p.x - x0) / (x1 - x0) : 0.5, y: y1 > y0 ? (p.y - y0) / (y1 - y0) : 0.5}));
}

/**
 * Draw the network. options: width, height, onNode(id), onEdge(edge).
 */
export function networkGraph(data, {width = 900, height = 560, onNode = null, onEdge = null} = {}) {
  const nodes = Array.isArray(data.nodes) ? data.nodes : [];
  const ids = new Set(nodes.map((n) => n.id));
  const edges = (Array.isArray(data.edges) ? data.edges : []).filter((e) => ids.has(e.source) && ids.has(e.target));
  const wrap = h("div", {class: "network"});
  if (!nodes.length) {
    wrap.appendChild(h("p", {class: "muted"}, "No actors with events between them for this selection."));
    return wrap;
  }
  const maxEvents = Math.max(1, ...nodes.map((n) => n.events || 0));
  const radius = (node) => 5 + 20 * Math.sqrt((node.events || 0) / maxEvents);
  const pad = 34;
  const unit = layout(nodes, edges);
  const at = new Map(nodes.map((node, i) => [node.id, {
    x: pad + unit[i].x * (width - 2 * pad),
    y: pad + unit[i].y * (height - 2 * pad),
  }]));
  const maxEdge = Math.max(1, ...edges.map((e) => e.events || 0));

  const svg = s("svg", {class: "network-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `Network of ${nodes.length} actors and ${edges.length} dyads`});
  const tip = h("div", {class: "tooltip", role: "status", hidden: true});
  const show = (x, y, lines) => {
    tip.replaceChildren(...lines);
    tip.hidden = false;
    tip.style.left = `${Math.min(Math.max(0, x + 14), Math.max(0, width - 230))}px`;
    tip.style.top = `${Math.max(0, y - 10)}px`;
  };
  const hide = () => (tip.hidden = true);

  const edgeLayer = s("g", {class: "edges"});
  for (const e of edges) {
    const a = at.get(e.source);
    const b = at.get(e.target);
    const line = s("line", {
      x1: a.x, y1: a.y, x2: b.x, y2: b.y, stroke: scoreColour(e.score),
      "stroke-width": 1.2 + 5 * Math.sqrt((e.events || 0) / maxEdge), class: "edge",
      "aria-label": `${e.source} – ${e.target}`,
    });
    const lines = [h("strong", {}, `${e.source} – ${e.target}`),
      h("div", {}, `${num(e.events)} events: ${num(e.cooperation)} cooperation, ${num(e.conflict)} conflict`),
      h("div", {}, `score ${score(e.score)}`),
      onEdge ? h("div", {class: "tip-hint"}, "click for the dyad") : null].filter(Boolean);
    line.addEventListener("mouseenter", () => show((a.x + b.x) / 2, (a.y + b.y) / 2, lines));
    line.addEventListener("mouseleave", hide);
    if (onEdge) line.addEventListener("click", () => onEdge(e));
    edgeLayer.appendChild(line);
  }
  svg.appendChild(edgeLayer);

  const nodeLayer = s("g", {class: "nodes"});
  for (const node of nodes) {
    const p = at.get(node.id);
    const r = radius(node);
    const label = node.label || node.id;
    const g = s("g", {class: `node kind-${String(node.kind || "other").replace(/[^a-z]/g, "")}`, tabindex: 0, role: "link",
      "aria-label": `${label}: ${num(node.events)} events`, dataset: {id: node.id}});
    g.appendChild(s("circle", {cx: p.x, cy: p.y, r}));
    // labels near the sides grow inwards so they are not cut off
    const anchor = p.x < 70 ? "start" : p.x > width - 70 ? "end" : "middle";
    const lx = anchor === "start" ? p.x - r : anchor === "end" ? p.x + r : p.x;
    // on a small drawing only the bigger actors are labelled (all have tooltips)
    if (width >= 600 || r >= 12) g.appendChild(s("text", {x: lx, y: p.y + r + 12, "text-anchor": anchor}, truncate(label, 22)));
    const lines = [h("strong", {}, label !== node.id ? `${label} (${node.id})` : label),
      h("div", {}, `${num(node.events)} events, ${num(node.degree)} partners`),
      onNode ? h("div", {class: "tip-hint"}, "click for the actor's profile") : null].filter(Boolean);
    g.addEventListener("mouseenter", () => show(p.x + r, p.y, lines));
    g.addEventListener("mouseleave", hide);
    g.addEventListener("focus", () => show(p.x + r, p.y, lines));
    g.addEventListener("blur", hide);
    if (onNode) {
      g.addEventListener("click", () => onNode(node.id));
      g.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") onNode(node.id);
      });
    }
    nodeLayer.appendChild(g);
  }
  svg.appendChild(nodeLayer);
  wrap.append(svg, tip);
  wrap.appendChild(h("ul", {class: "legend"},
    h("li", {}, h("span", {class: "key key-node"}), "actor (size: events)"),
    h("li", {}, h("span", {class: "key key-edge-coop"}), "cooperative dyad"),
    h("li", {}, h("span", {class: "key key-edge-neutral"}), "mixed"),
    h("li", {}, h("span", {class: "key key-edge-conflict"}), "conflictual dyad")));
  return wrap;
}
