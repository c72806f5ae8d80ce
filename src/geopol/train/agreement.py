"""Inter-annotator agreement on the double-coded sample: ``python -m geopol.train.agreement [FOLDER]``
(FOLDER: ``annotations/events``, the default, or any folder of the same files, such as a round
staged apart before a training measures it).

Cohen's kappa over (sentence, PLOVER type) decisions (a type is 'there' when an event of the
sentence has it as its first type), over all events and over required (not borderline) ones; kappa
on event/no-event per sentence; and the F1 of role spans between the two annotators, a span
agreeing when the other annotator has an overlapping span in the same role for the same type.
Reads the stand-off records only: no text is needed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..records import PLOVER_TYPES
from .annotations import ANNOTATIONS

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
    return out


if __name__ == "__main__":
    json.dump(agreement(Path(sys.argv[1]) if len(sys.argv) > 1 else ANNOTATIONS), sys.stdout, indent=1)
    print()
