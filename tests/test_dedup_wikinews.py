"""Event clusters on real news: pairwise precision and recall of ``geopol dedup`` on the Wikinews
cluster set in tests/data/dedup_wikinews/ (judged reports, stand-off on ../shared/data/wikinews).

A judged report is a sentence span of an article with the real-world event it tells (see the set's
README for the rules). System events are mapped onto judged reports by sentence overlap, so the set
does not depend on today's event coder; the coverage (how many judged reports some system event
lands on) is reported beside the scores. Over every two mapped reports, a pair is gold-same when the
two tell one event and system-same when geopol put them in one cluster.

The floors are pinned in tests/quality_baseline.json ("dedup_wikinews"). Run this file as a script
to print the scores: ``python -m tests.test_dedup_wikinews [STORE]`` (from the repository's root) (STORE: an existing store that
holds the set's articles, e.g. after ``geopol ingest ../shared/data/wikinews/corpus.jsonl``; without
it the set's articles are ingested into a temporary store).
"""

from __future__ import annotations

import json
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

import geopol
from geopol.records import QUAD_CLASS
from geopol.store import Store

from .standoff import BadRecord, span

HERE = Path(__file__).resolve().parent
SET = HERE / "data" / "dedup_wikinews" / "reports.jsonl"
SHARED = HERE.parents[1] / "shared" / "data"
CORPUS = SHARED / "wikinews" / "corpus.jsonl"
DEV_GOLD = SHARED / "wikinews_gold" / "corpus.jsonl"
BASELINE = HERE / "quality_baseline.json"


@dataclass(frozen=True)
class Judged:
    """One judged report: a sentence span of an article and the real-world event it tells."""

    id: str
    doc_id: str
    start: int
    end: int
    block: str
    event: str
    type: str
    parties: tuple[str, ...]
    date: str


BadSpan = BadRecord  # a judged report whose span does not fit its article (the set or the corpus changed)


def load_set(path: Path, texts: dict[str, str], excluded: frozenset[str] = frozenset()) -> list[Judged]:
    """The judged reports of ``path`` checked against the articles ``texts`` (id → text): every span
    lies inside its article, starts and ends on a non-space character, and its text still has the
    recorded CRC-32; ids are unique; no article of ``excluded`` (the dev gold) is used."""
    out: list[Judged] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        where = f"{path.name} line {n} ({row.get('id')})"
        doc, start, end = row["doc_id"], row["start"], row["end"]
        if row["id"] in seen:
            raise BadSpan(f"{where}: duplicate id")
        seen.add(row["id"])
        if doc in excluded:
            raise BadSpan(f"{where}: {doc} is a dev-gold article and may not be used")
        if doc not in texts:
            raise BadSpan(f"{where}: no article {doc} in the corpus")
        span(texts[doc], row, where)  # inside the article, no white space at its edges, its CRC-32
        if row["type"] not in QUAD_CLASS:
            raise BadSpan(f"{where}: unknown PLOVER type {row['type']!r}")
        out.append(Judged(row["id"], doc, start, end, row["block"], row["event"], row["type"],
                          tuple(row["parties"]), row["date"]))  # fmt: skip
    return out


def judged_pairs(reports: list[Judged]) -> list[tuple[Judged, Judged]]:
    """The judged pairs: every two reports of one block (topic thread) from different articles."""
    return [(a, b) for a, b in combinations(reports, 2) if a.block == b.block and a.doc_id != b.doc_id]


def _read_corpus() -> tuple[dict[str, dict[str, Any]], frozenset[str]]:
    rows = {r["id"]: r for r in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines()) if r}
    gold = frozenset(json.loads(line)["id"] for line in DEV_GOLD.read_text(encoding="utf-8").splitlines() if line)
    return rows, gold


def _party_hits(parties: tuple[str, ...], said: list[tuple[str | None, str | None, str | None]]) -> int:
    hits = 0
    for p in parties:
        low = p.lower()
        if any(
            p == country or low in (name or "").lower() or low in (text or "").lower() for country, name, text in said
        ):
            hits += 1
    return hits


def _prf(system: set[Any], gold: set[Any]) -> dict[str, float]:
    tp = len(system & gold)
    p = tp / len(system) if system else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "system_pairs": len(system),
            "gold_pairs": len(gold)}  # fmt: skip


