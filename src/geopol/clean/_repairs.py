"""The repairs: each finds edits in the original text and says why.

They are deliberately conservative: each fixes a scraping or machine-translation artefact that
changes how the text is parsed, never its meaning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from ._offsets import Edit

_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2033": '"',
}  # fmt: skip
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}|[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_NEWLINES = re.compile(r"\r\n?|\n(?:[ \t]*\n){2,}")
_CATEGORY_TAG = re.compile(r"^(?=[^\n]*[a-z])[a-z0-9]+(?:[-_][a-z0-9]+){2,}$")  # not a bare date
_CAMEL_GLUE = re.compile(r"\b([a-z]{3,})([A-Z][a-z]{1,})\b")
_FUNCTION_GLUE = re.compile(r"\b([A-Z][a-z]{2,})(and|the|for|with|from|was|has)\b")
_LOWER_WORD = re.compile(r"\b[a-z][a-z'-]{2,}\b")
_LETTERS = re.compile(r"[^\W\d_]+")
# 'MOSCOW, March 21 — ' / 'SOCHI, Russia, Sept 4 -- ' at the start of a paragraph; a place written
# as a name ('Philadelphia (AFP) – ', 'Washington (CNN) — ') only with the agency it credits
_DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+)*(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*)*"
    r"(?:, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?(\s*\([A-Za-z]+\))?"
    r"|[A-Z][a-z]+(?: [A-Z][a-z]+)*(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*)*(\s*\([A-Z][A-Za-z]+\)))"
    r"( [\u2014\u2013]| --| -) ",
    re.MULTILINE,
)
# an interview's speaker tag at the start of a line: '((WN)) Given that…', '((Jaya)) I…', 'NG: We…'
_SPEAKER_TAG = re.compile(r"^[ \t]*(?:\(\([^()\n]{1,30}\)\)|([A-Z]{2,3}):)[ \t]*", re.MULTILINE)


@dataclass(frozen=True)
class CleanLexicon:
    """What the cleaner needs to know about names; built by the caller from the actor data.

    ``proper_forms`` maps a lower-cased place name or demonym to its proper capitalisation
    ("kyiv" -> "Kyiv"); ``name_tokens`` are name parts a glued function word may follow
    ("Qin" in "Qinand"); ``common_words`` are lower-case words never to capitalise ("turkey").
    """

    proper_forms: dict[str, str] = field(default_factory=dict)
    name_tokens: frozenset[str] = frozenset()
    common_words: frozenset[str] = frozenset()


def _letters_key(s: str) -> str:
    return "".join(_LETTERS.findall(s.replace("'", "").replace("\u2019", ""))).lower()


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line)
        pos += len(line) + 1


def slug_title_lines(text: str, title: str | None) -> Iterator[Edit]:
    """A line near the top that repeats the title with its punctuation stripped (a URL slug
    turned back into words, often truncated) is dropped, with the newline that ends it."""
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    if not lines:
        return
    first = text[lines[0][0] : lines[0][1]]
    for ref in dict.fromkeys((title or "", first)):  # ordered: the same result every run
        ref_key = _letters_key(ref)
        if len(ref_key) < 12:
            continue
        for s, e in lines[:4]:
            line = text[s:e]
            key = _letters_key(line)
            if line.strip() == ref.strip() or len(key) < 0.5 * len(ref_key):
                continue
            if ref_key.startswith(key) and line.strip() != first.strip():
                yield Edit(s, min(e + 1, len(text)), "", "slug title line")
                return


def category_tag(text: str) -> Iterator[Edit]:
    """A last line that is a site's category slug ('lep-life-health-03') is dropped."""
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    if len(lines) < 2:
        return
    s, e = lines[-1]
    if _CATEGORY_TAG.match(text[s:e].strip()):
        yield Edit(s, e, "", "category tag")


def datelines(text: str) -> Iterator[Edit]:
    """A wire dateline ('MOSCOW, March 21 — China and…') becomes a line of its own, so that the
    place is not parsed as the subject of the first sentence; the agency it credits ('(Reuters)')
    is dropped: it wrote the report, it takes no part in it."""
    for m in _DATELINE.finditer(text):
        credit = 1 if m.group(1) else 2 if m.group(2) else 0
        if credit:
            yield Edit(m.start(credit), m.end(credit), "", "dateline credit")
        yield Edit(m.start(3), m.end(), "\n", "dateline")


def speaker_tags(text: str) -> Iterator[Edit]:
    """An interview's speaker tag at the start of a line is dropped: it is markup saying who
    speaks, and parsed as text it became an actor ('WN', Wikinews' interviewer). A doubled bracket
    ('((WN))', '((Jaya))') is always one; initials and a colon ('NG:') only when they open several
    lines, as in a transcript ('UK: Parliament votes' alone is a headline)."""
    found = list(_SPEAKER_TAG.finditer(text))
    initials = Counter(m.group(1) for m in found if m.group(1))
    for m in found:
        if not m.group(1) or initials[m.group(1)] >= 2:
            yield Edit(m.start(), m.end(), "", "speaker tag")


def quotes(text: str) -> Iterator[Edit]:
    for i, ch in enumerate(text):
        if ch in _QUOTES:
            yield Edit(i, i + 1, _QUOTES[ch], "quote")


def whitespace(text: str) -> Iterator[Edit]:
    for m in _INVISIBLE.finditer(text):
        yield Edit(m.start(), m.end(), "", "invisible character")
    for m in _SPACES.finditer(text):
        yield Edit(m.start(), m.end(), " ", "whitespace")
    for m in _NEWLINES.finditer(text):
        yield Edit(m.start(), m.end(), "\n" if m.group().startswith("\r") else "\n\n", "newlines")


def glued_words(text: str, lexicon: CleanLexicon) -> Iterator[Edit]:
    """Words glued across a lost link or tag: 'projectFor' and, for known names, 'Qinand'."""
    for m in _CAMEL_GLUE.finditer(text):
        if m.group(1).lower() in lexicon.proper_forms:  # e.g. lowercase name + Capital: leave
            continue
        yield Edit(m.end(1), m.end(1), " ", "glued words")
    for m in _FUNCTION_GLUE.finditer(text):
        whole = m.group(0)
        if m.group(1) in lexicon.name_tokens and whole.lower() not in lexicon.proper_forms:
            yield Edit(m.end(1), m.end(1), " ", "glued name")


def lowercased_names(text: str, lexicon: CleanLexicon) -> Iterator[Edit]:
    """Place names and demonyms written in lower case ('kyiv', 'chinese flags')."""
    for m in _LOWER_WORD.finditer(text):
        word = m.group()
        proper = lexicon.proper_forms.get(word)
        if proper and word not in lexicon.common_words and proper != word:
            yield Edit(m.start(), m.end(), proper, "lower-cased name")
