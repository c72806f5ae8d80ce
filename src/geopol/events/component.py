"""The ``geopol_events`` spaCy component: PLOVER events from triggers and the dependency parse.

For every token whose lemma is in the trigger lexicon (directly, or as the noun object of a light
verb: 'hold talks', 'impose sanctions'), the most specific matching rule gives the type, mode and
context; the parse gives the source (subject, passive agent, possessor) and target (object,
passive subject, the rule's prepositions); actor mentions from ``geopol_actors`` fill them. An
event needs at least one participant that is an actor. Sets ``doc._.geopol_events``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..actors import MentionSpan, mentions_of, token_index
from ..nlp import HEADLINE_WORDS, TextDate, sentence_dates
from ..records import QUAD_CLASS
from ._aggregate import Frequency, event_frequency
from ._args import (
    AMOUNTS_AND_TIMES,
    agent_of,
    clause_subjects,
    coordinated,
    is_passive,
    is_reciprocal_object,
    np_mentions,
    objects_of,
    prep_objects,
    subject_of,
)
from ._implicit import Home, agent, authorities, domestic, one_state, other_state, own_doer, own_state, patient
from ._learned import SYMMETRIC, Unit, code_learned, units
from ._modality import Modality, modality_of
from ._repeats import fold
from ._when_where import Place, event_date, event_place, governors
from .lexicon import Lexicon, TriggerRule, load_lexicon
from .model import EventModel

if not Doc.has_extension("geopol_events"):
    Doc.set_extension("geopol_events", default=None)

_VERBAL = {"AGREE", "SUPPORT", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "CONSULT"}
_NOUN_SOURCE_PREPS = {"of", "by"}
# a noun event whose 'from' phrase names its doer ('criticism from Berlin', 'a request from the UN',
# 'aid from Japan'); of other types it is a place or a thing ('withdrawal from Syria', 'released from prison')
_FROM_SOURCE_TYPES = _VERBAL | {"AID"}
_VIOLENCE = frozenset({"ASSAULT"})  # its unnamed victims are of where it happens, not of the doer's state


@dataclass
class EventSpan:
    """An event in token coordinates, before it becomes an :class:`geopol.records.Event`."""

    rule: TriggerRule
    trigger: Span
    sentence: Span
    source: list[MentionSpan]
    target: list[MentionSpan]
    reciprocal: bool
    modality: Modality
    confidence: float
    anchor: int  # token index that other triggers may depend on
    inner: list[int] = field(default_factory=list)
    date: TextDate | None = None
    place: Place | None = None
    frequency: Frequency | None = None  # a summary of repeated events ('met more than 40 times')
    repeats: list[Span] = field(default_factory=list)  # later sentences that tell it again (``_repeats``)


def _match_rule(tok: Token, rules: tuple[TriggerRule, ...], obj: Token | None) -> TriggerRule | None:
    children = list(tok.children)
    for rule in rules:
        if rule.objects:
            cands = [obj] if obj is not None else [c for c in children if c.dep_ in ("dobj", "nsubjpass", "attr")]
            cands += [g for c in cands if c is not None for g in c.children if g.dep_ == "conj"]
            if not any(c is not None and c.lemma_.lower() in rule.objects for c in cands):
                continue
        if rule.particles and not any(_has_particle(children, p.word, p.objects) for p in rule.particles):
            continue
        return rule
    return None


def _has_particle(children: list[Token], word: str, objects: frozenset[str]) -> bool:
    for c in children:
        if c.lower_ != word or c.dep_ not in ("prt", "prep", "agent", "dative", "advmod"):
            continue
        if any(g.dep_ == "pcomp" for g in c.children) and not any(g.dep_ == "pobj" for g in c.children):
            continue  # 'In declaring …, the pope demonstrated his knack': a clause's preposition is no particle
        if not objects:
            return True
        if any(g.dep_ == "pobj" and g.lemma_.lower() in objects for g in c.children):
            return True
    return False


class EventComponent:
    """Codes events with the learned model when one is given (``model``), else with the rules alone.
    The rules always run: their triggers and events are the model's features and its fallback."""

    def __init__(self, lexicon: Lexicon, model: EventModel | None = None) -> None:
        self.lexicon = lexicon
        self.model = model

    # --- participants -------------------------------------------------------------------------
    def _verb_participants(self, verb: Token, rule: TriggerRule, index: dict[int, MentionSpan]):  # type: ignore[no-untyped-def]
        places_np = partial(np_mentions, places=QUAD_CLASS[rule.type] == 4 or rule.mode == "visit")
        subj, subj_passive = subject_of(verb)
        source: list[MentionSpan] = []
        target: list[MentionSpan] = []
        reciprocal = False
        # a passive verb whose subject sits higher up ('X founded a party but was arrested') is passive
        passive = is_passive(verb) or (subj is not None and verb not in subj.ancestors and subj_passive)
        agent = agent_of(verb)
        objs = objects_of(verb) if verb.lemma_ != "be" else []  # 'X is Y' names no target
        subject_actor = False
        if subj is not None:
            # 'He was fined $100,000', 'She was granted clemency': an object that names no actor
            # leaves the passive subject the one acted upon
            if passive and (agent is not None or not any(np_mentions(o, index) for o in objs)):
                target += places_np(subj, index)
                subject_actor = bool(target)
            else:  # active, or a broken passive with an object ('X was imprisoned Y')
                source += np_mentions(subj, index)
        if agent is not None:
            source += np_mentions(agent, index)
        for o in objs:
            if is_reciprocal_object(o):
                reciprocal = True
                continue
            target += places_np(o, index)
        preps = rule.target_preps | {"to", "with", "against", "on"} if not rule.target_preps else rule.target_preps
        # 'sent troops to Syria': an object that is no actor passes on its prepositions; 'expelled the
        # ambassador to Greece': one that is an actor keeps them (the host of an envoy is no target)
        heads = [verb] + [o for o in objs if not np_mentions(o, index)]
        for h in heads:
            for p in prep_objects(h, preps):
                target += places_np(p, index)
        for x in (c for c in verb.children if c.dep_ == "xcomp"):  # 'agreed to invest in Russia'
            if not target:
                for p in prep_objects(x, preps | {"in"}):
                    target += places_np(p, index)
                for o in objects_of(x):
                    target += places_np(o, index)
        if not target and QUAD_CLASS[rule.type] == 4:  # 'struck military targets in Iran': Iran is hit
            for p in prep_objects(verb, frozenset({"in", "inside", "across"})):
                target += [m for m in places_np(p, index) if m.actor.kind == "state"]
        if not target:  # 'allowed China to develop', 'warned that Iran would…' (not one's own side)
            own = {m.actor.country for m in source}
            for c in clause_subjects(verb):
                target += [m for m in places_np(c, index) if m.actor.country not in own]
        if not source and passive and agent is None and target and not subject_actor:
            source = implicit_source(verb, index)  # 'all issues were coordinated with Moscow'

        return source, target, reciprocal

    def _noun_participants(self, noun: Token, rule: TriggerRule, index: dict[int, MentionSpan]):  # type: ignore[no-untyped-def]
        places_np = partial(np_mentions, places=QUAD_CLASS[rule.type] == 4)
        source: list[MentionSpan] = []
        target: list[MentionSpan] = []
        # 'his arrest': he is arrested; but 'Belarus's expulsion of two diplomats': Belarus expels
        done_to = noun.lemma_.lower() in self.lexicon.patient_nouns
        owner_done_to = done_to and not any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children)
        for c in noun.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i in index and index[c.i].how != "place":
                (target if owner_done_to and c.dep_ == "poss" else source).extend(index[c.i].expand())
            if done_to and c.dep_ == "prep" and c.lower_ == "of":
                target += [m for p in c.children if p.dep_ == "pobj" for m in np_mentions(p, index)]
                continue
            doer = c.lower_ in _NOUN_SOURCE_PREPS or (c.lower_ == "from" and rule.type in _FROM_SOURCE_TYPES)
            if c.dep_ == "prep" and doer:  # a doer 'from' somewhere is no place ('aid from Texas')
                for p in c.children:
                    if p.dep_ == "pobj":
                        source += np_mentions(p, index, places=c.lower_ != "from")
        preps = rule.target_preps or frozenset({"to", "with", "against", "on", "for"})
        for p in prep_objects(noun, preps - {"of", "by"}):
            target += places_np(p, index)
        light = noun.head
        if not source and light.lemma_.lower() in self.lexicon.light_verbs:
            who: Token | None = None
            if noun.dep_ == "dobj":  # 'the accused performed two attacks': who performed them
                subj, passive = subject_of(light)
                who = None if passive else subj
            elif noun.dep_ == "nsubjpass":  # 'the attack was carried out by militants': they did it
                who = agent_of(light)
            if who is not None:
                source = np_mentions(who, index)
        if not source and target and not _has_subject_actor(noun.sent, index):
            source = implicit_source(noun, index)  # 'Not to mention other aid to the Russian army.'
        # 'with the help of China' attached to a verb: the verb's subject receives it
        if source and not target and noun.dep_ == "pobj" and noun.head.lower_ == "with":
            verb = noun.head.head
            subj, _ = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else (None, False)
            if subj is not None:
                target += places_np(subj, index)
        return source, target, False

    # --- triggers -------------------------------------------------------------------------------
    def _candidates(self, doc: Doc):  # type: ignore[no-untyped-def]
        """(trigger span, rule, anchor token, is_verbal) for every trigger in the doc."""
        lex = self.lexicon
        for tok in doc:
            if tok.ent_type_ in AMOUNTS_AND_TIMES:
                continue  # 'Sunday, March 17': a word of a date or an amount does nothing
            lemma = tok.lemma_.lower()
            if tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ not in ("aux", "auxpass")):
                rules = lex.lookup(lemma, "VERB")
                rule = _match_rule(tok, rules, None) if rules else None
                if rule is not None:
                    yield doc[tok.i : tok.i + 1], rule, tok, True
                    continue
                if lemma in lex.light_verbs:
                    for obj in (_through_quantity(c) for c in tok.children if c.dep_ in ("dobj", "nsubjpass")):
                        nrules = lex.lookup(obj.lemma_.lower(), "NOUN")
                        nrule = _match_rule(obj, nrules, None) if nrules else None
                        if nrule is not None:
                            yield doc[min(tok.i, obj.i) : max(tok.i, obj.i) + 1], nrule, tok, True
                            break
            elif tok.pos_ in ("NOUN", "PROPN") and lemma in lex.noun_heads:
                if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_.lower() in lex.light_verbs:
                    continue  # coded through its light verb
                compound = [c for c in tok.children if c.dep_ == "compound"]
                rules = ()
                if compound:
                    rules = lex.lookup(f"{compound[-1].lemma_.lower()} {lemma}", "NOUN")
                rules = rules or lex.lookup(lemma, "NOUN")
                rule = _match_rule(tok, rules, None) if rules else None
                if rule is not None:
                    yield doc[tok.i : tok.i + 1], rule, tok, False

    def _code(self, candidates, index: dict[int, MentionSpan], home: Home | None = None) -> list[EventSpan]:  # type: ignore[no-untyped-def]
        events: list[EventSpan] = []
        for trig, rule, anchor, verbal in candidates:
            source, target, reciprocal = self.participants(anchor, rule, verbal, index, home)
            modality = modality_of(anchor)
            if not source or not (target or reciprocal):
                continue  # an event needs who did it and to whom (or a joint act)
            if not any(m.actor.country for m in source + target):
                continue  # private persons and unknown organisations only: not a political event
            if rule.mode == "visit" and rule.particles and not _is_foreign_place(source, target):
                continue  # 'X will be in Moscow' is a visit only if Moscow is abroad for X
            conf = 0.45 + (0.2 if source else 0) + (0.15 if target or reciprocal else 0)
            conf += 0.05 * min(rule.specificity, 2)
            mconf = [m.confidence for m in source + target]
            conf *= (sum(mconf) / len(mconf)) if mconf else 0.5
            events.append(EventSpan(rule, trig, anchor.sent, source, target, reciprocal, modality,
                                    round(min(conf, 0.99), 3), anchor.i))  # fmt: skip
        return _merge_same(_merge_nested(events))

    def participants(self, anchor: Token, rule: TriggerRule, verbal: bool, index: dict[int, MentionSpan],  # type: ignore[no-untyped-def]
                     home: Home | None = None):  # fmt: skip
        """(source, target, reciprocal) of a trigger from the parse: a verb's subject and objects, a
        noun's possessor and prepositions; the content of a statement; never one's own side as target.
        People of no state on a side with no state take the ``home`` state (the place of the sentence
        or the document's state). A passive act of authority with no doer is done by the authorities
        of the sentence's place, of the document's state for private people, else of the target's
        state (``authorities``). (The model's
        events also take a phrase acted upon as a target of the doer's state, ``patient``; the
        rules' events do not: on held-out annotated documents that lowered their precision.)"""
        if verbal:
            source, target, reciprocal = self._verb_participants(anchor, rule, index)
        else:
            source, target, reciprocal = self._noun_participants(anchor, rule, index)
        source = _dedupe(source)
        target = [m for m in _dedupe(target) if all(m is not s for s in source)]
        source = coordinated(anchor.doc, source, index, target)
        target = coordinated(anchor.doc, target, index, source)
        if not target and rule.type in _VERBAL and verbal:
            target = self._content_targets(anchor, source, index)
        own = {(m.actor.name, m.actor.country) for m in source}
        target = [m for m in target if (m.actor.name, m.actor.country) not in own]
        if home is not None and rule.type in _VIOLENCE and target and not any(m.actor.country for m in target):
            target = home.victims(anchor, target)  # 'airstrikes killed 20 civilians in Yemen': Yemen's
        source, target = domestic(source, target)
        if home is not None:
            source, target = home.settle(anchor, rule.type, source, target)
        if not source and target:
            source = authorities(anchor, rule.type, target, home)
        if len(source) >= 2 and not target and (rule.symmetric or reciprocal):
            reciprocal = True
        elif target:
            reciprocal = False
        return source, target, reciprocal

    @staticmethod
    def _implied(anchor: Token, type_: str, source: list[MentionSpan], target: list[MentionSpan],
                 index: dict[int, MentionSpan], home: Home) -> tuple[list[MentionSpan], list[MentionSpan]]:  # fmt: skip
        """The sides of a model event that its parse leaves empty: a doer phrase that names no actor
        ('Critics accused the minister'), of the home state or else the target's, else (no phrase at
        all) the target's own state; then an actor of
        another state the act governs ('rockets targeting Turkish troops'), else a target phrase
        acted upon, else the doer's own state (both of the doer's state; for violence, of where it
        happens: the place the sentence names, else the document's state)."""
        if not source:
            source = agent(anchor, index, home.state(anchor)[0] or one_state(target))
        if not source and target:
            source = own_doer(anchor, type_, target)
        if source and not target and type_ not in SYMMETRIC:
            # the unnamed victims of violence are of where it happens: the place, else the document's state
            where = home.state(anchor) if type_ in _VIOLENCE else (None, "")
            target = (other_state(anchor, source, index) or patient(anchor, source, index, where)
                      or own_state(anchor, type_, source, where))  # fmt: skip
        return source, target

    def _content_targets(
        self, verb: Token, source: list[MentionSpan], index: dict[int, MentionSpan]
    ) -> list[MentionSpan]:
        """'Beijing promised that Sino-Russian cooperation…': the actors of the complement
        clause, other than the source's own country, are what the statement is about."""
        own = {m.actor.country for m in source}
        for c in verb.children:
            if c.dep_ != "ccomp":
                continue
            for tok in c.subtree:
                m = index.get(tok.i)
                if (
                    m is not None
                    and m.actor.country
                    and m.actor.country not in own
                    and m.how not in ("pronoun", "place")
                ):
                    return [m]
        return []

    def analyse(self, doc: Doc, index: dict[int, MentionSpan] | None = None, home: Home | None = None) -> list[Unit]:
        """Each sentence with its mentions, the lexicon's triggers and the rules' events (``index``:
        the doc's token index of mentions, when the caller has built it; ``home``: where its unnamed
        people are, built here when not given)."""
        mentions = mentions_of(doc)
        if index is None:
            index = token_index(mentions)
        if home is None:
            home = Home.of(doc, mentions)
        candidates = list(self._candidates(doc))
        rule_events = self._code(candidates, index, home)
        return units(doc, mentions, [(t, r, a) for t, r, a, _ in candidates], rule_events)

    def __call__(self, doc: Doc) -> Doc:
        mentions = mentions_of(doc)
        index = token_index(mentions)
        home = Home.of(doc, mentions)
        us = self.analyse(doc, index, home)
        if self.model is None:
            events = [e for u in us for e in u.rule_events]
        else:
            events = code_learned(doc, us, self.model, EventSpan, partial(self.participants, index=index, home=home),
                                  partial(self._implied, index=index, home=home), home.settle)  # fmt: skip
        for e in events:
            e.date = event_date(doc, doc[e.anchor], sentence_dates(doc, e.sentence))
            e.place = event_place(doc, doc[e.anchor], index)
            e.frequency = event_frequency(governors(doc[e.anchor]))
        if self.model is not None and self.model.repeats is not None:
            events = fold(events, self.model.repeats, doc)
        doc._.geopol_events = events
        return doc


