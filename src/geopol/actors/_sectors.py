"""Sectors and places: 'the Russian army' (RUS MIL), 'police' (COP, country unknown), 'the
Chinese embassy in Ukraine' (CHN GOV, located in UKR), 'protesters in Kenya' (KEN CVL), 'Kyiv' in
'talks in Kyiv' (a place, not the government)."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..records import Actor
from ._mentions import MentionSpan, name_span, span_text
from .kb import KnowledgeBase, RoleNoun

_LOCATIVE = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within"}
_ROLE_DEPS = {"amod", "compound", "poss", "nmod"}
_LEADER_NOUNS = {"administration", "government", "regime", "cabinet"}  # 'the Obama administration'


class SectorResolver:
    """Place readings of capitals, and sector readings of role nouns."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        # the last word of every role noun ('envoy' of 'special envoy'): a noun whose lemma is none
        # of them has no role, so most tokens are passed over before their children are read
        self._heads = frozenset(k.rsplit(" ", 1)[-1] for k in kb.role_nouns)

    def places(self, doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
        return [self._place(doc, m) for m in self._qualified(doc, mentions)]

    def _qualified(self, doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
        """'Antioch, Illinois', 'Moscow, Idaho', 'Paris, Texas': a city (or a capital) followed by a
        comma and a region of another state lies in that region's state; not in a list of regions
        ('Alsace, Bavaria and Saxony')."""
        by_start = {m.start: m for m in mentions}
        out = []
        for m in mentions:
            region = by_start.get(m.end + 1)
            if (
                m.how in ("place", "metonym")
                and region is not None
                and m.end < len(doc)
                and doc[m.end].text == ","
                and region.how == "place"
                and span_text(doc, region) in self.kb.regions
                and span_text(doc, m) not in self.kb.regions
                and region.actor.country != m.actor.country
                and not (region.end < len(doc) and doc[region.end].lower_ in ("and", "or"))
            ):
                state = region.actor
                m = replace(m, actor=state, how="place",
                            why=f"'{span_text(doc, m)}, {span_text(doc, region)}': a place in {state.name}")  # fmt: skip
            out.append(m)
        return out

    def __call__(self, doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
        mentions = self._role_nouns(doc, mentions)
        return mentions + self._bare_role_nouns(doc, mentions)

    def _place(self, doc: Doc, m: MentionSpan) -> MentionSpan:
        """'talks in Moscow', 'his stay in Beijing': a capital after a locative preposition is the
        city, not the government ('coordinated with Moscow' stays the government)."""
        if m.how != "metonym" or m.actor.country is None:
            return m
        head = doc[m.end - 1]
        if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE:
            return self._as_place(m, f"'{head.head.text} {span_text(doc, m)}': a location")
        return m

    # --- office titles ----------------------------------------------------------------------------
    def _role_of(self, noun: Token) -> RoleNoun | None:
        compound = [c for c in noun.children if c.dep_ == "compound"]
        if compound:
            role = self.kb.role_nouns.get(f"{compound[-1].lemma_.lower()} {noun.lemma_.lower()}")
            if role is not None:
                return role
        return self.kb.role_nouns.get(noun.lemma_.lower())

    def _role_nouns(self, doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
        """'Chinese embassy', "Russia's army", 'the army of Syria': a state with a role noun names
        a sector of that state. Not when the noun is a title before a name ('Chinese Foreign
        Minister Wang Yi'): the person is the actor."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        by_start = {m.start: m for m in mentions}
        out: list[MentionSpan] = []
        consumed: set[int] = set()
        for m in mentions:
            found = _role_head(doc, m, taken)
            noun, shared = found if found is not None else (None, False)
            role = self._role_of(noun) if noun is not None else None
            if noun is None or role is None or m.actor.country not in self.kb.countries:
                out.append(m)
                continue
            if m.how == "place" and not role.domestic:
                out.append(m)  # "Texas's governor" is the state's; 'the Kharkiv embassy' is no one's
                continue
            if m.actor.kind == "person" and noun.lemma_.lower() not in _LEADER_NOUNS:
                out.append(m)
                continue
            label = noun.lemma_.lower()
            actor = self.kb.country_actor(m.actor.country, role.sector, label, role.kind)
            located = self._located(doc, noun, by_start, consumed)
            whose = (
                f"a place in {m.actor.country}, with its local" if m.how == "place" else f"({m.actor.country}) with the"
            )
            why = f"'{span_text(doc, m)}' {whose} {role.sector} noun '{noun.text}'"
            end = m.end if shared else noun.i + 1  # 'Russian and Chinese regimes': each its own word
            out.append(MentionSpan(m.start, end, m.start_char, doc[end - 1].idx + len(doc[end - 1]), actor, "role",
                                   min(0.85, m.confidence), why, located=located))  # fmt: skip
        # 'the army of Syria', 'the government of Japan'; not 'officials of Hungarian Rail' (a demonym
        # after 'of' modifies the noun after it)
        for i, m in enumerate(out):
            # a state by name, adjective or capital, or a place of one ('the governor of Texas')
            if m.how not in ("role", "demonym") and m.actor.kind == "state" and m.start >= 2:
                place = m.how == "place"
                of = doc[m.start - 1] if doc[m.start - 1].lower_ == "of" else None
                noun = of.head if of is not None else None
                if noun is None or noun.i >= m.start or noun.i in taken:
                    continue
                role = self._role_of(noun)
                if role is None or m.actor.country is None or place and not role.domestic:
                    continue  # 'the governor of Texas' is the state's; 'the embassy of Kharkiv' no one's
                label = noun.lemma_.lower()
                actor = self.kb.country_actor(m.actor.country, role.sector, label, role.kind)
                span = doc[noun.i : m.end]
                local, in_place = ("local ", "a place in ") if place else ("", "")
                why = f"'{span.text}': the {local}{role.sector} noun '{noun.text}' of {in_place}{m.actor.country}"
                out[i] = MentionSpan(noun.i, m.end, span.start_char, span.end_char, actor, "role", 0.8, why)
        return [self._as_place(m, "where another actor is") if m.start in consumed else m for m in out]

    def _located(self, doc: Doc, noun: Token, by_start: dict[int, MentionSpan], consumed: set[int]) -> str | None:
        """'the Chinese embassy in Ukraine', 'the ambassador to Ukraine': where the actor is
        (UKR); that mention is a place."""
        role = self._role_of(noun)
        preps = _LOCATIVE | {"to"} if role is not None and role.sector == "GOV" else _LOCATIVE
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ not in preps:
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                place = next((m for m in by_start.values() if m.start <= pobj.i < m.end), None)
                if place is not None and place.actor.kind == "state" and place.actor.country:
                    consumed.add(place.start)
                    return place.actor.country
        return None

    def _as_place(self, m: MentionSpan, why: str) -> MentionSpan:
        """The same span read as a location: the state it lies in, not an actor."""
        assert m.actor.country is not None
        return replace(m, actor=self.kb.country_actor(m.actor.country), how="place", why=why)

    def _bare_role_nouns(self, doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
        """'Police fired on protesters': sector actors with no country named. 'Protesters in
        Kenya' are Kenya's when the noun is domestic (police, courts, protesters), not for
        embassies or troops."""
        taken = {i for m in mentions for i in range(m.start, m.end)}
        roles = {i for m in mentions if m.how == "role" for i in range(m.start, m.end)}
        by_start = {m.start: m for m in mentions}
        out: list[MentionSpan] = []
        for tok in doc:
            if tok.pos_ not in ("NOUN", "PROPN") or tok.i in taken or tok.dep_ == "compound":
                continue
            if tok.lemma_.lower() not in self._heads:
                continue
            if tok.pos_ == "PROPN" and (tok.ent_iob_ == "I" or tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I"):
                continue  # part of a longer name ('Louisville Metro Police Department'): see name_sector
            if any(c.i in roles for c in tok.children):
                continue  # 'Russian and Chinese regimes': the states' mentions name them
            role = self._role_of(tok)
            if role is None or not role.alone or any(c.dep_ == "poss" for c in tok.children):
                continue  # 'its opposition to': a possessed noun is more often an abstract one
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            named = by_start.get(nxt.i) if nxt is not None else None
            if named is not None and named.actor.kind == "person":
                continue  # 'journalist Zhao Tong': a title before a name
            if nxt is not None and nxt.ent_iob_ == "B" and nxt.ent_type_ == "PERSON":
                out.append(self._titled_person(doc, tok, nxt, role, by_start))
                taken.update(range(out[-1].start, out[-1].end))
                continue
            compound = [c for c in tok.children if c.dep_ == "compound" and c.i not in taken]
            start = compound[-1].i if compound and self.kb.role_nouns.get(
                f"{compound[-1].lemma_.lower()} {tok.lemma_.lower()}") else tok.i  # fmt: skip
            span = doc[start : tok.i + 1]
            label = span.lemma_.lower()
            consumed: set[int] = set()
            located = self._located(doc, tok, by_start, consumed)
            if located is not None and role.domestic:
                actor = self.kb.country_actor(located, role.sector, label, role.kind)
                why = f"'{span.text}' in {located}: taken to be {located}'s ({role.sector})"
                conf = 0.55
            else:
                actor = Actor(label, None, role.sector, role.kind)  # type: ignore[arg-type]
                why = f"'{span.text}': a {role.sector} actor, country not named"
                conf = 0.5
            out.append(MentionSpan(span.start, span.end, span.start_char, span.end_char, actor, "sector", conf, why,
                                   located=located))  # fmt: skip
            taken.update(range(span.start, span.end))
        return out

    def _titled_person(self, doc: Doc, noun: Token, first: Token, role: RoleNoun,
                       by_start: dict[int, MentionSpan]) -> MentionSpan:  # fmt: skip
        """'Russian journalist Ivan Petrov', 'activist Jane Roe': a person the knowledge base
        lacks, with the sector of the noun before the name and the country that modifies it."""
        span = name_span(doc, first)
        owner = next((by_start[c.i] for c in noun.children if c.i in by_start and by_start[c.i].actor.kind == "state"
                      and c.dep_ in _ROLE_DEPS), None)  # fmt: skip
        country = owner.actor.country if owner is not None else None
        actor = Actor(span.text, country, role.sector, "person")
        why = f"not in the knowledge base; named as '{noun.text}' ({role.sector})" + (
            f" of {country}" if country else ""
        )
        return MentionSpan(span.start, span.end, span.start_char, span.end_char, actor, "title", 0.6, why)

    def name_sector(self, span: Span) -> str | None:
        """The sector an organisation's own name gives ('… Police Department' COP, 'Government
        Accountability Office' GOV): its role nouns, a specific one before GOV."""
        sectors = [r.sector for t in span if (r := self.kb.role_nouns.get(t.lemma_.lower().strip("."))) is not None]
        specific = [s for s in sectors if s != "GOV"]
        chosen = specific or sectors
        return chosen[-1] if chosen else None


def _role_head(doc: Doc, m: MentionSpan, taken: set[int]) -> tuple[Token, bool] | None:
    """The noun a state (or a leader: 'the Obama administration') modifies: 'Chinese' ->
    'embassy', if it follows it; and whether other states share it ('Russian and Chinese
    regimes')."""
    if m.actor.kind not in ("state", "person"):
        return None
    last = doc[m.end - 1]
    possessive = m.end < len(doc) and doc[m.end].tag_ == "POS"
    shared = any(c.dep_ == "conj" for c in last.children)
    if last.dep_ == "conj" and last.head.dep_ in _ROLE_DEPS:  # the second of coordinated modifiers
        last, shared = last.head, True
    if last.dep_ not in _ROLE_DEPS and not possessive:
        return None
    noun = last.head
    if noun.i <= last.i or noun.pos_ not in ("NOUN", "PROPN") or noun.i in taken:
        return None
    if noun.dep_ in ("compound", "appos") and noun.head.i in taken:
        return None  # a title in front of a name
    # a title right before a name ('Mexican ambassador Jose Lopez'); not a name the sentence goes on
    # to ('The Mexican ambassador criticized Obama') nor one in apposition ('…, Jose Lopez,' takes
    # the title's state from it)
    if noun.i + 1 < len(doc) and doc[noun.i + 1].ent_type_ == "PERSON":
        return None
    return noun, shared
