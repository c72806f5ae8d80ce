"""The Ray engine: extraction spread over a Ray cluster with Ray Data, results in input order.

The driver (the process that calls :func:`run_ray`) reads the input and consumes the results;
only extraction runs on the cluster. The input is cut into windows of ``window`` items, so the
driver never holds more than one window: each window becomes a ``ray.data.from_items`` dataset
mapped in batches of ``settings.batch_size`` by Ray tasks (one CPU each), and its results are
yielded in input order as soon as the ones before them are in.

Each Ray worker process builds one :class:`~geopol.process.Extractor` (the spaCy pipeline, about
200 MB) on its first batch and keeps it for the next batches and windows: Ray reuses its worker
processes, so the model is loaded once per worker, not once per window as a pool of actors
(which ends with its dataset) would do.

Items that are already error results (a file the reader could not read) never leave the driver.
Documents and results travel pickled: the records are frozen dataclasses, so a result comes back
equal to the one the local engine gives.

The settings travel with the work. The user's actors file, when the driver has one, is read on
the driver and its content shipped with the work, so every node codes with the same actors; the
spaCy model (``settings.model``) must be installed on every node (a model folder at the same path).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import socket
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import Errors, GeopolError
from ..process import Extractor
from ..records import DocResult, Document
from ..settings import Settings

if TYPE_CHECKING:
    from types import ModuleType

Item = Document | DocResult

WINDOW = 4096  # items per Ray Data dataset: the most the driver holds at once
_NO_FILE = Path(os.devnull) / "geopol-actors.yaml"  # a path that can never exist: no user actors


def run_ray(
    items: Iterable[Item],
    settings: Settings,
    address: str | None = None,
    *,
    window: int = WINDOW,
    concurrency: int | None = None,
) -> Iterator[DocResult]:
    """Extract ``items`` on a Ray cluster: one result per item, in input order, equal to the
    local engine's.

    ``address``: the cluster to join (``HEAD:6379``, ``auto``, ``ray://HEAD:10001``); without it,
    an already initialised Ray is used, or a local one is started. ``window``: items per Ray Data
    dataset (the driver holds one window at a time). ``concurrency``: extraction tasks at once,
    one CPU each (default: the cluster's CPUs when the window starts).

    Raises ``GeopolError`` E306 at once when Ray is not installed or the cluster cannot be
    joined, and the Extractor's own errors (E103 for a bad actors file, E304 for a model missing
    on a node); a bad document becomes an error result, as with the local engine.
    """
    if window <= 0:
        raise ValueError(f"window must be positive, not {window}")
    if concurrency is not None and concurrency <= 0:
        raise ValueError(f"concurrency must be positive, not {concurrency}")
    ray = _connect(address)
    payload = _payload(settings)
    return _results(ray, items, payload, settings.batch_size, window, concurrency)


def _import_ray() -> ModuleType:
    try:
        import ray
        import ray.data  # noqa: F401  (the 'data' extra)
    except ImportError as err:
        raise GeopolError(
            Errors.E306, detail="the Ray engine needs the 'ray' package: pip install 'geopol[ray]'"
        ) from err
    return ray


def _connect(address: str | None) -> ModuleType:
    """Ray, initialised: an existing connection is reused, else ``address`` is joined (or a local
    cluster started)."""
    ray = _import_ray()
    if not ray.is_initialized():
        _check_reachable(address)
        try:
            ray.init(address=address, log_to_driver=False)
        except Exception as err:  # noqa: BLE001 - whatever stops Ray from starting is reported as E306
            where = f"the Ray cluster at {address}" if address else "a local Ray cluster"
            hint = ""
            if address and "RAY_AUTH_MODE" not in os.environ:
                hint = (
                    "; a cluster started with token authentication (Ray's default) also needs RAY_AUTH_MODE=token "
                    "and its token (`ray get-auth-token` on the head) in RAY_AUTH_TOKEN or ~/.ray/auth_token"
                )
            raise GeopolError(Errors.E306, detail=f"could not join {where} ({err}){hint}") from err
    return ray


def _check_reachable(address: str | None, timeout: float = 10.0) -> None:
    """A ``HOST:PORT`` address that nothing answers on fails at once with E306 (``ray.init``
    would retry for minutes)."""
    if not address or "://" in address or ":" not in address:
        return  # auto, local, ray://...: left to Ray
    host, _, port = address.rpartition(":")
    if not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=timeout).close()
    except OSError as err:
        raise GeopolError(
            Errors.E306, detail=f"no Ray cluster answers at {address} ({err}); start one with `ray start --head`"
        ) from err


def _payload(settings: Settings) -> dict[str, Any]:
    """What a worker needs to build its Extractor: the settings as JSON, the actors file's content
    (None when the driver has none) and a key for both. The file is checked here, so that a bad
    one fails once, on the driver, with its own error (E103), before any work is sent."""
    from ..actors import load_kb

    load_kb(settings.actors_file)
    actors_file = Path(settings.actors_file)
    actors = actors_file.read_bytes() if actors_file.is_file() else None
    values = settings.model_dump(mode="json")
    if Path(settings.model).is_dir():  # a model folder: the same path on every node
        values["model"] = str(Path(settings.model).resolve())
    key = hashlib.sha256(json.dumps(values, sort_keys=True).encode() + b"\0" + (actors or b"")).hexdigest()
    return {"settings": values, "actors": actors, "key": key}


def _actors_file(content: bytes | None) -> Path:
    """The shipped actors file on this node: one file per content, written once (atomically)."""
    if content is None:
        return _NO_FILE
    folder = Path(tempfile.gettempdir()) / "geopol-ray"
    path = folder / f"actors-{hashlib.sha256(content).hexdigest()[:16]}.yaml"
    if not path.is_file() or path.read_bytes() != content:
        folder.mkdir(exist_ok=True)
        part = folder / f"{path.name}.{os.getpid()}.part"
        part.write_bytes(content)
        os.replace(part, path)
    return path


@dataclass(frozen=True)
class _Failure:
    """A GeopolError that stopped a worker from building its Extractor (E304: the model is not
    installed on that node). Sent back as a result, since Ray does not carry a GeopolError back
    to the driver; the driver raises it again."""

    code: str
    details: dict[str, object]


_EXTRACTORS: dict[str, Extractor] = {}  # this worker process's Extractor, by payload key: kept across windows


def _extractor(payload: dict[str, Any]) -> Extractor:
    extractor = _EXTRACTORS.get(payload["key"])
    if extractor is None:
        _EXTRACTORS.clear()  # one pipeline per process at most
        settings = Settings.model_validate({**payload["settings"], "actors_file": _actors_file(payload["actors"])})
        extractor = _EXTRACTORS[payload["key"]] = Extractor(settings)
    return extractor


def _extract_batch(batch: dict[str, np.ndarray], payload: dict[str, Any]) -> dict[str, np.ndarray]:
    """The Ray Data function: pickled items in, pickled results out, with the process's Extractor."""
    results: list[object]
    try:
        extractor = _extractor(payload)
    except GeopolError as err:
        results = [_Failure(err.code, err.details)] * len(batch["index"])
    else:
        results = list(extractor.run(pickle.loads(b) for b in batch["item"]))
    out = np.empty(len(results), dtype=object)
    out[:] = [pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL) for r in results]
    return {"index": batch["index"], "result": out}


