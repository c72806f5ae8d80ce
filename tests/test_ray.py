"""The Ray engine gives the local engine's results, item for item and in input order.

It needs the optional 'ray' package: without it these tests are skipped, unless
GEOPOL_RAY_REQUIRED=1 (then they fail). One small local Ray cluster (2 CPUs) serves the module.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import geopol
from geopol.actors import add_user_entry
from geopol.engines.ray_engine import run_ray
from geopol.records import DocError, DocResult, Document

HAVE_RAY = importlib.util.find_spec("ray") is not None
if not HAVE_RAY and os.environ.get("GEOPOL_RAY_REQUIRED") == "1":
    pytest.fail("GEOPOL_RAY_REQUIRED=1 but the 'ray' package is not installed (pip install 'geopol[ray]')")
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")  # Ray's own settings
needs_ray = pytest.mark.skipif(not HAVE_RAY, reason="the 'ray' package is not installed (pip install 'geopol[ray]')")

UNREAD = DocResult(Document("unread", "", origin="missing.html"), error=DocError("E007", "The file could not be read."))
FRENCH = (
    "Le président de la République a rencontré hier le premier ministre pour discuter de la situation "
    "dans le pays et des mesures que le gouvernement doit prendre avant la fin de l'année."
)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    import ray

    ray.init(
        address="local",  # a new cluster, whatever RAY_ADDRESS or an earlier `ray start` says
        num_cpus=2,
        include_dashboard=False,
        object_store_memory=200 * 1024**2,
        log_to_driver=False,
        configure_logging=False,
    )
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def items(sample_items: list[Document | DocResult]) -> list[Document | DocResult]:
    """The sample corpus with bad items among it: a file that could not be read (passed through),
    an empty text (E001), a French one (E005) and a document read with a warning."""
    first, *rest = sample_items
    warned = DocResult(first if isinstance(first, Document) else first.document, warnings=("a reader warning",))
    return [UNREAD, *rest[:6], Document("empty", "   "), Document("french", FRENCH), *rest[6:], warned]


def check_same(got: list[DocResult], want: list[DocResult]) -> None:
    assert [r.document.id for r in got] == [r.document.id for r in want]
    assert [r.as_json() for r in got] == [r.as_json() for r in want]
    assert got == want  # the records survive the trip whole: mentions, actors, dates, warnings


@needs_ray
def test_ray_gives_the_local_results_in_order(
    cluster: Any, extractor: geopol.Extractor, items: list[Document | DocResult]
) -> None:
    want = list(extractor.run(items))
    assert {r.error.code for r in want if r.error} == {"E001", "E005", "E007"}
    assert sum(r.ok for r in want) == 14 and want[-1].warnings == ("a reader warning",)
    check_same(list(run_ray(items, extractor.settings)), want)


@needs_ray
def test_ray_several_windows_and_the_users_actors_file(
    cluster: Any, tmp_path: Path, items: list[Document | DocResult]
) -> None:
    """Windows smaller than the input give the same results; the driver's actors file is the one
    the cluster codes with (the workers do not see the driver's folder)."""
    path = tmp_path / "actors.yaml"
    add_user_entry(path, "people", {"name": "Jane Doe", "aliases": ["Doe"], "country": "GBR", "sector": "GOV",
                                    "role": "foreign_minister", "start": "2031-01-01", "gender": "f"})  # fmt: skip
    doe = Document("doe", "The British foreign secretary met Doe's staff in Paris.", published=date(2031, 6, 1))
    settings = geopol.Settings(actors_file=path)
    todo = [*items, doe]
    want = list(geopol.Extractor(settings).run(todo))
    assert "Jane Doe" in {m.actor.name for m in want[-1].actors}
    got = list(run_ray(todo, settings, window=len(todo) // 2 + 1, concurrency=2))  # two windows
    check_same(got, want)


@needs_ray
def test_ray_error_items_only_never_reach_the_cluster(cluster: Any) -> None:
    assert list(run_ray([UNREAD, UNREAD], geopol.Settings(), window=1)) == [UNREAD, UNREAD]
    assert list(run_ray([], geopol.Settings())) == []


@needs_ray
def test_ray_bad_actors_file_fails_on_the_driver(cluster: Any, tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text("people: [unclosed")
    with pytest.raises(geopol.GeopolError) as info:
        run_ray([Document("a", "Russia attacked Ukraine.")], geopol.Settings(actors_file=path))
    assert info.value.code == "E103"


@needs_ray
def test_ray_model_missing_on_the_cluster_is_e304(cluster: Any) -> None:
    with pytest.raises(geopol.GeopolError) as info:
        list(run_ray([Document("a", "Russia attacked Ukraine.")], geopol.Settings(model="no_such_model")))
    assert info.value.code == "E304" and "no_such_model" in info.value.message


def test_ray_missing_package_is_e306(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    with pytest.raises(geopol.GeopolError) as info:
        run_ray([], geopol.Settings())
    assert info.value.code == "E306" and "pip install 'geopol[ray]'" in info.value.message
