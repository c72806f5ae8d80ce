"""The DuckDB store: documents, mentions, events with participants, and run metadata.

Writes are per batch, in one transaction each, so an interrupted ingest leaves whole documents
only; ``known_ids`` lets a new run skip what is stored (re-ingesting adds nothing).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..errors import Errors, GeopolError
from ..records import BACKGROUND_DAYS, QUAD_CLASS, Claim, DocResult, Figure, Mention
from ._lock import connect

LOCK_SECONDS = 30.0  # the default of GEOPOL_LOCK_SECONDS

SCHEMA_VERSION = "5"
# how to bring an older store up to date, by the version it has
_MIGRATIONS = {
    "1": "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS why VARCHAR; "
    "ALTER TABLE mentions ADD COLUMN IF NOT EXISTS located VARCHAR; "
    "UPDATE meta SET value = '2' WHERE key = 'schema_version';",
    # claims and figures were never written before version 3: their tables are recreated
    "2": "ALTER TABLE events ADD COLUMN IF NOT EXISTS claim_no INTEGER; "
    "DROP TABLE IF EXISTS claims; DROP TABLE IF EXISTS figures; "
    "UPDATE meta SET value = '3' WHERE key = 'schema_version';",
    # the deduplication tables are created by schema.sql and filled by the next ingest or `geopol dedup`
    "3": "ALTER TABLE documents ADD COLUMN IF NOT EXISTS source VARCHAR; "
    "UPDATE meta SET value = '4' WHERE key = 'schema_version';",
    # the flag of geopol.records.is_background, computed for the events already stored
    "4": "ALTER TABLE events ADD COLUMN IF NOT EXISTS background BOOLEAN; "
    f"UPDATE events SET background = coalesce(published - date_end > {BACKGROUND_DAYS}, FALSE); "
    "UPDATE meta SET value = '5' WHERE key = 'schema_version';",
}


def damaged(err: duckdb.IOException) -> GeopolError:
    """A store file DuckDB could not read (cut short, overwritten in part) as E201, naming the file."""
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    named = re.search(r'"([^"]+)"', text)
    return GeopolError(Errors.E201, path=named.group(1) if named else "given",
                       detail=f"it is damaged or cut short (DuckDB: {text}); ingest again into a new store")  # fmt: skip


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """One DuckDB file. Use as a context manager, or call ``close``."""

    def __init__(self, path: str | Path, read_only: bool = False, wait: float = LOCK_SECONDS) -> None:
        """``wait``: seconds to wait while another process holds the file (an ingest writing, a
        server reading) before giving up with E204 (see :mod:`geopol.store._lock`)."""
        self.path = Path(path)
        self._schemas: dict[str, pa.Schema] = {}  # Arrow schema of each table, read once (see _insert)
        if read_only and not self.path.exists():
            raise GeopolError(Errors.E201, path=self.path, detail="no such file; run `geopol ingest` first")
        self.con = connect(self.path, read_only, wait)
        if not read_only:
            self._migrate()
            self.con.execute((resources.files("geopol.store") / "schema.sql").read_text(encoding="utf-8"))
            self.con.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
        found = self._version()
        if found is None and read_only:
            # an ingest that has just created the file or was killed while it did, or another program's file
            self.con.close()
            detail = (
                "it holds no geopol tables yet (an ingest creating it, or one killed at its start); run `geopol ingest`"
            )
            raise GeopolError(Errors.E201, path=self.path, detail=detail)
        if found is not None and found != SCHEMA_VERSION:
            self.con.close()  # else the file stays locked in this process
            raise GeopolError(Errors.E203, path=self.path, found=found, expected=SCHEMA_VERSION)

    def _version(self) -> str | None:
        """The schema version; None when the file holds no geopol tables, or not all of them (the
        version is written after the last table is made)."""
        if not self._has_meta():
            return None
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return str(row[0]) if row else None

    def _has_meta(self) -> bool:
        found = self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()
        return bool(found and found[0])

    def _migrate(self) -> None:
        """Upgrade a store written by an older geopol, in place (opened for writing only)."""
        found = self._version()
        while found in _MIGRATIONS:
            self.con.execute(_MIGRATIONS[found])
            found = self._version()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def cursor(self) -> Store:
        """A Store over a new cursor of the same database: one per thread (an HTTP request)."""
        other = Store.__new__(Store)
        other.path = self.path
        other.con = self.con.cursor()
        other._schemas = self._schemas
        return other

    # --- runs ------------------------------------------------------------------------------------
    def start_run(self, command: str, version: str, model: str, settings: dict[str, Any]) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs (run_id, started, command, geopol_version, model, settings, status) "
            "VALUES (?, ?, ?, ?, ?, ?, 'running')",
            [run_id, _now(), command, version, model, json.dumps(settings, default=str)],
        )
        return run_id

    def mark_interrupted(self) -> int:
        """Mark ``interrupted`` the runs left ``running`` by a process that is gone (call it only
        while holding the ingest lock, see :func:`geopol.store.ingest_lock`); returns how many."""
        rows = self.con.execute(
            "UPDATE runs SET status = 'interrupted' WHERE status = 'running' RETURNING run_id"
        ).fetchall()
        return len(rows)

    def finish_run(self, run_id: str, counts: dict[str, int], status: str = "done") -> None:
        self.con.execute(
            "UPDATE runs SET finished = ?, n_ok = ?, n_failed = ?, n_skipped = ?, n_events = ?, status = ? "
            "WHERE run_id = ?",
            [_now(), counts.get("ok", 0), counts.get("failed", 0), counts.get("skipped", 0),
             counts.get("events", 0), status, run_id],
        )  # fmt: skip

    # --- documents -------------------------------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT doc_id FROM documents WHERE status = 'ok' AND list_contains(?, doc_id)", [ids]
        ).fetchall()
        return {r[0] for r in rows}  # failed documents are not 'known': a new run retries them

    def write(self, results: list[DocResult], run_id: str | None = None) -> int:
        """Store a batch in one transaction; documents already stored are left as they are.
        Returns the number of documents written."""
        taken = self.known_ids(r.document.id for r in results)  # one query for the batch
        fresh = []
        for r in results:
            if r.document.id not in taken:  # stored already, or earlier in this batch
                taken.add(r.document.id)
                fresh.append(r)
        if not fresh:
            return 0
        docs: list[tuple[Any, ...]] = []
        mentions: list[tuple[Any, ...]] = []
        events: list[tuple[Any, ...]] = []
        parts: list[tuple[Any, ...]] = []
        claims: list[tuple[Any, ...]] = []
        figures: list[tuple[Any, ...]] = []
        now = _now()
        for r in fresh:
            d = r.document
            err = r.error
            docs.append((d.id, "error" if err else "ok", err.code if err else None, err.message if err else None,
                         d.title, d.published, d.url, d.language, d.origin, d.text, run_id, now, d.source))  # fmt: skip
            for n, m in enumerate(r.actors):
                mentions.append((d.id, n, m.start, m.end, m.text, *_actor_cols(m), m.how, m.confidence, m.why,
                                 m.located))  # fmt: skip
            for n, e in enumerate(r.events):
                events.append((
                    d.id, n, e.type, QUAD_CLASS[e.type], e.mode, list(e.context), e.reciprocal,
                    e.trigger.start, e.trigger.end, e.trigger.text, e.sentence.start, e.sentence.end,
                    e.negated, e.hypothetical, e.future, e.certainty, e.confidence,
                    e.date.start if e.date else None, e.date.end if e.date else None, d.published,
                    json.dumps(e.as_json(), ensure_ascii=False), e.claim, e.background,
                ))  # fmt: skip
                for role, ms in (("source", e.source), ("target", e.target)):
                    for m in ms:
                        parts.append((d.id, n, role, m.start, m.end, m.text, *_actor_cols(m)))
            claims.extend(_claim_row(d.id, n, c) for n, c in enumerate(r.claims))
            figures.extend(_figure_row(d.id, n, f) for n, f in enumerate(r.figures))
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            retried = [r.document.id for r in fresh]  # earlier failures of these ids are replaced
            for table in ("participants", "events", "mentions", "claims", "figures", "documents"):
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, doc_id)", [retried])
            self._insert("documents", docs, _DOC_COLUMNS)
            for table, rows in (("mentions", mentions), ("events", events), ("participants", parts),
                                ("claims", claims), ("figures", figures)):  # fmt: skip
                self._insert(table, rows)
            con.execute("COMMIT")
        except duckdb.Error:
            con.execute("ROLLBACK")
            raise
        return len(fresh)

    # --- deduplication ---------------------------------------------------------------------------
    def replace_dedup(self, tables: dict[str, list[tuple[Any, ...]]]) -> None:
        """Replace the deduplication tables (``duplicates``, ``clusters``, ``cluster_reports``,
        ``cluster_dyads``) with these rows, in one transaction: readers see the old or the new."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            for table in _DEDUP_TABLES:
                con.execute(f"DELETE FROM {table}")
                self._insert(table, tables.get(table, []))
            con.execute("COMMIT")
        except duckdb.Error:
            con.execute("ROLLBACK")
            raise

    def _insert(self, table: str, rows: list[tuple[Any, ...]], columns: tuple[str, ...] | None = None) -> None:
        """Insert rows through Arrow: one columnar statement for the batch, not one per row."""
        if not rows:
            return
        schema = self._schemas.get(table)
        if schema is None:  # the columns are settled when the store is opened (and upgraded)
            cols = self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position",
                [table],
            ).fetchall()
            schema = self._schemas[table] = pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in cols])
        names = list(columns or schema.names)
        arrays = []
        for i, n in enumerate(names):
            kind = schema.field(n).type
            values = [r[i] for r in rows]
            if kind == pa.date32():  # event dates are ISO strings in the records
                values = [date.fromisoformat(v) if isinstance(v, str) else v for v in values]
            arrays.append(pa.array(values, type=kind))
        self.con.register("_geopol_rows", pa.Table.from_arrays(arrays, names=names))
        try:
            quoted = ", ".join(f'"{n}"' for n in names)
            self.con.execute(f"INSERT INTO {table} ({quoted}) SELECT {quoted} FROM _geopol_rows")
        finally:
            self.con.unregister("_geopol_rows")


