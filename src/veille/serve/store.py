"""The server's view of the DuckDB store: read-only connections held only for short
intervals, so that an ingest can take the file between them, and pages of rows by keyset
cursor, so that a page costs the same at row 50 and at row 100,000.

DuckDB locks the whole file: while a process holds it for writing, another cannot open
it at all, not even read-only ("Could not set lock on file ... Conflicting lock is held"),
and a reader holding it keeps a writer out the same way. A request therefore waits a
moment for the file and then answers "store busy" (HTTP 503) instead of an error; an
ingest waits for the server the same way (both open it with `veille.store.connect`)."""
from __future__ import annotations

import base64
import binascii
import json
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from ..analytics import NOT_FACTUAL
from ..store import CODE_SEP, MIGRATIONS, Store, StoreBusy, StoreError, _event_filters, connect, date_range_clauses, text_sides

BUSY_RETRY_SECONDS = 2.0  # how long a request waits for a writer to let the file go
HOLD_SECONDS = 5.0  # the longest one connection serves requests before the file is let go
IDLE_SECONDS = 0.2  # a connection no request has used for this long is closed
GAP_SECONDS = 0.075  # then the file is free this long: an ingest waiting for it (store.LOCK_POLL) takes it


class StoreMissing(Exception):
    """No store at the path, or one this version cannot read."""


class BadCursor(ValueError):
    """A cursor that this server did not hand out."""


