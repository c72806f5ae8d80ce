"""Whether one event coder beats another on annotated documents: ``python -m geopol.train.compare``.

Two system outputs (``geopol extract … -o OUT.jsonl``) of the same documents are scored by the
shared scorer's own matching (``eval/score.py``: full match and type-only, each an F1 over required
gold events), and their difference is bootstrapped over documents: each resampling draws the
documents with replacement and scores both outputs on the same draw, so what the documents happen
to be moves both alike. Several sets (``--set CORPUS GOLD A B``, repeatable: two annotation
rounds, a gold with and without borderline events) may be given; sets of one corpus share each
resampling of its documents, sets of different corpora are resampled each on its own, and the
measure is the mean of their F1s, full and type-only.

It says how far apart two models must score before the documents can tell them apart: two
retrainings of one recipe from other seeds differ on the 203 held-out articles of the README by up
to about ±0.014. A tool for deciding what to keep; never run it on a dev gold to choose.
"""

from __future__ import annotations

import argparse
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

RESAMPLES = 2000
SEED = 0


@dataclass(frozen=True)
class Counts:
    """Per document (rows) tp, fp, fn of the full match and of the type-only match (columns), and
    which corpus the documents are of (sets of one corpus are resampled together)."""

    a: np.ndarray  # (documents, 6)
    b: np.ndarray
    corpus: str


def scorer(shared: Path) -> ModuleType:
    """The shared scorer, ``eval/score.py``, as a module (its matching is the contract's)."""
    path = shared / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("geopol_shared_score", path)
    if spec is None or spec.loader is None or not path.exists():
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def document_counts(score: Any, corpus_p: Path, gold_p: Path, *systems: Path) -> list[dict[str, np.ndarray]]:
    """For each system output: gold document id -> (6,): tp, fp, fn of the full match, then of the
    type-only match. A system event matched to an optional gold event is neither right nor wrong (as
    the scorer). The corpus and gold are read once for all the outputs."""
    corpus = score.load_corpus(str(corpus_p))
    gold = score.load_gold(str(gold_p), corpus)
    out = []
    for system_p in systems:
        system = {o["id"]: o for _, o in score.read_jsonl(str(system_p), "sys")}
        rows: dict[str, np.ndarray] = {}
        for d in gold:
            text = corpus[d["id"]]
            events = (system.get(d["id"]) or {}).get("events") or []
            found = [s for s in (score.sys_event(e, text) for e in events) if s]
            required = sum(1 for g in d["events"] if not g.get("optional"))
            row: list[int] = []
            for pred in (score.m_full, score.m_type):
                req, opt = score.match_events(d["events"], found, pred)
                row += [len(req), len(found) - len(req) - len(opt), required - len(req)]
            rows[d["id"]] = np.array(row, dtype=np.float64)
        out.append(rows)
    return out


def aligned(corpus: str, a: dict[str, np.ndarray], b: dict[str, np.ndarray], ids: list[str]) -> Counts:
    """Both outputs' counts in the order of ``ids`` (a document a gold lacks counts nothing)."""
    zero = np.zeros(6)
    return Counts(np.array([a.get(i, zero) for i in ids]).reshape(-1, 6),
                  np.array([b.get(i, zero) for i in ids]).reshape(-1, 6), corpus)  # fmt: skip


def f1s(counts: np.ndarray) -> np.ndarray:
    """Full and type-only F1 of summed counts (6,) -> (2,)."""
    tp, fp, fn = counts[[0, 3]], counts[[1, 4]], counts[[2, 5]]
    return 2 * tp / np.maximum(2 * tp + fp + fn, 1e-12)  # type: ignore[no-any-return]


def compare(sets: list[Counts], resamples: int = RESAMPLES, seed: int = SEED) -> dict[str, Any]:
    """The mean F1 of A and of B over the sets, their difference B - A on all the documents, and over
    ``resamples`` resamplings of the documents the difference's 95% interval and the share of
    resamplings in which B scored higher."""

    def mean(draws: list[np.ndarray]) -> tuple[float, float]:
        a = np.mean([f1s(c.a[i].sum(0)) for c, i in zip(sets, draws, strict=True)])
        b = np.mean([f1s(c.b[i].sum(0)) for c, i in zip(sets, draws, strict=True)])
        return float(a), float(b)

    def draw(rng: np.random.Generator) -> list[np.ndarray]:
        """Each set's documents drawn with replacement; the sets of one corpus share one draw."""
        drawn: dict[str, np.ndarray] = {}
        for c in sets:
            if c.corpus not in drawn:
                drawn[c.corpus] = rng.integers(0, len(c.a), len(c.a))
        return [drawn[c.corpus] for c in sets]

    a, b = mean([np.arange(len(c.a)) for c in sets])
    rng = np.random.default_rng(seed)
    diffs = np.empty(resamples)
    for k in range(resamples):
        ra, rb = mean(draw(rng))
        diffs[k] = rb - ra
    low, high = np.percentile(diffs, [2.5, 97.5])
    return {"a": round(a, 4), "b": round(b, 4), "difference": round(b - a, 4),
            "interval_95": [round(float(low), 4), round(float(high), 4)],
            "b_higher": round(float(np.mean(diffs > 0)), 3), "resamples": resamples,
            "documents": {c.corpus: len(c.a) for c in sets}}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m geopol.train.compare", description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared folder (eval/score.py)")
    ap.add_argument("--set", nargs=4, action="append", required=True, metavar=("CORPUS", "GOLD", "A", "B"),
                    help="documents, their gold and the two outputs to compare (repeatable)")  # fmt: skip
    ap.add_argument("--resamples", type=int, default=RESAMPLES)
    args = ap.parse_args(argv)
    score = scorer(args.shared)
    read = [(c, *document_counts(score, Path(c), Path(g), Path(a), Path(b))) for c, g, a, b in args.set]
    ids: dict[str, list[str]] = {}  # a corpus's documents, in one order for all its sets
    for c, a, b in read:
        ids[c] = sorted(set(ids.get(c, [])) | set(a) | set(b))
    empty = [c for c, found in ids.items() if not found]
    if empty:
        ap.error(f"no gold documents for {', '.join(empty)}")
    sets = [aligned(c, a, b, ids[c]) for c, a, b in read]
    r = compare(sets, args.resamples)
    low, high = r["interval_95"]
    print(f"mean F1 (full and type-only over {len(sets)} set(s), {sum(r['documents'].values())} documents): "
          f"A {r['a']:.4f}, B {r['b']:.4f}")  # fmt: skip
    print(f"B - A {r['difference']:+.4f}; 95% of {r['resamples']} resamplings of the documents: {low:+.4f} to "
          f"{high:+.4f}; B higher in {r['b_higher']:.1%}")  # fmt: skip


if __name__ == "__main__":
    main()
