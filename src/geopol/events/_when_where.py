"""When and where an event happened: the date expression and the place that its trigger governs.

A date counts only when it hangs, in the dependency parse, below the trigger or the verb that
places it in time (``governors``: the verb whose subject or object the trigger noun is; the verb a
trigger completes, when the complement happens with it ('helped broker', not 'threatened to
strike'), or whose object it describes): 'will be in Moscow from March 20 to 22', 'last Friday
signed a decree banning the veil'; never a date that bounds a period ('the first talks since
2019') nor one inside a relative or content clause below it, which has its own time; a place
only when its preposition hangs on the trigger, that verb, or their object.
Nothing found means null, never silently the publication date.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..actors import MentionSpan
from ..nlp import TextDate

_LOCATIVE = {"in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "on"}


@dataclass(frozen=True, slots=True)
class Place:
    """Where an event happened, in cleaned-text characters."""

    start_char: int
    end_char: int
    country: str | None
    name: str


# verbs whose complement happens when they do ('helped broker a deal', 'moved to ban'); not verbs
# of intent ('threatened to strike', 'agreed to withdraw': the act comes later, if at all)
_AT_ONCE = frozenset({"help", "begin", "start", "continue", "move", "manage", "proceed", "rush", "resume"})


def governors(anchor: Token, time: bool = False) -> list[Token]:
    """The trigger, and for a noun trigger the verb it is subject or object of; with ``time``,
    also the verb that places a verb trigger in time: the one it completes ('helped broker a deal',
    'moved to ban') or whose object it describes ('signed a decree banning the veil'). (Not for
    places: 'agreed in Geneva to withdraw troops' did not withdraw them in Geneva.)"""
    out = [anchor]
    head = anchor.head
    if head.i == anchor.i:
        return out
    if anchor.pos_ in ("NOUN", "PROPN") and anchor.dep_ in ("nsubj", "nsubjpass", "dobj"):
        out.append(head)
    elif time and anchor.pos_ == "VERB" and anchor.dep_ == "xcomp" and head.lemma_ in _AT_ONCE:
        out.append(head)
    elif time and anchor.pos_ == "VERB" and anchor.dep_ == "acl" and head.dep_ in ("dobj", "nsubjpass") and head.head.pos_ == "VERB":  # fmt: skip
        out.append(head.head)
    return out


_OWN_CLAUSE = {"relcl", "ccomp"}  # a clause with its own time: 'the party, which nominated him in May'


def _distance(top: Token, tok: Token, own_time: bool = False) -> int | None:
    """Steps from ``tok`` up to ``top``, or None when ``top`` does not govern it (with
    ``own_time``, also when the way up leaves a relative or content clause, whose time is its own)."""
    steps = 0
    while tok.i != top.i:
        if tok.head.i == tok.i or (own_time and tok.dep_ in _OWN_CLAUSE):
            return None
        tok = tok.head
        steps += 1
    return steps


def event_date(doc: Doc, anchor: Token, dates: list[TextDate]) -> TextDate | None:
    """Of the trigger's sentence's ``dates``, the one the trigger governs, nearest first."""
    best: tuple[int, TextDate] | None = None
    for d in dates:
        span = doc.char_span(d.start_char, d.end_char, alignment_mode="expand")
        if span is None or _bound(doc, span.start):
            continue
        for top in governors(anchor, time=True):
            dist = _distance(top, span.root, own_time=True)
            if dist is not None and (best is None or dist < best[0]):
                best = (dist, d)
    return best[1] if best else None


_PERIOD_BOUNDS = {"since", "until", "till", "before", "after"}


def _bound(doc: Doc, start: int) -> bool:
    """'their first talks since 2019', 'until March': a date that bounds a period, not the day
    the event happened."""
    return start > 0 and doc[start - 1].lower_ in _PERIOD_BOUNDS


def event_place(doc: Doc, anchor: Token, index: dict[int, MentionSpan]) -> Place | None:
    """'talks in Oman', 'struck targets in Kyiv': the first place below a locative preposition
    that the trigger governs: a known place or state (with its country), else a named place."""
    best: tuple[int, Place] | None = None
    for top in governors(anchor):
        # the preposition hangs on the trigger (or its verb) or on their object: not deeper
        # ('issues related to the war in Ukraine were coordinated' did not happen in Ukraine)
        hosts = {top.i} | {c.i for c in top.children if c.dep_ in ("dobj", "attr")}
        for tok in top.subtree:
            if tok.dep_ != "pobj" or tok.head.lower_ not in _LOCATIVE or tok.head.head.i not in hosts:
                continue
            m = index.get(tok.i)
            if m is not None and m.actor.kind == "state" and m.how in ("place", "name", "alias"):
                place = Place(m.start_char, m.end_char, m.actor.country, doc[m.start : m.end].text)
            elif tok.ent_type_ in ("GPE", "LOC", "FAC"):
                ent = next(e for e in doc.ents if e.start <= tok.i < e.end)
                place = Place(ent.start_char, ent.end_char, None, ent.text)
            else:
                continue
            dist = _distance(top, tok)
            if dist is not None and (best is None or dist < best[0]):
                best = (dist, place)
    return best[1] if best else None
