"""Figures: the numbers a text states about something, with unit, bound, range, what they measure,
the actors they concern and the date that governs them. Every example is a short hand-written
sentence published on 2024-05-15."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

import geopol
from geopol import GeopolError
from geopol._tsv import data_path
from geopol.figures import FigureComponent, FigureSpan, build_tables, find_figures, load_tables
from geopol.figures._scan import Scanner, default_scanner
from geopol.figures._tables import read_bounds, read_units

PUBLISHED = date(2024, 5, 15)
FIGURES = data_path("figures")


@pytest.fixture(scope="module")
def parse(extractor: geopol.Extractor) -> Callable[..., Doc]:
    """A parsed Doc with actor mentions, run through the ``geopol_figures`` factory's component (the
    event coder left out: how figures are read, not which texts keep their measures)."""
    nlp = extractor.nlp
    component = nlp.create_pipe("geopol_figures")

    def run(text: str, published: date | None = PUBLISHED) -> Doc:
        doc = nlp.make_doc(text)
        doc._.geopol_date = published
        return component(nlp(doc, disable=["geopol_events", "geopol_figures"]))

    return run


@pytest.fixture(scope="module")
def figures(parse: Callable[..., Doc]) -> Callable[..., list[FigureSpan]]:
    def run(text: str, published: date | None = PUBLISHED) -> list[FigureSpan]:
        found: list[FigureSpan] = parse(text, published)._.geopol_figures
        for f in found:
            assert text[f.start_char : f.end_char] == f.text
        return found

    return run


def one(found: list[FigureSpan], text: str) -> FigureSpan:
    hits = [f for f in found if f.text == text]
    assert hits, f"no figure {text!r} in {[f.text for f in found]}"
    return hits[0]


# --- money ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit", "bound"),
    [
        ("China pledged $240 billion.", "$240 billion", 240e9, "USD", "exact"),
        ("Investments totaling more than $160 billion were made.", "more than $160 billion", 160e9, "USD", "at_least"),
        ("The bank lent €5m to the city.", "€5m", 5e6, "EUR", "exact"),
        ("London offered £2.3bn in support.", "£2.3bn", 2.3e9, "GBP", "exact"),
        ("The plan costs US$ 1.2 trillion.", "US$ 1.2 trillion", 1.2e12, "USD", "exact"),
        ("Beijing lent 5 billion yuan to Laos.", "5 billion yuan", 5e9, "CNY", "exact"),
        ("Moscow paid 300 million rubles.", "300 million rubles", 300e6, "RUB", "exact"),
        ("Moscow paid 300 million roubles.", "300 million roubles", 300e6, "RUB", "exact"),
        ("The fund received USD 40 million.", "USD 40 million", 40e6, "USD", "exact"),
        ("Tokyo gave ¥10,000 to each family.", "¥10,000", 10_000, "JPY", "exact"),
        ("Beijing pledged RMB 3 billion.", "RMB 3 billion", 3e9, "CNY", "exact"),
        ("Kyiv asked for $5-billion in loans.", "$5-billion", 5e9, "USD", "exact"),
        ("They paid twenty thousand dollars.", "twenty thousand dollars", 20_000, "USD", "exact"),
        ("The deal was worth a billion dollars.", "a billion dollars", 1e9, "USD", "exact"),
    ],
)
def test_figures_money_value_currency_and_bound(
    figures: Callable[..., list[FigureSpan]], sentence: str, text: str, value: float, unit: str, bound: str
) -> None:
    f = one(figures(sentence), text)
    assert (f.value, f.unit, f.bound, f.upper) == (pytest.approx(value), unit, bound, None)


# --- counts ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "text", "value", "bound", "quantity"),
    [
        ("China agreed to 79 major projects.", "79 major projects", 79, "exact", "project"),
        ("Xi and Putin have met more than 40 times.", "more than 40 times", 40, "at_least", "time"),
        ("Nearly 3,000 people fled the town.", "Nearly 3,000 people", 3000, "about", "people"),
        ("The army sent up to 500 troops.", "up to 500 troops", 500, "at_most", "troop"),
        ("China released a 12-point document.", "12-point", 12, "exact", "point"),
        ("The 12-point plan was published.", "12-point", 12, "exact", "point"),
        ("Two soldiers were wounded.", "Two soldiers", 2, "exact", "soldier"),
        ("Rebels seized three towns.", "three towns", 3, "exact", "town"),
        ("They met a dozen times.", "a dozen times", 12, "exact", "time"),
        ("Police arrested twenty-five protesters.", "twenty-five protesters", 25, "exact", "protester"),
        ("Some 1.5 million refugees crossed.", "Some 1.5 million refugees", 1.5e6, "about", "refugee"),
        ("They sent 500 or more troops.", "500 or more troops", 500, "at_least", "troop"),
        ("A 40,000-strong force gathered.", "40,000-strong force", 40_000, "exact", "force"),
        ("The city has a population of 5 million.", "5 million", 5e6, "exact", "population"),
    ],
)
def test_figures_counts_are_bound_to_a_noun(
    figures: Callable[..., list[FigureSpan]], sentence: str, text: str, value: float, bound: str, quantity: str
) -> None:
    f = one(figures(sentence), text)
    assert (f.value, f.unit, f.bound, f.quantity) == (pytest.approx(value), "count", bound, quantity)


# --- percentages, distances, volumes, mass --------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("Exports fell 15% in May.", "15%", 15, "percent"),
        ("Exports fell 15 percent.", "15 percent", 15, "percent"),
        ("Exports fell 15 per cent.", "15 per cent", 15, "percent"),
        ("Officials reported a 3.5% rise.", "3.5%", 3.5, "percent"),
        ("Support fell 2 percentage points.", "2 percentage points", 2, "percent"),
        ("The border runs 40 kilometres.", "40 kilometres", 40, "km"),
        ("Russia sells 38 billion cubic metres of gas.", "38 billion cubic metres", 38e9, "m3"),
        ("Russia sells 38 bcm of gas.", "38 bcm", 38e9, "m3"),
        ("Saudi Arabia cut output by 1 million barrels.", "1 million barrels", 1e6, "bbl"),
        ("India shipped 5,000 tonnes of wheat.", "5,000 tonnes", 5000, "t"),
        ("The wall is 75 m long.", "75 m", 75, "m"),
        ("Israel dropped a 2,000-pound bomb.", "2,000-pound", 2000, "lb"),
    ],
)
def test_figures_percent_and_measures(
    figures: Callable[..., list[FigureSpan]], sentence: str, text: str, value: float, unit: str
) -> None:
    f = one(figures(sentence), text)
    assert (f.value, f.unit, f.bound) == (pytest.approx(value), unit, "exact")


def test_figures_two_figures_in_one_pipeline(figures: Callable[..., list[FigureSpan]]) -> None:
    found = figures("Putin wants a 2,600 km (over 1,600 miles) pipeline.")
    assert [(f.text, f.value, f.unit, f.bound) for f in found] == [
        ("2,600 km", 2600, "km", "exact"),
        ("over 1,600 miles", 1600, "mi", "at_least"),
    ]
    assert found[0].quantity == "pipeline"


# --- ranges ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "text", "value", "upper", "unit"),
    [
        ("It will cost between 10 and 12 billion dollars.", "between 10 and 12 billion dollars", 10e9, 12e9, "USD"),
        ("It will cost 10 to 12 billion yuan.", "10 to 12 billion yuan", 10e9, 12e9, "CNY"),
        ("It will cost $10-12 billion.", "$10-12 billion", 10e9, 12e9, "USD"),
        ("It will cost between $10 billion and $12 billion.", "between $10 billion and $12 billion", 10e9, 12e9, "USD"),
        ("Prices rose 10-12%.", "10-12%", 10, 12, "percent"),
        ("About 10-12 people came.", "About 10-12 people", 10, 12, "count"),
    ],
)
def test_figures_ranges_have_an_upper_value(
    figures: Callable[..., list[FigureSpan]], sentence: str, text: str, value: float, upper: float, unit: str
) -> None:
    f = one(figures(sentence), text)
    assert (f.value, f.upper, f.unit, f.bound) == (pytest.approx(value), pytest.approx(upper), unit, "at_least")


def test_figures_a_change_is_not_a_range(figures: Callable[..., list[FigureSpan]]) -> None:
    found = figures("Trade rose from $10 billion to $12 billion.")
    assert [(f.text, f.upper) for f in found] == [("$10 billion", None), ("$12 billion", None)]
    assert [f.text for f in figures("Trade grew 10 and 12 billion dollars.")] == ["12 billion dollars"]


# --- bounds, every phrase in bounds.tsv -------------------------------------------------------------
BOUND_ROWS = [b for b in load_tables().bounds if b.bound != "range"]


@pytest.mark.parametrize("row", BOUND_ROWS, ids=lambda b: f"{b.place}:{b.phrase}")
def test_figures_every_bound_phrase_gives_its_bound(figures: Callable[..., list[FigureSpan]], row: object) -> None:
    phrase, bound, place = row.phrase, row.bound, row.place  # type: ignore[attr-defined]
    written = phrase.capitalize() if place == "before" else phrase
    text = f"{written} $500 million" if place == "before" else f"$500 million{'' if phrase[0] == '-' else ' '}{phrase}"
    sentence = f"{text} was spent." if place == "before" else f"They spent {text}."
    f = one(figures(sentence), text)
    assert (f.value, f.unit, f.bound) == (500e6, "USD", bound)


# --- what is not a figure ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "The war began in 2019.",
        "Talks in 2019-2020 failed.",
        "Xi will be in Moscow from March 20 to 22.",
        "They met on 20 March in Geneva.",
        "On the third day the 1st battalion left.",
        "The meeting starts at 10:30 in Brussels.",
        "Call 555-1234 or +1 202 555 0123.",
        "Article 5 applies to all members.",
        "No one was hurt and one of the men left.",
        "The first and second rounds ended.",
        "The two leaders met in Beijing.",
        "Hundreds of protesters and thousands of people marched.",
        "Dozens of ships sailed and millions of dollars went missing.",
        "He ruled for 30 years and a 45-year-old man died.",
        "F-16 jets and Su-35 fighters flew after the 9/11 attacks.",
        "Boeing 737 planes landed in the 1990s.",
        "The vote was 5 to 3.",
        "Two-thirds of voters agreed.",
        "The talks started at 2 p.m.",
    ],
)
def test_figures_not_figures(figures: Callable[..., list[FigureSpan]], sentence: str) -> None:
    assert [f.text for f in figures(sentence)] == []


# --- quantity ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("sentence", "text", "quantity"),
    [
        ("Investments totaling more than $160 billion were made.", "more than $160 billion", "investment"),
        ("Pakistan received a loan of $5 billion.", "$5 billion", "loan"),
        ("They signed trade worth $200 billion.", "$200 billion", "trade"),
        ("The two states did $240 billion in trade.", "$240 billion", "trade"),
        ("The volume of trade reached $240 billion.", "$240 billion", "trade"),
        ("Russia's exports fell 15%.", "15%", "export"),
        ("Officials reported a 3.5% rise.", "3.5%", "rise"),
        ("Russia sells 38 bcm of gas.", "38 bcm", "gas"),
        ("China paid $5 billion.", "$5 billion", None),
    ],
)
def test_figures_quantity_is_what_the_figure_measures(
    figures: Callable[..., list[FigureSpan]], sentence: str, text: str, quantity: str | None
) -> None:
    assert one(figures(sentence), text).quantity == quantity


# --- subject -------------------------------------------------------------------------------------------
def test_figures_subject_is_the_actors_of_the_clause(figures: Callable[..., list[FigureSpan]]) -> None:
    f = one(figures("China pledged $5 billion in aid to Pakistan."), "$5 billion")
    assert f.quantity == "aid"
    assert {a.country for a in f.subject} == {"CHN", "PAK"}
    assert [a.country for a in one(figures("Russia's exports fell 15%."), "15%").subject] == ["RUS"]
    assert one(figures("Exports fell 15%."), "15%").subject == ()


def test_figures_subject_leaves_out_a_reporting_clause_and_places(figures: Callable[..., list[FigureSpan]]) -> None:
    f = one(figures("Germany said that trade with Japan reached $5 billion."), "$5 billion")
    assert "DEU" not in {a.country for a in f.subject}
    f = one(figures("Talks in Moscow produced 12 agreements."), "12 agreements")
    assert f.subject == ()  # 'in Moscow' is a place


def test_figures_subject_of_a_plural_mention_and_a_shared_subject(figures: Callable[..., list[FigureSpan]]) -> None:
    found = figures("Xi Jinping and Vladimir Putin met in Moscow. The two leaders signed 14 agreements.")
    assert [a.country for a in one(found, "14 agreements").subject] == ["CHN", "RUS"]
    f = one(figures("China signed deals and pledged $5 billion to Kenya."), "$5 billion")
    assert [a.country for a in f.subject] == ["CHN", "KEN"]  # 'pledged' shares the subject of 'signed'


# --- period ----------------------------------------------------------------------------------------------
def test_figures_period_is_the_governing_date(figures: Callable[..., list[FigureSpan]]) -> None:
    f = one(figures("The volume of trade in 2023 reached $240 billion."), "$240 billion")
    assert f.period is not None and (f.period.first, f.period.last) == (date(2023, 1, 1), date(2023, 12, 31))
    f = one(figures("Exports rose 15% this year."), "15%")
    assert f.period is not None and (f.period.first, f.period.last) == (date(2024, 1, 1), date(2024, 12, 31))
    assert one(figures("Exports rose 15%."), "15%").period is None


def test_figures_period_since_runs_to_publication(figures: Callable[..., list[FigureSpan]]) -> None:
    f = one(figures("Trade has grown 20% since last year."), "20%")
    assert f.period is not None
    assert (f.period.first, f.period.last, f.period.text) == (date(2023, 1, 1), PUBLISHED, "since last year")
    f = one(figures("Trade has grown 20% since 2019.", published=None), "20%")
    assert f.period is not None and (f.period.first, f.period.last) == (date(2019, 1, 1), date(2019, 12, 31))


def test_figures_period_picks_the_nearest_date(figures: Callable[..., list[FigureSpan]]) -> None:
    found = figures("The volume of trade in 2023 reached $240 billion, up 3.5% since last year.")
    periods = {f.text: f.period.text if f.period else None for f in found}
    assert periods == {"$240 billion": "2023", "3.5%": "since last year"}


# --- offsets and the component ---------------------------------------------------------------------------
def test_figures_offsets_cover_bound_and_unit(figures: Callable[..., list[FigureSpan]]) -> None:
    text = "\n\nIn fact, Beijing invested more than $160 billion, and up to 500 troops (about 1.5%) left."
    found = figures(text)
    assert [f.text for f in found] == ["more than $160 billion", "up to 500 troops", "about 1.5%"]
    assert all(text[f.start_char : f.end_char] == f.text for f in found)


def test_figures_component_sets_the_doc_extension(extractor: geopol.Extractor) -> None:
    assert Doc.has_extension("geopol_figures")
    component = extractor.nlp.create_pipe("geopol_figures")
    assert isinstance(component, FigureComponent)
    doc = extractor.nlp("Iran enriched uranium to 60%.")
    doc._.geopol_figures = None
    assert [f.text for f in component(doc)._.geopol_figures] == ["60%"]
    assert find_figures(doc) == doc._.geopol_figures


def test_figures_without_actor_mentions_or_publication_date(extractor: geopol.Extractor) -> None:
    doc = extractor.nlp.make_doc("Trade grew 20% this year.")
    for name, proc in extractor.nlp.pipeline:
        if not name.startswith("geopol_") or name in ("geopol_paragraphs", "geopol_attributes"):  # the parse only
            doc = proc(doc)
    [f] = find_figures(doc)
    assert (f.text, f.subject, f.period) == ("20%", (), None)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 ,.-$€%abkmnorstuhd~", max_size=40))
def test_figures_scanner_offsets_stay_inside_the_text(text: str) -> None:
    for raw in default_scanner().scan(text, 3, max(3, len(text) - 2)):
        assert 0 <= raw.start <= raw.core_start < raw.core_end <= raw.end <= len(text)
        assert raw.core_start >= 3 and raw.core_end <= len(text) - 2
        assert raw.upper is None or raw.upper > raw.value


# --- the data files ----------------------------------------------------------------------------------------
def test_figures_every_data_row_parses() -> None:
    tables = build_tables(FIGURES)
    kinds = {f.kind for f in tables.forms}
    assert kinds == {"currency", "unit", "scale", "number", "uncounted"}
    assert tables.lookup("currency", "yuan").unit == "CNY"  # type: ignore[union-attr]
    assert tables.lookup("currency", "US$").unit == "USD"  # type: ignore[union-attr]
    assert tables.lookup("unit", "bcm").factor == 1e9  # type: ignore[union-attr]
    assert tables.lookup("scale", "BN").factor == 1e9  # type: ignore[union-attr]
    assert tables.lookup("currency", "usd") is None  # a code matches only as written
    assert {b.bound for b in tables.bounds} == {"at_least", "at_most", "about", "exact", "range"}
    assert Scanner.build(tables).pattern.pattern


BAD_ROWS = [
    pytest.param("units.tsv", "zloty\tcurrency\tzl\t\tafter", "ISO 4217", id="currency-code"),
    pytest.param("units.tsv", "furlong\tmeasure\tfur\t\tafter", "kind", id="kind"),
    pytest.param("units.tsv", "lakhs\tscale\t\t\tafter", "factor", id="scale-factor"),
    pytest.param("units.tsv", "gazillion\tscale\t\tlots\tafter", "not a positive number", id="bad-factor"),
    pytest.param("units.tsv", "leagues\tunit\tlea\t\tbefore", "place", id="unit-place"),
    pytest.param("units.tsv", "yuan\tcurrency\tCNY\t\tafter", "duplicate", id="duplicate"),
    pytest.param("units.tsv", "week\tuncounted\t\t7\t", "no factor", id="uncounted-factor"),
    pytest.param("bounds.tsv", "More Than\tat_least\tbefore", "lower case", id="bound-case"),
    pytest.param("bounds.tsv", "circa\tapproximately\tbefore", "bound", id="bound-name"),
    pytest.param("bounds.tsv", "between\trange\tafter", "place", id="range-after"),
]


@pytest.mark.parametrize(("file", "row", "detail"), BAD_ROWS)
def test_figures_bad_data_row_raises_e101(tmp_path: Path, file: str, row: str, detail: str) -> None:
    path = tmp_path / file
    text = (FIGURES / file).read_text(encoding="utf-8").rstrip("\n") + "\n"
    line = len(text.splitlines()) + 1
    path.write_text(text + row + "\n", encoding="utf-8")
    reader = read_units if file == "units.tsv" else read_bounds
    with pytest.raises(GeopolError) as info:
        reader(path)
    assert info.value.code == "E101"
    assert file in info.value.message and f"line {line}:" in info.value.message
    assert detail in info.value.message


def test_figures_a_bare_number_counts_the_noun_of_the_clause_it_is_joined_to(
    figures: Callable[..., list[FigureSpan]],
) -> None:
    """'Two people died and three were wounded', 'arrested 40 protesters, and 12 were charged': the
    bare number, subject of a verb joined to another, counts that verb's counted noun."""
    f = one(figures("Two people died and three were wounded when the bomb exploded in the capital."), "three")
    assert (f.value, f.unit, f.quantity) == (3, "count", "people")
    f = one(figures("Police arrested 40 protesters, and 12 were later charged with rioting."), "12")
    assert (f.value, f.unit, f.quantity) == (12, "count", "protester")
    assert not [f for f in figures("Three said they would stay.") if f.text == "Three"]


