"""The ``geopol`` command, through typer's CliRunner (the session's spaCy pipeline is reused)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geopol.cli import app
from geopol.settings import settings_doc

COMMANDS = [
    "ingest",
    "extract",
    "events",
    "show",
    "docs",
    "summary",
    "demo",
    "settings",
    "dedup",
    "clusters",
    "dyad",
    "network",
    "export",
    "serve",
    "train",
]
README = Path(__file__).resolve().parents[1] / "README.md"
GOOD = "China and Russia agreed to expand trade."

runner = CliRunner()


def invoke(*args: str, input: bytes | str | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


GROUPS = {"actors": ["add", "resolve", "import", "list", "profile"]}


def command_names() -> list[str]:
    """Every command, with groups' subcommands as 'group sub' ('actors add')."""
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    for group in app.registered_groups:
        sub = group.typer_instance
        assert sub is not None and group.name
        names += [f"{group.name} {c.name}" for c in sub.registered_commands]
    return names


# --- help --------------------------------------------------------------------------------------
def test_cli_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for name in [*COMMANDS, *GROUPS]:
        assert re.search(rf"^\s+{name}\s", result.output, re.M), name
    assert sorted(command_names()) == sorted(COMMANDS + [f"{g} {c}" for g, cs in GROUPS.items() for c in cs])


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_command_help_works(name: str) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_cli_no_arguments_shows_help() -> None:
    result = runner.invoke(app, [])
    assert "Usage:" in result.output and "ingest" in result.output


