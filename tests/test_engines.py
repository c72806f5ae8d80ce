"""Engines: several worker processes give the same results as one, in input order, reading their
input only as fast as they work (a bounded window), and ingest writes the same store."""

from __future__ import annotations

import itertools
import json
import multiprocessing as mp
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import geopol
from geopol.engines import balanced, batched, results, run_processes, start_method
from geopol.errors import GeopolError
from geopol.records import Document


def _docs() -> list[geopol.Document | geopol.DocResult]:
    items = list(geopol.read_paths([geopol.sample_corpus()]))
    items.append(Document("empty", "   "))  # E001: an error result in the middle of the stream
    items.append(Document("short", "China and Russia agreed to expand trade."))
    return items


def _python(script: str, cwd: Path, timeout: int = 600) -> str:
    """``script`` run by a fresh interpreter (the command line's case); its standard output."""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=timeout, cwd=cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_batched_is_lazy_and_complete() -> None:
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert next(batched(itertools.count(), 2)) == [0, 1]  # an endless stream is fine


def test_two_workers_give_the_same_results_in_order() -> None:
    settings = geopol.Settings(batch_size=3, workers=2)
    items = _docs()
    one = [r.as_json() for r in geopol.Extractor(geopol.Settings(batch_size=3)).run(items)]  # the learned coder too
    two = [r.as_json() for r in results(items, settings)]
    assert two == one
    assert [r["id"] for r in two] == [i.document.id if isinstance(i, geopol.DocResult) else i.id for i in items]


def test_workers_read_their_input_through_a_bounded_window() -> None:
    """With 1 worker and batches of 1, at most 2 batches are read ahead of the results taken."""
    read = 0

    def stream() -> Iterator[Document]:
        nonlocal read
        for i in range(20):
            read += 1
            yield Document(f"d{i}", "China and Russia agreed to expand trade.")

    out = run_processes(stream(), geopol.Settings(batch_size=1, workers=1), workers=1)
    first = next(out)
    assert first.document.id == "d0"
    assert read <= 3, read  # not the whole stream
    assert [r.document.id for r in out] == [f"d{i}" for i in range(1, 20)]


def test_the_last_batches_are_cut_so_the_workers_end_together() -> None:
    sizes = [len(b) for b in balanced(range(120), 16, 2)]
    assert sum(sizes) == 120 and sizes[:5] == [16] * 5 and sizes[5:] == [10] * 4
    assert [x for b in balanced(range(37), 4, 3) for x in b] == list(range(37))  # every item, in order
    assert [len(b) for b in balanced(range(3), 16, 2)] == [1, 1, 1]
    assert list(balanced([], 16, 2)) == []


def test_unknown_engine_is_a_numbered_error() -> None:
    with pytest.raises(GeopolError) as info:
        list(results([], geopol.Settings(), engine="spark"))
    assert info.value.code == "E306"


def _rows(path: Path) -> list[tuple[str, ...]]:
    with geopol.Store(path, read_only=True) as s:
        events = s.con.execute("SELECT doc_id, event_no, record FROM events ORDER BY 1, 2").fetchall()
        clusters = s.con.execute("SELECT cluster_id, reports FROM clusters ORDER BY 1").fetchall()
    return [(d, str(n), json.dumps(json.loads(r), sort_keys=True)) for d, n, r in events] + [
        (c, str(n)) for c, n in clusters
    ]


def test_ingest_with_two_workers_stores_what_one_stores(tmp_path: Path, sample_store: Path) -> None:
    store = tmp_path / "two.duckdb"
    # the session's sample store is coded by the rules alone (conftest): so are these workers
    report = geopol.ingest([geopol.sample_corpus()], geopol.Settings(store=store, workers=2, event_model="none"))
    assert report.ok == 14 and report.failed == 0
    assert _rows(store) == _rows(sample_store)


