"""The pipeline on a Dask cluster: every per-document stage (reading and decoding, cleaning,
metadata, language analysis and coding, near-duplicate signatures) runs as tasks on the
workers; the client lists the inputs, decides what to skip and writes the store, one
transaction per partition, in input order, as the local pipeline writes its batches.

A partition is `batch_size` inputs (files or URLs), or one file of many documents (a JSONL,
WARC or feed shard of a dump). It goes through three tasks, each on the result of the one
before, which stays on the worker that made it; only small summaries travel to the client
between them:

    read     its inputs into sources                 -> to the client: their ids, read failures
    clean    the sources neither stored nor seen     -> their line counts, failures
    finish   repeated lines dropped, events coded,   -> the documents, written by the client
             near-duplicate signatures

The client takes its two decisions (what to skip, how often each line was seen) in input
order, with every partition before counted, so a store filled through Dask holds what a
local ingest of the same inputs stores. At most twice as many partitions as worker threads
are in flight: memory does not grow with the corpus. The tasks are pure: a partition that
a lost worker held is recomputed by Dask from its inputs, and written once, when its
documents reach the client.
"""
from __future__ import annotations

import uuid
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import dask
from distributed import Client, Future, LocalCluster, WorkerPlugin, wait

from . import dedup
from .clean import count_lines
from .ingest import FEED_SUFFIXES, files_in, read_sources
from .nlp import get_nlp
from .pipeline import Pipeline, Report, finish
from .records import Document, Failure, Source

LOCAL = "local:"
# A local cluster's housekeeping, less often than Dask's defaults, which suit a long-lived
# cluster with a dashboard: the event loop's health check every 20 ms, a statistical profile
# of every task every 10 ms, the memory monitor every 100 ms. Idle, one worker and its nanny
# took 2% of a core and the client with its scheduler 2% more; with these, 0.4% and 0.7%.
QUIET = {"distributed.admin.tick.interval": "200ms", "distributed.worker.profile.enabled": False,
         "distributed.worker.memory.monitor-interval": "1s", "distributed.admin.system-monitor.interval": "2s"}
CONTAINERS = (*FEED_SUFFIXES, ".jsonl", ".warc", ".gz")  # files of many documents

Unit = str | Source | Failure  # an input a worker reads, or what the client read itself (stdin)


# glibc's malloc options (mallopt) and the values its own sliding defaults reach on 64-bit Linux
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
TRIM_THRESHOLD, MMAP_THRESHOLD = 64 * 2 ** 20, 32 * 2 ** 20


class SpacyModel(WorkerPlugin):
    """Loads the French model in each worker process when it starts (or restarts after a
    crash), so that tasks find it loaded: once per worker, not once per task; and gives
    malloc back the thresholds a process has by default (see `_usual_malloc`)."""

    name = "veille-spacy-model"

    def setup(self, worker) -> None:
        _usual_malloc()
        get_nlp()


