"""The model's rule lemmatizer, read through a table of the lemmas it has already given.

spaCy's ``lemmatizer`` visits every token in Python and caches its rules' answer per (form, part of
speech, morphology); the visit itself is most of its time. ``geopol_lemmas`` reads those three
attributes of a whole Doc as one array, answers known keys from its table and asks the model's
lemmatizer only for new ones, whose lists of known words it has made answer through sets: the same
lemmas, a fraction of the time.
"""

from __future__ import annotations

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

from ._attributes import swap_pipe

_KEYS = [ORTH, POS, MORPH, LEMMA]
_MAX_KEYS = 500_000


class _Index(list):
    """A part of speech's list of known words that answers ``in`` from a set. The rule lemmatizer
    asks it of every form its rules make from a new word, and a list answers by scanning up to
    57,000 words: most of a new word's time."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self.words = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self.words


class TableLemmas:
    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.table: dict[tuple[int, int, int], int] = {}
        if lemmatizer.lookups.has_table("lemma_index"):
            index = lemmatizer.lookups.get_table("lemma_index")
            for pos, words in list(index.items()):
                if type(words) is list:  # still a list (serialised the same), only faster to ask
                    index[pos] = _Index(words)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        arr = doc.to_array(_KEYS)
        overwrite = self.lemmatizer.overwrite
        table, strings = self.table, doc.vocab.strings
        lemmas = arr[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(arr.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = table.get(key)
            if found is None:
                found = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                if len(table) >= _MAX_KEYS:  # a stream of any length: memory stays bounded
                    table.clear()
                table[key] = found
            lemmas[i] = found
        if not numpy.array_equal(lemmas, arr[:, 3]):
            doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]
        return doc


@Language.factory("geopol_lemmas")
def make_table_lemmas(nlp: Language, name: str) -> TableLemmas:
    """Built on the pipeline's own ``lemmatizer`` (which it then replaces)."""
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)
    return TableLemmas(lemmatizer)


def use_table_lemmas(nlp: Language) -> None:
    """Put ``geopol_lemmas`` in the place of the model's rule ``lemmatizer``."""
    if "lemmatizer" in nlp.pipe_names and getattr(nlp.get_pipe("lemmatizer"), "mode", None) == "rule":
        swap_pipe(nlp, "lemmatizer", "geopol_lemmas")
