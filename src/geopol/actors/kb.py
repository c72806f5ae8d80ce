"""The actor knowledge base: countries, organisations, people, offices and role nouns.

Built from the packaged data files (``geopol/data/actors``), then from the user's entries (the
YAML file of :mod:`geopol.actors.user`, which also holds the cached ``load_kb``), whose entries
win, then from the world tables built from open sources (``world/``, :mod:`geopol.actors._world`),
which never shadow a curated or user form. Validated on load: a bad row raises E101 naming the file and line. ``KnowledgeBase.surface_forms`` is what the matcher looks for
in text; ``holders`` answers "who held this office on that day".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .._tsv import read_tsv, split_values
from ..errors import Errors, GeopolError
from ..records import Actor

SECTORS = frozenset(
    "GOV MIL COP JUD LEG SPY OPP REB BUS JRN EDU CVL ELI NGO IGO LAB REF MED HLH AGR ENV CRM REL UAF PTY".split()
)
# Sectors of private people (and no sector): a crime story's suspect, protesters; not officials, nor
# armed groups, nor the professors, reporters and businesspeople a story quotes
PRIVATE_SECTORS = frozenset({None, "CVL", "CRM"})
STATE_SECTORS = frozenset("GOV MIL COP JUD LEG SPY".split())  # the organs of a state
_ISO3 = re.compile(r"^[A-Z]{3}$")
_QID = re.compile(r"^Q\d+$")


# Where the family name comes first: "Qin Gang" is also written "Gang Qin" in Western order.
SURNAME_FIRST = frozenset({"CHN", "TWN", "HKG", "MAC", "KOR", "PRK", "JPN", "VNM", "MNG", "KHM"})


@dataclass(frozen=True, slots=True)
class Term:
    """One office held by a person over a period (end None: still in office). ``body`` names
    the organisation for offices of an IGO (``United Nations``), else None. ``source`` says where
    the row came from: the table and its line, and for a world row the upstream files."""

    role: str
    country: str | None
    sector: str | None
    start: date | None
    end: date | None
    body: str | None = None
    source: str | None = None

    def holds_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def span(self) -> str:
        start = self.start.isoformat() if self.start else "?"
        return f"{start} to {self.end.isoformat() if self.end else 'now'}"


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]
    wikidata: str | None
    part_of: str | None = None  # the state its actors are coded as: HKG -> CHN


@dataclass(frozen=True, slots=True)
class Entry:
    """What one surface form can mean. ``how`` says which kind of knowledge matched it."""

    actor: Actor
    how: str  # name | alias | demonym | metonym
    confidence: float
    terms: tuple[Term, ...] = ()


@dataclass(frozen=True, slots=True)
class RoleNoun:
    """A noun naming a sector of a state ('troops' -> MIL). ``alone``: an actor even without a
    country; ``domestic``: 'X in Kenya' is Kenya's X."""

    sector: str
    kind: str
    alone: bool
    domestic: bool


@dataclass(frozen=True, slots=True)
class Title:
    """An office title ('foreign minister') and the role it names where it applies: ``applies``
    empty = any state; else ISO-3 codes and/or ``IGO``."""

    words: tuple[str, ...]
    role: str
    applies: frozenset[str]


@dataclass(frozen=True, slots=True)
class Anaphor:
    words: tuple[str, ...]
    refers: str  # person | state | any | suspect
    count: int


@dataclass(frozen=True, slots=True)
class Holding:
    """A person and the term in which they held an office."""

    entry: Entry
    term: Term


@dataclass
class World:
    """Lower-case form -> every world actor it can name; ``people`` holds each person once."""

    forms: dict[str, list[Entry]] = field(default_factory=dict)
    people: list[Entry] = field(default_factory=list)
    organisations: int = 0
    places: int = 0  # cities and regions matched as places of their state
    sources: dict[str, str] = field(default_factory=dict)  # actor name -> the sources of its row(s)

    def add(self, form: str, entry: Entry) -> None:
        entries = self.forms.setdefault(form.lower(), [])
        if all(e.actor != entry.actor for e in entries):
            entries.append(entry)


