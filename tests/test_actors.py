"""Actor resolution: the time-aware knowledge base, offices, sectors, metonymy, coreference and the
user's actors file. Every example is dated: an office resolves to whoever held it that day."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import spacy
import yaml
from spacy.tokens import Doc, Token

import geopol
from geopol.actors import add_user_entry, load_kb
from geopol.actors._names import mend_names, org_name
from geopol.actors.kb import people_plurals
from geopol.records import Mention


def mentions(extractor: geopol.Extractor, text: str, day: str | None = None) -> list[Mention]:
    doc = geopol.Document("t", text, published=date.fromisoformat(day) if day else None)
    result = extractor.extract(doc)
    assert result.ok, result.error
    return list(result.actors)


def find(ms: list[Mention], text: str) -> Mention:
    found = [m for m in ms if m.text == text]
    assert found, f"no mention {text!r} in {[m.text for m in ms]}"
    return found[0]


# --- knowledge base ------------------------------------------------------------------------------
def test_actors_kb_east_asian_names_in_both_orders() -> None:
    kb = load_kb()
    assert kb.surface_forms["Gang Qin"].actor.name == "Qin Gang"
    assert kb.surface_forms["Jinping Xi"].actor.name == "Xi Jinping"
    assert "Putin Vladimir" not in kb.surface_forms  # only where the family name comes first


def test_actors_kb_holder_of_an_office_on_a_day() -> None:
    kb = load_kb()
    holder = {d: kb.holders(("CHN", "foreign_minister"), date.fromisoformat(d))[0][0].entry.actor.name
              for d in ("2022-06-01", "2023-03-01", "2023-08-15")}  # fmt: skip
    assert holder == {"2022-06-01": "Wang Yi", "2023-03-01": "Qin Gang", "2023-08-15": "Wang Yi"}
    latest, how = kb.holders(("USA", "head_of_state"), None)
    assert latest and "no date" in how


# --- offices: who held it on that day ------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "day", "mention", "who"),
    [
        ("China's new foreign minister met envoys.", "2022-06-01", "China's new foreign minister", "Wang Yi"),
        ("China's new foreign minister met envoys.", "2023-03-01", "China's new foreign minister", "Qin Gang"),
        ("China's new foreign minister met envoys.", "2023-08-15", "China's new foreign minister", "Wang Yi"),
        ("The Russian defence minister visited Minsk.", "2024-01-10", "Russian defence minister", "Sergei Shoigu"),
        ("The Russian defence minister visited Minsk.", "2024-06-01", "Russian defence minister", "Andrei Belousov"),
        ("The U.S. president called Kyiv.", "2020-05-01", "U.S. president", "Donald Trump"),
        ("The U.S. president called Kyiv.", "2022-05-01", "U.S. president", "Joe Biden"),
        ("The German chancellor spoke.", "2020-05-01", "German chancellor", "Angela Merkel"),
        ("The president of France spoke.", "2024-05-01", "president of France", "Emmanuel Macron"),
        ("Iran's president spoke.", "2022-05-01", "Iran's president", "Ebrahim Raisi"),  # head of government
        ("The UN Secretary-General spoke.", "2024-05-01", "UN Secretary-General", "António Guterres"),
        ("The NATO secretary general spoke.", "2019-05-01", "NATO secretary general", "Jens Stoltenberg"),
        ("The U.S. secretary of state flew in.", "2019-05-01", "U.S. secretary of state", "Mike Pompeo"),
        ("The British foreign secretary flew in.", "2019-05-01", "British foreign secretary", "Jeremy Hunt"),
    ],
)
def test_actors_office_resolves_to_holder_on_the_date(
    extractor: geopol.Extractor, text: str, day: str, mention: str, who: str
) -> None:
    m = find(mentions(extractor, text, day), mention)
    assert m.actor.name == who and m.actor.kind == "person" and m.how == "role"
    assert m.confidence >= 0.85 and who in m.why and day in m.why


def test_actors_office_date_from_the_sentence_beats_publication_date(extractor: geopol.Extractor) -> None:
    m = find(mentions(extractor, "In 2019, the U.S. president imposed sanctions on Iran.", "2024-06-01"),
             "U.S. president")  # fmt: skip
    assert m.actor.name == "Donald Trump" and "2019" in m.why


def test_actors_office_without_a_date_says_so(extractor: geopol.Extractor) -> None:
    m = find(mentions(extractor, "The Russian defence minister visited Minsk."), "Russian defence minister")
    assert m.actor.country == "RUS" and m.actor.kind == "person"
    assert m.confidence < 0.6 and "no date" in m.why


def test_actors_office_named_in_the_text_is_preferred(extractor: geopol.Extractor) -> None:
    """An article published later that tells of an earlier holder, and names him."""
    text = "China's new foreign minister was secretly meeting Americans. Qin Gang was then removed."
    m = find(mentions(extractor, text, "2024-05-15"), "China's new foreign minister")
    assert m.actor.name == "Qin Gang" and "named in this text" in m.why


def test_actors_former_and_deputy_are_not_the_holder(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, "The former British foreign secretary met a deputy foreign minister of Russia.",
                  "2019-05-01")  # fmt: skip
    former = next(m for m in ms if "foreign secretary" in m.text)
    assert former.actor.country == "GBR" and former.actor.name != "Jeremy Hunt" and former.confidence <= 0.5


def test_actors_president_elect_is_the_next_holder(extractor: geopol.Extractor) -> None:
    m = next(m for m in mentions(extractor, "The U.S. president-elect spoke.", "2024-12-01") if "president" in m.text)
    assert m.actor.name == "Donald Trump"


def test_actors_title_gives_an_unknown_person_a_country(extractor: geopol.Extractor) -> None:
    m = find(mentions(extractor, "Nigerian Foreign Minister Yusuf Tuggar met Wang Yi.", "2024-05-01"),
             "Yusuf Tuggar")  # fmt: skip
    assert (m.actor.country, m.actor.sector, m.actor.kind, m.how) == ("NGA", "GOV", "person", "title")


def test_actors_bare_title_is_the_holder_named_before(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, "Emmanuel Macron arrived in Berlin. The president said talks went well.", "2024-05-01")
    m = find(ms, "president")
    assert m.actor.name == "Emmanuel Macron"


def test_actors_a_title_of_one_state_needs_no_country(extractor: geopol.Extractor) -> None:
    """'the pope' is the Holy See's head of state on the day, with no country named or anyone before."""
    m = find(mentions(extractor, "The pope met Angela Merkel in Rome.", "2010-05-01"), "pope")
    assert (m.actor.name, m.actor.country, m.actor.sector) == ("Pope Benedict XVI", "VAT", "REL")
    m = find(mentions(extractor, "Trump attacked the pope as a political person.", "2016-02-20"), "pope")
    assert (m.actor.name, m.actor.country) == ("Pope Francis", "VAT")
    ms = mentions(extractor, "Pope Francis spoke in Mexico. Francis said Mr. Trump is not Christian.", "2016-02-18")
    assert [(m.actor.name, m.actor.country) for m in ms if "Francis" in m.text] == [("Pope Francis", "VAT")] * 2
    ms = mentions(extractor, "The president said talks went well.", "2024-05-01")
    assert not [m for m in ms if m.text == "president"]  # a title of many states still needs its country


