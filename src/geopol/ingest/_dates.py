"""Dates as inputs give them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any


def parse_date(value: Any) -> date | None:
    """ISO date or datetime (a string, or a date) to a date; raises ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()


_TEXT_FORMATS = ("%B %d, %Y", "%d %B %Y", "%b %d, %Y", "%d %b %Y", "%A, %B %d, %Y", "%A, %d %B %Y", "%A %B %d, %Y",
                 "%A %d %B %Y", "%B %d %Y")  # fmt: skip


def text_date(line: str) -> date | None:
    """The date a whole line states ('2023-03-21', 'March 21, 2023', 'Friday, January 4, 2019',
    '21 March 2023'), else None. Only a line that is nothing but a date."""
    text = " ".join(line.strip().rstrip(".").split())
    if not text or len(text) > 40 or not any(c.isdigit() for c in text):
        return None
    try:
        return parse_date(text)
    except ValueError:
        pass
    for fmt in _TEXT_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
