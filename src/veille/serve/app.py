"""`veille serve`: a read-only REST API (JSON, OpenAPI) and a server-rendered dashboard over
the DuckDB store. Requests read the store through short-lived read-only connections (see
`serve.store.Reader`), so pages show what an ingest has committed. Nothing is written,
nothing is loaded from elsewhere, no script runs: templates (Jinja2, escaping every
value), SVG charts and a style sheet, all shipped with the package."""
from __future__ import annotations

import csv
import io
import json
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from enum import Enum
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Optional

import pandas as pd
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__, analytics, filters
from ..analytics import json_records
from .. import export as exports
from ..filters import FilterError
from ..merge import explain
from ..records import Document
from . import charts, geo, marks
from .store import (
    BadCursor,
    Reader,
    ReadStore,
    StoreBusy,
    StoreMissing,
    check_store,
    document_marks,
    documents_page,
    events_page,
    locations,
    merged_page,
    provenance,
    quotes_page,
    summary,
)

PAGE_SIZE, MAX_PAGE_SIZE = 50, 500
MAX_DOWNLOAD = 100_000  # rows of one download
MAX_PERIODS = 180  # bars of a chart before the period is made coarser
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SECURITY_HEADERS = {
    # no script at all, styles and images from veille only: an article's text cannot run anything
    "Content-Security-Policy": "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
HERE = files("veille.serve")


class Order(str, Enum):
    desc = "desc"
    asc = "asc"


class ListFormat(str, Enum):
    json = "json"
    csv = "csv"
    jsonl = "jsonl"


class MergedFormat(str, Enum):
    json = "json"
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"


Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Rows per page (at most {MAX_PAGE_SIZE}).")]
Cursor = Annotated[Optional[str], Query(max_length=500, description="The `next` of the previous page.")]
Text = Annotated[Optional[str], Query(max_length=filters.MAX_TEXT)]
Code = Annotated[Optional[str], Query(max_length=16)]
Day = Annotated[Optional[str], Query(max_length=10, description="YYYY, YYYY-MM or YYYY-MM-DD.")]


def _filter_query(description: str | None = None, max_length: int = filters.MAX_TEXT) -> Any:
    return Query(None, max_length=max_length, description=description)


def event_query(actor: Optional[str] = _filter_query("Source actor code (RUS, NATO, ...).", 16),
                recipient: Optional[str] = _filter_query("Target actor code.", 16),
                dyad: Optional[str] = _filter_query("SOURCE:TARGET: the first acting on the second, or both "
                                                    "side by side in a meeting."),
                type: Optional[str] = _filter_query("PLOVER type (CONSULT, ACCUSE, ...).", 16),
                since: Optional[str] = _filter_query("From this date: YYYY, YYYY-MM or YYYY-MM-DD.", 10),
                until: Optional[str] = _filter_query("Up to this date, inclusive.", 10),
                context: Optional[str] = _filter_query("historical, future, hypothetical or negation.", 16),
                party: Optional[str] = _filter_query("An actor on either side.", 16),
                country: Optional[str] = _filter_query("Where it happened: ISO alpha-3 code.", 16),
                location: Optional[str] = _filter_query("Where it happened: the place as named."),
                factual: bool = Query(False, description="Leave out denied, hypothetical and planned events."),
                q: Optional[str] = _filter_query("Words in the sentence.")) -> dict[str, Any]:
    """The event filters of a request, read as the command line reads them (a dependency
    of the event lists and pages)."""
    return filters.event_filters(actor=actor, recipient=recipient, dyad=dyad, type=type, since=since, until=until,
                                 context=context, party=party, country=country, location=location, factual=factual,
                                 q=q)


EventQuery = Annotated[dict, Depends(event_query)]


def create_app(db: str | Path, *, host: str = "127.0.0.1") -> FastAPI:
    """The application over the store at `db` (checked now: a missing store is an error
    at start-up, not at the first request)."""
    db = str(db)
    check_store(db)
    app = FastAPI(title="veille", version=__version__, docs_url=None, redoc_url=None, openapi_url="/openapi.json",
                  description="Read-only access to a veille store: documents, events merged across reports, "
                              "actors, time series. Lists are paged by cursor: pass a page's `next` as `cursor`.")
    if host in LOOPBACK:  # a page elsewhere cannot reach a loopback server through DNS rebinding
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "[::1]"])
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals.update(version=__version__, quads=analytics.QUADS, quad_colors=analytics.QUAD_COLORS)
    templates.env.filters["iso"] = _iso
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    store = Reader(db)

    @app.middleware("http")
    async def guard(request: Request, call_next: Callable):
        """Read-only: a request with a body is refused; every answer carries the headers
        that keep article text inert in a browser."""
        if request.headers.get("content-length", "0") not in ("", "0") or "transfer-encoding" in request.headers:
            response = _error(413, "this server only reads: requests carry no body")
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
        return templates.TemplateResponse(request, name, {"db": db, **context}, status_code=status)

    # --- errors: JSON under /api, a page elsewhere ----------------------------------------------

    def failure(request: Request, status: int, message: str, parameter: str | None = None,
                headers: dict | None = None) -> Response:
        if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
            return _error(status, message, parameter, headers)
        return page(request, "error.html", {"status": status, "message": message, "parameter": parameter,
                                            "busy": status == 503}, status)

    @app.exception_handler(FilterError)
    async def bad_parameter(request: Request, error: FilterError):
        return failure(request, 400, str(error), error.parameter)

    @app.exception_handler(BadCursor)
    async def bad_cursor(request: Request, error: BadCursor):
        return failure(request, 400, str(error), "cursor")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError):
        first = error.errors()[0]
        return failure(request, 400, first["msg"], str(first["loc"][-1]) if first.get("loc") else None)

    @app.exception_handler(StoreBusy)
    async def busy(request: Request, error: StoreBusy):
        return failure(request, 503, "store busy: another process (an ingest) is writing it; retrying",
                       headers={"Retry-After": "2"})

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException):
        return failure(request, error.status_code, str(error.detail), headers=getattr(error, "headers", None))

    # --- API -----------------------------------------------------------------------------------

    def listing(read_page: Callable, name: str, query: dict[str, Any], order: Order, format: ListFormat,
                cursor: str | None, limit: int) -> Any:
        """A page of a list (`read_page`: a `serve.store` function) as JSON, or the whole
        list, MAX_DOWNLOAD rows at most, as a download."""
        query = query | {"descending": order is Order.desc}
        with store() as s:
            if format is not ListFormat.json:
                return _download(read_page(s, **query, limit=MAX_DOWNLOAD)[0], format.value, name)
            rows, next_cursor = read_page(s, **query, cursor=cursor, limit=limit)
        return {"items": rows, "next": next_cursor}

    @app.get("/api/summary", tags=["store"])
    def api_summary() -> dict[str, Any]:
        """Counts of documents, merged events and reports; the time of the last ingest."""
        with store() as s:
            return summary(s)

    @app.get("/api/documents", tags=["documents"])
    def api_documents(q: Text = None, outlet: Text = None, since: Day = None, until: Day = None,
                      limit: Limit = PAGE_SIZE, cursor: Cursor = None, order: Order = Order.desc,
                      format: ListFormat = ListFormat.json) -> Any:
        """Documents, newest first; `q` searches titles and bodies (any case)."""
        query = filters.event_filters(q=q, outlet=outlet, since=since, until=until)
        return listing(documents_page, "documents", query, order, format, cursor, limit)

    @app.get("/api/documents/{doc_id}", tags=["documents"])
    def api_document(doc_id: str) -> dict[str, Any]:
        """One document (id, id prefix or name): metadata, clean body, events, quotes and
        the offsets of every event mention in the body."""
        with store() as s:
            doc = stored_document(s, doc_id)
            return doc.to_json() | {"mentions": document_marks(s, doc.id)}

    @app.get("/api/events", tags=["events"])
    def api_events(chosen: EventQuery, limit: Limit = PAGE_SIZE, cursor: Cursor = None, order: Order = Order.desc,
                   format: ListFormat = ListFormat.json) -> Any:
        """Events as each article tells them (one row per article), by date."""
        return listing(events_page, "events", {"filters": chosen}, order, format, cursor, limit)

    @app.get("/api/merged", tags=["events"])
    def api_merged(chosen: EventQuery, limit: Limit = PAGE_SIZE, cursor: Cursor = None, order: Order = Order.desc,
                   format: MergedFormat = MergedFormat.json) -> Any:
        """Events merged across reports (one row per happening) with their counts, by date.
        csv, jsonl and parquet download the whole filtered list in `veille export`'s formats."""
        with store() as s:
            if format is not MergedFormat.json:
                ids = [r["id"] for r in merged_page(s, chosen, limit=MAX_DOWNLOAD, descending=False)[0]]
                return _export(s, format.value, ids)
            rows, next_cursor = merged_page(s, chosen, cursor=cursor, limit=limit, descending=order is Order.desc)
        return {"items": rows, "next": next_cursor}

    def stored_document(s: ReadStore, doc_id: str) -> Document:
        doc = s.get(doc_id)
        if doc is None:
            raise HTTPException(404, f"no document {doc_id!r}")
        return doc

    def merged_event(s: ReadStore, merged_id: str) -> tuple[dict, list[dict]]:
        found = s.merged_events(ids=[merged_id])
        if not found:
            raise HTTPException(404, f"no merged event {merged_id!r}")
        return found[0], explain(found[0], s.reports(merged_id))

    @app.get("/api/merged/{merged_id}", tags=["events"])
    def api_merged_event(merged_id: str) -> dict[str, Any]:
        """One merged event with every report: document, sentence and trigger offsets into
        the body, actor spans in the sentence, and how the report agrees with the merge."""
        with store() as s:
            event, reports = merged_event(s, merged_id)
        return event | {"reports": [r | {"actor_spans": _report_actor_spans(r)} for r in reports]}

    @app.get("/api/actors", tags=["actors"])
    def api_actors(n: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = PAGE_SIZE, since: Day = None,
                   until: Day = None, all_contexts: bool = False) -> list[dict[str, Any]]:
        """The actors in most merged events."""
        with store() as s:
            return json_records(analytics.top_actors(s, n, **filters.event_filters(since=since, until=until),
                                                     factual=not all_contexts))

    @app.get("/api/actors/{code}", tags=["actors"])
    def api_actor(code: str, by: str = "month") -> dict[str, Any]:
        """An actor: names and dated roles from the dictionary, activity per period, partners."""
        code = filters.read("actor", code, "code")
        with store() as s:
            view, activity = actor_view(s, code, _period(by))
        return view | {"activity": json_records(activity)}

    def actor_view(s: ReadStore, code: str, by: str) -> tuple[dict[str, Any], pd.DataFrame]:
        """What the dictionary knows of the actor with its partners, and its activity (a timeline)."""
        dyads = analytics.top_dyads(s, None)
        partners = dyads[(dyads["source"] == code) | (dyads["target"] == code)].head(PAGE_SIZE)
        return marks.profile(code) | {"partners": json_records(partners)}, analytics.timeline(s, actor=code, by=by)

    @app.get("/api/timeline", tags=["analytics"])
    def api_timeline(dyad: Text = None, actor: Code = None, by: str = "month", since: Day = None, until: Day = None,
                     type: Code = None, both_ways: bool = False, all_contexts: bool = False) -> dict[str, Any]:
        """Merged events per period (`by`: day, week, month, quarter, year) by quad class, with
        the mean Goldstein value and the cooperation-conflict index."""
        chosen = filters.event_filters(dyad=dyad, actor=actor, type=type, since=since, until=until)
        by = _period(by)
        with store() as s:
            df = analytics.timeline(s, **chosen, by=by, directed=not both_ways, factual=not all_contexts)
        return {"by": df.attrs["by"], "dyad": df.attrs["dyad"], "actor": df.attrs["actor"],
                "unplaced": df.attrs["unplaced"], "periods": json_records(df)}

    @app.get("/api/top", tags=["analytics"])
    def api_top(n: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 10, both_ways: bool = False,
                since: Day = None, until: Day = None, all_contexts: bool = False) -> dict[str, Any]:
        """The most active actors and dyads."""
        window = filters.event_filters(since=since, until=until) | {"factual": not all_contexts}
        with store() as s:
            return {"actors": json_records(analytics.top_actors(s, n, **window)),
                    "dyads": json_records(analytics.top_dyads(s, n, directed=not both_ways, **window))}

    @app.get("/api/quotes", tags=["documents"])
    def api_quotes(speaker: Code = None, q: Text = None, limit: Limit = PAGE_SIZE, cursor: Cursor = None,
                   order: Order = Order.desc, format: ListFormat = ListFormat.json) -> Any:
        """Direct speech by speaker (actor code), newest first."""
        query = filters.event_filters(speaker=speaker, q=q)
        return listing(quotes_page, "quotes", query, order, format, cursor, limit)

    @app.get("/api/locations", tags=["analytics"])
    def api_locations(party: Code = None, type: Code = None, since: Day = None, until: Day = None,
                      factual: bool = False) -> dict[str, Any]:
        """Where merged events happened, with coordinates from GeoNames (a place's own, or its
        country's capital when only the country is known)."""
        chosen = filters.event_filters(party=party, type=type, since=since, until=until, factual=factual)
        with store() as s:
            placed, unplaced = geo.points(locations(s, chosen))
        keep = ("location", "names", "country", "events", "lat", "lon", "precision")
        return {"points": [{k: p[k] for k in keep} for p in placed], "unplaced": unplaced}

    # --- pages ---------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, by: str = "day"):
        with store() as s:
            counts = summary(s)
            df, by = _timeline_fitting(s, _period(by))
            dyads = analytics.top_dyads(s, 10)
            latest, _ = merged_page(s, {}, limit=15)
        return page(request, "overview.html", {"summary": counts, "chart": charts.timeline_chart(df, by), "by": by,
                                               "chart_link": {"factual": 1}, "unplaced": df.attrs["unplaced"],
                                               "dyads": json_records(dyads), "latest": latest})

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_list(request: Request, actor: str = "", recipient: str = "", dyad: str = "", type: str = "",
                    since: str = "", until: str = "", context: str = "", party: str = "", country: str = "",
                    location: str = "", factual: bool = False, q: str = "", cursor: Cursor = None,
                    order: Order = Order.desc):
        form = dict(actor=actor, recipient=recipient, dyad=dyad, type=type, since=since, until=until,
                    context=context, party=party, country=country, location=location, q=q)
        choices = {"form": form, "factual": factual, "types": filters.event_types(), "contexts": filters.CONTEXTS}
        try:
            chosen = event_query(actor, recipient, dyad, type, since, until, context, party, country, location,
                                 factual, q)
        except FilterError as error:
            return page(request, "events.html", choices | {"error": error, "rows": []}, 400)
        with store() as s:
            rows, next_cursor = merged_page(s, chosen, cursor=cursor, limit=PAGE_SIZE,
                                            descending=order is Order.desc)
        query = {k: v for k, v in form.items() if v} | ({"factual": 1} if factual else {})
        return page(request, "events.html", choices | {"rows": rows, "next": next_cursor, "query": query,
                                                       "error": None})

    @app.get("/event/{merged_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, merged_id: str):
        with store() as s:
            event, reports = merged_event(s, merged_id)
        for r in reports:
            spans = _report_actor_spans(r)
            if r["trigger_start"] is not None:
                spans.append({"start": r["trigger_start"] - r["sentence_start"],
                              "end": r["trigger_end"] - r["sentence_start"], "kind": "trigger"})
            r["runs"] = marks.runs(r["sentence"], spans)
        return page(request, "event.html", {"event": event, "reports": reports})

    @app.get("/article/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, doc_id: str):
        with store() as s:
            doc = stored_document(s, doc_id)
            mentions = document_marks(s, doc.id)
            stored = provenance(s, doc.id)
        spans = [{"start": m["sentence_start"], "end": m["sentence_end"], "kind": "event", **m} for m in mentions]
        spans += [{"start": m["trigger_start"], "end": m["trigger_end"], "kind": "trigger"} for m in mentions]
        spans += [{"start": q["start"], "end": q["end"], "kind": "quote", "speaker": q["speaker"]} for q in doc.quotes]
        return page(request, "article.html", {"doc": doc, "runs": marks.runs(doc.body, spans), "mentions": mentions,
                                              "stored": stored})

    @app.get("/dyad/{pair}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, pair: str, by: str = "month", both_ways: bool = False):
        a, b = filters.read("dyad", pair)
        by = _period(by)
        with store() as s:
            df = analytics.timeline(s, dyad=(a, b), by=by, directed=not both_ways)
            latest, _ = merged_page(s, {"dyad": (a, b)}, limit=20)
        return page(request, "dyad.html", {"a": a, "b": b, "by": by, "both_ways": both_ways,
                                           "chart": charts.timeline_chart(df, by), "unplaced": df.attrs["unplaced"],
                                           "chart_link": {"dyad": f"{a}:{b}", "factual": 1},
                                           "periods": json_records(df), "latest": latest,
                                           "periods_all": list(analytics.PERIODS)})

    @app.get("/actor/{code}", response_class=HTMLResponse, include_in_schema=False)
    def actor_page(request: Request, code: str, by: str = "month"):
        code = filters.read("actor", code, "code")
        by = _period(by)
        with store() as s:
            view, df = actor_view(s, code, by)
            latest, _ = merged_page(s, {"party": code}, limit=20)
        return page(request, "actor.html", {"actor": view, "code": code, "by": by, "latest": latest,
                                            "chart": charts.timeline_chart(df, by),
                                            "chart_link": {"party": code, "factual": 1}})

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = ""):
        q = q.strip()
        if not q:
            return page(request, "search.html", {"q": q, "docs": [], "events": [], "actors": []})
        if ":" in q:
            try:
                a, b = filters.dyad(q)
                return RedirectResponse(f"/dyad/{a}:{b}", status_code=303)
            except FilterError:
                pass
        q = filters.read("q", q)
        with store() as s:
            docs, more_docs = documents_page(s, q=q, limit=PAGE_SIZE)
            events, more_events = merged_page(s, {"q": q}, limit=PAGE_SIZE)
            codes = set(analytics.top_actors(s, None)["actor"])
        actors = sorted(c for c in codes if q.upper() == c or any(q.lower() in n.lower() for n, _ in marks.names(c)))
        return page(request, "search.html", {"q": q, "docs": docs, "events": events, "actors": actors,
                                             "more_docs": more_docs, "more_events": more_events})

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, factual: bool = False, world: bool = False):
        with store() as s:
            placed, unplaced = geo.points(locations(s, {"factual": factual}))
        view = geo.view([] if world else placed)
        return page(request, "map.html", {"points": placed, "unplaced": unplaced, "view": view, "world": world,
                                          "graticule": geo.graticule(view["scale"]), "factual": factual})

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request):
        return page(request, "docs.html", {"schema": app.openapi()})

    return app


