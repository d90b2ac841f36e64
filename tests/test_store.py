import gc
import json
import random
import shutil
import subprocess
import sys
import threading
import time

import duckdb
import pytest

from veille import Pipeline, filters
from veille.merge import index_keys
from veille.records import Document, Paragraph
from veille.store import MIGRATIONS, WRITER_WAIT, Store, StoreBusy, StoreError, connect, sides_text, text_sides

from .conftest import ROOT


def doc(doc_id: str, body: str = "La Russie et l'OTAN se sont réunies à Bruxelles.") -> Document:
    text = "Titre\n" + body
    return Document(id=doc_id, name=f"{doc_id}.txt", uri=f"/tmp/{doc_id}.txt", kind="text", raw=text, text=text,
                    paragraphs=[Paragraph(body, 6, 6 + len(body))], title="Titre", published="2024-05-14",
                    outlet="Sahel Matin", language="fr")


def test_schema_is_created_and_versioned(tmp_path):
    path = tmp_path / "v.duckdb"
    with Store(path) as store:
        assert store.version == len(MIGRATIONS)
    with Store(path) as store:  # reopening migrates nothing twice
        assert store.con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)


def test_merged_events_stored_before_their_lookup_keys_are_found_after_migrating(tmp_path):
    path = tmp_path / "v3.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL "
                "DEFAULT current_timestamp)")
    for version, step in enumerate(MIGRATIONS[:3], 1):
        con.execute(step)
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
    con.execute("INSERT INTO merged_events VALUES ('m1', 'CONSULT', NULL, '2024-05', NULL, NULL, [], 1, '04', 1.0, "
                "'La Russie et l''OTAN se réunissent.', 1, 1, 1, 1, NULL, NULL)")
    con.execute("INSERT INTO merged_actors VALUES ('m1', 'source', 'RUS'), ('m1', 'source', 'NATO')")
    con.close()
    with Store(path) as store:
        assert store.version == len(MIGRATIONS)
        ((merged, found_under),) = store._merge_candidates(index_keys("CONSULT", ["NATO"], ["on:2024-05"]))
        assert merged.id == "m1" and sorted(merged.happening.actors) == ["NATO", "RUS"]
        assert set(found_under) == index_keys("CONSULT", ["NATO"], ["on:2024-05"])
        assert not store._merge_candidates(index_keys("CONSULT", ["NATO"], ["on:2024-06"]))


def test_the_buffer_pool_is_capped_while_writing_only(tmp_path):
    def limit(store):
        return store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]

    with Store(tmp_path / "m.duckdb", write_memory_limit="50MB") as store:
        default = limit(store)
        with store.writing():
            assert limit(store) != default and limit(store).endswith("MiB")
            store.write_batch([doc("d1")])
            assert limit(store) != default  # a batch inside an ingest keeps the cap
        assert limit(store) == default
        store.write_batch([doc("d2")])
        assert limit(store) == default and store.count() == 2


def test_round_trip_keeps_paragraph_offsets(tmp_path):
    with Store(tmp_path / "v.duckdb") as store:
        assert store.write_batch([doc("a1b2c3d4e5f60718")]) == 1
        back = store.get("a1b2c3d4")
        assert back.body == "La Russie et l'OTAN se sont réunies à Bruxelles."
        assert back.text[back.paragraphs[0].start:back.paragraphs[0].end] == back.body
        assert store.get("a1b2c3d4e5f60718.txt").id == "a1b2c3d4e5f60718"
        assert store.get("nothing") is None


def test_round_trip_keeps_the_date_source_and_the_notes(tmp_path):
    english = doc("0f1e2d3c4b5a6978")
    english.language, english.published_source = "en", "page metadata"
    english.notes = ["no events: the language is en and the coder reads French only"]
    with Store(tmp_path / "v.duckdb") as store:
        store.write_batch([english, doc("a1b2c3d4e5f60718")])
        back = store.get("0f1e2d3c4b5a6978")
        assert (back.published_source, back.notes) == ("page metadata", english.notes)
        assert (store.get("a1b2c3d4e5f60718").notes, store.get("a1b2c3d4e5f60718").published_source) == ([], None)


def test_writing_the_same_documents_again_changes_nothing(tmp_path):
    with Store(tmp_path / "v.duckdb") as store:
        assert store.write_batch([doc("a" * 16), doc("b" * 16)]) == 2
        assert store.write_batch([doc("a" * 16, body="Autre texte."), doc("c" * 16), doc("c" * 16)]) == 1
        assert store.count() == 3
        assert store.get("a" * 16).body.startswith("La Russie")


def test_a_failed_batch_leaves_earlier_batches_intact(tmp_path):
    with Store(tmp_path / "v.duckdb") as store:
        store.write_batch([doc("a" * 16)])
        broken = doc("b" * 16)
        broken.kind = None  # violates NOT NULL inside the transaction
        with pytest.raises(duckdb.Error):
            store.write_batch([doc("c" * 16), broken])
        assert [d["id"] for d in store.documents()] == ["a" * 16]


