"""Modality cue words (``data/nlp/modality.tsv``): negation, modal auxiliaries, hedges, words
that mark a report as unverified. One lexicon that the events and claims stages both read."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Token

from .._tsv import data_path, read_tsv
from ..errors import Errors, GeopolError

KINDS = ("negator", "negating_verb", "hypothetical_aux", "past_doubt_aux", "future_aux", "future_verb", "condition", "doubt",
         "hedge", "unverified", "report_noun", "vague_source")  # fmt: skip


def read_modality(path: Path) -> dict[str, frozenset[str]]:
    """kind -> its cue words; E101 for an unknown kind or an empty cue."""
    out: dict[str, set[str]] = defaultdict(set)
    for n, row in read_tsv(path, ("cue", "kind")):
        if row["kind"] not in KINDS:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"unknown kind '{row['kind']}'")
        if not row["cue"]:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail="empty cue")
        out[row["kind"]].add(row["cue"].lower())
    return {k: frozenset(out.get(k, ())) for k in KINDS}


@lru_cache(maxsize=1)
def modality_cues() -> dict[str, frozenset[str]]:
    return read_modality(data_path("nlp/modality.tsv"))


def has_hedge(tok: Token) -> bool:
    """A hedging adverb ('reportedly') or 'at least on the surface' hangs on ``tok``."""
    hedges = modality_cues()["hedge"]
    for c in tok.children:
        if c.lower_ in hedges:
            return True
        if c.dep_ == "prep" and c.lower_ == "on" and any(g.lower_ == "surface" for g in c.subtree):
            return True
    return False
