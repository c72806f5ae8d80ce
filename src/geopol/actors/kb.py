"""The actor knowledge base: countries, organisations, people and role nouns, from data files.

Loaded once (``load_kb()`` is cached), validated on load: a bad row raises E101 naming the file
and line. ``KnowledgeBase.surface_forms`` is what the matcher looks for in text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from .._tsv import data_path, read_tsv, split_values
from ..errors import Errors, GeopolError
from ..records import Actor

SECTORS = frozenset(
    "GOV MIL COP JUD LEG SPY OPP REB BUS JRN EDU CVL ELI NGO IGO LAB REF MED HLH AGR ENV CRM REL UAF PTY".split()
)
_ISO3 = re.compile(r"^[A-Z]{3}$")
_QID = re.compile(r"^Q\d+$")


@dataclass(frozen=True, slots=True)
class Term:
    """One office held by a person over a period (end None: still in office)."""

    role: str
    country: str | None
    sector: str | None
    start: date | None
    end: date | None

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    wikidata: str | None


@dataclass(frozen=True, slots=True)
class Entry:
    """What one surface form can mean. ``how`` says which kind of knowledge matched it."""

    actor: Actor
    how: str  # name | alias | demonym | metonym
    confidence: float
    terms: tuple[Term, ...] = ()


@dataclass
class KnowledgeBase:
    countries: dict[str, Country] = field(default_factory=dict)
    surface_forms: dict[str, Entry] = field(default_factory=dict)
    role_nouns: dict[str, tuple[str, str]] = field(default_factory=dict)  # lemma -> (sector, kind)
    people: dict[str, Entry] = field(default_factory=dict)  # canonical name -> entry

    def country_actor(self, iso3: str, sector: str | None = None, label: str | None = None,
                      kind: str = "org") -> Actor:  # fmt: skip
        """The state itself; its government (a sector, no label); or a labelled part of it
        ('China (embassy)', kind org or group)."""
        c = self.countries[iso3]
        if sector is None:
            return Actor(c.name, iso3, None, "state", c.wikidata)
        if label is None:
            return Actor(f"Government of {_with_article(c.name)}", iso3, sector, "state", c.wikidata)
        return Actor(f"{c.name} ({label})", iso3, sector, kind, None)  # type: ignore[arg-type]

    def add(self, form: str, entry: Entry) -> None:
        """First writer wins for a surface form, except that names beat aliases."""
        old = self.surface_forms.get(form)
        if old is None or (old.how != "name" and entry.how == "name"):
            self.surface_forms[form] = entry


def _with_article(name: str) -> str:
    """'the United States', 'the Netherlands', 'the Czech Republic'; 'China' stays as it is."""
    words = name.split()
    if (
        words[0] in ("United", "Democratic", "Central", "Czech", "Dominican")
        or name.endswith("s")
        or "Republic" in words
    ):
        return "the " + name
    return name


def _date(cell: str, file: str, line: int) -> date | None:
    if not cell:
        return None
    try:
        return date.fromisoformat(cell)
    except ValueError as err:
        raise GeopolError(Errors.E101, file=file, line=line, detail=f"bad date '{cell}'") from err


def _strip_the(form: str) -> str:
    return form[4:] if form.startswith("the ") else form


def _load_countries(kb: KnowledgeBase, path: Path) -> None:
    for n, row in read_tsv(path, ("iso3", "name", "aliases", "adjectives", "capitals", "wikidata")):
        iso3 = row["iso3"]
        if not _ISO3.match(iso3):
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"bad ISO-3 '{iso3}'")
        qid = row["wikidata"] or None
        if qid and not _QID.match(qid):
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"bad Wikidata id '{qid}'")
        c = Country(iso3, row["name"], split_values(row["aliases"]), split_values(row["adjectives"]),
                    split_values(row["capitals"]), qid)  # fmt: skip
        kb.countries[iso3] = c
    for c in kb.countries.values():  # names first so that no alias of another row shadows them
        kb.add(c.name, Entry(kb.country_actor(c.iso3), "name", 0.95))
    for c in kb.countries.values():
        for alias in c.aliases:
            kb.add(_strip_the(alias), Entry(kb.country_actor(c.iso3), "alias", 0.9))
        for adj in c.adjectives:
            kb.add(adj, Entry(kb.country_actor(c.iso3), "demonym", 0.8))
        for cap in c.capitals:
            kb.add(cap, Entry(kb.country_actor(c.iso3, "GOV"), "metonym", 0.8))


def _check_actor_cells(row: dict[str, str], file: str, line: int, countries: dict[str, Country]) -> None:
    country, sector, qid = row["country"], row["sector"], row.get("wikidata", "")
    if country and country not in countries and country not in ("IGO", "NGO", "MNC"):
        raise GeopolError(Errors.E101, file=file, line=line, detail=f"unknown country '{country}'")
    if sector and sector not in SECTORS:
        raise GeopolError(Errors.E101, file=file, line=line, detail=f"unknown sector '{sector}'")
    if qid and not _QID.match(qid):
        raise GeopolError(Errors.E101, file=file, line=line, detail=f"bad Wikidata id '{qid}'")


def _load_organisations(kb: KnowledgeBase, path: Path) -> None:
    for n, row in read_tsv(path, ("name", "aliases", "country", "sector", "kind", "wikidata")):
        _check_actor_cells(row, path.name, n, kb.countries)
        kind = row["kind"] or "org"
        if kind not in ("igo", "org", "group"):
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"unknown kind '{kind}'")
        actor = Actor(row["name"], row["country"] or None, row["sector"] or None, kind,  # type: ignore[arg-type]
                      row["wikidata"] or None)  # fmt: skip
        kb.add(_strip_the(row["name"]), Entry(actor, "name", 0.95))
        for alias in split_values(row["aliases"]):
            kb.add(_strip_the(alias), Entry(actor, "alias", 0.9))


def _load_people(kb: KnowledgeBase, path: Path) -> None:
    rows: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for n, row in read_tsv(path, ("name", "aliases", "country", "sector", "role", "start", "end", "wikidata")):
        _check_actor_cells(row, path.name, n, kb.countries)
        rows.setdefault(row["name"], []).append((n, row))
    for name, person_rows in rows.items():
        terms = []
        aliases: set[str] = set()
        qid = None
        for n, row in person_rows:
            start, end = _date(row["start"], path.name, n), _date(row["end"], path.name, n)
            if start and end and end < start:
                raise GeopolError(
                    Errors.E101, file=path.name, line=n, detail=f"term ends {end} before it starts {start}"
                )
            terms.append(Term(row["role"], row["country"] or None, row["sector"] or None, start, end))
            aliases.update(split_values(row["aliases"]))
            qid = qid or row["wikidata"] or None
        terms.sort(key=lambda t: t.start or date.min)
        latest = terms[-1]
        actor = Actor(name, latest.country, latest.sector, "person", qid)
        entry = Entry(actor, "name", 0.95, tuple(terms))
        kb.people[name] = entry
        kb.add(name, entry)
        for alias in sorted(aliases):
            kb.add(alias, Entry(actor, "alias", 0.85, tuple(terms)))


def _load_role_nouns(kb: KnowledgeBase, path: Path) -> None:
    for n, row in read_tsv(path, ("lemma", "sector", "kind")):
        if row["sector"] not in SECTORS:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"unknown sector '{row['sector']}'")
        kb.role_nouns[row["lemma"]] = (row["sector"], row["kind"] or "group")


def build_kb(folder: Path) -> KnowledgeBase:
    kb = KnowledgeBase()
    _load_countries(kb, folder / "countries.tsv")
    _load_people(kb, folder / "people.tsv")
    _load_organisations(kb, folder / "organisations.tsv")
    _load_role_nouns(kb, folder / "role_nouns.tsv")
    return kb


@lru_cache(maxsize=1)
def load_kb() -> KnowledgeBase:
    """The packaged knowledge base (loaded once per process)."""
    return build_kb(data_path("actors"))
