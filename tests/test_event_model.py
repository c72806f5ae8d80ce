"""The learned event coder shipped in the package: it loads, codes, saves and falls back."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from geopol import Settings
from geopol.errors import GeopolError
from geopol.events.component import MODEL_DIR, load_model
from geopol.events.model import EventModel
from geopol.process import Extractor
from geopol.records import PLOVER_TYPES, Document


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def test_event_model_is_shipped_with_its_card() -> None:
    assert (MODEL_DIR / "config.json").exists(), "the package ships no event model: run `make train`"
    card = json.loads((MODEL_DIR / "card.json").read_text(encoding="utf-8"))
    for key in ("data", "seed", "date", "cross_validation", "files", "threshold"):
        assert key in card, f"model card lacks {key}"
    assert card["data"]["annotated_sentences"] >= 3000
    for name, digest in card["files"].items():
        assert hashlib.sha256((MODEL_DIR / name).read_bytes()).hexdigest()[:16] == digest, f"{name} changed"
    assert (MODEL_DIR / "MODEL_CARD.md").exists()
    if card.get("encoder"):  # the cascade's forecaster ships with the encoder, measured on its own test fifth
        model = load_model()
        assert model is not None and model.forecaster is not None
        assert card["forecaster"]["threshold"] == model.forecast_threshold
        fc = card["forecaster"]  # it keeps what it was fitted to keep, and that is most of what the encoder finds
        assert fc["recall_target"] >= 0.9 and fc["test_spared"] > 0.1
        assert fc["test_recall"] >= fc["recall_target"] - 0.02


def test_event_model_codes_a_hand_written_sentence(extractor: Extractor) -> None:
    res = extractor.extract(Document(id="t1", text="Russian troops attacked Ukrainian soldiers near Kharkiv on Monday.",
                                     published="2022-05-10"))  # fmt: skip
    (ev,) = [e for e in res.events if e.type == "ASSAULT"]
    assert {m.actor.country for m in ev.source} == {"RUS"}
    assert {m.actor.country for m in ev.target} == {"UKR"}
    assert 0.0 < ev.confidence <= 1.0
    assert ev.date is not None and ev.date.start == "2022-05-09"


def test_event_model_keeps_negation_and_future(extractor: Extractor) -> None:
    res = extractor.extract(Document(id="t2", text="Police did not arrest the protesters in Minsk. "
                                     "Germany will impose sanctions on Iran.", published="2020-01-01"))  # fmt: skip
    neg = [e for e in res.events if e.type == "COERCE"]
    fut = [e for e in res.events if e.type == "SANCTION"]
    assert neg and neg[0].negated
    assert fut and fut[0].future


def test_event_model_round_trips_through_disk(tmp_path: Path) -> None:
    model = load_model()
    assert model is not None
    model.to_disk(tmp_path / "m")
    again = EventModel.from_disk(tmp_path / "m")
    feats = [["bias", "w=attack", "v=attack", "cand=ASSAULT"], ["bias", "w=meet"]]
    assert np.allclose(model.probabilities(feats, None), again.probabilities(feats, None), atol=1e-3)
    assert again.thresholds == model.thresholds and again.types.labels == PLOVER_TYPES
    assert (again.sure, again.per_sentence, again.min_trigger) == (model.sure, model.per_sentence, model.min_trigger)


def test_event_model_rules_events_stand_above_the_rule_floor_or_between_states(tmp_path: Path) -> None:
    """Below the threshold, a rules' event stands where the model gives its type the floor, or where
    it names two states (a lexicon verb between two states seldom has another sense)."""
    shipped = load_model()
    assert shipped is not None
    model = copy.copy(shipped)  # the loaded model is shared: change a copy
    texts = {"domestic": "Russian police arrested Russian protesters in Moscow on Monday.",
             "interstate": "Russian troops attacked Ukrainian soldiers near Kharkiv on Monday."}  # fmt: skip
    found = {}
    for floor in (0.0, 1.0):
        model.thresholds = dict.fromkeys(model.thresholds, 1.01)  # the model alone codes nothing
        model.keep_rules, model.rule_floor = True, floor
        model.to_disk(tmp_path / str(floor))
        assert EventModel.from_disk(tmp_path / str(floor)).rule_floor == floor
        ex = Extractor(Settings(event_model=str(tmp_path / str(floor))))
        for name, text in texts.items():
            found[floor, name] = [
                e.type for e in ex.extract(Document(id=name, text=text, published="2022-05-10")).events
            ]
    assert found == {(0.0, "domestic"): ["COERCE"], (0.0, "interstate"): ["ASSAULT"],
                     (1.0, "domestic"): [], (1.0, "interstate"): ["ASSAULT"]}  # fmt: skip


def test_selection_prefers_the_simpler_of_held_out_ties() -> None:
    from geopol.train.run import TIE, Choice, grid, simplest

    plain, sure, two = Choice(0.3, mix=0.5), Choice(0.3, mix=0.5, sure=0.4), Choice(0.3, mix=0.5, per_sentence=2)
    assert simplest([(plain, 0.40), (sure, 0.40 + TIE / 2), (two, 0.40 + TIE / 2)]) == plain
    assert simplest([(plain, 0.40), (sure, 0.40 + 2 * TIE)]) == sure
    assert {c.sure for c in grid(True)} >= {1.0} and all(c.sure == 1.0 for c in grid(False))
    assert {c.rule_floor for c in grid(True)} == {0.0, 0.1, 1.0} and all(c.rule_floor == 0.0 for c in grid(False))


def test_with_a_student_the_grid_also_tries_it_alone_and_one_encoder_wins_a_tie() -> None:
    """A student's pair (``--student``): every encoder point is tried again with the student alone;
    among held-out ties one encoder wins (half the reading); a clear win of the pair stands. Without
    a student the grid and its labels are what they were."""
    from dataclasses import replace

    from geopol.train.run import TIE, Choice, grid, simplest

    plain, student = grid(True), grid(True, student=True)
    assert not any(c.alone for c in plain) and len(student) == len(plain) + sum(1 for c in plain if c.mix)
    assert {replace(c, alone=False) for c in student if c.alone} == {c for c in plain if c.mix}
    pair = Choice(0.4, mix=0.75, per_sentence=2, sure=0.5, rule_floor=1.0)
    alone = replace(pair, alone=True)
    assert simplest([(pair, 0.45), (alone, 0.45 - TIE / 2)]) == alone
    assert simplest([(pair, 0.45), (alone, 0.45 - 2 * TIE)]) == pair
    assert alone.label() == pair.label() + ", the student alone"
    assert pair.label().endswith("rule floor 1.0")


def test_event_model_broken_folder_is_E105(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(GeopolError) as e:
        EventModel.from_disk(tmp_path)
    assert e.value.code == "E105"


def test_event_model_none_setting_codes_with_the_rules_alone() -> None:
    ex = Extractor(Settings(event_model="none"))
    assert ex.nlp.get_pipe("geopol_events").model is None
    res = ex.extract(Document(id="t3", text="China and Russia agreed on Tuesday to deepen cooperation.",
                              published="2023-03-21"))  # fmt: skip
    assert [e.type for e in res.events] == ["AGREE"]


def test_shipped_encoder_codes_sentences_and_roles() -> None:
    model = load_model()
    assert model is not None
    if model.encoder is None:
        pytest.skip("the shipped model has no sentence encoder (the held-out documents chose the linear model)")
    texts = ["Police arrested dozens of protesters in Minsk on Sunday.", "The weather was sunny all week."]
    encoded = model.encoder.run(texts)
    assert len(encoded) == 2 and encoded[0].types.shape == (len(PLOVER_TYPES),)
    p = model.mixed(np.full((2, len(PLOVER_TYPES)), 0.5, np.float32), np.stack([e.types for e in encoded]))
    assert p[0, PLOVER_TYPES.index("COERCE")] > p[1, PLOVER_TYPES.index("COERCE")]
    roles = encoded[0].role_scores(0, len("Police"))
    assert roles is not None and abs(float(roles.sum()) - 1.0) < 1e-4
    assert model.encoder.run([]) == []


def test_a_sentence_encodes_the_same_whatever_is_run_beside_it() -> None:
    """The 8-bit encoder quantises an input's activations with one scale: run in a padded batch, a
    sentence's logits moved with its neighbours, so one sentence coded differently in two articles."""
    model = load_model()
    assert model is not None
    if model.encoder is None:
        pytest.skip("the shipped model has no sentence encoder (the held-out documents chose the linear model)")
    s = "Police arrested dozens of protesters in Minsk on Sunday."
    other = ["Short one.", "The ministers of twelve countries met in Geneva for three days of talks on trade, "
             "fishing rights, migration and the disputed border, and agreed to meet again in the spring."]  # fmt: skip
    alone = model.encoder.run([s])[0]
    beside = model.encoder.run([other[0], s, other[1]])[1]
    assert np.array_equal(alone.types, beside.types) and np.array_equal(alone.roles, beside.roles)
    assert alone.offsets == beside.offsets