def test_actors_party_members_act_as_their_party_and_a_body_keeps_its_sector(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, "Republicans say Democrats are trying to distract the public.", "2019-05-01")
    assert {(m.text, m.actor.country, m.actor.sector) for m in ms} >= {("Republicans", "USA", "PTY"),
                                                                      ("Democrats", "USA", "PTY")}  # fmt: skip
    # Labour and the Tories are parties of several states: the document's state places them
    for text, state in (("Theresa May spoke in London. Labour criticised the Tories.", "GBR"),
                        ("Jacinda Ardern spoke in Wellington. Labour criticised the National Party.", "NZL")):  # fmt: skip
        assert find(mentions(extractor, text, "2019-05-01"), "Labour").actor.country == state
    # a name several states' parties share is no US party inside it, and takes no country of its own
    m = find(mentions(extractor, "The Social Democrats won the vote in Berlin.", "2021-09-27"), "Social Democrats")
    assert m.actor.country != "USA" and m.actor.sector == "PTY"
    # the party before a body or an office gives the country, not its sector
    ms = mentions(extractor, "John Roe, the Republican Senate Majority Leader, spoke on Friday.", "2019-12-20")
    assert (find(ms, "John Roe").actor.country, find(ms, "John Roe").actor.sector) == ("USA", "LEG")


def test_actors_news_outlets_are_of_their_state() -> None:
    kb = load_kb()
    for name, country in (("Fox News", "USA"), ("MSNBC", "USA"), ("The Guardian", "GBR"), ("Kommersant", "RUS")):
        entry = kb.surface_forms[name]
        assert (entry.actor.country, entry.actor.sector) == (country, "JRN"), name
    assert "Fox" not in kb.surface_forms and "ABC" not in kb.surface_forms  # a surname; two countries' broadcasters


