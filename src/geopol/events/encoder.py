"""The fine-tuned sentence encoder of the event coder, run with onnxruntime on CPU (no torch).

``encoder.onnx`` (MiniLM-L6 fine-tuned by ``geopol.train.neural``, 8-bit weights) gives for each
sentence a logit per PLOVER type and, for each word piece, logits of none / source / target;
``tokenizer.json`` is its word-piece tokenizer. Sentences are run one at a time (see ``MAX_LEN``).

A model folder may hold a second encoder in ``second/``, fine-tuned by the same recipe from
another seed: ``SecondOpinion`` lets it read the sentences the first is unsure of and averages
the two encoders' calibrated type probabilities there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._cores import usable_cores
from ..errors import Errors, GeopolError

MAX_LEN = 96
# Sentences run one at a time, never padded into batches. The 8-bit encoder quantises each input's
# activations with one scale for the whole input, so in a batch a sentence's logits depended on its
# neighbours (the same sentence coded a little differently in another article); and a document's
# sentences differ in length, so a batch of them was half padding. On 1,578 sentences of 120 Wikinews
# articles one at a time took 3.9 s on one thread against 8.7 s in batches of 32 (3.6 s against 6.0 s
# on two threads); length buckets of similar sentences were no faster on two threads (5 Dec 2026)
FILES = ("encoder.onnx", "tokenizer.json")
SECOND = "second"  # the second encoder's folder inside a model's


@dataclass
class Encoded:
    """One sentence: type logits, and per word piece its character span and role logits."""

    types: np.ndarray  # (types,)
    offsets: list[tuple[int, int]]
    roles: np.ndarray  # (pieces, 3)

    def role_scores(self, start: int, end: int) -> np.ndarray | None:
        """Mean role probabilities (none, source, target) of the pieces inside [start, end)."""
        rows = [i for i, (a, b) in enumerate(self.offsets) if a < b and start <= a and b <= end]
        if not rows:
            return None
        z = self.roles[rows]
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True)).mean(axis=0)


def _threads() -> int:
    v = os.environ.get("GEOPOL_THREADS") or os.environ.get("OMP_NUM_THREADS")
    if v and v.isdigit() and int(v) > 0:
        return int(v)
    return min(4, usable_cores())


class SentenceEncoder:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._session = None
        self._pid = 0
        try:
            from tokenizers import Tokenizer

            self.tok = Tokenizer.from_file(str(path / "tokenizer.json"))
            self.tok.no_padding()
            self.tok.enable_truncation(MAX_LEN)
            self.session  # noqa: B018 -- a broken file fails here, not at the first sentence
        except GeopolError:
            raise
        except Exception as err:  # tokenizers raises its own types for a broken file
            raise GeopolError(Errors.E105, path=path, detail=f"{type(err).__name__}: {err}") from err

    @property
    def session(self):  # type: ignore[no-untyped-def]
        """The onnxruntime session of this process (a forked worker opens its own, with its share of threads)."""
        if self._session is None or self._pid != os.getpid():
            try:
                import onnxruntime as ort

                opts = ort.SessionOptions()
                opts.intra_op_num_threads = _threads()
                opts.inter_op_num_threads = 1
                self._session = ort.InferenceSession(str(self.path / "encoder.onnx"), opts,
                                                     providers=["CPUExecutionProvider"])  # fmt: skip
            except Exception as err:  # onnxruntime raises its own types for a broken file
                raise GeopolError(Errors.E105, path=self.path, detail=f"{type(err).__name__}: {err}") from err
            self._pid = os.getpid()
        return self._session

    def run(self, texts: list[str]) -> list[Encoded]:
        """Each sentence on its own, unpadded (see the note above ``MAX_LEN``)."""
        out: list[Encoded] = []
        for enc in self.tok.encode_batch(texts, add_special_tokens=True) if texts else []:
            ids = np.asarray([enc.ids], np.int64)
            types, roles = self.session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})
            out.append(Encoded(types[0], list(enc.offsets), roles[0]))
        return out

    def type_logits(self, texts: list[str]) -> np.ndarray:
        res = self.run(texts)
        return np.stack([e.types for e in res]) if res else np.zeros((0, 16), np.float32)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))  # type: ignore[no-any-return]


class SecondOpinion:
    """Two encoders fine-tuned by one recipe from different seeds, read as one (``run``).

    The first reads every sentence it is given. Where it is unsure of some type (a calibrated
    probability within ``band``), the second reads the sentence too, and the sentence's type
    probabilities become ``share`` of the second's and the rest of the first's. They are returned
    as logits on the first encoder's scale (its Platt scaling, ``first_platt``), so a model reads
    the pair exactly as it reads the first alone; the role logits are the first's.
    Sentences the first is sure of, either way, are rarely changed by a second reading, which is
    why only these are read twice (see the model card for what the band costs and gives)."""

    def __init__(self, first: SentenceEncoder, first_platt: tuple[float, float], second: SentenceEncoder,
                 second_platt: tuple[float, float], share: float = 0.5,
                 band: tuple[float, float] = (0.0, 1.0)) -> None:  # fmt: skip
        self.first, self.second = first, second
        self.first_platt, self.second_platt = first_platt, second_platt
        self.share, self.band = share, band
        self.path = first.path

    def config(self) -> dict[str, object]:
        return {"platt": list(self.second_platt), "share": self.share, "band": list(self.band)}

    def unsure(self, z_first: np.ndarray) -> np.ndarray:
        """Which rows of the first encoder's type logits (n, types) hold a type within the band."""
        p = sigmoid(self.first_platt[0] * z_first + self.first_platt[1])
        return np.asarray(((p >= self.band[0]) & (p <= self.band[1])).any(axis=-1))

    def combine(self, z_first: np.ndarray, z_second: np.ndarray) -> np.ndarray:
        """The two encoders' type logits of the same sentences, (n, types) each, as one reading on
        the first's scale (the second counting ``share`` of the probability)."""
        (a1, b1), (a2, b2) = self.first_platt, self.second_platt
        p = (1.0 - self.share) * sigmoid(a1 * z_first + b1) + self.share * sigmoid(a2 * z_second + b2)
        p = np.clip(p, 1e-6, 1.0 - 1e-6)
        return np.asarray((np.log(p / (1.0 - p)) - b1) / a1, np.float32)

    def read(self, z_first: np.ndarray, z_second: np.ndarray) -> np.ndarray:
        """Both encoders' logits of every sentence, (n, types) each, as ``run`` would give them."""
        z = np.array(z_first, np.float32)
        m = self.unsure(z)
        if m.any():
            z[m] = self.combine(z[m], z_second[m])
        return z

    def run(self, texts: list[str]) -> list[Encoded]:
        out = self.first.run(texts)
        if not out:
            return out
        z1 = np.stack([e.types for e in out])
        unsure = np.flatnonzero(self.unsure(z1))
        if not len(unsure):
            return out
        z2 = np.zeros_like(z1)  # the second reads only the unsure sentences; ``read`` looks at no other row
        z2[unsure] = np.stack([e.types for e in self.second.run([texts[i] for i in unsure])])
        z = self.read(z1, z2)
        return [Encoded(z[i], e.offsets, e.roles) for i, e in enumerate(out)]

    def type_logits(self, texts: list[str]) -> np.ndarray:
        res = self.run(texts)
        return np.stack([e.types for e in res]) if res else np.zeros((0, 16), np.float32)
