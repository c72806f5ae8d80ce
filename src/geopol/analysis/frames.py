"""DataFrames for analysts: every aggregate and table of a store as a pandas or polars DataFrame.

from geopol.analysis import Dataset
with Dataset("geopol.duckdb") as ds:
    ds.dyad_series("China", "Russia", by="month")          # pandas
    ds.dyad_series("CHN", "RUS", engine="polars")          # polars
    nodes, edges = ds.network(since=date(2024, 1, 1))
    ds.events(country="RUS"), ds.clusters(), ds.claims(), ds.figures(), ds.trends()
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import duckdb
from duckdb.func import SPECIAL

from ..records import PLOVER_TYPES
from ..store import Store
from . import aggregates
from .dedup import outlet

Engine = Literal["pandas", "polars"]

# flat tables: one row per event report, cluster, claim, figure, document
TABLES = {
    "events": """
        SELECT e.doc_id, e.event_no, cr.cluster_id, e.type, e.quad, e.mode, e.context, e.reciprocal,
               e.negated, e.hypothetical, e.future, e.certainty, e.confidence, e.date_start, e.date_end,
               e.published, coalesce(e.date_start, e.published) AS day, e.trigger_text,
               (SELECT list(DISTINCT p.country) FROM participants p WHERE p.doc_id = e.doc_id
                  AND p.event_no = e.event_no AND p.role = 'source' AND p.country IS NOT NULL) AS source_countries,
               (SELECT list(DISTINCT p.country) FROM participants p WHERE p.doc_id = e.doc_id
                  AND p.event_no = e.event_no AND p.role = 'target' AND p.country IS NOT NULL) AS target_countries,
               (SELECT list(p.actor_name ORDER BY p."start") FROM participants p WHERE p.doc_id = e.doc_id
                  AND p.event_no = e.event_no AND p.role = 'source') AS source_actors,
               (SELECT list(p.actor_name ORDER BY p."start") FROM participants p WHERE p.doc_id = e.doc_id
                  AND p.event_no = e.event_no AND p.role = 'target') AS target_actors,
               e.background, substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start) AS evidence,
               coalesce(json_array_length(e.record -> 'repeats'), 0) AS told_again,
               d.title, d.url, geopol_outlet(d.source, d.url) AS outlet
        FROM events e JOIN documents d USING (doc_id)
        LEFT JOIN cluster_reports cr ON cr.doc_id = e.doc_id AND cr.event_no = e.event_no
        ORDER BY day NULLS LAST, e.doc_id, e.event_no""",
    "clusters": """
        SELECT cluster_id, type, quad, negated, hypothetical, reciprocal, day, date_start, date_end,
               source_parties, target_parties, reports, documents, sources, certainty, first_doc, first_event
        FROM clusters ORDER BY day NULLS LAST, cluster_id""",
    "claims": """
        SELECT c.doc_id, c.claim_no, c.kind, c.certainty, c.negated, c.claimant_text, c.claimant_name,
               c.claimant_country, c.claimant_sector, c.cue_text, c.content_text, c.content_start, c.content_end,
               d.published, d.title FROM claims c JOIN documents d USING (doc_id) ORDER BY c.doc_id, c.claim_no""",
    "figures": """
        SELECT f.doc_id, f.figure_no, f.text, f.value, f.upper, f.unit, f.bound, f.quantity, f.countries,
               f.period_start, f.period_end, d.published, d.title
        FROM figures f JOIN documents d USING (doc_id) ORDER BY f.doc_id, f.figure_no""",
    "documents": """
        SELECT d.doc_id, d.status, d.error_code, d.title, d.published, d.url, geopol_outlet(d.source, d.url) AS outlet,
               d.language,
               dup.duplicate_of, (SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS events
        FROM documents d LEFT JOIN duplicates dup USING (doc_id) ORDER BY d.published NULLS LAST, d.doc_id""",
    "dyads": """
        SELECT d.a AS source, d.b AS target, count(DISTINCT cl.cluster_id) AS events,
               count(DISTINCT cl.cluster_id) FILTER (WHERE cl.quad IN (1, 2)) AS cooperation,
               count(DISTINCT cl.cluster_id) FILTER (WHERE cl.quad IN (3, 4)) AS conflict,
               min(cl.day) AS first_day, max(cl.day) AS last_day
        FROM clusters cl JOIN cluster_dyads d USING (cluster_id)
        WHERE NOT cl.negated AND NOT cl.hypothetical GROUP BY ALL ORDER BY events DESC, source, target""",
}


def table(store: Store, name: str) -> Any:
    """The DuckDB relation of ``TABLES[name]`` on a fresh cursor (no result left open on the store's
    connection), with ``geopol_outlet``: every export spells an outlet as the page and PLOVER JSON do."""
    cur = store.con.cursor()
    try:  # once per database: its cursors share the function
        cur.create_function("geopol_outlet", outlet, ["VARCHAR", "VARCHAR"], "VARCHAR", null_handling=SPECIAL)
    except duckdb.CatalogException:
        pass
    return cur.sql(TABLES[name])


def to_frame(rows: list[dict[str, Any]], engine: Engine = "pandas", columns: tuple[str, ...] = ()) -> Any:
    """A list of flat dicts as a DataFrame of the engine's kind (with ``columns`` when empty)."""
    if engine == "polars":
        import polars as pl

        return pl.DataFrame(rows) if rows else pl.DataFrame({c: [] for c in columns})
    import pandas as pd

    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=list(columns))


