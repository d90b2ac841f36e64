"""Load benchmark of `veille serve`: latency and throughput of a filtered events page and a
dyad timeline over a store of 100,000 merged events.

    .venv/bin/python benchmarks/bench_serve.py                    # 100,000 events, 400 requests per endpoint
    .venv/bin/python benchmarks/bench_serve.py --events 20000 --requests 100 --budget 30

A benchmark, not a test: it asserts nothing and prints a table.

The store is synthetic, made by this script with the program's own schema (`Store`): merged
events spread over 2021-2024, of PLOVER types with their quad class and Goldstein value, one
or two source actors and zero or one target drawn from 40 codes with skewed weights (a few
actors in most events, as in news), a tenth of them in a future or hypothetical context. Only
`merged_events` and `merged_actors` are filled: the two endpoints measured read nothing else.

`veille serve` runs as a subprocess on 127.0.0.1; this process is the client (httpx, one
connection kept alive), so server and client share the machine's two cores. Each endpoint
gets `--requests` requests with filters drawn at random (a party, a year, a type; a dyad
among the 20 most frequent; the period), first one at a time (latency), then from
`--threads` threads at once (throughput), each phase stopping early at `--budget` seconds.
The server shares one read-only connection among the requests of a short interval and lets
the file go every 2 s under load (see veille/serve/store.py): the cost of one open alone is
measured in-process too.
"""
from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import pandas as pd

from veille.coder import plover
from veille.serve.store import ReadStore
from veille.store import Store, sides_text

CODES = ["RUS", "UKR", "USA", "CHN", "FRA", "DEU", "GBR", "NATO", "EU", "UN", "ISR", "IRN", "TUR", "POL", "JPN",
         "IND", "PRK", "KOR", "SAU", "EGY", "QAT", "SYR", "IRQ", "AFG", "PAK", "BRA", "ZAF", "NGA", "NER", "MLI",
         "AU", "ECOWAS", "HUN", "EST", "LTU", "FIN", "SWE", "NOR", "CAN", "AUS"]


