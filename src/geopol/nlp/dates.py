"""Calendar dates written in a text: '12 March 2019', 'March 20 to 22', 'in February 2022',
'in 2019', 'last year', 'yesterday', 'on Monday', resolved against an anchor (the document's
publication date; a weekday is the last one up to it). Within a document, 'the same day', 'the
next day', 'two days later', 'that night' and the like take the day the text last named
(``sentence_dates``): a date told back to, not one of their own.

``find_dates`` returns every date expression of a string with its character offsets, as a range
(start, end inclusive) and its granularity. Used by actor resolution (who held an office when
the event happened) and by event dating.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from .._tsv import data_path, read_tsv
from ..errors import Errors, GeopolError
from .sents import doc_text, sentence_bounds

_MONTHS = {
    name: n
    for n in range(1, 13)
    for name in (calendar.month_name[n], calendar.month_abbr[n] + ".", calendar.month_abbr[n].upper())
}
_MONTHS["Sept."] = 9
_WEEKDAYS = list(calendar.day_name)  # capitalised only: 'may 2019' is a verb and a number
_MONTH = r"(?P<month>" + "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True)) + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DAY2 = r"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WORD_NUMBERS = {
    w: n
    for n, w in enumerate(
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split(), 2
    )
}
_NUMBER_WORDS = "|".join(_WORD_NUMBERS)
_TO = r"\s*(?:-|–|—|to|and|until|through)\s*"
_PATTERNS = [
    re.compile(p)
    for p in (
        r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b",
        rf"\b{_MONTH}\s+{_DAY}{_TO}{_DAY2}(?:,?\s+{_YEAR})?\b",  # March 20 to 22(, 2023)
        rf"\b{_DAY}{_TO}{_DAY2}\s+{_MONTH}(?:,?\s+{_YEAR})?\b",  # 20-22 March (2023)
        rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b",  # 12 March 2019
        rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b(?!\s*(?:,\s*)?\d)",  # March 12, 2019
        rf"\b{_MONTH}(?:\s+of)?\s+{_YEAR}\b",  # March 2019
        rf"\b(?:(?:[Ii]n|[Ss]ince|[Uu]ntil|by|[Dd]uring|[Ee]arly|[Ll]ate|mid)\s+|[Mm]id-)(?P<core>{_MONTH})\b",  # in February, mid-July
        rf"(?<![\d-])\b{_YEAR}\b(?![\d-])",  # 2019
        # 'last year', 'this month', 'next week', 'earlier this month', 'later this year'
        r"\b(?:(?P<phase>[Ee]arlier|[Ll]ater)\s+)?(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Pp]revious)\s+(?P<period>week|month|year)\b",
        rf"\b(?:[Oo]ver|[Ii]n|[Dd]uring|[Ff]or)\s+the\s+(?:past|last|previous)\s+(?P<n>\d{{1,4}}|{_NUMBER_WORDS})\s+"
        r"(?P<unit>years|months|weeks|days)\b",
        r"\b(?P<near>[Yy]esterday|[Tt]oday|[Tt]omorrow)\b",
        r"\b(?:[Oo]n|[Ll]ast)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    )
]


_ORDINALS = {
    w: n
    for n, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), 1
    )
}
_INTO = re.compile(
    r"\b(?:[Oo]n|[Bb]y|[Ii]n|[Dd]uring)\s+the\s+(?P<ord>" + "|".join(_ORDINALS) + r"|\d+(?:st|nd|rd|th))\s+"
    r"(?P<unit>day|week|month)\s+of\s+the\s+(?:war|invasion|conflict|fighting|offensive)\b"
)
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30}

# a day counted from the day the text last named: 'the same day', 'the next day', 'two days later';
# 'the day before' / 'the day after' only where no phrase follows ('the day after the vote' is not)
_END = r"(?=\s*(?:[,.;:!?)\u2013\u2014-]|$))"
_ANAPHORA = re.compile(
    r"\b(?:(?P<same>(?:[Tt]he\s+same|[Tt]hat)\s+(?:day|night|morning|afternoon|evening)"
    r"|(?:[Ll]ater|[Ee]arlier)\s+(?:that|the\s+same)\s+(?:day|night|morning|afternoon|evening))"
    r"|(?P<next>[Tt]he\s+(?:next|following)\s+(?:day|morning|afternoon|evening|night))"
    r"|(?P<prev>[Tt]he\s+previous\s+(?:day|morning|night|evening))"
    rf"|(?P<before>[Tt]he\s+day\s+before){_END}|(?P<after>[Tt]he\s+day\s+after){_END}"
    rf"|(?P<n>(?i:a|one|\d{{1,4}}|{_NUMBER_WORDS}))\s+days?\s+(?P<dir>later|earlier))\b"
)


@dataclass(frozen=True, slots=True)
class Conflict:
    """A war or crisis that a text can count days from ('on the third day of the war')."""

    name: str
    phrases: tuple[str, ...]
    start: date


def read_conflicts(path: Path) -> tuple[Conflict, ...]:
    out = []
    for n, row in read_tsv(path, ("name", "phrases", "start")):
        try:
            start = date.fromisoformat(row["start"])
        except ValueError as err:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"bad date '{row['start']}'") from err
        phrases = tuple(p.strip().lower() for p in row["phrases"].split("|") if p.strip())
        if not row["name"] or not phrases:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail="a conflict needs a name and phrases")
        out.append(Conflict(row["name"], phrases, start))
    return tuple(out)


@lru_cache(maxsize=1)
def conflicts() -> tuple[Conflict, ...]:
    return read_conflicts(data_path("nlp/conflicts.tsv"))


def document_conflict(text: str, anchor: date | None) -> Conflict | None:
    """The conflict a document speaks of: the earliest-named one that began before ``anchor``."""
    low = text.lower()
    best: tuple[int, Conflict] | None = None
    for c in conflicts():
        if anchor is not None and c.start > anchor:
            continue
        at = min((i for p in c.phrases if (i := low.find(p)) >= 0), default=-1)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, c)
    return best[1] if best else None


def _into_conflict(text: str, conflict: Conflict, offset: int) -> list[TextDate]:
    """'on the third day of the war' -> the conflict's start + 2 days."""
    out = []
    for m in _INTO.finditer(text):
        o = m.group("ord").lower()
        n = _ORDINALS.get(o) or int(re.sub(r"\D", "", o))
        unit = m.group("unit")
        first = conflict.start + timedelta(days=(n - 1) * _UNIT_DAYS[unit])
        last = first + timedelta(days=_UNIT_DAYS[unit] - 1)
        out.append(TextDate(offset + m.start(), offset + m.end(), m.group(), first, last, unit))
    return out


