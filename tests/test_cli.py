import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

import veille

from veille.cli import app

from .conftest import EXAMPLES, FIXTURES

runner = CliRunner()
VEILLE = [sys.executable, "-m", "veille"]


def test_help_on_every_command():
    for command in ([], ["ingest"], ["extract"], ["docs"], ["show"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    """The sample articles ingested once, with the command's --json summary."""
    db = str(tmp_path_factory.mktemp("examples") / "v.duckdb")
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    return db, json.loads(result.stdout)


def test_ingest_examples_then_list_and_show(examples):
    db, summary = examples
    assert summary["failed"] == [] and summary["stored"] >= 12 and summary["events"] > summary["stored"]
    # the WARC's pages also sit in examples/warc/pages: same content, skipped, and said so
    assert summary["skipped"] and all(f"same content as {EXAMPLES}/warc/crawl.warc.gz offset" in s
                                      for s in summary["skipped"]), summary["skipped"]
    stored, skipped = summary["stored"], len(summary["skipped"])
    again = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db])
    assert again.exit_code == 0 and f"stored 0 documents (0 events), skipped {stored + skipped}" in again.output
    assert again.output.count("already stored") == stored + skipped
    listing = runner.invoke(app, ["docs", "--db", db, "--format", "jsonl", "--limit", "0"])
    rows = [json.loads(line) for line in listing.output.splitlines()]
    assert len(rows) == stored and all(r["language"] == "fr" for r in rows)
    shown = runner.invoke(app, ["show", rows[0]["id"][:8], "--db", db, "--format", "json"])
    assert shown.exit_code == 0 and json.loads(shown.output)["id"] == rows[0]["id"]
    assert runner.invoke(app, ["show", "absent", "--db", db]).exit_code == 1


