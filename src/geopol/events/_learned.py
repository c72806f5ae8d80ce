"""Events from the learned model: a type decision per sentence, its trigger, its participants.

For each sentence the model gives a calibrated probability per PLOVER type: the linear model's,
mixed with the fine-tuned sentence encoder's where the model has one (a cascade: the encoder reads
only sentences that name an actor, the only ones that can hold an event; a sentence that names
none gets no type). The rules' events of a type stand when the model accepts the type, and with
``keep_rules`` also below the threshold where the model gives the type at least ``rule_floor`` or
they name parties of two different states (a lexicon verb between two states is seldom another
sense of the word; within one state it often is: 'a poll released', 'a reporter asked'); beside
them the model adds at most ``per_sentence`` events of types at or above their threshold, each
with a trigger word (a lexicon trigger of the type, whose rule then gives the mode and context,
else the verb or noun whose own features weigh most for it, at least ``min_trigger``).
Participants come from the parse around that trigger (the rules' argument positions); the role
model over the sentence's actor mentions (mixed with the encoder's token role head) fills a side
the parse leaves empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span, Token

from ..actors import MentionSpan, actor_mentions, token_index
from ..nlp.sents import sentence_bounds
from ._args import coordinated
from ._features import sentence_features, sentence_vector, token_features
from ._modality import modality_of
from .encoder import Encoded
from .lexicon import TriggerRule
from .model import ROLE_LABELS, EventModel

SYMMETRIC = frozenset({"CONSULT", "COOPERATE", "AGREE"})
# A side no mention reaches 0.5 for takes the likeliest mention down to this probability: an event's
# side is nearly always one of its sentence's actors, and the alternative, a side left to the
# doer's state or to no one, was wrong more often (the held-out articles and round nine, mean of
# their eight F1s: 0.438 with this floor at 0.3 for both sides, 0.447 at 0.1; the target's alone at
# 0.1, 0.445, and at 0.0, 0.447).
ROLE_FLOOR = 0.1
# cooperation or conflict: a verb whose row names its object turns the object's reading to the other
# side ('lifted sanctions', 'ended the blockade'); one of the same side only says it otherwise
_COOPERATION = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})
# prepositions that say where an act happens: a state named there ('in Iraq', 'at Iraqi bases', 'near
# the Iraqi border') is the place, not a side; 'at' and 'on' also aim at someone ('fired at Turkish
# troops'), so with them only a modifier of a thing is a place ('at Iraqi bases')
_WHERE = frozenset("in near inside outside across around within along throughout".split())
_WHERE_OR_AIM = frozenset({"at", "on"})


def a_place(doc: Doc, m: MentionSpan) -> bool:
    """Whether mention ``m`` only says where something happens: the object of a preposition of place
    that names a place, or a state where a verb's act happens ('launched rockets in Iraq'; not a noun's
    'interference in Ukraine', which is done to it), or a modifier of such an object that is no actor
    ('at Iraqi bases': the bases are outside the mention). The coding rules never make a place a side."""
    head = doc[m.end - 1]
    noun = head
    if head.dep_ in ("amod", "compound", "poss", "nmod") and not (m.start <= head.head.i < m.end):
        noun = head.head  # the mention modifies a noun outside it
    if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return False
    prep = noun.head.lower_
    if prep in _WHERE:
        verbs = noun.head.head.pos_ in ("VERB", "AUX")
        return noun is not head or m.how == "place" or (m.actor.kind == "state" and verbs)
    return prep in _WHERE_OR_AIM and noun is not head


_SPEECH = frozenset("say tell add state claim announce write note insist argue explain warn".split())


@dataclass
class Unit:
    """A sentence's tokens, its mentions and what the rules found in it."""

    start: int
    end: int
    mentions: list[MentionSpan]
    candidates: list[tuple[Span, TriggerRule, Token]]
    rule_events: list  # EventSpan, typed loosely to keep the import one-way

    def features(self, doc: Doc) -> list[str]:
        return sentence_features(doc, self.start, self.end, self.mentions,
                                 [r.type for _, r, _ in self.candidates],
                                 [e.rule.type for e in self.rule_events])  # fmt: skip


