"""Coreference inside a document: links back to actors named earlier.

- Pronouns take the nearest compatible mention before them, preferring grammatical subjects,
  looking back at most ``WINDOW`` sentences. Machine-translated French often renders a country as
  "she/her" and an institution as "he", so when no person is in reach, he/she fall back to a state
  or organisation.
- 'they/them/their' take coordinated actors ('China and Russia … they'), a subject and object of
  the same kind ('Xi met Putin. They …') or a plural group ('Russian troops … They').
- Short names ('Xi' after 'Xi Jinping').
- Anaphoric noun phrases from ``anaphors.tsv``: 'the country' (the nearest state), 'the two men',
  'both sides' (the two nearest distinct actors, one plural mention).
- Counterparts: 'his Russian counterpart' is whoever held, in Russia, the office that 'his'
  referent held on that day.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy
from spacy.attrs import POS
from spacy.language import Language
from spacy.symbols import PRON, PROPN
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..nlp.sents import sentence_bounds
from ..records import Actor
from ._context import THIS_TEXT
from ._days import DayIndex
from ._mentions import MentionSpan, lower_phrases
from .kb import PRIVATE_SECTORS, KnowledgeBase

WINDOW = 2
ANAPHOR_WINDOW = 3
_PERSONAL = {"he": "m", "him": "m", "his": "m", "himself": "m",
             "she": "f", "her": "f", "hers": "f", "herself": "f",
             "it": "n", "its": "n", "itself": "n"}  # fmt: skip
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_PLURAL = {"they", "them", "their", "themselves", "theirs"}


def _compatible(m: MentionSpan, gender: str, genders: dict[str, str]) -> bool:
    kind = m.actor.kind
    if m.how == "place":
        return False
    if gender == "n":
        return kind in ("state", "org", "igo") and m.how != "demonym"
    return kind == "person" and genders.get(m.actor.name, gender) == gender


def _fallback(m: MentionSpan) -> bool:
    return m.actor.kind in ("state", "org", "igo") and m.how not in ("demonym", "place")


def _sentence_no(doc: Doc) -> list[int]:
    numbers = [0] * len(doc)
    for n, (start, end) in enumerate(sentence_bounds(doc)):
        numbers[start:end] = [n] * (end - start)
    return numbers


def _pick(cands: list[MentionSpan], doc: Doc, ok) -> MentionSpan | None:  # type: ignore[no-untyped-def]
    subjects = [m for m in cands if ok(m) and doc[m.end - 1].dep_ in _SUBJECT_DEPS]
    if subjects:
        return subjects[-1]
    others = [m for m in cands if ok(m)]
    return others[-1] if others else None


def _pick_fallback(cands: list[MentionSpan], doc: Doc, gender: str, sent_no: list[int]) -> MentionSpan | None:
    """A state or organisation for he/she: the referent of the last he/she of the same gender if
    there is one ('She fears … She also fears'); else from the nearest sentence that has one, its
    main-clause subject first."""
    same = [m for m in cands if m.how == "pronoun" and _PERSONAL.get(doc[m.start].lower_) == gender
            and _fallback(m)]  # fmt: skip
    if same:
        return same[-1]
    ok = [m for m in cands if _fallback(m) and m.how != "pronoun"] or [m for m in cands if _fallback(m)]
    if not ok:
        return None
    last = max(sent_no[m.start] for m in ok)
    near = [m for m in ok if sent_no[m.start] == last]
    main = [m for m in near if doc[m.end - 1].dep_ in _SUBJECT_DEPS and doc[m.end - 1].head.dep_ == "ROOT"]
    subjects = [m for m in near if doc[m.end - 1].dep_ in _SUBJECT_DEPS]
    return (main or subjects or near)[-1]


def _indices_of(doc: Doc, pos: int) -> list[int]:
    """The indices of ``doc``'s tokens of one part of speech, read from the Doc's array."""
    return numpy.flatnonzero(doc.to_array([POS]).reshape(-1) == pos).tolist() if len(doc) else []


def resolve_pronouns(doc: Doc, mentions: list[MentionSpan], genders: dict[str, str]) -> list[MentionSpan]:
    """Mentions for the personal pronouns of ``doc`` that have an antecedent in reach; a known
    person's gender (``genders``) must agree with he/she."""
    sent_no = _sentence_no(doc)
    out: list[MentionSpan] = []
    for i in _indices_of(doc, PRON):  # only pronouns: the Doc's other tokens are never made
        tok = doc[i]
        gender = _PERSONAL.get(tok.lower_)
        if tok.lower_ in _PLURAL:
            group = _plural_antecedent(doc, tok, mentions, sent_no)
            if group is not None:
                out.append(group)
            continue
        if gender is None:
            continue
        if tok.lower_ == "it" and _is_expletive(tok):
            continue
        before = [m for m in mentions if m.end <= tok.i and sent_no[tok.i] - sent_no[m.start] <= WINDOW]
        before = [m for m in before if m.how != "pronoun"] + [m for m in out if m.end <= tok.i]
        before.sort(key=lambda m: m.start)
        ante = _pick(before, doc, lambda m, g=gender: _compatible(m, g, genders))
        confidence = 0.6
        if ante is None and gender in ("m", "f"):
            ante = _pick_fallback(before, doc, gender, sent_no)
            confidence = 0.4
        if ante is None:
            continue
        why = f"'{tok.text}' refers to '{doc[ante.start : ante.end].text}' ({ante.actor.name})"
        if confidence < 0.6:
            why += ": no person in reach, so the state or organisation (translated text)"
        out.append(MentionSpan(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), ante.actor, "pronoun",
                               min(confidence, ante.confidence), why))  # fmt: skip
    return out


