"""``geopol actors``: add your own actors, and see how a mention resolves and why."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from ..analysis import aggregates, browse
from ..jobs import actor_roles, add_actor, import_actors, resolve_mentions
from ..settings import Settings
from ._common import Output, err, errors, parse_date, reading

app = typer.Typer(
    help="The actor knowledge base: add your own actors (merged over the packaged ones), and explain resolution.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
out = Output()


@app.command("resolve")
@errors
def resolve_cmd(
    text: Annotated[str, typer.Argument(help='A sentence or phrase, e.g. "China\'s new foreign minister".')],
    date: Annotated[
        str | None, typer.Option("--date", help="Read it as published on this day (YYYY-MM-DD); default: no date.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per mention.")] = False,
) -> None:
    """Show every actor mention in TEXT: what it resolves to, how, why, and how sure; for a known
    person, their roles with dates and the source of each."""
    settings = Settings.from_env()
    mentions = resolve_mentions(text, parse_date(date), settings)
    people = {m.actor.name: actor_roles(m.actor, settings) for m in mentions if m.actor.kind == "person"}
    if as_json:
        for m in mentions:
            print(json.dumps({**m.as_json(), "person": people.get(m.actor.name)}, ensure_ascii=False))
        return
    t = Table(expand=True)
    for col in ("mention", "actor", "country", "sector", "kind", "how", "conf.", "why"):
        t.add_column(col, overflow="fold")
    for m in mentions:
        a = m.actor
        country = (a.country or "") + (f" (in {m.located})" if m.located else "")
        t.add_row(m.text, a.name, country, a.sector or "", a.kind, m.how, f"{m.confidence:.2f}", m.why)
    out.print(t)
    if not mentions:
        out.print("No actor mention found.")
    for person in people.values():
        if person is not None:
            _print_roles(person)


def _print_roles(person: dict[str, Any]) -> None:
    """A person's roles: office, where, sector, from–to, and the source row of each."""
    t = Table(title=f"{person['name']}: roles", expand=True)
    for col in ("role", "country", "sector", "start", "end", "source"):
        t.add_column(col, overflow="fold")
    for r in person["roles"]:
        where = r["country"] or ""
        where += f" ({r['body']})" if r["body"] else ""
        t.add_row(r["role"], where, r["sector"] or "", r["start"] or "?", r["end"] or "now", r["source"] or "")
    out.print(t)


@app.command("add")
@errors
def add_cmd(
    name: Annotated[str, typer.Argument(help="Canonical name, e.g. 'Jane Doe' or 'Example Liberation Front'.")],
    alias: Annotated[list[str] | None, typer.Option("--alias", help="Another name or spelling (repeatable).")] = None,
    country: Annotated[str | None, typer.Option(help="ISO-3 code, or IGO / NGO / MNC.")] = None,
    sector: Annotated[str | None, typer.Option(help="PLOVER sector: GOV, MIL, REB, BUS, …")] = None,
    kind: Annotated[str, typer.Option(help="person, org, group or igo.")] = "person",
    role: Annotated[
        str | None, typer.Option(help="A person's office: head_of_state, foreign_minister, … (see people.tsv).")
    ] = None,
    body: Annotated[str | None, typer.Option(help="For an office of an IGO: the organisation's name.")] = None,
    start: Annotated[str | None, typer.Option(help="Day the office began (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Day it ended (YYYY-MM-DD); leave out while in office.")] = None,
    wikidata: Annotated[str | None, typer.Option(help="Wikidata id, e.g. Q15031.")] = None,
    gender: Annotated[str | None, typer.Option(help="f or m (lets he/she find the person).")] = None,
) -> None:
    """Add a person (with an office and its dates) or an organisation to your actors file.

    The entry is checked against the packaged knowledge base before it is written; from then on
    every command uses it. The file is GEOPOL_ACTORS_FILE (default ./geopol-actors.yaml).
    """
    if kind not in ("person", "org", "group", "igo"):
        raise typer.BadParameter("use person, org, group or igo", param_hint="--kind")
    for value in (start, end):
        parse_date(value)
    settings = Settings.from_env()
    entry = {"name": name, "aliases": list(alias or []), "country": country, "sector": sector, "kind": kind,
             "role": role, "body": body, "start": start, "end": end, "wikidata": wikidata, "gender": gender}  # fmt: skip
    section = add_actor(settings, entry)
    out.print(f'Added {name} to {settings.actors_file} ({section}). Try: geopol actors resolve "{name}"')


