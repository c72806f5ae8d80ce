"""Claims (who said, promised, denied or assessed what) and how they make events reported,
hedged, unverified or denied: short hand-written sentences, tricky ones included."""

from __future__ import annotations

from datetime import date

import pytest

import geopol
from geopol.records import Claim, DocResult, Document, Event

PUBLISHED = date(2024, 5, 15)


def run(extractor: geopol.Extractor, text: str) -> DocResult:
    (result,) = extractor.run([Document(id="t", text=text, published=PUBLISHED)])
    assert result.ok, result.error
    return result


def only_claim(result: DocResult) -> Claim:
    assert len(result.claims) == 1, [(c.cue.text, c.content.text) for c in result.claims]
    return result.claims[0]


def event(result: DocResult, type_: str) -> Event:
    found = [e for e in result.events if e.type == type_]
    assert len(found) == 1, [(e.type, e.trigger.text) for e in result.events]
    return found[0]


# --- claims ----------------------------------------------------------------------------------
def test_claims_reported_speech_with_that(extractor: geopol.Extractor) -> None:
    r = run(extractor, "Russia said that its troops attacked the Ukrainian village.")
    c = only_claim(r)
    assert (c.cue.text, c.content.text, c.kind) == ("said", "its troops attacked the Ukrainian village", "speech")
    assert c.claimant is not None and c.claimant.actor.country == "RUS"
    assert c.certainty == "reported" and not c.negated


def test_claims_a_person_in_apposition_speaks_for_the_noun(extractor: geopol.Extractor) -> None:
    """ "Britain's transport secretary, Grant Shapps, announced": Grant Shapps speaks, not Britain;
    a noun that names someone itself stays the claimant ("Britain's foreign secretary")."""
    c = only_claim(run(extractor, "Yesterday, Britain's transport secretary, Grant Shapps, announced that "
                                  "masks would become compulsory on buses."))  # fmt: skip
    assert c.claimant is not None and c.claimant.text == "Grant Shapps"
    c = only_claim(run(extractor, "Britain's foreign secretary said that the talks would resume."))
    assert c.claimant is not None and c.claimant.text == "Britain's foreign secretary"


def test_claims_a_trailing_relative_clause_is_part_of_what_was_said(extractor: geopol.Extractor) -> None:
    text = "Figueroa said the candidate was headed to the interviews, which she was giving when police stopped her."
    c = only_claim(run(extractor, text))
    assert c.content.text == "the candidate was headed to the interviews, which she was giving when police stopped her"


def test_claims_a_demand_reports_what_is_asked_for(extractor: geopol.Extractor) -> None:
    """'called for', 'urged', 'demanded' (kind demand): the content is what is asked for, with whom
    it is asked of when an infinitive follows; a bare 'called' is no demand."""
    c = only_claim(run(extractor, "In July, the NAACP called for a moratorium on charter schools."))
    assert (c.cue.text, c.content.text, c.kind) == ("called", "a moratorium on charter schools", "demand")
    c = only_claim(run(extractor, "The French president urged Iran to return to the talks."))
    assert (c.content.text, c.kind) == ("Iran to return to the talks", "demand")
    assert c.claimant is not None and c.claimant.actor.country == "FRA"
    c = only_claim(run(extractor, "Protesters demanded the release of the detained journalists."))
    assert c.content.text == "the release of the detained journalists"
    assert not run(extractor, "The band leader called the senators to the stage.").claims


def test_claims_a_report_runs_on_through_sentences_of_no_attribution_of_their_own(extractor: geopol.Extractor) -> None:
    """'According to X, Y. The shelling continued …': 'continued' is no verb of saying, so the
    report runs on; a sentence with its own speaker ends it."""
    text = ("According to the Ukrainian defence ministry, Russian troops shelled Kharkiv overnight. "
            "The shelling continued into the morning and damaged two hospitals.")  # fmt: skip
    c = only_claim(run(extractor, text))
    assert c.content.text.endswith("damaged two hospitals")


def test_claims_more_verbs_of_saying_with_a_clause(extractor: geopol.Extractor) -> None:
    """'pointed out that', 'mentioned that' report a clause; 'agreed that' is an agreement (an AGREE
    event), no claim."""
    c = only_claim(run(extractor, "The senator pointed out that the bill had failed twice."))
    assert (c.cue.text, c.content.text) == ("pointed", "the bill had failed twice")
    c = only_claim(run(extractor, "He mentioned that Iran had tested a missile."))
    assert c.content.text == "Iran had tested a missile"
    assert not run(extractor, "China and Russia agreed that they would never call themselves allies.").claims


