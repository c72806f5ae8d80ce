"""Stage 8, analysis: deduplication (near-duplicate documents, event clusters), the cooperation–conflict
score, the aggregates (dyad series, trends, network, profiles), the browse pages, DataFrames, exports and
the analysis commands of the CLI.

The dedup and score tests need no spaCy; the rest share one small store per module, ingested from a corpus
written here: one energy deal between China and Russia told by a wire, a syndicated copy of the wire on
another site and a rewrite by a third outlet, plus later events (a China–Russia dispute months later, US
sanctions on Iran, an EU condemnation of Russia).
"""

from __future__ import annotations

import csv
import io
import json
import random
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import polars as pl
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import settings as hyp_settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import geopol
from geopol import GeopolError, Store
from geopol.analysis import aggregates, browse, refresh
from geopol.analysis.browse import EventQuery
from geopol.analysis.dedup import (
    DedupRule,
    Report,
    cluster_id,
    cluster_reports,
    content_words,
    near_duplicates,
    outlet,
)
from geopol.analysis.export import ExportQuery, export
from geopol.analysis.frames import Dataset
from geopol.analysis.score import Score, score, weight
from geopol.cli import app as cli_app
from geopol.records import PLOVER_TYPES, QUAD_CLASS

runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(cli_app, list(args), catch_exceptions=False)


def code_of(excinfo: pytest.ExceptionInfo[GeopolError]) -> str:
    return excinfo.value.code


# =============================================================================================
# near-duplicate documents
# =============================================================================================
ARTICLE = (
    "China and Russia signed an energy agreement in Moscow on Tuesday, opening the way for a second gas pipeline "
    "across Mongolia that officials said could carry fifty billion cubic metres a year.\n\n"
    "The agreement was signed by the two energy ministers after three days of talks at the Kremlin. Russian "
    "officials said the first deliveries could begin before the end of the decade, although the price of the gas "
    "has not yet been settled.\n\n"
    "Analysts in Beijing said the deal would make China the largest buyer of Russian gas and would reduce the "
    "dependence of Moscow on European customers, who have cut their imports sharply since the start of the war "
    "in Ukraine.\n\n"
    "Western governments criticised the agreement, saying that it would help Russia to pay for the war."
)
UPDATE = (
    "UPDATE: The Kremlin said later on Tuesday that President Vladimir Putin would travel to Beijing in the "
    "autumn to sign the final contract, and that the two sides had agreed to settle payments in roubles and yuan."
)
SAME_TOPIC = (
    "Moscow and Beijing have agreed to build a new pipeline to carry Russian gas to Chinese cities, the energy "
    "ministries of both countries announced on Tuesday. The project, long delayed by disputes over pricing, would "
    "run through Mongolia. Officials gave no date for construction to start. European diplomats warned that the "
    "revenue would support the Russian war effort, while Chinese state media praised a partnership of equals."
)
EXTRA = (
    "Trade between the two countries reached a record last year, driven by Chinese purchases of oil, coal and "
    "liquefied gas, and by Russian imports of cars and electronics that replaced goods from Western suppliers."
)


def pair_ids(pairs: list[tuple[str, str, float]]) -> set[tuple[str, str]]:
    return {(a, b) for a, b, _ in pairs}


def test_near_duplicates_finds_a_syndicated_copy() -> None:
    copy = "By Example Wire staff\n\n" + ARTICLE
    pairs = near_duplicates({"wire": ARTICLE, "copy": copy})
    assert pair_ids(pairs) == {("copy", "wire")}  # a < b
    assert pairs[0][2] == 1.0  # every 5-gram of the wire is in the copy


def test_near_duplicates_finds_an_updated_version() -> None:
    pairs = near_duplicates({"v1": ARTICLE, "v2": ARTICLE + "\n\n" + UPDATE})
    assert pair_ids(pairs) == {("v1", "v2")}
    assert pairs[0][2] >= DedupRule().near_duplicate


def test_near_duplicates_ignores_another_article_on_the_same_topic() -> None:
    assert near_duplicates({"wire": ARTICLE, "other": SAME_TOPIC}) == []


def test_near_duplicates_ignores_a_short_text_inside_a_much_longer_one() -> None:
    """All of the short text is in the long one, but it is less than half as long (length_ratio)."""
    paragraphs = ARTICLE.split("\n\n")
    docs = {"short": paragraphs[0] + " " + paragraphs[1], "long": ARTICLE + "\n\n" + EXTRA}
    assert near_duplicates(docs) == []
    # the length ratio is what keeps them apart: a looser rule pairs them
    assert pair_ids(near_duplicates(docs, DedupRule(length_ratio=0.3))) == {("long", "short")}


def test_near_duplicates_of_many_documents_and_empty_ones() -> None:
    docs = {"a": ARTICLE, "b": SAME_TOPIC, "c": "By Example Wire staff\n\n" + ARTICLE, "d": "", "e": "   "}
    assert pair_ids(near_duplicates(docs)) == {("a", "c")}


@given(
    st.text(alphabet=st.sampled_from("abc xyz,."), min_size=1, max_size=80).filter(
        lambda t: any(c.isalpha() for c in t)
    )
)
@hyp_settings(max_examples=50, deadline=None)
def test_near_duplicates_always_finds_an_exact_copy(text: str) -> None:
    """Identical texts have identical MinHash signatures: never missed, whatever their length."""
    assert near_duplicates({"a": text, "b": text}) == [("a", "b", 1.0)]


def _rule_pair(seed: int) -> dict[str, str]:
    r = random.Random(seed)
    vocab = [f"w{i}" for i in range(5000)]
    a = [r.choice(vocab) for _ in range(100)]
    b = a[:84] + [r.choice(vocab) for _ in range(100)]  # 5/6 of a's 5-grams; a is over half as long as b
    return {"a": " ".join(a), "b": " ".join(b)}


def test_near_duplicates_finds_every_pair_the_rule_names() -> None:
    docs = _rule_pair(13)
    words_a, words_b = docs["a"].split(), docs["b"].split()
    assert len(words_a) - 4 >= (len(words_b) - 4) / 2 and 80 / (len(words_a) - 4) >= 0.8  # the rule holds
    assert pair_ids(near_duplicates(docs)) == {("a", "b")}


def test_near_duplicates_finds_copies_of_a_story_syndicated_very_widely() -> None:
    docs = {f"d{i:04d}": ARTICLE for i in range(1001)}
    found = {x for pair in pair_ids(near_duplicates(docs)) for x in pair}
    assert "d1000" in found


# =============================================================================================
# event clusters (hand-made reports)
# =============================================================================================
D = date(2024, 3, 4)
EVIDENCE = "China accused Russia of violating the border agreement on Monday."


def rep(doc: str, no: int = 0, *, type: str = "ACCUSE", src: tuple[str, ...] = ("CHN",),
        tgt: tuple[str, ...] = ("RUS",), day: date | None = D, end: date | None = None,
        published: date | None = None, evidence: str = EVIDENCE, negated: bool = False,
        hypothetical: bool = False, reciprocal: bool = False, aggregate: bool = False,
        root: str | None = None) -> Report:  # fmt: skip
    """A report as refresh() builds it (reciprocal: both sides hold every party)."""
    s, t = frozenset(src), frozenset(tgt)
    if reciprocal:
        s = t = s | t
    return Report(doc, no, type, QUAD_CLASS[type], negated, hypothetical, reciprocal, aggregate, day,
                  (end or day) if day else None, published or day or D, "asserted", evidence, s, t,
                  content_words(evidence), root or doc)  # fmt: skip


RULE = DedupRule()
NO_RETELLING = DedupRule(retold_days=0)  # rules 1-6 alone: every report here tells EVIDENCE in the same words


def groups(reports: list[Report], rule: DedupRule = RULE) -> list[set[str]]:
    return sorted(({r.doc_id for r in c.reports} for c in cluster_reports(reports, rule)), key=sorted)


