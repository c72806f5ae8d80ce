"""Stage 8b, engines: where extraction runs. ``results`` turns a stream of documents into results,
in input order, the same records whichever engine runs them:

- ``local`` with one worker: this process (the loaded :class:`~geopol.process.Extractor`);
- ``local`` with ``settings.workers`` > 1: that many worker processes, each with its own pipeline,
  fed batches through a bounded window, so memory stays flat on a stream of any length (the last
  batches are smaller, so the workers end together);
- ``ray``: a Ray cluster (Ray Data), see :mod:`geopol.engines.ray_engine`.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from .._cores import usable_cores
from ..errors import Errors, GeopolError
from ..process import Extractor, Item
from ..records import DocResult
from ..settings import Settings

ENGINES = ("local", "ray")

_worker: Extractor | None = None  # the pipeline of a worker process
_start_error: GeopolError | None = None  # why a worker's pipeline could not be loaded


def _start_worker(settings: Settings, threads: int = 0) -> None:
    """A worker's pipeline. A pipeline that cannot load (a broken event model, a missing spaCy
    model) is remembered and raised by the worker's first batch, so the run stops with its numbered
    error: raised here, the pool would start worker after worker for ever."""
    global _worker, _start_error
    if threads and "GEOPOL_THREADS" not in os.environ:  # the workers share the cores, not each take them all
        os.environ["GEOPOL_THREADS"] = str(threads)
    try:
        _worker = Extractor(settings)
    except GeopolError as err:
        _start_error = err
    except Exception as err:  # noqa: BLE001 -- whatever it is, the parent must hear of it and stop
        _start_error = GeopolError(Errors.E901, detail=f"a worker could not start: {type(err).__name__}: {err}")


def _work(batch: list[Item]) -> list[DocResult]:
    if _start_error is not None:
        raise _start_error
    assert _worker is not None, "worker not started"
    return list(_worker.run(batch))


T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` items (the last one shorter), read lazily."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def balanced(items: Iterable[T], size: int, workers: int) -> Iterator[list[T]]:
    """Batches of ``size`` items while the input lasts, read one batch per worker ahead; what is
    left at its end is cut into ``2 × workers`` near-equal batches, so the workers finish together
    instead of one idling while another codes the last full batch."""
    size = max(1, size)
    ahead = size * workers
    buffer: deque[T] = deque()
    for item in items:
        buffer.append(item)
        if len(buffer) >= size + ahead:
            yield [buffer.popleft() for _ in range(size)]
    pieces = min(len(buffer), 2 * workers)
    for k in range(pieces):
        yield [buffer.popleft() for _ in range(len(buffer) // (pieces - k))]


# modules whose native thread pools do not survive a fork: once one is loaded here, workers start
# from a fork server (a fresh process that has only imported geopol) instead
_FORK_UNSAFE = ("onnxruntime", "tokenizers")


def start_method(chosen: str = "auto") -> str:
    """How worker processes start. ``auto``: ``fork`` (Linux) while this process is still plain, with
    no Python thread but the main one and neither the event encoder's runtime nor its tokenizer
    loaded (a command-line run, or a program that has not extracted in-process yet), so the workers
    begin with geopol and spaCy already imported; else a fork server, which imports them once in a
    fresh process (about 1.5 s more before the first document); else ``spawn``."""
    methods = mp.get_all_start_methods()
    if chosen != "auto":
        if chosen not in methods:
            detail = f"'{chosen}' is not available here (only {', '.join(methods)})"
            raise GeopolError(Errors.E305, name="start_method", detail=detail)
        return chosen
    plain = threading.active_count() == 1 and not any(m in sys.modules for m in _FORK_UNSAFE)
    if plain and sys.platform.startswith("linux") and "fork" in methods:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def run_processes(items: Iterable[Item], settings: Settings, workers: int) -> Iterator[DocResult]:
    """Results in input order from ``workers`` processes; at most ``2 × workers`` batches are in
    flight at once (the input is read only as fast as the workers take it)."""
    method = start_method(settings.start_method)
    ctx = mp.get_context(method)
    if method == "forkserver":
        ctx.set_forkserver_preload(["geopol.engines"])
    threads = max(1, usable_cores() // workers)  # the cores this process may use, not the machine's
    with ctx.Pool(workers, initializer=_start_worker, initargs=(settings, threads)) as pool:
        window: deque[Any] = deque()
        for batch in balanced(items, settings.batch_size, workers):
            window.append(pool.apply_async(_work, (batch,)))
            if len(window) >= 2 * workers:
                yield from window.popleft().get()
        while window:
            yield from window.popleft().get()


def results(
    items: Iterable[Item],
    settings: Settings,
    *,
    engine: str = "local",
    address: str | None = None,
    extractor: Extractor | None = None,
) -> Iterator[DocResult]:
    """Extract every item with the chosen engine; results come in input order."""
    if engine == "ray":
        from .ray_engine import run_ray

        yield from run_ray(items, settings, address)
    elif engine != "local":
        raise GeopolError(Errors.E306, detail=f"engine '{engine}' is not one of {', '.join(ENGINES)}")
    elif settings.workers > 1 and extractor is None:
        yield from run_processes(items, settings, settings.workers)
    else:
        yield from (extractor or Extractor(settings)).run(items)