@app.command("import")
@errors
def import_cmd(
    source: Annotated[str, typer.Argument(help="Where the file comes from: wikidata.")],
    file: Annotated[Path, typer.Argument(help="The query result, in the Wikidata Query Service's JSON or CSV format.")],
) -> None:
    """Merge the result of a shipped Wikidata query (geopol/data/actors/wikidata/*.rq) into your actors
    file, row by row: a bad row is reported (E106, with its number) and skipped, the rest imported."""
    settings = Settings.from_env()
    report = import_actors(settings, source, file)
    for e in report.errors:
        err.print(f"[yellow]skipped[/] {e}", markup=True)
    out.print(f"{report.rows} row(s): {report.people} people and {report.organisations} organisation entries "
              f"added to {settings.actors_file}; {len(report.errors)} row(s) skipped")  # fmt: skip
    if report.errors and not (report.people or report.organisations):
        raise typer.Exit(1)


@app.command("list")
@errors
def list_cmd(
    query: Annotated[str | None, typer.Argument(help="Part of a code, name or actor ('Putin' finds RUS).")] = None,
    store: Annotated[Path | None, typer.Option("--store", help="DuckDB file (default: GEOPOL_STORE).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many (1-500).")] = 50,
) -> None:
    """The parties in the store (states by ISO-3, organisations by name), the most active first."""
    with reading(Settings.from_env(store=store)) as s:
        page = browse.parties(s, query, limit)
    t = Table(expand=True)
    for col in ("party", "name", "events", "mentions", "matched"):
        t.add_column(col, overflow="fold")
    for p in page["items"]:
        t.add_row(p["party"], p["label"], str(p["events"]), str(p["mentions"]), p.get("matched") or "")
    out.print(t)
    out.print(f"{len(page['items'])} of {page['total']} part(ies)")


@app.command("profile")
@errors
def profile_cmd(
    who: Annotated[str, typer.Argument(help="A party: ISO-3 ('RUS'), a name ('Russia') or an actor ('Putin').")],
    store: Annotated[Path | None, typer.Option("--store", help="DuckDB file (default: GEOPOL_STORE).")] = None,
    since: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="YYYY-MM-DD.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The whole profile as one JSON object.")] = False,
    include_unreal: Annotated[
        bool, typer.Option(help="Also count negated and hypothetical events (left out by default).")
    ] = False,
) -> None:
    """An actor profile: its events by type, its partners with the cooperation–conflict score, the claims
    it made and the claims about it, the figures that concern it; for a person ('Putin'), their roles
    with dates and the source of each."""
    settings = Settings.from_env(store=store)
    with reading(settings) as s:
        p = aggregates.profile(s, who, parse_date(since), parse_date(until), include_unreal=include_unreal,
                               actors_file=settings.actors_file)  # fmt: skip
    if as_json:
        print(json.dumps(p, ensure_ascii=False, default=str))
        return
    ev = p["events"]
    counted = "negated and hypothetical included" if include_unreal else "that happened"
    out.print(f"[bold]{p['label']}[/] ({p['party']}): {ev['total']} events ({counted}), {ev['as_source']} as source, "
              f"{ev['as_target']} as target; " + ", ".join(f"{k} {v}" for k, v in ev["by_type"].items()))  # fmt: skip
    t = Table(title="partners", expand=True)
    for col in ("partner", "events", "coop.", "conflict", "score"):
        t.add_column(col)
    for x in p["partners"][:20]:
        score = "" if x["score"] is None else f"{x['score']:+.2f}"
        t.add_row(x["label"], str(x["events"]), str(x["cooperation"]), str(x["conflict"]), score)
    out.print(t)
    if p["person"] is not None:
        _print_roles(p["person"])
    for key, title in (("claims_made", "claims made"), ("claims_about", "claims about it")):
        if p[key]:
            t = Table(title=title, expand=True)
            for col in ("published", "claimant", "cue", "content"):
                t.add_column(col, overflow="fold")
            for c in p[key][:10]:
                t.add_row(c["published"] or "", c["claimant_text"] or "", c["cue"] or "", c["content"] or "")
            out.print(t)
    if p["figures"]:
        out.print("figures: " + "; ".join(f["text"] for f in p["figures"][:10]))
