"""Readers of the open actor dictionaries that ``build_world`` turns into the packaged world tables.

Each reader yields :class:`SourceRow` records, one per entry, with upper-case TABARI names turned
into press spelling ('ZALMAY_KHALILZAD_' -> 'Zalmay Khalilzad') and CAMEO codes into a country and a
PLOVER sector ('USAGOVMIL' -> USA, GOV). Formats: the PETRARCH2 Phoenix ``.actors`` files, the
CountryInfo.txt country blocks (leaders and cabinets with full dates), the NGEC PLOVER agents file and
the mledoze ``countries.json``. Only the build imports this module; geopol never reads the sources at
run time.
"""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    """A dated code: an office (``role``) in a ``country`` and ``sector`` over a period."""

    country: str | None
    sector: str | None
    role: str
    start: date | None
    end: date | None
    body: str | None = None


@dataclass
class SourceRow:
    """One entry of a source: a person (``spans`` are their offices) or an organisation/group."""

    name: str
    kind: str  # person | org | group | igo
    source: str
    aliases: set[str] = field(default_factory=set)
    country: str | None = None
    sector: str | None = None
    spans: list[Span] = field(default_factory=list)
    qualifier: str = ""  # a bracketed word that is no acronym: 'NATIONAL_LIBERATION_ARMY_(BOLIVIA)_'


# CAMEO role segments that are PLOVER sectors as they are, and those that map to one
_PASS = frozenset("GOV MIL COP JUD LEG SPY OPP REB BUS JRN EDU CVL MED HLH AGR ENV CRM REL UAF PTY LAB REF".split())
_MAP = {"INS": "REB", "SEP": "REB", "RAD": "REB", "HRI": "NGO", "NGM": "NGO", "MNC": "BUS", "IGO": "IGO",
        "NGO": "NGO", "IMG": "REB", "ELI": "ELI", "DEV": "GOV", "SRP": "GOV", "CHR": "REL", "MUS": "REL"}  # fmt: skip
_INTERNATIONAL = {"IGO", "NGO", "MNC"}
_PARTICLES = {"de", "da", "del", "della", "di", "do", "dos", "das", "du", "la", "le", "van", "von", "der", "den",
              "ter", "bin", "ibn", "bint", "y", "e", "al", "el", "zu", "ul", "ud", "of", "and", "the", "for"}  # fmt: skip
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")


def press_name(raw: str) -> str:
    """'ZALMAY_KHALILZAD_' -> 'Zalmay Khalilzad'; 'BASHAR_AL-ASSAD_' -> 'Bashar al-Assad';
    'MCCONNELL' -> 'McConnell'. Particles inside a name stay lower case."""
    words = raw.replace("_", " ").split()
    out = []
    for i, word in enumerate(words):
        parts = []
        for j, part in enumerate(word.split("-")):
            low = part.lower()
            if (i or j) and low in _PARTICLES and (j or i < len(words) - 1 or "-" in word):
                parts.append(low)
            elif low.startswith("mc") and len(low) > 3:
                parts.append("Mc" + low[2:].capitalize())
            else:
                parts.append(_capitalise(low))
        out.append("-".join(parts))
    return " ".join(out)


def _capitalise(low: str) -> str:
    """'a.d.' -> 'A.D.'; "o'neill" -> "O'Neill"; "aaron's" -> "Aaron's"."""
    out = re.sub(r"(^|\.)([a-z])", lambda m: m[1] + m[2].upper(), low)
    return re.sub(r"^([A-Z])'([a-z])", lambda m: f"{m[1]}'{m[2].upper()}", out)


def _clean(raw: str) -> tuple[str, set[str], str]:
    """The phrase without TABARI marks, a bracketed acronym as an alias and the first other bracketed
    words as its qualifier (a place): 'MORO_ISLAMIC_LIBERATION_FRONT_(MILF)_' -> ('MORO ISLAMIC
    LIBERATION FRONT', {'MILF'}, ''); 'NATIONAL_LIBERATION_ARMY_(BOLIVIA)_' -> (…, set(), 'BOLIVIA')."""
    inside = [m.strip("_ ") for m in re.findall(r"\(([^)]*)\)", raw)]
    others = [m for m in inside if not _ACRONYM.match(m)]
    text = re.sub(r"\([^)]*\)", " ", raw).replace("_", " ")
    qualifier = " ".join(others[0].replace("_", " ").split()) if others else ""
    return " ".join(text.split()), {m for m in inside if _ACRONYM.match(m)}, qualifier