def test_the_garbage_collector_is_left_as_it_was_after_a_batch(tmp_path):
    with Store(tmp_path / "v.duckdb") as store:
        try:
            for enabled in (True, False):
                (gc.enable if enabled else gc.disable)()
                store.write_batch([doc(f"{enabled:d}" * 16)])
                broken = doc("b" * 16)
                broken.kind = None
                with pytest.raises(duckdb.Error):
                    store.write_batch([broken])
                assert gc.isenabled() == enabled
        finally:
            gc.enable()


def test_line_counts_add_up_across_batches(tmp_path):
    from collections import Counter
    with Store(tmp_path / "v.duckdb") as store:
        store.write_batch([], Counter({("site", "h1"): 2, ("site", "h2"): 1}))
        store.write_batch([], Counter({("site", "h1"): 1}))
        assert store.line_counts([("site", "h1"), ("site", "h2"), ("site", "h3")]) == Counter({("site", "h1"): 3, ("site", "h2"): 1})


def test_line_counts_stored_before_the_integer_keys_are_kept(tmp_path):
    from collections import Counter
    path = str(tmp_path / "v.duckdb")
    con = duckdb.connect(path)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, "
                "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    for version, migration in enumerate(MIGRATIONS[:3], 1):  # a store of the three first versions
        con.execute(migration)
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
    con.execute("INSERT INTO line_counts VALUES ('site', 'h1', 2), ('site', 'h1', 1), ('other', 'h1', 5)")
    con.close()
    with Store(path) as store:
        store.write_batch([], Counter({("site", "h1"): 1}))
        assert store.line_counts([("site", "h1"), ("other", "h1"), ("site", "h2")]) == Counter(
            {("site", "h1"): 4, ("other", "h1"): 5})


@pytest.mark.parametrize("actors, recipients", [([], []), (["RUS"], []), ([], ["UKR"]), (["RUS", "NATO"], ["UKR", "USA"])])
def test_sides_read_back_as_written(actors, recipients):
    assert text_sides(sides_text(actors, recipients)) == (actors, recipients)


def coded(doc_id: str, published: str | None, location: dict | None = None) -> Document:
    """A document with one coded event, as the coder leaves it."""
    d = doc(doc_id)
    d.published = published
    sentence = d.body
    d.events = [{"type": "CONSULT", "mode": None, "actors": ["NATO", "RUS"], "recipients": [], "date": published,
                 "location": location, "context": [], "quad_class": 1, "cameo_root": "04", "goldstein": 1.0,
                 "sentence": sentence, "coder": "test",
                 "mentions": [{"sentence": sentence, "start": 6, "end": 6 + len(sentence),
                               "trigger": {"text": "réunies", "start": 34, "end": 41}}]}]
    return d


def test_a_missing_store_is_not_created_by_a_reader(tmp_path):
    path = tmp_path / "typo.duckdb"
    with pytest.raises(StoreError, match=f"no store at {path}"):
        Store(path, read_only=True)
    assert not path.exists()
    path.write_text("pas une base")
    with pytest.raises(StoreError, match="is not a DuckDB database"):
        Store(path, read_only=True)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "folder.duckdb")


def test_a_read_only_store_reads_and_refuses_to_write(tmp_path):
    path = tmp_path / "v.duckdb"
    with Store(path) as store:
        store.write_batch([coded("a" * 16, "2024-05-14", {"name": "Bruxelles", "country": "BEL"})])
    with Store(path, read_only=True) as reader, Store(path, read_only=True) as other:
        assert reader.count() == other.count() == 1
        with pytest.raises(StoreError, match="read-only"):
            reader.write_batch([doc("b" * 16)])


def test_an_older_store_opened_read_only_is_migrated_first(tmp_path):
    path = str(tmp_path / "v7.duckdb")
    con = duckdb.connect(path)
    con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL "
                "DEFAULT current_timestamp)")
    for version, step in enumerate(MIGRATIONS[:7], 1):
        step(con) if callable(step) else con.execute(step)
        con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
    con.close()
    with Store(path, read_only=True) as store:
        assert store.version == len(MIGRATIONS) and store.events() == []


def test_dyads_as_text_or_tuple_and_actors_by_name(tmp_path):
    with Store(tmp_path / "v.duckdb") as store:
        store.write_batch([coded("a" * 16, "2024-05-14")])
        assert store.events(dyad=("NATO", "RUS")) == store.events(dyad="NATO:RUS") == store.events(
            dyad="OTAN:Russie") != []
        assert store.merged_events(dyad=("RUS", "NATO")) == store.merged_events(dyad="russia:nato") != []
        assert store.events(actor="Russie") == store.events(actor="rus")
        for bad in ({"since": "14/05/2024"}, {"type": "MEETING"}, {"context": "past"}, {"actor": "Narnia"}):
            with pytest.raises(filters.FilterError):
                store.events(**bad)


