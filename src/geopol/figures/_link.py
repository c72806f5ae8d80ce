"""What the parse says about a number: the noun it counts, what it measures, the actors it is
about and the date expression that governs it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from ..actors import MentionSpan
from ..nlp import TextDate
from ..nlp.sents import doc_text
from ..records import Actor

# verbs whose subject is what a figure measures ('exports fell 15%', 'trade reached $240 billion')
_LEVEL_VERBS = frozenset(
    "reach total hit fall rise grow stand amount exceed increase drop decline jump surge climb be top "
    "shrink double triple contract expand soar plunge slump edge account cost remain slide dip tumble".split()
)
# nouns that name a measure of something else: 'the volume of trade' measures trade
_MEASURE_NOUNS = frozenset("volume value amount total level sum size share number figure worth".split())
# dependency labels that open a clause of its own: its actors and dates are not the figure's
_OWN_CLAUSE = frozenset(("ccomp", "advcl", "parataxis", "csubj", "csubjpass"))
# a figure inside these belongs to the clause above ('investments totaling $160 billion were announced')
_PART_OF_ABOVE = frozenset(("acl", "relcl", "xcomp", "amod", "prep", "pcomp", "pobj", "advmod", "npadvmod"))
_MODIFIER_DEPS = frozenset(("nummod", "compound", "quantmod", "amod", "nmod", "npadvmod"))
_BETWEEN_OK = frozenset(("ADJ", "ADV", "NOUN", "PUNCT", "CCONJ"))  # '500 or more troops', '500-plus'


def noun_phrase(noun: Token) -> str:
    """A noun's lemma with the common noun compounded right before it: 'arms sales' -> 'arms sale'."""
    words = [
        c.lower_
        for c in noun.lefts
        if c.dep_ == "compound" and c.pos_ == "NOUN" and c.is_alpha and c.i == noun.i - 1 and c.ent_type_ == ""
    ]
    return " ".join([*words, lemma(noun)])


def lemma(tok: Token) -> str:
    return tok.lemma_.lower().lstrip("-–")


def counted_noun(doc: Doc, core: Span) -> Token | None:
    """The noun a bare number counts: '79 major projects', 'more than 40 times', '12-point plan',
    'a 40,000-strong force'; None for a number in a name ('Boeing 737 planes')."""
    last = next((t for t in reversed(core) if not core.start <= t.head.i < core.end), core.root)
    if core.start > 0 and doc[core.start - 1].pos_ == "PROPN":
        return None
    head = last.head
    if head.lower_ == "strong" and head.i == core.end + 1 and head.head.i > head.i:
        head = head.head
    if (
        last.dep_ in _MODIFIER_DEPS | {"advmod"}
        and head.i >= core.end
        and head.pos_ == "NOUN"
        and not any(ch.isdigit() for ch in head.text)
        and head.i - core.end < 4
    ):
        if all(_between_ok(t) for t in doc[core.end : head.i]):
            return head
    nxt = doc[core.end] if core.end < len(doc) else None
    if nxt is not None and not nxt.is_sent_start and nxt.tag_ == "NNS" and nxt.head.i in (last.i, nxt.i):
        return nxt  # the parser hung the noun on the number
    after = doc[core.end + 1] if core.end + 1 < len(doc) else None
    if (nxt is not None and after is not None and nxt.tag_ in ("VBN", "VBD") and nxt.lower_.endswith("ed")
            and after.tag_ == "NNS" and not nxt.is_sent_start and not after.is_sent_start
            and any(t.pos_ in ("VERB", "AUX") for t in doc[nxt.sent.start : core.start])):  # fmt: skip
        # in an object phrase ('has amassed 1,217 pledged delegates'), not a clause's subject ('40 joined unions')
        return after  # '1,217 pledged delegates', which the parser read as a clause ('1,217 pledged')
    return _partitive(last) or _elided(last)


