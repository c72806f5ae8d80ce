// The dyad time series, drawn as SVG by hand: per period, cooperation bars above a zero line and
// conflict bars below it; under them the cooperation–conflict score (−1 … +1) as a line with its
// uncertainty band. Hovering a period shows its numbers; clicking it selects it (onSelect).

import {h, s} from "./dom.js";
import {nextPeriod, num, parseDay, isoDay, periodLabel, score, scoreColour} from "./format.js";

const COOP = "#1e8e3e";
const CONFLICT = "#c62828";

/** The points with the empty periods between them filled in (so gaps in time show as gaps). */
export function fillPeriods(points, by) {
  const sorted = [...points].filter((p) => parseDay(p.period)).sort((a, b) => (a.period < b.period ? -1 : 1));
  if (sorted.length < 2) return sorted;
  const byPeriod = new Map(sorted.map((p) => [isoDay(parseDay(p.period)), p]));
  const out = [];
  let landed = 0;
  const last = parseDay(sorted[sorted.length - 1].period);
  for (let d = parseDay(sorted[0].period); d <= last; d = nextPeriod(d, by)) {
    if (out.length > 1500) return sorted; // too many empty days: plot only the periods with events
    const key = isoDay(d);
    const point = byPeriod.get(key);
    if (point) landed += 1;
    out.push(point || {period: key, events: 0, reports: 0, sources: 0, cooperation: 0, conflict: 0,
      score: null, score_low: null, score_high: null, empty: true});
  }
  // if some periods were not landed on (weeks starting another weekday...), plot them as given
  return landed === byPeriod.size ? out : sorted;
}

// About `count` round tick values from 0 to max (1, 2, 5 × 10^k steps).
function ticks(max, count) {
  if (max <= 0) return [0];
  const raw = max / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => st >= raw) || raw;
  const out = [];
  for (let v = 0; v <= max + 1e-9; v += Math.max(1, step)) out.push(Math.round(v));
  return out;
}

function isNum(x) {
  return typeof x === "number" && isFinite(x);
}

/**
 * Draw the chart.
 * options: width (px), by (day|week|month), selected (a period or ""), onSelect(point|null),
 * scorePanel (false for series without scores), label (aria label for the whole chart).
 */
