"""One set of documents coded again and again by different event models, parsed once.

Model selection (``run.choose_by_holdout``) codes the same held-out documents with every point of
its grid. Extraction from the start each time (load the pipeline, parse, resolve actors, run the
encoder over every sentence) spent nearly all of the grid's time on work every point repeats: 29
points took 24 minutes. ``Recoder`` parses the documents once, through the pipeline extraction
uses, and codes them again with each model: only the event component runs again, on the parsed
Docs, and an encoder reads each sentence once (``Remembered``). What it writes is what ``geopol
extract`` writes with that model (a test holds them to the same bytes).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..clean import AlignedText
from ..events.component import EventComponent
from ..events.encoder import Encoded
from ..events.lexicon import load_lexicon
from ..events.model import EventModel
from ..ingest import read_paths
from ..process import Extractor, to_result
from ..records import DocResult, Document
from ..settings import Settings


class Remembered:
    """An encoder (one, or a ``SecondOpinion`` pair) that reads each sentence once and keeps what it
    read: every grid point reads the same sentences. An encoder reads a sentence the same whatever
    is read beside it (one at a time, see ``events.encoder``), so a kept reading is the reading.
    Only ``run``, what the event component calls: a model holding one is coded, never written."""

    def __init__(self, encoder: Any) -> None:
        self.encoder = encoder
        self.kept: dict[str, Encoded] = {}

    def run(self, texts: list[str]) -> list[Encoded]:
        new = [t for t in dict.fromkeys(texts) if t not in self.kept]
        if new:
            self.kept.update(zip(new, self.encoder.run(new), strict=True))
        return [self.kept[t] for t in texts]


@dataclass
class _Parsed:
    item: DocResult  # the document (and the reader's warnings), or its error result
    parsed: tuple[AlignedText, Doc] | None = None  # (cleaned text, spaCy Doc); None: rejected


class Recoder:
    """The documents of ``paths`` (any input ``geopol extract`` reads), parsed once with ``settings``
    (its event model is not used: each ``code`` gives its own)."""

    def __init__(self, paths: Iterable[str | Path], settings: Settings | None = None) -> None:
        self.extractor = Extractor((settings or Settings()).model_copy(update={"event_model": "none"}))
        self.lexicon = load_lexicon()
        docs: list[_Parsed] = []
        for item in read_paths(paths):
            if isinstance(item, Document):
                item = DocResult(document=item)
            docs.append(_Parsed(item))
        todo = [k for k, d in enumerate(docs) if d.item.error is None]
        for j, aligned, sdoc in self.extractor.parsed(docs[k].item.document for k in todo):
            docs[todo[j]].parsed = (aligned, sdoc)
        for k in todo:
            if docs[k].parsed is None:  # rejected by the checks: its error result, as extraction gives it
                docs[k].item = replace(self.extractor.extract(docs[k].item.document), warnings=docs[k].item.warnings)
        self.docs = docs

    def code(self, model: EventModel | None) -> list[DocResult]:
        """Every document coded with ``model`` (None: the rules alone), in input order."""
        component = EventComponent(self.lexicon, model)
        out = []
        for d in self.docs:
            if d.parsed is None:
                out.append(d.item)
                continue
            aligned, sdoc = d.parsed
            component(sdoc)
            out.append(replace(to_result(d.item.document, aligned, sdoc), warnings=d.item.warnings))
        return out

    def jsonl(self, model: EventModel | None) -> str:
        """What ``geopol extract`` writes for these documents with ``model``."""
        return "".join(json.dumps(r.as_json(), ensure_ascii=False) + "\n" for r in self.code(model))
