"""Offices: 'China's new foreign minister', 'the U.S. president', 'the president of France', 'the
NATO secretary general' resolve to whoever held that office on the day the sentence speaks of; a
title before an unknown name gives that person a country; 'the president' alone is the holder
named before."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..nlp.sents import sentence_bounds
from ..records import Actor
from ._days import DayIndex
from ._mentions import MentionSpan, is_polity, lower_phrases, name_span
from .kb import Holding, KnowledgeBase

# words that may stand between the country and the title: "China's new foreign minister"
_QUALIFIERS = {"new", "current", "newly", "appointed", "then", "top", "sitting", "serving", "incumbent",
               "outgoing", "incoming", "future", "former", "ex", "-", "late", "previous", "acting", "interim",
               "deputy", "vice", "assistant", "junior", "shadow", "hawkish", "veteran", "powerful"}  # fmt: skip
_PAST = {"former", "ex", "late", "previous"}
_NEXT = {"incoming", "future", "designate", "elect"}
_OTHER_OFFICE = {"deputy", "vice", "assistant", "junior", "shadow"}
_RECENT = timedelta(days=730)
_HOLDER_WINDOW = 6  # sentences to look back for 'the president' = a named holder


def _plural(word: str) -> str:
    return word[:-1] + "ies" if word.endswith("y") and word[-2:-1] not in "aeiou" else word + "s"


class OfficeResolver:
    """Adds office-holder readings of titles to the mentions of a Doc."""

    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        forms = {f for words in kb.titles for f in (words, (*words[:-1], _plural(words[-1])))}
        self.matcher = lower_phrases(nlp.vocab, "TITLE", sorted(forms))

    def __call__(self, doc: Doc, mentions: list[MentionSpan], days: DayIndex) -> list[MentionSpan]:
        return self._titles(doc, mentions, days)

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
            return self._named(doc, doc[end], label, owner), None
        sole = self.kb.sole_state(words) if owner is None else None  # 'the pope': the Holy See's
        if owner is None and sole is None:
            if plural or title.start == 0 or doc[title.start - 1].lower_ != "the":
                return None
            held = self._earlier_holder(doc, title, words, mentions, days)
            return (held, None) if held else None
        day = days.at(title.start)
        body = owner if owner is not None and (owner.actor.kind == "igo" or owner.actor.country == "IGO") else None
        igo = body is not None
        country = sole if owner is None else None if igo else owner.actor.country
        role = self.kb.title_role(words, country, igo)
        if role is None:
            return None
        if role == "head_of_government" and not igo and (country, role) not in self.kb.offices:
            role = "head_of_state"  # a presidential system: the president heads the government
        where = body.actor.name if body is not None else country
        assert where is not None
        owner_name = body.actor.name if body is not None else self.kb.countries[where].name
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
        holders, how = self._choose_holder((where, role), day.day, "incoming" in quals, mentions)
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

    def _choose_holder(self, office: tuple[str, str], day: date | None, incoming: bool,
                       mentions: list[MentionSpan]) -> tuple[list[Holding], str]:  # fmt: skip
        """The holder on the day (or the next one, for 'incoming'/'-elect'), unless the text
        itself names a recent holder; and how that was decided."""
        holders, how = self.kb.holders(office, day)
        if incoming and day is not None:
            later = [h for h in self.kb.offices.get(office, []) if h.term.start and h.term.start > day]
            holders, how = (later[:1], f"the next holder after {day.isoformat()}") if later else ([], how)
        named = self._named_holder(office, day, mentions)
        if named is not None and (not holders or holders[0].entry.actor.name != named.entry.actor.name):
            on_day = f"; the holder on that day was {holders[0].entry.actor.name}" if holders else ""
            holders, how = [named], f"{named.entry.actor.name}, named in this text, held it recently{on_day}"
        return holders, how

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
        if owner is None or not is_polity(owner):
            return None, start, quals
        j = owner.start
        while j > 0 and doc[j - 1].lower_ in _QUALIFIERS:
            j -= 1
            quals.add(doc[j].lower_)
        return owner, j, quals  # the span starts at the first qualifier: 'former Russian foreign minister'

    @staticmethod
    def _of_owner(doc: Doc, end: int, by_start: dict[int, MentionSpan]) -> MentionSpan | None:
        """'the president of France', 'the Secretary-General of the United Nations'; not 'the
        president of the Tunisian League' (a demonym there names no state: it modifies a noun)."""
        if end >= len(doc) or doc[end].lower_ != "of":
            return None
        j = end + 1
        if j < len(doc) and doc[j].lower_ == "the":
            j += 1
        owner = by_start.get(j)
        return owner if owner is not None and is_polity(owner) and owner.how != "demonym" else None

    @staticmethod
    def _named(doc: Doc, first: Token, label: str, owner: MentionSpan | None) -> MentionSpan:
        """'Nigerian Foreign Minister Yusuf Tuggar': a person the knowledge base lacks, with the
        country and sector of the title."""
        span = name_span(doc, first)
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
        starts = [s for s, _ in sentence_bounds(doc) if s <= title.start]
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
