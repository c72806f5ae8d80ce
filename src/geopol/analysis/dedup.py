"""Deduplication: near-duplicate documents, and event reports merged into real-world events.

GDELT and ICEWS count reports: one event told by forty outlets is forty records. geopol keeps every
report and groups them into *clusters*, one per real-world event; aggregates count clusters.

**Near-duplicate documents** (syndicated copies, updated versions): two documents are near-duplicates
when at least ``near_duplicate`` (0.8) of the shorter one's word 5-grams occur in the other and the
shorter is at least half as long. Candidates come from MinHash signatures (96 hashes in 48 bands of
2: a pair the rule admits is a candidate at least 99.9% of the time), so a store of any size is
compared in about linear time; every candidate is then checked exactly. A group of near-duplicates
points to its earliest document.

**Event clusters**: two event reports are one real-world event when

1. they have the same PLOVER type (the type family is the type itself: merging within a quad
   class cost 0.11 precision on the dedup test set and merged nothing right on Wikinews; measured
   again with the learned coder, Wikinews cluster set precision 0.857 -> 0.615 for recall 0.207 ->
   0.276, the synthetic set's 0.973 -> 0.865), the same
   negation and hypothetical flags, and both are or both are not aggregates ("met 40 times");
2. their participants are compatible: they share a party, and on each side (source, target) one
   report leaves the side empty or the parties of one are among the other's (a report may name
   fewer parties of its event; two that each name one the other lacks, 'Israel and the UAE' and
   'Israel and Sudan', tell two events); the same holds for the *people* each side
   names (and organisations of no state; a name told in part counts: "Biden" is "Joe Biden"),
   since a party is a state: "Biden attacked Trump" and "Trump attacked Biden" share every party
   (USA) but not the attacker. For a joint act ("China
   and Russia agreed") and for the symmetric types (CONSULT, COOPERATE), sides are not told apart,
   but two reports with two parties or more must share two;
3. their dates are compatible: a report's date is its own date when the text gives one, else the
   ``undated_window`` (3) days up to its publication; an own date vaguer than a month that holds
   the publication date ("this year") counts as none; the dates of the reports must overlap,
   give or take ``date_slack`` (1) day when one of them gives its own date. Two undated reports
   must overlap without the slack: their publication windows already span days, and a background
   sentence in a round-up published days after another tells nothing about when either happened;
4. their places are compatible: the countries the text places them in agree, or one says none;
5. their evidence is similar: the share of content words (stop words and the words of the
   participants' mentions removed — the parties already match —, each cut to its first five
   letters) of the shorter evidence sentence found in the other is at least ``similar_evidence``
   (0.2). Within one story (a document and its near-duplicate copies) the trigger's words do not
   count: an article that tells one act twice retells what it was about, so a campaign's repeated
   "attacked" or "called on" in one article is not evidence of one event; or
6. the two are the same sentence in near-duplicate documents (whatever their participants); or
7. a report that gives no date of its own *retells* an event reported up to ``retold_days`` (14)
   before its publication, counted from the event's first report (whenever the event itself
   happened: a call of July first reported on 25 September is retold on 30 September): rules 1, 2
   and 4 hold, and at least ``retold_similarity`` (0.6) of the shorter evidence's content words, and
   at least ``retold_words`` (4) of them besides the trigger's, are in the other
   ("DeWine's decision comes a few days after President Trump declared a national emergency in
   response to the coronavirus outbreak" retells "On Friday, Trump declared a national emergency in
   response to the ongoing coronavirus outbreak"; a background sentence repeated in a later round-up
   is one event, not two). Only when no cluster fits by rules 1-6.

Reports are taken in date order; each joins the most similar compatible cluster, or starts one. A
cluster's dates are the intersection of its reports' dates (a retelling, rule 7, leaves them as
they are), so one cluster cannot chain across weeks: a retelling reaches back at most
``retold_days`` from its publication to the cluster's first report. A cluster's ``day`` (what
aggregates bin by) is its earliest report's day: the own date, else the publication date. Its
certainty is its surest report's; its ``sources`` is the number of independent sources: the outlets
(the document's ``source``, else its URL's host) of its reports, where near-duplicate copies count
as one, and a document with no known outlet is a source of its own.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from ..store import Store
from .parties import party


@dataclass(frozen=True)
class DedupRule:
    """The thresholds of the rule above (the module docstring says what each does)."""

    shingle: int = 5
    near_duplicate: float = 0.8
    length_ratio: float = 0.5
    undated_window: int = 3
    date_slack: int = 1
    similar_evidence: float = 0.2
    retold_days: int = 14
    retold_similarity: float = 0.6
    retold_words: int = 4
    symmetric: frozenset[str] = frozenset({"CONSULT", "COOPERATE"})


CERTAINTY_RANK = {"asserted": 0, "reported": 1, "hedged": 2, "unverified": 3, "denied": 4}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_PRIME = np.uint64(4294967311)  # > 2**32: crc32 values and the multipliers (< 2**31) stay under 2**64
_BANDS, _ROWS = 48, 2  # a pair with Jaccard 0.36 (the loosest the rule admits) is a candidate 99.9% of the time
_ALL_PAIRS = 50  # a bucket larger than this is compared in linear time
COARSE_DAYS = 31


# --- near-duplicate documents -------------------------------------------------------------------
def _shingles(text: str, n: int) -> set[int]:
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < n:
        return {zlib.crc32(" ".join(words).encode())} if words else set()
    return {zlib.crc32(" ".join(words[i : i + n]).encode()) for i in range(len(words) - n + 1)}


def _signature(shingles: set[int], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    values = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
    return ((a[:, None] * values[None, :] + b[:, None]) % _PRIME).min(axis=1)


def near_duplicates(docs: dict[str, str], rule: DedupRule = DedupRule()) -> list[tuple[str, str, float]]:
    """Pairs (a, b, containment) of near-duplicate documents among ``docs`` (id → text), a < b."""
    rng = np.random.default_rng(20240521)
    a = rng.integers(1, 2**31, size=_BANDS * _ROWS, dtype=np.uint64)
    b = rng.integers(0, 2**31, size=_BANDS * _ROWS, dtype=np.uint64)
    shingles = {d: _shingles(t, rule.shingle) for d, t in docs.items()}
    buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
    for d, sh in shingles.items():
        if not sh:
            continue
        sig = _signature(sh, a, b)
        for band in range(_BANDS):
            buckets[(band, sig[band * _ROWS : (band + 1) * _ROWS].tobytes())].append(d)
    candidates: set[tuple[str, str]] = set()
    for ids in buckets.values():
        if len(ids) < 2:
            continue
        ids = sorted(ids)
        if len(ids) <= _ALL_PAIRS:
            candidates.update((x, y) for i, x in enumerate(ids) for y in ids[i + 1 :])
        else:  # a story copied hundreds of times: each copy against the first and its neighbour (linear)
            candidates.update((ids[0], y) for y in ids[1:])
            candidates.update(zip(ids[1:], ids[2:], strict=False))
    pairs = []
    for x, y in sorted(candidates):
        sx, sy = shingles[x], shingles[y]
        small, large = sorted((len(sx), len(sy)))
        if small / large < rule.length_ratio:
            continue
        containment = len(sx & sy) / small
        if containment >= rule.near_duplicate:
            pairs.append((x, y, round(containment, 4)))
    return pairs


def _groups(
    ids: Iterable[str], pairs: list[tuple[str, str, float]], order: dict[str, tuple[Any, ...]]
) -> dict[str, str]:
    """Union-find: each document's group root, the earliest document of its group."""
    parent = {d: d for d in ids}

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for x, y, _ in pairs:
        rx, ry = find(x), find(y)
        if rx != ry:
            first, second = sorted((rx, ry), key=lambda d: order[d])
            parent[second] = first
    return {d: find(d) for d in parent}


