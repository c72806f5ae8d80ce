"""The world tables: their readers, the merge rule (the more specific and the more recent wins),
their size, and matching them in text with the day and the document's states."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import geopol
from geopol._tsv import data_path
from geopol.actors import load_kb
from geopol.actors._sources import (
    SourceRow,
    Span,
    parse_code,
    press_name,
    read_countryinfo,
    read_phoenix,
    read_places,
    renamed_states,
)
from geopol.actors._world import choose
from geopol.actors.build_world import (
    Titles,
    build,
    demote_curated_offices,
    fold,
    good_places,
    merge_organisations,
    merge_people,
)
from geopol.actors.kb import Entry, Term
from geopol.records import Actor

from .test_actors import find, mentions

COUNTRIES = frozenset({"USA", "DEU", "PHL", "IRQ", "RUS"})


# --- readers -------------------------------------------------------------------------------------
def _countryinfo(folder: Path, text: str) -> Path:
    """A small CountryInfo.txt in ``folder``."""
    path = folder / "CountryInfo.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("code", "parsed"),
    [
        ("USAGOVMIL", ("USA", "GOV", None)),
        ("PHLREB", ("PHL", "REB", None)),
        ("IGOUNOKID", ("IGO", "IGO", "UNO")),
        ("MNCDEU", ("DEU", "BUS", None)),  # a company's home state is more specific than MNC
        ("IMGSEAMUSASF", (None, "REB", None)),  # an international militarised group
        ("NGOHRIAMN", ("NGO", "NGO", None)),
        ("DEU", ("DEU", None, None)),
        ("RUSELI", ("RUS", "ELI", None)),
    ],
)
def test_world_sources_cameo_codes(code: str, parsed: tuple[str | None, str | None, str | None]) -> None:
    assert parse_code(code, COUNTRIES) == parsed


def test_world_sources_press_names() -> None:
    assert press_name("ZALMAY_KHALILZAD_") == "Zalmay Khalilzad"
    assert press_name("BASHAR_AL-ASSAD_") == "Bashar al-Assad"
    assert press_name("MITCH_MCCONNELL") == "Mitch McConnell"
    assert press_name("A.D._TAYLOR") == "A.D. Taylor"
    assert press_name("JOSE_DE_LA_CRUZ") == "Jose de la Cruz"


def test_world_sources_phoenix_entries(tmp_path: Path) -> None:
    path = tmp_path / "x.actors.txt"
    path.write_text(
        "# comment\nGERMANY_ [DEU]\n+BERLIN_\n"  # a country block: a place, skipped
        "JOHN_DOE_  # CountryInfo.txt\n+JOHNNY_DOE_\n\t[USAELI 600101-080101]\n\t[USAGOV 080101-091231]\n"
        "MORO_ISLAMIC_LIBERATION_FRONT_(MILF)_ [PHLREB] # kkl\n",
        encoding="utf-8",
    )
    rows = {r.name: r for r in read_phoenix(path, COUNTRIES, "group")}
    assert set(rows) == {"JOHN DOE", "MORO ISLAMIC LIBERATION FRONT"}
    doe = rows["JOHN DOE"]
    assert doe.kind == "person" and doe.aliases == {"JOHNNY DOE"}
    assert doe.spans == [Span("USA", "GOV", "official", date(2008, 1, 1), date(2009, 12, 31))]  # ELI is no office
    milf = rows["MORO ISLAMIC LIBERATION FRONT"]
    assert (milf.kind, milf.country, milf.sector, milf.aliases) == ("group", "PHL", "REB", {"MILF"})


def test_world_sources_countryinfo_roles_and_dates(tmp_path: Path) -> None:
    path = _countryinfo(
        tmp_path,
        "<Country>\n<CountryCode>[USRRUS <19911225][RUS >19911225]</CountryCode>\n<Leaders>\n\t<Presidents>\n"
        "\t\tJANE_ROE_\t[19920101 - 19991231]  [B:19300101]\n\t</Presidents>\n</Leaders>\n<Government>\n"
        "\tIVAN_ROE_\t[RUSGOVLAB 20091101 - 20091131][RUSGOVMIL 20051201 - 20091031]\t# Minister of Labor & "
        "Minister of Defense\n</Government>\n</Country>\n",
    )
    rows = {r.name: r for r in read_countryinfo(path, COUNTRIES)}
    assert rows["JANE ROE"].spans == [Span("RUS", "GOV", "head_of_state", date(1992, 1, 1), date(1999, 12, 31))]
    ivan = rows["IVAN ROE"].spans
    assert [s.role for s in ivan] == ["minister", "defence_minister"]
    assert ivan[0].end == date(2009, 11, 30)  # '20091131' is the month's last day


def test_world_sources_phoenix_phrases_without_a_code_share_the_next_codes(tmp_path: Path) -> None:
    path = tmp_path / "x.actors.txt"
    path.write_text(
        "LEONID_BREZHNEV_  # CountryInfo.txt\nSECRETARY_BREZHNEV\nSOVIET_LEADER_LEONID_BREZHNEV\n"
        "\t[RUSGOV 641014-821110]\n"  # one person: the first phrase names him, the others are aliases
        "SUDAN_PEOPLES_LIBERATION_MOVEMENT\n\t[DEUREB 830516-050109]\n\t[USAGOVPTY >110711]\n"  # dated, yet a party
        "US_DEPARTMENT_OF_THE_INTERIOR_\nUS_DEPARTMENT_OF_ENERGY_\n\t[USAGOV]\n"  # two bodies, one code
        "Source: MNC.MLH.actors\nACME_CORP_\t[MNCUSA]\n",  # a note in prose is no phrase
        encoding="utf-8",
    )
    rows = {r.name: r for r in read_phoenix(path, COUNTRIES, "org")}
    assert set(rows) == {"LEONID BREZHNEV", "SUDAN PEOPLES LIBERATION MOVEMENT", "US DEPARTMENT OF THE INTERIOR",
                         "US DEPARTMENT OF ENERGY", "ACME CORP"}  # fmt: skip
    assert rows["LEONID BREZHNEV"].kind == "person"
    assert rows["LEONID BREZHNEV"].aliases == {"SECRETARY BREZHNEV", "SOVIET LEADER LEONID BREZHNEV"}
    splm = rows["SUDAN PEOPLES LIBERATION MOVEMENT"]
    assert (splm.kind, splm.country, splm.sector) == ("org", "USA", "GOV")  # its latest dated code
    assert rows["US DEPARTMENT OF ENERGY"].country == "USA" and not rows["US DEPARTMENT OF ENERGY"].aliases


def test_world_sources_countryinfo_state_codes_that_are_no_iso_codes(tmp_path: Path) -> None:
    path = _countryinfo(
        tmp_path,
        "<Country>\n<CountryCode>[TMPOCC <19990830][TMP >19990830]</CountryCode>\n<ISO3166-alpha3>TLS"
        "</ISO3166-alpha3>\n<Government>\n\tJOAO_ROE_\t[TMPGOVAGR <20070831]\t# Minister for Agriculture\n"
        "</Government>\n</Country>\n",
    )
    countries = COUNTRIES | {"TLS"}
    renamed = renamed_states(path, countries)
    assert renamed == {"TMP": "TLS"}
    (row,) = read_countryinfo(path, countries, renamed)
    assert row.spans[0].country == "TLS"
    assert parse_code("TMPGOV", countries, renamed) == ("TLS", "GOV", None)


def test_world_titles_tell_offices_from_actors_and_come_off_names() -> None:
    titles = Titles(["president", "secretary-general", "secretary of state", "prime minister"],
                    ["United States", "US", "Russian", "Kosovar"])  # fmt: skip
    assert titles.is_office("THE_US_SECRETARY_OF_STATE_") and titles.is_office("KOSOVAR_PRIME_MINISTER")
    assert titles.is_office("President of the United States")
    assert not titles.is_office("PRESIDENTIAL_LIFE_CORPORATION") and not titles.is_office("RUSSIAN_RAILWAYS")
    assert titles.person_name("RUSSIAN_PRESIDENT_BORIS_YELTSIN") == "BORIS YELTSIN"
    assert titles.person_name("SECRETARY-GENERAL_BAN_KI-MOON") == "BAN KI-MOON"
    assert titles.person_name("ACTING_MINISTER_ABDUL_RAHIM_") == "ABDUL RAHIM"
    assert titles.person_name("FOREIGN_MINISTER_ABDULLAH_") == "FOREIGN_MINISTER_ABDULLAH_"  # one word left: kept
    assert titles.person_name("PRESIDENTE_ROE_") == "PRESIDENTE_ROE_"


def test_world_fold_keeps_no_apostrophes() -> None:
    assert fold("Sudan People's Liberation Movement") == fold("SUDAN_PEOPLES_LIBERATION_MOVEMENT")
    assert fold("Gordon O'Connor") == fold("GORDON_OCONNOR")


# --- merging: the more specific and the more recent wins -----------------------------------------
def test_world_merge_organisation_prefers_a_state_a_sector_then_the_newer_source() -> None:
    rows = [
        SourceRow("ABU SAYYAF", "group", "Phoenix.International.actors.txt", country=None, sector="REB"),
        SourceRow("ABU SAYYAF", "group", "Phoenix.MilNonState.actors.txt", country="PHL", sector="REB"),
        SourceRow("SIEMENS", "org", "Phoenix.International.actors.txt", country="MNC", sector="BUS"),
        SourceRow("SIEMENS", "org", "Phoenix.International.actors.txt", country="DEU", sector="BUS"),
        SourceRow("ACME", "org", "Phoenix.International.actors.txt", country="USA", sector="BUS"),
        SourceRow("ACME", "org", "Phoenix.MilNonState.actors.txt", country="USA", sector="REB"),
    ]
    merged = {r.name: r for r in merge_organisations(rows, set(), COUNTRIES)}
    assert (merged["ABU SAYYAF"].country, merged["SIEMENS"].country) == ("PHL", "DEU")
    assert merged["ACME"].sector == "REB"  # equally specific: the more recent source
    assert merge_organisations(rows, {"abu sayyaf"}, COUNTRIES)[0].name == "SIEMENS"  # curated names win
    carter = [SourceRow("THE CARTER CENTER", "org", "Phoenix.International.actors.txt", country="NGO", sector="NGO"),
              SourceRow("CARTER CENTER", "org", "Phoenix.International.actors.txt", country="USA", sector="NGO")]  # fmt: skip
    assert [r.country for r in merge_organisations(carter, set(), COUNTRIES)] == ["USA"]  # one, with 'the' or not


def test_world_merge_organisation_a_bracketed_state_keeps_two_groups_apart(tmp_path: Path) -> None:
    path = tmp_path / "x.actors.txt"
    path.write_text(
        "NATIONAL_LIBERATION_ARMY_(PHILIPPINES)_ [PHLREB]\nNATIONAL_LIBERATION_ARMY_(GERMANY)_ [DEUREB]\n"
        "ABN_AMRO_ [NLDGOVBUS >081004]\n\t[MNCNLD]\n"  # a dated code, yet an undated company code: no person
        "CONTINUITY_IRISH_REPUBLICAN_ARMY_ [WEU]\n",  # coded with a region only: an armed group all the same
        encoding="utf-8",
    )
    rows = list(read_phoenix(path, COUNTRIES, "group"))
    merged = merge_organisations(rows, set(), COUNTRIES, {"philippines": "PHL", "germany": "DEU"})
    assert sorted((r.name, r.country) for r in merged if "LIBERATION" in r.name) == [
        ("NATIONAL LIBERATION ARMY", "DEU"), ("NATIONAL LIBERATION ARMY", "PHL")]  # fmt: skip
    kinds = {r.name: (r.kind, r.sector) for r in rows}
    assert kinds["ABN AMRO"][0] != "person" and kinds["CONTINUITY IRISH REPUBLICAN ARMY"] == ("group", "REB")


def test_world_merge_people_keeps_the_stronger_source_where_spans_overlap() -> None:
    ci = SourceRow("JOHN DOE", "person", "CountryInfo.140728.txt",
                   spans=[Span("USA", "GOV", "minister", date(2003, 1, 5), date(2006, 3, 31))])  # fmt: skip
    phx = SourceRow("JOHN_DOE", "person", "Phoenix.Countries.actors.txt", aliases={"J DOE"},
                    spans=[Span("USA", "GOV", "official", date(2003, 1, 1), date(2006, 1, 1)),
                           Span("USA", "GOV", "official", date(1990, 1, 1), date(1995, 1, 1))])  # fmt: skip
    one_day = SourceRow("IVY ROE", "person", "CountryInfo.140728.txt",
                        spans=[Span("USA", "GOV", "head_of_state", date(2008, 9, 25), date(2008, 9, 25))])  # fmt: skip
    (ivy,) = merge_people([one_day], set())  # an acting president for a day holds office on that day
    assert (ivy.spans[0].start, ivy.spans[0].end) == (date(2008, 9, 25), date(2008, 9, 26))
    (person,) = merge_people([phx, ci], set())
    assert sorted((s.start, s.role) for s in person.spans) == [(date(1990, 1, 1), "official"),
                                                                (date(2003, 1, 5), "minister")]  # fmt: skip
    assert person.aliases == {"J DOE"} and "CountryInfo" in person.source and "Phoenix" in person.source
    assert merge_people([phx, ci], {"john doe"}) == []  # the curated table knows him: it wins


def test_world_merge_curated_holder_demotes_an_overlapping_office() -> None:
    p = SourceRow("X", "person", "CountryInfo.140728.txt",
                  spans=[Span("DEU", "GOV", "head_of_government", date(1998, 10, 27), date(2005, 11, 22)),
                         Span("DEU", "GOV", "head_of_government", date(1980, 1, 1), date(1982, 1, 1))])  # fmt: skip
    curated = {("DEU", "head_of_government"): [Span("DEU", None, "head_of_government", date(1998, 10, 27), None)]}
    demote_curated_offices([p], curated)
    assert [s.role for s in p.spans] == ["official", "head_of_government"]


# --- the packaged tables -------------------------------------------------------------------------
def _kb_counts() -> tuple[int, int]:
    """People with a dated role and organisations/groups (IGOs, NGOs, companies, armed groups), curated
    and world tables together, each counted once."""
    kb = load_kb()
    assert kb.world is not None
    dated = [e for e in (*kb.people.values(), *kb.world.people) if any(t.start or t.end for t in e.terms)]
    curated_orgs = {e.actor.name for e in kb.surface_forms.values() if e.actor.kind in ("org", "igo", "group")}
    return len(dated), kb.world.organisations + len(curated_orgs)


def test_world_kb_counts_people_with_dated_roles_and_organisations() -> None:
    people, organisations = _kb_counts()
    # what the open sources hold, each actor once (19,867 and 7,683 today): CountryInfo and Phoenix
    # name about 18,300 people besides the curated ones, and PETRARCH's dictionaries 7,300 organisations
    assert people >= 19_800
    assert organisations >= 7_600
    assert all(Path(data_path("actors") / "world" / f).exists() for f in ("LICENSES.md", "persons.tsv.gz"))


@pytest.mark.xfail(
    strict=True,
    reason="the goal is 20,000 people with dated roles and 8,000 organisations; the entries of the open "
    "sources give 19,867 and 7,683 distinct actors (organisations named only inside CountryInfo's cabinet titles, "
    "'Governor, Central Bank', about 300, are not read); the rest needs another source (the Wikidata import)",
)
def test_world_kb_counts_reach_their_targets() -> None:
    people, organisations = _kb_counts()
    assert people >= 20_000 and organisations >= 8_000


def test_world_choose_by_day_then_document_states() -> None:
    def person(country: str, start: str, end: str) -> Entry:
        term = Term("official", country, "GOV", date.fromisoformat(start), date.fromisoformat(end))
        return Entry(Actor("Ali Khan", country, "GOV", "person"), "name", 0.85, (term,))

    pak, afg = person("PAK", "2001-01-01", "2004-01-01"), person("AFG", "2006-01-01", "2009-01-01")
    assert choose([pak, afg], date(2002, 5, 1), set())[0] is pak
    assert choose([pak, afg], date(2012, 5, 1), {"PAK"})[0] is pak
    entry, why = choose([pak, afg], None, set())
    assert entry is afg and "2 known actors" in why and "most recent" in why


# --- matching in text ----------------------------------------------------------------------------
def test_world_names_match_in_any_case_when_written_as_names(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, "Troops clashed with the Abu Sayyaf Group on Basilan.", "2019-01-28")
    m = find(ms, "Abu Sayyaf Group")
    assert (m.actor.country, m.actor.sector, m.actor.kind) == ("PHL", "REB", "group")
    ms = mentions(extractor, "He said abu sayyaf group was a phrase.", "2019-01-28")
    assert not [x for x in ms if x.actor.country == "PHL"]


def test_world_person_takes_the_office_of_the_day(extractor: geopol.Extractor) -> None:
    m = find(mentions(extractor, "Saddam Hussein addressed the nation.", "1990-08-02"), "Saddam Hussein")
    assert (m.actor.country, m.actor.sector) == ("IRQ", "GOV") and "head_of_state" in m.why


def test_world_matcher_finds_what_a_phrase_matcher_finds(extractor: geopol.Extractor) -> None:
    """The matcher splits plain forms itself, so its words for every form must be the tokenizer's,
    and its matches (overlapping ones and their order too) a PhraseMatcher's on LOWER."""
    from spacy.matcher import PhraseMatcher

    nlp = extractor.nlp
    world = nlp.get_pipe("geopol_actors").world
    forms = sorted(world.world.forms)
    docs = list(nlp.tokenizer.pipe(forms))
    assert world._lookup == {tuple(t.text for t in d): f for d, f in zip(docs, forms, strict=True)}
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    phrases.add("WORLD", docs)
    text = ". ".join(f.title() if i % 2 else f for i, f in enumerate(forms[::97])) + " Saddam Hussein Hussein"
    doc = nlp.make_doc(text)
    assert world.matches(doc) == [(s, e) for _, s, e in phrases(doc)]
    assert world.matches(nlp.make_doc("")) == []


