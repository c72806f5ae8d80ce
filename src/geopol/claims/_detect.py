"""Claim constructions read off the dependency parse.

- a verb cue with a clause: 'X said (that) Y', 'Y, X said', 'As X explains, Y', 'X told Z that Y'
- a promise, threat or denial with an infinitive/gerund: 'X pledged to send Y', 'X denied attacking Y'
- an assessment: 'X called the attack brutal', 'X described Y as Z'
- a denial or confirmation of a report-like object: 'X denied the reports', 'refused the seriousness of…'
- a noun cue with a that-clause: "X's claim that Y", 'reports that Y'
- 'according to X, Y' (X may be 'reports in Western media': the claimant is the media); when it
  opens a paragraph its content runs to the end of that paragraph.

A cue under 'if'/'whether' or a modal ('would say') is not a claim that was made; a negated cue
('did not say') is a claim with ``negated``; a denial is a negated claim.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..actors import MentionSpan
from ..nlp.cues import has_hedge, modality_cues
from ..records import Actor
from ._cues import ClaimCues

_EDGE_PUNCT = {'"', "'", "“", "”", "‘", "’", ",", ".", ":", ";", "-", "—", "–", "(", ")", "«", "»"}
_SUBJ = ("nsubj", "nsubjpass")
_QUOTE_MARKS = {'"', "'", "“", "”", "‘", "’", "''", "``"}
# a speech verb's gerund after these says what the main verb's subject said ('began by saying',
# 'after saying'); not 'for' ('criticized Oz for saying': Oz, the object, said it)
_MEANS = frozenset({"by", "after", "before", "while", "when"})
_DETS = {"the", "a", "an"}
_AUTHOR_VOICE = {"this", "that", "which", "what", "there"}
_COMPLEMENT = ("oprd", "xcomp", "acomp")


@dataclass
class ClaimSpan:
    """A claim in token coordinates: ``cue`` and ``content`` are spans of the Doc."""

    kind: str
    cue: Span
    content: Span
    claimant: MentionSpan | None
    negated: bool = False
    certainty: str = "reported"  # reported | hedged | unverified
    denial: bool = False  # a denial that was made: events in its content are 'denied'
    parts: list[Span] | None = None  # a content in pieces ('"A," he said. "B."'): the pieces


def trim(doc: Doc, start: int, end: int) -> Span | None:
    """doc[start:end] without edge punctuation, spaces and a leading 'that'."""
    while start < end and (doc[start].text in _EDGE_PUNCT or doc[start].is_space or doc[start].lower_ == "that"):
        start += 1
    while end > start and (doc[end - 1].text in _EDGE_PUNCT or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end - start >= 2 else None


def _subtree(tok: Token) -> Span | None:
    """The clause of ``tok``, with all it governs: a trailing relative clause (', which she was doing
    when…') belongs to what was said (PolNeAR's annotated articles, our own split: 5 more of 2,192
    contents found, none lost)."""
    return trim(tok.doc, tok.left_edge.i, tok.right_edge.i + 1)


def _without(outer: Token, inner: Token) -> Span | None:
    """The longest run of ``outer``'s subtree outside ``inner``'s subtree."""
    doc = outer.doc
    left = (outer.left_edge.i, inner.left_edge.i)
    right = (inner.right_edge.i + 1, outer.right_edge.i + 1)
    a, b = max(left, right, key=lambda r: r[1] - r[0])
    return trim(doc, a, b)


def _parenthetical(cue: Token) -> list[Span] | None:
    """'Acts of protest, Mr. Obama said, are acts of patriotism': a speech clause set off by commas
    inside the clause it reports (the parse makes it a side clause of that clause's verb); the
    content is that clause around it, in two parts; so with the clause's verb before the speech
    clause ('Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt')."""
    doc = cue.doc
    head = cue.head
    if cue.dep_ not in ("parataxis", "ccomp") or head.i == cue.i or head.pos_ not in ("VERB", "AUX"):
        return None
    left, right = cue.left_edge.i, cue.right_edge.i  # the commas, inside the clause's subtree or just outside
    left -= doc[left].text != ","
    right += doc[right].text != ","
    if not (0 < left and right < len(doc) and doc[left].text == "," and doc[right].text == ","):
        return None
    if not any(c.dep_ in _SUBJ for c in cue.children) or head.left_edge.i >= left or head.right_edge.i <= right:
        return None
    first, second = trim(doc, head.left_edge.i, left), trim(doc, right + 1, head.right_edge.i + 1)
    return [first, second] if first is not None and second is not None else None


def _paragraph_end(doc: Doc, tok: Token) -> int:
    """Token index just past the last token of ``tok``'s paragraph (up to the next line break)."""
    i = tok.i
    while i + 1 < len(doc) and "\n" not in doc[i].whitespace_ and not doc[i + 1].is_space:
        i += 1
    return i + 1


def _opens_paragraph(sent: Span) -> bool:
    doc = sent.doc
    return sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws or doc[sent.start - 1].is_space


class ClaimFinder:
    def __init__(self, cues: ClaimCues, index: dict[int, MentionSpan], beliefs: bool = False) -> None:
        self.cues = cues
        self.index = index
        self.beliefs = beliefs
        self.modal = modality_cues()

    # --- claimants ---------------------------------------------------------------------------
    def mention_in(self, tok: Token) -> MentionSpan | None:
        """The mention covering ``tok``, else the first in its phrase (appositions included)."""
        if tok.i in self.index:
            return self.index[tok.i]
        # a person in apposition is the one who speaks, not the state that owns the noun ("Britain's
        # transport secretary, Grant Shapps, announced"), when the noun itself names no one
        for c in tok.children:
            named = self.index.get(c.i) if c.dep_ == "appos" else None
            if named is not None and named.actor.kind == "person":
                return named
        # not in a clause about the phrase: 'Schiff, who has served on the Intelligence Committee'
        aside = {t.i for c in tok.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
        for t in tok.subtree:
            if t.i in aside:
                continue
            m = self.index.get(t.i)
            if m is not None and m.how != "place":
                return m
        return None

    def claimant(self, tok: Token | None) -> MentionSpan | None:
        """A resolved mention where the knowledge base knows the phrase, else an unresolved one."""
        if tok is None:
            return None
        m = self.mention_in(tok)
        if m is not None:
            return m
        doc = tok.doc
        start = tok.left_edge.i
        end = tok.i + 1
        for c in tok.rights:  # 'reports in major Western media': the phrase up to the head
            if c.dep_ in ("compound", "amod", "flat"):
                end = c.right_edge.i + 1
        while start < end and doc[start].lower_ in _DETS | _EDGE_PUNCT:
            start += 1
        span = doc[start:end]
        if not span.text:
            return None
        kind = "person" if tok.ent_type_ == "PERSON" or tok.lower_ in ("he", "she") else "group"
        actor = Actor(span.text, None, None, kind)  # type: ignore[arg-type]
        return MentionSpan(start, end, span.start_char, span.end_char, actor, "unresolved", 0.3,
                           "claimant not in the knowledge base")  # fmt: skip

    @staticmethod
    def subject(verb: Token) -> Token | None:
        tok = verb
        for _ in range(4):
            subj = next((c for c in tok.children if c.dep_ in _SUBJ), None)
            if subj is not None:
                return subj
            if tok.dep_ == "pcomp" and tok.head.lower_ in _MEANS and tok.head.head.pos_ in ("VERB", "AUX"):
                tok = tok.head.head  # 'responded by saying…', 'after saying…': the one who responded
                continue
            if tok.dep_ not in ("xcomp", "conj", "advcl") or tok.head.i == tok.i:
                return None
            tok = tok.head
        return None

    # --- constructions -----------------------------------------------------------------------
    def not_made(self, cue: Token) -> bool:
        """'whether or not he told Xi that…', 'if she said…', 'he would say…': no claim was made."""
        for c in cue.children:
            if c.dep_ == "mark" and c.lower_ in self.modal["condition"] | self.modal["doubt"]:
                return True
            if c.dep_ == "aux" and c.lower_ in self.modal["hypothetical_aux"]:
                return True
        return False

    def _aside(self, clause: Token) -> bool:
        """A short speech clause set off by commas ('Russia, Putin said, will respond'): no content
        of the verb it interrupts."""
        doc = clause.doc
        a, b = clause.left_edge.i, clause.right_edge.i  # the commas may hang on the clause
        a -= doc[a].text != ","
        b += doc[b].text != ","
        return (
            self.speech_kind(clause) is not None
            and b - a < 8
            and 0 <= a
            and b < len(doc)
            and doc[a].text == doc[b].text == ","
        )

    def verb_content(self, cue: Token, kind: str) -> Span | None:
        children = list(cue.children)
        clauses = [c for c in children if c.dep_ == "ccomp" or (c.dep_ == "parataxis" and c.pos_ in ("VERB", "AUX"))]
        after = [c for c in clauses if c.i > cue.i]
        before = [c for c in clauses if c.i < cue.i and not any(t.text in (";", ":") for t in cue.doc[c.i : cue.i])
                  and not self._aside(c)]  # fmt: skip
        if after:  # 'X said that Y' before '"Y," X said'; every clause the parse hangs on the verb
            # after it ('said the name had to be easy to say and, to prevent stigma, it must not…')
            start = after[0].left_edge.i
            obj = next((c for c in children if c.dep_ == "dobj" and cue.i < c.i < after[0].i), None)
            if kind == "announcement" and obj is not None:  # 'announced the recorder has been
                start = obj.left_edge.i  # recovered': the clause's subject read as the verb's object
            return trim(cue.doc, start, max(c.right_edge.i for c in after) + 1)
        if before:  # the nearest: '…: "Y," she said'; not a clause across a semicolon or a colon
            # ('Putin said: "We will respond"' is no claim of 'respond')
            return _subtree(before[-1])
        if cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in children):
            return _without(cue.head, cue)  # 'As X explains, Y'
        if cue.dep_ in ("parataxis", "ccomp") and cue.i > cue.head.i and cue.head.pos_ in ("VERB", "AUX"):
            prev = cue.doc[cue.left_edge.i - 1] if cue.left_edge.i > 0 else None
            opening = (
                prev is not None and prev.text in _QUOTE_MARKS and (prev.i == 0 or prev.nbor(-1).text in (":", "."))
            )
            if prev is not None and prev.text in _EDGE_PUNCT and not opening and any(c.dep_ in _SUBJ for c in children):
                return _without(cue.head, cue)  # 'Y, X said.'  (not 'what we call Y', not 'X said: "We will respond"')
        if kind in ("speech", "announcement"):
            obj = next((c for c in children if c.dep_ == "dobj" and c.i > cue.i), None)
            if (
                obj is not None
                and cue.lemma_.lower() == "say"
                and any(
                    g.dep_ == "acl" and g.tag_ in ("VBD", "VBN", "VBZ", "VBP") and g.i > obj.i for g in obj.children
                )
            ):
                return _subtree(obj)  # 'CalFire said several acres of land burned': a clause read as an object
            # 'He said legalizing it could put…': the parse took the subject of the said clause for the
            # verb's complement; the clause is still what was said
            for c in children:
                if (
                    c.dep_ == "xcomp"
                    and c.i == cue.i + 1
                    and c.tag_ == "VBG"
                    and any(g.dep_ == "ccomp" and any(h.dep_ == "nsubj" for h in g.children) for g in c.children)
                ):
                    return _subtree(c)
        if kind in ("promise", "threat"):
            for c in children:
                if c.dep_ == "xcomp" or (c.dep_ == "dobj" and kind == "promise"):  # 'promised a veto'
                    return _subtree(c)
        if kind == "demand":
            obj = next((c for c in children if c.dep_ == "dobj"), None)
            to = next((c for c in children if c.dep_ in ("xcomp", "ccomp") and c.i > cue.i), None)
            if obj is not None and to is not None and obj.i < to.i:  # 'urged Iran to return to talks'
                return trim(cue.doc, obj.left_edge.i, to.right_edge.i + 1)
            for c in children:  # 'called for a moratorium', 'called for reducing the tax'
                if c.dep_ == "prep" and c.lower_ == "for":
                    obj = next((g for g in c.children if g.dep_ in ("pcomp", "pobj")), None)
                    return _subtree(obj) if obj is not None else None
            return _subtree(obj) if obj is not None else None  # 'demanded the release of the crew'
        if kind == "accusation":  # 'accused X of hiding Y': what X is accused of
            for c in children:
                if c.dep_ == "prep" and c.lower_ in ("of", "for", "with"):
                    obj = next((g for g in c.children if g.dep_ in ("pcomp", "pobj")), None)
                    return _subtree(obj) if obj is not None else None
        if kind == "denial":
            for c in children:  # 'denied attacking', not 'refused to condemn'
                if c.dep_ in ("xcomp", "dobj") and c.tag_ == "VBG":
                    return _subtree(c)
        if kind in ("denial", "confirm"):
            for c in children:
                if c.dep_ == "dobj" and c.lemma_.lower() in self.cues.propositions:
                    return _subtree(c)
        if kind == "announcement":  # 'NEOC announced the decision', 'the team reported 5,667 cases'
            obj = next(
                (c for c in children if c.dep_ == "dobj" and c.i > cue.i and c.pos_ in ("NOUN", "PROPN", "NUM")), None
            )
            subj = self.subject(cue)
            if obj is not None and subj is not None:  # someone says it,
                # with what follows it ('reported a 95% rate on December 24, and the last death …'), not a
                # second act ('announced a merger and fired its chief')
                end = obj.right_edge.i
                for c in children:
                    if (
                        c.i > end
                        and c.left_edge.i <= end + 3
                        and (
                            c.dep_ in ("prep", "npadvmod") or (c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN", "NUM"))
                        )
                    ):
                        end = c.right_edge.i
                return trim(cue.doc, obj.left_edge.i, end + 1)
        if kind == "assessment":
            obj = next((c for c in children if c.dep_ == "dobj"), None)
            pred = next((c for c in children if c.dep_ in _COMPLEMENT or (c.dep_ == "prep" and c.lower_ == "as")), None)
            if obj is not None and pred is not None and cue.i < obj.i < pred.i:
                return trim(cue.doc, obj.left_edge.i, pred.right_edge.i + 1)
        return None

    def speech_kind(self, tok: Token) -> str | None:
        """The kind of claim a verb makes (``cues.tsv``: speech, denial, promise …); None for any other
        word, and for a verb of belief unless beliefs are recorded."""
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        lemma = tok.lemma_.lower()
        kind = next((k for c in tok.children if c.dep_ in ("prep", "prt")
                     and (k := self.cues.verbs.get(f"{lemma} {c.lower_}")) is not None), None)  # fmt: skip
        kind = kind or self.cues.verbs.get(lemma)
        if kind == "reading":  # 'the statement read: "…"', not 'she read the book'
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            kind = "speech" if subj is not None and subj.lemma_.lower() in self.cues.documents else None
        if kind is None or (kind == "belief" and not self.beliefs):
            return None
        return kind

    def from_verb(self, cue: Token) -> ClaimSpan | None:
        kind = self.speech_kind(cue)
        if kind is None:
            return None
        if self.not_made(cue):
            return None
        parts = _parenthetical(cue)
        content = cue.doc[parts[0].start : parts[1].end] if parts else self.verb_content(cue, kind)
        passive = any(c.dep_ == "auxpass" for c in cue.children)
        if content is None and passive and kind in ("speech", "announcement"):  # 'X was said to be furious'
            content = next((_subtree(c) for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i
                            and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)), None)  # fmt: skip
        if not parts and content is not None and content.start <= cue.i < content.end:
            content = trim(cue.doc, cue.i + 1, content.end)  # 'attacks that officials say earned…'
        if content is None:
            return None
        negated = any(c.dep_ == "neg" for c in cue.children)
        if passive:  # 'it was announced by X'; 'X was told that…', 'X is said to…': X did not say it
            subj = next((g for c in cue.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        else:
            subj = self.subject(cue)
        if subj is None and not passive:  # 'it is worth noting that…': the author's own voice
            return None
        if subj is not None and subj.tag_ in ("WDT", "WP") and cue.dep_ == "relcl":
            subj = cue.head  # 'a statement that said…', 'Lynch, who said…'
        elif subj is not None and subj.lower_ in _AUTHOR_VOICE:  # 'this shows that…'
            return None
        claim = ClaimSpan(kind, cue.doc[cue.i : cue.i + 1], content, self.claimant(subj), parts=parts)
        claim.negated = negated != (kind == "denial")
        claim.denial = kind == "denial" and not negated
        return claim

    def from_noun(self, cue: Token) -> ClaimSpan | None:
        kind = self.cues.nouns.get(cue.lemma_.lower())
        if kind is None or cue.pos_ != "NOUN" or (kind == "belief" and not self.beliefs):
            return None
        clause = next(
            (c for c in cue.children
             if c.dep_ in ("acl", "ccomp", "appos") and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)),
            None,
        )  # fmt: skip
        if clause is None:
            return None
        content = _subtree(clause)
        if content is None:
            return None
        source = next((c for c in cue.children if c.dep_ == "poss"), None)
        if source is None:
            source = next(
                (g for c in cue.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of")
                 for g in c.children if g.dep_ == "pobj"),
                None,
            )  # fmt: skip
        claim = ClaimSpan(kind, cue.doc[cue.i : cue.i + 1], content, self.claimant(source))
        claim.negated = claim.denial = kind == "denial"
        return claim

    def from_adverb(self, tok: Token) -> ClaimSpan | None:
        """'Bloomberg is reportedly considering a run': the author passes on what someone unnamed
        says; the content is the clause the adverb qualifies, with no claimant. Not when that
        clause's verb is a cue of its own ('X reportedly said that Y' is X's claim)."""
        if self.cues.adverbs.get(tok.lower_) != "hearsay" or tok.dep_ != "advmod":
            return None
        head = tok.head
        if head.i == tok.i or head.pos_ not in ("VERB", "AUX") or self.speech_kind(head) is not None:
            return None
        if any(c.dep_ == "mark" and c.lower_ in self.modal["condition"] | self.modal["doubt"] for c in head.children):
            return None  # 'if he reportedly…'; a modal is part of what is reported ('reportedly, the plants would…')
        doc = tok.doc
        start = tok.i + 1 if head.left_edge.i == tok.i else head.left_edge.i  # 'Reportedly, X met Y'
        while start < tok.i and doc[start].tag_ in ("WDT", "WP", "WP$"):
            start += 1  # 'the suspect, who allegedly shot two officers': what is alleged of the suspect
        content = trim(doc, start, head.right_edge.i + 1)
        if content is None or len(content) < 3:
            return None
        return ClaimSpan("hearsay", doc[tok.i : tok.i + 1], content, None, certainty="hedged")

    def from_according(self, tok: Token) -> ClaimSpan | None:
        doc = tok.doc
        if tok.lower_ != "according" or tok.i + 1 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            return None
        pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        cue_end = tok.i + 2
        source = pobj
        if pobj.lemma_.lower() in self.modal["report_noun"] | {"source", "statement"}:
            inner = next(
                (g for c in pobj.children if c.dep_ == "prep" and c.lower_ in ("in", "by", "from", "of")
                 for g in c.children if g.dep_ == "pobj"),
                None,
            )  # fmt: skip
            if inner is not None:  # 'according to reports in Western media': the media say it
                source, cue_end = inner, pobj.i + 1
        head = tok.head if tok.head.i != tok.i else tok
        while head.dep_ == "conj" and head.head.i != head.i and head.pos_ in ("VERB", "AUX"):
            head = head.head  # 'rates have been at least 25% … and averaged 50% according to WHO': the whole
        content = _without(head, tok) if head.i != tok.i else None
        if head.i == tok.i:  # the parser made 'According' the sentence's root: what follows its comma
            comma = next((t.i for t in doc[tok.i + 2 : tok.sent.end] if t.text == ","), None)
            content = trim(doc, comma + 1, tok.sent.end) if comma is not None else None
        if content is None:
            return None
        sent = tok.sent
        if tok.i == sent.start and _opens_paragraph(sent):  # the report runs on in its paragraph
            end = self._report_end(sent)
            content = trim(doc, content.start, max(end, content.end)) or content
        claimant = self.claimant(source)
        return ClaimSpan("source", doc[tok.i : cue_end], content, claimant)

    def _report_end(self, sent: Span) -> int:
        """Where a paragraph-opening 'According to X, …' stops: at the paragraph's end, or
        before a sentence that has a source of its own or comments on the report."""
        doc = sent.doc
        last = _paragraph_end(doc, sent[-1])
        end = sent.end
        while end < last:
            nxt = doc[end].sent
            if any(self._comments(t) for t in nxt):
                break
            end = min(nxt.end, last)
        return end

    def _comments(self, t: Token) -> bool:
        """A word that starts a sentence's own attribution or a comment on a report."""
        low = t.lemma_.lower()
        return (
            self.speech_kind(t) is not None  # 'called for', 'pointed out' too: their particle counts
            or (t.pos_ == "VERB" and self.cues.verbs.get(low) == "belief")  # 'analysts believe'
            or low in self.modal["report_noun"]
            and any(c.dep_ == "det" for c in t.children)  # 'the claim'
            or t.lower_ in self.modal["unverified"]
            or t.lower_ == "according"
        )

    def find(self, doc: Doc) -> list[ClaimSpan]:
        claims: list[ClaimSpan] = []
        for tok in doc:
            claim = self.from_according(tok) or self.from_verb(tok) or self.from_noun(tok) or self.from_adverb(tok)
            if claim is None:
                continue
            vague = self.modal["vague_source"]
            if has_hedge(tok) or (claim.claimant is not None and _vague(doc, claim.claimant, vague)):
                claim.certainty = "hedged"
            if _unverified_words(doc[claim.cue.start : claim.cue.end], claim.claimant, self.modal["unverified"]):
                claim.certainty = "unverified"
            claims.append(claim)
        return claims


def _vague(doc: Doc, m: MentionSpan, words: frozenset[str]) -> bool:
    """'anonymous officials said…': a source left unnamed hedges the claim."""
    toks = list(doc[m.start : m.end])
    return any(t.lower_ in words for t in toks + [c for t in toks for c in t.children if c.dep_ == "amod"])


def _unverified_words(cue: Span, claimant: MentionSpan | None, words: frozenset[str]) -> bool:
    """'unconfirmed reports say…', 'according to unverified reports'."""
    doc = cue.doc
    toks = list(cue) + (list(doc[claimant.start : claimant.end]) if claimant else [])
    for t in list(toks):
        toks.extend(c for c in t.children if c.dep_ == "amod")
    return any(t.lower_ in words for t in toks)
