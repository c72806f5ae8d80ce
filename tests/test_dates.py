"""Date expressions resolved against the publication date (and the document's conflict)."""

from __future__ import annotations

from datetime import date

import pytest

import geopol
from geopol.nlp import document_conflict, find_dates

PUBLISHED = date(2024, 5, 15)


@pytest.mark.parametrize(
    ("text", "expected", "first", "last", "granularity"),
    [
        ("It opened on 2023-03-20.", "2023-03-20", "2023-03-20", "2023-03-20", "day"),
        ("He will be in Moscow from March 20 to 22.", "March 20 to 22", "2024-03-20", "2024-03-22", "day"),
        ("They met on 12 March 2019.", "12 March 2019", "2019-03-12", "2019-03-12", "day"),
        ("They met in February 2022.", "February 2022", "2022-02-01", "2022-02-28", "month"),
        ("They met in June.", "June", "2023-06-01", "2023-06-30", "month"),  # a month still to come: last year
        ("Trade grew in 2023.", "2023", "2023-01-01", "2023-12-31", "year"),
        ("Australia said last year it was theft.", "last year", "2023-01-01", "2023-12-31", "year"),
        ("Most investment will come this year.", "this year", "2024-01-01", "2024-12-31", "year"),
        ("The minister resigned yesterday.", "yesterday", "2024-05-14", "2024-05-14", "day"),
        (
            "Over the past 14 years, they have met 40 times.",
            "Over the past 14 years",
            "2010-05-15",
            "2024-05-15",
            "year",
        ),
        ("In the last three months it rained.", "In the last three months", "2024-02-14", "2024-05-15", "month"),
        # relative months and weeks (2024-05-15 is a Wednesday)
        ("Washington expanded its sanctions last month.", "last month", "2024-04-01", "2024-04-30", "month"),
        ("Prices rose this month.", "this month", "2024-05-01", "2024-05-31", "month"),
        ("Talks resume next month.", "next month", "2024-06-01", "2024-06-30", "month"),
        ("The EU acted earlier this month.", "earlier this month", "2024-05-01", "2024-05-15", "month"),
        ("He will visit later this year.", "later this year", "2024-05-15", "2024-12-31", "year"),
        ("They met last week.", "last week", "2024-05-06", "2024-05-12", "week"),
        ("Voting ends next week.", "next week", "2024-05-20", "2024-05-26", "week"),
        ("Troops arrived earlier this week.", "earlier this week", "2024-05-13", "2024-05-15", "week"),
        ("In mid-July, the president commuted the sentence.", "July", "2023-07-01", "2023-07-31", "month"),
        ("The deal was brokered in mid August.", "August", "2023-08-01", "2023-08-31", "month"),
    ],
)
def test_dates_resolve_against_publication(text: str, expected: str, first: str, last: str, granularity: str) -> None:
    (d,) = find_dates(text, PUBLISHED)
    assert (d.text, d.first.isoformat(), d.last.isoformat(), d.granularity) == (expected, first, last, granularity)
    assert text[d.start_char : d.end_char] == d.text


def test_dates_relative_without_anchor_are_left_out() -> None:
    assert find_dates("They met last year.", None) == []


def test_dates_day_of_the_war_counts_from_the_documents_conflict() -> None:
    text = "Before the war in Ukraine began, Beijing expected Kyiv to fall on the third day of the war."
    conflict = document_conflict(text, PUBLISHED)
    assert conflict is not None and conflict.start == date(2022, 2, 24)
    dates = find_dates(text, PUBLISHED, conflict=conflict)
    (d,) = [d for d in dates if "war" in d.text]
    assert (d.text, d.first, d.granularity) == ("on the third day of the war", date(2022, 2, 26), "day")
    assert find_dates("on the third day of the war", PUBLISHED) == []  # no conflict named: no date


def test_dates_conflict_must_have_begun_before_publication() -> None:
    assert document_conflict("The war in Ukraine may come.", date(2020, 1, 1)) is None


