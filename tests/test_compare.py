"""``python -m geopol.train.compare``: a paired bootstrap over documents of two coders' event F1."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from geopol.train.compare import Counts, compare, f1s, main

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _counts(n: int, tp: int, fp: int, fn: int) -> np.ndarray:
    return np.tile(np.array([tp, fp, fn, tp, fp, fn], dtype=np.float64), (n, 1))


def test_f1_of_summed_counts() -> None:
    assert f1s(np.array([2.0, 2, 0, 4, 0, 0])).tolist() == pytest.approx([2 / 3, 1.0])


def test_the_same_output_twice_differs_by_nothing() -> None:
    a = np.random.default_rng(1).integers(0, 5, (40, 6)).astype(np.float64)
    r = compare([Counts(a, a.copy(), "x")], resamples=200)
    assert r["difference"] == 0 and r["interval_95"] == [0, 0] and r["b_higher"] == 0


def test_a_worse_output_scores_lower_in_every_resampling() -> None:
    a = _counts(30, tp=2, fp=1, fn=1)
    b = _counts(30, tp=2, fp=3, fn=1)  # two more wrong events in every document
    r = compare([Counts(a, b, "x")], resamples=200)
    assert r["difference"] < 0 and r["interval_95"][1] < 0 and r["b_higher"] == 0
    assert r["documents"] == {"x": 30}


def test_sets_of_one_corpus_share_each_resampling() -> None:
    """Two golds of the same documents (borderline events optional and required) are drawn
    together: the same set given twice under one corpus bootstraps as it does alone; under two
    corpora the draws are independent and the interval narrower."""
    rng = np.random.default_rng(2)
    a = rng.integers(0, 5, (25, 6)).astype(np.float64)
    b = a + rng.integers(-1, 2, (25, 6)).clip(-a, None)
    one = compare([Counts(a, b, "x")], resamples=300)
    same = compare([Counts(a, b, "x"), Counts(a.copy(), b.copy(), "x")], resamples=300)
    apart = compare([Counts(a, b, "x"), Counts(a.copy(), b.copy(), "y")], resamples=300)
    assert same["interval_95"] == one["interval_95"]
    width = lambda r: r["interval_95"][1] - r["interval_95"][0]  # noqa: E731
    assert width(apart) < width(one)


@pytest.mark.skipif(
    not (SHARED / "eval" / "score.py").exists(), reason="needs ../shared/eval/score.py (the shared scorer)"
)
def test_the_command_scores_outputs_with_the_shared_scorer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "Russia attacked Ukraine. China praised Russia."
    corpus, gold = tmp_path / "corpus.jsonl", tmp_path / "gold.jsonl"
    corpus.write_text(json.dumps({"id": "d1", "text": text, "published": "2022-03-01"}) + "\n")
    gold.write_text(json.dumps({"id": "d1", "events": [
        {"quote": "Russia attacked Ukraine.", "types": ["ASSAULT"], "source": ["RUS"], "target": ["UKR"]}]}) + "\n")  # fmt: skip

    def side(code: str) -> list[dict[str, object]]:
        return [{"text": code, "start": 0, "end": 1, "actor": {"country": code}}]

    right = {"type": "ASSAULT", "sentence": {"start": 0, "end": 24}, "source": side("RUS"), "target": side("UKR")}
    wrong = {"type": "ASSAULT", "sentence": {"start": 0, "end": 24}, "source": side("UKR"), "target": side("RUS")}
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text(json.dumps({"id": "d1", "events": [right]}) + "\n")
    b.write_text(json.dumps({"id": "d1", "events": [wrong]}) + "\n")
    main(["--shared", str(SHARED), "--resamples", "50", "--set", str(corpus), str(gold), str(a), str(b)])
    out = capsys.readouterr().out
    assert "A 1.0000, B 0.5000" in out and "B - A -0.5000" in out
