"""The store's per-article tables as a folder of Parquet files partitioned by publication
month, for corpora one DuckDB file should not hold: written batch by batch as an ingest
commits, and read back by DuckDB directly or by veille's read commands (`--db DIR`).

    DIR/documents/month=2024-03/batch_<key>_0.parquet
    DIR/events/month=2024-03/...        (event_actors, event_mentions, quotes alike)
    DIR/places/batch_<key>_0.parquet    (the located places of the batch's events)

A batch adds one file per table and month, named after the ids of the documents it
stores: files are never rewritten, and a batch written again after a crash (before its
transaction committed) writes the same names over the same rows, so nothing is doubled.
Merged events are not here: merging updates them batch after batch, so they stay in the
store (or `veille export --format parquet` writes them whole). The month is the document's
`published` date, `unknown` when it has none or no year."""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb

MONTH_SQL = "CASE WHEN regexp_full_match(d.published, '\\d{4}-\\d{2}.*') THEN left(d.published, 7) ELSE 'unknown' END"
BATCH = "parquet_batch"  # the temporary table of the batch's document ids

# Each table's rows for the batch's documents, with the month of their document.
TABLES = {
    "documents": f"SELECT d.*, {MONTH_SQL} AS month FROM documents d JOIN {BATCH} b ON b.id = d.id",
    "events": f"SELECT e.*, {MONTH_SQL} AS month FROM events e JOIN documents d ON d.id = e.doc_id "
              f"JOIN {BATCH} b ON b.id = d.id",
    "event_actors": f"SELECT a.*, {MONTH_SQL} AS month FROM event_actors a JOIN events e ON e.id = a.event_id "
                    f"JOIN documents d ON d.id = e.doc_id JOIN {BATCH} b ON b.id = d.id",
    "event_mentions": f"SELECT m.*, {MONTH_SQL} AS month FROM event_mentions m JOIN documents d ON d.id = m.doc_id "
                      f"JOIN {BATCH} b ON b.id = d.id",
    "quotes": f"SELECT q.*, {MONTH_SQL} AS month FROM quotes q JOIN documents d ON d.id = q.doc_id "
              f"JOIN {BATCH} b ON b.id = d.id",
}
PLACES = (f"SELECT DISTINCT p.* FROM places p JOIN events e ON p.name IS NOT DISTINCT FROM e.location "
          f"AND p.country IS NOT DISTINCT FROM e.location_country JOIN {BATCH} b ON b.id = e.doc_id")


def write_batch(con: duckdb.DuckDBPyConnection, folder: str | Path, doc_ids: Sequence[str]) -> None:
    """Copy the rows of the documents `doc_ids` (written in the connection's open
    transaction) to `folder`: one file per table and month."""
    if not doc_ids:
        return
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha1("\n".join(sorted(doc_ids)).encode()).hexdigest()[:16]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {BATCH} AS SELECT unnest(?::VARCHAR[]) AS id", [list(doc_ids)])
    try:
        for table, select in TABLES.items():
            con.execute(f"COPY ({select}) TO '{_quoted(folder / table)}' (FORMAT parquet, PARTITION_BY (month), "
                        f"FILENAME_PATTERN 'batch_{key}_{{i}}', OVERWRITE_OR_IGNORE true)")
        (folder / "places").mkdir(exist_ok=True)
        con.execute(f"COPY ({PLACES}) TO '{_quoted(folder / 'places' / f'batch_{key}.parquet')}' (FORMAT parquet)")
    finally:
        con.execute(f"DROP TABLE IF EXISTS {BATCH}")


def is_parquet_folder(path: str | Path) -> bool:
    return Path(path).is_dir() and (Path(path) / "documents").is_dir()


def open_folder(folder: str | Path, schema: Callable[[duckdb.DuckDBPyConnection], None],
                **config) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB in which the per-article tables and `places` are views of the
    folder's files (`schema` makes the store's tables, so that a table no batch wrote to
    is there, empty); the store's other tables are absent, so a query of merged events
    fails rather than finding none."""
    folder = Path(folder)
    con = duckdb.connect(":memory:", config=config)
    schema(con)
    held = (*TABLES, "places")
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall():
        if table not in (*held, "schema_version"):
            con.execute(f"DROP TABLE {table}")
    for table in held:
        pattern = folder / table / ("**/*.parquet" if table in TABLES else "*.parquet")
        if any(folder.glob(str(pattern.relative_to(folder)))):
            con.execute(f"DROP TABLE {table}")
            con.execute(f"CREATE VIEW {table} AS SELECT {'* EXCLUDE (month)' if table in TABLES else 'DISTINCT *'} "
                        f"FROM read_parquet('{_quoted(pattern)}', hive_partitioning = {table in TABLES})")
    return con


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
