// Small formatting helpers shared by the views: dates, periods, numbers, colours.

export const QUADS = {
  1: "verbal cooperation",
  2: "material cooperation",
  3: "verbal conflict",
  4: "material conflict",
};

export const PLOVER_TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

export const CERTAINTIES = ["asserted", "reported", "hedged", "unverified", "denied"];

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "2023-03-21" -> a UTC Date (null when not a date). */
export function parseDay(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(text || ""));
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
}

export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

export function addDays(date, n) {
  return new Date(date.getTime() + n * 86400000);
}

export function addMonths(date, n) {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + n, 1));
}

/** The next period's start after `date` for a bucket size by = day | week | month. */
export function nextPeriod(date, by) {
  if (by === "month") return addMonths(date, 1);
  return addDays(date, by === "week" ? 7 : 1);
}

/** First and last day (inclusive, ISO) of the period starting at `period`. */
export function periodRange(period, by) {
  const start = parseDay(period);
  if (!start) return {since: "", until: ""};
  const end = addDays(nextPeriod(start, by), -1);
  return {since: isoDay(start), until: isoDay(end)};
}

/** A period start as people read it: "Mar 2023", "week of 20 Mar 2023", "21 Mar 2023". */
export function periodLabel(period, by, short = false) {
  const d = parseDay(period);
  if (!d) return String(period ?? "");
  const month = MONTHS[d.getUTCMonth()];
  if (by === "month") return short ? `${month} ${String(d.getUTCFullYear()).slice(2)}` : `${month} ${d.getUTCFullYear()}`;
  if (short) return `${d.getUTCDate()} ${month}`;
  const day = `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}`;
  return by === "week" ? `week of ${day}` : day;
}

export function dayLabel(text) {
  return text ? periodLabel(text, "day") : "—";
}

export function num(n) {
  return typeof n === "number" && isFinite(n) ? n.toLocaleString("en") : "—";
}

export function score(x) {
  if (typeof x !== "number" || !isFinite(x)) return "—";
  return (x > 0 ? "+" : x < 0 ? "−" : "") + Math.abs(x).toFixed(2);
}

/** Colour of a cooperation–conflict score: red (−1) through grey (0) to green (+1). */
export function scoreColour(x) {
  if (typeof x !== "number" || !isFinite(x)) return "#9aa3ad";
  const t = Math.max(-1, Math.min(1, x));
  const grey = [154, 163, 173];
  const end = t >= 0 ? [30, 142, 62] : [200, 40, 40];
  const k = Math.abs(t);
  const c = grey.map((g, i) => Math.round(g + (end[i] - g) * k));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

/** An actor of an event ({text, name, country}) as "Vladimir Putin (RUS)". */
export function actorName(p) {
  if (!p) return "?";
  const name = p.name || p.text || "?";
  return p.country && p.country !== name ? `${name} (${p.country})` : name;
}

export function actors(list) {
  return Array.isArray(list) && list.length ? list.map(actorName).join(", ") : "—";
}

export function truncate(text, n) {
  const t = String(text ?? "");
  return t.length > n ? t.slice(0, n - 1).trimEnd() + "…" : t;
}

export function plural(n, one, many = one + "s") {
  return `${num(n)} ${n === 1 ? one : many}`;
}