class ReadStore(Store):
    """A `Store` over a read-only connection: never migrates, never writes. Its query
    methods are Store's own."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str):  # not Store.__init__: that opens for writing
        self.path = path
        self._con = con
        self._types = {}

    @classmethod
    def open(cls, path: str, wait: float) -> ReadStore:
        store = cls(connect(path, read_only=True, wait=wait, threads=None), path)
        version = store._scalar("SELECT max(version) FROM schema_version")
        if version != len(MIGRATIONS):
            store.close()
            raise StoreMissing(f"{path}: schema version {version}, this veille reads {len(MIGRATIONS)} "
                               "(run `veille ingest` once with this version to migrate it)")
        return store


class Reader:
    """Read-only access for requests. Opening the file costs 15 to 40 ms here, far more
    than a page's queries, so one connection serves the requests of a short interval, each
    on a cursor of its own. The file is let go once no request has come for IDLE_SECONDS,
    and under load every HOLD_SECONDS for GAP_SECONDS, so that an ingest waiting for it
    gets it; what the ingest committed shows in the next request after it lets go."""

    def __init__(self, path: str | Path, wait: float = BUSY_RETRY_SECONDS):
        self.path = str(path)
        self.wait = wait
        self._changed = threading.Condition()
        self._shared: ReadStore | None = None
        self._opened_at = self._used_at = 0.0
        self._users = 0
        threading.Thread(target=self._close_when_idle, name="veille-reader-idle", daemon=True).start()

    @contextmanager
    def __call__(self) -> Iterator[ReadStore]:
        cursor = self._acquire()
        try:
            yield ReadStore(cursor, self.path)
        finally:
            cursor.close()
            with self._changed:
                self._users -= 1
                self._used_at = time.monotonic()
                self._changed.notify_all()

    def _acquire(self) -> duckdb.DuckDBPyConnection:
        with self._changed:
            if self._shared is not None and time.monotonic() - self._opened_at > HOLD_SECONDS:
                self._changed.wait_for(lambda: self._users == 0 or self._shared is None)
                if self._shared is not None:
                    self._close()
                    time.sleep(GAP_SECONDS)  # the lock held: requests arriving now wait the gap too
            if self._shared is None:
                self._shared = ReadStore.open(self.path, self.wait)
                self._opened_at = time.monotonic()
            self._users += 1
            return self._shared.con.cursor()

    def _close(self) -> None:
        self._shared.close()
        self._shared = None

    def _close_when_idle(self) -> None:
        while True:
            time.sleep(IDLE_SECONDS / 2)
            with self._changed:
                if self._shared is not None and not self._users and time.monotonic() - self._used_at > IDLE_SECONDS:
                    self._close()


def check_store(path: str | Path) -> None:
    """Raise StoreMissing unless `path` is a store this version reads (at start-up)."""
    if not Path(path).is_file():
        raise StoreMissing(f"{path}: no such store (build one with `veille ingest PATH --db {path}`)")
    try:
        ReadStore.open(str(path), BUSY_RETRY_SECONDS).close()
    except StoreBusy:
        pass  # an ingest is writing it: requests will say so
    except StoreError as error:  # not a DuckDB file, say
        raise StoreMissing(str(error)) from None
    except duckdb.Error as error:
        raise StoreMissing(f"{path}: not a veille store ({error})") from None


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


def _keyset_page(store: Store, columns: str, source: str, keys: Sequence[str], where: list[str], params: list,
                 *, cursor: str | None, limit: int, descending: bool) -> tuple[list[dict[str, Any]], str | None]:
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


def _event_where(alias: str, actors_table: str, key: str, filters: dict[str, Any]) -> tuple[list[str], list]:
    """Store's event filters, plus those of the server: `party` (either side), `country`
    and `location` (where it happened), `factual` (leave out denied, hypothetical and
    planned events, as the timeline does) and `q` (words in the sentence)."""
    filters = dict(filters)
    extra = {name: filters.pop(name, None) for name in ("party", "country", "location", "factual", "q")}
    where, params = _event_filters(alias, actors_table, key, **filters)
    if extra["party"] and actors_table == "merged_actors":  # its codes in `sides`: no join (5 ms, not 35)
        where.append(f"contains(chr(31) || replace({alias}.sides, chr(30), chr(31)) || chr(31), ?)")
        params.append(CODE_SEP + extra["party"].upper() + CODE_SEP)
    elif extra["party"]:
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
        _add_contains(where, params, [f"{alias}.sentence"], extra["q"])
    return where, params


def _add_contains(where: list[str], params: list, columns: Sequence[str], text: str) -> None:
    """Keep the rows with `text` in any of `columns`, in any case, its own % and _ taken literally."""
    pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    where.append("(" + " OR ".join(f"{column} ILIKE ? ESCAPE '\\'" for column in columns) + ")")
    params += [pattern] * len(columns)


# Store.merged_events' columns, its actors and recipients read from the `sides` column
# (see `text_sides`) rather than joined from merged_actors: a page's 50 rows in one query
# whose cost does not grow with the store.
MERGED_ROW = ("m.id, m.type, m.mode, m.context, m.sides, m.date, m.location, m.location_country, m.quad_class, "
              "m.cameo_root, m.goldstein, m.sentence, m.num_mentions, m.num_documents, m.num_articles, "
              "m.num_sources, m.first_seen, m.last_seen")


def merged_page(store: Store, filters: dict[str, Any], *, cursor: str | None = None, limit: int = 50,
                descending: bool = True) -> tuple[list[dict[str, Any]], str | None]:
    """Merged events by date, then id (undated last when ascending), rows as `Store.merged_events`."""
    where, params = _event_where("m", "merged_actors", "merged_id", filters)
    keys = ("coalesce(m.date, '')", "m.id")  # a third key (first_seen) costs as much as the rest of the page
    rows, next_cursor = _keyset_page(store, MERGED_ROW, "merged_events m", keys, where, params, cursor=cursor,
                                     limit=limit, descending=descending)
    for i, row in enumerate(rows):
        actors, recipients = text_sides(row.pop("sides"))
        rows[i] = {k: row[k] for k in ("id", "type", "mode", "context")} | {
            "actors": sorted(actors), "recipients": sorted(recipients)} | row
    return rows, next_cursor


# What the API gives of each per-article event: Store.events' columns but the place's
# coordinates and the publication date.
EVENT_FIELDS = ("id", "date", "type", "mode", "actors", "recipients", "location", "location_country", "context",
                "quad_class", "cameo_root", "goldstein", "sentence", "merged_id", "doc_id", "doc", "outlet", "url")


def events_page(store: Store, filters: dict[str, Any], *, cursor: str | None = None, limit: int = 50,
                descending: bool = True) -> tuple[list[dict[str, Any]], str | None]:
    """Events as each article tells them, by date."""
    where, params = _event_where("e", "event_actors", "event_id", filters)
    ids, next_cursor = _keyset_page(store, "e.id", "events e", ("coalesce(e.date, '')", "e.id"), where, params,
                                    cursor=cursor, limit=limit, descending=descending)
    rows = {r["id"]: r for r in store.events(ids=[r["id"] for r in ids])} if ids else {}
    return [{field: rows[r["id"]][field] for field in EVENT_FIELDS} for r in ids], next_cursor


DOCUMENT_LIST = ("d.id, d.name, d.published, d.outlet, d.language, d.title, length(d.body) AS chars, d.source, "
                 "d.url, d.canonical_id")


def documents_page(store: Store, *, q: str | None = None, outlet: str | None = None, since: str | None = None,
                   until: str | None = None, cursor: str | None = None, limit: int = 50,
                   descending: bool = True) -> tuple[list[dict[str, Any]], str | None]:
    """Documents by publication date; `q` searches title and body (any case)."""
    where, params = date_range_clauses("d.published", since, until)
    if q:
        _add_contains(where, params, ["d.title", "d.body"], q)
    if outlet:
        where.append("lower(d.outlet) = lower(?)")
        params.append(outlet)
    return _keyset_page(store, DOCUMENT_LIST, "documents d", ("coalesce(d.published, '')", "d.id"), where,
                        params, cursor=cursor, limit=limit, descending=descending)


def quotes_page(store: Store, *, speaker: str | None = None, q: str | None = None, cursor: str | None = None,
                limit: int = 50, descending: bool = True) -> tuple[list[dict[str, Any]], str | None]:
    """Quotes with their article, by publication date."""
    where, params = [], []
    if speaker:
        where.append("q.speaker = ?")
        params.append(speaker.upper())
    if q:
        _add_contains(where, params, ["q.text"], q)
    return _keyset_page(store, "q.doc_id, q.n, q.speaker, q.speaker_name, q.text, q.start_offset AS start, "
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


def provenance(store: Store, doc_id: str) -> dict[str, Any]:
    """Where a document comes from as the store keeps it: the story it copies (and how
    closely), the kind of input, when it was ingested."""
    return store._dicts("SELECT canonical_id, similarity, kind, ingested_at FROM documents WHERE id = ?", [doc_id])[0]


def locations(store: Store, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Where merged events happened: one row per (place, country) with its event count."""
    where, params = _event_where("m", "merged_actors", "merged_id", filters)
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
