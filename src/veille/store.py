"""The embedded DuckDB store: schema created and migrated by the program, one
transaction per batch so a crash never leaves half a batch behind."""
from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import os
import re
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np

from . import dedup, filters, merge, parquet, places
from .metadata import canonical_url
from .records import Document, Paragraph

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_PATH = "veille.duckdb"
BUSY_WAIT = 5.0  # seconds to wait for another process's lock on the store ($VEILLE_BUSY_WAIT)
WRITER_WAIT = 10.0  # a writer's least wait (see `busy_wait`)
LOCK_POLL = 0.02  # seconds between two tries at a locked store: well within `veille serve`'s gap
WRITE_MEMORY_LIMIT = "64MB"
FINGERPRINT_CACHE_SIZE = 2048  # recent documents' shingle fingerprints, about 3 KB each

# The 64-bit key of an (outlet, line hash) pair in SQL, as `line_key` computes it.
LINE_KEY_SQL = "('0x' || left(md5({outlet} || chr(9) || {hash}), 16))::UBIGINT"

def _index_merged_events(con: duckdb.DuckDBPyConnection) -> None:
    """What merging reads, kept where one batch's lookup finds it: each merged event's
    sides as lists (merged_actors, one row per code, serves the filters) and its lookup
    keys (see `merge.filing_keys`), both filled for the merged events already stored."""
    con.execute("ALTER TABLE merged_events ADD COLUMN sources VARCHAR[] NOT NULL DEFAULT []")
    con.execute("ALTER TABLE merged_events ADD COLUMN targets VARCHAR[] NOT NULL DEFAULT []")
    con.execute("UPDATE merged_events AS m SET sources = a.sources, targets = a.targets FROM ("
                "SELECT merged_id, coalesce(list(code) FILTER (WHERE side = 'source'), []) AS sources, "
                "coalesce(list(code) FILTER (WHERE side = 'target'), []) AS targets "
                "FROM merged_actors GROUP BY merged_id) a WHERE m.id = a.merged_id")
    con.execute("CREATE TABLE merge_keys (key UBIGINT NOT NULL, merged_id VARCHAR NOT NULL)")
    rows = con.execute("SELECT id, type, date, sources || targets FROM merged_events").fetchall()
    keys = [(key, i) for i, type_, date, codes in rows
            for key in merge.index_keys(type_, codes, merge.filing_keys(date))]
    if keys:
        con.execute("INSERT INTO merge_keys SELECT unnest(?::UBIGINT[]), unnest(?::VARCHAR[])",
                    [list(c) for c in zip(*keys)])


# What a merged event's report counts once, as one 64-bit key per (merged event, story) and
# per (merged event, outlet): near-duplicates tell the same story, an outlet is its name
# (any case) or else the document's source. A collision (about once in 10^8 for a million
# keys) would leave one story or outlet uncounted.
COUNTED_KEYS_SQL = (
    "[('0x' || left(md5('story' || chr(9) || {merged_id} || chr(9) || coalesce({canonical_id}, {doc_id})), 16))"
    "::UBIGINT, "
    "('0x' || left(md5('outlet' || chr(9) || {merged_id} || chr(9) || coalesce(lower({outlet}), {source})), 16))"
    "::UBIGINT]")


def _keep_counted(con: duckdb.DuckDBPyConnection) -> None:
    """The stories and outlets each merged event counts, as keys (see COUNTED_KEYS_SQL), so
    that a batch adds its reports to the counts without reading the reports stored before."""
    con.execute("CREATE TABLE merge_counted (key UBIGINT NOT NULL)")
    keys = COUNTED_KEYS_SQL.format(merged_id="e.merged_id", canonical_id="d.canonical_id", doc_id="d.id",
                                   outlet="d.outlet", source="d.source")
    con.execute(f"INSERT INTO merge_counted SELECT DISTINCT unnest({keys}) "
                "FROM events e JOIN documents d ON d.id = e.doc_id WHERE e.merged_id IS NOT NULL")


# A merged event's sides as one string, as merging reads and rewrites them: codes apart by the
# unit separator, sources from targets by the record separator (no code holds either). Two
# list columns cost three times as much to read back for a batch's candidates.
CODE_SEP, SIDE_SEP = "\x1f", "\x1e"


def sides_text(actors: Sequence[str], recipients: Sequence[str]) -> str:
    return CODE_SEP.join(actors) + SIDE_SEP + CODE_SEP.join(recipients)


def text_sides(text: str) -> tuple[list[str], list[str]]:
    """The (actors, recipients) of `sides_text`."""
    return tuple(side.split(CODE_SEP) if side else [] for side in text.split(SIDE_SEP))


PLACE_COLUMNS = ("name", "country", "resolved_name", "latitude", "longitude", "geonameid", "resolution")


def _place_row(name: str | None, country: str | None) -> tuple:
    """A row of the `places` table: the place's coordinates, or NULLs (see `places.locate`)."""
    found = places.locate(name, country)
    return (name, country, *((found.name, found.latitude, found.longitude, found.geonameid, found.resolution)
                             if found else (None,) * 5))


def _locate_places(con: duckdb.DuckDBPyConnection) -> None:
    """Coordinates of the places events are told at, one row per (name, country), so that
    events can be mapped; filled for the events already stored."""
    con.execute("CREATE TABLE places (name VARCHAR, country VARCHAR, resolved_name VARCHAR, latitude DOUBLE, "
                "longitude DOUBLE, geonameid BIGINT, resolution VARCHAR)")
    pairs = con.execute("SELECT DISTINCT location, location_country FROM events "
                        "WHERE location IS NOT NULL OR location_country IS NOT NULL").fetchall()
    if pairs:
        con.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?)", [_place_row(*pair) for pair in pairs])


def _keep_canonical_urls(con: duckdb.DuckDBPyConnection) -> None:
    """The URL each stored page declares as its own (see `metadata.canonical_url`)."""
    con.execute("ALTER TABLE documents ADD COLUMN canonical_url VARCHAR")
    urls = [(canonical_url(raw, url), doc_id) for doc_id, raw, url in con.execute(
        "SELECT id, raw, url FROM documents WHERE kind = 'html'").fetchall()]
    urls = [row for row in urls if row[0]]
    if urls:
        con.executemany("UPDATE documents SET canonical_url = ? WHERE id = ?", urls)