def test_cluster_same_event_from_two_outlets_merges() -> None:
    other = "Beijing accused Moscow on Monday of violating the border agreement."
    clusters = cluster_reports([rep("a"), rep("b", evidence=other)])
    assert len(clusters) == 1
    c = clusters[0]
    assert [r.doc_id for r in c.reports] == ["a", "b"] and c.window == (D, D)
    assert c.sources == {"CHN"} and c.targets == {"RUS"}
    assert c.similarity[0] == 1.0 and c.similarity[1] >= DedupRule().similar_evidence


@pytest.mark.parametrize(
    "second",
    [
        pytest.param(rep("b", tgt=("USA",)), id="different-target"),
        pytest.param(rep("b", src=("USA",), tgt=("IRN",)), id="different-parties"),
        pytest.param(rep("b", day=D + timedelta(days=21)), id="three-weeks-later"),
        pytest.param(rep("b", type="THREATEN"), id="different-type"),
        pytest.param(rep("b", negated=True), id="negated"),
        pytest.param(rep("b", hypothetical=True), id="hypothetical"),
        pytest.param(rep("b", aggregate=True), id="aggregate"),
        pytest.param(
            rep("b", evidence="Officials in Moscow announced new tariffs on imported steel."), id="other-evidence"
        ),
    ],
)
def test_cluster_different_events_stay_apart(second: Report) -> None:
    assert groups([rep("a"), second]) == [{"a"}, {"b"}]


def test_cluster_a_report_that_leaves_a_side_empty_merges() -> None:
    assert groups([rep("a"), rep("b", tgt=())]) == [{"a", "b"}]
    assert groups([rep("a", src=()), rep("b")]) == [{"a", "b"}]


def test_cluster_reports_without_a_shared_party_stay_apart() -> None:
    assert groups([rep("a", src=(), tgt=("RUS",)), rep("b", src=("CHN",), tgt=())]) == [{"a"}, {"b"}]


def test_cluster_undated_reports_use_the_publication_window() -> None:
    # undated, published two days later: its window (3 days up to publication) holds the dated report's day
    assert groups([rep("a"), rep("b", day=None, published=D + timedelta(days=2))]) == [{"a", "b"}]
    # published ten days later: too late, unless it retells the event in most of the same words (rule 7)
    late = rep("b", day=None, published=D + timedelta(days=10))
    assert groups([rep("a"), late], NO_RETELLING) == [{"a"}, {"b"}]
    assert groups([rep("a"), late]) == [{"a", "b"}]
    other = "Beijing accused Moscow of spying on its embassy."
    assert groups([rep("a"), replace(late, evidence=other, words=content_words(other))]) == [{"a"}, {"b"}]
    # an undated report's window is (published - 3 days, published)
    r = rep("c", day=None, published=D)
    assert r.window(DedupRule()) == (D - timedelta(days=3), D)


def test_cluster_dates_allow_one_day_of_slack() -> None:
    assert groups([rep("a"), rep("b", day=D + timedelta(days=1))]) == [{"a", "b"}]
    assert groups([rep("a"), rep("b", day=D + timedelta(days=2))]) == [{"a"}, {"b"}]


def test_cluster_joint_act_merges_with_a_one_sided_report() -> None:
    joint = rep("a", type="AGREE", src=("CHN", "RUS"), tgt=(), reciprocal=True,
                evidence="China and Russia agreed on Monday to expand their border trade.")  # fmt: skip
    one_sided = rep("b", type="AGREE", src=("RUS",), tgt=("CHN",),
                    evidence="Russia agreed with China on Monday to expand border trade.")  # fmt: skip
    assert groups([joint, one_sided]) == [{"a", "b"}]
    # either order: the joint act may come second
    assert groups([replace(one_sided, doc_id="a"), replace(joint, doc_id="b")]) == [{"a", "b"}]
    # the reverse one-sided reports of a non-symmetric type stay apart without the joint act
    reverse = rep("c", type="AGREE", src=("CHN",), tgt=("RUS",), evidence=one_sided.evidence)
    assert groups([one_sided, reverse]) == [{"b"}, {"c"}]


def test_cluster_symmetric_types_ignore_sides() -> None:
    ev = "Chinese and Russian officials met in Beijing on Monday for consultations."
    a = rep("a", type="CONSULT", src=("CHN",), tgt=("RUS",), evidence=ev)
    b = rep("b", type="CONSULT", src=("RUS",), tgt=("CHN",), evidence=ev)
    assert groups([a, b]) == [{"a", "b"}]


def test_cluster_same_sentence_in_near_duplicate_documents_merges_without_parties() -> None:
    ev = "The talks ended without an agreement on Monday."
    a = rep("wire", src=(), tgt=(), evidence=ev)
    copy = rep("copy", src=(), tgt=(), evidence=ev, published=D + timedelta(days=1), root="wire")
    assert groups([a, copy]) == [{"copy", "wire"}]
    # the same sentence in unrelated documents, with no party, stays apart
    other = rep("other", src=(), tgt=(), evidence=ev)
    assert groups([a, other]) == [{"other"}, {"wire"}]


def test_cluster_does_not_chain_across_weeks() -> None:
    """A (published day 1), B (day 3), C (day 6), all undated: A and B overlap and merge; the cluster's
    dates are the intersection of theirs, so C, which overlaps B but not A, starts a cluster of its own."""
    a = rep("a", day=None, published=D + timedelta(days=1))
    b = rep("b", day=None, published=D + timedelta(days=3))
    c = rep("c", day=None, published=D + timedelta(days=6))
    assert groups([a, b, c], NO_RETELLING) == [{"a", "b"}, {"c"}]
    assert groups([b, c], NO_RETELLING) == [{"b", "c"}]  # C alone would fit B
    merged = cluster_reports([a, b])[0]
    assert merged.window == (D, D + timedelta(days=1))  # (day 0..3) ∩ (day -2..1)


def test_cluster_a_report_joins_the_most_similar_cluster() -> None:
    a = rep("a", src=("CHN",), evidence="China accused Russia of violating the border agreement on Monday.")
    b = rep("b", src=("USA",), evidence="The United States accused Russia of breaking the fisheries deal.")
    assert groups([a, b]) == [{"a"}, {"b"}]  # other accusers
    # no accuser named: it fits both, and its words are closer to b's
    c = rep("c", src=(), evidence="Russia was accused on Monday of breaking the fisheries deal.")
    assert groups([a, b, c]) == [{"a"}, {"b", "c"}]


def test_cluster_input_order_does_not_matter() -> None:
    reports = [
        rep("a"), rep("b", day=D + timedelta(days=1)), rep("c", tgt=("USA",)), rep("d", type="THREATEN"),
        rep("e", day=None, published=D + timedelta(days=2)), rep("f", day=D + timedelta(days=30)),
    ]  # fmt: skip
    expected = groups(reports)
    for seed in range(5):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        assert groups(shuffled) == expected


_report_strategy = st.builds(
    lambda i, t, s, g, d, neg, agg: rep(
        f"d{i}", type=t, src=s, tgt=g, day=D + timedelta(days=d), negated=neg, aggregate=agg
    ),  # fmt: skip
    st.integers(0, 10_000),
    st.sampled_from(["ACCUSE", "THREATEN", "AGREE", "CONSULT"]),
    st.sampled_from([(), ("CHN",), ("RUS",), ("CHN", "RUS")]),
    st.sampled_from([(), ("RUS",), ("USA",)]),
    st.integers(0, 20),
    st.booleans(),
    st.booleans(),
)


@given(st.lists(_report_strategy, max_size=25, unique_by=lambda r: r.doc_id))
@hyp_settings(max_examples=60, deadline=None)
def test_cluster_every_report_in_one_cluster_of_its_kind(reports: list[Report]) -> None:
    clusters = cluster_reports(reports)
    placed = [r.doc_id for c in clusters for r in c.reports]
    assert sorted(placed) == sorted(r.doc_id for r in reports)
    for c in clusters:
        assert len({(r.type, r.negated, r.hypothetical, r.aggregate) for r in c.reports}) == 1
        assert len(c.similarity) == len(c.reports)
        days = [r.own_start for r in c.reports if r.own_start]
        assert not days or max(days) - min(days) <= timedelta(days=2 * DedupRule().date_slack)


