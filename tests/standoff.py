"""What the hand-coded Wikinews sets in annotations/ (figures, claims) share: the corpus they point
into, the check of a stand-off span, and score.py run on a gold and a system file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from geopol import Settings, extract

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "data" / "wikinews" / "corpus.jsonl"
DEV_GOLD = SHARED / "data" / "wikinews_gold" / "corpus.jsonl"
SCORER = SHARED / "eval" / "score.py"


class BadRecord(ValueError):
    """A stand-off record that does not fit its article (the set or the corpus changed) or its guide."""


def needs_corpus() -> None:
    if not CORPUS.exists() or not DEV_GOLD.exists() or not SCORER.exists():
        pytest.skip(f"the Wikinews corpus or the scorer is absent ({CORPUS}, {SCORER}: ../shared beside the checkout)")


def read_corpus() -> tuple[dict[str, dict[str, Any]], frozenset[str]]:
    """The Wikinews articles (id → row) and the ids of the dev gold's articles."""
    rows = {r["id"]: r for r in map(json.loads, CORPUS.read_text(encoding="utf-8").splitlines()) if r}
    gold = frozenset(json.loads(line)["id"] for line in DEV_GOLD.read_text(encoding="utf-8").splitlines() if line)
    return rows, gold


def span(text: str, rec: dict[str, Any], where: str) -> tuple[int, int]:
    """A record's span ``{"start", "end", "crc32"}``: inside the text, no white space at its edges,
    and the recorded CRC-32 of its text."""
    start, end = rec["start"], rec["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise BadRecord(f"{where}: span {start}:{end} outside the article")
    piece = text[start:end]
    if piece != piece.strip():
        raise BadRecord(f"{where}: span {start}:{end} starts or ends on white space")
    if f"{zlib.crc32(piece.encode('utf-8')):08x}" != rec["crc32"]:
        raise BadRecord(f"{where}: the text at {start}:{end} is not the coded one (CRC-32)")
    return start, end


def documents(path: Path, texts: dict[str, str], excluded: frozenset[str]) -> list[tuple[str, str, dict[str, Any]]]:
    """(where, article text, row) for each line of a set: each article coded once, in the corpus,
    never a dev-gold article."""
    out = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        doc = row["doc_id"]
        where = f"{path.name} line {n} ({doc})"
        if doc in seen:
            raise BadRecord(f"{where}: the article is coded twice")
        if doc in excluded:
            raise BadRecord(f"{where}: a dev-gold article may not be used")
        if doc not in texts:
            raise BadRecord(f"{where}: no such article in the corpus")
        seen.add(doc)
        out.append((where, texts[doc], row))
    return out


def scored(gold: Path, system: Path, corpus: Path, task: str) -> dict[str, Any]:
    """score.py's JSON report of one task."""
    cmd = [sys.executable, str(SCORER), "--gold", str(gold), "--system", str(system), "--corpus", str(corpus),
           "--json", "--task", task]  # fmt: skip
    return json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)[task]


def write_corpus(path: Path, corpus: dict[str, dict[str, Any]], docs: list[str]) -> Path:
    path.write_text("".join(json.dumps(corpus[d]) + "\n" for d in docs), encoding="utf-8")
    return path


def both_ways(
    first: tuple[list[str], list[str]], second: tuple[list[str], list[str]], corpus: Path, task: str, work: Path
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two codings of the same articles, each given as (gold lines, system lines): score.py's
    report with the first as the gold and the second as the system, and the other way round."""
    paths = []
    for name, (gold, system) in (("first", first), ("second", second)):
        g, s = work / f"{name}-gold.jsonl", work / f"{name}-system.jsonl"
        g.write_text("\n".join(gold) + "\n", encoding="utf-8")
        s.write_text("\n".join(system) + "\n", encoding="utf-8")
        paths.append((g, s))
    return scored(paths[0][0], paths[1][1], corpus, task), scored(paths[1][0], paths[0][1], corpus, task)


def coded_set(
    load: Callable[[Path, dict[str, str], frozenset[str]], dict[str, Any]], path: Path
) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """A set read by its loader against the corpus (skips without ../shared), and the corpus."""
    needs_corpus()
    corpus, gold = read_corpus()
    return load(path, {d: r["text"] for d, r in corpus.items()}, gold), corpus


def double_coded_fits(coded: dict[str, Any], double: dict[str, Any], min_share: float = 0.1) -> bool:
    """The double-coded articles are articles of the set, at least ``min_share`` of them."""
    return set(double) <= set(coded) and len(double) >= min_share * len(coded)


def geopol_scores(
    gold: list[str], docs: list[str], corpus: dict[str, dict[str, Any]], work: Path, task: str
) -> dict[str, Any]:
    """``geopol extract`` on the articles ``docs``, scored by score.py against the gold lines."""
    corpus_path = write_corpus(work / "corpus.jsonl", corpus, docs)
    gold_path = work / "gold.jsonl"
    gold_path.write_text("\n".join(gold) + "\n", encoding="utf-8")
    out = io.StringIO()
    extract([corpus_path], out, Settings())
    system = work / "system.jsonl"
    system.write_text(out.getvalue(), encoding="utf-8")
    return scored(gold_path, system, corpus_path, task)


def below_floors(got: dict[str, float], name: str) -> list[str]:
    """The scores under their floors in tests/quality_baseline.json (``name``), as messages."""
    floors = json.loads((Path(__file__).parent / "quality_baseline.json").read_text(encoding="utf-8"))[name]
    return [f"{k}: {got[k]} < floor {v}" for k, v in floors.items() if got[k] + 1e-9 < v]


def print_report(load: Callable[..., dict[str, Any]], path: Path, double: Path, score: Callable[..., dict[str, Any]],
                 agreement: Callable[..., dict[str, Any]]) -> None:  # fmt: skip
    """What ``python -m tests.test_<set>_wikinews`` prints: geopol's scores on the set and the
    agreement of its double-coded sample."""
    import tempfile

    corpus, gold = read_corpus()
    texts = {d: r["text"] for d, r in corpus.items()}
    coded = load(path, texts, gold)
    with tempfile.TemporaryDirectory() as tmp:
        result = {"geopol": score(coded, corpus, Path(tmp)),
                  "agreement": agreement(coded, load(double, texts, gold), corpus, Path(tmp))}  # fmt: skip
    json.dump(result, sys.stdout, indent=2)
    print()
