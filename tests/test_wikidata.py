"""`geopol actors import wikidata`: the service's JSON and CSV result formats, row-by-row validation
with numbered errors, and the round trip into the user's actors file and knowledge base."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geopol._tsv import data_path
from geopol.actors import load_kb
from geopol.actors.wikidata import import_result, read_rows
from geopol.cli import app
from geopol.errors import GeopolError

DATA = Path(__file__).parent / "data" / "wikidata"


def test_wikidata_reads_both_result_formats() -> None:
    rows = dict(read_rows(DATA / "people.json"))
    assert rows[1]["itemLabel"] == "Amara Okonkwo-Reyes" and rows[1]["country"] == "NGA"
    assert "end" not in rows[1] and rows[2]["end"].startswith("2032-05-01")
    orgs = dict(read_rows(DATA / "organisations.csv"))
    assert orgs[2]["typeLabel"] == "newspaper" and orgs[2]["aliases"] == ""


def test_wikidata_import_round_trips_into_the_knowledge_base(tmp_path: Path) -> None:
    actors = tmp_path / "mine.yaml"
    report = import_result(DATA / "people.json", actors, load_kb(actors))
    assert (report.rows, report.people, report.errors) == (2, 2, [])
    report = import_result(DATA / "organisations.csv", actors, load_kb(actors))
    assert (report.rows, report.organisations, report.errors) == (2, 2, [])
    kb = load_kb(actors)
    (holder,), _ = kb.holders(("NGA", "foreign_minister"), date(2031, 6, 1))
    assert holder.entry.actor.name == "Amara Okonkwo-Reyes" and holder.entry.actor.wikidata == "Q900001"
    assert kb.genders["Amara Okonkwo-Reyes"] == "f"
    assert kb.surface_forms["Amara Reyes"].actor.name == "Amara Okonkwo-Reyes"
    army = kb.surface_forms["NMLA"].actor
    assert (army.name, army.country, army.sector, army.kind) == ("Northern Mesa Liberation Army", "MLI", "REB", "group")
    assert kb.surface_forms["Kestrel Daily Ledger"].actor.sector == "JRN"
    diplomat = kb.people["Tomas Vidal-Lindqvist"].terms[0]
    assert (diplomat.role, diplomat.end) == ("diplomat", date(2032, 5, 1))


def test_wikidata_bad_rows_are_numbered_and_skipped(tmp_path: Path) -> None:
    actors = tmp_path / "mine.yaml"
    report = import_result(DATA / "malformed.csv", actors, load_kb(actors))
    assert report.people == 1 and [e.code for e in report.errors] == ["E106"] * 4
    assert [e.details["line"] for e in report.errors] == [2, 3, 4, 5]
    text = " ".join(str(e) for e in report.errors)
    assert "English label" in text and "XXQ" in text and "not a date" in text and "ends" in text
    assert "Ilse Marchetti-Owusu" in actors.read_text(encoding="utf-8")


def test_wikidata_refuses_a_file_that_is_no_result(tmp_path: Path) -> None:
    bad = tmp_path / "r.json"
    bad.write_text('{"head": {}}', encoding="utf-8")
    with pytest.raises(GeopolError) as err:
        list(read_rows(bad))
    assert err.value.code == "E106"


def test_wikidata_cli_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPOL_ACTORS_FILE", str(tmp_path / "mine.yaml"))
    runner = CliRunner()
    result = runner.invoke(app, ["actors", "import", "wikidata", str(DATA / "malformed.csv")])
    assert result.exit_code == 0 and "1 people" in result.output and "E106" in result.output
    result = runner.invoke(app, ["actors", "import", "dbpedia", str(DATA / "malformed.csv")])
    assert result.exit_code == 1 and "E306" in result.output
    resolved = runner.invoke(app, ["actors", "resolve", "The Ghanaian defence minister spoke.", "--date",
                                   "2030-06-01", "--json"])  # fmt: skip
    assert json.loads(resolved.output.splitlines()[0])["actor"]["name"] == "Ilse Marchetti-Owusu"


def test_wikidata_queries_are_shipped() -> None:
    folder = data_path("actors") / "wikidata"
    for name in ("people.rq", "organisations.rq"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "SELECT ?item ?itemLabel ?aliases" in text and "P298" in text


def test_wikidata_json_is_read_in_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import geopol.actors.wikidata as wd

    monkeypatch.setattr(wd, "_CHUNK", 7)  # every binding spans several reads
    rows = dict(read_rows(DATA / "people.json"))
    assert [r["itemLabel"] for r in rows.values()] == ["Amara Okonkwo-Reyes", "Tomas Vidal-Lindqvist"]
    cut = tmp_path / "cut.json"
    cut.write_text((DATA / "people.json").read_text(encoding="utf-8")[:900], encoding="utf-8")
    with pytest.raises(GeopolError) as err:
        list(read_rows(cut))
    assert err.value.code == "E106"
