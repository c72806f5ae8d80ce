"""Stage 10, api: the HTTP API and the page over a store, through FastAPI's TestClient.

One store per module: the bundled sample corpus plus a hostile article (markup, SQL-looking text and LIKE
wildcards next to a real event sentence). Every /api route must be requested by some test here: the last
test of the module checks it, so a new route without a test fails.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import Match

import geopol
import geopol.process
from geopol.analysis import browse
from geopol.analysis.parties import party as party_of
from geopol.api import create_app
from geopol.web import static_dir

if TYPE_CHECKING:
    from httpx2 import Response

HOSTILE_EVENT = "Russia condemned the European Union on Monday over the sanctions."
HOSTILE_TEXT = (
    f"{HOSTILE_EVENT} <script>alert(1)</script> <img src=x onerror=alert(2)> '; DROP TABLE events; -- "
    "They called it 100%_ unfair, said a spokesman in C:\\Moscow."
)
HOSTILE = {"id": "hostile-1", "title": "<script>alert(3)</script> Sanctions", "published": "2024-02-05",
           "source": "Evil <b>Outlet</b>", "text": HOSTILE_TEXT}  # fmt: skip
SQLISH = ["'; DROP TABLE events; --", "' OR '1'='1", "%", "_", "%_", "\\", "Robert'); DROP TABLE documents;--"]

# (method, route path) of every /api request made by this module's tests
EXERCISED: set[tuple[str, str]] = set()


def api_routes(app: Any) -> list[APIRoute]:
    return [r for r in app.routes if isinstance(r, APIRoute) and r.path.startswith("/api")]


def recording(client: TestClient, app: Any) -> TestClient:
    """Note which route each request of the client reached (for the coverage test at the end)."""
    routes = api_routes(app)

    def hook(response: Response) -> None:
        req = response.request
        scope = {"type": "http", "path": req.url.path, "root_path": "", "method": req.method}
        for route in routes:
            match, _ = route.matches(scope)
            if match == Match.FULL:
                EXERCISED.add((req.method, route.path))
                break

    client.event_hooks = {"request": [], "response": [hook]}
    return client


def assert_error(resp: Response, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error shape: {"error": {"code": "E…", "status": int, "message": str}} and nothing else."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert list(body) == ["error"]
    err = body["error"]
    assert set(err) == {"code", "status", "message"}
    assert re.fullmatch(r"E\d{3}", err["code"]) and err["status"] == status
    assert isinstance(err["message"], str) and err["message"]
    if code:
        assert err["code"] == code, err
    return err


def is_page(body: dict[str, Any]) -> bool:
    # an events page also counts the real-world events among its reports ('events')
    return set(body) - {"events"} == {"items", "total", "limit", "offset", "next_offset"}


# --- fixtures ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def api_store(tmp_path_factory: pytest.TempPathFactory, extractor: geopol.Extractor) -> Path:
    folder = tmp_path_factory.mktemp("api")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", encoding="utf-8")
    path = folder / "api.duckdb"
    report = geopol.ingest([geopol.sample_corpus(), hostile], geopol.Settings(store=path), extractor=extractor)
    assert report.failed == 0 and report.ok == 15
    return path


@pytest.fixture(scope="module")
def app(api_store: Path) -> Any:
    return create_app(api_store, geopol.Settings(store=api_store))


@pytest.fixture(scope="module")
def client(app: Any) -> TestClient:
    return recording(TestClient(app, raise_server_exceptions=False), app)


def count(app: Any, sql: str, params: list[Any] | None = None) -> int:
    with app.state.store.store() as s:
        return int(s.con.execute(sql, params or []).fetchone()[0])


def walk(client: TestClient, url: str, limit: int) -> tuple[list[dict[str, Any]], int]:
    """Every item of a paged list, a page at a time, checking each page's bookkeeping."""
    items: list[dict[str, Any]] = []
    offset: int | None = 0
    total = None
    sep = "&" if "?" in url else "?"
    while offset is not None:
        page = client.get(f"{url}{sep}limit={limit}&offset={offset}").json()
        assert is_page(page) and page["limit"] == limit and page["offset"] == offset
        total = page["total"] if total is None else total
        assert page["total"] == total
        assert len(page["items"]) == min(limit, total - offset)
        expected_next = offset + limit if offset + limit < total else None
        assert page["next_offset"] == expected_next
        items += page["items"]
        offset = page["next_offset"]
    return items, total or 0