@dataclass
class KnowledgeBase:
    countries: dict[str, Country] = field(default_factory=dict)
    surface_forms: dict[str, Entry] = field(default_factory=dict)
    role_nouns: dict[str, RoleNoun] = field(default_factory=dict)
    people: dict[str, Entry] = field(default_factory=dict)  # canonical name -> entry
    titles: dict[tuple[str, ...], list[Title]] = field(default_factory=dict)
    anaphors: dict[tuple[str, ...], Anaphor] = field(default_factory=dict)
    # (country ISO-3 or IGO canonical name, role) -> every term of that office, oldest first
    offices: dict[tuple[str, str], list[Holding]] = field(default_factory=dict)
    genders: dict[str, str] = field(default_factory=dict)  # person name -> f | m (for pronouns)
    sources: tuple[str, ...] = ()  # the files it was built from
    world: World | None = None  # the large tables built from open sources (matched under these)
    regions: set[str] = field(default_factory=set)  # place forms that name a region ('Illinois', 'Ontario')

    def title_role(self, words: tuple[str, ...], country: str | None, igo: bool) -> str | None:
        """The role a title names for this country (or for an IGO)."""
        rows = self.titles.get(words, [])
        key = "IGO" if igo else country
        for t in rows:
            if key in t.applies:
                return t.role
        if igo:
            return None
        return next((t.role for t in rows if not t.applies), None)

    def sole_state(self, words: tuple[str, ...]) -> str | None:
        """The one state a title exists in, when every row of it applies to that state alone ('pope':
        the Holy See), so that 'the pope' needs no country to name its holder."""
        rows = self.titles.get(words, [])
        states = {a for t in rows for a in t.applies}
        if rows and all(t.applies for t in rows) and len(states) == 1 and "IGO" not in states:
            return next(iter(states))
        return None

    def holders(self, office: tuple[str, str], day: date | None) -> tuple[list[Holding], str]:
        """Who held ``office`` on ``day``: (holders, how it was decided). Without a day, the
        latest holder, and the explanation says so."""
        terms = self.offices.get(office, [])
        if not terms:
            return [], "no holder of this office in the knowledge base"
        if day is None:
            current = [h for h in terms if h.term.end is None] or [terms[-1]]
            return current[-1:], "no date in the text or document: assumed the latest holder"
        on_day = [h for h in terms if h.term.holds_on(day)]
        if on_day:
            return on_day[-1:], f"holder on {day.isoformat()}"
        return [], f"no known holder on {day.isoformat()}"

    def country_actor(self, iso3: str, sector: str | None = None, label: str | None = None,
                      kind: str = "org") -> Actor:  # fmt: skip
        """The state itself; its government (a sector, no label); or a labelled part of it
        ('China (embassy)', kind org or group)."""
        c = self.countries[iso3]
        code = c.part_of or iso3  # 'a Hong Kong protester is CHN'
        if sector is None:
            return Actor(c.name, code, None, "state", c.wikidata)
        if label is None or label in _GOVERNMENT_NOUNS:
            return Actor(f"Government of {_with_article(c.name)}", code, sector, "state", c.wikidata)
        return Actor(f"{c.name} ({label})", code, sector, kind, None)  # type: ignore[arg-type]

    def add(self, form: str, entry: Entry, override: bool = False) -> None:
        """First writer wins for a surface form, except that names beat aliases and that the
        user's entries (``override``) beat packaged ones."""
        old = self.surface_forms.get(form)
        if old is None or override or (old.how != "name" and entry.how == "name"):
            self.surface_forms[form] = entry


_GOVERNMENT_NOUNS = frozenset({"government", "administration", "regime"})


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


_PLURAL_ENDINGS = ("an", "i", "k", "ot", "er")  # Russian, Israeli, Greek, Cypriot, New Zealander


