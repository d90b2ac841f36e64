"""Scaling benchmark: the whole ingest (reading, cleaning, metadata, spaCy parse, event coding,
near-duplicates, merging, DuckDB store) on a Dask LocalCluster of one and of two workers,
against the process pool of `--workers 2`, over real French news text.

    .venv/bin/python benchmarks/bench_dask.py                # 2,000 documents
    .venv/bin/python benchmarks/bench_dask.py --docs 600     # a quicker run
    .venv/bin/python benchmarks/bench_dask.py --modes dask2  # one configuration

A benchmark, not a test: it asserts nothing and prints a table. The text is read at run time
from ../shared (the seeds and the news evaluation set) and examples/, never copied into the
repository: every article is written (untimed) to a temporary folder as one file, repeated
with a reference line that differs from copy to copy (a new content id) until the corpus
has `--docs` documents. The copies of one article are near-duplicates of each other and
their events merge, as wire copies do. Copies would otherwise also be taken for an outlet's
repeated page furniture and cut down, so the repeated-line threshold is set out of reach:
every copy is parsed whole, as distinct articles would be.

Each configuration runs in a fresh subprocess and ingests the corpus into a fresh store,
in batches (partitions) of `--batch` documents; its workers are started, and the model
loaded in each, before the timer starts (the startup time is printed apart). For `local` and
`workers2` the pipeline's own supervised pool is started and warmed first, then lent to the
ingest in place of the one it would start.

  local    `veille ingest` as it runs by default: one supervised worker process (`workers.Pool`)
  workers2 `veille ingest --workers 2`: two supervised worker processes
  dask1    distributed.LocalCluster, 1 worker process of 1 thread, on 127.0.0.1
  dask2    the same with 2 worker processes
  pool2    a spawned ProcessPoolExecutor of 2 processes lent to `Pipeline(executor=...)`
           (cleaning in the writing process, parsing in the pool)

Figures: documents per second (wall clock); documents per CPU second of all the processes
(the per-core rate: on a shared machine the figure to trust) and of the worker processes
alone (for the pool, cleaning runs in the writing process, not in the workers); the writing
process's CPU per document (store, and for Dask the client and its scheduler); the time
inside `Store.write_batch` per document (the single writer's ceiling); peak resident memory
per worker process and of the writing process; the store's size on disk per document. For Dask, the scheduler's overhead per task
is the wall time per task of 2,000 empty tasks submitted at once on the same cluster after
the run (a partition is five tasks). The load average is printed before and after.

Targets (issue acceptance): dask2 >= 1.8 x dask1; dask2 within 10% of pool2.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = [SHARED / "seeds", SHARED / "eval" / "news" / "docs", ROOT / "examples"]
MODES = ("local", "workers2", "dask1", "dask2", "pool2")
SUPERVISED = {"local": 1, "workers2": 2}  # modes run by the pipeline's own worker processes
NO_REPEATED_LINES = 10 ** 9  # copies of one article must not count as an outlet's furniture
EMPTY_TASKS = 2000
WARMUP = ("La Russie a convoqué mardi l'ambassadeur de France à Moscou, a annoncé le ministère russe des "
          "Affaires étrangères. « Nous attendons des explications », a déclaré Maria Zakharova.")


def build_corpus(folder: Path, total: int) -> int:
    """`total` articles, one file each: the real ones, repeated with a differing reference line."""
    from veille.ingest import read_sources
    from veille.records import Source

    missing = [str(p) for p in SOURCES if not p.is_dir()]
    if missing:
        sys.exit(f"bench_dask needs the shared text: {', '.join(missing)} not found")
    articles = [s for s in read_sources(map(str, SOURCES)) if isinstance(s, Source)]
    for n in range(total):
        source, copy = articles[n % len(articles)], n // len(articles)
        if source.kind == "html":
            name, text = f"{n:06d}.html", f"{source.content}\n<!-- copie {copy} -->\n"
        else:
            name, text = f"{n:06d}.{'md' if source.kind == 'markdown' else 'txt'}", f"{source.content}\n\nRéf. {copy}\n"
        (folder / name).write_text(text, encoding="utf-8")
    return len(articles)


def child(mode: str, corpus: str, batch: int) -> dict:
    """Runs in the subprocess: one configuration, its workers started and warmed, timed."""
    import psutil

    result: dict = {"mode": mode}
    t0 = time.perf_counter()
    with _executor(mode) as (executor, peaks):
        result["startup"] = time.perf_counter() - t0
        me = psutil.Process()
        workers_cpu = _descendants_cpu(me)
        c0 = time.process_time()
        options = {"workers": SUPERVISED[mode]} if mode in SUPERVISED else {"executor": executor}
        result |= _ingest(corpus, batch, **options)
        result |= {"client_cpu": time.process_time() - c0, "workers_cpu": _descendants_cpu(me) - workers_cpu}
        result["worker_peaks_mb"] = peaks()
        if mode.startswith("dask"):
            result["task_overhead_ms"] = _task_overhead(executor)
    result["client_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _ingest(corpus: str, batch: int, **options) -> dict:
    """One timed ingest into a fresh store, and what it stored."""
    from veille import Pipeline, Store

    write = {"seconds": 0.0, "cpu": 0.0}
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        _timed_writes(store, write)
        pipeline = Pipeline(store, batch_size=batch, repeated_line_threshold=NO_REPEATED_LINES, **options)
        t0 = time.perf_counter()
        report = pipeline.ingest([corpus])
        result = {"seconds": time.perf_counter() - t0, "stored": report.stored,
                  "failures": len(report.failures), "write_seconds": write["seconds"],
                  "write_cpu": write["cpu"],
                  "events": store.con.execute("SELECT count(*) FROM events").fetchone()[0],
                  "merged": store.con.execute("SELECT count(*) FROM merged_events").fetchone()[0]}
        store.con.execute("CHECKPOINT")
        result["store_kb_per_doc"] = (Path(tmp) / "bench.duckdb").stat().st_size / 1024 / report.stored
    return result


class _executor:
    """The configuration's started workers, the model loaded in each, and a function giving
    each worker's peak resident memory."""

    def __init__(self, mode: str):
        self.mode = mode

    def __enter__(self):
        from veille.pipeline import extract

        if self.mode in SUPERVISED:
            return self._supervised()
        if self.mode.startswith("dask"):
            from veille.distributed import SpacyModel, connect

            self.context = connect(f"local:{self.mode[-1]}")
            client = self.context.__enter__()
            client.register_plugin(SpacyModel())
            client.run(extract, WARMUP)
            return client, lambda: sorted(client.run(_peak_mb).values())
        from concurrent.futures import ProcessPoolExecutor
        from multiprocessing import get_context

        pool = self.context = ProcessPoolExecutor(int(self.mode[-1]), mp_context=get_context("spawn"))
        warmed: set[int] = set()
        while len(warmed) < pool._max_workers:  # tasks submitted together start every worker
            warmed |= {f.result() for f in [pool.submit(_warm_pid) for _ in range(pool._max_workers)]}
        return pool, lambda: sorted({pid: mb for pid, mb in (f.result() for f in [
            pool.submit(_pid_peak_mb) for _ in range(8 * pool._max_workers)])}.values())

    def _supervised(self):
        """The pipeline's own pool, started and warmed here, and lent to the ingest (which
        would otherwise start it, and load the model, inside the timed run)."""
        import veille.pipeline
        from veille.workers import Pool

        pool = self.context = Pool(SUPERVISED[self.mode], veille.pipeline.TIME_LIMIT, warm=veille.pipeline._warm_up,
                                   memory_ceiling=veille.pipeline.MEMORY_CEILING)  # as `veille ingest` runs it
        list(pool.map(veille.pipeline.code_french, [[veille.pipeline.extract(WARMUP, events=False)]] * pool.size,
                      veille.pipeline._uncoded))

        class Started:  # what `with Pool(...) as pool` gives the pipeline: this pool, left running
            def __init__(self, *args, **kwargs):
                pass

            def __enter__(self):
                return pool

            def __exit__(self, *exc):
                pass

        veille.pipeline.Pool = Started
        return None, lambda: sorted(_vm_hwm_mb(w.process.pid) for w in pool.workers)

    def __exit__(self, *exc):
        if self.mode in SUPERVISED:
            return self.context.close()
        if self.mode.startswith("dask"):
            return self.context.__exit__(*exc)
        self.context.shutdown()


