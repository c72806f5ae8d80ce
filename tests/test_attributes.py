"""geopol_attributes applies the model's attribute rules by table lookup: on every token the
result must be exactly the model's own attribute_ruler's."""

from __future__ import annotations

import json

import spacy

import geopol
from geopol.nlp import load_nlp
from geopol.nlp._attributes import TableAttributes

TRICKY = [
    "I don't know, y'all, it ain't nothin' but we're gonna win, let's go, c'mon.",
    "There is a plan; there are two. Whether or not it is true, he said that it was.",
    "Did they? They did have it. I'd have done it. She has had enough of it.",
    "It is what it is.  \n\n  Give it to me; he gave it to you and them.",
]


def _texts() -> list[str]:
    rows = (geopol.sample_corpus() / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return TRICKY + [json.loads(r)["text"] for r in rows if r.strip()]


def test_table_attributes_equal_the_models_attribute_ruler() -> None:
    nlp = spacy.load(geopol.Settings().model)
    ruler = nlp.get_pipe("attribute_ruler")
    table = TableAttributes(ruler)
    before = [n for n in nlp.pipe_names if n not in ("attribute_ruler", "lemmatizer", "ner")]
    checked = 0
    with nlp.select_pipes(enable=before):
        for doc in nlp.pipe(_texts()):
            a, b = ruler(doc.copy()), table(doc.copy())
            for x, y in zip(a, b, strict=True):
                assert (x.pos_, str(x.morph), x.lemma_, x.tag_) == (y.pos_, str(y.morph), y.lemma_, y.tag_), x.text
                checked += 1
    assert checked > 2000


def test_geopol_pipeline_uses_the_table_attributes() -> None:
    names = load_nlp(geopol.Settings().model).pipe_names
    assert "geopol_attributes" in names and "attribute_ruler" not in names
    assert names.index("geopol_attributes") < names.index("geopol_lemmas")
