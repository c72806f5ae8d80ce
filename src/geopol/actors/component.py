"""The ``geopol_actors`` spaCy component: find actor mentions and resolve them.

Sets ``doc._.geopol_mentions`` (a list of :class:`MentionSpan`, in text order). Order of
knowledge: knowledge-base names and aliases (longest match wins), then a country word followed by
a role noun ("the Russian army" -> RUS MIL), then named entities the knowledge base lacks (a person
stays a person with no country), then short names and pronouns.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..records import Actor
from ._mentions import MentionSpan
from ._pronouns import resolve_pronouns, short_names
from .kb import Entry, KnowledgeBase, load_kb

_NER_KINDS = {"PERSON": "person", "ORG": "org"}
_ROLE_DEPS = {"amod", "compound", "poss", "nmod"}


class ActorComponent:
    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        forms = sorted(kb.surface_forms)
        for start in range(0, len(forms), 1000):
            chunk = forms[start : start + 1000]
            self.matcher.add("ACTOR", [nlp.make_doc(f) for f in chunk])
        self._lookup = {tuple(t.text for t in nlp.make_doc(f)): f for f in forms}

    # --- resolution ---------------------------------------------------------------------------
    def _actor(self, entry: Entry, day: date | None) -> tuple[Actor, float]:
        """A person's country and sector come from the office held on ``day`` (else the latest)."""
        if not entry.terms:
            return entry.actor, entry.confidence
        if day is not None:
            for term in reversed(entry.terms):
                if term.holds_on(day):
                    a = entry.actor
                    return Actor(a.name, term.country, term.sector, a.kind, a.wikidata), entry.confidence
            return entry.actor, entry.confidence * 0.9
        return entry.actor, entry.confidence * 0.95

    def _kb_mentions(self, doc: Doc, day: date | None) -> list[MentionSpan]:
        spans = [Span(doc, s, e) for _, s, e in self.matcher(doc)]
        out = []
        for span in filter_spans(spans):
            form = self._lookup.get(tuple(t.text for t in span))
            if form is None:
                continue
            entry = self.kb.surface_forms[form]
            actor, conf = self._actor(entry, day)
            out.append(MentionSpan(span.start, span.end, span.start_char, span.end_char, actor, entry.how, conf))
        return out

    def _with_role_nouns(self, doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
        """'Chinese embassy', "Russia's army": a state word modifying a role noun names a sector
        of that state. Not when the noun is a title before a name ('Chinese Foreign Minister
        Wang Yi'): the person is the actor."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out = []
        for m in mentions:
            noun = self._role_head(doc, m, taken)
            role = None
            if noun is not None:
                compound = f"{doc[noun.i - 1].lemma_.lower()} {noun.lemma_.lower()}"
                role = self.kb.role_nouns.get(compound) or self.kb.role_nouns.get(noun.lemma_.lower())
            if noun is None or role is None or m.actor.country is None:
                out.append(m)
                continue
            sector, kind = role
            actor = self.kb.country_actor(m.actor.country, sector, noun.lemma_.lower(), kind)
            out.append(MentionSpan(m.start, noun.i + 1, m.start_char, noun.idx + len(noun), actor, "role",
                                   min(0.85, m.confidence)))  # fmt: skip
        return out

    @staticmethod
    def _role_head(doc: Doc, m: MentionSpan, taken: set[int]) -> Token | None:
        """The noun a state mention modifies ('Chinese' -> 'embassy'), if it follows it."""
        if m.actor.kind != "state":
            return None
        last = doc[m.end - 1]
        possessive = m.end < len(doc) and doc[m.end].tag_ == "POS"
        if last.dep_ not in _ROLE_DEPS and not possessive:
            return None
        noun = last.head
        if noun.i <= last.i or noun.pos_ not in ("NOUN", "PROPN") or noun.i in taken:
            return None
        if noun.dep_ in ("compound", "appos") and noun.head.i in taken:
            return None  # a title in front of a name
        if any(doc[i].ent_type_ == "PERSON" for i in range(noun.i + 1, min(noun.i + 3, len(doc)))):
            return None
        return noun

    def _ner_mentions(self, doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
        taken = {i for m in mentions for i in range(m.start, m.end)}
        out = []
        for ent in doc.ents:
            kind = _NER_KINDS.get(ent.label_)
            if kind is None or any(i in taken for i in range(ent.start, ent.end)):
                continue
            span = ent
            while len(span) and span[0].lower_ in ("the", "a", "an"):
                span = span[1:]
            if not len(span) or not any(t.is_alpha for t in span):
                continue
            if span[-1].tag_ == "POS":
                span = span[:-1]
            name = span.text
            actor = Actor(name, None, None, kind, None)  # type: ignore[arg-type]
            out.append(MentionSpan(span.start, span.end, span.start_char, span.end_char, actor, "ner", 0.5))
        return out

    def __call__(self, doc: Doc) -> Doc:
        day = doc._.geopol_date
        mentions = self._kb_mentions(doc, day)
        mentions = self._with_role_nouns(doc, mentions)
        mentions += self._ner_mentions(doc, mentions)
        mentions += short_names(doc, mentions)
        mentions += resolve_pronouns(doc, sorted(mentions, key=lambda m: m.start))
        mentions.sort(key=lambda m: (m.start, m.end))
        doc._.geopol_mentions = mentions
        return doc


@Language.factory("geopol_actors", assigns=["doc._.geopol_mentions"], requires=["token.dep", "token.lemma"])
def make_actor_component(nlp: Language, name: str) -> ActorComponent:
    return ActorComponent(nlp, load_kb())