export function timeSeriesChart(points, options) {
  const {by = "month", width = 900, selected = "", onSelect = null, scorePanel = true, label = "Time series"} = options;
  const data = fillPeriods(points, by);
  const wrap = h("div", {class: "chart"});
  if (!data.length) {
    wrap.appendChild(h("p", {class: "muted"}, "No dated events for this selection."));
    return wrap;
  }
  const compact = width < 560;
  const m = {left: compact ? 42 : 48, right: 12, top: 22};
  const countsH = compact ? 130 : 170;
  const gap = 30;
  const scoreH = scorePanel ? (compact ? 90 : 110) : 0;
  const axisH = 36;
  const height = m.top + countsH + (scorePanel ? gap + scoreH : 0) + axisH;
  const plotW = Math.max(60, width - m.left - m.right);
  const n = data.length;
  const bw = plotW / n;
  const xMid = (i) => m.left + (i + 0.5) * bw;

  // counts panel: cooperation above the zero line, conflict below it
  const maxCoop = Math.max(1, ...data.map((p) => p.cooperation || 0));
  const maxConf = Math.max(1, ...data.map((p) => p.conflict || 0));
  const yCount = (v) => m.top + ((maxCoop - v) / (maxCoop + maxConf)) * countsH;
  const y0 = yCount(0);
  // score panel: −1 at the bottom, +1 at the top
  const top2 = m.top + countsH + gap;
  const yScore = (v) => top2 + ((1 - v) / 2) * scoreH;

  const svg = s("svg", {class: "chart-svg", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": label});
  const selRect = s("rect", {class: "sel", x: 0, y: m.top - 6, width: bw, height: height - m.top - axisH + 6, visibility: "hidden"});
  svg.appendChild(selRect);

  // axes and grid of the counts panel
  const grid = s("g", {class: "grid"});
  for (const v of ticks(maxCoop, compact ? 2 : 3)) {
    grid.appendChild(s("line", {x1: m.left, x2: m.left + plotW, y1: yCount(v), y2: yCount(v)}));
    grid.appendChild(s("text", {x: m.left - 6, y: yCount(v) + 4, "text-anchor": "end"}, num(v)));
  }
  for (const v of ticks(maxConf, compact ? 2 : 3).slice(1)) {
    grid.appendChild(s("line", {x1: m.left, x2: m.left + plotW, y1: yCount(-v), y2: yCount(-v)}));
    grid.appendChild(s("text", {x: m.left - 6, y: yCount(-v) + 4, "text-anchor": "end"}, num(v)));
  }
  svg.appendChild(grid);
  svg.appendChild(s("text", {class: "panel-title", x: m.left, y: m.top - 8},
    compact ? "Cooperation ▲ / conflict ▼" : "Events per period: cooperation ▲ above, conflict ▼ below"));

  const bars = s("g", {class: "bars"});
  const barW = Math.max(1, Math.min(40, bw * 0.7));
  data.forEach((p, i) => {
    const x = xMid(i) - barW / 2;
    if (p.cooperation > 0) bars.appendChild(s("rect", {x, y: yCount(p.cooperation), width: barW, height: y0 - yCount(p.cooperation), fill: COOP, rx: 1}));
    if (p.conflict > 0) bars.appendChild(s("rect", {x, y: y0, width: barW, height: yCount(-p.conflict) - y0, fill: CONFLICT, rx: 1}));
  });
  svg.appendChild(bars);
  svg.appendChild(s("line", {class: "zero", x1: m.left, x2: m.left + plotW, y1: y0, y2: y0}));

  if (scorePanel) {
    const g2 = s("g", {class: "grid"});
    for (const v of [1, 0.5, 0, -0.5, -1]) {
      g2.appendChild(s("line", {class: v === 0 ? "zero" : "", x1: m.left, x2: m.left + plotW, y1: yScore(v), y2: yScore(v)}));
      if (v !== 0.5 && v !== -0.5) g2.appendChild(s("text", {x: m.left - 6, y: yScore(v) + 4, "text-anchor": "end"}, score(v)));
    }
    svg.appendChild(g2);
    svg.appendChild(s("text", {class: "panel-title", x: m.left, y: top2 - 8},
      compact ? "Score, +1 coop. … −1 conflict" : "Score: +1 cooperation … −1 conflict, with uncertainty band"));

    // the band and the line are drawn per run of consecutive periods that have a score
    const runs = [];
    let run = [];
    data.forEach((p, i) => {
      if (isNum(p.score)) run.push(i);
      else if (run.length) {
        runs.push(run);
        run = [];
      }
    });
    if (run.length) runs.push(run);
    const band = s("g", {class: "band"});
    const lines = s("g", {class: "score-line"});
    for (const r of runs) {
      const withBand = r.filter((i) => isNum(data[i].score_low) && isNum(data[i].score_high));
      if (withBand.length > 1 && withBand.length === r.length) {
        const upper = r.map((i) => `${xMid(i)},${yScore(data[i].score_high)}`);
        const lower = r.slice().reverse().map((i) => `${xMid(i)},${yScore(data[i].score_low)}`);
        band.appendChild(s("polygon", {points: [...upper, ...lower].join(" ")}));
      }
      if (r.length > 1) lines.appendChild(s("polyline", {points: r.map((i) => `${xMid(i)},${yScore(data[i].score)}`).join(" ")}));
    }
    // dashed links across empty periods, so a sparse series still reads as one line
    const scored = data.map((p, i) => i).filter((i) => isNum(data[i].score));
    for (let k = 1; k < scored.length; k++) {
      const [a, b] = [scored[k - 1], scored[k]];
      if (b - a > 1) lines.appendChild(s("line", {class: "gap", x1: xMid(a), y1: yScore(data[a].score), x2: xMid(b), y2: yScore(data[b].score)}));
    }
    svg.appendChild(band);
    svg.appendChild(lines);
    const dots = s("g", {class: "points"});
    data.forEach((p, i) => {
      if (!isNum(p.score)) return;
      if (isNum(p.score_low) && isNum(p.score_high)) {
        dots.appendChild(s("line", {class: "whisker", x1: xMid(i), x2: xMid(i), y1: yScore(p.score_high), y2: yScore(p.score_low)}));
      }
      dots.appendChild(s("circle", {class: "point", cx: xMid(i), cy: yScore(p.score), r: compact ? 3 : 4, fill: scoreColour(p.score)}));
    });
    svg.appendChild(dots);
  }

  // x axis: as many period labels as fit
  const axisY = height - axisH + 16;
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plotW / (by === "month" ? 58 : 64)))));
  const xAxis = s("g", {class: "x-axis"});
  data.forEach((p, i) => {
    if (i % every) return;
    xAxis.appendChild(s("line", {x1: xMid(i), x2: xMid(i), y1: axisY - 14, y2: axisY - 10}));
    xAxis.appendChild(s("text", {x: xMid(i), y: axisY, "text-anchor": "middle"}, periodLabel(p.period, by, true)));
  });
  svg.appendChild(xAxis);

  // hover / click zones, one per period, over both panels
  const tip = h("div", {class: "tooltip", role: "status", hidden: true});
  const hits = s("g", {class: "hits"});
  const showTip = (p, i) => {
    tip.replaceChildren(...tooltipLines(p, by));
    tip.hidden = false;
    const left = Math.min(Math.max(0, xMid(i) + 12), Math.max(0, width - 230));
    tip.style.left = `${xMid(i) > width - 240 ? Math.max(0, xMid(i) - 242) : left}px`;
    tip.style.top = `${m.top}px`;
  };
  const markSelected = (period) => {
    const i = data.findIndex((p) => p.period === period);
    selRect.setAttribute("visibility", i >= 0 ? "visible" : "hidden");
    if (i >= 0) selRect.setAttribute("x", m.left + i * bw);
  };
  data.forEach((p, i) => {
    const text = `${periodLabel(p.period, by)}: ${num(p.cooperation)} cooperation, ${num(p.conflict)} conflict` +
      (isNum(p.score) ? `, score ${score(p.score)}` : "");
    const zone = s("rect", {
      class: "hit", x: m.left + i * bw, y: m.top - 6, width: bw, height: height - m.top - axisH + 6,
      fill: "transparent", tabindex: p.empty ? null : 0, role: p.empty ? null : "button", "aria-label": text,
      dataset: {period: p.period},
    });
    zone.addEventListener("mouseenter", () => showTip(p, i));
    zone.addEventListener("focus", () => showTip(p, i));
    zone.addEventListener("mouseleave", () => (tip.hidden = true));
    zone.addEventListener("blur", () => (tip.hidden = true));
    const choose = () => {
      if (!onSelect || p.empty) return;
      const again = selRect.getAttribute("visibility") === "visible" && selRect.getAttribute("x") === String(m.left + i * bw);
      markSelected(again ? "" : p.period);
      onSelect(again ? null : p);
    };
    zone.addEventListener("click", choose);
    zone.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        choose();
      }
    });
    hits.appendChild(zone);
  });
  svg.appendChild(hits);
  markSelected(selected);

  wrap.append(svg, tip, legend(scorePanel));
  wrap.markSelected = markSelected;
  return wrap;
}

