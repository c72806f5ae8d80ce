"""Quotations: a claim's content is the whole quotation, not the one sentence the parse gives.

'"This is an epidemic," Cruz said. "We need leadership to solve it."' — the parse finds the first
quote as the content of 'said'; the quotation that opens the next sentence continues it: one
claim whose content runs from the first quotation to the end of the second, with both quotations
as its ``parts``. A quotation runs over several sentences; an unclosed one runs to the end of its
paragraph (news style for quotes that go on in the next paragraph). Short quoted phrases (scare
quotes: 'their "strategic cooperation"') are left alone.

Where the parse finds no content at all: a quotation split by its speaker ('"A," he said, "B."': one
claim in two parts), a quoted question or exclamation before its speech clause ('"…?" Clinton
said.': the mark ended the sentence), and a headline that opens with a name and a colon ('Lavrov:
Russia Will Not Leave the Talks'). The cleaner has made every quotation
mark straight ('"'); NYT-style doubled apostrophes ('' … '') count as well.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..nlp.sents import doc_text, token_offsets
from ._detect import ClaimFinder, ClaimSpan, trim

_MIN_WORDS = 4
_MARK = re.compile(r"''|\"")


def quotations(doc: Doc, min_words: int = _MIN_WORDS) -> list[tuple[int, int]]:
    """(start, end) character offsets of every quotation's inner text of at least ``min_words``
    words, marks excluded."""
    text = doc_text(doc)
    out: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        opened: dict[str, int] = {}
        for m in _MARK.finditer(para):
            mark = m.group()
            if mark in opened:
                out.append((pos + opened.pop(mark), pos + m.start()))
            else:
                opened[mark] = m.end()
        for start in opened.values():  # unclosed: runs to the paragraph's end
            out.append((pos + start, pos + len(para.rstrip())))
        pos += len(para) + 1
    return [(s, e) for s, e in out if len(text[s:e].split()) >= min_words]


def _char_span(doc: Doc, start: int, end: int, expand: bool = False) -> Span | None:
    """The tokens inside characters [start, end) (``expand``: every token that overlaps them)."""
    starts, ends = token_offsets(doc)
    if expand:
        a, b = bisect_right(ends, start), bisect_left(starts, end)
    else:
        a, b = bisect_left(starts, start), bisect_right(ends, end)
    return doc[a:b] if a < b else None


def _span(doc: Doc, start: int, end: int) -> Span | None:
    span = _char_span(doc, start, end)
    return trim(doc, span.start, span.end) if span is not None and len(span) else None


def _next_sentence(doc: Doc, sent: Span) -> Span | None:
    i = sent.end
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i].sent if i < len(doc) else None


def _introduced(
    doc: Doc, first: int, qs: int, qe: int, finder: ClaimFinder, claims: list[ClaimSpan]
) -> ClaimSpan | None:
    """A quotation after 'X said:' / 'X told reporters:' / 'X said, "…"' is what X said; so is one
    right after what the speech clause governs ('X told Reuters "…"', 'She told a guard at the
    door, in French and English, "they raped me"') when the verb has no content of its own."""
    i = first - 1
    while i >= 0 and doc[i].text in ('"', "''", " "):
        i -= 1
    if i < 1:
        return None
    marked = doc[i].text in (":", ",")
    verb = doc[i - 1] if marked else doc[i]
    for _ in range(4):  # the verb the word before the quotation hangs on ('told a guard at the door,')
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if not marked and (verb.sent.start != doc[first].sent.start or any(c.cue.start == verb.i for c in claims)):
        return None
    if not marked and not (doc[i].i == verb.i or (doc[i].dep_ in ("dobj", "dative") and doc[i].head.i == verb.i)):
        return None  # 'told Reuters "…"', not 'testified before the "Committee on Foreign Affairs"'
    kind = finder.speech_kind(verb)
    if kind is None or kind == "belief" or verb.i >= first or (not marked and kind not in ("speech", "announcement")):
        return None
    subj = finder.subject(verb)
    span = _span(doc, qs, qe)
    if subj is None or span is None:
        return None
    return ClaimSpan(kind, doc[verb.i : verb.i + 1], span, finder.claimant(subj))


_DASHES = frozenset("\u2015\u2014\u2013-")  # ― — – -


def _signed(doc: Doc, text: str, qe: int, finder: ClaimFinder) -> tuple[Token, Token] | None:
    """'"…" ― Sonya Herridge': a quotation signed with a dash and a person's name right after it
    (collected quotes, epigraphs) is that person's; returns the dash and the name's last word."""
    k = qe
    while k < len(text) and text[k] in " \u00a0.,\"'":  # the closing mark, then spaces
        k += 1
    if k >= len(text) or text[k] not in _DASHES:
        return None
    dash = _char_span(doc, k, k + 1, expand=True)
    if dash is None or dash.end >= len(doc):
        return None
    i = dash.end
    while i < len(doc) and doc[i].is_space:
        i += 1
    name = i
    while i < len(doc) and doc[i].ent_type_ == "PERSON" and doc[i].ent_iob_ != "O":
        i += 1
        if i < len(doc) and doc[i].ent_iob_ == "B":
            break
    runs_on = i < len(doc) and doc[i].is_alpha and not doc[i].is_sent_start and "\n" not in doc[i - 1].whitespace_
    if i == name or runs_on:
        return None  # no name, or the name runs on into a sentence ('— Trump said')
    return doc[dash.start], doc[i - 1]


_BETWEEN = 12  # words at most between the two halves of a split quotation ('," Mr. Obama said on Tuesday, "')


def _words(text: str, quote: tuple[int, int]) -> int:
    return len(text[quote[0] : quote[1]].split())


def _unsaid(finder: ClaimFinder, cue: Token) -> bool:
    """A speech verb under a condition or a doubt, or negated: no claim was made."""
    return finder.not_made(cue) or any(c.dep_ == "neg" for c in cue.children)


def _split(doc: Doc, text: str, quotes: list[tuple[int, int]], claims: list[ClaimSpan],
           finder: ClaimFinder) -> list[ClaimSpan]:  # fmt: skip
    """'"A," he said, "B."': one claim whose content is the whole quotation, in two parts around the
    speech verb between them (the parse makes 'said' a side clause of B, and finds no content). A
    half may be short ('"My hope," he said, "is that …"'); the two together are a quotation.
    ``quotes`` are every quotation of ``text`` (``doc.text``), short ones included."""
    out = list(claims)
    for (s1, e1), (s2, e2) in zip(quotes, quotes[1:], strict=False):
        if _words(text, (s1, e1)) + _words(text, (s2, e2)) < _MIN_WORDS:
            continue
        gap = text[e1:s2]
        # the first half ends in a comma, inside its marks or after them ('"A," he said', '"A", he said')
        comma = text[e1 - 1] == "," or gap.lstrip("\"' ").startswith(",")
        # and the speech clause hands over to the second ('he said, "B."', 'he said. "B."'), not
        # to a title inside it ('Sanders said on CNN's "State of the Union" Sunday')
        handed = gap.rstrip("\"' \u00a0").endswith((",", ":", ".", "?", "!"))
        if "\n" in gap or not gap.strip().startswith(('"', "''")) or not comma or not handed:
            continue
        between = _char_span(doc, e1, s2, expand=True)
        if between is None or len(between) > _BETWEEN:
            continue
        cue, kind = next(((t, k) for t in between if (k := finder.speech_kind(t)) is not None), (None, None))
        subj = finder.subject(cue) if cue is not None else None
        first, second = _span(doc, s1, e1), _span(doc, s2, e2)
        if cue is None or kind is None or subj is None or not between.start <= subj.i < between.end:
            continue
        if first is None or second is None or _unsaid(finder, cue):
            continue
        out = [c for c in out if c.cue.start != cue.i]  # the parse's reading of one half
        whole = doc[first.start : second.end]
        out.append(ClaimSpan(kind, doc[cue.i : cue.i + 1], whole, finder.claimant(subj), parts=[first, second]))
    return out


_AFTER = 8  # tokens at most before the verb of a speech clause after a quotation ('Ramos, 58, told')


def _said_after(doc: Doc, text: str, quotes: list[tuple[int, int]], claims: list[ClaimSpan],
                finder: ClaimFinder) -> list[ClaimSpan]:  # fmt: skip
    """'"How many times must we see this?" Clinton said.': a quotation that ends in a question or
    an exclamation ends its sentence for the parser, and the speech clause after it has no content;
    the quotation is what was said (a quotation of two words or more; never a verb of belief). So
    with a quotation the parser cuts inside ('"Are we there? Probably not," Ms. Moore said.'), and
    with a quoted phrase that is no clause ('"Not even one," he said.'); where the parse gave the
    speech verb a content after it, the quotation before it is what was said instead."""
    out = list(claims)
    for qs, qe in quotes:
        if _words(text, (qs, qe)) < 2 or any(c.content.start_char < qe and qs < c.content.end_char for c in out):
            continue
        quote = _char_span(doc, qs, qe, expand=True)
        if quote is None:
            continue
        if text[qe - 1] not in "?!" and text[qe - 1] != ",":
            continue  # only a quotation whose comma (or mark) hands it to the speech clause after it
        cut = quote[0].sent.start != quote[-1].sent.start
        if text[qe - 1] == "," and not cut and not _opens_sentence(text, qs):
            continue  # a quoted phrase inside a sentence is a title ('On "Medicare for All," Sanders said …')
        k = quote.end
        while k < len(doc) and (doc[k].is_space or doc[k].text in ('"', "''")):
            k += 1
        run: list[Token] = []  # the speech clause up to its verb: a speaker with an aside ('Ramos, 58, told')
        while k < len(doc) and len(run) <= _AFTER and doc[k].text not in (".", ";", ":", "!", "?", '"'):
            run.append(doc[k])
            k += 1
        cue, kind = next(((t, kd) for t in run if (kd := finder.speech_kind(t)) not in (None, "belief")), (None, None))
        subj = finder.subject(cue) if cue is not None else None
        span = _span(doc, qs, qe)
        if cue is None or kind is None or subj is None or span is None or cue.dep_ in ("relcl", "acl"):
            continue
        if not run[0].i <= subj.i <= run[-1].i or subj.tag_ in ("WDT", "WP"):
            continue  # the speaker in the speech clause ('Ramos, 58, told', 'said Mr. Ross'), not 'which X said'
        comma = next((t.i for t in run if t.text == "," and t.i < cue.i), None)
        if comma is not None and subj.i > comma:
            continue  # a comma before the verb only sets off an aside about the speaker named before it
        if finder.not_made(cue) or any(c.dep_ == "neg" and c.idx >= qe for c in cue.children):
            continue  # a 'not' inside the quotation ('Probably not,') is what was said, not of the saying
        own = next((c for c in out if c.cue.start == cue.i), None)
        if own is not None:  # the parse gave the verb a content after it: a title the quotation
            # hands over past ('"…," Weiner said on the podcast "Here's the Thing"'); the quotation
            # is what was said
            clause = any(t.dep_ in ("nsubj", "nsubjpass") and t.head.i == own.content.root.i for t in own.content)
            if own.content.start > cue.i and own.parts is None and not clause:
                out[out.index(own)] = replace(own, content=span)
            continue
        out.append(ClaimSpan(kind, doc[cue.i : cue.i + 1], span, finder.claimant(subj)))
    return out


_NAME_WORDS = 5  # words at most of a name that opens a line before its colon
_TOPIC_WORDS = 12  # words at most of a person's name and what the line is about ('X on Y:')
_NAMED = ("PERSON", "ORG", "NORP", "GPE")


def _colon_headline(doc: Doc, claims: list[ClaimSpan], finder: ClaimFinder) -> list[ClaimSpan]:
    """'Pence: Flowers Won't Be at Debate': a headline that opens with a name and a colon is what
    that actor said, and so is one that names a person first and then what it is about or where
    ('Obama to Asians Worried About the Election: …'); not 'Poll:' or 'Update:', and not the turns
    of an interview below it ('L'Express: Why …?', 'Zhao Tong: …'), which the coding rules leave to
    the article's own reporting."""
    start = 0
    while start < len(doc) and doc[start].is_space:
        start += 1
    end = start  # the first line is doc[start:end]
    while end < len(doc) and "\n" not in doc[end].text_with_ws and not (end + 1 < len(doc) and doc[end + 1].is_space):
        end += 1
    end = min(end + 1, len(doc))
    colon = next((k for k in range(start, min(end, start + _TOPIC_WORDS + 1)) if doc[k].text == ":"), None)
    if colon is None or colon == start or doc[end - 1].text == "?":
        return claims
    speaker = doc[colon - 1]
    if colon - start > _NAME_WORDS or not all(t.pos_ == "PROPN" or t.is_title or t.is_upper for t in doc[start:colon]):
        # 'Gillibrand on Hillary Releasing Her Transcripts: …', 'Clinton camp: …': a person named
        # first, then what the line is about or where it was said
        first = finder.index.get(start)
        if first is None or first.actor.kind != "person" or first.end >= colon:
            return claims
        if doc[first.end].lower_ not in ("on", "to", "at", "about"):
            return claims  # 'Trump rally in Ohio: …', 'Xi Jinping's visit to Putin: "…"': about the person
        speaker = doc[start]
    else:
        # a name: a mention or an entity here, or a word of a name the text gives below ('Sanders:'
        # in a headline, 'Bernie Sanders' in the story)
        last = doc[colon - 1].text
        named = any(k in finder.index or doc[k].ent_type_ in _NAMED for k in range(start, colon))
        if not named and not any(t.text == last and t.ent_type_ == "PERSON" for t in doc):
            return claims
    content = _span(doc, doc[colon].idx + 1, doc[end - 1].idx + len(doc[end - 1]))
    if content is None or len(content) < 3:
        return claims
    if any(c.content.start < content.end and content.start < c.content.end and c.cue.start < content.start
           for c in claims):  # fmt: skip
        return claims
    kept = [c for c in claims if not (content.start <= c.content.start and c.content.end <= content.end
                                      and content.start <= c.cue.start < content.end)]  # fmt: skip
    return [*kept, ClaimSpan("speech", doc[colon : colon + 1], content, finder.claimant(speaker))]


def _opens_sentence(text: str, qs: int) -> bool:
    """The quotation whose inner text starts at ``qs`` opens a sentence: before its mark the text
    ends a sentence or a paragraph, not 'on CNN's "State of the Union" Sunday' (a title the
    parser may cut a sentence at)."""
    before = text[:qs].rstrip("\"' \u00a0\t")
    return not before or before[-1] in ".?!:\n"


def extend_to_quotations(doc: Doc, claims: list[ClaimSpan], finder: ClaimFinder) -> list[ClaimSpan]:
    """Contents widened to their quotation; quotations that continue a quoted claim become
    claims of the same speaker."""
    text = doc_text(doc)
    every = quotations(doc, 1)
    quotes = [q for q in every if _words(text, q) >= _MIN_WORDS]
    out = _split(doc, text, every, claims, finder)
    out = _colon_headline(doc, _said_after(doc, text, every, out, finder), finder)
    for qs, qe in quotes:
        inside = [c for c in out if c.content.start_char < qe and qs < c.content.end_char]
        spoken = [c for c in inside if not (qs <= c.cue.start_char < qe)]  # the cue is outside the quote
        if spoken:
            for c in spoken:
                span = _span(doc, qs, qe)
                if span is not None and (span.end - span.start) > len(c.content):
                    out[out.index(c)] = replace(c, content=span)
            continue
        signed = _signed(doc, text, qe, finder)  # '"…" ― Sonya Herridge', a claim inside it or not
        span = _span(doc, qs, qe) if signed is not None else None
        if signed is not None and span is not None:
            out.append(ClaimSpan("speech", doc[signed[0].i : signed[0].i + 1], span, finder.claimant(signed[1])))
            continue
        first = _char_span(doc, qs, qs + 1, expand=True)
        if first is None:
            continue
        # 'Putin said: "…"'; so when the quotation holds a claim of its own ('…have been accused of…')
        introduced = _introduced(doc, first.start, qs, qe, finder, out)
        if introduced is not None:
            out.append(introduced)
            continue
        if inside:
            continue
        # a quotation opening the sentence after a quoted claim continues it
        before = [c for c in out if c.cue.end_char <= qs and c.content.end_char <= qs]
        if not before:
            continue
        prev = max(before, key=lambda c: c.cue.end_char)
        quoted = any(s <= prev.content.start_char and prev.content.end_char <= e for s, e in quotes)
        nxt = _next_sentence(doc, prev.cue.sent)
        if quoted and nxt is not None and nxt.start <= first.start < nxt.start + 2 and _opens_sentence(text, qs):
            span = _span(doc, qs, qe)
            if span is not None:  # one claim, its content in two parts around the cue
                whole = doc[min(prev.content.start, span.start) : max(prev.content.end, span.end)]
                parts = [*(prev.parts or [prev.content]), span]
                out[out.index(prev)] = replace(prev, content=whole, parts=parts)
    return sorted(_through_colon(doc, text, quotes, out), key=lambda c: (c.content.start, c.cue.start))


def _through_colon(doc: Doc, text: str, quotes: list[tuple[int, int]], claims: list[ClaimSpan]) -> list[ClaimSpan]:
    """'Ryan told the press the new drugs were only part of the solution: "What will stop Ebola …"':
    a content that a colon hands to a quotation runs on through it."""
    out = []
    for c in claims:
        k = c.content.end_char
        while k < len(text) and text[k] in " \u00a0\"'":
            k += 1
        if c.cue.start < c.content.start and k < len(text) and text[k] == ":":
            quote = next(((s, e) for s, e in quotes if k < s <= k + 4), None)
            span = _span(doc, *quote) if quote is not None and "\n" not in text[k : quote[0]] else None
            if span is not None:
                c = replace(c, content=doc[c.content.start : span.end])
        out.append(c)
    return out
