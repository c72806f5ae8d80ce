"""What the world tables and the context inference cost, in one run: ``geopol.extract`` on the same
documents in three configurations, each in a fresh subprocess (so peak memory is per configuration),
run in turn ``--rounds`` times:

- ``plain``: without the world tables (``geopol/data/actors/world``) and without context inference;
- ``world``: with the world tables, without context inference;
- ``full``: as shipped.

Ratios are against ``plain`` of the same run (speed = plain time / configuration time), never
absolute. Nothing under ``src/`` changes: the subprocess replaces two functions at run time.

    .venv/bin/python bench/actor_kb.py                       # the Wikinews corpus, 2 rounds
    .venv/bin/python bench/actor_kb.py --docs 100 --rounds 3 --corpus my-articles.jsonl
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_CORPUS = Path("../shared/data/wikinews/corpus.jsonl")  # relative to the repository root
CONFIGS = ("plain", "world", "full")


def run_one(config: str, corpus: Path, docs: int) -> dict[str, float]:
    """Inside a subprocess: extract ``docs`` documents of ``corpus`` under ``config``."""
    import geopol
    from geopol.actors import _context, _world, kb

    if config in ("plain", "world"):
        _context.ContextResolver.__call__ = lambda self, doc, mentions: mentions  # type: ignore[method-assign]
    if config == "plain":
        original = kb.build_kb

        def without_world(folder: Path, user: kb.UserRows | None = None) -> kb.KnowledgeBase:
            real = Path.is_dir
            Path.is_dir = lambda p: False if p.name == "world" else real(p)  # type: ignore[method-assign]
            try:
                return original(folder, user)
            finally:
                Path.is_dir = real  # type: ignore[method-assign]

        kb.build_kb = without_world  # type: ignore[assignment]
        import geopol.actors.user as user

        user.build_kb = without_world  # type: ignore[assignment]
    assert _world  # imported so that the world module's own cost is in every configuration
    lines = corpus.read_text(encoding="utf-8").splitlines()[:docs]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.jsonl"
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        wall, cpu = time.perf_counter(), time.process_time()
        geopol.extract([source], io.StringIO(), geopol.Settings())
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_mb": round(rss, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--docs", type=int, default=10**9)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--one", choices=CONFIGS, help=argparse.SUPPRESS)  # the subprocess's own run
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.corpus.resolve(), args.docs)))
        return 0
    if not args.corpus.exists():
        print(f"{args.corpus} is absent: pass --corpus")
        return 0
    runs: dict[str, list[dict[str, float]]] = {c: [] for c in CONFIGS}
    for _ in range(args.rounds):
        for config in CONFIGS:
            cmd = [sys.executable, __file__, "--one", config, "--corpus", str(args.corpus), "--docs", str(args.docs)]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            runs[config].append(json.loads(out.strip().splitlines()[-1]))
    base = {k: statistics.mean(r[k] for r in runs["plain"]) for k in ("wall_s", "cpu_s", "peak_rss_mb")}
    print(f"{'config':8} {'wall s':>8} {'cpu s':>8} {'rss MB':>8} {'speed':>6} {'+rss MB':>8}")
    for config in CONFIGS:
        m = {k: statistics.mean(r[k] for r in runs[config]) for k in base}
        print(f"{config:8} {m['wall_s']:8.2f} {m['cpu_s']:8.2f} {m['peak_rss_mb']:8.1f} "
              f"{base['wall_s'] / m['wall_s']:6.2f} {m['peak_rss_mb'] - base['peak_rss_mb']:8.1f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