# Each entry migrates the schema from version i to i + 1 (SQL, or a function of the
# connection); never edit one that has shipped.
MIGRATIONS: list[str | Callable[[duckdb.DuckDBPyConnection], None]] = [
    """
    CREATE TABLE documents (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        record VARCHAR,
        url VARCHAR,
        kind VARCHAR NOT NULL,
        title VARCHAR,
        published VARCHAR,
        published_inferred BOOLEAN NOT NULL DEFAULT false,
        outlet VARCHAR,
        language VARCHAR,
        raw VARCHAR NOT NULL,
        text VARCHAR,  -- the page as text; NULL when it is the raw input itself (text files)
        body VARCHAR NOT NULL,
        para_starts INTEGER[] NOT NULL,
        para_ends INTEGER[] NOT NULL,
        ingested_at TIMESTAMP NOT NULL DEFAULT current_timestamp
    );
    -- one row per (line, batch) with the batch's count, summed when read: no index to hold
    -- in memory, so an ingest's memory does not grow with the corpus
    CREATE TABLE line_counts (
        outlet VARCHAR NOT NULL,
        hash VARCHAR NOT NULL,
        docs INTEGER NOT NULL
    );
    """,
    """
    CREATE TABLE events (
        id VARCHAR PRIMARY KEY,
        doc_id VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        date VARCHAR,
        location VARCHAR,
        location_country VARCHAR,
        context VARCHAR[] NOT NULL,
        quad_class INTEGER NOT NULL,
        cameo_root VARCHAR NOT NULL,
        goldstein DOUBLE NOT NULL,
        sentence VARCHAR NOT NULL,
        coder VARCHAR NOT NULL
    );
    CREATE TABLE event_actors (
        event_id VARCHAR NOT NULL,
        side VARCHAR NOT NULL,  -- source | target
        code VARCHAR NOT NULL
    );
    CREATE TABLE event_mentions (
        event_id VARCHAR NOT NULL,
        doc_id VARCHAR NOT NULL,
        sentence VARCHAR NOT NULL,
        sentence_start INTEGER NOT NULL,
        sentence_end INTEGER NOT NULL,
        trigger VARCHAR NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL
    );
    CREATE TABLE quotes (
        doc_id VARCHAR NOT NULL,
        n INTEGER NOT NULL,
        speaker VARCHAR NOT NULL,
        speaker_name VARCHAR,
        text VARCHAR NOT NULL,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL
    );
    ALTER TABLE documents ADD COLUMN timexes JSON;
    """,
    """
    ALTER TABLE documents ADD COLUMN canonical_id VARCHAR;  -- the story this near-duplicate copies
    ALTER TABLE documents ADD COLUMN similarity DOUBLE;      -- its Jaccard similarity to that story
    CREATE TABLE minhash_bands (
        band INTEGER NOT NULL,
        hash UBIGINT NOT NULL,
        doc_id VARCHAR NOT NULL
    );
    ALTER TABLE events ADD COLUMN merged_id VARCHAR;
    CREATE TABLE merged_events (
        id VARCHAR PRIMARY KEY,
        type VARCHAR NOT NULL,
        mode VARCHAR,
        date VARCHAR,
        location VARCHAR,
        location_country VARCHAR,
        context VARCHAR[] NOT NULL,
        quad_class INTEGER NOT NULL,
        cameo_root VARCHAR NOT NULL,
        goldstein DOUBLE NOT NULL,
        sentence VARCHAR NOT NULL,
        num_mentions INTEGER NOT NULL,
        num_documents INTEGER NOT NULL,
        num_articles INTEGER NOT NULL,
        num_sources INTEGER NOT NULL,
        first_seen DATE,
        last_seen DATE
    );
    CREATE TABLE merged_actors (
        merged_id VARCHAR NOT NULL,
        side VARCHAR NOT NULL,  -- source | target
        code VARCHAR NOT NULL
    );
    """,
    # line counts keyed by one 64-bit integer per (outlet, line hash), see `line_key`: a
    # batch's lookup joins on one integer column, and the rows stored so far are summed
    f"""
    CREATE TABLE line_totals (
        key UBIGINT NOT NULL,
        docs INTEGER NOT NULL
    );
    INSERT INTO line_totals SELECT {LINE_KEY_SQL.format(outlet="outlet", hash="hash")}, sum(docs)
        FROM line_counts GROUP BY ALL;
    DROP TABLE line_counts;
    """,
    _index_merged_events,
    _keep_counted,
    # a merged event's sides as one text column (see `sides_text`), not two lists
    """
    ALTER TABLE merged_events ADD COLUMN sides VARCHAR NOT NULL DEFAULT '';
    UPDATE merged_events SET sides = array_to_string(sources, chr(31)) || chr(30) || array_to_string(targets, chr(31));
    ALTER TABLE merged_events DROP COLUMN sources;
    ALTER TABLE merged_events DROP COLUMN targets;
    """,
    _locate_places,
    _keep_canonical_urls,
    # first and last report: publication days only, NULL when no report is dated (they were
    # the day of ingest for undated articles, which put them in timelines where no article is)
    """
    UPDATE merged_events AS m SET first_seen = r.first_seen, last_seen = r.last_seen FROM (
        SELECT x.id, min(try_cast(d.published AS DATE)) AS first_seen, max(try_cast(d.published AS DATE)) AS last_seen
        FROM merged_events x LEFT JOIN events e ON e.merged_id = x.id LEFT JOIN documents d ON d.id = e.doc_id
        GROUP BY x.id) r
    WHERE m.id = r.id;
    """,
    # where the publication date was read, and what was not done to a document and why
    """
    ALTER TABLE documents ADD COLUMN published_source VARCHAR;
    ALTER TABLE documents ADD COLUMN notes VARCHAR;  -- JSON list
    """,
]

DOCUMENT_COLUMNS = ("id", "name", "source", "record", "url", "kind", "title", "published",
                    "published_inferred", "outlet", "language", "raw", "text", "body",
                    "para_starts", "para_ends", "timexes", "canonical_url", "published_source", "notes")

# A batch's merged reports (see `_reported`), each with the day it was published (else
# read) and its story and outlet keys, and whether the store already counts them.
REPORTED_COLUMNS = ("merged_id", "doc_id", "canonical_id", "outlet", "source", "published", "mentions")
BATCH_REPORTS_SQL = f"""
    WITH r AS (SELECT merged_id::VARCHAR AS merged_id, doc_id::VARCHAR AS doc_id, mentions::INTEGER AS mentions,
                      try_cast(published::VARCHAR AS DATE) AS seen,
                      {COUNTED_KEYS_SQL.format(merged_id="merged_id::VARCHAR", canonical_id="canonical_id::VARCHAR",
                                               doc_id="doc_id::VARCHAR", outlet="outlet::VARCHAR",
                                               source="source::VARCHAR")} AS keys
               FROM batch_rows),
         counted AS (SELECT key FROM merge_counted WHERE key IN (SELECT unnest(keys) FROM r))
    SELECT merged_id, doc_id, mentions, seen, keys[1], keys[1] IN (SELECT key FROM counted),
           keys[2], keys[2] IN (SELECT key FROM counted)
    FROM r"""

