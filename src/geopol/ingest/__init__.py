"""Stage 1, ingest: files, folders and stdin to :class:`~geopol.records.Document`."""

from ._checks import check_text, guess_language
from .readers import FieldMap, ReadOptions, read_bytes, read_paths

__all__ = ["FieldMap", "ReadOptions", "check_text", "guess_language", "read_bytes", "read_paths"]
