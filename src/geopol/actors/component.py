"""The ``geopol_actors`` spaCy component: find actor mentions and resolve them.

Sets ``doc._.geopol_mentions`` (a list of :class:`MentionSpan`, in text order). First the edges
of names the tagger misplaced are mended (:mod:`._names`: 'Superintendent Graciano' -> 'Graciano
Mijares'). Order of knowledge: knowledge-base names and aliases (longest match wins; a person's
country and sector from the office held on the day the sentence speaks of); capitals used as
locations become places; office titles ('the Russian defence minister' -> the holder on that day)
and role nouns ('the Russian army' -> RUS MIL, 'police' -> COP); named entities the knowledge base
lacks (a person stays a person with no country); then short names, pronouns, 'the country', 'the
two leaders' and counterparts. Every mention says how it was resolved (``how``, ``why``) and how sure
that is (``confidence``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .._tsv import data_path, read_tsv
from ..nlp import HEADLINE_WORDS
from ..records import Actor
from ._context import ContextResolver
from ._coref import AnaphorResolver, follow_full_names, guessed, resolve_pronouns, short_names
from ._days import Day, DayIndex
from ._forms import FormMatcher
from ._mentions import MentionSpan
from ._names import fold, mend_names, org_name
from ._offices import OfficeResolver
from ._sectors import SectorResolver
from ._world import WorldMatcher
from .kb import Entry, KnowledgeBase
from .user import load_kb

_NER_KINDS = {"PERSON": "person", "ORG": "org"}
_FUNCTION_WORDS = {"of", "for", "the", "state", "affairs", "and"}
# words before a name that are no part of it, besides titles and role nouns
_RANKS = {"senior", "chief", "deputy", "acting", "former", "interim", "assistant", "junior", "executive", "dr",
          "mr", "mrs", "ms", "prof", "professor",
          # abbreviated titles ('Sen. Bernie Sanders', 'Gen. Mark Milley'): no part of the name
          "sen", "rep", "gov", "gen", "lt", "col", "maj", "capt", "adm", "sgt", "cmdr", "amb", "atty", "supt", "rev",
          "justice", "pastor"}  # fmt: skip


def _namesake(span: Span, name: str, form: str, is_title: Callable[[Token], bool]) -> bool:
    """Whether a person's surname (or other one-word short form) is matched inside a longer name of
    someone else: the tagger's person name goes on before it with a given name that is no word of
    the known person's name ('Pat Schroeder', 'Ronnie Cameron', 'Jeb Bush'); an initial ('Vladimir
    V. Putin'), a title ('President Putin') or a word of the name ('Tayyip Erdogan') keeps it the
    known person."""
    if span[0].ent_type_ != "PERSON" or span[0].ent_iob_ != "I":
        return False
    own = set(fold(f"{name} {form}").split())
    before = []
    tok = span[0]
    while tok.i > 0 and tok.ent_iob_ == "I":
        tok = tok.doc[tok.i - 1]
        before.append(tok)
    words = [t for t in before if t.is_alpha and len(t.text) > 1 and not is_title(t)]
    return bool(words) and not any(fold(t.text) in own for t in words)


class ActorComponent:
    def __init__(self, nlp: Language, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.not_actors = not_actors()
        self.place_compounds = place_compounds()
        # names of no actor that hold a state's name ('Latin America'): matched with the states' names,
        # so that the longer one wins, and then left out
        self._not_matcher = FormMatcher(nlp.tokenizer, sorted(n for n in self.not_actors if " " in n), lower=True)  # type: ignore[arg-type]
        self.matcher = FormMatcher(nlp.tokenizer, sorted(kb.surface_forms))  # type: ignore[arg-type]
        self._lookup = self.matcher.lookup
        self.world = WorldMatcher(nlp, kb.world) if kb.world is not None else None
        self.offices = OfficeResolver(nlp, kb)
        self.sectors = SectorResolver(kb)
        self.anaphora = AnaphorResolver(nlp, kb)
        self.context = ContextResolver(kb)
        self._title_words = {w for words in kb.titles for w in words if w.isalpha() and w not in _FUNCTION_WORDS}
        people = [*kb.people.values(), *(kb.world.people if kb.world is not None else ())]
        self._given_names = {w[0] for e in people if len(w := e.actor.name.split()) >= 2 and w[0].istitle()
                             and len(w[0]) >= 3 and w[0].isalpha()}  # fmt: skip

    def _is_title(self, tok: Token) -> bool:
        """A word of a title or rank before a name: 'Superintendent', 'Senior', 'Foreign Minister'."""
        low = tok.lower_.rstrip(".")
        return low in self._title_words or low in _RANKS or tok.lemma_.lower() in self.kb.role_nouns

    # --- resolution ---------------------------------------------------------------------------
    @staticmethod
    def _actor(entry: Entry, day: Day) -> tuple[Actor, float, str]:
        """A person's country and sector come from the office held on the day (else the latest)."""
        if not entry.terms:
            return entry.actor, entry.confidence, ""
        a = entry.actor
        if day.day is not None:
            for term in reversed(entry.terms):
                if term.holds_on(day.day):
                    why = f"{term.role} of {term.body or term.country} on that day ({day}; {term.span()})"
                    return Actor(a.name, term.country, term.sector, a.kind, a.wikidata), entry.confidence, why
            return a, entry.confidence * 0.9, f"no known office on {day.day.isoformat()}: the latest one"
        return a, entry.confidence * 0.95, "no date: the latest office"

    def _kb_mentions(self, doc: Doc, days: DayIndex) -> tuple[list[MentionSpan], set[tuple[int, int]]]:
        """Curated names first; a longer world name wins over a curated one inside it ('United
        States Senate' over 'United States'), an equal one never. Also returns the (start, end) of
        the names read as no actor, where the tagger's entities are none either."""
        spans = [Span(doc, s, e) for s, e in self.matcher.matches(doc)]
        shadow = self._headline_forms(doc, {(s.start, s.end) for s in spans})
        spans += [Span(doc, s, e) for s, e in shadow]
        world = self.world.spans(doc) if self.world is not None else []
        shouted = _shouted_words(doc, world)
        world = [s for s in world if (s.start, s.end) not in shouted]
        skipped = set(shouted)
        curated = {(s.start, s.end) for s in spans}
        nots = [Span(doc, s, e) for s, e in self._not_matcher.matches(doc)]
        no_one = {(s.start, s.end) for s in nots}
        countries: set[str] | None = None
        out = []
        for span in filter_spans(nots + spans + world):
            if (span.start, span.end) in no_one:
                continue  # 'Latin America': its 'America' names no state
            if (span.start, span.end) in curated:
                form = self._lookup.get(shadow.get((span.start, span.end)) or tuple(t.text for t in span))
                if form is None:
                    continue
                entry, pick = self.kb.surface_forms[form], ""
                if entry.how == "place" and any(t.ent_type_ in ("PERSON", "ORG") for t in span):
                    continue  # 'Whitney Houston', 'the Florida Department of Health': the name's own word
                if entry.how == "demonym" and span[0].ent_type_ == "PERSON" and span[0].ent_iob_ == "I":
                    continue  # 'David French': a surname inside a person's name, not a state's people
                if entry.actor.kind == "person" and entry.how == "alias" and " " not in form and \
                        _namesake(span, entry.actor.name, form, self._is_title):  # fmt: skip
                    continue  # 'Pat Schroeder' is not Gerhard Schröder: a surname after another first name
            else:
                assert self.world is not None
                if countries is None:
                    countries = {self.kb.surface_forms[f].actor.country or "" for f in
                                 (self._lookup.get(tuple(t.text for t in s)) for s in spans) if f}  # fmt: skip
                form = span.text
                entry, pick = self.world.entry(span, days.at(span.start).day, countries)
                source = self.world.world.sources.get(entry.actor.name, "")
                pick = "; ".join(p for p in (pick, f"source: {source.replace('|', ', ')}" if source else "") if p)
            if entry.how in ("metonym", "place") and span.end < len(doc) and self._named_after(doc[span.end]):
                skipped.add((span.start, span.end))
                continue  # 'the Paris Agreement', 'the Minsk talks': the place names the thing, no state acts
            actor, conf, why = self._actor(entry, days.at(span.start))
            what = {"metonym": "a capital standing for the government", "demonym": "a demonym",
                    "place": "a place in"}.get(entry.how, entry.how)  # fmt: skip
            why = f"'{form}' is {what} of {entry.actor.name}" + "".join(f"; {w}" for w in (pick, why) if w)
            out.append(MentionSpan(span.start, span.end, span.start_char, span.end_char, actor, entry.how, conf, why))
        return out, skipped | no_one

    def _named_after(self, tok: Token) -> bool:
        """A noun that makes the place before it part of a name or a meeting's place (place_compounds.tsv)."""
        return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in self.place_compounds

    def _headline_forms(self, doc: Doc, found: set[tuple[int, int]]) -> dict[tuple[int, int], tuple[str, ...]]:
        """Names in a headline written in capitals ('WHY SENEGAL CLAMPS DOWN'), matched as running
        text writes its words (``geopol_headlines``): (start, end) -> the words as matched."""
        recased: dict[int, str] = doc.user_data.get(HEADLINE_WORDS) or {}
        if not recased:
            return {}
        words = [recased.get(t.i, t.text) for t in doc]
        out = {}
        for s, e in self.matcher.word_matches(words):
            if (s, e) not in found and any(i in recased for i in range(s, e)):
                out[(s, e)] = tuple(words[s:e])
        # a word in capitals the article writes nowhere else was put in lower case: a state's name
        # or adjective written as a name is still that state ('TURKEY CAR BOMB ATTACK')
        titled = [
            w.title() if i in recased and doc[i].is_upper and w == doc[i].lower_ else w for i, w in enumerate(words)
        ]
        for s, e in self.matcher.word_matches(titled):
            form = self._lookup.get(tuple(titled[s:e]))
            if (s, e) in found or (s, e) in out or form is None or titled[s:e] == words[s:e]:
                continue
            if self.kb.surface_forms[form].actor.kind == "state":
                out[(s, e)] = tuple(titled[s:e])
        return out

    def _ner_mentions(self, doc: Doc, mentions: list[MentionSpan], skipped: set[tuple[int, int]]) -> list[MentionSpan]:
        taken = {i for m in mentions for i in range(m.start, m.end)}
        taken |= {i for s, e in skipped for i in range(s, e)}
        out = []
        for ent in doc.ents:
            kind = _NER_KINDS.get(ent.label_)
            if kind is None or any(i in taken for i in range(ent.start, ent.end)):
                continue
            span = ent
            before = doc[ent.start - 1] if ent.start else None
            if kind == "org" and before is not None and before.text == "The" and not before.is_sent_start:
                span = doc[before.i : ent.end]  # 'by The Times': the tagger may leave the article out
            # 'The Times' in mid-sentence keeps its article: it is part of the name
            while len(span) and (span[0].lower_ in ("the", "a", "an") and (span[0].text != "The" or span[0].is_sent_start
                                 or kind == "person") or not _has_alnum(span[0].text)):  # fmt: skip
                span = span[1:]
            opened = [t.i for t in span if t.text == "("]
            if opened and not any(t.text == ")" for t in span):  # 'Electoral Fairness (TEF': no open bracket
                span = doc[span.start : opened[0]]
            while len(span) and not _has_alnum(span[-1].text):  # 'BRUSSELS 🇪' of 'BRUSSELS 🇪🇺': no emoji
                span = span[:-1]
            if not len(span) or not any(t.is_alpha for t in span):
                continue
            if span[-1].tag_ == "POS":
                span = span[:-1]
            if span.text.lower() in self.not_actors:  # 'Islam', 'God', 'Communism': never an actor
                continue
            sector = self.sectors.name_sector(span) if kind == "org" else None
            name = org_name(span) if kind == "org" else span.text
            actor = Actor(name, None, sector, kind, None)  # type: ignore[arg-type]
            why = f"a {ent.label_} name the knowledge base lacks: country unknown, " + (
                f"sector {sector} from its name" if sector else "sector unknown"
            )
            out.append(MentionSpan(span.start, span.end, span.start_char, span.end_char, actor, "ner", 0.5, why))
        return out

    def __call__(self, doc: Doc) -> Doc:
        mend_names(doc, self._is_title, self._given_names)
        days = DayIndex(doc)
        mentions, skipped = self._kb_mentions(doc, days)
        mentions = self.sectors.places(doc, mentions)
        mentions = self.offices(doc, mentions, days)
        mentions = self.sectors(doc, mentions)
        mentions += short_names(doc, mentions)  # 'Fu' after 'Fu Cong', before NER calls it a new person
        mentions += self._ner_mentions(doc, mentions, skipped)
        mentions = follow_full_names(self.context(doc, sorted(mentions, key=lambda m: m.start)))
        shorts = short_names(doc, mentions)  # 'Zhang' after 'Junhua Zhang', a person NER found
        renamed = {m.start for m in shorts}  # a one-word name NER guessed at gives way to its short name
        mentions = [m for m in mentions if not (m.start in renamed and guessed(m))] + shorts
        mentions += resolve_pronouns(doc, sorted(mentions, key=lambda m: m.start), self.kb.genders)
        mentions = self.anaphora(doc, sorted(mentions, key=lambda m: m.start), days)
        mentions = sorted((_acting_state(doc, self._sovereign(m)) for m in mentions), key=lambda m: (m.start, m.end))
        doc._.geopol_mentions = mentions
        return doc

    def _sovereign(self, m: MentionSpan) -> MentionSpan:
        """An actor of a dependent territory is coded as the state that holds it (countries.tsv's
        ``part_of``: a Puerto Rican official is USA's, as a Hong Kong protester is CHN's), whichever
        table or context gave the territory's code."""
        c = self.kb.countries.get(m.actor.country or "")
        if c is None or c.part_of is None:
            return m
        state = self.kb.countries[c.part_of]
        why = f"{m.why}; {c.name} is coded as {state.name}, the state it belongs to"
        return replace(m, actor=replace(m.actor, country=state.iso3), why=why)