# A stored merged event (m) after a batch (u): its state, and its counts with the batch's.
TOUCHED_COLUMNS = ("id", "date", "location", "country", "mentions", "documents", "articles", "sources",
                   "first_seen", "last_seen")
ADD_TOUCHED_SQL = """
    UPDATE merged_events AS m SET date = u.date::VARCHAR, location = u.location::VARCHAR,
        location_country = u.country::VARCHAR, num_mentions = m.num_mentions + u.mentions::INTEGER,
        num_documents = m.num_documents + u.documents::INTEGER, num_articles = m.num_articles + u.articles::INTEGER,
        num_sources = m.num_sources + u.sources::INTEGER, first_seen = least(m.first_seen, u.first_seen::DATE),
        last_seen = greatest(m.last_seen, u.last_seen::DATE)
    FROM batch_rows u WHERE m.id = u.id::VARCHAR"""
MERGED_COLUMNS = ("id", "type", "mode", "context", "quad_class", "cameo_root", "goldstein", "sentence", "date",
                  "location", "location_country", "sides", "num_mentions", "num_documents",
                  "num_articles", "num_sources", "first_seen", "last_seen")


def default_path() -> str:
    return os.environ.get("VEILLE_DB") or DEFAULT_PATH


# veille is offline: DuckDB neither installs nor loads an extension (a file of another kind,
# SQLite's, would make it fetch one)
OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def busy_wait(read_only: bool) -> float:
    """How long to wait for another process to let the store go: $VEILLE_BUSY_WAIT or
    BUSY_WAIT seconds, and at least WRITER_WAIT for a writer, since `veille serve` lets the
    file go only between its requests."""
    wait = float(os.environ.get("VEILLE_BUSY_WAIT", BUSY_WAIT))
    return wait if read_only else max(wait, WRITER_WAIT)


def connect(path: str, *, read_only: bool = False, wait: float | None = None,
            threads: int | None = 1) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file, waiting up to `wait` seconds (default `busy_wait`) for another
    process to let it go: DuckDB locks the whole file for one process (a writer keeps even
    read-only opens out, and a reader, `veille serve` answering a request, keeps a writer
    out), offline (`OFFLINE`). Raises StoreBusy, or StoreError, in one line naming
    the file. `threads=None` leaves DuckDB's default (one per core)."""
    config = dict(OFFLINE)
    if threads:
        config["threads"] = threads
    deadline = time.monotonic() + (busy_wait(read_only) if wait is None else wait)
    while True:
        try:
            return duckdb.connect(path, read_only=read_only, config=config)
        except duckdb.Error as error:
            message = str(error)
            if "different configuration" in message and read_only:
                read_only = False  # this process has it open for writing: share that connection
            elif "Conflicting lock" in message and time.monotonic() < deadline:
                time.sleep(LOCK_POLL)
            else:
                busy = "Conflicting lock" in message
                raise (StoreBusy if busy else StoreError)(_open_error(path, message, read_only)) from None


def _create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Apply the migrations the store has not had yet, each in a transaction."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
                "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    current = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
    for version in range(current, len(MIGRATIONS)):
        con.begin()
        step = MIGRATIONS[version]
        if callable(step):
            step(con)
        else:
            con.execute(step).fetchall()  # to the end: the next statement needs it done
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [version + 1])
        con.commit()


