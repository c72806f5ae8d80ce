"""The learned event coder's weights: a linear model over named sparse features and a dense vector.

``EventModel`` scores a sentence for each of the 16 PLOVER types (independent sigmoids: a
sentence may state several), and maps the score to a calibrated probability (Platt scaling fitted
on held-out training data). ``RoleModel`` scores an actor mention as the source, the target or
neither of an event of a given type. Both are plain numpy at inference: no torch, no GPU.
Saved as ``config.json`` (types, thresholds, calibration, card) beside ``weights.npz`` and the
feature vocabulary ``features.txt`` (one feature a line, row order of the weights). A folder that
also holds ``encoder.onnx`` and ``tokenizer.json`` has a fine-tuned sentence encoder
(``geopol.events.encoder``, onnxruntime): its calibrated type probabilities are mixed with the
linear model's (``mix``: the encoder's share), and its token role head with the role model's
(``role_mix``). A folder ``second/`` in it holds a second encoder (``encoder.SecondOpinion``),
described by the encoder's ``second`` entry in ``config.json``. The cascade's *forecaster*
(``g_`` arrays in ``weights.npz``, over the type model's features, and the encoder's ``forecast``
entry in ``config.json``) is a linear model that says, before the encoder reads a sentence, whether
the encoder is likely to find any type in it; a sentence it forecasts empty is not read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import Errors, GeopolError
from ._repeats import FILE as REPEATS_FILE
from ._repeats import RepeatModel
from .encoder import SECOND, sigmoid


@dataclass
class LinearModel:
    """Linear scores ``x_sparse @ W + ((x_dense - mean) / scale) @ D + b`` for ``labels``."""

    labels: tuple[str, ...]
    vocab: dict[str, int]
    W: np.ndarray  # (features, labels)
    D: np.ndarray  # (dense dim, labels)
    b: np.ndarray  # (labels,)
    mean: np.ndarray
    scale: np.ndarray

    def rows(self, feats: list[str]) -> list[int]:
        v = self.vocab
        return [v[f] for f in feats if f in v]

    def scores(self, feats: list[list[str]], dense: np.ndarray | None = None) -> np.ndarray:
        out = np.tile(self.b, (len(feats), 1)).astype(np.float32)
        for i, fs in enumerate(feats):
            rows = self.rows(fs)
            if rows:
                out[i] += self.W[rows].sum(axis=0)
        if dense is not None and self.D.shape[0]:
            out += ((dense - self.mean) / self.scale) @ self.D
        return out

    def weight(self, feature: str, label: int) -> float:
        row = self.vocab.get(feature)
        return 0.0 if row is None else float(self.W[row, label])

    # --- persistence ------------------------------------------------------------------------
    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}W": self.W.astype(np.float16), f"{prefix}D": self.D, f"{prefix}b": self.b,
                f"{prefix}mean": self.mean, f"{prefix}scale": self.scale}  # fmt: skip

    @classmethod
    def from_arrays(cls, labels: tuple[str, ...], features: list[str], arrays: Any, prefix: str) -> LinearModel:
        W = np.asarray(arrays[f"{prefix}W"], dtype=np.float32)
        if W.shape != (len(features), len(labels)):
            raise ValueError(f"{prefix}W has shape {W.shape}, expected {(len(features), len(labels))}")
        return cls(labels, {f: i for i, f in enumerate(features)}, W, np.asarray(arrays[f"{prefix}D"], np.float32),
                   np.asarray(arrays[f"{prefix}b"], np.float32), np.asarray(arrays[f"{prefix}mean"], np.float32),
                   np.asarray(arrays[f"{prefix}scale"], np.float32))  # fmt: skip


@dataclass
class EventModel:
    """Sentence → probability of each PLOVER type, and the role model for its participants."""

    types: LinearModel
    roles: LinearModel | None
    calibration: dict[str, tuple[float, float]]  # type -> (a, b): p = sigmoid(a * score + b)
    thresholds: dict[str, float]
    card: dict[str, Any] = field(default_factory=dict)
    keep_rules: bool = False  # the rules' events below the threshold stand (their confidence is the model's)
    rule_floor: float = 0.0  # ... those at least this probable (with ``keep_rules``)
    per_sentence: int = 1  # events of types the rules did not code, at most, a sentence
    min_trigger: float = 0.5  # the least weight a trigger word of such an event carries for its type
    sure: float = 1.0  # a type this probable needs no such word: the verb or noun that weighs most is its trigger
    encoder: Any = None  # a SentenceEncoder, or None: the linear model alone
    encoder_platt: tuple[float, float] = (1.0, 0.0)
    mix: float = 0.0  # the encoder's share of a type probability
    role_mix: float = 0.0  # the encoder's share of a role probability
    forecaster: LinearModel | None = None  # over the type model's features: is the encoder worth running here?
    forecast_threshold: float = 0.0  # ... its score at least this (see ``worth_reading``)
    repeats: RepeatModel | None = None  # which later events of a document tell an earlier one again

    def mixed(self, p: np.ndarray, encoder_logits: np.ndarray | None) -> np.ndarray:
        """The linear model's probabilities ``p`` mixed with the encoder's calibrated ones."""
        if encoder_logits is None or not self.mix:
            return p
        a, b = self.encoder_platt
        return (1 - self.mix) * p + self.mix * sigmoid(encoder_logits * a + b)

    def worth_reading(self, feats: list[list[str]]) -> np.ndarray:
        """Which sentences (their features) the forecaster expects the encoder to find some type in
        (every one without a forecaster)."""
        if self.forecaster is None:
            return np.ones(len(feats), bool)
        return np.asarray(self.forecaster.scores(feats)[:, 0] >= self.forecast_threshold)

    def unread(self, p: np.ndarray) -> np.ndarray:
        """The probabilities of sentences the encoder was not run on because the forecaster expected
        it to find nothing: the linear model's, at their share, beside an encoder that gives none."""
        return (1 - self.mix) * p if self.encoder is not None else p

    def probabilities(self, feats: list[list[str]], dense: np.ndarray | None) -> np.ndarray:
        z = self.types.scores(feats, dense)
        a = np.array([self.calibration.get(t, (1.0, 0.0))[0] for t in self.types.labels], np.float32)
        b = np.array([self.calibration.get(t, (1.0, 0.0))[1] for t in self.types.labels], np.float32)
        return sigmoid(z * a + b)

    def role_probabilities(self, feats: list[list[str]]) -> np.ndarray:
        """(n, 3) softmax over ROLE_LABELS for each candidate (mention, event) pair."""
        if self.roles is None or not feats:
            return np.zeros((len(feats), len(ROLE_LABELS)), np.float32)
        z = self.roles.scores(feats)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)

    # --- persistence ------------------------------------------------------------------------
    def to_disk(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        feats = sorted(self.types.vocab, key=self.types.vocab.__getitem__)
        (path / "features.txt").write_text("\n".join(feats) + "\n", encoding="utf-8")
        arrays = self.types.arrays("t_")
        role_feats: list[str] = []
        if self.roles is not None:
            role_feats = sorted(self.roles.vocab, key=self.roles.vocab.__getitem__)
            arrays.update(self.roles.arrays("r_"))
        # the forecaster forecasts the encoder: without one, no forecast
        forecaster = self.forecaster if self.encoder is not None else None
        if forecaster is not None:
            if forecaster.vocab != self.types.vocab:
                raise ValueError("the forecaster must read the type model's features")
            arrays.update(forecaster.arrays("g_"))
        (path / "role_features.txt").write_text("\n".join(role_feats) + "\n", encoding="utf-8")
        np.savez_compressed(path / "weights.npz", **arrays)  # type: ignore[arg-type]
        config = {"types": list(self.types.labels), "role_labels": list(ROLE_LABELS),
                  "calibration": self.calibration, "thresholds": self.thresholds, "keep_rules": self.keep_rules,
                  "rule_floor": self.rule_floor,
                  "per_sentence": self.per_sentence, "min_trigger": self.min_trigger, "sure": self.sure,
                  "encoder": {"platt": list(self.encoder_platt), "mix": self.mix, "role_mix": self.role_mix}
                  if self.encoder is not None else None}  # fmt: skip
        if forecaster is not None:
            config["encoder"]["forecast"] = {"threshold": self.forecast_threshold}  # type: ignore[index]
        second = getattr(self.encoder, "second", None)
        if second is not None:
            config["encoder"]["second"] = self.encoder.config()  # type: ignore[index]
        (path / "config.json").write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
        (path / "card.json").write_text(json.dumps(self.card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        if self.repeats is not None:
            self.repeats.to_disk(path)
        elif (path / REPEATS_FILE).exists():  # a model saved without one keeps no stale one
            (path / REPEATS_FILE).unlink()
        if self.encoder is not None:
            import shutil

            from .encoder import FILES

            copies = [(Path(self.encoder.path), path)] + ([(Path(second.path), path / SECOND)] if second else [])
            for src, dst in copies:
                if src.resolve() != dst.resolve():
                    dst.mkdir(parents=True, exist_ok=True)
                    for name in FILES:
                        shutil.copyfile(src / name, dst / name)

    @classmethod
    def from_disk(cls, path: Path) -> EventModel:
        try:
            config = json.loads((path / "config.json").read_text(encoding="utf-8"))
            feats = (path / "features.txt").read_text(encoding="utf-8").splitlines()
            role_feats = [f for f in (path / "role_features.txt").read_text(encoding="utf-8").splitlines() if f]
            card = json.loads((path / "card.json").read_text(encoding="utf-8"))
            with np.load(path / "weights.npz") as arrays:
                types = LinearModel.from_arrays(tuple(config["types"]), feats, arrays, "t_")
                roles = None
                if role_feats:
                    roles = LinearModel.from_arrays(tuple(config["role_labels"]), role_feats, arrays, "r_")
                forecaster = None
                if "g_W" in arrays:
                    forecaster = LinearModel.from_arrays(FORECAST_LABELS, feats, arrays, "g_")
        except (OSError, KeyError, ValueError) as err:
            raise GeopolError(Errors.E105, path=path, detail=f"{type(err).__name__}: {err}") from err
        calibration = {t: (float(a), float(b)) for t, (a, b) in config["calibration"].items()}
        thresholds = {t: float(v) for t, v in config["thresholds"].items()}
        enc_config = config.get("encoder") or None
        encoder: Any = None
        forecast_threshold = 0.0
        if forecaster is not None:
            try:
                forecast_threshold = float(enc_config["forecast"]["threshold"])  # type: ignore[index]
            except (KeyError, TypeError, ValueError) as err:
                detail = f"config.json's forecast entry: {type(err).__name__}: {err}"
                raise GeopolError(Errors.E105, path=path, detail=detail) from err
        if enc_config is not None:
            from .encoder import SecondOpinion, SentenceEncoder

            encoder = SentenceEncoder(path)
            if (second := enc_config.get("second")) is not None:
                try:
                    a, b = enc_config["platt"]
                    a2, b2 = second["platt"]
                    lo, hi = second["band"]
                    share = float(second["share"])
                except (KeyError, TypeError, ValueError) as err:
                    detail = f"config.json's second encoder: {type(err).__name__}: {err}"
                    raise GeopolError(Errors.E105, path=path, detail=detail) from err
                encoder = SecondOpinion(encoder, (float(a), float(b)), SentenceEncoder(path / SECOND),
                                        (float(a2), float(b2)), share, (float(lo), float(hi)))  # fmt: skip
        return cls(
            types,
            roles,
            calibration,
            thresholds,
            card,
            bool(config.get("keep_rules", False)),
            float(config.get("rule_floor", 0.0)),
            int(config.get("per_sentence", 1)),
            float(config.get("min_trigger", 0.5)),
            float(config.get("sure", 1.0)),
            encoder,
            tuple(enc_config["platt"]) if enc_config else (1.0, 0.0),  # type: ignore[arg-type]
            float(enc_config["mix"]) if enc_config else 0.0,
            float(enc_config.get("role_mix", 0.0)) if enc_config else 0.0,
            forecaster,  # never without an encoder: its threshold is in the encoder's entry
            forecast_threshold,
            RepeatModel.from_disk(path),
        )


ROLE_LABELS = ("none", "source", "target")
FORECAST_LABELS = ("read",)
