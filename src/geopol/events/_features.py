"""What the learned event coder reads in a sentence: sparse named features and a dense vector.

The same function serves training (``geopol.train``) and inference, so the model never sees a
feature at run time that it was not trained on. Sparse features are strings ('w=attack',
'vo=impose_sanction', 'rule=ASSAULT'); the dense vector is the mean of the spaCy model's own
contextual token vectors (``doc.tensor``, computed by its tok2vec anyway) over the sentence.
Today's rules enter as features: every lexicon trigger in the sentence ('cand=TYPE') and every
event the rules coded with participants ('rule=TYPE').
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from spacy.tokens import Doc, Token

from ..actors import MentionSpan

_KEEP_STOP = frozenset("not never no n't will would could may might should must cannot".split())
_SUBJ = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
_OBJ = frozenset({"dobj", "attr", "oprd", "dative"})


def _word(tok: Token) -> str | None:
    if tok.is_punct or tok.is_space or tok.like_num:
        return None
    low = tok.lower_
    if tok.is_stop and low not in _KEEP_STOP:
        return None
    if tok.ent_type_ in ("PERSON", "GPE", "NORP", "ORG", "DATE", "CARDINAL", "MONEY", "TIME", "PERCENT"):
        return f"ent={tok.ent_type_}"
    return tok.lemma_.lower()


def _bucket(n: int) -> str:
    return str(n) if n < 3 else "3+"


def token_features(tok: Token) -> list[str]:
    """The features a single token contributes: they also pick the trigger of a predicted type."""
    w = _word(tok)
    if w is None or w.startswith("ent="):
        return []
    out = [f"w={w}"]
    if tok.pos_ in ("VERB", "AUX"):
        out.append(f"v={w}")
        for c in tok.children:
            if c.dep_ in _OBJ:
                out.append(f"vo={w}_{c.lemma_.lower()}")
            elif c.dep_ in ("prt", "prep", "agent"):
                out.append(f"vp={w}_{c.lower_}")
    elif tok.pos_ in ("NOUN", "PROPN"):
        out.append(f"n={w}")
        if tok.dep_ in _OBJ | {"nsubjpass"} and tok.head.pos_ in ("VERB", "AUX"):
            out.append(f"vo={tok.head.lemma_.lower()}_{w}")
    return out


def sentence_features(
    doc: Doc,
    start: int,
    end: int,
    mentions: Iterable[MentionSpan],
    candidates: Iterable[str],
    rule_types: Iterable[str],
) -> list[str]:
    """Sparse features of the tokens ``doc[start:end]`` (a sentence)."""
    feats: list[str] = ["bias"]
    prev: str | None = None
    for tok in doc[start:end]:
        feats.extend(token_features(tok))
        w = _word(tok)
        if w is None:
            continue
        if w.startswith("ent="):
            feats.append(w)
        if prev is not None:
            feats.append(f"b={prev}_{w}")
        prev = w
        if tok.dep_ == "neg":
            feats.append("neg")
        if tok.dep_ == "ROOT":
            feats.append(f"root={w}")
    ms = list(mentions)
    actors = [m for m in ms if m.how != "place"]
    feats.append(f"nm={_bucket(len(actors))}")
    feats.append(f"nc={_bucket(len({m.actor.country for m in actors if m.actor.country}))}")
    for m in actors:
        feats.append(f"kind={m.actor.kind}")
        if m.actor.sector:
            feats.append(f"sector={m.actor.sector}")
        head = doc[m.end - 1]
        if head.dep_ in _SUBJ:
            feats.append(f"subj_{m.actor.kind}")
            if head.head.pos_ in ("VERB", "AUX"):
                feats.append(f"sv={head.head.lemma_.lower()}")
        elif head.dep_ in _OBJ:
            feats.append(f"obj_{m.actor.kind}")
    if any(m.how == "place" for m in ms):
        feats.append("place")
    feats.extend(f"cand={t}" for t in candidates)
    feats.extend(f"rule={t}" for t in rule_types)
    return feats


def sentence_vector(doc: Doc, start: int, end: int) -> np.ndarray:
    """Mean of the model's contextual token vectors over the sentence (zeros without a tensor)."""
    t = doc.tensor
    if t is None or not hasattr(t, "shape") or len(t.shape) != 2 or t.shape[0] < end or end <= start:
        return np.zeros(DENSE_DIM, dtype=np.float32)
    v = np.asarray(t[start:end], dtype=np.float32).mean(axis=0)
    if v.shape[0] != DENSE_DIM:
        return np.zeros(DENSE_DIM, dtype=np.float32)
    return v


DENSE_DIM = 96  # en_core_web_sm's tok2vec width
