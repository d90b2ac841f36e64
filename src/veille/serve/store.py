"""The server's view of the DuckDB store: opened read-only for one request and closed after
it, so that an ingest can take the file between requests, and pages of rows by keyset
cursor, so that a page costs the same at row 50 and at row 100,000.

DuckDB locks the whole file: while a process holds it for writing, another cannot open
it at all, not even read-only ("Could not set lock on file ... Conflicting lock is held"),
and a reader holding it blocks a writer the same way. A request therefore retries the
open for a moment and then answers "store busy" (HTTP 503) instead of an error."""
from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..analytics import NOT_FACTUAL
from ..store import MIGRATIONS, Store, _event_filters

BUSY_RETRY_SECONDS = 2.0  # how long a request waits for a writer to let the file go
BUSY_POLL_SECONDS = 0.05


class StoreBusy(Exception):
    """Another process (an ingest) holds the store's file."""


class StoreMissing(Exception):
    """No store at the path, or one this version cannot read."""


class BadCursor(ValueError):
    """A cursor that this server did not hand out."""


class ReadStore(Store):
    """A `Store` opened read-only: never migrates, never writes. Its query methods are
    Store's own."""

    def __init__(self, path: str | Path):  # noqa: super().__init__ would open for writing
        self.path = str(path)
        self.con = duckdb.connect(self.path, read_only=True)
        self._types = {}
        version = self._scalar("SELECT max(version) FROM schema_version")
        if version != len(MIGRATIONS):
            self.close()
            raise StoreMissing(f"{self.path}: schema version {version}, this veille reads {len(MIGRATIONS)} "
                               "(run `veille ingest` once with this version to migrate it)")


def check(path: str | Path) -> None:
    """Raise StoreMissing unless `path` is a store this version reads (at start-up)."""
    if not Path(path).is_file():
        raise StoreMissing(f"{path}: no such store (build one with `veille ingest PATH --db {path}`)")
    try:
        with reading(path):
            pass
    except duckdb.Error as error:
        raise StoreMissing(f"{path}: not a veille store ({error})") from None


@contextmanager
def reading(path: str | Path, wait: float = BUSY_RETRY_SECONDS) -> Iterator[ReadStore]:
    """The store opened read-only for the block, retrying while a writer holds the file."""
    deadline = time.monotonic() + wait
    while True:
        try:
            store = ReadStore(path)
            break
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            if time.monotonic() >= deadline:
                raise StoreBusy(str(path)) from None
            time.sleep(BUSY_POLL_SECONDS)
    try:
        yield store
    finally:
        store.close()


# ---------------------------------------------------------------------------------------------
# keyset pages

def encode_cursor(keys: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(keys), default=str).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, width: int) -> list[Any]:
    try:
        keys = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error):
        raise BadCursor("not a cursor this server handed out") from None
    if not isinstance(keys, list) or len(keys) != width:
        raise BadCursor("not a cursor this server handed out")
    return keys


def _page(store: Store, columns: str, source: str, keys: Sequence[str], where: list[str], params: list, *,
          cursor: str | None, limit: int, descending: bool) -> tuple[list[dict[str, Any]], str | None]:
    """One page of `SELECT columns FROM source WHERE ...` in the order of the sort `keys`
    (SQL expressions, the last one unique), after `cursor`; returns the rows and the next
    page's cursor."""
    where, params = list(where), list(params)
    key_list = ", ".join(keys)
    if cursor:
        where.append(f"({key_list}) {'<' if descending else '>'} ({', '.join('?' * len(keys))})")
        params += decode_cursor(cursor, len(keys))
    order = ", ".join(f"{k} {'DESC' if descending else 'ASC'}" for k in keys)
    sql = (f"SELECT {columns}, {', '.join(f'{k} AS _k{i}' for i, k in enumerate(keys))} FROM {source} "
           + (f"WHERE {' AND '.join(where)} " if where else "") + f"ORDER BY {order} LIMIT {int(limit) + 1}")
    rows = store._dicts(sql, params)
    next_cursor = encode_cursor([rows[limit - 1][f"_k{i}"] for i in range(len(keys))]) if len(rows) > limit else None
    for row in rows:
        for i in range(len(keys)):
            del row[f"_k{i}"]
    return rows[:limit], next_cursor