# --- sectors from role nouns ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "mention", "country", "sector", "located"),
    [
        ("Police fired on protesters.", "Police", None, "COP", None),
        ("Police fired on protesters.", "protesters", None, "CVL", None),
        ("Protesters in Kenya blocked roads.", "Protesters", "KEN", "CVL", "KEN"),
        ("Troops in Syria came under fire.", "Troops", None, "MIL", "SYR"),
        ("Rebels attacked a convoy.", "Rebels", None, "REB", None),
        ("Militants attacked a convoy.", "Militants", None, "REB", None),
        ("Journalists were detained.", "Journalists", None, "JRN", None),
        ("Chinese companies invested in Russia.", "Chinese companies", "CHN", "BUS", None),
        ("The Russian military moved north.", "Russian military", "RUS", "MIL", None),
        ("Russian troops shelled the town.", "Russian troops", "RUS", "MIL", None),
        ("The Chinese embassy in Ukraine issued a notice.", "Chinese embassy", "CHN", "GOV", "UKR"),
        ("Chinese diplomats protested.", "Chinese diplomats", "CHN", "GOV", None),
        ("Chinese intelligence helped.", "Chinese intelligence", "CHN", "SPY", None),
        ("The Kenyan parliament voted.", "Kenyan parliament", "KEN", "LEG", None),
        ("A Turkish court ruled.", "Turkish court", "TUR", "JUD", None),
        ("The army of Syria retreated.", "army of Syria", "SYR", "MIL", None),
        ("The Obama administration protested.", "Obama administration", "USA", "GOV", None),
    ],
)
def test_actors_sector_from_role_noun(extractor: geopol.Extractor, text: str, mention: str, country: str | None,
                                      sector: str, located: str | None) -> None:  # fmt: skip
    m = find(mentions(extractor, text, "2015-06-01"), mention)
    assert (m.actor.country, m.actor.sector, m.located) == (country, sector, located)


def test_actors_place_of_a_located_actor_is_not_an_actor(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, "The Chinese embassy in Ukraine issued a notice.", "2022-03-01")
    assert "Ukraine" not in [m.text for m in ms]


# --- metonymy ------------------------------------------------------------------------------------
def test_actors_capital_as_agent_is_the_government(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, "Beijing decided to coordinate with Moscow.", "2023-01-01")
    for text, country in (("Beijing", "CHN"), ("Moscow", "RUS")):
        m = find(ms, text)
        assert (m.actor.country, m.actor.sector, m.how) == (country, "GOV", "metonym")


def test_actors_capital_as_location_stays_a_place(extractor: geopol.Extractor) -> None:
    result = extractor.extract(geopol.Document("t", "Talks were held in Moscow on Monday.", published=None))
    assert "Moscow" not in [m.text for m in result.actors]


def test_actors_visit_to_a_capital_still_names_the_host(extractor: geopol.Extractor) -> None:
    doc = geopol.Document("t", "Chinese President Xi Jinping will be in Moscow from March 20 to 22.",
                          published=date(2023, 3, 17))  # fmt: skip
    events = extractor.extract(doc).events
    assert any(e.type == "CONSULT" and {m.actor.country for m in e.target} == {"RUS"} for e in events)


# --- coreference ---------------------------------------------------------------------------------
def test_actors_short_name_and_pronoun(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, "Fu Cong arrived in New York. Fu said he was pleased.", "2023-01-01")
    assert find(ms, "Fu").actor.name == "Fu Cong" and find(ms, "Fu").how == "short name"
    assert find(ms, "he").actor.name == "Fu Cong"
    ms = mentions(extractor, "Xi Jinping arrived. Xi said he was pleased.", "2023-01-01")
    assert find(ms, "Xi").actor.name == "Xi Jinping" and find(ms, "he").actor.name == "Xi Jinping"


def test_actors_a_short_name_follows_the_state_its_full_name_is_given(extractor: geopol.Extractor) -> None:
    """The context gives the full name its state after the short names were found: they follow it."""
    text = "Russian opposition leader Alexei Navalny was poisoned. Navalny said he would return to Moscow."
    ms = mentions(extractor, text, "2020-08-25")
    assert find(ms, "Alexei Navalny").actor.country == "RUS"
    assert (find(ms, "Navalny").how, find(ms, "Navalny").actor.country) == ("short name", "RUS")
    assert find(ms, "he").actor.country == "RUS"


def test_actors_a_surname_given_a_state_later_gives_it_to_the_full_name(extractor: geopol.Extractor) -> None:
    text = ("Donald Trump offered Sadiq Khan an exception to his proposed ban. Khan, a Muslim, was elected as mayor "
            "of London last week. Trump said the United States would welcome Khan.")  # fmt: skip
    ms = mentions(extractor, text, "2016-05-11")
    assert find(ms, "Sadiq Khan").actor.country == "GBR"  # not the USA, the state the text is most about


def test_actors_a_guess_with_a_sector_still_gives_way_to_the_surnames_state(extractor: geopol.Extractor) -> None:
    """An opening phrase of circumstance is no apposition ('In an interview with Time magazine, Khan
    said'): it gives Khan no magazine's sector, and a name left to the document's state, with or
    without a sector, takes the state its surname is given elsewhere."""
    text = ("Donald Trump spoke about Sadiq Khan in Washington. In an interview with Time magazine, Khan said he "
            "would visit the United States. Khan was elected as mayor of London last week. Trump said the "
            "United States would welcome Khan.")  # fmt: skip
    ms = mentions(extractor, text, "2016-05-11")
    assert find(ms, "Sadiq Khan").actor.country == "GBR"
    assert {m.actor.country for m in ms if m.text == "Khan"} == {"GBR"}
    assert all(m.actor.sector != "JRN" for m in ms if m.text == "Khan")


