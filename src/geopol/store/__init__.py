"""Stage 7, store: an embedded DuckDB file with documents, mentions, events and runs."""

from ._lock import hold_back_for_writer, ingest_alive, ingest_lock, writer_waiting
from .duck import LOCK_SECONDS, SCHEMA_VERSION, Store, damaged
from .queries import EventFilter, document, find_events, summary
from .state import StoreState, store_state

__all__ = [
    "LOCK_SECONDS",
    "SCHEMA_VERSION",
    "EventFilter",
    "Store",
    "StoreState",
    "damaged",
    "document",
    "find_events",
    "hold_back_for_writer",
    "ingest_alive",
    "ingest_lock",
    "store_state",
    "summary",
    "writer_waiting",
]