def test_event_date_is_never_a_date_that_bounds_a_period(extractor: geopol.Extractor) -> None:
    text = (
        "Prime Minister Narendra Modi and President Xi Jinping met in the Russian city of Kazan last month, "
        "their first formal talks since 2019."
    )
    (event,) = extractor.extract(geopol.Document("d", text, published=date(2024, 11, 19))).events
    assert event.type == "CONSULT"
    assert event.date is not None and (event.date.text, event.date.start) == ("last month", "2024-10-01")


def _sentence_dates(extractor: geopol.Extractor, text: str) -> list[tuple[str, str]]:
    from geopol.nlp import sentence_dates

    doc = extractor.nlp.make_doc(text)
    doc._.geopol_date = PUBLISHED
    doc = extractor.nlp(doc)
    return [(d.text, d.first.isoformat()) for sent in doc.sents for d in sentence_dates(doc, sent)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops crossed the border on 3 May 2024. Kyiv protested the same day.",
         [("3 May 2024", "2024-05-03"), ("the same day", "2024-05-03")]),
        ("Police detained him on Friday. The next day, a court charged him.",
         [("on Friday", "2024-05-10"), ("The next day", "2024-05-11")]),
        ("The talks opened on May 6. Two days later the sides signed a truce; the day before, shelling had stopped.",
         [("May 6", "2024-05-06"), ("Two days later", "2024-05-08"), ("the day before", "2024-05-07")]),
        ("Later that day, officials met.", []),  # no day told before: no date
        ("The talks opened in March. The next day, the sides signed a truce.", [("March", "2024-03-01")]),
        ("The vote was on 7 May 2024. Protests began the day after the vote.", [("7 May 2024", "2024-05-07")]),
        # 'that' as a conjunction tells no day
        ("Police came on Friday. Officials said that morning prayers were cancelled.", [("on Friday", "2024-05-10")]),
        ("The talks opened on May 6. Some 99999999 days later nothing was left.", [("May 6", "2024-05-06")]),
    ],
)  # fmt: skip
def test_dates_told_back_to_count_from_the_day_the_text_named_last(
    extractor: geopol.Extractor, text: str, expected: list[tuple[str, str]]
) -> None:
    assert _sentence_dates(extractor, text) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # the verb a trigger completes, or whose object it describes, places it in time
        ("Last Friday, the Tunisian prime minister signed a decree banning the veil.", "banning", "Last Friday"),
        ("In mid-August, Kushner helped broker a deal between Israel and the UAE.", "broker", "August"),
        # a relative or content clause below the trigger has its own time, and so does an intent
        ("Bolton claims Trump asked Xi for help in 2020.", "claims", None),
        ("On Monday, Russia threatened to strike Kyiv.", "strike", None),
    ],
)
def test_event_date_comes_from_the_verb_that_places_the_trigger(
    extractor: geopol.Extractor, text: str, trigger: str, expected: str | None
) -> None:
    from geopol.events._when_where import event_date
    from geopol.nlp import sentence_dates

    doc = extractor.nlp.make_doc(text)
    doc._.geopol_date = PUBLISHED
    doc = extractor.nlp(doc)
    (anchor,) = [t for t in doc if t.text == trigger]
    found = event_date(doc, anchor, sentence_dates(doc, anchor.sent))
    assert (found.text if found else None) == expected


def test_event_place_is_not_the_place_of_the_verb_above(extractor: geopol.Extractor) -> None:
    from geopol.actors import mentions_of, token_index
    from geopol.events._when_where import event_place

    doc = extractor.nlp("Putin agreed in Geneva to withdraw troops from the border.")
    index = token_index(mentions_of(doc))
    withdraw = next(t for t in doc if t.lemma_ == "withdraw")
    agree = next(t for t in doc if t.lemma_ == "agree")
    assert event_place(doc, withdraw, index) is None
    place = event_place(doc, agree, index)
    assert place is not None and place.name == "Geneva"