def test_actors_honorifics_coordinated_share_no_state(extractor: geopol.Extractor) -> None:
    """'Dutch prime minister A and finance minister B' share a state; 'Mr. A and Ms. B' do not."""
    text = "Populists like Mr. Obama and Ms. Marine Le Pen blame the banks. Marine Le Pen, the far-right leader in France, spoke in Lyon."
    ms = mentions(extractor, text, "2016-03-01")
    assert {m.actor.country for m in ms if m.text == "Marine Le Pen"} == {"FRA"}


def test_actors_a_domestic_office_in_a_state_is_of_that_state(extractor: geopol.Extractor) -> None:
    ms = mentions(
        extractor,
        "Obama met voters in Ohio. Marine Le Pen, the far-right leader in France, criticised Obama.",
        "2016-03-01",
    )
    assert find(ms, "Marine Le Pen").actor.country == "FRA"  # not the USA, the state the text is most about


def test_actors_a_phrase_ending_in_of_is_no_title(extractor: geopol.Extractor) -> None:
    """'the defense of X' is no title of X; the apposition after the name says who X is."""
    text = "The senator rose to the defense of Sepp Blatter, the president of FIFA. The senator spoke in Washington."
    ms = mentions(extractor, text, "2015-12-19")
    assert find(ms, "Sepp Blatter").actor.country == "NGO"


def test_actors_the_same_noun_after_the_refers_back_to_its_state(extractor: geopol.Extractor) -> None:
    """'The lawmaker' after 'a lawmaker in the Philippines' is that lawmaker, not one of the state the
    text is most about; so is 'the minister' after 'the Kenyan minister of health'."""
    text = ("Trump spoke in Ohio on Monday. A lawmaker in the Philippines called for Donald Trump to be banned. "
            "The lawmaker said the remarks were shameful. The United States did not respond.")  # fmt: skip
    ms = mentions(extractor, text, "2015-12-10")
    assert [m.actor.country for m in ms if m.text == "lawmaker"] == ["PHL", "PHL"]
    text = "The Kenyan minister of health arrived in Washington. The minister said the United States promised aid."
    ms = mentions(extractor, text, "2015-12-10")
    assert find(ms, "minister").actor.country == "KEN" and "refers back" in find(ms, "minister").why


def test_actors_faiths_and_ideologies_are_no_actors(extractor: geopol.Extractor) -> None:
    """'Trump's ignorant view of Islam': the tagger's name is no actor of the state the text is
    about (not_actors.tsv); a group named after a faith is its own organisation."""
    text = "Donald Trump's ignorant view of Islam could make both countries less safe. The Islamic State attacked."
    ms = mentions(extractor, text, "2016-05-11")
    assert all(m.text != "Islam" for m in ms)
    assert any("Islamic State" in m.actor.name for m in ms)


def test_actors_a_states_role_noun_before_the_verb_of_a_named_object(extractor: geopol.Extractor) -> None:
    """'The Mexican ambassador criticized Obama': Obama is the object, not a name the title belongs
    to, so the ambassador is Mexico's; 'Mexican ambassador Jose Lopez' keeps the person as the actor."""
    ms = mentions(extractor, "Obama spoke in Ohio. The Mexican ambassador criticized Obama.", "2016-03-01")
    assert find(ms, "Mexican ambassador").actor.country == "MEX"
    ms = mentions(extractor, "Mexican ambassador Jose Lopez criticized Obama.", "2016-03-01")
    assert find(ms, "Jose Lopez").actor.country == "MEX" and all(m.text != "Mexican ambassador" for m in ms)


SHOOTING = ("A Saudi man, Ahmed Nasser, opened fire at a mosque in Christchurch on Friday. New Zealand police "
            "arrested the suspect an hour later. Professor Jane Roe of Massey University said the gunman had "
            "planned the attack for months. New Zealand's prime minister said Ahmed Nasser would face trial in "
            "New Zealand.")  # fmt: skip


def test_actors_the_suspect_is_the_private_person_named_before(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, SHOOTING, "2019-03-16")
    suspect, gunman = find(ms, "the suspect"), find(ms, "the gunman")
    assert (suspect.how, suspect.actor.name, suspect.actor.country) == ("anaphor", "Ahmed Nasser", "SAU")
    assert gunman.actor.name == "Ahmed Nasser"  # not the professor quoted in between
    assert not [m for m in ms if m.text == "suspect"]  # the bare role noun gives way


def test_actors_a_person_named_with_a_state_keeps_it_when_named_again(extractor: geopol.Extractor) -> None:
    ms = [m for m in mentions(extractor, SHOOTING, "2019-03-16") if m.text == "Ahmed Nasser"]
    assert len(ms) == 2 and {m.actor.country for m in ms} == {"SAU"}  # not the state the text is about
    text = SHOOTING + " Ahmed Smith, a neighbour, said he heard shots. The gunman was silent."
    ms = mentions(extractor, text, "2019-03-16")
    assert find(ms, "Ahmed Smith").actor.country != "SAU"  # a shared first name is no shared person
    assert find(ms, "The gunman").actor.name == "Ahmed Nasser"  # not a witness of the document's state


