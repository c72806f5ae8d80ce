"""Selective parsing, measured: the model only on the sentences that can hold an event, claim or
figure, against the full parse, on the same documents in one run.

    .venv/bin/python bench/selective_parse.py                 # 150 Wikinews articles and the dev gold
    .venv/bin/python bench/selective_parse.py --docs 50 --no-gold

An experiment, not part of geopol: the component lives here. A cheap pass (the tokenizer's tokens
split into sentences at final punctuation and line breaks, each word looked up in tables built from
geopol's lexicons: trigger lemmas with their required objects and particles, claim cues, actor
words and pronouns, numbers the figure scanner reads) picks the candidate sentences. The model's
components (tok2vec, tagger, parser, attribute rules, lemmatizer) then run on one short Doc per
article made of those sentences only; NER runs on the candidates with a capitalised word that is no
one-word knowledge-base name. The annotations are copied back token by token, so geopol's own
components see the whole text; other sentences get a flat tree and no tags or entities.

Prints the time of each run, the share of tokens parsed and given to NER, what the selective run
loses and gains against the full one (events, claims, figures, actor mentions), and, with the dev
gold beside the checkout, the quality-gate scores of both runs next to their floors. The result
(bench/README.md) is why geopol parses every sentence.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

import geopol.engines
from geopol import Settings, extract
from geopol.actors.kb import KnowledgeBase
from geopol.claims import claim_cues
from geopol.events import load_lexicon
from geopol.figures._scan import default_scanner
from geopol.process import Extractor

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
from tests.test_quality_gate import _get, role_span_coverage  # noqa: E402  (the gate's own readings)

_ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
_ENT_ATTRS = [ENT_IOB, ENT_TYPE]
_ENDS = {".", "!", "?", "…", "...", "?!", "!?"}
_CLOSERS = {'"', "'", "”", "’", ")", "]", "»"}
_OPENERS = {'"', "“", "‘", "(", "[", "«", "'", "—", "-"}

# word flags (bits)
TRIGGER, COND, CUE_VERB, CUE_NOUN, ACTOR, NAME, THAT = 1, 2, 4, 8, 16, 32, 64
_NOT_BEFORE_VERB = frozenset("the a an this that these those its their his her our my your whose of".split())


@dataclass(frozen=True)
class Cues:
    """What makes a sentence worth parsing, as lower-case words and lemmas.

    ``triggers`` and ``claims`` are lemmas (every form of them counts: the model's own lemma
    rules are run backwards); ``actors`` are lower-case words of actor names, role nouns, titles
    and pronouns; ``known`` are one-word knowledge-base names (any other capitalised word may be a
    name NER should see); ``figures`` finds the numbers the figure scanner reads.
    """

    triggers: frozenset[str]  # trigger lemmas that need nothing else
    conditional: dict[str, frozenset[str]]  # trigger lemma -> object lemmas one of which the sentence needs
    particles: dict[str, frozenset[str]]  # trigger lemma -> particles one of which follows it closely
    # ('in+': the particle introduces the target, so a party follows it)
    claim_verbs: frozenset[str]
    claim_nouns: frozenset[str]  # a noun cue takes a that-clause
    actors: frozenset[str]
    known: frozenset[str]
    figures: Callable[[str], list[int]] | None = None  # text -> offsets of numbers that may be figures


@dataclass
class Stats:
    """Tokens seen, parsed and given to NER (for benchmarks and tests)."""

    tokens: int = 0
    parsed: int = 0
    ner: int = 0
    docs: int = 0


@dataclass
class _Plan:
    sents: list[tuple[int, int]]
    keep: list[bool]
    ner: list[bool]
    index: list[int] = field(default_factory=list)  # token indices of the short Doc, in the whole one


class Lemmas:
    """Every lemma the model's rule lemmatizer could give a word, whatever its part of speech."""

    def __init__(self, nlp: Language) -> None:
        # geopol's pipeline holds the model's lemmatizer inside geopol_lemmas
        lemmatizer = nlp.get_pipe("geopol_lemmas").lemmatizer  # type: ignore[attr-defined]
        lookups = lemmatizer.lookups
        rules, exc = (lookups.get_table(n) if lookups.has_table(n) else {} for n in ("lemma_rules", "lemma_exc"))
        self.rules = {p: rules.get(p, []) for p in ("verb", "noun", "adj")}
        self.exc = {p: exc.get(p, {}) for p in ("verb", "noun", "adj")}

    def of(self, word: str) -> set[str]:
        out = {word}
        for pos, rules in self.rules.items():
            out.update(self.exc[pos].get(word, ()))
            for old, new in rules:
                if word.endswith(old) and len(word) > len(old):
                    out.add(word[: len(word) - len(old)] + new)
        return out