def _results(
    ray: ModuleType,
    items: Iterable[Item],
    payload: dict[str, Any],
    batch_size: int,
    window: int,
    concurrency: int | None,
) -> Iterator[DocResult]:
    it = iter(items)
    while chunk := list(islice(it, window)):
        yield from _run_window(ray, chunk, payload, batch_size, concurrency)


def _run_window(
    ray: ModuleType, chunk: list[Item], payload: dict[str, Any], batch_size: int, concurrency: int | None
) -> Iterator[DocResult]:
    """The results of one window, in order: error items straight from the driver, the others
    from the cluster, each yielded as soon as every result before it is in."""
    done: dict[int, DocResult] = {}
    rows = []
    for i, item in enumerate(chunk):
        if isinstance(item, DocResult) and item.error is not None:
            done[i] = item
        else:
            rows.append({"index": i, "item": pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)})
    total = len(chunk)
    nxt = 0
    if rows:
        batches = math.ceil(len(rows) / batch_size)
        workers = concurrency or max(1, int(ray.cluster_resources().get("CPU", 1)))
        source = ray.data.from_items(rows, override_num_blocks=batches)
        del rows  # the object store has them now
        _quiet(source.context)
        ds = source.map_batches(
            _extract_batch,
            fn_kwargs={"payload": payload},
            batch_size=batch_size,
            compute=ray.data.TaskPoolStrategy(size=min(workers, batches)),
            num_cpus=1,
        )
        for row in ds.iter_rows():
            result = pickle.loads(row["result"])
            if isinstance(result, _Failure):
                raise GeopolError(Errors[result.code], **result.details)
            done[int(row["index"])] = result
            while nxt in done:
                yield done.pop(nxt)
                nxt += 1
    while nxt in done:
        yield done.pop(nxt)
        nxt += 1
    if nxt != total:  # every item has one result; a gap would be a fault of the cluster
        raise RuntimeError(f"the Ray engine got no result for item {nxt} of {total} in a window")


def _quiet(context: Any) -> None:
    """No progress bars or execution banners from Ray Data: the caller reports progress."""
    context.enable_progress_bars = False
    context.enable_operator_progress_bars = False
    context.print_on_execution_start = False