def test_actors_reversed_name_order(extractor: geopol.Extractor) -> None:
    m = find(mentions(extractor, "Gang Qin was removed from office.", "2023-08-01"), "Gang Qin")
    assert m.actor.name == "Qin Gang" and m.actor.country == "CHN"


def test_actors_she_for_a_country_in_translated_text(extractor: geopol.Extractor) -> None:
    text = "Xi Jinping met envoys. For China, this is the objective of the Americans. She fears a defeat."
    m = find(mentions(extractor, text, "2023-03-01"), "She")
    assert m.actor.country == "CHN" and m.actor.kind == "state" and m.confidence < 0.6


def test_actors_she_finds_a_woman(extractor: geopol.Extractor) -> None:
    m = find(mentions(extractor, "Angela Merkel met Putin in Sochi. She urged restraint.", "2019-05-01"), "She")
    assert m.actor.name == "Angela Merkel"


def test_actors_the_two_men_are_both(extractor: geopol.Extractor) -> None:
    text = "Xi Jinping met Vladimir Putin. The two men signed a trade agreement."
    doc = geopol.Document("t", text, published=date(2023, 3, 21))
    result = extractor.extract(doc)
    both = [m for m in result.actors if m.text == "The two men"]
    assert {m.actor.name for m in both} == {"Xi Jinping", "Vladimir Putin"}
    assert any(e.reciprocal and {m.actor.country for m in e.source} == {"CHN", "RUS"} for e in result.events)


def test_actors_both_sides_and_the_country(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, "Russia and Ukraine traded accusations. Both sides claimed gains. "
                  "France condemned the attack. The country summoned the Russian ambassador.", "2023-05-01")  # fmt: skip
    assert {m.actor.country for m in ms if m.text == "Both sides"} == {"RUS", "UKR"}
    assert find(ms, "The country").actor.country == "FRA"


def test_actors_counterpart_is_the_same_office_abroad(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, "Wang Yi met his Russian counterpart in Beijing.", "2024-06-01")
    m = find(ms, "Russian counterpart")
    assert m.actor.name == "Sergei Lavrov" and m.how == "counterpart"


# --- confidence, and persons the knowledge base lacks --------------------------------------------
def test_actors_every_mention_has_confidence_and_reason(sample_results: list[geopol.DocResult]) -> None:
    for r in sample_results:
        for m in r.actors:
            assert 0 < m.confidence <= 1 and m.why and m.how, m


def test_actors_unknown_person_stays_a_person_without_country(extractor: geopol.Extractor) -> None:
    m = find(mentions(extractor, "Junhua Zhang wrote that Russia attacked Ukraine.", "2023-01-01"), "Junhua Zhang")
    assert m.actor.kind == "person" and m.actor.country is None and m.confidence <= 0.5


# --- names the tagger cut short or ran together -----------------------------------------------------
_TITLES = {"chief", "superintendent", "minister", "first", "prince"}


def _is_title(tok: Token) -> bool:
    return tok.lower_ in _TITLES


def _parsed(rows: list[tuple[str, str, str, int]], ents: list[str]) -> Doc:
    """A Doc from (word, POS, dependency, head index) rows and IOB entity tags."""
    words, pos, deps, heads = (list(x) for x in zip(*rows, strict=True))
    return Doc(spacy.blank("en").vocab, words=words, pos=pos, deps=deps, heads=heads, ents=ents)


def _ents(doc: Doc) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in doc.ents]


def test_actors_names_lose_a_title_and_take_the_surname_left_out() -> None:
    doc = _parsed([("According", "VERB", "prep", 0), ("to", "ADP", "prep", 0), ("Chief", "PROPN", "compound", 5),
                   ("Superintendent", "PROPN", "compound", 5), ("Rodel", "PROPN", "compound", 5),
                   ("Batungbakal", "PROPN", "pobj", 1)],
                  ["O", "O", "O", "B-PERSON", "I-PERSON", "O"])  # fmt: skip
    mend_names(doc, _is_title)
    assert _ents(doc) == [("Rodel Batungbakal", "PERSON")]


def test_actors_an_abbreviated_title_is_no_part_of_the_name(extractor: geopol.Extractor) -> None:
    ms = mentions(extractor, "Sen. Bernie Sanders and Gen. Mark Milley spoke on Monday.", "2019-10-08")
    assert {"Bernie Sanders", "Mark Milley"} <= {m.actor.name for m in ms}
    assert not [m for m in ms if m.actor.name.startswith(("Sen.", "Gen."))]


def test_actors_a_title_or_an_initial_is_no_short_name(extractor: geopol.Extractor) -> None:
    """'Justice Kennedy' after 'Chief Justice John G. Roberts Jr.' is not Roberts, and neither is 'G.'."""
    ms = mentions(extractor, "Chief Justice John G. Roberts Jr. assigned the opinion. Justice Anthony M. Kennedy "
                  "joined. Justice Kennedy wrote that the law stands, and Roberts agreed.", "2016-06-29")  # fmt: skip
    names = {m.text: m.actor.name for m in ms}
    assert "Justice" not in names and names.get("Kennedy") == "Anthony M. Kennedy"
    assert names.get("Roberts", "").endswith("Roberts Jr.")