# --- helpers ---------------------------------------------------------------------------------------

def _error(status: int, message: str, parameter: str | None = None, headers: dict | None = None) -> JSONResponse:
    body = {"error": {"status": status, "message": message} | ({"parameter": parameter} if parameter else {})}
    return JSONResponse(body, status_code=status, headers=headers)


def _iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else ("" if value is None else str(value))


def _period(by: str) -> str:
    """The `by` of a time series, read strictly; a month when left empty."""
    return filters.read("by", by) or "month"


def _timeline_fitting(s: ReadStore, by: str) -> tuple[pd.DataFrame, str]:
    """The whole store's timeline on the `by` axis, or a coarser one when it would have
    more than MAX_PERIODS bars."""
    periods = list(analytics.PERIODS)
    for step in periods[periods.index(by):]:
        df = analytics.timeline(s, by=step)
        if len(df) <= MAX_PERIODS:
            break
    return df, step


def _report_actor_spans(report: dict[str, Any]) -> list[dict[str, Any]]:
    return marks.actor_spans(report["sentence"] or "", report["actors"] or [], report["recipients"] or [])


def _download(rows: list[dict[str, Any]], format: str, name: str) -> Response:
    """A list as CSV (lists joined with |) or JSON Lines, as an attachment."""
    if format == "jsonl":
        body = "".join(json.dumps(row, ensure_ascii=False, default=_iso) + "\n" for row in rows)
        media = "application/x-ndjson"
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        columns = list(rows[0]) if rows else []
        writer.writerow(columns)
        writer.writerows(["|".join(v) if isinstance(v, list) else _iso(v) for v in row.values()] for row in rows)
        body, media = out.getvalue(), "text/csv"
    return Response(body, media_type=f"{media}; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.{format}"'})


def _export(s: ReadStore, format: str, ids: list[str]) -> Response:
    """Merged events in `veille export`'s format, as an attachment."""
    with tempfile.TemporaryDirectory(prefix="veille-serve-") as folder:
        path = Path(folder) / f"events.{format}"
        exports.export(s, format, str(path), ids=ids)
        body = path.read_bytes()
    media = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
             "parquet": "application/vnd.apache.parquet"}[format]
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="events.{format}"'})


def run(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve until interrupted (uvicorn, one process)."""
    import uvicorn

    try:
        app = create_app(db, host=host)
    except StoreMissing as error:
        raise SystemExit(f"error: {error}") from None
    where = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    print(f"veille serve: {db} read-only on {where} (API reference at {where}/docs); Ctrl-C stops",
          file=sys.stderr)
    if host not in LOOPBACK:
        print(f"warning: listening on {host}: anyone who can reach this address can read the store",
              file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False,
                h11_max_incomplete_event_size=16 * 1024)  # request line and headers: 16 KB at most