def test_claims_a_quotation_signed_with_a_dash_and_a_name(extractor: geopol.Extractor) -> None:
    """Collected quotes: '"…" ― Sonya Herridge' is hers, even when a claim sits inside the quotation;
    a dash before a clause of saying leaves the clause to say who spoke."""
    text = ('Readers wrote in. "He has empowered white racists to be open." ― Sonya Herridge '
            '"During the debate Trump said Hispanics live in hell." ― Pamela Padilla')  # fmt: skip
    r = run(extractor, text)
    signed = sorted((c.claimant.text if c.claimant else None, c.content.text) for c in r.claims if c.cue.text == "―")
    assert signed == [("Pamela Padilla", "During the debate Trump said Hispanics live in hell"),
                      ("Sonya Herridge", "He has empowered white racists to be open")]  # fmt: skip
    assert any(c.cue.text == "said" and c.content.text.startswith("Hispanics") for c in r.claims)
    c = only_claim(run(extractor, '"We will win this war," - Zelensky said on Monday.'))
    assert (c.cue.text, c.claimant.text if c.claimant else None) == ("said", "Zelensky")


def test_claims_a_quotation_after_a_comma_and_one_the_parser_cuts(extractor: geopol.Extractor) -> None:
    """'O'Neill said, "…"' introduces the quotation as a colon would; a quotation the parser cuts at
    its question mark is still what the speaker after it said, and its 'not' is no denial."""
    c = only_claim(run(extractor, 'Asked about the device, O\'Neill said, "Not going to go into that."'))
    assert (c.content.text, c.claimant.text if c.claimant else None) == ("Not going to go into that", "O'Neill")
    c = only_claim(run(extractor, '"Are we where we need to be? Probably not," Ms. Moore said.'))
    assert c.content.text == "Are we where we need to be? Probably not" and not c.negated
    # a quotation of whole sentences hands itself to no clause after it
    text = '"We will not stop. The operation will go on until the end." Ukrainian forces advanced on Monday.'
    assert not run(extractor, text).claims


def test_claims_the_claimant_is_never_a_name_inside_a_clause_about_them(extractor: geopol.Extractor) -> None:
    """'Schiff, who has served on the Intelligence Committee, told …': the committee is in a clause
    about the speaker, not the speaker."""
    text = "Schiff, who has served on the Intelligence Committee for a decade, told reporters that Russia hacked the party."
    c = only_claim(run(extractor, text))
    assert c.claimant is not None and c.claimant.text == "Schiff"


def test_claims_quote_before_the_speaker(extractor: geopol.Extractor) -> None:
    c = only_claim(run(extractor, "China will not abandon Russia, Wang Yi said on Monday."))
    assert c.content.text == "China will not abandon Russia"
    assert c.claimant is not None and c.claimant.actor.name == "Wang Yi"


def test_claims_a_quotation_split_by_its_speaker_is_one_claim(extractor: geopol.Extractor) -> None:
    """'"A," he said, "B."': the parse makes 'said' a side clause of B and gives it no content; the
    claim is the whole quotation, in two parts, even when one half is short."""
    text = '"If the sanctions stay," Lavrov said on Tuesday, "Russia will answer in kind."'
    c = only_claim(run(extractor, text))
    assert c.cue.text == "said" and c.claimant is not None and c.claimant.actor.country == "RUS"
    assert c.content.text.startswith("If the sanctions stay") and c.content.text.endswith("answer in kind")
    c = only_claim(run(extractor, '"My hope," Merkel said, "is that both sides return to the talks."'))
    assert c.content.text.startswith("My hope") and c.content.text.endswith("return to the talks")
    # a quoted phrase inside the reported clause is no split quotation: the clause is the content
    c = only_claim(run(extractor, 'Their "strategic ties," he said, are over.'))
    assert c.content.text.startswith("Their") and c.content.text.endswith("are over")


