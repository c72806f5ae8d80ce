"""The public API is exactly what ``geopol.__all__`` lists (pinned here: changing it is deliberate)."""

from __future__ import annotations

import importlib

import pytest

import geopol

PUBLIC_API = [
    "Actor", "Aggregate", "Attribution", "Claim", "Dataset", "DateRange", "DedupRule", "DocError", "DocResult", "Document", "DocumentError",
    "Errors", "Event", "EventFilter", "Extractor", "FieldMap", "Figure", "GeopolError", "Location", "Mention",
    "PLOVER_TYPES", "ReadOptions", "Report", "Settings", "Span", "Store", "__version__", "extract",
    "find_events", "ingest", "read_paths", "sample_corpus", "summary",
]  # fmt: skip


def test_public_api_all_is_pinned() -> None:
    assert sorted(geopol.__all__) == sorted(PUBLIC_API)
    assert len(geopol.__all__) == len(set(geopol.__all__))


def test_public_api_every_name_is_importable() -> None:
    module = importlib.import_module("geopol")
    for name in PUBLIC_API:
        assert getattr(module, name) is not None, name
    namespace: dict[str, object] = {}
    exec("from geopol import *", namespace)  # noqa: S102 - the star import users may write
    assert set(PUBLIC_API) - {"__version__"} <= set(namespace)


def test_public_api_version_matches_metadata() -> None:
    from importlib.metadata import version

    assert geopol.__version__ == version("geopol")


def test_an_extractor_with_no_settings_reads_the_geopol_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    """As the command line and the HTTP API do: GEOPOL_EVENT_MODEL=none codes with the rules alone;
    settings given in code win over the variables."""
    from geopol import Extractor, Settings

    monkeypatch.setenv("GEOPOL_EVENT_MODEL", "none")
    monkeypatch.setenv("GEOPOL_MAX_CHARS", "5000")
    x = Extractor()
    assert x.settings.event_model == "none" and x.settings.max_chars == 5000
    assert Extractor(Settings(max_chars=7000)).settings.max_chars == 7000
