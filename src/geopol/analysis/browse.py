"""Pages over the store for readers: events with filters, event clusters with their reports,
documents with every mark (actors, events, claims, figures), evidence search, and the parties.

Every function returns JSON-ready dicts; lists come as pages ``{items, total, limit, offset,
next_offset}``. Every query is parameterised: user text only ever reaches SQL as a parameter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import Errors, GeopolError
from ..records import PLOVER_TYPES
from ..store import EventFilter, Store
from ..store.queries import PARTICIPANT, event_conditions, like
from ..store.queries import document as stored_document
from .aggregates import HAPPENED, resolve_party
from .dedup import CERTAINTY_RANK, outlet, web_url
from .parties import labels, party_sql

MAX_PAGE = 500
MAX_OFFSET = 1_000_000
MAX_QUERY = 200  # characters of a search


def _page_args(limit: int, offset: int) -> None:
    if limit < 1 or offset < 0:
        raise GeopolError(Errors.E400, detail=f"limit must be at least 1 and offset at least 0 ({limit}, {offset})")
    if limit > MAX_PAGE:
        raise GeopolError(Errors.E413, detail=f"a page holds at most {MAX_PAGE} items (limit={limit})")
    if offset > MAX_OFFSET:
        raise GeopolError(Errors.E413, detail=f"offset runs up to {MAX_OFFSET}")


def _page(items: list[dict[str, Any]], total: int, limit: int, offset: int) -> dict[str, Any]:
    nxt = offset + limit if offset + limit < total else None
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next_offset": nxt}


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, date) else v


def _search_text(q: str) -> str:
    q = q.strip()
    if len(q) > MAX_QUERY:
        raise GeopolError(Errors.E413, detail=f"a search has at most {MAX_QUERY} characters")
    return like(q)


def _mention(m: dict[str, Any]) -> dict[str, Any]:
    actor = m.get("actor") or {}
    return {"text": m.get("text"), "start": m.get("start"), "end": m.get("end"), "name": actor.get("name"),
            "country": actor.get("country"), "sector": actor.get("sector"), "kind": actor.get("kind")}  # fmt: skip


# --- events -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class EventQuery:
    """Filters of an events page; every field is optional."""

    types: tuple[str, ...] = ()
    certainty: tuple[str, ...] = ()
    country: str | None = None  # ISO-3 of any participant
    actor: str | None = None  # a party as profiles count them: ISO-3, a state's name, an organisation, a person
    a: str | None = None  # a dyad: both parties take part (either side)
    b: str | None = None
    since: date | None = None
    until: date | None = None
    outlet: str | None = None
    doc_id: str | None = None
    q: str | None = None  # substring of the evidence sentence
    cluster_id: str | None = None


_EVENT_FROM = """
    FROM events e JOIN documents d USING (doc_id)
    LEFT JOIN cluster_reports cr ON cr.doc_id = e.doc_id AND cr.event_no = e.event_no
    LEFT JOIN clusters cl ON cl.cluster_id = cr.cluster_id
"""
_EVENT_SELECT = f"""
    SELECT e.doc_id, e.event_no, e.record, e.quad, coalesce(e.date_start, e.published) AS day,
           substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS evidence,
           cr.cluster_id, cl.reports, d.title, d.url, d.source, d.published
    {_EVENT_FROM}
