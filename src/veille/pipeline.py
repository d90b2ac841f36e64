"""The pipeline: sources -> cleaned documents with metadata -> store, in batches."""
from __future__ import annotations

import os
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace

from . import metadata
from .clean import clean_text, count_lines, extract_html, markdown_text, strip_repeated
from .coder import code_documents
from .fetch import Fetcher
from .ingest import read_sources, sniff
from .records import Document, Failure, Source
from .store import Store
from .workers import Pool, TimeLimitExceeded, time_limit

# seconds one document may take in each stage (`$VEILLE_TIME_LIMIT` to change it)
TIME_LIMIT = 60.0
# MB of resident memory a worker may hold while it codes a document (`$VEILLE_MEMORY_CEILING`):
# a warm worker holds about 750 MB (the model), a 2,000,000-character document adds little
MEMORY_CEILING = 2048.0
# characters of article text one document may have after cleaning, and one paragraph:
# spaCy's own limit (nlp.max_length), a hundred times a long article, and what one core codes
# well within the 60 s time limit; a longer document is refused before any analysis
MAX_CHARS = 1_000_000
MAX_PARAGRAPH_CHARS = 1_000_000
# a batch ends early when its inputs reach this many characters: the store writes a
# batch in one transaction under a capped buffer pool, and large documents would burst it
BATCH_CHARS = 20_000_000


class ProcessingError(Exception):
    """A source that was read but holds no article; the message is the reason."""


def process(source: Source, max_chars: int = MAX_CHARS) -> Document:
    """Clean one source and resolve its metadata. A pure function of the source, so it
    runs unchanged in worker processes. A source or a body over `max_chars` characters
    is refused (ProcessingError)."""
    if len(source.content) > 5 * max_chars:
        raise ProcessingError(f"too large: {len(source.content)} characters of input (limit {5 * max_chars})")
    page = extract_html(source.content, source.hints.get("url")) if source.kind == "html" else None
    text = page.text if page else markdown_text(source.content) if source.kind == "markdown" else source.content
    if not text.strip():
        raise ProcessingError("no article text found")
    cleaned = clean_text(text, title=source.hints.get("title") or (page.title if page else None), structure=page is None)
    if not cleaned.paragraphs:
        raise ProcessingError("no article text left after removing page furniture")
    size = sum(len(p.text) for p in cleaned.paragraphs)
    if size > max_chars:
        raise ProcessingError(f"too large: {size} characters of article text (limit {max_chars})")
    if max_chars > MAX_PARAGRAPH_CHARS and (  # under it, the total's limit holds every paragraph
            longest := max(len(p.text) for p in cleaned.paragraphs)) > MAX_PARAGRAPH_CHARS:
        raise ProcessingError(f"a paragraph of {longest} characters (limit {MAX_PARAGRAPH_CHARS})")
    meta = metadata.resolve(source, cleaned, page)
    return Document(
        id=source.id, name=source.name, uri=source.uri, kind=source.kind, raw=source.content,
        text=text, paragraphs=cleaned.paragraphs, record=source.record, url=source.hints.get("url"),
        title=meta.title, published=meta.published, published_inferred=meta.published_inferred,
        published_source=meta.published_source, outlet=meta.outlet, language=meta.language,
    )


def extract(text_or_html: str, *, published: str | None = None, url: str | None = None,
            title: str | None = None, outlet: str | None = None, name: str = "text",
            events: bool = True) -> Document:
    """One article from a string of text or HTML, with optional known metadata: its clean
    body and metadata and, unless `events` is false, its events, quotes and timexes."""
    hints = {k: v for k, v in {"published": published, "url": url, "title": title, "outlet": outlet}.items() if v}
    kind = "html" if sniff(text_or_html) == "html" else "text"
    doc = process(Source(uri=url or "<string>", name=name, content=text_or_html, kind=kind, hints=hints))
    if not events:
        return doc
    (coded,), failures = code_french([doc])
    if failures:
        raise ProcessingError(failures[0].reason)
    return coded


@dataclass(slots=True)
class Report:
    """What a run did: counts, the inputs skipped and why, failures (one line each), time."""

    stored: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    events: int = 0  # events of the documents stored
    skips: list[Failure] = field(default_factory=list)  # a skipped input and why, as a Failure is told
    files: int = 0  # files (or URLs) read so far, containers counting once

    def to_json(self) -> dict:
        return {"stored": self.stored, "events": self.events, "skipped": [str(s) for s in self.skips],
                "failed": [str(f) for f in self.failures], "seconds": round(self.seconds, 3)}

    @property
    def ok(self) -> bool:
        return not self.failures

    @property
    def per_second(self) -> float:
        return (self.stored + self.skipped) / self.seconds if self.seconds else 0.0


