"""The claim cue lexicon (``data/claims/cues.tsv``), validated on load."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .._tsv import data_path, read_tsv
from ..errors import Errors, GeopolError

POS = ("verb", "noun", "prep", "adverb")
KINDS = ("speech", "announcement", "promise", "threat", "demand", "assessment", "accusation", "denial", "confirm", "belief",
         "source", "proposition", "hearsay", "reading", "document")  # fmt: skip


@dataclass(frozen=True)
class ClaimCues:
    verbs: dict[str, str]  # lemma, or lemma and particle ('call for'), -> kind
    nouns: dict[str, str]  # lemma -> kind (a noun cue taking a that-clause)
    propositions: frozenset[str]  # nouns that can be denied or confirmed as objects
    preps: dict[str, str]  # 'according to' -> 'source'
    adverbs: dict[str, str]  # 'reportedly' -> 'hearsay'
    documents: frozenset[str] = frozenset()  # nouns of a text that can 'read' something ('statement')


def read_cues(path: Path) -> ClaimCues:
    verbs: dict[str, str] = {}
    nouns: dict[str, str] = {}
    preps: dict[str, str] = {}
    adverbs: dict[str, str] = {}
    props: set[str] = set()
    docs: set[str] = set()
    for n, row in read_tsv(path, ("cue", "pos", "kind")):
        cue, pos, kind = row["cue"].lower(), row["pos"], row["kind"]
        if not cue or pos not in POS or kind not in KINDS:
            detail = f"bad cue '{cue}', pos '{pos}' or kind '{kind}'"
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=detail)
        if kind == "proposition":
            props.add(cue)
            continue
        if kind == "document":
            docs.add(cue)
            continue
        if (pos == "adverb") != (kind == "hearsay"):
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"'{cue}': only an adverb is hearsay")
        table = {"verb": verbs, "noun": nouns, "prep": preps, "adverb": adverbs}[pos]
        if table.get(cue, kind) != kind:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"'{cue}' ({pos}) listed twice")
        table[cue] = kind
    return ClaimCues(verbs, nouns, frozenset(props), preps, adverbs, frozenset(docs))


@lru_cache(maxsize=1)
def claim_cues() -> ClaimCues:
    return read_cues(data_path("claims/cues.tsv"))