# --- event reports ------------------------------------------------------------------------------
@dataclass
class Report:
    doc_id: str
    event_no: int
    type: str
    quad: int
    negated: bool
    hypothetical: bool
    reciprocal: bool
    aggregate: bool
    own_start: date | None
    own_end: date | None
    published: date | None
    certainty: str
    evidence: str
    sources: frozenset[str] = frozenset()
    targets: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    root: str = ""  # the document's near-duplicate group
    named_sources: frozenset[str] = frozenset()  # the people (and organisations of no state) named on each side
    named_targets: frozenset[str] = frozenset()
    place: str | None = None  # the country the event took place in, when the text says
    trigger_words: frozenset[str] = frozenset()  # the content words of the trigger ("attacked": attac)

    @property
    def coarse(self) -> bool:
        """An own date vaguer than a month ('this year', 'over the past 14 years') around the
        publication date tells when it was reported, not when it happened."""
        if not self.own_start or not self.published:
            return False
        end = self.own_end or self.own_start
        return (end - self.own_start).days > COARSE_DAYS and self.own_start <= self.published <= end

    @property
    def dated(self) -> bool:
        """The report gives its own date (not one vaguer than a month around publication)."""
        return self.own_start is not None and not self.coarse

    @property
    def day(self) -> date | None:
        """The day the report places the event on: its own date, else (or when that is coarse
        around the publication date) the publication date."""
        if self.own_start and not self.coarse:
            return self.own_start
        return self.published or self.own_start

    def window(self, rule: DedupRule) -> tuple[date, date] | None:
        if self.own_start and not self.coarse:
            return self.own_start, self.own_end or self.own_start
        if self.published:
            return self.published - timedelta(days=rule.undated_window), self.published
        return None


