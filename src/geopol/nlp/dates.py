"""Calendar dates written in a text: '12 March 2019', 'March 20 to 22', 'in February 2022',
'in 2019', 'last year', 'yesterday', 'on Monday', resolved against an anchor (the document's
publication date; a weekday is the last one up to it).

``find_dates`` returns every date expression of a string with its character offsets, as a range
(start, end inclusive) and its granularity. Used by actor resolution (who held an office when
the event happened) and by event dating.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

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
        rf"\b(?:[Ii]n|[Ss]ince|[Uu]ntil|by|[Dd]uring|[Ee]arly|[Ll]ate|mid-?)\s+(?P<core>{_MONTH})\b",  # in February
        rf"(?<![\d-])\b{_YEAR}\b(?![\d-])",  # 2019
        r"\b(?P<rel>[Ll]ast|[Tt]his|[Nn]ext|[Pp]revious)\s+year\b",
        rf"\b(?:[Oo]ver|[Ii]n|[Dd]uring|[Ff]or)\s+the\s+(?:past|last|previous)\s+(?P<n>\d+|{_NUMBER_WORDS})\s+"
        r"(?P<unit>years|months|weeks|days)\b",
        r"\b(?P<near>[Yy]esterday|[Tt]oday|[Tt]omorrow)\b",
        r"\b(?:[Oo]n|[Ll]ast)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    )
]


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


def _resolve(m: re.Match[str], anchor: date | None) -> tuple[date, date, str] | None:
    g = m.groupdict()
    if g.get("iso"):
        d = date.fromisoformat(g["iso"])
        return d, d, "day"
    if g.get("rel"):
        if anchor is None:
            return None
        rel = anchor.year + {"last": -1, "previous": -1, "this": 0, "next": 1}[g["rel"].lower()]
        return date(rel, 1, 1), date(rel, 12, 31), "year"
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


def find_dates(text: str, anchor: date | None = None, offset: int = 0) -> list[TextDate]:
    """Every date expression in ``text`` (offsets shifted by ``offset``), earliest first; where
    expressions overlap the longest, most specific one wins."""
    found: list[TextDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:  # most specific first
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            resolved = _resolve(m, anchor)
            if resolved is None:
                continue
            first, last, granularity = resolved
            if last - first > timedelta(days=366) and not m.groupdict().get("unit"):
                continue
            taken.append((m.start(), m.end()))
            s, e = m.span("core") if m.groupdict().get("core") else m.span()
            found.append(TextDate(offset + s, offset + e, text[s:e], first, last, granularity))
    return sorted(found, key=lambda d: d.start_char)