def _plural_antecedent(doc: Doc, tok: Token, mentions: list[MentionSpan], sent_no: list[int]) -> MentionSpan | None:
    """'China and Russia agreed that they…': 'they' stands for coordinated actors (or a plural
    group such as 'Russian troops') that are the subject of its own or the previous sentence."""
    for n in (sent_no[tok.i], sent_no[tok.i] - 1):
        subjects = [m for m in mentions if sent_no[m.start] == n and m.end <= tok.i and m.how != "place"
                    and doc[m.end - 1].dep_ in _SUBJECT_DEPS]  # fmt: skip
        for m in reversed(subjects):
            head = doc[m.end - 1]
            conj = [c for c in mentions if c.how != "place" and doc[c.end - 1].dep_ == "conj"
                    and doc[c.end - 1].head.i == head.i]  # fmt: skip
            if not conj:  # 'Xi met Putin. They signed…': subject and object of the same kind
                conj = [o for o in mentions if o.how != "place" and o.actor.kind == m.actor.kind
                        and doc[o.end - 1].dep_ == "dobj" and doc[o.end - 1].head.i == head.head.i]  # fmt: skip
            actors = [x.actor for x in (m, *conj)]
            if m.members:
                actors = list(m.members)
            distinct = list({(a.name, a.country): a for a in actors}.values())
            why = f"'{tok.text}' refers to " + " and ".join(a.name for a in distinct)
            span = (tok.i, tok.i + 1, tok.idx, tok.idx + len(tok))
            if len(distinct) >= 2:
                return MentionSpan(*span, distinct[0], "pronoun", 0.5, why, tuple(distinct))
            if m.actor.kind == "group" and head.tag_ in ("NNS", "NNPS"):
                return MentionSpan(*span, m.actor, "pronoun", 0.5, why)
    return None


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


def guessed(m: MentionSpan) -> bool:
    """A one-word mention nothing but its name's look resolved: an unknown name that the named-entity
    tagger found, with no country or with only the document's ('Callamard', tagged ORG)."""
    return m.end - m.start == 1 and (m.how == "ner" or m.how == "context" and THIS_TEXT in m.why)


