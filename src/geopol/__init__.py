"""geopol: news articles in, evidence-backed PLOVER political event data out.

The public API is what ``__all__`` lists (guarded by a test). The flow is one way:
``ingest -> clean -> nlp -> actors -> claims / events / figures -> process -> store -> analysis -> jobs
-> api / cli``.
"""

from .analysis import Dataset, DedupRule
from .errors import DocumentError, Errors, GeopolError
from .ingest import FieldMap, ReadOptions, read_paths
from .jobs import Report, extract, ingest, sample_corpus
from .process import Extractor
from .records import (
    PLOVER_TYPES,
    Actor,
    Aggregate,
    Attribution,
    Claim,
    DateRange,
    DocError,
    DocResult,
    Document,
    Event,
    Figure,
    Location,
    Mention,
    Span,
)
from .settings import Settings
from .store import EventFilter, Store, find_events, summary

__version__ = "0.1.0"

__all__ = [
    "PLOVER_TYPES", "Actor", "Aggregate", "Attribution", "Claim", "Dataset", "DateRange", "DedupRule",
    "DocError", "DocResult",
    "Document", "DocumentError", "Errors", "Event", "EventFilter", "Extractor", "FieldMap",
    "Figure", "GeopolError", "Location", "Mention", "ReadOptions", "Report", "Settings", "Span",
    "Store", "__version__", "extract", "find_events", "ingest", "read_paths", "sample_corpus",
    "summary",
]  # fmt: skip
