"""Read-side queries over the store: the summary, filtered events, one document's records.
(Aggregates over event clusters and the pages of the HTTP API are in :mod:`geopol.analysis`.)

Every query is parameterised; filters never build SQL from user text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import Errors, GeopolError
from .duck import Store

QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None  # substring of an actor's name or mention text, any case
    country: str | None = None  # ISO-3 of a source or target participant
    types: tuple[str, ...] = ()
    since: date | None = None  # on the event's date, else the document's publication date
    until: date | None = None
    doc_id: str | None = None
    limit: int = 1000


def summary(store: Store, top: int = 10) -> dict[str, Any]:
    con = store.con
    status = dict(con.execute("SELECT status, count(*) FROM documents GROUP BY status").fetchall())
    errors = con.execute(
        "SELECT error_code, count(*) FROM documents WHERE status = 'error' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    actors = con.execute(
        "SELECT actor_name, country, kind, count(*) AS n FROM mentions WHERE how <> 'pronoun' "
        "GROUP BY ALL ORDER BY n DESC, actor_name LIMIT ?",
        [top],
    ).fetchall()
    n_actors = con.execute("SELECT count(DISTINCT actor_name) FROM mentions").fetchone()
    by_type = con.execute("SELECT type, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    # dyads count real-world events (clusters, see geopol.analysis.dedup), not reports; a joint act
    # ('China and Russia agreed') is in cluster_dyads both ways and counts once
    dyads = con.execute(
        """
        SELECT d.a, d.b, count(DISTINCT c.cluster_id) AS n,
               count(DISTINCT c.cluster_id) FILTER (WHERE c.quad IN (1, 2)) AS coop,
               count(DISTINCT c.cluster_id) FILTER (WHERE c.quad IN (3, 4)) AS conflict
        FROM cluster_dyads d JOIN clusters c USING (cluster_id)
        WHERE NOT c.negated AND NOT c.hypothetical AND (NOT c.reciprocal OR d.a < d.b)
        GROUP BY d.a, d.b ORDER BY n DESC, d.a, d.b LIMIT ?
        """,
        [top],
    ).fetchall()
    by_cluster = dict(con.execute("SELECT type, count(*) FROM clusters GROUP BY 1").fetchall())
    # what the analysis counts: clusters that happened (negated and hypothetical ones apart)
    happened = dict(con.execute(
        "SELECT type, count(*) FROM clusters WHERE NOT negated AND NOT hypothetical GROUP BY 1").fetchall())  # fmt: skip
    unreal = con.execute(
        "SELECT count(*) FILTER (WHERE negated), count(*) FILTER (WHERE hypothetical AND NOT negated), "
        "count(*) FILTER (WHERE negated OR hypothetical) FROM events"
    ).fetchone() or (0, 0, 0)
    n_clusters = sum(by_cluster.values())
    n_events, own_date, background = con.execute(
        "SELECT count(*), count(date_start), count(*) FILTER (WHERE background) FROM events"
    ).fetchone() or (0, 0, 0)
    return {
        "documents": {"ok": status.get("ok", 0), "failed": status.get("error", 0)},
        "errors": [{"code": c, "count": n} for c, n in errors],
        "actors": {"distinct": n_actors[0] if n_actors else 0,
                   "top": [{"name": a, "country": c, "kind": k, "mentions": n} for a, c, k, n in actors]},
        # own_date: events whose text dates them (the others take their document's publication date);
        # background: dated over a year before publication (left out of series and trends by default)
        "events": {"total": n_events, "own_date": own_date, "background": background,
                   "by_type": dict(by_type), "clusters": n_clusters,
                   "clusters_by_type": {t: by_cluster.get(t, 0) for t, _ in by_type},
                   "happened": sum(happened.values()),
                   "happened_by_type": {t: happened.get(t, 0) for t, _ in by_type},
                   "negated_reports": unreal[0], "hypothetical_reports": unreal[1],
                   "unreal_by_type": {t: by_cluster.get(t, 0) - happened.get(t, 0) for t, _ in by_type}},
        "dyads": [{"source": a, "target": b, "events": n, "cooperation": co, "conflict": cf}
                  for a, b, n, co, cf in dyads],
    }  # fmt: skip


PARTICIPANT = "EXISTS (SELECT 1 FROM participants p WHERE p.doc_id = e.doc_id AND p.event_no = e.event_no AND {})"


def like(text: str) -> str:
    """A substring pattern for ILIKE ... ESCAPE '\\': the user's % and _ are plain characters."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def event_conditions(f: EventFilter) -> tuple[list[str], list[Any]]:
    """SQL conditions (over ``events e``) and their parameters for a filter; never SQL from user text."""
    day = "coalesce(e.date_start, e.published)"
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    for value, cond, args in (
        (f.types, "list_contains(?, e.type)", [list(f.types)]),
        (f.country, PARTICIPANT.format("p.country = ?"), [(f.country or "").upper()]),
        (f.actor, PARTICIPANT.format("(p.actor_name ILIKE ? ESCAPE '\\' OR p.text ILIKE ? ESCAPE '\\')"),
         [like(f.actor or "")] * 2),
        (f.since, f"{day} >= ?", [f.since]),
        (f.until, f"{day} <= ?", [f.until]),
        (f.doc_id, "e.doc_id = ?", [f.doc_id]),
    ):  # fmt: skip
        if value:
            where.append(cond)
            params += args
    return where, params


