"""Exports: CSV and Parquet of every table and aggregate, PLOVER JSON Lines of events, and the
actor network as GraphML or GEXF (for Gephi, Cytoscape, networkx).

``what``: ``events`` (one row per report), ``clusters`` (one per real-world event), ``claims``,
``figures``, ``documents``, ``dyads``, ``series`` (a dyad's series: needs ``a`` and ``b``),
``network`` (CSV/Parquet write ``NAME.nodes.EXT`` and ``NAME.edges.EXT`` beside each other).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..errors import Errors, GeopolError
from ..records import QUAD_CLASS
from ..store import Store
from . import aggregates
from .dedup import outlet
from .frames import EDGE_COLUMNS, NODE_COLUMNS, SERIES_COLUMNS, TABLES, flat_points, table, to_frame

FORMATS = ("csv", "parquet", "plover", "graphml", "gexf")
WHATS = (*TABLES, "series", "network")


@dataclass(frozen=True)
class ExportQuery:
    a: str | None = None
    b: str | None = None
    by: str = "month"
    since: date | None = None
    until: date | None = None
    types: tuple[str, ...] = ()
    min_events: int = 1
    limit: int = 2000  # network nodes


def written_paths(what: str, fmt: str, path: str | Path) -> list[Path]:
    """The files ``export(store, what, fmt, path)`` writes: ``path``, or for a network as CSV or
    Parquet ``NAME.nodes.EXT`` and ``NAME.edges.EXT`` beside it."""
    path = Path(path)
    if what == "network" and fmt in ("csv", "parquet"):
        stem = path.with_suffix("")
        return [stem.with_name(f"{stem.name}.{part}.{fmt}") for part in ("nodes", "edges")]
    return [path]


def export(store: Store, what: str, fmt: str, path: str | Path, q: ExportQuery = ExportQuery()) -> int:
    """Write ``what`` as ``fmt`` to ``path``; returns the rows (or nodes) written."""
    path = Path(path)
    if fmt not in FORMATS:
        raise GeopolError(Errors.E306, detail=f"format '{fmt}' is not one of {', '.join(FORMATS)}")
    if what not in WHATS:
        raise GeopolError(Errors.E306, detail=f"'{what}' is not one of {', '.join(WHATS)}")
    if fmt in ("graphml", "gexf") and what != "network":
        raise GeopolError(Errors.E306, detail=f"{fmt} holds the network only: use `export network --format {fmt}`")
    if fmt == "plover" and what not in ("clusters", "events"):
        raise GeopolError(Errors.E306, detail="PLOVER JSON holds events or clusters")
    path.parent.mkdir(parents=True, exist_ok=True)
    if what == "network":
        net = aggregates.network(store, q.since, q.until, q.types, q.min_events, q.limit)
        if fmt == "graphml":
            write_graphml(net, path)
        elif fmt == "gexf":
            write_gexf(net, path)
        else:
            nodes, edges = written_paths(what, fmt, path)
            _write_frame(net["nodes"], nodes, fmt, NODE_COLUMNS)
            _write_frame(net["edges"], edges, fmt, EDGE_COLUMNS)
        return len(net["nodes"])
    if what == "series":
        if not (q.a and q.b):
            raise GeopolError(Errors.E306, detail="a series needs two parties: --a CHN --b RUS")
        s = aggregates.dyad_series(store, q.a, q.b, q.by, q.since, q.until, False, q.types)
        rows = flat_points(s["points"])
        _write_frame(rows, path, fmt, SERIES_COLUMNS)
        return len(rows)
    if fmt == "plover":
        return write_plover(store, what, path)
    if fmt == "csv":
        df = table(store, what).df()
        for col in df.columns:  # lists (numpy arrays from DuckDB) as JSON text, readable by any CSV tool
            if df[col].dtype == object and df[col].map(_is_list).any():
                df[col] = df[col].map(lambda v: json.dumps([str(x) for x in v]) if _is_list(v) else v)
        df.to_csv(path, index=False)
        return len(df)
    import pyarrow.parquet as pq

    arrow = table(store, what).to_arrow_table()
    pq.write_table(arrow, path)
    return int(arrow.num_rows)


def _is_list(v: Any) -> bool:
    return hasattr(v, "__len__") and not isinstance(v, str | bytes | dict)


def _write_frame(rows: list[dict[str, Any]], path: Path, fmt: str, columns: tuple[str, ...]) -> None:
    df = to_frame(rows, "pandas", columns)  # an empty result keeps its header
    if fmt == "csv":
        df.to_csv(path, index=False)
    else:
        df.to_parquet(path, index=False)


# --- PLOVER JSON --------------------------------------------------------------------------------
def _actors(mentions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "actor": [m["actor"]["name"] for m in mentions],
        "country": sorted({m["actor"]["country"] for m in mentions if m["actor"].get("country")}),
        "sector": sorted({m["actor"]["sector"] for m in mentions if m["actor"].get("sector")}),
        "wikidata": sorted({m["actor"]["wikidata"] for m in mentions if m["actor"].get("wikidata")}),
        "text": [m["text"] for m in mentions],
    }


def plover_record(rec: dict[str, Any], *, event_id: str, day: date | None, reports: list[dict[str, Any]],
                  n_sources: int) -> dict[str, Any]:  # fmt: skip
    """One event in the PLOVER layout (event, mode, context, source/target actor, country and
    sector, location, date) with geopol's additions: certainty, modality, reports and evidence."""
    src, tgt = _actors(rec.get("source") or []), _actors(rec.get("target") or [])
    loc = rec.get("location") or {}
    return {
        "id": event_id,
        "date": day.isoformat() if day else None,
        "date_range": rec.get("date"),
        "event": rec["type"], "mode": rec.get("mode"), "context": rec.get("context") or [],
        "quad_class": QUAD_CLASS[rec["type"]],
        "source_actor": src["actor"], "source_country": src["country"], "source_sector": src["sector"],
        "source_wikidata": src["wikidata"], "source_text": src["text"],
        "target_actor": tgt["actor"], "target_country": tgt["country"], "target_sector": tgt["sector"],
        "target_wikidata": tgt["wikidata"], "target_text": tgt["text"],
        "placename": loc.get("text") or loc.get("name"), "location_country": loc.get("country"),
        "negated": rec.get("negated"), "hypothetical": rec.get("hypothetical"), "future": rec.get("future"),
        "certainty": rec.get("certainty"), "attribution": rec.get("attribution"), "aggregate": rec.get("aggregate"),
        "reports": len(reports), "independent_sources": n_sources, "evidence": reports,
        "coder": f"geopol {version('geopol')}",
    }  # fmt: skip


