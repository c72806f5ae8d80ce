"""Turning query results into tables, CSV, JSON and a marked-up document for the terminal."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

TYPE_STYLE = {1: "green", 2: "bold green", 3: "yellow", 4: "bold red"}


def _names(ms: list[dict[str, Any]]) -> str:
    return "; ".join(
        f"{m['actor']['name']}" + (f" [{m['actor']['country']}]" if m["actor"].get("country") else "") for m in ms
    )


def _flags(e: dict[str, Any]) -> str:
    flags = [k for k in ("negated", "hypothetical", "future", "background") if e.get(k)]
    if e.get("reciprocal"):
        flags.append("reciprocal")
    if e.get("certainty") and e["certainty"] != "asserted":
        flags.append(e["certainty"])
    if e.get("repeats"):  # later sentences of its document that tell it again, folded into it
        flags.append(f"told again {len(e['repeats'])}×")
    return ", ".join(flags)


def flat_event(e: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_id": e["doc_id"], "event_no": e["event_no"], "date": e["day"], "type": e["type"],
        "mode": e["mode"], "source": _names(e["source"]),
        "source_country": "|".join(sorted({m["actor"]["country"] or "" for m in e["source"]} - {""})),
        "target": _names(e["target"]),
        "target_country": "|".join(sorted({m["actor"]["country"] or "" for m in e["target"]} - {""})),
        "trigger": e["trigger"]["text"], "flags": _flags(e), "confidence": e["confidence"],
        "evidence": " ".join((e.get("evidence") or "").split()),
    }  # fmt: skip


def events_table(events: list[dict[str, Any]]) -> Table:
    """One row per event with its evidence sentence (cut to 160 characters on a terminal; whole
    when the table goes to a pipe or a file as tab-separated lines)."""
    t = Table(show_lines=False, expand=True)
    for col in ("date", "type", "source", "target", "trigger", "flags", "doc"):
        t.add_column(col, overflow="fold")
    t.add_column("evidence", overflow="ellipsis", ratio=3)
    for e in events:
        f = flat_event(e)
        t.add_row(f["date"] or "", f["type"], f["source"], f["target"], f["trigger"], f["flags"], e["doc_id"],
                  f["evidence"])  # fmt: skip
    return t


def events_csv(events: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    rows = [flat_event(e) for e in events]
    fields = list(rows[0]) if rows else list(flat_event_fields())
    w = csv.DictWriter(buf, fieldnames=fields)
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def flat_event_fields() -> tuple[str, ...]:
    return ("doc_id", "event_no", "date", "type", "mode", "source", "source_country", "target",
            "target_country", "trigger", "flags", "confidence", "evidence")  # fmt: skip


def events_json(events: list[dict[str, Any]]) -> str:
    return "\n".join(json.dumps(e, ensure_ascii=False, default=str) for e in events)


def bracketed_document(doc: dict[str, Any]) -> str:
    """The text with marks that survive a pipe: [mention|ACTOR COUNTRY] and {trigger|TYPE}."""
    text = doc["text"] or ""
    inserts: list[tuple[int, int, str]] = []  # (position, order, string)
    for m in doc["mentions"]:
        label = m["name"] + (f" {m['country']}" if m["country"] else "")
        inserts += [(m["start"], 1, "["), (m["end"], 0, f"|{label}]")]
    for e in doc["events"]:
        inserts += [(e["trigger"]["start"], 2, "{"), (e["trigger"]["end"], -1, f"|{e['type']}}}")]
    out, pos = [], 0
    for at, _, s in sorted(inserts, key=lambda x: (x[0], x[1])):
        out.append(text[pos:at])
        out.append(s)
        pos = at
    out.append(text[pos:])
    return "".join(out)


def marked_document(doc: dict[str, Any]) -> Text:
    """The text with actor mentions underlined (cyan) and event triggers in bold reverse."""
    text = doc["text"] or ""
    out = Text(text)
    for m in doc["mentions"]:
        style = "italic cyan" if m["how"] == "pronoun" else "underline cyan"
        out.stylize(style, m["start"], m["end"])
    for e in doc["events"]:
        out.stylize("bold reverse", e["trigger"]["start"], e["trigger"]["end"])
    return out


def claims_table(claims: list[dict[str, Any]]) -> Table:
    t = Table(title="Claims", expand=True)
    for col in ("claimant", "cue", "content", "kind", "certainty"):
        t.add_column(col, overflow="fold")
    for c in claims:
        who = c["claimant"]
        name = (
            "(author)"
            if who is None
            else who["actor"]["name"] + (f" [{who['actor']['country']}]" if who["actor"].get("country") else "")
        )
        flags = c["certainty"] + (", negated" if c["negated"] else "")
        t.add_row(name, c["cue"]["text"], c["content"]["text"], c.get("kind") or "", flags)
    return t


def figures_table(figures: list[dict[str, Any]]) -> Table:
    t = Table(title="Figures", expand=True)
    for col in ("text", "value", "unit", "bound", "measures", "concerns", "period"):
        t.add_column(col, overflow="fold")
    for f in figures:
        value = f"{f['value']:,.10g}" + (f"–{f['upper']:,.10g}" if f.get("upper") is not None else "")
        concerns = ", ".join(a["country"] or a["name"] for a in f["subject"])
        period = f"{f['period']['start']}..{f['period']['end']}" if f.get("period") else ""
        t.add_row(f["text"], value, f["unit"], f["bound"], f.get("quantity") or "", concerns, period)
    return t


def print_summary(console: Console, s: dict[str, Any]) -> None:
    d = s["documents"]
    console.print(f"[bold]Documents[/]: {d['ok']} ok, {d['failed']} failed")
    for e in s["errors"]:
        console.print(f"  {e['code']}: {e['count']}")
    console.print(f"[bold]Actors[/]: {s['actors']['distinct']} distinct")
    t = Table(title="Most mentioned actors", expand=False)
    for col in ("actor", "country", "kind", "mentions"):
        t.add_column(col)
    for a in s["actors"]["top"]:
        t.add_row(a["name"], a["country"] or "", a["kind"], str(a["mentions"]))
    console.print(t)
    ev = s["events"]
    unreal = ev["clusters"] - ev["happened"]
    t = Table(
        title=f"Events by PLOVER type: {ev['total']} reports ({ev['negated_reports']} negated, "
        f"{ev['hypothetical_reports']} more hypothetical) of {ev['clusters']} real-world events: {ev['happened']} "
        f"happened, {unreal} negated or hypothetical (left out of series, networks and profiles)",
        expand=False,
    )
    t.add_column("type")
    t.add_column("reports (all)", justify="right")
    t.add_column("events that happened", justify="right")
    t.add_column("negated or hypothetical", justify="right")
    for k, v in ev["by_type"].items():
        t.add_row(k, str(v), str(ev["happened_by_type"].get(k, 0)), str(ev["unreal_by_type"].get(k, 0)))
    console.print(t)
    if ev["total"]:
        console.print(
            f"{ev['own_date']} of {ev['total']} events ({ev['own_date'] / ev['total']:.0%}) have their own date; the "
            "others take their document's publication date. "
            f"{ev['background']} background (dated over a year before publication: left out of series and trends)."
        )
    t = Table(
        title="Strongest dyads (real-world events that happened: not negated, not hypothetical; states by ISO-3, "
        "IGOs by name)",
        expand=False,
    )
    for col in ("source", "target", "events", "cooperation", "conflict"):
        t.add_column(col)
    for dy in s["dyads"]:
        t.add_row(dy["source"], dy["target"], str(dy["events"]), str(dy["cooperation"]), str(dy["conflict"]))
    console.print(t)