def test_actors_names_take_a_first_name_left_out_where_a_name_can_open() -> None:
    doc = _parsed([("Marlon", "PROPN", "compound", 2), ("dela", "PROPN", "compound", 2), ("Cruz", "PROPN", "nsubj", 3),
                   ("spoke", "VERB", "ROOT", 3)], ["O", "B-PERSON", "I-PERSON", "O"])  # fmt: skip
    mend_names(doc, _is_title)
    assert _ents(doc) == [("Marlon dela Cruz", "PERSON")]
    # after 'of' a capitalised word ends a title: 'Minister of Information Jane Roe' keeps 'Jane Roe'
    doc = _parsed([("Minister", "PROPN", "nsubj", 5), ("of", "ADP", "prep", 0), ("Information", "PROPN", "compound", 4),
                   ("Jane", "PROPN", "compound", 4), ("Roe", "PROPN", "pobj", 1), ("spoke", "VERB", "ROOT", 5)],
                  ["O", "O", "O", "B-PERSON", "I-PERSON", "O"])  # fmt: skip
    mend_names(doc, _is_title)
    assert _ents(doc) == [("Jane Roe", "PERSON")]


def test_actors_names_cut_in_two_are_one_and_titles_stay_when_one_word_would_be_left() -> None:
    doc = _parsed([("under", "ADP", "ROOT", 0), ("Zine", "PROPN", "compound", 3), ("Abidine", "PROPN", "compound", 4),
                   ("Ben", "PROPN", "compound", 5), ("Ali", "PROPN", "compound", 5), ("rule", "NOUN", "pobj", 0)],
                  ["O", "B-PERSON", "I-PERSON", "B-PERSON", "I-PERSON", "O"])  # fmt: skip
    mend_names(doc, _is_title)
    assert _ents(doc) == [("Zine Abidine Ben Ali", "PERSON")]
    doc = _parsed([("Prince", "PROPN", "compound", 1), ("Harry", "PROPN", "nsubj", 2), ("spoke", "VERB", "ROOT", 2)],
                  ["B-PERSON", "I-PERSON", "O"])  # fmt: skip
    mend_names(doc, _is_title)
    assert _ents(doc) == [("Prince Harry", "PERSON")]


def test_actors_names_of_organisations_run_on_at_for_and_of() -> None:
    doc = _parsed([("the", "DET", "det", 2), ("Kenyan", "ADJ", "amod", 2), ("League", "PROPN", "ROOT", 2),
                   ("for", "ADP", "prep", 2), ("the", "DET", "det", 5), ("Defence", "PROPN", "pobj", 3),
                   ("of", "ADP", "prep", 5), ("Rights", "PROPN", "pobj", 6)],
                  ["B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG"])  # fmt: skip
    mend_names(doc, _is_title)
    assert _ents(doc) == [("the Kenyan League for the Defence of Rights", "ORG")]
    doc = _parsed([("Progressive", "PROPN", "compound", 1), ("Party", "PROPN", "nsubj", 5), ("of", "ADP", "prep", 1),
                   ("Working", "PROPN", "compound", 4), ("Farmers", "PROPN", "pobj", 2), ("won", "VERB", "ROOT", 5)],
                  ["B-ORG", "I-ORG", "O", "O", "O", "O"])  # fmt: skip
    mend_names(doc, _is_title)
    assert _ents(doc) == [("Progressive Party of Working Farmers", "ORG")]


def test_actors_names_a_place_then_a_person_after_a_title() -> None:
    doc = _parsed([("First", "PROPN", "compound", 1), ("Minister", "PROPN", "nsubj", 6), ("of", "ADP", "prep", 1),
                   ("Ruritania", "PROPN", "compound", 5), ("Nicola", "PROPN", "compound", 5),
                   ("Roe", "PROPN", "pobj", 2), ("spoke", "VERB", "ROOT", 6)],
                  ["O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O"])  # fmt: skip
    mend_names(doc, _is_title, {"Nicola"})
    assert _ents(doc) == [("Ruritania", "GPE"), ("Nicola Roe", "PERSON")]


def test_actors_names_of_companies_drop_a_legal_form_after_a_comma() -> None:
    nlp = spacy.blank("en")
    assert org_name(nlp("Hungarian Rail Holdings, Inc.")[:]) == "Hungarian Rail Holdings"
    assert org_name(nlp("Example Védelmi Kft.")[:]) == "Example Védelmi Kft."
    assert org_name(nlp("Smith, Jones and Partners")[:]) == "Smith, Jones and Partners"


def test_actors_title_of_a_demonym_is_no_office(extractor: geopol.Extractor) -> None:
    text = "The president of the Kenyan League for the Defence of Human Rights, Peter Mwangi, said it."
    ms = mentions(extractor, text, "2021-03-01")
    assert not [m for m in ms if m.how == "role" and m.actor.kind == "person"]  # not Kenya's head of state


