"""Negation, hypothetical, future and hedging of an event from the words around its trigger.

Cues (``data/nlp/modality.tsv``) are read from the trigger and the verbs it depends on (control
and coordination). Attribution — who reported the event, and whether the report is unverified or
denied — comes from the claim the event sits in (``geopol.claims``), not from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..nlp.cues import has_hedge, modality_cues


@dataclass(frozen=True)
class Modality:
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    certainty: str = "asserted"  # asserted | hedged: what the event's own clause says


def _chain(trigger: Token) -> list[Token]:
    """The trigger and the verbs it is the complement of ('refused to condemn')."""
    out = [trigger]
    tok = trigger
    while tok.dep_ in ("xcomp", "conj") and tok.head.i != tok.i and len(out) < 4:
        if tok.dep_ == "conj" and tok.head.pos_ not in ("VERB", "AUX"):
            break
        tok = tok.head
        out.append(tok)
    return out


def _whether_or_not(tok: Token, doubt: frozenset[str]) -> bool:
    """'whether or not Russia attacked': the 'not' leaves the question open, it does not negate."""
    kids = [c.lower_ for c in tok.children]
    return any(k in doubt for k in kids) and "or" in kids and "not" in kids


def _doubts_the_past(tok: Token, modal: Token, cues: dict[str, frozenset[str]]) -> bool:
    """'may have attacked', 'must have known': a modal of doubt before 'have' and a past participle
    says the event may have happened (hedged), not that it is hypothetical; in a condition ('if they
    had…, they might have won') it stays hypothetical."""
    if modal.lower_ not in cues["past_doubt_aux"] or tok.tag_ != "VBN":
        return False
    kids = list(tok.children)
    conditions = [c for c in kids if c.dep_ == "mark"] + [m for c in kids if c.dep_ == "advcl"
                                                          for m in c.children if m.dep_ == "mark"]  # fmt: skip
    if any(c.lower_ in cues["condition"] for c in conditions):
        return False
    return any(c.dep_ == "aux" and c.lemma_ == "have" and modal.i < c.i < tok.i for c in kids)


def modality_of(trigger: Token) -> Modality:
    cues = modality_cues()
    negated = hypothetical = future = hedged = False
    for i, tok in enumerate(_chain(trigger)):
        open_question = _whether_or_not(tok, cues["doubt"])
        for c in tok.children:
            low = c.lower_
            if open_question and low == "not":
                continue
            if c.dep_ == "neg" or (low in cues["negator"] and c.dep_ in ("advmod", "neg", "det")):
                negated = True
            if c.dep_ == "aux" and _doubts_the_past(tok, c, cues):
                hedged = True
            elif c.dep_ == "aux" and low in cues["hypothetical_aux"]:
                hypothetical = True
            if c.dep_ == "aux" and low in cues["future_aux"]:
                future = True
            if c.dep_ == "aux" and c.lemma_ == "go" and c.tag_ == "VBG":
                future = True
            if c.dep_ == "mark" and low in cues["condition"]:
                hypothetical = True
            if c.dep_ == "mark" and low in cues["doubt"]:  # 'whether or not he told Xi': open
                hedged = True
        if i > 0 and tok.lemma_ in cues["negating_verb"]:
            negated = True
        if i > 0 and tok.lemma_ in cues["future_verb"]:
            future = True
        hedged = hedged or has_hedge(tok)
    return Modality(negated, hypothetical, future, "hedged" if hedged else "asserted")
