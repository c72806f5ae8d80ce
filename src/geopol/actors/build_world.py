"""Build the packaged world tables (``geopol/data/actors/world/``) from the open actor sources.

    python -m geopol.actors.build_world SOURCES   # SOURCES: the folder holding phoenix_petrarch2/,
                                                  # countryinfo/, ngec_plover_agents/, mledoze_countries/

reads the PETRARCH2 Phoenix actor dictionaries, CountryInfo.txt, NGEC's PLOVER agents and the mledoze
country names in place, merges them with today's curated tables (``people.tsv``,
``organisations.tsv``, ``countries.tsv``, ``role_nouns.tsv``, which win) and writes four gzip TSV
tables, byte-identical on every run over the same input:

- ``persons.tsv.gz``: one row per person and dated role (``pid`` groups a person's rows);
- ``organisations.tsv.gz``: organisations, IGOs, NGOs, companies and armed groups;
- ``agents.tsv.gz``: generic actor nouns and their PLOVER sector ('coast guard' MIL);
- ``country_names.tsv.gz``: more names and demonyms of states (ODbL, from mledoze);
- ``places.tsv.gz``: cities and regions with the state they lie in (CountryInfo's <MajorCities> and
  <Regions>), for where an event happened and whose a local office is ('Florida Governor').

Where sources disagree the more specific and the more recent wins: a state beats IGO/NGO/MNC or an
unknown country, a row with a sector beats one without, CountryInfo (2014-07, full dates) beats
Phoenix (2014-01, built from an earlier CountryInfo), the curated tables beat both; a person's role
span from a weaker source is kept only where no stronger one covers that time.
"""

from __future__ import annotations

import argparse
import gzip
import io
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from spacy.lang.en.stop_words import STOP_WORDS

from .._tsv import data_path, read_tsv, split_values
from ._names import fold
from ._sources import (
    SourceRow,
    Span,
    is_organisation,
    press_name,
    read_agents,
    read_countryinfo,
    read_mledoze,
    read_phoenix,
    read_places,
    renamed_states,
)

# the more recent and precise a source, the higher it ranks
RANK = {"Phoenix.International.actors.txt": 1, "Phoenix.MilNonState.actors.txt": 2,
        "Phoenix.Countries.actors.txt": 2, "CountryInfo.140728.txt": 3}  # fmt: skip
SPECIFIC_ROLES = frozenset({"head_of_state", "head_of_government", "foreign_minister", "defence_minister",
                            "vice_president", "party_leader", "finance_minister"})  # fmt: skip
HEADER = """# Derived by geopol.actors.build_world from open sources; rebuild with that command, do not edit.
# Sources and licences (see world/LICENSES.md): PETRARCH2 Phoenix dictionaries (MIT, (c) 2014 Open Event
# Data Alliance; Computational Event Data System Project, NSF SES-1004414, SES-1259190); CountryInfo.140728
# (MIT, (c) 2014 Open Event Data Alliance); NGEC PLOVER agents (MIT, NGEC-2025; CAMEO agents, NSF-funded).
"""
ODBL = """# This table is a derived database of mledoze/countries, licensed under the Open Database License (ODbL)
# 1.0 (https://opendatacommons.org/licenses/odbl/1-0/); it is offered under the ODbL 1.0 as well.
"""


def specificity(row: SourceRow, countries: frozenset[str]) -> tuple[bool, bool, int]:
    """How an organisation row ranks against another row of the same name: a state over an
    international or unknown country, a row with a sector over one without, then the source's rank."""
    return (row.country in countries, row.sector is not None, RANK.get(row.source, 0))


def _overlaps(a: Span, b: Span) -> bool:
    return (a.start or date.min) <= (b.end or date.max) and (b.start or date.min) <= (a.end or date.max)


def _one_day(s: Span) -> Span:
    """A term that starts and ends on one day (an acting president's) ends the next: a geopol term
    holds up to, not on, its end."""
    return (
        Span(s.country, s.sector, s.role, s.start, s.end + timedelta(days=1), s.body)
        if s.start == s.end and s.end
        else s
    )