def build_store(path: Path, n: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    types = plover()
    names = list(types)
    weights = 1 / np.arange(1, len(CODES) + 1) ** 0.9
    weights /= weights.sum()
    days = pd.date_range("2021-01-01", "2024-12-31", freq="D")
    rows, actors = [], []
    for i in range(n):
        type_ = names[rng.integers(len(names))]
        info = types[type_]
        picked = list(dict.fromkeys(rng.choice(CODES, size=3, p=weights)))
        sources = picked[:1 + int(rng.random() < 0.2)]
        targets = [c for c in picked[len(sources):len(sources) + int(rng.random() < 0.8)]]
        day = days[rng.integers(len(days))]
        precision = rng.random()
        date = day.strftime("%Y-%m-%d") if precision < 0.85 else day.strftime("%Y-%m") if precision < 0.95 else None
        context = ["future"] if rng.random() < 0.06 else ["hypothetical"] if rng.random() < 0.04 else []
        merged_id = f"b{i:015x}"
        rows.append((merged_id, type_, None, date, None, None, context, info["quad_class"], info["cameo_root"],
                     info["goldstein"], f"Phrase synthétique {i} : {' '.join(sources)} {type_} {' '.join(targets)}.",
                     1, 1, 1, 1, day.date(), day.date(), sides_text(sources, targets)))
        actors += [(merged_id, "source", c) for c in sources] + [(merged_id, "target", c) for c in targets]
    columns = ["id", "type", "mode", "date", "location", "location_country", "context", "quad_class", "cameo_root",
               "goldstein", "sentence", "num_mentions", "num_documents", "num_articles", "num_sources",
               "first_seen", "last_seen", "sides"]
    synthetic_events = pd.DataFrame(rows, columns=columns)  # noqa: F841 (read by DuckDB below)
    synthetic_sides = pd.DataFrame(actors, columns=["merged_id", "side", "code"])  # noqa: F841
    with Store(path) as store:
        store.con.execute(f"INSERT INTO merged_events ({', '.join(columns)}) SELECT * FROM synthetic_events")
        store.con.execute("INSERT INTO merged_actors SELECT * FROM synthetic_sides")
        store.con.execute("CHECKPOINT")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def events_request(rng: random.Random) -> tuple[str, dict]:
    params = {"party": rng.choice(CODES[:15]), "limit": 50}
    if rng.random() < 0.7:
        params["since"] = str(rng.choice([2021, 2022, 2023, 2024]))
    if rng.random() < 0.4:
        params["type"] = rng.choice(list(plover()))
    if rng.random() < 0.3:
        params["factual"] = "true"
    return "/api/merged", params


def timeline_request(rng: random.Random, dyads: list[str]) -> tuple[str, dict]:
    return "/api/timeline", {"dyad": rng.choice(dyads), "by": rng.choice(["month", "week", "quarter"])}


def measure(client: httpx.Client, requests: list[tuple[str, dict]], budget: float) -> list[float]:
    latencies = []
    stop = time.perf_counter() + budget
    for path, params in requests:
        if time.perf_counter() > stop:
            break
        start = time.perf_counter()
        response = client.get(path, params=params)
        latencies.append(time.perf_counter() - start)
        response.raise_for_status()
    return latencies


def concurrent(base: str, requests: list[tuple[str, dict]], threads: int, budget: float) -> tuple[int, float]:
    done, lock = [0], threading.Lock()
    chunks = [requests[i::threads] for i in range(threads)]

    def work(chunk):
        with httpx.Client(base_url=base, timeout=30) as client:
            n = len(measure(client, chunk, budget))
        with lock:
            done[0] += n

    start = time.perf_counter()
    workers = [threading.Thread(target=work, args=(c,)) for c in chunks]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return done[0], time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400, help="per endpoint and phase")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds per endpoint and phase, at most")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="veille-bench-serve-") as folder:
        db = Path(folder) / "store.duckdb"
        start = time.perf_counter()
        build_store(db, args.events)
        print(f"store: {args.events:,} merged events, built in {time.perf_counter() - start:.1f}s, "
              f"{db.stat().st_size / 2**20:.1f} MB")
        opens = []
        for _ in range(50):
            t = time.perf_counter()
            ReadStore.open(str(db), wait=0).close()
            opens.append(time.perf_counter() - t)
        print(f"read-only open + close of the store: median {statistics.median(opens) * 1000:.1f} ms")
        with Store(db) as store:
            from veille import analytics
            dyads = [f"{r.source}:{r.target}" for r in analytics.top_dyads(store, 20).itertuples()]

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "veille", "serve", "--db", str(db), "--port", str(port)])
        try:
            for _ in range(300):
                try:
                    httpx.get(base + "/api/summary", timeout=2)
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            rng = random.Random(11)
            endpoints = {
                "filtered events page (50 rows)": [events_request(rng) for _ in range(args.requests)],
                "dyad timeline": [timeline_request(rng, dyads) for _ in range(args.requests)],
            }
            print(f"\n{'endpoint':34} {'requests':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} "
                  f"{'req/s 1':>8} {'req/s ' + str(args.threads):>9}")
            with httpx.Client(base_url=base, timeout=30) as client:
                for name, requests in endpoints.items():
                    measure(client, requests[:20], args.budget)  # warm-up
                    latencies = sorted(measure(client, requests, args.budget))
                    q = np.quantile(latencies, [0.5, 0.9, 0.99]) * 1000
                    done, seconds = concurrent(base, requests, args.threads, args.budget)
                    print(f"{name:34} {len(latencies):8d} {q[0]:8.1f} {q[1]:8.1f} {q[2]:8.1f} "
                          f"{latencies[-1] * 1000:8.1f} {len(latencies) / sum(latencies):8.1f} "
                          f"{done / seconds:9.1f}")
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
