"""End to end: short texts through the session extractor, the output contract, and offsets."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geopol
from geopol import PLOVER_TYPES, Document, read_paths
from geopol.records import DocError, DocResult, Event

from .conftest import SEEDS_CORPUS, shared_file

FORMAT_KEYS = {"id", "status", "actors", "events", "claims", "figures"}
EVENT_KEYS = {"type", "mode", "context", "source", "target", "reciprocal", "trigger", "sentence", "negated",
              "hypothetical", "future", "certainty", "attribution", "date", "location", "confidence", "claim",
              "aggregate", "background", "repeats"}  # fmt: skip
CERTAINTIES = {"asserted", "reported", "hedged", "unverified", "denied"}
KINDS = {"state", "person", "org", "igo", "group"}


def run(extractor: geopol.Extractor, text: str, **doc: Any) -> DocResult:
    (result,) = extractor.run([Document(id=doc.pop("id", "t"), text=text, **doc)])
    assert result.ok, result.error
    return result


def only_event(result: DocResult, type_: str) -> Event:
    found = [e for e in result.events if e.type == type_]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in result.events]
    return found[0]


def countries(mentions: tuple[geopol.Mention, ...]) -> set[str | None]:
    return {m.actor.country for m in mentions}


# --- events on short texts ---------------------------------------------------------------------
def test_extract_reciprocal_agreement(extractor: geopol.Extractor) -> None:
    e = only_event(run(extractor, "China and Russia agreed to expand trade."), "AGREE")
    assert e.reciprocal
    assert countries(e.source) | countries(e.target) == {"CHN", "RUS"}
    assert e.trigger.text == "agreed"
    assert not (e.negated or e.hypothetical or e.future)
    assert e.certainty == "asserted"


def test_extract_assault_with_military_sector(extractor: geopol.Extractor) -> None:
    e = only_event(run(extractor, "Russian troops attacked Ukraine on Monday."), "ASSAULT")
    assert not e.reciprocal
    assert [(m.text, m.actor.country, m.actor.sector) for m in e.source] == [("Russian troops", "RUS", "MIL")]
    assert countries(e.target) == {"UKR"}


def test_extract_passive_voice_swaps_roles(extractor: geopol.Extractor) -> None:
    e = only_event(run(extractor, "Kyiv was attacked by Russia."), "ASSAULT")
    assert countries(e.source) == {"RUS"}
    assert countries(e.target) == {"UKR"}


def test_extract_a_noun_events_from_phrase_names_its_doer(extractor: geopol.Extractor) -> None:
    e = only_event(run(extractor, "The request from the United Nations to Iran came on Monday."), "REQUEST")
    assert (countries(e.source), countries(e.target)) == ({"IGO"}, {"IRN"})
    # of other types, 'from' names a place or a thing, never the doer
    for e in run(extractor, "The withdrawal of troops from Syria to Iraq began.").events:
        assert all(m.text != "Syria" for m in e.source)


def test_extract_capital_metonyms_resolve_to_governments(extractor: geopol.Extractor) -> None:
    e = only_event(run(extractor, "Beijing criticised Washington."), "ACCUSE")
    (src,), (tgt,) = e.source, e.target
    assert (src.text, src.actor.country, src.actor.sector, src.how) == ("Beijing", "CHN", "GOV", "metonym")
    assert (tgt.text, tgt.actor.country, tgt.actor.sector, tgt.how) == ("Washington", "USA", "GOV", "metonym")


def test_extract_person_resolves_to_country(extractor: geopol.Extractor) -> None:
    result = run(extractor, "Xi Jinping met Vladimir Putin in Moscow.", published=None)
    by_text = {m.text: m.actor for m in result.actors}
    assert by_text["Xi Jinping"].country == "CHN" and by_text["Xi Jinping"].kind == "person"
    assert by_text["Vladimir Putin"].country == "RUS"
    assert by_text["Xi Jinping"].wikidata == "Q15031"


def test_extract_negation(extractor: geopol.Extractor) -> None:
    e = only_event(run(extractor, "China did not condemn Russia."), "ACCUSE")
    assert e.negated
    assert countries(e.source) == {"CHN"} and countries(e.target) == {"RUS"}


def test_extract_hypothetical(extractor: geopol.Extractor) -> None:
    e = only_event(run(extractor, "The United States could impose sanctions on Iran."), "SANCTION")
    assert e.hypothetical and not e.negated
    assert countries(e.source) == {"USA"} and countries(e.target) == {"IRN"}


@pytest.mark.parametrize(
    ("text", "hypothetical", "certainty"),
    [
        ("Russia may have attacked Ukrainian positions on Monday.", False, "hedged"),
        ("Russian troops might have attacked Ukrainian positions on Monday.", False, "hedged"),
        ("Russia would have attacked Ukrainian positions.", True, "asserted"),
        ("If Russia had invaded, NATO might have attacked Russian troops.", True, "asserted"),
    ],
)
def test_extract_may_have_is_hedged_unless_counterfactual(
    extractor: geopol.Extractor, text: str, hypothetical: bool, certainty: str
) -> None:
    # the coding rules: 'may have' hedges a past event (certainty hedged); 'would have' and a
    # condition make it counterfactual (hypothetical)
    e = only_event(run(extractor, text), "ASSAULT")
    assert (e.hypothetical, e.certainty) == (hypothetical, certainty)


def test_extract_future(extractor: geopol.Extractor) -> None:
    e = only_event(run(extractor, "Xi Jinping will visit Moscow next week."), "CONSULT")
    assert e.future and not e.negated and not e.hypothetical
    assert countries(e.source) == {"CHN"} and countries(e.target) == {"RUS"}


def test_extract_no_event_in_neutral_text(extractor: geopol.Extractor) -> None:
    result = run(extractor, "The weather in the region was mild and the markets were quiet on the day.")
    assert result.events == ()


def test_parsed_leaves_out_rejected_documents_and_keeps_indices(extractor: geopol.Extractor) -> None:
    docs = [Document(id="a", text="China and Russia agreed to expand trade."), Document(id="empty", text="   "),
            Document(id="b", text="\u201cIran\u201d   condemned the strike.")]  # fmt: skip
    out = list(extractor.parsed((d for d in docs), batch_size=2))  # a stream will do
    assert [k for k, _, _ in out] == [0, 2]  # the empty document is left out, the others keep their place
    for k, aligned, sdoc in out:
        assert sdoc.text == aligned.text and aligned.original == docs[k].text
        assert any(m.text == ("China" if k == 0 else "Iran") for m in sdoc.ents)  # run through the pipeline


def test_extract_offsets_refer_to_original_text_after_cleaning(extractor: geopol.Extractor) -> None:
    text = "\u201cChina\u201d   and\u00a0Russia   agreed to expand trade.\n\n\n\nkyiv was attacked by Russia."
    result = run(extractor, text)
    assert_offsets(text, result.as_json())
    mentions = {m.text for m in result.actors}
    assert {"China", "Russia", "kyiv"} <= mentions  # the lower-cased name is found, with its original text


@pytest.mark.parametrize(
    "dateline",
    ["MOSCOW, March 21 \u2014 ", "LONDON (Reuters) - ", "BRUSSELS, Belgium \u2013 ", "NEW YORK, March 21 - ",
     "HONG KONG \u2014 ", "Moscow talks\n", "MOSCOW\n"],
)  # fmt: skip
def test_extract_lead_event_survives_a_dateline_or_headline(extractor: geopol.Extractor, dateline: str) -> None:
    """A line with no final stop before the lead made the parser cut 'China | and Russia agreed…'."""
    result = run(extractor, dateline + "China and Russia agreed on Tuesday to deepen cooperation.")
    e = only_event(result, "AGREE")
    assert countries(e.source) | countries(e.target) == {"CHN", "RUS"}
    assert "Reuters" not in {m.text for m in result.actors}  # the credited agency is no actor


def _paragraphs_by_token(doc: Any) -> list[int]:
    """geopol_paragraphs' rule, token by token: the spec its array version must match."""
    for tok in doc[1:]:
        if "\n" in doc[tok.i - 1].text_with_ws and not tok.is_space:
            tok.is_sent_start = True
        elif tok.is_lower and tok.is_alpha:
            tok.is_sent_start = False
    return [t.sent_start for t in doc]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["China", "and", "Russia", "agreed", ".", "\n", "\n\n", " ", "  ", "BEIJING", "—",
                                 "said", "x", "Moscow:", "(AP)", "'s"]), max_size=40))  # fmt: skip
