"""Who did it and to whom: participants of a trigger from the dependency parse."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from ..actors import MentionSpan

SUBJ = {"nsubj", "csubj"}
PASS_SUBJ = {"nsubjpass", "csubjpass"}
OBJ = {"dobj", "dative", "attr", "oprd"}
# Inside a noun phrase we look for actors through these relations, not into clauses.
_NP_DEPS = {"compound", "amod", "poss", "nmod", "det", "prep", "pobj", "appos", "conj", "cc", "case", "nummod", "npadvmod", "quantmod"}  # fmt: skip
# a person named by a relation to its owner ('his counterpart', 'her lawyer'): not the owner
_RELATIONAL = frozenset(
    """counterpart wife husband son daughter brother sister father mother family child
    lawyer attorney spokesman spokeswoman spokesperson aide adviser advisor friend colleague ally successor
    predecessor deputy partner supporter rival opponent relative bodyguard secretary
    critic detractor enemy adversary foe accuser challenger associate backer follower
    victim killer assassin captor jailer""".split()
)
# prepositions of where something happens ('marched through Nairobi'), not of when
_LOCATIVE = {"in", "at", "near", "during", "since", "after", "before", "inside", "within", "outside", "across"}
# nouns whose place is what they are: 'targets in Iran' are Iran's
_PLACE_NOUNS = {"target", "site", "facility", "position", "base", "city", "town", "village", "area", "region",
                "infrastructure", "installation", "territory", "border", "port", "airport", "embassy", "plant"}  # fmt: skip
RECIPROCAL_OBJECTS = {"each other", "one another"}
# named-entity types of words that say when or how much: never what was done, nor who
AMOUNTS_AND_TIMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"})


def np_mentions(tok: Token, index: dict[int, MentionSpan], depth: int = 4, places: bool = True) -> list[MentionSpan]:
    """Actor mentions that a noun phrase headed by ``tok`` names: the mention covering its head,
    else the nearest mentions below it (not inside relative or other clauses); coordinated
    phrases ('China and Russia') give one mention each."""
    found: list[MentionSpan] = []
    own = index.get(tok.i)
    if own is None and tok.dep_ == "appos":
        own = index.get(tok.head.i)  # 'Megyn Kelly, a star anchor at Fox News who…': the anchor is Kelly
    if own is not None:
        found.extend(own.expand())
    else:
        found.extend(_below(tok, index, depth, places) or _owner(tok, index) or _members(tok, index))
    for conj in (c for c in tok.children if c.dep_ == "conj"):
        found.extend(np_mentions(conj, index, depth, places))
    if not places:  # a place is a participant only where places count ('struck targets in Kyiv')
        found = [m for m in found if m.how != "place"]
    return _unique(found)


def coordinated(doc: Doc, ms: list[MentionSpan], index: dict[int, MentionSpan],
                others: Sequence[MentionSpan] = ()) -> list[MentionSpan]:  # fmt: skip
    """``ms`` with the actors coordinated with them ('the foreign ministers of Chile, Peru and
    Bolivia', 'Xi and Lula'): a mention whose last word has conjuncts takes the mentions of those
    conjuncts, when they name an actor of a state or body and are not on the other side (``others``)."""
    out = list(ms)
    seen = {(m.start, m.actor.name) for m in (*ms, *others)}
    for m in ms:
        for c in doc[m.end - 1].conjuncts:
            x = index.get(c.i)
            if x is None or x.how in ("pronoun", "implicit"):
                continue
            for y in x.expand():
                if y.actor.country and (y.start, y.actor.name) not in seen:
                    seen.add((y.start, y.actor.name))
                    out.append(y)
    return out


def _owner(tok: Token, index: dict[int, MentionSpan], depth: int = 3) -> list[MentionSpan]:
    """'rejected his attempts', 'criticised their government's response': when a phrase names no
    actor and its head is a thing, not a person, the pronoun that owns it (or its owner's owner) is
    the participant."""
    if tok.lemma_.lower() in _RELATIONAL or depth == 0:
        return []
    for c in tok.children:
        if c.dep_ != "poss":
            continue
        m = index.get(c.i)
        if m is not None:
            return m.expand()
        return _owner(c, index, depth - 1)
    return []


_INCLUDING = frozenset({"including", "like"})


def _members(tok: Token, index: dict[int, MentionSpan]) -> list[MentionSpan]:
    """'several nations …, including the Netherlands and Pakistan', 'his critics, which include
    Greenpeace': a plural phrase that names no actor is the actors it lists (an 'including' the
    parser hangs on the verb lists its plural subject, unless the verb's object is plural too)."""
    if tok.tag_ not in ("NNS", "NNPS"):
        return []
    heads = [p for c in tok.children if c.dep_ == "relcl" and c.lemma_ in ("include", "comprise")
             for p in c.children if p.dep_ == "dobj"]  # fmt: skip
    verb = tok.head
    if tok.dep_ in SUBJ and verb.i != tok.i and not any(o.tag_ in ("NNS", "NNPS") for o in objects_of(verb)):
        heads += [p for c in verb.children if c.dep_ == "prep" and c.lower_ in _INCLUDING
                  for p in c.children if p.dep_ == "pobj"]  # fmt: skip
    out: list[MentionSpan] = []
    for h in heads:
        for x in (h, *h.conjuncts):
            m = index.get(x.i)
            if m is not None and m.actor.country:
                out.extend(m.expand())
    return out


def _below(tok: Token, index: dict[int, MentionSpan], depth: int, places: bool) -> list[MentionSpan]:
    """``places``: whether a location inside the phrase ('attacks in Iraq') may be a participant,
    as it is for material conflict; 'talks in Oman' are not with Oman."""
    if depth == 0:
        return []
    # breadth first: modifiers next to the head ('Russian oil', "Russia's sectors") first
    level = [c for c in tok.children if c.dep_ in _NP_DEPS and c.dep_ not in ("conj", "cc")]
    if not places and tok.lemma_.lower() not in _PLACE_NOUNS:
        level = [c for c in level if not (c.dep_ == "prep" and c.lower_ in _LOCATIVE)]
    # an apposition names the head itself ("Ohio's governor, John Doe"): before its owner
    level.sort(key=lambda c: c.dep_ != "appos")
    for c in level:
        m = index.get(c.i)
        if m is not None and m.how == "pronoun" and c.dep_ == "poss":
            continue  # 'his counterpart', 'its ties': the possessor is not the participant
        if m is not None and m.how == "place" and not places:
            continue  # "Ohio's governor": the place owns the office, it is not the participant
        if m is not None:
            return m.expand() + [
                y for x in c.children if x.dep_ == "conj" and x.i in index for y in index[x.i].expand()
            ]
    for c in level:
        found = _below(c, index, depth - 1, places)
        if found:
            return found
    return []


def _unique(ms: list[MentionSpan]) -> list[MentionSpan]:
    seen: set[tuple[int, int, str]] = set()
    out = []
    for m in ms:
        if (m.start, m.end, m.actor.name) not in seen:
            seen.add((m.start, m.end, m.actor.name))
            out.append(m)
    return out


_RELATIVE = frozenset({"WP", "WDT"})  # 'who', 'which', 'that' opening a relative clause
# prepositions after an object that make the object the doer of the gerund they open
_OBJECT_CONTROL = frozenset({"of", "from", "for", "into"})


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The grammatical subject of a verb, climbing through control, coordination and purpose
    clauses ('continues to strengthen', 'was in possession … and sent', 'will be in Moscow to
    discuss'). Returns (subject token, is_passive_subject)."""
    if verb.tag_ == "VBG":  # a gerund's owner does it: "the United States' backing independence"
        owner = next((c for c in verb.children if c.dep_ == "poss"), None)
        if owner is None and verb.i > 0 and verb.doc[verb.i - 1].tag_ == "POS":
            owner = verb.doc[verb.i - 1].head  # the parser may hang the owner elsewhere
        if owner is not None:
            return owner, False
    clause = verb.head.head if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" else None
    # 'for attacking', 'for having shot down'
    gerund = verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "having" for c in verb.children)
    if gerund and clause is not None and clause.pos_ in ("VERB", "AUX"):
        # 'In declaring his statements un-Christian, the pope …', 'sanctioned for attacking Ukraine':
        # a gerund after a preposition of the clause is done by the clause's subject, suffered or
        # not; by its object when one stands between and the preposition ties the act to it
        # ('barred Israel from expelling', 'accused Russia of shelling', 'sanctioned Russia for
        # attacking'); never so after 'by', 'after', 'in' … ('won campaigns by denouncing the New Deal')
        if not any(c.dep_ in SUBJ or c.dep_ in PASS_SUBJ for c in verb.children):
            prep = verb.head
            obj = next((c for c in clause.children if c.dep_ in ("dobj", "dative") and clause.i < c.i < prep.i), None)
            if obj is None:  # 'lashed out at Turkey for having shot down a bomber'
                obj = next((g for c in clause.children if c.dep_ == "prep" and clause.i < c.i < prep.i
                            and c.lower_ in ("at", "on", "against") for g in c.children if g.dep_ == "pobj"), None)  # fmt: skip
            if obj is not None and prep.lower_ in _OBJECT_CONTROL:
                return obj, False
            return subject_of(clause)[0], False
    tok = verb
    for _ in range(6):
        for c in tok.children:
            if c.dep_ in SUBJ or c.dep_ in PASS_SUBJ:
                if c.tag_ in _RELATIVE and tok.dep_ == "relcl":  # 'Madoff, who was arrested': the noun
                    return tok.head, c.dep_ in PASS_SUBJ
                return c, c.dep_ in PASS_SUBJ
        if tok.dep_ in ("xcomp", "conj", "advcl", "acomp") and tok.head.i != tok.i:
            # a purpose clause ('to discuss') or a participle of its own ('he cut into Bush, accusing
            # him of…') is done by the main clause's subject; any other adverbial clause says more
            if tok.dep_ == "advcl" and _passive_participle(tok):
                # 'appeared in court, charged with murder': the main clause's subject suffers it;
                # a verb below the participle ('left, forced to resign') is done by that subject
                sub = next((c for c in tok.head.children if c.dep_ in SUBJ or c.dep_ in PASS_SUBJ), None)
                if sub is not None and sub.tag_ in _RELATIVE and tok.head.dep_ == "relcl":
                    sub = tok.head.head  # 'X, who appeared in court, charged with…': X
                return sub, sub is not None and tok.i == verb.i
            if tok.dep_ == "advcl" and not (tok.tag_ == "VBG" or any(c.tag_ == "TO" for c in tok.children)):
                return None, False
            tok = tok.head
            continue
        if tok.dep_ == "acl" and tok.head.lower_ == "order" and tok.head.head.dep_ == "prep":
            tok = tok.head.head.head  # 'in order to coordinate': the purpose of the main verb
            continue
        if tok.dep_ == "acl" and tok.tag_ == "VB":  # "Beijing's decision to side with": the possessor
            poss = [c for c in tok.head.children if c.dep_ == "poss"]
            return (poss[0], False) if poss else (None, False)
        if tok.dep_ == "relcl":  # 'the envoy who visited': the noun is the subject
            return tok.head, False
        if tok.dep_ == "acl" and tok.tag_ in ("VBG", "VBN"):
            return tok.head, tok.tag_ == "VBN"
        break
    return None, False


def _passive_participle(verb: Token) -> bool:
    """A past participle with no subject or auxiliary of its own: 'prisoners arrested during the
    campaign', 'he appeared in court, charged with murder'."""
    return verb.tag_ == "VBN" and not any(c.dep_ in SUBJ or c.dep_ in ("aux", "auxpass") for c in verb.children)


def is_passive(verb: Token) -> bool:
    """'was arrested'; also the second of two passives sharing their auxiliary ('was fined and
    sentenced'), a participle after its noun ('prisoners arrested during the campaign') and one
    of its own beside a clause ('he appeared in court, charged with murder')."""
    if any(c.dep_ in PASS_SUBJ or c.dep_ == "auxpass" for c in verb.children):
        return True
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return True
    if verb.dep_ == "advcl" and _passive_participle(verb):
        return True
    return (verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.i != verb.i
            and not any(c.dep_ in SUBJ or c.dep_ == "aux" for c in verb.children) and is_passive(verb.head))  # fmt: skip


def agent_of(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def prep_objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of the given prepositions attached to ``tok`` ('with Moscow', 'to Russia'); never of
    one put before the verb's subject, which says where or how ('On Twitter, Bush called Trump …')."""
    subjects = [c.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    out: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in preps and not any(c.i < i for i in subjects):
            out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


def clause_subjects(verb: Token) -> list[Token]:
    """'allowed China to develop', 'urged Iran to stop': the subject of the complement clause."""
    return [g for c in verb.children if c.dep_ in ("ccomp", "xcomp") for g in c.children if g.dep_ == "nsubj"]


def objects_of(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in OBJ]


def is_reciprocal_object(tok: Token) -> bool:
    doc: Doc = tok.doc
    phrase = doc[tok.left_edge.i : tok.right_edge.i + 1].text.lower()
    return phrase in RECIPROCAL_OBJECTS or tok.lower_ in ("themselves", "each")