def test_claims_a_quoted_question_before_its_speaker_is_what_was_said(extractor: geopol.Extractor) -> None:
    """'"…?" Clinton said.': the question mark ends the sentence for the parser, and 'said' is left
    with no content; the quotation before it is the content, and one that follows continues it."""
    text = '"How many times must we see this?" Clinton said. "This is just unbearable, and it must end."'
    c = only_claim(run(extractor, text))
    assert c.claimant is not None and c.claimant.text == "Clinton"
    assert c.content.text.startswith("How many times") and c.content.text.endswith("it must end")
    c = only_claim(run(extractor, '"Stop the war now!" Zelensky told the crowd in Kyiv on Monday.'))
    assert (c.cue.text, c.content.text) == ("told", "Stop the war now!")
    # a quoted question that is the subject of its own sentence was said by no one
    assert not run(extractor, '"Why did Russia invade?" is the question many ask.').claims


def test_claims_a_split_quotation_joined_by_but(extractor: geopol.Extractor) -> None:
    text = '"We respect Iran," Pompeo said, but "its missile tests must stop before any talks."'
    c = only_claim(run(extractor, text))
    assert c.content.text.startswith("We respect Iran") and c.content.text.endswith("before any talks")


def test_claims_a_speech_clause_set_off_by_commas_reports_the_clause_around_it(extractor: geopol.Extractor) -> None:
    """'Acts of protest, Mr. Obama said, are acts of patriotism': the content is the clause around
    'Mr. Obama said', in two parts."""
    c = only_claim(run(extractor, "The sanctions, the Kremlin said, will not change Russia's course."))
    assert c.cue.text == "said" and c.claimant is not None and c.claimant.actor.country == "RUS"
    assert c.content.text.startswith("The sanctions") and c.content.text.endswith("Russia's course")
    assert c.parts is not None and [p.text for p in c.parts] == ["The sanctions", "will not change Russia's course"]
    c = only_claim(run(extractor, "The ceasefire held, the army said, until the rebels attacked a checkpoint."))
    assert c.content.text.startswith("The ceasefire held") and c.content.text.endswith("attacked a checkpoint")


def test_claims_a_gerund_of_speech_after_by_is_the_main_subjects_claim(extractor: geopol.Extractor) -> None:
    c = only_claim(run(extractor, "Obama responded to the senators on Wednesday by saying the sanctions would stay."))
    assert (c.cue.text, c.content.text) == ("saying", "the sanctions would stay")
    assert c.claimant is not None and c.claimant.actor.name == "Barack Obama"
    # 'criticized X for saying': X said it, not the critics; left alone
    assert all(
        c.cue.text != "saying" for c in run(extractor, "They criticized Oz for saying that coffee was a cure.").claims
    )


def test_claims_a_headline_that_opens_with_a_name_and_a_colon(extractor: geopol.Extractor) -> None:
    """'Pence: Flowers Won't Be at Debate' is what Pence said; an interview's turns below the
    headline ('L'Express: Why …?', 'Zhao Tong: …') are not claims, nor is 'Update: …'."""
    text = "Lavrov: Russia Will Not Leave the Talks\n\nSergei Lavrov spoke in Moscow on Monday."
    c = next(c for c in run(extractor, text).claims if c.cue.text == ":")
    assert c.content.text == "Russia Will Not Leave the Talks" and c.claimant is not None
    text = "Talks end\n\nLe Monde: Why did the talks fail?\n\nZhao Tong: China and Russia share the same reading of it."
    assert not run(extractor, text).claims
    assert not run(extractor, "Update: The talks ended on Monday.\n\nObama left.").claims


def test_claims_according_to_read_as_the_sentences_root(extractor: geopol.Extractor) -> None:
    """The parser sometimes makes 'According' the root and the rest an apposition of the source:
    what follows the source's comma is still the content."""
    text = "According to conservative talk radio host Rush Limbaugh, the move reeks of fear and desperation."
    c = only_claim(run(extractor, text))
    assert c.content.text == "the move reeks of fear and desperation"
    assert c.claimant is not None and c.claimant.text.endswith("Rush Limbaugh")


def test_claims_as_x_explains(extractor: geopol.Extractor) -> None:
    text = "As Zhao Tong, a researcher, explains to reporters, Beijing keeps its opposition to the United States."
    c = only_claim(run(extractor, text))
    assert c.cue.text == "explains"
    assert c.content.text == "Beijing keeps its opposition to the United States"
    assert c.claimant is not None and c.claimant.text == "Zhao Tong"