def units(doc: Doc, mentions: Sequence[MentionSpan], candidates, rule_events) -> list[Unit]:  # type: ignore[no-untyped-def]
    out: list[Unit] = []
    for start, end in sentence_bounds(doc):
        out.append(Unit(start, end,
                        [m for m in mentions if start <= m.start < end],
                        [c for c in candidates if start <= c[2].i < end],
                        [e for e in rule_events if start <= e.anchor < end]))  # fmt: skip
    return out


# auxiliaries and modals help a verb: they are never the word that does the act
_HELPERS = frozenset({"aux", "auxpass"})


def anchor_for(doc: Doc, unit: Unit, model: EventModel, label: int, strict: bool = False) -> Token | None:
    """The trigger of type ``label`` in the sentence: a lexicon trigger of that type, else the verb or
    noun whose own features weigh most for it. ``strict``: None when no verb or noun weighs at least
    ``model.min_trigger`` (a sentence about a topic, with no word that does it); else the root."""
    t = model.types.labels[label]
    for _, rule, tok in unit.candidates:
        if rule.type == t:
            return tok
    best, best_score = None, 0.0
    named = {i for m in unit.mentions if m.how != "sector" for i in range(m.start, m.end)}
    for tok in doc[unit.start : unit.end]:
        if tok.i in named or tok.dep_ == "compound" and tok.head.i in named:
            continue  # 'President Obama': a word of a named actor is who, not what ('protesters' may be both)
        if tok.pos_ not in (("VERB", "NOUN") if strict else ("VERB", "NOUN", "AUX", "PROPN", "ADJ")):
            continue
        if tok.dep_ in _HELPERS:
            continue  # 'will', 'would', 'has': an auxiliary does nothing itself; the verb it helps may
        s = sum(model.types.weight(f, label) for f in token_features(tok))
        if s > best_score:
            best, best_score = tok, s
    if strict:
        return best if best is not None and best_score >= model.min_trigger else None
    return best if best is not None else doc[unit.start : unit.end].root


def _path(m: MentionSpan, anchor: Token, doc: Doc) -> str:
    """How the mention's head hangs from the trigger: 'nsubj', 'prep_against', 'dobj', 'up', 'far'."""
    head = doc[m.end - 1]
    tok = head
    steps: list[str] = []
    for _ in range(4):
        if tok.i == anchor.i:
            return "_".join(reversed(steps)) or "self"
        if tok.dep_ == "pobj":
            steps.append(f"{tok.head.dep_}:{tok.head.lower_}")
            tok = tok.head.head
            continue
        steps.append(tok.dep_)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    if head.i in {a.i for a in anchor.ancestors}:
        return "up"
    return "far"


def role_features(doc: Doc, m: MentionSpan, anchor: Token, type_: str, rule_roles: dict[int, str],
                  first: bool) -> list[str]:  # fmt: skip
    head = doc[m.end - 1]
    path = _path(m, anchor, doc)
    where = "before" if m.end <= anchor.i else ("in" if m.start <= anchor.i < m.end else "after")
    feats = ["bias", f"t={type_}", f"p={path}", f"tp={type_}|{path}", f"where={where}", f"tw={type_}|{where}",
             f"how={m.how}", f"kind={m.actor.kind}", f"md={head.dep_}", f"mdw={head.dep_}|{where}",
             f"country={'yes' if m.actor.country else 'no'}"]  # fmt: skip
    if m.actor.sector:
        feats.append(f"sector={m.actor.sector}")
        feats.append(f"ts={type_}|{m.actor.sector}")
    if first:
        feats.append("first")
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in _SPEECH:
        feats.append("speaker")
        feats.append(f"speaker_same={head.head.i == anchor.i}")
    rr = rule_roles.get(m.start)
    if rr is not None:
        feats.append(f"rule={rr}")
        feats.append(f"trule={type_}|{rr}")
    return feats


