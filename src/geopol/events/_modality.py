"""Negation, hypothetical, future and certainty of an event from the words around its trigger.

A first version of what the issue on modality deepens: cues are read from the trigger, the
verbs it depends on (control and coordination) and, for reported speech, the speech verb.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

NEGATORS = {"not", "n't", "never", "no"}
NEGATING_VERBS = {"refuse", "decline", "fail", "deny", "reject", "avoid", "stop", "cease"}
HYPOTHETICAL_AUX = {"could", "would", "might", "may", "should"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
FUTURE_VERBS = {"plan", "intend", "schedule", "due", "expect", "set", "prepare", "aim"}
HEDGES = {"apparently", "reportedly", "allegedly", "purportedly", "seemingly", "possibly", "perhaps",
          "probably", "likely", "supposedly", "ostensibly"}  # fmt: skip
SPEECH_VERBS = {"say", "claim", "tell", "state", "announce", "report", "insist", "explain", "argue",
                "assert", "declare", "stress", "note", "add", "believe", "think", "estimate",
                "suggest", "allege", "write", "confirm", "acknowledge", "promise", "warn"}  # fmt: skip


@dataclass(frozen=True)
class Modality:
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    certainty: str = "asserted"
    cue: Token | None = None  # the speech verb or 'according to'
    claimant: Token | None = None


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


def _has_hedge(tok: Token) -> bool:
    for c in tok.children:
        if c.lower_ in HEDGES:
            return True
        if c.dep_ == "prep" and c.lower_ == "on" and any(g.lower_ == "surface" for g in c.subtree):
            return True
    return False


def modality_of(trigger: Token) -> Modality:
    chain = _chain(trigger)
    negated = hypothetical = future = hedged = False
    for i, tok in enumerate(chain):
        for c in tok.children:
            low = c.lower_
            if c.dep_ == "neg" or (low in NEGATORS and c.dep_ in ("advmod", "neg", "det")):
                negated = True
            if c.dep_ == "aux" and low in HYPOTHETICAL_AUX:
                hypothetical = True
            if c.dep_ == "aux" and low in FUTURE_AUX:
                future = True
            if c.dep_ == "aux" and c.lemma_ == "go" and c.tag_ == "VBG":
                future = True
            if c.dep_ == "mark" and low in ("if", "unless", "whether"):
                hypothetical = True
        if i > 0 and tok.lemma_ in NEGATING_VERBS:
            negated = True
        if i > 0 and tok.lemma_ in FUTURE_VERBS:
            future = True
        hedged = hedged or _has_hedge(tok)
    # reported speech: the clause is the complement of a speech verb
    top = chain[-1]
    cue = claimant = None
    certainty = "asserted"
    if top.dep_ in ("ccomp", "parataxis") and top.head.lemma_ in SPEECH_VERBS:
        cue = top.head
        hedged = hedged or _has_hedge(cue)
        for c in cue.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                claimant = c
        certainty = "reported"
    root = top
    while root.head.i != root.i:
        root = root.head
    for c in root.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            cue = c
            pobj = [g for g in c.subtree if g.dep_ == "pobj"]
            claimant = pobj[-1] if pobj else None
            certainty = "reported"
    if hedged:
        certainty = "hedged"
    return Modality(negated, hypothetical, future, certainty, cue, claimant)