@dataclass
class Cluster:
    reports: list[Report]
    similarity: list[float]
    window: tuple[date, date] | None
    sources: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    named_sources: set[str] = field(default_factory=set)
    named_targets: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    dated: bool = False  # some report gives its own date
    published: date | None = None  # its first report's publication date

    def add(self, r: Report, sim: float, rule: DedupRule) -> None:
        self.reports.append(r)
        self.dated = self.dated or r.dated
        if r.published and (self.published is None or r.published < self.published):
            self.published = r.published
        self.similarity.append(sim)
        self.sources |= r.sources
        self.targets |= r.targets
        self.named_sources |= r.named_sources
        self.named_targets |= r.named_targets
        if r.place:
            self.places.add(r.place)
        w = r.window(rule)
        if self.window is None:
            self.window = w
        elif w is not None:
            inter = (max(self.window[0], w[0]), min(self.window[1], w[1]))
            if inter[0] <= inter[1]:  # an overlap only within the slack keeps the tighter window
                self.window = inter


def content_words(text: str, leave_out: Iterable[str] = ()) -> frozenset[str]:
    """The content words of an evidence sentence, lower-cased and cut to five letters, without
    the words of ``leave_out`` (the participants' mentions)."""
    out = set()
    for w in _WORD.findall(text.lower()):
        w = re.sub(r"['’]s$", "", w)
        if w not in STOP_WORDS and len(w) > 1:
            out.add(w[:5])
    for phrase in leave_out:
        out -= content_words(phrase)
    return frozenset(out)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _similar(r: Report, x: Report) -> float:
    """Evidence similarity; within one story (a document and its copies) the trigger does not count:
    an article that tells one act twice retells its content, not only its verb ("Biden attacked Trump
    for the deaths" and "Biden attacked Trump for the 'losers' comment" are two attacks)."""
    if r.root == x.root:
        return similarity(r.words - r.trigger_words, x.words - x.trigger_words)
    return similarity(r.words, x.words)


