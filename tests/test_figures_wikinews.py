"""Figures on real news: geopol's figures scored on the Wikinews figures set in annotations/figures/
(44 articles of ../shared/data/wikinews coded by annotations/figures/GUIDE.md, stand-off; never one
of the 36 dev-gold articles).

The set is a second measure of figures beside the dev gold, coded by the same rules, so that a change
to how numbers are read can be built and checked here and only measured on the dev gold. Scores are
``score.py``'s (``--task figures``: a figure matches when the spans overlap, the values agree within
0.5% and the units are equal). The floors are pinned in tests/quality_baseline.json
("figures_wikinews"). Run this file as a script to print the scores and the agreement of the
double-coded sample: ``python tests/test_figures_wikinews.py``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from geopol import Settings, extract

HERE = Path(__file__).resolve().parent
FOLDER = HERE.parent / "annotations" / "figures"
SET = FOLDER / "wikinews.jsonl"
DOUBLE = FOLDER / "double-E.jsonl"
SHARED = HERE.parents[1] / "shared"
CORPUS = SHARED / "data" / "wikinews" / "corpus.jsonl"
DEV_GOLD = SHARED / "data" / "wikinews_gold" / "corpus.jsonl"
SCORER = SHARED / "eval" / "score.py"
BASELINE = HERE / "quality_baseline.json"
UNIT_KINDS = ("count", "percent")  # besides ISO 4217 codes (three capitals) and measure symbols
BOUNDS = ("exact", "about", "at_least", "at_most")


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    value: float
    unit: str
    bound: str


class BadFigure(ValueError):
    """A record that does not fit its article (the set or the corpus changed) or the guide."""


def load_set(path: Path, texts: dict[str, str], excluded: frozenset[str] = frozenset()) -> dict[str, list[Figure]]:
    """The coded articles of ``path`` (doc id → its figures in text order), checked against the
    articles ``texts``: every span lies inside its article, starts and ends on a non-space
    character and still has its recorded CRC-32; values are numbers, bounds and units the guide's;
    each article is coded once, and no article of ``excluded`` (the dev gold) is used."""
    out: dict[str, list[Figure]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        doc = row["doc_id"]
        where = f"{path.name} line {n} ({doc})"
        if doc in out:
            raise BadFigure(f"{where}: the article is coded twice")
        if doc in excluded:
            raise BadFigure(f"{where}: a dev-gold article may not be used")
        if doc not in texts:
            raise BadFigure(f"{where}: no such article in the corpus")
        text = texts[doc]
        figures = []
        for k, f in enumerate(row["figures"], 1):
            start, end = f["start"], f["end"]
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
                raise BadFigure(f"{where}, figure {k}: span {start}:{end} outside the article")
            span = text[start:end]
            if span != span.strip():
                raise BadFigure(f"{where}, figure {k}: span {start}:{end} starts or ends on white space")
            if f"{zlib.crc32(span.encode('utf-8')):08x}" != f["crc32"]:
                raise BadFigure(f"{where}, figure {k}: the text at {start}:{end} is not the coded figure (CRC-32)")
            if isinstance(f["value"], bool) or not isinstance(f["value"], (int, float)):
                raise BadFigure(f"{where}, figure {k}: value {f['value']!r} is not a number")
            unit = f["unit"]
            if not (unit in UNIT_KINDS or (len(unit) == 3 and unit.isupper()) or (unit and unit.islower())):
                raise BadFigure(f"{where}, figure {k}: unit {unit!r} is no ISO 4217 code, kind or lower-case symbol")
            if f["bound"] not in BOUNDS:
                raise BadFigure(f"{where}, figure {k}: bound {f['bound']!r}")
            figures.append(Figure(start, end, float(f["value"]), unit, f["bound"]))
        if [x.start for x in figures] != sorted(x.start for x in figures):
            raise BadFigure(f"{where}: figures are not in text order")
        out[doc] = figures
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


def _read_corpus() -> tuple[dict[str, dict[str, Any]], frozenset[str]]:
    rows = {r["id"]: r for r in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines()) if r}
    gold = frozenset(json.loads(line)["id"] for line in DEV_GOLD.read_text(encoding="utf-8").splitlines() if line)
    return rows, gold


def _scored(gold: Path, system: Path, corpus: Path) -> dict[str, Any]:
    cmd = [sys.executable, str(SCORER), "--gold", str(gold), "--system", str(system), "--corpus", str(corpus),
           "--json", "--task", "figures"]  # fmt: skip
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)["figures"]


def score(coded: dict[str, list[Figure]], corpus: dict[str, dict[str, Any]], work: Path) -> dict[str, Any]:
    """geopol's figures on the coded articles, scored by score.py."""
    docs = work / "corpus.jsonl"
    docs.write_text("".join(json.dumps(corpus[d]) + "\n" for d in sorted(coded)), encoding="utf-8")
    gold = work / "gold.jsonl"
    gold.write_text("\n".join(gold_lines(coded)) + "\n", encoding="utf-8")
    out = io.StringIO()
    extract([docs], out, Settings())
    system = work / "system.jsonl"
    system.write_text(out.getvalue(), encoding="utf-8")
    return _scored(gold, system, docs)