class Store:
    def __init__(self, path: str | Path | None = None, *, read_only: bool = False,
                 write_memory_limit: str | None = None, threads: int = 1):
        """`read_only` opens an existing store for queries only: several processes (a
        notebook, the command line) may read it at once, though not while one writes; a
        store busy with another process waits (see `busy_wait`), then raises
        StoreBusy. `write_memory_limit` (default 64MB, or `$VEILLE_MEMORY_LIMIT`) caps DuckDB's buffer
        pool while a batch is written: uncapped, it keeps every block an ingest writes or
        reads, and checkpoints rewrite the growing documents row group, so a long ingest
        grew with the corpus; capped, DuckDB spills to disk and reads back what it evicted.
        64MB holds what a batch of coded articles needs in its transaction (its rows, the
        merge lookup and counts) for tens of thousands of articles; 40MB ran out near
        20,000. Queries and exports run under DuckDB's own limit: reading a whole store
        needs more. One thread: the store's queries are small, and handing them between
        threads costs more CPU than it saves (a parallel ingest runs worker processes)."""
        self.path = str(path or default_path())
        self.read_only = False  # until migrated
        self.from_parquet = parquet.is_parquet_folder(self.path)  # a folder `--out-parquet` wrote
        if self.from_parquet and not read_only:
            raise StoreError(f"{self.path} is a folder of Parquet files: it is read, not written "
                             "(--out-parquet writes it)")
        if read_only and not os.path.isfile(self.path) and not self.from_parquet:
            raise StoreError(f"no store at {self.path} (ingest articles into one first, or give --db or $VEILLE_DB)")
        self._threads = threads
        self._con: duckdb.DuckDBPyConnection | None = self._connect(read_only)
        self._write_limit = write_memory_limit or os.environ.get("VEILLE_MEMORY_LIMIT") or WRITE_MEMORY_LIMIT
        self._writing = False
        self._types: dict[str, dict[str, str]] = {}
        self._fingerprints: OrderedDict[str, tuple[np.ndarray, str | None]] = OrderedDict()
        self._located: set[tuple[str, str | None]] | None = None
        if not read_only:
            self.migrate()
        elif self._scalar_or_none("SELECT max(version) FROM schema_version") != len(MIGRATIONS):
            self._con.close()  # an older schema is migrated once, by a writer
            self._con = self._connect(False)
            self.migrate()
            self._con.close()
            self._con = self._connect(True)
        self.read_only = read_only

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The connection, opened again after `release` (with the write limit while writing)."""
        if self._con is None:
            self._con = self._connect(self.read_only)
            if self._writing:
                self._con.execute(f"SET memory_limit = '{self._write_limit}'")
        return self._con

    def release(self) -> None:
        """Let the file go until the next query: DuckDB locks it for one process, so that
        `veille serve` can read what was committed meanwhile (an ingest releases it while
        the language analysis of a batch runs)."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        """A connection to the file (see `connect`), or to a Parquet folder's views."""
        if self.from_parquet:
            return parquet.open_folder(self.path, _create_schema, threads=self._threads, **OFFLINE)
        return connect(self.path, read_only=read_only, threads=self._threads)

    def migrate(self) -> int:
        """Bring the schema to the latest version; returns that version."""
        version = self._scalar_or_none("SELECT max(version) FROM schema_version")
        if version is not None and version > len(MIGRATIONS):
            raise StoreError(f"{self.path} was written by a newer veille (schema {version}, this one knows "
                             f"{len(MIGRATIONS)}): upgrade veille")
        if not self.read_only:
            _create_schema(self.con)
        return len(MIGRATIONS)

    @property
    def version(self) -> int:
        return self._scalar("SELECT max(version) FROM schema_version")

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM documents WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def write_batch(self, docs: Sequence[Document], line_counts: Counter | None = None,
                    parquet_folder: str | Path | None = None) -> int:
        """Store a batch in one transaction; documents already stored are left untouched.
        With `parquet_folder`, the new documents' rows are also copied there (see
        `veille.parquet`) before the transaction commits. Returns how many were new."""
        if self.read_only:
            raise StoreError(f"{self.path} is open read-only: open Store(path) to write")
        with self.writing(), _gc_paused():
            return self._write_batch(docs, line_counts, parquet_folder)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """The block (an ingest: its batches and the lookups between them) as the store's
        sole writer, DuckDB's buffer pool capped at the write limit so memory stays flat
        (see `__init__`). DuckDB's own lock is let go between batches, for `veille serve`
        to read: a second writer waits on an advisory lock of the file instead, then says
        the store is busy, so two ingests never take turns in one store."""
        if self._writing:
            yield
            return
        with _sole_writer(self.path):
            self._writing = True
            try:
                self.con.execute(f"SET memory_limit = '{self._write_limit}'")
                yield
            finally:
                self._writing = False
                self.release()  # the limit goes with the connection, which goes before the lock (see `_sole_writer`)

    def _write_batch(self, docs: Sequence[Document], line_counts: Counter | None,
                     parquet_folder: str | Path | None) -> int:
        self.con.begin()
        try:
            known = self.known_ids(d.id for d in docs)
            new = list({d.id: d for d in docs if d.id not in known}.values())
            if new:
                self._insert("documents", DOCUMENT_COLUMNS, [_document_row(d) for d in new],
                             "ON CONFLICT DO NOTHING")
                canonical = self._link_duplicates(new)
                merged_ids, merger, founders = self._merge_events(new)
                self._write_events(new, merged_ids)
                self._write_merged(merger, founders, new, merged_ids, canonical)
            if line_counts:
                self._insert("line_totals", ("key", "docs"),
                             [(line_key(outlet, h), n) for (outlet, h), n in line_counts.items()])
            if parquet_folder is not None:
                parquet.write_batch(self.con, parquet_folder, [d.id for d in new])
            self.con.commit()
        except BaseException as error:
            self._fingerprints.clear()  # it may hold documents of the batch rolled back
            self._located = None  # and places
            try:
                self.con.rollback()
            except duckdb.TransactionException:  # none left: a commit that failed has ended it
                pass
            reason = _write_failure(error)
            if reason:  # the disk, not the batch: the batches before are kept
                raise StoreError(f"cannot write to {self.path}: {reason}; the batches committed before are kept: "
                                 "run the ingest again to resume") from error
            raise
        return len(new)

    def _link_duplicates(self, docs: Sequence[Document]) -> dict[str, str]:
        """Point each new near-duplicate to the story it copies (its canonical article):
        LSH band keys in the store give candidates, the true Jaccard similarity decides.
        Returns document id -> canonical id of the near-duplicates."""
        own = {doc.id: dedup.shingles(doc.body) for doc in docs}
        keys = {doc.id: doc.bands or dedup.bands(own[doc.id]) for doc in docs}
        rows = [(doc_id, band, h) for doc_id, pairs in keys.items() for band, h in pairs]
        stored: dict[str, set[str]] = {}
        for doc_id, other in self._with_rows(
                "SELECT DISTINCT k.doc_id, b.doc_id FROM minhash_bands b "
                "JOIN batch_rows k ON b.band = k.band AND b.hash = k.hash::UBIGINT", ("doc_id", "band", "hash"), rows):
            stored.setdefault(doc_id, set()).add(other)
        wanted = sorted(set().union(*stored.values())) if stored else []
        known = self._stored_fingerprints(wanted)
        seen_keys: dict[tuple[int, int], list[str]] = {}
        links = []
        for doc in docs:
            candidates = stored.get(doc.id, set()) | {o for key in keys[doc.id] for o in seen_keys.get(key, ())}
            fingerprint = dedup.fingerprint(own[doc.id])
            scored = [(dedup.similarity(fingerprint, known[c][0]), c) for c in candidates if c in known]
            best = max(scored, default=(0.0, None))
            if best[0] >= dedup.THRESHOLD:
                canonical = known[best[1]][1] or best[1]
                links.append((canonical, best[0], doc.id))
                known[doc.id] = (fingerprint, canonical)
            else:
                known[doc.id] = (fingerprint, None)
            self._fingerprints[doc.id] = known[doc.id]
            for key in keys[doc.id]:
                seen_keys.setdefault(key, []).append(doc.id)
        if links:
            self.con.executemany("UPDATE documents SET canonical_id = ?, similarity = ? WHERE id = ?", links)
        self._insert("minhash_bands", ("doc_id", "band", "hash"), rows)
        return {doc_id: canonical for canonical, _, doc_id in links}

    def _stored_fingerprints(self, ids: Sequence[str]) -> dict[str, tuple[np.ndarray, str | None]]:
        """(shingle fingerprint, canonical id) of stored documents: from the cache of recent
        ones (a story that is a candidate once tends to be one again), else shingled anew
        from the stored body."""
        cache = self._fingerprints
        found = {}
        for doc_id in ids:
            if doc_id in cache:
                cache.move_to_end(doc_id)
                found[doc_id] = cache[doc_id]
        missing = [doc_id for doc_id in ids if doc_id not in found]
        if missing:
            for doc_id, body, canonical in self.con.execute(
                    "SELECT id, body, canonical_id FROM documents WHERE id IN (SELECT unnest(?))", [missing]).fetchall():
                found[doc_id] = cache[doc_id] = (dedup.fingerprint(dedup.shingles(body)), canonical)
        while len(cache) > FINGERPRINT_CACHE_SIZE:
            cache.popitem(last=False)
        return found

    def _merge_events(self, docs: Sequence[Document]) -> tuple[dict[str, str], merge.Merger, dict[str, dict]]:
        """Match the new articles' events against the merged events they may report (one
        lookup for the whole batch). Returns event id -> merged id, the merger holding the
        merged events touched, and the event that started each new one. Denied events are
        no happening: not merged."""
        reports = []
        for event_id, doc, event in _events_of(docs):
            if "negation" not in event["context"]:
                location = event.get("location") or {}
                reports.append((event_id, event, location.get("name"), merge.Happening(
                    event["type"], event["actors"], event["recipients"],
                    merge.effective_date(event.get("date"), doc.published), location.get("country"))))
        keys = [merge.report_keys(r) for *_, r in reports]
        merger = merge.Merger(self._merge_candidates(set().union(*keys)))
        assigned, founders = {}, {}
        for (event_id, event, location, report), wanted in zip(reports, keys):
            merged_id = assigned[event_id] = merger.add(event_id, report, location, wanted)
            if not merger.merged[merged_id].stored:
                founders.setdefault(merged_id, event)
        return assigned, merger, founders

    def _merge_candidates(self, keys: set[int]) -> list[tuple[merge.Merged, list[int]]]:
        """Stored merged events filed under any of the keys, each with those it is under."""
        if not keys:
            return []
        rows = self._with_rows(
            "WITH hit AS (SELECT merged_id, list(key) AS keys FROM merge_keys "
            "             WHERE key IN (SELECT key::UBIGINT FROM batch_rows) GROUP BY merged_id) "
            "SELECT m.id, m.type, m.date, m.location, m.location_country, hit.keys, m.sides "
            "FROM merged_events m JOIN hit ON hit.merged_id = m.id", ("key",), [(key,) for key in keys])
        return [(merge.Merged(i, merge.Happening(type_, *text_sides(sides), date, country), location, stored=True),
                 found_under) for i, type_, date, location, country, found_under, sides in rows]

    def _write_merged(self, merger: merge.Merger, founders: dict[str, dict], docs: Sequence[Document],
                      merged_ids: dict[str, str], canonical: dict[str, str]) -> None:
        """Store the merged events a batch started or changed: their new sides and lookup
        keys, their state and counts."""
        if merger.new_sides:
            self._insert("merged_actors", ("merged_id", "side", "code"), merger.new_sides)
        new_keys = merger.new_keys()
        if new_keys:
            self._insert("merge_keys", ("key", "merged_id"), new_keys)
        if merger.touched:
            self._add_counts(merger, founders, _reported(docs, merged_ids, canonical))

    def _add_counts(self, merger: merge.Merger, founders: dict[str, dict], reported: list[tuple]) -> None:
        """Add the batch's reports to the counts of the merged events they tell (without
        reading the reports stored before: see COUNTED_KEYS_SQL), and set their state. A
        stored merged event is updated in place, its sides only when they changed; one the
        batch started is inserted whole."""
        added: dict[str, list] = {}  # merged id -> [mentions, documents, stories, outlets, days], all new
        for merged_id, doc_id, mentions, seen, story, story_counted, outlet, outlet_counted in self._with_rows(
                BATCH_REPORTS_SQL, REPORTED_COLUMNS, reported):
            counts = added.setdefault(merged_id, [0, set(), set(), set(), []])
            counts[0] += mentions
            counts[1].add(doc_id)
            if not story_counted:
                counts[2].add(story)
            if not outlet_counted:
                counts[3].add(outlet)
            counts[4].append(seen)
        touched, started, counted = [], [], []
        for m in merger.touched.values():
            mentions, documents, stories, outlets, days = added[m.id]
            counted += [*stories, *outlets]
            state = (m.happening.date, m.location, m.happening.country)
            dated = [day for day in days if day is not None]  # undated reports: no day (see migration 10)
            counts = (mentions, len(documents), len(stories), len(outlets), min(dated, default=None),
                      max(dated, default=None))
            if m.stored:
                touched.append((m.id, *state, *counts))
            else:
                e = founders[m.id]
                started.append((m.id, e["type"], e.get("mode"), e["context"], e["quad_class"], e["cameo_root"],
                                e["goldstein"], e["sentence"], *state,
                                sides_text(m.happening.actors, m.happening.recipients), *counts))
        if touched:
            self._with_rows(ADD_TOUCHED_SQL, TOUCHED_COLUMNS, touched)
        sided = {merged_id for merged_id, _, _ in merger.new_sides if merger.merged[merged_id].stored}
        if sided:
            self._with_rows("UPDATE merged_events AS m SET sides = u.sides::VARCHAR FROM batch_rows u "
                            "WHERE m.id = u.id::VARCHAR", ("id", "sides"),
                            [(i, sides_text(merger.merged[i].happening.actors, merger.merged[i].happening.recipients))
                             for i in sided])
        if started:
            self._insert("merged_events", MERGED_COLUMNS, started)
        if counted:
            self._insert("merge_counted", ("key",), [(key,) for key in counted])

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[tuple], conflict: str = "") -> None:
        """Insert rows in one statement, from arrays DuckDB scans in place (row by row
        `executemany` costs a round trip through the SQL engine per row, and list
        parameters are converted value by value)."""
        types = self._column_types(table)
        select = ", ".join(f"CAST({c} AS {types[c]})" for c in columns)
        self._with_rows(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select} FROM batch_rows {conflict}",
                        columns, rows)

    def _with_rows(self, sql: str, columns: Sequence[str], rows: Sequence[tuple]) -> list[tuple]:
        """Run `sql` with Python rows as the table `batch_rows`; returns its result. DuckDB
        scans the local variable of that name in place (a replacement scan: registering a
        view and dropping it cost more than a small statement), column by column from arrays typed
        where the values allow (Python objects are sampled to guess their type); SQL casts
        them."""
        values = list(zip(*rows)) or [()] * len(columns)
        batch_rows = {column: _array(column_values) for column, column_values in zip(columns, values)}  # noqa: F841
        return self.con.execute(sql).fetchall()

    def _column_types(self, table: str) -> dict[str, str]:
        """Column name -> SQL type, in table order (cached: the schema changes only by migration)."""
        if table not in self._types:
            self._types[table] = dict(self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position",
                [table]).fetchall())
        return self._types[table]

    def _write_events(self, docs: Sequence[Document], merged_ids: dict[str, str]) -> None:
        events, actors, mentions = [], [], []
        for event_id, doc, event in _events_of(docs):
            location = event.get("location") or {}
            events.append((event_id, doc.id, event["type"], event.get("mode"), event.get("date"),
                           location.get("name"), location.get("country"), event["context"], event["quad_class"],
                           event["cameo_root"], event["goldstein"], event["sentence"], event["coder"],
                           merged_ids.get(event_id)))
            actors += [(event_id, "source", c) for c in event["actors"]]
            actors += [(event_id, "target", c) for c in event["recipients"]]
            mentions += [(event_id, doc.id, m["sentence"], m["start"], m["end"], m["trigger"]["text"],
                          m["trigger"]["start"], m["trigger"]["end"]) for m in event["mentions"]]
        quotes = [(doc.id, n, q["speaker"], q.get("speaker_name"), q["text"], q["start"], q["end"])
                  for doc in docs for n, q in enumerate(doc.quotes, 1)]
        for table, rows in (("events", events), ("event_actors", actors), ("event_mentions", mentions),
                            ("quotes", quotes)):
            if rows:
                self._insert(table, list(self._column_types(table)), rows)
        self._locate({(e[5], e[6]) for e in events if e[5] or e[6]})

    def _locate(self, pairs: set[tuple[str | None, str | None]]) -> None:
        """Add the coordinates of places not located yet (see `_locate_places`)."""
        if self._located is None:
            self._located = set(self.con.execute("SELECT name, country FROM places").fetchall())
        new = pairs - self._located
        if new:
            self._insert("places", PLACE_COLUMNS, [_place_row(*pair) for pair in sorted(new, key=str)])
            self._located |= new

    def events(self, *, actor: str | None = None, recipient: str | None = None, type: str | None = None,
               since: str | None = None, until: str | None = None, context: str | None = None,
               dyad: tuple[str, str] | str | None = None, doc_id: str | None = None, outlet: str | None = None,
               ids: Iterable[str] | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Stored events, one per article that tells them, with their actors and the
        coordinates of their place; filtered (see `filters.event_filters`: codes or names,
        ISO dates, a dyad as 'RUS:NATO' or ('RUS', 'NATO')). `doc_id` is a document's id,
        id prefix or name; `outlet` any case."""
        return self._dicts(*self._events_query(**_given(locals())))

    def events_df(self, **filters: Any) -> pd.DataFrame:
        """`events` as a pandas DataFrame with typed columns (text as `string`, counts as
        `Int64`, values as `Float64`, days as datetimes, lists as lists)."""
        return self._frame(*self._events_query(**filters))

    def _events_query(self, *, actor=None, recipient=None, type=None, since=None, until=None, context=None,
                      dyad=None, doc_id=None, outlet=None, ids=None, limit=None) -> tuple[str, list]:
        where, params = _event_filters("e", "event_actors", "event_id", actor=actor, recipient=recipient,
                                       dyad=dyad, type=type, since=since, until=until, context=context)
        if doc_id:
            where.append("e.doc_id = ?")
            params.append(self.document_id(doc_id) or doc_id)
        if outlet:
            where.append("lower(d.outlet) = lower(?)")
            params.append(outlet)
        if ids is not None:
            where.append("e.id IN (SELECT unnest(?))")
            params.append(list(ids))
        sql = ("SELECT e.id, e.date, e.type, e.mode, "
               "coalesce(list(a.code ORDER BY a.code) FILTER (WHERE a.side = 'source'), []) AS actors, "
               "coalesce(list(a.code ORDER BY a.code) FILTER (WHERE a.side = 'target'), []) AS recipients, "
               "e.location, e.location_country, p.latitude, p.longitude, e.context, e.quad_class, e.cameo_root, "
               "e.goldstein, e.sentence, e.merged_id, e.doc_id, d.name AS doc, d.published, d.outlet, d.url "
               "FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN event_actors a ON a.event_id = e.id "
               + _PLACE_JOIN.format(alias="e")
               + (f"WHERE {' AND '.join(where)} " if where else "")
               + "GROUP BY ALL ORDER BY e.date NULLS LAST, e.id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return sql, params

    def merged_events(self, *, actor: str | None = None, recipient: str | None = None,
                      dyad: tuple[str, str] | str | None = None, type: str | None = None, since: str | None = None,
                      until: str | None = None, context: str | None = None, doc_id: str | None = None,
                      outlet: str | None = None, ids: Iterable[str] | None = None,
                      limit: int | None = None) -> list[dict[str, Any]]:
        """Events merged across reports, with their counts; filters as for `events`
        (`doc_id`, `outlet`: one of its reports is in that document, from that outlet)."""
        return self._dicts(*self._merged_query(**_given(locals())))

    def merged_df(self, **filters: Any) -> pd.DataFrame:
        """`merged_events` as a pandas DataFrame with typed columns (see `events_df`)."""
        return self._frame(*self._merged_query(**filters))

    def _merged_query(self, *, actor=None, recipient=None, dyad=None, type=None, since=None, until=None,
                      context=None, doc_id=None, outlet=None, ids=None, limit=None) -> tuple[str, list]:
        where, params = _event_filters("m", "merged_actors", "merged_id", actor=actor, recipient=recipient,
                                       dyad=dyad, type=type, since=since, until=until, context=context)
        if doc_id:
            where.append("m.id IN (SELECT merged_id FROM events WHERE doc_id = ?)")
            params.append(self.document_id(doc_id) or doc_id)
        if outlet:
            where.append("m.id IN (SELECT e.merged_id FROM events e JOIN documents d ON d.id = e.doc_id "
                         "WHERE lower(d.outlet) = lower(?))")
            params.append(outlet)
        if ids is not None:
            where.append("m.id IN (SELECT unnest(?))")
            params.append(list(ids))
        sql = ("SELECT m.id, m.type, m.mode, m.context, "
               "coalesce(list(a.code ORDER BY a.code) FILTER (WHERE a.side = 'source'), []) AS actors, "
               "coalesce(list(a.code ORDER BY a.code) FILTER (WHERE a.side = 'target'), []) AS recipients, "
               "m.date, m.location, m.location_country, p.latitude, p.longitude, p.resolved_name AS resolved_place, "
               "p.geonameid, p.resolution AS location_resolution, m.quad_class, m.cameo_root, m.goldstein, m.sentence, "
               "m.num_mentions, m.num_documents, m.num_articles, m.num_sources, m.first_seen, m.last_seen "
               "FROM merged_events m LEFT JOIN merged_actors a ON a.merged_id = m.id "
               + _PLACE_JOIN.format(alias="m")
               + (f"WHERE {' AND '.join(where)} " if where else "")
               + "GROUP BY ALL ORDER BY m.date NULLS LAST, m.first_seen, m.id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return sql, params

    def merged_event(self, key: str) -> dict[str, Any] | None:
        """A merged event by id or unique id prefix (as `merged_events` gives it), else None."""
        ids = [row[0] for row in self.con.execute(
            "SELECT id FROM merged_events WHERE starts_with(id, ?) ORDER BY id = ? DESC LIMIT 2",
            [key.strip(), key.strip()]).fetchall()] if key.strip() else []
        if len(ids) == 2 and ids[0] != key.strip():
            return None  # ambiguous
        return self.merged_events(ids=ids[:1])[0] if ids else None

    def document_id(self, key: str) -> str | None:
        """The id of a document given its id, an id prefix (6 characters or more), its name
        or the id of one of its events (`<document id>:<n>`)."""
        key = key.strip()
        rows = self.con.execute(
            "SELECT id FROM documents WHERE id = ? OR name = ? OR (length(?) >= 6 AND starts_with(id, ?)) "
            "ORDER BY id = ? DESC, name = ? DESC LIMIT 1", [key, key, key, key, key, key]).fetchall()
        if not rows and ":" in key:
            return self.document_id(key.rsplit(":", 1)[0])
        return rows[0][0] if rows else None

    def reports(self, merged_id: str) -> list[dict[str, Any]]:
        """Every mention of a merged event, with the document it was read in."""
        return self._dicts(
            "SELECT e.id AS event_id, e.doc_id, d.name AS doc, d.url, d.source, d.outlet, d.title, d.published, "
            "d.canonical_id, e.type, e.date, e.location, e.location_country, e.context, "
            "(SELECT list(code ORDER BY code) FROM event_actors WHERE event_id = e.id AND side = 'source') AS actors, "
            "(SELECT list(code ORDER BY code) FROM event_actors WHERE event_id = e.id AND side = 'target') AS recipients, "
            "m.sentence, m.sentence_start, m.sentence_end, m.trigger, m.trigger_start, m.trigger_end "
            "FROM events e JOIN documents d ON d.id = e.doc_id JOIN event_mentions m ON m.event_id = e.id "
            "WHERE e.merged_id = ? ORDER BY d.published NULLS LAST, e.id, m.sentence_start", [merged_id])

    def _scalar_or_none(self, sql: str) -> Any:
        """`_scalar`, or None when the query fails (a table not there yet)."""
        try:
            return self._scalar(sql)
        except duckdb.CatalogException:
            return None

    def _scalar(self, sql: str) -> Any:
        """The one value a query returns, its result read to the end so that the
        connection holds no pending result when the next statement runs."""
        return self.con.execute(sql).fetchall()[0][0]

    def _frame(self, sql: str, params: list) -> pd.DataFrame:
        """A query's rows as a DataFrame typed from the query's own column types."""
        import pandas as pd
        cur = self.con.execute(sql, params)
        columns = [(c[0], str(c[1])) for c in cur.description]
        frame = pd.DataFrame(cur.fetchall(), columns=[name for name, _ in columns], dtype=object)
        for name, sql_type in columns:
            frame[name] = _typed(frame[name], sql_type)
        return frame

    def _dicts(self, sql: str, params: list) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params)
        columns = [c[0] for c in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]

    def line_counts(self, keys: Iterable[tuple[str, str]]) -> Counter:
        """Stored document counts of the given (outlet, line hash) pairs."""
        keys = list(keys)
        if not keys:
            return Counter()
        by_key = {line_key(outlet, h): (outlet, h) for outlet, h in keys}
        rows = self._with_rows("SELECT l.key, sum(l.docs) FROM line_totals l JOIN batch_rows k "
                               "ON l.key = k.key::UBIGINT GROUP BY ALL", ("key",), [(key,) for key in by_key])
        return Counter({by_key[key]: n for key, n in rows})

    def documents(self, *, limit: int | None = None, outlet: str | None = None) -> list[dict[str, Any]]:
        """Stored documents, newest ingest first, without their text."""
        return self._dicts(*self._documents_query(limit, outlet))

    def documents_df(self, *, limit: int | None = None, outlet: str | None = None) -> pd.DataFrame:
        """`documents` as a pandas DataFrame with typed columns (see `events_df`)."""
        return self._frame(*self._documents_query(limit, outlet))

    def _documents_query(self, limit: int | None, outlet: str | None) -> tuple[str, list]:
        sql = ("SELECT d.id, d.name, d.published, d.outlet, d.language, d.title, length(d.body) AS chars, "
               "(SELECT count(*) FROM events e WHERE e.doc_id = d.id) AS events, d.source, d.url, "
               "d.canonical_url, d.canonical_id, d.ingested_at FROM documents d")
        params: list[Any] = []
        if outlet:
            sql += " WHERE lower(d.outlet) = lower(?)"
            params.append(outlet)
        sql += " ORDER BY d.ingested_at DESC, d.id"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return sql, params

    def get(self, key: str) -> Document | None:
        """A document by id, id prefix, name or the id of one of its events, with its events
        and quotes."""
        doc_id = self.document_id(key)
        if doc_id is None:
            return None
        rows = self.con.execute(f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE id = ?", [doc_id]).fetchall()
        doc = _row_document(rows[0])
        doc.events = self.events(doc_id=doc.id)
        cur = self.con.execute("SELECT speaker, speaker_name, text, start_offset AS start, end_offset AS \"end\" "
                               "FROM quotes WHERE doc_id = ? ORDER BY n", [doc.id])
        doc.quotes = [dict(zip([c[0] for c in cur.description], r)) for r in cur.fetchall()]
        return doc

    def count(self) -> int:
        return self._scalar("SELECT count(*) FROM documents")

    def close(self) -> None:
        self.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_PLACE_JOIN = ("LEFT JOIN places p ON p.name IS NOT DISTINCT FROM {alias}.location "
               "AND p.country IS NOT DISTINCT FROM {alias}.location_country ")


class StoreError(Exception):
    """A store that cannot be opened or used as asked (missing, busy, not a DuckDB file);
    the message is one line naming the file."""


class StoreBusy(StoreError):
    """Another process holds the store: a writer, or a reader while this one would write."""


@contextmanager
def _sole_writer(path: str) -> Iterator[None]:
    """An exclusive flock on the store's file while the block runs, waited for as long as
    DuckDB's lock (see `busy_wait`). A flock and DuckDB's own lock (fcntl) ignore each
    other; but closing any descriptor of a file drops the fcntl locks the process holds on
    it, so the caller closes DuckDB's connection before this descriptor."""
    fd = os.open(path, os.O_RDONLY)
    try:
        deadline = time.monotonic() + busy_wait(False)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise StoreBusy(f"store is busy: another veille ingest is writing to {path}; "
                                    "try again when it is done") from None
                time.sleep(LOCK_POLL)
        yield
    finally:
        os.close(fd)


def _write_failure(error: BaseException) -> str | None:
    """The system's reason when DuckDB could not write a file ("No space left on device"),
    which it reports as an IO or a transaction error."""
    found = re.search(r'Could not write file "[^"]*": (.+)', str(error)) if isinstance(error, duckdb.Error) else None
    return found.group(1).splitlines()[0] if found else None


def _open_error(path: str, message: str, read_only: bool) -> str:
    """DuckDB's message on failing to open `path`, as one line that says what to do."""
    if "Conflicting lock" in message:
        holder = re.search(r"held in (.*?) \(PID (\d+)\)", message)
        who = f"another process{f' (PID {holder.group(2)})' if holder else ''}"
        if read_only:  # only a writer keeps readers out
            return f"store is busy: {who} is writing to {path}; try again when it is done"
        return f"store is busy: {who} has {path} open; try again when it has closed it"
    not_duckdb = _not_duckdb(path)
    if not_duckdb:
        return not_duckdb
    if "No such file or directory" in message:
        return f"cannot open {path}: folder {os.path.dirname(os.path.abspath(path))} does not exist"
    return f"cannot open {path}: {message.splitlines()[0]}"


# The first bytes of files a --db may be given by mistake, and what they are; a DuckDB
# file has "DUCK" at bytes 8 to 12.
FILE_SIGNATURES = {b"SQLite format 3\x00": "an SQLite database", b"PAR1": "a Parquet file"}


def _not_duckdb(path: str) -> str | None:
    """Why DuckDB refused the file, when its first bytes are not DuckDB's ("... is not a
    DuckDB database (it is an SQLite database)"). Read only once DuckDB has refused it: a
    descriptor of a file this process holds in DuckDB would drop DuckDB's lock on closing."""
    try:
        with open(path, "rb") as file:
            head = file.read(16)
    except OSError:
        return None
    if not head or head[8:12] == b"DUCK":
        return None
    kind = next((f" (it is {kind})" for signature, kind in FILE_SIGNATURES.items() if head.startswith(signature)), "")
    return f"{path} is not a DuckDB database{kind}"


def _event_filters(alias: str, actors_table: str, key: str, **given: Any) -> tuple[list[str], list]:
    """WHERE clauses shared by per-article and merged events, from filters read strictly
    (see `filters.event_filters`). Dates compare at their own granularity; a dyad (A, B) is
    A acting on B, or A and B side by side in a meeting."""
    read = filters.event_filters(**given)
    where: list[str] = []
    params: list = []

    def has(side: str | None, code: str) -> None:
        where.append(f"{alias}.id IN (SELECT {key} FROM {actors_table} WHERE code = ?"
                     + (f" AND side = '{side}')" if side else ")"))
        params.append(code)

    if "dyad" in read:
        has("source", read["dyad"][0])
        where.append(f"{alias}.id IN (SELECT {key} FROM {actors_table} WHERE code = ? AND "
                     f"(side = 'target' OR {alias}.type IN ('CONSULT', 'COOPERATE')))")
        params.append(read["dyad"][1])
    if "actor" in read:
        has("source", read["actor"])
    if "recipient" in read:
        has("target", read["recipient"])
    if "type" in read:
        where.append(f"{alias}.type = ?")
        params.append(read["type"])
    dated, dated_params = date_range_clauses(f"{alias}.date", read.get("since"), read.get("until"))
    where += dated
    params += dated_params
    if "context" in read:
        where.append(f"list_contains({alias}.context, ?)")
        params.append(read["context"])
    return where, params


def date_range_clauses(column: str, since: str | None, until: str | None) -> tuple[list[str], list]:
    """WHERE clauses keeping the ISO dates of `column` from `since` to `until`, each date
    compared at its own granularity (since='2024-03' keeps 2024-03-12 but not 2024,
    until='2024' keeps all of 2024); a date without a year (--MM-DD) is in no range."""
    where: list[str] = []
    params: list = []
    if since:
        where.append(f"{column} >= ? AND {column} NOT LIKE '--%'")
        params.append(since)
    if until:
        where.append(f"left({column}, length(?)) <= ? AND {column} NOT LIKE '--%'")
        params += [until, until]
    return where, params


def _given(arguments: dict[str, Any]) -> dict[str, Any]:
    """A method's keyword arguments from its `locals()`, without `self`."""
    return {k: v for k, v in arguments.items() if k != "self"}


# SQL type -> pandas dtype of a DataFrame column (see `Store._frame`); lists stay lists
_DTYPES = {"VARCHAR": "string", "INTEGER": "Int64", "BIGINT": "Int64", "UBIGINT": "UInt64", "DOUBLE": "Float64",
           "BOOLEAN": "boolean", "DATE": "datetime64[ns]", "TIMESTAMP": "datetime64[ns]"}


def _typed(column: pd.Series, sql_type: str) -> pd.Series:
    dtype = _DTYPES.get(sql_type)
    if dtype is None:
        return column
    return column.astype(dtype)


def _reported(docs: Sequence[Document], merged_ids: dict[str, str], canonical: dict[str, str]) -> list[tuple]:
    """The batch's merged reports, one row (REPORTED_COLUMNS) per event (each has mentions:
    the coder makes events of them)."""
    return [(merged_ids[event_id], doc.id, canonical.get(doc.id), doc.outlet, doc.uri, doc.published,
             len(event["mentions"]))
            for event_id, doc, event in _events_of(docs) if event_id in merged_ids]


def _events_of(docs: Sequence[Document]) -> Iterator[tuple[str, Document, dict]]:
    """(event id, document, event) of each event of the documents; an event's id is its
    document's id and its rank in the document."""
    for doc in docs:
        for n, event in enumerate(doc.events, 1):
            yield f"{doc.id}:{n}", doc, event


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while the block runs: writing a batch makes
    hundreds of thousands of short-lived objects (shingles, keys, rows, none in a cycle) and
    the collections they trigger walk the objects the process holds, a loaded spaCy model's
    among them. Restored as it was, to collect any cycle made meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _array(values: Sequence) -> np.ndarray:
    """The values as a typed array when all are booleans, floats or integers (ours are never
    below -2**63 nor above 2**64 - 1: a 64-bit unsigned hash stays whole), else as Python
    objects."""
    kinds = set(map(type, values))
    if kinds == {int}:
        return np.array(values, dtype=np.uint64 if min(values) >= 0 else np.int64)
    if kinds in ({bool}, {float}):
        return np.array(values)
    return np.fromiter(values, dtype=object, count=len(values))


def line_key(outlet: str, line_hash: str) -> int:
    """One 64-bit integer for an (outlet, line hash) pair: smaller to store and quicker to
    join on than the two strings; computed in SQL by LINE_KEY_SQL."""
    return int(hashlib.md5(f"{outlet}\t{line_hash}".encode()).hexdigest()[:16], 16)


def _document_row(d: Document) -> tuple:
    return (d.id, d.name, d.uri, d.record, d.url, d.kind, d.title, d.published, d.published_inferred,
            d.outlet, d.language, d.raw, d.text if d.text != d.raw else None, d.body,
            [p.start for p in d.paragraphs], [p.end for p in d.paragraphs], json.dumps(d.timexes, ensure_ascii=False),
            canonical_url(d.raw, d.url) if d.kind == "html" else None, d.published_source,
            json.dumps(d.notes, ensure_ascii=False))


def _row_document(row: tuple) -> Document:
    values = dict(zip(DOCUMENT_COLUMNS, row))
    text = values["text"] if values["text"] is not None else values["raw"]
    paragraphs = [Paragraph(text[s:e], s, e) for s, e in zip(values["para_starts"], values["para_ends"])]
    return Document(id=values["id"], name=values["name"], uri=values["source"], kind=values["kind"],
                    raw=values["raw"], text=text, paragraphs=paragraphs, record=values["record"],
                    url=values["url"], title=values["title"], published=values["published"],
                    published_inferred=values["published_inferred"], outlet=values["outlet"],
                    language=values["language"], timexes=json.loads(values["timexes"] or "[]"),
                    published_source=values["published_source"], notes=json.loads(values["notes"] or "[]"))
