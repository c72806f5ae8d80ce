"""The model's attribute ruler, applied by table lookup (same result, a fraction of the time).

spaCy's ``attribute_ruler`` maps tags (and a few words in context) to parts of speech,
morphology and lemmas with a Matcher: about a tenth of the whole pipeline's time. Almost all of
its rules look at one token's tag, lower-cased form, dependency or whitespace; those are looked
up in tables here, and only the others (regular expressions, several tokens) still go through a
Matcher. Rules are applied in the ruler's order, a later one overriding an earlier one, exactly as
the ruler does: ``geopol_attributes`` replaces ``attribute_ruler`` in place.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import product
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_GETTERS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # the token attributes a table rule may test
_POSITION = {k: i for i, k in enumerate(_GETTERS)}
_ARRAY = [TAG, LOWER, DEP, IS_SPACE]  # the same, as Doc.to_array gives them (string hashes, 0/1)
_SEEN_MAX = 200_000  # distinct (tag, lower, dep, space) kept between documents before starting afresh


def _split(pattern: dict[str, Any]) -> tuple[list[tuple[str, list[Any]]], list[tuple[str, frozenset[Any]]]] | None:
    """A one-token rule as (key, allowed values) lookups and (key, excluded values) checks, or
    None when it needs the Matcher (a regular expression, an unknown key)."""
    lookups, excluded = [], []
    for key, value in pattern.items():
        if key not in _GETTERS:
            return None
        if not isinstance(value, dict):
            lookups.append((key, [value]))
        elif set(value) == {"IN"}:
            lookups.append((key, list(value["IN"])))
        elif set(value) == {"NOT_IN"}:
            excluded.append((key, frozenset(value["NOT_IN"])))
        else:
            return None
    return (lookups, excluded) if lookups else None


class TableAttributes:
    def __init__(self, ruler: AttributeRuler) -> None:
        self.attrs = ruler.attrs
        self.indices = ruler.indices
        self.vocab = ruler.vocab
        # keys of a one-token rule (e.g. ('LOWER', 'TAG')) -> their values -> (rule number, checks)
        tables: dict[tuple[str, ...], dict[tuple[Any, ...], list[tuple[int, Any]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self.rest = Matcher(ruler.vocab, validate=False)
        for n in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(n))
            for pattern in patterns:
                split = _split(pattern[0]) if len(pattern) == 1 else None
                if split is None:
                    self.rest.add(str(n), [pattern])
                    continue
                lookups, excluded = split
                lookups.sort()
                keys = tuple(k for k, _ in lookups)
                for values in product(*(vals for _, vals in lookups)):
                    tables[keys][values].append((n, tuple(excluded)))
        self.tables = [(tuple(_POSITION[k] for k in keys), dict(table)) for keys, table in tables.items()]
        self._seen: dict[tuple[int, int, int, int], tuple[int, ...]] = {}

    def _rules(self, values: tuple[str, str, str, bool]) -> tuple[int, ...]:
        """The one-token rules that apply to a token of these (tag, lower, dep, is_space) values."""
        out = []
        for positions, table in self.tables:
            rules = table.get(tuple(values[p] for p in positions))
            if rules:
                for n, excluded in rules:
                    if all(values[_POSITION[k]] not in vals for k, vals in excluded):
                        out.append(n)
        return tuple(out)

    def __call__(self, doc: Doc) -> Doc:
        todo: list[tuple[int, int]] = []
        # a token's rules depend only on its four values, looked up once per distinct four: by the
        # hashes of its strings (one array for the whole Doc), so no Token object is made per word
        strings = self.vocab.strings
        seen = self._seen
        if len(seen) > _SEEN_MAX:
            seen.clear()
        for i, (tag, lower, dep, space) in enumerate(doc.to_array(_ARRAY).tolist()):
            key = (tag, lower, dep, space)
            rules = seen.get(key)
            if rules is None:
                rules = seen[key] = self._rules((strings[tag], strings[lower], strings[dep], bool(space)))
            for n in rules:
                todo.append((n, i))
        for match_id, start, end in self.rest(doc, allow_missing=True):
            n = int(self.vocab.strings[match_id])
            todo.append((n, doc[start:end][self.indices[n]].i))
        todo.sort()  # the ruler's order: later rules override earlier ones
        for n, i in todo:
            set_token_attrs(doc[i], self.attrs[n])
        return doc


@Language.factory("geopol_attributes")
def make_table_attributes(nlp: Language, name: str) -> TableAttributes:
    """Built from the pipeline's own ``attribute_ruler`` (which it then replaces)."""
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    return TableAttributes(ruler)


def swap_pipe(nlp: Language, old: str, new: str) -> None:
    """Put the component made by factory ``new`` in the place of ``old`` (which it reads first)."""
    nlp.add_pipe(new, before=old)
    nlp.remove_pipe(old)


def use_table_attributes(nlp: Language) -> None:
    """Put ``geopol_attributes`` in the place of the model's ``attribute_ruler``."""
    if "attribute_ruler" in nlp.pipe_names:
        swap_pipe(nlp, "attribute_ruler", "geopol_attributes")
