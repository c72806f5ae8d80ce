"""Stage 2, clean: repair artefacts without changing meaning, keeping a map to the original.

``clean(text)`` returns an :class:`AlignedText`; every offset geopol outputs is mapped back
through ``to_original`` so that it refers to the text as it was read.
"""

from __future__ import annotations

from functools import lru_cache

from .._tsv import data_path
from ._offsets import AlignedText, Edit, apply_edits
from ._repairs import (
    CleanLexicon,
    category_tag,
    datelines,
    glued_words,
    lowercased_names,
    quotes,
    slug_title_lines,
    speaker_tags,
    whitespace,
)

__all__ = ["AlignedText", "CleanLexicon", "Edit", "clean", "common_lowercase_words"]


@lru_cache(maxsize=1)
def common_lowercase_words() -> frozenset[str]:
    """Words never capitalised although they are also names (data/clean/lowercase_words.txt)."""
    lines = data_path("clean/lowercase_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def clean(text: str, title: str | None = None, lexicon: CleanLexicon | None = None) -> AlignedText:
    """The cleaned text of a document, aligned to the original.

    Repairs, in priority order (an edit overlapping an earlier one is skipped): a duplicated
    slug title line, a trailing category tag, a wire dateline's dash and credit, an interview's speaker tags,
    invisible characters and runs of whitespace,
    typographic quotes, words glued across a lost link ('Gang Qinand'), lower-cased place
    names and demonyms ('kyiv').
    """
    lexicon = lexicon or CleanLexicon()
    edits: list[Edit] = [
        *slug_title_lines(text, title),
        *category_tag(text),
        *datelines(text),
        *speaker_tags(text),
        *whitespace(text),
        *quotes(text),
        *glued_words(text, lexicon),
        *lowercased_names(text, lexicon),
    ]
    aligned, _ = apply_edits(text, edits)
    return aligned