def _day(digits: str) -> date | None:
    """YYMMDD (YY 00-30 is 20YY, as PETRARCH reads it) or YYYYMMDD; an impossible day (20091131)
    becomes the month's last day; anything else is no date."""
    if len(digits) == 6:
        yy = int(digits[:2])
        digits = f"{2000 + yy if yy <= 30 else 1900 + yy}{digits[2:]}"
    if len(digits) != 8:
        return None
    y, m, d = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if not 1 <= m <= 12 or y < 1800:
        return None
    return date(y, m, max(1, min(d, calendar.monthrange(y, m)[1])))


_CODE = re.compile(r"\[([A-Z~\-]+)\s*([^\]]*)\]")


def parse_code(code: str, countries: frozenset[str], renamed: Mapping[str, str] | None = None,
               ) -> tuple[str | None, str | None, str | None]:  # fmt: skip
    """'USAGOVMIL' -> ('USA', 'GOV', None); 'IGOUNOKID' -> ('IGO', 'IGO', 'UNO'); 'MNCDEU' ->
    ('DEU', 'BUS', None) (a company's home state is more specific than MNC); 'IMGSEAMUSASF' ->
    (None, 'REB', None); 'AFG' -> ('AFG', None, None). ``renamed`` maps a CAMEO state code that is
    no ISO-3 code to the ISO-3 one ('TMP', Timor-Leste: 'TLS'). Returns (country, sector, body)."""
    head, segs = code[:3], [code[i : i + 3] for i in range(3, len(code), 3)]
    head = (renamed or {}).get(head, head)
    if head in countries:
        country = head
    elif head in _INTERNATIONAL:
        country = head
        if head == "MNC" and segs and segs[0] in countries:
            country = segs.pop(0)
    else:
        country = None
    sector = _MAP.get(head) if head not in countries else None
    body = segs[0] if head == "IGO" and segs else None
    if sector is None or sector == "IGO" and head != "IGO":
        sector = next((s if s in _PASS else _MAP[s] for s in segs if s in _PASS or s in _MAP and s != "ELI"), sector)
    if head in countries and segs[:1] == ["ELI"]:
        sector = "ELI"
    return country, sector, body


def _spans(text: str, countries: frozenset[str], role: str = "official",
           renamed: Mapping[str, str] | None = None) -> Iterator[Span]:  # fmt: skip
    for code, dates in _CODE.findall(text):
        if code.startswith("~") or code.startswith("-"):
            continue
        country, sector, body = parse_code(code, countries, renamed)
        if sector == "ELI" or country is None and sector is None:
            continue
        start = end = None
        if m := re.match(r"\s*(\d{6,8})\s*-\s*(\d{6,8})", dates):
            start, end = _day(m[1]), _day(m[2])
        elif m := re.match(r"\s*>\s*(\d{6,8})", dates):
            start = _day(m[1])
        elif m := re.match(r"\s*<\s*(\d{6,8})", dates):
            end = _day(m[1])
        if start and end and end < start:
            start, end = end, start
        yield Span(country, sector, role, start, end, body)


# head words of an organisation's name: an entry so named is no person even with dated codes
# ('COMMUNIST_PARTY_OF_THE_SOVIET_UNION [SUNGOV 171109-911225]')
_ORG_WORDS = frozenset(
    """party movement front army council union organization organisation authority coalition
    brigade brigades assembly soviet committee league alliance government administration ministry parliament
    congress forces corps bank company corporation agency commission court force observatory jaish jaysh""".split()
)


def is_organisation(name: str) -> bool:
    """'Sudan People's Liberation Movement', 'Tawhid Brigade': a name with an organisation's head word."""
    return not {w.strip(".,'()") for w in name.lower().replace("-", " ").split()}.isdisjoint(_ORG_WORDS)


def _prose(line: str) -> bool:
    """'Source: MNC.MLH.actors': a note at column 0, no TABARI phrase (those are upper case)."""
    return " " in line.strip() and "_" not in line and any(ch.islower() for ch in line)


def _latest(spans: list[Span]) -> Span:
    return max(spans, key=lambda s: (s.end or date.max, s.start or date.min))