def people_plurals(demonyms: Sequence[str]) -> list[str]:
    """The plural nouns of a state's people that add an 's' to its demonym ('the Russians',
    'Israelis', 'Greeks'): they name the state's people as participants, as the singular does.
    Demonyms in -ese, -ish or -ch have no such plural ('the Chinese', 'the British' are already
    the demonym), nor nouns in -man ('Frenchmen'); irregular nouns ('Swedes') are listed in the
    table itself."""
    return [d + "s" for d in demonyms
            if d.replace(" ", "").isalpha() and d[0].isupper() and not d.isupper() and d.endswith(_PLURAL_ENDINGS)
            and not d.endswith("man")]  # fmt: skip


def _strip_the(form: str) -> str:
    return form[4:] if form.startswith("the ") else form


def _load_countries(kb: KnowledgeBase, path: Path) -> None:
    lines: dict[str, int] = {}
    for n, row in read_tsv(path, ("iso3", "name", "aliases", "adjectives", "capitals", "wikidata")):
        iso3 = row["iso3"]
        if not _ISO3.match(iso3):
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"bad ISO-3 '{iso3}'")
        qid = row["wikidata"] or None
        if qid and not _QID.match(qid):
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"bad Wikidata id '{qid}'")
        c = Country(iso3, row["name"], split_values(row["aliases"]), split_values(row["adjectives"]),
                    split_values(row["capitals"]), qid, row.get("part_of") or None)  # fmt: skip
        kb.countries[iso3] = c
        lines[iso3] = n
    for c in kb.countries.values():
        if c.part_of is not None and c.part_of not in kb.countries:
            detail = f"part_of '{c.part_of}' is no row of this file"
            raise GeopolError(Errors.E101, file=path.name, line=lines[c.iso3], detail=detail)
    for c in kb.countries.values():  # names first so that no alias of another row shadows them
        kb.add(c.name, Entry(kb.country_actor(c.iso3), "name", 0.95))
    for c in kb.countries.values():
        for alias in c.aliases:
            kb.add(_strip_the(alias), Entry(kb.country_actor(c.iso3), "alias", 0.9))
        for adj in (*c.adjectives, *people_plurals(c.adjectives)):
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


ORG_COLUMNS = ("name", "aliases", "country", "sector", "kind", "wikidata")
PEOPLE_COLUMNS = ("name", "aliases", "country", "sector", "role", "body", "start", "end", "wikidata", "gender")
Rows = list[tuple[int, dict[str, str]]]


def add_organisations(kb: KnowledgeBase, rows: Rows, file: str, override: bool = False) -> None:
    for n, row in rows:
        _check_actor_cells(row, file, n, kb.countries)
        kind = row["kind"] or "org"
        if kind not in ("igo", "org", "group"):
            raise GeopolError(Errors.E101, file=file, line=n, detail=f"unknown kind '{kind}'")
        actor = Actor(row["name"], row["country"] or None, row["sector"] or None, kind,  # type: ignore[arg-type]
                      row["wikidata"] or None)  # fmt: skip
        kb.add(_strip_the(row["name"]), Entry(actor, "name", 0.95), override)
        for alias in split_values(row["aliases"]):
            kb.add(_strip_the(alias), Entry(actor, "alias", 0.9), override)


def _term(row: dict[str, str], file: str, n: int) -> Term:
    start, end = _date(row["start"], file, n), _date(row["end"], file, n)
    if start and end and end < start:
        raise GeopolError(Errors.E101, file=file, line=n, detail=f"term ends {end} before it starts {start}")
    if not row["role"]:
        raise GeopolError(Errors.E101, file=file, line=n, detail="no role")
    body = row.get("body") or None
    if row["country"] == "IGO" and body is None:
        raise GeopolError(Errors.E101, file=file, line=n, detail="an IGO office needs its body (the organisation)")
    return Term(row["role"], row["country"] or None, row["sector"] or None, start, end, body, f"{file}:{n}")


