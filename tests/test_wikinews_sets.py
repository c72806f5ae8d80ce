"""The hand-coded Wikinews sets of annotations/ (figures, claims): each is whole, its double-coded
sample is part of it, and geopol holds its floors on it (tests/quality_baseline.json). The sets,
their loaders and their scoring are in test_figures_wikinews.py and test_claims_wikinews.py."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from . import test_claims_wikinews as claims
from . import test_figures_wikinews as figures
from .standoff import below_floors, coded_set, double_coded_fits


def _figures_got(scores: dict[str, Any]) -> dict[str, float]:
    return {k: scores[k] for k in ("precision", "recall", "f1")}


def _claims_got(scores: dict[str, Any]) -> dict[str, float]:
    return {**_figures_got(scores), "claimant": scores["over_matches"]["claimant"]["accuracy"]}


# set → (its module, at least so many articles and so many coded items, the scores held to floors)
SETS: dict[str, tuple[ModuleType, int, int, Callable[[dict[str, Any]], dict[str, float]]]] = {
    "figures_wikinews": (figures, 40, 120, _figures_got),
    "claims_wikinews": (claims, 30, 200, _claims_got),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_wikinews_set_is_whole_and_double_coded(name: str) -> None:
    module, docs, items, _ = SETS[name]
    coded, _corpus = coded_set(module.load_set, module.SET)
    assert len(coded) >= docs and sum(map(len, coded.values())) >= items
    assert double_coded_fits(coded, coded_set(module.load_set, module.DOUBLE)[0])


@pytest.mark.parametrize("name", sorted(SETS))
def test_wikinews_set_holds_its_floors(name: str, tmp_path: Path) -> None:
    module, _, _, got = SETS[name]
    scores = module.score(*coded_set(module.load_set, module.SET), tmp_path)
    low = below_floors(got(scores), name)
    assert not low, f"geopol got worse on the {name} set: " + "; ".join(low) + f" ({scores})"
