"""`ingest --out-parquet`: the per-article tables as Parquet files partitioned by month,
equal to the store's, never doubled by a resumed ingest, read by DuckDB and by veille."""
import shutil

import duckdb
import pytest
from typer.testing import CliRunner

from veille import Pipeline, parquet
from veille.cli import app
from veille.store import Store, StoreError

from .conftest import EXAMPLES

runner = CliRunner()

TABLES = (*parquet.TABLES, "places")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for part in ("txt", "jsonl"):
        shutil.copytree(EXAMPLES / part, folder / part)
    return folder


def store_rows(store: Store) -> dict[str, list[tuple]]:
    return {t: store.con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


def parquet_rows(folder) -> dict[str, list[tuple]]:
    """Each table as DuckDB reads the files itself, hive partitions and all."""
    con = duckdb.connect()
    rows = {}
    for table in parquet.TABLES:
        rows[table] = con.execute(f"SELECT * EXCLUDE (month) FROM read_parquet('{folder}/{table}/**/*.parquet', "
                                  "hive_partitioning = true) ORDER BY ALL").fetchall()
    rows["places"] = con.execute(f"SELECT DISTINCT * FROM read_parquet('{folder}/places/*.parquet') "
                                 "ORDER BY ALL").fetchall()
    return rows


@pytest.fixture(scope="module")
def ingested(corpus, tmp_path_factory):
    """The corpus ingested by the command line in batches of two, the Parquet copy beside the store."""
    tmp = tmp_path_factory.mktemp("out")
    result = runner.invoke(app, ["ingest", str(corpus), "--db", str(tmp / "store.duckdb"), "--batch-size", "2",
                                 "--out-parquet", str(tmp / "parquet")])
    assert result.exit_code == 0, result.output
    with Store(tmp / "store.duckdb", read_only=True) as store:
        assert store.count() >= 8
        return store_rows(store), tmp / "parquet"


def test_the_parquet_files_hold_what_the_store_holds(ingested):
    rows, folder = ingested
    assert parquet_rows(folder) == rows
    assert all(rows[t] for t in ("documents", "events", "event_actors", "event_mentions", "quotes", "places"))


def test_files_are_partitioned_by_publication_month_one_per_batch(ingested):
    rows, folder = ingested
    months = {path.name for path in (folder / "documents").iterdir()}
    published = {row[7] for row in rows["documents"]}  # the `published` column
    assert months == {f"month={p[:7]}" if p and p[:4].isdigit() else "month=unknown" for p in published}
    assert "month=unknown" in months  # a date without its year
    con = duckdb.connect()
    by_month = con.execute(f"SELECT month, count(*) FROM read_parquet('{folder}/documents/**/*.parquet', "
                           "hive_partitioning = true) GROUP BY month").fetchall()
    assert sum(n for _, n in by_month) == len(rows["documents"])
    batches = {path.name.rsplit("_", 1)[0] for path in (folder / "documents").glob("*/*.parquet")}
    assert len(batches) == len(list((folder / "places").iterdir())) >= len(rows["documents"]) // 2


def test_veille_reads_the_folder_as_a_store(ingested, tmp_path):
    rows, folder = ingested
    with Store(folder.parent / "store.duckdb", read_only=True) as store, Store(folder, read_only=True) as copy:
        assert copy.events() == store.events()
        assert copy.events(actor="RUS", since="2022") == store.events(actor="RUS", since="2022")
        assert copy.documents() == store.documents()
        some = store.documents()[0]["id"]
        assert copy.get(some) == store.get(some)
    with pytest.raises(StoreError, match="Parquet"):
        Store(folder)
    with Store(folder, read_only=True) as copy, pytest.raises(duckdb.CatalogException):
        copy.merged_events()


def test_the_read_commands_take_the_folder(ingested):
    rows, folder = ingested
    listed = runner.invoke(app, ["events", "--db", str(folder), "--format", "jsonl"])
    assert listed.exit_code == 0 and len(listed.stdout.splitlines()) == len(rows["events"])
    merged = runner.invoke(app, ["events", "--merged", "--db", str(folder)])
    assert merged.exit_code == 1 and "merged events are in the DuckDB store" in merged.stderr


def test_a_resumed_ingest_adds_the_rest_and_doubles_nothing(corpus, ingested, tmp_path):
    rows, _ = ingested
    folder = tmp_path / "parquet"
    with Store(tmp_path / "store.duckdb") as store:
        first = Pipeline(store, batch_size=2, parquet_folder=str(folder)).ingest([str(corpus / "txt")])
        assert first.stored == 5
        rest = Pipeline(store, batch_size=2, parquet_folder=str(folder)).ingest([str(corpus)])
        assert rest.skipped == 5 and rest.stored + first.stored == len(rows["documents"])
        assert parquet_rows(folder) == store_rows(store)


def test_a_batch_written_again_after_a_crash_is_not_doubled(corpus, tmp_path, monkeypatch):
    """The crash: the batch's files are written, its transaction is not committed."""
    folder = tmp_path / "parquet"
    write = parquet.write_batch

    def write_then_crash(*args):
        write(*args)
        raise OSError("disk gone")

    with Store(tmp_path / "store.duckdb") as store:
        monkeypatch.setattr(parquet, "write_batch", write_then_crash)
        with pytest.raises(OSError):
            Pipeline(store, batch_size=2, parquet_folder=str(folder)).ingest([str(corpus / "txt")])
        assert store.count() == 0 and any(folder.glob("documents/*/*.parquet"))
        monkeypatch.setattr(parquet, "write_batch", write)
        Pipeline(store, batch_size=2, parquet_folder=str(folder)).ingest([str(corpus / "txt")])
        assert parquet_rows(folder) == store_rows(store) and store.count() == 5