def merge_people(rows: Iterable[SourceRow], curated: set[str]) -> list[SourceRow]:
    """One record per person (folded name and country of the latest span): spans from the
    strongest source first (a term of one day too: an acting head of state), a weaker one's spans
    only where no kept span of that country overlaps them. People the curated table names (by
    name or alias) are left out: it wins (the same name in another country is mostly the same
    person in another office: Lagarde, French minister and IMF head)."""
    people: dict[tuple[str, str | None], SourceRow] = {}
    order = sorted(rows, key=lambda r: -RANK.get(r.source, 0))
    for row in order:
        key_name = fold(row.name)
        if key_name in curated:
            continue
        latest = max(row.spans, key=lambda s: s.start or date.min)
        key = (key_name, latest.country)
        person = people.get(key)
        if person is None:
            people[key] = person = SourceRow(row.name, "person", row.source)
        elif row.source not in person.source.split("|"):
            person.source += "|" + row.source
        person.aliases |= row.aliases
        spans = sorted(map(_one_day, row.spans), key=lambda s: s.role not in SPECIFIC_ROLES)
        for span in spans:
            same = [s for s in person.spans if s.country == span.country and _overlaps(s, span)]
            if not same:
                person.spans.append(span)
    return list(people.values())


def _words(phrase: str) -> tuple[str, ...]:
    """The folded words of a phrase, a hyphenated one kept whole: 'SECRETARY-GENERAL_BAN' ->
    ('secretary-general', 'ban')."""
    return tuple(fold(w).replace(" ", "-") for w in phrase.replace("_", " ").split() if fold(w))


class Titles:
    """Office titles ('president', 'foreign minister', from ``role_titles.tsv``) and state names
    ('Russian', 'United States'), folded, to tell an office ('US Secretary of State', 'President of
    the United States') from an actor and to take a title off a person's name ('Acting Minister
    Abdul Rahim', 'Russian President Boris Yeltsin')."""

    EXTRA = ("minister", "secretary", "general secretary", "acting", "former")

    def __init__(self, titles: Iterable[str], states: Iterable[str]) -> None:
        self.titles = {_words(t) for t in (*titles, *self.EXTRA)}
        self.states = {_words(s) for s in states} | {("the",)}

    def _lead(self, words: list[str], table: set[tuple[str, ...]]) -> int:
        """How many words at the start of ``words`` are one entry of ``table`` (0: none)."""
        return next((n for n in range(min(4, len(words)), 0, -1) if tuple(words[:n]) in table), 0)

    def _strip(self, words: list[str]) -> tuple[list[str], bool]:
        """``words`` without leading state names and titles, and whether a title was among them."""
        titled = False
        while words:
            if n := self._lead(words, self.titles):
                words, titled = words[n:], True
            elif (n := self._lead(words, self.states)) and self._lead(words[n:], self.states | self.titles):
                words = words[n:]
            else:
                break
        return words, titled

    def is_office(self, name: str) -> bool:
        """'US Secretary of State', 'Kosovar Prime Minister', 'General Secretary of the Communist
        Party of the Soviet Union': a title with at most a state before it and an 'of' after it."""
        rest, titled = self._strip(list(_words(name)))
        return titled and (not rest or rest[0] == "of")

    def person_name(self, name: str) -> str:
        """'ACTING_MINISTER_ABDUL_RAHIM_' -> 'ABDUL_RAHIM_': the name without the titles before it,
        where two words or more are left (a name of one word alone would match too widely)."""
        words, keys = name.replace("_", " ").split(), _words(name)
        if len(words) != len(keys):
            return name
        rest, titled = self._strip(list(keys))
        return " ".join(words[len(words) - len(rest) :]) if titled and len(rest) >= 2 else name


def demote_curated_offices(people: list[SourceRow], curated_terms: dict[tuple[str, str], list[Span]]) -> None:
    """A specific office span that overlaps a curated holder's term of that office becomes a plain
    'official' span: the curated table says who held the office then."""
    for person in people:
        for i, s in enumerate(person.spans):
            held = curated_terms.get((s.country or "", s.role), [])
            if s.role in SPECIFIC_ROLES and any(_overlaps(s, t) for t in held):
                person.spans[i] = Span(s.country, s.sector, "official", s.start, s.end, s.body)


def merge_organisations(rows: Iterable[SourceRow], taken: set[str], countries: frozenset[str],
                        states: dict[str, str] | None = None) -> list[SourceRow]:  # fmt: skip
    """One record per folded name: the most specific row (see :func:`specificity`) gives country,
    sector and kind; aliases are pooled. Names the curated tables know are left out. A bracketed
    qualifier that names a state (``states``: folded name -> ISO-3) keeps apart two groups of one
    name and gives the country a code lacks ('NATIONAL_LIBERATION_ARMY_(BOLIVIA)_', '(COLOMBIA)_')."""
    best: dict[str, SourceRow] = {}
    for row in rows:
        key = fold(row.name)
        key = key[4:] if key.startswith("the ") else key  # 'The Carter Center' is the Carter Center
        if key in taken or not key:
            continue
        if iso := (states or {}).get(fold(row.qualifier)):
            key += " | " + iso
            row.country = row.country if row.country in countries else iso
        old = best.get(key)
        if old is None:
            best[key] = row
            continue
        winner, loser = (row, old) if specificity(row, countries) > specificity(old, countries) else (old, row)
        winner.aliases |= loser.aliases | {loser.name}
        best[key] = winner
    return list(best.values())