SERIES_COLUMNS = ("period", "events", "reports", "sources", "cooperation", "conflict", "score", "score_low",
                  "score_high", "quad_1", "quad_2", "quad_3", "quad_4", *PLOVER_TYPES)  # fmt: skip
NODE_COLUMNS = ("id", "label", "kind", "events", "degree")
EDGE_COLUMNS = ("source", "target", "events", "cooperation", "conflict", "score")


def flat_points(points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Series points with by_quad and by_type as columns (quad_1..quad_4, one per PLOVER type)."""
    out = []
    for p in points:
        row = {k: v for k, v in p.items() if k not in ("by_quad", "by_type")}
        row["period"] = date.fromisoformat(p["period"])
        row.update({f"quad_{q}": n for q, n in p["by_quad"].items()})
        row.update({t: p["by_type"].get(t, 0) for t in PLOVER_TYPES})
        out.append(row)
    return out


class Dataset:
    """A store opened read-only for analysis; every method returns a DataFrame (pandas by default,
    polars with ``engine="polars"``)."""

    def __init__(self, path: str | Path, engine: Engine = "pandas") -> None:
        self.store = Store(path, read_only=True)
        self.engine: Engine = engine

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def _table(self, name: str, engine: Engine | None) -> Any:
        rel = table(self.store, name)
        return rel.pl() if (engine or self.engine) == "polars" else rel.df()

    def events(self, engine: Engine | None = None) -> Any:
        """Every event report, with its cluster, parties' countries and evidence sentence."""
        return self._table("events", engine)

    def clusters(self, engine: Engine | None = None) -> Any:
        """Every event cluster (one real-world event)."""
        return self._table("clusters", engine)

    def claims(self, engine: Engine | None = None) -> Any:
        return self._table("claims", engine)

    def figures(self, engine: Engine | None = None) -> Any:
        return self._table("figures", engine)

    def documents(self, engine: Engine | None = None) -> Any:
        return self._table("documents", engine)

    def dyads(self, engine: Engine | None = None) -> Any:
        """Every directed party pair with its clusters, cooperation and conflict."""
        return self._table("dyads", engine)

    def dyad_series(self, a: str, b: str, by: str = "month", since: date | None = None, until: date | None = None,
                    directed: bool = False, types: tuple[str, ...] = (), engine: Engine | None = None,
                    background: bool = False, include_unreal: bool = False) -> Any:  # fmt: skip
        """One row per period: events (clusters), reports, sources, cooperation, conflict, score,
        score_low, score_high, quad_1..quad_4 and a column per PLOVER type. ``background``: count
        background events too; ``include_unreal``: negated and hypothetical events too."""
        s = aggregates.dyad_series(self.store, a, b, by, since, until, directed, types, background, include_unreal)
        return to_frame(flat_points(s["points"]), engine or self.engine, SERIES_COLUMNS)

    def trends(self, by: str = "month", party: str | None = None, since: date | None = None,
               until: date | None = None, types: tuple[str, ...] = (), engine: Engine | None = None,
               background: bool = False, include_unreal: bool = False) -> Any:  # fmt: skip
        t = aggregates.trends(self.store, by, party, since, until, types, background, include_unreal)
        return to_frame(flat_points(t["points"]), engine or self.engine, SERIES_COLUMNS)

    def network(self, since: date | None = None, until: date | None = None, types: tuple[str, ...] = (),
                min_events: int = 1, limit: int = 200, engine: Engine | None = None,
                include_unreal: bool = False) -> tuple[Any, Any]:  # fmt: skip
        """(nodes, edges) DataFrames of the actor network."""
        n = aggregates.network(self.store, since, until, types, min_events, limit, include_unreal)
        e = engine or self.engine
        return to_frame(n["nodes"], e, NODE_COLUMNS), to_frame(n["edges"], e, EDGE_COLUMNS)

    def profile(self, who: str, since: date | None = None, until: date | None = None,
                engine: Engine | None = None, include_unreal: bool = False) -> dict[str, Any]:  # fmt: skip
        """An actor profile: ``summary`` (a dict) and DataFrames ``partners``, ``claims_made``,
        ``claims_about``, ``figures`` and ``trend``."""
        p = aggregates.profile(self.store, who, since, until, include_unreal=include_unreal)
        e = engine or self.engine
        out: dict[str, Any] = {"summary": {k: p[k] for k in ("party", "label", "kind", "events")}}
        for key in ("partners", "claims_made", "claims_about", "figures", "trend"):
            out[key] = to_frame(p[key], e)
        return out