def read_phoenix(path: Path, countries: frozenset[str], kind: str,
                 renamed: Mapping[str, str] | None = None) -> Iterator[SourceRow]:  # fmt: skip
    """A TABARI .actors file: a phrase at column 0, '+' aliases, codes on it or on indented lines;
    phrases at column 0 with no code of their own share the codes that follow them (PETRARCH reads
    them so). Country blocks (bare state codes: 'AFGHANISTAN_ [AFG]' with its cities) are skipped:
    they are places. A block with dated codes is a person (its first phrase the name, the others
    aliases) unless the name is an organisation's (:func:`is_organisation`); else each phrase is an
    org (``kind``: org or group) with the country and sector of its codes (of the latest dated one)."""
    source = path.name
    phrases: list[tuple[str, set[str], str]] = []  # a block: its phrases, their aliases and qualifiers
    codes: list[str] = []

    def finish() -> Iterator[SourceRow]:
        coded = " ".join(codes)
        spans = list(_spans(coded, countries, renamed=renamed))
        if kind == "group" and not spans and _CODE.search(coded):  # the MNSA file: all armed groups
            spans = [Span(None, "REB", "official", None, None)]  # ('CONTINUITY_IRISH_REPUBLICAN_ARMY_ [WEU]')
        if not phrases or all(s.sector is None for s in spans):
            return  # a country block (its cities and regions are places) or no usable code
        dated = [s for s in spans if s.start or s.end]
        name, aliases, _ = phrases[0]
        if re.search(r"\[(NGO|MNC)[A-Z]*\s*\]", coded):  # an undated NGO or company code: no person
            dated = []  # ('ABN_AMRO_ [NLDGOVBUS >081004][MNCNLD]')
        if dated and not is_organisation(name):
            others = {a for p, more, _ in phrases[1:] for a in (p, *more)}
            yield SourceRow(name, "person", source, aliases | others, spans=spans)
            return
        best = _latest(dated) if dated else max(spans, key=lambda s: (s.country in countries, s.sector is not None))
        for name, aliases, qualifier in phrases:
            row = SourceRow(name, kind, source, set(aliases), country=best.country, sector=best.sector,
                            qualifier=qualifier)  # fmt: skip
            if dated and best.sector == "REB":
                row.kind = "group"
            elif row.country == "IGO" and kind != "group":
                row.kind = "igo"
            yield row

    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        if body[0] not in " \t+[" and codes:  # a new entry after a coded one
            yield from finish()
            phrases, codes = [], []
        if body[0] == "+":
            if phrases:
                for alias in body[1:].split("[", 1)[0].split("+"):
                    phrase, extra, _ = _clean(alias)
                    phrases[-1][1].update({phrase, *extra} - {""})
                codes += [body] if "[" in body else []
        elif body[0] in " \t[":
            if phrases:
                codes.append(body)
        elif (phrase_extra := _clean(body.split("[", 1)[0]))[0] and not _prose(body):
            phrases.append((phrase_extra[0], set(phrase_extra[1]), phrase_extra[2]))
            codes += [body] if "[" in body else []
    if codes:
        yield from finish()


_LEADER_ROLES = (("vice", "vice_president"), ("prime", "head_of_government"), ("premier", "head_of_government"),
                 ("chancellor", "head_of_government"), ("head of government", "head_of_government"),
                 ("council of ministers", "head_of_government"), ("chief minister", "head_of_government"),
                 ("secretar", "party_leader"), ("governor", "head_of_state"), ("president", "head_of_state"),
                 ("king", "head_of_state"), ("queen", "head_of_state"), ("emir", "head_of_state"),
                 ("sultan", "head_of_state"), ("emperor", "head_of_state"), ("head of state", "head_of_state"),
                 ("chairm", "head_of_state"), ("leader", "head_of_state"))  # fmt: skip
_CABINET_ROLES = (("foreign", "foreign_minister"), ("external affairs", "foreign_minister"),
                  ("defen", "defence_minister"), ("vice president", "vice_president"),
                  ("prime minister", "head_of_government"), ("ambassador", "diplomat"),
                  ("representative to the un", "diplomat"), ("finance", "finance_minister"),
                  ("minister", "minister"))  # fmt: skip


def _role(title: str, table: tuple[tuple[str, str], ...]) -> str:
    low = title.lower().replace("_", " ")
    if table is _CABINET_ROLES and "deputy" in low:
        return "official"
    return next((role for cue, role in table if cue in low), "official")


def renamed_states(path: Path, countries: frozenset[str]) -> dict[str, str]:
    """CAMEO state codes that are no ISO-3 codes, from CountryInfo.txt's country blocks: a block
    whose <CountryCode> names the code 'TMP' and whose <ISO3166-alpha3> is 'TLS' gives TMP -> TLS."""
    out: dict[str, str] = {}
    codes: list[str] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if m := re.match(r"<CountryCode>(.*)</CountryCode>", line):
            codes = [c for c in re.findall(r"[A-Z]+", m[1]) if len(c) == 3 and c not in countries]
        elif (m := re.match(r"<ISO3166-alpha3>([A-Z]{3})<", line)) and m[1] in countries:
            out.update({c: m[1] for c in codes})
    return out


