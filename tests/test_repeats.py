"""Repeats: a later sentence that tells an event already coded again is folded into it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from geopol.errors import GeopolError
from geopol.events._repeats import FEATURES, FILE, RepeatModel
from geopol.events.component import MODEL_DIR, load_model
from geopol.events.model import EventModel
from geopol.process import Extractor
from geopol.records import Document

TEXT = (
    "Russian troops attacked Ukrainian soldiers near Kharkiv on Monday. "
    "Russian forces attacked Ukrainian troops near Kharkiv, the army said. "
    "Russian troops attacked Ukrainian soldiers again on Tuesday."
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()  # the shipped event model (the session's codes with the rules alone)


def _with(extractor: Extractor, monkeypatch: pytest.MonkeyPatch, model: RepeatModel | None) -> list:
    monkeypatch.setattr(extractor.nlp.get_pipe("geopol_events").model, "repeats", model)
    return list(extractor.extract(Document(id="rep", text=TEXT, published="2022-05-10")).events)


def test_every_candidate_folds_into_the_first_mention_and_its_sentences_stay(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    unfolded = _with(extractor, monkeypatch, None)
    attacks = [e for e in unfolded if e.type == "ASSAULT" and {m.actor.country for m in e.source} == {"RUS"}]
    assert len(attacks) == 3, "the pipeline codes each sentence's attack"
    never = _with(extractor, monkeypatch, RepeatModel(np.zeros(len(FEATURES)), 1.01, {}))
    assert [e.as_json() for e in never] == [{**e.as_json(), "repeats": []} for e in unfolded]
    always = RepeatModel(np.array([20.0] + [0.0] * (len(FEATURES) - 1)), 0.5, {})
    folded = _with(extractor, monkeypatch, always)
    (first,) = [e for e in folded if e.type == "ASSAULT"]
    assert first.sentence == attacks[0].sentence
    assert [s.text for s in first.repeats] == [attacks[1].sentence.text, attacks[2].sentence.text]
    assert first.as_json()["repeats"] == [{"start": s.start, "end": s.end} for s in first.repeats]


def test_a_different_date_weighs_against_a_repeat(extractor: Extractor, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only a date other than the earlier mentions' counts: Tuesday's attack stays an event of its own."""
    w = np.zeros(len(FEATURES))
    w[0], w[FEATURES.index("dated, and differently from the nearest dated earlier mention")] = 5.0, -10.0
    folded = _with(extractor, monkeypatch, RepeatModel(w, 0.5, {}))
    attacks = [e for e in folded if e.type == "ASSAULT"]
    assert len(attacks) == 2 and attacks[1].date is not None and attacks[1].date.start == "2022-05-10"
    assert [s.text for s in attacks[0].repeats] == [
        "Russian forces attacked Ukrainian troops near Kharkiv, the army said."
    ]


def test_the_shipped_repeat_model_loads_with_its_card() -> None:
    model = load_model()
    assert model is not None and model.repeats is not None, "no repeats.json: python -m geopol.train.repeats"
    card = model.repeats.card
    assert card["training"]["examples"] > 500 and 0.5 <= model.repeats.threshold <= 1.01
    assert card["threshold"]["chosen"] == model.repeats.threshold
    files = json.loads((MODEL_DIR / "card.json").read_text(encoding="utf-8"))["files"]
    assert hashlib.sha256((MODEL_DIR / FILE).read_bytes()).hexdigest()[:16] == files[FILE]


def test_a_model_saves_and_loads_its_repeats_and_drops_a_stale_file(tmp_path: Path) -> None:
    model = load_model()
    assert model is not None and model.repeats is not None
    model.to_disk(tmp_path / "m")
    again = EventModel.from_disk(tmp_path / "m")
    assert again.repeats is not None and np.allclose(again.repeats.weights, model.repeats.weights)
    assert again.repeats.threshold == model.repeats.threshold
    again.repeats = None
    again.to_disk(tmp_path / "m")
    assert not (tmp_path / "m" / FILE).exists()