def test_ingest_forks_its_workers_after_opening_the_store(tmp_path: Path, sample_store: Path) -> None:
    """The command line's case: a fresh process opens the store, then forks its workers."""
    store = tmp_path / "forked.duckdb"
    script = (
        "import sys, geopol\n"
        "from geopol.engines import start_method\n"
        f"s = geopol.Settings(store={str(store)!r}, workers=2, event_model='none')\n"
        "r = geopol.ingest([geopol.sample_corpus()], s)\n"
        "assert start_method() == 'fork' and r.ok == 14 and r.failed == 0, (start_method(), r.ok)\n"
    )
    _python(script, tmp_path)
    assert _rows(store) == _rows(sample_store)


def test_workers_fork_from_a_plain_process_and_code_the_same(tmp_path: Path) -> None:
    """A fresh process (the command line's case) forks its workers: they start with geopol imported,
    and code exactly what one process codes."""
    items = _docs()
    one = [r.as_json() for r in geopol.Extractor(geopol.Settings(batch_size=3)).run(items)]
    script = (
        "import json, sys\n"
        "import geopol\n"
        "from geopol.engines import results, start_method\n"
        "from geopol.records import Document\n"
        "assert start_method() == 'fork', start_method()\n"
        "items = list(geopol.read_paths([geopol.sample_corpus()]))\n"
        "items += [Document('empty', '   '), Document('short', 'China and Russia agreed to expand trade.')]\n"
        "out = [r.as_json() for r in results(items, geopol.Settings(batch_size=3, workers=2))]\n"
        "assert start_method() == 'fork'  # the parent ran no encoder: the workers did\n"
        "print(json.dumps(out))\n"
    )
    assert json.loads(_python(script, tmp_path)) == json.loads(json.dumps(one))


def test_a_process_that_ran_the_encoder_starts_workers_from_a_fork_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "onnxruntime", sys.modules.get("onnxruntime") or object())
    assert start_method() in ("forkserver", "spawn")
    assert start_method("spawn") == "spawn"  # the setting wins


def test_a_start_method_this_system_lacks_is_a_numbered_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mp, "get_all_start_methods", lambda: ["spawn"])
    with pytest.raises(GeopolError) as info:
        start_method("fork")
    assert info.value.code == "E305"
    assert start_method() == "spawn"


def test_workers_that_cannot_load_the_pipeline_stop_the_run_with_its_numbered_error(tmp_path: Path) -> None:
    """A pipeline that fails to load in the workers (here an event model folder with no model)
    stops the run with the error: raised while a worker starts, it had the pool start new workers
    for ever, and the run never ended."""
    (tmp_path / "model").mkdir()
    script = (
        "import geopol\n"
        "from geopol.engines import results\n"
        "from geopol.errors import GeopolError\n"
        "items = list(geopol.read_paths([geopol.sample_corpus()]))\n"
        f"settings = geopol.Settings(batch_size=2, workers=2, event_model={str(tmp_path / 'model')!r})\n"
        "try:\n"
        "    list(results(items, settings))\n"
        "except GeopolError as err:\n"
        "    print(err.code)\n"
    )
    assert _python(script, tmp_path, timeout=300).strip() == "E105"


def test_a_numbered_error_crosses_a_process_boundary_whole() -> None:
    import pickle

    from geopol.errors import DocumentError, Errors

    for cls in (GeopolError, DocumentError):
        err = cls(Errors.E105, path="/models/events", detail="FileNotFoundError: config.json")
        again = pickle.loads(pickle.dumps(err))
        assert type(again) is cls and again.code == "E105" and str(again) == str(err)
        assert again.details == err.details


def test_threads_follow_the_cores_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """A container or ``taskset`` may allow fewer cores than the machine has: the encoder's threads
    and each worker's share count those, not ``os.cpu_count``."""
    import os

    from geopol import _cores
    from geopol.events import encoder

    monkeypatch.delenv("GEOPOL_THREADS", raising=False)
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert _cores.usable_cores() == 2
    assert encoder._threads() == 2
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)  # no affinity call: every core
    assert _cores.usable_cores() == 64
    assert encoder._threads() == 4