"""


def _event_row(row: tuple[Any, ...]) -> dict[str, Any]:
    doc_id, no, record, quad, day, evidence, cid, reports, title, url, source, published = row
    rec = json.loads(record)
    return {
        "id": f"{doc_id}:{no}", "doc_id": doc_id, "event_no": no, "type": rec["type"], "quad": quad,
        "mode": rec.get("mode"), "context": rec.get("context") or [], "day": _iso(day), "date": rec.get("date"),
        "certainty": rec.get("certainty"), "negated": rec.get("negated"), "hypothetical": rec.get("hypothetical"),
        "future": rec.get("future"), "reciprocal": rec.get("reciprocal"),
        "source": [_mention(m) for m in rec.get("source") or []],
        "target": [_mention(m) for m in rec.get("target") or []],
        "trigger": rec.get("trigger"), "sentence": rec.get("sentence"), "evidence": evidence,
        "attribution": rec.get("attribution"), "location": rec.get("location"), "aggregate": rec.get("aggregate"),
        "claim_no": rec.get("claim"), "cluster_id": cid, "cluster_reports": reports or 1,
        "title": title, "outlet": outlet(source, url), "published": _iso(published), "url": web_url(url),
        "background": bool(rec.get("background")),
        "repeats": rec.get("repeats") or [],  # later sentences of the document that tell it again
    }  # fmt: skip


def events(store: Store, f: EventQuery = EventQuery(), limit: int = 50, offset: int = 0) -> dict[str, Any]:
    _page_args(limit, offset)
    bad = [t for t in f.types if t not in PLOVER_TYPES]
    if bad:
        raise GeopolError(Errors.E400, detail=f"unknown PLOVER type {bad[0]!r}")
    bad = [c for c in f.certainty if c not in CERTAINTY_RANK]
    if bad:
        raise GeopolError(Errors.E400, detail=f"certainty {bad[0]!r} is not one of {', '.join(CERTAINTY_RANK)}")
    for text in (f.actor, f.outlet, f.q):
        if text:
            _search_text(text)  # E413 when too long
    # the actor is a party (the unit of profiles and dyads), never a substring of a name: 'CHN' is
    # China's events whatever its actors are called, and 'rus' is not Cyprus or Belarus
    where, params = event_conditions(EventFilter(None, f.country, f.types, f.since, f.until, f.doc_id))
    sentence = "substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start)"
    for value, cond, args in (
        (f.certainty, "list_contains(?, e.certainty)", lambda: [list(f.certainty)]),
        (f.actor, PARTICIPANT.format(f"{party_sql('p')} = ?"), lambda: [resolve_party(store, f.actor or "")]),
        (f.a, PARTICIPANT.format(f"{party_sql('p')} = ?"), lambda: [resolve_party(store, f.a or "")]),
        (f.b, PARTICIPANT.format(f"{party_sql('p')} = ?"), lambda: [resolve_party(store, f.b or "")]),
        (f.outlet, "(d.source ILIKE ? ESCAPE '\\' OR d.url ILIKE ? ESCAPE '\\')", lambda: [like(f.outlet or "")] * 2),
        (f.cluster_id, "cr.cluster_id = ?", lambda: [f.cluster_id]),
        (f.q, f"{sentence} ILIKE ? ESCAPE '\\'", lambda: [like(f.q or "")]),
    ):  # fmt: skip
        if value:
            where.append(cond)
            params += args()
    cond = " AND ".join(where)
    # 'events': the real-world events (clusters) these reports tell of that happened, as every
    # aggregate and profile counts them (not negated, not hypothetical)
    counts = store.con.execute(
        f"SELECT count(*), count(DISTINCT cr.cluster_id) FILTER (WHERE {HAPPENED}) {_EVENT_FROM} WHERE {cond}", params
    ).fetchone()
    rows = store.con.execute(
        # background facts (dated over a year before publication) after the news, so that a page does
        # not open on 1905
        f"{_EVENT_SELECT} WHERE {cond} ORDER BY coalesce(e.background, FALSE), day NULLS LAST, e.doc_id, e.event_no "
        "LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    page = _page([_event_row(r) for r in rows], counts[0] if counts else 0, limit, offset)
    page["events"] = counts[1] if counts else 0
    return page


def event(store: Store, doc_id: str, event_no: int) -> dict[str, Any]:
    row = store.con.execute(f"{_EVENT_SELECT} WHERE e.doc_id = ? AND e.event_no = ?", [doc_id, event_no]).fetchone()
    if row is None:
        raise GeopolError(Errors.E402, what="event", key=f"{doc_id}:{event_no}")
    return _event_row(row)


# --- clusters -----------------------------------------------------------------------------------
_CLUSTER_COLS = (
    "cl.cluster_id, cl.type, cl.quad, cl.negated, cl.hypothetical, cl.reciprocal, cl.day, cl.date_start, "
    "cl.date_end, cl.source_parties, cl.target_parties, cl.reports, cl.documents, cl.sources, cl.certainty, "
    "substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start)"
)
_CLUSTER_KEYS = ("cluster_id", "type", "quad", "negated", "hypothetical", "reciprocal", "day", "date_start",
                 "date_end", "source_parties", "target_parties", "reports", "documents", "sources", "certainty",
                 "evidence")  # fmt: skip
_CLUSTER_FROM = (
    "FROM clusters cl JOIN events e ON e.doc_id = cl.first_doc AND e.event_no = cl.first_event "
    "JOIN documents d ON d.doc_id = cl.first_doc"
)


def clusters(store: Store, types: tuple[str, ...] = (), a: str | None = None, b: str | None = None,
             since: date | None = None, until: date | None = None, min_reports: int = 1,
             limit: int = 50, offset: int = 0) -> dict[str, Any]:  # fmt: skip
    """Event clusters, the most reported first."""
    _page_args(limit, offset)
    bad = [t for t in types if t not in PLOVER_TYPES]
    if bad:
        raise GeopolError(Errors.E400, detail=f"unknown PLOVER type {bad[0]!r}")
    where: list[str] = ["cl.reports >= ?"]
    params: list[Any] = [min_reports]
    if types:
        where.append("list_contains(?, cl.type)")
        params.append(list(types))
    for side in (a, b):
        if side:
            where.append("(list_contains(cl.source_parties, ?) OR list_contains(cl.target_parties, ?))")
            p = resolve_party(store, side)
            params += [p, p]
    if since:
        where.append("cl.day >= ?")
        params.append(since)
    if until:
        where.append("cl.day <= ?")
        params.append(until)
    cond = " AND ".join(where)
    total = store.con.execute(f"SELECT count(*) FROM clusters cl WHERE {cond}", params).fetchone()
    rows = store.con.execute(
        f"SELECT {_CLUSTER_COLS} {_CLUSTER_FROM} WHERE {cond} "
        "ORDER BY cl.reports DESC, cl.day NULLS LAST, cl.cluster_id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    items = [{k: _iso(v) for k, v in zip(_CLUSTER_KEYS, r, strict=True)} for r in rows]
    return _page(items, total[0] if total else 0, limit, offset)


def cluster(store: Store, cluster_id: str) -> dict[str, Any]:
    """One cluster with every report: its document, outlet, date, certainty and evidence."""
    row = store.con.execute(f"SELECT {_CLUSTER_COLS} {_CLUSTER_FROM} WHERE cl.cluster_id = ?", [cluster_id]).fetchone()
    if row is None:
        raise GeopolError(Errors.E402, what="cluster", key=cluster_id)
    out = {k: _iso(v) for k, v in zip(_CLUSTER_KEYS, row, strict=True)}
    reports = store.con.execute(
        """SELECT cr.doc_id, cr.event_no, cr.similarity, d.title, d.source, d.url, d.published, e.certainty,
                  substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start),
                  e.trigger_text, e.trigger_start, e.trigger_end, dup.duplicate_of
           FROM cluster_reports cr JOIN events e USING (doc_id, event_no) JOIN documents d USING (doc_id)
           LEFT JOIN duplicates dup ON dup.doc_id = cr.doc_id
           WHERE cr.cluster_id = ? ORDER BY d.published NULLS LAST, cr.doc_id, cr.event_no""",
        [cluster_id],
    ).fetchall()
    out["reports"] = [
        {"doc_id": d, "event_no": n, "similarity": sim, "title": title, "outlet": outlet(src, url), "url": web_url(url),
         "published": _iso(pub), "certainty": cert, "evidence": ev, "duplicate_of": dup,
         "trigger": {"text": tt, "start": ts, "end": te}}
        for d, n, sim, title, src, url, pub, cert, ev, tt, ts, te, dup in reports
    ]  # fmt: skip
    return out


# --- documents ----------------------------------------------------------------------------------
def documents(store: Store, q: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Documents (title or text matching ``q``), newest first."""
    _page_args(limit, offset)
    where, params = "TRUE", []
    if q:
        where = "(d.title ILIKE ? ESCAPE '\\' OR d.text ILIKE ? ESCAPE '\\' OR d.doc_id = ?)"
        params = [_search_text(q), _search_text(q), q]
    total = store.con.execute(f"SELECT count(*) FROM documents d WHERE {where}", params).fetchone()
    rows = store.con.execute(
        f"""SELECT d.doc_id, d.title, d.published, d.url, d.source, d.status, d.error_code,
                   (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id), dup.duplicate_of
            FROM documents d LEFT JOIN duplicates dup USING (doc_id) WHERE {where}
            ORDER BY d.published DESC NULLS LAST, d.doc_id LIMIT ? OFFSET ?""",
        [*params, limit, offset],
    ).fetchall()
    items = [{"doc_id": d, "title": t, "published": _iso(p), "url": web_url(u), "outlet": outlet(s, u), "status": st,
              "error_code": code, "events": n, "duplicate_of": dup}
             for d, t, p, u, s, st, code, n, dup in rows]  # fmt: skip
    return _page(items, total[0] if total else 0, limit, offset)


