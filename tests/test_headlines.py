"""geopol_headlines parses a headline in title case or capitals as running text, keeping its text."""

from __future__ import annotations

from collections import Counter

import geopol
from geopol.nlp._headlines import Body, headline_lines, recase
from geopol.nlp.sents import doc_text

BODY = ("The French politician Marine Le Pen said on Monday that Donald Trump would be good for France "
        "and that Hillary Clinton had denounced her party in a speech.")  # fmt: skip


def test_headlines_found_in_title_case_and_capitals_only(extractor: geopol.Extractor) -> None:
    text = "France's Le Pen Backs Trump And Denounces Clinton\nAT LEAST 10 KILLED IN ISTANBUL BLAST\n" + BODY
    doc = extractor.nlp.make_doc(text)
    assert [doc[s:e].text.strip() for s, e in headline_lines(doc)] == [
        "France's Le Pen Backs Trump And Denounces Clinton", "AT LEAST 10 KILLED IN ISTANBUL BLAST"]  # fmt: skip


def test_headline_lines_end_at_every_line_break(extractor: geopol.Extractor) -> None:
    """Line breaks in tokens of their own, with spaces beside them, several in a row, or none at the
    end: each line is the tokens up to its break, as reading every token's text gives it."""
    text = (
        "EU Leaders Meet In Brussels \n  \n\nPOLICE DETAIN FOUR PROTESTERS\n"
        + BODY
        + "\nPeace Talks Resume In Geneva Today"
    )
    doc = extractor.nlp.make_doc(text)
    slow, start = [], 0
    for tok in doc:
        if "\n" in tok.text_with_ws or tok.i == len(doc) - 1:
            slow.append((start, tok.i + 1))
            start = tok.i + 1
    found = headline_lines(doc)
    assert all(line in slow for line in found)
    assert [doc[s:e].text.strip() for s, e in found] == [
        "EU Leaders Meet In Brussels", "POLICE DETAIN FOUR PROTESTERS", "Peace Talks Resume In Geneva Today"]  # fmt: skip
    assert headline_lines(extractor.nlp.make_doc("")) == []


def test_doc_text_is_built_once_and_built_again_for_another_doc(extractor: geopol.Extractor) -> None:
    doc = extractor.nlp.make_doc(BODY)
    assert doc_text(doc) == doc.text
    assert doc_text(doc) is doc_text(doc)  # kept with the Doc
    other = extractor.nlp.make_doc("A shorter text.")
    other.user_data.update(doc.user_data)  # a kept text of another Doc is not taken for this one's
    assert doc_text(other) == "A shorter text."
    assert doc_text(extractor.nlp.make_doc("")) == ""


def test_headlines_words_take_the_case_of_the_article() -> None:
    body = Body({"trump": Counter({"Trump": 3}), "istanbul": Counter({"Istanbul": 1}), "who": Counter({"who": 2}),
                 "unicef": Counter({"UNICEF": 1})}, {"merkel": Counter({"Merkel": 1})}, {"denounce", "kill"})  # fmt: skip
    assert recase("Trump", body) == "Trump"  # as the body writes it
    assert recase("ISTANBUL", body, caps_line=True) == "Istanbul"
    assert recase("UNICEF", body, caps_line=True) == "UNICEF"
    assert recase("Denounces", body) == "denounces"  # the body uses its stem in lower case
    assert recase("KILLED", body, caps_line=True) == "killed"
    assert recase("And", body) == "and"  # a function word
    assert recase("NATO", body, caps_line=True) == "NATO"  # a short word in capitals: an acronym
    assert recase("WHO", body) == "WHO"  # capitals in a title-case line stay, whatever the body
    assert recase("DON'T", body, caps_line=True) == "DON'T"  # one token, where 'don't' is two
    assert recase("Merkel", body) == "Merkel"  # only at a sentence's start in the body, still a name
    assert recase("Backs", body) == "backs"  # no form in the article: running text writes it so
    assert recase("Backs", body, first=True) == "Backs"  # a sentence starts with a capital


def test_headline_parsed_as_the_line_in_running_case(extractor: geopol.Extractor) -> None:
    headline = "France's Marine Le Pen Backs Trump And Denounces Clinton.\n"
    doc = extractor.nlp(headline + BODY)
    assert doc.text == headline + BODY  # the text and the tokens stay as written
    alone = extractor.nlp("France's Marine Le Pen backs Trump and denounces Clinton.\n")
    n = len(alone)
    assert [t.text for t in doc[:n]][5] == "Backs"
    assert [(t.pos_, t.dep_, t.head.i, t.lemma_.lower()) for t in doc[:n]] == [
        (t.pos_, t.dep_, t.head.i, t.lemma_.lower()) for t in alone]  # fmt: skip


def test_headline_first_word_may_be_an_abbreviation(extractor: geopol.Extractor) -> None:
    """'U.S.' is the line's first word: the next one is not at a sentence's start and is recased."""
    doc = extractor.nlp("U.S. Nominates Jim Yong Kim for 2nd Term at World Bank.\n\n"
                        "President Obama on Thursday nominated Jim Yong Kim for a second term.")  # fmt: skip
    assert doc[1].text == "Nominates" and doc[1].pos_ == "VERB"


def test_headline_alone_is_left_as_it_is(extractor: geopol.Extractor) -> None:
    """With no running text to learn the words' case from, nothing is changed."""
    text = "France's Marine Le Pen Backs Trump And Denounces Clinton."
    plain = extractor.nlp.make_doc(text)
    for name, proc in extractor.nlp.pipeline:
        if name == "geopol_headlines":
            break
        plain = proc(plain)
    doc = extractor.nlp(text)
    assert [(t.pos_, t.dep_, t.head.i) for t in doc] == [(t.pos_, t.dep_, t.head.i) for t in plain]


def test_names_in_a_headline_in_capitals_are_matched_as_running_text_writes_them(extractor: geopol.Extractor) -> None:
    """'RUSSIA EXPELS BRITISH DIPLOMATS': the states are matched as the body writes them; a state's
    name the body never writes is still matched as a name ('WHY SENEGAL …'); a short word in
    capitals the body never writes so is no armed group's acronym ('A CAR BOMB' is no 'CAR')."""
    text = ("RUSSIA EXPELS BRITISH DIPLOMATS IN SPY ROW\n"
            "Russia on Monday expelled 23 British diplomats from Moscow in retaliation.")  # fmt: skip
    (res,) = extractor.run([geopol.Document(id="h", text=text, published="2018-03-19")])
    head = [(m.text, m.actor.country) for m in res.actors if m.start < text.index("\n")]
    assert ("RUSSIA", "RUS") in head and ("BRITISH DIPLOMATS", "GBR") in head, head
    text = ("WHY SENEGAL CLAMPS DOWN ON QURANIC SCHOOLS\n"
            "A CAR BOMB EXPLODED NEAR THE MARKET ON MONDAY\n"
            "The campaign is intended to stop some teachers from sending pupils out to beg for money and food. "
            "Dozens of children are beaten, chained or abused while begging, the ministry said in a statement.")  # fmt: skip
    (res,) = extractor.run([geopol.Document(id="h2", text=text, published="2016-08-25")])
    assert ("SENEGAL", "SEN") in [(m.text, m.actor.country) for m in res.actors]
    assert all(m.actor.country is None for m in res.actors if m.text == "CAR")
