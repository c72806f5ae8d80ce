"""The knowledge base assembled: the packaged tables, the user's entries, then the world tables.

``kb`` holds the records and the readers of each table; ``_world`` reads the large world tables
with ``kb``'s helpers; this module, above both, puts them together in their order of precedence.
"""

from __future__ import annotations

from pathlib import Path

from .._tsv import read_tsv
from ._world import load_world
from .kb import (
    ORG_COLUMNS,
    PEOPLE_COLUMNS,
    KnowledgeBase,
    UserRows,
    _index_offices,
    _load_anaphors,
    _load_countries,
    _load_role_nouns,
    _load_titles,
    add_organisations,
    add_people,
)


def build_kb(folder: Path, user: UserRows | None = None) -> KnowledgeBase:
    """The knowledge base from a folder of data files, then the user's entries (which win)."""
    kb = KnowledgeBase()
    _load_countries(kb, folder / "countries.tsv")
    add_people(kb, list(read_tsv(folder / "people.tsv", PEOPLE_COLUMNS)), "people.tsv")
    add_organisations(kb, list(read_tsv(folder / "organisations.tsv", ORG_COLUMNS)), "organisations.tsv")
    _load_role_nouns(kb, folder / "role_nouns.tsv")
    sources = [str(folder)]
    if user is not None:
        add_people(kb, user.people, user.file, override=True)
        add_organisations(kb, user.organisations, user.file, override=True)
        sources.append(user.file)
    if (folder / "world").is_dir():
        kb.world = load_world(kb, folder / "world")
        sources.append(str(folder / "world"))
    _index_offices(kb)
    _load_titles(kb, folder / "role_titles.tsv")
    _load_anaphors(kb, folder / "anaphors.tsv")
    kb.sources = tuple(sources)
    return kb
