"""Participants the text implies but does not name, by the coding rules' domestic reading.

- ``domestic``: 'Police detained eight people', 'protesters clashed with the police': a side
  named only by common nouns of no stated country beside a side of one state is of that state;
  not another state's presence ('Russia expelled two diplomats') nor refugees and migrants, and
  the unnamed victims of violence are of the place the sentence names (``Home.victims``:
  'airstrikes killed 20 civilians in Yemen').
- ``authorities``: 'He was sentenced to two years', 'Safavian was charged with perjury', 'his
  arrest': an act of authority (a charge, a conviction, an arrest, a release) whose doer the text
  leaves out is done by the target's own state — its courts, police or government.
- ``agent``: 'Critics accused the minister': the subject phrase of a model event names no actor; it
  is the doer, of the home state (else the target's).
- ``other_state``: 'Syria launched rockets targeting Turkish troops': when neither the parse nor the
  role model found a target, an actor of another state that the act governs as an argument (an
  object, 'against', 'at', 'to', 'from'…, a verb of aim) is taken before any unnamed phrase.
- ``patient``: 'the minister condemned rioters', 'criticism of the developer': the phrase an act is
  done to names no actor, beside a doer of one state; the act is coded as domestic (CODING.md:
  "police vs protesters: source GBR COP, target GBR"); the unnamed victims of violence are of
  where it happens instead (``Home``: 'a gunman killed two guards' in a story set in New Zealand).
- ``Home``: 'thousands of protesters gathered', 'two suspects were arrested': people named only by
  common nouns (or a pronoun nothing resolved, or a name only the tagger found), with no side of a
  state beside them, are of the state
  of the place their sentence names, else of the state the document is about ("a Hong Kong
  protester → CHN"); so are the unnamed protesters of 'weeks of protests against the bill'.
- ``own_state``: 'the government announced new lockdown measures', 'protesters gathered': a
  directed act of one state's actors with nobody named as its object is done within that state;
  ``own_doer``: so is one done to a state's actor by nobody the text names (not force done to a
  state itself or its organs: 'sanctions on Iran' are not Iran's).

Each implied participant is a mention marked ``how="implicit"`` at lower confidence, with the
reason in ``why``: the span is the trigger (for a doer) or the phrase acted upon (for a target).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from .._tsv import data_path, read_tsv
from ..actors import PRIVATE_SECTORS, STATE_SECTORS, MentionSpan, main_state, sentence_places
from ..records import Actor
from ._args import AMOUNTS_AND_TIMES, is_passive, objects_of, prep_objects, subject_of

# who acts when the text names no one, by type: the sector of the target's own state that does it
AUTHORITY = {"COERCE": "COP", "SANCTION": "JUD", "ACCUSE": "JUD", "RETREAT": "GOV"}
_NO_STATE = frozenset({"IGO", "NGO", "MNC"})
_FORCE = frozenset({"SANCTION", "ASSAULT", "COERCE", "THREATEN", "MOBILIZE"})  # what a state does to others
_UNDIRECTED = frozenset({"CONSULT", "COOPERATE", "AGREE", "MOBILIZE"})  # joint acts, and shows of force
_PEOPLE_PRONOUNS = frozenset({"they", "some", "many", "others", "those", "several", "most"})  # not "we": the speaker
_NOUN_PATIENT_PREPS = frozenset({"of", "against", "on", "into"})
_NOT_PATIENT = AMOUNTS_AND_TIMES | {"GPE", "LOC"}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    return {row["iso3"]: row["name"] for _, row in read_tsv(data_path("actors/countries.tsv"), ("iso3", "name"))}


def one_state(ms: list[MentionSpan]) -> str | None:
    cs = {m.actor.country for m in ms if m.actor.country}
    c = next(iter(cs)) if len(cs) == 1 else None
    return c if c not in _NO_STATE else None


# nouns of another state's presence: 'Russia expelled two diplomats', 'summoned the ambassador' are
# never the acting state's own ('embassie': 'embassies' less its s)
_FOREIGN = frozenset({"diplomat", "ambassador", "envoy", "embassy", "embassie", "consulate", "consul", "delegation",
                      "negotiator", "attaché", "attache"})  # fmt: skip


def _foreign(m: MentionSpan) -> bool:
    words = m.actor.name.lower().split()
    return bool(words) and words[-1].removesuffix("s") in _FOREIGN


def domestic(source: list[MentionSpan], target: list[MentionSpan]) -> tuple[list[MentionSpan], list[MentionSpan]]:
    """'Police detained eight people', 'protesters clashed with the police': a side named only by
    common nouns of no stated country ('people', 'protesters', 'a suspect') beside a side of one
    state is of that state; the coding rules code such events as domestic (source GBR, target GBR)."""

    def generic(ms: list[MentionSpan]) -> bool:
        return bool(ms) and all(m.actor.country is None and m.how == "sector" and not _foreign(m)
                                and m.actor.sector != "REF" for m in ms)  # fmt: skip

    def of(ms: list[MentionSpan], c: str) -> list[MentionSpan]:
        return [replace(m, actor=replace(m.actor, country=c), confidence=m.confidence * 0.8,
                        why=f"{m.why}; taken to be of {c}, the other side's state (a domestic event)")
                for m in ms]  # fmt: skip

    if generic(target) and (c := one_state(source)):
        target = of(target, c)
    elif generic(source) and (c := one_state(target)):
        source = of(source, c)
    return source, target


def authorities(anchor: Token, type_: str, target: list[MentionSpan], home: Home | None = None) -> list[MentionSpan]:
    """The doer of a passive (or nominal) act of authority with no agent: the authorities of the
    place the sentence names; for private people (a suspect, protesters), those of the state the
    document is about, where a foreign suspect is arrested and charged; else the target's own state."""
    sector = AUTHORITY.get(type_)
    c = one_state(target)
    if sector is None or c is None or not (anchor.pos_ in ("NOUN", "PROPN") or is_passive(anchor)):
        return []
    where = "the target's state"
    if home is not None and (place := home.places.get(anchor.sent.start)) is not None:
        c, where = place, "the place the sentence names"
    elif home is not None and home.main and all(m.actor.kind in ("person", "group") and m.actor.sector in PRIVATE_SECTORS
                                                for m in target):  # fmt: skip
        c, where = home.main, "the state the document is about"
    why = f"'{anchor.text}' names no doer: the authorities of {where} ({c})"
    return [_group_at(anchor, c, "authorities", sector, 0.4, why)]


