"""Headlines in title case or capitals, parsed as the sentence they are.

The model learned its tags, parse and entities on running text, where a capital marks a name: in
"France's Marine Le Pen Backs Trump And Denounces Clinton" it reads "Backs" and "Denounces" as
names and finds no verb. ``geopol_headlines`` runs after the model's own components. For each line
written in title case or in capitals it writes the line again in the case its words have in the
rest of the document ("backs", "Trump"), runs the model on that copy alone and copies the copy's
tags, lemmas, parse and entities onto the line's tokens. The text, the tokens and every offset stay
as written; a line whose copy would split into other tokens keeps the model's first reading.

A word's case comes from the article itself: the form it has inside the other lines' sentences,
else lower case for a function word or a word whose stem the body uses in lower case ('Denounces'
for 'denounced'), else the form it has at a sentence's start ('Putin said'), else a word in
capitals of up to four letters stays ('NATO') and any other word is written in lower case: a
headline's names nearly always recur in its article, and the model's entities in the headline are
what title case misleads. In a title-case line a word in capitals stays as it is ('WHO', 'US'), and
a word with an apostrophe always does ('DON'T' is one token, 'don't' two). A document that is mostly
headline has no running text to learn from and is left as it is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from .sents import doc_text, token_offsets

_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]
# Doc.user_data key: {token index: the word as running text writes it} for the headline words
# recased ('SENEGAL' -> 'Senegal'), for the components that match names by their letters
HEADLINE_WORDS = "geopol_headline_words"
_MIN_WORDS = 4  # a line of fewer words is a dateline, a byline or a label, not a headline
_SMALL = frozenset({"a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "for", "by",
                    "with", "as", "from", "vs", "via", "into", "onto", "per", "than"})  # fmt: skip
_ENDINGS = ("", "s", "es", "d", "ed", "ing")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_BREAK = re.compile("\n")


def headline_lines(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the lines written in title case or in capitals. A line ends with the token
    that holds a line break (spaCy keeps line breaks in tokens of their own, never in a token's
    trailing space) or with the Doc; the words are read from the text, no Token is made."""
    if not len(doc):
        return []
    text = doc_text(doc)
    starts, token_ends = token_offsets(doc)
    ends = sorted({bisect_right(starts, m.start()) - 1 for m in _BREAK.finditer(text)} | {len(doc) - 1})
    words = [text[a:b] for a, b in zip(starts, token_ends, strict=True)]
    out, start = [], 0
    for end in ends:
        if _is_headline([w for w in words[start : end + 1] if _WORD.fullmatch(w)]):
            out.append((start, end + 1))
        start = end + 1
    return out


def _all_caps(words: list[str]) -> bool:
    return all(w.isupper() for w in words if len(w) > 1 and w.lower() not in _SMALL)


def _is_headline(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in _SMALL]
    if len(content) < _MIN_WORDS:
        return False
    if _all_caps(content):
        return True
    return sum(w[0].isupper() for w in content) >= 0.9 * len(content)


@dataclass
class Body:
    """How the article's other lines write each word: inside a sentence (``forms``), at a sentence's
    start (``starts``), and the lemmas they use in lower case."""

    forms: dict[str, Counter[str]] = field(default_factory=dict)
    starts: dict[str, Counter[str]] = field(default_factory=dict)
    lemmas: set[str] = field(default_factory=set)


class Headlines:
    """The ``geopol_headlines`` component (see the module's docstring)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.nlp = nlp
        self.name = name

    def _model(self) -> list[Callable[[Doc], Doc]]:
        """The components before this one (the model's): the copy of a line runs through them."""
        out = []
        for name, proc in self.nlp.pipeline:
            if name == self.name:
                break
            out.append(proc)
        return out

    def __call__(self, doc: Doc) -> Doc:
        lines = headline_lines(doc)
        if not lines or sum(e - s for s, e in lines) * 2 > len(doc):
            return doc  # no running text to learn the words' case from
        body = _body(doc, lines)
        arr = None
        for start, end in lines:
            line = doc[start:end]
            # the line's first word, even one the word pattern leaves out ('U.S. Nominates Kim': 'U.S.')
            first = next((t.i for t in line if any(c.isalpha() for c in t.text)), start)
            caps = _all_caps([t.text for t in line if _WORD.fullmatch(t.text)])
            words = [recase(t.text, body, first=t.i == first, caps_line=caps) for t in line]
            if words == [t.text for t in line]:
                continue
            copy = self.nlp.make_doc("".join(w + t.whitespace_ for w, t in zip(words, line, strict=True)))
            if [t.text.lower() for t in copy] != [t.text.lower() for t in line]:
                continue  # another tokenisation: the offsets would not line up
            words_at = doc.user_data.setdefault(HEADLINE_WORDS, {})
            words_at.update((t.i, w) for w, t in zip(words, line, strict=True) if w != t.text)
            for proc in self._model():
                copy = proc(copy)
            if arr is None:
                arr = doc.to_array(_ATTRS)
            arr[start:end] = copy.to_array(_ATTRS)
        if arr is not None:
            doc.from_array(_ATTRS, arr)  # type: ignore[arg-type]
        return doc


def _body(doc: Doc, lines: list[tuple[int, int]]) -> Body:
    skip = {i for s, e in lines for i in range(s, e)}
    body = Body()
    for tok in doc:
        if tok.i in skip or not tok.is_alpha:
            continue
        if tok.is_lower:
            body.lemmas.add(tok.lemma_.lower())
        where = body.starts if tok.is_sent_start else body.forms
        where.setdefault(tok.lower_, Counter())[tok.text] += 1
    return body


def recase(word: str, body: Body, first: bool = False, caps_line: bool = False) -> str:
    """The case ``word`` of a headline would have in running text (see the module's docstring)."""
    if not _WORD.fullmatch(word) or "'" in word or "’" in word:
        return word  # 'DON'T' is one token, 'don't' two
    if word.isupper() and len(word) > 1 and not caps_line:
        return word  # an acronym in a title-case line: 'WHO', 'US'
    low = word.lower()
    seen = body.forms.get(low)
    if seen:
        form = seen.most_common(1)[0][0]
    elif (
        low in STOP_WORDS
        or low in _SMALL
        or any(low.endswith(e) and low[: len(low) - len(e)] in body.lemmas for e in _ENDINGS if len(low) > len(e) + 2)
    ):
        form = low
    elif low in body.starts:  # a name the article only writes at a sentence's start ('Putin said')
        form = body.starts[low].most_common(1)[0][0]
    elif word.isupper() and len(word) > 1:
        form = word if len(word) <= 4 else low  # 'NATO' stays, 'KILLED' does not
    else:
        form = low
    return form[:1].upper() + form[1:] if first and form[:1].islower() else form


@Language.factory("geopol_headlines")
def make_headlines(nlp: Language, name: str) -> Headlines:
    """Registers the component with spaCy (``nlp.add_pipe("geopol_headlines")``)."""
    return Headlines(nlp, name)
