"""Inter-annotator agreement on the double-coded sample: ``python -m geopol.train.agreement [FOLDER]``
(FOLDER: ``annotations/events``, the default, or any folder of the same files, such as a round
staged apart before a training measures it).

Cohen's kappa over (sentence, PLOVER type) decisions (a type is 'there' when an event of the
sentence has it as its first type), over all events and over required (not borderline) ones; kappa
on event/no-event per sentence; and the F1 of role spans between the two annotators, a span
agreeing when the other annotator has an overlapping span in the same role for the same type.
Reads the stand-off records only: no text is needed. ``events_f1`` and ``events_f1_required``
score one annotator's events as a system's against the other's as gold, the way ``score.py``
scores an output (each annotator in turn the gold, the mean of the two; ``by_corpus`` gives the
same per corpus of the records): what two careful coders of the guide reach on what the goals
measure.

``python -m geopol.train.agreement --cameo SHARED`` also sets the guide's own coding of
``cameo_train`` (round ten) against that set's ConfliBERT pentaclass (``pentaclass_ceiling``):
what a coder who follows the coding rules exactly scores on those labels (reading the class of
the first required event, as ``score.py`` would read an output of the required events alone), so
about the most a model trained by the rules can be expected to reach there.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..records import PLOVER_TYPES, QUAD_CLASS
from .annotations import ANNOTATIONS
from .corpus import cameo_gold

Key = tuple[str, int, int]


def _records(files: list[Path]) -> dict[Key, dict]:
    out: dict[Key, dict] = {}
    for f in files:
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out[(r["doc"], r["start"], r["end"])] = r
    return out


def _types(r: dict, required: bool) -> set[str]:
    return {e["types"][0] for e in r["events"] if not (required and e.get("borderline"))}


def kappa(pairs: list[tuple[int, int]]) -> float:
    n = len(pairs)
    if not n:
        return 0.0
    po = sum(a == b for a, b in pairs) / n
    pa = sum(a for a, _ in pairs) / n
    pb = sum(b for _, b in pairs) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if pe >= 1 else (po - pe) / (1 - pe)


def _spans(r: dict, role: str) -> list[tuple[int, int, str]]:
    return [(p[0], p[1], e["types"][0]) for e in r["events"] for p in e[role] if p[0] is not None]


def role_f1(a: dict[Key, dict], b: dict[Key, dict], keys: list[Key]) -> dict[str, float]:
    tp = n_a = n_b = 0
    for k in keys:
        for role in ("source", "target"):
            sa, sb = _spans(a[k], role), _spans(b[k], role)
            used: set[int] = set()
            for s, e, t in sa:
                j = next(
                    (j for j, (s2, e2, t2) in enumerate(sb) if j not in used and t2 == t and s < e2 and s2 < e), None
                )
                if j is not None:
                    tp += 1
                    used.add(j)
            n_a += len(sa)
            n_b += len(sb)
    p, r = tp / max(n_b, 1), tp / max(n_a, 1)
    return {"f1": round(2 * p * r / max(p + r, 1e-9), 3), "a": n_a, "b": n_b, "agreed": tp}


def _countries(parts: list) -> frozenset[str]:
    return frozenset(p[2] for p in parts if len(p) > 2 and p[2])


def _agree(s: dict, g: dict) -> bool:
    """``score.py``'s participants test: a side the gold leaves out is not checked; a reciprocal
    event's sides are compared as one set."""
    side = lambda e, role: e.get(role) or []  # noqa: E731 -- the loader lets a record leave a role out
    if g.get("reciprocal"):
        if not side(g, "source") and not side(g, "target"):
            return True
        return _countries(side(s, "source")) | _countries(side(s, "target")) == _countries(
            side(g, "source")
        ) | _countries(side(g, "target"))
    return all(not side(g, r) or _countries(side(s, r)) == _countries(side(g, r)) for r in ("source", "target"))


def events_f1(
    gold: dict[Key, dict], system: dict[Key, dict], keys: list[Key], strict: bool = False
) -> dict[str, float]:
    """One annotator's events scored as a system's against the other's as gold, sentence by sentence,
    the way ``score.py`` scores an output (FORMAT.md): the gold's borderline events (unless
    ``strict``) and repeats are optional, a system event may match one gold event, required ones
    first; full (type and both sides' countries) and type-only F1."""
    out = {}
    for name, full in (("full", True), ("type_only", False)):
        tp = n_sys = n_gold = 0
        for k in keys:
            golds = gold[k]["events"]
            required = [not ((e.get("borderline") and not strict) or e.get("repeat")) for e in golds]
            sys_events = system[k]["events"]
            used: set[int] = set()
            matched_optional = 0
            for want in (True, False):
                for g, req in zip(golds, required, strict=True):
                    if req != want:
                        continue
                    for j, e in enumerate(sys_events):
                        if j not in used and e["types"][0] in g["types"] and (not full or _agree(e, g)):
                            used.add(j)
                            tp += req
                            matched_optional += not req
                            break
            n_gold += sum(required)
            n_sys += len(sys_events) - matched_optional
        p, r = (tp / n_sys if n_sys else 0.0), (tp / n_gold if n_gold else 0.0)
        out[name] = 2 * p * r / (p + r) if p + r else 0.0  # unrounded: callers round once
    return out