# --- extract -----------------------------------------------------------------------------------
@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "a", "text": GOOD, "published": "2024-03-01"}),
        json.dumps({"id": "b", "text": ""}),
        "{not json",
        json.dumps({"id": "c", "text": "Russian troops attacked Ukraine on Monday.", "published": "2023-05-02"}),
        json.dumps({"id": "d", "text": "Beijing criticised Washington.", "published": "2024-09-09"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.usefixtures("fast_jobs")
def test_cli_extract_writes_one_line_per_input_line(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "result.jsonl"
    result = invoke("extract", str(corpus), "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5
    assert [line["status"] for line in lines] == ["ok", "error", "error", "ok", "ok"]
    assert [line["id"] for line in lines[:2]] == ["a", "b"] and lines[3]["id"] == "c"
    assert lines[1]["error"]["code"] == "E009" and lines[2]["error"]["code"] == "E008"
    for line in lines:
        if line["status"] == "error":
            assert set(line) == {"id", "status", "error"} and set(line["error"]) == {"code", "message"}
        else:
            assert set(line) == {"id", "status", "actors", "events", "claims", "figures"}
    assert lines[0]["events"][0]["type"] == "AGREE"
    assert "3 ok, 2 failed" in result.output  # the report


@pytest.mark.usefixtures("fast_jobs")
def test_cli_extract_stdin_to_stdout() -> None:
    data = json.dumps({"id": "s", "text": GOOD}) + "\n"
    result = invoke("extract", "-", "-o", "-", input=data.encode())
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert line["id"] == "s" and line["status"] == "ok"


@pytest.mark.usefixtures("fast_jobs")
def test_cli_extract_max_chars_flag(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "o.jsonl"
    assert invoke("extract", str(corpus), "-o", str(out), "--max-chars", "20").exit_code == 0
    codes = [json.loads(x).get("error", {}).get("code") for x in out.read_text(encoding="utf-8").splitlines()]
    assert codes == ["E006", "E009", "E008", "E006", "E006"]


@pytest.mark.usefixtures("fast_jobs")
def test_cli_missing_input_is_e301(tmp_path: Path) -> None:
    result = invoke("extract", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o.jsonl"))
    assert result.exit_code == 1
    assert "E301" in result.output


# --- ingest and queries ------------------------------------------------------------------------
@pytest.fixture
def store(corpus: Path, tmp_store: Path, fast_jobs: None) -> Path:
    result = invoke("ingest", str(corpus), "--store", str(tmp_store))
    assert result.exit_code == 0, result.output
    assert "3 ok, 2 failed" in result.output
    return tmp_store


def events_json(store: Path, *args: str) -> list[dict]:
    result = invoke("events", "--store", str(store), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(x) for x in result.stdout.splitlines() if x.strip()]


def test_cli_ingest_strict_exits_3_on_failures(corpus: Path, tmp_store: Path, fast_jobs: None) -> None:
    result = invoke("ingest", str(corpus), "--store", str(tmp_store), "--strict")
    assert result.exit_code == 3
    again = invoke("ingest", str(corpus), "--store", str(tmp_store))
    # the good documents are kept, the failed ones are tried again (and fail again)
    assert again.exit_code == 0 and "3 already stored" in again.output and "2 failed" in again.output


def test_cli_events_formats(store: Path) -> None:
    rows = events_json(store)
    assert {r["doc_id"] for r in rows} == {"a", "c", "d"}
    assert {r["type"] for r in rows} >= {"AGREE", "ASSAULT", "ACCUSE"}
    result = invoke("events", "--store", str(store), "--format", "csv")
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(table) == len(rows)
    assert {"doc_id", "type", "source", "target", "trigger", "evidence"} <= set(table[0])
    # 'attacked Ukraine on Monday' in an article of Tuesday 2023-05-02: the event's own date
    assert {r["date"] for r in table} == {"2024-03-01", "2023-05-01", "2024-09-09"}
    result = invoke("events", "--store", str(store), "--format", "table")
    assert result.exit_code == 0
    assert "AGREE" in result.output and f"{len(rows)} event(s)" in result.output


def test_cli_events_filters(store: Path) -> None:
    assert {r["type"] for r in events_json(store, "--type", "assault")} == {"ASSAULT"}
    assert {r["doc_id"] for r in events_json(store, "--type", "AGREE", "--type", "ACCUSE")} == {"a", "d"}
    for r in events_json(store, "--country", "USA"):
        assert "USA" in {m["actor"]["country"] for m in r["source"] + r["target"]}
    assert {r["doc_id"] for r in events_json(store, "--country", "UKR")} == {"c"}
    assert {r["doc_id"] for r in events_json(store, "--actor", "beijing")} == {"d"}
    assert {r["doc_id"] for r in events_json(store, "--since", "2024-01-01")} == {"a", "d"}
    assert {r["doc_id"] for r in events_json(store, "--until", "2023-12-31")} == {"c"}
    assert {r["doc_id"] for r in events_json(store, "--since", "2024-03-01", "--until", "2024-03-01")} == {"a"}
    assert events_json(store, "--actor", "nobody at all") == []
    assert len(events_json(store, "--limit", "1")) == 1


def test_cli_events_unknown_type_is_e303(store: Path) -> None:
    result = invoke("events", "--store", str(store), "--type", "FOO")
    assert result.exit_code == 1
    assert "E303" in result.output and "FOO" in result.output


def test_cli_events_bad_date_is_e302(store: Path) -> None:
    result = invoke("events", "--store", str(store), "--since", "yesterday")
    assert result.exit_code == 1 and "E302" in result.output


def test_cli_events_bad_format_is_usage_error(store: Path) -> None:
    result = runner.invoke(app, ["events", "--store", str(store), "--format", "xml"])
    assert result.exit_code == 2


@pytest.mark.parametrize("limit", ["-1", "0", "99999999999999999999"])
def test_cli_events_limit_out_of_range_is_usage_error(store: Path, limit: str) -> None:
    """Not DuckDB's 'LIMIT cannot be negative' or its INT64 overflow: the option says what it takes."""
    result = runner.invoke(app, ["events", "--store", str(store), "--limit", limit])
    assert result.exit_code == 2 and "Invalid value for '--limit'" in result.output


def test_cli_output_path_that_is_a_folder_is_e309(store: Path, tmp_path: Path) -> None:
    """Not Python's IsADirectoryError traceback: a numbered error naming the path."""
    folder = tmp_path / "out"
    folder.mkdir()
    for args in (["export", "events", "-o", str(folder), "--store", str(store)], ["extract", "-", "-o", str(folder)]):
        result = runner.invoke(app, args, input=json.dumps({"id": "a", "text": "China and Russia met."}))
        assert result.exit_code == 1 and "E309" in result.output and str(folder) in result.output, (args, result.output)


def test_cli_store_cut_short_is_e201(store: Path, tmp_path: Path) -> None:
    """A store file cut in half (a full disk, a copy stopped midway): E201 saying so, not DuckDB's IO
    error; the page's API answers the same."""
    cut = tmp_path / "cut.duckdb"
    data = store.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    for command in (["summary"], ["events"], ["docs"]):
        result = invoke(*command, "--store", str(cut))
        assert result.exit_code == 1 and "E201" in result.output and "cut short" in result.output, result.output
    from fastapi.testclient import TestClient

    from geopol.api import create_app
    from geopol.settings import Settings

    client = TestClient(create_app(cut, Settings(store=cut)))
    codes = set()
    for route in ("/api/health", "/api/documents", "/api/events", "/api/clusters", "/api/actors"):
        response = client.get(route)
        if response.status_code != 200:  # what the cut left readable is answered; the rest is E201
            error = response.json()["error"]
            assert error["code"] == "E201" and "cut short" in error["message"], (route, error)
            codes.add(error["code"])
    assert codes == {"E201"}


@pytest.mark.parametrize("port", ["0", "99999"])
def test_cli_serve_port_out_of_range_is_usage_error(store: Path, port: str) -> None:
    """Not the socket's OverflowError traceback."""
    result = runner.invoke(app, ["serve", "--store", str(store), "--port", port])
    assert result.exit_code == 2 and "Invalid value for '--port'" in result.output


def test_cli_events_without_store_is_e201(tmp_store: Path) -> None:
    result = invoke("events", "--store", str(tmp_store))
    assert result.exit_code == 1 and "E201" in result.output


def test_cli_store_from_environment(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPOL_STORE", str(store))
    result = invoke("events", "--format", "json")
    assert result.exit_code == 0 and '"doc_id": "a"' in result.stdout


def test_cli_show_prints_the_text(store: Path) -> None:
    result = invoke("show", "c", "--store", str(store))
    assert result.exit_code == 0, result.output
    words = result.output.split()
    for word in ("Russian", "troops", "attacked", "Ukraine", "Monday."):  # marked up, maybe wrapped
        assert any(word in w for w in words), word
    assert result.output.index("Russian") < result.output.index("attacked") < result.output.index("Monday")
    assert "ASSAULT" in result.output


def test_cli_show_error_document_and_unknown_id(store: Path) -> None:
    result = invoke("show", "b", "--store", str(store))
    assert result.exit_code == 0 and "E009" in result.output
    result = invoke("show", "no-such-id", "--store", str(store))
    assert result.exit_code == 1 and "E202" in result.output


def test_cli_docs_lists_documents(store: Path) -> None:
    result = invoke("docs", "--store", str(store))
    assert result.exit_code == 0
    for doc_id in ("a", "b", "c", "d"):
        assert re.search(rf"\b{doc_id}\b", result.output)
    assert "E008" in result.output and "E009" in result.output


def test_cli_summary_prints_dyads(store: Path) -> None:
    result = invoke("summary", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "dyads" in result.output
    assert "RUS" in result.output and "UKR" in result.output
    assert "3 ok, 2 failed" in result.output


@pytest.mark.usefixtures("fast_jobs")
def test_cli_demo(tmp_store: Path) -> None:
    result = invoke("demo", "--store", str(tmp_store))
    assert result.exit_code == 0, result.output
    assert "14 ok, 0 failed" in result.output and "dyads" in result.output


def test_cli_settings_lists_variables() -> None:
    result = invoke("settings")
    assert result.exit_code == 0
    for env, _default, _meaning in settings_doc():
        assert env in result.output
    assert "GEOPOL_STORE" in result.output


def test_cli_invalid_setting_is_e305(tmp_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOPOL_MAX_CHARS", "-5")
    result = invoke("extract", "-", "-o", "-", input=b"")
    assert result.exit_code == 1 and "E305" in result.output


# --- docs that cannot drift --------------------------------------------------------------------
def test_cli_readme_documents_every_command_and_setting() -> None:
    assert README.exists(), f"{README} is missing: it must document every command and setting"
    text = README.read_text(encoding="utf-8")
    missing = [c for c in command_names() if not re.search(rf"\bgeopol {c}\b|`{c}`", text)]
    missing += [env for env, _default, _meaning in settings_doc() if env not in text]
    assert not missing, f"README.md does not mention: {missing}"


# --- geopol actors ---------------------------------------------------------------------------------
@pytest.mark.parametrize("sub", GROUPS["actors"])
def test_cli_actors_help(sub: str) -> None:
    result = invoke("actors", sub, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_cli_actors_resolve_explains_by_date() -> None:
    before = invoke("actors", "resolve", "China's new foreign minister", "--date", "2023-03-01", "--json")
    after = invoke("actors", "resolve", "China's new foreign minister", "--date", "2023-08-15", "--json")
    assert before.exit_code == 0 and after.exit_code == 0, before.output
    m1, m2 = json.loads(before.output.splitlines()[0]), json.loads(after.output.splitlines()[0])
    assert m1["actor"]["name"] == "Qin Gang" and m2["actor"]["name"] == "Wang Yi"
    assert "2023-03-01" in m1["why"] and m1["how"] == "role"
    table = invoke("actors", "resolve", "Beijing decided", "--date", "2023-03-01")
    assert table.exit_code == 0 and "CHN" in table.output


def test_cli_actors_resolve_shows_a_persons_dated_roles_and_sources() -> None:
    table = invoke("actors", "resolve", "Putin met Saddam Hussein.", "--date", "2002-01-01")
    assert table.exit_code == 0, table.output
    assert "Vladimir Putin: roles" in table.output and "Saddam Hussein: roles" in table.output
    assert "1999-12-31" in table.output and "people.tsv:52" in table.output  # his term as head of state, its row
    assert "world/persons.tsv.gz:" in table.output and "CountryInfo.140728.txt" in table.output
    lines = invoke("actors", "resolve", "Putin met Saddam Hussein.", "--date", "2002-01-01", "--json").output
    putin, saddam = (json.loads(x) for x in lines.splitlines())
    assert {"role": "head_of_state", "country": "RUS", "body": None, "sector": "GOV", "start": "1999-12-31",
            "end": "2008-05-07", "source": "people.tsv:52"} in putin["person"]["roles"]  # fmt: skip
    assert [(r["role"], r["start"], r["end"]) for r in saddam["person"]["roles"]] == [
        ("head_of_state", "1979-07-16", "2003-04-09")
    ]
    states = invoke("actors", "resolve", "Beijing decided", "--json").output
    assert json.loads(states.splitlines()[0])["person"] is None


def test_cli_actors_resolve_bad_date_is_e302() -> None:
    result = invoke("actors", "resolve", "Xi", "--date", "March")
    assert result.exit_code == 1 and "E302" in result.output


def test_cli_actors_add_then_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.yaml"
    monkeypatch.setenv("GEOPOL_ACTORS_FILE", str(path))
    result = invoke("actors", "add", "Jane Doe", "--alias", "Doe", "--country", "GBR", "--sector", "GOV",
                    "--role", "foreign_minister", "--start", "2031-01-01", "--gender", "f")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Jane Doe" in path.read_text()
    resolved = invoke("actors", "resolve", "The British foreign secretary spoke.", "--date", "2031-05-01", "--json")
    assert json.loads(resolved.output.splitlines()[0])["actor"]["name"] == "Jane Doe"
    org = invoke("actors", "add", "Example Liberation Front", "--alias", "ELF", "--country", "SYR", "--sector",
                 "REB", "--kind", "group")  # fmt: skip
    assert org.exit_code == 0
    resolved = invoke("actors", "resolve", "The ELF attacked Syrian troops.", "--json")
    assert any(json.loads(line)["actor"]["sector"] == "REB" for line in resolved.output.splitlines())


def test_cli_actors_add_refuses_a_bad_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mine.yaml"
    monkeypatch.setenv("GEOPOL_ACTORS_FILE", str(path))
    result = invoke("actors", "add", "Nobody", "--country", "ZZZ")
    assert result.exit_code == 1 and "E103" in result.output and not path.exists()
    result = invoke("actors", "add", "Nobody", "--kind", "org", "--role", "foreign_minister")
    assert result.exit_code == 1 and "E306" in result.output


def test_cli_train_draws_the_encoders_from_other_seeds_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--encoder-seeds 25,17`` reaches the training as two numbers (another draw of the recipe);
    anything but two whole numbers is E306 before anything is trained; no shared data is E307 (both
    a numbered error on stderr and exit code 1, no traceback)."""
    from geopol.train import repeats, run

    result = invoke("train", "--shared", str(tmp_path))
    assert result.exit_code == 1 and "E307" in result.output and "Traceback" not in result.output
    (tmp_path / "data").mkdir()
    seen: list[dict[str, object]] = []

    def fake_train(shared: Path, out: Path, **kwargs: object) -> dict[str, object]:
        seen.append(kwargs)
        return {"cross_validation": {"realnews_types": {}, "cameo_pentaclass": {}}, "encoder": None}

    monkeypatch.setattr(run, "train", fake_train)
    folded: list[Path] = []  # the repeat model is fitted last, for the model just written
    monkeypatch.setattr(repeats, "train_repeats", lambda shared, out, **kw: folded.append(out) or {})
    out = tmp_path / "model"
    result = invoke("train", "--shared", str(tmp_path), "--out", str(out), "--encoder-seeds", "25,17")
    assert result.exit_code == 0, result.output
    assert seen[-1]["seeds"] == (25, 17)
    result = invoke("train", "--shared", str(tmp_path), "--out", str(out))
    assert result.exit_code == 0 and seen[-1]["seeds"] is None  # the recipe's own seeds
    for bad in ("25", "25,x", "1,2,3"):
        result = invoke("train", "--shared", str(tmp_path), "--out", str(out), "--encoder-seeds", bad)
        assert result.exit_code == 1 and "E306" in result.output and "--encoder-seeds" in result.output
    assert len(seen) == 2 and folded == [out, out]