def _group_at(tok: Token, c: str, what: str, sector: str | None, confidence: float, why: str) -> MentionSpan:
    """An implied group of state ``c`` ('Iran (authorities)'), its span the trigger word ``tok``."""
    actor = Actor(f"{country_names().get(c, c)} ({what})", c, sector, "group")
    return MentionSpan(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), actor, "implicit", confidence, why)


def _phrase_start(tok: Token) -> int:
    left = [c.i for c in tok.lefts if c.dep_ in ("det", "amod", "compound", "nummod", "poss", "quantmod")]
    return min(left, default=tok.i)


def _phrase(head: Token, c: str, reason: str) -> MentionSpan:
    """The noun phrase of ``head`` that names no actor, as an implied actor of state ``c``."""
    span = head.doc[_phrase_start(head) : head.i + 1]
    why = f"'{span.text}' names no actor: taken to be of {c}{reason}"
    actor = Actor(head.lemma_.lower(), c, None, "group")
    return MentionSpan(span.start, span.end, span.start_char, span.end_char, actor, "implicit", 0.35, why)


def agent(anchor: Token, index: dict[int, MentionSpan], c: str | None) -> list[MentionSpan]:
    """The subject phrase of an active verb, as a doer of state ``c``, when it names no actor
    ('Critics accused the minister', 'Some veterans killed farmers')."""
    if c is None or anchor.pos_ not in ("VERB", "AUX") or is_passive(anchor):
        return []
    subj, passive = subject_of(anchor)
    if subj is None or passive or subj.pos_ not in ("NOUN", "PROPN", "PRON") or subj.ent_type_ in _NOT_PATIENT:
        return []
    if subj.pos_ == "PRON" and subj.lower_ not in _PEOPLE_PRONOUNS:
        return []
    if any(i in index for i in range(subj.left_edge.i, subj.right_edge.i + 1)):
        return []  # the phrase names an actor the parse did not take: leave it to the role model
    return [_phrase(subj, c, " (the place, the document or the other side)")]


