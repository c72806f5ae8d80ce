"""A Doc's sentences, read once: ``doc.sents`` walks every token of the Doc each time it is asked,
and geopol's components ask for it several times per document."""

from __future__ import annotations

import numpy
from spacy.attrs import IDX, LENGTH, SENT_START
from spacy.tokens import Doc, Span

_KEY = "geopol_sentence_bounds"


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """(start, end) token indices of each sentence, as ``doc.sents`` has them. Computed on the
    first call and kept with the Doc: the parse must not change after that."""
    bounds = doc.user_data.get(_KEY)
    if bounds is None or (bounds and bounds[-1][1] != len(doc)):
        if not len(doc):
            bounds = []
        else:
            starts = numpy.flatnonzero(doc.to_array([SENT_START]).reshape(-1) == 1).tolist()
            if not starts or starts[0] != 0:
                starts.insert(0, 0)
            bounds = list(zip(starts, [*starts[1:], len(doc)], strict=True))
        doc.user_data[_KEY] = bounds
    return bounds


def sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc`` (the same spans as ``doc.sents``)."""
    return [doc[s:e] for s, e in sentence_bounds(doc)]


_TEXT = "geopol_text"
_OFFSETS = "geopol_token_offsets"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once and kept with the Doc: spaCy joins every token's text anew at each
    ``doc.text``, and claims, figures and dates each ask for it. A kept text whose length no longer
    ends where the Doc's last token does (another Doc's ``user_data`` copied over) is built again."""
    text = doc.user_data.get(_TEXT)
    end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
    if not isinstance(text, str) or len(text) != end:
        text = doc.text
        doc.user_data[_TEXT] = text
    return text


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Each token's start and end character, computed once a Doc and kept with it (``Doc.char_span``
    walks the whole Doc at every call, and reading ``doc[i].idx`` makes a Token)."""
    cached = doc.user_data.get(_OFFSETS)
    if cached is None or len(cached[0]) != len(doc):
        arr = doc.to_array([IDX, LENGTH])
        starts = arr[:, 0].tolist()
        cached = (starts, [a + b for a, b in zip(starts, arr[:, 1].tolist(), strict=True)])
        doc.user_data[_OFFSETS] = cached
    return cached