def agreement(first: dict[str, list[Figure]], second: dict[str, list[Figure]], corpus: dict[str, dict[str, Any]],
              work: Path) -> dict[str, Any]:  # fmt: skip
    """The two codings of the double-coded articles, each in turn the gold and the other the system,
    scored as score.py scores an output (the mean of the two directions)."""
    docs = sorted(second)
    corpus_path = work / "double-corpus.jsonl"
    corpus_path.write_text("".join(json.dumps(corpus[d]) + "\n" for d in docs), encoding="utf-8")
    paths = []
    for name, coded in (("first", first), ("second", second)):
        part = {d: coded[d] for d in docs}
        path = work / f"{name}.jsonl"
        lines = [json.dumps({"id": d, "figures": [
            {"text": corpus[d]["text"][f.start : f.end], "start": f.start, "end": f.end, "value": f.value,
             "unit": f.unit, "bound": f.bound} for f in part[d]]}) for d in docs]  # fmt: skip
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        gold = work / f"{name}-gold.jsonl"
        gold.write_text("\n".join(gold_lines(part)) + "\n", encoding="utf-8")
        paths.append((path, gold))
    a = _scored(paths[0][1], paths[1][0], corpus_path)
    b = _scored(paths[1][1], paths[0][0], corpus_path)
    mean = {k: round((a[k] + b[k]) / 2, 4) for k in ("precision", "recall", "f1")}
    return {"articles": len(docs), "figures": [a["gold"], b["gold"]], **mean,
            "bound_accuracy": round((a["bound"]["accuracy"] + b["bound"]["accuracy"]) / 2, 4)}  # fmt: skip


def _needs_corpus() -> None:
    if not CORPUS.exists() or not DEV_GOLD.exists() or not SCORER.exists():
        pytest.skip(f"the Wikinews corpus or the scorer is absent ({CORPUS}, {SCORER}: ../shared beside the checkout)")


@pytest.fixture(scope="module")
def coded() -> tuple[dict[str, list[Figure]], dict[str, dict[str, Any]]]:
    _needs_corpus()
    corpus, gold = _read_corpus()
    return load_set(SET, {d: r["text"] for d, r in corpus.items()}, gold), corpus


def test_figures_wikinews_set_is_whole(coded: tuple[dict[str, list[Figure]], dict[str, dict[str, Any]]]) -> None:
    figures, corpus = coded
    assert len(figures) >= 40 and sum(map(len, figures.values())) >= 120
    double = load_set(DOUBLE, {d: r["text"] for d, r in corpus.items()}, _read_corpus()[1])
    assert set(double) <= set(figures) and len(double) >= 0.1 * len(figures)


def test_figures_wikinews_holds_its_floors(
    coded: tuple[dict[str, list[Figure]], dict[str, dict[str, Any]]], tmp_path: Path
) -> None:
    figures, corpus = coded
    scores = score(figures, corpus, tmp_path)
    floors = json.loads(BASELINE.read_text(encoding="utf-8"))["figures_wikinews"]
    low = [f"{k}: {scores[k]} < floor {v}" for k, v in floors.items() if scores[k] + 1e-9 < v]
    assert not low, "figures got worse on the Wikinews figures set: " + "; ".join(low) + f" ({scores})"


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
    import tempfile

    corpus, gold = _read_corpus()
    texts = {d: r["text"] for d, r in corpus.items()}
    figures = load_set(SET, texts, gold)
    with tempfile.TemporaryDirectory() as tmp:
        result = {"geopol": score(figures, corpus, Path(tmp)),
                  "agreement": agreement(figures, load_set(DOUBLE, texts, gold), corpus, Path(tmp))}  # fmt: skip
    json.dump(result, sys.stdout, indent=2)
    print()
