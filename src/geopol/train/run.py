"""``geopol train``: corpus → featurise → cross-validate → fit → calibrate → package, one command.

Model selection and calibration use the training data only: 5-fold cross-validation grouped by
document (a document's sentences never sit on both sides of a fold). The decision threshold and
the Platt calibration come from the out-of-fold scores of the real-news annotations; the dev gold
(``wikinews_gold``) is never read here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import platform
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ..events.component import MODEL_DIR
from ..events.model import EventModel
from ..records import PLOVER_TYPES, QUAD_CLASS
from . import annotations, corpus
from .fit import Row, featurise, fit_roles, fit_types, role_examples, type_scores
from .linear import platt

SEED = 15
FOLDS = 5


def read_texts(shared: Path) -> tuple[dict[str, str], dict[str, str | None]]:
    texts: dict[str, str] = {}
    published: dict[str, str | None] = {}
    for p in ("wikinews/corpus.jsonl", "polnear_train/corpus.jsonl"):
        for d in corpus._read_jsonl(shared / "data" / p):
            texts[d["id"]] = d["text"]
            published[d["id"]] = d.get("published")
    return texts, published


def build_examples(shared: Path) -> tuple[list[corpus.Example], dict[str, Any]]:
    texts, published = read_texts(shared)
    records = annotations.load(texts)
    ann = annotations.examples(records, texts, published)
    exs = corpus.all_examples(shared, ann)
    counts: dict[str, int] = {}
    for e in exs:
        counts[e.source] = counts.get(e.source, 0) + len(e.units)
    n_events = sum(len(ev) for r in records for ev in [r.events])
    info = {"examples": counts, "annotated_sentences": len(records), "annotated_events": n_events}
    return exs, info


def folds_of(rows: list[Row], k: int = FOLDS, seed: int = SEED) -> np.ndarray:
    groups = sorted({r.example.group for r in rows})
    random.Random(seed).shuffle(groups)
    fold = {g: i % k for i, g in enumerate(groups)}
    return np.array([fold[r.example.group] for r in rows])


def out_of_fold(rows: list[Row], fold: np.ndarray, log: Callable[[str], None]) -> np.ndarray:
    z = np.zeros((len(rows), len(PLOVER_TYPES)), np.float32)
    for k in range(FOLDS):
        train = [r for r, f in zip(rows, fold, strict=True) if f != k]
        test_idx = np.nonzero(fold == k)[0]
        model = fit_types(train, seed=SEED)
        z[test_idx] = type_scores(model, [rows[i] for i in test_idx])
        log(f"  fold {k + 1}/{FOLDS} done")
    return z


def _sig(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))


def choose_threshold(p: np.ndarray, Y: np.ndarray) -> tuple[float, dict[str, float]]:
    """The probability threshold with the best micro-F1 over known labels (ties: the higher)."""
    known = Y >= 0
    best = (0.5, -1.0)
    for th in np.arange(0.1, 0.91, 0.025):
        pred = p >= th
        tp = float((pred & (Y == 1) & known).sum())
        fp = float((pred & (Y == 0) & known).sum())
        fn = float((~pred & (Y == 1) & known).sum())
        f1 = 2 * tp / max(2 * tp + fp + fn, 1)
        if f1 >= best[1]:
            best = (float(th), f1)
    return best[0], prf(p >= best[0], Y)


def prf(pred: np.ndarray, Y: np.ndarray) -> dict[str, float]:
    known = Y >= 0
    tp = float((pred & (Y == 1) & known).sum())
    fp = float((pred & (Y == 0) & known).sum())
    fn = float((~pred & (Y == 1) & known).sum())
    p = tp / max(tp + fp, 1)
    r = tp / max(tp + fn, 1)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / max(p + r, 1e-9), 4),
            "tp": int(tp), "fp": int(fp), "fn": int(fn)}  # fmt: skip


def ece(p: np.ndarray, y: np.ndarray, bins: int = 10) -> float:
    """Expected calibration error of probabilities ``p`` against 0/1 outcomes ``y``."""
    if len(p) == 0:
        return 0.0
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        m = (p >= lo) & (p < hi if hi < 1 else p <= hi)
        if m.any():
            total += m.sum() / len(p) * abs(float(p[m].mean()) - float(y[m].mean()))
    return round(total, 4)


def pentaclass_f1(p: np.ndarray, rows: list[Row], threshold: float, gold: dict[str, int]) -> dict[str, float]:
    classes = [QUAD_CLASS[t] for t in PLOVER_TYPES]
    ys, ss = [], []
    for r, pr in zip(rows, p, strict=True):
        g = gold.get(r.example.key)
        if g is None:
            continue
        k = int(np.argmax(pr))
        ys.append(g)
        ss.append(classes[k] if pr[k] >= threshold else 0)
    f1s = []
    for c in sorted(set(ys) | set(ss)):
        tp = sum(1 for a, b in zip(ys, ss, strict=True) if a == c and b == c)
        fp = sum(1 for a, b in zip(ys, ss, strict=True) if a != c and b == c)
        fn = sum(1 for a, b in zip(ys, ss, strict=True) if a == c and b != c)
        f1s.append(2 * tp / max(2 * tp + fp + fn, 1))
    acc = sum(1 for a, b in zip(ys, ss, strict=True) if a == b) / max(len(ys), 1)
    return {"n": len(ys), "accuracy": round(acc, 4), "macro_f1": round(float(np.mean(f1s)) if f1s else 0.0, 4)}


def cameo_gold(shared: Path) -> dict[str, int]:
    return {g["id"]: g["pentaclass"] for g in corpus._read_jsonl(shared / "data" / "cameo_train" / "gold.jsonl")
            if g.get("pentaclass") is not None}  # fmt: skip


def train(shared: Path, out: Path = MODEL_DIR, log: Callable[[str], None] = print) -> dict[str, Any]:
    """Rebuild the event model from ``shared`` and the annotations; write it and its card to ``out``."""
    t0 = time.time()
    np.random.seed(SEED)
    log("corpus: reading the training data")
    exs, info = build_examples(shared)
    log(f"featurise: {sum(len(e.units) for e in exs)} units through geopol's pipeline")
    rows = featurise(exs)
    log(f"cross-validate: {len(rows)} sentences, {FOLDS} folds grouped by document")
    fold = folds_of(rows)
    z = out_of_fold(rows, fold, log)
    Y = np.array([r.labels for r in rows], dtype=np.int8)
    real = np.array([r.example.source == "realnews" for r in rows])
    known = (Y >= 0) & real[:, None]
    a, b = platt(z[known], Y[known].astype(np.float32))
    p = _sig(a * z + b)
    threshold, real_scores = choose_threshold(p[real], Y[real])
    log(f"  real-news out-of-fold: {real_scores} at threshold {threshold:.3f}")
    gold5 = cameo_gold(shared)
    cv = {
        "realnews_types": real_scores,
        "realnews_calibration_error": ece(p[known], Y[known].astype(np.float32)),
        "cameo_pentaclass": pentaclass_f1(p, rows, threshold, gold5),
        "by_source": {
            s: prf(p[m] >= threshold, Y[m])
            for s in sorted({r.example.source for r in rows})
            if (m := np.array([r.example.source == s for r in rows])).any()
        },  # fmt: skip
    }
    log(f"  cameo pentaclass out-of-fold: {cv['cameo_pentaclass']}")
    log("fit: the type model on all data, then the role model")
    types = fit_types(rows, seed=SEED)
    rf, rl, rw = role_examples(rows, types)
    roles = fit_roles(rf, rl, rw, seed=SEED)
    calibration = {t: (round(a, 6), round(b, 6)) for t in PLOVER_TYPES}
    thresholds = dict.fromkeys(PLOVER_TYPES, round(threshold, 3))
    card = {
        "name": "geopol events",
        "date": dt.date.today().isoformat(),
        "seed": SEED,
        "data": info,
        "sentences": len(rows),
        "features": len(types.vocab),
        "role_examples": len(rl),
        "role_features": len(roles.vocab),
        "cross_validation": cv,
        "threshold": threshold,
        "platt": [a, b],
        "seconds": round(time.time() - t0, 1),
        "python": platform.python_version(),
    }
    model = EventModel(types, roles, calibration, thresholds, card)
    model.to_disk(out)
    card["files"] = {f.name: hashlib.sha256(f.read_bytes()).hexdigest()[:16] for f in sorted(out.iterdir())
                     if f.name != "card.json"}  # fmt: skip
    (out / "card.json").write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    log(f"package: {out} ({card['seconds']} s)")
    return card