function tooltipLines(p, by) {
  const rows = [h("strong", {}, periodLabel(p.period, by))];
  if (p.empty) {
    rows.push(h("div", {}, "no events"));
    return rows;
  }
  const line = (name, value, cls) => h("div", {class: "tip-row"}, h("span", {class: cls || ""}, name), h("b", {}, value));
  rows.push(line("cooperation", num(p.cooperation), "tip-coop"));
  rows.push(line("conflict", num(p.conflict), "tip-conflict"));
  if (p.events !== undefined) rows.push(line("events (clusters)", num(p.events)));
  if (p.reports !== undefined) rows.push(line("reports", num(p.reports)));
  if (p.sources !== undefined) rows.push(line("outlets", num(p.sources)));
  if (isNum(p.score)) {
    const band = isNum(p.score_low) && isNum(p.score_high) ? ` [${score(p.score_low)}, ${score(p.score_high)}]` : "";
    rows.push(line("score", score(p.score) + band));
  }
  const types = Object.entries(p.by_type || {}).sort((a, b) => b[1] - a[1]).slice(0, 4);
  if (types.length) rows.push(h("div", {class: "tip-types"}, types.map(([t, c]) => `${t} ${c}`).join(" · ")));
  if (p.cooperation || p.conflict) rows.push(h("div", {class: "tip-hint"}, "click to list these events"));
  return rows;
}

function legend(scorePanel) {
  const item = (cls, text) => h("li", {}, h("span", {class: `key ${cls}`}), text);
  return h("ul", {class: "legend"},
    item("key-coop", "cooperation"),
    item("key-conflict", "conflict"),
    scorePanel ? item("key-score", "score") : null,
    scorePanel ? item("key-band", "uncertainty band") : null);
}