def test_curated_matcher_finds_what_a_phrase_matcher_finds(extractor: geopol.Extractor) -> None:
    """The curated names and the names of no actor are matched as a PhraseMatcher on ORTH and on
    LOWER would match them: the same words for every form (split by the tokenizer where a form is
    not plain words: 'al-Sisi', 'A.K. Antony'), the same matches and order, and a list of words
    matched as the Doc of those words would be."""
    from spacy.matcher import PhraseMatcher

    nlp = extractor.nlp
    actors = nlp.get_pipe("geopol_actors")
    forms = sorted(actors.kb.surface_forms)
    docs = list(nlp.tokenizer.pipe(forms))
    assert actors._lookup == {tuple(t.text for t in d): f for d, f in zip(docs, forms, strict=True)}
    phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
    phrases.add("ACTOR", docs)
    sample = forms[::37] + [f.upper() for f in forms[::101]] + ["United States Senate", "Abdel Fattah al-Sisi"]
    doc = nlp.make_doc(". ".join(sample) + " said the United States")
    found = actors.matcher.matches(doc)
    assert found == [(s, e) for _, s, e in phrases(doc)] and len(found) > len(forms) // 37
    assert actors.matcher.word_matches([t.text for t in doc]) == found
    nots = sorted(n for n in actors.not_actors if " " in n)
    lower = PhraseMatcher(nlp.vocab, attr="LOWER")
    lower.add("NOT", list(nlp.tokenizer.pipe(nots)))
    doc = nlp.make_doc(". ".join(n.title() if i % 2 else n for i, n in enumerate(nots)))
    assert actors._not_matcher.matches(doc) == [(s, e) for _, s, e in lower(doc)]
    assert actors.matcher.matches(nlp.make_doc("")) == [] and actors.matcher.word_matches([]) == []


