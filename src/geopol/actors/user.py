"""The user's actors file: people and organisations an analyst adds, merged over the packaged
knowledge base when it is loaded (their entries win).

A YAML file (``geopol-actors.yaml`` by default, setting ``actors_file``) with two lists whose
keys are the columns of ``people.tsv`` and ``organisations.tsv``::

    people:
      - name: Jane Doe
        aliases: [Doe]
        country: GBR
        sector: GOV
        role: foreign_minister
        start: 2026-09-06
    organisations:
      - name: Example Liberation Front
        aliases: [ELF]
        country: SYR
        sector: REB
        kind: group

``geopol actors add`` writes it; a bad entry is refused with E103 naming the entry.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .._tsv import data_path
from ..errors import Errors, GeopolError
from ._build import build_kb
from .kb import ORG_COLUMNS, PEOPLE_COLUMNS, KnowledgeBase, Rows, UserRows

SECTIONS = {"people": PEOPLE_COLUMNS, "organisations": ORG_COLUMNS}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "|".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _load(path: Path) -> dict[str, list[dict[str, Any]]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise GeopolError(Errors.E103, file=path, detail=f"not readable as YAML ({err})") from err
    if not isinstance(data, dict) or set(data) - set(SECTIONS):
        raise GeopolError(Errors.E103, file=path, detail=f"the top level must be a mapping with {sorted(SECTIONS)}")
    for section, entries in data.items():
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise GeopolError(Errors.E103, file=path, detail=f"'{section}' must be a list of mappings")
    return data


def read_user_file(path: Path) -> UserRows:
    """The file's people and organisation rows in the shape of the packaged TSV rows; the 'line'
    of a row is its entry number in its list (1-based)."""
    data = _load(path)
    out: dict[str, Rows] = {}
    for section, columns in SECTIONS.items():
        rows: Rows = []
        for n, entry in enumerate(data.get(section) or [], 1):
            unknown = set(entry) - set(columns)
            if unknown or not entry.get("name"):
                detail = f"unknown keys {sorted(unknown)}" if unknown else "no name"
                raise GeopolError(Errors.E103, file=path, detail=f"{section} entry {n}: {detail}")
            rows.append((n, {c: _cell(entry.get(c)).strip() for c in columns}))
        out[section] = rows
    return UserRows(str(path), out["people"], out["organisations"])


def load_kb(user_file: Path | None = None) -> KnowledgeBase:
    """The packaged knowledge base merged with ``user_file`` (when it exists); cached until the
    user file changes."""
    stamp = user_file.stat().st_mtime_ns if user_file is not None and user_file.exists() else None
    return _cached_kb(str(user_file) if stamp is not None else None, stamp)


@lru_cache(maxsize=4)
def _cached_kb(user_file: str | None, stamp: int | None) -> KnowledgeBase:
    user = read_user_file(Path(user_file)) if user_file else None
    return _build(user, Path(user_file) if user_file else None)


def _build(user: UserRows | None, path: Path | None) -> KnowledgeBase:
    """build_kb, with a bad user entry reported as E103 naming the user's file and entry."""
    try:
        return build_kb(data_path("actors"), user)
    except GeopolError as err:
        if user is None or err.code != "E101" or err.details.get("file") != user.file:
            raise
        detail = f"entry {err.details.get('line')}: {err.details.get('detail')}"
        raise GeopolError(Errors.E103, file=path, detail=detail) from err


def add_user_entry(path: Path, section: str, entry: dict[str, Any]) -> KnowledgeBase:
    """Append one entry to the user's file (created if absent), after checking that the
    knowledge base builds with it: a bad entry raises E101/E103 and the file is left as it was.
    Returns the new knowledge base."""
    return add_user_entries(path, {section: [entry]})


def add_user_entries(path: Path, entries: dict[str, list[dict[str, Any]]]) -> KnowledgeBase:
    """Append entries ({section: [entry, …]}) to the user's file in one write, checked as in
    :func:`add_user_entry`."""
    if set(entries) - set(SECTIONS):
        raise ValueError(sorted(set(entries) - set(SECTIONS)))
    data = _load(path) if path.exists() else {}
    for section, items in entries.items():
        for entry in items:
            clean = {k: v for k, v in entry.items() if v not in (None, "", [], ())}
            data.setdefault(section, []).append(clean)
    header = "# geopol user actors: merged over the packaged knowledge base (see `geopol actors add --help`)\n"
    text = header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None)
    folder = path.resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".geopol-actors-", suffix=".yaml", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        rows = read_user_file(Path(tmp))
        kb = _build(UserRows(path.name, rows.people, rows.organisations), path)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return kb