def test_a_repeat_model_of_other_features_is_E105(tmp_path: Path) -> None:
    (tmp_path / FILE).write_text(json.dumps({"features": ["bias"], "weights": [1.0], "threshold": 0.5}))
    with pytest.raises(GeopolError) as err:
        RepeatModel.from_disk(tmp_path)
    assert err.value.code == "E105"


def test_a_stored_events_repeats_reach_the_frames_the_api_and_the_plover_export(tmp_path: Path) -> None:
    """One event told twice in its document: stored once, counted once, its other sentence kept."""
    from datetime import date

    from geopol import Store
    from geopol.analysis import browse
    from geopol.analysis.export import export
    from geopol.analysis.frames import Dataset
    from geopol.records import Span

    from .conftest import dated_result

    base = dated_result("twice", "2020-01-02", date(2020, 1, 3))
    text = base.document.text + " China agreed with Russia again, officials said."
    again = Span(len(base.document.text) + 1, len(text), text[len(base.document.text) + 1 :])
    event = replace(base.events[0], repeats=(again,))
    result = replace(base, document=replace(base.document, text=text), events=(event,))
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.write([result])
        (row,) = browse.events(s)["items"]
        assert row["repeats"] == [{"start": again.start, "end": again.end}]
        export(s, "events", "plover", tmp_path / "e.jsonl")
    with Dataset(path) as ds:
        assert list(ds.events()["told_again"]) == [1]
    (line,) = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert line["evidence"][0]["told_again"] == ["China agreed with Russia again, officials said."]


def test_the_threshold_is_the_best_mean_and_a_tie_goes_to_the_one_that_folds_less() -> None:
    from geopol.train.repeats import choose

    scores = {"0.5": [0.40, 0.56, 0.36, 0.48], "0.75": [0.41, 0.57, 0.37, 0.49], "0.85": [0.41, 0.57, 0.36, 0.49],
              "1.01": [0.40, 0.56, 0.35, 0.48]}  # fmt: skip
    assert choose(scores) == 0.85  # 0.4575 is within 0.005 of 0.46
    scores["0.85"] = [0.40, 0.56, 0.35, 0.48]
    assert choose(scores) == 0.75


def test_the_cards_get_the_files_hash_and_one_repeats_section(tmp_path: Path) -> None:
    from geopol.train.repeats import SECTION, _cards

    (tmp_path / "card.json").write_text(json.dumps({"files": {"config.json": "x"}}), encoding="utf-8")
    (tmp_path / "MODEL_CARD.md").write_text("# Model\n\nText.\n", encoding="utf-8")
    card = {"training": {"articles": 2, "examples": 3, "repeats": 1},
            "threshold": {"chosen": 0.85, "scores": {"held": {"0.85": [0.4, 0.5, 0.3, 0.4], "1.01": [0.3, 0.4, 0.3, 0.4]}}}}  # fmt: skip
    model = RepeatModel(np.zeros(len(FEATURES)), 0.85, card)
    for _ in range(2):  # a second fit replaces the section, never adds one
        model.to_disk(tmp_path)
        _cards(tmp_path, model)
    md = (tmp_path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert md.startswith("# Model\n\nText.\n") and md.count(SECTION) == 1 and "| held | 0.85 (folded) |" in md
    files = json.loads((tmp_path / "card.json").read_text(encoding="utf-8"))["files"]
    assert (
        files[FILE] == hashlib.sha256((tmp_path / FILE).read_bytes()).hexdigest()[:16] and files["config.json"] == "x"
    )


def test_the_command_lines_event_flags_say_how_often_it_was_told_again() -> None:
    from geopol.cli._render import _flags

    assert _flags({"certainty": "asserted", "repeats": []}) == ""
    assert _flags({"certainty": "reported", "repeats": [{"start": 0, "end": 5}] * 2}) == "reported, told again 2×"
