"""kill -9 of an ingest at random points: the store opens, holds no partial document or
orphan event, and a rerun completes to the same content as an uninterrupted run.

    .venv/bin/python benchmarks/bench_kill.py [--trials 20] [--articles 300] [--workers 1 2]

Generated articles (short French dispatches of two outlets, with page furniture that the
corpus-level repeated-line counts remove) are ingested once uninterrupted per --workers
value; then, per trial, an ingest is killed with SIGKILL at a random point (up to 3 s after
a random number of committed batches), its store is opened and checked, the ingest is run
again to the end, and the store's content (documents with their bodies, events per
document) is compared with the uninterrupted run's. It also checks that no worker process
outlives its killed parent.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

VEILLE = [sys.executable, "-m", "veille"]
SENTENCES = ["La Russie a condamné mercredi les frappes menées par l'Ukraine près de Koursk.",
             "Le ministre français des Affaires étrangères a rencontré son homologue allemand à Berlin.",
             "Le Japon a condamné jeudi le tir d'un missile par la Corée du Nord.",
             "L'OTAN a annoncé l'envoi de renforts en Pologne et dans les pays baltes."]
FURNITURE = ["Notre rédaction suit la situation heure par heure depuis Genève.",
             "Ce fil est un service de veille de l'actualité internationale.",
             "Retrouvez chaque matin les dépêches de la nuit."]


def write_articles(folder: Path, count: int) -> None:
    for n in range(count):
        lines = [f"Dépêche numéro {n}", f"{SENTENCES[n % 4]} Détail {n}."]
        lines += [FURNITURE[k] for k in range(3) if (n * (k + 2)) % 5 < 2] + [SENTENCES[(n + 1) % 4]]
        record = {"id": f"a{n}", "text": "\n\n".join(lines), "outlet": ["Le Fil", "La Veille"][n % 2]}
        (folder / f"{n:04}.jsonl").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


BATCH = 10


def ingest(corpus: Path, db: Path, workers: int) -> subprocess.Popen:
    """An ingest whose standard error (one "committed:" line per batch) is piped."""
    return subprocess.Popen(VEILLE + ["ingest", str(corpus), "--db", str(db), "--workers", str(workers),
                                      "--batch-size", str(BATCH)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def kill_after(run: subprocess.Popen, commits: int, delay: float) -> int:
    """SIGKILL `run` `delay` seconds after its `commits`-th committed batch; the commits seen."""
    seen = 0
    while seen < commits and (line := run.stderr.readline()):
        seen += line.startswith("committed:")
    time.sleep(delay)
    run.send_signal(signal.SIGKILL)
    run.wait()
    return seen


def content(db: Path) -> dict:
    """What a store holds, and whether it is consistent: every event belongs to a stored
    document, every mention to a stored event."""
    import duckdb

    if not db.exists():  # killed before the store was created
        return {"docs": [], "events": [], "orphans": 0}
    con = duckdb.connect(str(db))  # as veille opens it: a write-ahead log left is replayed
    try:
        docs = con.execute("SELECT name, md5(body) FROM documents ORDER BY name").fetchall()
        events = con.execute("SELECT d.name, count(e.id) FROM documents d LEFT JOIN events e ON e.doc_id = d.id "
                             "GROUP BY d.name ORDER BY d.name").fetchall()
        orphans = con.execute("SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0]
        orphans += con.execute("SELECT count(*) FROM event_mentions "
                               "WHERE event_id NOT IN (SELECT id FROM events)").fetchone()[0]
    finally:
        con.close()
    return {"docs": docs, "events": events, "orphans": orphans}


def children_of(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        write_articles(corpus, args.articles)
        references = {}
        for workers in args.workers:
            started = time.perf_counter()
            ingest(corpus, root / f"reference{workers}.duckdb", workers).communicate()
            references[workers] = content(root / f"reference{workers}.duckdb")
            print(f"uninterrupted, --workers {workers}: {len(references[workers]['docs'])} documents, "
                  f"{sum(n for _, n in references[workers]['events'])} events, {time.perf_counter() - started:.0f} s")
        same = all(r == references[args.workers[0]] for r in references.values())
        print(f"same store whatever --workers: {'yes' if same else 'NO'}")
        batches = -(-args.articles // BATCH)
        for workers in args.workers:
            passed = 0
            for trial in range(args.trials):
                db = root / f"killed{workers}-{trial}.duckdb"
                run = ingest(corpus, db, workers)
                commits, delay = rng.randrange(batches), rng.uniform(0.0, 3.0)
                time.sleep(1.0)
                children = children_of(run.pid)
                commits = kill_after(run, commits, delay)
                time.sleep(2)
                orphans = [pid for pid in children if alive(pid)]
                try:
                    partial = content(db)
                    opened = partial["orphans"] == 0
                except Exception as exc:  # noqa: BLE001 (a store that does not open is the finding)
                    partial, opened = {"docs": []}, False
                    print(f"  the store does not open: {exc}")
                ingest(corpus, db, workers).communicate()
                resumed = content(db)
                ok = opened and not orphans and resumed == references[workers]
                passed += ok
                print(f"--workers {workers} trial {trial + 1}: killed {delay:.1f} s after commit {commits}, "
                      f"{len(partial['docs'])} documents stored; store consistent: {opened}; "
                      f"workers left: {len(orphans)}; resume identical: {resumed == references[workers]}")
                for pid in orphans:
                    os.kill(pid, signal.SIGKILL)
            print(f"--workers {workers}: {passed} of {args.trials} trials passed")


if __name__ == "__main__":
    main()
