"""The ``geopol_figures`` spaCy component: the numbers a text states about something.

A sentence's text is read with the figure tables (``data/figures``): the number (digits or
words), its scale ('billion', 'bn', 'm'), a currency ('$', 'USD', 'yuan') or unit ('km', 'bcm',
'%'), a bound ('more than', 'nearly', 'up to') and ranges ('between 10 and 12', '10-12%'). A
number with neither currency nor unit is a figure only when the parse shows what it counts ('79
major projects'). Years, date expressions, ordinals, times and numbers in names ('F-16',
'Article 5') are not figures. The parse then gives what the figure measures (``quantity``), the
actors of its clause (``subject``) and the date expression that governs it (``period``). Sets
``doc._.geopol_figures``; runs after ``geopol_actors``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ..actors import mentions_of
from ..nlp import TextDate, sentence_dates
from ..nlp.sents import doc_text, sentences
from ..records import Actor
from ._link import (
    actor_index,
    clause_of,
    clause_tokens,
    counted_noun,
    lemma,
    noun_phrase,
    period_of,
    quantity_of,
    subject_of,
    suffered_by_people,
    tallied,
)
from ._scan import RawFigure, Scanner, default_scanner

if not Doc.has_extension("geopol_figures"):
    Doc.set_extension("geopol_figures", default=None)


@dataclass(frozen=True, slots=True)
class FigureSpan:
    """A figure in ``doc.text`` characters: ``doc.text[start_char:end_char] == text``.

    ``value`` is the full value ('$240 billion' -> 240e9); ``unit`` an ISO 4217 code, a unit
    symbol ('km', 'mi', 'm', 't', 'bbl', 'm3'), 'percent' or 'count'; ``bound`` exact, about,
    at_least or at_most. A range ('10-12%') has ``value`` 10, ``upper`` 12 and bound at_least.
    ``quantity``: what it measures ('project', 'investment'); ``subject``: the actors of its
    clause; ``period``: the date expression that governs it ('since X' runs to publication)."""

    start_char: int
    end_char: int
    text: str
    value: float
    unit: str
    bound: str
    upper: float | None = None
    quantity: str | None = None
    subject: tuple[Actor, ...] = ()
    period: TextDate | None = None


def _overlaps(raw: RawFigure, d: TextDate) -> bool:
    return raw.core_start < d.end_char and d.start_char < raw.core_end


@dataclass(frozen=True, slots=True)
class _Context:
    """What every figure of one doc is read against."""

    doc: Doc
    text: str  # doc.text, built once
    index: dict[int, list[Actor]]  # token -> the actors a mention there names
    uncounted: frozenset[str]


def _figure(ctx: _Context, raw: RawFigure, dates: list[TextDate]) -> FigureSpan | None:
    doc = ctx.doc
    core = doc.char_span(raw.core_start, raw.core_end, alignment_mode="expand")
    if core is None or not len(core):
        return None
    start, end, unit, quantity = raw.start, raw.end, raw.unit, None
    if unit is None:
        noun = counted_noun(doc, core)
        if noun is not None and lemma(noun) not in ctx.uncounted:
            unit, quantity, root = "count", noun_phrase(noun), noun
            end = max(end, noun.idx + len(noun.text))
        elif noun is None and raw.scaled and (quantity := quantity_of(core.root)) is not None:
            unit, root = "count", core.root  # 'a population of 5 million'
        elif noun is None and suffered_by_people(core):
            unit, quantity, root = "count", "people", core.root  # 'at least 100 were killed'
        elif noun is None and tallied(core):
            unit, quantity, root = "count", quantity_of(core.root), core.root  # 'the death toll rose to 45'
        else:
            return None
    else:
        root = core.root
        quantity = quantity_of(root)
    tokens = clause_tokens(clause_of(root))
    return FigureSpan(
        start_char=start,
        end_char=end,
        text=ctx.text[start:end],
        value=raw.value,
        unit=unit,
        bound=raw.bound,
        upper=raw.upper,
        quantity=quantity,
        subject=subject_of(tokens, ctx.index),
        period=period_of(doc, root, tokens, dates),
    )


def find_figures(doc: Doc, scanner: Scanner | None = None) -> list[FigureSpan]:
    """Every figure of a parsed ``doc`` (actor mentions from ``geopol_actors`` when it ran), in
    text order."""
    scanner = scanner or default_scanner()
    text = doc_text(doc)
    ctx = _Context(doc, text, actor_index(mentions_of(doc)), scanner.tables.uncounted)
    out: list[FigureSpan] = []
    for sent in sentences(doc):
        raws = list(scanner.scan(text, sent.start_char, sent.end_char))
        dates = sentence_dates(doc, sent) if raws else []
        for raw in raws:
            if raw.unit is None and any(_overlaps(raw, d) for d in dates):
                continue  # 'March 20 to 22', '20 March', 'in 2019'
            fig = _figure(ctx, raw, dates)
            if fig is not None:
                out.append(fig)
    return out


class FigureComponent:
    """Sets ``doc._.geopol_figures`` to :func:`find_figures` of the doc."""

    def __init__(self, scanner: Scanner | None = None) -> None:
        self.scanner = scanner or default_scanner()  # the tables are read (and checked) now
        # the physical measures: the tables' units but the percentage ('km', 'mph', 'mg', 'MW')
        self.measures = frozenset(f.unit for f in self.scanner.tables.of("unit")) - {"percent"}

    def __call__(self, doc: Doc) -> Doc:
        figures = find_figures(doc, self.scanner)
        events = doc._.get("geopol_events") if Doc.has_extension("geopol_events") else None
        if events is not None and not events:  # the event coder ran and found no political event
            # figures are numbers about something political or economic (CODING.md); in a text in
            # which the event coder finds no political event, a physical measure is a storm's wind
            # speed, a planet's atmosphere, a race's distance, an athlete's height (the annotated
            # Wikinews figures set: 36 such figures in its 18 articles with no event, none of them
            # coded; in the 26 with events, 4 of 5 were), so it is left out there. Counts,
            # percentages and money stay (21 of 30 right there).
            figures = [f for f in figures if f.unit not in self.measures]
        doc._.geopol_figures = figures
        return doc


@Language.factory("geopol_figures", assigns=["doc._.geopol_figures"], requires=["token.dep", "token.lemma"])
def make_figure_component(nlp: Language, name: str) -> FigureComponent:
    return FigureComponent()