def find_events(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    where, params = event_conditions(f)
    sql = f"""
        SELECT e.doc_id, e.event_no, coalesce(e.date_start, e.published) AS date, e.record,
               substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS evidence
        FROM events e JOIN documents d USING (doc_id)
        WHERE {" AND ".join(where)}
        ORDER BY coalesce(e.background, FALSE), date NULLS LAST, e.doc_id, e.event_no LIMIT ?
    """  # background facts (over a year before publication) after the news, as on the page
    rows = store.con.execute(sql, [*params, f.limit]).fetchall()
    out = []
    for doc_id, no, day, record, evidence in rows:
        rec = json.loads(record)
        # 'day': the event's own date, else its document's publication date ('date' is the
        # event's own structured date from the record, null when the text gives none)
        out.append({"doc_id": doc_id, "event_no": no, "day": day.isoformat() if day else None,
                    "evidence": evidence, **rec})  # fmt: skip
    return out


def document(store: Store, doc_id: str) -> dict[str, Any]:
    """One stored document with its mentions, events, claims (``claim_no``) and figures
    (``figure_no``); E202 when there is none."""
    row = store.con.execute(
        "SELECT doc_id, status, error_code, error_message, title, published, url, origin, text, source "
        "FROM documents WHERE doc_id = ?",
        [doc_id],
    ).fetchone()
    if row is None:
        raise GeopolError(Errors.E202, doc_id=doc_id, path=store.path)
    keys = ("doc_id", "status", "error_code", "error_message", "title", "published", "url", "origin", "text", "source")
    doc = dict(zip(keys, row, strict=True))
    mentions = store.con.execute(
        'SELECT "start", "end", text, actor_name, country, sector, kind, how, confidence, why, located '
        "FROM mentions WHERE doc_id = ? ORDER BY mention_no",
        [doc_id],
    ).fetchall()
    mkeys = ("start", "end", "text", "name", "country", "sector", "kind", "how", "confidence", "why", "located")
    doc["mentions"] = [dict(zip(mkeys, m, strict=True)) for m in mentions]
    doc["events"] = find_events(store, EventFilter(doc_id=doc_id, limit=100_000))
    for table, key in (("claims", "claim_no"), ("figures", "figure_no")):
        rows = store.con.execute(f"SELECT {key}, record FROM {table} WHERE doc_id = ? ORDER BY {key}", [doc_id])
        doc[table] = [{key: no, **json.loads(record)} for no, record in rows.fetchall()]
    return doc