def _overlap(mine: frozenset[str] | set[str], theirs: frozenset[str] | set[str]) -> bool:
    """Two sides fit when one of them names no one, or when they share someone and one names no
    party the other lacks: a report may name fewer parties than another of its event ('Israel'
    against 'Israel and the UAE'), but two that each name one the other does not ('Israel and the
    UAE', 'Israel and Sudan') tell two events."""
    if not mine or not theirs:
        return True
    return bool(mine & theirs) and (mine <= theirs or theirs <= mine)


def _same_people(mine: frozenset[str] | set[str], theirs: frozenset[str] | set[str]) -> bool:
    """Two sides name the same people when they share one, a name told in part counting ("Biden",
    unresolved, is "Joe Biden"; "Hunter Biden" is not), or when one of them names no one."""
    if not mine or not theirs or mine & theirs:
        return True
    words = [frozenset(n.lower().split()) for n in theirs]
    return any(w <= v or v <= w for n in mine for w in [frozenset(n.lower().split())] for v in words)


def _sides_fit(r: Report, c: Cluster, rule: DedupRule) -> bool:
    mine = r.sources | r.targets
    theirs = c.sources | c.targets
    shared = mine & theirs
    if not shared:
        return False
    if r.reciprocal or r.type in rule.symmetric or any(x.reciprocal for x in c.reports):
        # sides not told apart: two parties each must share two ("Putin met Xi" is not "Blinken met Xi")
        named = _same_people(r.named_sources | r.named_targets, c.named_sources | c.named_targets)
        return named and len(shared) >= min(2, len(mine), len(theirs))
    return (_overlap(r.sources, c.sources) and _overlap(r.targets, c.targets)
            and _same_people(r.named_sources, c.named_sources) and _same_people(r.named_targets, c.named_targets))  # fmt: skip


def _place_fits(r: Report, c: Cluster) -> bool:
    return not r.place or not c.places or r.place in c.places


def _dates_fit(r: Report, c: Cluster, rule: DedupRule) -> bool:
    w = r.window(rule)
    if w is None or c.window is None:
        return True
    # the slack absorbs a date told a day off; two undated reports have only their publication
    # windows, which already span ``undated_window`` days, so they must overlap without it
    slack = timedelta(days=rule.date_slack if r.dated or c.dated else 0)
    return w[0] - slack <= c.window[1] and c.window[0] <= w[1] + slack


def _retells(r: Report, c: Cluster, rule: DedupRule) -> float | None:
    """Rule 7: how closely an undated report ``r`` retells the event of ``c``, reported up to
    ``retold_days`` before ``r`` was published; None when it does not."""
    if rule.retold_days <= 0 or r.dated or r.published is None or c.window is None:
        return None
    # the event happened by then, and its first report was published up to ``retold_days`` before
    # (a call of July first reported on 25 September is retold on 30 September; retellings do not
    # chain: each is measured from the first report)
    if (
        c.window[0] > r.published
        or c.published is None
        or not (timedelta(0) <= r.published - c.published <= timedelta(days=rule.retold_days))
    ):
        return None
    if not (_sides_fit(r, c, rule) and _place_fits(r, c)):
        return None
    best = None
    for x in c.reports:
        shared = len((r.words & x.words) - r.trigger_words)
        sim = _similar(r, x)  # within one story the trigger's words do not count, as in rule 5
        if shared >= rule.retold_words and sim >= rule.retold_similarity and (best is None or sim > best):
            best = sim
    return best