def whole(e: EventSpan) -> bool:
    """Whether an event names both its sides: a joint act (``reciprocal``: 'China and Russia agreed'),
    or a directed one with someone on each side, even someone of no known state. A directed event
    with a side that names no one, not even by a phrase the implied-participant rules read ('the
    minister visited', 'Y was accused'), had both sides right about one time in twenty on held-out
    annotated news (2 of 40 on the held-out fifth and round nine, none of 27 on the training
    articles of Wikinews, none of 4 in the seeds), but its type about one time in four (8 of 29 on
    the two sets): the setting ``whole_events_only`` leaves such events out of the results, for
    analyses of dyads."""
    return e.reciprocal or bool(e.source and e.target)


_QUANTITY_NOUNS = frozenset("package round set wave series raft batch slew number string host".split())


def _through_quantity(obj: Token) -> Token:
    """'a package of sanctions', 'a new round of talks': the noun after 'of' carries the event."""
    if obj.lemma_.lower() in _QUANTITY_NOUNS:
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        return pobj
    return obj


def _country_set(ms: list[MentionSpan]) -> frozenset[str | None]:
    return frozenset(m.actor.country for m in ms)


def _merge_same(events: list[EventSpan]) -> list[EventSpan]:
    """One sentence reporting one act twice ('will be in Moscow … to discuss with Putin') is one
    event: same sentence, type and participants' countries; the more confident is kept."""
    kept: dict[tuple[int, str, frozenset[str | None], frozenset[str | None], bool], EventSpan] = {}
    for e in events:
        key = (e.sentence.start, e.rule.type, _country_set(e.source), _country_set(e.target), e.modality.negated)
        old = kept.get(key)
        if old is None or e.confidence > old.confidence:
            kept[key] = e
    ids = {id(e) for e in kept.values()}
    return [e for e in events if id(e) in ids]


