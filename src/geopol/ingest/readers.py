"""Read files, folders and stdin into Documents.

Every reader yields either a :class:`Document` or, for input that cannot become one, a
:class:`DocResult` carrying the error (so that a batch goes on and the failure is reported).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

from ..errors import DocumentError, Errors, GeopolError
from ..records import DocError, DocResult, Document, content_id
from ._checks import decode_utf8
from ._dates import parse_date, text_date
from ._html import html_to_document

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
CSV_SUFFIXES = {".csv", ".tsv"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | CSV_SUFFIXES
NOTE_SUFFIXES = {".md", ".markdown", ".rst"}  # notes beside a corpus (README.md): not articles, left out
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")

Item = Document | DocResult


@dataclass(frozen=True)
class FieldMap:
    """Which record field (JSON key or CSV column) holds each document attribute.

    The first name that a record has wins; the FORMAT.md names come first, then common
    alternatives. Pass ``text="body"`` etc. (CLI: ``--text-field body``) to put yours first.
    """

    id: tuple[str, ...] = ("id", "doc_id", "article_id", "guid")
    text: tuple[str, ...] = ("text", "body", "content", "article", "story", "maintext")
    title: tuple[str, ...] = ("title", "headline")
    published: tuple[str, ...] = ("published", "date", "publish_date", "pubdate", "date_publish")
    url: tuple[str, ...] = ("url", "link", "source_url")
    language: tuple[str, ...] = ("language", "lang")
    source: tuple[str, ...] = ("source", "outlet", "publisher", "site_name", "sitename", "domain")

    def with_overrides(self, **names: str | None) -> FieldMap:
        kw = {k: (v, *getattr(self, k)) for k, v in names.items() if v}
        return FieldMap(**{**self.__dict__, **kw})


@dataclass
class ReadOptions:
    fields: FieldMap = field(default_factory=FieldMap)
    recursive: bool = True


def _pick(record: dict[str, Any], names: tuple[str, ...]) -> Any:
    for name in names:
        if name in record and record[name] not in (None, ""):
            return record[name]
    return None


def _failure(origin: str, err: GeopolError, doc_id: str | None = None) -> DocResult:
    doc = Document(id=doc_id or "bad-" + content_id(origin)[4:], text="", origin=origin)
    return DocResult(document=doc, error=DocError(err.code, err.message))


def record_to_document(record: Any, origin: str, line: int, fields: FieldMap) -> Item:
    """One JSON object or CSV row to a Document (or an error result)."""
    if not isinstance(record, dict):
        return _failure(origin, DocumentError(Errors.E008, line=line, detail="not an object"))
    raw_id = _pick(record, fields.id)
    doc_id = str(raw_id) if raw_id is not None else None
    text = _pick(record, fields.text)
    if not isinstance(text, str) or not text.strip():
        detail = "tried " + ", ".join(fields.text)
        return _failure(origin, DocumentError(Errors.E009, line=line, detail=detail), doc_id)
    warnings = []
    published = None
    try:
        published = parse_date(_pick(record, fields.published))
    except ValueError as err:
        warnings.append(Errors.E011.render(line=line, field="published", detail=err))
    title = _pick(record, fields.title)
    url = _pick(record, fields.url)
    lang = _pick(record, fields.language)
    outlet = _pick(record, fields.source)
    doc = Document(
        id=doc_id or content_id(text),
        text=text,
        title=str(title) if title is not None else None,
        published=published,
        url=str(url) if url is not None else None,
        language=str(lang) if lang is not None else None,
        origin=origin,
        source=str(outlet) if outlet is not None else None,
    )
    if warnings:
        return DocResult(document=doc, warnings=tuple(warnings))
    return doc


def _json_detail(err: json.JSONDecodeError) -> str:
    """What the JSON parser found, and where: 'Unterminated string starting at column 9'."""
    return f"{err.msg.removesuffix(' at')} at column {err.colno}"


def read_jsonl(data: str, origin: str, fields: FieldMap) -> Iterator[Item]:
    stripped = data.lstrip()
    if stripped.startswith("["):  # a JSON array of records
        try:
            records = json.loads(stripped)
        except json.JSONDecodeError as err:
            if err.msg != "Extra data":
                yield _failure(origin, DocumentError(Errors.E008, line=err.lineno, detail=_json_detail(err)))
                return
            # an array on the first line and more after it: JSON Lines whose first record is no object
        else:
            for i, rec in enumerate(records, 1):
                yield record_to_document(rec, f"{origin}:{i}", i, fields)
            return
    yield from _read_lines(enumerate(data.splitlines(), 1), origin, fields)


def _read_lines(lines: Iterable[tuple[int, str | DocumentError]], origin: str, fields: FieldMap) -> Iterator[Item]:
    """One record a line; a line that is no JSON (or could not be decoded: a ``DocumentError``) fails alone."""
    for i, line in lines:
        if isinstance(line, DocumentError):
            yield _failure(f"{origin}:{i}", line)
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            yield _failure(f"{origin}:{i}", DocumentError(Errors.E008, line=i, detail=_json_detail(err)))
            continue
        yield record_to_document(rec, f"{origin}:{i}", i, fields)


def _decoded_lines(data: bytes) -> Iterator[tuple[int, str | DocumentError]]:
    """The lines of JSON Lines bytes, each decoded alone: a line with a byte that is no UTF-8 becomes
    its E003 and the others are read (one bad document never stops a batch)."""
    for i, raw in enumerate(data.split(b"\n"), 1):
        try:
            yield i, raw.decode("utf-8-sig" if i == 1 else "utf-8")
        except UnicodeDecodeError as err:
            yield i, DocumentError(Errors.E003, detail=f"line {i}, bad byte at position {err.start}")


def read_csv(data: str, origin: str, fields: FieldMap, delimiter: str = ",") -> Iterator[Item]:
    csv.field_size_limit(1 << 27)
    reader = csv.DictReader(io.StringIO(data, newline=""), delimiter=delimiter)
    try:
        columns = reader.fieldnames or []
        if columns and not set(fields.text) & set(columns):  # one error for the file, not one per row
            found = ", ".join(repr(c) for c in columns)
            yield _failure(origin, DocumentError(Errors.E012, tried=", ".join(fields.text), columns=found))
            return
        for row in reader:
            line = reader.line_num
            yield record_to_document(row, f"{origin}:{line}", line, fields)
    except csv.Error as err:
        yield _failure(origin, DocumentError(Errors.E008, line=reader.line_num, detail=str(err)))


def read_text(data: str, origin: str, name: str = "") -> Document:
    """A plain-text article: its first line is the title, unless it is a date ('2023-03-21',
    'Friday, January 4, 2019'): then that is the publication date and the next line the title. A
    file name starting with an ISO date ('2023-03-21-talks.txt') dates it too."""
    lines = [line.strip() for line in data.strip().splitlines() if line.strip()]
    published = text_date(lines[0]) if lines else None
    if published is not None:
        lines = lines[1:]
    title = lines[0] if lines and len(lines[0]) < 200 else None
    m = _DATE_PREFIX.match(name)
    if m and published is None:
        try:
            published = date.fromisoformat(m.group(1))
        except ValueError:
            published = None
    return Document(id=content_id(data), text=data, title=title, published=published, origin=origin)


def _sniff(head: str) -> str:
    """The format of stdin from its first characters: a JSON object or array of objects,
    markup, else plain text ('[Reuters] …' is text)."""
    if head.startswith("{") or re.match(r"\[\s*(\{|\])", head):
        return ".jsonl"
    if re.match(r"<(!doctype|html|head|body|article|div|p)\b", head):
        return ".html"
    return ".txt"


def read_bytes(data: bytes, origin: str, suffix: str, options: ReadOptions, name: str = "") -> Iterator[Item]:
    """Read one file's bytes according to its suffix ('' sniffs: JSON Lines, HTML or text)."""
    if suffix and suffix not in SUFFIXES:  # E010 says what to do with a .pdf; E002 would not
        yield _failure(origin, DocumentError(Errors.E010, detail=suffix))
        return
    try:
        text = decode_utf8(data)
    except DocumentError as err:
        if err.code == "E003" and suffix in JSONL_SUFFIXES and not data.lstrip().startswith(b"["):
            yield from _read_lines(_decoded_lines(data), origin, options.fields)  # the bad lines fail alone
        else:
            yield _failure(origin, err)
        return
    if not suffix:
        head = text.lstrip()[:200].lower()
        suffix = _sniff(head)
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl(text, origin, options.fields)
    elif suffix in CSV_SUFFIXES:
        yield from read_csv(text, origin, options.fields, "\t" if suffix == ".tsv" else ",")
    elif suffix in HTML_SUFFIXES:
        try:
            yield html_to_document(text, origin, name)
        except DocumentError as err:
            yield _failure(origin, err)
    else:
        yield read_text(text, origin, name)