def _filters(alias: str, actors_table: str, key: str, filters: dict[str, Any]) -> tuple[list[str], list]:
    """Store's event filters, plus those of the server: `party` (either side), `country`
    and `location` (where it happened), `factual` (leave out denied, hypothetical and
    planned events, as the timeline does) and `q` (words in the sentence)."""
    filters = dict(filters)
    extra = {name: filters.pop(name, None) for name in ("party", "country", "location", "factual", "q")}
    where, params = _event_filters(alias, actors_table, key, **filters)
    if extra["party"]:
        where.append(f"{alias}.id IN (SELECT {key} FROM {actors_table} WHERE code = ?)")
        params.append(extra["party"].upper())
    if extra["country"]:
        where.append(f"{alias}.location_country = ?")
        params.append(extra["country"].upper())
    if extra["location"]:
        where.append(f"{alias}.location = ?")
        params.append(extra["location"])
    if extra["factual"]:
        where.append(f"NOT list_has_any({alias}.context, {list(NOT_FACTUAL)!r})")
    if extra["q"]:
        where.append(f"{alias}.sentence ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(extra["q"]))
    return where, params


def like_pattern(text: str) -> str:
    """`text` anywhere, its own % and _ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def merged_page(store: Store, filters: dict[str, Any], *, cursor: str | None = None, limit: int = 50,
                descending: bool = True) -> tuple[list[dict[str, Any]], str | None]:
    """Merged events by date (undated last when ascending), rows as `Store.merged_events`."""
    where, params = _filters("m", "merged_actors", "merged_id", filters)
    keys = ("coalesce(m.date, '')", "coalesce(m.first_seen::VARCHAR, '')", "m.id")
    ids, next_cursor = _page(store, "m.id", "merged_events m", keys, where, params, cursor=cursor,
                             limit=limit, descending=descending)
    rows = {r["id"]: r for r in store.merged_events(ids=[r["id"] for r in ids])} if ids else {}
    return [rows[r["id"]] for r in ids], next_cursor


# Per-article events: Store.events' columns, for one page of ids.
_EVENT_ROWS = (
    "SELECT e.id, e.date, e.type, e.mode, "
    "coalesce(list(a.code ORDER BY a.code) FILTER (WHERE a.side = 'source'), []) AS actors, "
    "coalesce(list(a.code ORDER BY a.code) FILTER (WHERE a.side = 'target'), []) AS recipients, "
    "e.location, e.location_country, e.context, e.quad_class, e.cameo_root, e.goldstein, "
    "e.sentence, e.merged_id, e.doc_id, d.name AS doc, d.outlet, d.url "
    "FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN event_actors a ON a.event_id = e.id "
    "WHERE e.id IN (SELECT unnest(?)) GROUP BY ALL")


def events_page(store: Store, filters: dict[str, Any], *, cursor: str | None = None, limit: int = 50,
                descending: bool = True) -> tuple[list[dict[str, Any]], str | None]:
    """Events as each article tells them, by date."""
    where, params = _filters("e", "event_actors", "event_id", filters)
    ids, next_cursor = _page(store, "e.id", "events e", ("coalesce(e.date, '')", "e.id"), where, params,
                             cursor=cursor, limit=limit, descending=descending)
    rows = {r["id"]: r for r in store._dicts(_EVENT_ROWS, [[r["id"] for r in ids]])} if ids else {}
    return [rows[r["id"]] for r in ids], next_cursor


DOCUMENT_LIST = ("d.id, d.name, d.published, d.outlet, d.language, d.title, length(d.body) AS chars, d.source, "
                 "d.url, d.canonical_id")


def documents_page(store: Store, *, q: str | None = None, outlet: str | None = None, since: str | None = None,
                   until: str | None = None, cursor: str | None = None, limit: int = 50,
                   descending: bool = True) -> tuple[list[dict[str, Any]], str | None]:
    """Documents by publication date; `q` searches title and body (any case)."""
    where, params = [], []
    if q:
        where.append("(d.title ILIKE ? ESCAPE '\\' OR d.body ILIKE ? ESCAPE '\\')")
        params += [like_pattern(q)] * 2
    if outlet:
        where.append("lower(d.outlet) = lower(?)")
        params.append(outlet)
    if since:
        where.append("d.published >= ? AND d.published NOT LIKE '--%'")
        params.append(since)
    if until:
        where.append("left(d.published, length(?)) <= ? AND d.published NOT LIKE '--%'")
        params += [until, until]
    return _page(store, DOCUMENT_LIST, "documents d", ("coalesce(d.published, '')", "d.id"), where, params,
                 cursor=cursor, limit=limit, descending=descending)


def quotes_page(store: Store, *, speaker: str | None = None, q: str | None = None, cursor: str | None = None,
                limit: int = 50, descending: bool = True) -> tuple[list[dict[str, Any]], str | None]:
    """Quotes with their article, by publication date."""
    where, params = [], []
    if speaker:
        where.append("q.speaker = ?")
        params.append(speaker.upper())
    if q:
        where.append("q.text ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(q))
    return _page(store, "q.doc_id, q.n, q.speaker, q.speaker_name, q.text, q.start_offset AS start, "
                 "q.end_offset AS \"end\", d.title, d.published, d.outlet",
                 "quotes q JOIN documents d ON d.id = q.doc_id",
                 ("coalesce(d.published, '')", "q.doc_id", "q.n"), where, params,
                 cursor=cursor, limit=limit, descending=descending)


def document_marks(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Every event mention of a document: its sentence and trigger offsets into the body."""
    return store._dicts(
        "SELECT e.id AS event_id, e.merged_id, e.type, e.quad_class, m.sentence_start, m.sentence_end, "
        "m.trigger_start, m.trigger_end FROM event_mentions m JOIN events e ON e.id = m.event_id "
        "WHERE m.doc_id = ? ORDER BY m.sentence_start, e.id", [doc_id])


def locations(store: Store, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Where merged events happened: one row per (place, country) with its event count."""
    where, params = _filters("m", "merged_actors", "merged_id", filters)
    where.append("m.location_country IS NOT NULL")
    return store._dicts("SELECT m.location, m.location_country AS country, count(*) AS events "
                        f"FROM merged_events m WHERE {' AND '.join(where)} GROUP BY ALL "
                        "ORDER BY events DESC, country, location NULLS FIRST", params)


def summary(store: Store) -> dict[str, Any]:
    """Counts for the page header, and when the store last took a document."""
    row = store._dicts("SELECT (SELECT count(*) FROM documents) AS documents, "
                       "(SELECT count(*) FROM merged_events) AS events, "
                       "(SELECT count(*) FROM events) AS reports, "
                       "(SELECT max(ingested_at) FROM documents) AS last_ingest", [])
    return row[0]