@pytest.mark.parametrize(("text", "form", "country"), [
    ("The Americans accused the Chinese of spying.", "Americans", "USA"),  # a plural made from the demonym
    ("He urged the Israelis to stop.", "Israelis", "ISR"),
    ("The Turks shot down a jet.", "Turks", "TUR"),  # an irregular noun, listed in the table
])  # fmt: skip
def test_actors_a_states_people_in_the_plural(extractor: geopol.Extractor, text: str, form: str, country: str) -> None:
    m = find(mentions(extractor, text, "2021-03-01"), form)
    assert (m.actor.country, m.how) == (country, "demonym")


def test_actors_people_plurals_only_where_an_s_makes_one() -> None:
    assert people_plurals(["Russian", "Israeli", "Greek", "Chinese", "British", "Dutch", "U.S.", "UK", "Frenchman",
                           "New Zealander"]) == ["Russians", "Israelis", "Greeks", "New Zealanders"]  # fmt: skip


# --- the user's actors file ----------------------------------------------------------------------
def test_actors_user_file_adds_an_office_holder(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    add_user_entry(path, "people", {"name": "Jane Doe", "aliases": ["Doe"], "country": "GBR", "sector": "GOV",
                                    "role": "foreign_minister", "start": "2031-01-01", "gender": "f"})  # fmt: skip
    assert yaml.safe_load(path.read_text())["people"][0]["name"] == "Jane Doe"
    kb = load_kb(path)
    assert kb.holders(("GBR", "foreign_minister"), date(2031, 6, 1))[0][0].entry.actor.name == "Jane Doe"
    ex = geopol.Extractor(geopol.Settings(actors_file=path))
    m = find(mentions(ex, "The British foreign secretary met Doe's staff.", "2031-06-01"), "British foreign secretary")
    assert m.actor.name == "Jane Doe"
    assert load_kb(None).holders(("GBR", "foreign_minister"), date(2031, 6, 1))[0][0].entry.actor.name != "Jane Doe"


def test_actors_user_file_bad_entry_is_refused_and_file_kept(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    add_user_entry(path, "organisations", {"name": "Example Front", "country": "SYR", "sector": "REB", "kind": "group"})
    before = path.read_text()
    with pytest.raises(geopol.GeopolError) as info:
        add_user_entry(path, "people", {"name": "X", "country": "ZZZ", "role": "official"})
    assert info.value.code == "E103" and "entry 1" in info.value.message and "ZZZ" in info.value.message
    assert path.read_text() == before


@pytest.mark.parametrize("text", ["people: [unclosed", "people: 3", "wizards: []", "people:\n  - {nom: X}"])
def test_actors_user_file_malformed_gives_e103(tmp_path: Path, text: str) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text(text)
    with pytest.raises(geopol.GeopolError) as info:
        load_kb(path)
    assert info.value.code == "E103" and str(path) in info.value.message


def test_actors_they_stands_for_coordinated_actors(extractor: geopol.Extractor) -> None:
    result = extractor.extract(geopol.Document("t", "Xi Jinping met Vladimir Putin. They signed a trade deal.",
                                               published=date(2023, 3, 21)))  # fmt: skip
    assert {m.actor.name for m in result.actors if m.text == "They"} == {"Xi Jinping", "Vladimir Putin"}
    ms = mentions(extractor, "China and Russia agreed that they would never call themselves allies.", "2023-03-01")
    assert {m.actor.country for m in ms if m.text == "themselves"} == {"CHN", "RUS"}
    ms = mentions(extractor, "Russian troops crossed the border. They attacked a town.", "2023-03-01")
    assert find(ms, "They").actor.sector == "MIL"


def test_actors_unknown_name_never_ends_inside_an_emoji(extractor: geopol.Extractor) -> None:
    """A flag after a dateline ('BRUSSELS 🇪🇺') is not part of the name NER found."""
    ms = mentions(extractor, "BRUSSELS 🇪🇺, May 2 — The European Union imposed new sanctions on Russia on Tuesday.")
    assert all(any(ch.isalnum() for ch in m.text[-1:]) for m in ms), [m.text for m in ms]
    assert {m.text for m in ms} >= {"European Union", "Russia"}


def test_global_platforms_are_multinationals_and_firms_have_a_home_state(extractor: geopol.Extractor) -> None:
    text = "Facebook removed the post and GitHub blocked the repository, while Volkswagen paid the fine."
    res = extractor.extract(geopol.Document("co", text, published=date(2020, 1, 2)))
    got = {m.text: (m.actor.country, m.actor.sector) for m in res.actors}
    assert got["Facebook"] == ("MNC", "BUS") and got["GitHub"] == ("MNC", "BUS")
    assert got["Volkswagen"] == ("DEU", "BUS")


def test_a_surname_the_tagger_calls_an_organisation_is_the_person_named_before(extractor: geopol.Extractor) -> None:
    text = ("Peru rejected the findings. Agnès Callamard, a UN rapporteur who had investigated the case, said "
            "justice was slow. Callamard urged the CIA to release the files.")  # fmt: skip
    res = extractor.extract(geopol.Document("sn", text, published=date(2020, 1, 2)))
    (later,) = [m for m in res.actors if m.text == "Callamard"]
    assert later.how == "short name" and later.actor.country == "IGO", later


def test_actors_a_region_of_several_states_names_none_of_them(extractor: geopol.Extractor) -> None:
    """'Latin America', 'a South American diplomat': the region's 'America' is not the United States
    (not_actors.tsv, matched before the states' names); 'Northern Ireland' is the United Kingdom's."""
    ms = mentions(extractor, "A South American diplomat met officials from Latin America and America.", "2016-03-01")
    assert [m.actor.country for m in ms if "Americ" in m.text] == ["USA"]
    assert find(ms, "diplomat").actor.country is None
    ms = mentions(extractor, "Police in Northern Ireland arrested two men.", "2016-03-01")
    assert find(ms, "Northern Ireland").actor.country == "GBR"


def test_actors_a_place_that_names_a_treaty_or_a_meeting_is_no_actor(extractor: geopol.Extractor) -> None:
    """'the Paris Agreement', 'the Minsk agreements', 'the Geneva talks' (place_compounds.tsv): the
    capital names the thing, no state acts; 'Moscow talks with Kyiv' (a verb) keeps Moscow."""
    ms = mentions(extractor, "Sweden joined the Paris Agreement in 2016.", "2016-03-01")
    assert [m.actor.country for m in ms] == ["SWE"]
    ms = mentions(extractor, "The Geneva talks on Syria resumed.", "2016-03-01")
    assert all(m.actor.country != "CHE" for m in ms)
    ms = mentions(extractor, "The Kremlin said Moscow talks with Kyiv every week.", "2016-03-01")
    assert find(ms, "Moscow").actor.country == "RUS"
    # nor is the place an actor of no state the tagger then finds there
    ms = mentions(
        extractor, "Both sides violated the Minsk agreements, the OSCE monitors reported on Monday.", "2016-03-01"
    )
    assert all(m.text != "Minsk" for m in ms)


def test_actors_the_soviet_union_is_coded_as_russia(extractor: geopol.Extractor) -> None:
    """A former state goes to the state that continues it, as coders code it: the Soviet Union, USSR
    and 'Soviet troops' are RUS."""
    text = "The Soviet Union invaded Afghanistan in 1979, and Soviet troops stayed in the country for a decade."
    ms = mentions(extractor, text, "2016-03-01")
    assert find(ms, "Soviet Union").actor.country == "RUS" and find(ms, "Soviet troops").actor.country == "RUS"


def test_actors_a_relatives_phrase_gives_no_title_or_state(extractor: geopol.Extractor) -> None:
    """'Hatice Cengiz, fiancée of journalist Jamal Khashoggi': the phrase is about him, so she takes
    neither his sector nor, from it, his state."""
    text = ("Saudi journalist Jamal Khashoggi was killed in Istanbul in 2018. On Thursday, Hatice Cengiz, "
            "fiancée of journalist Jamal Khashoggi, addressed reporters in New York.")  # fmt: skip
    ms = mentions(extractor, text, "2019-09-27")
    assert find(ms, "Hatice Cengiz").actor.sector is None


def test_actors_a_multinationals_national_company_is_the_multinationals(extractor: geopol.Extractor) -> None:
    """'Facebook Ireland Limited': a name that opens with a multinational's is its part (MNC), not
    Ireland's organisation."""
    text = "The court ruled on Thursday in the case against Facebook Ireland Limited, the company's European arm."
    ms = mentions(extractor, text, "2019-10-03")
    assert find(ms, "Facebook Ireland Limited").actor.country == "MNC"


def test_actors_a_states_people_noun_after_the_refers_back_to_the_person_named_before(
    extractor: geopol.Extractor,
) -> None:
    """'… activist Greta Thunberg … The sixteen-year-old Swede is …': the demonym noun opening the
    next sentence is the person named before, who takes its state (and so do her short name and
    pronouns)."""
    text = ("On Wednesday, Time magazine announced its selection of climate change activist Greta Thunberg as "
            "its Person of the Year. The sixteen-year-old Swede is the youngest recipient of the award. "
            "Thunberg received the award for her work on climate change.")  # fmt: skip
    ms = mentions(extractor, text, "2019-12-14")
    assert find(ms, "Greta Thunberg").actor.country == "SWE"
    assert [m.actor.country for m in ms if m.text == "Thunberg"] == ["SWE"]


def test_actors_one_of_a_states_people_is_no_government(extractor: geopol.Extractor) -> None:
    """'An American was arrested', 'the Briton was released': one of a state's people, with no sector;
    'The Russians attacked' is the state acting, its government."""
    text = "An American was arrested in Moscow on Monday, and the Briton was released. The Russians attacked the town."
    ms = mentions(extractor, text, "2020-01-01")
    assert (find(ms, "American").actor.sector, find(ms, "Briton").actor.sector) == (None, None)
    assert find(ms, "Russians").actor.sector == "GOV"