def test_claims_according_to_reports_in_media(extractor: geopol.Extractor) -> None:
    c = only_claim(run(extractor, "According to reports in major Western media, Iran sent drones to Russia."))
    assert c.cue.text == "According to reports" and c.kind == "source"
    assert c.claimant is not None and c.claimant.text == "major Western media"
    assert c.content.text == "Iran sent drones to Russia"


def test_claims_promise_and_threat_take_an_infinitive(extractor: geopol.Extractor) -> None:
    c = only_claim(run(extractor, "China pledged to send aid to Pakistan."))
    assert (c.kind, c.content.text) == ("promise", "to send aid to Pakistan")
    c = only_claim(run(extractor, "Iran threatened to close the Strait of Hormuz."))
    assert (c.kind, c.content.text) == ("threat", "to close the Strait of Hormuz")


def test_claims_assessment(extractor: geopol.Extractor) -> None:
    c = only_claim(run(extractor, "The United States described the Russian attack on Ukraine as barbaric."))
    assert c.kind == "assessment"
    assert c.content.text == "the Russian attack on Ukraine as barbaric"


def test_claims_denial_of_a_report_is_negated_and_nested(extractor: geopol.Extractor) -> None:
    r = run(extractor, "Moscow denied reports that Russian troops had attacked Ukrainian soldiers.")
    outer, inner = sorted(r.claims, key=lambda c: c.content.start)
    assert outer.kind == "denial" and outer.negated and outer.content.text.startswith("reports that")
    assert outer.claimant is not None and outer.claimant.actor.country == "RUS"
    assert inner.claimant is None and inner.content.text == "Russian troops had attacked Ukrainian soldiers"
    e = event(r, "ASSAULT")
    assert e.certainty == "denied"
    assert e.attribution is not None and e.attribution.claimant is not None
    assert e.attribution.claimant.text == "Moscow"  # the outermost claimant
    assert e.claim is not None and r.claims[e.claim] is inner  # the innermost claim


def test_claims_denial_with_a_gerund(extractor: geopol.Extractor) -> None:
    r = run(extractor, "Russia denied attacking the Ukrainian army.")
    assert only_claim(r).content.text == "attacking the Ukrainian army"
    assert event(r, "ASSAULT").certainty == "denied"


def test_claims_negated_speech(extractor: geopol.Extractor) -> None:
    c = only_claim(run(extractor, "Russia did not say that it would withdraw its troops from Ukraine."))
    assert c.negated and c.kind == "speech"


def test_claims_not_made_under_whether_or_if(extractor: geopol.Extractor) -> None:
    r = run(extractor, "Whether or not Putin told Xi that Russia would attack Ukraine, China was ready.")
    assert r.claims == ()


def test_claims_author_voice_is_no_claim(extractor: geopol.Extractor) -> None:
    assert run(extractor, "It is worth noting that Russia needs China.").claims == ()
    assert run(extractor, "This is what we call his Chinese dream.").claims == ()


def test_claims_beliefs_are_off_by_default(extractor: geopol.Extractor) -> None:
    assert run(extractor, "China thinks that a weakened Russia would be less useful.").claims == ()


def test_claims_noun_cue_with_that_clause(extractor: geopol.Extractor) -> None:
    c = only_claim(run(extractor, "Israel's claim that Hamas attacked the hospital was disputed."))
    assert c.cue.text == "claim" and c.content.text == "Hamas attacked the hospital"
    assert c.claimant is not None and c.claimant.actor.country == "ISR"


def test_claims_passive_report_has_no_named_claimant(extractor: geopol.Extractor) -> None:
    r = run(extractor, "It was reported that Russia had expelled two British diplomats.")
    c = only_claim(r)
    assert c.claimant is None and c.content.text == "Russia had expelled two British diplomats"
    assert event(r, "SANCTION").certainty == "reported"


def test_claims_a_passive_speech_verb_never_makes_its_subject_the_speaker(extractor: geopol.Extractor) -> None:
    c = only_claim(run(extractor, "Putin was told that the troops had left."))
    assert c.claimant is None and c.content.text == "the troops had left"  # Putin heard it
    c = only_claim(run(extractor, "The party chairman was said to be furious with the candidate."))
    assert c.claimant is None and (c.cue.text, c.content.text) == ("said", "to be furious with the candidate")
    c = only_claim(run(extractor, "It was announced by the ministry that the border would close."))
    assert c.claimant is not None and c.claimant.text == "ministry"


