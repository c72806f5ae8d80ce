"""Offices and sectors: 'China's new foreign minister' (whoever held that office on the day the
sentence speaks of), 'the Russian army' (RUS MIL), 'police' (COP, country unknown), 'the Chinese
embassy in Ukraine' (CHN GOV, located in UKR), 'Kyiv' in 'talks in Kyiv' (a place, not the
government)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..records import Actor
from ._days import DayIndex
from ._mentions import MentionSpan
from .kb import Holding, KnowledgeBase, RoleNoun

# words that may stand between the country and the title: "China's new foreign minister"
_QUALIFIERS = {"new", "current", "newly", "appointed", "then", "top", "sitting", "serving", "incumbent",
               "outgoing", "incoming", "future", "former", "ex", "-", "late", "previous", "acting", "interim",
               "deputy", "vice", "assistant", "junior", "shadow", "hawkish", "veteran", "powerful"}  # fmt: skip
_PAST = {"former", "ex", "late", "previous"}
_NEXT = {"incoming", "future", "designate", "elect"}
_OTHER_OFFICE = {"deputy", "vice", "assistant", "junior", "shadow"}
_LOCATIVE = {"in", "at", "near", "outside", "inside", "around", "across", "throughout", "within"}
_ROLE_DEPS = {"amod", "compound", "poss", "nmod"}
_LEADER_NOUNS = {"administration", "government", "regime", "cabinet"}  # 'the Obama administration'
_RECENT = timedelta(days=730)
_HOLDER_WINDOW = 6  # sentences to look back for 'the president' = a named holder


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


def _is_polity(m: MentionSpan) -> bool:
    """A state (by name, adjective or capital) or an IGO: what can own an office."""
    return m.how != "place" and (m.actor.kind in ("state", "igo") or m.actor.country == "IGO" and m.actor.kind == "org")


class RoleResolver:
    """Adds office-holder, sector and place readings to the knowledge-base mentions of a Doc."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.matcher = Matcher(nlp.vocab)
        for words in kb.titles:
            last = {"LOWER": {"IN": [words[-1], _plural(words[-1])]}}
            self.matcher.add("TITLE", [[{"LOWER": w} for w in words[:-1]] + [last]])

    def __call__(self, doc: Doc, mentions: list[MentionSpan], days: DayIndex) -> list[MentionSpan]:
        mentions = [self._place(doc, m) for m in mentions]
        mentions = self._titles(doc, mentions, days)
        mentions = self._role_nouns(doc, mentions)
        return mentions + self._bare_role_nouns(doc, mentions)

    # --- capitals as places ---------------------------------------------------------------------
    def _place(self, doc: Doc, m: MentionSpan) -> MentionSpan:
        """'talks in Moscow', 'his stay in Beijing': a capital after a locative preposition is the
        city, not the government ('coordinated with Moscow' stays the government)."""
        if m.how != "metonym" or m.actor.country is None:
            return m
        head = doc[m.end - 1]
        if head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE:
            state = self.kb.country_actor(m.actor.country)
            return replace(m, actor=state, how="place", why=f"'{head.head.text} {m_text(doc, m)}': a location")
        return m

    # --- office titles ----------------------------------------------------------------------------
    def _titles(self, doc: Doc, mentions: list[MentionSpan], days: DayIndex) -> list[MentionSpan]:
        by_end = {m.end: m for m in mentions}
        by_start = {m.start: m for m in mentions}
        taken = {i for m in mentions for i in range(m.start, m.end)}
        consumed: set[int] = set()
        new: list[MentionSpan] = []
        for title in filter_spans([doc[s:e] for _, s, e in self.matcher(doc)]):
            if any(i in taken for i in range(title.start, title.end)):
                continue
            found = self._title_mention(doc, title, by_start, by_end, days, mentions)
            if found is None:
                continue
            made, used = found
            if used is not None:
                consumed.add(used.start)
            new.append(made)
            taken.update(range(made.start, made.end))
        kept = [m for m in mentions if m.start not in consumed]
        return kept + new

    def _title_mention(self, doc: Doc, title: Span, by_start: dict[int, MentionSpan],
                       by_end: dict[int, MentionSpan], days: DayIndex,
                       mentions: list[MentionSpan]) -> tuple[MentionSpan, MentionSpan | None] | None:  # fmt: skip
        words = tuple(t.lower_ for t in title)
        plural = words not in self.kb.titles
        if plural:
            words = (*words[:-1], next(w for w in self.kb.titles if w[:-1] == words[:-1] and
                                       _plural(w[-1]) == words[-1])[-1])  # fmt: skip
        label = " ".join(words).replace(" - ", "-")
        end = title.end
        quals: set[str] = set()
        if end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ in _NEXT:  # president-elect
            quals.add("incoming")
            end += 2
        nxt = by_start.get(end)
        if nxt is not None and nxt.actor.kind == "person":
            return None  # 'Foreign Minister Wang Yi': the name is the actor
        owner, start, more = self._left_owner(doc, title.start, by_end)
        quals |= more
        if owner is None:
            owner = self._of_owner(doc, end, by_start)
            if owner is not None:
                end = owner.end
        if end < len(doc) and doc[end].ent_iob_ == "B" and doc[end].ent_type_ == "PERSON":
            return self._named(doc, doc[end], label, words, owner), None
        if owner is None:
            if plural or title.start == 0 or doc[title.start - 1].lower_ != "the":
                return None
            held = self._earlier_holder(doc, title, words, mentions, days)
            return (held, None) if held else None
        day = days.at(title.start)
        igo = owner.actor.kind == "igo" or owner.actor.country == "IGO"
        country = None if igo else owner.actor.country
        role = self.kb.title_role(words, country, igo)
        if role is None:
            return None
        if role == "head_of_government" and not igo and (country, role) not in self.kb.offices:
            role = "head_of_state"  # a presidential system: the president heads the government
        where = owner.actor.name if igo else country
        assert where is not None
        owner_name = owner.actor.name if igo else self.kb.countries[where].name
        s, e = min(start, title.start), end
        span = doc[s:e]
        if plural:
            actor = Actor(f"{owner_name} ({label}s)", "IGO" if igo else country, "GOV", "group")
            why = f"'{label}s' of {owner_name}: a group of office holders"
            return MentionSpan(s, e, span.start_char, span.end_char, actor, "role", 0.8, why), owner
        unknown = Actor(f"{owner_name} ({' '.join(sorted(quals & (_PAST | _OTHER_OFFICE)))} {label})".replace("( ", "("),
                        "IGO" if igo else country, "GOV", "person")  # fmt: skip
        if quals & (_PAST | _OTHER_OFFICE):
            why = f"'{span.text}': not the holder of the office on the day, so not identified"
            return MentionSpan(s, e, span.start_char, span.end_char, unknown, "role", 0.5, why), owner
        holders, how = self.kb.holders((where, role), day.day)
        if "incoming" in quals and day.day is not None:
            later = [h for h in self.kb.offices.get((where, role), []) if h.term.start and h.term.start > day.day]
            holders, how = (later[:1], f"the next holder after {day.day.isoformat()}") if later else ([], how)
        named = self._named_holder((where, role), day.day, mentions)
        if named is not None and (not holders or holders[0].entry.actor.name != named.entry.actor.name):
            on_day = f"; the holder on that day was {holders[0].entry.actor.name}" if holders else ""
            holders, how = [named], f"{named.entry.actor.name}, named in this text, held it recently{on_day}"
        if not holders:
            why = f"'{label}' of {owner_name} is the office {role}; {how}"
            return MentionSpan(s, e, span.start_char, span.end_char, unknown, "role", 0.55, why), owner
        h = holders[0]
        p = h.entry.actor
        actor = Actor(p.name, h.term.country, h.term.sector, "person", p.wikidata)
        confidence = 0.9 if day.precise else 0.75 if day.day else 0.55
        why = (f"'{label}' of {owner_name} is the office {role}; {how}, by {day}: {p.name} "
               f"(in office {h.term.span()})")  # fmt: skip
        return MentionSpan(s, e, span.start_char, span.end_char, actor, "role", confidence, why), owner

    def _named_holder(self, office: tuple[str, str], day: date | None, mentions: list[MentionSpan]) -> Holding | None:
        """A holder of the office that the text itself names ('China's new foreign minister' …
        'Qin Gang'), in office on the day or within two years before it: articles name whom they
        describe, and a publication date can be well after the events told."""
        names = {m.actor.name for m in mentions if m.actor.kind == "person"}
        found = None
        for h in self.kb.offices.get(office, []):
            if h.entry.actor.name not in names:
                continue
            if day is not None and (h.term.start and h.term.start > day or h.term.end and h.term.end < day - _RECENT):
                continue
            found = h
        return found

    def _left_owner(self, doc: Doc, start: int, by_end: dict[int, MentionSpan]
                    ) -> tuple[MentionSpan | None, int, set[str]]:  # fmt: skip
        """The state or IGO before a title: 'Chinese', "China's new", 'the former Russian'."""
        quals: set[str] = set()
        k = start
        while k > 0 and doc[k - 1].lower_ in _QUALIFIERS:
            k -= 1
            quals.add(doc[k].lower_)
        if k > 0 and doc[k - 1].tag_ == "POS":
            k -= 1
        owner = by_end.get(k)
        if owner is None or not _is_polity(owner):
            return None, start, quals
        j = owner.start
        while j > 0 and doc[j - 1].lower_ in _QUALIFIERS:
            j -= 1
            quals.add(doc[j].lower_)
        return owner, owner.start, quals

    @staticmethod
    def _of_owner(doc: Doc, end: int, by_start: dict[int, MentionSpan]) -> MentionSpan | None:
        """'the president of France', 'the Secretary-General of the United Nations'."""
        if end >= len(doc) or doc[end].lower_ != "of":
            return None
        j = end + 1
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        owner = by_start.get(j)
        return owner if owner is not None and _is_polity(owner) else None

    def _named(self, doc: Doc, first: Token, label: str, words: tuple[str, ...],
               owner: MentionSpan | None) -> MentionSpan:  # fmt: skip
        """'Nigerian Foreign Minister Yusuf Tuggar': a person the knowledge base lacks, with the
        country and sector of the title."""
        ent = next(e for e in doc.ents if e.start == first.i)
        end = ent.end - 1 if ent[-1].tag_ == "POS" else ent.end
        span = doc[ent.start : end]
        igo = owner is not None and (owner.actor.kind == "igo" or owner.actor.country == "IGO")
        country = ("IGO" if igo else owner.actor.country) if owner is not None else None
        actor = Actor(span.text, country, "GOV", "person")
        where = f" of {owner.actor.name}" if owner is not None else ""
        why = f"not in the knowledge base; named with the title '{label}'{where}"
        return MentionSpan(span.start, span.end, span.start_char, span.end_char, actor, "title", 0.7, why)

    def _earlier_holder(self, doc: Doc, title: Span, words: tuple[str, ...], mentions: list[MentionSpan],
                        days: DayIndex) -> MentionSpan | None:  # fmt: skip
        """'the president' with no country: the nearest person named before who held that office
        on the day."""
        day = days.at(title.start).day
        starts = [s.start for s in doc.sents if s.start <= title.sent.start]
        first_sent = starts[max(0, len(starts) - 1 - _HOLDER_WINDOW)]
        earlier = sorted((m for m in mentions if first_sent <= m.start < title.start and m.actor.kind == "person"),
                         key=lambda m: m.start, reverse=True)  # fmt: skip
        for m in earlier:
            entry = self.kb.people.get(m.actor.name)
            if entry is None:
                continue
            for term in entry.terms:
                if day is not None and not term.holds_on(day):
                    continue
                igo = term.country == "IGO"
                if self.kb.title_role(words, None if igo else term.country, igo) == term.role:
                    why = (f"'the {' '.join(words)}' with no country: {m.actor.name}, named earlier, held "
                           f"that office ({term.role}, {term.span()})")  # fmt: skip
                    actor = replace(m.actor, country=term.country, sector=term.sector)
                    return MentionSpan(title.start, title.end, title.start_char, title.end_char, actor, "role",
                                       0.65, why)  # fmt: skip
        return None

    # --- role nouns --------------------------------------------------------------------------------
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
            if m.actor.kind == "person" and noun.lemma_.lower() not in _LEADER_NOUNS:
                out.append(m)
                continue
            label = noun.lemma_.lower()
            actor = self.kb.country_actor(m.actor.country, role.sector, label, role.kind)
            located = self._located(doc, noun, by_start, consumed)
            why = f"'{m_text(doc, m)}' ({m.actor.country}) with the {role.sector} noun '{noun.text}'"
            end = m.end if shared else noun.i + 1  # 'Russian and Chinese regimes': each its own word
            out.append(MentionSpan(m.start, end, m.start_char, doc[end - 1].idx + len(doc[end - 1]), actor, "role",
                                   min(0.85, m.confidence), why, located=located))  # fmt: skip
        # 'the army of Syria', 'the government of Japan'
        for i, m in enumerate(out):
            if m.how != "role" and _is_polity(m) and m.actor.kind == "state" and m.start >= 2:
                of = doc[m.start - 1] if doc[m.start - 1].lower_ == "of" else None
                noun = of.head if of is not None else None
                if noun is None or noun.i >= m.start or noun.i in taken:
                    continue
                role = self._role_of(noun)
                if role is None or m.actor.country is None:
                    continue
                label = noun.lemma_.lower()
                actor = self.kb.country_actor(m.actor.country, role.sector, label, role.kind)
                span = doc[noun.i : m.end]
                why = f"'{span.text}': the {role.sector} noun '{noun.text}' of {m.actor.country}"
                out[i] = MentionSpan(noun.i, m.end, span.start_char, span.end_char, actor, "role", 0.8, why)
        return [self._mark_place(m) if m.start in consumed else m for m in out]

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

    def _mark_place(self, m: MentionSpan) -> MentionSpan:
        assert m.actor.country is not None
        return replace(m, actor=self.kb.country_actor(m.actor.country), how="place", why="where another actor is")

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
        ent = next(e for e in doc.ents if e.start == first.i)
        end = ent.end - 1 if ent[-1].tag_ == "POS" else ent.end
        span = doc[ent.start : end]
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
        sectors = [r.sector for t in span if (r := self.kb.role_nouns.get(t.lemma_.lower())) is not None]
        specific = [s for s in sectors if s != "GOV"]
        chosen = specific or sectors
        return chosen[-1] if chosen else None


def m_text(doc: Doc, m: MentionSpan) -> str:
    return doc[m.start : m.end].text


def _role_head(doc: Doc, m: MentionSpan, taken: set[int]) -> tuple[Token, bool] | None:
    """The noun a state (or a leader: 'the Obama administration') modifies: 'Chinese' ->
    'embassy', if it follows it; and whether other states share it ('Russian and Chinese
    regimes')."""
    if m.actor.kind not in ("state", "person") or m.how == "place":
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
    if any(doc[i].ent_type_ == "PERSON" for i in range(noun.i + 1, min(noun.i + 3, len(doc)))):
        return None
    return noun, shared