def write_plover(store: Store, what: str, path: Path) -> int:
    """PLOVER JSON Lines: one line per cluster (``clusters``) or per report (``events``)."""
    rows = store.con.execute(
        """SELECT e.doc_id, e.event_no, e.record, coalesce(e.date_start, e.published), cr.cluster_id,
                  substr(d.text, e.sentence_start + 1, e.sentence_end - e.sentence_start), d.url, d.source,
                  d.published, d.title, cl.sources, cl.day, cl.first_doc = e.doc_id AND cl.first_event = e.event_no,
                  d.text
           FROM events e JOIN documents d USING (doc_id)
           LEFT JOIN cluster_reports cr ON cr.doc_id = e.doc_id AND cr.event_no = e.event_no
           LEFT JOIN clusters cl ON cl.cluster_id = cr.cluster_id
           ORDER BY coalesce(cl.day, e.date_start, e.published) NULLS LAST, cr.cluster_id, d.published, e.doc_id,
                    e.event_no"""
    ).fetchall()
    groups: dict[str, list[tuple[Any, ...]]] = {}
    for r in rows:
        key = r[4] if what == "clusters" and r[4] else f"{r[0]}:{r[1]}"
        groups.setdefault(key, []).append(r)
    n = 0
    with path.open("w", encoding="utf-8") as out:
        for key, members in groups.items():
            first = next((m for m in members if m[12]), members[0])
            reports = [{"doc_id": m[0], "event_no": m[1], "sentence": m[5], "url": m[6], "outlet": outlet(m[7], m[6]),
                        "published": m[8].isoformat() if m[8] else None, "title": m[9],
                        "certainty": json.loads(m[2]).get("certainty"),
                        # the later sentences of the report's document that tell it again (folded repeats)
                        "told_again": [m[13][r["start"]:r["end"]] for r in json.loads(m[2]).get("repeats") or []]}
                       for m in members]  # fmt: skip
            day = first[11] if what == "clusters" and first[11] else first[3]
            rec = plover_record(json.loads(first[2]), event_id=key, day=day, reports=reports,
                                n_sources=first[10] or 1)  # fmt: skip
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    return n


