"""Names found by their words: every span of a Doc whose words are a known form's, as written
(``ORTH``) or in lower case (``LOWER``), what a spaCy ``PhraseMatcher`` on that attribute finds,
overlapping matches and their order too, but looked up in dicts of word hashes.

A ``PhraseMatcher`` needs a Doc of each form, and a Doc makes a lexeme for every word the vocabulary
has not seen: the 7,800 curated forms took 0.66 s of each process's start that way, the 100,000
world forms far more. Here a form of plain words is split at its spaces (a purely alphabetic chunk
that no special case names is one token: each of the English prefix, suffix and infix rules needs a
character that is no letter), and only the others go through the tokenizer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

# the sieve's table of bits is indexed by the low 20 bits of a word's hash
_SIEVE = numpy.uint64((1 << 20) - 1)


def _pair_keys(first: numpy.ndarray, second: numpy.ndarray) -> numpy.ndarray:
    """One number for each pair of word hashes (it wraps around 2**64; equal pairs, equal numbers)."""
    return first * numpy.uint64(0x9E3779B97F4A7C15) + second


def form_words(tokenizer: Tokenizer, form: str, specials: frozenset[str]) -> tuple[str, ...]:
    """The tokens the tokenizer makes of ``form``, without running it where the form is plain words;
    ``specials``: the tokenizer's special cases in lower case (``special_cases``)."""
    words = tuple(form.split(" "))
    if all(w.isalpha() and w.lower() not in specials for w in words):
        return words
    return tuple(t.text for t in tokenizer(form))


def special_cases(tokenizer: Tokenizer) -> frozenset[str]:
    """The tokenizer's special cases in lower case (a word that is one in any case is tokenized)."""
    return frozenset(s.lower() for s in tokenizer.rules)  # type: ignore[union-attr]


class FormMatcher:
    """``matches(doc)``: (start, end) of every form in the Doc; ``lookup``: the words of each form
    as the tokenizer makes them -> the form (of two forms with the same words, the later one)."""

    def __init__(self, tokenizer: Tokenizer, forms: Iterable[str], lower: bool = False) -> None:
        self.attr = LOWER if lower else ORTH
        self.lower = lower
        self.lookup: dict[tuple[str, ...], str] = {}
        specials = special_cases(tokenizer)
        for form in forms:
            self.lookup[form_words(tokenizer, form, specials)] = form
        # A form is the hashes of its words; every beginning of a form is a key too, True where it is
        # a whole form, so that a match stops growing at the first word no form goes on with.
        self._prefixes: dict[tuple[int, ...], bool] = {}
        for key in self.lookup:
            ids = tuple(get_string_id(w.lower() if lower else w) for w in key)
            for n in range(1, len(ids)):
                self._prefixes.setdefault(ids[:n], False)
            if ids:
                self._prefixes[ids] = True
        # A sieve in numpy for the words a match can start at: a one-word form, or the first two words
        # of a longer one. A table of bits indexed by the low bits of the hashes; a word it lets through
        # by chance costs one look-up in the dict above, which confirms every match.
        ones = [k[0] for k, whole in self._prefixes.items() if len(k) == 1 and whole]
        twos = numpy.array([k for k in self._prefixes if len(k) == 2], dtype=numpy.uint64).reshape(-1, 2)
        self._ones = numpy.zeros(_SIEVE + 1, dtype=bool)
        self._ones[numpy.array(ones, dtype=numpy.uint64) & _SIEVE] = True
        self._twos = numpy.zeros(_SIEVE + 1, dtype=bool)
        self._twos[_pair_keys(twos[:, 0], twos[:, 1]) & _SIEVE] = True

    def matches(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) of every form in the Doc, overlapping ones too, by start and then length
        (the PhraseMatcher's order)."""
        if not len(doc):
            return []
        return self._find(numpy.asarray(doc.to_array(self.attr), dtype=numpy.uint64))

    def word_matches(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """The same for a list of words: what ``matches`` gives for a Doc of these words, without
        making the Doc."""
        if not words:
            return []
        ids = [get_string_id(w.lower() if self.lower else w) for w in words]
        return self._find(numpy.array(ids, dtype=numpy.uint64))

    def _find(self, hashes: numpy.ndarray) -> list[tuple[int, int]]:
        starts = self._ones[hashes & _SIEVE]
        starts[:-1] |= self._twos[_pair_keys(hashes[:-1], hashes[1:]) & _SIEVE]
        words, prefixes, found = hashes.tolist(), self._prefixes, []
        for s in numpy.flatnonzero(starts).tolist():
            for e in range(s + 1, len(words) + 1):
                whole = prefixes.get(tuple(words[s:e]))
                if whole is None:
                    break
                if whole:
                    found.append((s, e))
        return found
