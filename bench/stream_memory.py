"""Memory on a long stream: geopol's engine over N short documents (default 100,000) read lazily,
with the resident memory of the whole process tree sampled as it goes. Flat means bounded: the
engine holds a window of batches, never the stream.

    .venv/bin/python bench/stream_memory.py                      # 100,000 documents, all cores
    .venv/bin/python bench/stream_memory.py --docs 5000 --workers 1

The documents are the paragraphs of ../shared/data/wikinews/corpus.jsonl (or --corpus), cycled
under new ids; results go to a counter (no store, so only the engine is measured). Prints a line per
checkpoint and writes a JSON result (--out, default build/bench/stream_memory.json).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "data" / "wikinews" / "corpus.jsonl"


def tree_rss_mb(pid: int) -> float:
    """Summed resident memory of a process and its descendants, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/statm", encoding="ascii") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total / 2**20


def paragraphs(corpus: Path) -> list[str]:
    out = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            text = json.loads(line).get("text") or ""
            out.extend(p.strip() for p in text.split("\n") if len(p.split()) >= 12)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--every", type=int, default=0, help="checkpoint every N documents (default: docs/20)")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "stream_memory.json")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}: pass --corpus (skipped)")
        return 0
    import geopol
    from geopol.engines import results
    from geopol.records import Document

    texts = paragraphs(args.corpus)
    every = args.every or max(1, args.docs // 20)

    def stream() -> Iterator[Document]:
        for i, text in enumerate(itertools.islice(itertools.cycle(texts), args.docs)):
            yield Document(f"s{i}", text)

    settings = geopol.Settings(workers=args.workers, actors_file=Path("no-such-actors-file.yaml"))
    start = time.perf_counter()
    points, events = [], 0
    for n, r in enumerate(results(stream(), settings), 1):
        events += len(r.events)
        if n % every == 0 or n == args.docs:
            rss = tree_rss_mb(os.getpid())
            secs = time.perf_counter() - start
            points.append({"docs": n, "seconds": round(secs, 1), "rss_tree_mb": round(rss, 1)})
            print(f"{n:>8} docs  {secs:8.1f} s  {n / secs:7.1f} docs/s  tree RSS {rss:8.1f} MB", flush=True)
    first, last = points[0]["rss_tree_mb"], points[-1]["rss_tree_mb"]
    result = {
        "docs": args.docs, "workers": args.workers, "events": events, "points": points,
        "rss_growth_mb_after_first_checkpoint": round(last - first, 1),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": sys.version.split()[0]},
    }  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"tree RSS {first} MB at {points[0]['docs']} docs, {last} MB at {points[-1]['docs']}: written {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