def add_people(kb: KnowledgeBase, rows: Rows, file: str, override: bool = False) -> None:
    """One entry per person from all their rows; a user's rows for a packaged person add terms."""
    by_name: dict[str, Rows] = {}
    for n, row in rows:
        _check_actor_cells(row, file, n, kb.countries)
        by_name.setdefault(row["name"], []).append((n, row))
    for name, person_rows in by_name.items():
        old = kb.people.get(name)
        terms = list(old.terms) if old else []
        aliases: set[str] = set()
        qid = old.actor.wikidata if old else None
        for n, row in person_rows:
            terms.append(_term(row, file, n))
            if row["gender"] not in ("", "f", "m"):
                raise GeopolError(Errors.E101, file=file, line=n, detail=f"gender '{row['gender']}' is not f or m")
            if row["gender"]:
                kb.genders[name] = row["gender"]
            aliases.update(split_values(row["aliases"]))
            qid = row["wikidata"] or qid
        terms.sort(key=lambda t: t.start or date.min)
        latest = terms[-1]
        actor = Actor(name, latest.country, latest.sector, "person", qid)
        entry = Entry(actor, "name", 0.95, tuple(terms))
        kb.people[name] = entry
        kb.add(name, entry, override)
        for alias in sorted(aliases | _name_variants(name, latest.country)):
            kb.add(alias, Entry(actor, "alias", 0.85, tuple(terms)), override)


def _name_variants(name: str, country: str | None) -> set[str]:
    """'Gang Qin' for Qin Gang (East Asian names also appear in Western order); 'Pham Minh Chinh'
    for Phạm Minh Chính and 'Lopez Obrador' spellings (the press often drops diacritics)."""
    out = set()
    words = name.split()
    if country in SURNAME_FIRST and len(words) >= 2 and "-" not in words[0]:
        out.add(" ".join(words[1:] + words[:1]))
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    if plain != name and len(plain.split()) == len(words) and all(plain.split()):
        out.add(plain)
    return out


def _index_offices(kb: KnowledgeBase) -> None:
    kb.offices.clear()
    world = [(e, True) for e in kb.world.people] if kb.world is not None else []
    for entry, from_world in [*((e, False) for e in kb.people.values()), *world]:
        for term in entry.terms:
            if from_world and term.country not in kb.countries:
                continue  # a world IGO/NGO office names its body by a CAMEO code ('UNO'), no organisation
            where = term.body if term.country == "IGO" else term.country
            if where:
                kb.offices.setdefault((where, term.role), []).append(Holding(entry, term))
    for holdings in kb.offices.values():
        holdings.sort(key=lambda h: h.term.start or date.min)


def _load_role_nouns(kb: KnowledgeBase, path: Path) -> None:
    for n, row in read_tsv(path, ("lemma", "sector", "kind", "alone", "domestic")):
        if row["sector"] not in SECTORS:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"unknown sector '{row['sector']}'")
        if any(row[k] not in ("yes", "") for k in ("alone", "domestic")):
            raise GeopolError(Errors.E101, file=path.name, line=n, detail="alone/domestic must be 'yes' or empty")
        kb.role_nouns[row["lemma"]] = RoleNoun(
            row["sector"], row["kind"] or "group", row["alone"] == "yes", row["domestic"] == "yes"
        )


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+|[^\w\s]", phrase.lower()))


def _load_titles(kb: KnowledgeBase, path: Path) -> None:
    roles = {t.role for e in kb.people.values() for t in e.terms}
    for n, row in read_tsv(path, ("phrase", "role", "applies")):
        applies = frozenset(split_values(row["applies"]))
        bad = [a for a in applies if a != "IGO" and a not in kb.countries]
        if bad or row["role"] not in roles:
            detail = f"unknown country {bad}" if bad else f"role '{row['role']}' is held by no one in people.tsv"
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=detail)
        words = _words(row["phrase"])
        kb.titles.setdefault(words, []).append(Title(words, row["role"], applies))


def _load_anaphors(kb: KnowledgeBase, path: Path) -> None:
    for n, row in read_tsv(path, ("phrase", "refers", "count")):
        if row["refers"] not in ("person", "state", "any", "suspect") or row["count"] not in ("1", "2"):
            detail = "refers: person|state|any|suspect; count: 1|2"
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=detail)
        words = _words(row["phrase"])
        kb.anaphors[words] = Anaphor(words, row["refers"], int(row["count"]))


@dataclass(frozen=True)
class UserRows:
    """Entries from a user's actors file, in the shape of the packaged rows."""

    file: str
    people: Rows
    organisations: Rows
