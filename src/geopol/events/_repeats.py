"""Repeats: a later sentence of a document that tells an event already coded again is no new event.

The coding rules code "one gold event per distinct happening and type; repeats of the same happening
later in the text are not new events (code the first, clearest mention)". An article names its
main event in the headline, in the first paragraph and again in a quotation; coding each mention
counts one happening three times. A later event is a candidate repeat of an earlier one of the
document when both have the same type, negation and the same countries on each side (at least
one country known). Whether it is one is decided by a logistic model (``RepeatModel``) over the pair
(``features``), fitted by ``geopol.train.repeats`` to the annotations' ``repeat`` marks, and folded:
the repeat is no event of its own, its sentence joins the first mention's ``repeats`` (the evidence
stays with the event). Distinct happenings of one type and dyad are common (a campaign's many
accusations), so most candidates stay events; the model weighs what tells them apart (the same
trigger word, a definite or possessive noun, "the visit"; the same named actors; a different date).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from spacy.tokens import Doc, Span

from ..errors import Errors, GeopolError

FILE = "repeats.json"
FEATURES = (
    "bias",
    "same trigger lemma as an earlier mention",
    "trigger noun with a definite or possessive determiner",
    "distance to the nearest earlier mention, log characters / 8",
    "the same named actors on both sides as the nearest earlier mention",
    "a named actor in common on one side",
    "the first mention is in the document's first sentence",
    "dated, and differently from the nearest dated earlier mention",
    "dated, and the same as the nearest dated earlier mention",
    "attributed (reported speech)",
    "earlier mentions, log",
    "confidence",
    "the nearest earlier mention's confidence",
    "type ACCUSE",
    "type SUPPORT",
    "type ASSAULT or COERCE",
    "trigger a gerund or present participle",
    "content words shared with the most similar earlier mention's sentence (share of the shorter)",
)
_DETERMINERS = frozenset("the this that these those his her their its our such".split())


class _Event(Protocol):  # the parts of ``component.EventSpan`` read here (imported one way: it imports us)
    rule: Any
    trigger: Span
    sentence: Span
    source: list[Any]
    target: list[Any]
    modality: Any
    confidence: float
    date: Any
    repeats: list[Span]


def key(e: _Event) -> tuple[str, frozenset[str | None], frozenset[str | None], bool] | None:
    """Events of one key may tell one happening; None: no side of a known country."""
    src = frozenset(m.actor.country for m in e.source)
    tgt = frozenset(m.actor.country for m in e.target)
    if not (src | tgt) - {None}:
        return None
    return (e.rule.type, src, tgt, bool(e.modality.negated))


def _names(ms: Sequence[Any]) -> frozenset[str]:
    return frozenset(m.actor.name for m in ms)


def _words(sentence: Span) -> frozenset[str]:
    """A sentence's content words, cut to five letters (as the clusters compare evidence)."""
    return frozenset(t.lower_[:5] for t in sentence if t.is_alpha and not t.is_stop)


def _shared(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def features(e: _Event, earlier: Sequence[_Event], reported: bool = False) -> list[float]:
    """The pair of a later event ``e`` and the earlier events of its key (in text order);
    ``reported``: ``e``'s trigger is inside what someone is said to have said (a claim's content)."""
    p = earlier[-1]
    head = e.trigger.root
    lemma = head.lemma_.lower()
    dets = [c for c in head.children if c.dep_ in ("det", "poss")]
    definite = head.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "poss" or c.lower_ in _DETERMINERS for c in dets)
    dist = e.sentence.start_char - p.sentence.end_char
    same_names = _names(e.source) == _names(p.source) and _names(e.target) == _names(p.target)
    common = bool(_names(e.source) & _names(p.source)) or bool(_names(e.target) & _names(p.target))
    ed = getattr(e.date, "first", None)
    pd = next((x.date.first for x in reversed(earlier) if x.date is not None), None)  # the nearest dated one
    t = e.rule.type
    words = _words(e.sentence)
    return [
        1.0,
        float(any(x.trigger.root.lemma_.lower() == lemma for x in earlier)),
        float(definite),
        math.log1p(max(dist, 0)) / 8,
        float(same_names),
        float(common),
        float(earlier[0].sentence.start == 0),
        float(ed is not None and pd is not None and ed != pd),
        float(ed is not None and ed == pd),
        float(reported),
        math.log1p(len(earlier)),
        float(e.confidence),
        float(p.confidence),
        float(t == "ACCUSE"),
        float(t == "SUPPORT"),
        float(t in ("ASSAULT", "COERCE")),
        float(head.tag_ == "VBG"),
        max(_shared(words, _words(x.sentence)) for x in earlier),
    ]


def candidates(events: Sequence[_Event]) -> list[tuple[int, list[int]]]:
    """(event, the earlier events of its key), indexes into ``events``, for each event that has some;
    in text order (sentence, then trigger)."""
    order = sorted(range(len(events)), key=lambda i: (events[i].sentence.start, events[i].trigger.start))
    seen: dict[Any, list[int]] = {}
    out = []
    for i in order:
        k = key(events[i])
        if k is None:
            continue
        if seen.get(k):
            out.append((i, list(seen[k])))
        seen.setdefault(k, []).append(i)
    return out


@dataclass(frozen=True)
class RepeatModel:
    weights: np.ndarray
    threshold: float
    card: dict[str, Any]

    def probability(self, x: Sequence[float]) -> float:
        return float(1.0 / (1.0 + math.exp(-float(np.dot(self.weights, x)))))

    def to_disk(self, folder: Path) -> None:
        body = {"features": list(FEATURES), "weights": [round(float(w), 6) for w in self.weights],
                "threshold": self.threshold, "card": self.card}  # fmt: skip
        (folder / FILE).write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def from_disk(cls, folder: Path) -> RepeatModel | None:
        path = folder / FILE
        if not path.exists():
            return None
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
            if list(body["features"]) != list(FEATURES):
                raise ValueError("its features are not this geopol's (retrain: python -m geopol.train.repeats)")
            return cls(np.asarray(body["weights"], np.float64), float(body["threshold"]), dict(body.get("card", {})))
        except (OSError, KeyError, TypeError, ValueError) as err:
            raise GeopolError(Errors.E105, path=path, detail=f"{type(err).__name__}: {err}") from err


def reported_words(doc: Doc) -> set[int]:
    """The tokens inside the content of a claim the claims component found (empty without one)."""
    claims = doc._.geopol_claims if Doc.has_extension("geopol_claims") else None
    out: set[int] = set()
    for c in claims or []:
        for part in c.parts or [c.content]:
            out.update(range(part.start, part.end))
    return out


def fold(events: list[Any], model: RepeatModel | None, doc: Doc) -> list[Any]:
    """``events`` (of ``doc``) without their repeats; each repeat's sentence joins its first mention's
    ``repeats``. Every candidate is read against all the earlier events of its key, folded or not, as
    in training."""
    pairs = candidates(events) if model is not None else []
    if model is None or not pairs:
        return events
    reported = reported_words(doc)  # read only for a document with a candidate
    folded: set[int] = set()
    for i, earlier in pairs:
        e = events[i]
        x = features(e, [events[j] for j in earlier], e.trigger.root.i in reported)
        if model.probability(x) >= model.threshold:
            folded.add(i)
            events[earlier[0]].repeats.append(e.sentence)  # the first of a key is never a repeat itself
    return [e for i, e in enumerate(events) if i not in folded]