def rule_roles_of(unit: Unit) -> dict[int, str]:
    roles: dict[int, str] = {}
    for e in unit.rule_events:
        for m in e.source:
            roles.setdefault(m.start, "source")
        for m in e.target:
            roles.setdefault(m.start, "target")
    return roles


def assign_roles(doc: Doc, unit: Unit, model: EventModel, anchor: Token, type_: str,  # type: ignore[no-untyped-def]
                 encoded: Encoded | None = None):  # fmt: skip
    """(source, target, reciprocal, role confidence) from the role model (mixed with the encoder's
    token role head where the model has one)."""
    cands = [m for m in actor_mentions(unit.mentions) if not a_place(doc, m)]
    if not cands:
        return [], [], False, 0.0
    rr = rule_roles_of(unit)
    first_start = min(m.start for m in cands)
    feats = [role_features(doc, m, anchor, type_, rr, m.start == first_start) for m in cands]
    probs = model.role_probabilities(feats)
    if encoded is not None and model.role_mix:
        base = doc[unit.start].idx
        for i, m in enumerate(cands):
            q = encoded.role_scores(doc[m.start].idx - base, doc[m.end - 1].idx + len(doc[m.end - 1]) - base)
            if q is not None:
                probs[i] = (1 - model.role_mix) * probs[i] + model.role_mix * q
    src_i, tgt_i = ROLE_LABELS.index("source"), ROLE_LABELS.index("target")
    source = [m for m, p in zip(cands, probs, strict=True) if p[src_i] >= 0.5]
    target = [m for m, p in zip(cands, probs, strict=True) if p[tgt_i] >= 0.5 and m not in source]
    if not source:  # the likeliest source, unless no mention is a plausible one
        k = int(np.argmax(probs[:, src_i]))
        if probs[k, src_i] >= ROLE_FLOOR:
            source = [cands[k]]
    target = [m for m in target if all(m is not s for s in source)]
    if not target and not joint(type_, source):
        k = int(np.argmax(probs[:, tgt_i]))
        if probs[k, tgt_i] >= ROLE_FLOOR and all(cands[k] is not s for s in source):
            target = [cands[k]]
    chosen = [float(p[src_i]) for m, p in zip(cands, probs, strict=True) if m in source]
    chosen += [float(p[tgt_i]) for m, p in zip(cands, probs, strict=True) if m in target]
    conf = sum(chosen) / len(chosen) if chosen else 0.0
    reciprocal = type_ in SYMMETRIC and not target and len({m.actor.name for m in source}) >= 2
    return source, target, reciprocal, conf


def joint(type_: str, source: Sequence[MentionSpan]) -> bool:
    """A joint act told by its doers alone ('China and Russia agreed', 'Putin and Xi met'): a type
    done together and two actors or more on its side, so no one is sought for the other. One doer
    of such a type ('Putin met Xi', 'the minister agreed to the plan Brussels offered') is asked
    for its counterpart as any directed act is (the held-out articles and round nine: events F1
    0.406 → 0.406 and 0.488 → 0.489 with borderline events optional, 0.404 → 0.406 and 0.441 →
    0.444 with them required; type-only unchanged)."""
    return type_ in SYMMETRIC and len({m.actor.name for m in source}) >= 2


def model_rule(type_: str, anchor: Token) -> TriggerRule:
    return TriggerRule(anchor.lemma_.lower(), anchor.pos_, frozenset(), (), type_, None, (), frozenset(),
                       type_ in SYMMETRIC, 0)  # fmt: skip