class Selector:
    """The cheap pass: sentences and which of them to parse and to give to NER."""

    def __init__(self, cues: Cues, lemmas: Lemmas) -> None:
        self.cues = cues
        self.lemmas = lemmas
        self._flags: dict[int, int] = {}
        self._lemmas: dict[int, frozenset[str]] = {}

    def flags(self, tok) -> int:  # noqa: ANN001 - a spaCy Token
        orth = tok.orth
        f = self._flags.get(orth)
        if f is not None:
            return f
        c, low, text = self.cues, tok.lower_, tok.text
        f = 0
        lemmas = self.lemmas.of(low) if tok.is_alpha else {low}
        self._lemmas[orth] = frozenset(lemmas)
        if lemmas & c.triggers:
            f |= TRIGGER
        if any(lem in c.conditional or lem in c.particles for lem in lemmas):
            f |= COND
        if lemmas & c.claim_verbs:
            f |= CUE_VERB
        if lemmas & c.claim_nouns:
            f |= CUE_NOUN
        if low in c.actors or text in c.known:
            f |= ACTOR
        if text[:1].isupper() and text not in c.known and low not in c.actors and tok.is_alpha:
            f |= NAME
        if low == "that":
            f |= THAT
        self._flags[orth] = f
        return f

    def _conditional(self, doc: Doc, s: int, e: int) -> bool:
        """A trigger that needs an object ('reach' an 'agreement') or a particle ('travel to')."""
        words: set[str] | None = None
        c = self.cues
        for tok in doc[s:e]:
            if not self._flags[tok.orth] & COND or not _lowercase(tok, s):
                continue
            for lem in self._lemmas[tok.orth]:
                parts = c.particles.get(lem)
                if parts:
                    for t in doc[tok.i + 1 : min(e, tok.i + 4)]:
                        if t.lower_ in parts:
                            return True
                        if t.lower_ + "+" in parts and any(
                            self._flags.get(x.orth, 0) & (ACTOR | NAME) for x in doc[t.i + 1 : e]
                        ):
                            return True
                objects = c.conditional.get(lem)
                if objects:
                    if words is None:
                        words = set().union(*(self._lemmas[t.orth] for t in doc[s:e]))
                    if objects & words:
                        return True
        return False

    @staticmethod
    def sentences(doc: Doc) -> list[tuple[int, int]]:
        """Sentence-final punctuation (with closing quotes or brackets) followed by a capital,
        digit or opening quote; and line breaks. When unsure, two sentences stay one."""
        out, start, n = [], 0, len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            end = None
            if "\n" in tok.whitespace_ or (tok.is_space and "\n" in tok.text):
                end = i + 1
            elif tok.text in _ENDS:
                j = i + 1
                while j < n and doc[j].text in _CLOSERS and not doc[j - 1].whitespace_:
                    j += 1
                if j >= n:
                    end = n
                elif doc[j - 1].whitespace_ or doc[j].is_space:
                    nxt = doc[j]
                    first = nxt.text[:1]
                    if first.isupper() or first.isdigit() or nxt.text in _OPENERS or nxt.is_space:
                        end = j
            if end is not None:
                while end < n and doc[end].is_space:
                    end += 1
                if end > start:
                    out.append((start, end))
                start = end
                i = end
                continue
            i += 1
        if start < n:
            out.append((start, n))
        return out

    def plan(self, doc: Doc) -> _Plan:
        sents = self.sentences(doc)
        spots = self.cues.figures(doc.text) if self.cues.figures is not None else []
        keep, ner = [], []
        k_spot = 0
        for s, e in sents:
            f = names = 0
            claim = trigger = False
            for tok in doc[s:e]:
                g = self.flags(tok)
                f |= g
                if g & TRIGGER and _lowercase(tok, s):
                    trigger = True
                if g & NAME and tok.i > s and not doc[tok.i - 1].is_space:
                    names += 1
                if (
                    g & CUE_VERB
                    and not (tok.i > s and doc[tok.i - 1].lower_ in _NOT_BEFORE_VERB)
                    and tok.text[0].islower()
                ):
                    claim = True
                elif tok.lower_ == "according" and tok.i + 1 < e and doc[tok.i + 1].lower_ == "to":
                    claim = True
            if f & CUE_NOUN and f & THAT:
                claim = True
            end_char = doc[e - 1].idx + len(doc[e - 1].text)
            figure = False
            while k_spot < len(spots) and spots[k_spot] < end_char:
                figure = figure or spots[k_spot] >= doc[s].idx
                k_spot += 1
            party = bool(f & (ACTOR | NAME))
            event = party and (trigger or bool(f & COND) and self._conditional(doc, s, e))
            k = claim or event or figure
            keep.append(k)
            ner.append((event or claim) and names > 0)
        return _Plan(sents, keep, ner)