def test_paragraph_boundaries_match_the_rule_token_by_token(extractor: geopol.Extractor, words: list[str]) -> None:
    from geopol.nlp import paragraph_boundaries

    nlp = extractor.nlp
    text = " ".join(words)
    doc = nlp.make_doc(text)
    for name in nlp.pipe_names[: nlp.pipe_names.index("geopol_paragraphs")]:
        doc = nlp.get_pipe(name)(doc)
    expected = _paragraphs_by_token(doc.copy())
    assert [t.sent_start for t in paragraph_boundaries(doc)] == expected


def test_extract_no_sentence_starts_at_a_lower_case_word(extractor: geopol.Extractor) -> None:
    doc = extractor.nlp("U.S.\nheiress Gloria Vanderbilt died on Monday. It was sudden.")
    assert [s.text.strip() for s in doc.sents] == [
        "U.S.",
        "heiress Gloria Vanderbilt died on Monday.",
        "It was sudden.",
    ]


def test_extract_interview_tag_is_no_actor(extractor: geopol.Extractor) -> None:
    result = run(extractor, "Questions.\n\n((WN)) Given that some key data is missing, what do you think?")
    assert "WN" not in {m.text for m in result.actors}


# --- the output contract -----------------------------------------------------------------------
def test_extract_as_json_has_exactly_the_format_keys(sample_results: list[DocResult]) -> None:
    for r in sample_results:
        line = r.as_json()
        assert set(line) == FORMAT_KEYS
        assert line["status"] == "ok"
        json.dumps(line)  # serialisable as one JSON line
        for e in line["events"]:
            assert set(e) == EVENT_KEYS
            assert e["type"] in PLOVER_TYPES
            assert e["certainty"] in CERTAINTIES
            assert 0 <= e["confidence"] <= 1
            if e["reciprocal"] is False:
                assert e["source"] or e["target"]
        for m in line["actors"]:
            assert {"text", "start", "end", "actor"} <= set(m)
            actor = m["actor"]
            assert set(actor) == {"name", "country", "sector", "kind", "wikidata"}
            assert actor["kind"] in KINDS
            assert actor["country"] is None or len(actor["country"]) == 3 and actor["country"].isupper()