def test_cluster_id_follows_the_first_report() -> None:
    assert cluster_id(rep("a", 3)) == cluster_id(rep("a", 3, type="AGREE"))
    assert cluster_id(rep("a", 3)) != cluster_id(rep("a", 4))
    assert cluster_id(rep("a")).startswith("c-") and len(cluster_id(rep("a"))) == 14


def test_content_words_drop_stop_words_and_cut_to_five_letters() -> None:
    assert content_words("The Chinese government's ministers accused it.") == frozenset(
        {"chine", "gover", "minis", "accus"}
    )


# --- outlets -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("source", "url", "expected"),
    [
        (" Example Wire ", "https://www.other.org/a", "example wire"),  # the source field wins, trimmed, any case
        (None, "https://www.Example.org/world/1", "example.org"),  # else the URL's host without www.
        ("", "https://news.example.org:8443/x", "news.example.org"),
        ("   ", "www.example.org/path", "example.org"),  # a URL without a scheme
        (None, "https://wwwexample.org/", "wwwexample.org"),  # only a 'www.' label is dropped
        (None, None, None),
        (None, "https://", None),
    ],
)
def test_outlet(source: str | None, url: str | None, expected: str | None) -> None:
    assert outlet(source, url) == expected


def test_outlet_of_a_malformed_url_does_not_raise() -> None:
    assert outlet(None, "http://[broken/x") in (None, "[broken")


# =============================================================================================
# the cooperation–conflict score
# =============================================================================================
def test_score_no_events_is_none() -> None:
    assert score([]) == Score(None, None, None, 0.0, 0.0)


def test_score_all_cooperation_is_one_with_a_wider_interval_for_fewer_sources() -> None:
    one = score([(1, 1)])
    five = score([(1, 5)])
    assert one.score == five.score == 1.0
    assert one.high == five.high == 1.0  # the interval holds the score
    assert one.low < five.low < 1.0  # one source: less sure
    many = score([(1, 5)] * 5)
    assert five.low < many.low < 1.0  # more events: surer still


def test_score_all_conflict_is_minus_one() -> None:
    s = score([(3, 2), (4, 1)])
    assert s.score == -1.0 and s.low == -1.0 and -1.0 < s.high < 1.0
    assert s.cooperation == 0.0 and s.conflict == 0.75 + 1.0


def test_score_mixed() -> None:
    s = score([(1, 1), (3, 1)])  # one verbal event each way
    assert s.score == 0.0 and s.low < 0.0 < s.high
    assert s.cooperation == s.conflict == 0.5


def test_score_weights_material_over_verbal_and_sources() -> None:
    assert weight(1, 1) == 0.5 and weight(3, 1) == 0.5  # verbal
    assert weight(2, 1) == 1.0 and weight(4, 1) == 1.0  # material: twice
    assert weight(1, 2) == 0.75 and weight(1, 3) == 0.875  # reliability 1 - 0.5^k
    assert weight(4, 0) == weight(4, 1)  # at least one source
    assert score([(2, 1), (3, 1)]).score == pytest.approx(1 / 3, abs=1e-4)  # material cooperation wins
    assert score([(1, 1), (4, 1)]).score == pytest.approx(-1 / 3, abs=1e-4)  # material conflict wins


def test_score_is_symmetric() -> None:
    a = score([(1, 1), (1, 2), (4, 1)])
    b = score([(3, 1), (3, 2), (2, 1)])
    assert a.score == pytest.approx(-b.score)  # type: ignore[operator]
    assert a.low == pytest.approx(-b.high, abs=2e-3) and a.high == pytest.approx(-b.low, abs=2e-3)  # type: ignore[operator]


@given(st.lists(st.tuples(st.integers(1, 4), st.integers(1, 8)), min_size=1, max_size=60))
@hyp_settings(max_examples=200, deadline=None)
def test_score_interval_always_holds_the_score(clusters: list[tuple[int, int]]) -> None:
    s = score(clusters)
    assert s.score is not None and s.low is not None and s.high is not None
    assert -1.0 <= s.low <= s.score <= s.high <= 1.0


def test_score_interval_holds_the_score_when_one_side_dominates() -> None:
    s = score([(1, 1)] + [(4, 10)] * 600)
    assert s.low is not None and s.score is not None and s.low <= s.score


# =============================================================================================
# a store
# =============================================================================================
WIRE = (
    "China and Russia signed an energy agreement in Moscow on Tuesday. The deal covers gas supplies through a new "
    "pipeline across Mongolia, officials said. Russian President Vladimir Putin said that Russia would deliver "
    "50 billion cubic metres of gas a year to China by 2030. Both governments described the talks as constructive."
)
CORPUS = [
    {"id": "wire-1", "title": "China and Russia sign energy deal", "published": "2023-03-21", "source": "Example Wire",
     "url": "https://examplewire.com/a/1", "text": WIRE},
    # a syndicated copy on another site, with a byline: no source field, the outlet is its URL's host
    {"id": "copy-1", "title": "China and Russia sign energy deal", "published": "2023-03-22",
     "url": "https://www.dailyexample.org/world/energy", "text": "By Example Wire staff\n\n" + WIRE},
    {"id": "rewrite-1", "title": "Beijing and Moscow seal gas pact", "published": "2023-03-22", "source": "Third Post",
     "text": "Russia and China signed an agreement on energy cooperation in Moscow on Tuesday, covering gas "
             "deliveries. Analysts said the pact deepens the partnership."},
    {"id": "usa-iran", "title": "Sanctions on Iran", "published": "2023-05-15", "source": "Third Post",
     "text": "The United States imposed sanctions on Iran on Monday. Iran's foreign ministry said that the sanctions "
             "were illegal."},
    {"id": "eu-rus", "title": "EU condemns Russia", "published": "2023-05-19", "url": "https://www.eunews.example/x",
     "text": "The European Union condemned Russia on Friday over the attacks on Ukrainian cities."},
    {"id": "conflict-1", "title": "China accuses Russia", "published": "2023-07-10", "source": "Example Wire",
     "text": "China accused Russia of violating the trade agreement on Monday. The Chinese foreign ministry said "
             "that Russia had broken its promises to China."},
]  # fmt: skip
ENERGY = ("wire-1", 0)  # the first report of the energy deal


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, extractor: geopol.Extractor) -> tuple[Path, geopol.Report]:
    folder = tmp_path_factory.mktemp("analysis")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in CORPUS), encoding="utf-8")
    path = folder / "analysis.duckdb"
    report = geopol.ingest([corpus], geopol.Settings(store=path), extractor=extractor)
    assert report.ok == len(CORPUS) and report.failed == 0
    return path, report


@pytest.fixture(scope="module")
def store(ingested: tuple[Path, geopol.Report]) -> Path:
    return ingested[0]


@pytest.fixture
def db(store: Path):  # type: ignore[no-untyped-def]
    with Store(store, read_only=True) as s:
        yield s


