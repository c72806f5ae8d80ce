"""The fine-tuned sentence encoder of the event coder, run with onnxruntime on CPU (no torch).

``encoder.onnx`` (MiniLM-L6 fine-tuned by ``geopol.train.neural``, 8-bit weights) gives for each
sentence a logit per PLOVER type and, for each word piece, logits of none / source / target;
``tokenizer.json`` is its word-piece tokenizer. Sentences are run one at a time (see ``MAX_LEN``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import Errors, GeopolError

MAX_LEN = 96
# Sentences run one at a time, never padded into batches. The 8-bit encoder quantises each input's
# activations with one scale for the whole input, so in a batch a sentence's logits depended on its
# neighbours (the same sentence coded a little differently in another article); and a document's
# sentences differ in length, so a batch of them was half padding. On 1,578 sentences of 120 Wikinews
# articles one at a time took 3.9 s on one thread against 8.7 s in batches of 32 (3.6 s against 6.0 s
# on two threads); length buckets of similar sentences were no faster on two threads (5 Dec 2026)
FILES = ("encoder.onnx", "tokenizer.json")


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
    return min(4, os.cpu_count() or 1)


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