def _lowercase(tok, start: int) -> bool:  # noqa: ANN001 - a Token
    """A common word: lower-case, or capitalised only as its sentence's first ('Protests')."""
    return tok.text[:1].islower() or tok.i == start


class SelectiveParse:
    """``geopol_selective``: the model's components on the candidate sentences only."""

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.procs: list = []
        self.ner = None
        self.selector: Selector | None = None
        self.stats = Stats()
        strings = nlp.vocab.strings
        self._root, self._dep = strings.add("ROOT"), strings.add("dep")
        self._o = 2  # ENT_IOB "O"

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            yield from self._batch(list(batch))

    def _short(self, doc: Doc, plan: _Plan, which: list[bool]) -> Doc | None:
        words, spaces, starts, index = [], [], [], []
        for (s, e), k in zip(plan.sents, which, strict=True):
            if not k:
                continue
            for tok in doc[s:e]:
                words.append(tok.text)
                spaces.append(bool(tok.whitespace_))
                starts.append(True if tok.i == s else None)
                index.append(tok.i)
        if not words:
            return None
        plan.index = index
        return Doc(self.vocab, words=words, spaces=spaces, sent_starts=starts)

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        plans = [self.selector.plan(d) for d in docs]
        shorts = [self._short(d, p, p.keep) for d, p in zip(docs, plans, strict=True)]
        todo = [s for s in shorts if s is not None]
        for proc in self.procs:
            todo = list(proc.pipe(todo)) if hasattr(proc, "pipe") else [proc(d) for d in todo]
        ner_shorts: list[Doc | None] = []
        for p, short in zip(plans, shorts, strict=True):
            if short is None or self.ner is None:
                ner_shorts.append(None)
                continue
            ner_shorts.append(short if p.ner == p.keep else self._ner_part(short, p))
        ner_todo = [s for s in ner_shorts if s is not None]
        if self.ner is not None and ner_todo:
            list(self.ner.pipe(ner_todo))
        for d, p, short, ns in zip(docs, plans, shorts, ner_shorts, strict=True):
            self._copy(d, p, short, ns)
            self.stats.docs += 1
            self.stats.tokens += len(d)
            self.stats.parsed += len(short) if short is not None else 0
            self.stats.ner += len(ns) if ns is not None else 0
        return docs

    def _ner_part(self, short: Doc, plan: _Plan) -> Doc | None:
        """The candidate sentences that NER should see, as a Doc of their own (positions kept in
        ``_ner_index``, in the short Doc's coordinates)."""
        words, spaces, index = [], [], []
        pos = 0
        for (s, e), k, n in zip(plan.sents, plan.keep, plan.ner, strict=True):
            if not k:
                continue
            if n:
                for j in range(pos, pos + e - s):
                    tok = short[j]
                    words.append(tok.text)
                    spaces.append(bool(tok.whitespace_))
                    index.append(j)
            pos += e - s
        if not words:
            return None
        part = Doc(self.vocab, words=words, spaces=spaces)
        part.user_data["geopol_ner_index"] = index
        return part

    def _copy(self, doc: Doc, plan: _Plan, short: Doc | None, ner: Doc | None) -> None:
        n = len(doc)
        arr = numpy.zeros((n, len(_ATTRS)), dtype="uint64")
        arr[:, 3] = numpy.asarray([t.lower for t in doc], dtype="uint64")
        for (s, e), k in zip(plan.sents, plan.keep, strict=True):
            if not k:  # a flat tree: every token on the sentence's first
                arr[s, 4] = self._root
                arr[s + 1 : e, 4] = self._dep
                arr[s + 1 : e, 5] = (s - numpy.arange(s + 1, e, dtype="int64")).astype("uint64")
        if short is not None:
            index = numpy.asarray(plan.index, dtype="int64")
            sub = short.to_array(_ATTRS)
            heads = numpy.arange(len(short), dtype="int64") + sub[:, 5].astype("int64")
            arr[index, :5] = sub[:, :5]
            arr[index, 5] = (index[heads] - index).astype("uint64")
        doc.from_array(_ATTRS, arr)
        ents = numpy.full((n, 2), 0, dtype="uint64")
        ents[:, 0] = self._o
        if ner is not None:
            sub = ner.to_array(_ENT_ATTRS)
            where = ner.user_data.get("geopol_ner_index")
            short_index = numpy.asarray(plan.index, dtype="int64")
            idx = short_index if where is None else short_index[numpy.asarray(where, dtype="int64")]
            ents[idx] = sub
        doc.from_array(_ENT_ATTRS, ents)


