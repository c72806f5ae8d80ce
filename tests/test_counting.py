"""Events that did not happen (negated: 'China did not sanction Japan'; hypothetical: 'China may
impose sanctions') are shown as such and counted apart: aggregates leave them out unless asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import geopol
from geopol import Settings, Store
from geopol.analysis import aggregates
from geopol.api import create_app
from geopol.cli import app as cli_app

ARTICLES = [
    ("happened", "China and Japan agreed to expand trade on Monday."),
    ("negated", "China did not sanction Japan on Monday."),
    ("hypothetical", "China may impose sanctions on Japan."),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, extractor: geopol.Extractor) -> Path:
    folder = tmp_path_factory.mktemp("counting")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "text": t, "published": "2024-03-05"}) + "\n" for i, t in ARTICLES),
                      encoding="utf-8")  # fmt: skip
    path = folder / "counting.duckdb"
    geopol.ingest([corpus], Settings(store=path), extractor=extractor)
    with Store(path, read_only=True) as s:
        flags = s.con.execute("SELECT doc_id, type, negated, hypothetical FROM events ORDER BY doc_id").fetchall()
    assert flags == [("happened", "AGREE", False, False), ("hypothetical", "SANCTION", False, True),
                     ("negated", "SANCTION", True, False)]  # fmt: skip
    return path


def cli(*args: str) -> str:
    result = CliRunner().invoke(cli_app, list(args), catch_exceptions=False, env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_clusters_and_events_show_negated_and_hypothetical(store: Path) -> None:
    clusters = cli("clusters", "--store", str(store))
    assert "SANCTION (negated)" in clusters and "SANCTION (hypothetical)" in clusters
    assert "AGREE (" not in clusters
    events = cli("events", "--store", str(store))
    assert "AGREE" in events and "SANCTION" in events
    assert sum("negated" in line for line in events.splitlines()) == 1
    assert sum("hypothetical" in line for line in events.splitlines()) == 1


def test_cli_summary_says_what_its_counts_include(store: Path) -> None:
    out = " ".join(cli("summary", "--store", str(store)).split())
    assert (
        "3 reports (1 negated, 1 more hypothetical) of 3 real-world events: 1 happened, 2 negated or hypothetical"
        in out
    )
    assert "events that happened" in out and "negated or hypothetical" in out


def test_analysis_aggregates_leave_out_what_did_not_happen_unless_asked(store: Path) -> None:
    with Store(store, read_only=True) as s:

        def total(include_unreal: bool) -> tuple[int, int, int, int]:
            series = aggregates.dyad_series(s, "CHN", "JPN", include_unreal=include_unreal)
            trend = aggregates.trends(s, include_unreal=include_unreal)
            net = aggregates.network(s, include_unreal=include_unreal)
            prof = aggregates.profile(s, "CHN", include_unreal=include_unreal)
            return (sum(p["events"] for p in series["points"]), sum(p["events"] for p in trend["points"]),
                    sum(e["events"] for e in net["edges"]), prof["events"]["total"])  # fmt: skip

        assert total(False) == (1, 1, 1, 1)
        assert total(True) == (3, 3, 3, 3)


def test_api_aggregates_take_the_switch(store: Path) -> None:
    client = TestClient(create_app(store, Settings(store=store)))

    def events(url: str) -> int:
        body = client.get(url).json()
        return sum(p["events"] for p in body["points"]) if "points" in body else body["events"]["total"]

    for url in ("/api/dyads/CHN/JPN/series", "/api/trends", "/api/actors/CHN"):
        assert events(url) == 1
        assert events(url + "?include_unreal=true") == 3
