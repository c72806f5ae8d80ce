"""Participants the text implies (events/_implicit.py and the domestic reading of the coding rules)."""

from __future__ import annotations

import geopol
from geopol import Document
from geopol.actors import mentions_of, token_index
from geopol.events._implicit import authorities, country_names, one_state, patient


def _events(extractor: geopol.Extractor, text: str, type_: str):  # type: ignore[no-untyped-def]
    res = extractor.extract(Document(id="imp", text=text, published="2021-03-01"))
    return [e for e in res.events if e.type == type_]


def test_a_passive_act_of_authority_with_no_doer_is_the_targets_state(extractor: geopol.Extractor) -> None:
    (ev,) = _events(extractor, "Russian opposition leader Alexei Navalny was arrested on Sunday.", "COERCE")
    assert {m.actor.country for m in ev.target} == {"RUS"}
    (src,) = ev.source
    assert src.actor.country == "RUS" and src.actor.sector == "COP"
    assert src.how == "implicit" and "no doer" in src.why
    assert src.text == "arrested"  # the span of an implied doer is the trigger


def test_an_agent_named_is_never_replaced(extractor: geopol.Extractor) -> None:
    (ev,) = _events(extractor, "Russian opposition leader Alexei Navalny was arrested by police in Moscow.", "COERCE")
    assert all(m.how != "implicit" for m in ev.source)


def test_a_common_noun_side_takes_the_other_sides_state(extractor: geopol.Extractor) -> None:
    (ev,) = _events(extractor, "Belarusian police detained dozens of protesters in Minsk.", "COERCE")
    assert {m.actor.country for m in ev.source} == {"BLR"}
    assert {m.actor.country for m in ev.target} == {"BLR"}
    assert any("domestic" in m.why for m in ev.target)


def test_patient_is_a_phrase_of_the_doers_state_and_never_a_named_actor(extractor: geopol.Extractor) -> None:
    doc = extractor.nlp("The German chancellor condemned the rioters on Saturday.")
    index = token_index(mentions_of(doc))
    verb = next(t for t in doc if t.lemma_ == "condemn")
    source = [m for m in mentions_of(doc) if m.actor.country == "DEU"]
    assert source
    (m,) = patient(verb, source, index)
    assert m.actor.country == "DEU" and m.how == "implicit" and doc[m.start : m.end].text == "the rioters"
    doc2 = extractor.nlp("The German chancellor condemned Russia on Saturday.")
    verb2 = next(t for t in doc2 if t.lemma_ == "condemn")
    assert (
        patient(verb2, [m for m in mentions_of(doc2) if m.actor.country == "DEU"], token_index(mentions_of(doc2))) == []
    )


def test_implied_sides_need_one_state() -> None:
    assert country_names()["FRA"] == "France"
    assert one_state([]) is None
    assert authorities.__doc__ and "passive" in authorities.__doc__
