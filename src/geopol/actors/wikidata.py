"""Import the result of geopol's Wikidata queries into the user's actors file.

The queries are shipped in ``geopol/data/actors/wikidata/`` (``people.rq``: people holding
political, military, judicial or diplomatic positions, with the position's country and the start
and end of the term; ``organisations.rq``: organisations with country and type). Run one on the
Wikidata Query Service and download the result as JSON (``application/sparql-results+json``) or
CSV; ``geopol actors import wikidata FILE`` reads it row by row: a bad row is reported with its
number (E106) and skipped, the others are merged into the actors file (``actors_file``), whose
entries win over the packaged knowledge base.

Columns (the query's variables): ``item``, ``itemLabel``, ``aliases`` ('|'-separated), ``country``
(ISO-3, the query reads it from the country's P298), then for people ``positionLabel``, ``start``,
``end``, ``gender`` ('female'/'male'), and for organisations ``typeLabel``.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import Errors, GeopolError
from .kb import KnowledgeBase

_QID = re.compile(r"(?:^|/)(Q\d+)$")
# a position's label -> (role, sector): the first cue found wins
_POSITIONS = (("foreign", "foreign_minister", "GOV"), ("defen", "defence_minister", "GOV"),
              ("prime minister", "head_of_government", "GOV"), ("chancellor", "head_of_government", "GOV"),
              ("vice president", "vice_president", "GOV"), ("president", "head_of_state", "GOV"),
              ("monarch", "head_of_state", "GOV"), ("king", "head_of_state", "GOV"),
              ("ambassador", "diplomat", "GOV"), ("judge", "official", "JUD"), ("justice", "official", "JUD"),
              ("general", "military_chief", "MIL"), ("chief of", "military_chief", "MIL"),
              ("member of", "official", "LEG"), ("senator", "official", "LEG"), ("minister", "official", "GOV"))  # fmt: skip
_ORG_TYPES = (("political party", "PTY", "org"), ("armed", "REB", "group"), ("terror", "REB", "group"),
              ("rebel", "REB", "group"), ("military", "MIL", "org"), ("court", "JUD", "org"),
              ("parliament", "LEG", "org"), ("legislat", "LEG", "org"), ("ministry", "GOV", "org"),
              ("agency", "GOV", "org"), ("intergovernmental", "IGO", "igo"), ("non-governmental", "NGO", "org"),
              ("newspaper", "JRN", "org"), ("news", "JRN", "org"), ("broadcast", "JRN", "org"),
              ("company", "BUS", "org"), ("business", "BUS", "org"), ("university", "EDU", "org"))  # fmt: skip


@dataclass
class ImportReport:
    """What an import did: entries written per section, and one error per bad row."""

    people: int = 0
    organisations: int = 0
    rows: int = 0
    errors: list[GeopolError] = field(default_factory=list)


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, {variable: value}) of a query result in the service's JSON or CSV format; the
    row number counts from 1 in result order (CSV: the line after the header is row 1)."""
    try:
        if path.suffix.lower() == ".csv":
            with path.open(encoding="utf-8", newline="") as f:
                yield from enumerate(csv.DictReader(f), 1)
            return
        for n, binding in enumerate(_bindings(path), 1):
            if not isinstance(binding, dict):
                yield n, {}
                continue
            yield n, {k: str(v.get("value", "")) for k, v in binding.items() if isinstance(v, dict)}
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise GeopolError(Errors.E106, file=path.name, line=0, detail=f"not a query result ({err})") from err


_CHUNK = 1 << 16


def _bindings(path: Path) -> Iterator[Any]:
    """The objects of a JSON result's ``results.bindings`` array, read a chunk at a time (a result
    of millions of rows is never held whole)."""
    decoder = json.JSONDecoder()
    with path.open(encoding="utf-8") as f:
        buf = ""
        while (start := re.search(r'"bindings"\s*:\s*\[', buf)) is None:
            chunk = f.read(_CHUNK)
            if not chunk:
                raise GeopolError(Errors.E106, file=path.name, line=0, detail="no results.bindings list (JSON format)")
            buf = buf[-64:] + chunk
        buf = buf[start.end() :]
        while True:
            buf = buf.lstrip(" \t\r\n,")
            if buf.startswith("]"):
                return
            try:
                obj, end = decoder.raw_decode(buf)
            except json.JSONDecodeError as err:
                chunk = f.read(_CHUNK)
                if not chunk:
                    raise GeopolError(
                        Errors.E106, file=path.name, line=0, detail=f"cut short or not JSON ({err})"
                    ) from err
                buf += chunk
                continue
            yield obj
            buf = buf[end:]


def _day(value: str) -> date | None:
    """'2019-01-20T00:00:00Z' -> 2019-01-20; '' -> None; ValueError for anything else."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"'{value}' is not a date (YYYY-MM-DD…)") from None


def _pick(label: str, table: tuple[tuple[str, str, str], ...]) -> tuple[str, str] | None:
    low = label.lower()
    return next(((a, b) for cue, a, b in table if cue in low), None)


def to_entry(row: dict[str, str], kb: KnowledgeBase) -> tuple[str, dict[str, Any]]:
    """The actors-file entry for one row, and its section; ValueError says what is wrong."""
    name = row.get("itemLabel", "").strip()
    qid = _QID.search(row.get("item", ""))
    if not name or qid is None or name == qid[1]:
        raise ValueError("no item or no English label")
    country = row.get("country", "").strip()
    if country and country not in kb.countries:
        raise ValueError(f"country '{country}' is not an ISO-3 code of countries.tsv")
    aliases = [a.strip() for a in row.get("aliases", "").split("|") if a.strip() and a.strip() != name]
    entry: dict[str, Any] = {"name": name, "aliases": aliases, "country": country or None, "wikidata": qid[1]}
    if "positionLabel" in row:
        start, end = _day(row.get("start", "")), _day(row.get("end", ""))
        if start and end and end < start:
            raise ValueError(f"the term ends {end} before it starts {start}")
        role, sector = _pick(row["positionLabel"], _POSITIONS) or ("official", "GOV")
        gender = {"female": "f", "male": "m"}.get(row.get("gender", "").lower())
        entry |= {"sector": sector, "role": role, "start": start, "end": end, "gender": gender}
        return "people", entry
    picked = _pick(row.get("typeLabel", ""), _ORG_TYPES)
    org_sector = picked[0] if picked is not None else None
    kind = picked[1] if picked is not None else "org"
    return "organisations", entry | {"sector": org_sector, "kind": kind}


def import_result(path: Path, actors_file: Path, kb: KnowledgeBase) -> ImportReport:
    """Read a query result and merge its good rows into ``actors_file`` in one write (checked by
    building the knowledge base with them first); bad rows become E106 errors in the report."""
    from .user import add_user_entries  # the user file's writer builds the knowledge base

    report = ImportReport()
    entries: dict[str, list[dict[str, Any]]] = {"people": [], "organisations": []}
    seen: set[tuple[Any, ...]] = set()
    for n, row in read_rows(path):
        report.rows += 1
        try:
            section, entry = to_entry(row, kb)
        except ValueError as err:
            report.errors.append(GeopolError(Errors.E106, file=path.name, line=n, detail=str(err)))
            continue
        key = (section, entry["wikidata"], entry.get("role"), entry.get("start"), entry.get("country"))
        if key not in seen:
            seen.add(key)
            entries[section].append(entry)
    if entries["people"] or entries["organisations"]:
        add_user_entries(actors_file, entries)
    report.people, report.organisations = len(entries["people"]), len(entries["organisations"])
    return report
