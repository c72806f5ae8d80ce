"""How the HTTP API reads the store: a connection held only while requests come (so an ingest can
write the store while the server runs), a cursor per request (requests read in
parallel), and answers kept per store version (a repeated request costs no query until the store
changes)."""

from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import Errors, GeopolError
from ..store import Store, hold_back_for_writer, writer_waiting


class Connections:
    """One DuckDB connection to the store, opened by the first request and closed once no request
    has run for ``linger`` seconds — at once when a writer (``geopol ingest``) waits for the file:
    new requests then hold back until it has written (:func:`geopol.store.hold_back_for_writer`),
    so a busy server never keeps a writer out."""

    def __init__(self, path: Path, read_only: bool, wait: float, linger: float = 1.0) -> None:
        self.path = path
        self.read_only = read_only
        self.wait = wait
        self.linger = linger
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._users = 0
        self._idle_since = 0.0
        self._janitor: threading.Thread | None = None
        if read_only and not path.exists():  # fail at start, not on the first request
            raise GeopolError(Errors.E201, path=path, detail="no such file; run `geopol ingest` first")

    @contextmanager
    def store(self) -> Iterator[Store]:
        """A Store over a cursor of its own, for one request."""
        if writer_waiting(self.path):
            hold_back_for_writer(self.path, self.wait)
        with self._lock:
            if self._store is None:
                self._store = Store(self.path, read_only=self.read_only, wait=self.wait)
                self._janitor = threading.Thread(target=self._close_when_idle, daemon=True)
                self._janitor.start()
            self._users += 1
            cur = self._store.cursor()
        try:
            yield cur
        finally:
            cur.con.close()
            with self._lock:
                self._users -= 1
                self._idle_since = time.monotonic()

    def _close_when_idle(self) -> None:
        while True:
            time.sleep(0.02)
            with self._lock:
                if self._store is None:
                    return
                if self._users == 0 and (
                    time.monotonic() - self._idle_since >= self.linger or writer_waiting(self.path)
                ):
                    self._store.close()
                    self._store = None
                    return

    def close(self) -> None:
        with self._lock:
            if self._store is not None and self._users == 0:
                self._store.close()
                self._store = None


def store_version(path: Path) -> tuple[int, ...]:
    """Changes whenever a process writes the store (its file or its write-ahead log)."""
    out: list[int] = []
    for p in (path, path.with_name(path.name + ".wal")):
        try:
            st = os.stat(p)
        except OSError:
            out += [0, 0]
        else:
            out += [st.st_mtime_ns, st.st_size]
    return tuple(out)


class Answers:
    """Encoded answers by request, for one store version at a time, at most ``max_bytes`` of them
    (least recently used first out). ``max_bytes`` 0 keeps none."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._version: tuple[int, ...] | None = None
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._pending: dict[tuple[str, tuple[int, ...]], threading.Event] = {}

    def compute(self, key: str, version: tuple[int, ...], make: Callable[[], bytes], wait: float) -> bytes:
        """The answer to ``key``, made by ``make`` once for all the requests that ask for it at the
        same time (they wait up to ``wait`` seconds for the first, then make it themselves)."""
        if self.max_bytes <= 0:
            return make()
        body = self.get(key, version)
        if body is not None:
            return body
        with self._lock:
            done = self._pending.get((key, version))
            mine = done is None
            if mine:
                done = self._pending[(key, version)] = threading.Event()
        assert done is not None
        if not mine:
            done.wait(wait)
            body = self.get(key, version)
            return body if body is not None else make()  # the first one failed (its error is its own)
        try:
            body = make()
            self.put(key, version, body)
            return body
        finally:
            with self._lock:
                self._pending.pop((key, version), None)
            done.set()

    def get(self, key: str, version: tuple[int, ...]) -> bytes | None:
        with self._lock:
            if version != self._version:
                return None
            body = self._items.get(key)
            if body is not None:
                self._items.move_to_end(key)
            return body

    def put(self, key: str, version: tuple[int, ...], body: bytes) -> None:
        if len(body) > self.max_bytes // 4:  # one answer never crowds out the rest
            return
        with self._lock:
            if version != self._version:
                self.clear_locked()
                self._version = version
            old = self._items.pop(key, None)
            self._size -= len(old) if old else 0
            self._items[key] = body
            self._size += len(body)
            while self._size > self.max_bytes and self._items:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self.clear_locked()

    def clear_locked(self) -> None:
        self._items.clear()
        self._size = 0


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def encode(obj: Any) -> bytes:
    """JSON as FastAPI's JSONResponse writes it (UTF-8, compact, no NaN)."""
    return json.dumps(obj, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=_default).encode()


def interruptible(cur: Store, seconds: float) -> threading.Timer:
    """A timer that interrupts ``cur``'s query after ``seconds`` (cancel it when done)."""
    timer = threading.Timer(seconds, cur.con.interrupt)
    timer.daemon = True
    timer.start()
    return timer