def _usual_malloc() -> None:
    """Dask starts its workers with MALLOC_TRIM_THRESHOLD_=65536, which also fixes glibc's
    mmap threshold at 128 KB: the parser's arrays are then mapped and unmapped for every
    sentence, and a worker spent a quarter more CPU than a pool process on the same
    documents, most of it in the kernel (165,000 page faults for 30 articles, against
    14,000). These are the values glibc's own sliding thresholds reach. Not glibc: nothing done."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    except (OSError, AttributeError, TypeError):
        pass


@contextmanager
def connect(address: str) -> Iterator[Client]:
    """A client of the scheduler at `address` (tcp://host:8786), or of a cluster started
    for the block on 127.0.0.1 with `local:N`: N worker processes of one thread each, from
    which the client takes results directly (through the scheduler, each result would
    cross this process twice), with less housekeeping (QUIET)."""
    if not address.startswith(LOCAL):
        with Client(address) as client:
            yield client
        return
    count = address[len(LOCAL):]
    if not count.isdigit() or int(count) < 1:
        raise ValueError(f"{address!r}: local:N wants a number of workers N >= 1")
    with dask.config.set(QUIET), LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True,
                                              host="127.0.0.1", dashboard_address=None) as cluster, \
            Client(cluster, direct_to_workers=True) as client:
        yield client


def coded_partitions(pipeline: Pipeline, inputs: Iterable[str], report: Report) -> Iterator[tuple[list[Document], Counter]]:
    """`Pipeline._coded` on the pipeline's Dask client: each partition's finished documents
    and the line counts it adds, in input order. With a store, each is written before the
    next is asked for."""
    client: Client = pipeline.executor
    if pipeline.events:
        client.register_plugin(SpacyModel())
    in_flight = 2 * max(1, sum(client.nthreads().values()))
    flow = _Flow(pipeline, report)
    partitions = enumerate(_chunks(_units(inputs), pipeline.batch_size))
    window: deque[_Partition] = deque()
    while True:
        for number, units in islice(partitions, in_flight - len(window)):
            window.append(flow.read(number, units))
        if not window:
            return
        flow.advance(window)
        head = window[0]
        if head.finished is not None and head.finished.done():
            window.popleft()
            docs, failures = head.finished.result()
            report.failures += failures
            yield docs, head.counts
            flow.written(head)
            continue
        wait([f for f in map(_Partition.awaited, window) if not f.done()], return_when="FIRST_COMPLETED")


@dataclass(slots=True)
class _Partition:
    """One partition's futures; those a later task consumed are dropped, so Dask frees them."""

    number: int  # its place in the input order
    read: Future | None  # its sources, on a worker
    summary: Future | None  # their ids and the read failures
    cleaned: Future | None = None  # its documents, on a worker
    counted: Future | None = None  # their line counts and failures
    finished: Future | None = None  # the finished documents and the coder's failures
    kept: list[str] | None = None  # ids of the documents it cleans
    counts: Counter | None = None

    def awaited(self) -> Future:
        return next(f for f in (self.summary, self.counted, self.finished) if f is not None)


class _Flow:
    """The client's side: submits a partition's tasks, takes its decisions in input order."""

    def __init__(self, pipeline: Pipeline, report: Report):
        self.client: Client = pipeline.executor
        self.store = pipeline.store
        self.settings = (pipeline.repeated_line_threshold, pipeline.events)
        self.report = report
        self.run = uuid.uuid4().hex[:8]  # task keys of this run, distinct on a shared cluster
        self.seen: set[str] = set()  # ids taken by a partition not yet written (all of them, without a store)
        self.unwritten: Counter = Counter()  # line counts of partitions counted, not yet written

    def read(self, number: int, units: list[Unit]) -> _Partition:
        read = self.client.submit(_read, units, key=self._key("read", number))
        return _Partition(number, read, self.client.submit(_summary, read, key=self._key("ids", number)))

    def advance(self, window: Iterable[_Partition]) -> None:
        """Take every decision whose inputs have arrived, in order: a partition is decided
        after those before it, and counted after those before it."""
        countable = True
        for part in window:
            if part.summary is not None:
                if not part.summary.done():
                    return
                self._decide(part)
            if part.counted is not None:
                if countable and part.counted.done():
                    self._count(part)
                else:
                    countable = False

    def written(self, part: _Partition) -> None:
        """Forget what the store now knows: the client's memory stays bounded."""
        if self.store is not None:
            self.unwritten -= part.counts
            self.seen.difference_update(part.kept)

    def _decide(self, part: _Partition) -> None:
        """Skip what the store holds or an earlier partition had; clean the rest."""
        items = part.summary.result()
        known = self.store.known_ids(i for i in items if isinstance(i, str)) if self.store else set()
        keep = []
        for index, item in enumerate(items):
            if isinstance(item, Failure):
                self.report.failures.append(item)
            elif item in known or item in self.seen:
                self.report.skipped += 1
            else:
                self.seen.add(item)
                keep.append(index)
        part.kept = [items[i] for i in keep]
        part.cleaned = self.client.submit(_clean, part.read, keep, key=self._key("clean", part.number))
        part.counted = self.client.submit(_counted, part.cleaned, key=self._key("counts", part.number))
        part.read = part.summary = None

    def _count(self, part: _Partition) -> None:
        """Line totals as a local ingest sees them: the store's, the partitions counted but
        not yet written, and this one's."""
        counts, failures = part.counted.result()
        self.report.failures += failures
        totals = counts.copy()
        if self.store is not None:
            totals += self.store.line_counts(counts)
            totals += Counter({key: self.unwritten[key] for key in counts if key in self.unwritten})
            self.unwritten += counts
        part.finished = self.client.submit(_finish, part.cleaned, totals, *self.settings,
                                           key=self._key("finish", part.number))
        part.counts = counts
        part.cleaned = part.counted = None

    def _key(self, stage: str, number: int) -> str:
        return f"veille-{stage}-{self.run}-{number}"


def _units(inputs: Iterable[str]) -> Iterator[Unit]:
    """The inputs as workers read them: folders listed file by file; stdin, which only
    the client has, read here."""
    for item in inputs:
        if item == "-":
            yield from read_sources([item])
        elif not item.startswith(("http://", "https://")) and Path(item).is_dir():
            yield from map(str, files_in(Path(item)))
        else:
            yield item


def _chunks(units: Iterator[Unit], size: int) -> Iterator[list[Unit]]:
    """Runs of `size` inputs; a container file (a shard of a dump: JSONL, WARC, feed) alone."""
    chunk: list[Unit] = []
    for unit in units:
        if isinstance(unit, str) and unit.lower().endswith(CONTAINERS):
            if chunk:
                yield chunk
            yield [unit]
            chunk = []
            continue
        chunk.append(unit)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# The tasks: pure functions of their arguments, run on the workers.

def _read(units: list[Unit]) -> list[Source | Failure]:
    return [item for unit in units for item in (read_sources([unit]) if isinstance(unit, str) else [unit])]


def _summary(items: list[Source | Failure]) -> list[str | Failure]:
    return [item.id if isinstance(item, Source) else item for item in items]


def _clean(items: list[Source | Failure], keep: list[int]) -> tuple[list[Document], list[Failure]]:
    report = Report()
    docs = Pipeline()._process_batch([items[i] for i in keep], {}, report)
    return docs, report.failures


def _counted(cleaned: tuple[list[Document], list[Failure]]) -> tuple[Counter, list[Failure]]:
    docs, failures = cleaned
    return count_lines(docs), failures


def _finish(cleaned: tuple[list[Document], list[Failure]], totals: Counter, threshold: int,
            events: bool) -> tuple[list[Document], list[Failure]]:
    """`pipeline.finish`, and the near-duplicate signatures, computed here rather than by
    the one process that writes the store."""
    docs, failures = finish(cleaned[0], totals, threshold, events)
    for doc in docs:
        doc.bands = dedup.bands(doc.body)
    return docs, failures