def test_world_tables_are_what_the_build_writes(tmp_path: Path) -> None:
    from .conftest import SHARED, shared_file

    sources = shared_file(SHARED / "data" / "actor_sources")
    build(sources, tmp_path)
    for table in ("persons", "organisations", "agents", "country_names", "places"):
        name = f"{table}.tsv.gz"
        assert (tmp_path / name).read_bytes() == (data_path("actors") / "world" / name).read_bytes(), name


# --- places --------------------------------------------------------------------------------------
def test_world_sources_places_are_read_per_state(tmp_path: Path) -> None:
    path = _countryinfo(
        tmp_path,
        "<Country>\n<CountryCode>USA</CountryCode>\n<ISO3166-alpha3>USA</ISO3166-alpha3>\n<MajorCities>\n"
        "\tNEW_YORK_\n#\tOLD_YORK_\n\tHOUSTON_  # a note\n</MajorCities>\n<Regions>\n\tFLORIDA_\n</Regions>\n"
        "</Country>\n<Country>\n<CountryCode>XYZ</CountryCode>\n<MajorCities>\n\tNOWHERE_\n</MajorCities>\n</Country>\n",
    )
    assert list(read_places(path, COUNTRIES)) == [("New York", "USA", "city"), ("Houston", "USA", "city"),
                                                  ("Florida", "USA", "region")]  # fmt: skip