def _between_ok(t: Token) -> bool:
    """A word that may stand between a number and the noun it counts: an adjective, an adverb, a
    noun ('500 or more troops', '500-plus'), a participle ('1,217 pledged delegates', '22 sold
    units') or a name compounded with the noun ('62 Tesco outlets')."""
    if t.pos_ == "PUNCT":
        return t.text in "-–"
    return (
        t.pos_ in _BETWEEN_OK
        or (t.tag_ in ("VBN", "VBG") and t.dep_ == "amod")
        or (t.pos_ == "PROPN" and t.dep_ == "compound")
    )


def _partitive(num: Token) -> Token | None:
    """'Three of the victims', '12 of the 100 senators': a number with 'of' and a plural noun counts it."""
    for prep in num.children:
        if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i == num.i + 1:
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ == "NOUN" and obj.tag_ == "NNS":
                return obj
    return None


# nouns that count: a bare number their level verb reaches counts what they count ('the death toll
# rose to 45', 'the number of arrests reached 120')
_TALLY_NOUNS = frozenset("toll tally number total count".split())


def tallied(core: Span) -> bool:
    """A bare number that a tally reaches: the subject of a level verb ('rose to 45', 'reached 120',
    'stood at 45') is a noun that counts."""
    num = core.root
    verb = num.head
    if num.dep_ == "pobj" and verb.lower_ in ("to", "at"):
        verb = verb.head
    elif num.dep_ not in ("dobj", "attr", "npadvmod"):
        return False
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in _LEVEL_VERBS:
        return False
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.lemma_.lower() in _TALLY_NOUNS


# what is done to people: a bare number that suffers one counts people ('at least 100 were killed')
_DONE_TO_PEOPLE = frozenset(
    "kill wound injure hurt die arrest detain kidnap abduct execute evacuate displace rescue hospitalize "
    "hospitalise slaughter massacre behead torture jail imprison sentence deport".split()
)


_LEFT_STATES = frozenset("dead injured wounded homeless missing hurt".split())  # 'left 12 dead'


