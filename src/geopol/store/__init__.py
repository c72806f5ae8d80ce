"""Stage 7, store: an embedded DuckDB file with documents, mentions, events and runs."""

from .duck import SCHEMA_VERSION, Store
from .queries import EventFilter, document, find_events, summary

__all__ = ["SCHEMA_VERSION", "EventFilter", "Store", "document", "find_events", "summary"]
