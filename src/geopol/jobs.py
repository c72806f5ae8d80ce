"""Stage 9, jobs: the library functions behind the CLI commands (the CLI only parses and prints).

``ingest`` reads, skips what the store already has, processes and stores in batches, and reports
progress through a callback; ``extract`` is stateless and writes FORMAT.md JSON Lines.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

from ._tsv import data_path
from .actors import add_user_entry, load_kb, person_roles
from .actors.wikidata import ImportReport, import_result
from .analysis import DedupReport, refresh
from .engines import batched, results
from .errors import Errors, GeopolError
from .ingest import ReadOptions, read_paths
from .process import Extractor
from .records import Actor, DocResult, Document, Mention
from .settings import Settings
from .store import Store, ingest_lock

Progress = Callable[[DocResult | None, int], None]  # (result or None for a skipped doc, n done)


@dataclass
class Report:
    """What a run did: documents ok / failed (by error code) / skipped, events, warnings."""

    ok: int = 0
    failed: int = 0
    skipped: int = 0
    events: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # (doc id, origin, message)
    warnings: list[str] = field(default_factory=list)
    dedup: DedupReport | None = None  # the store's clusters after the run

    def add(self, r: DocResult) -> None:
        self.warnings.extend(r.warnings)
        if r.error is not None:
            self.failed += 1
            self.errors[r.error.code] += 1
            self.failures.append((r.document.id, r.document.origin or "", f"[{r.error.code}] {r.error.message}"))
        else:
            self.ok += 1
            self.events += len(r.events)

    def counts(self) -> dict[str, int]:
        return {"ok": self.ok, "failed": self.failed, "skipped": self.skipped, "events": self.events}


def sample_corpus() -> Path:
    """The folder of the sample corpus bundled with geopol (JSON Lines, HTML, text and CSV)."""
    return data_path("sample")


def _doc_of(item: Document | DocResult) -> Document:
    return item.document if isinstance(item, DocResult) else item


def ingest(
    paths: Iterable[str | Path],
    settings: Settings,
    options: ReadOptions | None = None,
    progress: Progress | None = None,
    stdin: IO[bytes] | None = None,
    extractor: Extractor | None = None,
    engine: str = "local",
    address: str | None = None,
) -> Report:
    """Read, process and store; documents already in the store are skipped (resumable).

    Extraction runs on ``engine`` (``local``, with ``settings.workers`` processes, or ``ray`` at
    ``address``); results are written in input order, a transaction per ``2 × workers`` batches, so
    an interrupted run leaves whole write batches only. One ingest runs on a store at a time; it
    opens the store only to look up and write a batch, so a server reading the store (``geopol
    serve``) never keeps it out (:mod:`geopol.store._lock`). A run left ``running`` by a process
    that is gone is marked ``interrupted`` when the next one starts."""
    report = Report()
    path = Path(settings.store)
    with ingest_lock(path, settings.lock_seconds):
        with _writing(settings) as store:
            store.mark_interrupted()  # runs whose process is gone: this one holds the ingest lock
            run_id = store.start_run("ingest", version("geopol"), settings.model, settings.model_dump(mode="json"))
        done = 0
        status = "interrupted"

        def todo() -> Iterator[Document | DocResult]:
            """The items to extract: not stored already, not repeated in this run."""
            nonlocal done
            seen: set[str] = set()
            for batch in batched(read_paths(paths, options, stdin), settings.batch_size):
                with _writing(settings) as store:
                    known = store.known_ids(_doc_of(i).id for i in batch)
                for item in batch:
                    doc = _doc_of(item)
                    if doc.id in seen:
                        report.warnings.append(f"document id '{doc.id}' repeated ({doc.origin}): skipped")
                    if doc.id in known or doc.id in seen:
                        report.skipped += 1
                        done += 1
                        if progress:
                            progress(None, done)
                    else:
                        yield item
                    seen.add(doc.id)

        try:
            every = settings.batch_size * 2 * settings.workers
            stream = results(todo(), settings, engine=engine, address=address, extractor=extractor)
            for written in batched(stream, every):
                batch = [r for r in written if isinstance(r, DocResult)]
                with _writing(settings) as store:
                    store.write(batch, run_id)
                for r in batch:
                    report.add(r)
                    done += 1
                    if progress:
                        progress(r, done)
            status = "done"
        finally:
            with _writing(settings) as store:
                if done:  # the clusters follow whatever was stored, an interrupted run's part included
                    report.dedup = refresh(store)
                store.finish_run(run_id, report.counts(), status)
    return report


@contextmanager
def _writing(settings: Settings) -> Iterator[Store]:
    """The store open for writing, for one step of a job; readers get in between steps."""
    with Store(settings.store, wait=settings.lock_seconds) as store:
        yield store


def dedup(settings: Settings) -> DedupReport:
    """Recompute the near-duplicate documents and the event clusters of the store."""
    with _writing(settings) as store:
        return refresh(store)


def extract(
    paths: Iterable[str | Path],
    out: IO[str],
    settings: Settings,
    options: ReadOptions | None = None,
    progress: Progress | None = None,
    stdin: IO[bytes] | None = None,
    engine: str = "local",
    address: str | None = None,
) -> Report:
    """Stateless: one FORMAT.md JSON line per input document (errors included), in input order, on
    ``engine`` (see :func:`ingest`)."""
    report = Report()
    stream = results(read_paths(paths, options, stdin), settings, engine=engine, address=address)
    for n, r in enumerate(stream, 1):
        out.write(json.dumps(r.as_json(), ensure_ascii=False) + "\n")
        report.add(r)
        if progress:
            progress(r, n)
    return report


def resolve_mentions(text: str, day: date | None, settings: Settings) -> list[Mention]:
    """The actor mentions of ``text`` as if it were an article published on ``day``, each with
    how and why it resolved so (``geopol actors resolve``)."""
    result = Extractor(settings).extract(Document("resolve", text, published=day))
    if result.error is not None:
        raise GeopolError(Errors.E306, detail=f"[{result.error.code}] {result.error.message}")
    return list(result.actors)


def actor_roles(who: str | Actor, settings: Settings) -> dict[str, Any] | None:
    """A person's dated roles with the source of each, from the knowledge base with the user's
    actors file (``geopol actors resolve`` and ``profile``); None for no known person."""
    return person_roles(load_kb(settings.actors_file), who)


def add_actor(settings: Settings, entry: dict[str, Any]) -> str:
    """Add a person (``kind`` person, the default) or an organisation to the user's actors file
    (``settings.actors_file``), checked first; returns the section it went to."""
    kind = entry.pop("kind", None) or "person"
    if kind == "person":
        entry.setdefault("role", "person")
        section = "people"
    else:
        entry["kind"] = kind
        for key in ("role", "body", "start", "end", "gender"):
            if entry.pop(key, None):
                raise GeopolError(Errors.E306, detail=f"'{key}' is for people; an organisation has none")
        section = "organisations"
    add_user_entry(settings.actors_file, section, entry)
    return section


def import_actors(settings: Settings, source: str, path: Path) -> ImportReport:
    """Merge a query result (``source`` 'wikidata': the service's JSON or CSV result of a query in
    ``geopol/data/actors/wikidata/``) into the user's actors file; bad rows are in the report."""
    if source != "wikidata":
        raise GeopolError(Errors.E306, detail=f"unknown source '{source}' (only 'wikidata' is known)")
    if not path.exists():
        raise GeopolError(Errors.E301, path=path)
    return import_result(path, settings.actors_file, load_kb(settings.actors_file))
