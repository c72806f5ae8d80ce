"""The figure tables (``data/figures/units.tsv`` and ``bounds.tsv``), validated on load."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .._tsv import data_path, read_tsv
from ..errors import Errors, GeopolError

UNIT_COLUMNS = ("form", "kind", "unit", "factor", "place")
BOUND_COLUMNS = ("phrase", "bound", "place")
KINDS = ("currency", "unit", "scale", "number", "uncounted")
BOUNDS = ("exact", "about", "at_least", "at_most", "range")
_PLACES = {
    "currency": ("before", "after", "both"),
    "unit": ("after",),
    "scale": ("after", "tight"),
    "number": ("",),
    "uncounted": ("",),
}


@dataclass(frozen=True, slots=True)
class Form:
    """One row of units.tsv: a way of writing a currency, unit, scale or number."""

    form: str
    kind: str
    unit: str  # ISO 4217 code or unit symbol; '' for scale, number and uncounted
    factor: float
    place: str
    line: int

    @property
    def any_case(self) -> bool:
        return self.form == self.form.lower()


@dataclass(frozen=True, slots=True)
class BoundPhrase:
    phrase: str
    bound: str
    place: str
    line: int


@dataclass(frozen=True)
class Tables:
    forms: tuple[Form, ...]
    bounds: tuple[BoundPhrase, ...]

    def of(self, kind: str, *places: str) -> list[Form]:
        return [f for f in self.forms if f.kind == kind and (not places or f.place in places)]

    def lookup(self, kind: str, text: str) -> Form | None:
        """The row of ``kind`` that wrote ``text`` (as the matching rules read it), or None."""
        text = " ".join(text.split())
        for f in self.forms:
            if f.kind == kind and (f.form == text or f.any_case and f.form == text.lower()):
                return f
        return None

    def bound_of(self, text: str, place: str) -> BoundPhrase | None:
        text = " ".join(text.lower().split())
        return next((b for b in self.bounds if b.phrase == text and b.place == place), None)

    @cached_property
    def uncounted(self) -> frozenset[str]:
        return frozenset(f.form for f in self.forms if f.kind == "uncounted")


def _factor(cell: str, where: tuple[str, int]) -> float:
    if not cell:
        return 1.0
    try:
        value = float(cell)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise GeopolError(Errors.E101, file=where[0], line=where[1], detail=f"factor '{cell}' is not a positive number")
    return value


def _check_form(f: Form, file: str, cell_factor: str) -> None:
    def bad(detail: str) -> GeopolError:
        return GeopolError(Errors.E101, file=file, line=f.line, detail=detail)

    if not f.form:
        raise bad("empty form")
    if f.kind not in KINDS:
        raise bad(f"kind '{f.kind}' is not one of {', '.join(KINDS)}")
    if f.place not in _PLACES[f.kind]:
        allowed = " | ".join(p or "(empty)" for p in _PLACES[f.kind])
        raise bad(f"place '{f.place}' is not allowed for {f.kind} (use {allowed})")
    if f.kind == "currency" and not re.fullmatch(r"[A-Z]{3}", f.unit):
        raise bad(f"currency '{f.unit}' is not an ISO 4217 code")
    if f.kind == "unit" and not re.fullmatch(r"[A-Za-z0-9]+", f.unit):
        raise bad(f"unit '{f.unit}' is not a unit symbol")
    if f.kind not in ("currency", "unit") and f.unit:
        raise bad(f"a {f.kind} row has no unit")
    if f.kind in ("scale", "number") and not cell_factor:
        raise bad(f"a {f.kind} row needs its factor")
    if f.kind in ("currency", "uncounted") and cell_factor:
        raise bad(f"a {f.kind} row has no factor")


def read_units(path: Path) -> tuple[Form, ...]:
    forms: list[Form] = []
    seen: set[tuple[str, str]] = set()
    for n, row in read_tsv(path, UNIT_COLUMNS):
        kind = row["kind"].lower()
        f = Form(row["form"], kind, row["unit"], _factor(row["factor"], (path.name, n)), row["place"].lower(), n)
        _check_form(f, path.name, row["factor"])
        key = (f.kind, f.form.lower() if f.any_case else f.form)
        if key in seen:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"duplicate {kind} form '{f.form}'")
        seen.add(key)
        forms.append(f)
    return tuple(forms)


def read_bounds(path: Path) -> tuple[BoundPhrase, ...]:
    bounds: list[BoundPhrase] = []
    seen: set[tuple[str, str]] = set()
    for n, row in read_tsv(path, BOUND_COLUMNS):
        b = BoundPhrase(" ".join(row["phrase"].split()), row["bound"].lower(), row["place"].lower(), n)

        def bad(detail: str, line: int = n) -> GeopolError:
            return GeopolError(Errors.E101, file=path.name, line=line, detail=detail)

        if not b.phrase or b.phrase != b.phrase.lower():
            raise bad(f"phrase '{b.phrase}' is empty or not lower case")
        if b.bound not in BOUNDS:
            raise bad(f"bound '{b.bound}' is not one of {', '.join(BOUNDS)}")
        if b.place not in ("before", "after") or b.bound == "range" and b.place != "before":
            raise bad(f"place '{b.place}' is not before or after (a range phrase stands before)")
        if (b.phrase, b.place) in seen:
            raise bad(f"duplicate phrase '{b.phrase}'")
        seen.add((b.phrase, b.place))
        bounds.append(b)
    return tuple(bounds)


def build_tables(folder: Path) -> Tables:
    return Tables(read_units(folder / "units.tsv"), read_bounds(folder / "bounds.tsv"))


@lru_cache(maxsize=1)
def load_tables() -> Tables:
    return build_tables(data_path("figures"))