def test_encoder_is_copied_with_the_model_and_a_broken_one_is_E105(tmp_path: Path) -> None:
    model = load_model()
    assert model is not None
    if model.encoder is None:
        pytest.skip("the shipped model has no sentence encoder")
    model.to_disk(tmp_path / "m")
    again = EventModel.from_disk(tmp_path / "m")
    assert again.encoder is not None and again.mix == model.mix and again.role_mix == model.role_mix
    assert again.forecast_threshold == model.forecast_threshold
    assert (again.forecaster is None) == (model.forecaster is None)
    text = ["Germany expelled two Russian diplomats."]
    assert np.allclose(again.encoder.type_logits(text), model.encoder.type_logits(text), atol=1e-4)
    (tmp_path / "m" / "encoder.onnx").write_bytes(b"not a model")
    with pytest.raises(GeopolError) as e:
        EventModel.from_disk(tmp_path / "m")
    assert e.value.code == "E105"


def test_mixing_with_no_encoder_share_is_the_linear_model() -> None:
    model = load_model()
    assert model is not None
    p = np.full((1, len(PLOVER_TYPES)), 0.3, np.float32)
    plain = EventModel(model.types, model.roles, model.calibration, model.thresholds)
    assert np.array_equal(plain.mixed(p, np.zeros((1, len(PLOVER_TYPES)), np.float32)), p)
    assert np.array_equal(plain.mixed(p, None), p)


def _forced(monkeypatch: pytest.MonkeyPatch, base: float | None = None, **types: float) -> EventModel:
    """The shipped model, with the learned coder's type probabilities forced: every type to ``base``
    (when given), then the named ones to their values, in every sentence."""
    from geopol.events import _learned

    model = load_model()
    assert model is not None
    real = _learned.probabilities

    def forced(doc, us, m):  # type: ignore[no-untyped-def]
        p, enc = real(doc, us, m)
        p = p.copy()
        if base is not None:
            p[:, :] = base
        for name, value in types.items():
            p[:, PLOVER_TYPES.index(name)] = value
        return p, enc

    monkeypatch.setattr(_learned, "probabilities", forced)
    return model