# --- the routes, the docs, the page --------------------------------------------------------------
def test_health(client: TestClient, app: Any) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["writable"] is False and body["version"] == geopol.__version__
    for table in ("documents", "events", "clusters", "claims", "figures"):
        assert body[table] == count(app, f"SELECT count(*) FROM {table}")
    assert body["documents"] == 15 and 0 < body["clusters"] <= body["events"]
    assert body["warnings"] == []  # a finished store


def test_openapi_lists_every_api_route(client: TestClient, app: Any) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "geopol"

    def spec_path(route: Any) -> str:  # '{doc_id:path}' (ids may hold a '/') is '{doc_id}' in OpenAPI
        return re.sub(r":path}", "}", route.path)

    for route in api_routes(app):
        assert spec_path(route) in spec["paths"], route.path
        assert {m.lower() for m in route.methods or ()} <= set(spec["paths"][spec_path(route)]), route.path
    documented = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    assert documented == {(m, spec_path(r)) for r in api_routes(app) for m in r.methods or ()}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline_script = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_script = True


def parse_html(text: str) -> _Tags:
    p = _Tags()
    p.feed(text)
    return p


def test_docs_are_html_and_served_offline(client: TestClient) -> None:
    for url in ("/docs", "/redoc"):
        resp = client.get(url)
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
        assets = [a.get("src") or a.get("href") for t, a in parse_html(resp.text).tags if t in ("script", "link")]
        local = [a for a in assets if a and not a.startswith("data:")]
        assert local, url
        for asset in local:
            assert asset.startswith("/docs-assets/"), asset  # nothing from elsewhere: the docs work offline
            assert client.get(asset).status_code == 200, asset


def test_page_is_html_with_external_scripts_only(client: TestClient) -> None:
    resp = client.get("/")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    page = parse_html(resp.text)
    assert not page.inline_script  # the CSP would block it
    scripts = [a["src"] for t, a in page.tags if t == "script"]
    styles = [a["href"] for t, a in page.tags if t == "link" and a.get("rel") == "stylesheet"]
    assert scripts and styles
    for asset in scripts + styles:
        assert asset and client.get("/" + asset.lstrip("/")).status_code == 200, asset
    for _, attrs in page.tags:
        assert not any(name.startswith("on") or name == "style" for name in attrs), attrs


def test_static_assets_are_served(client: TestClient) -> None:
    files = sorted(p.name for p in static_dir().iterdir() if p.is_file())
    assert "app.js" in files and "index.html" in files
    for name in files:
        resp = client.get(f"/static/{name}")
        assert resp.status_code == 200, name
        if name.endswith(".js"):
            assert "javascript" in resp.headers["content-type"]
            # text reaches the page through the DOM, never through an HTML parser
            assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", resp.text), name
    assert_error(client.get("/static/nope.js"), 404, "E404")


# --- errors: one shape ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url",
    [
        "/api/events?limit=abc",
        "/api/events?limit=0",
        "/api/events?limit=501",
        "/api/events?offset=-1",
        "/api/events?since=2024-13-01",
        "/api/events?until=yesterday",
        "/api/events?type=FIGHT",
        "/api/events?certainty=sure",
        "/api/events?country=RUSSIA",
        "/api/events?q=" + "x" * 201,
        "/api/events/sample-001/first",
        "/api/documents?limit=0",
        "/api/clusters?min_reports=0",
        "/api/clusters?limit=501",
        "/api/actors?limit=501",
        "/api/search",
        "/api/search?q=",
        "/api/search?q=%20%20",
        "/api/trends?by=year",
        "/api/trends?type=FIGHT",
        "/api/dyads/CHN/RUS/series?by=quarter",
        "/api/dyads/CHN/RUS/series?since=2024-02-30",
        "/api/dyads/CHN/RUS/series?directed=perhaps",
        "/api/network?limit=0",
        "/api/network?limit=2001",
        "/api/network?min_events=0",
        "/api/network?type=FIGHT",
        "/api/actors/RUS?since=soon",
    ],
)
def test_bad_requests_are_400(client: TestClient, url: str) -> None:
    assert_error(client.get(url), 400, "E400")


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("/api/nothing", "E404"),
        ("/nothing", "E404"),
        ("/api/events/sample-001/9999", "E402"),
        ("/api/events/no-such-doc/0", "E402"),
        ("/api/documents/no-such-doc", "E402"),
        ("/api/clusters/c-000000000000", "E402"),
        ("/api/actors/Atlantis", "E401"),
        ("/api/dyads/CHN/Atlantis/series", "E401"),
        ("/api/trends?actor=Atlantis", "E401"),
        ("/api/events?a=Atlantis", "E401"),
        ("/api/clusters?b=Atlantis", "E401"),
    ],
)
def test_unknown_things_are_404(client: TestClient, url: str, code: str) -> None:
    err = assert_error(client.get(url), 404, code)
    if code == "E401":
        assert "Atlantis" in err["message"]