def _lines(args: list[str], columns: int = 80) -> list[str]:
    result = runner.invoke(app, args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def _ids(lines: list[str]) -> list[str]:
    """The ids a listing starts its rows with (a second line is indented)."""
    return [line.split()[0] for line in lines if line and not line.startswith(" ")]


def test_every_listing_fits_80_columns_and_every_id_pastes(examples):
    db = examples[0]
    docs = _lines(["docs", "--db", db])
    events = _lines(["events", "--db", db])
    merged = _lines(["events", "--merged", "--db", db])
    assert len(events) == 2 * len(_ids(events)) and len(merged) == 2 * len(_ids(merged))  # two lines a row
    assert all(line.startswith("    ") for line in events[1::2])
    listings = [docs, events, merged, _lines(["event", _ids(events)[0], "--why", "--db", db]),
                _lines(["actors", "Macron"]), _lines(["timeline", "--db", db, "--by", "week"]),
                _lines(["timeline", "--db", db, "--by-type"]), _lines(["top", "--db", db]), _lines(["network", "--db", db])]
    for listing in listings:
        assert listing and all(len(line) <= 80 for line in listing), max(listing, key=len)
    for key in _ids(docs)[::3]:  # a document's fields (a path, a URL) are whole: two lines at most
        shown = _lines(["show", key, "--db", db])
        assert all(len(line) <= 160 for line in shown) and sum(len(line) > 80 for line in shown) <= 2
    with veille.Store(db, read_only=True) as store:  # every id printed is one the commands look up...
        assert len(store.events(ids=_ids(events))) == len(_ids(events))
        assert len(store.merged_events(ids=_ids(merged))) == len(_ids(merged))
        assert all(store.document_id(key) for key in _ids(docs) + _ids(events))
    for event_id in _ids(events)[::10] + _ids(merged)[::10]:  # ...and pasting works
        shown = runner.invoke(app, ["event", event_id, "--db", db, "-f", "json"])
        assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == event_id
    for key in _ids(docs)[::4] + _ids(events)[::10]:
        assert runner.invoke(app, ["show", key, "--db", db, "-f", "json"]).exit_code == 0, key
    shortened = [line for line in events + docs if line.endswith("…")]
    assert shortened, "at 80 columns some sentences are shortened"
    wide = _lines(["events", "--db", db], columns=200)
    assert all(len(line) <= 200 for line in wide) and any(len(line) > 80 for line in wide)
    whole = _lines(["events", "--db", db, "--wide"])
    rows = json.loads(runner.invoke(app, ["events", "--db", db, "-f", "json"]).stdout)
    assert all("    " + row["sentence"] in whole for row in rows)


def test_show_prints_the_documents_events_and_quotes(examples):
    db = examples[0]
    doc = json.loads(runner.invoke(app, ["show", "kremlin_dement_lien_manoeuvres_kaliningrad_sommet_vilnius.txt",
                                         "--db", db, "-f", "json"]).stdout)
    lines = _lines(["show", doc["id"], "--db", db])
    assert f"{len(doc['events'])} events" in "\n".join(lines) and f"{len(doc['quotes'])} quotes" in "\n".join(lines)
    assert {e["id"] for e in doc["events"]} <= set(_ids(lines))
    assert any(line.startswith("Dmitri Peskov (RUS):") for line in lines)
    by_doc = json.loads(runner.invoke(app, ["events", "--doc", doc["id"][:8], "--db", db, "-f", "json"]).stdout)
    assert [e["id"] for e in by_doc] == [e["id"] for e in doc["events"]]
    by_outlet = json.loads(runner.invoke(app, ["events", "--outlet", "dépêches de l’est", "--db", db,
                                               "-f", "json"]).stdout)
    assert by_outlet and {e["outlet"] for e in by_outlet} == {"Dépêches de l’Est"}


@pytest.mark.parametrize("option, value, said", [
    ("--since", "2024/01/01", "not a date"), ("--since", "yesterday", "not a date"),
    ("--until", "2024-13", "not a date"), ("--until", "2024-02-30", "not a date"),
    ("--context", "futur", "did you mean future?"), ("--type", "MOBILISE", "did you mean MOBILIZE?"),
    ("--actor", "Russland", "unknown actor"), ("--recipient", "Atlantis", "unknown actor"),
    ("--dyad", "RUS", "SOURCE:TARGET"), ("--dyad", "RUS:Atlantide", "unknown actor")])
def test_a_bad_filter_value_is_one_line_and_exit_two(examples, option, value, said):
    for command in (["events"], ["export", "-f", "jsonl"], ["timeline"] if option in ("--since", "--dyad") else []):
        if command:
            result = runner.invoke(app, [*command, "--db", examples[0], option, value])
            assert result.exit_code == 2 and result.stdout == "", result.output
            (line,) = result.stderr.splitlines()
            assert line.startswith("error:") and option in line and said in line, line


def test_actors_by_code_or_name_in_french_or_english(examples):
    db = examples[0]

    def ids(*args):
        return [r["id"] for r in json.loads(runner.invoke(app, ["events", "--db", db, "-f", "json", *args]).stdout)]

    assert ids("--actor", "RUS") == ids("--actor", "Russie") == ids("--actor", "russia") == ids("--actor", "rus") != []
    assert ids("--dyad", "RUS:UKR") == ids("--dyad", "Russie:Ukraine") != []
    found = json.loads(runner.invoke(app, ["actors", "Macron", "-f", "json"]).stdout)
    assert found[0]["codes"] == ["FRA"] and {"role": "head_of_state", "code": "FRA", "start": "2017-05-14",
                                             "end": None} in found[0]["roles"]
    assert "RUS" in _lines(["actors", "Russia"])[0]
    assert runner.invoke(app, ["actors", "Xyzzyland"]).exit_code == 1


READ_COMMANDS = [["docs"], ["events"], ["events", "--merged"], ["show", "abc123"], ["event", "m123"],
                 ["export", "-f", "csv"], ["timeline"], ["top"], ["network"]]


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_a_read_command_never_creates_a_store(tmp_path, command):
    missing = tmp_path / "nope.duckdb"
    result = runner.invoke(app, [*command, "--db", str(missing)])
    assert result.exit_code == 1 and not missing.exists()
    assert result.stderr.splitlines() == [f"error: no store at {missing} (ingest articles into one first, or give "
                                          "--db or $VEILLE_DB)"]


@pytest.mark.parametrize("command", [["ingest", str(FIXTURES / "scraped.txt")], ["events"], ["serve"]], ids=" ".join)
def test_an_sqlite_file_as_store_is_refused_in_one_line_without_fetching_anything(tmp_path, command):
    """DuckDB reads an SQLite file through an extension it would download: veille says
    what the file is, and nothing is installed (DuckDB keeps extensions under $HOME)."""
    import sqlite3

    db = tmp_path / "articles.db"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, text TEXT)")
    before = db.read_bytes()
    result = subprocess.run([sys.executable, "-m", "veille", *command, "--db", str(db)], capture_output=True,
                            text=True, timeout=300, env=os.environ | {"HOME": str(tmp_path / "home")})
    assert result.returncode == 1
    assert result.stderr == f"error: {db} is not a DuckDB database (it is an SQLite database)\n"
    assert db.read_bytes() == before and not (tmp_path / "home").exists()