def test_one_trigger_word_carries_one_model_event(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two types above the threshold whose trigger would be the same word (here: both take the
    sentence's root) give one event, the likelier; and a rules' event kept only below the
    threshold gives way on a word that carries the model's likelier type."""
    from geopol.events import _learned

    # the rules' type, ASSAULT, now below the threshold
    model = _forced(monkeypatch, ASSAULT=0.01, COERCE=0.99, SANCTION=0.98)
    ex = Extractor(Settings())
    text = "Russian troops attacked Ukrainian soldiers near Kharkiv on Monday."
    monkeypatch.setattr(_learned, "anchor_for", lambda doc, u, m, label, strict=False: doc[u.start : u.end].root)
    monkeypatch.setattr(model, "per_sentence", 2)
    res = ex.extract(Document(id="one", text=text, published="2022-05-10"))
    on_root = [e for e in res.events if e.trigger.text == "attacked"]
    assert [e.type for e in on_root] == ["COERCE"], res.events


def test_an_auxiliary_is_never_a_model_events_trigger(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sure type takes the word that weighs most for it, but never 'will' or 'would': an
    auxiliary helps the verb that does the act."""
    model = _forced(monkeypatch, AID=0.99)
    ex = Extractor(Settings())
    monkeypatch.setattr(model.types, "weight", lambda f, label: 5.0 if f.endswith(("=will", "=president")) else 0.1)
    res = ex.extract(Document(id="aux", text="Japan will ship rice to Haiti next month.", published="2022-05-10"))
    aid = [e for e in res.events if e.type == "AID"]
    assert aid and all(e.trigger.text != "will" for e in aid), res.events
    # nor a word of a named actor, or its title: 'President Obama' is who, not what
    res = ex.extract(Document(id="title", text="President Obama sent rice to Haiti.", published="2012-05-10"))
    aid = [e for e in res.events if e.type == "AID"]
    assert aid and all(e.trigger.text not in ("President", "Obama") for e in aid), res.events


def test_diagnose_puts_each_required_gold_event_in_one_category(tmp_path: Path) -> None:
    from geopol.train.diagnose import diagnose, main

    text = "Russian troops attacked Ukrainian soldiers near Kharkiv on Monday. The weather was mild."
    rows = [{"id": "d1", "text": text, "published": "2022-05-10"}]
    gold = [{"id": "d1", "events": [
        {"quote": "Russian troops attacked Ukrainian soldiers", "types": ["ASSAULT"], "source": ["RUS"], "target": ["UKR"]},
        {"quote": "Russian troops attacked Ukrainian soldiers", "types": ["FIGHT"], "source": ["UKR"], "target": ["RUS"]},
        {"quote": "The weather was mild", "types": ["CONSULT"], "source": ["RUS"]},
        {"quote": "The weather", "types": ["AID"], "optional": True},
    ]}]  # fmt: skip
    found = diagnose(rows, gold)
    assert [f.category for f in found] == ["full", "typed, source wrong/target wrong", found[2].category]
    assert found[2].category.startswith("missed") and found[2].system == "nothing"
    (tmp_path / "c.jsonl").write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
    (tmp_path / "g.jsonl").write_text(json.dumps(gold[0]) + "\n", encoding="utf-8")
    main(["--corpus", str(tmp_path / "c.jsonl"), "--gold", str(tmp_path / "g.jsonl"), "--show", "missed"])


def test_a_model_event_takes_an_actor_of_another_state_before_an_unnamed_phrase(extractor: Extractor) -> None:
    """The parse finds no object actor ('rockets' is the object); the target is the troops of another
    state the act governs ('targeting Turkish troops'), not 'rockets' taken to be Syria's own."""
    res = extractor.extract(Document(id="o", text="Syria launched rockets targeting Turkish troops at Iraqi bases.",
                                     published="2020-01-05"))  # fmt: skip
    (ev,) = [e for e in res.events if e.type == "ASSAULT"]
    assert {m.actor.country for m in ev.source} == {"SYR"} and {m.actor.country for m in ev.target} == {"TUR"}


def test_a_place_is_never_a_side_the_role_model_picks(extractor: Extractor) -> None:
    """A state named where the act happens ('in Iraq', 'at Iraqi bases', 'near the Iraqi border') is
    the place, not the target; a state that a noun's act is done to ('interference in Ukraine') and
    the troops fired at ('at Turkish troops') stay candidates."""
    from geopol.actors import actor_mentions
    from geopol.events._learned import a_place

    for text in ("Syria launched rockets targeting Turkish troops in Iraq.",
                 "Syria launched rockets targeting Turkish troops near the Iraqi border."):  # fmt: skip
        res = extractor.extract(Document(id="p", text=text, published="2020-01-05"))
        (ev,) = [e for e in res.events if e.type == "ASSAULT"]
        assert {m.actor.country for m in ev.target} == {"TUR"}, text
    doc = extractor.nlp("Syria fired at Turkish troops at Iraqi bases. Russia's interference in Ukraine angered Kyiv.")
    places = {doc[m.start : m.end].text: a_place(doc, m) for m in actor_mentions(doc._.geopol_mentions)}
    assert places["Iraqi"] and not places["Turkish troops"] and not places["Ukraine"], places


def test_platt_fit_converges_where_a_full_newton_step_diverges() -> None:
    """Confident logits (most far below zero, positives rare) made the undamped Newton steps
    overshoot to a = 8e7; the halved steps reach the fit."""
    from geopol.train.neural import platt_fit

    rng = np.random.default_rng(0)  # the shape of a fine-tuned encoder's held-out logits
    z = np.concatenate([rng.normal(-12.0, 2.0, 58_000), rng.normal(-0.3, 5.4, 276)])
    y = np.concatenate([np.zeros(58_000), np.ones(276)])
    a, b = platt_fit(z, y)
    assert 0.1 < a < 10 and -20 < b < 20
    p = 1 / (1 + np.exp(-(a * z + b)))
    assert abs(p.mean() - y.mean()) < 0.001  # calibrated on average
    z2 = rng.normal(size=5000)
    y2 = (rng.random(5000) < 1 / (1 + np.exp(-(2 * z2 - 1)))).astype(float)
    a2, b2 = platt_fit(z2, y2)
    assert abs(a2 - 2) < 0.2 and abs(b2 + 1) < 0.2


def test_the_encoder_is_fine_tuned_on_its_sources_only_and_the_cameo_fold_stays_held() -> None:
    from geopol.train.corpus import Example
    from geopol.train.neural import ENCODER_SOURCES, items_of, select

    def ex(key: str, source: str) -> Example:
        return Example(key, source, "Russia attacked Ukraine.", None, [None], [[0] * len(PLOVER_TYPES)])

    exs = [ex(f"r{i}", "realnews") for i in range(4)] + [ex(f"c{i}", "cameo_train") for i in range(10)]
    exs += [ex("s0", "synthetic"), ex("p0", "petrarch")]
    train, real_held, cameo_held = select(items_of(exs), {"r0"})
    assert {it.source for it in train} <= ENCODER_SOURCES
    assert [it.key for it in real_held] == ["r0"] and len(cameo_held) == 2  # a fifth of cameo_train, measured
    assert "realnews" in ENCODER_SOURCES and "synthetic" not in ENCODER_SOURCES


def test_a_cameo_sentence_coded_by_the_guide_replaces_its_class_and_keeps_it(tmp_path: Path) -> None:
    """Round ten codes cameo_train's sentences by the annotation guide: such a sentence is trained on
    with its PLOVER types (the encoder reads it), not its CAMEO class's partial labels, keeps its
    class for the pentaclass scores, and still falls in the cameo fold the encoder never reads."""
    import json

    from geopol.train import annotations as ann
    from geopol.train.corpus import cameo, uncoded
    from geopol.train.neural import ENCODER_SOURCES, items_of, select

    shared = tmp_path / "shared"
    (shared / "data" / "cameo_train").mkdir(parents=True)
    texts = {
        f"cameo-train-{i:04d}": f"Russian troops attacked Ukrainian positions near Kharkiv number {i}."
        for i in range(10)
    }
    (shared / "data" / "cameo_train" / "corpus.jsonl").write_text(
        "".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in texts.items()), encoding="utf-8"
    )
    (shared / "data" / "cameo_train" / "gold.jsonl").write_text(
        "".join(json.dumps({"id": k, "pentaclass": 4}) + "\n" for k in texts), encoding="utf-8"
    )
    key = "cameo-train-0003"
    text = texts[key]
    event = {"types": ["ASSAULT"], "trigger": [15, 23], "source": [[0, 14, "RUS"]], "target": [[24, 43, "UKR"]]}
    record = {"doc": key, "corpus": "cameo", "start": 0, "end": len(text), "sha1": ann.text_hash(text),
              "annotator": "A57", "events": [event]}  # fmt: skip
    f = tmp_path / "realnews-57.jsonl"
    f.write_text(json.dumps(record) + "\n", encoding="utf-8")
    records = ann.read(f, texts)
    assert ann.held_documents(records, 16) == set()  # a lone sentence is never a held-out article
    coded = ann.examples(records, texts, {})
    assert [e.source for e in coded] == ["cameo_coded"]
    out = coded + uncoded(cameo(shared), coded)
    assert len(out) == 10 and coded[0].pentaclass == 4
    labels = dict(zip(PLOVER_TYPES, coded[0].labels[0], strict=True))
    assert labels["ASSAULT"] == 1 and labels["COERCE"] == 0  # full labels, not the class's unknowns
    items = items_of(out)
    assert next(it for it in items if it.key == key).at_least == []
    assert "cameo_coded" in ENCODER_SOURCES
    train, _, cameo_held = select(items, set())
    assert len(cameo_held) == 2 and {it.source for it in train} <= ENCODER_SOURCES
    assert any(it.key == key for it in train + cameo_held)


def test_a_synthetic_story_coded_by_the_guide_replaces_its_leads_story_label() -> None:
    """Round eleven codes synthetic stories sentence by sentence: the story's lead, weakly labelled
    with the type its template asked for, gives way to the coded sentences; its headline, which no
    annotation codes, keeps the weak label; another story keeps both; a story is never held out."""
    from geopol.train import annotations as ann
    from geopol.train.corpus import CODED_SOURCES, Example, labels_for, uncoded

    lab = labels_for({"SANCTION"}, set(PLOVER_TYPES) - {"SANCTION"})
    weak = [Example(f"ngec-synth-000{i}:{part}", "synthetic", "A text.", None, [None], [lab], group=f"ngec-synth-000{i}")
            for i in (1, 2) for part in ("title", "lead")]  # fmt: skip
    coded = Example("ngec-synth-0001", "synthetic_coded", "A text. More.", None, [(0, 7)], [labels_for(set())])
    assert "synthetic_coded" in CODED_SOURCES
    assert [e.key for e in uncoded(weak, [coded])] == [
        "ngec-synth-0001:title", "ngec-synth-0002:title", "ngec-synth-0002:lead"]  # fmt: skip
    record = ann.Record("ngec-synth-0001", "synthetic", 0, 7, "A64", ())
    assert ann.held_documents([record], 16) == set() and "synthetic" not in ann.HELD_CORPORA


def test_a_pentaclass_leaves_unknown_every_type_its_class_may_hold() -> None:
    """ConfliBERT's classes follow CAMEO's roots: appeals ("urged") sit in class 0, sanctions and
    expulsions in class 3 (verbal conflict). Neither may be taught as absent there."""
    from geopol.train.corpus import UNKNOWN, Example, pentaclass_labels
    from geopol.train.neural import items_of

    lab = dict(zip(PLOVER_TYPES, pentaclass_labels(3), strict=True))
    assert lab["SANCTION"] == lab["ACCUSE"] == lab["PROTEST"] == UNKNOWN
    assert lab["AGREE"] == lab["AID"] == lab["ASSAULT"] == 0
    lab0 = dict(zip(PLOVER_TYPES, pentaclass_labels(0), strict=True))
    assert lab0["REQUEST"] == lab0["ACCUSE"] == UNKNOWN and lab0["SANCTION"] == lab0["CONSULT"] == 0
    lab4 = dict(zip(PLOVER_TYPES, pentaclass_labels(4), strict=True))
    assert lab4["ASSAULT"] == UNKNOWN and lab4["SANCTION"] == UNKNOWN and lab4["ACCUSE"] == 0

    def item(cls: int):  # type: ignore[no-untyped-def]
        e = Example(
            "c", "cameo_train", "Germany urged Iran to talk.", None, [None], [pentaclass_labels(cls)], pentaclass=cls
        )
        return items_of([e])[0]

    assert item(0).at_least == []  # a statement or appeal need not hold any event
    assert {PLOVER_TYPES[k] for k in item(3).at_least} >= {"SANCTION", "REQUEST"}


def test_a_word_of_a_date_is_never_a_trigger(extractor: Extractor) -> None:
    text = "Sunday, March 17, 2019\n\nThe French government met union leaders in Paris on Saturday."
    res = extractor.extract(Document(id="dateline", text=text, published="2019-03-17"))
    assert all(e.trigger.text != "March" for e in res.events), res.events


def test_the_encoder_fine_tune_repeats_bit_for_bit_on_one_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same data, seed, machine and thread count: the same weights (dropout and batches follow the
    seed). Across CPUs or thread counts the float kernels differ, and so do the weights: the README's
    'What a retraining from scratch gives'."""
    pytest.importorskip("torch", reason="the encoder's fine-tune needs the train extra (torch)")
    import random

    from geopol.train import neural

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    rng = random.Random(1)
    words = "Russia China attacked accused met Ukraine protesters police sanctions government talks".split()
    items = []
    for i in range(48):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(5, 16))) + "."
        labels = [int(rng.random() < 0.2) for _ in PLOVER_TYPES]
        items.append(
            neural.Item(f"d{i}", "realnews", text, labels, [], [(0, 6, 1)] if text.startswith("Russia") else [], 1.0)
        )
    digests = []
    for run in range(2):
        net, _ = neural.train_encoder(items, tmp_path / f"run{run}", log=lambda s: None, epochs=1)
        digests.append(hashlib.sha256(b"".join(p.detach().numpy().tobytes() for p in net.parameters())).hexdigest())
    assert digests[0] == digests[1]


def test_an_auxiliary_source_is_read_by_its_own_head_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """A source in AUX_SOURCES is fine-tuned on, through a type head of its own: its labels never
    reach the real-news head, whose logits are the first len(PLOVER_TYPES) columns while training."""
    torch = pytest.importorskip("torch", reason="the encoder's loss needs the train extra (torch)")
    from geopol.train import neural
    from geopol.train.corpus import Example

    monkeypatch.setattr(neural, "AUX_SOURCES", frozenset({"synthetic"}))
    exs = [Example(k, s, "Russia attacked Ukraine.", None, [None], [[0] * len(PLOVER_TYPES)])
           for k, s in (("r0", "realnews"), ("s0", "synthetic"), ("p0", "petrarch"))]  # fmt: skip
    train, _, _ = neural.select(neural.items_of(exs), set())
    assert sorted(it.source for it in train) == ["realnews", "synthetic"]
    n = len(PLOVER_TYPES)
    real = neural.Item("r", "realnews", "x", [0] * n, [], None, 1.0)
    aux = neural.Item("s", "synthetic", "x", [1] * n, [], None, 1.0)
    role = torch.full((2, 3), -100, dtype=torch.long)
    right = torch.cat([torch.full((2, n), -9.0), torch.full((2, n), 9.0)], 1)  # real-news head no, aux head yes
    assert float(neural.loss_of(right, torch.zeros((2, 3, 3)), [real, aux], role)) < 0.01
    real_yes = neural.Item("r", "realnews", "x", [1] * n, [], None, 1.0)
    aux_no = neural.Item("s", "synthetic", "x", [0] * n, [], None, 1.0)
    assert float(neural.loss_of(right, torch.zeros((2, 3, 3)), [real_yes, aux_no], role)) > 100


def test_a_source_chosen_for_its_events_has_a_training_bias_the_export_leaves_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source in PRIOR_SOURCES (sentences picked or written for the events they state) gets a
    type-logit bias of its own while training, so the shared head keeps the event rate of whole
    articles; the network's own outputs (what is exported) never add it, and the checkpoint key
    changes only when such a source is in the data (the shipped recipe's checkpoints stay valid)."""
    torch = pytest.importorskip("torch", reason="the encoder's fine-tune needs the train extra (torch)")
    from geopol.train import neural

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    n = len(PLOVER_TYPES)
    real = neural.Item("r", "realnews", "Russia attacked Ukraine.", [1] + [0] * (n - 1), [], [(0, 6, 1)], 1.0)
    coded = neural.Item("c", "cameo_coded", "China met Russia.", [0, 1] + [0] * (n - 2), [], [(0, 5, 1)], 1.0)
    assert "cameo_coded" in neural.PRIOR_SOURCES
    assert neural.fingerprint([real], 1, 1) == neural.fingerprint([real], 1, 1)
    with_prior = neural.fingerprint([real, coded], 1, 1)
    monkeypatch.setattr(neural, "PRIOR_SOURCES", frozenset())
    assert neural.fingerprint([real, coded], 1, 1) != with_prior
    monkeypatch.undo()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    net, _ = neural.train_encoder([real, coded] * 4, tmp_path, log=lambda s: None, epochs=1)
    assert list(net.priors) == ["cameo_coded"]
    bias = net.prior([real, coded])
    assert torch.equal(bias[0], torch.zeros(n)) and not torch.equal(bias[1], torch.zeros(n))
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(neural.encoder_path()))
    ids, mask, _ = neural._pad(neural.encode(tok, [coded]), [0])
    net.eval()
    with torch.no_grad():
        before = net(ids, mask)[0]
        net.priors["cameo_coded"].data += 5.0
        assert torch.equal(net(ids, mask)[0], before)  # the forward pass (the export) never reads it


def test_a_verb_that_undoes_its_objects_happening_gives_the_type(monkeypatch: pytest.MonkeyPatch) -> None:
    """'lifted sanctions': a model event of the other side (a sanction) on the verb or its object
    becomes the lexicon row's reading of the two (a concession carried out, RETREAT), at the model's
    confidence; a verb of the same side ('imposed sanctions') leaves the model's type alone."""
    _forced(monkeypatch, base=0.01, SANCTION=0.9)
    ex = Extractor(Settings())
    res = ex.extract(Document(id="lift", text="Japan lifted sanctions on Iran on Friday.", published="2016-01-22"))
    assert [(e.type, e.trigger.text, e.confidence) for e in res.events] == [("RETREAT", "lifted", 0.9)], res.events
    res = ex.extract(Document(id="impose", text="Japan imposed sanctions on Iran on Friday.", published="2016-01-22"))
    assert [e.type for e in res.events] == ["SANCTION"], res.events


def test_a_sentence_that_names_no_actor_gets_no_type(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cascade: the encoder reads the sentences that name an actor, of a known state or not; a
    sentence that names none holds no event, whatever the linear model reads in its words."""
    model = load_model()
    assert model is not None
    ex = Extractor(Settings())
    real = model.probabilities

    def loud(feats, dense):  # type: ignore[no-untyped-def]
        p = real(feats, dense).copy()
        p[:, PLOVER_TYPES.index("PROTEST")] = 0.99
        return p

    monkeypatch.setattr(model, "probabilities", loud)
    text = ("Thousands of students marched in Paris on Monday against the French government's reform. "
            "There is nothing left to protest, it seems.")  # fmt: skip
    res = ex.extract(Document(id="none", text=text, published="2016-05-19"))
    second = text.index("There")
    assert all(e.trigger.start < second for e in res.events), res.events
    assert any(e.type == "PROTEST" for e in res.events), res.events


def test_a_rules_event_taken_for_its_own_type_is_not_taken_again_for_a_claimed_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The rules' RETREAT of 'lifted sanctions', accepted for its own type first, is not added a second
    time when the model's SANCTION on 'sanctions' turns into it."""
    _forced(monkeypatch, base=0.01, RETREAT=0.95, SANCTION=0.9)
    ex = Extractor(Settings())
    res = ex.extract(Document(id="twice", text="Japan lifted sanctions on Iran on Friday.", published="2016-01-22"))
    assert [(e.type, e.trigger.text) for e in res.events] == [("RETREAT", "lifted")], res.events


class _FakeEncoder:
    """An encoder of fixed type logits per text, which remembers what it was given."""

    def __init__(self, logits: dict[str, np.ndarray]) -> None:
        self.path = Path("fake")
        self.logits = logits
        self.calls: list[list[str]] = []

    def run(self, texts: list[str]) -> list[Any]:
        from geopol.events.encoder import Encoded

        self.calls.append(list(texts))
        return [Encoded(self.logits[t].astype(np.float32), [(0, len(t))], np.zeros((1, 3), np.float32)) for t in texts]


def test_a_second_encoder_reads_only_the_sentences_the_first_is_unsure_of() -> None:
    from geopol.events.encoder import SecondOpinion

    n = len(PLOVER_TYPES)
    sure, unsure = np.full(n, -10.0), np.full(n, -10.0)
    unsure[PLOVER_TYPES.index("ACCUSE")] = 0.0  # probability 0.5 on the first's scale: within the band
    first = _FakeEncoder({"sure": sure, "unsure": unsure})
    second = _FakeEncoder({"unsure": np.full(n, 2.0)})
    pair = SecondOpinion(first, (1.0, 0.0), second, (1.0, 0.0), share=0.5, band=(0.2, 0.6))  # type: ignore[arg-type]
    out = pair.run(["sure", "unsure"])
    assert second.calls == [["unsure"]], "a sentence the first is sure of is read once"
    assert np.array_equal(out[0].types, sure.astype(np.float32))
    p = 1.0 / (1.0 + np.exp(-out[1].types))
    expected = 0.5 * 0.5 + 0.5 / (1.0 + np.exp(-2.0))
    assert abs(float(p[PLOVER_TYPES.index("ACCUSE")]) - expected) < 1e-5
    assert out[1].offsets == [(0, len("unsure"))] and out[1].roles.shape == (1, 3)
    # the training's reading of whole matrices is the same as reading sentence by sentence
    z = pair.read(np.stack([sure, unsure]), np.stack([np.full(n, 5.0), np.full(n, 2.0)]))
    assert np.allclose(z, np.stack([e.types for e in out]))
    assert pair.run([]) == []


def test_a_model_with_a_second_encoder_saves_and_loads_both(tmp_path: Path) -> None:
    from geopol.events.encoder import SECOND, SecondOpinion

    model = load_model()
    assert model is not None
    if model.encoder is None:
        pytest.skip("the shipped model has no sentence encoder")
    first = getattr(model.encoder, "first", model.encoder)
    pair = copy.copy(model)
    pair.encoder = SecondOpinion(first, model.encoder_platt, first, model.encoder_platt, 0.5, (0.2, 0.6))
    pair.to_disk(tmp_path / "m")
    assert (tmp_path / "m" / SECOND / "encoder.onnx").exists()
    config = json.loads((tmp_path / "m" / "config.json").read_text(encoding="utf-8"))
    assert config["encoder"]["second"] == {"platt": list(model.encoder_platt), "share": 0.5, "band": [0.2, 0.6]}
    again = EventModel.from_disk(tmp_path / "m")
    assert isinstance(again.encoder, SecondOpinion) and again.encoder.band == (0.2, 0.6)
    text = ["Germany expelled two Russian diplomats.", "The weather was sunny all week."]
    # an encoder's second opinion of itself changes nothing
    assert np.allclose(again.encoder.type_logits(text), first.type_logits(text), atol=1e-3)
    (tmp_path / "m" / SECOND / "encoder.onnx").write_bytes(b"not a model")
    with pytest.raises(GeopolError) as e:
        EventModel.from_disk(tmp_path / "m")
    assert e.value.code == "E105"
    del config["encoder"]["second"]["band"]
    (tmp_path / "m" / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(GeopolError) as e:
        EventModel.from_disk(tmp_path / "m")
    assert e.value.code == "E105" and "second encoder" in str(e.value)


def _forecaster(model: EventModel, weights: dict[str, float], bias: float = 0.0) -> Any:
    """A forecaster over the model's type features, with the given weights."""
    from geopol.events.model import FORECAST_LABELS, LinearModel

    W = np.zeros((len(model.types.vocab), 1), np.float32)
    for f, w in weights.items():
        W[model.types.vocab[f], 0] = w
    empty = np.zeros(0, np.float32)
    return LinearModel(FORECAST_LABELS, model.types.vocab, W, np.zeros((0, 1), np.float32),
                       np.array([bias], np.float32), empty, empty)  # fmt: skip


def test_the_forecaster_spares_the_encoder_the_sentences_it_expects_nothing_of() -> None:
    """A sentence the forecaster scores below its threshold is not read; its probabilities are the
    linear model's at their share. One the rules coded an event in is read whatever the forecast."""
    from geopol.events import _learned
    from geopol.events.component import EventComponent

    model = load_model()
    assert model is not None
    if model.encoder is None:
        pytest.skip("the shipped model has no sentence encoder")
    ex = Extractor(Settings())
    comp: EventComponent = ex.nlp.get_pipe("geopol_events")  # type: ignore[assignment]
    text = ("The French president was in a good mood on Monday. "
            "Germany expelled two Russian diplomats on Tuesday.")  # fmt: skip
    doc = ex.nlp(text)
    us = comp.analyse(doc)
    assert len(us) == 2 and not us[0].rule_events and us[1].rule_events
    n = len(PLOVER_TYPES)
    fake = _FakeEncoder({doc[u.start : u.end].text: np.full(n, 3.0) for u in us})
    spare_all = copy.copy(model)
    spare_all.encoder, spare_all.forecaster, spare_all.forecast_threshold = fake, _forecaster(model, {}, -5.0), 0.0
    p, enc = _learned.probabilities(doc, us, spare_all)
    assert fake.calls == [[doc[us[1].start : us[1].end].text]], "only the sentence with the rules' event is read"
    assert enc[0] is None and enc[1] is not None
    linear = model.probabilities([u.features(doc) for u in us], None)
    assert np.allclose(p[0], (1 - model.mix) * linear[0])
    read_all = copy.copy(spare_all)
    read_all.forecaster = _forecaster(model, {}, 5.0)
    fake.calls.clear()
    _learned.probabilities(doc, us, read_all)
    assert fake.calls == [[doc[u.start : u.end].text for u in us]]


def test_a_model_with_a_forecaster_saves_and_loads_it(tmp_path: Path) -> None:
    model = load_model()
    assert model is not None
    if model.encoder is None:
        pytest.skip("the shipped model has no sentence encoder")
    m = copy.copy(model)
    feature = next(iter(model.types.vocab))
    m.forecaster, m.forecast_threshold = _forecaster(model, {feature: 1.5}, -1.0), -0.25
    m.to_disk(tmp_path / "m")
    again = EventModel.from_disk(tmp_path / "m")
    assert again.forecaster is not None and again.forecast_threshold == -0.25
    assert again.worth_reading([[feature], []]).tolist() == [True, False]
    config = json.loads((tmp_path / "m" / "config.json").read_text(encoding="utf-8"))
    del config["encoder"]["forecast"]
    (tmp_path / "m" / "config.json").write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(GeopolError) as e:
        EventModel.from_disk(tmp_path / "m")
    assert e.value.code == "E105" and "forecast" in str(e.value)
    other = copy.copy(m)
    other.forecaster = _forecaster(model, {}, 0.0)
    other.forecaster.vocab = {"another": 0}
    with pytest.raises(ValueError):
        other.to_disk(tmp_path / "other")


def test_the_forecasters_threshold_keeps_its_recall_on_held_out_articles() -> None:
    pytest.importorskip("sklearn")
    from geopol.train import forecast

    rng = np.random.default_rng(3)
    vocab = {f"w{i}": i for i in range(20)}
    feats, y, groups = [], [], []
    for k in range(600):
        profitable = k % 3 == 0
        words = [f"w{i}" for i in rng.choice(10, 3, replace=False)]  # noise
        if profitable or rng.random() < 0.1:
            words.append(f"w{10 + int(rng.integers(0, 10))}")  # the words the encoder finds types by
        feats.append(words)
        y.append(int(profitable))
        groups.append(f"doc{k // 6}")
    model, threshold, report = forecast.fit(feats, np.array(y, np.int8), groups, vocab, recall=0.95)
    assert model.W.shape == (20, 1) and model.labels == ("read",)
    assert report["test_recall"] >= 0.95 and report["test_spared"] > 0.4
    s = model.scores(feats)[:, 0]
    assert (s[np.array(y) == 1] >= threshold).mean() >= 0.9


def test_the_forecaster_learns_from_articles_no_annotation_round_has_read(tmp_path: Path) -> None:
    from geopol.train import annotations as ann
    from geopol.train import forecast

    seen = ann.annotated_documents()
    staged = {json.loads(line)["doc"] for f in (ann.ANNOTATIONS / "next").glob("*.jsonl")
              for line in f.read_text(encoding="utf-8").splitlines() if line.strip()}  # fmt: skip
    assert staged and staged <= seen, "the staged rounds count as read"
    shared = tmp_path / "shared"
    (shared / "data" / "polnear_train").mkdir(parents=True)
    some = sorted(seen)[:2]
    rows = [{"id": d, "text": "x", "split": "train"} for d in [*some, "fresh-1", "fresh-2"]]
    rows.append({"id": "dev-1", "text": "x", "split": "dev"})
    (shared / "data" / "polnear_train" / "corpus.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert sorted(d["id"] for d in forecast.documents(shared, 10)) == ["fresh-1", "fresh-2"]


def test_the_selection_grid_codes_what_extract_writes(tmp_path: Path) -> None:
    """The grid parses its held-out documents once and codes them again with each of its models; what
    it scores must be what `geopol extract` writes with that model, byte for byte, whichever models
    coded the same parsed documents before (a rejected document keeps its error line)."""
    import io
    from dataclasses import replace

    from geopol.jobs import extract
    from geopol.train.recode import Recoder, Remembered

    shipped = load_model()
    assert shipped is not None
    docs = [
        {"id": "a", "published": "2024-03-02", "text": "Germany expelled two Russian diplomats on Friday. Moscow "
         "said it would respond. Protesters marched in Berlin against the war, and police arrested twelve."},
        {"id": "b", "published": None, "text": "Das ist kein englischer Text, und er wird abgelehnt, weil er "
         "nicht auf Englisch geschrieben ist."},
        {"id": "c", "published": "2023-11-20", "text": "The foreign ministers of India and China met in Beijing "
         "and agreed to resume border talks. Pakistan accused India of shelling villages in Kashmir."},
    ]  # fmt: skip
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    recoder = Recoder([corpus])
    kept = Remembered(shipped.encoder) if shipped.encoder is not None else None
    variants = {
        "shipped": replace(shipped, encoder=kept, forecaster=None),
        "looser": replace(
            shipped,
            encoder=kept,
            forecaster=None,
            per_sentence=2,
            sure=0.05,
            thresholds=dict.fromkeys(shipped.thresholds, 0.05),
        ),
        "rules": None,
    }
    written: dict[str, str] = {}
    for name in ("shipped", "looser", "rules", "shipped"):
        model = variants[name]
        folder = tmp_path / name
        if model is not None and not folder.exists():
            replace(model, encoder=shipped.encoder).to_disk(folder)
        buf = io.StringIO()
        extract([corpus], buf, Settings(event_model=str(folder) if model is not None else "none"))
        assert recoder.jsonl(model) == buf.getvalue(), name
        written[name] = buf.getvalue()
    assert len(set(written.values())) == 3, "the three models code these documents alike: the test tells nothing"
    lines = [json.loads(x) for x in buf.getvalue().splitlines()]
    assert [x["id"] for x in lines] == ["a", "b", "c"] and lines[1]["error"]["code"] == "E005"
    assert any(x.get("events") for x in lines)


def test_an_epoch_reads_every_event_sentence_and_a_fresh_share_of_the_others() -> None:
    from geopol.train import neural

    n = len(PLOVER_TYPES)
    pos = [neural.Item(f"p{i}", "realnews", "x", [1] + [0] * (n - 1), [], [], 1.0) for i in range(30)]
    neg = [neural.Item(f"n{i}", "realnews", "x", [0] * n, [], [], 1.0) for i in range(70)]
    penta = [neural.Item("c0", "cameo_train", "x", [-1] * n, [3, 4], None, 1.0)]
    train = pos + neg + penta
    samples = [neural.epoch_sample(train, e, seed=15, negatives=0.5) for e in range(3)]
    for s in samples:
        assert s == sorted(s) and set(range(30)) | {100} <= set(s)  # every event sentence, in order
        assert len(s) - 31 == 35
    assert samples[0] != samples[1]  # a fresh share of the negatives each epoch
    assert samples[0] == neural.epoch_sample(train, 0, seed=15, negatives=0.5)  # the same for the same seed
    assert neural.epoch_sample(train, 0, seed=15, negatives=1.0) == list(range(101))  # all: as before
    assert neural.fingerprint(train, 5, 15) == neural.fingerprint(train, 5, 15, 1.0)  # old checkpoints still resume
    assert neural.fingerprint(train, 5, 15) != neural.fingerprint(train, 5, 15, 0.5)


def test_frozen_layers_keep_minilm_weights_and_bfloat16_runs_only_where_native(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``frozen_layers=1``: the embeddings and the lowest transformer layer keep MiniLM's weights, the
    layers above move; bfloat16 (``--quick``) is used only where the CPU has it natively; the
    checkpoints of a frozen or bfloat16 fine-tune are kept apart from the shipped recipe's, whose
    fingerprint is the one it had before these settings existed."""
    torch = pytest.importorskip("torch", reason="the encoder's fine-tune needs the train extra (torch)")
    from geopol.train import neural

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    text = "Russia accused Ukraine of shelling town {}."
    n = len(PLOVER_TYPES)
    items = [neural.Item(f"d{i}", "realnews", text.format(i), [int(i % 3 == 0)] + [0] * (n - 1), [], [(0, 6, 1)], 1.0)
             for i in range(40)]  # fmt: skip
    base = neural._net(neural.encoder_path())
    net, _ = neural.train_encoder(items, tmp_path, log=lambda s: None, epochs=1, frozen_layers=1, bf16=True)
    same = lambda a, b: all(torch.equal(x, y) for x, y in zip(a.parameters(), b.parameters(), strict=True))  # noqa: E731
    assert same(net.enc.embeddings, base.enc.embeddings)
    assert same(net.enc.encoder.layer[0], base.enc.encoder.layer[0])
    assert not same(net.enc.encoder.layer[1], base.enc.encoder.layer[1])
    assert neural.precision(False) == "float32"
    assert neural.precision(True) == ("bfloat16" if neural.bf16_native() else "float32")
    assert neural.fingerprint(items, 5, 15) == neural.fingerprint(items, 5, 15, 1.0, -1, "float32")
    assert neural.fingerprint(items, 5, 15) != neural.fingerprint(items, 5, 15, 1.0, 1, neural.precision(True))
    assert neural.fingerprint(items, 5, 15, 1.0, 1, "float32") != neural.fingerprint(items, 5, 15, 1.0, -1, "float32")


def test_a_student_learns_its_teachers_probabilities_and_reads_every_one_each_epoch() -> None:
    """A teacher's sentences (``neural.distilled``) carry its calibrated type probabilities as soft
    labels and no roles; the type loss is least where the student's probabilities are the teacher's;
    every epoch reads them (they are no sentences "with no event" to sample), and they change the
    fingerprint, so a student never resumes its teacher's checkpoints."""
    torch = pytest.importorskip("torch", reason="the encoder's loss needs the train extra (torch)")
    from geopol.train import neural
    from geopol.train.run import teach_student

    n = len(PLOVER_TYPES)
    probs = np.full((2, n), 0.02, np.float32)
    probs[0, 8], probs[1, 15] = 0.71234567, 0.3

    class Teacher:
        def type_logits(self, texts: list[str]) -> np.ndarray:
            p = probs[: len(texts)]
            return np.log(p / (1 - p)) / 2.0 - 0.5  # what Platt (2.0, 1.0) turns back into ``probs``

    unread = [("u1", ["w=accuse"], "Critics accused the minister."), ("u2", ["w=bomb"], "A bomb hit the town.")]
    kids = teach_student(Teacher(), (2.0, 1.0), unread)
    assert [(k.key, k.source, k.text, k.roles, k.weight) for k in kids] == [
        ("u1", neural.DISTILLED, "Critics accused the minister.", None, neural.DISTIL_WEIGHT),
        ("u2", neural.DISTILLED, "A bomb hit the town.", None, neural.DISTIL_WEIGHT),
    ]
    assert kids[0].labels[8] == 0.7123 and kids[1].labels[15] == 0.3 and kids[0].labels[0] == 0.02
    assert not any(neural.is_negative(k) for k in kids)
    role = torch.full((2, 3), -100, dtype=torch.long)
    target = torch.logit(torch.tensor([k.labels for k in kids]))
    at = lambda z: float(neural.loss_of(z, torch.zeros((2, 3, 3)), kids, role))  # noqa: E731
    assert at(target) < at(target + 1.0) and at(target) < at(target - 1.0)
    real = [neural.Item(f"r{i}", "realnews", "x", [0] * n, [], [], 1.0) for i in range(4)]
    for epoch in range(3):
        assert {4, 5} <= set(neural.epoch_sample(real + kids, epoch, seed=15, negatives=0.5))
    assert neural.fingerprint(real, 5, 7) != neural.fingerprint(real + kids, 5, 7)


def test_the_student_reads_first_and_its_teacher_second(tmp_path: Path) -> None:
    """``lead_with_second`` swaps the encoder files of a model folder and of its ``second/``."""
    from geopol.events.encoder import FILES, SECOND
    from geopol.train.run import lead_with_second

    (tmp_path / SECOND).mkdir()
    for name in FILES:
        (tmp_path / name).write_text(f"teacher {name}")
        (tmp_path / SECOND / name).write_text(f"student {name}")
    lead_with_second(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*FILES, SECOND])
    for name in FILES:
        assert (tmp_path / name).read_text() == f"student {name}"
        assert (tmp_path / SECOND / name).read_text() == f"teacher {name}"


def test_the_forecaster_reuses_the_sentences_a_teacher_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``forecast.build(rows=...)`` fits on the sentences given and does not parse the articles again."""
    pytest.importorskip("sklearn", reason="the forecaster's fit needs the train extra (scikit-learn)")
    from geopol.train import forecast

    def no_parse(docs: list[dict[str, Any]], batch: int = 16) -> list[tuple[str, list[str], str]]:
        raise AssertionError("the articles were parsed again")

    monkeypatch.setattr(forecast, "sentences", no_parse)
    monkeypatch.setattr(forecast, "documents", lambda shared, n=400: [{"id": f"a{i}"} for i in range(10)])
    rows = [(f"a{i % 10}", [f"w=word{i % 7}", "b=x"], f"Sentence {i}.") for i in range(200)]

    class Encoder:
        def type_logits(self, texts: list[str]) -> np.ndarray:
            z = np.full((len(texts), len(PLOVER_TYPES)), -6.0, np.float32)
            z[:, 0] = [3.0 if int(t.split()[1][:-1]) % 7 == 0 else -6.0 for t in texts]
            return z

    vocab = {f"w=word{i}": i for i in range(7)} | {"b=x": 7}
    _, _, card = forecast.build(tmp_path, Encoder(), (1.0, 0.0), vocab, log=lambda s: None, rows=rows)
    assert card["sentences"] == 200 and card["documents"] == 10 and 0.1 < card["profitable_share"] < 0.2


def test_fine_tunes_side_by_side_relay_their_log_and_their_failure(tmp_path: Path) -> None:
    """Each fine-tune runs in a process of its own; its log lines reach this process marked with its
    name, and one that fails raises here, saying so, instead of leaving a model half built."""
    from geopol.train import neural

    lines: list[str] = []
    runs = neural.FineTunes({"broken": {"examples": None, "held": set(), "work": tmp_path, "out": tmp_path}},
                            tmp_path / "tasks", lines.append, threads=1)  # fmt: skip
    with pytest.raises(RuntimeError, match="'broken' stopped"):
        runs.results()
    assert any(line.startswith("[broken] failed: TypeError") for line in lines), lines
    runs.close()  # twice is harmless


def test_the_fine_tunes_run_side_by_side_only_where_neither_teaches_the_other(monkeypatch: pytest.MonkeyPatch) -> None:
    """By default (the shipped recipe; ``--one-after-the-other`` asks for the other way) where the
    cores allow it and no fine-tune teaches the other."""
    import inspect

    from geopol.train import run

    assert run.SIDE_BY_SIDE is True
    assert inspect.signature(run.train).parameters["together"].default is run.SIDE_BY_SIDE

    monkeypatch.setattr(run, "usable_cores", lambda: 2)
    assert run.side_by_side(student=False)
    assert not run.side_by_side(student=True)  # the student needs its teacher's readings first
    monkeypatch.setattr(run, "DISTIL_DOCUMENTS", 400)
    assert not run.side_by_side(student=False)
    monkeypatch.setattr(run, "DISTIL_DOCUMENTS", 0)
    monkeypatch.setattr(run, "usable_cores", lambda: 1)
    assert not run.side_by_side(student=False)  # one core: one after the other, each with it all


def test_a_joint_act_of_one_doer_is_asked_for_its_counterpart() -> None:
    """'Putin met Xi': one doer of a type done together is a directed act and its counterpart is
    sought; two doers ('Putin and Xi met') make it joint, with no one sought for the other side."""
    from geopol.events._learned import joint

    class M:
        def __init__(self, name: str) -> None:
            self.actor = type("A", (), {"name": name})()

    assert not joint("CONSULT", [M("Vladimir Putin")])  # type: ignore[list-item]
    assert not joint("CONSULT", [M("Vladimir Putin"), M("Vladimir Putin")])  # type: ignore[list-item]
    assert joint("AGREE", [M("Vladimir Putin"), M("Xi Jinping")])  # type: ignore[list-item]
    assert not joint("ACCUSE", [M("Vladimir Putin"), M("Xi Jinping")])  # type: ignore[list-item]


def test_whole_events_only_leaves_out_events_with_a_side_that_names_no_one(extractor: Extractor) -> None:
    text = "Russian Foreign Minister Sergei Lavrov visited on Tuesday. Putin met Xi in Moscow on Tuesday."
    doc = Document(id="w", text=text, published="2023-03-21")
    every = extractor.extract(doc).events
    whole = Extractor(Settings(whole_events_only=True), nlp=extractor.nlp).extract(doc).events
    assert any(not e.target and not e.reciprocal for e in every), every
    assert whole and all(e.reciprocal or (e.source and e.target) for e in whole), whole
    assert [e for e in every if e.reciprocal or (e.source and e.target)] == list(whole)