def test_world_places_keep_names_of_one_state_that_no_actor_has() -> None:
    rows = [("Florida", "USA", "region"), ("Perth", "AUS", "city"), ("Perth", "GBR", "city"), ("Ufa", "RUS", "city"),
            ("D.C.", "USA", "city"), ("Hainan-", "CHN", "region"), ("Germany", "DEU", "region"),
            ("Charlotte", "USA", "city")]  # fmt: skip
    kept = good_places(rows, {fold("Germany"), fold("Charlotte")})
    assert [(name, country) for name, country, _, _ in kept] == [("Florida", "USA")]


def test_world_places_table_is_packaged_without_its_exclusions() -> None:
    import gzip

    from geopol._tsv import read_tsv

    kb = load_kb()
    assert kb.world is not None and kb.world.places >= 1_900
    excluded = {r["name"] for _, r in read_tsv(data_path("actors") / "place_exclusions.tsv", ("name", "reason"))}
    text = gzip.decompress((data_path("actors") / "world" / "places.tsv.gz").read_bytes()).decode("utf-8")
    names = {line.split("\t")[0] for line in text.splitlines() if line and not line.startswith("#")}
    assert not names & excluded and {"Florida", "Shanghai", "Bavaria"} <= names


def test_world_places_are_places_never_actors(extractor: geopol.Extractor) -> None:
    doc = geopol.Document("t", "Protesters marched in Shanghai. Whitney Houston sang.", published=date(2020, 1, 2))
    result = extractor.extract(doc)
    assert "Shanghai" not in [m.text for m in result.actors]  # a place, not an actor
    singer = find(list(result.actors), "Whitney Houston")  # a name's own word is no place
    assert singer.actor.kind == "person"


