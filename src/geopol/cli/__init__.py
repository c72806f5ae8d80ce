"""The ``geopol`` command: a thin shell over :mod:`geopol.jobs` and :mod:`geopol.store`.

Exit codes: 0 done (per-document failures are reported, not fatal; ``--strict`` makes them exit 3),
1 a geopol error (the message starts with its code), 2 a usage error.
"""

from __future__ import annotations

import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..analysis import browse
from ..errors import Errors, GeopolError
from ..ingest import FieldMap, ReadOptions
from ..jobs import Report, extract, ingest, sample_corpus
from ..records import PLOVER_TYPES
from ..settings import Settings, settings_doc
from ..store import EventFilter, document, find_events, summary
from . import _actors, _analysis, _render, _train
from ._common import Output, reading
from ._common import err as _err
from ._common import errors as _errors
from ._common import parse_date as _date

app = typer.Typer(
    help="geopol: news articles in, evidence-backed PLOVER political events out.\n\n"
    "Typical use: `geopol ingest ARTICLES/` then `geopol events --country CHN` and `geopol show DOC_ID`. "
    "Settings come from GEOPOL_* environment variables (see `geopol settings`) and flags.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
out = Output()
err = _err

StoreOpt = Annotated[
    Path | None, typer.Option("--store", help="DuckDB file (default: GEOPOL_STORE or ./geopol.duckdb).")
]


def _field_help(what: str, defaults: tuple[str, ...]) -> str:
    """The help line of one --*-field option: what it maps, and the fields tried without it."""
    return f"JSON field or CSV column holding the {what} (else the first of: {', '.join(defaults)})."


_FIELDS = FieldMap()
TextFieldOpt = Annotated[str | None, typer.Option(help=_field_help("article text", _FIELDS.text))]
IdFieldOpt = Annotated[str | None, typer.Option(help=_field_help("document id", _FIELDS.id))]
TitleFieldOpt = Annotated[str | None, typer.Option(help=_field_help("title", _FIELDS.title))]
DateFieldOpt = Annotated[str | None, typer.Option(help=_field_help("publication date", _FIELDS.published))]
UrlFieldOpt = Annotated[str | None, typer.Option(help=_field_help("URL", _FIELDS.url))]
WorkersOpt = Annotated[
    int | None, typer.Option(help="Processes extracting in parallel (default: GEOPOL_WORKERS or 1).")
]
EngineOpt = Annotated[str, typer.Option(help="local (this machine) or ray (a Ray cluster; see --address).")]
AddressOpt = Annotated[
    str | None, typer.Option(help="Ray cluster address (HOST:6379; default: a local Ray, or RAY_ADDRESS).")
]


def _options(text_field: str | None, id_field: str | None, title_field: str | None, date_field: str | None,
             url_field: str | None) -> ReadOptions:  # fmt: skip
    fm = FieldMap().with_overrides(text=text_field, id=id_field, title=title_field, published=date_field, url=url_field)
    return ReadOptions(fields=fm)


def _progress_bar(label: str) -> Progress:
    """Redrawn by ``_progress`` as documents finish, not by a thread of its own: a process with no
    thread but its main one can fork its workers (see ``geopol.engines.start_method``)."""
    return Progress(TextColumn(f"[bold]{label}[/]"), BarColumn(), MofNCompleteColumn(), TextColumn("docs"),
                    TimeElapsedColumn(), console=err, transient=True, auto_refresh=False)  # fmt: skip


def _progress(bar: Progress, label: str) -> Callable[[object, int], None]:
    """A progress callback that moves the bar and redraws it at most ten times a second."""
    task = bar.add_task(label, total=None)
    bar.refresh()
    last = 0.0

    def step(_: object, n: int) -> None:
        nonlocal last
        bar.update(task, completed=n)
        if (now := time.monotonic()) - last >= 0.1:
            bar.refresh()
            last = now

    return step


def _print_report(report: Report, console: Console) -> None:
    console.print(
        f"[bold]{report.ok}[/] ok, [bold]{report.failed}[/] failed, {report.skipped} already stored; "
        f"[bold]{report.events}[/] events"
    )
    for code, n in sorted(report.errors.items()):
        console.print(f"  {code}: {n} document(s)")
    for doc_id, origin, message in report.failures[:20]:
        console.print(f"  - {origin or doc_id}: {message}", markup=False)
    if len(report.failures) > 20:
        console.print(f"  … and {len(report.failures) - 20} more (see the documents table, status 'error')")
    for w in report.warnings[:10]:
        console.print(f"  warning: {w}", markup=False)


def _print_dedup(report: Report, console: Console) -> None:
    if report.dedup:
        d = report.dedup
        console.print(f"In the store: {d.reports} event reports of {d.clusters} real-world events (clusters); "
                      f"{d.duplicates} near-duplicate document(s).")  # fmt: skip


@app.command("ingest")
@_errors
def ingest_cmd(
    paths: Annotated[list[str], typer.Argument(help="Files or folders (.txt .html .jsonl .csv); '-' reads stdin.")],
    store: StoreOpt = None,
    text_field: TextFieldOpt = None,
    id_field: IdFieldOpt = None,
    title_field: TitleFieldOpt = None,
    date_field: DateFieldOpt = None,
    url_field: UrlFieldOpt = None,
    max_chars: Annotated[int | None, typer.Option(help="Refuse longer documents (E006).")] = None,
    strict: Annotated[bool, typer.Option(help="Exit 3 if any document failed.")] = False,
    workers: WorkersOpt = None,
    engine: EngineOpt = "local",
    address: AddressOpt = None,
) -> None:
    """Read articles, code their actors and events, and store them (re-running skips stored ones)."""
    settings = Settings.from_env(store=store, max_chars=max_chars, workers=workers)
    options = _options(text_field, id_field, title_field, date_field, url_field)
    with _progress_bar("ingest") as bar:
        report = ingest(paths, settings, options, _progress(bar, "ingest"), sys.stdin.buffer, engine=engine,
                        address=address)  # fmt: skip
    _print_report(report, out)
    _print_dedup(report, out)
    at = "" if store is None else f" --store {shlex.quote(str(store))}"  # the next commands read the same store
    out.print(f"Stored in {settings.store}. Next: `geopol summary{at}`, `geopol dyad A B{at}`, `geopol events{at}`, "
              f"`geopol show DOC_ID{at}`, `geopol serve{at}` (the web page).")  # fmt: skip
    if strict and report.failed:
        raise typer.Exit(3)


@app.command("extract")
@_errors
def extract_cmd(
    paths: Annotated[list[str], typer.Argument(help="Corpus files or folders; '-' reads stdin.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="JSON Lines file to write ('-' = stdout).")],
    text_field: TextFieldOpt = None,
    id_field: IdFieldOpt = None,
    title_field: TitleFieldOpt = None,
    date_field: DateFieldOpt = None,
    url_field: UrlFieldOpt = None,
    max_chars: Annotated[int | None, typer.Option(help="Refuse longer documents (E006).")] = None,
    workers: WorkersOpt = None,
    engine: EngineOpt = "local",
    address: AddressOpt = None,
) -> None:
    """Stateless extraction: one line per document in the evaluation format (no store)."""
    settings = Settings.from_env(max_chars=max_chars, workers=workers)
    options = _options(text_field, id_field, title_field, date_field, url_field)
    if str(output) == "-":
        report = extract(paths, sys.stdout, settings, options, stdin=sys.stdin.buffer, engine=engine, address=address)
        _print_report(report, err)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w", encoding="utf-8") as fh, _progress_bar("extract") as bar:
        report = extract(paths, fh, settings, options, _progress(bar, "extract"), sys.stdin.buffer, engine=engine,
                         address=address)  # fmt: skip
    _print_report(report, err)


@app.command("events")
@_errors
def events_cmd(
    store: StoreOpt = None,
    actor: Annotated[str | None, typer.Option(help="Part of an actor's name or mention, any case.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 code of a source or target.")] = None,
    type: Annotated[list[str] | None, typer.Option("--type", help="PLOVER type (repeatable).")] = None,
    since: Annotated[
        str | None, typer.Option(help="From this date (YYYY-MM-DD), event date else publication date.")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000_000, help="At most this many events.")] = 1000,
    format: Annotated[str, typer.Option("--format", help="table, json (one event a line) or csv.")] = "table",
) -> None:
    """List stored events, filtered, with the evidence sentence."""
    types = tuple(t.upper() for t in type or ())
    for t in types:
        if t not in PLOVER_TYPES:
            raise GeopolError(Errors.E303, value=t, choices=", ".join(PLOVER_TYPES))
    if format not in ("table", "json", "csv"):
        raise typer.BadParameter("use table, json or csv", param_hint="--format")
    settings = Settings.from_env(store=store)
    f = EventFilter(actor, country, types, _date(since), _date(until), None, limit)
    with reading(settings) as s:
        rows = find_events(s, f)
    if format == "json":
        sys.stdout.write(_render.events_json(rows) + ("\n" if rows else ""))
    elif format == "csv":
        sys.stdout.write(_render.events_csv(rows))
    else:
        out.print(_render.events_table(rows))
        out.print(f"{len(rows)} event(s)")


@app.command("show")
@_errors
def show_cmd(
    doc_id: Annotated[str, typer.Argument(help="Document id (see `geopol docs`).")],
    store: StoreOpt = None,
    marks: Annotated[str, typer.Option(help="auto, color or brackets ([mention|ACTOR] {trigger|TYPE}).")] = "auto",
) -> None:
    """Print a document with its actor mentions and event triggers marked, then its events, claims and figures."""
    settings = Settings.from_env(store=store)
    with reading(settings) as s:
        doc = document(s, doc_id)
    out.print(f"[bold]{doc['title'] or doc['doc_id']}[/]  ({doc['doc_id']}, {doc['published'] or 'no date'})")
    if doc["status"] == "error":
        out.print(f"[red]{doc['error_code']}[/] {doc['error_message']}")
        return
    if marks == "brackets" or (marks == "auto" and not out.is_terminal):
        out.print(_render.bracketed_document(doc), markup=False)
        out.print("[mention|ACTOR COUNTRY], {trigger|PLOVER TYPE}", markup=False)
    else:
        out.print(_render.marked_document(doc))
        out.print("[dim]underlined: actor mentions; reversed: event triggers[/]")
    out.print(_render.events_table(doc["events"]))
    if doc["claims"]:
        out.print(_render.claims_table(doc["claims"]))
    if doc["figures"]:
        out.print(_render.figures_table(doc["figures"]))


@app.command("docs")
@_errors
def docs_cmd(
    store: StoreOpt = None, limit: Annotated[int, typer.Option(help="At most this many (1-500).")] = 100
) -> None:
    """List stored documents, newest first, with their status, event counts and near-duplicates."""
    settings = Settings.from_env(store=store)
    with reading(settings) as s:
        page = browse.documents(s, limit=limit)
    from rich.table import Table

    t = Table(expand=True)
    for col in ("doc_id", "status", "published", "events", "copy of", "title"):
        t.add_column(col, overflow="fold")
    for r in page["items"]:
        status = r["status"] + (f" {r['error_code']}" if r["error_code"] else "")
        t.add_row(
            r["doc_id"], status, r["published"] or "", str(r["events"]), r["duplicate_of"] or "", r["title"] or ""
        )
    out.print(t)
    out.print(f"{len(page['items'])} of {page['total']} document(s)")


@app.command("summary")
@_errors
def summary_cmd(store: StoreOpt = None) -> None:
    """Documents, actors, events by type and the strongest dyads in the store."""
    settings = Settings.from_env(store=store)
    with reading(settings) as s:
        _render.print_summary(out, summary(s))


@app.command("demo")
@_errors
def demo_cmd(store: StoreOpt = None) -> None:
    """Ingest the sample corpus bundled with geopol and print its summary."""
    settings = Settings.from_env(store=store)
    folder = sample_corpus()
    out.print(
        f"Ingesting the bundled sample corpus ({folder.name}/: JSON Lines, HTML, text, CSV) into {settings.store}"
    )
    with _progress_bar("ingest") as bar:
        report = ingest([folder], settings, progress=_progress(bar, "ingest"))
    _print_report(report, out)
    with reading(settings) as s:
        _render.print_summary(out, summary(s))
    _print_dedup(report, out)
    flag = "" if settings.store == Path("geopol.duckdb") else f" --store {settings.store}"
    out.print("Explore: `geopol events --country RUS`, `geopol dyad China Russia`, `geopol clusters`, "
              f"`geopol show DOC_ID`{' (with' + flag + ')' if flag else ''}.")  # fmt: skip
    how = f"`geopol serve{flag}`" if flag else "`make serve` in the geopol folder (or `geopol serve`)"
    out.print(f"[bold]Open the page:[/] run {how}, then open http://127.0.0.1:{_analysis.DEFAULT_PORT}/#dyad=CHN,RUS "
              "in a browser.")  # fmt: skip


@app.command("settings")
def settings_cmd() -> None:
    """Every setting: its environment variable, default and meaning."""
    from rich.table import Table

    t = Table()
    for col in ("variable", "default", "meaning"):
        t.add_column(col, overflow="fold")
    for row in settings_doc():
        t.add_row(*row)
    out.print(t)


app.add_typer(_actors.app, name="actors")
_analysis.register(app)
_train.register(app)


def main() -> None:
    app()
