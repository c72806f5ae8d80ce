"""Stage 8, analysis: what the store's rows mean together. Deduplication (near-duplicate documents,
event clusters), dyad series with the cooperation–conflict score, the actor network, actor profiles,
trends, DataFrames and exports. Reads the store; writes only the deduplication tables."""

from .dedup import DedupReport, DedupRule, refresh
from .frames import Dataset

__all__ = ["Dataset", "DedupReport", "DedupRule", "refresh"]