def _warm_pid() -> int:
    from veille.pipeline import extract

    extract(WARMUP)
    time.sleep(0.2)  # hold this worker so the next task goes to another
    return os.getpid()


def _vm_hwm_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pid_peak_mb() -> tuple[int, float]:
    time.sleep(0.05)
    return os.getpid(), _peak_mb()


def _descendants_cpu(process) -> float:
    total = 0.0
    for p in process.children(recursive=True):
        try:
            times = p.cpu_times()
            total += times.user + times.system
        except Exception:  # a process that ended meanwhile
            pass
    return total


def _timed_writes(store, totals: dict) -> None:
    write = store.write_batch

    def timed(*args, **kwargs):
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            return write(*args, **kwargs)
        finally:
            totals["seconds"] += time.perf_counter() - t0
            totals["cpu"] += time.thread_time() - c0

    store.write_batch = timed


def _noop(i: int) -> int:
    return i


def _task_overhead(client) -> float:
    t0 = time.perf_counter()
    client.gather(client.map(_noop, range(EMPTY_TASKS), pure=False))
    return (time.perf_counter() - t0) / EMPTY_TASKS * 1000


def measure(mode: str, corpus: Path, batch: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(corpus), str(batch)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"benchmark child {mode} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=50, help="documents per partition and transaction")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, corpus, batch = args.child
        print(json.dumps(child(mode, corpus, int(batch))))
        return

    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        articles = build_corpus(corpus, args.docs)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.iterdir())
        print(f"corpus: {args.docs} documents from {articles} real articles, {words / args.docs:.0f} words each "
              f"on average (markup included), batches of {args.batch}")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        results = {}
        for mode in args.modes:
            results[mode] = r = measure(mode, corpus, args.batch)
            print(f"  {mode}: {json.dumps(r)}", flush=True)
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        shutil.rmtree(corpus)

    print()
    print("| configuration | docs/s | CPU ms per doc (all) | docs per CPU s (all) | docs per worker CPU s | writer CPU ms/doc "
          "| in write_batch ms/doc (CPU) | peak MB per worker | writer peak MB | startup s | task overhead ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for mode, r in results.items():
        overhead = f"{r['task_overhead_ms']:.2f}" if "task_overhead_ms" in r else "—"
        cpu = r['workers_cpu'] + r['client_cpu']
        print(f"| {mode} | {r['stored'] / r['seconds']:.2f} | {cpu / r['stored'] * 1000:.0f} | {r['stored'] / cpu:.2f} "
              f"| {r['stored'] / r['workers_cpu']:.2f} "
              f"| {r['client_cpu'] / r['stored'] * 1000:.1f} | {r['write_seconds'] / r['stored'] * 1000:.1f} ({r['write_cpu'] / r['stored'] * 1000:.1f}) "
              f"| {' / '.join(f'{mb:.0f}' for mb in r['worker_peaks_mb'])} | {r['client_peak_mb']:.0f} "
              f"| {r['startup']:.1f} | {overhead} |")
    rate = {mode: r["stored"] / r["seconds"] for mode, r in results.items()}
    sizes = " / ".join(f"{r['store_kb_per_doc']:.0f}" for r in results.values())
    print(f"\nstore on disk: {sizes} KB per document")
    for faster, slower, target in (("dask2", "dask1", "target >= 1.8"), ("dask2", "local", ""),
                                   ("workers2", "local", ""), ("dask2", "workers2", "target >= 0.90"),
                                   ("dask2", "pool2", "")):
        if faster in rate and slower in rate:
            print(f"{faster} / {slower} = {rate[faster] / rate[slower]:.2f}" + (f" ({target})" if target else ""))


if __name__ == "__main__":
    main()
