"""The knowledge files: every entry parses, and a malformed row is refused with E101 and its line."""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from geopol import PLOVER_TYPES, GeopolError
from geopol._tsv import data_path, read_tsv, split_values
from geopol.actors import build_kb
from geopol.actors.kb import SECTORS
from geopol.claims import claim_cues, read_cues
from geopol.events._aggregate import frequency_words, read_frequency
from geopol.events.lexicon import build_lexicon
from geopol.nlp.cues import modality_cues, read_modality
from geopol.nlp.dates import read_conflicts

ACTORS = data_path("actors")
EVENTS = data_path("events")


def test_data_files_knowledge_base_loads() -> None:
    kb = build_kb(ACTORS)
    assert len(kb.countries) >= 249
    assert {"CHN", "RUS", "USA", "UKR", "XKX"} <= set(kb.countries)
    assert kb.people and kb.role_nouns and kb.surface_forms
    assert kb.surface_forms["China"].actor.country == "CHN"
    assert kb.surface_forms["Beijing"].how == "metonym"
    assert kb.people["Xi Jinping"].actor.wikidata == "Q15031"


def test_data_files_names_keep_their_diacritics() -> None:
    """A curated name is written as its bearer writes it, diacritics and all ('Recep Tayyip Erdoğan');
    the plain spelling the press often uses is an alias, never the name."""
    for file in ("people.tsv", "organisations.tsv"):
        for n, row in read_tsv(ACTORS / file, ("name", "aliases")):
            richer = [a for a in split_values(row["aliases"]) if a != row["name"] and _plain(a) == row["name"]]
            assert not richer, f"{file}:{n}: name '{row['name']}', spelt '{richer[0]}' among its aliases"


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def test_data_files_people_terms_are_ordered() -> None:
    kb = build_kb(ACTORS)
    for name, entry in kb.people.items():
        assert entry.terms, name
        for term in entry.terms:
            assert term.start is None or term.end is None or term.start <= term.end, (name, term)
            assert term.sector is None or term.sector in SECTORS, (name, term)
            assert term.country is None or term.country in kb.countries or term.country in ("IGO", "NGO", "MNC")


def test_data_files_no_term_is_inverted_and_offices_are_indexed() -> None:
    kb = build_kb(ACTORS)
    for (where, _role), holdings in kb.offices.items():
        assert where in kb.countries or any(e.actor.name == where for e in kb.surface_forms.values()), where
        for h in holdings:
            t = h.term
            assert t.start is None or t.end is None or t.start < t.end, (h.entry.actor.name, t)
    # the offices the actor tables promise, for every state listed, have holders
    for (
        iso3
    ) in "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA UKR IRN ISR PRK TWN".split():
        for role in ("head_of_state", "foreign_minister", "defence_minister"):
            assert kb.offices.get((iso3, role)), (iso3, role)
    assert kb.offices[("European Commission", "head_of_organisation")]
    assert set(kb.genders.values()) <= {"f", "m"} and kb.genders["Angela Merkel"] == "f"


def test_data_files_titles_and_anaphors_load() -> None:
    kb = build_kb(ACTORS)
    assert kb.title_role(("foreign", "minister"), "CHN", False) == "foreign_minister"
    assert kb.title_role(("president",), "IRN", False) == "head_of_government"
    assert kb.title_role(("president",), "FRA", False) == "head_of_state"
    assert kb.title_role(("secretary", "of", "state"), "USA", False) == "foreign_minister"
    assert kb.title_role(("secretary", "of", "state"), "FRA", False) is None
    assert kb.title_role(("secretary", "-", "general"), None, True) == "head_of_organisation"
    assert kb.anaphors[("the", "two", "men")].count == 2


def test_data_files_actor_codes_are_valid() -> None:
    kb = build_kb(ACTORS)
    for form, entry in kb.surface_forms.items():
        actor = entry.actor
        assert form.strip() == form and form, form
        assert actor.kind in ("state", "person", "org", "igo", "group"), (form, actor)
        assert actor.sector is None or actor.sector in SECTORS, (form, actor)
        assert actor.country is None or actor.country in kb.countries or actor.country in ("IGO", "NGO", "MNC")
    for lemma, role in kb.role_nouns.items():
        assert role.sector in SECTORS and role.kind in ("group", "org"), lemma


