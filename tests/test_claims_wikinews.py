"""Claims on real news: geopol's claims scored on the Wikinews claims set in annotations/claims/
(36 articles of ../shared/data/wikinews coded by annotations/claims/GUIDE.md, stand-off; never one
of the 36 dev-gold articles).

PolNeAR's attributions (polnear_dev) are coded by their own rules, which count beliefs, wishes and
polls that the project's coding rules leave out; this set is coded by the project's rules, so a
change to the claim finder is built and checked here and on PolNeAR, and only measured on the dev
gold. Scores are ``score.py``'s (``--task claims``: a claim matches when its content overlaps at
least half of the gold content; claimant and cue accuracy over matches). The floors are pinned in
tests/quality_baseline.json ("claims_wikinews"). Run ``python -m tests.test_claims_wikinews`` (from
the repository's root) to print the scores and the agreement of the double-coded sample.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from . import standoff
from .standoff import BadRecord, both_ways, documents, span, write_corpus

HERE = Path(__file__).resolve().parent
FOLDER = HERE.parent / "annotations" / "claims"
SET = FOLDER / "wikinews.jsonl"
DOUBLE = FOLDER / "double-G.jsonl"
CERTAINTIES = ("hedged", "unverified", "denied")
Span = tuple[int, int]


@dataclass(frozen=True)
class CodedClaim:
    claimant: Span | None
    cue: Span
    content: Span
    certainty: str | None = None
    negated: bool | None = None


def load_set(path: Path, texts: dict[str, str], excluded: frozenset[str] = frozenset()) -> dict[str, list[CodedClaim]]:
    """The coded articles of ``path`` (doc id → its claims), checked against the articles ``texts``:
    every span (claimant, cue, content) lies inside its article, starts and ends on a non-space
    character and still has its recorded CRC-32; certainty and negation are the guide's; each
    article is coded once, and no article of ``excluded`` (the dev gold) is used."""
    out: dict[str, list[CodedClaim]] = {}
    for where, text, row in documents(path, texts, excluded):
        claims = []
        for k, c in enumerate(row["claims"], 1):
            at = f"{where}, claim {k}"
            claimant = None if c["claimant"] is None else span(text, c["claimant"], at + " claimant")
            certainty, negated = c.get("certainty"), c.get("negated")
            if certainty is not None and certainty not in CERTAINTIES:
                raise BadRecord(f"{at}: certainty {certainty!r}")
            if negated is not None and not isinstance(negated, bool):
                raise BadRecord(f"{at}: negated {negated!r} is not true or false")
            cue, content = span(text, c["cue"], at + " cue"), span(text, c["content"], at + " content")
            claims.append(CodedClaim(claimant, cue, content, certainty, negated))
        out[row["doc_id"]] = claims
    return out


def _line(doc: str, claims: list[CodedClaim]) -> str:
    def at(s: Span | None) -> dict[str, int] | None:
        return None if s is None else {"start": s[0], "end": s[1]}

    rows = []
    for c in claims:
        row: dict[str, Any] = {"claimant": at(c.claimant), "cue": at(c.cue), "content": at(c.content)}
        if c.certainty is not None:
            row["certainty"] = c.certainty
        if c.negated is not None:
            row["negated"] = c.negated
        rows.append(row)
    return json.dumps({"id": doc, "claims": rows})


def gold_lines(coded: dict[str, list[CodedClaim]]) -> list[str]:
    """The coded articles in score.py's gold format (explicit spans), which is also a system output's."""
    return [_line(doc, claims) for doc, claims in sorted(coded.items())]


def score(coded: dict[str, list[CodedClaim]], corpus: dict[str, dict[str, Any]], work: Path) -> dict[str, Any]:
    """geopol's claims on the coded articles, scored by score.py."""
    return standoff.geopol_scores(gold_lines(coded), sorted(coded), corpus, work, "claims")


def agreement(first: dict[str, list[CodedClaim]], second: dict[str, list[CodedClaim]],
              corpus: dict[str, dict[str, Any]], work: Path) -> dict[str, Any]:  # fmt: skip
    """The two codings of the double-coded articles, each in turn the gold and the other the system,
    scored as score.py scores an output (the mean of the two directions)."""
    docs = sorted(second)
    one, two = gold_lines({d: first[d] for d in docs}), gold_lines({d: second[d] for d in docs})
    a, b = both_ways((one, one), (two, two), write_corpus(work / "double-corpus.jsonl", corpus, docs), "claims", work)
    mean = {k: round((a[k] + b[k]) / 2, 4) for k in ("precision", "recall", "f1")}
    over = {k: round((a["over_matches"][k]["accuracy"] + b["over_matches"][k]["accuracy"]) / 2, 4)
            for k in ("claimant", "cue")}  # fmt: skip
    return {"articles": len(docs), "claims": [a["gold"], b["gold"]], **mean, **over}


def test_claims_wikinews_loader_rejects_a_bad_record(tmp_path: Path) -> None:
    text = "Pelosi said the House would vote."

    def at(piece: str) -> dict[str, Any]:
        start = text.index(piece)
        return {"start": start, "end": start + len(piece), "crc32": f"{zlib.crc32(piece.encode()):08x}"}

    good = {"claimant": at("Pelosi"), "cue": at("said"), "content": at("the House would vote")}
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps({"doc_id": "d1", "claims": [good, {**good, "claimant": None}]}) + "\n")
    claims = load_set(path, {"d1": text})["d1"]
    assert claims[0].content == (12, 32) and claims[1].claimant is None
    for change, message in [({"cue": {**at("said"), "end": 99}}, "outside"), ({"cue": {**at("said"), "start": 6}},
                            "white space"), ({"content": {**at("the House"), "crc32": "00000000"}}, "CRC-32"),
                            ({"certainty": "reported"}, "certainty"), ({"negated": "no"}, "negated")]:  # fmt: skip
        path.write_text(json.dumps({"doc_id": "d1", "claims": [{**good, **change}]}) + "\n")
        with pytest.raises(BadRecord, match=message):
            load_set(path, {"d1": text})
    path.write_text(json.dumps({"doc_id": "d1", "claims": [good]}) + "\n")
    with pytest.raises(BadRecord, match="dev-gold"):
        load_set(path, {"d1": text}, frozenset({"d1"}))


if __name__ == "__main__":
    standoff.print_report(load_set, SET, DOUBLE, score, agreement)