# --- networks -----------------------------------------------------------------------------------
_NODE_ATTRS = (("label", "string"), ("kind", "string"), ("events", "int"), ("degree", "int"))
_EDGE_ATTRS = (("events", "int"), ("cooperation", "int"), ("conflict", "int"), ("score", "double"))


def write_graphml(net: dict[str, Any], path: Path) -> None:
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    for scope, attrs in (("node", _NODE_ATTRS), ("edge", _EDGE_ATTRS)):
        for name, kind in attrs:
            ET.SubElement(root, f"{{{ns}}}key", id=f"{scope[0]}_{name}", attrib={"for": scope, "attr.name": name,
                                                                               "attr.type": kind})  # fmt: skip
    graph = ET.SubElement(root, f"{{{ns}}}graph", id="geopol", edgedefault="undirected")
    for node in net["nodes"]:
        el = ET.SubElement(graph, f"{{{ns}}}node", id=str(node["id"]))
        for name, _ in _NODE_ATTRS:
            ET.SubElement(el, f"{{{ns}}}data", key=f"n_{name}").text = str(node[name])
    for i, edge in enumerate(net["edges"]):
        el = ET.SubElement(graph, f"{{{ns}}}edge", id=f"e{i}", source=str(edge["source"]), target=str(edge["target"]))
        for name, _ in _EDGE_ATTRS:
            if edge[name] is not None:
                ET.SubElement(el, f"{{{ns}}}data", key=f"e_{name}").text = str(edge[name])
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def write_gexf(net: dict[str, Any], path: Path) -> None:
    ns = "http://gexf.net/1.3"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}gexf", version="1.3")
    meta = ET.SubElement(root, f"{{{ns}}}meta")
    ET.SubElement(meta, f"{{{ns}}}creator").text = f"geopol {version('geopol')}"
    graph = ET.SubElement(root, f"{{{ns}}}graph", defaultedgetype="undirected", mode="static")
    for scope, attrs in (("node", _NODE_ATTRS[1:]), ("edge", _EDGE_ATTRS)):
        el = ET.SubElement(graph, f"{{{ns}}}attributes", attrib={"class": scope})
        for i, (name, kind) in enumerate(attrs):
            ET.SubElement(el, f"{{{ns}}}attribute", id=str(i), title=name, type=kind)
    nodes = ET.SubElement(graph, f"{{{ns}}}nodes")
    for node in net["nodes"]:
        el = ET.SubElement(nodes, f"{{{ns}}}node", id=str(node["id"]), label=str(node["label"]))
        vals = ET.SubElement(el, f"{{{ns}}}attvalues")
        for i, (name, _) in enumerate(_NODE_ATTRS[1:]):
            ET.SubElement(vals, f"{{{ns}}}attvalue", attrib={"for": str(i), "value": str(node[name])})
    edges = ET.SubElement(graph, f"{{{ns}}}edges")
    for i, edge in enumerate(net["edges"]):
        el = ET.SubElement(edges, f"{{{ns}}}edge", id=f"e{i}", source=str(edge["source"]), target=str(edge["target"]),
                           weight=str(edge["events"]))  # fmt: skip
        vals = ET.SubElement(el, f"{{{ns}}}attvalues")
        for j, (name, _) in enumerate(_EDGE_ATTRS):
            if edge[name] is not None:
                ET.SubElement(vals, f"{{{ns}}}attvalue", attrib={"for": str(j), "value": str(edge[name])})
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
