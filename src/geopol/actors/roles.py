"""A person's dated roles in the knowledge base, each with the source of the fact: what
``geopol actors resolve`` and ``profile``, the API's actor profile and the page show for a person.

A curated or user row's source is its file and line (``people.tsv:412``); a world row's is its
table and line, then the upstream files it was built from
(``world/persons.tsv.gz:9 (CountryInfo.140728.txt|Phoenix.Countries.actors.txt)``).
"""

from __future__ import annotations

from typing import Any

from ..records import Actor
from .kb import Entry, KnowledgeBase, Term


def term_json(term: Term) -> dict[str, Any]:
    """One role as JSON: office, country (or IGO with its body), sector, start and end (ISO
    days; None: unknown start, or still held) and source."""
    return {
        "role": term.role,
        "country": term.country,
        "body": term.body,
        "sector": term.sector,
        "start": term.start.isoformat() if term.start else None,
        "end": term.end.isoformat() if term.end else None,
        "source": term.source,
    }


def person_entry(kb: KnowledgeBase, name: str) -> Entry | None:
    """The person ``name`` means: a curated or user person by name, then by any of their forms
    (an alias, 'Putin'), then a world person of that name or form (the most recent if several)."""
    q = name.strip()
    if not q:
        return None
    if q in kb.people:
        return kb.people[q]
    lower = q.lower()
    for form in (q, *(f for f in kb.surface_forms if f.lower() == lower)):
        entry = kb.surface_forms.get(form)
        if entry is not None and entry.actor.kind == "person":
            return kb.people.get(entry.actor.name, entry)
    if kb.world is not None:
        from ._world import choose  # the world tables need spaCy's matcher; load them only here

        people = [e for e in kb.world.forms.get(lower, []) if e.actor.kind == "person"]
        if people:
            return choose(people, None, set())[0]
    return None


def actor_entry(kb: KnowledgeBase, actor: Actor) -> Entry | None:
    """The knowledge-base person a resolved actor is (the very one, where a world name is shared),
    or None for an actor that is no known person (one found by context only)."""
    if actor.kind != "person":
        return None
    if actor.name in kb.people:
        return kb.people[actor.name]
    if kb.world is not None:
        return next((e for e in kb.world.forms.get(actor.name.lower(), []) if e.actor == actor), None)
    return None


def person_roles(kb: KnowledgeBase, name: str | Actor) -> dict[str, Any] | None:
    """The person ``name`` means (or the resolved person ``name`` is) with every role, oldest
    first, and where each came from; None when the knowledge base knows no such person."""
    entry = actor_entry(kb, name) if isinstance(name, Actor) else person_entry(kb, name)
    if entry is None:
        return None
    a = entry.actor
    return {
        "name": a.name,
        "country": a.country,
        "sector": a.sector,
        "wikidata": a.wikidata,
        "roles": [term_json(t) for t in entry.terms],
    }
