"""Training examples for the event model, assembled from ``../shared/data`` and the annotations.

Every example is a text (a sentence, or a document with annotated sentences in it) with per-type
labels: 1 (the type is there), 0 (it is not) or -1 (unknown: not trained on). Sources and how
their labels map (each folder's README gives the upstream mapping):

| source | unit | labels |
|---|---|---|
| ``annotations/events`` (real news, this repository) | sentence | its PLOVER types, borderline ones too; roles |
| ``cameo_train`` | sentence | pentaclass: the types its class may hold unknown (``PENTACLASS_ALSO``: appeals sit in 0, sanctions in 3), the others 0; roles |
| ``cameo_coded``: ``cameo_train`` sentences in ``annotations/events`` | sentence | its PLOVER types and roles by the annotation guide, in place of the class |
| ``synthetic_coded``: synthetic stories in ``annotations/events`` | sentence | its PLOVER types and roles by the annotation guide, in place of the lead's story type |
| ``plover_train_synthetic`` | headline and lead sentence | the story's type 1, others unknown (the lead may state more) |
| ``event_train_extra/conflibert_extra/IndiaPoliceEvents_sents`` | sentence | KILL/FORCE → ASSAULT, ARREST → COERCE; no label at all → every type 0 |
| ``event_train_extra/petrarch2_unittest`` | sentence | CAMEO → PLOVER (CAMEO2PLOVER); roots 01/02 and no coding → every type 0 |

Spanish sentences, MUC-4 and the causal news corpus are left out: no English type labels.
"""

from __future__ import annotations

import csv
import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, GeopolError
from ..records import PLOVER_TYPES, QUAD_CLASS

UNKNOWN = -1
# the annotations (``annotations/events``) that code a weakly labelled set's texts by the guide: the
# corpus a record names -> the training source it is read as (any other corpus: "realnews")
CODED_CORPORA = {"cameo": "cameo_coded", "synthetic": "synthetic_coded"}
CODED_SOURCES = frozenset(CODED_CORPORA.values())
# how much an example of each source weighs in training: the real-news annotations are the target
# domain; synthetic stories and single-topic police sentences help little beyond a small share
# (chosen by cross-validated real-news F1 on the training data, see the model card)
SOURCE_WEIGHTS = {
    "realnews": 3.0,
    "cameo_coded": 3.0,
    "synthetic_coded": 1.5,
    "cameo_train": 1.0,
    "petrarch": 0.3,
    "india_police": 0.1,
    "synthetic": 0.05,
}


@dataclass
class Role:
    role: str  # source | target (reciprocal participants are sources)
    start: int | None  # offsets into the example's text; None for an implicit participant
    end: int | None
    country: str | None = None


@dataclass
class Gold:
    """One event of an annotated unit."""

    types: tuple[str, ...]
    roles: list[Role]
    reciprocal: bool = False
    borderline: bool = False


@dataclass
class Example:
    key: str  # document id
    source: str  # which data set
    text: str
    published: str | None
    # (start, end) in ``text`` of each labelled unit; None = the whole text is one unit
    units: list[tuple[int, int] | None]
    labels: list[list[int]]  # per unit, one value per PLOVER type (1, 0, UNKNOWN)
    events: list[list[Gold]] = field(default_factory=list)  # per unit, for the role model
    weight: float = 1.0  # set by ``all_examples`` from ``SOURCE_WEIGHTS`` and ``share``
    group: str = ""  # folds never split a group
    share: float = 1.0  # its part of its source's weight (real news: a lone sentence counts less than an article's)
    pentaclass: int | None = None  # cameo_train's class: 1-4 say at least one of its unknown types is there

    def __post_init__(self) -> None:
        if not self.group:
            self.group = self.key


def _read_jsonl(path: Path) -> Iterator[dict]:
    if not path.exists():
        raise GeopolError(Errors.E307, what=path.name, path=path)
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def labels_for(types: set[str], unknown: set[str] = frozenset()) -> list[int]:  # type: ignore[assignment]
    return [1 if t in types else (UNKNOWN if t in unknown else 0) for t in PLOVER_TYPES]


# ConfliBERT's pentaclass is cut along CAMEO's root codes, not PLOVER's types: class 0 holds public
# statements *and appeals* (CAMEO 01-02: "urged", "condemned", "denied charges"), class 3 runs from
# investigating to reducing relations (CAMEO 09-16: sanctions, embargoes, expulsions, protests,
# shows of force). A type such a class may hold is left unknown, never taught as absent.
PENTACLASS_ALSO: dict[int, frozenset[str]] = {
    0: frozenset({"REQUEST", "ACCUSE", "REJECT"}),
    3: frozenset({"PROTEST", "MOBILIZE", "SANCTION", "COERCE"}),
}


def pentaclass_labels(cls: int) -> list[int]:
    """Per-type labels of a sentence of pentaclass ``cls``: a type the class may hold is unknown, any other is 0."""
    may = PENTACLASS_ALSO.get(cls, frozenset())
    return [UNKNOWN if (cls and QUAD_CLASS[t] == cls) or t in may else 0 for t in PLOVER_TYPES]


def cameo_gold(shared: Path) -> dict[str, int]:
    """``cameo_train``'s pentaclass label of each sentence that has one, by id."""
    return {g["id"]: g["pentaclass"] for g in _read_jsonl(shared / "data" / "cameo_train" / "gold.jsonl")
            if g.get("pentaclass") is not None}  # fmt: skip


