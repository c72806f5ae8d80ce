"""Quality gate: scores on the dev gold in ../shared must not fall below tests/quality_baseline.json.

Like trafilatura's eval gate: the floors are today's scores; a change that lowers one fails here
unless the floor is lowered on purpose in the same commit, with the reason.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geopol import Settings, extract

SHARED = Path(__file__).resolve().parents[2] / "shared"
BASELINE = json.loads((Path(__file__).parent / "quality_baseline.json").read_text())
SETS = {
    "seeds": ("data/seeds/corpus.jsonl", "data/seeds/gold.jsonl", ()),
    "cameo_train": ("data/cameo_train/corpus.jsonl", "data/cameo_train/gold.jsonl", ("--task", "pentaclass")),
    # PolNeAR attributions, its dev split (84 articles; the whole set takes minutes): claims only
    "polnear_dev": ("data/polnear_train/corpus.jsonl", "data/polnear_train/gold.jsonl", ("--task", "claims")),
    # the real-news dev gold (36 Wikinews articles, hand-coded events, claims, figures and actors):
    # measured on, never trained or tuned on
    "wikinews_gold": ("data/wikinews_gold/corpus.jsonl", "data/wikinews_gold/gold.jsonl", ()),
}
SPLITS = {"polnear_dev": "dev"}


def _split(corpus: Path, gold: Path, split: str, tmp_path: Path) -> tuple[Path, Path]:
    """The documents of one split (corpus field ``split``) and their gold, as files in tmp_path."""
    ids = set()
    docs = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if json.loads(line).get("split") == split:
            ids.add(json.loads(line)["id"])
            docs.append(line)
    golds = [x for x in gold.read_text(encoding="utf-8").splitlines() if json.loads(x)["id"] in ids]
    c, g = tmp_path / f"{split}-corpus.jsonl", tmp_path / f"{split}-gold.jsonl"
    c.write_text("\n".join(docs) + "\n", encoding="utf-8")
    g.write_text("\n".join(golds) + "\n", encoding="utf-8")
    return c, g


def role_span_coverage(gold: Path, system: Path) -> float:
    """Share of gold source/target/reciprocal spans (cameo_train ``roles``) that a system actor
    mention overlaps and resolves: to a country or at least a sector."""
    lines = (json.loads(x) for x in system.read_text(encoding="utf-8").splitlines())
    mentions = {d["id"]: d.get("actors", []) for d in lines}
    spans = covered = 0
    for line in gold.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        ms = mentions.get(g["id"], [])
        for role_spans in (g.get("roles") or {}).values():
            for sp in role_spans:
                spans += 1
                covered += any(m["start"] < sp["end"] and sp["start"] < m["end"]
                               and (m["actor"]["country"] or m["actor"]["sector"]) for m in ms)  # fmt: skip
    return covered / spans if spans else 0.0


def _score(name: str, tmp_path: Path) -> dict:
    corpus_rel, gold_rel, extra = SETS[name]
    corpus, gold, scorer = SHARED / corpus_rel, SHARED / gold_rel, SHARED / "eval" / "score.py"
    if not (corpus.exists() and gold.exists() and scorer.exists()):
        pytest.skip(f"dev gold not available: {SHARED} (../shared beside the checkout) is absent")
    if name in SPLITS:
        corpus, gold = _split(corpus, gold, SPLITS[name], tmp_path)
    out = tmp_path / f"{name}.jsonl"
    buf = io.StringIO()
    extract([corpus], buf, Settings())
    out.write_text(buf.getvalue(), encoding="utf-8")
    cmd = [
        sys.executable,
        str(scorer),
        "--gold",
        str(gold),
        "--system",
        str(out),
        "--corpus",
        str(corpus),
        "--json",
        *extra,
    ]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    report = json.loads(res.stdout)
    if name == "cameo_train":
        report.setdefault("actors", {})["role_span_coverage"] = role_span_coverage(gold, out)
    return report


def _get(report: dict, dotted: str) -> float:
    """The value at a dotted path; a key may itself hold a dot ('attributes.date.start.accuracy')."""
    value: object = report
    parts = dotted.split(".")
    while parts:
        for n in range(len(parts), 0, -1):
            key = ".".join(parts[:n])
            if isinstance(value, dict) and key in value:
                value, parts = value[key], parts[n:]
                break
        else:
            raise KeyError(dotted)
    return float(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", sorted(SETS))
def test_quality_gate_scores_hold_their_floors(name: str, tmp_path: Path) -> None:
    report = _score(name, tmp_path)
    drops = {}
    for metric, floor in BASELINE[name].items():
        got = _get(report, metric)
        if got + 1e-9 < floor:
            drops[metric] = (got, floor)
    assert not drops, f"{name}: scores below their floors (got, floor): {drops}"