@dataclass(frozen=True, slots=True)
class TextDate:
    """A date expression: ``text[start_char:end_char]``, meaning ``first`` to ``last`` inclusive."""

    start_char: int
    end_char: int
    text: str
    first: date
    last: date
    granularity: str  # day | month | year

    @property
    def middle(self) -> date:
        return self.first + (self.last - self.first) // 2


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _guess_year(month: int, anchor: date | None) -> int | None:
    """A month without a year: the anchor's year, or the year before when that month is still
    to come (news reports the past)."""
    if anchor is None:
        return None
    return anchor.year if month <= anchor.month else anchor.year - 1


def _relative(rel: str, period: str, phase: str, anchor: date | None) -> tuple[date, date, str] | None:
    """'last month', 'this week', 'next year' around the anchor; 'earlier this month' runs from the
    period's start up to the anchor, 'later this year' from the anchor to the period's end."""
    if anchor is None:
        return None
    step = {"last": -1, "previous": -1, "this": 0, "next": 1}[rel]
    if period == "year":
        first, last = date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31)
    elif period == "month":
        month = anchor.year * 12 + anchor.month - 1 + step
        first = date(month // 12, month % 12 + 1, 1)
        last = _month_end(first.year, first.month)
    else:  # a week runs Monday to Sunday
        first = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=step)
        last = first + timedelta(days=6)
    if step == 0 and phase == "earlier":
        last = anchor
    elif step == 0 and phase == "later":
        first = anchor
    return first, last, period


def _resolve(m: re.Match[str], anchor: date | None) -> tuple[date, date, str] | None:
    g = m.groupdict()
    if g.get("iso"):
        d = date.fromisoformat(g["iso"])
        return d, d, "day"
    if g.get("rel"):
        return _relative(g["rel"].lower(), g["period"], (g.get("phase") or "").lower(), anchor)
    if g.get("unit"):  # 'over the past 14 years': up to the anchor
        if anchor is None:
            return None
        n = int(g["n"]) if g["n"].isdigit() else _WORD_NUMBERS[g["n"].lower()]
        unit = g["unit"].rstrip("s")
        days = {"year": 365.25, "month": 30.44, "week": 7, "day": 1}[unit] * n
        return anchor - timedelta(days=round(days)), anchor, unit
    if g.get("near") or g.get("weekday"):
        if anchor is None:
            return None
        if g.get("near"):
            d = anchor + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[g["near"].lower()])
        else:  # 'on Monday' in news: the last such day up to the publication date
            d = anchor - timedelta(days=(anchor.weekday() - _WEEKDAYS.index(g["weekday"])) % 7)
        return d, d, "day"
    month = _MONTHS.get(g["month"]) if g.get("month") else None
    given = int(g["year"]) if g.get("year") else None
    if month is None:
        return (date(given, 1, 1), date(given, 12, 31), "year") if given else None
    year = given or _guess_year(month, anchor)
    if year is None:
        return None
    if not g.get("day"):
        return date(year, month, 1), _month_end(year, month), "month"
    try:
        first = date(year, month, int(g["day"]))
        last = date(year, month, int(g["day2"])) if g.get("day2") else first
    except ValueError:
        return None
    if last < first:
        return None
    return first, last, "day"