class Pipeline:
    """Reads inputs, processes them in batches and, with a store, writes each batch in
    one transaction. Documents already stored (same content id) are skipped before any
    work, so a run interrupted midway resumes where it stopped. The language analysis of
    batches runs in `workers` supervised processes (see `workers.Pool`), in order: a
    document that crashes or hangs its worker is reported and kept without events, the
    rest of its batch goes on. Each document has `time_limit` seconds per stage, and a
    worker may hold `memory_ceiling` MB while it codes one.

    `executor` lends the pool to run on instead: a process pool (used, not shut down), or a
    dask.distributed Client, on whose workers every per-document stage runs (see
    `veille.distributed`). `parquet_folder` receives a copy of each batch's rows as
    Parquet files partitioned by publication month (see `veille.parquet`)."""

    def __init__(self, store: Store | None = None, *, fetcher: Fetcher | None = None,
                 batch_size: int = 100, repeated_line_threshold: int = 3, events: bool = True,
                 workers: int = 1, executor: Executor | None = None, time_limit: float | None = None,
                 max_chars: int = MAX_CHARS, memory_ceiling: float | None = None,
                 parquet_folder: str | None = None):
        self.store = store
        self.parquet_folder = parquet_folder
        self.events = events
        self.fetcher = fetcher
        self.batch_size = batch_size
        self.repeated_line_threshold = repeated_line_threshold
        self.executor = executor
        self.workers = getattr(executor, "_max_workers", workers) if executor else workers
        self.time_limit = time_limit or float(os.environ.get("VEILLE_TIME_LIMIT") or TIME_LIMIT)
        self.memory_ceiling = memory_ceiling or float(os.environ.get("VEILLE_MEMORY_CEILING") or MEMORY_CEILING)
        self.max_chars = max_chars

    def documents(self, inputs: Iterable[str], report: Report | None = None) -> Iterator[Document]:
        """Processed documents (not stored); failures are added to `report`."""
        report = report if report is not None else Report()
        for docs, _ in self._coded(inputs, report):
            yield from docs

    def ingest(self, inputs: Iterable[str], on_progress: Callable[[Report], None] | None = None) -> Report:
        if self.store is None:
            raise ValueError("ingest needs a store")
        report = Report()
        started = time.perf_counter()
        with self.store.writing():
            for docs, line_counts in self._coded(inputs, report):
                report.stored += self.store.write_batch(docs, line_counts, self.parquet_folder)
                report.events += sum(len(doc.events) for doc in docs)
                if self.events:  # the next batches are being analysed: `veille serve` reads what was committed
                    self.store.release()
                report.seconds = time.perf_counter() - started
                if on_progress:
                    on_progress(report)
        report.seconds = time.perf_counter() - started
        return report

    def _coded(self, inputs: Iterable[str], report: Report) -> Iterator[tuple[list[Document], Counter]]:
        """Each batch's finished documents and the line counts it adds, in input order. With
        a store, the consumer writes a batch before asking for the next: the line counts
        that decide repeated lines include every batch before it."""
        if on_dask(self.executor):
            from .distributed import coded_partitions

            yield from coded_partitions(self, inputs, report)
            return
        increments: deque[Counter] = deque()
        uncommitted: Counter = Counter()  # lines of the batches in flight, counted as if committed

        def counted() -> Iterator[tuple[list[Document], Counter]]:
            for batch in self._batches(inputs, report):
                batch_counts = count_lines(batch)
                increments.append(batch_counts)
                in_flight = Counter({key: uncommitted[key] for key in batch_counts if key in uncommitted})
                uncommitted.update(batch_counts)
                counts = (self.store.line_counts(batch_counts) if self.store else Counter()) + in_flight + batch_counts
                if self.store and self.events:  # the language analysis is the long part: `veille serve` reads meanwhile
                    self.store.release()
                yield batch, counts

        for docs in self._finished(counted(), report):
            increment = increments.popleft()
            yield docs, increment
            uncommitted.subtract(increment)  # the consumer has written the batch by now

    def _finished(self, batches: Iterable[tuple[list[Document], Counter]], report: Report) -> Iterator[list[Document]]:
        """Batches with repeated lines removed and events coded, in input order."""
        if self.executor is not None:
            yield from self._on_executor(batches, report)
            return
        threshold = self.repeated_line_threshold
        stripped = ([strip_repeated(doc, counts, threshold) for doc in batch] for batch, counts in batches)
        if not self.events:
            yield from stripped
            return
        with Pool(max(1, self.workers), self.time_limit, warm=_warm_up, memory_ceiling=self.memory_ceiling) as pool:
            for docs, failures in pool.map(code_french, stripped, _uncoded):
                report.failures += failures
                yield docs

    def _on_executor(self, batches: Iterable[tuple[list[Document], Counter]],
                     report: Report) -> Iterator[list[Document]]:
        """`_finished` on a lent process pool (not shut down here), a bounded number of batches in flight."""
        pending: deque = deque()
        for batch, counts in batches:
            pending.append(self.executor.submit(finish, batch, counts, self.repeated_line_threshold, self.events))
            if len(pending) > 2 * self.workers:  # bounded: memory does not grow with the corpus
                docs, failures = pending.popleft().result()
                report.failures += failures
                yield docs
        while pending:
            docs, failures = pending.popleft().result()
            report.failures += failures
            yield docs

    def _batches(self, inputs: Iterable[str], report: Report) -> Iterator[list[Document]]:
        pending: list[Source] = []
        seen: dict[str, str] = {}  # content id -> where it was first read in this run
        last_uri = None
        size = 0
        for item in read_sources(inputs, self.fetcher):
            if item.uri != last_uri:
                report.files, last_uri = report.files + 1, item.uri
            if isinstance(item, Failure):
                report.failures.append(item)
                continue
            pending.append(item)
            size += len(item.content)
            if len(pending) >= self.batch_size or size >= BATCH_CHARS:
                yield self._process_batch(pending, seen, report)
                pending, size = [], 0
        if pending:
            yield self._process_batch(pending, seen, report)

    def _process_batch(self, sources: list[Source], seen: dict[str, str], report: Report) -> list[Document]:
        known = self.store.known_ids(s.id for s in sources) if self.store else set()
        docs = []
        for source in sources:
            copy = source.id in seen and self.store is not None  # without a store, every input is an output
            if source.id in known or copy:
                report.skipped += 1
                why = f"same content as {seen[source.id]}" if source.id in seen else "already stored"
                report.skips.append(Failure(_where(source), why))
                continue
            seen.setdefault(source.id, _where(source))
            try:
                with time_limit(self.time_limit):
                    docs.append(process(source, self.max_chars))
            except (ProcessingError, TimeLimitExceeded) as exc:
                report.failures.append(Failure(_where(source), str(exc)))
            except Exception as exc:  # one bad document must not stop the batch
                report.failures.append(Failure(_where(source), f"processing failed ({type(exc).__name__}: {exc})"))
        return docs