def probabilities(doc: Doc, us: list[Unit], model: EventModel) -> tuple[np.ndarray, list[Encoded | None]]:
    """Each sentence's type probabilities, and what the encoder read in it (None without one)."""
    if not us:
        return np.zeros((0, len(model.types.labels)), np.float32), []
    feats = [u.features(doc) for u in us]
    dense = np.stack([sentence_vector(doc, u.start, u.end) for u in us]) if model.types.D.shape[0] else None
    p = model.probabilities(feats, dense)
    if model.encoder is None:
        return p, [None] * len(us)
    # the cascade: the encoder reads only sentences that can hold an event, those that name an actor
    # (a state, a body, a person, a group, a pronoun: an unnamed one's state may still be found); a
    # sentence that names none holds no event ('There is nothing to protest'), and the linear
    # model's reading of its words alone is not taken (the held-out annotated articles and round
    # nine, mean of their eight F1s: 0.450 reading only sentences with an actor of a known state,
    # 0.4535 so)
    named = [bool(actor_mentions(u.mentions)) for u in us]
    p = p.copy()
    p[[i for i, n in enumerate(named) if not n]] = 0.0
    # the forecaster (where the model has one) spares the encoder the sentences it expects the encoder
    # to find no type in; a sentence the rules coded an event in is always read
    worth = model.worth_reading(feats)
    todo = [i for i, u in enumerate(us) if named[i] and (worth[i] or u.rule_events)]
    spared = [i for i, u in enumerate(us) if named[i] and not (worth[i] or u.rule_events)]
    if spared:
        p[spared] = model.unread(p[spared])
    out: list[Encoded | None] = [None] * len(us)
    if todo:
        encoded = model.encoder.run([doc[us[i].start : us[i].end].text for i in todo])
        p[todo] = model.mixed(p[todo], np.stack([e.types for e in encoded]))
        for i, e in zip(todo, encoded, strict=True):
            out[i] = e
    return p, out


def claimed_words(unit: Unit) -> dict[int, tuple[TriggerRule, Token, str]]:
    """The words a lexicon row that names its verb's object reads as one happening: the verb and the
    object it names, each with that row, its verb and the type the object noun has as a trigger of
    its own. 'lifted sanctions' is a concession carried out (RETREAT), its 'sanctions' no sanction
    (SANCTION) of its own; 'ended the blockade' alike."""
    out: dict[int, tuple[TriggerRule, Token, str]] = {}
    own = {tok.i: rule.type for _, rule, tok in unit.candidates if tok.pos_ in ("NOUN", "PROPN")}
    for _, rule, tok in unit.candidates:
        if not rule.objects or tok.pos_ not in ("VERB", "AUX"):
            continue
        objs = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
        objs += [g for c in objs for g in c.children if g.dep_ == "conj"]
        for c in objs:
            if c.lemma_.lower() in rule.objects and c.i in own:
                out.setdefault(tok.i, (rule, tok, own[c.i]))
                out.setdefault(c.i, (rule, tok, own[c.i]))
    return out


def between_states(e) -> bool:  # type: ignore[no-untyped-def]
    """Whether a rules' event (an ``EventSpan``) names parties of two different states or bodies."""
    src = {m.actor.country for m in e.source if m.actor.country}
    tgt = {m.actor.country for m in e.target if m.actor.country}
    if e.reciprocal:
        return len(src | tgt) >= 2
    return bool(src and tgt and src != tgt)