def good_forms(name: str, aliases: set[str], person: bool) -> list[str]:
    """Aliases worth matching: not the name again, not a stop word, three letters or more; for a
    person, no one-word alias unless the name itself is one word ('Wiranto')."""
    out = set()
    for alias in aliases:
        form = press_name(alias) if alias.isupper() else alias
        low = form.lower()
        if fold(form) == fold(name) or len(low) < 3 or low in STOP_WORDS:
            continue
        if person and len(form.split()) == 1 and len(name.split()) > 1:
            continue
        out.add(form)
    return sorted(out)


def good_places(rows: Iterable[tuple[str, str, str]], taken: set[str]) -> list[tuple[str, str, str, str]]:
    """Place names worth matching: words of letters (hyphens and apostrophes inside) of four letters
    or more, not a state's name or an actor's, not excluded, and named under one state only."""
    where: dict[str, set[str]] = {}
    first: dict[str, tuple[str, str]] = {}
    for name, country, kind in rows:
        key = fold(name)
        letters = name.replace(" ", "").replace("-", "").replace("'", "")
        if len(letters) < 4 or not letters.isalpha() or name.endswith("-") or key in taken:
            continue
        where.setdefault(key, set()).add(country)
        first.setdefault(key, (name, kind))
    return sorted((first[k][0], next(iter(c)), first[k][1], "CountryInfo.140728.txt")
                  for k, c in where.items() if len(c) == 1)  # fmt: skip


