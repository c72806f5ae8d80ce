"""Which day a mention speaks of: the date its sentence gives ('in February 2022'), else the
document's publication date, else none (and resolution says so, at lower confidence)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from ..nlp.dates import TextDate, sentence_dates
from ..nlp.sents import sentences


@dataclass(frozen=True, slots=True)
class Day:
    day: date | None
    precise: bool  # a day or month, not just a year
    source: str  # said in explanations

    def __str__(self) -> str:
        return self.source


class DayIndex:
    """The :class:`Day` of every token of a Doc (one per sentence)."""

    def __init__(self, doc: Doc) -> None:
        anchor: date | None = doc._.geopol_date
        self._by_token: list[Day] = []
        for sent in sentences(doc):
            day = _sentence_day(sentence_dates(doc, sent), anchor)
            self._by_token.extend([day] * (sent.end - sent.start))

    def at(self, i: int) -> Day:
        return self._by_token[i]


def _sentence_day(found: list[TextDate], anchor: date | None) -> Day:
    if found:
        d = found[0]
        if anchor is not None and d.first <= anchor <= d.last:
            return Day(anchor, True, f"the document's date {anchor.isoformat()} (within '{d.text}')")
        return Day(d.middle, d.granularity != "year", f"the date in the sentence, '{d.text}'")
    if anchor is not None:
        return Day(anchor, True, f"the document's date {anchor.isoformat()}")
    return Day(None, False, "no date in the sentence or the document")