def score(store_path: Path, reports: list[Judged]) -> dict[str, Any]:
    """Map the store's events onto the judged reports and score its clusters pairwise."""
    docs = sorted({r.doc_id for r in reports})
    with Store(store_path, read_only=True) as s:
        rows = s.con.execute(
            "SELECT e.doc_id, e.event_no, e.type, e.sentence_start, e.sentence_end, cr.cluster_id, e.record "
            "FROM events e JOIN cluster_reports cr USING (doc_id, event_no) WHERE list_contains(?, e.doc_id)",
            [docs],
        ).fetchall()
        said: dict[tuple[str, int], list[tuple[str | None, str | None, str | None]]] = defaultdict(list)
        for doc, no, country, name, text in s.con.execute(
            "SELECT doc_id, event_no, country, actor_name, text FROM participants WHERE list_contains(?, doc_id)",
            [docs],
        ).fetchall():
            said[(doc, no)].append((country, name, text))
    # an event is told by its sentence and by the later sentences folded into it as its repeats: each
    # of them may take a report of its own, all of one system event (and cluster)
    by_doc: dict[str, list[tuple[tuple[int, int], str, int, int, str]]] = defaultdict(list)
    for doc, no, typ, s0, s1, cid, record in rows:
        by_doc[doc].append(((no, 0), typ, s0, s1, cid))
        for k, rep in enumerate(json.loads(record).get("repeats") or [], 1):
            by_doc[doc].append(((no, k), typ, rep["start"], rep["end"], cid))
    # each report takes at most one system event and each event at most one report: best first, by
    # (same quad class, parties named) so two events of one sentence go to the reports they tell
    options = []
    for r in reports:
        for no, typ, s0, s1, cid in by_doc.get(r.doc_id, []):
            if s0 < r.end and r.start < s1:
                fit = (QUAD_CLASS.get(typ) == QUAD_CLASS[r.type], _party_hits(r.parties, said[(r.doc_id, no[0])]))
                options.append((fit, r.id, (r.doc_id, no), cid))
    options.sort(key=lambda o: (-o[0][0], -o[0][1], o[1], o[2]))
    cluster: dict[str, str] = {}
    taken: set[tuple[str, tuple[int, int]]] = set()
    for _, rid, event, cid in options:
        if rid not in cluster and event not in taken:
            cluster[rid] = cid
            taken.add(event)
    mapped = [r for r in reports if r.id in cluster]
    sys_all, gold_all, sys_cross, gold_cross = set(), set(), set(), set()
    for a, b in combinations(mapped, 2):
        key = (a.id, b.id)
        same_sys, same_gold = cluster[a.id] == cluster[b.id], a.event == b.event
        if same_sys:
            sys_all.add(key)
        if same_gold:
            gold_all.add(key)
        if a.doc_id != b.doc_id:
            if same_sys:
                sys_cross.add(key)
            if same_gold:
                gold_cross.add(key)
    pairs = judged_pairs(reports)
    return {
        "events": _prf(sys_all, gold_all),
        "events_across_articles": _prf(sys_cross, gold_cross),
        "set": {"reports": len(reports), "events": len({r.event for r in reports}), "articles": len(docs),
                "judged_pairs": len(pairs), "judged_same": sum(a.event == b.event for a, b in pairs)},
        "coverage": {"mapped_reports": len(mapped), "share": round(len(mapped) / len(reports), 4),
                     "system_events_in_set_articles": len(rows)},
    }  # fmt: skip


def ingest_set(path: Path, reports: list[Judged], corpus: dict[str, dict[str, Any]]) -> None:
    """Ingest the set's articles (as the corpus has them) into a store at ``path``."""
    docs = sorted({r.doc_id for r in reports})
    src = path.with_suffix(".jsonl")
    src.write_text("".join(json.dumps(corpus[d]) + "\n" for d in docs), encoding="utf-8")
    report = geopol.ingest([src], geopol.Settings(store=path))
    assert report.failed == 0


def _needs_corpus() -> None:
    if not CORPUS.exists() or not DEV_GOLD.exists():
        pytest.skip(f"the Wikinews corpus is absent ({CORPUS} and {DEV_GOLD}: ../shared beside the checkout)")


@pytest.fixture(scope="module")
def judged() -> tuple[list[Judged], dict[str, dict[str, Any]]]:
    _needs_corpus()
    corpus, gold = _read_corpus()
    return load_set(SET, {d: r["text"] for d, r in corpus.items()}, gold), corpus


@pytest.fixture(scope="module")
def scores(
    judged: tuple[list[Judged], dict[str, dict[str, Any]]], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    reports, corpus = judged
    path = tmp_path_factory.mktemp("dedup_wikinews") / "wn.duckdb"
    ingest_set(path, reports, corpus)
    return score(path, reports)


def test_dedup_wikinews_set_is_large_enough(judged: tuple[list[Judged], dict[str, dict[str, Any]]]) -> None:
    pairs = judged_pairs(judged[0])
    assert len(pairs) >= 300, len(pairs)
    assert sum(a.event == b.event for a, b in pairs) >= 30


def test_dedup_wikinews_holds_its_floors(scores: dict[str, Any]) -> None:
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["dedup_wikinews"]
    low = [f"{part}.{metric}: {scores[part][metric]} < floor {floor}"
           for part, metrics in floors.items() for metric, floor in metrics.items()
           if scores[part][metric] + 1e-9 < floor]  # fmt: skip
    assert not low, "event clusters got worse on Wikinews: " + "; ".join(low) + f" (all scores: {scores})"


def test_dedup_wikinews_loader_rejects_a_bad_span(tmp_path: Path) -> None:
    text = "Leaders met. They agreed."
    good = {"id": "r1", "doc_id": "d1", "start": 13, "end": 25, "crc32": f"{zlib.crc32(b'They agreed.'):08x}",
            "block": "b", "event": "e", "type": "AGREE", "parties": ["X"], "date": "2020-01-01"}  # fmt: skip
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    assert load_set(path, {"d1": text})[0].event == "e"
    for change, message in [({"end": 99}, "outside"), ({"start": 12}, "white space"), ({"start": 14}, "CRC-32"),
                            ({"doc_id": "d2"}, "no article"), ({"type": "HUG"}, "PLOVER type")]:  # fmt: skip
        path.write_text(json.dumps({**good, **change}) + "\n", encoding="utf-8")
        with pytest.raises(BadSpan, match=message):
            load_set(path, {"d1": text})
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    with pytest.raises(BadSpan, match="dev-gold"):
        load_set(path, {"d1": text}, frozenset({"d1"}))


if __name__ == "__main__":
    import tempfile

    corpus, gold = _read_corpus()
    reports = load_set(SET, {d: r["text"] for d, r in corpus.items()}, gold)
    if len(sys.argv) > 1:
        result = score(Path(sys.argv[1]), reports)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "wn.duckdb"
            ingest_set(path, reports, corpus)
            result = score(path, reports)
    json.dump(result, sys.stdout, indent=2)
    print()
