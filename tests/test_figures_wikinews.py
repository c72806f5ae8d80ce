"""Figures on real news: geopol's figures scored on the Wikinews figures set in annotations/figures/
(44 articles of ../shared/data/wikinews coded by annotations/figures/GUIDE.md, stand-off; never one
of the 36 dev-gold articles).

The set is a second measure of figures beside the dev gold, coded by the same rules, so that a change
to how numbers are read can be built and checked here and only measured on the dev gold. Scores are
``score.py``'s (``--task figures``: a figure matches when the spans overlap, the values agree within
0.5% and the units are equal). The floors are pinned in tests/quality_baseline.json
("figures_wikinews"). Run this file as a script to print the scores and the agreement of the
double-coded sample: ``python -m tests.test_figures_wikinews`` (from the repository's root).
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from . import standoff
from .standoff import BadRecord, both_ways, documents, span, write_corpus

HERE = Path(__file__).resolve().parent
FOLDER = HERE.parent / "annotations" / "figures"
SET = FOLDER / "wikinews.jsonl"
DOUBLE = FOLDER / "double-E.jsonl"
UNIT_KINDS = ("count", "percent")  # besides ISO 4217 codes (three capitals) and measure symbols
BOUNDS = ("exact", "about", "at_least", "at_most")


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    value: float
    unit: str
    bound: str


BadFigure = BadRecord


def load_set(path: Path, texts: dict[str, str], excluded: frozenset[str] = frozenset()) -> dict[str, list[Figure]]:
    """The coded articles of ``path`` (doc id → its figures in text order), checked against the
    articles ``texts``: every span lies inside its article, starts and ends on a non-space
    character and still has its recorded CRC-32; values are numbers, bounds and units the guide's;
    each article is coded once, and no article of ``excluded`` (the dev gold) is used."""
    out: dict[str, list[Figure]] = {}
    for where, text, row in documents(path, texts, excluded):
        figures = []
        for k, f in enumerate(row["figures"], 1):
            at = f"{where}, figure {k}"
            start, end = span(text, f, at)
            if isinstance(f["value"], bool) or not isinstance(f["value"], (int, float)):
                raise BadFigure(f"{at}: value {f['value']!r} is not a number")
            unit = f["unit"]
            if not (unit in UNIT_KINDS or (len(unit) == 3 and unit.isupper()) or (unit and unit.islower())):
                raise BadFigure(f"{at}: unit {unit!r} is no ISO 4217 code, kind or lower-case symbol")
            if f["bound"] not in BOUNDS:
                raise BadFigure(f"{at}: bound {f['bound']!r}")
            figures.append(Figure(start, end, float(f["value"]), unit, f["bound"]))
        if [x.start for x in figures] != sorted(x.start for x in figures):
            raise BadFigure(f"{where}: figures are not in text order")
        out[row["doc_id"]] = figures
    return out


def gold_lines(coded: dict[str, list[Figure]]) -> list[str]:
    """The coded articles in score.py's gold format (explicit spans)."""
    return [
        json.dumps(
            {
                "id": doc,
                "figures": [
                    {"text": {"start": f.start, "end": f.end}, "value": f.value, "unit": f.unit, "bound": f.bound}
                    for f in figures
                ],
            }
        )  # fmt: skip
        for doc, figures in sorted(coded.items())
    ]


def score(coded: dict[str, list[Figure]], corpus: dict[str, dict[str, Any]], work: Path) -> dict[str, Any]:
    """geopol's figures on the coded articles, scored by score.py."""
    return standoff.geopol_scores(gold_lines(coded), sorted(coded), corpus, work, "figures")


def agreement(first: dict[str, list[Figure]], second: dict[str, list[Figure]], corpus: dict[str, dict[str, Any]],
              work: Path) -> dict[str, Any]:  # fmt: skip
    """The two codings of the double-coded articles, each in turn the gold and the other the system,
    scored as score.py scores an output (the mean of the two directions)."""
    docs = sorted(second)

    def system(coded: dict[str, list[Figure]]) -> list[str]:
        return [json.dumps({"id": d, "figures": [{"start": f.start, "end": f.end, "value": f.value, "unit": f.unit,
                                                   "bound": f.bound} for f in coded[d]]}) for d in docs]  # fmt: skip

    a, b = both_ways(
        (gold_lines({d: first[d] for d in docs}), system(first)),
        (gold_lines({d: second[d] for d in docs}), system(second)),
        write_corpus(work / "double-corpus.jsonl", corpus, docs),
        "figures",
        work,
    )
    mean = {k: round((a[k] + b[k]) / 2, 4) for k in ("precision", "recall", "f1")}
    return {"articles": len(docs), "figures": [a["gold"], b["gold"]], **mean,
            "bound_accuracy": round((a["bound"]["accuracy"] + b["bound"]["accuracy"]) / 2, 4)}  # fmt: skip


def test_figures_wikinews_loader_rejects_a_bad_record(tmp_path: Path) -> None:
    text = "Police arrested 17 people."
    good = {"start": 16, "end": 18, "crc32": f"{zlib.crc32(b'17'):08x}", "value": 17, "unit": "count", "bound": "exact"}
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"doc_id": "d1", "figures": [good]}) + "\n", encoding="utf-8")
    assert load_set(path, {"d1": text})["d1"][0].value == 17
    for change, message in [({"end": 99}, "outside"), ({"start": 15}, "white space"), ({"end": 17}, "CRC-32"),
                            ({"bound": "roughly"}, "bound"), ({"unit": "Dollars"}, "unit"), ({"value": "17"}, "number")]:  # fmt: skip
        path.write_text(json.dumps({"doc_id": "d1", "figures": [{**good, **change}]}) + "\n", encoding="utf-8")
        with pytest.raises(BadFigure, match=message):
            load_set(path, {"d1": text})
    path.write_text(json.dumps({"doc_id": "d2", "figures": [good]}) + "\n", encoding="utf-8")
    with pytest.raises(BadFigure, match="no such article"):
        load_set(path, {"d1": text})
    path.write_text(json.dumps({"doc_id": "d1", "figures": [good]}) + "\n", encoding="utf-8")
    with pytest.raises(BadFigure, match="dev-gold"):
        load_set(path, {"d1": text}, frozenset({"d1"}))


if __name__ == "__main__":
    standoff.print_report(load_set, SET, DOUBLE, score, agreement)
