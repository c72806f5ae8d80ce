"""Stage 7, store: ingesting into DuckDB, resuming, and the read-side queries."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

import geopol
from geopol import EventFilter, GeopolError, Settings, Store, find_events, sample_corpus, summary
from geopol.analysis import browse
from geopol.records import Actor, DocResult, Document, Event, Mention, Span
from geopol.store import document

from .conftest import dated_result as _dated_result

TABLES = ("documents", "events", "mentions", "participants")


def counts(path: Path) -> dict[str, int]:
    with Store(path, read_only=True) as s:
        return {t: s.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # type: ignore[index]


def events_per_doc(path: Path) -> dict[str, int]:
    with Store(path, read_only=True) as s:
        rows = s.con.execute("SELECT d.doc_id, count(e.event_no) FROM documents d LEFT JOIN events e "
                             "USING (doc_id) GROUP BY 1").fetchall()  # fmt: skip
    return dict(rows)


def no_duplicate_events(path: Path) -> bool:
    with Store(path, read_only=True) as s:
        n, distinct = s.con.execute("SELECT count(*), count(DISTINCT (doc_id, event_no)) FROM events").fetchone()  # type: ignore[misc]
    return n == distinct


@pytest.fixture
def store_copy(sample_store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.duckdb"
    shutil.copy(sample_store, path)
    return path


# --- ingest ------------------------------------------------------------------------------------
def test_store_sample_corpus_ingested(sample_store: Path) -> None:
    c = counts(sample_store)
    assert c["documents"] == 14
    assert c["events"] > 0 and c["mentions"] > 0 and c["participants"] > 0
    assert no_duplicate_events(sample_store)
    with Store(sample_store, read_only=True) as s:
        runs = s.con.execute("SELECT command, status, n_ok, n_failed, n_events FROM runs").fetchall()
    assert runs == [("ingest", "done", 14, 0, c["events"])]


def test_store_reingest_adds_nothing(store_copy: Path, extractor: geopol.Extractor) -> None:
    before = counts(store_copy)
    report = geopol.ingest([sample_corpus()], Settings(store=store_copy), extractor=extractor)
    assert report.skipped == 14
    assert (report.ok, report.failed, report.events) == (0, 0, 0)
    assert counts(store_copy) == before
    with Store(store_copy, read_only=True) as s:
        assert s.con.execute("SELECT count(*) FROM runs").fetchone() == (2,)


def test_store_resumes_after_a_partial_ingest(tmp_store: Path, sample_store: Path, extractor: geopol.Extractor) -> None:
    settings = Settings(store=tmp_store)
    first = geopol.ingest([sample_corpus() / "articles.jsonl"], settings, extractor=extractor)
    assert (first.ok, first.skipped) == (8, 0)
    second = geopol.ingest([sample_corpus()], settings, extractor=extractor)
    assert (second.ok, second.skipped) == (6, 8)
    assert counts(tmp_store)["documents"] == 14
    assert no_duplicate_events(tmp_store)
    assert counts(tmp_store) == counts(sample_store)
    assert events_per_doc(tmp_store) == events_per_doc(sample_store)


class Interrupted(Exception):
    pass


def test_store_resumes_after_an_interrupted_ingest(
    tmp_store: Path, sample_store: Path, extractor: geopol.Extractor
) -> None:
    settings = Settings(store=tmp_store, batch_size=4)

    def stop_at_six(result: DocResult | None, done: int) -> None:
        if done == 6:
            raise Interrupted

    with pytest.raises(Interrupted):
        geopol.ingest([sample_corpus()], settings, progress=stop_at_six, extractor=extractor)
    partial = counts(tmp_store)["documents"]
    assert 0 < partial < 14
    assert partial % 4 == 0  # whole batches only: each is one transaction
    with Store(tmp_store, read_only=True) as s:
        assert s.con.execute("SELECT status FROM runs").fetchall() == [("interrupted",)]
    report = geopol.ingest([sample_corpus()], settings, extractor=extractor)
    assert report.skipped == partial and report.ok == 14 - partial
    assert counts(tmp_store) == counts(sample_store)
    assert no_duplicate_events(tmp_store)


def test_store_keeps_error_documents(tmp_store: Path, extractor: geopol.Extractor, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "bad", "text": ""}) + "\n{oops\n"
                   + json.dumps({"id": "good", "text": "China and Russia agreed to expand trade."}) + "\n",
                   encoding="utf-8")  # fmt: skip
    report = geopol.ingest([src], Settings(store=tmp_store), extractor=extractor)
    assert (report.ok, report.failed) == (1, 2)
    assert dict(report.errors) == {"E009": 1, "E008": 1}
    with Store(tmp_store, read_only=True) as s:
        bad = document(s, "bad")
        assert (bad["status"], bad["error_code"]) == ("error", "E009")
        assert summary(s)["documents"] == {"ok": 1, "failed": 2}
        assert {r["doc_id"]: r["status"] for r in browse.documents(s)["items"]}["good"] == "ok"


def test_store_reingest_retries_documents_that_failed(
    tmp_store: Path, make_extractor, extractor: geopol.Extractor, tmp_path: Path
) -> None:
    src = tmp_path / "long.txt"
    src.write_text("China and Russia agreed to expand trade. " * 5, encoding="utf-8")
    first = geopol.ingest([src], Settings(store=tmp_store, max_chars=100), extractor=make_extractor(max_chars=100))
    assert first.errors == {"E006": 1}
    second = geopol.ingest([src], Settings(store=tmp_store), extractor=extractor)
    assert second.ok == 1, second.counts()
    with Store(tmp_store, read_only=True) as s:
        assert summary(s)["documents"] == {"ok": 1, "failed": 0}


def test_store_duplicate_ids_in_one_batch_are_reported(
    tmp_store: Path, extractor: geopol.Extractor, tmp_path: Path
) -> None:
    src = tmp_path / "dup.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "China and Russia agreed to expand trade."}) + "\n"
                   + json.dumps({"id": "a", "text": "Kyiv was attacked by Russia."}) + "\n", encoding="utf-8")  # fmt: skip
    report = geopol.ingest([src], Settings(store=tmp_store), extractor=extractor)
    stored = counts(tmp_store)
    assert stored["documents"] == 1
    assert report.ok == stored["documents"] and report.events == stored["events"], report.counts()


# --- queries -----------------------------------------------------------------------------------
def event_countries(e: dict) -> set[str]:
    return {m["actor"]["country"] for m in e["source"] + e["target"]}


def test_store_find_events_by_type(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as s:
        everything = find_events(s, EventFilter())
        assault = find_events(s, EventFilter(types=("ASSAULT",)))
        two = find_events(s, EventFilter(types=("ASSAULT", "AGREE")))
    assert assault and all(e["type"] == "ASSAULT" for e in assault)
    assert len(two) == sum(e["type"] in ("ASSAULT", "AGREE") for e in everything) > len(assault)
    assert len(everything) == counts(sample_store)["events"]


def test_store_find_events_by_country(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as s:
        rus = find_events(s, EventFilter(country="RUS"))
        lower = find_events(s, EventFilter(country="rus"))
        everything = find_events(s, EventFilter())
    assert rus and rus == lower
    assert all("RUS" in event_countries(e) for e in rus)
    assert len(rus) == sum("RUS" in event_countries(e) for e in everything)


def test_store_find_events_by_actor_substring(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as s:
        putin = find_events(s, EventFilter(actor="pUtIn"))
        nobody = find_events(s, EventFilter(actor="Nobody Atall"))
    assert putin and nobody == []
    for e in putin:
        names = [(m["actor"]["name"] + " " + m["text"]).lower() for m in e["source"] + e["target"]]
        assert any("putin" in n for n in names)


def test_store_find_events_by_date_range(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as s:
        everything = find_events(s, EventFilter())
        since = find_events(s, EventFilter(since=date(2024, 6, 1)))
        until = find_events(s, EventFilter(until=date(2024, 5, 31)))
        window = find_events(s, EventFilter(since=date(2024, 1, 1), until=date(2024, 12, 31)))
    assert since and until and window
    assert len(since) + len(until) == len(everything)
    assert all(e["day"] >= "2024-06-01" for e in since)
    assert all(e["day"] <= "2024-05-31" for e in until)
    assert all(e["day"].startswith("2024") for e in window)
    # in date order, background facts (over a year before publication) after the news
    order = [(e["background"], e["day"]) for e in everything]
    assert order == sorted(order) and not order[0][0]


def test_store_find_events_day_falls_back_to_publication_date(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as s:
        first = find_events(s, EventFilter(doc_id="sample-001"))
    assert first and any(e["date"] is None for e in first)
    for e in first:  # the event's own date ('later this year'), else the publication date
        assert e["day"] == (e["date"]["start"] if e["date"] else "2023-03-21")
    for e in first:  # the stored record is the FORMAT.md event, plus where it comes from
        assert e["doc_id"] == "sample-001" and e["evidence"]
        assert e["trigger"]["text"] in e["evidence"]


def test_store_find_events_limit_and_combined_filters(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as s:
        assert len(find_events(s, EventFilter(limit=3))) == 3
        combined = find_events(s, EventFilter(country="RUS", types=("ACCUSE", "THREATEN", "SANCTION")))
        assert all(e["type"] in ("ACCUSE", "THREATEN", "SANCTION") and "RUS" in event_countries(e) for e in combined)


def _handmade_result() -> DocResult:
    text = "Team_Rocket attacked 100%Town."
    rocket = Mention("Team_Rocket", 0, 11, Actor("Team_Rocket", None, "REB", "group"))
    town = Mention("100%Town", 21, 29, Actor("100%Town", None, None, "group"))
    event = Event("ASSAULT", None, (), (rocket,), (town,), False, Span(12, 20, "attacked"), Span(0, 30, text))
    return DocResult(Document(id="hand-1", text=text), actors=(rocket, town), events=(event,))


def test_store_write_handmade_result(tmp_store: Path) -> None:
    with Store(tmp_store) as s:
        assert s.write([_handmade_result(), _handmade_result()]) == 1  # duplicates in a batch stored once
        assert s.write([_handmade_result()]) == 0
        (e,) = find_events(s, EventFilter(actor="rocket"))
    assert e["doc_id"] == "hand-1" and e["evidence"] == "Team_Rocket attacked 100%Town."


def test_store_find_events_actor_with_like_wildcards(tmp_store: Path) -> None:
    with Store(tmp_store) as s:
        s.write([_handmade_result()])
        assert len(find_events(s, EventFilter(actor="m_Rock"))) == 1
        assert len(find_events(s, EventFilter(actor="100%t"))) == 1


def test_store_actor_filter_wildcards_are_literal(tmp_store: Path) -> None:
    with Store(tmp_store) as s:
        s.write([_handmade_result()])
        assert find_events(s, EventFilter(actor="T_am")) == []  # '_' is not a wildcard


def test_store_summary(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as s:
        sm = summary(s)
    assert sm["documents"] == {"ok": 14, "failed": 0}
    assert sm["errors"] == []
    assert sm["events"]["total"] == counts(sample_store)["events"] == sum(sm["events"]["by_type"].values())
    assert set(sm["events"]["by_type"]) <= set(geopol.PLOVER_TYPES)
    assert sm["actors"]["distinct"] > 10 and sm["actors"]["top"]
    assert sm["dyads"]
    for d in sm["dyads"]:
        assert d["source"] != d["target"]
        assert d["events"] == d["cooperation"] + d["conflict"] > 0


def test_store_document(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as s:
        doc = document(s, "sample-001")
    assert doc["status"] == "ok" and doc["published"] == date(2023, 3, 21)
    assert doc["title"].startswith("China and Russia")
    text = doc["text"]
    assert doc["mentions"] and doc["events"]
    for m in doc["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]
    for e in doc["events"]:
        assert e["doc_id"] == "sample-001"
        assert text[e["trigger"]["start"] : e["trigger"]["end"]] == e["trigger"]["text"]


def test_store_document_unknown_id_raises_e202(sample_store: Path) -> None:
    with Store(sample_store, read_only=True) as s, pytest.raises(GeopolError) as info:
        document(s, "no-such-doc")
    assert info.value.code == "E202" and "no-such-doc" in info.value.message


def test_store_read_only_missing_file_raises_e201(tmp_store: Path) -> None:
    with pytest.raises(GeopolError) as info:
        Store(tmp_store, read_only=True)
    assert info.value.code == "E201"
    assert not tmp_store.exists()  # nothing was created


def test_store_read_only_file_without_geopol_tables_raises_e201(tmp_store: Path) -> None:
    """A reader that opens the file an ingest has just created (or was killed while creating), or
    another program's DuckDB file, gets E201, not DuckDB's own catalog error; a writer makes it a store."""
    import duckdb

    duckdb.connect(str(tmp_store)).close()  # an empty DuckDB file
    with pytest.raises(GeopolError) as info:
        Store(tmp_store, read_only=True)
    assert info.value.code == "E201" and "no geopol tables" in info.value.message
    with duckdb.connect(str(tmp_store)) as con:  # some tables, not yet the version written after the last
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    with pytest.raises(GeopolError) as info:
        Store(tmp_store, read_only=True)
    assert info.value.code == "E201"
    with Store(tmp_store) as s:  # the file is neither locked nor harmed: an ingest goes on with it
        assert s.con.execute("SELECT count(*) FROM documents").fetchone() == (0,)


def test_store_unopenable_path_raises_e201(tmp_path: Path) -> None:
    with pytest.raises(GeopolError) as info:
        Store(tmp_path / "no" / "such" / "folder" / "x.duckdb")
    assert info.value.code == "E201"


def test_store_schema_version_mismatch_raises_e203(tmp_store: Path) -> None:
    with Store(tmp_store) as s:
        s.con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    with pytest.raises(GeopolError) as info:
        Store(tmp_store, read_only=True)
    assert info.value.code == "E203"


def test_store_version_1_store_is_upgraded_in_place(tmp_store: Path) -> None:
    """A store written before mentions had why/located (1), before claims and figures had
    columns (2) and before documents had a source and the deduplication tables existed (3): opening
    it for writing upgrades it, step by step, and new documents are written to it."""
    with Store(tmp_store) as s:
        s.con.execute("ALTER TABLE documents DROP COLUMN source")
        for table in ("duplicates", "clusters", "cluster_reports", "cluster_dyads"):
            s.con.execute(f"DROP TABLE {table}")
        s.con.execute("ALTER TABLE mentions DROP COLUMN why")
        s.con.execute("ALTER TABLE mentions DROP COLUMN located")
        s.con.execute("ALTER TABLE events DROP COLUMN background")
        s.con.execute("ALTER TABLE events DROP COLUMN claim_no")
        for table, key in (("claims", "claim_no"), ("figures", "figure_no")):
            s.con.execute(f"DROP TABLE {table}")
            s.con.execute(f"CREATE TABLE {table} (doc_id VARCHAR, {key} INTEGER, record JSON)")
        s.con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(GeopolError) as info:
        Store(tmp_store, read_only=True)
    assert info.value.code == "E203" and "geopol ingest" in info.value.message
    with Store(tmp_store) as s:

        def cols(table: str) -> set[str]:
            rows = s.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
            ).fetchall()
            return {r[0] for r in rows}

        assert {"why", "located"} <= cols("mentions")
        assert {"claim_no", "background"} <= cols("events")
        assert {"claimant_name", "content_text", "certainty"} <= cols("claims")
        assert {"value", "unit", "bound", "period_start"} <= cols("figures")
        assert "source" in cols("documents") and {"cluster_id", "sources"} <= cols("clusters")
        s.write([geopol.DocResult(document=geopol.Document("new", "Text.", source="Example Wire"))])
    with Store(tmp_store, read_only=True) as s:
        assert s.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("5",)
        assert s.con.execute("SELECT source FROM documents WHERE doc_id = 'new'").fetchone() == ("Example Wire",)


def test_store_version_4_store_gets_background_flags_in_place(tmp_store: Path) -> None:
    """Version 5 added events.background: an older store computes it for the events it has."""
    old = _dated_result("old", "1978-09-17", date(2020, 1, 6))
    new = _dated_result("new", "2020-01-05", date(2020, 1, 6))
    assert old.events[0].background and not new.events[0].background
    with Store(tmp_store) as s:
        s.write([old, new])
        s.con.execute("ALTER TABLE events DROP COLUMN background")
        s.con.execute("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    with Store(tmp_store) as s:
        rows = s.con.execute("SELECT doc_id, background FROM events ORDER BY doc_id").fetchall()
        assert rows == [("new", False), ("old", True)]
        assert s.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == ("5",)


def test_store_keeps_claims_and_figures(tmp_store: Path, extractor: geopol.Extractor) -> None:
    text = "Moscow denied reports that Russian troops had attacked Ukrainian soldiers. China pledged $5 billion in aid."
    results = list(extractor.run([Document(id="cf", text=text, published=date(2024, 5, 15))]))
    with Store(tmp_store) as s:
        s.write(results)
        claims = s.con.execute(
            "SELECT claim_no, kind, claimant_country, certainty, negated FROM claims ORDER BY claim_no"
        ).fetchall()
        assert claims[0] == (0, "denial", "RUS", "reported", True)
        linked = s.con.execute("SELECT type, certainty, claim_no FROM events WHERE type = 'ASSAULT'").fetchall()
        assert linked == [("ASSAULT", "denied", 1)]
        figures = s.con.execute("SELECT value, unit, bound, countries FROM figures").fetchall()
        assert figures == [(5e9, "USD", "exact", ["CHN"])]
