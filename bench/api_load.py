"""Load on the HTTP API: requests per second and latency at concurrency 1 and 20, on loopback.

Starts `geopol serve`'s app (uvicorn, 127.0.0.1, a free port) over a store, in a process of its
own, afresh for each server configuration and concurrency level (so every level starts with
nothing kept: the first request of each kind is a real query), and sends it a fixed, seeded mix of the requests the page
makes (health, actors, profiles, events pages with filters, dyad series, trends, the network,
clusters, search, documents), drawn from what the store holds. Every configuration gets the same
requests in the same order, so the ratios compare like with like:

- ``baseline``: the geopol of a git revision (``--baseline-rev``, extracted with ``git archive``
  into a temporary folder; the store must be readable by it);
- ``no-cache``: this checkout with ``GEOPOL_API_CACHE_MB=0`` (per-request cursors only);
- ``current``: this checkout as it ships.

Bounded: ``--requests`` per concurrency level (default 1,000), a 30 s timeout per request, and only
127.0.0.1 is ever contacted. Prints a table and writes a JSON file (``--out``).

    .venv/bin/python bench/api_load.py --store wikinews.duckdb --baseline-rev HEAD~3
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"  # loopback only: the load never leaves this machine
SERVER = (
    "import sys, uvicorn; from geopol.api import create_app; "
    "uvicorn.run(create_app(sys.argv[1]), host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def get(conn: http.client.HTTPConnection, url: str) -> tuple[int, bytes]:
    conn.request("GET", url)
    resp = conn.getresponse()
    return resp.status, resp.read()


class Server:
    """geopol's app from ``src`` over ``store``, in a subprocess on a free loopback port."""

    def __init__(self, src: Path, store: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        clean = {k: v for k, v in os.environ.items() if not k.startswith("GEOPOL_")}
        clean.update(PYTHONPATH=str(src), **env)
        self.proc = subprocess.Popen([sys.executable, "-c", SERVER, str(store), str(self.port)], env=clean)
        deadline = time.monotonic() + 120
        while True:
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                if get(conn, "/api/health")[0] == 200:
                    conn.close()
                    return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server from {src} did not start")
            time.sleep(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def request_mix(port: int, n: int, seed: int) -> list[str]:
    """``n`` request paths like the page's, drawn from what the store holds."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def js(url: str) -> Any:
        status, body = get(conn, url)
        return json.loads(body) if status == 200 else {}

    parties = [a["party"] for a in js("/api/actors?limit=20").get("items", [])]
    edges = js("/api/network?limit=50").get("edges", [])[:12]
    docs = [d["doc_id"] for d in js("/api/documents?limit=15").get("items", [])]
    conn.close()
    urls = ["/api/health", "/api/actors?limit=50", "/api/network", "/api/trends?by=month", "/api/clusters?limit=50",
            "/api/events?limit=50", "/api/events?limit=50&offset=50", "/api/events?limit=50&type=CONSULT"]  # fmt: skip
    urls += [f"/api/actors?q={quote(w)}" for w in ("chin", "pres", "minister", "united")]
    urls += [f"/api/search?q={quote(w)}&limit=50" for w in ("president", "agreement", "attack", "said")]
    for p in parties:
        urls += [f"/api/actors/{quote(p, safe='')}", f"/api/events?limit=50&actor={quote(p, safe='')}"]
    for e in edges:
        a, b = quote(e["source"], safe=""), quote(e["target"], safe="")
        urls += [f"/api/dyads/{a}/{b}/series?by=month", f"/api/events?limit=50&a={a}&b={b}"]
    urls += [f"/api/documents/{quote(d, safe='')}" for d in docs]
    rng = random.Random(seed)
    return [rng.choice(urls) for _ in range(n)]


def load(port: int, urls: list[str], concurrency: int) -> dict[str, Any]:
    """Send ``urls`` with ``concurrency`` clients (one keep-alive connection each)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    queue = iter(urls)

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while True:
            with lock:
                url = next(queue, None)
            if url is None:
                break
            t0 = time.perf_counter()
            try:
                status, _ = get(conn, url)
            except (OSError, http.client.HTTPException) as err:
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                with lock:
                    errors.append(f"{url}: {type(err).__name__}")
            took = time.perf_counter() - t0
            with lock:
                latencies.append(took)
                if status != 200 and status != 0:
                    errors.append(f"{url}: {status}")
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    lat = sorted(latencies)
    return {
        "concurrency": concurrency,
        "requests": len(lat),
        "errors": len(errors),
        "error_examples": errors[:5],
        "wall_s": round(wall, 3),
        "requests_per_s": round(len(lat) / wall, 1),
        "median_ms": round(1000 * statistics.median(lat), 1),
        "p99_ms": round(1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))], 1),
    }


def baseline_src(rev: str, into: Path) -> Path:
    """The ``src`` folder of geopol at git revision ``rev``."""
    archive = into / "src.tar"
    with archive.open("wb") as fh:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], stdout=fh, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", type=Path, required=True, help="a geopol store (e.g. the Wikinews corpus ingested)")
    ap.add_argument("--baseline-rev", help="git revision to compare with (e.g. the commit before a change)")
    ap.add_argument("--requests", type=int, default=1000, help="requests per concurrency level (default 1000)")
    ap.add_argument("--concurrency", type=int, nargs="+", default=[1, 20])
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "api_load.json")
    args = ap.parse_args()
    if not args.store.exists():
        raise SystemExit(f"{args.store} does not exist: ingest a corpus into it first")
    results: dict[str, Any] = {"store": args.store.name, "requests": args.requests, "cores": os.cpu_count(),
                               "baseline_rev": args.baseline_rev, "configurations": {}}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        configs: list[tuple[str, Path, dict[str, str]]] = []
        if args.baseline_rev:
            configs.append(("baseline", baseline_src(args.baseline_rev, Path(tmp)), {}))
        configs += [("no-cache", ROOT / "src", {"GEOPOL_API_CACHE_MB": "0"}), ("current", ROOT / "src", {})]
        urls: list[str] | None = None
        for name, src, env in configs:
            levels = []
            for c in args.concurrency:  # a fresh server for each level: every level starts cold
                server = Server(src, args.store, env)
                try:
                    urls = urls or request_mix(server.port, args.requests, args.seed)
                    levels.append(load(server.port, urls, c))
                finally:
                    server.stop()
            results["configurations"][name] = levels
            results["distinct_requests"] = len(set(urls or []))
            for lv in levels:
                print(f"{name:9} c={lv['concurrency']:<3} {lv['requests_per_s']:8.1f} req/s  median "
                      f"{lv['median_ms']:7.1f} ms  p99 {lv['p99_ms']:7.1f} ms  errors {lv['errors']}", flush=True)  # fmt: skip
    base = results["configurations"].get("baseline")
    if base:
        for levels in results["configurations"].values():
            for lv, b in zip(levels, base, strict=True):
                lv["x_baseline"] = round(lv["requests_per_s"] / b["requests_per_s"], 2)
        print("requests/s over the baseline's:", {n: [lv["x_baseline"] for lv in levels]
                                                  for n, levels in results["configurations"].items()})  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
