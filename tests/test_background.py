"""Background facts (events dated over a year before publication): flagged, kept, shown, and left
out of dyad series and trends unless asked for; the summary says how many events have their own date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

import geopol
from geopol import Document, Store
from geopol.analysis import aggregates, browse, refresh
from geopol.analysis.browse import EventQuery
from geopol.cli import app as cli_app
from geopol.records import DateRange, is_background
from geopol.store import summary

from .conftest import dated_result

PUBLISHED = date(2020, 1, 6)


@pytest.mark.parametrize(
    ("end", "published", "background"),
    [("1978-09-17", PUBLISHED, True), ("2018-12-31", PUBLISHED, True), ("2019-01-10", PUBLISHED, False),
     ("2020-01-05", PUBLISHED, False), ("2021-01-01", PUBLISHED, False), ("1978-09-17", None, False)],
)  # fmt: skip
def test_records_background_is_a_date_over_a_year_before_publication(
    end: str, published: date | None, background: bool
) -> None:
    assert is_background(DateRange(end, end, "day", end), published) is background
    assert not is_background(None, PUBLISHED)


def test_records_background_in_extraction_and_json(extractor: geopol.Extractor) -> None:
    text = "In 1978, Egypt signed a peace agreement with Israel. On Monday, Egypt signed a deal with Israel."
    (result,) = extractor.run([Document(id="bg", text=text, published=PUBLISHED)])
    flags = {e.date.text if e.date else None: e.background for e in result.events}
    assert flags.get("1978") is True and flags.get("On Monday") is False, flags
    assert all(line["background"] in (True, False) for line in result.as_json()["events"])


@pytest.fixture
def store(tmp_store: Path) -> Path:
    """CHN–RUS: one event of 1905 and two of January 2020 (one undated), all published in 2020."""
    with Store(tmp_store) as s:
        s.write([dated_result("old", "1905-06-01", PUBLISHED), dated_result("new", "2020-01-02", PUBLISHED),
                 dated_result("undated", None, date(2020, 1, 20), type_="CONSULT")])  # fmt: skip
        refresh(s)
    return tmp_store


def test_analysis_series_and_trends_leave_background_out_unless_asked(store: Path) -> None:
    with Store(store, read_only=True) as s:
        series = aggregates.dyad_series(s, "CHN", "RUS", "week")
        assert [p["period"] for p in series["points"] if p["events"]] == ["2019-12-30", "2020-01-20"]
        assert series["by"] == "week" and series["note"] is None and series["background"] is False
        everything = aggregates.dyad_series(s, "CHN", "RUS", "week", background=True)
        # 1905 to 2020 by week is 5,980 weeks: by month instead, and the response says so
        assert everything["by"] == "month" and "by month instead" in everything["note"]
        assert everything["points"][0]["period"] == "1905-06-01"
        assert sum(p["events"] for p in everything["points"]) == 3
        assert sum(p["events"] for p in aggregates.trends(s, "day")["points"]) == 2
        assert sum(p["events"] for p in aggregates.trends(s, "day", background=True)["points"]) == 3
        # kept and shown: the events list has all three, background last, flagged
        page = browse.events(s, EventQuery())
        assert [(e["doc_id"], e["background"]) for e in page["items"]] == [
            ("new", False), ("undated", False), ("old", True)]  # fmt: skip


def test_store_summary_reports_the_share_of_events_with_their_own_date(store: Path) -> None:
    with Store(store, read_only=True) as s:
        ev = summary(s)["events"]
    assert (ev["own_date"], ev["background"]) == (2, 1)


def test_cli_summary_and_dyad_background(store: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli_app, ["summary", "--store", str(store)])
    assert out.exit_code == 0, out.output
    assert "2 of 3 events (67%) have their own date" in out.output and "1 background" in out.output
    dyad = runner.invoke(cli_app, ["dyad", "CHN", "RUS", "--store", str(store), "--format", "csv"])
    assert dyad.exit_code == 0 and "1905" not in dyad.output
    dyad = runner.invoke(cli_app, ["dyad", "CHN", "RUS", "--store", str(store), "--format", "csv", "--background"])
    assert dyad.exit_code == 0 and "1905-06-01" in dyad.output
    events = runner.invoke(cli_app, ["events", "--store", str(store)])  # tab-separated: not a terminal
    rows = [line.split("\t") for line in events.output.splitlines()[1:] if "\t" in line]
    assert [(r[0], "background" in r[5]) for r in rows] == [("2020-01-02", False), ("2020-01-20", False),
                                                           ("1905-06-01", True)]  # fmt: skip
