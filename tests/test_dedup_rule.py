"""The event-cluster rule on hand-made reports: who did it (named people), when (undated reports),
where, and what the evidence says beyond its verb (geopol.analysis.dedup.cluster_reports)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from geopol.analysis.dedup import Report, cluster_reports, content_words
from geopol.records import QUAD_CLASS

D = date(2020, 10, 22)


def report(doc: str, evidence: str, *, no: int = 0, type: str = "ASSAULT", trigger: str = "attacked",
           src: tuple[str, ...] = ("USA",), tgt: tuple[str, ...] = ("USA",), named_src: tuple[str, ...] = (),
           named_tgt: tuple[str, ...] = (), day: date | None = None, published: date = D,
           place: str | None = None, root: str | None = None) -> Report:  # fmt: skip
    """A report as refresh() builds it: the participants' words and the trigger are not evidence words."""
    leave_out = [*named_src, *named_tgt]
    return Report(doc, no, type, QUAD_CLASS[type], False, False, False, False, day, day, published, "asserted",
                  evidence, frozenset(src), frozenset(tgt), content_words(evidence, leave_out), root or doc,
                  frozenset(named_src), frozenset(named_tgt), place, content_words(trigger))  # fmt: skip


def groups(reports: list[Report]) -> list[set[tuple[str, int]]]:
    return sorted(({(r.doc_id, r.event_no) for r in c.reports} for c in cluster_reports(reports)), key=sorted)


def test_dedup_rule_different_named_people_on_one_side_stay_apart() -> None:
    """Biden and Trump are both USA: their attacks share every party but not the attacker."""
    biden = report("a", "Biden attacked Trump on paying fewer taxes.", named_src=("Joe Biden",),
                   named_tgt=("Donald Trump",))  # fmt: skip
    trump = report("b", "Trump attacked Biden on paying fewer taxes.", named_src=("Donald Trump",),
                   named_tgt=("Joe Biden",))  # fmt: skip
    assert groups([biden, trump]) == [{("a", 0)}, {("b", 0)}]
    # the same attacker named, or named on one side only, still merges
    again = replace(trump, named_sources=frozenset({"Joe Biden"}), named_targets=frozenset({"Donald Trump"}))
    assert groups([biden, again]) == [{("a", 0), ("b", 0)}]
    unnamed = replace(trump, named_sources=frozenset(), named_targets=frozenset())
    assert groups([biden, unnamed]) == [{("a", 0), ("b", 0)}]
    # a name told in part is the same person; another person of the same family name is not
    short = replace(again, named_sources=frozenset({"Biden"}))
    assert groups([biden, short]) == [{("a", 0), ("b", 0)}]
    son = replace(again, named_sources=frozenset({"Hunter Biden"}))
    assert groups([biden, son]) == [{("a", 0)}, {("b", 0)}]


def test_dedup_rule_undated_reports_need_overlapping_publication_windows() -> None:
    """Two undated reports published four days apart (a monthly round-up and the next one) that tell
    two acts with one verb are two events: their windows touch only by the one-day slack, which is
    for dates (one background sentence repeated in both is one event: rule 7, tested below)."""
    a = report("a", "Biden asked Trump to post the video on his website.", type="REQUEST", trigger="asked",
               named_src=("Biden",), named_tgt=("Trump",))  # fmt: skip
    other = report("b", "Biden asked Trump to post his tax returns.", type="REQUEST", trigger="asked",
                   named_src=("Biden",), named_tgt=("Trump",))  # fmt: skip
    b = replace(other, published=D + timedelta(days=4))
    assert groups([a, b]) == [{("a", 0)}, {("b", 0)}]
    assert groups([a, replace(b, published=D + timedelta(days=3))]) == [{("a", 0), ("b", 0)}]
    # a report with its own date keeps the slack against an undated one
    dated = replace(b, own_start=D + timedelta(days=1), own_end=D + timedelta(days=1))
    assert groups([a, dated]) == [{("a", 0), ("b", 0)}]


def test_dedup_rule_a_repeated_verb_in_one_article_is_not_evidence() -> None:
    """One article telling two attacks by the same people: the shared verb does not make them one."""
    people = {"named_src": ("Biden",), "named_tgt": ("Trump",)}
    first = report("a", "Biden attacked Trump for the alleged comment reported in The Atlantic.", **people)
    second = report("a", "Biden attacked Trump for the deaths from coronavirus.", no=1, **people)
    assert groups([first, second]) == [{("a", 0)}, {("a", 1)}]
    # the same attack told twice in one article merges on what it says beyond the verb
    retold = report("a", "Biden attacked Trump again for the coronavirus deaths.", no=2, **people)
    assert groups([second, retold]) == [{("a", 1), ("a", 2)}]
    # across articles the verb counts: another outlet's short retelling ("Biden attacked Trump.") merges
    other = report("b", "Biden attacked Trump.", **people)
    assert groups([second, other]) == [{("a", 1), ("b", 0)}]


