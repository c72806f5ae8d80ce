"""Summaries of repeated events: 'have met more than 40 times over the past 14 years',
'wish each other happy birthday every year', 'talk weekly'. Such an event is one aggregate record
(a count with its bound, or how often) dated to the period it covers, not one event dated to the
day it was written. Words are read from ``data/events/frequency.tsv``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from .._tsv import data_path, read_tsv
from ..errors import Errors, GeopolError

_PERIODS = ("day", "week", "month", "year")
_BOUNDS = {"more": "at_least", "over": "at_least", "above": "at_least", "least": "at_least",
           "less": "at_most", "fewer": "at_most", "under": "at_most", "most": "at_most", "up": "at_most",
           "about": "about", "around": "about", "approximately": "about", "nearly": "about",
           "almost": "about", "some": "about", "roughly": "about"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Frequency:
    count: float | None
    bound: str | None
    every: str | None
    start_char: int
    end_char: int


@dataclass(frozen=True, slots=True)
class FrequencyWord:
    count: float | None
    every: str | None


def read_frequency(path: Path) -> dict[str, FrequencyWord]:
    out: dict[str, FrequencyWord] = {}
    for n, row in read_tsv(path, ("word", "count", "every")):
        try:
            count = float(row["count"]) if row["count"] else None
        except ValueError as err:
            detail = f"count '{row['count']}' is not a number"
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=detail) from err
        if row["every"] and row["every"] not in _PERIODS:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"every must be one of {_PERIODS}")
        out[row["word"].lower()] = FrequencyWord(count, row["every"] or None)
    return out


@lru_cache(maxsize=1)
def frequency_words() -> dict[str, FrequencyWord]:
    return read_frequency(data_path("events/frequency.tsv"))


def _number(tok: Token, words: dict[str, FrequencyWord]) -> float | None:
    text = tok.text.replace(",", "")
    try:
        return float(text)
    except ValueError:
        w = words.get(tok.lower_)
        return w.count if w and not w.every else None


def _times(c: Token, words: dict[str, FrequencyWord]) -> Frequency | None:
    """'more than 40 times', 'three times', 'several times'."""
    num = next((g for g in c.children if g.dep_ in ("nummod", "amod") and g.i < c.i), None)
    if num is None:
        return None
    bound = next((_BOUNDS[g.lower_] for g in num.subtree if g.lower_ in _BOUNDS and g.i < num.i), "exact")
    count = _number(num, words)
    if count is None and num.lower_ not in words:
        return None
    first = min(t.i for t in c.subtree)
    doc = c.doc
    return Frequency(count, bound if count is not None else None, None, doc[first].idx, c.idx + len(c.text))


def event_frequency(tops: list[Token]) -> Frequency | None:
    """The frequency that hangs on the trigger or the verb it depends on, if any."""
    words = frequency_words()
    for top in tops:
        for c in top.children:
            if c.lemma_ == "time" and c.dep_ in ("npadvmod", "dobj", "advmod"):
                found = _times(c, words)
                if found is not None:
                    return found
            if (
                c.lemma_ in _PERIODS
                and c.dep_ in ("npadvmod", "advmod")
                and any(g.lower_ in ("every", "each") for g in c.children)
            ):
                start = min(g.idx for g in c.subtree)
                return Frequency(None, None, c.lemma_, start, c.idx + len(c.text))
            w = words.get(c.lower_)
            if c.dep_ == "advmod" and w is not None and c.pos_ == "ADV":
                return Frequency(w.count, "exact" if w.count else None, w.every, c.idx, c.idx + len(c.text))
    return None
