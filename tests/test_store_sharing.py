"""Sharing a store between processes: a server reading while an ingest writes, a store held by
another process (E204), an ingest killed midway (marked interrupted; readers warn)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import geopol
from geopol import GeopolError, Settings, Store
from geopol.analysis import browse
from geopol.api import create_app
from geopol.cli import app as cli_app
from geopol.store import ingest_lock, store_state

SRC = Path(geopol.__file__).resolve().parents[1]
DEDUP_ARTICLES = Path(__file__).parent / "data" / "dedup" / "articles.jsonl"


def geopol_process(*args: str, **env: str) -> subprocess.Popen[str]:
    """`geopol ARGS` in a process of its own (this checkout's geopol)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GEOPOL_")}
    clean.update(PYTHONPATH=str(SRC), **env)
    return subprocess.Popen([sys.executable, "-c", "from geopol.cli import main; main()", *args], env=clean,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)  # fmt: skip


def holding(path: Path, seconds: float) -> subprocess.Popen[str]:
    """A process that holds the store open for writing for ``seconds`` (it prints 'ready' first)."""
    code = (f"import duckdb, time; c = duckdb.connect({str(path)!r}); print('ready', flush=True); "
            f"time.sleep({seconds}); c.close()")  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


@pytest.fixture
def store_copy(sample_store: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.duckdb"
    path.write_bytes(sample_store.read_bytes())
    return path


@pytest.mark.parametrize("cache_mb", [64, 0])
def test_store_ingest_runs_while_the_api_serves_the_store(store_copy: Path, tmp_path: Path, cache_mb: int) -> None:
    app = create_app(store_copy, Settings(store=store_copy, api_cache_mb=cache_mb))
    client = TestClient(app)
    before = client.get("/api/health").json()["documents"]
    listed = client.get("/api/documents?limit=1").json()["total"]
    article = tmp_path / "new.jsonl"
    article.write_text(json.dumps({"id": "new-1", "text": "Germany criticised Poland on Monday over border checks.",
                                   "published": "2024-03-04"}) + "\n", encoding="utf-8")  # fmt: skip
    proc = geopol_process("ingest", str(article), "--store", str(store_copy))
    statuses: list[int] = []

    def reader(url: str) -> None:  # requests one after another, never a pause
        own = TestClient(app)
        while proc.poll() is None:
            statuses.append(own.get(url).status_code)

    # the page keeps reading, busily, while the ingest runs
    readers = [threading.Thread(target=reader, args=(url,))
               for url in ("/api/events?limit=5", "/api/network", "/api/actors/RUS", "/api/trends")]  # fmt: skip
    for t in readers:
        t.start()
    for t in readers:
        t.join()
    out = proc.stdout.read() if proc.stdout else ""
    assert proc.returncode == 0, out
    assert "1 ok" in out
    assert statuses and set(statuses) == {200}
    # and the server sees what it wrote (its answers follow the store)
    assert client.get("/api/health").json()["documents"] == before + 1
    assert client.get("/api/documents/new-1").status_code == 200
    assert client.get("/api/documents?limit=1").json()["total"] == listed + 1


def test_store_api_answers_are_kept_until_the_store_changes(store_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = browse.documents

    def counted(*args: Any) -> Any:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(browse, "documents", counted)
    client = TestClient(create_app(store_copy, Settings(store=store_copy)))
    first = client.get("/api/documents?limit=3").json()
    assert client.get("/api/documents?limit=3").json() == first and len(calls) == 1  # kept
    assert client.get("/api/documents?limit=4").status_code == 200 and len(calls) == 2  # another request
    with Store(store_copy) as s:  # waits for the server's connection to close
        s.con.execute("UPDATE documents SET title = 'changed' WHERE doc_id = ?", [first["items"][0]["doc_id"]])
    assert client.get("/api/documents?limit=3").json()["items"][0]["title"] == "changed" and len(calls) == 3


def test_store_held_by_another_process_is_e204_naming_it(store_copy: Path) -> None:
    proc = holding(store_copy, 30)
    try:
        with pytest.raises(GeopolError) as info:
            Store(store_copy, read_only=True, wait=0.3)
    finally:
        proc.kill()
        proc.wait()
    assert info.value.code == "E204"
    assert f"process {proc.pid}" in info.value.message and "GEOPOL_LOCK_SECONDS" in info.value.message
    assert "Conflicting lock" not in info.value.message and "Could not set lock" not in info.value.message


def test_store_waits_for_a_process_that_lets_go(store_copy: Path) -> None:
    proc = holding(store_copy, 0.5)
    try:
        with Store(store_copy, read_only=True, wait=20) as s:
            assert s.con.execute("SELECT count(*) FROM documents").fetchone() == (14,)
    finally:
        proc.wait()


def test_store_running_run_without_its_process_reads_as_interrupted(store_copy: Path) -> None:
    with Store(store_copy) as s:
        s.start_run("ingest", "0", "model", {})
    with ingest_lock(store_copy, 1), Store(store_copy, read_only=True) as s:
        assert store_state(s).last_run.status == "running"  # type: ignore[union-attr]
    with Store(store_copy, read_only=True) as s:  # the lock is gone: so is the process
        state = store_state(s)
    assert state.last_run is not None and state.last_run.status == "interrupted"
    assert any("interrupted" in w for w in state.warnings)


def test_store_killed_ingest_is_interrupted_and_every_reader_warns(
    tmp_store: Path, extractor: geopol.Extractor
) -> None:
    proc = geopol_process("ingest", str(DEDUP_ARTICLES), "--store", str(tmp_store), GEOPOL_BATCH_SIZE="1")
    deadline = time.monotonic() + 240
    stored = 0
    while stored < 2:
        assert proc.poll() is None and time.monotonic() < deadline, "the ingest ended before it could be killed"
        time.sleep(0.1)
        if tmp_store.exists():
            try:
                with Store(tmp_store, read_only=True, wait=5) as s:
                    stored = s.con.execute("SELECT count(*) FROM documents").fetchone()[0]  # type: ignore[index]
            except GeopolError:
                pass
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    with Store(tmp_store, read_only=True) as s:
        assert s.con.execute("SELECT status FROM runs").fetchall() == [("running",)]  # as the killed run left it
    runner = CliRunner()
    for command in (["summary"], ["dyad", "CHN", "RUS"], ["events"], ["clusters"], ["docs"], ["network"]):
        result = runner.invoke(cli_app, [*command, "--store", str(tmp_store)])
        assert "the last ingest was interrupted" in result.output, (command, result.output)
        assert "no event clusters yet" in result.output, (command, result.output)
    health = TestClient(create_app(tmp_store, Settings(store=tmp_store))).get("/api/health").json()
    assert any("interrupted" in w for w in health["warnings"])  # the page shows them above every view
    # the next ingest marks the killed run, finishes the work and the warnings go
    geopol.ingest([DEDUP_ARTICLES], Settings(store=tmp_store), extractor=extractor)
    with Store(tmp_store, read_only=True) as s:
        statuses = [r[0] for r in s.con.execute("SELECT status FROM runs ORDER BY started").fetchall()]
        assert statuses == ["interrupted", "done"]
        assert store_state(s).warnings == []


def test_store_api_makes_an_answer_once_for_requests_at_the_same_time(
    store_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = browse.documents

    def slow(*args: Any) -> Any:
        calls.append(1)
        time.sleep(0.5)
        return real(*args)

    monkeypatch.setattr(browse, "documents", slow)
    app = create_app(store_copy, Settings(store=store_copy))
    bodies: list[Any] = []

    def ask() -> None:
        bodies.append(TestClient(app).get("/api/documents?limit=2").json())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(bodies) == 8 and all(b == bodies[0] for b in bodies)
    assert len(calls) == 1