def test_figures_a_bare_number_that_suffers_what_is_done_to_people_counts_people(
    figures: Callable[..., list[FigureSpan]],
) -> None:
    """'At least 100 were killed', 'Eleven died': a bare number, passive subject of what is done to
    people or subject of 'died', counts people; 'Three said' counts nothing."""
    f = one(figures("At least 100 were killed in the clashes on Monday."), "At least 100")
    assert (f.value, f.unit, f.quantity, f.bound) == (100, "count", "people", "at_least")
    f = one(figures("Eleven died in the attack on the prison."), "Eleven")
    assert (f.unit, f.quantity) == ("count", "people")
    assert not [f for f in figures("Three said they would stay.") if f.text == "Three"]


def test_figures_a_bare_number_a_tally_reaches_counts_what_the_tally_counts(
    figures: Callable[..., list[FigureSpan]],
) -> None:
    """'The death toll rose to 45', 'the number of arrests reached 120': the subject of the level
    verb counts; 'prices rose to 45' is no count."""
    f = one(figures("The death toll rose to 45 on Tuesday."), "45")
    assert (f.value, f.unit, f.quantity) == (45, "count", "death toll")
    f = one(figures("The number of arrests reached 120 by Friday."), "120")
    assert f.unit == "count"
    assert not [f for f in figures("Prices rose to 45 on Tuesday.") if f.text == "45"]