def test_world_places_own_local_offices(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, "Florida Governor Ron DeSantis declared a state of emergency.", "2019-09-01")
    m = find(ms, "Ron DeSantis")
    assert (m.actor.country, m.actor.sector, m.how) == ("USA", "GOV", "context")
    assert "'Florida', a place in" in m.why
    # a place after a preposition is where the office is, not whose it is
    ms = mentions(extractor, "The governor in Bavaria, Markus Roe, spoke.", "2019-09-01")
    assert find(ms, "Markus Roe").actor.country in (None, "DEU")


@pytest.mark.parametrize(
    ("text", "city", "state"),
    [
        ("A resident of Antioch, Illinois, was charged with two killings.", "resident of Antioch", "USA"),
        ("Police in Paris, Texas arrested two men on Monday.", "Police", "USA"),
        ("Police in Paris arrested two men on Monday.", "Police", "FRA"),
    ],
)
def test_world_a_city_followed_by_a_region_lies_in_its_state(
    extractor: geopol.Extractor, text: str, city: str, state: str
) -> None:
    assert find(mentions(extractor, text, "2020-08-25"), city).actor.country == state


def test_world_places_locate_events(extractor: geopol.Extractor) -> None:
    doc = geopol.Document("t", "China and Russia held talks in Shanghai on Monday.", published=date(2020, 1, 7))
    result = extractor.extract(doc)
    located = [e.location for e in result.events if e.location is not None]
    assert located and located[0].country == "CHN" and located[0].text == "Shanghai"


