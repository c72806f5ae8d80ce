"""Pronouns and short names: within-document links back to an earlier actor mention.

A first version of coreference: each pronoun takes the nearest compatible mention before it,
preferring grammatical subjects, looking back at most ``WINDOW`` sentences. Machine-translated
French often renders a country as "she/her" and an institution as "he", so when no person is in
reach, he/she fall back to a state or organisation.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ._mentions import MentionSpan

WINDOW = 2
_PERSONAL = {"he": "m", "him": "m", "his": "m", "himself": "m",
             "she": "f", "her": "f", "hers": "f", "herself": "f",
             "it": "n", "its": "n", "itself": "n"}  # fmt: skip
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def _compatible(m: MentionSpan, gender: str) -> bool:
    kind = m.actor.kind
    if gender == "n":
        return kind in ("state", "org", "igo") and m.how != "demonym"
    return kind == "person"


def _fallback(m: MentionSpan) -> bool:
    return m.actor.kind in ("state", "org", "igo") and m.how != "demonym"


def _sentence_no(doc: Doc) -> list[int]:
    numbers = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            numbers[i] = n
    return numbers


def _pick(cands: list[MentionSpan], doc: Doc, ok) -> MentionSpan | None:  # type: ignore[no-untyped-def]
    subjects = [m for m in cands if ok(m) and doc[m.end - 1].dep_ in _SUBJECT_DEPS]
    if subjects:
        return subjects[-1]
    others = [m for m in cands if ok(m)]
    return others[-1] if others else None


def resolve_pronouns(doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
    """Mentions for the personal pronouns of ``doc`` that have an antecedent in reach."""
    sent_no = _sentence_no(doc)
    out: list[MentionSpan] = []
    for tok in doc:
        gender = _PERSONAL.get(tok.lower_)
        if gender is None or tok.pos_ != "PRON":
            continue
        if tok.lower_ == "it" and _is_expletive(tok):
            continue
        before = [m for m in mentions if m.end <= tok.i and sent_no[tok.i] - sent_no[m.start] <= WINDOW]
        before = [m for m in before if m.how != "pronoun"] + [m for m in out if m.end <= tok.i]
        before.sort(key=lambda m: m.start)
        ante = _pick(before, doc, lambda m, g=gender: _compatible(m, g))
        confidence = 0.6
        if ante is None and gender in ("m", "f"):
            ante = _pick(before, doc, _fallback)
            confidence = 0.4
        if ante is None:
            continue
        out.append(MentionSpan(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), ante.actor, "pronoun",
                               min(confidence, ante.confidence)))  # fmt: skip
    return out


def _is_expletive(tok: Token) -> bool:
    """'It is true that…', 'it seems', 'it will be difficult to…': no referent."""
    head = tok.head
    if tok.dep_ == "expl":
        return True
    if head.lemma_ in ("seem", "appear", "turn", "take", "rain", "matter"):
        return True
    if head.lemma_ == "be" and any(c.dep_ in ("ccomp", "xcomp", "acomp", "attr") for c in head.children):
        return any(c.dep_ in ("ccomp",) or c.tag_ == "TO" for c in head.subtree)
    return False


def short_names(doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
    """'Xi' after 'Xi Jinping', 'Zhang' after 'Junhua Zhang': a part of an earlier full
    person name, alone, refers to that person."""
    covered = {i for m in mentions for i in range(m.start, m.end)}
    firsts: dict[str, MentionSpan] = {}
    out: list[MentionSpan] = []
    by_start = sorted(mentions, key=lambda m: m.start)
    k = 0
    for tok in doc:
        while k < len(by_start) and by_start[k].end <= tok.i:
            m = by_start[k]
            if m.actor.kind == "person" and m.end - m.start >= 2 and m.how != "pronoun":
                for t in doc[m.start : m.end]:
                    if t.is_title and len(t) >= 2:
                        firsts.setdefault(t.text, m)
            k += 1
        if tok.i in covered or tok.pos_ != "PROPN":
            continue
        full = firsts.get(tok.text)
        if full is not None:
            out.append(MentionSpan(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), full.actor, "short name",
                                   full.confidence * 0.9))  # fmt: skip
    return out