def suffered_by_people(core: Span) -> bool:
    """A bare number that suffers what is done to people: its passive subject ('100 were killed'),
    its object ('the blast killed 30'), the subject of 'died', or what a blast leaves dead ('left
    12 dead')."""
    num = core.root
    verb = num.head
    if num.dep_ == "nummod" and verb.lower_ in _LEFT_STATES:
        return True  # '12 dead', '40 injured': the state names those in it
    if verb.pos_ != "VERB":
        return False
    lem = verb.lemma_.lower()
    bare_participle = verb.tag_ == "VBN" and not any(c.dep_ == "dobj" for c in verb.children)  # '40 wounded'
    if num.dep_ in ("nsubjpass", "dobj") or (num.dep_ == "nsubj" and (lem == "die" or bare_participle)):
        return lem in _DONE_TO_PEOPLE
    if lem == "leave" and num.dep_ in ("dobj", "nsubj"):
        return any(c.lower_ in _LEFT_STATES for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp", "acomp"))
    return False


def _elided(num: Token) -> Token | None:
    """'Two people died and three were wounded', 'arrested 40 protesters, and 12 were charged': a
    bare number that is the subject of a verb joined to another whose subject or object is a counted
    noun counts that noun."""
    if num.dep_ not in ("nsubj", "nsubjpass") or not num.like_num:
        return None
    verb = num.head
    joined = [c for c in verb.children if c.dep_ == "conj"] + ([verb.head] if verb.dep_ == "conj" else [])
    for other in joined:
        for noun in (c for c in other.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")):
            if noun.pos_ == "NOUN" and noun.tag_ == "NNS" and any(c.dep_ == "nummod" for c in noun.children):
                return noun
    return None


def _measured(noun: Token) -> Token:
    """'the volume of trade' -> trade; any other noun is itself."""
    if noun.lemma_.lower() in _MEASURE_NOUNS:
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                obj = next((c for c in prep.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
                if obj is not None:
                    return obj
    return noun


def _what(noun: Token) -> str | None:
    noun = _measured(noun)
    return noun_phrase(noun) if noun.is_alpha else None


def quantity_of(root: Token) -> str | None:
    """What a sum, percentage or measure is of: '$240 billion in trade', 'a loan of $5 billion',
    'investments totaling $160 billion', 'a 3.5% rise', 'exports fell 15%'; None when unclear."""
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "of"):
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ == "NOUN":
                return _what(obj)
    if root.dep_ in _MODIFIER_DEPS and root.head.i > root.i and root.head.pos_ == "NOUN":
        return _what(root.head)
    tok = root
    for _ in range(4):
        head = tok.head
        if head.i == tok.i:
            break
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            return _what(head.head)
        if head.pos_ in ("VERB", "ADJ") and head.dep_ in ("acl", "amod", "relcl") and head.head.pos_ == "NOUN":
            return _what(head.head)
        if head.pos_ in ("VERB", "AUX"):
            if head.lemma_.lower() in _LEVEL_VERBS:
                subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and subj.pos_ == "NOUN":
                    return _what(subj)
            break
        if head.pos_ not in ("ADP", "ADV", "ADJ", "NUM", "SYM"):
            break
        tok = head
    return None


def clause_of(root: Token) -> Token:
    """The verb of the clause a figure belongs to (the sentence root when none)."""
    tok = root
    while tok.head.i != tok.i:
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in _PART_OF_ABOVE:
            return tok
        tok = tok.head
    return tok


def clause_tokens(clause: Token) -> set[int]:
    """The clause's tokens, less the clauses of their own below it; a conjoined verb without a
    subject borrows the subject of the verb it is joined to."""
    out: set[int] = set()
    todo = [clause]
    while todo:
        tok = todo.pop()
        out.add(tok.i)
        for c in tok.children:
            if c.dep_ in _OWN_CLAUSE or (c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")):
                continue
            todo.append(c)
    if clause.dep_ == "conj" and not any(c.dep_.startswith("nsubj") for c in clause.children):
        for c in clause.head.children:
            if c.dep_.startswith("nsubj"):
                out |= {t.i for t in c.subtree}
    return out


def actor_index(mentions: list[MentionSpan]) -> dict[int, list[Actor]]:
    """Token -> the actors a mention covering it names ('the two leaders': both); places left out."""
    index: dict[int, list[Actor]] = {}
    for m in mentions:
        if m.how == "place":
            continue
        for i in range(m.start, m.end):
            index.setdefault(i, []).extend(m.members or (m.actor,))
    return index


def subject_of(tokens: set[int], index: dict[int, list[Actor]]) -> tuple[Actor, ...]:
    """The actors named in the figure's clause, in text order, each once."""
    out: list[Actor] = []
    for i in sorted(tokens):
        for actor in index.get(i, ()):
            if actor not in out:
                out.append(actor)
    return tuple(out)


def _distance(a: Token, b: Token) -> int:
    up = {a.i: 0}
    steps, tok = 0, a
    while tok.head.i != tok.i:
        tok, steps = tok.head, steps + 1
        up[tok.i] = steps
    steps, tok = 0, b
    while tok.i not in up and tok.head.i != tok.i:
        tok, steps = tok.head, steps + 1
    return steps + up.get(tok.i, len(a.doc))


def period_of(doc: Doc, root: Token, tokens: set[int], dates: list[TextDate]) -> TextDate | None:
    """The date expression of the figure's clause nearest to it in the parse; 'since X' runs from
    X to the publication date."""
    best: tuple[int, int, TextDate] | None = None
    for d in dates:
        span = doc.char_span(d.start_char, d.end_char, alignment_mode="expand")
        if span is None or span.root.i not in tokens:
            continue
        key = (_distance(root, span.root), d.start_char)
        if best is None or key < best[:2]:
            best = (*key, d)
    if best is None:
        return None
    found = best[2]
    span = doc.char_span(found.start_char, found.end_char, alignment_mode="expand")
    since = doc[span.start - 1] if span is not None and span.start > 0 else None
    if since is None or since.lower_ != "since":
        return found
    published: date | None = doc._.geopol_date
    last = published if published is not None and published >= found.first else found.last
    start = since.idx
    return replace(found, start_char=start, text=doc_text(doc)[start : found.end_char], last=last)
