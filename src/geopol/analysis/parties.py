"""Parties: the unit of dyads, networks and profiles.

A state's actors (its government, people, agencies, forces) are the state, named by its ISO-3 code;
an IGO, NGO or company is its own party, named by the organisation ("European Union"). Mentions with
no country (an unknown person, "reporters") are no party.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .._tsv import data_path, read_tsv

OWN_PARTY = frozenset({"IGO", "NGO", "MNC"})  # 'countries' that are not states: the organisation is the party
_GROUP_SUFFIX = re.compile(r"\s*\([^)]*\)$")  # "European Union (leaders)" is the European Union


def party(country: str | None, name: str | None) -> str | None:
    """The party of one actor: its ISO-3 code, the organisation for IGOs/NGOs/companies, else None."""
    if not country:
        return None
    if country in OWN_PARTY:
        return _GROUP_SUFFIX.sub("", name or "") or None
    return country


# the same rule in SQL, for queries over the participants/mentions tables (columns country, actor_name)
PARTY_SQL = (
    "CASE WHEN {t}.country IN ('IGO', 'NGO', 'MNC') THEN regexp_replace({t}.actor_name, '\\s*\\([^)]*\\)$', '') "
    "ELSE {t}.country END"
)


def party_sql(table: str) -> str:
    return PARTY_SQL.format(t=table)


def labels() -> dict[str, str]:
    """Display names of the state parties: 'CHN' → 'China' (from the knowledge base's
    ``actors/countries.tsv``). An organisation is its own label."""
    return dict(_country_names())


@lru_cache(maxsize=1)
def _country_names() -> tuple[tuple[str, str], ...]:
    rows = read_tsv(data_path("actors/countries.tsv"), ("iso3", "name"))
    return tuple((row["iso3"], row["name"]) for _, row in rows)