def test_event_places_get_coordinates_from_the_gazetteer(tmp_path):
    with Store(tmp_path / "v.duckdb") as store:
        store.write_batch([coded("a" * 16, "2024-05-14", {"name": "Bruxelles", "country": "BEL", "kind": "city"}),
                           coded("b" * 16, "2024-05-15", {"name": "Crimée", "country": "UKR", "kind": "region"})])
        by_place = {e["location"]: e for e in store.events()}
        assert abs(by_place["Bruxelles"]["latitude"] - 50.85) < 0.05 and abs(by_place["Bruxelles"]["longitude"] - 4.35) < 0.05
        assert by_place["Crimée"]["latitude"] is None  # a region: GeoNames' cities cannot place it
        merged = {m["location"]: m for m in store.merged_events()}
        assert merged["Bruxelles"]["resolved_place"] == "Brussels" and merged["Bruxelles"]["location_resolution"] == "city"


def test_an_undated_article_gives_no_report_day(tmp_path):
    with Store(tmp_path / "v.duckdb") as store:
        store.write_batch([coded("a" * 16, None)])
        (merged,) = store.merged_events()
        assert merged["first_seen"] is None and merged["last_seen"] is None  # not the day of ingest
        store.write_batch([coded("b" * 16, "2024-05-14")])  # a dated report of the same meeting
        (merged,) = store.merged_events()
        assert str(merged["first_seen"]) == str(merged["last_seen"]) == "2024-05-14"


def test_data_frames_have_typed_columns(tmp_path):
    with Store(tmp_path / "v.duckdb") as store:
        empty = store.events_df()
        assert "latitude" in empty.columns and len(empty) == 0
        store.write_batch([coded("a" * 16, "2024-05-14", {"name": "Bruxelles", "country": "BEL"}), doc("b" * 16)])
        events, merged, documents = store.events_df(dyad="NATO:RUS"), store.merged_df(), store.documents_df()
    assert len(events) == len(merged) == 1 and len(documents) == 2
    assert str(events["type"].dtype) == "string" and str(events["quad_class"].dtype) == "Int64"
    assert str(events["goldstein"].dtype) == "Float64" and events["actors"].iloc[0] == ["NATO", "RUS"]
    assert str(merged["first_seen"].dtype).startswith("datetime64") and str(merged["num_articles"].dtype) == "Int64"
    assert str(documents["chars"].dtype) == "Int64" and sorted(documents["events"]) == [0, 1]
    assert str(empty["latitude"].dtype) == "Float64"


def test_release_lets_another_process_open_the_file_and_the_next_query_reopens(tmp_path):
    path = tmp_path / "r.duckdb"
    probe = [sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1], read_only=True)", str(path)]
    with Store(path) as store:
        store.write_batch([doc("a")])  # and lets the file go
        assert subprocess.run(probe, capture_output=True).returncode == 0
        assert store.count() == 1  # opened again
        assert subprocess.run(probe, capture_output=True).returncode != 0  # DuckDB: one process per file
        limit = "SELECT current_setting('memory_limit')"
        with store.writing():
            write_limit = store.con.execute(limit).fetchall()
            store.release()
            assert subprocess.run(probe, capture_output=True).returncode == 0
            assert store.count() == 1  # opened again, with the write limit
            assert store.con.execute(limit).fetchall() == write_limit


def test_opening_waits_for_another_process_to_let_the_file_go(tmp_path):
    path = tmp_path / "w.duckdb"
    Store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); sys.stdin.readline()", str(path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusy, match=f"^store is busy: another process \\(PID {holder.pid}\\) has "):
            connect(str(path), wait=0)
        told = threading.Event()

        def let_go():
            time.sleep(0.5)
            told.set()
            holder.stdin.write("\n")
            holder.stdin.flush()

        threading.Thread(target=let_go).start()
        connect(str(path), wait=120).close()
        assert told.is_set()  # it opened once the holder had let go, not before
    finally:
        holder.stdin.close()
        holder.wait()


def _articles(folder, *countries):
    folder.mkdir()
    for country in countries:
        (folder / f"{country}.txt").write_text(
            f"Visite au {country}\n\nParis, le 3 mai 2024. Le ministre français des Affaires étrangères a rencontré "
            f"jeudi son homologue du {country}, a annoncé le Quai d'Orsay.\n", encoding="utf-8")
    return sorted(str(p) for p in folder.iterdir())


def _contents(path) -> list[tuple]:
    with Store(path, read_only=True) as store:
        orphans = store.con.execute("SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT id FROM documents)")
        assert orphans.fetchone() == (0,)
        return sorted((d["name"], d["chars"], len(store.events(doc_id=d["id"]))) for d in store.documents())