def cluster_reports(reports: list[Report], rule: DedupRule = DedupRule()) -> list[Cluster]:
    """Group reports into clusters by the rule (reports must carry their document group ``root``)."""
    far = date(1, 1, 1)
    reports = sorted(reports, key=lambda r: (r.day or far, r.published or far, r.doc_id, r.event_no))
    blocks: dict[tuple[Any, ...], list[Cluster]] = defaultdict(list)
    recent: dict[tuple[Any, ...], list[Cluster]] = defaultdict(list)  # the clusters rule 7 still reaches
    pruned: dict[tuple[Any, ...], date] = {}  # the day each block was last pruned for
    clusters: list[Cluster] = []
    horizon = timedelta(days=rule.undated_window + 2 * rule.date_slack + 1)
    reach = timedelta(days=rule.retold_days)
    for r in reports:
        key = (r.type, r.negated, r.hypothetical, r.aggregate)
        block, told = blocks[key], recent[key]
        if r.day and pruned.get(key) != r.day:  # clusters whose dates lie well before this day are done with
            pruned[key] = r.day
            block[:] = [c for c in block if c.window is None or c.window[1] + horizon >= r.day]
            told[:] = [c for c in told if c.published is None or c.published + reach >= r.day]
        best, best_sim = None, -1.0
        for c in block:
            if any(x.root == r.root and x.doc_id != r.doc_id and x.evidence == r.evidence for x in c.reports):
                best, best_sim = c, 1.0  # the same sentence in a copy of the same document
                break
            if not (_sides_fit(r, c, rule) and _dates_fit(r, c, rule) and _place_fits(r, c)):
                continue
            sim = max(_similar(r, x) for x in c.reports)
            if sim >= rule.similar_evidence and sim > best_sim:
                best, best_sim = c, sim
        if best is None:
            for c in told:
                retold = _retells(r, c, rule)
                if retold is not None and retold > best_sim:
                    best, best_sim = c, retold
        if best is None:
            best = Cluster([], [], None)
            block.append(best)
            told.append(best)
            clusters.append(best)
            best_sim = 1.0
        best.add(r, round(best_sim, 4), rule)
    return clusters


def cluster_id(r: Report) -> str:
    """A cluster's id: stable while its first report stays its first."""
    return "c-" + hashlib.sha1(f"{r.doc_id}\x00{r.event_no}".encode()).hexdigest()[:12]


def outlet(source: str | None, url: str | None) -> str | None:
    """The outlet of a document: its ``source`` field, else its URL's host without 'www.'."""
    if source and source.strip():
        return source.strip().lower()
    url = web_url(url)
    if url:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:  # a malformed URL ('http://[broken/x') names no outlet
            return None
        return host.removeprefix("www.") or None
    return None


def web_url(url: str | None) -> str | None:
    """``url`` when it is a web address (http or https, or a bare host/path), else None: a
    ``javascript:`` or ``data:`` URL from an article's metadata is never handed on."""
    if not url or not url.strip():
        return None
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme in ("http", "https"):
        return url
    if not scheme and not url.startswith(("/", "\\")) and "." in url.split("/")[0]:
        return "https://" + url
    return None


# --- the store ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class DedupReport:
    documents: int
    duplicates: int
    reports: int
    clusters: int