@pytest.mark.parametrize(("method", "url"), [("DELETE", "/api/events"), ("PUT", "/api/documents/sample-001"),
                                             ("POST", "/api/events"), ("PATCH", "/api/health")])  # fmt: skip
def test_wrong_method_is_405(client: TestClient, method: str, url: str) -> None:
    err = assert_error(client.request(method, url), 405, "E405")
    assert method in err["message"]


def test_wrong_method_says_which_are_allowed(client: TestClient) -> None:
    assert client.delete("/api/events").headers.get("allow") == "GET"


def test_posting_documents_to_a_read_only_server_is_403(client: TestClient, app: Any) -> None:
    before = count(app, "SELECT count(*) FROM documents")
    err = assert_error(client.post("/api/documents", json={"documents": [{"text": "China met Russia."}]}), 403, "E403")
    assert "read-only" in err["message"]
    assert count(app, "SELECT count(*) FROM documents") == before


@pytest.mark.parametrize("body", [b"{not json", b'{"documents": []}', b""], ids=["malformed", "invalid", "empty"])
def test_posting_any_body_to_a_read_only_server_is_403(client: TestClient, body: bytes) -> None:
    resp = client.post("/api/documents", content=body, headers={"content-type": "application/json"})
    assert_error(resp, 403, "E403")


@pytest.mark.parametrize(
    ("url", "by", "first"),
    [
        ("/api/dyads/CHN/RUS/series?by=day&since=1990-01-01&until=2020-01-01", "week", "1990-01-01"),
        ("/api/trends?by=day&since=1905-01-01&until=2020-12-31", "month", "1905-01-01"),
        (
            "/api/trends?by=week&since=1000-01-01&until=2000-01-01",
            "month",
            "1583-06-01",
        ),  # clipped to the last 5,000 months
    ],
)
def test_wide_spans_take_a_coarser_step_and_say_so(client: TestClient, url: str, by: str, first: str) -> None:
    resp = client.get(url)
    assert resp.status_code == 200, resp.text
    s = resp.json()
    assert s["by"] == by and s["requested_by"] != by and "5000" in s["note"]
    assert s["points"][0]["period"] == first and len(s["points"]) <= 5000
    profile = client.get("/api/actors/RUS?since=1000-01-01&until=2000-01-01")  # its monthly trend: 12,000 months
    assert profile.status_code == 200 and len(profile.json()["trend"]) == 5000


def test_far_future_dates_give_the_last_period(client: TestClient) -> None:
    """A series ending on 31 Dec 9999 stops at its last period (no date overflow, no 500)."""
    for by in ("day", "week", "month"):
        resp = client.get(f"/api/trends?by={by}&since=9999-12-01&until=9999-12-31")
        assert resp.status_code == 200, resp.text
        assert resp.json()["points"][-1]["period"].startswith("9999-12")