def code_learned(doc: Doc, us: list[Unit], model: EventModel, make_event, parse_roles, implied=None, settle=None):  # type: ignore[no-untyped-def]
    """Events of every sentence whose type probability reaches the type's threshold.

    The rules' events of a type the model accepts stand (with ``keep_rules``, so do those the model
    gives at least ``rule_floor`` and those between two states, except one kept below the threshold
    on a word that already carries a likelier type); the model adds at
    most ``model.per_sentence`` events of other types a sentence, likeliest first, each with a
    trigger word of its own (``anchor_for``, strict; a word states one happening) and a participant
    of a known state or body.
    ``parse_roles(anchor, rule, verbal)`` gives the participants the parse finds for a trigger (the
    rules' argument positions); the role model decides only where the parse finds none,
    ``settle(anchor, type, source, target)`` places people of no state, and ``implied(anchor, type,
    source, target)`` gives the sides neither finds (a doer phrase of no actor, a target of the
    doer's state)."""
    events: list = []  # EventSpan, typed loosely to keep the import one-way
    probs, encoded = probabilities(doc, us, model)
    for u, p, enc in zip(us, probs, encoded, strict=True):
        added = 0
        used: set[int] = set()  # trigger words that carry a model event of this sentence
        index = token_index(list(u.mentions))  # for the actors coordinated with a side's mention
        claimed = claimed_words(u)
        taken: set[int] = set()  # id() of the rules' events already added
        for label in np.argsort(-p, kind="stable"):
            t = model.types.labels[label]
            same = [e for e in u.rule_events if e.rule.type == t]
            above = p[label] >= model.thresholds.get(t, 0.5)
            if same and (above or model.keep_rules):  # the rules coded this type here
                for e in same:
                    if id(e) in taken:
                        continue  # taken already, for the model's reading of a word it claims
                    if not above and (e.anchor in used or (p[label] < model.rule_floor and not between_states(e))):
                        continue  # below the threshold: on a word the model gave a likelier type, or below the floor
                    e.confidence = round(float(p[label]), 3)
                    events.append(e)
                    taken.add(id(e))
                    used.add(e.anchor)
                continue
            if not above or added >= model.per_sentence:
                continue
            anchor = anchor_for(doc, u, model, int(label), strict=p[label] < model.sure)
            rule = None
            claim = claimed.get(anchor.i) if anchor is not None else None
            if claim is not None and claim[2] == t and (claim[0].type in _COOPERATION) != (t in _COOPERATION):
                # 'lifted sanctions': the model read the object's own happening, a sanction; the
                # lexicon's row for the verb and its object says what was done with it
                rule, anchor = claim[0], claim[1]
                t = rule.type
                ruled = next((e for e in u.rule_events if e.rule.type == t and e.anchor == anchor.i), None)
                if ruled is not None:  # the rules coded it: their event, at the model's confidence
                    if id(ruled) not in taken:
                        ruled.confidence = round(float(p[label]), 3)
                        events.append(ruled)
                        taken.add(id(ruled))
                        used.add(ruled.anchor)
                    continue
            if anchor is None or anchor.i in used:
                continue  # no word does it, or the word already carries an event: one happening, one type
            # a trigger of the lexicon gives its rule (mode, context, target prepositions); else a bare one
            rule = rule or next((r for _, r, tok in u.candidates if tok.i == anchor.i and r.type == t), None)
            rule = rule or model_rule(t, anchor)
            source, target, reciprocal = parse_roles(anchor, rule, anchor.pos_ in ("VERB", "AUX"))
            if not source and not (target or reciprocal):
                source, target, reciprocal, _ = assign_roles(doc, u, model, anchor, t, enc)
            elif not source:
                source = assign_roles(doc, u, model, anchor, t, enc)[0]
                source = [m for m in source if all(m is not x for x in target)]
            elif not target and not reciprocal and not joint(t, source):  # the parse found who, not whom
                target = [m for m in assign_roles(doc, u, model, anchor, t, enc)[1] if all(m is not x for x in source)]
            source = coordinated(doc, source, index, target)  # the role model picks one of 'X, Y and Z'
            target = coordinated(doc, target, index, source)
            if t in SYMMETRIC and not target and len({m.actor.name for m in source}) >= 2:
                reciprocal = True
            own = {(m.actor.name, m.actor.country) for m in source}
            target = [m for m in target if (m.actor.name, m.actor.country) not in own]
            if settle is not None:
                source, target = settle(anchor, t, source, target)
            if implied is not None and not reciprocal:  # the phrase that did or suffered it, unnamed
                source, target = implied(anchor, t, source, target)
            if not any(m.actor.country for m in source + target):
                continue  # no actor of a known state or body takes part: not a political event
            events.append(make_event(rule, doc[anchor.i : anchor.i + 1], doc[u.start : u.end], source, target,
                                     reciprocal, modality_of(anchor), round(float(p[label]), 3), anchor.i))  # fmt: skip
            added += 1
            used.add(anchor.i)
    return events
