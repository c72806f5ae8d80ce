"""The data model: typed, immutable records that every stage takes and returns.

Their JSON serialisation (``as_json``) is exactly the shape of the evaluation contract
(FORMAT.md): a ``DocResult`` becomes one output line. All offsets are Python string indices into
the *original* document text: ``doc.text[m.start:m.end] == m.text`` always holds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from .errors import Errors, GeopolError

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip
QUAD_CLASS: dict[str, int] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT"), 1),
    **dict.fromkeys(("CONCEDE", "COOPERATE", "AID", "RETREAT"), 2),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN"), 3),
    **dict.fromkeys(("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"), 4),
}
Certainty = Literal["asserted", "reported", "hedged", "unverified", "denied"]
BACKGROUND_DAYS = 365  # an event that ended longer than this before publication is background
ActorKind = Literal["state", "person", "org", "igo", "group"]


def content_id(text: str) -> str:
    """A stable document id from its text: the first 16 hex digits of its SHA-256."""
    return "doc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Document:
    """One input article, as read. ``text`` is the original text that every offset refers to."""

    id: str
    text: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = None
    origin: str | None = None  # where it was read from: a path, "path:line" or "stdin"
    source: str | None = None  # the outlet that published it ("Reuters"), when the input names it

    def __post_init__(self) -> None:
        """``published`` may be given as an ISO date string ('2023-03-21'); anything else that is
        not a date is refused here (E302), not deep inside the pipeline."""
        p = self.published
        if isinstance(p, datetime):
            object.__setattr__(self, "published", p.date())
            return
        if p is None or isinstance(p, date):
            return
        if isinstance(p, str):
            try:
                object.__setattr__(self, "published", date.fromisoformat(p.strip()[:10]))
                return
            except ValueError:
                pass
        raise GeopolError(Errors.E302, value=p)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
            "url": self.url,
            "language": self.language,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Actor:
    """What a mention resolves to."""

    name: str
    country: str | None  # ISO-3, or IGO / NGO / MNC; None when unknown
    sector: str | None  # PLOVER sector code
    kind: ActorKind
    wikidata: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "kind": self.kind,
            "wikidata": self.wikidata,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the document that names an actor, and how sure the resolution is."""

    text: str
    start: int
    end: int
    actor: Actor
    confidence: float = 1.0
    # name | alias | demonym | metonym | role | title | sector | place | pronoun | anaphor |
    # short name | counterpart | ner
    how: str = "name"
    why: str = ""  # the resolution in words ('foreign_minister of CHN on 2023-03-01: Qin Gang')
    located: str | None = None  # ISO-3 of where the actor is ('the Chinese embassy in Ukraine': UKR)

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "actor": self.actor.as_json(),
            "confidence": round(self.confidence, 3),
            "how": self.how,
            "why": self.why,
            "located": self.located,
        }


@dataclass(frozen=True, slots=True)
class Attribution:
    claimant: Mention | None
    cue: Span

    def as_json(self) -> dict[str, Any]:
        return {
            "claimant": self.claimant.as_json() if self.claimant else None,
            "cue": self.cue.as_json(),
        }


@dataclass(frozen=True, slots=True)
class DateRange:
    start: str | None
    end: str | None
    granularity: str | None
    text: str | None

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "granularity": self.granularity, "text": self.text}


@dataclass(frozen=True, slots=True)
class Location:
    text: str
    country: str | None
    name: str | None

    def as_json(self) -> dict[str, Any]:
        return {"text": self.text, "country": self.country, "name": self.name}


@dataclass(frozen=True, slots=True)
class Aggregate:
    """Repeated or habitual events summed up in one statement: a count (with its bound) over a
    period ('more than 40 times over the past 14 years'), or a recurrence ('every year')."""

    count: float | None
    bound: str | None  # exact | about | at_least | at_most
    every: str | None  # day | week | month | year for 'every year', 'annually'
    text: str

    def as_json(self) -> dict[str, Any]:
        return {"count": self.count, "bound": self.bound, "every": self.every, "text": self.text}


