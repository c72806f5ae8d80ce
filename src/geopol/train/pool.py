"""The pool of real-news sentences annotated for events (``annotations/events``).

Whole documents, drawn with a fixed seed from ``wikinews`` (never the dev-gold ids) and from the
PolNeAR train split, split into sentences by geopol's spaCy pipeline; a sentence of fewer than four
words (datelines, headings) is not a unit. Whole documents keep the context an annotator needs
for pronouns and repeated events. The pool is a list of (document id, start, end) over each
corpus's original text. The pool grew in rounds (the quotas below are today's; the PolNeAR quota
was 3,000 sentences for rounds one to four, 6,000 for rounds five and six, 9,000 for round seven,
12,000 for round eight, 15,000 from round nine): each round annotated the units not yet annotated,
in the pool's document order, leaving out documents of more than 150 sentences from round four on.
The records in ``annotations/events`` are the units as annotated; rebuilding the pool today gives
the same documents in the same order, but a sentence can split differently where geopol's sentence
rules have changed since a round was drawn.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SEED = 15
WIKINEWS_SENTENCES = 12000
POLNEAR_SENTENCES = 15000
MIN_WORDS = 4


@dataclass(frozen=True)
class Unit:
    doc_id: str
    corpus: str
    start: int
    end: int


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def dev_gold_ids(shared: Path) -> set[str]:
    return {d["id"] for d in read_jsonl(shared / "data" / "wikinews_gold" / "corpus.jsonl")}


def sentence_spans(nlp, text: str) -> list[tuple[int, int]]:
    doc = nlp(text)
    spans = []
    for sent in doc.sents:
        words = [t for t in sent if t.is_alpha]
        if len(words) >= MIN_WORDS:
            s = sent.text.strip()
            start = sent.start_char + sent.text.index(s)
            spans.append((start, start + len(s)))
    return spans


def build_pool(shared: Path, nlp) -> list[Unit]:
    rng = random.Random(SEED)
    excluded = dev_gold_ids(shared)
    units: list[Unit] = []
    plan = (
        ("wikinews", shared / "data" / "wikinews" / "corpus.jsonl", WIKINEWS_SENTENCES, lambda d: d["id"] not in excluded),
        ("polnear", shared / "data" / "polnear_train" / "corpus.jsonl", POLNEAR_SENTENCES, lambda d: d.get("split") == "train"),
    )  # fmt: skip
    for corpus, path, quota, keep in plan:
        docs = [d for d in read_jsonl(path) if keep(d)]
        rng.shuffle(docs)
        taken = 0
        for d in docs:
            if taken >= quota:
                break
            spans = sentence_spans(nlp, d["text"])
            units.extend(Unit(d["id"], corpus, s, e) for s, e in spans)
            taken += len(spans)
    return units
