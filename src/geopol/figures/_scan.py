"""Numbers in a sentence's text, read with the figure tables: value, currency or unit, scale,
bound and range. What a bare number counts is the parse's business (``_link``)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ._tables import Form, Tables, load_tables

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![.,:/]?\d)"
_NOT_BEFORE = r"(?<![\w.,:/\-–—$€£¥₹₽₩₺₴₪₦])"
_CONNECTOR = r"(?P<conn>\s*[-–—]\s*|\s+(?:to|and)\s+)"
# a number word after one of these names a known set ('the two leaders'), not a figure
_DETERMINERS = frozenset("the these those both all its their his her our your my whose each".split())
_YEARS = range(1900, 2100)


@dataclass(frozen=True, slots=True)
class RawFigure:
    """A number as the text writes it, in document characters. ``unit`` None: a bare number, a
    figure only when the parse finds what it counts."""

    start: int  # with the bound phrase
    end: int  # through the unit, or the after-bound ('500 or more')
    core_start: int  # the currency sign or the number
    core_end: int  # the end of the number, its scale and unit
    value: float
    upper: float | None
    unit: str | None
    bound: str
    worded: bool  # written in words ('two dozen')
    scaled: bool  # with a scale word ('5 million')


def _piece(form: str, any_case: bool) -> str:
    body = r"\s+".join(re.escape(w) for w in form.split())
    return f"(?i:{body})" if any_case else body


def _alternation(forms: Iterable[Form]) -> str:
    ordered = sorted(forms, key=lambda f: -len(f.form))
    return "(?:" + "|".join(_piece(f.form, f.any_case) for f in ordered) + ")"


@dataclass(frozen=True)
class Scanner:
    tables: Tables
    pattern: re.Pattern[str]
    before: re.Pattern[str]
    after: re.Pattern[str]
    numbers: dict[str, float]

    @classmethod
    def build(cls, tables: Tables) -> Scanner:
        pre = _alternation(tables.of("currency", "before", "both"))
        tight = _alternation(tables.of("scale"))
        spaced = _alternation(tables.of("scale", "after"))
        post = _alternation(tables.of("currency", "after", "both") + tables.of("unit"))
        numbers = {f.form.lower(): f.factor for f in tables.of("number")}
        tens = "|".join(w for w, v in numbers.items() if v >= 20)
        ones = "|".join(w for w, v in numbers.items() if v < 10)
        words = "|".join(sorted(numbers, key=len, reverse=True))
        word = rf"(?<![A-Za-z])(?i:(?:{tens})-(?:{ones})|{words}|an?(?=\s+{spaced}(?![A-Za-z])))(?![A-Za-z])"
        number = rf"(?:{_DIGITS}|{word})"

        def scale(n: str) -> str:
            return rf"(?:(?:(?P<s{n}>{tight})|(?:\s+|-)(?P<w{n}>{spaced}))(?![A-Za-z]))"

        pattern = (
            rf"(?:(?<![A-Za-z0-9])(?P<pre>{pre})\s?|{_NOT_BEFORE})(?P<n1>{number}){scale('1')}?"
            rf"(?:{_CONNECTOR}(?:(?P<pre2>{pre})\s?)?(?P<n2>{number}){scale('2')}?)?"
            rf"(?:(?P<gap>\s*|-)(?P<post>{post})(?![A-Za-z]))?"
        )
        befores = [b for b in tables.bounds if b.place == "before"]
        afters = [b for b in tables.bounds if b.place == "after"]
        phrases = [_piece(b.phrase, True) for b in sorted(befores, key=lambda b: -len(b.phrase))]
        after_phrases = [_piece(b.phrase, True) for b in sorted(afters, key=lambda b: -len(b.phrase))]
        return cls(
            tables,
            re.compile(pattern),
            re.compile(rf"(?<![A-Za-z])(?P<b>{'|'.join(phrases)})\s*$"),
            re.compile(rf"\s*(?P<b>{'|'.join(after_phrases)})(?![A-Za-z])"),
            numbers,
        )

    # --- reading one match ----------------------------------------------------------------------
    def _number(self, text: str) -> float:
        low = text.lower()
        if low in ("a", "an"):
            return 1.0
        if low[0].isalpha():
            return sum(self.numbers[w] for w in low.split("-"))
        return float(text.replace(",", ""))

    def _scale(self, m: re.Match[str], n: str) -> float | None:
        text = m.group(f"s{n}") or m.group(f"w{n}")
        if text is None:
            return None
        form = self.tables.lookup("scale", text)
        return form.factor if form else None

    def _unit(self, m: re.Match[str]) -> tuple[str | None, float]:
        """The currency or unit and its factor."""
        if m.group("pre") or m.group("pre2"):
            form = self.tables.lookup("currency", m.group("pre") or m.group("pre2"))
            return (form.unit, 1.0) if form else (None, 1.0)
        post = m.group("post")
        if post is None:
            return None, 1.0
        if m.group("gap") == "-":  # 'a 2,000-pound bomb' weighs; '$5-billion' is money
            form = self.tables.lookup("unit", post) or self.tables.lookup("currency", post)
        else:
            form = self.tables.lookup("currency", post) or self.tables.lookup("unit", post)
        return (form.unit, form.factor) if form else (None, 1.0)

    def scan(self, text: str, start: int = 0, end: int | None = None) -> Iterator[RawFigure]:
        """Every number of ``text[start:end]`` (a sentence) that could be a figure, in ``text``
        offsets. A bound phrase may stand just before ``start`` ('Approx.' read as a sentence)."""
        pos, end = start, len(text) if end is None else end
        while (m := self.pattern.search(text, pos, end)) is not None:
            pos = m.end()
            n1_end = m.end("s1") if m.group("s1") else m.end("n1")
            if text[n1_end : n1_end + 1].isalpha() and m.end() == n1_end:
                continue  # '1st', '5G', '1990s'
            before = self.before.search(text, max(0, m.start() - 40), m.start())
            bound = self.tables.bound_of(before.group("b"), "before") if before else None
            bound_name = bound.bound if bound else "exact"
            if m.group("n2") and not self._range_ok(m, text, bound_name):
                pos = m.end("conn")  # the second number is read again on its own
                m = self.pattern.match(text, m.start(), m.start("conn"))
                if m is None:
                    continue
            raw = self._read(m, text, before, bound_name, end)
            if raw is not None:
                yield raw

    def _range_ok(self, m: re.Match[str], text: str, bound: str) -> bool:
        conn = m.group("conn").strip()
        if conn == "and" and bound != "range":
            return False
        if conn == "to" and re.search(
            r"(?i)(?<![A-Za-z])from\s+\S*$", text[max(0, m.start("n1") - 30) : m.start("n1")]
        ):
            return False  # 'rose from 10 to 12': a change, not a range
        lo, hi = self._number(m.group("n1")), self._number(m.group("n2"))
        s1, s2 = self._scale(m, "1"), self._scale(m, "2")
        if s1 and s2:
            lo, hi = lo * s1, hi * s2
        if s1 is None and s2 is None and conn == "-" and _previous_word(text, m.start()) in ("a", "an", "the"):
            return False  # 'a 286-344 vote', 'the 3-2 win': a tally
        return hi > lo and not (int(lo) in _YEARS and int(hi) in _YEARS and s1 is None and s2 is None)

    def _read(
        self, m: re.Match[str], text: str, before: re.Match[str] | None, bound: str, limit: int
    ) -> RawFigure | None:
        unit, factor = self._unit(m)
        s1, s2 = self._scale(m, "1"), self._scale(m, "2")
        n1 = m.group("n1")
        worded = n1[0].isalpha()
        value = self._number(n1) * (s1 or s2 or 1.0) * factor
        upper = self._number(m.group("n2")) * (s2 or s1 or 1.0) * factor if m.group("n2") else None
        if unit is None and s1 is None and upper is None:
            if re.fullmatch(r"\d{4}", n1) and int(n1) in _YEARS:
                return None  # a year
            if worded and value == 1:
                return None  # 'one of the', 'one side'
        if n1.lower() in ("a", "an") and s1 is None:
            return None
        if worded and _previous_word(text, m.start()) in _DETERMINERS:
            return None
        if upper is not None:
            bound = "at_least"
        elif bound == "range":
            bound, before = "exact", None
        start = before.start("b") if before else m.start()
        end = m.end()
        after = self.after.match(text, end, limit) if upper is None and bound == "exact" else None
        if after:
            found = self.tables.bound_of(after.group("b"), "after")
            bound, end = (found.bound if found else bound), after.end()
        core_start = m.start("pre") if m.group("pre") else m.start("n1")
        return RawFigure(
            start=start,
            end=end,
            core_start=core_start,
            core_end=m.end(),
            value=value,
            upper=upper,
            unit=unit,
            bound=bound,
            worded=worded,
            scaled=s1 is not None or s2 is not None,
        )


def _previous_word(text: str, at: int) -> str:
    words = re.findall(r"[A-Za-z]+", text[max(0, at - 20) : at])
    return words[-1].lower() if words else ""


@lru_cache(maxsize=1)
def default_scanner() -> Scanner:
    return Scanner.build(load_tables())