def _is_foreign_place(source: list[MentionSpan], target: list[MentionSpan]) -> bool:
    own = {m.actor.country for m in source}
    return any(m.how in ("metonym", "name", "alias", "place") and m.actor.kind == "state"
               and m.actor.country not in own for m in target)  # fmt: skip


def _has_subject_actor(sent: Span, index: dict[int, MentionSpan]) -> bool:
    return any(t.dep_ in ("nsubj", "nsubjpass") and np_mentions(t, index) for t in sent)


def implicit_source(tok: Token, index: dict[int, MentionSpan]) -> list[MentionSpan]:
    """The topic carried over from the previous sentence when a clause names no agent ('All
    issues were coordinated with Moscow' after a sentence about Beijing): the actors of that
    sentence's main subject, at lower confidence. Never into a headline (``geopol_headlines``): it
    opens a topic of its own (a round-up's 'ELEVEN POLICE KILLED, DOZENS WOUNDED IN TURKEY …')."""
    doc = tok.doc
    sent = tok.sent
    if sent.start == 0:
        return []
    recased = doc.user_data.get(HEADLINE_WORDS) or {}
    if any(i in recased for i in range(sent.start, sent.end)):
        return []
    prev = doc[sent.start - 1].sent
    root = prev.root
    for c in root.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            found = [m for m in np_mentions(c, index) if m.how != "demonym"]
            return [_weaker(m) for m in found]
    return []