def short_names(doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
    """'Xi' after 'Xi Jinping', 'Zhang' after 'Junhua Zhang': a part of an earlier full
    person name, alone, refers to that person; so does a one-word name that only the named-entity
    tagger found (``guessed``: the caller drops it for the short name)."""
    covered = {i for m in mentions for i in range(m.start, m.end) if not guessed(m)}
    firsts: dict[str, MentionSpan] = {}
    out: list[MentionSpan] = []
    by_start = sorted(mentions, key=lambda m: m.start)
    k = 0
    for i in _indices_of(doc, PROPN):  # only a proper noun can be a short name: the Doc's other tokens are never made
        tok = doc[i]
        while k < len(by_start) and by_start[k].end <= tok.i:
            m = by_start[k]
            if m.actor.kind == "person" and m.end - m.start >= 2 and m.how != "pronoun":
                for t in doc[m.start : m.end]:
                    # not an initial or a suffix ('G.', 'Jr.' of 'John G. Roberts Jr.'); a title before a
                    # name is no part of it ('Chief Justice', left out by ``mend_names``)
                    if t.is_title and len(t) >= 2 and not t.text.endswith("."):
                        firsts.setdefault(t.text, m)
            k += 1
        if tok.i in covered:
            continue
        full = firsts.get(tok.text)
        if full is not None:
            why = f"part of '{doc[full.start : full.end].text}', named earlier"
            out.append(MentionSpan(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), full.actor, "short name",
                                   full.confidence * 0.9, why))  # fmt: skip
    return out


def follow_full_names(mentions: list[MentionSpan]) -> list[MentionSpan]:
    """Short names found before the context gave their person a state ('Navalny' after 'Russian
    opposition leader Alexei Navalny') take the full name's actor as it stands now: the first
    full-name mention of that person before the short one, as ``short_names`` chose it."""
    fulls: dict[str, list[MentionSpan]] = {}
    for m in mentions:
        if m.actor.kind == "person" and m.end - m.start >= 2 and m.how not in ("pronoun", "short name"):
            fulls.setdefault(m.actor.name, []).append(m)
    out = []
    for m in mentions:
        if m.how == "short name":
            full = next((f for f in fulls.get(m.actor.name, ()) if f.end <= m.start), None)
            if full is not None and full.actor != m.actor:
                m = replace(m, actor=full.actor)  # noqa: PLW2901
        out.append(m)
    return out