def test_data_files_trigger_lexicon_loads_with_plover_types() -> None:
    lexicon = build_lexicon(EVENTS)
    assert len(lexicon) > 100
    rules = [r for rs in lexicon.rules.values() for r in rs]
    assert {r.type for r in rules} <= set(PLOVER_TYPES)
    assert {r.type for r in rules} == set(PLOVER_TYPES)  # every type can be coded
    assert all(r.pos in ("VERB", "NOUN") for r in rules)
    assert lexicon.light_verbs and "hold" in lexicon.light_verbs
    assert "arrest" in lexicon.patient_nouns and not lexicon.patient_nouns & lexicon.light_verbs
    assert any(r.type == "AGREE" for r in lexicon.lookup("agree", "VERB"))


def test_data_files_clean_word_list_loads() -> None:
    from geopol.clean import common_lowercase_words

    words = common_lowercase_words()
    assert "turkey" in words and all(w == w.strip() and w for w in words)


# --- malformed rows in a temporary copy ----------------------------------------------------------
def copy_with_row(src: Path, tmp_path: Path, file: str, row: str) -> tuple[Path, int]:
    """A copy of a data folder with one row appended to ``file``; returns the folder and the row's line."""
    folder = tmp_path / src.name
    shutil.copytree(src, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    line = len(text.splitlines()) + 1
    path.write_text(text + row + "\n", encoding="utf-8")
    return folder, line


BAD_ACTOR_ROWS = [
    pytest.param("organisations.tsv", "Ministry of Nothing\t\tCHN\tXYZ\torg\t", "unknown sector", id="org-sector"),
    pytest.param("organisations.tsv", "Some Body\t\tZZZ\tGOV\torg\t", "unknown country", id="org-country"),
    pytest.param("organisations.tsv", "Some Body\t\tCHN\tGOV\tcircus\t", "unknown kind", id="org-kind"),
    pytest.param("organisations.tsv", "Some Body\t\tCHN\tGOV\torg\tX12", "Wikidata", id="org-qid"),
    pytest.param("organisations.tsv", "a\tb\tCHN\tGOV\torg\t\textra\tcells", "cells", id="too-many-cells"),
    pytest.param(
        "people.tsv", "Jane Doe\t\tGBR\tGOV\tofficial\t\t2020-05-01\t2019-01-01\t", "ends", id="inverted-term"
    ),
    pytest.param("people.tsv", "Jane Doe\t\tGBR\tGOV\tofficial\t\t2020-13-01\t\t", "bad date", id="bad-date"),
    pytest.param("people.tsv", "Jane Doe\t\tGBR\tWIZ\tofficial\t\t\t\t", "unknown sector", id="person-sector"),
    pytest.param("people.tsv", "Jane Doe\t\tGBR\tGOV\t\t\t\t\t", "no role", id="person-no-role"),
    pytest.param("people.tsv", "Jane Doe\t\tGBR\tGOV\tofficial\t\t\t\t\tx", "gender", id="person-gender"),
    pytest.param("people.tsv", "Jane Doe\t\tIGO\tGOV\tofficial\t\t\t\t", "body", id="igo-office-body"),
    pytest.param("role_titles.tsv", "grand vizier\tvizier\t", "held by no one", id="title-role"),
    pytest.param("role_titles.tsv", "chancellor\thead_of_government\tZZZ", "unknown country", id="title-country"),
    pytest.param("anaphors.tsv", "the trio\tperson\t3", "count", id="anaphor-count"),
    pytest.param("role_nouns.tsv", "wizard\tGOV\tgroup\tmaybe\t", "yes", id="role-flag"),
    pytest.param("countries.tsv", "xx\tNowhere\t\t\t\t", "ISO-3", id="country-iso3"),
    pytest.param("role_nouns.tsv", "wizard\tWIZ\tgroup", "unknown sector", id="role-sector"),
]


@pytest.mark.parametrize(("file", "row", "detail"), BAD_ACTOR_ROWS)
def test_data_files_malformed_actor_row_raises_e101(tmp_path: Path, file: str, row: str, detail: str) -> None:
    folder, line = copy_with_row(ACTORS, tmp_path, file, row)
    with pytest.raises(GeopolError) as info:
        build_kb(folder)
    assert info.value.code == "E101"
    assert file in info.value.message and f"line {line}:" in info.value.message
    assert detail in info.value.message


BAD_TRIGGER_ROWS = [
    pytest.param("smash\tVERB\t\t\tDESTROY\t\t\t\t\tdev", "PLOVER type", id="unknown-type"),
    pytest.param("smash\tADJ\t\t\tASSAULT\t\t\t\t\tdev", "VERB or NOUN", id="bad-pos"),
    pytest.param("\tVERB\t\t\tASSAULT\t\t\t\t\tdev", "empty lemma", id="empty-lemma"),
    pytest.param("agree\tVERB\t\t\tAGREE\t\tdiplomatic\twith\tyes\t030", "duplicate", id="duplicate"),
]


@pytest.mark.parametrize(("row", "detail"), BAD_TRIGGER_ROWS)
def test_data_files_malformed_trigger_row_raises_e101(tmp_path: Path, row: str, detail: str) -> None:
    folder, line = copy_with_row(EVENTS, tmp_path, "triggers.tsv", row)
    with pytest.raises(GeopolError) as info:
        build_lexicon(folder)
    assert info.value.code == "E101"
    assert "triggers.tsv" in info.value.message and f"line {line}:" in info.value.message
    assert detail in info.value.message


def test_data_files_missing_file_or_header_raises_e102(tmp_path: Path) -> None:
    folder = tmp_path / "actors"
    shutil.copytree(ACTORS, folder)
    (folder / "role_nouns.tsv").write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(GeopolError) as info:
        build_kb(folder)
    assert info.value.code == "E102" and "role_nouns.tsv" in info.value.message
    (folder / "role_nouns.tsv").unlink()
    with pytest.raises(GeopolError) as info:
        build_kb(folder)
    assert info.value.code == "E102"


def test_data_files_header_missing_a_column_raises_e101(tmp_path: Path) -> None:
    folder = tmp_path / "actors"
    shutil.copytree(ACTORS, folder)
    (folder / "role_nouns.tsv").write_text("lemma\tkind\ntroop\tgroup\n", encoding="utf-8")
    with pytest.raises(GeopolError) as info:
        build_kb(folder)
    assert info.value.code == "E101" and "line 1:" in info.value.message and "sector" in info.value.message


def test_data_files_claim_modality_and_frequency_files_load() -> None:
    cues = claim_cues()
    assert cues.verbs["say"] == "speech" and cues.verbs["deny"] == "denial" and cues.preps["according to"] == "source"
    assert "report" in cues.propositions and cues.adverbs["reportedly"] == "hearsay"
    assert (
        cues.verbs["read"] == "reading" and "statement" in cues.documents and cues.verbs["announce"] == "announcement"
    )
    mod = modality_cues()
    assert "reportedly" in mod["hedge"] and "unconfirmed" in mod["unverified"] and "would" in mod["hypothetical_aux"]
    freq = frequency_words()
    assert freq["twice"].count == 2 and freq["annually"].every == "year"


SINGLE_FILE_READERS = [
    pytest.param(read_frequency, "word\tcount\tevery\nfortnightly\t\tfortnight\n", id="frequency-every"),
    pytest.param(read_cues, "cue\tpos\tkind\nsay\tverb\tgossip\n", id="cue-kind"),
    pytest.param(read_cues, "cue\tpos\tkind\nsay\tverb\thearsay\n", id="cue-hearsay-verb"),
    pytest.param(read_modality, "cue\tkind\nperhaps\tmaybe\n", id="modality-kind"),
    pytest.param(read_conflicts, "name\tphrases\tstart\nSome war\tsome war\t2022-13-01\n", id="conflict-date"),
]


@pytest.mark.parametrize(("reader", "content"), SINGLE_FILE_READERS)
def test_data_files_malformed_row_of_a_single_file_raises_e101(
    tmp_path: Path, reader: Callable[[Path], object], content: str
) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(GeopolError) as info:
        reader(bad)
    assert info.value.code == "E101" and "line 2" in info.value.message
