"""'Although the details of these reports remain unverified': a sentence that says reports are
unconfirmed makes the claims it refers back to unverified — every earlier claim that is a report
('according to reports', 'reports that…') when it names reports, else the nearest earlier claim."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..nlp.cues import modality_cues
from ..nlp.sents import sentences
from ._detect import ClaimSpan

_CHECK_VERBS = {"verify", "confirm", "corroborate", "substantiate"}
_BACK = {"these", "this", "those", "that", "the", "such"}


def _says_unverified(sent: Span, words: frozenset[str]) -> bool:
    for t in sent:
        if t.lower_ in words:
            return True
        if t.lemma_.lower() in _CHECK_VERBS and _negated(t):  # 'could not be independently verified'
            return True
    return False


def _negated(t: Token) -> bool:
    return any(c.dep_ == "neg" for c in t.children) or any(
        c.dep_ == "neg" for c in t.head.children if t.dep_ in ("xcomp", "acomp")
    )


def _is_report(claim: ClaimSpan, nouns: frozenset[str]) -> bool:
    return any(t.lemma_.lower() in nouns for t in claim.cue)


def mark_unverified(doc: Doc, claims: list[ClaimSpan]) -> None:
    cues = modality_cues()
    nouns = cues["report_noun"]
    for sent in sentences(doc):
        if not _says_unverified(sent, cues["unverified"]):
            continue
        earlier = [c for c in claims if c.cue.end <= sent.start]
        own = [c for c in claims if sent.start <= c.cue.start < sent.end]
        refers = any(t.lemma_.lower() in nouns and any(c.lower_ in _BACK for c in t.children) for t in sent)
        if refers:
            targets = [c for c in earlier if _is_report(c, nouns)] or earlier[-1:]
        else:  # 'X said, though this could not be verified': the claim in this sentence, else the last
            targets = own or earlier[-1:]
        for c in targets:
            c.certainty = "unverified"