def test_a_demonym_that_is_a_persons_surname_is_no_state(extractor: geopol.Extractor) -> None:
    doc = geopol.Document("t", "The columnist David French defended the court's ruling.", published=date(2020, 1, 2))
    result = extractor.extract(doc)
    writer = find(list(result.actors), "David French")  # his surname, not France's people
    assert writer.actor.kind == "person" and writer.actor.country != "FRA"
    doc = geopol.Document("t", "French President Emmanuel Macron spoke in Paris.", published=date(2020, 1, 2))
    assert "FRA" in {m.actor.country for m in extractor.extract(doc).actors}


def test_a_known_persons_surname_after_another_given_name_is_a_namesake(extractor: geopol.Extractor) -> None:
    """'Schroeder' alone is Gerhard Schröder; 'Pat Schroeder', a US congresswoman, is not, nor is
    'Jeb Bush' George W. Bush. A title, an initial or a word of the known name keeps the person."""
    text = (
        "Former Colorado Rep. Pat Schroeder, a Democrat, said she still backs the candidate in Denver. "
        "Jeb Bush campaigned in Iowa on Monday."
    )
    result = extractor.extract(geopol.Document("t", text, published=date(2016, 3, 1)))
    names = {m.text: m.actor for m in result.actors}
    assert "Pat Schroeder" in names and names["Pat Schroeder"].country != "DEU", names
    assert names.get("Jeb Bush") is not None and names["Jeb Bush"].name != "George W. Bush", names
    text = "Russian President Vladimir V. Putin met Chancellor Schroeder in Berlin on Monday."
    actors = {m.text: m.actor for m in extractor.extract(geopol.Document("t", text, published=date(2005, 3, 1))).actors}
    assert actors["Putin"].name == "Vladimir Putin" and actors["Schroeder"].country == "DEU", actors