# how an argument hangs under the act: an object, a preposition that points at someone, a verb of
# aim or means ('targeting', 'aimed at') and its object; never a relative or reported clause, nor
# 'with' (who joined in: 'a protest with veterans')
_ARGUMENT_DEPS = frozenset({"dobj", "dative", "pobj", "prep", "xcomp", "advcl", "acl", "obj"})
_CLAUSES = frozenset({"xcomp", "advcl", "acl"})
_TO_WHOM = frozenset({"to", "against", "at", "on", "toward", "towards", "from", "into", "over", "upon"})


def _governed(head: Token, anchor: Token) -> bool:
    """Whether ``head`` is an argument of ``anchor`` at most four steps down (see ``_ARGUMENT_DEPS``),
    each preposition on the way one that points at someone ('against Iran', not 'in Iraq' or 'the
    Gulf of Mexico')."""
    tok, steps = head, 0
    while tok.i != anchor.i:
        if steps >= 4 or tok.dep_ not in _ARGUMENT_DEPS or tok.head.i == tok.i:
            return False
        if tok.dep_ == "prep" and tok.lower_ not in _TO_WHOM:
            return False
        if tok.dep_ in _CLAUSES and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
            return False  # a clause with its own subject says something else ('the claim that Israel…')
        tok, steps = tok.head, steps + 1
    return steps > 0


def other_state(anchor: Token, source: list[MentionSpan], index: dict[int, MentionSpan]) -> list[MentionSpan]:
    """An actor of another state than the doer's within what the act governs, when neither the parse
    nor the role model took one as the target ('Syria launched rockets targeting Turkish troops',
    'the US pulled out of the deal with Iran'): the act is more likely done to it than to an unnamed
    phrase of the doer's own state. The nearest after the trigger, else before it; never a place
    ('in Iraq' says where) or a pronoun."""
    own = {m.actor.country for m in source}
    taken = {id(m) for m in source}
    found: list[MentionSpan] = []
    for tok in anchor.subtree:
        m = index.get(tok.i)
        if (m is None or id(m) in taken or m.how in ("place", "pronoun", "implicit") or not m.actor.country
                or m.actor.country in own or m in found):  # fmt: skip
            continue
        if _governed(anchor.doc[m.end - 1], anchor):
            found.append(m)
    if not found:
        return []
    after = [m for m in found if m.start > anchor.i]
    m = after[0] if after else found[-1]
    why = f"{m.why}; the only side of another state than the doer's under '{anchor.text}', taken as the target"
    return [replace(m, confidence=round(m.confidence * 0.7, 3), why=why)]


def patient(anchor: Token, source: list[MentionSpan], index: dict[int, MentionSpan],
            where: tuple[str | None, str] = (None, "")) -> list[MentionSpan]:  # fmt: skip
    """The phrase the act is done to, when it names no actor: a target of the source's state, or
    of ``where`` (a state and why) when given: the victims of violence are of where it happens."""
    c = where[0] or one_state(source)
    if c is None:
        return []
    if anchor.pos_ in ("VERB", "AUX"):
        cands = [] if is_passive(anchor) else objects_of(anchor)
    else:
        cands = prep_objects(anchor, _NOUN_PATIENT_PREPS)
    for tok in cands:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in _NOT_PATIENT or tok.i in index:
            continue
        if any(i in index for i in range(_phrase_start(tok), tok.i + 1)):
            continue
        return [_phrase(tok, c, f" ({where[1]})" if where[0] else ", the doer's state (a domestic event)")]
    return []


# people named by a common noun who may be of the place they are in: not armed groups, whose
# affiliation the place does not give ('militants killed 130 people in Paris')
_NOT_LOCAL = frozenset({"REB", "IGO", "NGO", "MNC", "REF"})  # refugees and migrants are not of where they are


# 'we' and 'I' are whoever speaks, not the people of a place
_SPEAKERS = frozenset({"i", "me", "my", "we", "us", "our"})


def _unplaced(m: MentionSpan) -> bool:
    if m.actor.country is not None:
        return False
    if m.how == "pronoun":
        return m.actor.name.lower() not in _SPEAKERS
    if m.how in ("ner", "short name") and m.actor.kind == "person":
        return True  # a person the knowledge base lacks and nothing in the text placed ('Baron said')
    return m.how == "sector" and m.actor.sector not in _NOT_LOCAL


