"""Where the event coder loses a gold set's events: ``python -m geopol.train.diagnose``.

For every required gold event (FORMAT.md: ``quote`` or ``start``/``end``, ``types``, ``source``,
``target``, ``reciprocal``, ``optional``) it says what happened to it:

- ``full``: an event of one of its types in its sentence, with both sides' countries right;
- ``typed, source …/target …``: the type is right, a side is ``missing`` or ``wrong``;
- ``missed, below threshold``: the model gives its type less than the threshold in its sentence
  (``… not read by the encoder`` when the cascade kept the encoder out of that sentence);
- ``missed, above threshold``: the type passed, but no event came of it (no trigger word of
  enough weight, no actor of a known state, a trigger word already taken, the per-sentence cap).

A tool for developers, to decide what to work on; the categories are counts, and ``--show``
prints the sentences of one. Measure on held-out annotated documents or a dev gold; never write
a rule for a sentence it prints.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

from ..events import _learned
from ..events.component import EventComponent
from ..records import PLOVER_TYPES

LEGACY = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


@dataclass(frozen=True)
class GoldEvent:
    doc: str
    start: int
    end: int
    types: tuple[str, ...]
    source: frozenset[str] | None
    target: frozenset[str] | None
    reciprocal: bool


@dataclass(frozen=True)
class Finding:
    event: GoldEvent
    category: str
    system: str  # what the system coded in the sentence, in words


def gold_events(gold: list[dict[str, Any]], texts: dict[str, str]) -> list[GoldEvent]:
    """The required events of a gold file's records, located in their documents."""
    out = []
    for g in gold:
        text = texts[g["id"]]
        for e in g.get("events", []):
            if e.get("optional"):
                continue
            if "start" in e:
                start, end = int(e["start"]), int(e["end"])
            else:
                start = text.find(e["quote"])
                if start < 0:
                    raise ValueError(f"{g['id']}: quote not in the text: {e['quote'][:60]!r}")
                end = start + len(e["quote"])
            types = tuple(LEGACY.get(t.upper(), t.upper()) for t in e.get("types") or [e["type"]])
            out.append(GoldEvent(g["id"], start, end, types, _codes(e.get("source")), _codes(e.get("target")),
                                 bool(e.get("reciprocal"))))  # fmt: skip
    return out


def _codes(v: Any) -> frozenset[str] | None:
    """A gold side's country codes; None when the key is absent (the side is not checked)."""
    return None if v is None else frozenset(v)


@contextmanager
def _sentence_probabilities(seen: list[tuple[int, int, np.ndarray, bool]]) -> Iterator[None]:
    """Records each sentence's (start char, end char, type probabilities, read by the encoder)."""
    real = _learned.probabilities

    def spy(doc, us, model):  # type: ignore[no-untyped-def]
        p, encoded = real(doc, us, model)
        seen.clear()
        for u, row, enc in zip(us, p, encoded, strict=True):
            last = doc[u.end - 1]
            seen.append((doc[u.start].idx, last.idx + len(last), row, enc is not None))
        return p, encoded

    with mock.patch.object(_learned, "probabilities", spy):
        yield


def _side(system: set[str], gold: frozenset[str] | None) -> str:
    if gold is None or system == set(gold):
        return "right"
    return "missing" if not system else "wrong"


def diagnose(rows: list[dict[str, Any]], gold: list[dict[str, Any]], model: str = "") -> list[Finding]:
    """Each required gold event of ``gold`` (over the corpus ``rows``) with its category."""
    from ..process import Extractor
    from ..records import Document
    from ..settings import Settings

    texts = {r["id"]: r["text"] for r in rows}
    events = gold_events(gold, texts)
    ex = Extractor(Settings(event_model=model))
    component = ex.nlp.get_pipe("geopol_events")
    assert isinstance(component, EventComponent)
    thresholds = component.model.thresholds if component.model is not None else {}
    by_doc: dict[str, list[GoldEvent]] = {}
    for e in events:
        by_doc.setdefault(e.doc, []).append(e)
    seen: list[tuple[int, int, np.ndarray, bool]] = []
    out: list[Finding] = []
    with _sentence_probabilities(seen):
        for r in rows:
            if r["id"] not in by_doc:
                continue
            res = ex.extract(Document(id=r["id"], text=r["text"], published=r.get("published") or None))
            for g in by_doc[r["id"]]:
                coded = [x for x in res.events if x.sentence.start < g.end and g.start < x.sentence.end]
                said = "; ".join(f"{x.type} {'/'.join(sorted({m.actor.country or '?' for m in x.source}))}"
                                 f"→{'/'.join(sorted({m.actor.country or '?' for m in x.target}))}"
                                 for x in coded) or "nothing"  # fmt: skip
                typed = [x for x in coded if x.type in g.types]
                if typed:
                    out.append(Finding(g, _typed(g, typed), said))
                    continue
                units = [u for u in seen if u[0] < g.end and g.start < u[1]]
                if not units or g.types[0] not in PLOVER_TYPES:
                    out.append(Finding(g, "missed, no sentence", said))
                    continue
                k = PLOVER_TYPES.index(g.types[0])
                p = max(float(u[2][k]) for u in units)
                if p >= thresholds.get(g.types[0], 0.5):
                    category = "missed, above threshold"
                else:
                    category = "missed, below threshold" + (
                        "" if any(u[3] for u in units) else ", not read by the encoder"
                    )
                out.append(Finding(g, category, said))
    return out


def _typed(g: GoldEvent, typed: list[Any]) -> str:
    first = ""
    for x in typed:
        src = {m.actor.country for m in x.source if m.actor.country}
        tgt = {m.actor.country for m in x.target if m.actor.country}
        if g.reciprocal:
            if src | tgt == set(g.source or ()) | set(g.target or ()):
                return "full"
            first = first or "typed, reciprocal sides wrong"
            continue
        s, t = _side(src, g.source), _side(tgt, g.target)
        if s == t == "right":
            return "full"
        first = first or f"typed, source {s}/target {t}"
    return first


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m geopol.train.diagnose", description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True, help="JSON Lines: id, text, published")
    ap.add_argument("--gold", type=Path, required=True, help="the gold of those documents (FORMAT.md)")
    ap.add_argument("--model", default="", help="an event model folder (default: the shipped one)")
    ap.add_argument("--show", default="", help="print the sentences of the categories that start with this")
    args = ap.parse_args(argv)
    rows = _read_jsonl(args.corpus)
    texts = {r["id"]: r["text"] for r in rows}
    findings = diagnose(rows, _read_jsonl(args.gold), args.model)
    for category, n in Counter(f.category for f in findings).most_common():
        print(f"{n:5d}  {category}")
    print(f"{len(findings):5d}  required gold events")
    for f in findings:
        if args.show and f.category.startswith(args.show):
            g = f.event
            print(f"--- {f.category}: {'/'.join(g.types)} {sorted(g.source or [])}→{sorted(g.target or [])}; "
                  f"coded: {f.system}")  # fmt: skip
            print("    " + texts[g.doc][g.start : g.end][:300].replace("\n", " "))


if __name__ == "__main__":
    main()
