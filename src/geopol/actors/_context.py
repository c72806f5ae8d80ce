"""Context for actors no table knows: what the words around a name say about its country and sector.

- titles and appositives: 'German government spokesman Steffen Seibert', 'U.S. envoy Zalmay
  Khalilzad', "the chancellor's spokeswoman, Jane Roe", 'John Doe, the Interior Secretary', 'John Doe
  of the army's Northern Command', "John Doe, who was Trump's envoy to the coalition", 'nominated John
  Doe for a second term as president of the World Bank', 'Iranian airline Mahan Air', 'Dutch firms including A, B and C':
  the owner named there gives the country (the host
  after 'to'/'in' does not), the role noun the sector;
- national names: 'the Kenyan Parliament', 'the Peruvian State Intelligence Service' (an organisation
  whose name holds a state) are that state's;
- institutions with no state named ('Armed Forces', 'the Interior Ministry', 'police', a Defence
  Secretary) belong to the state the document is about, when one state clearly dominates it; so,
  least surely, does a person or organisation (not a news medium) named with no title or
  apposition at all.

Every reading says what it rests on (``how`` 'context', ``why``) and is less sure than a table's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Container
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..records import Actor
from ._mentions import MentionSpan, span_text
from ._names import org_name
from .kb import STATE_SECTORS, KnowledgeBase, RoleNoun

_HOSTS = {"to", "in", "at"}  # 'ambassador to Germany': Germany is the host, not the owner
_LISTS = {"including", "like", "as"}  # 'Dutch firms including A and B'
_MAX = 8  # words of context read on each side
_FUNCTION = {"of", "to", "for", "and"}
_MODIFIERS = {"deputy", "state", "former", "acting", "senior", "junior", "vice", "assistant", "interim"}
# a relative's phrase is about the one they are related to, not about them: no title, no state
_KIN = frozenset("wife husband spouse son daughter mother father parent brother sister widow widower fiancée "
                 "fiancee fiancé fiance girlfriend boyfriend niece nephew cousin grandson granddaughter "
                 "grandmother grandfather aunt uncle stepson stepdaughter".split())  # fmt: skip
# words of a body's name that any state may use ('National Police', 'Armed Forces', 'Coast Guard')
_GENERIC_WORDS = {"national", "federal", "central", "armed", "defence", "defense", "coast", "border", "security",
                  "state", "public", "general", "joint", "of", "the", "and", "for"}  # fmt: skip
_OWN_NAMES = {"people"}  # a role noun that is also a word of proper names ("People's Protection Units")
_GENERIC = {"spokesman", "spokeswoman", "spokesperson", "official", "leader", "president", "member", "head",
            "chief", "director", "producer", "chairman", "founder", "representative"}  # fmt: skip


# prepositions that place what follows: a state named after one ('in Kenya') says where
LOCATIVE = frozenset({"in", "at", "near", "inside", "within", "outside", "across", "through", "around"})


def sentence_places(doc: Doc, mentions: list[MentionSpan], states: Container[str]) -> dict[int, str]:
    """The one state whose places a sentence names ('in El Paso, Texas', 'in Kenya'), by the
    sentence's first token: a place of the tables, or a state after a preposition of place; a
    sentence naming places of two states has none."""
    seen: dict[int, set[str]] = {}
    for m in mentions:
        head = doc[m.end - 1]
        located = head.dep_ == "pobj" and head.head.lower_ in LOCATIVE and m.actor.kind == "state"
        if (m.how == "place" or located) and m.actor.country in states:
            seen.setdefault(doc[m.start].sent.start, set()).add(m.actor.country)  # type: ignore[arg-type]
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def main_state(mentions: list[MentionSpan], states: Container[str]) -> tuple[str | None, int, int]:
    """The state most mentions belong to, when it has at least two and 40% of them and no other
    state has as many: (state or None, its mentions, all state mentions)."""
    counts = Counter(m.actor.country for m in mentions if m.actor.country in states)
    if not counts:
        return None, 0, 0
    (top, n), *rest = counts.most_common(2)
    total = sum(counts.values())
    if n < 2 or n < 0.4 * total or rest and rest[0][1] == n:
        return None, n, total
    return top, n, total


THIS_TEXT = "the state this text is about"  # how a mention given the document's state says so


class ContextResolver:
    """Gives a country and a sector to name mentions the tables left without one."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.title_heads = {words[-1] for words in kb.titles}

    def __call__(self, doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
        mentions = [_proper_name(doc, m) for m in self._national_names(doc, mentions)]
        main, about = self.main_country(mentions)
        if main is not None:  # first, so that 'Labour leader Jeremy Corbyn' takes the party's state
            mentions = [self._of_main(m, main, about, f"'{span_text(doc, m)}' names parties of several states")
                        if _shared_party(m) else m for m in mentions]  # fmt: skip
            mentions = [self._generic_alias(doc, m, main, about) for m in mentions]
        index = {i: m for m in mentions for i in range(m.start, m.end)}
        out = []
        last: dict[str, MentionSpan] = {}  # the latest group noun given a state by its own words
        places = sentence_places(doc, mentions, self.kb.countries)  # 'police' there are its police
        for m in mentions:
            noun = doc[m.end - 1].lemma_.lower()
            if m.actor.country is None and m.how in ("ner", "title") and m.actor.kind in ("person", "org"):
                m = self._from_words(doc, m, index, main, about) or m
            elif m.actor.country is None and m.how == "sector" and _definite(doc, m) and noun in last:
                m = _refers_back(doc, m, last[noun])
            elif m.actor.country is None and m.how == "sector" and self._domestic(doc, m):
                # the one state whose places its sentence names, before the state the text is about
                if (place := places.get(doc[m.start].sent.start)) is not None:
                    state = self.kb.countries[place]
                    m = self._of_main(m, place, f"{state.name}, the one state whose places its sentence names",
                                      f"'{span_text(doc, m)}' names no state", conf=0.5)  # fmt: skip
                elif main:
                    m = self._of_main(m, main, about, f"'{span_text(doc, m)}' names no state")
            if m.actor.country and m.actor.kind != "person" and m.how in ("sector", "role") and THIS_TEXT not in m.why:
                last[noun] = m
            out.append(m)
        named = _demonym_anaphors(doc, out)
        out = _one_person_one_state(out, about, named) if about else out
        return [_named_by_demonym(m, named) for m in out] if named else out

    # --- the state the document is about -----------------------------------------------------------
    def main_country(self, mentions: list[MentionSpan]) -> tuple[str | None, str]:
        top, n, total = main_state(mentions, self.kb.countries)
        if top is None:
            return None, ""
        return top, f"{self.kb.countries[top].name}, {THIS_TEXT} ({n} of {total} mentions)"

    def _generic_alias(self, doc: Doc, m: MentionSpan, main: str, about: str) -> MentionSpan:
        """A table's alias that is one word naming an institution every state has ('Congress', an
        alias of the United States Congress) names the institution of the state the text is about
        ('thousands gathered outside the National Congress' in a story about Argentina)."""
        if m.how != "alias" or not m.actor.country or m.actor.country == main or m.actor.kind == "person":
            return m
        words = [t for t in doc[m.start : m.end] if t.lower_ != "the"]
        if len(words) != 1 or not words[0].text[:1].isupper():
            return m
        role = self.kb.role_nouns.get(words[0].lower_)
        if role is None or not role.domestic:
            return m
        return self._of_main(m, main, about, f"'{span_text(doc, m)}' names an institution every state has",
                             sector=role.sector)  # fmt: skip

    def _of_main(self, m: MentionSpan, main: str, about: str, what: str, sector: str | None = None,
                 conf: float = 0.45) -> MentionSpan:  # fmt: skip
        actor = replace(m.actor, country=main, sector=m.actor.sector or sector)
        return replace(m, actor=actor, how="context", confidence=conf, why=f"{what}: taken to be of {about}")

    def _domestic(self, doc: Doc, m: MentionSpan) -> bool:
        role = self._role(doc[m.end - 1])
        return role is not None and role.domestic and role.sector in STATE_SECTORS

    # --- national names ------------------------------------------------------------------------------
    def _national_names(self, doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
        """An organisation's name that holds one state ('Kenyan Parliament', 'Federal Roads Office of
        Austria') is that state's organisation: one mention for the whole name. Not a state before a
        name the tables know ('Afghan Taliban': the Taliban, of Afghanistan); a state after 'in' says
        where the organisation is, not what it is called ('Democratic Rally in Cyprus')."""
        out = list(mentions)
        for ent in doc.ents:
            if ent.label_ != "ORG" or len(ent) < 2:
                continue
            start = ent.start + (ent[0].lower_ == "the")
            ent = doc[ent.start : _name_end(ent)]  # noqa: PLW2901 - no "'s", no unclosed '(USCIRF'
            inside = [m for m in out if start <= m.start and m.end <= ent.end]
            whole = next((m for m in inside if m.start == start and m.end == ent.end), None)
            if whole is not None and whole.how == "role" and whole.actor.kind != "state":
                # 'Peruvian State Intelligence Service' is its own name, not 'Peru (service)'
                span = doc[start : ent.end]
                sector = self._name_sector(span) or whole.actor.sector
                why = f"{whole.why}; '{span.text}' is its name" + (f", sector {sector} from it" if sector else "")
                out[out.index(whole)] = replace(
                    whole, actor=replace(whole.actor, name=span.text, sector=sector), why=why
                )
                continue
            if whole is not None or any(m.start < ent.end and m.end > ent.end or m.start < start < m.end for m in out):
                continue
            if any(m.end == ent.end and m.how in ("name", "alias") and m.actor.kind in ("org", "group", "igo")
                   for m in inside):  # fmt: skip
                continue
            firm = next((m for m in inside if m.start == start and m.actor.country == "MNC"), None)
            if firm is not None:  # 'Facebook Ireland Limited': the multinational's own, not Ireland's
                span = doc[start : ent.end]
                why = f"an organisation whose name opens with {firm.actor.name}, a multinational: its part"
                out = [m for m in out if not (start <= m.start and m.end <= ent.end)]
                out.append(MentionSpan(span.start, span.end, span.start_char, span.end_char,
                                       Actor(org_name(span), "MNC", firm.actor.sector, "org"), "context", 0.6, why))  # fmt: skip
                continue
            states = {m.actor.country for m in inside if m.actor.kind == "state" or m.how == "role"}
            if (
                len(states) != 1
                or any(m.actor.kind == "person" for m in inside)
                or not states <= self.kb.countries.keys()
            ):
                continue
            (country,) = states
            assert country is not None
            held = next(m for m in inside if m.actor.country == country)
            end = ent.end
            if held.actor.kind == "state" and held.end == ent.end and held.start > start:
                before = doc[held.start - 1].lower_
                if before not in ("of", "in"):
                    continue  # 'Sicily and Malta': a state at the end names the owner only after 'of'/'in'
                if before == "in" and held.start - 1 > start:
                    end = held.start - 1
            span = doc[start:end]
            sector = self._name_sector(span) or next((m.actor.sector for m in inside if m.how == "role"), None)
            actor = Actor(org_name(span), country, sector, "org")
            where = "in" if end < ent.end else "whose name holds"
            why = f"an organisation {where} {self.kb.countries[country].name}" + (
                f"; sector {sector} from its name" if sector else ""
            )
            out = [m for m in out if m not in inside or m.start >= end]
            out.append(MentionSpan(start, end, span.start_char, span.end_char, actor, "context", 0.7, why))
        return self._of_state(doc, sorted(out, key=lambda m: m.start))

    def _of_state(self, doc: Doc, mentions: list[MentionSpan]) -> list[MentionSpan]:
        """'the High Court of Kenya', 'the ministry of internal affairs of Moldova':
        an organisation's name followed by 'of' and a state is that state's, under the whole name."""
        by_start = {m.start: m for m in mentions}
        out: list[MentionSpan] = []
        used: set[int] = set()
        for m in mentions:
            if m.start in used:
                continue
            j = m.end + 1 + (m.end + 1 < len(doc) and doc[m.end + 1].lower_ == "the")
            state = by_start.get(j) if m.end < len(doc) and doc[m.end].lower_ == "of" else None
            if (m.actor.kind != "org" or m.actor.country is not None or m.how not in ("ner", "sector")
                    or state is None or state.actor.kind != "state" or state.how == "demonym"):  # fmt: skip
                out.append(m)
                continue
            span = doc[m.start : state.end]
            actor = Actor(span.text, state.actor.country, m.actor.sector, "org")
            why = f"'{span.text}': an organisation of {state.actor.name}"
            out.append(MentionSpan(m.start, state.end, span.start_char, span.end_char, actor, "context", 0.7, why))
            used.add(state.start)
        return out

    def _name_sector(self, span: Span) -> str | None:
        sectors = [r.sector for t in span if (r := self._role(t)) is not None]
        specific = [s for s in sectors if s != "GOV"]
        chosen = specific or sectors
        return chosen[-1] if chosen else None

    # --- titles, appositives, 'of' phrases ------------------------------------------------------------
    def _role(self, tok: Token) -> RoleNoun | None:
        compound = tok.nbor(-1) if tok.i > 0 else None
        if compound is not None:
            two = self.kb.role_nouns.get(f"{compound.lemma_.lower()} {tok.lemma_.lower()}")
            if two is not None:
                return two
        lemma = tok.lemma_.lower().strip(".")
        role = self.kb.role_nouns.get(lemma)
        if role is None and lemma.endswith("s"):  # 'Forces' in a name keeps its s ('Corps' is no 'corp')
            role = self.kb.role_nouns.get(lemma[:-1])
            role = role if role is not None and role.sector in STATE_SECTORS else None
        if role is None and tok.lower_ in self.title_heads:
            return RoleNoun("GOV", "group", False, True)
        return role

    def _phrases(self, doc: Doc, m: MentionSpan) -> list[tuple[str, list[Token]]]:
        """Where the words about a name are: before it (title words up to a punctuation mark or a
        verb), in apposition, after 'of', or the list noun before 'including'."""
        head = next((t for t in doc[m.start : m.end] if not m.start <= t.head.i < m.end or t.head is t), doc[m.end - 1])
        out: list[tuple[str, list[Token]]] = []
        k, other = m.start, None
        while k > 0 and m.start - k < _MAX and not doc[k].is_sent_start and _title_word(doc[k - 1]):
            k -= 1
            if doc[k].ent_type_ == "PERSON" and doc[k].ent_iob_ == "B" and not _possessive(doc, k):
                other = k  # another person's title ends here
                k = next((i for i in range(k, m.start) if doc[i].ent_type_ != "PERSON"), m.start)
                break
        # 'Dutch prime minister A and finance minister B' shares a state; 'Mr. A and Ms. B' does not
        coordinated = (other is not None and k < m.start and doc[k].lower_ == "and"
                       and any(self._role(t) is not None for t in doc[k : m.start]))  # fmt: skip
        while k < m.start and doc[k].lower_ in _FUNCTION:
            k += 1
        # a title before a name never ends in 'of' or 'for': 'the defense of X', 'a tribute for X'
        if k < m.start and doc[m.start - 1].lower_ not in ("of", "for"):
            # 'Dutch prime minister A and finance minister B': the demonym owns both titles
            lead = [doc[other]] if coordinated and other is not None else []
            out.append(("before the name", lead + list(doc[k : m.start])))
        first = head
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        if first.dep_ == "appos" and first.head.i < m.start:
            out.append(("in apposition", _phrase(first.head, first)))
        if first.dep_ == "pobj" and first.head.lower_ in _LISTS and first.head.head.i < first.head.i:
            out.append(("in the list of", _phrase(first.head.head, first.head)))
        if first.head.lower_ in ("named", "called") and first.head.head.i < first.head.i:  # 'a student named X'
            out.append(("named", _phrase(first.head.head, first.head)))
        out += [("the office an 'as' phrase gives", _phrase(p, None)) for p in _as_office(first)]
        after = m.end + (m.end < len(doc) and doc[m.end].text == ",")  # 'X, of the provincial council'
        if m.start > 1 and doc[m.start - 1].text == ",":  # 'A member of the Peruvian Congress, X said'
            opening = doc[doc[m.start - 1].sent.start : m.start - 1]
            # not an opening phrase of place, time or circumstance ('In an interview with Time magazine, X said')
            if (0 < len(opening) <= 2 * _MAX and opening[0].pos_ not in ("ADP", "SCONJ", "ADV")
                    and not any(t.pos_ in ("VERB", "AUX") or t.is_punct for t in opening)):  # fmt: skip
                out.append(("in apposition", list(opening)))
        for c in head.children:
            if c.dep_ == "appos" and not m.start <= c.i < m.end:
                out.append(("in apposition", _phrase(c, None)))
                # 'John Doe, Lord Doe, the president of the court': an apposition of an apposition
                out += [("in apposition", _phrase(g, None)) for g in c.children if g.dep_ == "appos"]
            elif c.dep_ == "prep" and c.lower_ == "of" and c.i in (m.end, after):
                out.append(("of", _phrase(c, None)[1:]))
            elif (
                c.dep_ == "relcl"
                and c.lemma_ == "be"
                and any(w.lower_ == "who" and w.dep_ in ("nsubj", "nsubjpass") for w in c.children)
            ):
                # 'Brett McGurk, who was Trump's envoy to the coalition': a copular relative clause is an apposition
                out += [("in apposition", _phrase(a, None)) for a in c.children if a.dep_ == "attr"]
        return out

    def _from_words(self, doc: Doc, m: MentionSpan, index: dict[int, MentionSpan], main: str | None,
                    about: str) -> MentionSpan | None:  # fmt: skip
        for where, words in self._phrases(doc, m):
            if any(t.lemma_.lower() in _KIN for t in words):
                continue  # 'Hatice Cengiz, fiancée of journalist Jamal Khashoggi': his title, his state
            owner = next(
                (o for t in words if (o := index.get(t.i)) is not None and o is not m and _owner(doc, o)), None
            )
            roles = [(t, r) for t in words if (r := self._role(t)) is not None and t.lower_ not in _MODIFIERS
                     and (t.i not in index or index[t.i].how == "sector")]  # fmt: skip
            if owner is None and not roles:
                continue
            # a specific noun ('police', 'army', 'court') says more than a generic one ('director', 'president')
            specific = [
                (t, r) for t, r in roles if t.lemma_.lower() not in _GENERIC and t.lower_ not in self.title_heads
            ]
            role_tok, role = min(specific or roles, key=lambda tr: abs(tr[0].i - m.start)) if roles else (None, None)
            text = " ".join(t.text for t in words)
            sector = role.sector if role is not None else None
            orgs = [o for t in words if (o := index.get(t.i)) is not None and o is not m
                    and o.actor.kind in ("org", "group") and o.actor.sector]  # fmt: skip
            # a body says more than the party that holds it ('the Republican Senate Majority Leader': LEG)
            org = next((o for o in orgs if o.actor.sector != "PTY"), None) or owner or next(iter(orgs), None)
            if (org is not None and org.actor.kind != "state" and org.actor.sector and not specific
                    and (org.actor.sector != "PTY" or m.actor.kind == "person")):  # fmt: skip
                sector = org.actor.sector  # 'rebel group spokesman', 'Example TV producer': its sector
                # (a party's only for its people: 'the Republican Senate' is no party)
            office = any(r.domestic and r.sector in STATE_SECTORS for _, r in roles)
            if owner is None and office:  # 'Florida Governor X', 'a Kenosha police officer': a local office
                owner = next((o for t in words if (o := index.get(t.i)) is not None and o.how == "place"
                              and _local_owner(doc, o)), None)  # fmt: skip
            if owner is None and office:  # 'the far-right leader in France': a domestic office there
                owner = next((o for t in words if (o := index.get(t.i)) is not None and o is not m
                              and o.actor.kind == "state" and o.actor.country and o.how != "place"
                              and o.start > 0 and doc[o.start - 1].lower_ == "in"), None)  # fmt: skip
            if owner is not None and owner.actor.country:
                country, conf = owner.actor.country, 0.6
                whose = f"{owner.actor.name} ({country})"
                if owner.how == "place":
                    whose = f"'{span_text(doc, owner)}', a place in {whose}"
                why = f"not in the knowledge base; '{text}' {where}: {whose}"
            elif office and main is not None:
                country, conf = main, 0.45
                why = f"not in the knowledge base; '{text}' {where} names an office of a state: taken to be of {about}"
            elif main is not None and m.how == "ner" and (m.actor.kind == "person" or sector != "JRN"):
                country, conf = main, 0.35  # as for a name with no words about it (below)
                why = f"not in the knowledge base; '{text}' {where} names no state: taken to be of {about}"
            else:
                country, conf = None, 0.5
                why = f"not in the knowledge base; '{text}' {where}"
            if country is None and sector in (None, m.actor.sector):
                continue
            sector = sector or m.actor.sector
            if sector:
                why += f"; sector {sector}" + (f" ('{role_tok.text}')" if role_tok is not None else "")
            return replace(m, actor=replace(m.actor, country=country, sector=sector), how="context",
                           confidence=conf, why=why)  # fmt: skip
        if m.actor.kind == "org" and main is not None and (sector := self._institution(doc, m)):
            what = f"'{span_text(doc, m)}' is an institution ({sector}) that names no state"
            found = self._of_main(m, main, about, what, sector)
            if self._generic(doc[m.start : m.end]) and (adjective := self._adjective(main)):
                name = f"{adjective} {found.actor.name}"  # 'National Police' of the Philippines
                found = replace(found, actor=replace(found.actor, name=name), why=f"{found.why}: the {name}")
            return found
        if main is not None and m.how == "ner" and (m.actor.kind == "person" or m.actor.sector != "JRN"):
            # news about one state names mostly its own people and bodies (not its press, often a
            # foreign agency): a guess, and the least sure reading
            return self._of_main(m, main, about, "not in the knowledge base, no title or apposition", conf=0.35)
        return None

    def _generic(self, span: Span) -> bool:
        """A name every state may give a body ('National Police', 'Coast Guard', 'Defence Forces'):
        role nouns and the words that qualify them, no name of its own ('Western Mindanao Command')."""
        words = [t for t in span if t.is_alpha]
        return bool(words) and all(
            t.lower_ in _GENERIC_WORDS or self._role(t) is not None and t.lemma_.lower() not in _OWN_NAMES
            for t in words
        )

    def _adjective(self, iso3: str) -> str | None:
        c = self.kb.countries[iso3]
        return c.adjectives[0] if c.adjectives else None

    def _institution(self, doc: Doc, m: MentionSpan) -> str | None:
        """The sector of a name whose head noun names a part of a state: 'Armed Forces' MIL,
        'Interior Ministry' GOV, 'Court of Appeal' JUD; not 'Army Times' (a newspaper)."""
        role = self._role(_name_head(list(doc[m.start : m.end])))
        return role.sector if role is not None and role.sector in STATE_SECTORS else None


def _shared_party(m: MentionSpan) -> bool:
    """A party name of the tables that several states' parties bear ('Labour', 'Social Democrats')."""
    return m.actor.country is None and m.actor.sector == "PTY" and m.how in ("name", "alias")


def _as_office(name: Token) -> list[Token]:
    """'nominated X for a second term as president of the World Bank', 'X served as envoy to the
    talks': the office an 'as' phrase gives the person its verb acts on (its object, or its subject
    when it has none), hung on the verb or on a noun of the verb's prepositions."""
    verb = name.head
    if verb.pos_ not in ("VERB", "AUX") or verb.i == name.i:
        return []
    if name.dep_ == "nsubj":
        if any(c.dep_ == "dobj" for c in verb.children):
            return []  # 'Obama nominated Kim as president': the office is Kim's
    elif name.dep_ not in ("dobj", "nsubjpass"):
        return []
    hosts = [verb] + [p for c in verb.children if c.dep_ == "prep" for p in c.children if p.dep_ == "pobj"]
    return [p for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ == "as"
            for p in c.children if p.dep_ == "pobj"]  # fmt: skip


def _name_head(words: list[Token]) -> Token:
    """The noun that heads an organisation's name: its last word before 'of', 'for' or 'on'
    ('Court of Appeal', 'Center for Global Development')."""
    cut = next((i for i, t in enumerate(words) if t.lower_ in ("of", "for", "on") and i), len(words))
    return words[cut - 1]


def _definite(doc: Doc, m: MentionSpan) -> bool:
    """'the lawmaker', 'the minister': a group noun alone after 'the' (or 'this', 'that')."""
    return m.end - m.start == 1 and m.start > 0 and doc[m.start - 1].lower_ in ("the", "this", "that")


def _refers_back(doc: Doc, m: MentionSpan, prev: MentionSpan) -> MentionSpan:
    """'A lawmaker in the Philippines … The lawmaker said': the same noun after 'the' is the one named
    before with its state, not one of the state the document is about."""
    why = f"'{doc[m.start - 1].lower_} {doc[m.start].text}' refers back to '{span_text(doc, prev)}' ({prev.actor.country})"
    return replace(m, actor=replace(m.actor, country=prev.actor.country), how="context", confidence=0.5, why=why)


def _demonym_anaphors(doc: Doc, mentions: list[MentionSpan]) -> dict[str, str]:
    """'… activist Greta Thunberg … The sixteen-year-old Swede is …': a state's people's noun after
    'the', heading its own phrase and opening its sentence, refers back to the last person named
    before it in the sentence before: person's name -> the demonym's state."""
    out: dict[str, str] = {}
    people = [m for m in mentions if m.actor.kind == "person" and m.how not in ("pronoun", "short name")]
    for m in mentions:
        head = doc[m.end - 1]
        if m.how != "demonym" or head.pos_ not in ("NOUN", "PROPN") or head.dep_ not in ("nsubj", "nsubjpass"):
            continue
        first = head.left_edge
        if first.lower_ != "the" or first.i != head.sent.start or not m.actor.country:
            continue
        before = [p for p in people if p.end <= first.i]
        if not before:
            continue
        prev = before[-1]
        sent_before = doc[first.i - 1].sent if first.i > 0 else None
        if sent_before is not None and prev.start >= sent_before.start:
            out.setdefault(prev.actor.name, m.actor.country)
    return out


def _named_by_demonym(m: MentionSpan, named: dict[str, str]) -> MentionSpan:
    """A person of no state that a state's people's noun referred back to takes that state."""
    if m.actor.kind != "person" or m.actor.country or m.how == "pronoun":
        return m
    c = named.get(m.actor.name) or named.get(m.actor.name.split()[-1])
    if c is None:
        return m
    why = f"{m.why}; a state's people's noun refers back to '{m.actor.name}': {c}"
    return replace(m, actor=replace(m.actor, country=c), why=why)


def _one_person_one_state(mentions: list[MentionSpan], about: str,
                          named: dict[str, str] | None = None) -> list[MentionSpan]:  # fmt: skip
    """A person the text names with a state once ('An Australian, Brenton Tarrant') keeps it where
    the name, or its last word, comes back with no state of its own ('Tarrant', 'Brenton Tarrant'),
    and so does a full name whose surname alone is given a state later ('Sadiq Khan' … 'Khan was
    elected mayor of London'): not the state the document is about."""
    default = f"taken to be of {about}"
    known: dict[str, set[str]] = {}  # a full name and its last word (not a first name: 'Brenton Smith')
    for name, c in (named or {}).items():  # 'the sixteen-year-old Swede', of the person named before
        for part in {name, name.split()[-1]}:
            known.setdefault(part, set()).add(c)
    for m in mentions:
        if m.actor.kind == "person" and m.actor.country and m.how in ("context", "ner") and default not in m.why:
            for part in {m.actor.name, m.actor.name.split()[-1]}:
                known.setdefault(part, set()).add(m.actor.country)
    out = []
    for m in mentions:
        if m.actor.kind == "person" and default in m.why:
            words = m.actor.name.split()
            states = known.get(m.actor.name) or (known.get(words[-1], set()) if len(words) >= 2 else set())
            if len(states) == 1:
                (c,) = states
                why = f"'{m.actor.name}' is named with a state elsewhere in this text: {c}"
                m = replace(m, actor=replace(m.actor, country=c), why=why)  # noqa: PLW2901
        out.append(m)
    return out


def _name_end(ent: Span) -> int:
    """Where an organisation's name ends: before a possessive "'s" and before a bracket the entity
    does not close ('United States Commission on International Religious Freedom (USCIRF')."""
    end = ent.end - (ent[-1].tag_ == "POS")
    opened = [t.i for t in ent if t.text == "("]
    if opened and not any(t.text == ")" for t in ent):
        end = min(end, opened[0])
    return end


def _proper_name(doc: Doc, m: MentionSpan) -> MentionSpan:
    """A national role mention written as a name ('Lagos Media', 'Dutch Review': its noun
    capitalised inside a sentence) is called by that name, not 'Netherlands (review)'."""
    last = doc[m.end - 1]
    if m.how != "role" or m.actor.kind == "state" or m.actor.kind == "person" or not last.is_title:
        return m
    if last.is_sent_start or last.i == m.start:
        return m
    return replace(m, actor=replace(m.actor, name=doc[m.start : m.end].text))


def _title_word(t: Token) -> bool:
    """A word that can be part of a title before a name: 'U.S. Ambassador to Germany', "Merkel's"."""
    if t.is_punct:
        return t.text in ("-", "'s", "’s")
    if _participle(t) or t.dep_ == "advmod" and _participle(t.head):  # "London's newly elected mayor"
        return True
    return t.pos_ in ("PROPN", "NOUN", "ADJ", "PART") or t.lower_ in _FUNCTION or t.like_num


def _participle(t: Token) -> bool:
    """A past participle that qualifies a title noun ('elected', 'appointed', 'ousted') after its
    adverb, a possessive or a determiner ("Ohio's elected governor"), never straight after a name:
    there it is the sentence's verb the parser read as a modifier ('Trump criticised X's mayor')."""
    if not (t.tag_ == "VBN" and t.dep_ in ("amod", "compound") and t.head.pos_ in ("NOUN", "PROPN")) or t.i == 0:
        return False
    before = t.doc[t.i - 1]
    return before.tag_ in ("POS", "DT", "PRP$") or before.pos_ == "ADV" and before.head.i == t.i


def _possessive(doc: Doc, i: int) -> bool:
    """The person entity that starts at ``i`` ends in a possessive: "Angela Merkel's spokesperson"."""
    j = i
    while j < len(doc) and doc[j].ent_type_ == "PERSON" and (j == i or doc[j].ent_iob_ == "I"):
        j += 1
    return j < len(doc) and doc[j].tag_ == "POS" or doc[j - 1].tag_ == "POS"


def _phrase(head: Token, skip: Token | None) -> list[Token]:
    """The words of ``head``'s noun phrase (no conjuncts, clauses or other appositions), without
    those of ``skip`` (the name itself)."""
    drop = {t.i for t in skip.subtree} if skip is not None else set()
    for c in head.children:
        if c.dep_ in ("conj", "cc", "appos", "relcl", "acl", "punct", "advcl") and c is not skip:
            drop |= {t.i for t in c.subtree}
    return [t for t in head.subtree if t.i not in drop][-_MAX * 2 :]


def _local_owner(doc: Doc, o: MentionSpan) -> bool:
    """A place that owns a local office: it modifies the title ('Florida Governor', "Ohio's
    governor"), not a place after a preposition ('the governor in Florida')."""
    last = doc[o.end - 1]
    return o.actor.country is not None and last.dep_ in ("compound", "poss", "nmod", "amod", "npadvmod")


def _owner(doc: Doc, o: MentionSpan) -> bool:
    """A mention that can own a title: a state, a person or an organisation with a country; not a
    place, and not the host after 'to'/'in' ('ambassador to Germany')."""
    if o.how == "place" or o.actor.country is None:
        return False
    last = doc[o.end - 1]
    before = doc[o.start - 1].lower_ if o.start else ""
    return not (last.dep_ == "pobj" and last.head.lower_ in _HOSTS or before in _HOSTS)