class AnaphorResolver:
    """'the country', 'the two leaders', 'both sides'; 'his Russian counterpart'."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = lower_phrases(nlp.vocab, "ANAPHOR", kb.anaphors)

    def __call__(self, doc: Doc, mentions: list[MentionSpan], days: DayIndex) -> list[MentionSpan]:
        mentions = self._counterparts(doc, mentions, days)
        found = self._phrases(doc, mentions)
        return [m for m in mentions if not any(f.start <= m.start and m.end <= f.end for f in found)] + found

    def _fits(self, m: MentionSpan, refers: str) -> Actor | None:
        """The actor ``m`` offers to an anaphor that refers to persons, states or any side."""
        a = m.actor
        if m.how == "place" or m.how == "demonym" and refers == "person":
            return None
        if refers == "person":
            return a if a.kind == "person" else None
        if refers == "suspect":  # a private person named with a state: not an official, nor anyone
            # given the document's state for want of another (a victim, a witness), nor a pronoun
            known = a.kind == "person" and a.country and m.how not in ("pronoun", "anaphor") and THIS_TEXT not in m.why
            return a if known and a.sector in PRIVATE_SECTORS else None
        if a.kind == "state" and a.country in self.kb.countries:
            return self.kb.country_actor(a.country) if refers == "state" else a
        if refers == "any" and (a.kind == "igo" or a.kind in ("org", "group") and a.country):
            return a
        return None

    def _phrases(self, doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
        sent_no = _sentence_no(doc)
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out: list[MentionSpan] = []
        bare = {(m.start, m.end) for m in mentions if m.how == "sector" and not m.actor.country}
        for span in filter_spans([doc[s:e] for _, s, e in self.matcher(doc)]):
            ana = self.kb.anaphors[tuple(t.lower_ for t in span)]
            if any(i in taken for i in range(span.start, span.end)) and not (
                    ana.refers == "suspect" and _only_bare(span, mentions, bare)):  # fmt: skip
                continue  # 'the suspect' takes the place of a bare role noun, of no other mention
            # a suspect is the story's subject: named at its start, 'the accused' paragraphs later
            window = len(sent_no) if ana.refers == "suspect" else ANAPHOR_WINDOW
            before = sorted((x for m in mentions + out if m.end <= span.start
                             and sent_no[span.start] - sent_no[m.start] <= window for x in m.expand()),
                            key=lambda m: m.start, reverse=True)  # fmt: skip
            picked: list[Actor] = []
            for m in before:
                a = self._fits(m, ana.refers)
                # 'the two sides' are two parties: not the Indian government and an Indian ministry
                if a is not None and all((a.name, a.country) != (p.name, p.country) and (
                        ana.count == 1 or a.country is None or a.country != p.country) for p in picked):  # fmt: skip
                    picked.append(a)
                if len(picked) == ana.count:
                    break
            if len(picked) < ana.count:
                continue
            picked.reverse()  # in text order
            why = (
                f"'{span.text}': "
                + " and ".join(a.name for a in picked)
                + (", the private person named last before" if ana.refers == "suspect" else ", named just before")
            )
            members = tuple(picked) if ana.count > 1 else ()
            out.append(MentionSpan(span.start, span.end, span.start_char, span.end_char, picked[0], "anaphor",
                                   0.6 if ana.count == 1 else 0.55, why, members))  # fmt: skip
        return out

    def _counterparts(self, doc: Doc, mentions: list[MentionSpan], days: DayIndex) -> list[MentionSpan]:
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        replaced: dict[int, MentionSpan] = {}
        for tok in doc:
            if tok.lemma_.lower() != "counterpart":
                continue
            country = next((by_token[c.i] for c in tok.children if c.dep_ in ("amod", "compound", "nmod")
                            and c.i in by_token and by_token[c.i].actor.kind == "state"), None)  # fmt: skip
            owner = next((by_token[c.i] for c in tok.children if c.dep_ == "poss" and c.i in by_token), None)
            if country is None or owner is None or owner.actor.kind != "person" or not country.actor.country:
                continue
            found = self._counterpart(owner.actor, country.actor.country, days.at(tok.i).day)
            if found is None:
                continue
            actor, why = found
            span = doc[country.start : tok.i + 1]
            replaced[country.start] = MentionSpan(span.start, span.end, span.start_char, span.end_char, actor,
                                                  "counterpart", 0.6, why)  # fmt: skip
        return [replaced.get(m.start, m) for m in mentions]

    def _counterpart(self, person: Actor, country: str, day: date | None) -> tuple[Actor, str] | None:
        entry = self.kb.people.get(person.name)
        if entry is None:
            return None
        for term in reversed(entry.terms):
            if day is not None and not term.holds_on(day):
                continue
            holders, how = self.kb.holders((country, term.role), day)
            if holders:
                h = holders[0]
                actor = Actor(h.entry.actor.name, h.term.country, h.term.sector, "person", h.entry.actor.wikidata)
                why = f"the {country} {term.role} counterpart of {person.name}: {how}: {actor.name}"
                return actor, why
        return None


def _only_bare(span: Span, mentions: list[MentionSpan], bare: set[tuple[int, int]]) -> bool:
    """Every mention inside ``span`` is a role noun that names no state ('suspect' in 'the suspect')."""
    inside = [m for m in mentions if m.start < span.end and span.start < m.end]
    return all((m.start, m.end) in bare and span.start <= m.start and m.end <= span.end for m in inside)
