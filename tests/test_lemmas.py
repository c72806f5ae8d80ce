"""geopol_lemmas reads the model's rule lemmatizer through a table of its answers: on every token
the lemma must be exactly the one the model's own lemmatizer gives."""

from __future__ import annotations

import spacy

import geopol
from geopol.nlp import load_nlp
from geopol.nlp._lemmas import TableLemmas
from tests.test_attributes import _texts


def test_table_lemmas_equal_the_models_lemmatizer() -> None:
    nlp = spacy.load(geopol.Settings().model)
    table = TableLemmas(nlp.get_pipe("lemmatizer"))  # type: ignore[arg-type]
    lemmatizer = spacy.load(geopol.Settings().model).get_pipe("lemmatizer")  # its word lists untouched
    index = lemmatizer.lookups.get_table("lemma_index")
    assert all(type(words) is list for words in index.values())
    before = [n for n in nlp.pipe_names if n not in ("lemmatizer", "ner")]
    checked = 0
    with nlp.select_pipes(enable=before):
        for _ in range(2):  # the second round answers from the table
            for doc in nlp.pipe(_texts()):
                a, b = lemmatizer(doc.copy()), table(doc.copy())
                for x, y in zip(a, b, strict=True):
                    assert x.lemma_ == y.lemma_, (x.text, x.pos_, str(x.morph))
                    checked += 1
    assert checked > 4000 and table.table


def test_lemmas_the_attribute_rules_set_are_kept() -> None:
    nlp = load_nlp(geopol.Settings().model)
    doc = nlp("I don't know, but he's gonna win.")
    lemmas = [t.lemma_ for t in doc]
    assert lemmas[:4] == ["I", "do", "not", "know"]  # 'not': an attribute rule's lemma, kept
    assert lemmas[7:11] == ["be", "go", "to", "win"]


def test_geopol_pipeline_uses_the_table_lemmas() -> None:
    names = load_nlp(geopol.Settings().model).pipe_names
    assert "geopol_lemmas" in names and "lemmatizer" not in names
