"""The mention record that the actor component leaves on a spaCy Doc."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from ..records import Actor


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """An actor mention in token (``start``/``end``) and cleaned-text character coordinates."""

    start: int
    end: int
    start_char: int
    end_char: int
    actor: Actor
    how: str
    confidence: float


if not Doc.has_extension("geopol_mentions"):
    Doc.set_extension("geopol_mentions", default=None)
if not Doc.has_extension("geopol_date"):
    Doc.set_extension("geopol_date", default=None)


def mentions_of(doc: Doc) -> list[MentionSpan]:
    return list(doc._.geopol_mentions or [])


def token_index(mentions: list[MentionSpan]) -> dict[int, MentionSpan]:
    """Token index -> the mention covering it."""
    index: dict[int, MentionSpan] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            index[i] = m
    return index