def test_a_second_ingest_waits_for_the_first_then_says_the_store_is_busy(tmp_path):
    """DuckDB's lock is let go between batches (for `veille serve`): a second ingest must
    not take turns with the first, but wait for it and then say so; once the first is
    done, it runs and the store is what one ingest of both would have made."""
    db = tmp_path / "s.duckdb"
    first_inputs = _articles(tmp_path / "first", "Portugal", "Chili")
    second_inputs = _articles(tmp_path / "second", "Chili", "Japon")  # one article in common
    first = subprocess.Popen([sys.executable, "-m", "tests.stepped_ingest", str(db), *first_inputs],
                             cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    veille_ingest = [sys.executable, "-m", "veille", "ingest", *second_inputs, "--db", str(db), "--workers", "1"]
    try:
        assert first.stdout.readline().strip() == "1"  # a batch committed, the next one waits
        started = time.monotonic()
        second = subprocess.run(veille_ingest, capture_output=True, text=True, timeout=600)
        assert second.returncode == 1 and second.stderr == (
            f"error: store is busy: another veille ingest is writing to {db}; try again when it is done\n")
        assert time.monotonic() - started >= WRITER_WAIT  # it waited first
        first.stdin.write("\n")
        first.stdin.flush()
        assert first.stdout.readline().strip() == "2" and first.communicate("\n", timeout=600)[0] == "done\n"
    finally:
        first.kill()
        first.wait()
    assert subprocess.run(veille_ingest, capture_output=True, text=True, timeout=600).returncode == 0
    alone = tmp_path / "alone.duckdb"
    with Store(alone) as store:
        Pipeline(store, batch_size=1).ingest(first_inputs + second_inputs)
    assert _contents(db) == _contents(alone) and len(_contents(db)) == 3


# Run in a mount namespace of its own (`unshare -rm`), where it may mount a small tmpfs at
# argv[1]: an ingest into a store there fills it, the store is opened, the tmpfs grown and
# the ingest run again; prints what it saw as JSON.
DISK_FULL = """import json, subprocess, sys
import duckdb

room, corpus = sys.argv[1], sys.argv[2]
db = room + "/s.duckdb"
ingest = [sys.executable, "-m", "veille", "ingest", corpus, "--db", db, "--no-events", "--batch-size", "5"]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", room], check=True)
full = subprocess.run(ingest, capture_output=True, text=True)
con = duckdb.connect(db)
kept = con.execute("SELECT count(*) FROM documents").fetchone()[0]
con.close()
subprocess.run(["mount", "-o", "remount,size=64m", "tmpfs", room], check=True)
resumed = subprocess.run(ingest, capture_output=True, text=True)
con = duckdb.connect(db)
stored = con.execute("SELECT name, md5(body) FROM documents ORDER BY name").fetchall()
print(json.dumps({"full": [full.returncode, full.stderr], "kept": kept, "resumed": [resumed.returncode, resumed.stderr],
                  "stored": stored, "db": db}))
"""


def _private_mounts() -> bool:
    """Whether this machine lets a process mount a tmpfs in a namespace of its own."""
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _private_mounts(), reason="no unprivileged tmpfs mounts (unshare -rm) here")
def test_a_full_disk_is_one_line_and_the_store_resumes(tmp_path):
    rng = random.Random(7)  # words made unique, so the store cannot compress them away
    words = ["Russie", "Ukraine", "OTAN", "France", "ministre", "accord", "sommet", "frappes", "paix", "traité"]
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(80):
        paragraphs = [f"Dépêche {n}"] + [" ".join(f"{rng.choice(words)}{rng.randrange(10**6)}" for _ in range(60)) + "."
                                         for _ in range(40)]
        (corpus / f"{n:03}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    room = tmp_path / "room"
    room.mkdir()
    run = subprocess.run(["unshare", "-rm", sys.executable, "-c", DISK_FULL, str(room), str(corpus)],
                         capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout)
    code, stderr = seen["full"]
    assert code == 1 and "Traceback" not in stderr
    assert [line for line in stderr.splitlines() if not line.startswith("committed:")] == [
        f"error: cannot write to {seen['db']}: No space left on device; the batches committed before are kept: "
        "run the ingest again to resume"]
    assert 0 < seen["kept"] < 80 and seen["kept"] % 5 == 0  # whole batches
    assert seen["resumed"][0] == 0, seen["resumed"][1]
    with Store(tmp_path / "roomy.duckdb") as store:
        Pipeline(store, events=False, batch_size=5).ingest([str(corpus)])
        assert [list(row) for row in store.con.execute("SELECT name, md5(body) FROM documents ORDER BY name")
                .fetchall()] == seen["stored"]