def _acting_state(doc: Doc, m: MentionSpan) -> MentionSpan:
    """A state named as an actor ('Norway expelled two diplomats', 'talks with Iran') is coded as its
    government, GOV, as PLOVER codes it; not a place, nor an adjective that only modifies a noun
    ('Chilean carrier')."""
    a = m.actor
    if a.kind != "state" or a.sector is not None or m.how in ("place", "role"):
        return m
    if m.how == "demonym" and doc[m.end - 1].dep_ in ("amod", "compound", "nmod"):
        return m
    head = doc[m.end - 1]
    if m.how == "demonym" and head.tag_ in ("NN", "NNP") and any(c.dep_ == "det" for c in head.children):
        return m  # 'the sixteen-year-old Swede', 'an American': one of its people, not its government
    return replace(m, actor=replace(a, sector="GOV"), why=f"{m.why}; a state acting is coded as its government")


def _shouted_words(doc: Doc, spans: list[Span]) -> set[tuple[int, int]]:
    """Short names in capitals in lines written in capitals ('A CAR BOMB EXPLODED'), which the open
    sources' acronyms would read as names ('CAR', an armed group's), and which the text never writes
    so in a line of running text."""
    short = [s for s in spans if len(s) == 1 and s[0].is_upper and len(s[0].text) <= 4]
    if not short:
        return set()
    shouting: set[int] = set()  # tokens of the lines in capitals
    running: set[str] = set()  # words in capitals inside running text ('the CAR government')
    for sent in doc.sents:
        if _caps_line(sent):
            shouting.update(range(sent.start, sent.end))
        else:
            running.update(t.text for t in sent if t.is_upper)
    return {(s.start, s.end) for s in short if s.start in shouting and s[0].text not in running}


def _caps_line(sent: Span) -> bool:
    words = [t for t in sent if t.is_alpha and len(t.text) > 1]
    return bool(words) and sum(t.is_upper for t in words) >= 0.8 * len(words)


def _has_alnum(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


@lru_cache(maxsize=1)
def place_compounds() -> frozenset[str]:
    """The nouns after which a place names a thing or a meeting's place (lower-case lemmas)."""
    return frozenset(row["lemma"].lower() for _, row in read_tsv(data_path("actors/place_compounds.tsv"), ("lemma",)))


@lru_cache(maxsize=1)
def not_actors() -> frozenset[str]:
    """The names the tagger takes for people or organisations that are no actors (lower case)."""
    return frozenset(row["name"].lower() for _, row in read_tsv(data_path("actors/not_actors.tsv"), ("name",)))


@Language.factory(
    "geopol_actors",
    assigns=["doc._.geopol_mentions"],
    requires=["token.dep", "token.lemma"],
    default_config={"actors_file": None},
)
def make_actor_component(nlp: Language, name: str, actors_file: str | None) -> ActorComponent:
    """``actors_file``: the user's YAML actors file, merged over the packaged knowledge base."""
    return ActorComponent(nlp, load_kb(Path(actors_file) if actors_file else None))
