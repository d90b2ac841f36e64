"""The pipeline on a real dask.distributed LocalCluster: two worker processes on 127.0.0.1,
started once for the module."""
import os
import shutil
import signal
import subprocess
import sys

import pytest

from veille import Pipeline
from veille.distributed import connect
from veille.store import Store

from .conftest import EXAMPLES

UPDATE = "\n\nMise à jour : cet article a été complété par la rédaction dans la soirée ({n}).\n"


@pytest.fixture(scope="module")
def client():
    with connect("local:2") as client:
        yield client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The text articles of the examples with updated versions of each (two or three
    versions, so near-duplicates link up, reports merge and lines an outlet repeats in
    three documents are dropped), and the examples' containers: JSON Lines and WARC."""
    folder = tmp_path_factory.mktemp("corpus")
    for part in ("txt", "jsonl"):
        shutil.copytree(EXAMPLES / part, folder / part)
    shutil.copy(EXAMPLES / "warc" / "crawl.warc.gz", folder)
    for number, article in enumerate(sorted((EXAMPLES / "txt").iterdir())):
        for version in range(2, 3 + number % 2):
            text = article.read_text(encoding="utf-8") + UPDATE.format(n=version)
            (folder / "txt" / f"{article.stem}.v{version}{article.suffix}").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local_store(corpus, tmp_path_factory):
    """What a local ingest stores, one process, the same batches."""
    path = tmp_path_factory.mktemp("local") / "local.duckdb"
    with Store(path) as store:
        report = Pipeline(store, batch_size=4).ingest([str(corpus)])
        assert report.ok and report.stored > 15
        return contents(store)


# A container file (WARC, JSON Lines) is one input and several documents, so a Dask
# partition of inputs holds other documents than a local batch: the tables a batch adds to
# are compared by what they add up to (line totals), or not at all when they index the
# states a merged event went through batch after batch (merge keys: lookup keys only).
SELECT = {"documents": "SELECT * EXCLUDE (ingested_at) FROM documents",
          "line_totals": "SELECT key, sum(docs) FROM line_totals GROUP BY key"}
NOT_COMPARED = {"schema_version", "merge_keys"}


def contents(store: Store) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the time a row was written."""
    tables = [t for (t,) in store.con.execute("SHOW TABLES").fetchall() if t not in NOT_COMPARED]
    return {t: store.con.execute(f"{SELECT.get(t, f'SELECT * FROM {t}')} ORDER BY ALL").fetchall() for t in tables}


def test_an_ingest_through_dask_stores_what_a_local_ingest_stores(client, corpus, local_store, tmp_path):
    with Store(tmp_path / "dask.duckdb") as store:
        report = Pipeline(store, batch_size=4, executor=client).ingest([str(corpus)])
        assert report.ok and report.stored == len(local_store["documents"])
        stored = contents(store)
        assert stored == local_store
        assert any(row[0] > 1 for row in store.con.execute("SELECT num_documents FROM merged_events").fetchall())
        assert store.con.execute("SELECT count(*) FROM documents WHERE canonical_id IS NOT NULL").fetchone()[0] > 0
        again = Pipeline(store, batch_size=4, executor=client).ingest([str(corpus)])
        assert (again.stored, again.skipped) == (0, report.stored) and contents(store) == stored


def test_a_worker_killed_mid_ingest_loses_nothing_and_duplicates_nothing(client, corpus, local_store, tmp_path):
    before = client.run(os.getpid)
    killed = []

    def kill_a_worker(report):
        if not killed:
            killed.append(next(iter(before.values())))
            os.kill(killed[0], signal.SIGKILL)

    with Store(tmp_path / "killed.duckdb") as store:
        report = Pipeline(store, batch_size=4, executor=client).ingest([str(corpus)], on_progress=kill_a_worker)
        assert report.ok and report.stored == len(local_store["documents"])
        assert contents(store) == local_store
    client.wait_for_workers(2, timeout=300)  # the nanny restarts it; a loaded machine may take a while
    assert killed and killed[0] not in client.run(os.getpid).values()


def test_a_bad_input_fails_alone_with_its_reason(client, tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES / "txt", folder)
    (folder / "vide.txt").write_text("  \n", encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    (folder / "menu.html").write_text("<html><body><p>Accepter les cookies</p><p>Se connecter</p></body></html>",
                                      encoding="utf-8")
    (folder / "depeches.jsonl").write_text('{"id": "a", "text": "La Russie a démenti."\n', encoding="utf-8")

    def run(executor):
        with Store(tmp_path / f"{executor is not None}.duckdb") as store:
            report = Pipeline(store, batch_size=3, events=False, executor=executor).ingest([str(folder)])
            return report.stored, sorted(map(str, report.failures))

    stored, failures = run(client)
    assert stored == 5 and (stored, failures) == run(None)
    assert [f.split(": ", 1)[0].rsplit("/", 1)[-1] for f in failures] == \
        ["depeches.jsonl:1", "image.txt", "menu.html", "vide.txt"]
    assert all("\n" not in f for f in failures)


def test_the_command_line_ingests_through_a_scheduler_address(client, tmp_path):
    db = tmp_path / "cli.duckdb"
    result = subprocess.run([sys.executable, "-m", "veille", "ingest", str(EXAMPLES / "txt"), "--db", str(db),
                             "--no-events", "--dask", client.scheduler.address], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "stored 5 documents" in result.stderr and "skipped 0" in result.stderr
    with Store(db) as store:
        assert store.count() == 5


def test_documents_through_dask_come_in_input_order_as_locally(client, corpus):
    def run(executor):
        return [d.to_json() for d in Pipeline(batch_size=3, events=False, executor=executor).documents([str(corpus)])]

    assert run(client) == run(None)