def cameo(shared: Path) -> Iterator[Example]:
    folder = shared / "data" / "cameo_train"
    gold = {g["id"]: g for g in _read_jsonl(folder / "gold.jsonl")}
    for d in _read_jsonl(folder / "corpus.jsonl"):
        g = gold.get(d["id"], {})
        cls = g.get("pentaclass")
        labels = pentaclass_labels(cls) if cls is not None else [UNKNOWN] * len(PLOVER_TYPES)
        roles = g.get("roles") or {}
        rs = [Role("source", s["start"], s["end"]) for s in roles.get("source", [])]
        rs += [Role("target", s["start"], s["end"]) for s in roles.get("target", [])]
        rs += [Role("source", s["start"], s["end"]) for s in roles.get("reciprocal", [])]
        events = [[Gold((), rs, bool(roles.get("reciprocal")))]] if rs else [[]]
        yield Example(d["id"], "cameo_train", d["text"], None, [None], [labels], events, pentaclass=cls)


def synthetic(shared: Path) -> Iterator[Example]:
    folder = shared / "data" / "plover_train_synthetic"
    labels = {x["id"]: x for x in _read_jsonl(folder / "labels.jsonl")}
    for d in _read_jsonl(folder / "corpus.jsonl"):
        t = labels[d["id"]]["type"]
        if t not in PLOVER_TYPES:
            continue
        lab = labels_for({t}, set(PLOVER_TYPES) - {t})
        if d.get("title"):
            yield Example(d["id"] + ":title", "synthetic", d["title"], None, [None], [lab], group=d["id"])
        lead = re.split(r"(?<=[.!?])\s+", d["text"].strip(), maxsplit=1)[0]
        yield Example(d["id"] + ":lead", "synthetic", lead, None, [None], [lab], group=d["id"])


def india_police(shared: Path, negatives: int = 3000, seed: int = 15) -> Iterator[Example]:
    path = shared / "data" / "event_train_extra" / "conflibert_extra" / "IndiaPoliceEvents_sents" / "train.tsv"
    if not path.exists():
        raise GeopolError(Errors.E307, what="IndiaPoliceEvents_sents/train.tsv", path=path)
    rows = list(csv.reader(path.open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE))
    rng = random.Random(seed)
    neg = [i for i, r in enumerate(rows) if len(r) == 6 and r[1:] == ["0"] * 5 and len(r[0].split()) >= 6]
    keep_neg = set(rng.sample(neg, min(negatives, len(neg))))
    for i, r in enumerate(rows):
        if len(r) != 6:
            continue
        kill, arrest, _any, _fail, force = (x == "1" for x in r[1:])
        types = {"ASSAULT"} if kill or force else set()
        if arrest:
            types.add("COERCE")
        if types:
            yield Example(f"ipe-{i}", "india_police", r[0], None, [None], [labels_for(types, set(PLOVER_TYPES) - types - {"ASSAULT", "COERCE"})])  # fmt: skip
        elif i in keep_neg:
            yield Example(f"ipe-{i}", "india_police", r[0], None, [None], [labels_for(set())])


def cameo2plover(shared: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in (shared / "data" / "ontology" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{2,4}):\s*([A-Z]+)", line)
        if m and m.group(2) in PLOVER_TYPES:
            table[m.group(1)] = m.group(2)
    return table


def plover_of(code: str, table: dict[str, str]) -> str | None:
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return None


def petrarch(shared: Path) -> Iterator[Example]:
    path = shared / "data" / "event_train_extra" / "petrarch2_unittest" / "PETR.UnitTest.records.xml"
    if not path.exists():
        raise GeopolError(Errors.E307, what="PETR.UnitTest.records.xml", path=path)
    xml = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    table = cameo2plover(shared)
    for m in re.finditer(r'<Sentence[^>]*id="([^"]+)"[^>]*>(.*?)</Sentence>', xml, flags=re.S):
        sid, body = m.groups()
        text = re.search(r"<Text>(.*?)</Text>", body, flags=re.S)
        if not text:
            continue
        types = {t for c in re.findall(r'eventcode="(\d+)"', body) if (t := plover_of(c, table))}
        sentence = " ".join(text.group(1).split())
        yield Example(f"petr-{sid}", "petrarch", sentence, None, [None], [labels_for(types)])


def uncoded(weak: Iterable[Example], annotations: list[Example]) -> list[Example]:
    """The weakly labelled examples no annotation codes. A cameo_train sentence coded by the
    annotation guide (``cameo_coded``) replaces its CAMEO class's partial labels and keeps the
    class, for the pentaclass scores; a synthetic story coded sentence by sentence
    (``synthetic_coded``) replaces its lead's story-level label (its headline keeps it)."""
    coded = {e.key: e for e in annotations if e.source in CODED_SOURCES}
    out = []
    for e in weak:
        same = coded.get(e.key)
        if same is not None:
            same.pentaclass = e.pentaclass
        elif not (e.key.endswith(":lead") and e.group in coded):
            out.append(e)
    return out


def all_examples(shared: Path, annotations: list[Example]) -> list[Example]:
    out = list(annotations)
    out += uncoded(cameo(shared), annotations)
    out += uncoded(synthetic(shared), annotations)
    out += list(india_police(shared))
    out += list(petrarch(shared))
    for e in out:
        e.weight = SOURCE_WEIGHTS[e.source] * e.share
    return out