def find_dates(
    text: str, anchor: date | None = None, offset: int = 0, conflict: Conflict | None = None
) -> list[TextDate]:
    """Every date expression in ``text`` (offsets shifted by ``offset``), earliest first; where
    expressions overlap the longest, most specific one wins. With the document's ``conflict``,
    'on the third day of the war' is a date too."""
    found: list[TextDate] = _into_conflict(text, conflict, offset) if conflict else []
    taken: list[tuple[int, int]] = [(d.start_char - offset, d.end_char - offset) for d in found]
    for pattern in _PATTERNS:  # most specific first
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            try:
                resolved = _resolve(m, anchor)
            except OverflowError:  # 'over the past 9999 years': before year 1
                resolved = None
            if resolved is None:
                continue
            first, last, granularity = resolved
            if last - first > timedelta(days=366) and not m.groupdict().get("unit"):
                continue
            taken.append((m.start(), m.end()))
            s, e = m.span("core") if m.groupdict().get("core") else m.span()
            found.append(TextDate(offset + s, offset + e, text[s:e], first, last, granularity))
    return sorted(found, key=lambda d: d.start_char)


if not Doc.has_extension("geopol_date"):
    Doc.set_extension("geopol_date", default=None)  # the publication date, set before parsing


def _anaphora(text: str, offset: int, found: list[TextDate], told: TextDate | None,
              determiner: Callable[[int], bool] = lambda _: True) -> list[TextDate]:  # fmt: skip
    """'the same day', 'the next day', 'two days later' in ``text`` (a sentence at ``offset``),
    counted from the last date before each: one of the sentence's own ``found`` dates, else
    ``told``, the last date of the sentences before; one told back to counts too ('two days later
    …; the day before'). Only a day counts from: after 'in March', 'the next day' says no day.
    'That' must be a determiner there (``determiner``, by character offset): 'said that morning
    prayers were cancelled' tells no day."""
    out: list[TextDate] = []
    for m in _ANAPHORA.finditer(text):
        start, end = offset + m.start(), offset + m.end()
        if any(d.start_char < end and start < d.end_char for d in found):
            continue
        if m.group().lower().startswith("that") and not determiner(start):
            continue
        before = [d for d in found + out if d.end_char <= start]
        last = max(before, key=lambda d: d.start_char) if before else told
        if last is None or last.granularity != "day" or last.first != last.last:
            continue
        g = m.groupdict()
        if g["same"]:
            step = 0
        elif g["next"] or g["after"]:
            step = 1
        elif g["prev"] or g["before"]:
            step = -1
        else:
            word = g["n"].lower()
            n = 1 if word in ("a", "one") else int(word) if word.isdigit() else _WORD_NUMBERS[word]
            step = n if g["dir"] == "later" else -n
        try:
            day = last.first + timedelta(days=step)
        except OverflowError:
            continue
        out.append(TextDate(start, end, m.group(), day, day, "day"))
    return sorted(found + out, key=lambda d: d.start_char) if out else found


def sentence_dates(doc: Doc, sent: Span) -> list[TextDate]:
    """The date expressions of a sentence of ``doc``, resolved against its publication date
    (``doc._.geopol_date``) and the conflict the document speaks of; 'the same day', 'the next
    day', 'two days later' against the day the text named last before them. All are found once
    per Doc and sentence: actors, events and figures all ask."""
    published: date | None = doc._.geopol_date
    cache = doc.user_data.setdefault("geopol_dates", {})
    if "conflict" not in cache:
        cache["conflict"] = document_conflict(doc_text(doc), published)
    key = (sent.start, sent.end)
    if key not in cache:
        found = find_dates(sent.text, published, offset=sent.start_char, conflict=cache["conflict"])
        if _ANAPHORA.search(sent.text):
            found = _anaphora(sent.text, sent.start_char, found, _told_before(doc, sent.start), _determiner(doc))
        cache[key] = found
    dates: list[TextDate] = cache[key]
    return dates


def _told_before(doc: Doc, start: int) -> TextDate | None:
    """The last date the sentences before token ``start`` name. The sentences are read forward
    once per Doc: the last date up to each sentence is kept (``geopol_told``), so asking again,
    later in the text, starts where the last question stopped."""
    told: list[tuple[int, TextDate | None]] = doc.user_data.setdefault("geopol_told", [(0, None)])
    upto, last = told[-1]
    if start < upto:  # asked for an earlier sentence: the kept entry at or before it
        return next(t for s, t in reversed(told) if s <= start)
    for s, e in sentence_bounds(doc):
        if s >= start:
            break
        if s < upto:
            continue
        found = sentence_dates(doc, doc[s:e])
        last = found[-1] if found else last
        told.append((e, last))
    return last


def _determiner(doc: Doc) -> Callable[[int], bool]:
    """Whether the word at a character offset of ``doc`` is a determiner ('that day', not the
    conjunction of 'said that morning prayers…')."""

    def check(char: int) -> bool:
        tok = doc.char_span(char, char + 4, alignment_mode="expand")
        return tok is None or not len(tok) or tok[0].tag_ in ("DT", "WDT", "")

    return check