def test_claims_hearsay_adverbs_pass_on_an_unnamed_report(extractor: geopol.Extractor) -> None:
    r = run(extractor, "The Club for Growth is reportedly spending $1.5 million on advertisements.")
    c = only_claim(r)
    assert (c.claimant, c.cue.text, c.kind, c.certainty) == (None, "reportedly", "hearsay", "hedged")
    assert c.content.text == "The Club for Growth is reportedly spending $1.5 million on advertisements"
    c = only_claim(run(extractor, "Reportedly, Iran sent drones to Russia."))
    assert c.content.text == "Iran sent drones to Russia"
    e = event(run(extractor, "Iran allegedly sent drones to Russia."), "AID")
    assert e.certainty == "hedged" and e.attribution is not None and e.attribution.cue.text == "allegedly"
    # a speech verb the adverb qualifies makes the claim its subject's
    c = only_claim(run(extractor, "Trump reportedly said that the wall would be built."))
    assert c.claimant is not None and c.claimant.text == "Trump" and c.cue.text == "said"


def test_claims_what_was_said_when_the_parse_misreads_it(extractor: geopol.Extractor) -> None:
    # the clause's subject read as the verb's complement
    c = only_claim(run(extractor, "Cruz spoke in Albany. He said legalizing it could put thousands of people to work."))
    assert c.content.text == "legalizing it could put thousands of people to work"
    # a quoted phrase that is no clause
    c = only_claim(run(extractor, 'Nobody took it. "Not even one," he said.'))
    assert c.content.text == "Not even one"
    # the nearest clause before the speech verb, not one ahead of a colon
    c = only_claim(
        run(extractor, 'Rhimes declared the need for will: "Change the world, then change it again," she said.')
    )
    assert c.content.text == "Change the world, then change it again"
    # a title after the speech clause is neither what was said nor the quotation's second half
    r = run(extractor, '"Being a dad, that\'s my job," Weiner said in May on the podcast "Here\'s the Thing."')
    assert only_claim(r).content.text == "Being a dad, that's my job"
    text = ('"Of course we will release our records," Sanders said on CNN\'s "State of the Union" Sunday. '
            '"Thank God, I am very healthy. It is not a problem."')  # fmt: skip
    c = only_claim(run(extractor, text))
    assert c.content.text.startswith("Of course") and c.content.text.endswith("It is not a problem")
    assert c.parts is not None and [p.text for p in c.parts][-1] == "Thank God, I am very healthy. It is not a problem"


def test_claims_a_quotation_handed_to_a_speech_clause_with_an_aside(extractor: geopol.Extractor) -> None:
    text = '"We were wrong not to confront him," Ramos, 58, told AFP in an interview in Mexico City on Monday.'
    c = only_claim(run(extractor, text))
    assert (c.claimant is not None and c.claimant.text, c.cue.text) == ("Ramos", "told")
    assert c.content.text == "We were wrong not to confront him"


def test_claims_a_headline_that_names_a_person_then_a_topic(extractor: geopol.Extractor) -> None:
    text = "Obama To Asians Worried About U.S. Election: It's Going To Be OK\n\nBarack Obama spoke on Wednesday."
    c = only_claim(run(extractor, text))
    assert c.claimant is not None and c.claimant.text == "Obama" and c.content.text == "It's Going To Be OK"
    # not a line that opens with something other than a person
    assert run(extractor, "Poll: Trump Ties Clinton in a Three-Way Contest\n\nThe poll was published.").claims == ()


def test_claims_an_announcement_may_say_its_object_alone(extractor: geopol.Extractor) -> None:
    c = only_claim(run(extractor, "As of Sunday, the surveillance team reported a total of 5667 cases."))
    assert (c.cue.text, c.kind, c.content.text) == ("reported", "announcement", "a total of 5667 cases")
    assert only_claim(run(extractor, "The ministry revealed the plan on Monday.")).content.text == "the plan on Monday"
    assert run(extractor, "The team said hello.").claims == ()  # a verb of saying alone needs a clause


