"""Deduplication quality on the test set in tests/data/dedup/ (rewritten copies of the bundled
sample corpus: syndicated copies, updated versions, rewrites by other outlets and distractors).

- near-duplicate documents: pairwise precision and recall against the gold copies;
- event clusters: pairwise precision and recall over the event reports the gold labels (a system
  report is labelled when its document, type and evidence sentence match a gold line); extraction
  errors are not dedup errors, so unlabelled reports are left out.

The floors are pinned in tests/quality_baseline.json ("dedup"). Run this file as a script to print
the scores: ``python tests/test_dedup_quality.py``.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest

import geopol
from geopol.store import Store

HERE = Path(__file__).resolve().parent
SET = HERE / "data" / "dedup"
BASELINE = HERE / "quality_baseline.json"


def _prf(system: set[Any], gold: set[Any]) -> dict[str, float]:
    tp = len(system & gold)
    p = tp / len(system) if system else 1.0
    r = tp / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "system": len(system),
            "gold": len(gold)}  # fmt: skip


def _pairs(groups: dict[str, set[str]]) -> set[tuple[str, str]]:
    return {tuple(sorted(p)) for members in groups.values() for p in combinations(sorted(members), 2)}  # type: ignore[misc]


def score(store_path: Path) -> dict[str, Any]:
    gold_docs = [
        json.loads(line) for line in (SET / "documents.jsonl").read_text(encoding="utf-8").splitlines() if line
    ]
    gold_events = [json.loads(line) for line in (SET / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    with Store(store_path, read_only=True) as s:
        dups = s.con.execute("SELECT doc_id, duplicate_of FROM duplicates").fetchall()
        reports = s.con.execute(
            "SELECT e.doc_id, e.event_no, e.type, cr.cluster_id, "
            "substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start), e.record, d.text "
            "FROM events e JOIN documents d USING (doc_id) JOIN cluster_reports cr USING (doc_id, event_no)"
        ).fetchall()
    # near-duplicate documents
    gold_groups: dict[str, set[str]] = defaultdict(set)
    for d in gold_docs:
        if d["kind"] in ("syndicated", "update"):
            gold_groups[d["of"]] |= {d["of"], d["doc_id"]}
    sys_groups: dict[str, set[str]] = defaultdict(set)
    for doc, root in dups:
        sys_groups[root] |= {root, doc}
    documents = _prf(_pairs(sys_groups), _pairs(gold_groups))
    # event clusters
    # a report is told by its sentence and by the later sentences of its document folded into it as
    # its repeats: each is a report of its own here, all of one system event (and cluster)
    by_doc: dict[str, list[tuple[tuple[int, int], str, str, str]]] = defaultdict(list)
    for doc, no, typ, cid, sentence, record, text in reports:
        by_doc[doc].append(((no, 0), typ, cid, sentence))
        for k, rep in enumerate(json.loads(record).get("repeats") or [], 1):
            by_doc[doc].append(((no, k), typ, cid, text[rep["start"] : rep["end"]]))
    label: dict[tuple[str, tuple[int, int]], str] = {}
    unmatched = 0
    for g in gold_events:
        hits = [(no, cid) for no, typ, cid, sentence in by_doc.get(g["doc_id"], [])
                if typ == g["type"] and g["evidence"] in sentence]  # fmt: skip
        if not hits:
            unmatched += 1
        for no, _ in hits:
            label.setdefault((g["doc_id"], no), g["event"])
    cluster_of = {(doc, no): cid for doc, items in by_doc.items() for no, _, cid, _ in items}
    labelled = sorted(label)
    sys_same, gold_same = set(), set()
    for x, y in combinations(labelled, 2):
        if cluster_of[x] == cluster_of[y]:
            sys_same.add((x, y))
        if label[x] == label[y]:
            gold_same.add((x, y))
    events = _prf(sys_same, gold_same)
    events.update({
        "reports": len(labelled), "gold_events": len(set(label.values())),
        "system_clusters": len({cluster_of[x] for x in labelled}), "gold_lines_unmatched": unmatched,
    })  # fmt: skip
    return {"documents": documents, "events": events}


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not (SET / "gold.jsonl").exists():
        pytest.skip(f"the dedup test set is missing ({SET})")
    path = tmp_path_factory.mktemp("dedup") / "dedup.duckdb"
    report = geopol.ingest([geopol.sample_corpus(), SET / "articles.jsonl"], geopol.Settings(store=path))
    assert report.failed == 0
    return score(path)


def test_dedup_quality_holds_its_floors(scores: dict[str, Any]) -> None:
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["dedup"]
    low = []
    for part, metrics in floors.items():
        for metric, floor in metrics.items():
            got = scores[part][metric]
            if got + 1e-9 < floor:
                low.append(f"{part}.{metric}: {got} < floor {floor}")
    assert not low, "deduplication got worse: " + "; ".join(low) + f" (all scores: {scores})"


def test_dedup_gold_lines_all_find_their_report(scores: dict[str, Any]) -> None:
    """Every gold line matches a report: the set tests merging, not extraction."""
    assert scores["events"]["gold_lines_unmatched"] <= 0.05 * scores["events"]["reports"], scores["events"]


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dedup.duckdb"
        geopol.ingest([geopol.sample_corpus(), SET / "articles.jsonl"], geopol.Settings(store=path))
        json.dump(score(path), sys.stdout, indent=2)
        print()