@dataclass(frozen=True)
class Home:
    """Where a document's unnamed people are: the one state that the places of a sentence name ('in
    Minsk', 'through Nairobi'; by the sentence's first token), else the state the document is about
    (``main``)."""

    main: str | None
    places: dict[int, str]

    @classmethod
    def of(cls, doc: Doc, mentions: list[MentionSpan]) -> Home:
        states = country_names()
        main, _, _ = main_state(mentions, states)
        return cls(main, sentence_places(doc, mentions, states))

    def place(self, tok: Token) -> tuple[str | None, str]:
        """The one state the places of ``tok``'s sentence name, and why (None, "" when there is none)."""
        c = self.places.get(tok.sent.start)
        return (c, f"{country_names().get(c, c)}, the place the sentence names") if c is not None else (None, "")

    def state(self, tok: Token) -> tuple[str | None, str]:
        c, where = self.place(tok)
        if c is not None:
            return c, where
        if self.main is not None:
            return self.main, f"{country_names().get(self.main, self.main)}, the state the document is about"
        return None, ""

    def victims(self, anchor: Token, target: list[MentionSpan]) -> list[MentionSpan]:
        """The unnamed victims of violence ('20 civilians', 'protesters') are of where it happens when
        the sentence names a place, not of the attacker's state; with no place, the domestic reading
        stands ('Putin kills journalists': Russia's, whatever state the document is about)."""
        c, where = self.place(anchor)
        if c is None:
            return target
        return [replace(m, actor=replace(m.actor, country=c), confidence=m.confidence * 0.7,
                        why=f"{m.why}; victims of no state named: taken to be of {where}")
                if m.how == "sector" and _unplaced(m) else m for m in target]  # fmt: skip

    def settle(self, anchor: Token, type_: str, source: list[MentionSpan],
               target: list[MentionSpan]) -> tuple[list[MentionSpan], list[MentionSpan]]:  # fmt: skip
        """Unplaced people on a side with no state beside them take the home state; a protest whose
        protesters the text does not name ('weeks of protests against the bill') is the home state's
        people's."""
        if not any(_unplaced(m) for m in source + target) and (source or type_ != "PROTEST"):
            return source, target
        c, where = self.state(anchor)
        if c is None:
            return source, target
        if not source and type_ == "PROTEST":
            why = f"'{anchor.text}' names no protester: taken to be people of {where}"
            source = [_group_at(anchor, c, "protesters", "CVL", 0.3, why)]

        def place(ms: list[MentionSpan], other: list[MentionSpan]) -> list[MentionSpan]:
            if any(m.actor.country for m in ms):
                return ms
            theirs = {m.actor.country for m in other}  # another state's diplomats are not the other side's own
            return [replace(m, actor=replace(m.actor, country=c), confidence=m.confidence * 0.7,
                            why=f"{m.why}; no state named: taken to be of {where}")
                    if _unplaced(m) and not (_foreign(m) and c in theirs) else m
                    for m in ms]  # fmt: skip

        return place(source, target), place(target, source)


def own_doer(anchor: Token, type_: str, target: list[MentionSpan]) -> list[MentionSpan]:
    """A doer of the target's own state for a model event whose doer the text never names, not even
    by a phrase ('the back-and-forth of the investigation of Clinton', 'Backing Clinton over Trump'):
    an act done to one state's actor with no one else in sight is most often done at home."""
    c = one_state(target)
    if c is None or type_ in _UNDIRECTED or (type_ in _FORCE and all(_the_state(m) for m in target)):
        return []  # 'sanctions on Iran', 'the attacks on the American consulate': a state does not do it to itself
    why = f"'{anchor.text}' names no doer: taken to be done within {c}, the target's state"
    return [_group_at(anchor, c, "domestic", None, 0.25, why)]


def _the_state(m: MentionSpan) -> bool:
    """A state itself or one of its organs ('Iran', 'the American consulate', 'the Russian army'),
    not its people."""
    return m.actor.kind == "state" or (m.actor.kind == "org" and m.actor.sector in STATE_SECTORS)


def own_state(anchor: Token, type_: str, source: list[MentionSpan],
              where: tuple[str | None, str] = (None, "")) -> list[MentionSpan]:  # fmt: skip
    """A target of the source's own state (or of ``where``, as for ``patient``) for a directed act
    whose object the text does not name."""
    c = where[0] or one_state(source)
    if c is None or type_ in _UNDIRECTED:
        return []
    whose = where[1] if where[0] else "the doer's state"
    why = f"'{anchor.text}' names no one it is done to: taken to be done within {c}, {whose}"
    return [_group_at(anchor, c, "domestic", None, 0.3, why)]