# (text, cue, kind, content): what was said where the parse splits it, reads a clause as an object,
# stops at a colon or runs past a title; documents that read; assessments and demands of more verbs
WHAT_WAS_SAID = [
    ("Tedros said the name had to be easy to say and, to prevent stigma, it must not cite any person.", "said",
     "speech", "the name had to be easy to say and, to prevent stigma, it must not cite any person"),
    ("CalFire said several acres of land burned before the flames were extinguished.", "said", "speech",
     "several acres of land burned before the flames were extinguished"),
    ('Anna Franowska told Reuters "it almost appears as if the statement was prepared in advance".', "told",
     "speech", "it almost appears as if the statement was prepared in advance"),
    ('Putin said: "We will respond."', "said", "speech", "We will respond"),
    ('Their statement also read "the imposition of citizenship violates the principle of self-determination."',
     "read", "speech", "the imposition of citizenship violates the principle of self-determination"),
    ("Officials identified the suspect as a 21-year-old man from Texas.", "identified", "assessment",
     "the suspect as a 21-year-old man from Texas"),
    ("Authorities recommended residents avoid public gatherings.", "recommended", "demand",
     "residents avoid public gatherings"),
    ("Reportedly, without the plant the others would have to run at full capacity.", "Reportedly", "hearsay",
     "without the plant the others would have to run at full capacity"),  # a modal is part of what is passed on
    ('Ryan told the press the drugs were only part of the solution: "What will stop Ebola is good surveillance."',
     "told", "speech", 'the drugs were only part of the solution: "What will stop Ebola is good surveillance'),
    ("NEOC reported a 95% immunization rate on December 24, and the last death on December 26.", "reported",
     "announcement", "a 95% immunization rate on December 24, and the last death on December 26"),
    ("The committee on Monday announced the cockpit voice recorder has been recovered from the sea.", "announced",
     "announcement", "the cockpit voice recorder has been recovered from the sea"),
    ("Mortality rates have been at least 25%, as high as 90%, and averaged around 50% according to WHO data.",
     "according to", "source", "Mortality rates have been at least 25%, as high as 90%, and averaged around 50%"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "cue", "kind", "content"), WHAT_WAS_SAID)
def test_claims_what_was_said(extractor: geopol.Extractor, text: str, cue: str, kind: str, content: str) -> None:
    c = only_claim(run(extractor, text))
    assert (c.cue.text, c.kind, c.content.text) == (cue, kind, content)


def test_claims_a_speech_clause_is_never_what_another_verb_of_saying_said(extractor: geopol.Extractor) -> None:
    assert not [c for c in run(extractor, "Russia, Putin said, will respond.").claims if c.cue.text == "respond"]
    assert run(extractor, "She read the book to the children.").claims == ()  # only a document reads out
    # a quotation that holds a claim of its own is still what its speaker said
    text = 'Monica Schoch-Spana told the press, "People have historically been accused of spreading germs."'
    told = [c for c in run(extractor, text).claims if c.cue.text == "told"]
    assert len(told) == 1 and told[0].content.text == "People have historically been accused of spreading germs"


def test_claims_no_claim_in_ordinary_sentences_that_look_like_one(extractor: geopol.Extractor) -> None:
    """A title before a speech clause, a headline about a person, a second act, a confirmation that
    is a vote, a summons, a name in quotation marks: none is a claim (or a claim's content)."""
    c = only_claim(run(extractor, 'On "Medicare for All," Sanders said he would fight for it in the Senate.'))
    assert c.content.text == "he would fight for it in the Senate"
    assert run(extractor, "Trump rally in Ohio: thousands gather despite the rain\n\nThe rally was held.").claims == ()
    c = only_claim(run(extractor, "The company announced a merger and fired its chief executive."))
    assert c.content.text == "a merger"
    for text in ("The Senate confirmed the nominee on Saturday.",
                 "He repeated the mistakes made by his predecessor.", "She was called to testify before Congress.",
                 'He testified before the "Committee on Foreign Affairs" for three hours.'):  # fmt: skip
        assert run(extractor, text).claims == (), text
    c = only_claim(run(extractor, "The suspect, who allegedly shot two officers, was arrested."))
    assert c.content.text == "allegedly shot two officers"


def test_claims_unnamed_claimant_resolves_through_its_phrase(extractor: geopol.Extractor) -> None:
    c = only_claim(run(extractor, "A spokesman for the Chinese foreign ministry said Beijing opposed the sanctions."))
    assert c.claimant is not None and c.claimant.actor.country == "CHN"


def test_claims_offsets_point_into_the_text(extractor: geopol.Extractor) -> None:
    text = "Intro line.\n\nThe Kremlin said that Russian troops would leave Syria."
    r = run(extractor, text)
    for c in r.claims:
        for span in (c.cue, c.content):
            assert text[span.start : span.end] == span.text


