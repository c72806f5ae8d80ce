"""Names the tagger cut short or ran together, mended before actors are read from them.

The small English model often misplaces a name's edges: a title inside a person's name
('Superintendent Graciano' of 'Chief Superintendent Graciano Mijares'), a first name or surname
left out ('dela Vega' of 'Arnel dela Vega', 'Graciano' without 'Mijares'), one name cut in two ('Zine
El Abidine' + "Ben Ali's"), an organisation's name split at a preposition ('the Tunisian League' +
'the Defence of Human Rights'). The parse says where the name really ends: a proper noun that is a
compound of a word inside the name belongs to it. :func:`mend_names` rewrites ``doc.ents`` so; a
title word (``is_title``) never becomes part of a person's name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection

from spacy.tokens import Doc, Span, Token

# the last word of an organisation's name that an 'of'/'for' phrase may continue ('League for the
# Defence of Human Rights', 'Organisation for the Prohibition of Chemical Weapons')
_ORG_HEADS = frozenset("""league committee commission council organisation organization union association
    society federation foundation fund institute centre center network alliance coalition front movement
    agency office board authority party campaign coordination""".split())  # fmt: skip


def fold(name: str) -> str:
    """The key two spellings of one name share: no accents, case, dots, hyphens or apostrophes
    ('Sudan Peoples Liberation Movement' is "Sudan People's Liberation Movement")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().replace("'", "")
    return " ".join(plain.replace(".", " ").replace("-", " ").replace("_", " ").split())


def mend_names(doc: Doc, is_title: Callable[[Token], bool], given_names: Collection[str] = ()) -> None:
    """Rewrite ``doc.ents`` with the edges of person and organisation names mended; ``given_names``
    (first names of known people) tell where a place ends and a name begins in 'First Minister of
    Scotland Nicola Sturgeon'."""
    ents = list(doc.ents)
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        after = ents[i + 1] if i + 1 < len(ents) else None
        if ent.label_ in _GLUED and (place := _place_then_name(doc, ent, is_title, given_names)):
            out.append(Span(doc, ent.start, place, label="GPE"))
            ent = Span(doc, place, ent.end, label="PERSON")
        if ent.label_ == "PERSON":
            ent = _person(doc, ent, is_title, out[-1].end if out else 0, after.start if after else len(doc))
            if after is not None and after.label_ == "PERSON" and _joined(ent, after):
                ent, i = Span(doc, ent.start, after.end, label="PERSON"), i + 1  # 'Zine El Abidine' 'Ben Ali'
        elif ent.label_ == "ORG" and after is not None and after.label_ == "ORG" and _continued(ent, after):
            ent, i = Span(doc, ent.start, after.end, label="ORG"), i + 1
        elif ent.label_ == "ORG":
            ent = _of_words(doc, ent, after.start if after else len(doc))
        if len(ent):
            out.append(ent)
        i += 1
    doc.ents = out


def _person(doc: Doc, ent: Span, is_title: Callable[[Token], bool], low: int, high: int) -> Span:
    """The person's name without titles before it, with the proper nouns the tagger left out on
    either side; ``low``/``high``: where the neighbouring names end and start."""
    start, end = ent.start, ent.end
    while start < end - 1 and is_title(doc[start]):
        start += 1
    while start > low and _part_of(doc[start - 1], start, end, is_title) and _opens(doc, start - 1, is_title):
        start -= 1
    while end < high and start < end and doc[end - 1].dep_ == "compound" and doc[end - 1].head.i == end and \
            _proper(doc[end]) and not is_title(doc[end]):  # fmt: skip
        end += 1
    if end - start < 2 <= end - ent.start:  # 'Prince Harry' stays whole: a given name alone says less
        start = ent.start
    return Span(doc, start, end, label="PERSON") if (start, end) != (ent.start, ent.end) else ent


def _proper(t: Token) -> bool:
    return t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_iob_ == "O"


def _part_of(t: Token, start: int, end: int, is_title: Callable[[Token], bool]) -> bool:
    """A proper noun just before a name that is a compound of a word inside it: 'Arnel' of 'Arnel
    dela Vega'."""
    return _proper(t) and t.dep_ == "compound" and start <= t.head.i < end and not is_title(t)


def _opens(doc: Doc, i: int, is_title: Callable[[Token], bool]) -> bool:
    """Token ``i`` can open a name: it starts the sentence or follows a determiner, a punctuation
    mark or a title ('the Jamaah …', 'Superintendent Yolanda …'); not 'Minister of Information
    Moammar …', where the word after 'of' ends a title."""
    t = doc[i]
    if t.is_sent_start or i == 0:
        return True
    before = doc[i - 1]
    return before.pos_ in ("DET", "PUNCT") or is_title(before)


def _joined(a: Span, b: Span) -> bool:
    """Two person names side by side, the first a compound of the second: one name."""
    last = a[-1]
    return a.end == b.start and last.dep_ == "compound" and b.start <= last.head.i < b.end


# labels the tagger gives a place and a person's name run together
_GLUED = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC"})
# a company's legal form, written after a comma: no part of the name it is known by
_LEGAL_FORMS = frozenset("inc ltd llc plc corp co gmbh ag sa nv bv kft spa srl pty lp llp".split())


def org_name(span: Span) -> str:
    """An organisation's name as written, without a legal form after a comma: 'Hungarian National
    Asset Management, Inc.' -> 'Hungarian National Asset Management' ('HDT Védelmi Ipari Kft.',
    with no comma, keeps it: the form is part of how it is written)."""
    words = [t for t in span if not (t.is_punct and t.text == ".")]
    for i in range(len(words) - 2, 0, -1):
        if words[i].text == "," and all(t.lower_.strip(".") in _LEGAL_FORMS for t in words[i + 1 :]):
            return span.doc[span.start : words[i].i].text
    return span.text


def _place_then_name(doc: Doc, ent: Span, is_title: Callable[[Token], bool], given: Collection[str]) -> int:
    """'First Minister of Scotland Nicola Sturgeon', tagged as one name: after a title and 'of', a
    place then a person whose first name is a known one; where the person's name starts (0: not so)."""
    if ent.start < 2 or doc[ent.start - 1].lower_ != "of" or not is_title(doc[ent.start - 2]):
        return 0
    for k in range(ent.start + 1, ent.end - 1):
        if doc[k].text in given and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in doc[k : ent.end]):
            return k
    return 0


def _of_words(doc: Doc, ent: Span, high: int) -> Span:
    """'Progressive Party' 'of Working People': an organisation's name cut at 'of' runs on over the
    capitalised words after it that no other name holds."""
    end = ent.end
    if end + 1 >= high or doc[end].lower_ != "of" or ent[-1].lower_ not in _ORG_HEADS:
        return ent
    k = end + 1
    while k < high and doc[k].is_title and doc[k].ent_iob_ == "O" and doc[k].pos_ in ("PROPN", "NOUN", "ADJ"):
        k += 1
    return Span(doc, ent.start, k, label="ORG") if k > end + 1 else ent


def _continued(a: Span, b: Span) -> bool:
    """'the Tunisian League' 'for' 'the Defence of Human Rights': an organisation's name whose
    head word takes an 'of'/'for' phrase, and a name beginning with 'the' right after it."""
    doc = a.doc
    return (b.start == a.end + 1 and doc[a.end].lower_ in ("for", "of") and b[0].lower_ == "the"
            and a[-1].lower_ in _ORG_HEADS and len(b) >= 2 and b[1].is_title)  # fmt: skip
