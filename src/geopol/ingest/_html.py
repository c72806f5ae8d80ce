"""HTML pages to Documents: main text and metadata with trafilatura."""

from __future__ import annotations

import logging
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from ..errors import DocumentError, Errors
from ..records import Document, content_id
from ._dates import parse_date

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


_CODE = "//script | //style | //noscript | //template"


def _without_code(html: str) -> Any:
    """The page as a tree without scripts, styles and templates: their text is never the article's
    nor its title's ('<h1>Talks<script>…</script></h1>'). The page itself if it cannot be parsed."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return html
    for el in tree.xpath(_CODE):
        el.drop_tree()  # its tail text stays
    return tree


def html_to_document(html: str, origin: str, name: str = "") -> Document:
    """Extract the article text, title, date, URL and language of one HTML page (E004 if none)."""
    result: Any = trafilatura.bare_extraction(
        _without_code(html), with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    data = result.as_dict() if hasattr(result, "as_dict") else (result or {})
    text = (data.get("text") or "").strip()
    if not text:
        raise DocumentError(Errors.E004)
    published = None
    try:
        published = parse_date(data.get("date"))
    except ValueError:
        published = None
    return Document(
        id=content_id(text),
        text=text,
        title=data.get("title") or None,
        published=published,
        url=data.get("url") or None,
        language=data.get("language") or None,
        origin=origin,
        source=data.get("sitename") or None,
    )