def iter_files(paths: Iterable[str | Path], recursive: bool = True) -> Iterator[Path]:
    """The input files, in a stable order. A folder gives every file in it but hidden ones and
    notes (``NOTE_SUFFIXES``, such as a README.md): a file of a type geopol cannot read (a .pdf) is
    read as such and reported (E010), never skipped in silence."""
    for p in paths:
        path = Path(p)
        if path.is_dir():
            pattern = "**/*" if recursive else "*"
            for child in sorted(path.glob(pattern)):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() not in NOTE_SUFFIXES:
                    yield child
        elif path.exists():
            yield path
        else:
            raise GeopolError(Errors.E301, path=path)


def read_paths(
    paths: Iterable[str | Path], options: ReadOptions | None = None, stdin: IO[bytes] | None = None
) -> Iterator[Item]:
    """Every document in these paths ('-' reads stdin), in order; failures as error results."""
    options = options or ReadOptions()
    for p in paths:
        if str(p) == "-":
            data = stdin.read() if stdin is not None else b""
            yield from read_bytes(data, "stdin", "", options)
            continue
        for path in iter_files([p], options.recursive):
            try:
                data = path.read_bytes()
            except OSError as err:
                yield _failure(str(path), DocumentError(Errors.E007, detail=err.strerror or err))
                continue
            yield from read_bytes(data, str(path), path.suffix.lower(), options, path.name)