def rows(s: Store, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return s.con.execute(sql, params or []).fetchall()


def scalar(s: Store, sql: str, params: list[Any] | None = None) -> Any:
    return rows(s, sql, params)[0][0]


def energy_cluster(s: Store) -> str:
    found = rows(s, "SELECT cluster_id FROM cluster_reports WHERE doc_id = ? AND event_no = ?", list(ENERGY))
    assert found, "the energy deal was not extracted"
    return str(found[0][0])


def dyad_clusters(s: Store, x: str, y: str) -> set[str]:
    return {r[0] for r in rows(s, "SELECT cluster_id FROM cluster_dyads WHERE (a = ? AND b = ?) OR (a = ? AND b = ?)",
                               [x, y, y, x])}  # fmt: skip


# --- deduplication in the store ----------------------------------------------------------------
def test_ingest_reports_the_clusters(ingested: tuple[Path, geopol.Report]) -> None:
    _, report = ingested
    assert report.dedup is not None
    assert report.dedup.documents == len(CORPUS) and report.dedup.duplicates == 1
    assert report.dedup.reports == report.events
    assert report.dedup.clusters < report.dedup.reports  # the energy deal's three reports are one event


def test_store_duplicates_link_the_copy_to_the_wire(db: Store) -> None:
    assert rows(db, "SELECT doc_id, duplicate_of FROM duplicates") == [("copy-1", "wire-1")]
    (sim,) = rows(db, "SELECT similarity FROM duplicates")[0]
    assert sim >= DedupRule().near_duplicate


def test_store_clusters_count_real_world_events(db: Store) -> None:
    n_events = scalar(db, "SELECT count(*) FROM events")
    n_clusters = scalar(db, "SELECT count(*) FROM clusters")
    assert n_clusters < n_events
    assert scalar(db, "SELECT count(*) FROM cluster_reports") == n_events  # every report in one cluster
    cid = energy_cluster(db)
    members = rows(db, "SELECT doc_id FROM cluster_reports WHERE cluster_id = ? ORDER BY doc_id", [cid])
    assert [m[0] for m in members] == ["copy-1", "rewrite-1", "wire-1"]
    reports, documents, sources, day, src, tgt, first = rows(
        db, "SELECT reports, documents, sources, day, source_parties, target_parties, first_doc FROM clusters "
        "WHERE cluster_id = ?", [cid])[0]  # fmt: skip
    assert (reports, documents) == (3, 3)
    # three outlets (example wire, dailyexample.org, third post), but the copy is the wire's: two sources
    assert sources == 2
    assert day == date(2023, 3, 21) and first == "wire-1"
    assert set(src) | set(tgt) == {"CHN", "RUS"}
    assert cid == cluster_id(rep(*ENERGY))


def test_store_cluster_dyads_of_a_joint_act_go_both_ways(db: Store) -> None:
    cid = energy_cluster(db)
    assert sorted(rows(db, "SELECT a, b FROM cluster_dyads WHERE cluster_id = ?", [cid])) == [
        ("CHN", "RUS"),
        ("RUS", "CHN"),
    ]


def test_refresh_is_stable(store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(store, copy)
    tables = ("duplicates", "clusters", "cluster_reports", "cluster_dyads")

    def snapshot() -> dict[str, list[tuple[Any, ...]]]:
        with Store(copy, read_only=True) as s:
            return {t: sorted(rows(s, f"SELECT * FROM {t}"), key=repr) for t in tables}

    before = snapshot()
    with Store(copy) as s:
        again = refresh(s)
    assert snapshot() == before
    assert (again.documents, again.duplicates, again.clusters) == (len(CORPUS), 1, len(before["clusters"]))


# --- dyad series -------------------------------------------------------------------------------
def test_dyad_series_by_month(db: Store) -> None:
    s = aggregates.dyad_series(db, "China", "Russia", "month")
    assert (s["a"], s["b"], s["a_label"], s["b_label"], s["by"], s["directed"]) == (
        "CHN",
        "RUS",
        "China",
        "Russia",
        "month",
        False,
    )
    periods = [p["period"] for p in s["points"]]
    assert periods == ["2023-03-01", "2023-04-01", "2023-05-01", "2023-06-01", "2023-07-01"]  # empty months filled
    march, *middle, july = s["points"]
    assert (march["events"], march["reports"], march["sources"], march["cooperation"]) == (1, 3, 2, 1)
    assert march["score"] == 1.0 and march["score_high"] == 1.0 and march["score_low"] < 1.0
    assert all(p["events"] == 0 and p["score"] is None and p["by_type"] == {} for p in middle)
    assert july["conflict"] >= 1 and july["cooperation"] == 0 and july["score"] == -1.0
    assert july["by_quad"]["3"] == july["conflict"] and sum(july["by_type"].values()) == july["events"]
    # the same events, however the parties are named
    assert aggregates.dyad_series(db, "Putin", "china", "month")["points"] == aggregates.dyad_series(
        db, "RUS", "CHN", "month")["points"]  # fmt: skip


def test_dyad_series_by_week_and_day(db: Store) -> None:
    weeks = aggregates.dyad_series(db, "CHN", "RUS", "week")["points"]
    days = [date.fromisoformat(p["period"]) for p in weeks]
    assert all(d.weekday() == 0 for d in days)  # weeks start on Monday
    assert all(b - a == timedelta(days=7) for a, b in zip(days, days[1:], strict=False))
    assert days[0] == date(2023, 3, 20) and days[-1] == date(2023, 7, 10)
    daily = aggregates.dyad_series(db, "CHN", "RUS", "day")["points"]
    assert len(daily) == (date(2023, 7, 10) - date(2023, 3, 21)).days + 1
    assert sum(p["events"] for p in daily) == sum(p["events"] for p in weeks)
    assert [p["period"] for p in daily if p["events"]] == ["2023-03-21", "2023-07-10"]


def test_dyad_series_directed(db: Store) -> None:
    def events(a: str, b: str, directed: bool) -> list[int]:
        return [p["events"] for p in aggregates.dyad_series(db, a, b, "month", directed=directed)["points"]]

    both = events("CHN", "RUS", False)
    there, back = events("CHN", "RUS", True), events("RUS", "CHN", True)
    assert there[0] == back[0] == both[0] == 1  # the joint act counts in both directions
    assert all(x <= y for x, y in zip(there, both, strict=True)) and all(
        x <= y for x, y in zip(back, both, strict=True)
    )
    assert there[-1] + back[-1] == both[-1]  # July: one-sided acts, each in one direction
    assert there[-1] >= 1  # 'China accused Russia'


def test_dyad_series_since_until_fill_the_whole_range(db: Store) -> None:
    year = aggregates.dyad_series(db, "CHN", "RUS", "month", since=date(2023, 1, 1), until=date(2023, 12, 31))
    assert [p["period"] for p in year["points"]] == [f"2023-{m:02d}-01" for m in range(1, 13)]
    assert sum(p["events"] for p in year["points"]) == len(dyad_clusters(db, "CHN", "RUS"))
    spring = aggregates.dyad_series(db, "CHN", "RUS", "month", since=date(2023, 4, 1), until=date(2023, 6, 30))
    assert [p["events"] for p in spring["points"]] == [0, 0, 0]
    assert (
        aggregates.dyad_series(db, "CHN", "RUS", "month", since=date(2023, 7, 1))["points"][0]["period"] == "2023-07-01"
    )


def test_dyad_series_types(db: Store) -> None:
    s = aggregates.dyad_series(db, "CHN", "RUS", "month", types=("ACCUSE",))
    assert sum(p["events"] for p in s["points"]) >= 1
    assert all(set(p["by_type"]) <= {"ACCUSE"} for p in s["points"])


def test_dyad_series_errors(db: Store) -> None:
    with pytest.raises(GeopolError) as e:
        aggregates.dyad_series(db, "CHN", "RUS", "year")
    assert code_of(e) == "E400"
    with pytest.raises(GeopolError) as e:
        aggregates.dyad_series(db, "CHN", "RUS", types=("FIGHT",))
    assert code_of(e) == "E400"
    with pytest.raises(GeopolError) as e:
        aggregates.dyad_series(db, "CHN", "Atlantis")
    assert code_of(e) == "E401" and "Atlantis" in str(e.value)


@pytest.mark.parametrize(
    ("query", "party"),
    [("CHN", "CHN"), ("chn", "CHN"), ("China", "CHN"), ("Putin", "RUS"), ("Vladimir Putin", "RUS"),
     ("European Union", "European Union"), ("  Iran ", "IRN")],
)  # fmt: skip
def test_resolve_party(db: Store, query: str, party: str) -> None:
    assert aggregates.resolve_party(db, query) == party


@pytest.mark.parametrize("query", ["Atlantis", "", "   ", "%", "_", "'; DROP TABLE events; --"])
def test_resolve_party_unknown_is_e401(db: Store, query: str) -> None:
    with pytest.raises(GeopolError) as e:
        aggregates.resolve_party(db, query)
    assert code_of(e) == "E401"


# --- trends, network, profile ------------------------------------------------------------------
def test_trends(db: Store) -> None:
    happened = scalar(db, "SELECT count(*) FROM clusters WHERE NOT negated AND NOT hypothetical AND day IS NOT NULL")
    t = aggregates.trends(db)
    assert t["party"] is None and t["by"] == "month"
    assert [p["period"] for p in t["points"]][0] == "2023-03-01" and t["points"][-1]["period"] == "2023-07-01"
    assert sum(p["events"] for p in t["points"]) == happened
    iran = aggregates.trends(db, "month", party="Iran")
    assert iran["party"] == "IRN"
    assert [(p["period"], p["events"]) for p in iran["points"]] == [("2023-05-01", 1)]
    assert iran["points"][0]["by_type"] == {"SANCTION": 1} and iran["points"][0]["score"] == -1.0
    weekly = aggregates.trends(db, "week", since=date(2023, 5, 1), until=date(2023, 5, 31))
    assert sum(p["events"] for p in weekly["points"]) == 2  # the sanctions and the EU's condemnation


def test_network(db: Store) -> None:
    net = aggregates.network(db)
    nodes = {n["id"]: n for n in net["nodes"]}
    assert set(nodes) == {"CHN", "RUS", "USA", "IRN", "European Union"}
    assert nodes["CHN"]["label"] == "China" and nodes["CHN"]["kind"] == "state"
    assert nodes["European Union"]["kind"] == "organisation"
    assert nodes["RUS"]["degree"] == 2 and nodes["RUS"]["events"] == nodes["CHN"]["events"] + 1
    assert [n["id"] for n in net["nodes"]][0] == "RUS"  # the most active first
    edges = {(e["source"], e["target"]): e for e in net["edges"]}
    assert set(edges) == {("CHN", "RUS"), ("European Union", "RUS"), ("IRN", "USA")}  # undirected: sorted pairs
    cr = edges[("CHN", "RUS")]
    assert cr["events"] == len(dyad_clusters(db, "CHN", "RUS")) == cr["cooperation"] + cr["conflict"]
    assert net["edges"][0] == cr  # the strongest tie first
    assert -1.0 < cr["score"] < 1.0


def test_network_min_events_limit_and_types(db: Store) -> None:
    strong = aggregates.network(db, min_events=2)
    assert [n["id"] for n in strong["nodes"]] == ["RUS", "CHN"]
    assert [(e["source"], e["target"]) for e in strong["edges"]] == [("CHN", "RUS")]
    top = aggregates.network(db, limit=2)
    assert [n["id"] for n in top["nodes"]] == ["RUS", "CHN"]
    assert all({e["source"], e["target"]} <= {"RUS", "CHN"} for e in top["edges"])
    one = aggregates.network(db, limit=1)
    assert [n["id"] for n in one["nodes"]] == ["RUS"] and one["edges"] == []
    sanctions = aggregates.network(db, types=("SANCTION",))
    assert [(e["source"], e["target"], e["score"]) for e in sanctions["edges"]] == [("IRN", "USA", -1.0)]
    assert aggregates.network(db, since=date(2024, 1, 1)) == {"nodes": [], "edges": []}
    for bad in (0, 2001):
        with pytest.raises(GeopolError) as e:
            aggregates.network(db, limit=bad)
        assert code_of(e) == "E413"


def test_profile(db: Store) -> None:
    p = aggregates.profile(db, "Russia")
    assert (p["party"], p["label"], p["kind"]) == ("RUS", "Russia", "state")
    ev = p["events"]
    involving = scalar(
        db,
        "SELECT count(*) FROM clusters WHERE list_contains(list_concat(source_parties, target_parties), 'RUS')",
    )
    assert ev["total"] == involving
    assert ev["as_source"] + ev["as_target"] >= ev["total"]  # a joint act counts on both sides
    assert sum(ev["by_type"].values()) == ev["total"] == sum(ev["by_quad"].values())
    partners = {x["party"]: x for x in p["partners"]}
    assert set(partners) == {"CHN", "European Union"}
    assert partners["CHN"]["events"] == len(dyad_clusters(db, "CHN", "RUS"))
    assert p["partners"][0]["party"] == "CHN"  # the most events first
    # claims: Putin's promise is Russia's; the Chinese ministry's accusation is about Russia
    made = [c for c in p["claims_made"] if c["claimant_name"] == "Vladimir Putin"]
    assert made and all("50 billion" in c["content"] for c in made)
    assert all(c["claimant_country"] == "RUS" for c in p["claims_made"])
    about = [c for c in p["claims_about"] if "broken its promises" in c["content"]]
    assert about and about[0]["claimant_country"] == "CHN" and about[0]["doc_id"] == "conflict-1"
    assert any(f["text"] == "50 billion cubic metres" and f["unit"] == "m3" for f in p["figures"])
    assert all(isinstance(f["published"], str) for f in p["figures"])  # dates as ISO text
    assert [t["period"] for t in p["trend"]] == ["2023-03-01", "2023-04-01", "2023-05-01", "2023-06-01", "2023-07-01"]
    assert sum(t["events"] for t in p["trend"]) == ev["total"]
    json.dumps(p)  # JSON-ready
    assert p["person"] is None  # a state: no person's roles
    putin = aggregates.profile(db, "Putin")
    assert putin == {**p, "person": putin["person"]} and putin["person"]["name"] == "Vladimir Putin"
    summer = aggregates.profile(db, "RUS", since=date(2023, 6, 1))
    assert summer["events"]["total"] < ev["total"] and summer["claims_made"] == []
    with pytest.raises(GeopolError) as e:
        aggregates.profile(db, "Atlantis")
    assert code_of(e) == "E401"


def test_profile_of_an_organisation(db: Store) -> None:
    p = aggregates.profile(db, "european union")
    assert (p["party"], p["kind"]) == ("European Union", "organisation")
    assert p["events"]["as_source"] == 1 and [x["party"] for x in p["partners"]] == ["RUS"]


# --- browse pages ------------------------------------------------------------------------------
def test_browse_events_page(db: Store) -> None:
    n = scalar(db, "SELECT count(*) FROM events")
    page = browse.events(db, limit=3)
    assert (page["total"], page["limit"], page["offset"], page["next_offset"]) == (n, 3, 0, 3)
    seen = []
    offset: int | None = 0
    while offset is not None:
        page = browse.events(db, limit=3, offset=offset)
        assert page["total"] == n
        seen += [e["id"] for e in page["items"]]
        offset = page["next_offset"]
    assert len(seen) == len(set(seen)) == n
    assert [e["id"] for e in browse.events(db, limit=500)["items"]] == seen
    last = browse.events(db, limit=3, offset=n)
    assert last["items"] == [] and last["next_offset"] is None


def test_browse_events_item(db: Store) -> None:
    (e,) = browse.events(db, EventQuery(doc_id="wire-1", types=("SUPPORT", "AGREE", "COOPERATE")))["items"][:1]
    assert e["id"] == "wire-1:0" and e["cluster_id"] == energy_cluster(db) and e["cluster_reports"] == 3
    assert e["outlet"] == "example wire" and e["published"] == "2023-03-21" and e["day"] == "2023-03-21"
    assert e["evidence"] == "China and Russia signed an energy agreement in Moscow on Tuesday."
    assert {m["country"] for m in e["source"] + e["target"]} == {"CHN", "RUS"}
    assert browse.event(db, "wire-1", 0) == e
    with pytest.raises(GeopolError) as err:
        browse.event(db, "wire-1", 99)
    assert code_of(err) == "E402"


def test_browse_events_filters(db: Store) -> None:
    def ids(**kw: Any) -> set[str]:
        return {e["id"] for e in browse.events(db, EventQuery(**kw), limit=500)["items"]}

    everything = ids()
    assert ids(types=("SANCTION",)) == {e for e in everything if e.startswith("usa-iran")}
    assert ids(country="irn") == ids(types=("SANCTION",))
    assert ids(actor="united st") == ids(types=("SANCTION",))  # the party of an actor named so (USA)
    assert ids(actor="USA") == ids(types=("SANCTION",))  # a party by its code: in no actor's name

    def of(*docs: str) -> set[str]:
        return {e for e in everything if e.split(":")[0] in docs}

    assert ids(a="China", b="Russia") == of("wire-1", "copy-1", "rewrite-1", "conflict-1")
    assert ids(since=date(2023, 5, 1), until=date(2023, 5, 31)) == of("usa-iran", "eu-rus")
    assert {e.split(":")[0] for e in ids(outlet="example wire")} == {"wire-1", "conflict-1"}
    assert {e.split(":")[0] for e in ids(outlet="dailyexample")} == {"copy-1"}  # the URL's host
    assert ids(doc_id="copy-1") == {e for e in everything if e.startswith("copy-1:")}
    assert ids(cluster_id=energy_cluster(db)) == {"wire-1:0", "copy-1:0", "rewrite-1:0"}
    assert ids(q="IMPOSED SANCTIONS") == ids(types=("SANCTION",))  # evidence, any case
    assert ids(certainty=("asserted", "reported")) <= everything
    # LIKE wildcards in user text are literal characters
    for text in ("%", "_", "%_", "\\"):
        assert ids(q=text) == set() and ids(outlet=text) == set()
        with pytest.raises(GeopolError) as e:  # no party is called so
            ids(actor=text)
        assert code_of(e) == "E401"
    for bad in (EventQuery(types=("FIGHT",)), EventQuery(certainty=("sure",))):
        with pytest.raises(GeopolError) as e:
            browse.events(db, bad)
        assert code_of(e) == "E400"


def test_browse_page_limits(db: Store) -> None:
    for kw, code in (({"limit": 0}, "E400"), ({"limit": 501}, "E413"), ({"offset": -1}, "E400")):
        with pytest.raises(GeopolError) as e:
            browse.events(db, **kw)
        assert code_of(e) == code
    with pytest.raises(GeopolError) as e:
        browse.search(db, "x" * 201)
    assert code_of(e) == "E413"


def test_browse_clusters(db: Store) -> None:
    page = browse.clusters(db, limit=500)
    assert page["total"] == scalar(db, "SELECT count(*) FROM clusters") == len(page["items"])
    first = page["items"][0]  # the most reported first
    assert first["cluster_id"] == energy_cluster(db) and first["reports"] == 3 and first["sources"] == 2
    assert first["evidence"] == "China and Russia signed an energy agreement in Moscow on Tuesday."
    assert first["day"] == "2023-03-21"
    assert [c["cluster_id"] for c in browse.clusters(db, min_reports=2)["items"]] == [first["cluster_id"]]
    assert {c["cluster_id"] for c in browse.clusters(db, a="CHN", b="RUS", limit=500)["items"]} == dyad_clusters(
        db, "CHN", "RUS")  # fmt: skip
    assert browse.clusters(db, types=("SANCTION",))["total"] == 1
    assert (
        browse.clusters(db, since=date(2023, 7, 1))["total"]
        == browse.clusters(db, a="RUS", since=date(2023, 7, 1))["total"]
    )
    p1, p2 = browse.clusters(db, limit=2), browse.clusters(db, limit=2, offset=2)
    assert p1["next_offset"] == 2 and not {c["cluster_id"] for c in p1["items"]} & {
        c["cluster_id"] for c in p2["items"]
    }


def test_browse_cluster_lists_its_reports(db: Store) -> None:
    c = browse.cluster(db, energy_cluster(db))
    reports = {r["doc_id"]: r for r in c["reports"]}
    assert set(reports) == {"wire-1", "copy-1", "rewrite-1"}
    assert reports["copy-1"]["duplicate_of"] == "wire-1" and reports["wire-1"]["duplicate_of"] is None
    assert reports["copy-1"]["outlet"] == "dailyexample.org" and reports["rewrite-1"]["outlet"] == "third post"
    assert reports["wire-1"]["trigger"]["text"] and reports["wire-1"]["similarity"] == 1.0
    assert [r["published"] for r in c["reports"]] == sorted(r["published"] for r in c["reports"])
    with pytest.raises(GeopolError) as e:
        browse.cluster(db, "c-000000000000")
    assert code_of(e) == "E402"


def test_browse_documents(db: Store) -> None:
    page = browse.documents(db)
    assert page["total"] == len(CORPUS)
    assert [d["published"] for d in page["items"]] == sorted((d["published"] for d in page["items"]), reverse=True)
    docs = {d["doc_id"]: d for d in page["items"]}
    assert docs["copy-1"]["duplicate_of"] == "wire-1" and docs["copy-1"]["outlet"] == "dailyexample.org"
    assert docs["eu-rus"]["outlet"] == "eunews.example" and docs["wire-1"]["events"] >= 1
    assert {d["doc_id"] for d in browse.documents(db, q="PIPELINE")["items"]} == {"wire-1", "copy-1"}
    assert [d["doc_id"] for d in browse.documents(db, q="eu-rus")["items"]] == ["eu-rus"]  # an id
    assert browse.documents(db, q="%")["total"] == 0 and browse.documents(db, q="_")["total"] == 0


def test_browse_document_with_its_marks_and_copies(db: Store) -> None:
    d = browse.document(db, "copy-1")
    assert d["text"].startswith("By Example Wire staff") and d["source"] is None
    assert d["duplicate_of"] == "wire-1" and d["duplicates"] == ["wire-1"]
    assert browse.document(db, "wire-1")["duplicates"] == ["copy-1"]
    assert browse.document(db, "eu-rus")["duplicates"] == []
    for m in d["mentions"]:
        assert d["text"][m["start"] : m["end"]] == m["text"]
    assert d["events"] and all(e["doc_id"] == "copy-1" for e in d["events"])
    assert d["claims"] and d["figures"]
    with pytest.raises(GeopolError) as e:
        browse.document(db, "nope")
    assert code_of(e) == "E402"


def test_browse_search(db: Store) -> None:
    page = browse.search(db, "GAS")
    assert page["total"] >= 3
    assert all("gas" in item["snippet"].lower() for item in page["items"])
    assert {item["kind"] for item in page["items"]} == {"event", "claim"}
    for item in page["items"]:
        assert (item["event_no"] is None) == (item["kind"] == "claim") == (item["claim_no"] is not None)
    for text in ("%", "_", "%_", "\\"):
        assert browse.search(db, text)["total"] == 0
    with pytest.raises(GeopolError) as e:
        browse.search(db, "  ")
    assert code_of(e) == "E400"


def test_browse_parties(db: Store) -> None:
    page = browse.parties(db)
    parties = {p["party"]: p for p in page["items"]}
    assert {"CHN", "RUS", "USA", "IRN", "European Union"} <= set(parties)
    assert page["items"][0]["party"] == "RUS"  # the most events first
    assert parties["RUS"]["events"] == aggregates.profile(db, "RUS")["events"]["total"]
    assert parties["European Union"]["kind"] == "organisation" and parties["European Union"]["country"] is None
    assert parties["CHN"]["country"] == "CHN" and parties["CHN"]["label"] == "China"
    putin = browse.parties(db, "Putin")["items"]
    assert [(p["party"], p.get("matched")) for p in putin] == [("RUS", "Vladimir Putin")]
    assert browse.parties(db, "%")["total"] == 0 and browse.parties(db, "_")["total"] == 0


def test_browse_health(db: Store) -> None:
    h = browse.health(db)
    assert h["documents"] == len(CORPUS) and h["clusters"] < h["events"] and h["claims"] > 0 and h["figures"] > 0


# --- DataFrames --------------------------------------------------------------------------------
def test_dataset_tables_in_pandas(store: Path) -> None:
    with Dataset(store) as ds, Store(store, read_only=True) as s:
        n = {t: scalar(s, f"SELECT count(*) FROM {t}") for t in ("events", "clusters", "claims", "figures")}
        events = ds.events()
        assert isinstance(events, pd.DataFrame) and len(events) == n["events"]
        assert {"doc_id", "event_no", "cluster_id", "type", "quad", "day", "evidence", "outlet",
                "source_countries", "target_countries"} <= set(events.columns)  # fmt: skip
        assert events["cluster_id"].notna().all()
        clusters = ds.clusters()
        assert len(clusters) == n["clusters"] and {"cluster_id", "sources", "reports", "source_parties"} <= set(
            clusters.columns
        )
        assert len(ds.claims()) == n["claims"] and len(ds.figures()) == n["figures"]
        docs = ds.documents()
        assert len(docs) == len(CORPUS)
        assert docs.set_index("doc_id").loc["copy-1", "duplicate_of"] == "wire-1"
        dyads = ds.dyads()
        assert list(dyads.columns) == ["source", "target", "events", "cooperation", "conflict", "first_day", "last_day"]


def test_dataset_tables_in_polars(store: Path) -> None:
    with Dataset(store, engine="polars") as ds:
        assert isinstance(ds.events(), pl.DataFrame) and isinstance(ds.clusters(), pl.DataFrame)


def test_dataset_aggregates_in_pandas_and_polars(store: Path) -> None:
    with Dataset(store) as ds:
        series = ds.dyad_series("China", "Russia", by="month")
        assert isinstance(series, pd.DataFrame) and len(series) == 5
        assert list(series.columns[:9]) == ["period", "events", "reports", "sources", "cooperation", "conflict",
                                            "score", "score_low", "score_high"]  # fmt: skip
        assert {"quad_1", "quad_2", "quad_3", "quad_4", *PLOVER_TYPES} <= set(series.columns)
        assert series["period"].iloc[0] == date(2023, 3, 1) and series["SUPPORT"].iloc[0] == 1
        polars_series = ds.dyad_series("CHN", "RUS", engine="polars")
        assert isinstance(polars_series, pl.DataFrame)
        assert polars_series.columns == list(series.columns) and polars_series.height == len(series)
        trends = ds.trends(engine="polars")
        assert isinstance(trends, pl.DataFrame) and trends["events"].sum() == series["events"].sum() + 2
        nodes, edges = ds.network()
        assert len(nodes) == 5 and len(edges) == 3 and {"id", "label", "kind", "events", "degree"} == set(nodes.columns)
        pnodes, pedges = ds.network(engine="polars", min_events=2)
        assert isinstance(pnodes, pl.DataFrame) and pnodes.height == 2 and pedges.height == 1
        assert set(pedges.columns) == {"source", "target", "events", "cooperation", "conflict", "score"}
        prof = ds.profile("Russia", engine="polars")
        assert prof["summary"]["party"] == "RUS"
        assert isinstance(prof["partners"], pl.DataFrame) and prof["partners"].height == 2
        assert set(prof) == {"summary", "partners", "claims_made", "claims_about", "figures", "trend"}


def test_dataset_empty_results_keep_their_columns(store: Path) -> None:
    with Dataset(store) as ds:
        nodes, edges = ds.network(since=date(2030, 1, 1))
        assert "id" in nodes.columns and "source" in edges.columns


# --- exports -----------------------------------------------------------------------------------
TABLE_ROWS = {"events": "events", "clusters": "clusters", "claims": "claims", "figures": "figures",
              "documents": "documents"}  # fmt: skip


@pytest.mark.parametrize("what", [*TABLE_ROWS, "dyads"])
def test_export_csv_and_parquet(db: Store, tmp_path: Path, what: str) -> None:
    expected = (scalar(db, f"SELECT count(*) FROM {TABLE_ROWS[what]}") if what in TABLE_ROWS
                else scalar(db, "SELECT count(*) FROM (SELECT DISTINCT a, b FROM cluster_dyads)"))  # fmt: skip
    n = export(db, what, "csv", tmp_path / "sub" / f"{what}.csv")
    with (tmp_path / "sub" / f"{what}.csv").open(encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    assert n == len(table) == expected
    n = export(db, what, "parquet", tmp_path / f"{what}.parquet")
    t = pq.read_table(tmp_path / f"{what}.parquet")
    assert n == t.num_rows == expected
    assert t.column_names == list(table[0])


def test_export_csv_list_columns_are_json(db: Store, tmp_path: Path) -> None:
    export(db, "clusters", "csv", tmp_path / "clusters.csv")
    with (tmp_path / "clusters.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert isinstance(json.loads(row["source_parties"]), list)


def test_export_parquet_keeps_types(db: Store, tmp_path: Path) -> None:
    export(db, "clusters", "parquet", tmp_path / "c.parquet")
    t = pq.read_table(tmp_path / "c.parquet").to_pylist()
    energy = next(r for r in t if r["cluster_id"] == energy_cluster(db))
    assert sorted(energy["source_parties"]) == ["CHN", "RUS"] and energy["day"] == date(2023, 3, 21)


def test_export_plover_json_lines(db: Store, tmp_path: Path) -> None:
    n_events = export(db, "events", "plover", tmp_path / "events.jsonl")
    lines = [json.loads(x) for x in (tmp_path / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert n_events == len(lines) == scalar(db, "SELECT count(*) FROM events")
    for rec in lines:
        assert {"id", "event", "date", "source_country", "target_country", "evidence", "quad_class", "mode",
                "context", "independent_sources", "coder"} <= set(rec)  # fmt: skip
        assert rec["event"] in PLOVER_TYPES and rec["quad_class"] == QUAD_CLASS[rec["event"]]
        assert len(rec["evidence"]) == 1 and rec["evidence"][0]["sentence"]
    assert {r["id"] for r in lines} == {f"{d}:{n}" for d, n in rows(db, "SELECT doc_id, event_no FROM events")}
    n_clusters = export(db, "clusters", "plover", tmp_path / "clusters.jsonl")
    clusters = [json.loads(x) for x in (tmp_path / "clusters.jsonl").read_text(encoding="utf-8").splitlines()]
    assert n_clusters == len(clusters) == scalar(db, "SELECT count(*) FROM clusters")
    energy = next(c for c in clusters if c["id"] == energy_cluster(db))
    assert energy["date"] == "2023-03-21" and energy["reports"] == 3 and energy["independent_sources"] == 2
    assert sorted(energy["source_country"] + energy["target_country"]) == ["CHN", "RUS"]
    assert {e["doc_id"] for e in energy["evidence"]} == {"wire-1", "copy-1", "rewrite-1"}
    assert {e["outlet"] for e in energy["evidence"]} == {"example wire", "dailyexample.org", "third post"}
    sanction = next(c for c in clusters if c["event"] == "SANCTION")
    assert sanction["source_country"] == ["USA"] and sanction["target_country"] == ["IRN"]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def test_export_network_graphml_and_gexf(db: Store, tmp_path: Path) -> None:
    net = aggregates.network(db)
    assert export(db, "network", "graphml", tmp_path / "n.graphml") == len(net["nodes"])
    root = ET.parse(tmp_path / "n.graphml").getroot()
    assert _local(root.tag) == "graphml"
    nodes = [el for el in root.iter() if _local(el.tag) == "node"]
    edges = [el for el in root.iter() if _local(el.tag) == "edge"]
    assert len(nodes) == len(net["nodes"]) and len(edges) == len(net["edges"])
    ids = {n.get("id") for n in nodes}
    assert ids == {n["id"] for n in net["nodes"]}
    assert all(e.get("source") in ids and e.get("target") in ids for e in edges)
    keys = {k.get("id") for k in root.iter() if _local(k.tag) == "key"}
    assert all(d.get("key") in keys for d in root.iter() if _local(d.tag) == "data")

    assert export(db, "network", "gexf", tmp_path / "n.gexf") == len(net["nodes"])
    root = ET.parse(tmp_path / "n.gexf").getroot()
    assert _local(root.tag) == "gexf" and root.get("version") == "1.3"
    nodes = [el for el in root.iter() if _local(el.tag) == "node"]
    edges = [el for el in root.iter() if _local(el.tag) == "edge"]
    assert len(nodes) == len(net["nodes"]) and len(edges) == len(net["edges"])
    labels = {n.get("id"): n.get("label") for n in nodes}
    assert labels["CHN"] == "China" and labels["European Union"] == "European Union"
    assert sorted(int(e.get("weight") or 0) for e in edges) == sorted(e["events"] for e in net["edges"])


def test_export_network_and_series_tables(db: Store, tmp_path: Path) -> None:
    assert export(db, "network", "csv", tmp_path / "net.csv") == 5
    nodes = list(csv.DictReader(io.StringIO((tmp_path / "net.nodes.csv").read_text(encoding="utf-8"))))
    edges = list(csv.DictReader(io.StringIO((tmp_path / "net.edges.csv").read_text(encoding="utf-8"))))
    assert len(nodes) == 5 and len(edges) == 3
    export(db, "network", "parquet", tmp_path / "net.parquet")
    assert pq.read_table(tmp_path / "net.edges.parquet").num_rows == 3
    n = export(db, "series", "csv", tmp_path / "s.csv", ExportQuery(a="China", b="Russia", by="month"))
    series = list(csv.DictReader(io.StringIO((tmp_path / "s.csv").read_text(encoding="utf-8"))))
    assert n == len(series) == 5 and series[0]["period"] == "2023-03-01" and series[0]["events"] == "1"
    assert export(db, "series", "parquet", tmp_path / "s.parquet", ExportQuery(a="CHN", b="RUS", by="week")) == 17


@pytest.mark.parametrize(
    ("what", "fmt", "q"),
    [("events", "xml", ExportQuery()), ("everything", "csv", ExportQuery()), ("events", "graphml", ExportQuery()),
     ("claims", "plover", ExportQuery()), ("series", "csv", ExportQuery(a="CHN"))],
)  # fmt: skip
def test_export_refuses_what_it_cannot_do(db: Store, tmp_path: Path, what: str, fmt: str, q: ExportQuery) -> None:
    with pytest.raises(GeopolError) as e:
        export(db, what, fmt, tmp_path / "x", q)
    assert code_of(e) == "E306"
    assert not (tmp_path / "x").exists()


# --- the CLI -----------------------------------------------------------------------------------
def test_cli_dyad(store: Path) -> None:
    result = invoke("dyad", "China", "Russia", "--store", str(store), "--format", "json")
    assert result.exit_code == 0, result.output
    series = json.loads(result.stdout)
    assert (series["a"], series["b"]) == ("CHN", "RUS") and len(series["points"]) == 5
    result = invoke("dyad", "CHN", "RUS", "--store", str(store), "--format", "csv", "--by", "week")
    assert result.exit_code == 0
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(table) == 17 and table[0]["period"] == "2023-03-20"
    result = invoke("dyad", "China", "Russia", "--store", str(store))
    assert result.exit_code == 0 and "China – Russia by month" in result.output and "+1.00" in result.output
    result = invoke("dyad", "China", "Russia", "--store", str(store), "--by", "year")
    assert result.exit_code == 1 and "E400" in result.output


def test_cli_dyad_unknown_actor(store: Path) -> None:
    result = invoke("dyad", "China", "Atlantis", "--store", str(store))
    assert result.exit_code == 1 and "E401" in result.output and "Atlantis" in result.output


def test_cli_clusters_json(store: Path) -> None:
    result = invoke("clusters", "--store", str(store), "--format", "json")
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    with Store(store, read_only=True) as s:
        assert len(lines) == scalar(s, "SELECT count(*) FROM clusters")
        assert lines[0]["cluster_id"] == energy_cluster(s) and lines[0]["sources"] == 2
    result = invoke("clusters", "--store", str(store), "--min-reports", "2")
    assert result.exit_code == 0 and "1 of 1 cluster(s)" in result.output


def test_cli_network_json(store: Path) -> None:
    result = invoke("network", "--store", str(store), "--format", "json", "--min-events", "2")
    assert result.exit_code == 0, result.output
    net = json.loads(result.stdout)
    assert [n["id"] for n in net["nodes"]] == ["RUS", "CHN"] and len(net["edges"]) == 1
    result = invoke("network", "--store", str(store))
    assert result.exit_code == 0 and "5 parties, 3 ties" in result.output


def test_cli_export(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "net.graphml"
    result = invoke("export", "network", "-o", str(out), "--format", "graphml", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "5 parties written" in result.output and _local(ET.parse(out).getroot().tag) == "graphml"
    out = tmp_path / "clusters.jsonl"
    result = invoke("export", "clusters", "-o", str(out), "--format", "plover", "--store", str(store))
    assert result.exit_code == 0 and all(json.loads(x)["id"].startswith("c-") for x in out.read_text().splitlines())
    result = invoke(
        "export", "series", "-o", str(tmp_path / "s.csv"), "--a", "CHN", "--b", "RUS", "--store", str(store)
    )
    assert result.exit_code == 0 and "5 rows written" in result.output
    result = invoke("export", "events", "-o", str(tmp_path / "e.gexf"), "--format", "gexf", "--store", str(store))
    assert result.exit_code == 1 and "E306" in result.output


def test_cli_dedup(store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(store, copy)
    with Store(copy) as s:
        s.con.execute("DELETE FROM clusters; DELETE FROM cluster_reports; DELETE FROM duplicates")
    result = invoke("dedup", "--store", str(copy))
    assert result.exit_code == 0, result.output
    assert f"{len(CORPUS)} documents, 1 near-duplicate copies" in result.output
    with Store(copy, read_only=True) as s, Store(store, read_only=True) as orig:
        for table in ("clusters", "cluster_reports", "duplicates"):
            assert sorted(rows(s, f"SELECT * FROM {table}"), key=repr) == sorted(
                rows(orig, f"SELECT * FROM {table}"), key=repr
            )


def test_cli_actors_list(store: Path) -> None:
    result = invoke("actors", "list", "--store", str(store))
    assert result.exit_code == 0, result.output
    assert "Russia" in result.output and "European Union" in result.output
    result = invoke("actors", "list", "Putin", "--store", str(store))
    assert result.exit_code == 0 and "Vladimir Putin" in result.output and "1 of 1 part(ies)" in result.output


def test_cli_actors_profile(store: Path) -> None:
    result = invoke("actors", "profile", "Putin", "--store", str(store), "--json")
    assert result.exit_code == 0, result.output
    p = json.loads(result.stdout)
    with Store(store, read_only=True) as s:
        assert p == json.loads(json.dumps(aggregates.profile(s, "Putin"), default=str))
        assert {**p, "person": None} == json.loads(json.dumps(aggregates.profile(s, "RUS"), default=str))
    assert p["person"]["name"] == "Vladimir Putin"  # the person asked for: dated roles, each with its source
    assert {"role": "head_of_state", "country": "RUS", "body": None, "sector": "GOV", "start": "1999-12-31",
            "end": "2008-05-07", "source": "people.tsv:52"} in p["person"]["roles"]  # fmt: skip
    result = invoke("actors", "profile", "RUS", "--store", str(store))
    assert result.exit_code == 0 and "Russia (RUS)" in result.output and "partners" in result.output
    assert "roles" not in result.output
    result = invoke("actors", "profile", "Putin", "--store", str(store))
    assert result.exit_code == 0 and "Vladimir Putin: roles" in result.output
    assert "1999-12-31" in result.output and "people.tsv:52" in result.output
    result = invoke("actors", "profile", "Atlantis", "--store", str(store), "--json")
    assert result.exit_code == 1 and "E401" in result.output
