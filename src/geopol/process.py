"""Stage 6, process: Documents in, DocResults out — clean, parse, resolve actors, code events.

The one place where the stages meet. ``Extractor.run`` never raises for a bad document: each one
becomes an error result with its code, and the batch goes on.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from . import actors as _actors  # noqa: F401  (registers the geopol_actors factory)
from . import claims as _claims  # noqa: F401  (registers the geopol_claims factory)
from . import events as _events  # noqa: F401  (registers the geopol_events factory)
from . import figures as _figures  # noqa: F401  (registers the geopol_figures factory)
from .actors import MentionSpan, actor_mentions, load_kb, mentions_of
from .actors.kb import KnowledgeBase
from .claims import ClaimSpan, link_events
from .clean import AlignedText, CleanLexicon, clean, common_lowercase_words
from .errors import DocumentError, Errors
from .events import EventSpan
from .events.component import whole
from .figures import FigureSpan
from .ingest import check_text
from .nlp import TextDate, load_nlp
from .records import (
    Aggregate,
    Claim,
    DateRange,
    DocError,
    DocResult,
    Document,
    Event,
    Figure,
    Location,
    Mention,
    Span,
    is_background,
)
from .settings import Settings

Item = Document | DocResult


def clean_lexicon(kb: KnowledgeBase) -> CleanLexicon:
    """What the cleaner must know about names, from the actor knowledge base."""
    proper: dict[str, str] = {}
    for c in kb.countries.values():
        for form in (c.name, *c.adjectives, *c.capitals):
            if " " not in form and len(form) >= 4 and form[0].isupper():
                proper.setdefault(form.lower(), form)
    tokens = {t for name in kb.people for t in name.split() if len(t) >= 2}
    return CleanLexicon(proper, frozenset(tokens), common_lowercase_words())


@dataclass
class _Prepared:
    doc: Document
    aligned: AlignedText
    warnings: tuple[str, ...] = ()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the pipeline and the knowledge base load: they make
    hundreds of thousands of objects that live as long as the process and no garbage cycles, and
    every full collection meanwhile would walk them all again (a third of the start-up)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class Extractor:
    """Holds the loaded pipeline; ``run`` turns any stream of documents into results."""

    def __init__(self, settings: Settings | None = None, nlp: Language | None = None) -> None:
        with _collector_paused():
            self._load(settings, nlp)

    def _load(self, settings: Settings | None, nlp: Language | None) -> None:
        # no settings given: the defaults and the GEOPOL_* variables, as the command line and the HTTP API read them
        self.settings = settings or Settings.from_env()
        actors_file = self.settings.actors_file
        self.kb = load_kb(actors_file)
        self.nlp = nlp or load_nlp(self.settings.model)
        if "geopol_actors" not in self.nlp.pipe_names:
            self.nlp.add_pipe("geopol_actors", config={"actors_file": str(actors_file)})
        if "geopol_claims" not in self.nlp.pipe_names:
            self.nlp.add_pipe("geopol_claims", config={"beliefs": self.settings.beliefs})
        if "geopol_events" not in self.nlp.pipe_names:
            self.nlp.add_pipe("geopol_events", config={"model": self.settings.event_model})
        if "geopol_figures" not in self.nlp.pipe_names:
            self.nlp.add_pipe("geopol_figures")
        self.lexicon = clean_lexicon(self.kb)

    # --- per document ----------------------------------------------------------------------
    def _prepare(self, doc: Document, warnings: tuple[str, ...] = ()) -> _Prepared | DocResult:
        s = self.settings
        try:
            check_text(doc.text, doc.language, s.max_chars, s.min_english)
            aligned = clean(doc.text, doc.title, self.lexicon)
            if not aligned.text.strip():
                raise DocumentError(Errors.E001)
        except DocumentError as err:
            return DocResult(document=doc, error=DocError(err.code, err.message), warnings=warnings)
        return _Prepared(doc, aligned, warnings)

    def _spacy_doc(self, p: _Prepared) -> Doc:
        sdoc = self.nlp.make_doc(p.aligned.text)
        sdoc._.geopol_date = p.doc.published
        return sdoc

    def parsed(self, docs: Iterable[Document], batch_size: int | None = None) -> Iterator[tuple[int, AlignedText, Doc]]:
        """Each document that passes the checks, cleaned and run through the pipeline as ``run`` runs
        it: its index in ``docs``, its cleaned text and the spaCy Doc (for training, which reads
        what the components found rather than the records). A document the checks reject is left
        out; a failing one raises. Lazy: documents are read as the pipeline asks for them."""
        prepared = ((k, p) for k, p in enumerate(self._prepare(d) for d in docs) if isinstance(p, _Prepared))
        tuples = ((self._spacy_doc(p), (k, p.aligned)) for k, p in prepared)
        for sdoc, (k, aligned) in self.nlp.pipe(
            tuples, as_tuples=True, batch_size=batch_size or self.settings.batch_size
        ):
            yield k, aligned, sdoc

    def _run_batch(self, prepared: list[_Prepared]) -> list[DocResult]:
        try:
            sdocs = list(self.nlp.pipe((self._spacy_doc(p) for p in prepared), batch_size=self.settings.batch_size))
            return [
                replace(to_result(p.doc, p.aligned, d, self.settings.whole_events_only), warnings=p.warnings)
                for p, d in zip(prepared, sdocs, strict=True)
            ]
        except Exception:  # one bad document must not sink its batch: retry one by one
            if len(prepared) == 1:
                raise
        out = []
        for p in prepared:
            try:
                out.extend(self._run_batch([p]))
            except Exception as err:  # noqa: BLE001 - recorded as E901 with the exception
                msg = Errors.E901.value.format(detail=f"{type(err).__name__}: {err}")
                out.append(DocResult(document=p.doc, error=DocError("E901", msg)))
        return out

    def run(self, items: Iterable[Item]) -> Iterator[DocResult]:
        """Results in input order; documents are parsed in batches of ``settings.batch_size``."""
        pending: list[_Prepared | DocResult] = []
        for item in items:
            if isinstance(item, DocResult) and item.error is not None:
                pending.append(item)
            elif isinstance(item, DocResult):  # a document the reader had warnings about
                pending.append(self._prepare(item.document, item.warnings))
            else:
                pending.append(self._prepare(item))
            if sum(isinstance(p, _Prepared) for p in pending) >= self.settings.batch_size:
                yield from self._flush(pending)
                pending = []
        yield from self._flush(pending)

    def _flush(self, pending: list[_Prepared | DocResult]) -> list[DocResult]:
        todo = [p for p in pending if isinstance(p, _Prepared)]
        done = iter(self._run_batch(todo)) if todo else iter(())
        return [next(done) if isinstance(p, _Prepared) else p for p in pending]

    def extract(self, doc: Document) -> DocResult:
        return next(self.run([doc]))


# --- spaCy Doc -> records, offsets mapped back to the original text ---------------------------
def _mention(m: MentionSpan, aligned: AlignedText) -> Mention:
    s, e = aligned.to_original(m.start_char, m.end_char)
    return Mention(aligned.original[s:e], s, e, m.actor, m.confidence, m.how, m.why, m.located)


def _span(start: int, end: int, aligned: AlignedText) -> Span:
    s, e = aligned.to_original(start, end)
    text = aligned.original[s:e]
    stripped = text.strip()
    s += len(text) - len(text.lstrip())
    return Span(s, s + len(stripped), stripped)


def _event(ev: EventSpan, aligned: AlignedText, published: date | None) -> Event:
    mod = ev.modality
    when = _date(ev.date, aligned)
    return Event(
        type=ev.rule.type,
        mode=ev.rule.mode,
        context=ev.rule.context,
        source=tuple(_mention(m, aligned) for m in ev.source),
        target=tuple(_mention(m, aligned) for m in ev.target),
        reciprocal=ev.reciprocal,
        trigger=_span(ev.trigger.start_char, ev.trigger.end_char, aligned),
        sentence=_span(ev.sentence.start_char, ev.sentence.end_char, aligned),
        negated=mod.negated,
        hypothetical=mod.hypothetical,
        future=mod.future,
        certainty=mod.certainty,  # type: ignore[arg-type]
        date=when,
        location=_location(ev, aligned),
        confidence=ev.confidence,
        aggregate=_aggregate(ev, aligned),
        background=is_background(when, published),
        repeats=tuple(_span(s.start_char, s.end_char, aligned) for s in ev.repeats),
    )


def _aggregate(ev: EventSpan, aligned: AlignedText) -> Aggregate | None:
    f = ev.frequency
    if f is None:
        return None
    return Aggregate(f.count, f.bound, f.every, _span(f.start_char, f.end_char, aligned).text)


def _date(d: TextDate | None, aligned: AlignedText) -> DateRange | None:
    if d is None:
        return None
    text = _span(d.start_char, d.end_char, aligned).text
    return DateRange(d.first.isoformat(), d.last.isoformat(), d.granularity, text)


def _location(ev: EventSpan, aligned: AlignedText) -> Location | None:
    p = ev.place
    if p is None:
        return None
    return Location(_span(p.start_char, p.end_char, aligned).text, p.country, p.name)


def _claim(c: ClaimSpan, aligned: AlignedText) -> Claim:
    return Claim(
        claimant=_mention(c.claimant, aligned) if c.claimant else None,
        cue=_span(c.cue.start_char, c.cue.end_char, aligned),
        content=_span(c.content.start_char, c.content.end_char, aligned),
        certainty=c.certainty,  # type: ignore[arg-type]
        negated=c.negated,
        kind=c.kind,
        parts=tuple(_span(p.start_char, p.end_char, aligned) for p in c.parts or ()),
    )


def _figure(f: FigureSpan, aligned: AlignedText) -> Figure:
    span = _span(f.start_char, f.end_char, aligned)
    return Figure(
        text=span.text,
        start=span.start,
        end=span.end,
        value=f.value,
        unit=f.unit,
        bound=f.bound,  # type: ignore[arg-type]
        quantity=f.quantity,
        subject=f.subject,
        period=_date(f.period, aligned),
        upper=f.upper,
    )


def to_result(doc: Document, aligned: AlignedText, sdoc: Doc, whole_only: bool = False) -> DocResult:
    """The records of a parsed document (``whole_only``: without the directed events that name no
    one on one side, ``events.component.whole``)."""
    claims = tuple(_claim(c, aligned) for c in sdoc._.geopol_claims or [])
    spans = [e for e in sdoc._.geopol_events or [] if not whole_only or whole(e)]
    events = tuple(_event(e, aligned, doc.published) for e in spans)
    return DocResult(
        document=doc,
        actors=tuple(_mention(m, aligned) for m in actor_mentions(mentions_of(sdoc))),
        events=link_events(events, claims),
        claims=claims,
        figures=tuple(_figure(f, aligned) for f in sdoc._.geopol_figures or []),
    )