def _write(path: Path, header: str, columns: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> int:
    buf = io.StringIO()
    buf.write(header)
    buf.write("\t".join(columns) + "\n")
    n = 0
    for row in rows:
        buf.write("\t".join(c.replace("\t", " ") for c in row) + "\n")
        n += 1
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    return n


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def build(sources: Path, out: Path) -> dict[str, int]:
    """Read the sources, merge them with the curated tables and write the world tables; returns
    the row counts."""
    actors = data_path("actors")
    countries_rows = [r for _, r in read_tsv(actors / "countries.tsv", ("iso3", "name"))]
    countries = frozenset(r["iso3"] for r in countries_rows)
    country_forms = {fold(f) for r in countries_rows for k in ("name", "aliases", "adjectives", "capitals")
                     for f in split_values(r.get(k, ""))}  # fmt: skip
    curated_people: set[str] = set()
    curated_terms: dict[tuple[str, str], list[Span]] = {}
    for _, r in read_tsv(actors / "people.tsv", ("name", "aliases", "country", "role", "start", "end")):
        curated_people |= {fold(r["name"]), *(fold(a) for a in split_values(r["aliases"]) if len(a.split()) > 1)}
        start = date.fromisoformat(r["start"]) if r["start"] else None
        end = date.fromisoformat(r["end"]) if r["end"] else None
        curated_terms.setdefault((r["country"], r["role"]), []).append(Span(r["country"], None, r["role"], start, end))
    curated_orgs = {fold(f) for _, r in read_tsv(actors / "organisations.tsv", ("name", "aliases"))
                    for f in (r["name"], *split_values(r["aliases"]))}  # fmt: skip
    titles = Titles((r["phrase"] for _, r in read_tsv(actors / "role_titles.tsv", ("phrase",))),
                    (f for r in countries_rows for k in ("name", "aliases", "adjectives")
                     for f in split_values(r.get(k, ""))))  # fmt: skip

    phoenix, countryinfo = sources / "phoenix_petrarch2", sources / "countryinfo" / "CountryInfo.140728.txt"
    renamed = renamed_states(countryinfo, countries)
    found = [*read_phoenix(phoenix / "Phoenix.Countries.actors.txt", countries, "org", renamed),
             *read_phoenix(phoenix / "Phoenix.International.actors.txt", countries, "org", renamed),
             *read_phoenix(phoenix / "Phoenix.MilNonState.actors.txt", countries, "group", renamed),
             *read_countryinfo(countryinfo, countries, renamed)]  # fmt: skip
    # an office is no person ('Secretary-General of the Communist Party …' with dated codes) nor the
    # organisation it names; an undated one ('US Secretary of State') stays, as the state's government
    found = [row for row in found if not (titles.is_office(row.name) and (row.kind == "person" or
                                                                          is_organisation(row.name)))]  # fmt: skip
    for row in found:
        if row.kind == "person":
            row.name = titles.person_name(row.name)
    people = merge_people((r for r in found if r.kind == "person"), curated_people)
    demote_curated_offices(people, curated_terms)
    states = {fold(f): r["iso3"] for r in countries_rows for k in ("name", "aliases")
              for f in split_values(r.get(k, ""))}  # fmt: skip
    orgs = merge_organisations(
        (r for r in found if r.kind != "person"), curated_orgs | country_forms, countries, states
    )

    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    person_rows = []
    for pid, p in enumerate(sorted(people, key=lambda p: (fold(p.name), p.source)), 1):
        name = press_name(p.name)
        aliases = "|".join(good_forms(name, p.aliases, True))
        for s in sorted(p.spans, key=lambda s: (s.start or date.min, s.role)):
            person_rows.append((str(pid), name, aliases, s.country or "", s.sector or "", s.role, s.body or "",
                                _iso(s.start), _iso(s.end), p.source))  # fmt: skip
            aliases = ""  # on the person's first row only
    counts["persons"] = len(people)
    counts["persons_dated"] = sum(any(s.start or s.end for s in p.spans) for p in people)
    counts["person_rows"] = _write(out / "persons.tsv.gz", HEADER, ("pid", "name", "aliases", "country", "sector",
                                   "role", "body", "start", "end", "source"), person_rows)  # fmt: skip
    org_rows = sorted((press_name(o.name), "|".join(good_forms(press_name(o.name), o.aliases, False)), o.country or "",
                       o.sector or "", o.kind, o.source) for o in orgs)  # fmt: skip
    counts["organisations"] = _write(out / "organisations.tsv.gz", HEADER,
                                     ("name", "aliases", "country", "sector", "kind", "source"), org_rows)  # fmt: skip
    nouns = {r["lemma"] for _, r in read_tsv(actors / "role_nouns.tsv", ("lemma",))}
    agents = sorted({(p, s) for p, s in read_agents(sources / "ngec_plover_agents" / "PLOVER_agents.txt")
                     if p not in nouns and len(p.split()) <= 3})  # fmt: skip
    counts["agents"] = _write(out / "agents.tsv.gz", HEADER, ("phrase", "sector", "source"),
                              ((p, s, "PLOVER_agents.txt") for p, s in agents))  # fmt: skip
    known = {r["iso3"]: {fold(f) for k in ("name", "aliases", "adjectives") for f in split_values(r.get(k, ""))}
             for r in countries_rows}  # fmt: skip
    names = []
    for iso3, forms, demonyms in sorted(read_mledoze(sources / "mledoze_countries" / "countries.json")):
        if iso3 not in known:
            continue
        new_forms = sorted(f for f in forms if fold(f) not in known[iso3])
        new_adj = sorted(d for d in demonyms if fold(d) not in known[iso3])
        if new_forms or new_adj:
            names.append((iso3, "|".join(new_forms), "|".join(new_adj), "mledoze countries.json"))
    counts["country_names"] = _write(out / "country_names.tsv.gz", ODBL, ("iso3", "aliases", "adjectives", "source"),
                                     names)  # fmt: skip
    taken = country_forms | curated_orgs | curated_people | {fold(o.name) for o in orgs}
    excluded = {fold(r["name"]) for _, r in read_tsv(actors / "place_exclusions.tsv", ("name", "reason"))}
    counts["places"] = _write(out / "places.tsv.gz", HEADER, ("name", "country", "kind", "source"),
                              good_places(read_places(countryinfo, countries), taken | excluded))  # fmt: skip
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geopol.actors.build_world", description=__doc__.split("\n")[0])
    parser.add_argument("sources", type=Path, help="folder with phoenix_petrarch2/, countryinfo/, "
                        "ngec_plover_agents/ and mledoze_countries/")  # fmt: skip
    parser.add_argument("--out", type=Path, default=data_path("actors") / "world")
    args = parser.parse_args(argv)
    for key, value in build(args.sources, args.out).items():
        print(f"{key}\t{value}")  # noqa: T201 - a build command reports what it wrote
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