def read_countryinfo(path: Path, countries: frozenset[str],
                     renamed: Mapping[str, str] | None = None) -> Iterator[SourceRow]:  # fmt: skip
    """CountryInfo.txt: per country, <Leaders> under title sub-tags with [YYYYMMDD - YYYYMMDD]
    terms, and <Government> cabinet lines '{NAME}{VARIANT} [CODE dates] # title'."""
    country: str | None = None
    section = title = ""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("<Country>"):
            country = None
        if m := re.match(r"<CountryCode>(.*)</CountryCode>", line):  # 'DEU', or dated: '[YUGHRV <…][HRV >…]'
            codes = [c[:3] for c in re.findall(r"[A-Z]{3,9}", m[1]) if c[:3] in countries]
            country = codes[-1] if codes else country
            continue
        if (m := re.match(r"<ISO3166-alpha3>([A-Z]{3})<", line)) and m[1] in countries:
            country = m[1]
            continue
        stripped = line.strip()
        if stripped in ("<Leaders>", "<Government>", "</Leaders>", "</Government>"):
            section = stripped.strip("</>") if not stripped.startswith("</") else ""
            continue
        if country is None or not section or not stripped or stripped.startswith("#"):
            continue
        if section == "Leaders" and stripped.startswith("<"):
            title = stripped.strip("<>/")
            continue
        names_part, _, comment = stripped.partition("#")
        names = re.findall(r"\{([^}]*)\}", names_part) or [names_part.split("[", 1)[0]]
        names = [n for n in (_clean(n)[0] for n in names) if n]
        if not names:
            continue
        if section == "Leaders":
            role = _role(title, _LEADER_ROLES)
            spans = [replace_span(s, country, role) for s in _spans(re.sub(r"\[(?=[\d<>])", f"[{country}GOV ",
                                                                           names_part), countries)]  # fmt: skip
        else:
            spans = list(_spans(names_part, countries, renamed=renamed))
            titles = comment.split("&") if len(comment.split("&")) == len(spans) else [comment] * len(spans)
            spans = [replace_span(s, s.country, _role(t, _CABINET_ROLES)) for s, t in zip(spans, titles, strict=True)]
        if spans:
            yield SourceRow(names[0], "person", path.name, set(names[1:]), spans=spans)


_PLACE_BLOCKS = {"<MajorCities>": "city", "<Regions>": "region"}


def read_places(path: Path, countries: frozenset[str]) -> Iterator[tuple[str, str, str]]:
    """CountryInfo.txt's <MajorCities> and <Regions>: (press-style name, ISO-3 state, 'city' or
    'region') for every place line of a state's block; commented-out lines ('#\tHONG_KONG_') are
    left out, as is a note after '#'."""
    country: str | None = None
    section = ""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("<Country>"):
            country = None
        if (m := re.match(r"<ISO3166-alpha3>([A-Z]{3})<", line)) and m[1] in countries:
            country = m[1]
            continue
        stripped = line.strip()
        if stripped.startswith("<"):  # a block opens (a place block gives its kind) or closes
            section = _PLACE_BLOCKS.get(stripped, "")
            continue
        if country is None or not section or not stripped or stripped.startswith("#"):
            continue
        raw = stripped.split("#", 1)[0].strip().strip("_")
        if raw and not any(ch.islower() for ch in raw):
            yield press_name(raw), country, section


def replace_span(s: Span, country: str | None, role: str) -> Span:
    return Span(country, s.sector, role, s.start, s.end, s.body)


def read_agents(path: Path) -> Iterator[tuple[str, str]]:
    """NGEC's PLOVER agents: (lower-case noun phrase, PLOVER sector) for 'SOLDIER_ [~MIL]'; '~JNK'
    and '~NON' (not actors) are left out; a compound code gives its first sector."""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0]
        m = re.match(r"^([^\s\[+]+)\s*\[~([A-Z]{3})", body)
        if not m:
            continue
        sector = m[2] if m[2] in _PASS else _MAP.get(m[2])
        phrase = " ".join(re.sub(r"\{[^}]*\}", "", m[1]).replace("_", " ").lower().split())
        if sector and sector != "ELI" and phrase:
            yield phrase, sector


def _latin(text: str) -> bool:
    """Written in the Latin alphabet (with accents): what an English text may contain."""
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in text)


def read_mledoze(path: Path) -> Iterator[tuple[str, set[str], set[str]]]:
    """mledoze countries.json: (ISO-3, English names and alternative spellings, English demonyms);
    codes of two letters and translations are left out."""
    for c in json.loads(path.read_text(encoding="utf-8")):
        names = {c["name"]["common"], c["name"]["official"], *c.get("altSpellings", [])}
        names = {n for n in names if len(n) > 3 and not _ACRONYM.match(n) and _latin(n)}
        demonyms = {v for k in ("m", "f") if (v := c.get("demonyms", {}).get("eng", {}).get(k))}
        yield c["cca3"], names, demonyms