def test_figures_what_an_attack_does_to_people_counts_people(figures: Callable[..., list[FigureSpan]]) -> None:
    """'The blast killed 30', 'left 12 dead and 40 wounded': the object of what is done to people,
    and the number a blast leaves dead or wounded, count people."""
    f = one(figures("The blast killed 30 in the market on Monday."), "30")
    assert (f.unit, f.quantity) == ("count", "people")
    found = figures("The attack left 12 dead and 40 wounded, the health ministry said.")
    assert (one(found, "12").quantity, one(found, "40").quantity) == ("people", "people")


def test_figures_a_number_of_a_plural_noun_counts_it(figures: Callable[..., list[FigureSpan]]) -> None:
    """'Three of the victims', '12 of the 100 senators': the partitive noun is what is counted."""
    f = one(figures("Three of the victims were children, police said."), "Three of the victims")
    assert (f.value, f.unit, f.quantity) == (3, "count", "victim")
    f = one(figures("Twelve of the 100 senators were absent on Tuesday."), "Twelve of the 100 senators")
    assert (f.value, f.quantity) == (12, "senator")


def test_figures_a_participle_or_a_name_between_the_number_and_its_noun(
    figures: Callable[..., list[FigureSpan]],
) -> None:
    """'1,279 confirmed cases', '22 sold units', '62 Tesco outlets', and '1,217 pledged delegates',
    which the parser reads as a clause ('1,217 pledged')."""
    f = one(figures("There were at least 1,279 confirmed cases in the country."), "at least 1,279 confirmed cases")
    assert (f.value, f.unit, f.bound, f.quantity) == (1279, "count", "at_least", "case")
    assert one(figures("The chain reported 22 sold units last year."), "22 sold units").quantity == "unit"
    assert one(figures("The broadcaster said 62 Tesco outlets had closed."), "62 Tesco outlets").quantity == "outlet"
    f = one(figures("Joe Biden has amassed 1,217 pledged delegates so far."), "1,217 pledged delegates")
    assert (f.value, f.unit, f.quantity) == (1217, "count", "delegate")
    assert figures("Boeing 737 planes were grounded.") == []
    assert (
        figures("Of the 100 workers, 40 joined unions last year.")[0].text == "100 workers"
    )  # '40 joined' is a clause
    assert figures("About 200 attended talks in Geneva.") == []


