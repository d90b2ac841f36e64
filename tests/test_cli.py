import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from veille.cli import app

from .conftest import EXAMPLES, FIXTURES

runner = CliRunner()
VEILLE = [sys.executable, "-m", "veille"]


def test_help_on_every_command():
    for command in ([], ["ingest"], ["extract"], ["docs"], ["show"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output


def test_ingest_examples_then_list_and_show(tmp_path):
    db = str(tmp_path / "v.duckdb")
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db])
    assert result.exit_code == 0, result.output
    assert "failed 0" in result.output
    summary = result.output.splitlines()[-1]
    stored, skipped = (int(summary.split(word)[1].split()[0].rstrip(",")) for word in ("stored ", "skipped "))
    assert stored >= 12  # the WARC's pages also sit in examples/warc/pages: same content, skipped
    again = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db])
    assert again.exit_code == 0 and f"stored 0, skipped {stored + skipped}" in again.output
    listing = runner.invoke(app, ["docs", "--db", db, "--format", "jsonl", "--limit", "0"])
    rows = [json.loads(line) for line in listing.output.splitlines()]
    assert len(rows) == stored and all(r["language"] == "fr" for r in rows)
    shown = runner.invoke(app, ["show", rows[0]["id"][:8], "--db", db, "--format", "json"])
    assert shown.exit_code == 0 and json.loads(shown.output)["id"] == rows[0]["id"]
    assert runner.invoke(app, ["show", "absent", "--db", db]).exit_code == 1


def test_extract_prints_the_output_contract():
    result = runner.invoke(app, ["extract", str(FIXTURES / "scraped.txt")])
    assert result.exit_code == 0
    (doc,) = [json.loads(line) for line in result.output.splitlines()]
    assert doc["doc"] == "scraped.txt"
    assert doc["title"] == "Varsovie convoque l'ambassadeur biélorusse après un incident aérien"
    assert doc["published"] == "--05-14" and doc["outlet"] == "Dépêches de l'Est" and doc["language"] == "fr"
    coded = {(e["type"], tuple(e["actors"]), tuple(e["recipients"])) for e in doc["events"]}
    assert {("REJECT", ("BLR",), ()), ("ACCUSE", ("BLR",), ("POL",))} <= coded
    assert [(q["speaker"], q["text"]) for q in doc["quotes"]] == [
        ("POL", "Nous ne tolérerons aucune violation de notre espace aérien"), ("BLR", "chercher un prétexte")]
    assert {"text": "14 mai", "start": 10, "end": 16, "value": "--05-14", "granularity": "day"} in doc["timexes"]


def test_events_are_stored_and_filtered(tmp_path):
    db = str(tmp_path / "v.duckdb")
    assert runner.invoke(app, ["ingest", str(FIXTURES / "scraped.txt"), "--db", db]).exit_code == 0
    rows = json.loads(runner.invoke(app, ["events", "--db", db, "--format", "json"]).stdout)
    assert {"REJECT", "ACCUSE"} <= {r["type"] for r in rows}
    dyad = json.loads(runner.invoke(app, ["events", "--db", db, "--dyad", "BLR:POL", "--format", "json"]).stdout)
    assert [(r["type"], r["actors"], r["recipients"]) for r in dyad] == [("ACCUSE", ["BLR"], ["POL"])]
    assert dyad[0]["quad_class"] == 3 and dyad[0]["cameo_root"] == "11" and dyad[0]["goldstein"] == -2.0
    assert json.loads(runner.invoke(app, ["events", "--db", db, "--type", "sanction", "--format", "json"]).stdout) == []
    table = runner.invoke(app, ["events", "--db", db, "--actor", "BLR", "--format", "csv"]).stdout.splitlines()
    assert table[0].startswith("id,date,type") and len(table) == 3
    assert runner.invoke(app, ["events", "--db", db, "--dyad", "BLR"]).exit_code == 2
    shown = json.loads(runner.invoke(app, ["show", "scraped.txt", "--db", db, "--format", "json"]).stdout)
    assert len(shown["events"]) == len(rows) and shown["quotes"][0]["speaker"] == "POL"


def test_exit_code_one_when_some_inputs_fail(tmp_path):
    (tmp_path / "vide.txt").write_text("")
    result = runner.invoke(app, ["ingest", str(FIXTURES / "scraped.txt"), str(tmp_path / "vide.txt"),
                                 "--db", str(tmp_path / "v.duckdb")])
    assert result.exit_code == 1
    assert "stored 1" in result.output and "vide.txt: empty file" in result.output


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
    assert f"stored {400 - len(partial)}, skipped {len(partial)}" in rerun.stderr
    clean = tmp_path / "clean.duckdb"
    subprocess.run([*VEILLE, "ingest", str(corpus), "--db", str(clean)], check=True, capture_output=True)
    assert _stored(db) == _stored(clean)