# --- certainty of events -----------------------------------------------------------------------
def test_claims_event_in_reported_speech_is_attributed(extractor: geopol.Extractor) -> None:
    r = run(extractor, "Russia would not attack Ukraine, the Kremlin said.")
    e = event(r, "ASSAULT")
    assert e.certainty == "reported" and e.negated and e.hypothetical  # a negated hypothetical, reported
    assert e.attribution is not None and e.attribution.cue.text == "said"
    assert e.attribution.claimant is not None and e.attribution.claimant.text == "Kremlin"


def test_claims_hedge_words(extractor: geopol.Extractor) -> None:
    assert event(run(extractor, "Iran reportedly sent drones to Russia."), "AID").certainty == "hedged"
    e = event(
        run(extractor, "Xi claimed, at least on the surface, that China was not shipping weapons to Russia."), "AID"
    )
    assert e.certainty == "hedged" and e.negated


def test_claims_whether_or_not_is_open_not_negated(extractor: geopol.Extractor) -> None:
    e = event(run(extractor, "Whether or not Russia attacked Ukraine, the talks went on."), "ASSAULT")
    assert e.certainty == "hedged" and not e.negated


def test_claims_unconfirmed_reports(extractor: geopol.Extractor) -> None:
    r = run(extractor, "According to unconfirmed reports, Iran sent drones to Russia.")
    assert only_claim(r).certainty == "unverified"
    assert event(r, "AID").certainty == "unverified"


def test_claims_unverified_said_later_refers_back(extractor: geopol.Extractor) -> None:
    text = (
        "According to reports in Western media, Iran sent drones to Russia. Iran then shipped missiles to Russia.\n\n"
        "Although the details of these reports remain unverified, the trend is clear."
    )
    r = run(extractor, text)
    assert [c.certainty for c in r.claims] == ["unverified"]
    assert {e.certainty for e in r.events if e.type == "AID"} == {"unverified"}  # the paragraph's events


def test_claims_report_stops_where_the_author_comments(extractor: geopol.Extractor) -> None:
    text = "According to Reuters, Iran sent drones to Russia. The claim could not be independently verified."
    c = only_claim(run(extractor, text))
    assert c.content.text == "Iran sent drones to Russia" and c.certainty == "unverified"


def test_claims_nested_attribution_keeps_outermost_claimant(extractor: geopol.Extractor) -> None:
    r = run(extractor, "Biden said that reports say China sent weapons to Russia.")
    e = event(r, "AID")
    assert e.attribution is not None and e.attribution.claimant is not None
    assert e.attribution.claimant.text == "Biden"
    assert e.claim is not None and r.claims[e.claim].cue.text == "say"


def test_claims_asserted_event_has_no_attribution(extractor: geopol.Extractor) -> None:
    e = event(run(extractor, "China and Russia agreed to expand trade."), "AGREE")
    assert e.certainty == "asserted" and e.attribution is None and e.claim is None


# --- aggregates ------------------------------------------------------------------------------
def test_claims_aggregate_event_has_count_and_period(extractor: geopol.Extractor) -> None:
    e = event(run(extractor, "Over the past 14 years, Xi and Putin have met more than 40 times."), "CONSULT")
    assert e.aggregate is not None
    assert (e.aggregate.count, e.aggregate.bound, e.aggregate.text) == (40, "at_least", "more than 40 times")
    assert e.date is not None and (e.date.start, e.date.end) == ("2010-05-15", "2024-05-15")


def test_claims_habitual_event(extractor: geopol.Extractor) -> None:
    e = event(run(extractor, "Russian and Chinese diplomats meet every year."), "CONSULT")
    assert e.aggregate is not None and e.aggregate.every == "year" and e.aggregate.count is None
    e = event(run(extractor, "Xi and Putin met twice."), "CONSULT")
    assert e.aggregate is not None and e.aggregate.count == 2


def test_claims_single_event_is_no_aggregate(extractor: geopol.Extractor) -> None:
    assert event(run(extractor, "Xi met Putin in Moscow."), "CONSULT").aggregate is None


def test_claims_unnamed_source_hedges(extractor: geopol.Extractor) -> None:
    r = run(extractor, "Anonymous officials said that Iran sent drones to Russia.")
    assert only_claim(r).certainty == "hedged"
    assert event(r, "AID").certainty == "hedged"