def document(store: Store, doc_id: str) -> dict[str, Any]:
    """One document with its text and every mark on it (offsets into ``text``), its events (with
    their clusters), claims, figures and near-duplicates."""
    try:
        doc = stored_document(store, doc_id)
    except GeopolError as err:
        raise GeopolError(Errors.E402, what="document", key=doc_id) from err
    con = store.con
    dup_of = con.execute("SELECT duplicate_of FROM duplicates WHERE doc_id = ?", [doc_id]).fetchone()
    root = dup_of[0] if dup_of else doc_id
    copies = con.execute(
        "SELECT doc_id FROM duplicates WHERE duplicate_of = ? AND doc_id <> ? UNION SELECT ? WHERE ? <> ? ORDER BY 1",
        [root, doc_id, root, root, doc_id],
    ).fetchall()
    url = doc["url"]
    doc.update({
        "published": _iso(doc["published"]), "url": web_url(url), "outlet": outlet(doc["source"], url),
        "text": doc["text"] or "", "duplicate_of": dup_of[0] if dup_of else None, "duplicates": [c[0] for c in copies],
        "events": events(store, EventQuery(doc_id=doc_id), limit=MAX_PAGE)["items"],
    })  # fmt: skip
    del doc["origin"]  # where it was read from: a path of the machine that ingested it
    return doc