def refresh(store: Store, rule: DedupRule = DedupRule()) -> DedupReport:
    """Recompute the near-duplicates and the event clusters of the whole store."""
    con = store.con
    docs = con.execute(
        "SELECT doc_id, text, published, url, source FROM documents WHERE status = 'ok' ORDER BY doc_id"
    ).fetchall()
    order = {d: (p or date.max, d) for d, _, p, _, _ in docs}
    pairs = near_duplicates({d: t or "" for d, t, *_ in docs}, rule)
    root = _groups(order, pairs, order)
    best_sim: dict[str, float] = {}
    for x, y, s in pairs:
        for d in (x, y):
            best_sim[d] = max(best_sim.get(d, 0.0), s)
    dup_rows = [(d, root[d], best_sim.get(d)) for d in sorted(root) if root[d] != d]
    outlets = {d: outlet(src, url) for d, _, _, url, src in docs}

    parts: dict[tuple[str, int], dict[str, set[str]]] = defaultdict(lambda: {"source": set(), "target": set()})
    named: dict[tuple[str, int], dict[str, set[str]]] = defaultdict(lambda: {"source": set(), "target": set()})
    said: dict[tuple[str, int], list[str]] = defaultdict(list)  # the participants' mention texts
    for doc_id, no, role, country, name, kind, text in con.execute(
        "SELECT doc_id, event_no, role, country, actor_name, kind, text FROM participants"
    ).fetchall():
        p = party(country, name)
        if p:
            parts[(doc_id, no)][role].add(p)
        if name and (kind == "person" or (kind == "org" and not country)):
            named[(doc_id, no)][role].add(name)
        said[(doc_id, no)].append(text or "")
    rows = con.execute(
        "SELECT e.doc_id, e.event_no, e.type, e.quad, e.negated, e.hypothetical, e.reciprocal, "
        "json_extract_string(e.record, '$.aggregate') IS NOT NULL, "
        "e.date_start, e.date_end, e.published, e.certainty, "
        "substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start), e.trigger_text, "
        "json_extract_string(e.record, '$.location.country') "
        "FROM events e JOIN documents d USING (doc_id) WHERE d.status = 'ok'"
    ).fetchall()
    reports = []
    for doc_id, no, typ, quad, neg, hyp, rec, agg, start, end, pub, cert, evidence, trigger, place in rows:
        sides = parts.get((doc_id, no), {"source": set(), "target": set()})
        src, tgt = frozenset(sides["source"]), frozenset(sides["target"])
        who = named.get((doc_id, no), {"source": set(), "target": set()})
        nsrc, ntgt = frozenset(who["source"]), frozenset(who["target"])
        if rec:
            src = tgt = src | tgt
            nsrc = ntgt = nsrc | ntgt
        words = content_words(evidence or "", said[(doc_id, no)])
        reports.append(Report(doc_id, no, typ, quad, bool(neg), bool(hyp), bool(rec), bool(agg), start, end, pub,
                              cert or "asserted", evidence or "", src, tgt, words, root.get(doc_id, doc_id),
                              nsrc, ntgt, place, content_words(trigger or "")))  # fmt: skip
    clusters = cluster_reports(reports, rule)

    cluster_rows: list[tuple[Any, ...]] = []
    report_rows: list[tuple[Any, ...]] = []
    dyad_rows: list[tuple[Any, ...]] = []
    for c in clusters:
        first = c.reports[0]
        cid = cluster_id(first)
        days = [r.day for r in c.reports if r.day]
        day = min(days) if days else None
        precise = [r for r in c.reports if r.own_start and not r.coarse]
        end = max((r.own_end or r.own_start) for r in precise if r.own_start) if precise else day
        indep = {outlets.get(r.root) or "doc:" + r.root for r in c.reports}
        certainty = min((r.certainty for r in c.reports), key=lambda x: CERTAINTY_RANK.get(x, 9))
        reciprocal = any(r.reciprocal for r in c.reports)
        cluster_rows.append((cid, first.type, first.quad, first.negated, first.hypothetical, reciprocal, day,
                             day, end, sorted(c.sources), sorted(c.targets), len(c.reports),
                             len({r.doc_id for r in c.reports}), len(indep), certainty, first.doc_id,
                             first.event_no))  # fmt: skip
        report_rows.extend((cid, r.doc_id, r.event_no, s) for r, s in zip(c.reports, c.similarity, strict=True))
        pairs_of = set()
        if reciprocal:
            everyone = c.sources | c.targets
            pairs_of = {(x, y) for x in everyone for y in everyone if x != y}
        else:
            pairs_of = {(x, y) for x in c.sources for y in c.targets if x != y}
        dyad_rows.extend((cid, x, y) for x, y in sorted(pairs_of))
    store.replace_dedup({"duplicates": dup_rows, "clusters": cluster_rows, "cluster_reports": report_rows,
                         "cluster_dyads": dyad_rows})  # fmt: skip
    return DedupReport(len(docs), len(dup_rows), len(reports), len(clusters))
