"""Whether a store can be read as finished: an ingest at work on it now, an ingest that was killed
midway, event reports not yet grouped into event clusters. Every read command warns with these."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ._lock import ingest_alive
from .duck import Store


@dataclass(frozen=True)
class Run:
    run_id: str
    started: datetime | None
    status: str  # running (its process alive), interrupted (stopped, or killed: its process is gone), done


@dataclass(frozen=True)
class StoreState:
    last_run: Run | None  # the latest ingest
    reports: int  # event reports of stored documents
    unclustered: int  # of them, in no event cluster yet (dedup has not run since they were stored)

    @property
    def warnings(self) -> list[str]:
        out = []
        run = self.last_run
        when = f"run {run.run_id}, started {run.started:%Y-%m-%d %H:%M} UTC" if run and run.started else ""
        if run and run.status == "running":
            out.append(f"an ingest is writing to this store now ({when}): what you read is the part stored so far.")
        elif run and run.status == "interrupted":
            out.append(f"the last ingest was interrupted ({when}); the documents it stored are kept. Run the same "
                       "`geopol ingest` again to finish it (stored documents are skipped).")  # fmt: skip
        if self.unclustered and not (run and run.status == "running"):
            what = "no event clusters yet" if self.unclustered == self.reports else "event reports not in any cluster"
            out.append(f"the store has {what} ({self.unclustered} of {self.reports} reports): series, networks, "
                       "profiles and dyads count clusters and miss them. Run `geopol dedup` (or finish the ingest).")  # fmt: skip
        return out


def store_state(store: Store) -> StoreState:
    """The state of a store, read without writing: a ``running`` run whose process is gone (killed)
    counts as ``interrupted``."""
    row = store.con.execute(
        "SELECT run_id, started, status FROM runs WHERE command = 'ingest' ORDER BY started DESC LIMIT 1"
    ).fetchone()
    run = None
    if row is not None:
        status = row[2] or "running"
        if status == "running" and not ingest_alive(store.path):
            status = "interrupted"
        run = Run(row[0], row[1], status)
    counts = store.con.execute(
        "SELECT count(*), count(*) FILTER (WHERE cr.cluster_id IS NULL) FROM events e "
        "JOIN documents d USING (doc_id) LEFT JOIN cluster_reports cr USING (doc_id, event_no) WHERE d.status = 'ok'"
    ).fetchone()
    reports, unclustered = (counts[0], counts[1]) if counts else (0, 0)
    return StoreState(run, reports, unclustered)