# --- search and parties -------------------------------------------------------------------------
def search(store: Store, q: str, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Evidence search: event sentences and claim contents holding ``q`` (any case)."""
    _page_args(limit, offset)
    if not q.strip():
        raise GeopolError(Errors.E400, detail="the search text is empty")
    pattern = _search_text(q)
    union = """
        SELECT 'event' AS kind, e.doc_id, e.event_no, NULL::INTEGER AS claim_no, e.sentence_start AS "start",
               e.sentence_end AS "end", substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS snippet,
               d.title, d.published
        FROM events e JOIN documents d USING (doc_id)
        WHERE substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) ILIKE $1 ESCAPE '\\'
        UNION ALL
        SELECT 'claim', c.doc_id, NULL, c.claim_no, c.content_start, c.content_end, c.content_text, d.title, d.published
        FROM claims c JOIN documents d USING (doc_id) WHERE c.content_text ILIKE $1 ESCAPE '\\'
    """
    total = store.con.execute(f"SELECT count(*) FROM ({union})", [pattern]).fetchone()
    rows = store.con.execute(
        f'SELECT * FROM ({union}) ORDER BY published DESC NULLS LAST, doc_id, "start", kind, event_no, claim_no '
        "LIMIT $2 OFFSET $3",
        [pattern, limit, offset],
    ).fetchall()
    keys = ("kind", "doc_id", "event_no", "claim_no", "start", "end", "snippet", "title", "published")
    items = [{k: _iso(v) for k, v in zip(keys, r, strict=True)} for r in rows]
    return _page(items, total[0] if total else 0, limit, offset)


def parties(store: Store, q: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """The parties of the store with their event clusters and mentions, the most active first;
    ``q`` matches a code, a name or any actor name or mention text ('Putin' finds RUS)."""
    _page_args(limit, offset)
    pattern = _search_text(q) if q else None
    sql = f"""
        WITH m AS (SELECT {party_sql("m")} AS party, m.actor_name, m.text, m.kind, m.country FROM mentions m),
        hits AS (
            SELECT party, count(*) AS mentions, any_value(country) AS country,
                   bool_or(kind IN ('state', 'igo')) AS named,
                   arg_min(actor_name, CASE WHEN $1::VARCHAR IS NULL THEN 0
                                            WHEN actor_name ILIKE $1 ESCAPE '\\' THEN 0 ELSE 1 END) AS matched,
                   bool_or($1::VARCHAR IS NULL OR party ILIKE $1 ESCAPE '\\' OR actor_name ILIKE $1 ESCAPE '\\'
                           OR text ILIKE $1 ESCAPE '\\') AS hit
            FROM m WHERE party IS NOT NULL GROUP BY party
        ),
        ev AS (
            SELECT p AS party, count(*) AS events FROM (
                SELECT unnest(list_distinct(list_concat(source_parties, target_parties))) AS p FROM clusters
                WHERE NOT negated AND NOT hypothetical)
            GROUP BY p
        )
        SELECT h.party, h.country, h.mentions, coalesce(ev.events, 0), h.matched
        FROM hits h LEFT JOIN ev USING (party) WHERE h.hit
    """
    total = store.con.execute(f"SELECT count(*) FROM ({sql})", [pattern]).fetchone()
    rows = store.con.execute(
        f"{sql} ORDER BY (upper(h.party) = upper(coalesce($2, ''))) DESC, 4 DESC, 3 DESC, h.party LIMIT $3 OFFSET $4",
        [pattern, (q or "").strip(), limit, offset],
    ).fetchall()
    names = labels()
    items = []
    for p, country, n_mentions, n_events, matched in rows:
        label = names.get(p, p)
        item = {"party": p, "label": label, "kind": "state" if p in names else "organisation",
                "country": country if p in names else None, "events": n_events, "mentions": n_mentions}  # fmt: skip
        if q and matched and matched != label:
            item["matched"] = matched
        items.append(item)
    return _page(items, total[0] if total else 0, limit, offset)


def health(store: Store) -> dict[str, int]:
    con = store.con
    out = {}
    for key, sql in (("documents", "SELECT count(*) FROM documents"), ("events", "SELECT count(*) FROM events"),
                     ("clusters", "SELECT count(*) FROM clusters"), ("claims", "SELECT count(*) FROM claims"),
                     ("figures", "SELECT count(*) FROM figures")):  # fmt: skip
        row = con.execute(sql).fetchone()
        out[key] = row[0] if row else 0
    return out