_DEDUP_TABLES = ("duplicates", "clusters", "cluster_reports", "cluster_dyads")
_ARROW_TYPES = {"VARCHAR": pa.string(), "DOUBLE": pa.float64(), "INTEGER": pa.int32(), "BOOLEAN": pa.bool_(),
                "DATE": pa.date32(), "VARCHAR[]": pa.list_(pa.string()), "TIMESTAMP": pa.timestamp("us"),
                "JSON": pa.string()}  # fmt: skip


_DOC_COLUMNS = (
    "doc_id",
    "status",
    "error_code",
    "error_message",
    "title",
    "published",
    "url",
    "language",
    "origin",
    "text",
    "run_id",
    "ingested_at",
    "source",
)  # by name: a store upgraded from version 3 has source last


def _actor_cols(m: Mention) -> tuple[Any, ...]:
    a = m.actor
    return (a.name, a.country, a.sector, a.kind, a.wikidata)


def _claim_row(doc_id: str, n: int, c: Claim) -> tuple[Any, ...]:
    m = c.claimant
    who = (m.text, m.actor.name, m.actor.country, m.actor.sector) if m else (None, None, None, None)
    return (doc_id, n, c.kind, c.certainty, c.negated, *who, c.cue.start, c.cue.end, c.cue.text,
            c.content.start, c.content.end, c.content.text, json.dumps(c.as_json(), ensure_ascii=False))  # fmt: skip


def _figure_row(doc_id: str, n: int, f: Figure) -> tuple[Any, ...]:
    countries = sorted({a.country for a in f.subject if a.country})
    period = (f.period.start, f.period.end) if f.period else (None, None)
    return (doc_id, n, f.start, f.end, f.text, f.value, f.upper, f.unit, f.bound, f.quantity, countries,
            *period, json.dumps(f.as_json(), ensure_ascii=False))  # fmt: skip
