"""The PLOVER trigger lexicon (``data/events/triggers.tsv``), validated on load."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .._tsv import data_path, read_tsv, split_values
from ..errors import Errors, GeopolError
from ..records import PLOVER_TYPES

COLUMNS = ("lemma", "pos", "object", "particle", "type", "mode", "context", "target_preps", "symmetric", "source")


@dataclass(frozen=True, slots=True)
class Particle:
    """A required particle/preposition, optionally with the lemma of its object ('on:phone')."""

    word: str
    objects: frozenset[str]


@dataclass(frozen=True, slots=True)
class TriggerRule:
    lemma: str
    pos: str
    objects: frozenset[str]
    particles: tuple[Particle, ...]
    type: str
    mode: str | None
    context: tuple[str, ...]
    target_preps: frozenset[str]
    symmetric: bool
    line: int

    @property
    def specificity(self) -> int:
        return (2 if self.objects else 0) + (1 if self.particles else 0)


@dataclass(frozen=True)
class Lexicon:
    # (lemma, pos) -> most specific first; a compound noun's lemma is 'air strike'
    rules: dict[tuple[str, str], tuple[TriggerRule, ...]]
    light_verbs: frozenset[str]
    patient_nouns: frozenset[str]  # 'his arrest': nouns whose owner and 'of' phrase suffer the act
    noun_heads: frozenset[str] = field(init=False)  # last words of the noun triggers ('strike' of 'air strike')

    def __post_init__(self) -> None:
        heads = frozenset(lemma.split()[-1] for lemma, pos in self.rules if pos == "NOUN")
        object.__setattr__(self, "noun_heads", heads)

    def lookup(self, lemma: str, pos: str) -> tuple[TriggerRule, ...]:
        return self.rules.get((lemma, pos), ())

    def __len__(self) -> int:
        return sum(len(v) for v in self.rules.values())


def _particle(cell: str) -> Particle:
    word, _, objs = cell.partition(":")
    return Particle(word.strip().lower(), frozenset(o.strip().lower() for o in objs.split(",") if o.strip()))


def build_lexicon(folder: Path) -> Lexicon:
    path = folder / "triggers.tsv"
    rules: dict[tuple[str, str], list[TriggerRule]] = defaultdict(list)
    seen: set[tuple[str, str, frozenset[str], tuple[Particle, ...]]] = set()
    for n, row in read_tsv(path, COLUMNS):
        lemma, pos, etype = row["lemma"].lower(), row["pos"].upper(), row["type"].upper()
        if not lemma:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail="empty lemma")
        if pos not in ("VERB", "NOUN"):
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"pos '{pos}' is not VERB or NOUN")
        if etype not in PLOVER_TYPES:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"'{etype}' is not a PLOVER type")
        rule = TriggerRule(
            lemma=lemma,
            pos=pos,
            objects=frozenset(o.lower() for o in split_values(row["object"])),
            particles=tuple(_particle(p) for p in split_values(row["particle"])),
            type=etype,
            mode=row["mode"] or None,
            context=split_values(row["context"]),
            target_preps=frozenset(p.lower() for p in split_values(row["target_preps"])),
            symmetric=row["symmetric"].lower() in ("yes", "true", "1"),
            line=n,
        )
        key = (lemma, pos, rule.objects, rule.particles)
        if key in seen:
            raise GeopolError(Errors.E101, file=path.name, line=n, detail=f"duplicate entry for '{lemma}'")
        seen.add(key)
        rules[(lemma, pos)].append(rule)
    ordered = {k: tuple(sorted(v, key=lambda r: -r.specificity)) for k, v in rules.items()}
    light = frozenset(row["lemma"].lower() for _, row in read_tsv(folder / "light_verbs.tsv", ("lemma",)))
    patient = frozenset(row["lemma"].lower() for _, row in read_tsv(folder / "patient_nouns.tsv", ("lemma",)))
    return Lexicon(ordered, light, patient)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    return build_lexicon(data_path("events"))