def _weaker(m: MentionSpan) -> MentionSpan:
    why = f"the subject of the sentence before ({m.why})" if m.why else "the subject of the sentence before"
    return MentionSpan(m.start, m.end, m.start_char, m.end_char, m.actor, m.how, m.confidence * 0.7, why)


def _dedupe(ms: list[MentionSpan]) -> list[MentionSpan]:
    out: list[MentionSpan] = []
    for m in ms:
        if all((m.start, m.end, m.actor.name) != (o.start, o.end, o.actor.name) for o in out):
            out.append(m)
    return out


def _merge_nested(events: list[EventSpan]) -> list[EventSpan]:
    """'agreed to invest in Russia': one event, the outer trigger's, with the inner's target."""
    by_anchor = {e.anchor: e for e in events}
    dropped: set[int] = set()
    for e in events:
        tok = e.trigger.doc[e.anchor]
        head = tok.head
        if tok.pos_ in ("NOUN", "PROPN") and head.i in by_anchor and tok.dep_ in ("dobj", "nsubjpass", "pobj"):
            dropped.add(e.anchor)  # 'suspended its partnership with Georgia': the verb's event
            continue
        if tok.dep_ in ("xcomp",) and head.i in by_anchor and head.i != tok.i:
            outer = by_anchor[head.i]
            if not outer.target and e.target:
                outer.target = e.target
            if not outer.source and e.source:
                outer.source = e.source
            dropped.add(e.anchor)
    return [e for e in events if e.anchor not in dropped]


MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "models" / "events"


@lru_cache(maxsize=4)
def load_model(path: str = "") -> EventModel | None:
    """The event model in ``path`` ('' = the one shipped in the package; 'none' = rules only)."""
    if path.lower() == "none":
        return None
    folder = Path(path) if path else MODEL_DIR
    if not path and not (folder / "config.json").exists():
        return None  # a checkout whose model has not been built yet: the rules alone
    return EventModel.from_disk(folder)


@Language.factory(
    "geopol_events",
    assigns=["doc._.geopol_events"],
    requires=["doc._.geopol_mentions"],
    default_config={"model": ""},
)
def make_event_component(nlp: Language, name: str, model: str) -> EventComponent:
    return EventComponent(load_lexicon(), load_model(model))
