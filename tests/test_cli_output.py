"""What the ``geopol`` commands print: tables into a pipe, empty results, exports, help lines."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geopol.cli import app

runner = CliRunner()  # its output is not a terminal: tables come as tab-separated lines
LONG = ("Russian troops attacked Ukraine on Monday, shelling the outskirts of Kharkiv for the third day "
        "running while officials in Kyiv called for more air defence systems from their partners.")  # fmt: skip


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def store(tmp_path: Path, tmp_store: Path, fast_jobs: None) -> Path:
    lines = [
        {"id": "a", "text": LONG, "published": "2023-05-02", "source": "Example Wire"},
        {"id": "b", "text": "Beijing criticised Washington on Friday.", "published": "2024-09-09",
         "source": "example wire"},
    ]  # fmt: skip
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    result = invoke("ingest", str(corpus), "--store", str(tmp_store))
    assert result.exit_code == 0, result.output
    return tmp_store


def test_cli_ingest_next_hint_keeps_the_store(store: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "one.txt"
    corpus.write_text("China and Russia agreed to expand trade.", encoding="utf-8")
    result = invoke("ingest", str(corpus), "--store", str(store))
    assert f"`geopol summary --store {store}`" in result.output and f"`geopol serve --store {store}`" in result.output


def test_cli_events_table_into_a_pipe_is_tab_separated_with_the_evidence(store: Path) -> None:
    result = invoke("events", "--store", str(store))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = lines[0].split("\t")
    assert header == ["date", "type", "source", "target", "trigger", "flags", "doc", "evidence"]
    rows = [line.split("\t") for line in lines[1:] if "\t" in line]
    assert rows and all(len(r) == len(header) for r in rows)  # one line per row: nothing wrapped at 80 columns
    assert LONG in {r[-1] for r in rows}  # the whole evidence sentence, as `events --help` promises


def test_cli_empty_dyad_says_so_and_its_csv_keeps_the_header(store: Path) -> None:
    result = invoke("dyad", "CHN", "RUS", "--store", str(store))
    assert result.exit_code == 0 and "No events between China and Russia." in result.output
    dated = invoke("dyad", "RUS", "UKR", "--store", str(store), "--since", "2030-01-01", "--until", "2030-12-31")
    assert "No events between Russia and Ukraine in this period." in dated.output
    empty = invoke("dyad", "CHN", "RUS", "--store", str(store), "--format", "csv")
    assert empty.output.splitlines()[0].startswith("period,events,reports,sources,cooperation,conflict,score")


def test_cli_export_network_csv_names_the_files_it_wrote(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "network.csv"
    result = invoke("export", "network", "-o", str(out), "--store", str(store))
    nodes, edges = tmp_path / "network.nodes.csv", tmp_path / "network.edges.csv"
    assert result.exit_code == 0 and nodes.exists() and edges.exists() and not out.exists()
    assert f"written to {nodes} and {edges}" in " ".join(result.output.split())


def test_cli_export_events_csv_has_actor_names_and_one_outlet_spelling(store: Path, tmp_path: Path) -> None:
    out = {}
    for what in ("events", "documents"):
        path = tmp_path / f"{what}.csv"
        assert invoke("export", what, "-o", str(path), "--store", str(store)).exit_code == 0
        out[what] = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    attack = next(r for r in out["events"] if r["type"] == "ASSAULT")
    assert json.loads(attack["source_actors"]) == ["Russia (troop)"] and json.loads(attack["target_actors"]) == [
        "Ukraine"
    ]
    assert json.loads(attack["source_countries"]) == ["RUS"]
    plover = tmp_path / "events.jsonl"
    assert invoke("export", "events", "-o", str(plover), "--format", "plover", "--store", str(store)).exit_code == 0
    in_plover = {e["outlet"] for line in plover.read_text(encoding="utf-8").splitlines()
                 for e in json.loads(line)["evidence"]}  # fmt: skip
    assert (
        {r["outlet"] for r in out["events"]} == {r["outlet"] for r in out["documents"]} == in_plover == {"example wire"}
    )


def test_cli_field_options_each_have_their_own_help() -> None:
    result = runner.invoke(app, ["ingest", "--help"], terminal_width=200)
    helps = {}
    for line in result.output.splitlines():
        words = line.split()
        if words and words[0].endswith("-field"):
            helps[words[0]] = " ".join(words[2:])
    assert set(helps) == {"--text-field", "--id-field", "--title-field", "--date-field", "--url-field"}
    assert len(set(helps.values())) == 5 and "article text" in helps["--text-field"]
