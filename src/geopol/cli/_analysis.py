"""Commands over event clusters and aggregates: ``dedup``, ``clusters``, ``dyad``, ``network``,
``export`` and ``serve`` (the HTTP API and the web page)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..analysis import aggregates, browse
from ..analysis.export import FORMATS, WHATS, ExportQuery, export, written_paths
from ..jobs import dedup
from ..settings import Settings
from ._common import Output, errors, parse_date, reading

out = Output()
DEFAULT_PORT = 8765

StoreOpt = Annotated[
    Path | None, typer.Option("--store", help="DuckDB file (default: GEOPOL_STORE or ./geopol.duckdb).")
]
DateOpt = Annotated[str | None, typer.Option(help="YYYY-MM-DD.")]
TypeOpt = Annotated[list[str] | None, typer.Option("--type", help="PLOVER type (repeatable).")]
FormatOpt = Annotated[str, typer.Option("--format", help="table or json.")]
UnrealOpt = Annotated[
    bool,
    typer.Option(help="Also count negated and hypothetical events (left out by default: they did not happen)."),
]


def _types(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.upper() for v in values or ())


def _check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    if fmt not in allowed:
        raise typer.BadParameter(f"use {' or '.join(allowed)}", param_hint="--format")


def _json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def _score(v: float | None) -> str:
    return "" if v is None else f"{v:+.2f}"


def _type_flags(c: dict[str, Any]) -> str:
    """The type, and whether the event did not happen: 'AGREE (negated)', 'SANCTION (hypothetical)'."""
    flags = [k for k in ("negated", "hypothetical") if c.get(k)]
    return c["type"] + (f" ({', '.join(flags)})" if flags else "")


def register(app: typer.Typer) -> None:
    @app.command("dedup")
    @errors
    def dedup_cmd(store: StoreOpt = None) -> None:
        """Recompute near-duplicate documents and event clusters (ingest does this after every run)."""
        r = dedup(Settings.from_env(store=store))
        out.print(f"{r.documents} documents, {r.duplicates} near-duplicate copies; {r.reports} event reports in "
                  f"{r.clusters} clusters (real-world events)")  # fmt: skip

    @app.command("clusters")
    @errors
    def clusters_cmd(
        store: StoreOpt = None,
        a: Annotated[str | None, typer.Option(help="A party: ISO-3, name or actor ('Putin').")] = None,
        b: Annotated[str | None, typer.Option(help="A second party.")] = None,
        type: TypeOpt = None,
        since: DateOpt = None,
        until: DateOpt = None,
        min_reports: Annotated[int, typer.Option(help="Only clusters with at least this many reports.")] = 1,
        limit: Annotated[int, typer.Option(help="At most this many (1-500).")] = 50,
        format: FormatOpt = "table",
    ) -> None:
        """Event clusters (one per real-world event), the most reported first, with their sources."""
        _check_format(format, ("table", "json"))
        with reading(Settings.from_env(store=store)) as s:
            page = browse.clusters(s, _types(type), a, b, parse_date(since), parse_date(until), min_reports, limit)
        if format == "json":
            for c in page["items"]:
                _json(c)
            return
        t = Table(expand=True)
        for col in ("cluster", "day", "type", "source", "target", "reports", "sources", "certainty", "evidence"):
            t.add_column(col, overflow="fold")
        for c in page["items"]:
            t.add_row(c["cluster_id"], c["day"] or "", _type_flags(c), ", ".join(c["source_parties"]),
                      ", ".join(c["target_parties"]), str(c["reports"]), str(c["sources"]), c["certainty"],
                      " ".join((c["evidence"] or "").split())[:160])  # fmt: skip
        out.print(t)
        out.print(f"{len(page['items'])} of {page['total']} cluster(s)")

    @app.command("dyad")
    @errors
    def dyad_cmd(
        a: Annotated[str, typer.Argument(help="A party: ISO-3 ('CHN'), a name ('China') or an actor ('Xi').")],
        b: Annotated[str, typer.Argument(help="The other party.")],
        store: StoreOpt = None,
        by: Annotated[str, typer.Option(help="day, week or month.")] = "month",
        since: DateOpt = None,
        until: DateOpt = None,
        directed: Annotated[bool, typer.Option(help="Only A → B (default: both directions).")] = False,
        type: TypeOpt = None,
        background: Annotated[
            bool, typer.Option(help="Count background events too (dated over a year before publication).")
        ] = False,
        format: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
        include_unreal: UnrealOpt = False,
    ) -> None:
        """A dyad's time series: events (clusters), reports, sources, cooperation, conflict and the score."""
        _check_format(format, ("table", "json", "csv"))
        with reading(Settings.from_env(store=store)) as s:
            series = aggregates.dyad_series(s, a, b, by, parse_date(since), parse_date(until), directed, _types(type),
                                            background, include_unreal)  # fmt: skip
        if format == "json":
            _json(series)
            return
        if format == "csv":
            from ..analysis.frames import SERIES_COLUMNS, flat_points, to_frame

            sys.stdout.write(to_frame(flat_points(series["points"]), columns=SERIES_COLUMNS).to_csv(index=False))
            return
        if series["note"]:
            out.print(f"[yellow]{series['note']}[/]")
        if not any(p["events"] for p in series["points"]):
            out.print(f"No events between {series['a_label']} and {series['b_label']}"
                      + (" in this period." if since or until else "."))  # fmt: skip
            return
        by = series["by"]
        counted = "negated and hypothetical included" if include_unreal else "negated and hypothetical left out"
        t = Table(title=f"{series['a_label']} – {series['b_label']} by {by} (events: {counted})", expand=True)
        for col in ("period", "events", "reports", "sources", "coop.", "conflict", "score", "90% interval", "types"):
            t.add_column(col, overflow="fold")
        for p in series["points"]:
            if not p["events"] and by != "month":
                continue
            interval = f"{_score(p['score_low'])} … {_score(p['score_high'])}" if p["score"] is not None else ""
            types = ", ".join(f"{k} {v}" for k, v in p["by_type"].items())
            t.add_row(p["period"], str(p["events"]), str(p["reports"]), str(p["sources"]), str(p["cooperation"]),
                      str(p["conflict"]), _score(p["score"]), interval, types)  # fmt: skip
        out.print(t)
        out.print(f"[dim]{series['scale']}[/]")

    @app.command("network")
    @errors
    def network_cmd(
        store: StoreOpt = None,
        since: DateOpt = None,
        until: DateOpt = None,
        type: TypeOpt = None,
        min_events: Annotated[int, typer.Option(help="Edges with at least this many events.")] = 1,
        limit: Annotated[int, typer.Option(help="The most active parties kept (1-2000).")] = 200,
        format: FormatOpt = "table",
        include_unreal: UnrealOpt = False,
    ) -> None:
        """The actor network over a period: the strongest ties with their cooperation–conflict score."""
        _check_format(format, ("table", "json"))
        with reading(Settings.from_env(store=store)) as s:
            net = aggregates.network(s, parse_date(since), parse_date(until), _types(type), min_events, limit,
                                     include_unreal)  # fmt: skip
        if format == "json":
            _json(net)
            return
        names = {n["id"]: n["label"] for n in net["nodes"]}
        t = Table(title=f"{len(net['nodes'])} parties, {len(net['edges'])} ties", expand=True)
        for col in ("party", "party", "events", "coop.", "conflict", "score"):
            t.add_column(col, overflow="fold")
        for e in net["edges"][:50]:
            t.add_row(names[e["source"]], names[e["target"]], str(e["events"]), str(e["cooperation"]),
                      str(e["conflict"]), _score(e["score"]))  # fmt: skip
        out.print(t)

    @app.command("export")
    @errors
    def export_cmd(
        what: Annotated[str, typer.Argument(help=f"One of: {', '.join(WHATS)}.")],
        output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
        format: Annotated[str, typer.Option("--format", help=f"One of: {', '.join(FORMATS)}.")] = "csv",
        store: StoreOpt = None,
        a: Annotated[str | None, typer.Option(help="series: the first party.")] = None,
        b: Annotated[str | None, typer.Option(help="series: the second party.")] = None,
        by: Annotated[str, typer.Option(help="series: day, week or month.")] = "month",
        since: DateOpt = None,
        until: DateOpt = None,
        type: TypeOpt = None,
        min_events: Annotated[int, typer.Option(help="network: edges with at least this many events.")] = 1,
    ) -> None:
        """Export a table or aggregate: CSV, Parquet, PLOVER JSON Lines, or the network as GraphML/GEXF."""
        q = ExportQuery(a, b, by, parse_date(since), parse_date(until), _types(type), min_events)
        with reading(Settings.from_env(store=store)) as s:
            n = export(s, what, format, output, q)
        files = " and ".join(str(p) for p in written_paths(what, format, output))
        out.print(f"{n} {'parties' if what == 'network' else 'rows'} written to {files} ({format})")

    @app.command("serve")
    @errors
    def serve_cmd(
        store: StoreOpt = None,
        host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
        port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = DEFAULT_PORT,
        writable: Annotated[bool, typer.Option(help="Allow POST /api/documents (ingest over HTTP).")] = False,
    ) -> None:
        """Serve the web page and the HTTP API (OpenAPI docs at /docs) over a store, offline."""
        import uvicorn

        from ..api import create_app

        settings = Settings.from_env(store=store)
        app_ = create_app(settings.store, settings, writable=writable)
        out.print(f"geopol page: http://{host}:{port}/  ·  API docs: http://{host}:{port}/docs  ·  "
                  f"store {settings.store}{' (writable)' if writable else ' (read-only)'}  ·  Ctrl+C stops")  # fmt: skip
        uvicorn.run(app_, host=host, port=port, log_level="warning")
