"""The web page end to end, in a real browser: Debian's Chromium driven by Playwright.

A store holds the sample corpus plus one hostile article (markup and SQL-looking text in its title
and body); geopol's app serves it on 127.0.0.1. The tests search a dyad, read its chart and events,
open an event's evidence and its cluster, and check that the hostile article is shown as text and
runs nothing. Every request the page makes must stay on 127.0.0.1.

Without /usr/bin/chromium or the playwright package the tests are skipped, unless
GEOPOL_BROWSER_REQUIRED=1 is set: then they fail. Screenshots go to build/screenshots/.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import geopol

try:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import Page, expect, sync_playwright
except ImportError:  # pragma: no cover - depends on the environment
    sync_playwright = None  # type: ignore[assignment]

# read at import: the suite's autouse fixture hides GEOPOL_* variables from the tests themselves
BROWSER_REQUIRED = os.environ.get("GEOPOL_BROWSER_REQUIRED") == "1"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"

# one article whose title and text are hostile (markup, script, SQL) around real event sentences
HOSTILE = {
    "id": "hostile-001",
    "title": '<script>window.__pwned=3</script> Sanctions row <img src=x onerror="window.__pwned=4">',
    "published": "2023-05-02",
    "url": "javascript:window.__pwned=5",
    "language": "en",
    "text": (
        "BRUSSELS, May 2 — The European Union imposed new sanctions on Russia on Tuesday. "
        "Russia condemned the European Union over the sanctions. "
        "<script>window.__pwned=1</script> A reader comment read "
        # the emoji is outside the BMP: offsets after it count code points, not UTF-16 units
        '<img src=x onerror="window.__pwned=2"> and \'; DROP TABLE events; -- before it was removed 🙂.\n\n'
        "The Kremlin said the measures were illegal and that Moscow would respond."
    ),
}


def _unavailable(reason: str) -> None:
    if BROWSER_REQUIRED:
        pytest.fail(f"{reason}, and GEOPOL_BROWSER_REQUIRED=1")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, extractor: geopol.Extractor) -> Iterator[str]:
    """The sample corpus and the hostile article in a store, served by geopol's app; yields its URL."""
    import uvicorn

    from geopol.api import create_app

    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    store = folder / "web.duckdb"
    report = geopol.ingest([geopol.sample_corpus(), hostile], geopol.Settings(store=store), extractor=extractor)
    assert report.failed == 0
    # the sanctions, told again by the Kremlin's sentence: folded into one event, as the learned coder
    # folds a repeat (the rules alone, which code this store, fold none)
    from geopol.store import Store

    again = HOSTILE["text"].index("The Kremlin said")
    with Store(store) as s:
        s.con.execute(
            "UPDATE events SET record = json_merge_patch(record, ?) WHERE doc_id = 'hostile-001' AND type = 'SANCTION'",
            [json.dumps({"repeats": [{"start": again, "end": len(HOSTILE["text"])}]})],
        )

    # port 0: the system picks a free port; the server tells which once it has started
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=0, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    try:
        # the hostile article must have events, or the second test would prove little
        with urllib.request.urlopen(base + "api/events?doc_id=hostile-001") as resp:
            events = json.load(resp)["items"]
        assert {e["type"] for e in events} >= {"SANCTION", "ACCUSE"}
        yield base
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if sync_playwright is None:
        _unavailable("the playwright package is not installed")
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is absent (`make browser` installs Debian's chromium for the browser tests)")
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as err:
            _unavailable(f"{CHROMIUM} did not start: {err.message.splitlines()[0]}")
        yield chromium
        chromium.close()


def off_host(url: str) -> bool:
    """Whether a request would leave 127.0.0.1 (data: and blob: URLs stay in the page)."""
    parts = urlsplit(url)
    return parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1"


class Watched:
    """A page plus what it did: requests (only 127.0.0.1 allowed), console errors, uncaught errors."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.left: set[str] = set()  # requests for other hosts (aborted when routing saw them)
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []

    def assert_clean(self, allow_console: str | None = None) -> None:
        assert not self.left, f"requests left 127.0.0.1: {sorted(self.left)}"
        assert any("/api/" in url for url in self.requests), "the page made no API request"
        assert not self.page_errors, f"uncaught errors in the page: {self.page_errors}"
        csp = [m for m in self.console_errors if "Content Security Policy" in m or "Refused to" in m]
        assert not csp, f"the page broke its Content-Security-Policy: {csp}"
        other = [m for m in self.console_errors if not (allow_console and re.search(allow_console, m))]
        assert not other, f"console errors: {other}"


@pytest.fixture
def watched(browser: Any, server: str) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    page.set_default_timeout(15_000)
    w = Watched(page)

    def route(r: Any) -> None:
        url = r.request.url
        w.requests.append(url)
        if off_host(url):
            w.left.add(url)
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)
    # also seen here: requests that routing does not intercept, and any websocket
    page.on("request", lambda req: w.left.add(req.url) if off_host(req.url) else None)
    page.on("websocket", lambda ws: w.left.add(ws.url))
    page.on("console", lambda msg: w.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: w.page_errors.append(str(err)))
    yield w
    context.close()


def choose_actor(page: Page, typed: str, label: str) -> None:
    box = page.locator("#search")
    box.click()
    box.fill(typed)
    option = page.locator("#suggestions [role=option]").filter(
        has=page.locator(".s-label", has_text=re.compile(f"^{label}$"))
    )
    expect(option.first).to_be_visible()
    option.first.click()


def test_dyad_chart_events_and_evidence(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server)
    # the overview: the actor network and the events
    expect(page.locator(".network-svg .node").first).to_be_visible()
    expect(page.locator(".events-table .event-row").first).to_be_visible()

    # search two actors: the first opens its profile, the second the dyad
    choose_actor(page, "China", "China")
    expect(page).to_have_url(re.compile(r"#actor=CHN$"))
    expect(page.locator("h1")).to_contain_text("China")
    choose_actor(page, "Russia", "Russia")
    expect(page).to_have_url(re.compile(r"#dyad=CHN,RUS$"))
    expect(page.locator(".chip")).to_have_count(2)

    # the time series: bars, score points, and a tooltip with numbers on hover
    expect(page.locator(".chart-svg .bars rect").first).to_be_visible()
    assert page.locator(".chart-svg circle.point").count() >= 1
    march = page.locator('.chart-svg .hit[data-period="2023-03-01"]')
    march.hover()
    tip = page.locator(".chart .tooltip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Mar 2023")
    expect(tip).to_contain_text("cooperation")

    # the events table lists the dyad's events; a click on a period filters it to that period
    rows = page.locator(".events-table .event-row")
    expect(rows.first).to_be_visible()
    march.click()
    expect(page).to_have_url(re.compile(r"since=2023-03-01&until=2023-03-31"))
    expect(page.locator(".events-table")).not_to_contain_text("1 Jan 2023")
    expect(rows.first).to_contain_text("21 Mar 2023")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "web-dyad.png"), full_page=True)

    # a row opens the evidence: the document with its marks, the sentence highlighted and in view
    row = rows.filter(has_text="Russia").first
    row.click()
    expect(page).to_have_url(re.compile(r"#doc=sample-001&event=\d+$"))
    text = page.locator(".doc-text")
    expect(text).to_contain_text("MOSCOW, March 21")
    for mark in (".m-actor", ".m-trigger", ".m-cue", ".m-claim", ".m-figure", ".m-role"):
        assert text.locator(mark).count() >= 1, f"no {mark} marks"
    sentence = text.locator(".m-sentence")
    expect(sentence.first).to_be_in_viewport()
    chosen = text.locator(".m-trigger.is-chosen")
    expect(chosen).to_have_count(1)
    evidence = " ".join(sentence.all_text_contents())
    assert chosen.inner_text().split()[0] in evidence
    expect(page.locator(".mark-legend")).to_contain_text("claim content")
    # the event's cluster: its reports, this one marked, each a link to its document
    reports = page.locator(".cluster .reports li")
    expect(reports.first).to_be_visible()
    expect(page.locator(".cluster .reports li.is-current")).to_have_count(1)
    assert (reports.first.locator("a").get_attribute("href") or "").startswith("#doc=")

    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / "web-evidence.png"), full_page=True)

    # back returns to the dyad with the same period chosen
    page.go_back()
    expect(page).to_have_url(re.compile(r"#dyad=CHN,RUS&.*since=2023-03-01"))
    expect(page.locator(".chart-svg .sel")).to_have_attribute("visibility", "visible")
    expect(rows.first).to_contain_text("21 Mar 2023")
    watched.assert_clean()


def test_a_repeat_is_marked_as_the_chosen_event_told_again(watched: Watched, server: str) -> None:
    with urllib.request.urlopen(server + "api/events?doc_id=hostile-001") as resp:
        (sanction,) = [e for e in json.load(resp)["items"] if e["type"] == "SANCTION"]
    assert len(sanction["repeats"]) == 1
    page = watched.page
    page.goto(server + f"#doc=hostile-001&event={sanction['event_no']}")
    repeat = page.locator(".doc-text .m-repeat")  # in pieces, around the marks inside the sentence
    expect(repeat.first).to_be_visible()
    told = "".join(repeat.all_text_contents())  # the marks' labels (RUS, claim) are inside it too
    assert told.startswith("The Kremlin") and "the measures were illegal and that Moscow" in told
    expect(page.locator(".event-card")).to_contain_text("Told again")
    expect(page.locator(".event-card")).to_contain_text("1 later sentence")
    expect(page.locator(".mark-legend")).to_contain_text("the same event told again")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "web-repeat.png"), full_page=True)
    watched.assert_clean()


def test_hostile_article_is_shown_as_text(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "#events")
    page.locator(".filters input[name=q]").fill("condemned the European Union")
    expect(page.locator(".table-summary")).to_have_text(re.compile(r"^1–1 of 1 report · 1 real-world events?$"))
    page.locator(".events-table .event-row").filter(has_text="ACCUSE").click()
    expect(page).to_have_url(re.compile(r"#doc=hostile-001&event=\d+$"))

    text = page.locator(".doc-text")
    expect(text).to_contain_text("<script>window.__pwned=1</script>")
    expect(text).to_contain_text('<img src=x onerror="window.__pwned=2">')
    expect(text).to_contain_text("'; DROP TABLE events; --")
    expect(page.locator("h1.doc-title")).to_contain_text("<script>window.__pwned=3</script>")
    expect(text.locator(".m-sentence").first).to_be_in_viewport()
    assert "condemned" in "".join(text.locator(".m-sentence").all_text_contents())
    # marks after the emoji sit exactly on their words
    marked = page.evaluate(
        "[...document.querySelectorAll('.doc-text .m-actor, .doc-text .m-cue')].map(el => el.firstChild.textContent)"
    )
    assert "Kremlin" in marked and "said" in marked, marked
    # the cluster's report repeats the hostile title, as text too
    expect(page.locator(".cluster .reports")).to_contain_text("<script>window.__pwned=3</script>")
    # the javascript: URL is not a link
    expect(page.locator('a[href^="javascript"]')).to_have_count(0)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "web-hostile.png"), full_page=True)

    assert page.evaluate("typeof window.__pwned") == "undefined"
    # the only script is the page's own; no element came from the article's markup
    assert page.evaluate("[...document.scripts].map(s => new URL(s.src).pathname)") == ["/static/app.js"]
    assert page.evaluate("document.querySelectorAll('img, [onerror], iframe, object').length") == 0
    # the store is intact after the SQL-looking text went through search
    page.goto(server + "#events&q=" + "%27%3B%20DROP%20TABLE%20events%3B%20--")
    expect(page.locator(".table-summary")).to_contain_text("of")
    page.goto(server + "#events")
    expect(page.locator(".events-table .event-row").first).to_be_visible()
    # pages: next and previous, remembered in the URL
    summary = page.locator(".table-summary")
    expect(summary).to_contain_text("1–50 of")
    page.get_by_role("button", name="Next →").click()
    expect(summary).to_contain_text("51–")
    expect(page).to_have_url(re.compile(r"#events&offset=50$"))
    page.get_by_role("button", name="← Previous").click()
    expect(summary).to_contain_text("1–50 of")
    watched.assert_clean()


@pytest.mark.parametrize("party", ["CHN", "USA", "IRN", "RUS"])
def test_web_actor_view_lists_the_events_its_profile_counts(watched: Watched, server: str, party: str) -> None:
    """The actor view's table holds the actor's events, and as many real-world events as its header
    counts: China's events are found whatever its actors are called (Xi Jinping, Beijing)."""
    page = watched.page
    with urllib.request.urlopen(f"{server}api/actors/{party}") as resp:
        counted = json.load(resp)["events"]["total"]
    assert counted > 0
    page.goto(f"{server}#actor={party}")
    header = page.locator(".view-head .stats .stat").first
    expect(header).to_have_text(re.compile(rf"^{counted} events$"))
    table = page.locator("section.events")
    expect(table.locator(".event-row").first).to_be_visible()
    expect(table).not_to_contain_text("No events match these filters")
    summary = table.locator(".table-summary")
    expect(summary).to_contain_text(f" · {counted} real-world event")
    expect(summary).to_have_attribute("data-events", str(counted))
    watched.assert_clean()


def test_web_actor_view_of_a_person_shows_dated_roles_and_sources(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(f"{server}#actor=Putin")
    roles = page.locator('section[aria-label="Roles"]')
    expect(roles.locator("h2")).to_have_text("Vladimir Putin: roles")
    expect(roles.locator("tbody tr").first).to_contain_text("head_of_government")
    expect(roles).to_contain_text("1999-12-31")
    expect(roles).to_contain_text("people.tsv:52")
    page.goto(f"{server}#actor=CHN")
    expect(page.locator(".view-head h1")).to_contain_text("China")
    expect(page.locator('section[aria-label="Roles"]')).to_have_count(0)
    watched.assert_clean()


def test_api_errors_are_readable(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "#actor=NO-SUCH-ACTOR")
    error = page.locator(".error").first
    expect(error).to_be_visible()
    expect(error).to_contain_text("NO-SUCH-ACTOR")
    expect(error).to_contain_text("404")
    assert "{" not in error.inner_text()
    page.goto(server + "#doc=no-such-document&event=1")
    expect(page.locator(".error").first).to_contain_text("no-such-document")
    # the browser logs the 404 answers themselves; nothing else may go wrong
    watched.assert_clean(allow_console=r"status of 404")


def test_keyboard_search_profile_network_and_back(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server)
    # two ISO-3 codes and Enter: the dyad
    page.locator("#search").fill("CHN RUS")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#dyad=CHN,RUS$"))
    expect(page.locator("h1")).to_have_text("China – Russia")
    # a person finds the state it acts for; arrows and Enter choose
    page.locator("#search").fill("Putin")
    option = page.locator("#suggestions [role=option]").first
    expect(option).to_contain_text("Vladimir Putin")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#actor=RUS$"))
    # the profile: partners, event mix, claims, trend
    expect(page.locator("section[aria-label=Partners] tbody tr").first).to_be_visible()
    expect(page.locator(".quad-bar span").first).to_be_visible()
    expect(page.locator(".claims li").first).to_be_visible()
    expect(page.locator("section[aria-label=Trend] .chart-svg")).to_be_visible()
    # a partner opens the dyad; the period select redraws by week
    page.locator("section[aria-label=Partners] a", has_text="China").click()
    expect(page).to_have_url(re.compile(r"#dyad=RUS,CHN$"))
    page.locator(".card-head select").select_option("week")
    expect(page).to_have_url(re.compile(r"#dyad=RUS,CHN&by=week$"))
    expect(page.locator(".chart-svg circle.point").first).to_be_visible()
    # free text: the last suggestion searches event sentences and claims
    page.locator("#search").fill("pipeline")
    page.locator("#suggestions [role=option]", has_text="Search the texts").click()
    expect(page).to_have_url(re.compile(r"#search=pipeline$"))
    hit = page.locator(".hits li").first
    expect(hit.locator("mark").first).to_have_text(re.compile("pipeline", re.I))
    hit.locator("a").click()
    expect(page).to_have_url(re.compile(r"#doc=sample-001"))
    expect(page.locator(".doc-text")).to_contain_text("pipeline")
    page.go_back()
    expect(page).to_have_url(re.compile(r"#search=pipeline$"))
    page.go_back()
    # the network: a node opens its actor; back returns, and back again
    page.locator("#nav-network").click()
    node = page.locator('.network-svg .node[data-id="CHN"]')
    expect(node).to_be_visible()
    assert page.locator(".network-svg .edge").count() >= 1
    node.click()
    expect(page).to_have_url(re.compile(r"#actor=CHN$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"#network$"))
    page.go_back()
    expect(page).to_have_url(re.compile(r"#dyad=RUS,CHN&by=week$"))
    expect(page.locator("h1")).to_have_text("Russia – China")
    watched.assert_clean()
