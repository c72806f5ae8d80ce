"""The world tables (``geopol/data/actors/world/*.tsv.gz``, built by ``geopol.actors.build_world``):
about 18,000 people with dated roles, 7,000 organisations and armed groups, generic actor nouns,
more country names and 1,900 cities and regions, loaded under the curated tables (which win).

A world name is matched in any case but must be written as a name ('Abu Sayyaf Group', not 'abu
sayyaf group'); one form can name several actors ('Mohammad Khan'), so a form keeps every candidate
and :func:`choose` picks one by the day the sentence speaks of and the states the document names.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from .._tsv import read_tsv, split_values
from ..errors import Errors, GeopolError
from ..records import Actor
from ._forms import FormMatcher
from .kb import SECTORS, Entry, KnowledgeBase, RoleNoun, Term, World, _date, _name_variants, _strip_the, people_plurals

PERSON_COLUMNS = ("pid", "name", "aliases", "country", "sector", "role", "body", "start", "end", "source")
ORG_COLUMNS = ("name", "aliases", "country", "sector", "kind", "source")


def _check(row: dict[str, str], file: str, n: int, countries: dict) -> None:
    if row["country"] and row["country"] not in countries and row["country"] not in ("IGO", "NGO", "MNC"):
        raise GeopolError(Errors.E101, file=file, line=n, detail=f"unknown country '{row['country']}'")
    if row["sector"] and row["sector"] not in SECTORS:
        raise GeopolError(Errors.E101, file=file, line=n, detail=f"unknown sector '{row['sector']}'")
    if not row["name"]:
        raise GeopolError(Errors.E101, file=file, line=n, detail="no name")


def _load_people(kb: KnowledgeBase, world: World, path: Path, taken: set[str]) -> None:
    rows: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for n, row in read_tsv(path, PERSON_COLUMNS):
        _check(row, path.name, n, kb.countries)
        rows.setdefault(row["pid"], []).append((n, row))
    for person_rows in rows.values():
        n, first = person_rows[0]
        terms = []
        for n, row in person_rows:
            start, end = _date(row["start"], path.name, n), _date(row["end"], path.name, n)
            if start and end and end < start:
                raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"term ends {end} before {start}")
            source = f"world/{path.name}:{n}" + (f" ({row['source']})" if row["source"] else "")
            terms.append(Term(row["role"] or "official", row["country"] or None, row["sector"] or None, start, end,
                              row["body"] or None, source))  # fmt: skip
        terms.sort(key=lambda t: t.start or date.min)
        latest = max(terms, key=lambda t: (t.end or date.max, t.start or date.min))
        actor = Actor(first["name"], latest.country, latest.sector, "person", None)
        entry = Entry(actor, "name", 0.85, tuple(terms))
        world.people.append(entry)
        world.sources[first["name"]] = first["source"]
        for form in (first["name"], *split_values(first["aliases"]), *_name_variants(first["name"], latest.country)):
            if form.lower() not in taken:
                world.add(form, entry)


def _load_organisations(kb: KnowledgeBase, world: World, path: Path, taken: set[str]) -> None:
    for n, row in read_tsv(path, ORG_COLUMNS):
        _check(row, path.name, n, kb.countries)
        kind = row["kind"] or "org"
        if kind not in ("igo", "org", "group"):
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"unknown kind '{kind}'")
        actor = Actor(row["name"], row["country"] or None, row["sector"] or None, kind, None)  # type: ignore[arg-type]
        world.organisations += 1
        world.sources[row["name"]] = row["source"]
        for i, form in enumerate((row["name"], *split_values(row["aliases"]))):
            if _strip_the(form).lower() not in taken:
                world.add(_strip_the(form), Entry(actor, "name" if i == 0 else "alias", 0.8 if i == 0 else 0.75))


def _load_agents(kb: KnowledgeBase, path: Path) -> None:
    """Generic actor nouns ('coast guard', 'barrister'): sectors for a noun a country modifies and
    for the words of a name; never an actor alone (the curated role nouns decide that); domestic
    (a state's own) for the civil state sectors."""
    for n, row in read_tsv(path, ("phrase", "sector")):
        if row["sector"] not in SECTORS:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"unknown sector '{row['sector']}'")
        words = row["phrase"].split()
        if 1 <= len(words) <= 2 and all(w.isalpha() for w in words):
            head = kb.role_nouns.get(words[-1])  # 'special envoy' is no more domestic than 'envoy'
            domestic = head.domestic if head is not None else row["sector"] in ("GOV", "COP", "JUD", "LEG")
            kb.role_nouns.setdefault(row["phrase"], RoleNoun(row["sector"], "group", False, domestic))


def _load_country_names(kb: KnowledgeBase, path: Path) -> None:
    for n, row in read_tsv(path, ("iso3", "aliases", "adjectives")):
        if row["iso3"] not in kb.countries:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"unknown country '{row['iso3']}'")
        for alias in split_values(row["aliases"]):
            kb.add(alias, Entry(kb.country_actor(row["iso3"]), "alias", 0.85))
        adjectives = split_values(row["adjectives"])
        for adj in (*adjectives, *people_plurals(adjectives)):
            kb.add(adj, Entry(kb.country_actor(row["iso3"]), "demonym", 0.75))