def finish(batch: list[Document], counts: Counter, threshold: int, events: bool) -> tuple[list[Document], list[Failure]]:
    """The second half of a batch's work, run in a worker process when there are several:
    drop the outlet's repeated lines, then code events. A document the coder fails on is
    kept without events and reported."""
    docs = [strip_repeated(doc, counts, threshold) for doc in batch]
    if not events:
        return docs, []
    return code_french(docs)


CODED_LANGUAGE = "fr"


def code_french(docs: list[Document]) -> tuple[list[Document], list[Failure]]:
    """Code the events of the French documents; the coder's lexicons and parser are
    French, so a document in another language keeps its clean text and metadata, no
    events, and a note saying why."""
    french = [doc for doc in docs if doc.language == CODED_LANGUAGE]
    coded, failures = code_documents(french) if french else ([], [])
    in_order = iter(coded)
    return [next(in_order) if doc.language == CODED_LANGUAGE else _not_coded(doc) for doc in docs], failures


def _not_coded(doc: Document) -> Document:
    note = f"no events: the language is {doc.language or 'unknown'} and the coder reads French only"
    return replace(doc, notes=[*doc.notes, note])


def on_dask(executor: object) -> bool:
    """Whether `executor` is a dask.distributed Client (without importing Dask otherwise)."""
    distributed = sys.modules.get("distributed")
    return distributed is not None and isinstance(executor, distributed.Client)


def _warm_up() -> None:
    """Load the model and the coder's tables in a worker before its first batch, so that
    its time limit counts the documents only."""
    extract("La France a condamné mercredi l'attaque contre l'ambassade du Canada à Kiev.")


def _uncoded(doc: Document, reason: str) -> tuple[list[Document], list[Failure]]:
    """A document whose event coding failed alone: kept without events, and reported."""
    return [doc], [Failure(_where(doc), f"event coding failed ({reason})")]


def _where(source: Source | Document) -> str:
    return f"{source.uri} {source.record}" if source.record else source.uri