def test_figures_currency_words_of_more_states(figures: Callable[..., list[FigureSpan]]) -> None:
    f = one(figures("The sale price is 900 million złotys."), "900 million złotys")
    assert (f.value, f.unit) == (900e6, "PLN")
    assert one(figures("The fine was 2 billion forints."), "2 billion forints").unit == "HUF"
    assert one(figures("It costs 500 Kenyan shillings a month."), "500 Kenyan shillings").unit == "KES"


def test_figures_measures_need_a_political_text(extractor: geopol.Extractor) -> None:
    """A physical measure is a figure only in a text with a political event: a storm's wind speed is
    none, a pipeline's length in a dispute is; counts and percentages stay either way."""
    storm = extractor.extract(geopol.Document(id="s", text=(
        "Hurricane Dorian's winds reached 185 mph (295 km/h) near the Abaco Islands. "
        "About 70% of the homes on the island were damaged."), published="2019-09-02"))  # fmt: skip
    assert not storm.events
    assert [(f.text, f.unit) for f in storm.figures] == [("About 70%", "percent")]
    dispute = extractor.extract(geopol.Document(id="d", text=(
        "Russia accused Ukraine of stealing gas from the 2,600 km pipeline."), published="2019-09-02"))  # fmt: skip
    assert dispute.events
    assert ("2,600 km", "km") in [(f.text, f.unit) for f in dispute.figures]
