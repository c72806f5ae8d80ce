"""Shared fixtures: one spaCy pipeline for the whole session, temporary stores, shared data.

Loading spaCy takes about a second, so the pipeline is built once (``extractor``); tests that need
other settings build an ``Extractor`` around the same pipeline with ``make_extractor``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

import geopol
from geopol.records import Actor, DateRange, DocResult, Document, Event, Mention, Span, is_background

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS_CORPUS = SHARED / "data" / "seeds" / "corpus.jsonl"


def shared_file(path: Path) -> Path:
    """A file under ../shared, or skip the test with the reason."""
    if not path.exists():
        pytest.skip(f"{path} is absent (../shared is not checked out beside the repository)")
    return path


def doc_of(item: Document | DocResult) -> Document:
    return item.document if isinstance(item, DocResult) else item


@pytest.fixture(autouse=True)
def _no_geopol_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see the developer's GEOPOL_* variables."""
    for name in list(os.environ):
        if name.startswith("GEOPOL_"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def extractor() -> geopol.Extractor:
    """The rules alone code events here: tests of cleaning, actors, claims, the store, analysis, the
    API and the page pin numbers on the sample corpus that must not move each time the learned
    event model is retrained. The learned coder has its own tests (test_event_model.py) and the
    quality gate, which both run with the shipped model."""
    return geopol.Extractor(geopol.Settings(event_model="none"))


@pytest.fixture(scope="session")
def make_extractor(extractor: geopol.Extractor) -> Callable[..., geopol.Extractor]:
    """An Extractor with other settings, sharing the session's loaded spaCy pipeline."""

    def make(**settings: object) -> geopol.Extractor:
        return geopol.Extractor(geopol.Settings(**settings), nlp=extractor.nlp)  # type: ignore[arg-type]

    return make


@pytest.fixture
def tmp_store(tmp_path: Path) -> Path:
    return tmp_path / "geopol.duckdb"


@pytest.fixture(scope="session")
def sample_items() -> list[Document | DocResult]:
    return list(geopol.read_paths([geopol.sample_corpus()]))


@pytest.fixture(scope="session")
def sample_results(extractor: geopol.Extractor, sample_items: list[Document | DocResult]) -> list[DocResult]:
    return list(extractor.run(sample_items))


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory, extractor: geopol.Extractor) -> Path:
    """The bundled sample corpus ingested once; tests only read it (copy it to change it)."""
    path = tmp_path_factory.mktemp("store") / "sample.duckdb"
    report = geopol.ingest([geopol.sample_corpus()], geopol.Settings(store=path), extractor=extractor)
    assert report.ok == 14 and report.failed == 0
    return path


@pytest.fixture
def fast_jobs(monkeypatch: pytest.MonkeyPatch, extractor: geopol.Extractor) -> None:
    """Make ``geopol.jobs`` (and so the CLI) reuse the session's spaCy pipeline."""
    import geopol.jobs

    def factory(settings: geopol.Settings | None = None) -> geopol.Extractor:
        return geopol.Extractor(settings, nlp=extractor.nlp)

    monkeypatch.setattr(geopol.jobs, "Extractor", factory)


def dated_result(doc_id: str, day: str | None, published: date, type_: str = "AGREE") -> DocResult:
    """A hand-made document: 'China agreed with Russia.', its event dated ``day`` (or undated)."""
    text = "China agreed with Russia."
    china = Mention("China", 0, 5, Actor("China", "CHN", None, "state"))
    russia = Mention("Russia", 18, 24, Actor("Russia", "RUS", None, "state"))
    when = DateRange(day, day, "day", day) if day else None
    event = Event(type_, None, (), (china,), (russia,), False, Span(6, 12, "agreed"), Span(0, 25, text),
                  date=when, background=is_background(when, published))  # fmt: skip
    return DocResult(Document(id=doc_id, text=text, published=published), actors=(china, russia), events=(event,))
