"""Sharing one store file between processes: a server reading while an ingest writes.

DuckDB lets one process write a file, or several read it, never both at once. geopol therefore
holds connections briefly — an ingest opens the store for each batch it writes, the HTTP API for
the requests in flight — and whoever finds the file held waits for it (``connect``), up to
``GEOPOL_LOCK_SECONDS``, before giving up with E204. Two marks beside the store, ``<store>.ingest``
and ``<store>.writer``, say who is at work:

- ``<store>.ingest`` is locked (an OS file lock, released by the system when the process ends, even
  when it is killed) for the whole of an ingest: one ingest at a time, and a reader can tell a
  ``running`` run whose process is gone (``ingest_alive``).
- ``<store>.writer`` holds the process id of a writer waiting for the file; readers let it in
  before they open new connections (``writer_waiting``), so a busy server cannot starve an ingest.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

import duckdb

from ..errors import Errors, GeopolError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no OS file locks, ingests are taken as alive
    fcntl = None  # type: ignore[assignment]

_HOLDER = re.compile(r"\(PID (\d+)\)")
_FIRST_PAUSE, _LONGEST_PAUSE = 0.005, 0.1


_SAME_PROCESS = "different configuration"  # this process has it open, read-only where we write or the reverse


def is_lock_conflict(err: duckdb.Error) -> bool:
    """Whether DuckDB refused a file because another process (or connection) holds it."""
    text = str(err)
    return "Could not set lock" in text or "Conflicting lock" in text or _SAME_PROCESS in text


def holder(err: duckdb.Error) -> str:
    """Who holds the file, in words (DuckDB names the process)."""
    found = _HOLDER.search(str(err))
    if found:
        return f"process {found.group(1)}"
    return "another connection of this process" if _SAME_PROCESS in str(err) else "another process"


def _mark(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or no way to tell
    return True


def writer_waiting(path: Path) -> bool:
    """Whether a live process waits to write the store (readers then hold back new connections)."""
    try:
        pid = int(_mark(path, ".writer").read_text(encoding="ascii").strip() or 0)
    except (OSError, ValueError):
        return False
    return pid > 0 and pid != os.getpid() and _pid_alive(pid)


def connect(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to ``path``, waiting up to ``wait`` seconds while another process holds
    the file (E204 after that); a writer that must wait says so in ``<store>.writer``."""
    deadline = time.monotonic() + wait
    pause = _FIRST_PAUSE
    marked = False
    try:
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except duckdb.Error as err:
                if not is_lock_conflict(err):
                    raise GeopolError(Errors.E201, path=path, detail=str(err).splitlines()[0]) from err
                if time.monotonic() >= deadline:
                    raise GeopolError(Errors.E204, path=path, holder=holder(err), seconds=f"{wait:g}") from err
                if not read_only and not marked:
                    with suppress(OSError):
                        _mark(path, ".writer").write_text(str(os.getpid()), encoding="ascii")
                        marked = True
            time.sleep(min(pause, max(0.0, deadline - time.monotonic())))
            pause = min(pause * 2, _LONGEST_PAUSE)
    finally:
        if marked:
            with suppress(OSError):
                _mark(path, ".writer").unlink()


def hold_back_for_writer(path: Path, wait: float) -> None:
    """Wait (up to ``wait`` seconds) while a writer waits for the store: a reader calls this before
    it opens a connection, so that readers coming one after another never keep a writer out."""
    deadline = time.monotonic() + wait
    while writer_waiting(path) and time.monotonic() < deadline:
        time.sleep(0.01)


@contextmanager
def ingest_lock(path: Path, wait: float) -> Iterator[None]:
    """Held for a whole ingest: one at a time on a store (E205 when another stays longer than
    ``wait`` seconds); the system releases it when the process ends, however it ends."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    mark = _mark(path, ".ingest")
    try:
        fh: IO[str] = mark.open("a+", encoding="ascii")
    except OSError:  # a folder we cannot write beside the store: DuckDB's own lock still guards it
        yield
        return
    with fh:
        deadline = time.monotonic() + wait
        while not _try_lock(fh, fcntl.LOCK_EX):
            if time.monotonic() >= deadline:
                fh.seek(0)
                raise GeopolError(Errors.E205, path=path, pid=fh.read().strip() or "?", seconds=f"{wait:g}")
            time.sleep(0.1)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ingest_alive(path: Path) -> bool:
    """Whether an ingest is running on the store now (its lock is held by a live process)."""
    if fcntl is None:  # pragma: no cover - cannot tell: taken as alive
        return True
    try:
        fh = _mark(path, ".ingest").open("r", encoding="ascii")
    except OSError:
        return False
    with fh:
        if _try_lock(fh, fcntl.LOCK_SH):
            fcntl.flock(fh, fcntl.LOCK_UN)
            return False
        return True


def _try_lock(fh: IO[str], kind: int) -> bool:
    try:
        fcntl.flock(fh, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