def test_server_errors_carry_the_security_headers(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A crash is a 500 in the one error shape, with the same security headers as every response."""

    def boom(_: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(browse, "health", boom)
    app.state.answers.clear()  # else the answer kept from an earlier request comes back
    resp = TestClient(app, raise_server_exceptions=False).get("/api/health")
    err = assert_error(resp, 500, "E901")
    assert "bug" in err["message"]
    assert resp.headers.get("x-content-type-options") == "nosniff"
    assert "script-src 'self'" in resp.headers.get("content-security-policy", "")


# --- reading: pages, items, aggregates -----------------------------------------------------------
def test_events_pages_are_consistent(client: TestClient, app: Any) -> None:
    n = count(app, "SELECT count(*) FROM events")
    everything = client.get("/api/events?limit=500").json()
    assert everything["total"] == n == len(everything["items"]) and everything["next_offset"] is None
    for limit in (1, 7, 50):
        items, total = walk(client, "/api/events", limit)
        assert total == n
        ids = [e["id"] for e in items]
        assert len(set(ids)) == n  # none repeated, none lost
        assert ids == [e["id"] for e in everything["items"]]  # the same order
    beyond = client.get(f"/api/events?offset={n + 10}").json()
    assert beyond["items"] == [] and beyond["total"] == n and beyond["next_offset"] is None


@pytest.mark.parametrize(("url", "key"), [("/api/documents", "doc_id"), ("/api/clusters", "cluster_id"),
                                          ("/api/actors", "party")])  # fmt: skip
def test_other_pages_are_consistent(client: TestClient, url: str, key: str) -> None:
    everything = client.get(f"{url}?limit=500").json()
    items, total = walk(client, url, 4)
    assert total == everything["total"] == len(everything["items"])
    assert [i[key] for i in items] == [i[key] for i in everything["items"]]
    assert len({i[key] for i in items}) == total


def test_search_pages_neither_repeat_nor_lose_items(client: TestClient) -> None:
    def key(i: dict[str, Any]) -> tuple[Any, ...]:
        return (i["kind"], i["doc_id"], i["event_no"], i["claim_no"])

    everything = client.get("/api/search?q=the&limit=500").json()
    for limit in (1, 2, 3, 4, 5, 7):
        items, total = walk(client, "/api/search?q=the", limit)
        assert total == everything["total"]
        assert sorted(map(key, items), key=repr) == sorted(map(key, everything["items"]), key=repr), limit


def test_search_pages_bookkeeping(client: TestClient) -> None:
    items, total = walk(client, "/api/search?q=sanctions", 5)
    assert total > 5 and len(items) == total
    assert all("sanctions" in i["snippet"].lower() for i in items)
    assert {i["kind"] for i in items} <= {"event", "claim"}


def test_events_filters(client: TestClient) -> None:
    def get(query: str) -> list[dict[str, Any]]:
        body = client.get(f"/api/events?limit=500&{query}").json()
        assert is_page(body), body
        return body["items"]

    accuse = get("type=ACCUSE")
    assert accuse and all(e["type"] == "ACCUSE" for e in accuse)
    two = get("type=ACCUSE&type=SANCTION")
    assert {e["type"] for e in two} == {"ACCUSE", "SANCTION"}
    rus = get("country=rus")
    assert rus and all(any(m["country"] == "RUS" for m in e["source"] + e["target"]) for e in rus)
    dyad = get("a=China&b=Russia")
    assert dyad and all({"CHN", "RUS"} <= {m["country"] for m in e["source"] + e["target"]} for e in dyad)
    window = get("since=2024-01-01&until=2024-06-30")
    assert window and all("2024-01-01" <= e["day"] <= "2024-06-30" for e in window)
    assert {e["doc_id"] for e in get("doc_id=sample-001")} == {"sample-001"}
    assert {e["doc_id"] for e in get("outlet=evil")} == {"hostile-1"}
    assert {e["doc_id"] for e in get("q=CONDEMNED THE EUROPEAN")} >= {"hostile-1"}
    assert all(e["certainty"] in ("hedged", "reported") for e in get("certainty=hedged&certainty=reported"))
    putin = get("actor=putin")  # a person stands for the party it acts for
    assert putin and all(any(m["country"] == "RUS" for m in e["source"] + e["target"]) for e in putin)
    first = get("")[0]
    assert first["id"] in {e["id"] for e in get(f"cluster_id={first['cluster_id']}")}


@pytest.mark.parametrize("party", ["CHN", "USA", "IRN", "RUS", "European Union"])
def test_api_events_of_an_actor_are_the_events_its_profile_counts(client: TestClient, party: str) -> None:
    """actor= is a party, as profiles count it (never a substring of a name: 'CHN' is in no name,
    'rus' is in Cyprus and Belarus)."""
    profile = client.get(f"/api/actors/{quote(party)}").json()
    page = client.get(f"/api/events?limit=500&actor={quote(party)}").json()
    assert profile["events"]["total"] > 0
    assert page["total"] > 0 and page["events"] == profile["events"]["total"]
    for e in page["items"]:
        sides = e["source"] + e["target"]
        assert any(party_of(m["country"], m["name"]) == party for m in sides), e
    assert client.get("/api/events?actor=rus").json()["total"] == client.get("/api/events?country=RUS").json()["total"]


def test_api_events_of_an_unknown_actor_is_404(client: TestClient) -> None:
    assert_error(client.get("/api/events?actor=Nobody-At-All"), 404, "E401")


def test_one_event_and_one_cluster(client: TestClient) -> None:
    listed = client.get("/api/events?limit=500").json()["items"]
    e = next(x for x in listed if x["doc_id"] == "sample-001")
    one = client.get(f"/api/events/{e['doc_id']}/{e['event_no']}")
    assert one.status_code == 200 and one.json() == e
    cluster = client.get(f"/api/clusters/{e['cluster_id']}").json()
    assert cluster["cluster_id"] == e["cluster_id"] and cluster["type"] == e["type"]
    assert any(r["doc_id"] == e["doc_id"] and r["event_no"] == e["event_no"] for r in cluster["reports"])
    clusters = client.get("/api/clusters?limit=500").json()["items"]
    assert sum(c["reports"] for c in clusters) == len(listed)  # every report in one cluster
    assert client.get("/api/clusters?type=ACCUSE&min_reports=1").json()["total"] == sum(
        1 for c in clusters if c["type"] == "ACCUSE")  # fmt: skip


def test_documents(client: TestClient) -> None:
    page = client.get("/api/documents").json()
    assert page["total"] == 15
    d = client.get("/api/documents/sample-001").json()
    assert d["doc_id"] == "sample-001" and d["text"] and d["events"] and d["mentions"]
    for m in d["mentions"]:
        assert d["text"][m["start"] : m["end"]] == m["text"]
    assert {e["doc_id"] for e in d["events"]} == {"sample-001"}
    found = client.get("/api/documents?q=Kremlin").json()["items"]
    assert "sample-001" in {x["doc_id"] for x in found}


def test_actors_and_profile(client: TestClient) -> None:
    page = client.get("/api/actors?limit=5").json()
    assert is_page(page) and page["items"][0]["party"] == "RUS"
    assert [a["party"] for a in client.get("/api/actors?q=Putin").json()["items"]][:1] == ["RUS"]
    p = client.get("/api/actors/Putin").json()
    assert p["party"] == "RUS" and p["label"] == "Russia" and p["partners"] and p["trend"]
    rus = client.get("/api/actors/rus").json()
    assert rus["person"] is None and rus == {**p, "person": None}  # the same party; only Putin is a person
    assert {"events", "partners", "claims_made", "claims_about", "figures", "trend"} <= set(p)
    eu = client.get(f"/api/actors/{quote('European Union')}").json()
    assert eu["party"] == "European Union" and eu["kind"] == "organisation"


def test_api_profile_of_a_person_carries_dated_roles_and_sources(client: TestClient) -> None:
    person = client.get("/api/actors/Putin").json()["person"]
    assert person["name"] == "Vladimir Putin" and person["country"] == "RUS"
    roles = person["roles"]
    assert {"role", "country", "body", "sector", "start", "end", "source"} == set(roles[0])
    first = roles[0]
    assert (first["role"], first["start"], first["end"]) == ("head_of_government", "1999-08-16", "2000-05-07")
    assert all(r["source"].startswith("people.tsv:") for r in roles)
    assert [r["start"] for r in roles] == sorted(r["start"] for r in roles)
    assert client.get(f"/api/actors/{quote('European Union')}").json()["person"] is None


def test_series_trends_network(client: TestClient) -> None:
    s = client.get("/api/dyads/China/Russia/series?by=month").json()
    assert (s["a"], s["b"], s["by"], s["note"]) == ("CHN", "RUS", "month", None) and s["points"] and s["scale"]
    assert sum(p["events"] for p in s["points"]) >= 1
    directed = client.get("/api/dyads/CHN/RUS/series?by=month&directed=true&type=ACCUSE").json()
    assert directed["directed"] is True
    assert all(set(p["by_type"]) <= {"ACCUSE"} for p in directed["points"])
    weekly = client.get("/api/dyads/CHN/RUS/series?by=week&since=2023-01-01&until=2023-12-31").json()
    assert weekly["points"][0]["period"] == "2022-12-26" and len(weekly["points"]) == 53
    t = client.get("/api/trends?by=month&actor=Iran").json()
    assert t["party"] == "IRN" and sum(p["events"] for p in t["points"]) >= 1
    n = client.get("/api/network").json()
    ids = {x["id"] for x in n["nodes"]}
    assert n["nodes"] and n["edges"] and all({e["source"], e["target"]} <= ids for e in n["edges"])
    small = client.get("/api/network?limit=3&min_events=2").json()
    assert len(small["nodes"]) <= 3 and all(e["events"] >= 2 for e in small["edges"])
    dated = client.get("/api/network?since=2030-01-01").json()
    assert dated == {"nodes": [], "edges": []}


def test_network_filters_by_type_like_the_other_routes(client: TestClient) -> None:
    everything = client.get("/api/network").json()
    filtered = client.get("/api/network?type=SANCTION").json()
    assert 0 < len(filtered["edges"]) < len(everything["edges"])
    assert sum(e["events"] for e in filtered["edges"]) < sum(e["events"] for e in everything["edges"])


# --- hostile input -------------------------------------------------------------------------------
def test_hostile_article_is_returned_verbatim_as_json(client: TestClient) -> None:
    resp = client.get("/api/documents/hostile-1")
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    assert resp.headers["x-content-type-options"] == "nosniff"
    d = resp.json()
    assert d["text"] == HOSTILE_TEXT and d["title"] == HOSTILE["title"] and d["source"] == HOSTILE["source"]
    assert "<script>alert(1)</script>" in resp.text  # data in a JSON string, never markup
    ev = [e for e in d["events"] if e["evidence"] == HOSTILE_EVENT]
    assert ev and ev[0]["type"] == "ACCUSE"
    assert d["text"][d["mentions"][0]["start"] : d["mentions"][0]["end"]] == d["mentions"][0]["text"]


@pytest.mark.parametrize("value", SQLISH)
@pytest.mark.parametrize(
    "url",
    ["/api/events?q={}", "/api/events?actor={}", "/api/events?outlet={}", "/api/events?doc_id={}",
     "/api/events?cluster_id={}", "/api/events?a={}", "/api/documents?q={}", "/api/actors?q={}", "/api/search?q={}",
     "/api/clusters?a={}", "/api/trends?actor={}", "/api/actors/{}", "/api/documents/{}", "/api/clusters/{}",
     "/api/events/{}/0", "/api/dyads/{}/RUS/series"],
)  # fmt: skip
def test_sql_looking_input_is_only_data(client: TestClient, app: Any, url: str, value: str) -> None:
    before = count(app, "SELECT count(*) FROM events")
    resp = client.get(url.format(quote(value, safe="")))
    assert resp.status_code in (200, 404), resp.text
    if resp.status_code == 404:
        assert_error(resp, 404)
    else:
        assert resp.headers["content-type"] == "application/json"
    assert count(app, "SELECT count(*) FROM events") == before > 0
    assert count(app, "SELECT count(*) FROM documents") == 15


@pytest.mark.parametrize("text", ["%", "_", "%_", "\\"])
def test_like_wildcards_are_literal(client: TestClient, app: Any, text: str) -> None:
    docs = client.get("/api/documents", params={"q": text, "limit": 500}).json()
    expected = count(app, "SELECT count(*) FROM documents WHERE contains(lower(coalesce(title, '')), lower(?)) "
                          "OR contains(lower(text), lower(?)) OR doc_id = ?", [text, text, text])  # fmt: skip
    assert docs["total"] == expected < 15
    if text == "%_":
        assert [d["doc_id"] for d in docs["items"]] == ["hostile-1"]
    found = client.get("/api/search", params={"q": text, "limit": 500}).json()
    assert all(text.lower() in i["snippet"].lower() for i in found["items"])
    assert client.get("/api/actors", params={"q": text}).json()["total"] == 0
    events = client.get("/api/events", params={"q": text, "limit": 500}).json()
    assert all(text in e["evidence"] for e in events["items"])


def test_security_headers(client: TestClient) -> None:
    for url in ("/", "/api/health", "/api/events?limit=1", "/static/app.js", "/api/nothing", "/api/events?limit=0",
                "/api/documents/hostile-1", "/openapi.json"):  # fmt: skip
        resp = client.get(url)
        csp = resp.headers["content-security-policy"]
        directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";") if d.strip())
        assert directives["script-src"] == "'self'", url
        assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, url
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert resp.headers["x-content-type-options"] == "nosniff", url
        assert resp.headers["x-frame-options"] == "DENY"
    docs = client.get("/docs").headers["content-security-policy"]
    assert "script-src 'self'" in docs and docs != client.get("/").headers["content-security-policy"]
    assert "'unsafe-eval'" not in docs and "object-src 'none'" in docs


# --- a writable server ---------------------------------------------------------------------------
ARTICLE = {
    "id": "posted-1",
    "title": "India and Japan sign defence pact",
    "published": "2024-09-12",
    "source": "Posted Wire",
    "text": "India and Japan signed a defence agreement in Tokyo on Thursday.",
}


@pytest.fixture(scope="module")
def writable(api_store: Path, tmp_path_factory: pytest.TempPathFactory,
             extractor: geopol.Extractor) -> Iterator[tuple[TestClient, Any, list[int]]]:  # fmt: skip
    """A writable app over a copy of the store; its Extractor reuses the session's spaCy pipeline and
    every Extractor it builds is counted."""
    path = tmp_path_factory.mktemp("writable") / "copy.duckdb"
    shutil.copy(api_store, path)
    built: list[int] = []
    real: Callable[..., geopol.Extractor] = geopol.process.Extractor

    def factory(settings: geopol.Settings | None = None) -> geopol.Extractor:
        built.append(1)
        return real(settings, nlp=extractor.nlp)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(geopol.process, "Extractor", factory)
        app = create_app(path, geopol.Settings(store=path), writable=True)
        yield recording(TestClient(app, raise_server_exceptions=False), app), app, built


def test_writable_post_adds_a_document(writable: tuple[TestClient, Any, list[int]]) -> None:
    client, app, _ = writable
    before = client.get("/api/health").json()
    assert before["writable"] is True
    resp = client.post("/api/documents", json={"documents": [ARTICLE]})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert body["written"] == 1
    (doc,) = body["documents"]
    assert doc["doc_id"] == "posted-1" and doc["status"] == "ok" and doc["error"] is None and doc["events"] >= 1
    d = client.get("/api/documents/posted-1").json()
    assert d["text"] == ARTICLE["text"] and d["outlet"] == "posted wire" and len(d["events"]) == doc["events"]
    # the clusters were refreshed: the new events are in clusters
    assert all(e["cluster_id"] for e in d["events"])
    cluster = client.get(f"/api/clusters/{d['events'][0]['cluster_id']}").json()
    assert "posted-1" in {r["doc_id"] for r in cluster["reports"]}
    after = client.get("/api/health").json()
    assert after["documents"] == before["documents"] + 1
    assert after["events"] == before["events"] + doc["events"] and after["clusters"] > before["clusters"]
    assert client.get("/api/events?doc_id=posted-1").json()["total"] == doc["events"]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"documents": []},
        {"documents": [{"title": "no text"}]},
        {"documents": [{"text": "x"}] * 101},
        {"documents": [{"text": "China met Russia.", "published": "yesterday"}]},
        {"documents": "China met Russia."},
        [{"text": "China met Russia."}],
    ],
    ids=["empty", "no-documents", "no-text", "101-documents", "bad-date", "not-a-list", "bare-list"],
)
def test_writable_bad_bodies_are_400(writable: tuple[TestClient, Any, list[int]], body: Any) -> None:
    client, _, _ = writable
    before = client.get("/api/health").json()["documents"]
    assert_error(client.post("/api/documents", json=body), 400, "E400")
    assert client.get("/api/health").json()["documents"] == before


def test_writable_bad_document_is_refused_alone(writable: tuple[TestClient, Any, list[int]]) -> None:
    """An empty text, NUL characters or a text over the limit is that document's error (the codes of
    `geopol ingest`); the other documents of the batch are stored."""
    client, _, _ = writable
    big = "China met Russia. " * 12_000  # over the 200,000 characters of GEOPOL_MAX_CHARS
    body = {"documents": [{"id": "empty", "text": " "}, {"id": "nul", "text": "China met\x00 Russia."},
                          {"id": "big", "text": big}, {**ARTICLE, "id": "good"}]}  # fmt: skip
    resp = client.post("/api/documents", json=body)
    assert resp.status_code == 201, resp.text
    docs = {d["doc_id"]: d for d in resp.json()["documents"]}
    assert docs["good"]["status"] == "ok" and resp.json()["failed"] == 3
    assert {k: docs[k]["error"]["code"] for k in ("empty", "nul", "big")} == {"empty": "E001", "nul": "E002",
                                                                            "big": "E006"}  # fmt: skip
    assert "GEOPOL_MAX_CHARS" in docs["big"]["error"]["message"] and "period" not in docs["big"]["error"]["message"]
    assert client.get("/api/events", params={"doc_id": "good"}).json()["total"] >= 1


def test_writable_body_that_is_not_json_is_400(writable: tuple[TestClient, Any, list[int]]) -> None:
    client, _, _ = writable
    resp = client.post("/api/documents", content=b"{not json", headers={"content-type": "application/json"})
    assert_error(resp, 400, "E400")


def test_writable_server_builds_one_extractor(writable: tuple[TestClient, Any, list[int]]) -> None:
    client, _, built = writable
    before = len(built)
    for i in range(2):
        text = f"Germany criticised Poland on Saturday over border checks number {i}."
        assert client.post("/api/documents", json={"documents": [{"text": text}]}).status_code == 201
    assert len(built) - before <= 1


def test_writable_document_with_a_slash_in_its_id_can_be_fetched(writable: tuple[TestClient, Any, list[int]]) -> None:
    client, _, _ = writable
    article = {**ARTICLE, "id": "wire/2024/09/12/pact"}
    assert client.post("/api/documents", json={"documents": [article]}).status_code == 201
    assert client.get("/api/events", params={"doc_id": article["id"]}).json()["total"] >= 1
    assert client.get(f"/api/documents/{quote(article['id'], safe='')}").status_code == 200


# --- the query time limit ------------------------------------------------------------------------
def test_query_time_limit_gives_503_or_an_answer(api_store: Path) -> None:
    app = create_app(api_store, geopol.Settings(store=api_store, query_seconds=0.001))
    client = recording(TestClient(app, raise_server_exceptions=False), app)
    statuses = set()
    for url in ("/api/network", "/api/search?q=the&limit=500", "/api/events?limit=500", "/api/actors/RUS",
                "/api/trends?by=day"):  # fmt: skip
        for _ in range(3):
            resp = client.get(url)
            statuses.add(resp.status_code)
            if resp.status_code != 200:
                err = assert_error(resp, 503, "E503")
                assert "0.001" in err["message"]
    assert statuses <= {200, 503}
    # the server keeps answering after interrupted queries
    assert client.get("/api/health").status_code in (200, 503)


# --- every route has a test (keep this test last) ------------------------------------------------
def test_every_api_route_is_exercised(app: Any, request: pytest.FixtureRequest) -> None:
    """Each /api route of the app was requested by a test of this module. A new route fails this test
    until a test requests it. Needs the whole module: with tests deselected it is skipped."""
    module = sys.modules[__name__]
    selected = {item.name.split("[")[0] for item in request.session.items if getattr(item, "module", None) is module}
    defined = {name for name in dir(module) if name.startswith("test_")}
    if selected != defined:
        pytest.skip("the route coverage check needs every test of this module")
    missing = sorted((m, r.path) for r in api_routes(app) for m in r.methods or () if (m, r.path) not in EXERCISED)
    assert not missing, f"routes that no test requests: {missing}"
