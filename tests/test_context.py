"""Context inference for actors no table knows: titles and appositives, national names, lists,
institutions of the state a text is about. Each reading says what it rests on."""

from __future__ import annotations

import pytest

import geopol

from .test_actors import find, mentions


@pytest.mark.parametrize(
    ("text", "name", "country", "sector", "cue"),
    [
        ("French government spokesman Jean-Luc Moreau said the talks had failed.", "Jean-Luc Moreau", "FRA",
         "GOV", "before the name"),
        ("Kenyan envoy Peter Mwangi arrived in Addis Ababa on Monday.", "Peter Mwangi", "KEN", "GOV",
         "before the name"),
        ("Maria Lopez, a spokeswoman for the Chilean Interior Ministry, denied the report.", "Maria Lopez", "CHL",
         "GOV", "in apposition"),
        ("Dutch firms including Vandermolen Logistics and Brinkhorst Shipping said they would leave Iran.",
         "Brinkhorst Shipping", "NLD", "BUS", "in the list of"),
    ],
)  # fmt: skip
def test_context_title_apposition_and_list_give_country_and_sector(
    extractor: geopol.Extractor, text: str, name: str, country: str, sector: str, cue: str
) -> None:
    m = find(mentions(extractor, text, "2021-03-01"), name)
    assert (m.actor.country, m.actor.sector, m.how) == (country, sector, "context")
    assert cue in m.why and "not in the knowledge base" in m.why and m.confidence < 0.85


def test_context_host_after_to_is_not_the_owner(extractor: geopol.Extractor) -> None:
    m = find(mentions(extractor, "Canadian Ambassador to Peru Robert Dunmore met protesters.", "2021-03-01"),
             "Robert Dunmore")  # fmt: skip
    assert m.actor.country == "CAN"


def test_context_institution_of_the_state_the_text_is_about(extractor: geopol.Extractor) -> None:
    text = ("Kenya held elections on Tuesday. Kenya's opposition protested in Nairobi. "
            "The Interior Ministry said the vote was fair, and the Armed Forces stayed in barracks.")  # fmt: skip
    ms = mentions(extractor, text, "2021-03-01")
    ministry, forces = find(ms, "Interior Ministry"), find(ms, "Armed Forces")
    assert (ministry.actor.country, ministry.actor.sector, ministry.how) == ("KEN", "GOV", "context")
    assert (forces.actor.country, forces.actor.sector) == ("KEN", "MIL")
    assert "the state this text is about" in ministry.why and ministry.confidence <= 0.5


def test_context_no_state_when_the_text_has_no_main_one(extractor: geopol.Extractor) -> None:
    text = "Kenya and Uganda signed a deal. The Interior Ministry welcomed it."
    m = find(mentions(extractor, text, "2021-03-01"), "Interior Ministry")
    assert m.actor.country is None