def test_extract_error_line_shape() -> None:
    r = DocResult(document=Document(id="x", text=""), error=DocError("E001", "The document is empty."))
    assert r.as_json() == {"id": "x", "status": "error", "error": {"code": "E001", "message": "The document is empty."}}
    assert not r.ok


def test_extract_sample_corpus_codes_events(sample_results: list[DocResult]) -> None:
    assert len(sample_results) == 14 and all(r.ok for r in sample_results)
    types = {e.type for r in sample_results for e in r.events}
    assert len(types) >= 8
    assert sum(len(r.events) for r in sample_results) >= 30


def test_extract_is_deterministic(extractor: geopol.Extractor, sample_items: list[Any],
                                  sample_results: list[DocResult]) -> None:  # fmt: skip
    again = list(extractor.run(sample_items[:3]))
    assert [r.as_json() for r in again] == [r.as_json() for r in sample_results[:3]]


# --- offsets: text[start:end] == span.text for every span --------------------------------------
def assert_offsets(text: str, line: dict[str, Any]) -> None:
    spans: list[dict[str, Any]] = list(line["actors"])
    for e in line["events"]:
        spans += e["source"] + e["target"] + [e["trigger"]]
        if e["attribution"]:
            spans.append(e["attribution"]["cue"])
            if e["attribution"]["claimant"]:
                spans.append(e["attribution"]["claimant"])
        s = e["sentence"]
        assert 0 <= s["start"] < s["end"] <= len(text), s
        t = e["trigger"]
        assert s["start"] <= t["start"] <= t["end"] <= s["end"], (s, t)
    for c in line["claims"]:
        spans += [c["cue"], c["content"]] + ([c["claimant"]] if c["claimant"] else [])
    for f in line["figures"]:
        spans.append(f)
    for span in spans:
        assert 0 <= span["start"] <= span["end"] <= len(text), span
        assert text[span["start"] : span["end"]] == span["text"], span
        assert span["text"], span


def test_extract_offsets_on_sample_corpus(sample_results: list[DocResult]) -> None:
    for r in sample_results:
        assert_offsets(r.document.text, r.as_json())


def test_extract_offsets_on_seeds_corpus(extractor: geopol.Extractor) -> None:
    path = shared_file(SEEDS_CORPUS)
    results = list(extractor.run(read_paths([path])))
    assert results and all(r.ok for r in results)
    for r in results:
        assert_offsets(r.document.text, r.as_json())


