"""Aggregates over event clusters (never over reports): dyad time series, the actor network, actor
profiles and trends. A cluster is dated by its ``day`` (its own date when a report gives one, else
its first publication date); negated and hypothetical clusters never count.

Every function takes a :class:`~geopol.store.Store` and returns plain JSON-ready structures;
:mod:`geopol.analysis.frames` turns them into pandas or polars DataFrames.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from ..actors import load_kb, person_roles
from ..errors import Errors, GeopolError
from ..records import PLOVER_TYPES
from ..store import Store
from ..store.queries import like
from .parties import labels, party_sql
from .score import SCALE, score

STEPS = ("day", "week", "month")
MAX_BINS = 5000  # periods one series may span (query cost limit)
# a cluster (``cl``) that counts: it happened (not negated, not hypothetical) on a known day
HAPPENED = "NOT cl.negated AND NOT cl.hypothetical AND cl.day IS NOT NULL"
_DATED = "cl.day IS NOT NULL"  # with include_unreal: negated and hypothetical clusters count too
# a cluster is background (geopol.records.is_background) when every report of it is
_NEWS = """EXISTS (SELECT 1 FROM cluster_reports r JOIN events e USING (doc_id, event_no)
                  WHERE r.cluster_id = cl.cluster_id AND NOT coalesce(e.background, FALSE))"""


def _counted(include_unreal: bool) -> str:
    """The clusters an aggregate counts: those that happened, or (``include_unreal``) also the
    negated ('did not agree') and hypothetical ('could agree') ones."""
    return _DATED if include_unreal else HAPPENED


def _check_step(by: str) -> None:
    if by not in STEPS:
        raise GeopolError(Errors.E400, detail=f"step '{by}' is not one of {', '.join(STEPS)}")


def _check_types(types: tuple[str, ...] | list[str]) -> list[str]:
    bad = [t for t in types if t not in PLOVER_TYPES]
    if bad:
        raise GeopolError(Errors.E400, detail=f"unknown PLOVER type {bad[0]!r}")
    return list(types)


def _period(day: date, by: str) -> date:
    if by == "month":
        return day.replace(day=1)
    if by == "week":
        return day - timedelta(days=day.weekday())
    return day


def _next(day: date, by: str) -> date:
    if by == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=7 if by == "week" else 1)


def periods(first: date, last: date, by: str) -> list[date]:
    """Every period from the one holding ``first`` to the one holding ``last`` (empty ones included)."""
    out, p = [], _period(first, by)
    end = _period(last, by)
    while p <= end:
        out.append(p)
        if len(out) > MAX_BINS:
            raise GeopolError(Errors.E413, detail=f"more than {MAX_BINS} {by}s")
        try:
            p = _next(p, by)
        except OverflowError:  # the last period before 9999-12-31
            break
    return out


def count_periods(first: date, last: date, by: str) -> int:
    """How many periods ``periods(first, last, by)`` has, without listing them."""
    a, b = _period(first, by), _period(last, by)
    if by == "month":
        return (b.year - a.year) * 12 + b.month - a.month + 1
    return (b - a).days // (7 if by == "week" else 1) + 1


def fit_span(first: date, last: date, by: str) -> tuple[str, date, str | None]:
    """The step and first day of a series from ``first`` to ``last`` that stays within ``MAX_BINS``
    periods: ``by`` when it does; else the finest coarser step that does; else months, clipped to
    the last ``MAX_BINS`` of them. The third value says what changed, for the response (else None)."""
    n = count_periods(first, last, by)
    if n <= MAX_BINS:
        return by, first, None
    for step in STEPS[STEPS.index(by) + 1 :]:
        if count_periods(first, last, step) <= MAX_BINS:
            return step, first, f"{n} {by}s from {first} to {last} are over the limit of {MAX_BINS}: by {step} instead"
    end = _period(last, "month")
    months = max(end.year * 12 + end.month - 1 - (MAX_BINS - 1), 12)
    start = date(months // 12, months % 12 + 1, 1)
    return "month", start, f"{first} to {last} is over {MAX_BINS} months: by month from {start} on"


def resolve_party(store: Store, query: str) -> str:
    """The party a user means: an ISO-3 code ('CHN', 'chn'), a state's name ('China'), an
    organisation ('European Union'), or any resolved actor's name or alias in the store ('Putin' →
    RUS; part of a name from three letters on). Raises E401 when none matches."""
    q = query.strip()
    if not q:
        raise GeopolError(Errors.E401, query=query)
    found = store.con.execute(
        f"""
        WITH p AS (SELECT {party_sql("m")} AS party, m.actor_name, m.text, m.kind FROM mentions m)
        SELECT party, min(CASE WHEN upper(party) = upper($1) THEN 0
                               WHEN lower(actor_name) = lower($1) AND kind IN ('state', 'igo') THEN 1
                               WHEN lower(actor_name) = lower($1) OR lower(text) = lower($1) THEN 2
                               ELSE 3 END) AS rank, count(*) AS n
        FROM p WHERE party IS NOT NULL AND (upper(party) = upper($1) OR lower(actor_name) = lower($1)
              OR lower(text) = lower($1) OR (length($1) >= 3 AND actor_name ILIKE $2 ESCAPE '\\'))
        GROUP BY party ORDER BY rank, n DESC, party LIMIT 1
        """,
        [q, like(q)],
    ).fetchone()
    if found is None:
        known = store.con.execute("SELECT 1 FROM cluster_dyads WHERE a = $1 OR b = $1 LIMIT 1", [q]).fetchone()
        if known:
            return q
        raise GeopolError(Errors.E401, query=query)
    return str(found[0])


def _bins(rows: list[tuple[Any, ...]], by: str, since: date | None, until: date | None) -> dict[str, Any]:
    """rows: (day, type, quad, reports, sources) per cluster → one point per period, under ``points``;
    ``by`` is the step used and ``note`` says why it is not the one asked for (see ``fit_span``)."""
    days = [r[0] for r in rows]
    first = since or (min(days) if days else None)
    last = until or (max(days) if days else None)
    if first is None or last is None:
        return {"by": by, "note": None, "points": []}
    by, first, note = fit_span(first, last, by)
    grouped: dict[date, list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        if row[0] >= first:
            grouped[_period(row[0], by)].append(row)
    points = []
    for p in periods(first, last, by):
        items = grouped.get(p, [])
        quads = Counter(q for _, _, q, _, _ in items)
        s = score((q, src) for _, _, q, _, src in items)
        points.append({
            "period": p.isoformat(),
            "events": len(items),
            "reports": sum(r for *_, r, _ in items),
            "sources": sum(src for *_, src in items),
            "cooperation": quads[1] + quads[2],
            "conflict": quads[3] + quads[4],
            "by_quad": {str(q): quads[q] for q in (1, 2, 3, 4)},
            "by_type": dict(sorted(Counter(t for _, t, _, _, _ in items).items())),
            "score": s.score, "score_low": s.low, "score_high": s.high,
        })  # fmt: skip
    return {"by": by, "note": note, "points": points}


def dyad_series(store: Store, a: str, b: str, by: str = "month", since: date | None = None,
                until: date | None = None, directed: bool = False, types: tuple[str, ...] = (),
                background: bool = False, include_unreal: bool = False) -> dict[str, Any]:  # fmt: skip
    """Events between two parties per period: clusters (``events``), reports, independent sources,
    counts per quad class and PLOVER type, and the cooperation–conflict score with its interval.
    ``directed``: only a → b; else both directions. ``background``: count background events too.
    ``include_unreal``: count negated and hypothetical events too (left out by default: they did
    not happen). A span too long for ``by`` gets a coarser step, or is clipped: ``by`` and ``note``
    say so."""
    _check_step(by)
    types_l = _check_types(types)
    pa, pb = resolve_party(store, a), resolve_party(store, b)
    if pa == pb:
        raise GeopolError(Errors.E400, detail=f"a dyad needs two parties; '{a}' and '{b}' are both {pa}")
    rows = store.con.execute(
        f"""
        SELECT DISTINCT cl.cluster_id, cl.day, cl.type, cl.quad, cl.reports, cl.sources
        FROM clusters cl JOIN cluster_dyads d USING (cluster_id)
        WHERE {_counted(include_unreal)} AND ((d.a = $1 AND d.b = $2) OR (NOT $3 AND d.a = $2 AND d.b = $1))
          AND ($4::DATE IS NULL OR cl.day >= $4) AND ($5::DATE IS NULL OR cl.day <= $5)
          AND (len($6::VARCHAR[]) = 0 OR list_contains($6::VARCHAR[], cl.type)) AND ($7 OR {_NEWS})
        ORDER BY cl.day
        """,
        [pa, pb, directed, since, until, types_l, background],
    ).fetchall()
    names = labels()
    return {
        "a": pa, "b": pb, "a_label": names.get(pa, pa), "b_label": names.get(pb, pb), "requested_by": by,
        "directed": directed, "background": background, "include_unreal": include_unreal, "scale": SCALE,
        **_bins([(d, t, q, r, s) for _, d, t, q, r, s in rows], by, since, until),
    }  # fmt: skip


def trends(store: Store, by: str = "month", party: str | None = None, since: date | None = None,
           until: date | None = None, types: tuple[str, ...] = (), background: bool = False,
           include_unreal: bool = False) -> dict[str, Any]:  # fmt: skip
    """All events (or one party's) per period, with the same columns, step rule, ``background``
    and ``include_unreal`` switches as a dyad series."""
    _check_step(by)
    types_l = _check_types(types)
    p = resolve_party(store, party) if party else None
    rows = store.con.execute(
        f"""
        SELECT cl.day, cl.type, cl.quad, cl.reports, cl.sources FROM clusters cl
        WHERE {_counted(include_unreal)} AND ($1::VARCHAR IS NULL OR list_contains(cl.source_parties, $1)
                                OR list_contains(cl.target_parties, $1))
          AND ($2::DATE IS NULL OR cl.day >= $2) AND ($3::DATE IS NULL OR cl.day <= $3)
          AND (len($4::VARCHAR[]) = 0 OR list_contains($4::VARCHAR[], cl.type)) AND ($5 OR {_NEWS})
        ORDER BY cl.day
        """,
        [p, since, until, types_l, background],
    ).fetchall()
    return {"party": p, "requested_by": by, "background": background, "include_unreal": include_unreal,
            "scale": SCALE, **_bins(rows, by, since, until)}  # fmt: skip


def network(store: Store, since: date | None = None, until: date | None = None, types: tuple[str, ...] = (),
            min_events: int = 1, limit: int = 200, include_unreal: bool = False) -> dict[str, Any]:  # fmt: skip
    """The actor network over a period: parties as nodes (the ``limit`` most active), an undirected
    edge per pair with its clusters, cooperation, conflict and score (``include_unreal``: negated
    and hypothetical events too)."""
    types_l = _check_types(types)
    if not 1 <= limit <= 2000:
        raise GeopolError(Errors.E413, detail="a network has 1 to 2000 nodes")
    rows = store.con.execute(
        f"""
        SELECT DISTINCT cl.cluster_id, least(d.a, d.b), greatest(d.a, d.b), cl.quad, cl.sources
        FROM clusters cl JOIN cluster_dyads d USING (cluster_id)
        WHERE {_counted(include_unreal)} AND ($1::DATE IS NULL OR cl.day >= $1) AND ($2::DATE IS NULL OR cl.day <= $2)
          AND (len($3::VARCHAR[]) = 0 OR list_contains($3::VARCHAR[], cl.type))
        """,
        [since, until, types_l],
    ).fetchall()
    edges: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    node_events: dict[str, set[str]] = defaultdict(set)
    for cid, x, y, quad, sources in rows:
        edges[(x, y)].append((quad, sources))
        node_events[x].add(cid)
        node_events[y].add(cid)
    kept = [e for e in edges.items() if len(e[1]) >= min_events]
    degree: Counter[str] = Counter()
    for (x, y), _ in kept:
        degree[x] += 1
        degree[y] += 1
    top = sorted(degree, key=lambda n: (-len(node_events[n]), n))[:limit]
    chosen = set(top)
    names = labels()
    nodes = [{"id": n, "label": names.get(n, n), "kind": "state" if n in names else "organisation",
              "events": len(node_events[n]), "degree": degree[n]} for n in top]  # fmt: skip
    out_edges = []
    for (x, y), items in sorted(kept, key=lambda e: (-len(e[1]), e[0])):
        if x in chosen and y in chosen:
            s = score(items)
            out_edges.append({"source": x, "target": y, "events": len(items),
                              "cooperation": sum(1 for q, _ in items if q in (1, 2)),
                              "conflict": sum(1 for q, _ in items if q in (3, 4)), "score": s.score})  # fmt: skip
    return {"nodes": nodes, "edges": out_edges}


def profile(store: Store, who: str, since: date | None = None, until: date | None = None,
            limit: int = 50, include_unreal: bool = False, actors_file: Path | None = None) -> dict[str, Any]:  # fmt: skip
    """One party: its events (as source, as target, by type and quad class), its partners with
    the cooperation–conflict score, the claims it made and the claims about it, the figures that
    concern it (near-duplicate copies left out), and its monthly trend. Events are those that
    happened, unless ``include_unreal`` (then negated and hypothetical ones too). When ``who``
    names a person of the knowledge base (with the user's ``actors_file``), ``person`` holds their
    dated roles and the source of each (:func:`geopol.actors.person_roles`), else None."""
    p = resolve_party(store, who)
    person = None if who.strip().upper() in labels() else person_roles(load_kb(actors_file), who)
    counted = _counted(include_unreal)
    con = store.con
    window = "($2::DATE IS NULL OR cl.day >= $2) AND ($3::DATE IS NULL OR cl.day <= $3)"
    clusters = con.execute(
        f"""SELECT cl.type, cl.quad, list_contains(cl.source_parties, $1), list_contains(cl.target_parties, $1)
            FROM clusters cl WHERE {counted} AND {window}
              AND (list_contains(cl.source_parties, $1) OR list_contains(cl.target_parties, $1))""",
        [p, since, until],
    ).fetchall()
    partners_rows = con.execute(
        f"""SELECT DISTINCT cl.cluster_id, CASE WHEN d.a = $1 THEN d.b ELSE d.a END, cl.quad, cl.sources
            FROM clusters cl JOIN cluster_dyads d USING (cluster_id)
            WHERE {counted} AND {window} AND (d.a = $1 OR d.b = $1)""",
        [p, since, until],
    ).fetchall()
    by_partner: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for cid, other, quad, sources in partners_rows:
        by_partner[other][cid] = (quad, sources)
    names = labels()
    partners: list[dict[str, Any]] = []
    for other, items in by_partner.items():
        vals = list(items.values())
        partners.append({"party": other, "label": names.get(other, other), "events": len(vals),
                         "cooperation": sum(1 for q, _ in vals if q in (1, 2)),
                         "conflict": sum(1 for q, _ in vals if q in (3, 4)), "score": score(vals).score})  # fmt: skip
    partners.sort(key=lambda x: (-x["events"], x["party"]))
    claim_cols = (
        "c.doc_id, c.claim_no, c.kind, c.certainty, c.negated, c.claimant_text, c.claimant_name, "
        "c.claimant_country, c.cue_text, c.content_text, d.title, d.published"
    )
    claimant = "CASE WHEN c.claimant_country IN ('IGO', 'NGO', 'MNC') THEN c.claimant_name ELSE c.claimant_country END"
    made = con.execute(
        f"SELECT {claim_cols} FROM claims c JOIN documents d USING (doc_id) WHERE c.doc_id NOT IN (SELECT doc_id FROM duplicates) AND {claimant} = $1 "
        "AND ($2::DATE IS NULL OR d.published >= $2) AND ($3::DATE IS NULL OR d.published <= $3) "
        "ORDER BY d.published DESC NULLS LAST, c.doc_id, c.claim_no LIMIT $4",
        [p, since, until, limit],
    ).fetchall()
    about = con.execute(
        f"""SELECT {claim_cols} FROM claims c JOIN documents d USING (doc_id)
            WHERE c.doc_id NOT IN (SELECT doc_id FROM duplicates) AND ({claimant} IS NULL OR {claimant} <> $1)
              AND EXISTS (SELECT 1 FROM mentions m WHERE m.doc_id = c.doc_id AND m."start" >= c.content_start
                          AND m."end" <= c.content_end AND {party_sql("m")} = $1)
              AND ($2::DATE IS NULL OR d.published >= $2) AND ($3::DATE IS NULL OR d.published <= $3)
            ORDER BY d.published DESC NULLS LAST, c.doc_id, c.claim_no LIMIT $4""",
        [p, since, until, limit],
    ).fetchall()
    keys = ("doc_id", "claim_no", "kind", "certainty", "negated", "claimant_text", "claimant_name",
            "claimant_country", "cue", "content", "title", "published")  # fmt: skip
    figures = con.execute(
        """SELECT f.doc_id, f.figure_no, f.text, f.value, f.upper, f.unit, f.bound, f.quantity, f.period_start,
                  f.period_end, d.title, d.published
           FROM figures f JOIN documents d USING (doc_id) WHERE list_contains(f.countries, $1)
             AND f.doc_id NOT IN (SELECT doc_id FROM duplicates)
             AND ($2::DATE IS NULL OR d.published >= $2) AND ($3::DATE IS NULL OR d.published <= $3)
           ORDER BY d.published DESC NULLS LAST, f.doc_id, f.figure_no LIMIT $4""",
        [p, since, until, limit],
    ).fetchall()
    fkeys = ("doc_id", "figure_no", "text", "value", "upper", "unit", "bound", "quantity", "period_start",
             "period_end", "title", "published")  # fmt: skip
    trend = trends(store, "month", p, since, until, include_unreal=include_unreal)["points"]
    return {
        "party": p,
        "label": names.get(p, p),
        "kind": "state" if p in names else "organisation",
        "person": person,
        "include_unreal": include_unreal,
        "events": {
            "total": len(clusters),
            "as_source": sum(1 for *_, s, _ in clusters if s),
            "as_target": sum(1 for *_, t in clusters if t),
            "by_type": dict(Counter(t for t, *_ in clusters).most_common()),
            "by_quad": {str(q): sum(1 for _, x, *_ in clusters if x == q) for q in (1, 2, 3, 4)},
        },
        "partners": partners,
        "claims_made": [_jsonable(dict(zip(keys, r, strict=True))) for r in made],
        "claims_about": [_jsonable(dict(zip(keys, r, strict=True))) for r in about],
        "figures": [_jsonable(dict(zip(fkeys, r, strict=True))) for r in figures],
        "trend": [{k: pt[k] for k in ("period", "events", "cooperation", "conflict", "score")} for pt in trend],
    }


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