def test_dedup_rule_different_places_stay_apart() -> None:
    a = report("a", "Police shot a protester in the city centre.", place="USA")
    assert groups([a, replace(a, doc_id="b", root="b", place="FRA")]) == [{("a", 0)}, {("b", 0)}]
    assert groups([a, replace(a, doc_id="b", root="b", place=None)]) == [{("a", 0), ("b", 0)}]


def test_dedup_rule_an_undated_report_that_retells_an_event_joins_it() -> None:
    """Rule 7: an undated sentence that tells the same act in most of the same words, published up
    to two weeks after the event, is that event (a background sentence repeated in a later article)."""
    dated = report("a", "On Friday, Trump declared a national emergency over the coronavirus outbreak.",
                   type="COERCE", trigger="declared", day=D, published=D)  # fmt: skip
    retold = report("b", "The decision came days after Trump declared a national emergency over the coronavirus outbreak.",
                    type="COERCE", trigger="declared", published=D + timedelta(days=6))  # fmt: skip
    assert groups([dated, retold]) == [{("a", 0), ("b", 0)}]
    # too late, a report with a date of its own, or another act told with the same verb: apart
    assert len(groups([dated, replace(retold, published=D + timedelta(days=20))])) == 2
    own = D + timedelta(days=5)
    assert len(groups([dated, replace(retold, own_start=own, own_end=own)])) == 2
    other = report("b", "Trump declared a national emergency at the southern border to build the wall.",
                   type="COERCE", trigger="declared", published=D + timedelta(days=6))  # fmt: skip
    assert len(groups([dated, other])) == 2
    # two undated round-ups that repeat one background sentence tell one event
    a = report("c", "Biden asked Trump to post the video of the debate on his campaign website.", type="REQUEST",
               trigger="asked", named_src=("Biden",), named_tgt=("Trump",))  # fmt: skip
    b = replace(a, doc_id="d", root="d", published=D + timedelta(days=9))
    assert groups([a, b]) == [{("c", 0), ("d", 0)}]


def test_dedup_rule_a_retelling_is_measured_from_the_first_report_not_the_event() -> None:
    """Rule 7 again: a call made in July and first reported on 25 September is retold, undated, in an
    article of 30 September; twenty days after the first report it is not."""
    july = date(2019, 7, 1)
    first = report("a", "In late July, Trump asked Zelensky to investigate Joe Biden and his son Hunter.",
                   type="REQUEST", trigger="asked", tgt=("UKR",), named_src=("Donald Trump",),
                   named_tgt=("Volodymyr Zelensky",), day=july, published=date(2019, 9, 25))  # fmt: skip
    first = replace(first, own_end=date(2019, 7, 31))
    retold = report("b", "In the call, Trump asked Zelensky to investigate Joe Biden and his son Hunter.",
                    type="REQUEST", trigger="asked", tgt=("UKR",), named_src=("Donald Trump",),
                    named_tgt=("Volodymyr Zelensky",), published=date(2019, 9, 30))  # fmt: skip
    assert groups([first, retold]) == [{("a", 0), ("b", 0)}]
    assert len(groups([first, replace(retold, published=date(2019, 10, 15))])) == 2
    # retellings do not chain: each is measured from the first report
    later = replace(retold, doc_id="c", root="c", published=date(2019, 10, 12))
    assert groups([first, retold, later]) == [{("a", 0), ("b", 0)}, {("c", 0)}]


def test_dedup_rule_sides_that_each_name_a_party_the_other_lacks_stay_apart() -> None:
    """'The US brokered a deal between Israel and the UAE' and '… between Israel and Sudan' share
    Israel but are two agreements; a report that names fewer parties of one event still joins it."""
    uae = report("a", "The administration brokered a deal between Israel and the UAE.", type="AGREE",
                 trigger="brokered", tgt=("ISR", "ARE"))  # fmt: skip
    sudan = report("b", "The administration brokered a deal between Israel and Sudan.", type="AGREE",
                   trigger="brokered", tgt=("ISR", "SDN"))  # fmt: skip
    assert groups([uae, sudan]) == [{("a", 0)}, {("b", 0)}]
    fewer = report("c", "The administration brokered a deal with Israel.", type="AGREE", trigger="brokered",
                   tgt=("ISR",))  # fmt: skip
    assert groups([uae, fewer]) == [{("a", 0), ("c", 0)}]
