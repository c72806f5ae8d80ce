"""The mention record that the actor component leaves on a spaCy Doc."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.vocab import Vocab

from ..records import Actor


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """An actor mention in token (``start``/``end``) and cleaned-text character coordinates.

    ``how`` names the kind of knowledge that resolved it (name, alias, demonym, metonym, role,
    title, sector, place, pronoun, anaphor, short name, counterpart, ner, context) and ``why`` says it in
    words. ``members``: the actors a plural mention stands for ('the two leaders'); ``actor`` is
    then the first of them. ``located``: where a located actor is ('the Chinese embassy in
    Ukraine': UKR). A ``place`` mention is a location, not an actor ('talks in Moscow')."""

    start: int
    end: int
    start_char: int
    end_char: int
    actor: Actor
    how: str
    confidence: float
    why: str = ""
    members: tuple[Actor, ...] = ()
    located: str | None = None

    def expand(self) -> list[MentionSpan]:
        """One mention per actor: a plural mention becomes one per member (same span)."""
        if not self.members:
            return [self]
        return [replace(self, actor=a, members=()) for a in self.members]


if not Doc.has_extension("geopol_mentions"):
    Doc.set_extension("geopol_mentions", default=None)


def is_polity(m: MentionSpan) -> bool:
    """A state (by name, adjective or capital) or an IGO: what can own an office or a sector."""
    a = m.actor
    return m.how != "place" and (a.kind in ("state", "igo") or a.country == "IGO" and a.kind == "org")


def name_span(doc: Doc, first: Token) -> Span:
    """The named entity that starts at ``first``, without a trailing possessive 's."""
    ent = next(e for e in doc.ents if e.start == first.i)
    return doc[ent.start : ent.end - 1] if ent[-1].tag_ == "POS" else ent


def span_text(doc: Doc, m: MentionSpan) -> str:
    return doc[m.start : m.end].text


def mentions_of(doc: Doc) -> list[MentionSpan]:
    return list(doc._.geopol_mentions or [])


def actor_mentions(mentions: list[MentionSpan]) -> list[MentionSpan]:
    """Mentions that name actors (places left out), plural ones expanded."""
    return [x for m in mentions if m.how != "place" for x in m.expand()]


def token_index(mentions: list[MentionSpan]) -> dict[int, MentionSpan]:
    """Token index -> the mention covering it."""
    index: dict[int, MentionSpan] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            index[i] = m
    return index


def lower_phrases(vocab: Vocab, label: str, phrases: Iterable[tuple[str, ...]]) -> PhraseMatcher:
    """A matcher of word sequences in any case ('foreign minister', 'the two leaders'): each phrase
    is lower-case words, one per token, and matches tokens with those lower-case forms."""
    matcher = PhraseMatcher(vocab, attr="LOWER")
    matcher.add(label, [Doc(vocab, words=list(words)) for words in phrases])
    return matcher
