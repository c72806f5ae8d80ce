"""Featurise the training examples with geopol's own pipeline and fit the event and role models.

Each example runs through the same cleaning, parsing, actor and rule stages as extraction (the
event component with the rules alone), so the model is trained on exactly the features it sees
at run time. The type model is fitted first; its trigger choice then anchors the role examples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc

from ..actors import actor_mentions
from ..clean import AlignedText
from ..events._features import sentence_vector
from ..events._learned import Unit, anchor_for, role_features, rule_roles_of
from ..events.component import EventComponent
from ..events.model import ROLE_LABELS, EventModel, LinearModel
from ..process import Extractor
from ..records import PLOVER_TYPES, Document
from ..settings import Settings
from .corpus import Example
from .linear import Design, Weights, fit_sigmoid, fit_softmax

MIN_COUNT = 2


@dataclass
class Row:
    """One labelled sentence with what the model reads in it."""

    example: Example
    unit_no: int
    doc: Doc
    aligned: AlignedText
    unit: Unit
    feats: list[str]
    dense: np.ndarray
    labels: list[int]


def published_date(s: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def rule_pipeline() -> Extractor:
    """The extraction pipeline with the event component on its rules alone."""
    from ..nlp import load_nlp

    settings = Settings(event_model="none")
    nlp = load_nlp(settings.model)
    nlp.add_pipe("geopol_actors", config={"actors_file": str(settings.actors_file)})
    nlp.add_pipe("geopol_claims", config={"beliefs": settings.beliefs})
    nlp.add_pipe("geopol_events", config={"model": settings.event_model})
    return Extractor(settings, nlp)


def _merge(units: list[Unit], doc: Doc) -> Unit:
    return Unit(0, len(doc), [m for u in units for m in u.mentions], [c for u in units for c in u.candidates],
                [e for u in units for e in u.rule_events])  # fmt: skip


def analysed(ex: Extractor, docs: list[tuple[str, str, str | None]], batch: int) -> Iterator[tuple[int, AlignedText, Doc, list[Unit]]]:  # fmt: skip
    """Each (id, text, publication date) of ``docs`` run through ``ex`` as extraction runs it, ``batch``
    at a time: its index in ``docs``, its cleaned text, the spaCy Doc and the event component's
    sentences. A document the checks reject is left out."""
    comp: EventComponent = ex.nlp.get_pipe("geopol_events")  # type: ignore[assignment]
    documents = (Document(id=key, text=text, published=published_date(published)) for key, text, published in docs)
    for k, aligned, doc in ex.parsed(documents, batch):
        yield k, aligned, doc, comp.analyse(doc)


def featurise(examples: list[Example], ex: Extractor | None = None, batch: int = 64) -> list[Row]:
    rows: list[Row] = []
    texts = [(e.key, e.text, e.published) for e in examples]
    for i, aligned, doc, units in analysed(ex or rule_pipeline(), texts, batch):
        e = examples[i]
        for k, span in enumerate(e.units):
            if span is None:
                chosen = [_merge(units, doc)] if units else []
            else:
                chosen = [u for u in units if _overlap(aligned, doc, u, span) >= 0.5]
            for u in chosen:
                rows.append(
                    Row(e, k, doc, aligned, u, u.features(doc), sentence_vector(doc, u.start, u.end), e.labels[k])
                )
    return rows


def _overlap(aligned, doc: Doc, u: Unit, span: tuple[int, int]) -> float:  # type: ignore[no-untyped-def]
    """Share of the sentence ``u`` (mapped to original offsets) inside ``span``."""
    s, e = aligned.to_original(doc[u.start].idx, doc[u.end - 1].idx + len(doc[u.end - 1].text))
    inter = max(0, min(e, span[1]) - max(s, span[0]))
    return inter / max(e - s, 1)


# --- the type model -------------------------------------------------------------------------------
def vocabulary(feats: list[list[str]]) -> dict[str, int]:
    """Features seen in at least MIN_COUNT examples, numbered in sorted order."""
    counts: dict[str, int] = {}
    for fs in feats:
        for f in set(fs):
            counts[f] = counts.get(f, 0) + 1
    kept = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    return {f: i for i, f in enumerate(kept)}


def design(feats: list[list[str]], dense: np.ndarray | None, vocab: dict[str, int]) -> Design:
    return Design.build([sorted({vocab[f] for f in fs if f in vocab}) for fs in feats], dense, len(vocab))


def fit_types(rows: list[Row], C: float = 0.2, seed: int = 15) -> LinearModel:
    vocab = vocabulary([r.feats for r in rows])
    X = design([r.feats for r in rows], None, vocab)  # the tok2vec mean lowered cross-validated F1: sparse only
    Y = np.array([r.labels for r in rows], dtype=np.int8)
    w = np.array([r.example.weight for r in rows], dtype=np.float32)
    wt = fit_sigmoid(X, Y, w, C=C, seed=seed)
    return _linear(PLOVER_TYPES, vocab, wt)


def _linear(labels: tuple[str, ...], vocab: dict[str, int], wt: Weights) -> LinearModel:
    return LinearModel(labels, vocab, wt.W, wt.D, wt.b, wt.mean, wt.scale)


def type_scores(model: LinearModel, rows: list[Row]) -> np.ndarray:
    dense = np.stack([r.dense for r in rows]) if rows and model.D.shape[0] else None
    return model.scores([r.feats for r in rows], dense)


# --- the role model -------------------------------------------------------------------------------
def role_examples(rows: list[Row], types: LinearModel) -> tuple[list[list[str]], list[int], list[float]]:
    """(features, label, weight) for every actor mention of every gold event with roles."""
    probe = EventModel(types, None, {}, {})
    feats: list[list[str]] = []
    labels: list[int] = []
    weights: list[float] = []
    z = type_scores(types, rows)
    for r, zr in zip(rows, z, strict=True):
        golds = r.example.events[r.unit_no] if r.example.events else []
        cands = actor_mentions(r.unit.mentions)
        if not cands:
            continue
        for g in golds:
            spans = [(x.role, x.start, x.end) for x in g.roles if x.start is not None]
            if not spans:
                continue
            t = g.types[0] if g.types else _best_of_class(zr, r.labels)
            if t is None:
                continue
            anchor = anchor_for(r.doc, r.unit, probe, PLOVER_TYPES.index(t))
            if anchor is None:
                continue
            rr = rule_roles_of(r.unit)
            first = min(m.start for m in cands)
            for m in cands:
                ms, me = _orig(r, m)
                role = "none"
                for name, s, e in spans:
                    if s is not None and e is not None and ms < e and s < me:
                        role = name
                        break
                feats.append(role_features(r.doc, m, anchor, t, rr, m.start == first))
                labels.append(ROLE_LABELS.index(role))
                weights.append(r.example.weight * (0.5 if g.borderline else 1.0))
    return feats, labels, weights


def _orig(r: Row, m) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """A mention's offsets in the example's own text (spans of the gold are in those)."""
    return r.aligned.to_original(m.start_char, m.end_char)


def _best_of_class(z: np.ndarray, labels: list[int]) -> str | None:
    allowed = [i for i, v in enumerate(labels) if v != 0]
    if not allowed or len(allowed) == len(labels):
        return None
    return PLOVER_TYPES[max(allowed, key=lambda i: z[i])]


def fit_roles(feats: list[list[str]], labels: list[int], weights: list[float], seed: int = 15) -> LinearModel:
    vocab = vocabulary(feats)
    X = design(feats, None, vocab)
    wt = fit_softmax(X, np.array(labels), np.array(weights, np.float32), len(ROLE_LABELS), seed=seed)
    return _linear(ROLE_LABELS, vocab, wt)