def _load_places(kb: KnowledgeBase, world: World, path: Path) -> None:
    """Cities and regions (the sources name major ones: "Florida", "Christchurch"): matched as
    written, each a place of its state (where an event happened, whose a local office is), never an
    actor; a form the tables already know stays theirs."""
    for n, row in read_tsv(path, ("name", "country", "kind")):
        if row["country"] not in kb.countries:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"unknown country '{row['country']}'")
        if row["kind"] not in ("city", "region") or not row["name"]:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"bad place row (kind '{row['kind']}')")
        if row["kind"] == "region" and row["name"] not in kb.surface_forms:
            kb.regions.add(row["name"])  # 'Antioch, Illinois': a region after a place says where it lies
        kb.add(row["name"], Entry(kb.country_actor(row["country"]), "place", 0.7))
        world.places += 1


def load_world(kb: KnowledgeBase, folder: Path) -> World:
    """The world tables of ``folder`` under ``kb`` (a form the curated tables know stays theirs)."""
    _load_country_names(kb, folder / "country_names.tsv.gz")
    _load_agents(kb, folder / "agents.tsv.gz")
    taken = {f.lower() for f in kb.surface_forms}
    world = World()
    _load_people(kb, world, folder / "persons.tsv.gz", taken)
    _load_organisations(kb, world, folder / "organisations.tsv.gz", taken)
    _load_places(kb, world, folder / "places.tsv.gz")
    return world


def choose(candidates: list[Entry], day: date | None, countries: set[str]) -> tuple[Entry, str]:
    """The candidate a form names here, and why: one in office on the day, then one of a state
    the document names, then the one whose last known role is the most recent."""
    if len(candidates) == 1:
        return candidates[0], ""

    def rank(e: Entry) -> tuple[bool, bool, date]:
        on_day = day is not None and any(t.holds_on(day) for t in e.terms)
        home = bool({t.country for t in e.terms} & countries) or e.actor.country in countries
        last = max((t.start or date.min for t in e.terms), default=date.min)
        return on_day, home, last

    best = max(candidates, key=rank)
    on_day, home, _ = rank(best)
    how = "in office on that day" if on_day else "of a state this text names" if home else "the most recent"
    return best, f"one of {len(candidates)} known actors of that name, chosen as {how}"


_NAME_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC", "LOC", "PRODUCT", "EVENT", "LAW", "WORK_OF_ART"})
_LOWER_OK = frozenset({"de", "da", "del", "della", "di", "do", "dos", "das", "du", "la", "le", "van", "von", "der",
                       "den", "ter", "bin", "ibn", "bint", "y", "e", "al", "el", "zu", "ul", "ud", "of", "and",
                       "the", "for", "on", "in", "to", "a", "an", "at", "by", "-", "'s"})  # fmt: skip


def written_as_name(span: Span) -> bool:
    """Every word of the span is capitalised (particles and function words aside), and a single
    word is a named entity or a proper noun inside its sentence: 'Abu Sayyaf', not 'abu sayyaf';
    'Siemens' as an ORG, not 'Shell' opening a sentence as a common word."""
    words = [t for t in span if t.is_alpha]
    if not words or not span[0].text[:1].isupper():
        return False
    if any(not t.text[0].isupper() and t.lower_ not in _LOWER_OK for t in words):
        return False
    if len(span) == 1:
        t = span[0]
        return len(t) >= 3 and (t.ent_type_ in _NAME_ENTS or t.pos_ == "PROPN" and not t.is_sent_start)
    return True


class WorldMatcher:
    """Finds world names in a Doc: every span whose lower-case words are a form's, as a PhraseMatcher
    on LOWER finds them (``FormMatcher``: start-up makes no lexeme per word of a form)."""

    def __init__(self, nlp: Language, world: World) -> None:
        self.world = world
        self._forms = FormMatcher(nlp.tokenizer, sorted(world.forms), lower=True)  # type: ignore[arg-type]
        self._lookup = self._forms.lookup

    def matches(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) of every form in the Doc, overlapping ones too, by start and then length
        (the PhraseMatcher's order)."""
        return self._forms.matches(doc)

    def spans(self, doc: Doc) -> list[Span]:
        return [span for s, e in self.matches(doc) if written_as_name(span := doc[s:e]) and self._whole(span)]

    def _whole(self, span: Span) -> bool:
        """A person's name is not the first part of a longer name: 'Albert' (a prince) is not
        the 'Albert' of 'Albert Muchanga'."""
        doc = span.doc
        if span.end >= len(doc) or doc[span.end].ent_iob_ != "I" or doc[span.end].ent_type_ != "PERSON":
            return True
        return not any(e.actor.kind == "person" for e in self.world.forms[self._key(span)])

    def _key(self, span: Span) -> str:
        return self._lookup[tuple(t.lower_ for t in span)]

    def entry(self, span: Span, day: date | None, countries: set[str]) -> tuple[Entry, str]:
        return choose(self.world.forms[self._key(span)], day, countries)