@pytest.mark.parametrize(
    ("text", "published", "name", "country"),
    [
        ("Nancy Pelosi arrived in Taipei on Tuesday, defying Chinese warnings. Taiwan's president welcomed her.",
         "2022-08-02", "Nancy Pelosi", "USA"),
        ("Chinese President Xi Jinping met Henry Kissinger in Beijing on Monday. Xi praised Kissinger's contributions "
         "to China's opening.", "2019-11-25", "Henry Kissinger", "USA"),
        ("Mikhail Gorbachev was honoured in Berlin on Saturday. German Chancellor Angela Merkel thanked him for the "
         "fall of the Wall.", "2019-11-09", "Mikhail Gorbachev", "RUS"),
        ("Iraqi Prime Minister Nouri al-Maliki rejected the recommendations of James Baker and Lee Hamilton on "
         "Thursday, Iraqi officials said.", "2006-12-07", "James Baker", "USA"),
    ],
)  # fmt: skip
def test_a_famous_person_the_tables_know_by_an_old_office_keeps_their_state_in_a_text_about_another(
    extractor: geopol.Extractor, text: str, published: str, name: str, country: str
) -> None:
    """The world tables know many famous people only by an old or partial office (Pelosi's ends in
    2011, Kissinger is an official of 1973-77, Gorbachev a party leader). A short text about the state
    they deal with names nothing of their own; they must not become its people (a rule that took such
    names for namesakes did that, and turned the dyads into domestic ones: docs/event-coder-history.md,
    step 49)."""
    assert find(mentions(extractor, text, published), name).actor.country == country
