"""Every error geopol can report, numbered, in one place.

Codes are stable: an analyst can grep an error record's ``code`` in this file. Each message says
what was wrong and what to do next. The library never prints and never exits; the CLI turns a
``GeopolError`` into a message and an exit code, and per-document problems become error records
(:class:`geopol.records.DocError`) so that one bad document never stops a batch.

Ranges: E0xx input documents, E1xx knowledge files, E2xx store, E3xx command line and settings,
E4xx queries over the store (analysis and the HTTP API), E9xx internal.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class Errors(StrEnum):
    # --- E0xx: a document that cannot be processed (the batch goes on) -----------------------
    E001 = "The document is empty (no text after reading and cleaning). Check the source file or the text column."
    E002 = "The input looks binary ({detail}), not text. Only .txt, .html, .jsonl, .csv and stdin text are read."
    E003 = "The input is not valid UTF-8 ({detail}). Re-encode it as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)."
    E004 = "No main text could be extracted from the HTML page. It may be a script-only or boilerplate page; save the article text instead."
    E005 = (
        "The document is not in English (detected: {detail}). geopol 0.1 codes English text only; translate it first."
    )
    E006 = "The document has {detail} characters, over the limit of {limit}. Split it, or raise GEOPOL_MAX_CHARS / --max-chars."
    E007 = "The file could not be read: {detail}."
    E008 = "Line {line} is not a valid JSON object: {detail}. Fix or remove that line; the other lines were read."
    E009 = "Record {line} has no usable text field ({detail}). Map the column with --text-field."
    E010 = (
        "Unsupported file type '{detail}'. geopol reads .txt, .html/.htm, .jsonl/.json/.ndjson and .csv/.tsv; "
        "convert the file to one of these (a PDF with `pdftotext`, say)."
    )
    E011 = "Record {line}: field '{field}' is malformed ({detail}). It was ignored; fix it to keep the value."
    E012 = (
        "The table has no text column (tried {tried}); its columns are: {columns}. Map the text column with "
        "--text-field NAME."
    )
    # --- E1xx: knowledge files --------------------------------------------------------------
    E101 = "Knowledge file {file}, line {line}: {detail}. Fix the row (see geopol/data/README.md for the columns)."
    E102 = "Knowledge file {file} is missing or has no header row. Reinstall geopol, or restore the file from the repository."
    E103 = (
        "Actors file {file}: {detail}. Fix the entry (its keys are the columns in geopol/data/README.md) or remove it."
    )
    E104 = (
        "Annotation file {file}, line {line}: {detail}. Fix the record (annotations/events/README.md gives its shape)."
    )
    E105 = "The event model in {path} cannot be loaded ({detail}). Reinstall geopol, or rebuild the model with `geopol train`."
    E106 = (
        "Wikidata result {file}, row {line}: {detail}. The row was skipped and the others imported; fix the query "
        "or the row (see geopol/data/actors/wikidata/README.md)."
    )
    # --- E2xx: the store ----------------------------------------------------------------------
    E201 = (
        "The store {path} could not be opened: {detail}. Check the path, and that it is a geopol store (a DuckDB file)."
    )
    E202 = "No document with id '{doc_id}' in the store {path}. List ids with `geopol events` or `geopol docs`."
    E203 = (
        "The store {path} has schema version {found}, this geopol expects {expected}. Run `geopol ingest` on it "
        "once (it upgrades older stores), or re-ingest into a new store."
    )
    E204 = (
        "The store {path} is held by {holder} and stayed so for {seconds} s: an ingest still writing it, or a "
        "program keeping it open (a notebook, the DuckDB shell; a running `geopol serve` lets others in between "
        "its requests). Wait for it to finish or close it, or raise GEOPOL_LOCK_SECONDS."
    )
    E205 = (
        "Another ingest (process {pid}) is writing to the store {path} and did not finish within {seconds} s. "
        "Wait for it (its progress shows in its terminal), or raise GEOPOL_LOCK_SECONDS."
    )
    # --- E3xx: command line and settings ----------------------------------------------------
    E301 = "Path not found: {path}. Check the spelling, or pass '-' to read standard input."
    E302 = "'{value}' is not a valid date. Use YYYY-MM-DD."
    E303 = "Unknown PLOVER event type '{value}'. Use one of: {choices}."
    E304 = (
        "The spaCy model '{model}' is not installed. Install geopol's dependencies (`make setup`) or set GEOPOL_MODEL."
    )
    E305 = "Setting '{name}' is invalid: {detail}. See `geopol settings` for the allowed values."
    E306 = "The command cannot do this: {detail}. See its --help."
    E307 = (
        "Training needs {what}, not found at {path}. Run it from a checkout with the shared data beside it (--shared)."
    )
    E308 = "Training needs the `train` extra ({detail}). Install it with `pip install -e '.[train]'` (or `make train`)."
    E309 = (
        "The file {path} could not be opened: {detail}. Give a path to a file (not a folder) in a folder that exists "
        "and that you may write to."
    )
    # --- E4xx: queries over the store (analysis, HTTP API) ------------------------------------
    E400 = "The request is invalid: {detail}. See the API documentation at /docs."
    E401 = "No actor matches '{query}'. Search with `geopol actors list QUERY` or /api/actors?q=QUERY."
    E402 = "No {what} '{key}' in the store. List them with /api/{what}s."
    E403 = "This server is read-only: {detail}. Start it with `geopol serve --writable` to allow it."
    E404 = "Nothing at {path}. The routes are listed at /docs."
    E405 = "Method {method} is not allowed on {path}."
    E413 = "The query is too costly: {detail}. Narrow it (a shorter period, a coarser step, a smaller page)."
    E503 = "The query ran past its time limit of {seconds} s. Narrow it, or raise GEOPOL_QUERY_SECONDS."
    # --- E9xx: internal ---------------------------------------------------------------------
    E901 = "Processing failed inside geopol ({detail}). This is a bug: please report it with the document id."

    def render(self, **kwargs: object) -> str:
        return f"[{self.name}] " + self.value.format(**kwargs)


class GeopolError(Exception):
    """An error with a stable code. ``str(err)`` is the full message, code first."""

    def __init__(self, error: Errors, **kwargs: object) -> None:
        self.code = error.name
        self.details = kwargs
        self.message = error.value.format(**kwargs)
        super().__init__(f"[{self.code}] {self.message}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by its code and details, so an error raised in a worker process reaches the parent whole."""
        return (_restore, (type(self), self.code, self.details))


def _restore(cls: type[GeopolError], code: str, details: dict[str, object]) -> GeopolError:
    return cls(Errors[code], **details)


class DocumentError(GeopolError):
    """A problem with one input document: recorded, never fatal to a batch."""