def use_selective(nlp: Language, cues: Cues) -> SelectiveParse:
    """Move the model's components (everything before ``geopol_actors``) into
    ``geopol_selective_bench``, first in the pipeline."""
    names = nlp.pipe_names[: nlp.pipe_names.index("geopol_actors")]
    lemmas = Lemmas(nlp)
    procs = [nlp.get_pipe(n) for n in names if n != "ner"]
    ner = nlp.get_pipe("ner") if "ner" in names else None
    for name in names:
        nlp.remove_pipe(name)
    comp = nlp.add_pipe("geopol_selective_bench", first=True)
    assert isinstance(comp, SelectiveParse)
    comp.procs, comp.ner, comp.selector = procs, ner, Selector(cues, lemmas)
    return comp


@Language.factory("geopol_selective_bench")
def make_selective(nlp: Language, name: str) -> SelectiveParse:
    """Empty until ``use_selective`` hands it the model's components and the cues."""
    return SelectiveParse(nlp)


def selection_cues(kb: KnowledgeBase, beliefs: bool = False) -> Cues:
    """What makes a sentence worth parsing, from the lexicons of the stages after the parse."""
    lex, claims, scanner = load_lexicon(), claim_cues(), default_scanner()
    plain: set[str] = set()
    conditional: dict[str, set[str]] = {}  # lemma -> object lemmas (anywhere in the sentence)
    particles: dict[str, set[str]] = {}  # lemma -> particles (right after it)
    for (lemma, _), rules in lex.rules.items():
        head = lemma.split()[-1]
        for r in rules:
            if not r.objects and not r.particles:
                plain.add(head)
            elif r.objects or any(p.objects for p in r.particles):
                need = set(r.objects) | {o for p in r.particles for o in p.objects}
                conditional.setdefault(head, set()).update(w.split()[-1] for w in need)
            else:  # a particle that introduces the target ('was in Beijing') needs a party after it
                for p in r.particles:
                    particles.setdefault(head, set()).add(p.word + ("+" if p.word in r.target_preps else ""))
    actors: set[str] = set()
    known: set[str] = set()
    for form in kb.surface_forms:
        if " " not in form and form[:1].isupper():
            known.add(form)  # a one-word name: NER has nothing to add
    # a role noun, the head of a title or of an anaphor ('the two leaders'), a pronoun
    actors |= set(kb.role_nouns) | {t[-1] for t in kb.titles} | {a[-1] for a in kb.anaphors}
    actors |= set(PRONOUNS)

    def figures(text: str) -> list[int]:
        out = []
        for raw in scanner.scan(text):
            if raw.unit is None and _MONTH_NEAR.search(text, max(0, raw.start - 12), min(len(text), raw.end + 12)):
                continue  # 'March 21', '21 March': a date
            out.append(raw.core_start)
        return out

    return Cues(
        frozenset(plain),
        {k: frozenset(v) for k, v in conditional.items()},
        {k: frozenset(v) for k, v in particles.items()},
        frozenset(v for v, kind in claims.verbs.items() if beliefs or kind != "belief"),
        frozenset(claims.nouns) | frozenset(claims.propositions),
        frozenset(actors),
        frozenset(known),
        figures,
    )