@pytest.fixture(scope="module")
def sample_paragraphs(sample_results: list[DocResult]) -> list[str]:
    return [p for r in sample_results for p in r.document.text.split("\n\n") if p.strip()]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_extract_offsets_on_random_sample_excerpts(
    extractor: geopol.Extractor, sample_paragraphs: list[str], data: st.DataObject
) -> None:
    start = data.draw(st.integers(0, len(sample_paragraphs) - 1))
    n = data.draw(st.integers(1, 3))
    sep = data.draw(st.sampled_from(["\n\n", "\n", " ", "\n\n\n\n"]))
    text = sep.join(sample_paragraphs[start : start + n])
    (r,) = extractor.run([Document(id="x", text=text)])
    if r.ok:
        assert_offsets(text, r.as_json())


FRAGMENTS = [
    "Xi Jinping met Vladimir Putin in Moscow.", "  \u201cQuoted\u201d ", "\n\n", "kyiv", "\n\n\n\n",
    "China and Russia agreed to expand trade.", "Russian troops attacked Ukraine on Monday.", " ", "\t",
    "Kyiv was attacked by Russia.", "Beijing criticised Washington.", "\u2018He said\u2019", "\u00a0", "\u200b",
    "Gang Qinand Putin met.", "The projectFor example", "turkey", "It could impose sanctions on Iran.",
    "lep-life-health-03", "The EU will visit Kyiv.", "\r\n",
]  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10))
def test_extract_offsets_on_texts_built_from_fragments(extractor: geopol.Extractor, parts: list[str]) -> None:
    text = "".join(parts)
    (r,) = extractor.run([Document(id="x", text=text)])
    if r.ok:
        assert_offsets(text, r.as_json())
    else:
        assert r.error is not None and r.error.code in {"E001", "E005"}


# --- when and where ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "published", "start", "end", "place", "country"),
    [
        ("Chinese President Xi Jinping will be in Moscow from March 20 to 22.", "2023-03-17", "2023-03-20",
         "2023-03-22", "Moscow", "RUS"),
        ("Israeli jets struck targets in Damascus on Monday.", "2024-04-02", "2024-04-01", "2024-04-01",
         "Damascus", "SYR"),
        ("China and Russia held talks in Beijing in February 2022.", "2023-03-17", "2022-02-01", "2022-02-28",
         "Beijing", "CHN"),
    ],
)  # fmt: skip
def test_extract_event_date_and_place_from_the_trigger(extractor: geopol.Extractor, text: str, published: str,
                                                       start: str, end: str, place: str, country: str) -> None:  # fmt: skip
    r = extractor.extract(Document("t", text, published=date.fromisoformat(published)))
    e = r.events[0]
    assert e.date is not None and (e.date.start, e.date.end) == (start, end)
    assert e.location is not None and (e.location.text, e.location.country) == (place, country)


def test_extract_no_date_is_null_not_the_publication_date(extractor: geopol.Extractor) -> None:
    r = extractor.extract(Document("t", "Russia attacked Ukraine. All issues related to the war in Ukraine "
                                   "were coordinated with Moscow.", published=date(2023, 3, 1)))  # fmt: skip
    assert r.events and all(e.date is None for e in r.events)
    assert all(e.location is None for e in r.events)  # 'the war in Ukraine' is not where they coordinated


# --- documents built in Python -------------------------------------------------------------------
@pytest.mark.parametrize("published", ["2023-03-21", "2023-03-21T08:00:00Z", datetime(2023, 3, 21, 8)])
def test_extract_document_published_as_string_or_datetime_is_a_date(
    extractor: geopol.Extractor, published: Any
) -> None:
    doc = Document(id="p", text="China and Russia agreed on Tuesday to deepen cooperation.", published=published)
    assert doc.published == date(2023, 3, 21)
    (e,) = run(extractor, doc.text, published=published).events
    assert e.date is not None and e.date.start == "2023-03-21"


@pytest.mark.parametrize("published", ["yesterday", "2023-13-01", 20230321])
def test_extract_document_with_a_bad_published_value_is_e302(published: Any) -> None:
    with pytest.raises(geopol.GeopolError) as info:
        Document(id="p", text="China met Russia.", published=published)
    assert info.value.code == "E302"
