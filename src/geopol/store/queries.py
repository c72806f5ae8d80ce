"""Read-side queries over the store: the summary, filtered events, one document's records.

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
    dyads = con.execute(
        """
        WITH pairs AS (
            SELECT DISTINCT e.doc_id, e.event_no, e.quad, t.role = 'target' AS directed,
                   -- an IGO/NGO/MNC is its own party ('European Union'), a state's actors are the state
                   CASE WHEN s.country IN ('IGO', 'NGO', 'MNC') THEN s.actor_name ELSE s.country END AS a,
                   CASE WHEN t.country IN ('IGO', 'NGO', 'MNC') THEN t.actor_name ELSE t.country END AS b
            FROM events e
            JOIN participants s ON s.doc_id = e.doc_id AND s.event_no = e.event_no AND s.role = 'source'
            JOIN participants t ON t.doc_id = e.doc_id AND t.event_no = e.event_no
                 AND (t.role = 'target' OR (e.reciprocal AND t.role = 'source'))
            WHERE s.country IS NOT NULL AND t.country IS NOT NULL
              AND NOT e.negated AND NOT e.hypothetical
        ), dyads AS (
            SELECT * FROM pairs WHERE a <> b AND (directed OR a < b)  -- a joint act counts once
        )
        SELECT a, b, count(*) AS n,
               count(*) FILTER (WHERE quad IN (1, 2)) AS coop,
               count(*) FILTER (WHERE quad IN (3, 4)) AS conflict
        FROM dyads GROUP BY a, b ORDER BY n DESC, a, b LIMIT ?
        """,
        [top],
    ).fetchall()
    n_events = con.execute("SELECT count(*) FROM events").fetchone()
    return {
        "documents": {"ok": status.get("ok", 0), "failed": status.get("error", 0)},
        "errors": [{"code": c, "count": n} for c, n in errors],
        "actors": {"distinct": n_actors[0] if n_actors else 0,
                   "top": [{"name": a, "country": c, "kind": k, "mentions": n} for a, c, k, n in actors]},
        "events": {"total": n_events[0] if n_events else 0, "by_type": dict(by_type)},
        "dyads": [{"source": a, "target": b, "events": n, "cooperation": co, "conflict": cf}
                  for a, b, n, co, cf in dyads],
    }  # fmt: skip


def find_events(store: Store, f: EventFilter) -> list[dict[str, Any]]:
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if f.types:
        where.append("list_contains(?, e.type)")
        params.append(list(f.types))
    if f.country:
        where.append(
            "EXISTS (SELECT 1 FROM participants p WHERE p.doc_id = e.doc_id AND p.event_no = e.event_no AND p.country = ?)"
        )
        params.append(f.country.upper())
    if f.actor:
        where.append(
            "EXISTS (SELECT 1 FROM participants p WHERE p.doc_id = e.doc_id AND p.event_no = e.event_no "
            "AND (p.actor_name ILIKE ? ESCAPE '\\' OR p.text ILIKE ? ESCAPE '\\'))"
        )
        like = "%" + f.actor.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params += [like, like]
    if f.since:
        where.append("coalesce(e.date_start, e.published) >= ?")
        params.append(f.since)
    if f.until:
        where.append("coalesce(e.date_start, e.published) <= ?")
        params.append(f.until)
    if f.doc_id:
        where.append("e.doc_id = ?")
        params.append(f.doc_id)
    sql = f"""
        SELECT e.doc_id, e.event_no, coalesce(e.date_start, e.published) AS date, e.record,
               substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS evidence
        FROM events e JOIN documents d USING (doc_id)
        WHERE {" AND ".join(where)}
        ORDER BY date NULLS LAST, e.doc_id, e.event_no LIMIT ?
    """
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
    row = store.con.execute(
        "SELECT doc_id, status, error_code, error_message, title, published, url, origin, text "
        "FROM documents WHERE doc_id = ?",
        [doc_id],
    ).fetchone()
    if row is None:
        raise GeopolError(Errors.E202, doc_id=doc_id, path=store.path)
    keys = ("doc_id", "status", "error_code", "error_message", "title", "published", "url", "origin", "text")
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
        rows = store.con.execute(f"SELECT record FROM {table} WHERE doc_id = ? ORDER BY {key}", [doc_id]).fetchall()
        doc[table] = [json.loads(r[0]) for r in rows]
    return doc


def list_documents(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    rows = store.con.execute(
        "SELECT d.doc_id, d.status, d.error_code, d.published, d.title, "
        "(SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) FROM documents d "
        "ORDER BY d.published NULLS LAST, d.doc_id LIMIT ?",
        [limit],
    ).fetchall()
    keys = ("doc_id", "status", "error_code", "published", "title", "events")
    return [dict(zip(keys, r, strict=True)) for r in rows]