@dataclass(frozen=True, slots=True)
class Event:
    """One coded PLOVER event with its participants and the evidence behind it."""

    type: str
    mode: str | None
    context: tuple[str, ...]
    source: tuple[Mention, ...]
    target: tuple[Mention, ...]
    reciprocal: bool
    trigger: Span
    sentence: Span
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    certainty: Certainty = "asserted"
    attribution: Attribution | None = None
    date: DateRange | None = None
    location: Location | None = None
    confidence: float = 0.5
    claim: int | None = None  # index into the document's claims: the innermost claim it is reported in
    aggregate: Aggregate | None = None  # a summary of repeated events ('have met more than 40 times')
    background: bool = False  # a fact about the past (see ``is_background``): kept, left out of series
    repeats: tuple[Span, ...] = ()  # later sentences of the document that tell this event again

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "mode": self.mode,
            "context": list(self.context),
            "source": [m.as_json() for m in self.source],
            "target": [m.as_json() for m in self.target],
            "reciprocal": self.reciprocal,
            "trigger": self.trigger.as_json(),
            "sentence": {"start": self.sentence.start, "end": self.sentence.end},
            "negated": self.negated,
            "hypothetical": self.hypothetical,
            "future": self.future,
            "certainty": self.certainty,
            "attribution": self.attribution.as_json() if self.attribution else None,
            "date": self.date.as_json() if self.date else None,
            "location": self.location.as_json() if self.location else None,
            "confidence": round(self.confidence, 3),
            "claim": self.claim,
            "aggregate": self.aggregate.as_json() if self.aggregate else None,
            "background": self.background,  # geopol's addition to FORMAT.md's Event
            # geopol's addition too: the sentences that tell it again, folded into this one event
            "repeats": [{"start": s.start, "end": s.end} for s in self.repeats],
        }


def is_background(when: DateRange | None, published: date | None) -> bool:
    """An event whose own date ended more than ``BACKGROUND_DAYS`` before its document was published
    ('the 1978 accords', 'in 1994'): background to the news, not news. Without either date: not."""
    if when is None or when.end is None or published is None:
        return False
    return (published - date.fromisoformat(when.end)).days > BACKGROUND_DAYS


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement with its source. ``kind``: speech, announcement ('announced the decision'),
    promise, threat, demand, assessment, accusation, denial, confirm, belief, source ('according
    to') or hearsay ('reportedly', no claimant). A denial is a negated claim."""

    claimant: Mention | None
    cue: Span
    content: Span
    certainty: Certainty = "reported"
    negated: bool = False
    kind: str = "speech"
    parts: tuple[Span, ...] = ()  # a content in pieces around its cue ('"A," he said. "B."')

    def as_json(self) -> dict[str, Any]:
        return {
            "claimant": self.claimant.as_json() if self.claimant else None,
            "cue": self.cue.as_json(),
            "content": self.content.as_json(),
            "certainty": self.certainty,
            "negated": self.negated,
            "kind": self.kind,
            "content_spans": [p.as_json() for p in self.parts],
        }


@dataclass(frozen=True, slots=True)
class Figure:
    text: str
    start: int
    end: int
    value: float
    unit: str
    bound: Literal["exact", "about", "at_least", "at_most"] = "exact"
    quantity: str | None = None
    subject: tuple[Actor, ...] = ()
    period: DateRange | None = None
    upper: float | None = None  # a range's upper end ('between 10 and 12 billion': value 10e9, upper 12e9)

    def as_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "unit": self.unit,
            "bound": self.bound,
            "quantity": self.quantity,
            "subject": [a.as_json() for a in self.subject],
            "period": self.period.as_json() if self.period else None,
            "upper": self.upper,
        }


@dataclass(frozen=True, slots=True)
class DocError:
    """Why one document produced no records. ``code`` is an ``Errors`` name such as ``E005``."""

    code: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True, slots=True)
class DocResult:
    """Everything geopol extracted from one document, or the error that stopped it."""

    document: Document
    actors: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    claims: tuple[Claim, ...] = ()
    figures: tuple[Figure, ...] = ()
    error: DocError | None = None
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.error is None

    def as_json(self) -> dict[str, Any]:
        if self.error is not None:
            return {"id": self.document.id, "status": "error", "error": self.error.as_json()}
        return {
            "id": self.document.id,
            "status": "ok",
            "actors": [m.as_json() for m in self.actors],
            "events": [e.as_json() for e in self.events],
            "claims": [c.as_json() for c in self.claims],
            "figures": [f.as_json() for f in self.figures],
        }
