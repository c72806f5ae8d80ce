"""Namesakes of forgotten office-holders: a name the world tables know only as a minor official long
out of office, in a text about another state that names none of that official's, is another person.

The world tables hold some 20,000 ministers, officials and diplomats, many with common names: a
George Wallace was Liberia's foreign minister in 2006-07, an Ian Campbell an Australian minister.
Read by name alone, the Alabama governor or a special-effects costumer of the same name became those
officials, and every pronoun and short name after them. A person of the world tables is taken for a
namesake when

- the name alone matched (no title or office before it chose the office-holder),
- the day the sentence speaks of is known and lies at least ``NAMESAKE_YEARS`` from every office
  of the person (after its end or before its start: a 1963 governor is no minister of 2006), and
  none of them was a state's or an organisation's head (those stay known for decades: Gerhard
  Schröder is Germany's whenever he is named),
- the text is about a state (``main_state``: most of its state mentions) that is not theirs, and no
  other mention of it names a state the person held office in (nor the state that holds it, for a
  territory's official).

The curated table's people (heads of state and government, foreign and defence ministers of the G20
and a few more since 2000: Colin Powell, John Kerry) and a user's own are never taken for namesakes:
their offices are what makes them known. A bare name, or a text about no state, keeps the
office-holder too (``geopol actors resolve "Henry Kissinger"``). The mention then becomes a person
the knowledge base lacks, and the text's context gives the state, as for any unknown name; its
``why`` says which office-holder it was not taken to be.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from ..records import Actor
from ._context import main_state
from ._mentions import MentionSpan
from .kb import Entry, KnowledgeBase, Term

WORLD = "world/"  # how a world table's term names its source (``_world._load_people``)
NAMESAKE_YEARS = 2  # out of every office this long before the day: a minister's term or so
FAMOUS_ROLES = frozenset({"head_of_state", "head_of_government", "acting_head_of_state", "vice_president",
                          "head_of_organisation"})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Stale:
    """A mention read as a person whose offices all ended long before its day."""

    last: Term  # the latest office
    states: frozenset[str]  # every state the person held office in, and the states that hold them
    day: date


def stale_office(entry: Entry, day: date | None, kb: KnowledgeBase) -> Stale | None:
    """The person's latest office when the name may be a namesake's (see the module's note), else None."""
    if day is None or entry.actor.kind != "person" or entry.how != "name" or not entry.terms:
        return None
    if any(t.role in FAMOUS_ROLES or t.end is None or not (t.source or "").startswith(WORLD) for t in entry.terms):
        return None
    if min(_gap(t, day) for t in entry.terms) < 365 * NAMESAKE_YEARS:
        return None
    last = max(entry.terms, key=lambda t: t.end or date.min)
    states: set[str] = set()
    for t in entry.terms:
        if t.country:
            states.add(t.country)
            holder = kb.countries.get(t.country)
            if holder is not None and holder.part_of:
                states.add(holder.part_of)
    if not states:
        return None  # an organisation's official: no state to look for in the text
    return Stale(last, frozenset(states), day)


def _gap(term: Term, day: date) -> int:
    """Days from ``day`` to the office: 0 while it is held, else to its start or from its end."""
    if term.start is not None and day < term.start:
        return (term.start - day).days
    if term.end is not None and day >= term.end:
        return (day - term.end).days + 1
    return 0


def namesakes(mentions: list[MentionSpan], stale: dict[tuple[int, int], Stale], kb: KnowledgeBase,
              text: str) -> tuple[list[MentionSpan], dict[tuple[int, int], str]]:  # fmt: skip
    """``mentions`` with each stale name (``stale``, by token span) that still reads as the office-holder
    turned into an unknown person when no other mention names one of the person's states; and what
    was said of each such name (by token span), for ``keep_notes`` once the context has resolved it."""
    if not stale:
        return mentions, {}
    others = [m for m in mentions if (m.start, m.end) not in stale]
    about, _, _ = main_state(others, kb.countries)
    if about is None:
        return mentions, {}
    named = {m.actor.country for m in others if m.actor.country}
    out, notes = [], {}
    for m in mentions:
        s = stale.get((m.start, m.end))
        if s is None or m.how != "name" or m.actor.kind != "person" or s.states & named:
            out.append(m)
            continue
        t = s.last
        where = kb.countries[t.country].name if t.country in kb.countries else t.country
        note = (f"'{text[m.start_char:m.end_char]}' shares a name with {m.actor.name} ({t.role.replace('_', ' ')}, "
                f"{where}, {t.span()}), who held no office within {NAMESAKE_YEARS} years of {s.day.isoformat()}, "
                f"in a text that names no state of theirs: taken to be another person")  # fmt: skip
        notes[(m.start, m.end)] = note
        out.append(replace(m, actor=Actor(m.actor.name, None, None, "person", None), how="ner", confidence=0.5,
                           why=f"{note}, country unknown"))  # fmt: skip
    return out, notes


def keep_notes(mentions: list[MentionSpan], notes: dict[tuple[int, int], str]) -> list[MentionSpan]:
    """A namesake's note kept in its ``why`` after the context gave it a state."""
    if not notes:
        return mentions
    return [replace(m, why=f"{m.why}; {note}") if (note := notes.get((m.start, m.end))) and note not in m.why else m
            for m in mentions]  # fmt: skip
