"""Fit the event coder's repeat model (``events._repeats``): ``python -m geopol.train.repeats``.

Steps: code the annotated real-news articles that training may read (neither the held-out fifth nor
the staged round in ``annotations/events/next/``) with the event model, its repeats unfolded →
every later event with an earlier one of its key is an example, labelled by the annotation of its
sentence (a ``repeat`` of its type: 1; a required, not borderline, event of its type: 0; borderline
only, or no annotated event of its type: left out) → a logistic regression (fixed, full-batch
gradient descent: no seed to draw) → the threshold chosen on the held-out fifth end to end, each
point scored by the shared scorer twice: against the annotations as the selection sets read them
(repeats optional) and as the coding rules' gold reads them (repeats not coded: a coded repeat is a
false positive); the mean of full-match and type-only F1 over the two readings, a tie (``TIE``)
to the higher threshold, which folds less → ``repeats.json`` in the model folder, with its card.

Round nine's articles (``next/``), which no part of the model has read, are scored for the card,
never chosen on; the dev gold is never read.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from ..events._repeats import FEATURES, FILE, RepeatModel, candidates, features, fold, reported_words
from ..events.component import MODEL_DIR
from ..process import Extractor, to_result
from ..records import Document
from ..settings import Settings
from . import annotations as ann
from .fit import published_date
from .run import SEED, TIE, annotation_gold, read_texts, score_all

THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.01)  # 1.01: fold nothing
L2 = 1.0
STEPS, RATE = 3000, 0.5


def _without_repeats(records: list[ann.Record]) -> list[ann.Record]:
    return [replace(r, events=tuple(e for e in r.events if not e.get("repeat"))) for r in records]


def coded(extractor: Extractor, docs: Iterable[Document]) -> list[tuple[Document, Any, Any]]:
    """(document, cleaned text, spaCy Doc) with the events unfolded (the model's repeats set aside)."""
    docs = list(docs)
    return [(docs[k], aligned, sdoc) for k, aligned, sdoc in extractor.parsed(docs)]


def examples(parsed: list[tuple[Document, Any, Any]], records: list[ann.Record]) -> tuple[np.ndarray, np.ndarray]:
    by_doc: dict[str, list[ann.Record]] = {}
    for r in records:
        by_doc.setdefault(r.doc, []).append(r)
    xs, ys = [], []
    for doc, aligned, sdoc in parsed:
        events = sdoc._.geopol_events or []
        reported = reported_words(sdoc)
        for i, earlier in candidates(events):
            e = events[i]
            s, t = aligned.to_original(e.sentence.start_char, e.sentence.end_char)
            hit = [a for r in by_doc.get(doc.id, []) if r.start < t and s < r.end for a in r.events
                   if e.rule.type in a["types"]]  # fmt: skip
            if any(not a.get("repeat") and not a.get("borderline") for a in hit):
                y = 0
            elif any(a.get("repeat") for a in hit):
                y = 1
            else:
                continue
            xs.append(features(e, [events[j] for j in earlier], e.trigger.root.i in reported))
            ys.append(y)
    return np.asarray(xs, np.float64).reshape(-1, len(FEATURES)), np.asarray(ys, np.float64)


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    w = np.zeros(x.shape[1])
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        w -= RATE * (x.T @ (p - y) / len(y) + L2 * w / len(y))
    return w


def output(parsed: list[tuple[Document, Any, Any]], model: RepeatModel) -> str:
    """What ``geopol extract`` writes for these documents with ``model`` folding their repeats."""
    lines = []
    for doc, aligned, sdoc in parsed:
        events = list(sdoc._.geopol_events or [])
        for e in events:
            e.repeats = []
        kept = fold(events, model, sdoc)
        sdoc._.geopol_events, original = kept, sdoc._.geopol_events
        lines.append(json.dumps(to_result(doc, aligned, sdoc).as_json(), ensure_ascii=False))
        sdoc._.geopol_events = original
    return "".join(x + "\n" for x in lines)


def _f1s(report: dict[str, Any]) -> tuple[float, float]:
    ev = report["events"]
    return ev["f1"], ev["relaxed"]["type_only"]["f1"]


def train_repeats(shared: Path, model_dir: Path = MODEL_DIR, log: Callable[[str], None] = print,
                  write: bool = True) -> dict[str, Any]:  # fmt: skip
    """Fit the repeat model of the event model in ``model_dir`` (module docstring) and, with ``write``,
    save it there as ``repeats.json``, its hash in ``card.json`` and its numbers in ``MODEL_CARD.md``."""
    texts, published = read_texts(shared)
    records = ann.load(texts)
    staged = ann.load(texts, ann.ANNOTATIONS / "next")
    held = ann.held_documents(records, SEED + 1)
    news = {r.doc for r in records if r.corpus in ann.HELD_CORPORA}
    train_docs = sorted(news - held - {r.doc for r in staged})
    # the model loads without its repeat model (which may be of other features: this refits it), and
    # codes the events as they are before folding
    stale = model_dir / FILE
    kept = stale.read_bytes() if stale.exists() else None
    stale.unlink(missing_ok=True)
    try:
        extractor = Extractor(Settings(event_model=str(model_dir), workers=1))
    finally:
        if kept is not None:
            stale.write_bytes(kept)
    extractor.nlp.get_pipe("geopol_events").model.repeats = None  # type: ignore[attr-defined]

    def docs(ids: Iterable[str]) -> list[Document]:
        return [Document(id=d, text=texts[d], published=published_date(published[d])) for d in ids]

    log(f"repeats: coding {len(train_docs)} training articles")
    x, y = examples(coded(extractor, docs(train_docs)), records)
    w = fit(x, y)
    log(f"  {len(y)} examples, {int(y.sum())} repeats; weights " + ", ".join(f"{v:+.2f}" for v in w))
    card: dict[str, Any] = {"training": {"articles": len(train_docs), "examples": len(y), "repeats": int(y.sum()),
                                         "l2": L2, "steps": STEPS, "rate": RATE}}  # fmt: skip
    sets = {HELD: (sorted(held), records), STAGED: (sorted({r.doc for r in staged}), staged)}
    scores: dict[str, dict[str, list[float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (ids, recs) in sets.items():
            parsed = coded(extractor, docs(ids))
            corpus_p, golds = Path(tmp) / "corpus.jsonl", [Path(tmp) / "gold.jsonl", Path(tmp) / "norep.jsonl"]
            corpus_p.write_text("".join(json.dumps({"id": d, "text": texts[d], "published": published[d]}) + "\n"
                                        for d in ids))  # fmt: skip
            for g, rs in zip(golds, (recs, _without_repeats(recs)), strict=True):
                g.write_text("".join(json.dumps(x) + "\n" for x in annotation_gold(rs, set(ids))))
            scores[name] = {}
            for thr in THRESHOLDS:
                reports = score_all(shared, corpus_p, golds, output(parsed, RepeatModel(w, thr, {})))
                f = [v for r in reports for v in _f1s(r)]
                scores[name][f"{thr:g}"] = [round(v, 4) for v in f]
                log(f"  {name}, threshold {thr:g}: full / type-only F1, repeats optional {f[0]:.3f} / {f[1]:.3f}; "
                    f"not coded {f[2]:.3f} / {f[3]:.3f}")  # fmt: skip
    threshold = choose(scores[HELD])
    card["threshold"] = {"chosen": threshold, "scores": scores, "columns": list(COLUMNS)}
    log(f"  threshold {threshold:g}")
    if write:
        model = RepeatModel(w, threshold, card)
        model.to_disk(model_dir)
        _cards(model_dir, model)
    return card


def choose(scores: dict[str, list[float]]) -> float:
    """The threshold whose F1s (``COLUMNS``) have the best mean; among those within ``TIE`` of it, the
    highest, which folds least (the held-out documents cannot tell them apart)."""
    best = max(float(np.mean(v)) for v in scores.values())
    return max(float(t) for t, v in scores.items() if float(np.mean(v)) >= best - TIE)


HELD, STAGED = "held-out fifth", "round nine (next/, measured only)"
COLUMNS = ("full, repeats optional", "type-only, repeats optional", "full, repeats not coded",
           "type-only, repeats not coded")  # fmt: skip


def _cards(model_dir: Path, model: RepeatModel) -> None:
    """The file's hash in ``card.json`` and its section in ``MODEL_CARD.md`` (replaced if there)."""
    card_p = model_dir / "card.json"
    if card_p.exists():
        card = json.loads(card_p.read_text(encoding="utf-8"))
        card.setdefault("files", {})[FILE] = hashlib.sha256((model_dir / FILE).read_bytes()).hexdigest()[:16]
        card_p.write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    md_p = model_dir / "MODEL_CARD.md"
    text = md_p.read_text(encoding="utf-8") if md_p.exists() else ""
    if SECTION in text:
        text = text[: text.index(SECTION)].rstrip() + "\n"
    tr, th = model.card["training"], model.card["threshold"]
    rows = []
    for name, by_thr in th["scores"].items():
        for key in (f"{th['chosen']:g}", "1.01"):
            v = by_thr[key]
            what = "folded" if key != "1.01" else "none folded"
            rows.append(f"| {name} | {key} ({what}) | " + " | ".join(f"{x:.3f}" for x in v) + " |")
    text += (
        f"\n{SECTION}\n\n"
        f"`repeats.json` (`python -m geopol.train.repeats`, also the last step of `geopol train`): a logistic "
        f"model over {len(FEATURES)} features of a later event and the earlier ones of its key (type, negation, "
        f"each side's countries), fitted to {tr['examples']} such events of {tr['articles']} training articles "
        f"({tr['repeats']} annotated repeats); threshold {th['chosen']:g}, chosen on the held-out fifth "
        f"(round nine measured only). F1 by the shared scorer, the annotations read with repeats optional and "
        f"with repeats not coded, as the coding rules' gold leaves them:\n\n"
        "| set | threshold | " + " | ".join(COLUMNS) + " |\n|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
    )
    md_p.write_text(text, encoding="utf-8")


SECTION = "## Repeats"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"), help="the shared data folder")
    ap.add_argument("--model", type=Path, default=MODEL_DIR, help="the event model folder (default: the shipped one)")
    ap.add_argument("--dry-run", action="store_true", help="report, write nothing")
    args = ap.parse_args(argv)
    train_repeats(args.shared, args.model, write=not args.dry_run)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