def test_store_and_file_errors_are_one_line_and_the_traceback_waits_for_debug(tmp_path, examples):
    not_duckdb = tmp_path / "notes.duckdb"
    not_duckdb.write_text("des notes, pas une base\n")
    result = runner.invoke(app, ["events", "--db", str(not_duckdb)])
    assert result.exit_code == 1 and result.stderr == f"error: {not_duckdb} is not a DuckDB database\n"
    result = runner.invoke(app, ["ingest", str(FIXTURES / "scraped.txt"), "--db", str(tmp_path / "no" / "v.duckdb")])
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1 and "does not exist" in result.stderr
    result = runner.invoke(app, ["export", "-f", "csv", "--db", examples[0], "--out", str(tmp_path / "no" / "x.csv")])
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1, result.stderr
    assert "x.csv" in result.stderr and "Traceback" not in result.output
    debug = runner.invoke(app, ["--debug", "events", "--db", str(not_duckdb)])
    assert debug.exit_code == 1 and type(debug.exception).__name__ == "StoreError"


HOLD = """import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read")
print("holding", flush=True)
time.sleep(float(sys.argv[3]))
con.close()
"""


def _hold(db: str, mode: str, seconds: float) -> subprocess.Popen:
    """Another process holding the store open, as a notebook's `veille.Store(path)` (or
    `Store(path, read_only=True)`) does: DuckDB's own connection, the lock a Store takes."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, db, mode, str(seconds)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline() == "holding\n"
    return proc


def test_a_reader_while_a_writer_holds_the_store(examples, monkeypatch):
    db = examples[0]
    writer = _hold(db, "write", 30)
    try:
        monkeypatch.setenv("VEILLE_BUSY_WAIT", "0.5")
        busy = runner.invoke(app, ["events", "--db", db])
        assert busy.exit_code == 1 and busy.stderr.startswith(
            f"error: store is busy: another process (PID {writer.pid}) is writing to {db}"), busy.stderr
    finally:
        writer.kill()
        writer.wait()
    writer = _hold(db, "write", 1)  # done within the wait: the reader waits, then reads
    monkeypatch.setenv("VEILLE_BUSY_WAIT", "20")
    assert runner.invoke(app, ["docs", "--db", db]).exit_code == 0
    writer.wait()
    reader = _hold(db, "read", 30)  # a notebook reading: the command line reads too
    try:
        monkeypatch.setenv("VEILLE_BUSY_WAIT", "0")
        assert runner.invoke(app, ["events", "--db", db]).exit_code == 0
    finally:
        reader.kill()
        reader.wait()


def test_shell_completion_is_offered():
    assert "--install-completion" in runner.invoke(app, ["--help"]).output


def test_extract_prints_the_output_contract():
    result = runner.invoke(app, ["extract", str(FIXTURES / "scraped.txt")])
    assert result.exit_code == 0
    (doc,) = [json.loads(line) for line in result.output.splitlines()]
    assert doc["doc"] == "scraped.txt"
    assert doc["title"] == "Varsovie convoque l'ambassadeur biélorusse après un incident aérien"
    assert doc["published"] == "--05-14" and doc["outlet"] == "Dépêches de l'Est" and doc["language"] == "fr"
    coded = {(e["type"], tuple(e["actors"]), tuple(e["recipients"])) for e in doc["events"]}
    assert {("REJECT", ("BLR",), ("POL",)), ("ACCUSE", ("BLR",), ("POL",))} <= coded  # the denial answers Warsaw
    assert [(q["speaker"], q["text"]) for q in doc["quotes"]] == [
        ("POL", "Nous ne tolérerons aucune violation de notre espace aérien"), ("BLR", "chercher un prétexte")]
    assert {"text": "14 mai", "start": 10, "end": 16, "value": "--05-14", "granularity": "day"} in doc["timexes"]


def test_events_are_stored_and_filtered(tmp_path):
    db = str(tmp_path / "v.duckdb")
    assert runner.invoke(app, ["ingest", str(FIXTURES / "scraped.txt"), "--db", db]).exit_code == 0
    rows = json.loads(runner.invoke(app, ["events", "--db", db, "--format", "json"]).stdout)
    assert {"REJECT", "ACCUSE"} <= {r["type"] for r in rows}
    dyad = json.loads(runner.invoke(app, ["events", "--db", db, "--dyad", "BLR:POL", "--format", "json"]).stdout)
    assert sorted((r["type"], r["actors"], r["recipients"]) for r in dyad) == [
        ("ACCUSE", ["BLR"], ["POL"]), ("REJECT", ["BLR"], ["POL"])]
    accuse = next(r for r in dyad if r["type"] == "ACCUSE")
    assert accuse["quad_class"] == 3 and accuse["cameo_root"] == "11" and accuse["goldstein"] == -2.0
    assert json.loads(runner.invoke(app, ["events", "--db", db, "--type", "sanction", "--format", "json"]).stdout) == []
    table = runner.invoke(app, ["events", "--db", db, "--actor", "BLR", "--format", "csv"]).stdout.splitlines()
    assert table[0].startswith("id,date,type") and len(table) == 3
    assert runner.invoke(app, ["events", "--db", db, "--dyad", "BLR"]).exit_code == 2
    shown = json.loads(runner.invoke(app, ["show", "scraped.txt", "--db", db, "--format", "json"]).stdout)
    assert len(shown["events"]) == len(rows) and shown["quotes"][0]["speaker"] == "POL"


def test_extract_prints_every_input_even_a_copy(tmp_path):
    """The output contract: one object per input document (a store keeps a copy once)."""
    copy = tmp_path / "copie.txt"
    copy.write_text((FIXTURES / "scraped.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(FIXTURES / "scraped.txt"), str(copy), "--no-events"])
    assert result.exit_code == 0 and result.stderr == ""
    assert [json.loads(line)["doc"] for line in result.stdout.splitlines()] == ["scraped.txt", "copie.txt"]


def test_exit_code_one_when_some_inputs_fail(tmp_path):
    (tmp_path / "vide.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(FIXTURES / "scraped.txt"), str(tmp_path / "vide.txt"),
                                 "--db", str(tmp_path / "v.duckdb")])
    assert result.exit_code == 1
    assert "stored 1 documents" in result.output and "vide.txt: empty file" in result.output


def test_usage_error_exit_code_two():
    assert runner.invoke(app, ["ingest", "--no-such-option"]).exit_code == 2


def _corpus(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(
            f"Dépêche numéro {i} sur les négociations\n\n"
            f"Les délégations se sont réunies pour la {i}e fois à Genève, a indiqué le ministère, "
            f"qui a évoqué des progrès sur le dossier numéro {i} sans donner plus de détails.\n", encoding="utf-8")


def _stored(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT id, name, body FROM documents ORDER BY id").fetchall()
    con.close()
    return rows


def test_killed_ingest_resumes_where_it_stopped(tmp_path):
    corpus = tmp_path / "corpus"
    _corpus(corpus, 400)
    db = tmp_path / "killed.duckdb"
    env = {**os.environ, "VEILLE_DB": str(db)}
    proc = subprocess.Popen([*VEILLE, "ingest", str(corpus), "--batch-size", "10"], env=env,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    for line in proc.stderr:
        if line.startswith("committed: 30 stored"):
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    partial = _stored(db)
    assert 30 <= len(partial) < 400 and len(partial) % 10 == 0  # whole batches only
    rerun = subprocess.run([*VEILLE, "ingest", str(corpus)], env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"stored {400 - len(partial)} documents (0 events), skipped {len(partial)}," in rerun.stderr
    clean = tmp_path / "clean.duckdb"
    subprocess.run([*VEILLE, "ingest", str(corpus), "--db", str(clean)], check=True, capture_output=True)
    assert _stored(db) == _stored(clean)
