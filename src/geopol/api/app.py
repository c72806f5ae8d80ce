"""The HTTP API and the web page: a thin shell over :mod:`geopol.analysis` (FastAPI, OpenAPI docs
at ``/docs``, offline).

- Read-only by default: the store is opened read-only; ``writable=True`` (``geopol serve
  --writable``) opens it for writing and adds ``POST /api/documents``.
- Parameterised queries only (the analysis layer never builds SQL from user text).
- One error shape for every failure: ``{"error": {"code", "status", "message"}}``.
- Limits: pages of at most 500 items, searches of at most 200 characters, series of at most 5,000
  periods, networks of at most 2,000 nodes, and a time limit per query (``GEOPOL_QUERY_SECONDS``).
- The page's Content-Security-Policy allows scripts from geopol only: no text from an article can
  ever run as a script.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any, TypeVar

import duckdb
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..analysis import aggregates, browse, refresh
from ..analysis.browse import MAX_PAGE, EventQuery
from ..errors import Errors, GeopolError
from ..records import Document
from ..settings import Settings
from ..store import Store, damaged, store_state
from ..web import static_dir
from ._reads import Answers, Connections, encode, interruptible, store_version

T = TypeVar("T")

# the page: its own scripts and styles only; nothing inline, nothing from elsewhere
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# the API documentation pages (Swagger UI, ReDoc) start themselves with an inline script
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; worker-src 'self' blob:"
)
_STATUS = {"E400": 400, "E401": 404, "E402": 404, "E202": 404, "E403": 403, "E404": 404, "E405": 405, "E413": 413,
           "E503": 503}  # fmt: skip

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Items per page (at most {MAX_PAGE}).")]
Offset = Annotated[int, Query(ge=0, le=browse.MAX_OFFSET, description="Items to skip.")]
Since = Annotated[date | None, Query(description="First day (YYYY-MM-DD), inclusive.")]
Until = Annotated[date | None, Query(description="Last day (YYYY-MM-DD), inclusive.")]
Types = Annotated[list[str] | None, Query(description="PLOVER event types (repeatable).")]
Unreal = Annotated[bool, Query(description="Also count negated and hypothetical events (by default they are left out: "
                                           "they did not happen).")]  # fmt: skip
Text = Annotated[str | None, Query(max_length=browse.MAX_QUERY)]
Step = Annotated[
    str,
    Query(
        pattern="^(day|week|month)$", description="The step; a span too long for it gets a coarser one (see `note`)."
    ),
]
Background = Annotated[bool, Query(description="Count background events (dated over a year before publication).")]


def _secure(request: Request, response: Any) -> Any:
    """The security headers of every response."""
    docs = request.url.path.startswith(("/docs", "/redoc"))
    response.headers["Content-Security-Policy"] = DOCS_CSP if docs else PAGE_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def error_body(code: str, status: int, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "status": status, "message": message}}


def _error(code: str, status: int, message: str) -> JSONResponse:
    return JSONResponse(error_body(code, status, message), status_code=status)


class ArticleIn(BaseModel):
    id: str | None = Field(None, max_length=200)
    text: str  # an empty or unreadable text is that document's error (E001, E002, E006), not the batch's
    title: str | None = Field(None, max_length=1000)
    published: date | None = None
    url: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=200)


class Articles(BaseModel):
    documents: list[ArticleIn] = Field(..., min_length=1, max_length=100)


def create_app(store: str | Path, settings: Settings | None = None, writable: bool = False) -> FastAPI:
    """The FastAPI application over one store file (``uvicorn.run(create_app("geopol.duckdb"))``)."""
    settings = settings or Settings.from_env()
    path = Path(store)
    connections = Connections(path, read_only=not writable, wait=settings.lock_seconds)
    answers = Answers(settings.api_cache_mb * 1024 * 1024)
    write_lock = threading.Lock()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        connections.close()  # the server stops: the store is let go at once

    app = FastAPIOffline(
        lifespan=lifespan,
        title="geopol",
        version=version("geopol"),
        description="Evidence-backed PLOVER political events: documents, actors, events, event clusters (one per "
        "real-world event), dyad series with the cooperation–conflict score, the actor network and evidence "
        'search. Every error has the shape `{"error": {"code", "status", "message"}}`.',
        static_url="/docs-assets",
    )
    app.state.store = connections
    app.state.answers = answers

    def run(fn: Callable[[Store], T]) -> T:
        """``fn`` over a cursor of its own, interrupted when it runs past the time limit."""
        with connections.store() as cur:
            timer = interruptible(cur, settings.query_seconds)
            try:
                return fn(cur)
            except duckdb.InterruptException as err:
                raise GeopolError(Errors.E503, seconds=settings.query_seconds) from err
            finally:
                timer.cancel()

    def answer(request: Request, fn: Callable[[Store], Any]) -> Response:
        """The JSON answer of ``fn``: made once for requests asking for it at the same time, and kept
        for the same request until the store changes."""
        key = f"{request.url.path}?{request.url.query}"
        body = answers.compute(key, store_version(path), lambda: encode(run(fn)), settings.query_seconds)
        return Response(body, media_type="application/json")

    # --- errors: one shape ----------------------------------------------------------------------
    @app.exception_handler(GeopolError)
    async def geopol_error(_: Request, err: GeopolError) -> JSONResponse:
        status = _STATUS.get(err.code, 400 if err.code.startswith("E3") else 500)
        return _error(err.code, status, err.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, err: RequestValidationError) -> JSONResponse:
        first = err.errors()[0] if err.errors() else {}
        where = ".".join(str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body"))
        detail = f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid"))
        return _error("E400", 400, Errors.E400.value.format(detail=detail))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> JSONResponse:
        if err.status_code == 404:
            return _error("E404", 404, Errors.E404.value.format(path=request.url.path))
        if err.status_code == 405:
            response = _error("E405", 405, Errors.E405.value.format(method=request.method, path=request.url.path))
            if err.headers and "Allow" in err.headers:
                response.headers["Allow"] = err.headers["Allow"]
            return response
        return _error(f"E{err.status_code}", err.status_code, str(err.detail))

    @app.exception_handler(duckdb.IOException)
    async def damaged_store(_: Request, err: duckdb.IOException) -> JSONResponse:
        bad = damaged(err)  # the store file cut short or overwritten in part
        return _error(bad.code, _STATUS.get(bad.code, 500), bad.message)

    @app.exception_handler(Exception)
    async def crash(request: Request, err: Exception) -> JSONResponse:
        # runs outside the middleware below: the security headers are set here too
        return _secure(request, _error("E901", 500, Errors.E901.value.format(detail=type(err).__name__)))

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Any]) -> Any:
        return _secure(request, await call_next(request))

    # --- the page -------------------------------------------------------------------------------
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")

    @app.get("/", include_in_schema=False)
    def page() -> FileResponse:
        return FileResponse(static_dir() / "index.html", media_type="text/html")

    # --- the API --------------------------------------------------------------------------------
    @app.get("/api/health", tags=["store"],
             summary="The store's counts, geopol's version, and warnings (an ingest at work, one interrupted)")  # fmt: skip
    def health() -> Response:
        # never kept: whether an ingest is at work changes without the store changing
        body = run(lambda s: {"status": "ok", "version": version("geopol"), "writable": writable, **browse.health(s),
                              "warnings": store_state(s).warnings})  # fmt: skip
        return Response(encode(body), media_type="application/json")

    @app.get("/api/documents", tags=["documents"], summary="Documents, newest first")
    def documents(request: Request, q: Text = None, limit: Limit = 50, offset: Offset = 0) -> Response:
        return answer(request, lambda s: browse.documents(s, q, limit, offset))

    @app.get("/api/documents/{doc_id:path}", tags=["documents"],
             summary="One document: its text and every mark on it (actors, events, claims, figures)")  # fmt: skip
    def document(request: Request, doc_id: str) -> Response:
        return answer(request, lambda s: browse.document(s, doc_id))

    @app.get("/api/actors", tags=["actors"], summary="Parties (states by ISO-3, organisations by name)")
    def actors(request: Request, q: Text = None, limit: Limit = 50, offset: Offset = 0) -> Response:
        return answer(request, lambda s: browse.parties(s, q, limit, offset))

    @app.get("/api/actors/{party}", tags=["actors"],
             summary="An actor profile: event mix, partners, claims made and about, figures, trend; "
             "for a person, their dated roles and the source of each")  # fmt: skip
    def actor(request: Request, party: str, since: Since = None, until: Until = None,
              include_unreal: Unreal = False) -> Response:  # fmt: skip
        return answer(request, lambda s: aggregates.profile(s, party, since, until, include_unreal=include_unreal,
                                                            actors_file=settings.actors_file))  # fmt: skip

    @app.get("/api/events", tags=["events"], summary="Event reports with filters, a page at a time")
    def events(
        request: Request,
        type: Types = None,
        certainty: Annotated[
            list[str] | None, Query(description="asserted, reported, hedged, unverified, denied")
        ] = None,
        country: Annotated[str | None, Query(max_length=3)] = None,
        actor: Text = None,
        a: Text = None,
        b: Text = None,
        since: Since = None,
        until: Until = None,
        outlet: Text = None,
        doc_id: Text = None,
        q: Text = None,
        cluster_id: Text = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> Response:
        f = EventQuery(tuple(type or ()), tuple(certainty or ()), country, actor, a, b, since, until, outlet, doc_id, q,
                       cluster_id)  # fmt: skip
        return answer(request, lambda s: browse.events(s, f, limit, offset))

    @app.get("/api/events/{doc_id:path}/{event_no}", tags=["events"], summary="One event report")
    def event(request: Request, doc_id: str, event_no: int) -> Response:
        return answer(request, lambda s: browse.event(s, doc_id, event_no))

    @app.get("/api/clusters", tags=["clusters"], summary="Event clusters (real-world events), most reported first")
    def clusters(request: Request, type: Types = None, a: Text = None, b: Text = None, since: Since = None,
                 until: Until = None, min_reports: Annotated[int, Query(ge=1)] = 1, limit: Limit = 50, offset: Offset = 0) -> Response:  # fmt: skip
        return answer(
            request, lambda s: browse.clusters(s, tuple(type or ()), a, b, since, until, min_reports, limit, offset)
        )

    @app.get("/api/clusters/{cluster_id}", tags=["clusters"], summary="One event cluster with all its reports")
    def cluster(request: Request, cluster_id: str) -> Response:
        return answer(request, lambda s: browse.cluster(s, cluster_id))

    @app.get("/api/dyads/{a}/{b}/series", tags=["aggregates"],
             summary="A dyad's events per period with the cooperation–conflict score")  # fmt: skip
    def series(request: Request, a: str, b: str, by: Step = "month", since: Since = None, until: Until = None,
               directed: bool = False, type: Types = None, background: Background = False,
               include_unreal: Unreal = False) -> Response:  # fmt: skip
        return answer(request, lambda s: aggregates.dyad_series(s, a, b, by, since, until, directed, tuple(type or ()),
                                                                background, include_unreal))  # fmt: skip

    @app.get("/api/trends", tags=["aggregates"], summary="All events (or one actor's) per period")
    def trends(request: Request, by: Step = "month", actor: Text = None, since: Since = None, until: Until = None,
               type: Types = None, background: Background = False, include_unreal: Unreal = False) -> Response:  # fmt: skip
        return answer(request, lambda s: aggregates.trends(s, by, actor, since, until, tuple(type or ()), background,
                                                           include_unreal))  # fmt: skip

    @app.get("/api/network", tags=["aggregates"], summary="The actor network over a period")
    def network(request: Request, since: Since = None, until: Until = None, type: Types = None,
                min_events: Annotated[int, Query(ge=1)] = 1,
                limit: Annotated[int, Query(ge=1, le=2000)] = 200, include_unreal: Unreal = False) -> Response:  # fmt: skip
        return answer(request, lambda s: aggregates.network(s, since, until, tuple(type or ()), min_events, limit,
                                                            include_unreal))  # fmt: skip

    @app.get("/api/search", tags=["search"], summary="Evidence search over event sentences and claim contents")
    def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=browse.MAX_QUERY)],
               limit: Limit = 50, offset: Offset = 0) -> Response:  # fmt: skip
        return answer(request, lambda s: browse.search(s, q, limit, offset))

    @app.post("/api/documents", tags=["documents"], status_code=201,
              summary="Ingest articles (only when the server was started with --writable)",
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                  "schema": Articles.model_json_schema(ref_template="#/components/schemas/{model}")}}}})  # fmt: skip
    async def add_documents(request: Request) -> dict[str, Any]:
        if not writable:  # before the body is read: a read-only server answers 403 to any body
            raise GeopolError(Errors.E403, detail="adding documents")
        try:
            body = Articles.model_validate_json(await request.body())
        except ValidationError as err:
            raise RequestValidationError(err.errors()) from err
        return await run_in_threadpool(ingest_articles, body)

    def ingest_articles(body: Articles) -> dict[str, Any]:
        """Each article is coded or refused on its own (its error in ``documents``), as in `geopol ingest`."""
        from ..process import Extractor  # imported on first use: a read-only server never needs spaCy
        from ..records import content_id

        docs = [Document(id=a.id or content_id(a.text), text=a.text, title=a.title, published=a.published,
                         url=a.url, source=a.source, origin="http") for a in body.documents]  # fmt: skip
        with write_lock:
            if getattr(app.state, "extractor", None) is None:  # spaCy is loaded once, on the first POST
                app.state.extractor = Extractor(settings)
            with connections.store() as db:
                known = db.known_ids(d.id for d in docs)
            results = list(app.state.extractor.run([d for d in docs if d.id not in known]))
            with connections.store() as db:
                written = db.write(results)  # a refused document is stored with its error, as by `geopol ingest`
                if written:
                    refresh(db)
            answers.clear()
        out: list[dict[str, Any]] = [
            {"doc_id": d, "status": "stored already", "error": None, "events": None} for d in sorted(known)
        ]
        out += [{"doc_id": r.document.id, "status": "error" if r.error else "ok",
                 "error": r.error.as_json() if r.error else None, "events": len(r.events)} for r in results]  # fmt: skip
        return {"written": written, "failed": sum(1 for r in results if not r.ok), "documents": out}

    return app
