"""The cooperation–conflict score of a set of event clusters, with its uncertainty.

Scale: **−1** (every event conflict) to **+1** (every event cooperation); 0 is balance. Each cluster
(one real-world event, however many reports) weighs

    intensity × reliability

where intensity is 1 for verbal events (PLOVER quad classes 1 and 3: agree, consult, support;
request, accuse, reject, threaten) and 2 for material ones (2 and 4: concede, cooperate, aid,
retreat; protest, sanction, mobilize, coerce, assault), and reliability is 1 − 0.5^k for an event
that k independent sources report (0.5 for one source, 0.75 for two, 0.875 for three).

    score = (C − K) / (C + K)

where C and K are the summed weights of the cooperative and the conflictual clusters. The
uncertainty is a 90% interval: the cooperative share q gets a Beta(1 + C, 1 + K) posterior (a
uniform prior, the weights as counts), whose mode is C / (C + K) — the score is 2q − 1 at the mode —
and the interval is the 90% highest-density interval of 2q − 1, so it always holds the score. One
singly-sourced event gives a wide interval; many well-sourced ones a narrow one. Negated and
hypothetical events never count.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

MATERIAL = frozenset({2, 4})
COOPERATION = frozenset({1, 2})
_GRID = np.linspace(0.0005, 0.9995, 1000)  # the cooperative share q, for the posterior


def weight(quad: int, sources: int) -> float:
    intensity = 2.0 if quad in MATERIAL else 1.0
    return intensity * (1.0 - 0.5 ** max(sources, 1))


@dataclass(frozen=True)
class Score:
    score: float | None  # −1 … +1, None when there is no event
    low: float | None  # the 90% interval
    high: float | None
    cooperation: float  # C, the summed weights
    conflict: float  # K


def score(clusters: Iterable[tuple[int, int]]) -> Score:
    """The score of clusters given as (quad class, independent sources)."""
    coop = conf = 0.0
    for quad, sources in clusters:
        w = weight(quad, sources)
        if quad in COOPERATION:
            coop += w
        else:
            conf += w
    if coop + conf == 0:
        return Score(None, None, None, 0.0, 0.0)
    log_pdf = coop * np.log(_GRID) + conf * np.log1p(-_GRID)  # Beta(1 + C, 1 + K), unnormalised
    pdf = np.exp(log_pdf - log_pdf.max())
    order = np.argsort(-pdf)  # the highest-density points first, until they hold 90% of the mass
    kept = order[: int(np.searchsorted(np.cumsum(pdf[order]) / pdf.sum(), 0.90)) + 1]
    q_low, q_high = float(_GRID[kept].min()), float(_GRID[kept].max())
    if coop == 0 or conf == 0:  # the mode sits on the edge of the scale
        q_low, q_high = (0.0, q_high) if coop == 0 else (q_low, 1.0)
    point = (coop - conf) / (coop + conf)
    return Score(
        round(point, 4),
        round(min(2 * q_low - 1, point), 4),  # the grid is finite: the interval always holds the score
        round(max(2 * q_high - 1, point), 4),
        round(coop, 4),
        round(conf, 4),
    )


SCALE = (
    "score: −1 (all conflict) … +1 (all cooperation). Each event cluster weighs intensity (1 verbal, 2 material) "
    "× reliability (1 − 0.5^k for k independent sources); score = (C − K)/(C + K), C and K the summed weights of "
    "cooperative and conflictual events; score_low..score_high is the 90% highest-density interval of a "
    "Beta(1 + C, 1 + K) posterior on the cooperative share. Negated and hypothetical events do not count."
)