def _both_ways(a: dict[Key, dict], b: dict[Key, dict], keys: list[Key], strict: bool) -> dict[str, float]:
    one, two = events_f1(a, b, keys, strict), events_f1(b, a, keys, strict)
    return {m: round((one[m] + two[m]) / 2, 3) for m in one}


def agreement(folder: Path = ANNOTATIONS) -> dict[str, Any]:
    a = _records(sorted(folder.glob("realnews-*.jsonl")))
    b = _records(sorted(folder.glob("double-*.jsonl")))
    keys = [k for k in b if k in a]
    out: dict[str, Any] = {"sentences": len(a), "double_coded": len(keys)}
    for required in (False, True):
        name = "required" if required else "all"
        pairs = [
            (int(t in _types(a[k], required)), int(t in _types(b[k], required))) for k in keys for t in PLOVER_TYPES
        ]
        ev = [(int(bool(_types(a[k], required))), int(bool(_types(b[k], required)))) for k in keys]
        out[name] = {"type_kappa": round(kappa(pairs), 3), "event_kappa": round(kappa(ev), 3)}
    out["roles"] = role_f1(a, b, keys)
    # each annotator in turn as the gold, the other as the system; the mean of the two readings
    for name, strict in (("events_f1", False), ("events_f1_required", True)):
        out[name] = _both_ways(a, b, keys, strict)
    corpora: dict[str, list[Key]] = {}
    for k in keys:
        corpora.setdefault(a[k].get("corpus") or "?", []).append(k)
    out["by_corpus"] = {
        c: {"sentences": len(ks), "events_f1": _both_ways(a, b, ks, False)} for c, ks in sorted(corpora.items())
    }
    return out


def _class(events: list[dict]) -> int:
    """The pentaclass a sentence's coding gives: its first event's first type's class, 0 with none."""
    return QUAD_CLASS[events[0]["types"][0]] if events else 0


def pentaclass_scores(pairs: list[tuple[int, int]], digits: int = 3) -> dict[str, Any]:
    """Accuracy, macro-F1 over the classes seen on either side (each rounded to ``digits``), and the
    5x5 confusion matrix (rows: the labels, columns: the coding or the model) of (label, class)
    pairs, as ``score.py`` counts them."""
    cm = [[0] * 5 for _ in range(5)]
    for g, c in pairs:
        cm[g][c] += 1
    f1s = []
    for k in range(5):
        n_gold, n_sys = sum(cm[k]), sum(row[k] for row in cm)
        if n_gold or n_sys:
            f1s.append(2 * cm[k][k] / (n_gold + n_sys))
    n = len(pairs)
    return {
        "sentences": n,
        "accuracy": round(sum(cm[k][k] for k in range(5)) / n, digits) if n else 0.0,
        "macro_f1": round(sum(f1s) / len(f1s), digits) if f1s else 0.0,
        "confusion": cm,
    }


def pentaclass_ceiling(shared: Path, folder: Path = ANNOTATIONS) -> dict[str, Any]:
    """The guide's coding of ``cameo_train``'s sentences (records of corpus ``cameo``) scored against
    the set's own pentaclass: the class of a sentence's first event (``first``) and of its first
    required event (``first_required``: a borderline event alone reads as no event), each sentence
    with a label counted once."""
    labels = cameo_gold(shared)
    coded: dict[str, list[dict]] = {}  # a document's events, its records in text order
    for k, r in sorted(_records(sorted(folder.glob("realnews-*.jsonl"))).items()):
        if r.get("corpus") == "cameo" and k[0] in labels:
            coded.setdefault(k[0], []).extend(r["events"])
    out: dict[str, Any] = {}
    for name, required in (("first", False), ("first_required", True)):
        pairs = [
            (labels[d], _class([e for e in events if not (required and e.get("borderline"))]))
            for d, events in sorted(coded.items())
        ]
        out[name] = pentaclass_scores(pairs)
    return out


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    shared = None
    if "--cameo" in args:
        i = args.index("--cameo")
        if i + 1 >= len(args):
            raise SystemExit("--cameo needs the shared data folder (the one that holds data/cameo_train)")
        shared = Path(args[i + 1])
        del args[i : i + 2]
    folder = Path(args[0]) if args else ANNOTATIONS
    out = agreement(folder)
    if shared is not None:
        out["cameo_pentaclass"] = pentaclass_ceiling(shared, folder)
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