_MONTH_NEAR = re.compile(
    r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?\b"
)
PRONOUNS = ("he", "him", "his", "she", "her", "it", "its", "they", "them", "their", "we", "our", "us", "i", "who")


# --- the experiment ---------------------------------------------------------------------------
class SelectiveExtractor(Extractor):
    """geopol's Extractor with the model's components moved into ``geopol_selective_bench``."""

    last: SelectiveParse | None = None

    def __init__(self, settings: Settings | None = None, nlp: Language | None = None) -> None:
        super().__init__(settings, nlp)
        if "geopol_selective_bench" not in self.nlp.pipe_names:
            SelectiveExtractor.last = use_selective(self.nlp, selection_cues(self.kb, self.settings.beliefs))


def run(corpus: Path, selective: bool) -> tuple[list[dict], float]:
    plain = geopol.engines.Extractor
    geopol.engines.Extractor = SelectiveExtractor if selective else plain  # type: ignore[misc]
    try:
        buf = io.StringIO()
        t = time.perf_counter()
        extract([corpus], buf, Settings(actors_file=Path("/nonexistent/actors.yaml")))
        return [json.loads(x) for x in buf.getvalue().splitlines()], time.perf_counter() - t
    finally:
        geopol.engines.Extractor = plain  # type: ignore[misc]


def _keys(rec: dict, what: str) -> list[tuple]:
    out: list[tuple] = []
    for x in rec.get(what, []):
        if what == "events":
            names = (
                tuple(sorted(m["actor"]["name"] for m in x.get("source", []))),
                tuple(sorted(m["actor"]["name"] for m in x.get("target", []))),
            )
            out.append((x["type"], x["trigger"]["text"], *names, x.get("negated"), x.get("certainty")))
        elif what == "claims":
            c = x.get("claimant") or {}
            out.append((x["cue"]["text"], c.get("text"), x["content"]["text"]))
        elif what == "figures":
            out.append((x.get("text"), x.get("quantity"), x.get("unit")))
        else:
            out.append((x["text"], x["start"], x["actor"]["name"]))
    return out


def compare(full: list[dict], sel: list[dict]) -> dict[str, dict[str, int]]:
    out = {}
    for what in ("events", "claims", "figures", "actors"):
        total = lost = gained = 0
        for a, b in zip(full, sel, strict=True):
            ca, cb = Counter(_keys(a, what)), Counter(_keys(b, what))
            total += sum(ca.values())
            lost += sum((ca - cb).values())
            gained += sum((cb - ca).values())
        out[what] = {"full": total, "lost": lost, "gained": gained}
    return out


GOLD = {
    "seeds": ("data/seeds/corpus.jsonl", "data/seeds/gold.jsonl", (), None),
    "cameo_train": ("data/cameo_train/corpus.jsonl", "data/cameo_train/gold.jsonl", ("--task", "pentaclass"), None),
    "polnear_dev": ("data/polnear_train/corpus.jsonl", "data/polnear_train/gold.jsonl", ("--task", "claims"), "dev"),
}


def gold_scores(tmp: Path) -> dict[str, dict[str, dict]]:
    """Both runs of every dev gold set through the scorer, with the floors of tests/quality_baseline.json."""
    floors = json.loads((ROOT / "tests" / "quality_baseline.json").read_text())
    out: dict[str, dict[str, dict]] = {}
    for name, (corpus_rel, gold_rel, extra, split) in GOLD.items():
        corpus, gold = SHARED / corpus_rel, SHARED / gold_rel
        if split:
            keep = [x for x in corpus.read_text().splitlines() if json.loads(x).get("split") == split]
            ids = {json.loads(x)["id"] for x in keep}
            corpus, gold = tmp / f"{name}-c.jsonl", tmp / f"{name}-g.jsonl"
            corpus.write_text("\n".join(keep) + "\n")
            lines = (SHARED / gold_rel).read_text().splitlines()
            gold.write_text("\n".join(x for x in lines if json.loads(x)["id"] in ids) + "\n")
        out[name] = {}
        for mode in ("full", "selective"):
            recs, _ = run(corpus, mode == "selective")
            system = tmp / f"{name}-{mode}.jsonl"
            system.write_text("".join(json.dumps(r) + "\n" for r in recs))
            cmd = [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(gold), "--system", str(system),
                   "--corpus", str(corpus), "--json", *extra]  # fmt: skip
            report = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
            got: dict[str, float | None] = {}
            for metric in floors[name]:
                if metric == "actors.role_span_coverage":
                    got[metric] = round(role_span_coverage(gold, system), 4)
                    continue
                try:
                    got[metric] = _get(report, metric)
                except KeyError:
                    got[metric] = None
            out[name][mode] = got
        out[name]["floor"] = floors[name]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=SHARED / "data" / "wikinews" / "corpus.jsonl")
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--no-gold", action="store_true", help="skip the dev gold scores")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "bench" / "selective_parse.json")
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus} (../shared beside the checkout, or --corpus): nothing measured")
        return 0
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        lines = args.corpus.read_text(encoding="utf-8").splitlines()[: args.docs]
        corpus = tmp / "corpus.jsonl"
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        full, t_full = run(corpus, False)
        sel, t_sel = run(corpus, True)
        stats = SelectiveExtractor.last.stats if SelectiveExtractor.last else Stats()
        result: dict = {
            "corpus": str(args.corpus.name), "docs": len(lines),
            "seconds": {"full": round(t_full, 2), "selective": round(t_sel, 2)},
            "speedup": round(t_full / t_sel, 3),
            "tokens": stats.tokens, "parsed_share": round(stats.parsed / max(1, stats.tokens), 4),
            "ner_share": round(stats.ner / max(1, stats.tokens), 4),
            "diff": compare(full, sel),
        }  # fmt: skip
        print(f"{len(lines)} documents: full parse {t_full:.1f} s, selective {t_sel:.1f} s ({t_full / t_sel:.2f}x); "
              f"parsed {result['parsed_share']:.1%} of {stats.tokens:,} tokens, NER on {result['ner_share']:.1%}")  # fmt: skip
        for what, d in result["diff"].items():
            print(f"  {what:8} full {d['full']:6,}  lost {d['lost']:5,}  gained {d['gained']:5,}")
        if not args.no_gold and (SHARED / "eval" / "score.py").exists():
            result["gold"] = gold_scores(tmp)
            print("dev gold (full / selective / floor):")
            for name, d in result["gold"].items():
                for metric, floor in d["floor"].items():
                    a, b = d["full"][metric], d["selective"][metric]
                    mark = "" if b is None or b + 1e-9 >= floor else "  below the floor"
                    print(f"  {name:12} {metric:45} {a!s:>8} {b!s:>8} {floor!s:>8}{mark}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"results: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
