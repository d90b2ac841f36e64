"""Worker processes that one document cannot take down with the run. A batch goes to a
worker; if the worker dies (a segmentation fault, an out-of-memory kill), overruns its
time or its memory ceiling or raises, the worker is replaced and the batch is split into
its documents, each retried alone: the one that fails alone is reported, the others are
done as usual.
Workers ignore Ctrl-C (the parent ends them) and end when their parent ends."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

# A batch may take the time limit (its slowest document) plus a tenth of it per other document
# before it is split, so a slow batch of ordinary documents is never mistaken for a bad one.
BATCH_SHARE = 0.1
# How often a busy worker's resident memory is read against the ceiling, in seconds: what a
# document allocates faster than that is the kernel's to stop (an out-of-memory kill, the
# worker's death, reported the same way).
MEMORY_WATCH = 0.1


class TimeLimitExceeded(Exception):
    """Work that ran past its time limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in the block after `seconds` (an interval timer: Python
    code is interrupted between two instructions). Only in the main thread, the one
    that receives signals; elsewhere the block runs unbounded."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise TimeLimitExceeded(f"over the {seconds:g} s time limit")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(slots=True)
class _Part:
    """Items sent to one worker together and what came back, or the parts it was split into."""

    items: list
    result: tuple[list, list] | None = None
    split: list[_Part] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return all(p.done for p in self.split) if self.split else self.result is not None

    def results(self) -> Iterator[tuple[list, list]]:
        if self.split:
            for part in self.split:
                yield from part.results()
        else:
            yield self.result


class _Worker:
    """A Python process of its own (not a multiprocessing child, which would re-run the
    caller's main module), in a session of its own so that Ctrl-C reaches the parent
    only, talking over a socket pair."""

    def __init__(self, warm: Callable[[], Any] | None):
        ours, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-c", "import sys; from veille.workers import serve; serve(int(sys.argv[1]))",
                 str(theirs.fileno())], pass_fds=[theirs.fileno()], start_new_session=True)
        self.conn = Connection(ours.detach())
        self.conn.send((sys.path, warm, os.getpid()))
        self.ready = False
        self.part: _Part | None = None
        self.deadline = 0.0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        self.conn.close()

    def resident_mb(self) -> float | None:
        """The process's resident memory in MB (Linux's /proc), None where it cannot be read."""
        try:
            with open(f"/proc/{self.process.pid}/statm") as statm:
                return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except (OSError, ValueError, IndexError):
            return None

    def death(self) -> str:
        try:
            code = self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        if code < 0:
            return f"worker process killed by {signal.Signals(-code).name}"
        return f"worker process exited with code {code}"


class Pool:
    """`size` supervised worker processes, started on first use; each runs `warm` once
    (loading a model) before it takes work. A worker holding more than `memory_ceiling` MB
    of resident memory while it works is stopped like one over its time limit; one that
    holds more once warm could never work, and the pool says so. Use as a context manager."""

    def __init__(self, size: int, time_limit: float, warm: Callable[[], Any] | None = None,
                 memory_ceiling: float | None = None):
        self.size = size
        self.time_limit = time_limit
        self.warm = warm
        self.memory_ceiling = memory_ceiling
        self.workers: list[_Worker] = []

    def map(self, func: Callable[[list], tuple[list, list]], batches: Iterable[list],
            lost: Callable[[Any, str], tuple[list, list]]) -> Iterator[tuple[list, list]]:
        """`func(batch)` -> (outputs, failures) for each batch, in input order, at most two
        batches per worker in flight. An item that fails alone gives `lost(item, reason)`."""
        pending = iter(batches)
        window: deque[_Part] = deque()
        queue: deque[_Part] = deque()
        exhausted = False
        while True:
            while not exhausted and len(window) < 2 * self.size:
                batch = next(pending, None)
                if batch is None:
                    exhausted = True
                else:
                    window.append(_Part(list(batch), None if batch else ([], [])))
                    if batch:
                        queue.append(window[-1])
            while window and window[0].done:
                yield _joined(window.popleft())
            if exhausted and not window:
                return
            self._dispatch(func, queue)
            self._collect(queue, lost)

    def _dispatch(self, func, queue: deque[_Part]) -> None:
        while len(self.workers) < self.size:
            self.workers.append(_Worker(self.warm))
        for worker in self.workers:
            if queue and worker.ready and worker.part is None:
                part = worker.part = queue.popleft()
                worker.deadline = time.monotonic() + self.time_limit * (1 + BATCH_SHARE * (len(part.items) - 1))
                worker.conn.send((func, part.items))

    def _collect(self, queue: deque[_Part], lost) -> None:
        """Wait for a worker to answer, die or overrun, and act on it."""
        now = time.monotonic()
        busy = [w for w in self.workers if w.part is not None]
        timeout = max(0.0, min((w.deadline for w in busy), default=now + 1.0) - now)
        if busy and self.memory_ceiling:
            timeout = min(timeout, MEMORY_WATCH)
        waiting = {w.conn: w for w in self.workers}
        for conn in wait(list(waiting), timeout):
            worker = waiting[conn]
            try:
                message = conn.recv()
            except (EOFError, OSError):  # the worker died
                if not worker.ready:
                    reason = worker.death()
                    self._failed(worker, reason, queue, lost)
                    raise RuntimeError(f"a worker process could not start ({reason})")
                self._failed(worker, worker.death(), queue, lost)
                continue
            if message[0] == "ready":
                worker.ready = True
                held = self._over_ceiling(worker)
                if held:
                    worker.stop()
                    raise RuntimeError(f"a worker process could not start (it holds {held:.0f} MB once warm, "
                                       f"over the {self.memory_ceiling:g} MB memory ceiling)")
            elif message[0] == "fatal":
                worker.stop()
                raise RuntimeError(f"a worker process could not start ({message[1]})")
            elif message[0] == "error":
                part, worker.part = worker.part, None
                self._retry(part, message[1], queue, lost)
            else:
                worker.part.result, worker.part = message[1], None
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.part is not None and now >= worker.deadline:
                self._failed(worker, f"over the {self.time_limit:g} s time limit", queue, lost)
            elif worker.part is not None and self._over_ceiling(worker):
                self._failed(worker, f"over the {self.memory_ceiling:g} MB memory ceiling", queue, lost)

    def _over_ceiling(self, worker: _Worker) -> float | None:
        """The worker's resident MB when over the memory ceiling, else None."""
        held = worker.resident_mb() if self.memory_ceiling else None
        return held if held is not None and held > self.memory_ceiling else None

    def _failed(self, worker: _Worker, reason: str, queue: deque[_Part], lost) -> None:
        part, worker.part = worker.part, None
        worker.stop()
        self.workers.remove(worker)
        if part is not None:
            self._retry(part, reason, queue, lost)

    @staticmethod
    def _retry(part: _Part, reason: str, queue: deque[_Part], lost) -> None:
        """A part of several items is split, each retried alone first; one item is lost."""
        if len(part.items) == 1:
            part.result = lost(part.items[0], reason)
            return
        part.split = [_Part([item]) for item in part.items]
        queue.extendleft(reversed(part.split))

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _joined(batch: _Part) -> tuple[list, list]:
    outputs, failures = [], []
    for done, failed in batch.results():
        outputs += done
        failures += failed
    return outputs, failures


def serve(fd: int) -> None:
    """A worker's loop: take the parent's import path, warm up, then run each (func,
    items) received and send back ("done", result) or ("error", reason)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn = Connection(fd)
    path, warm, parent = conn.recv()
    sys.path[:] = path
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()
    try:
        if warm:
            warm()
    except Exception as exc:
        conn.send(("fatal", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready",))
    while True:
        try:
            func, items = conn.recv()
        except (EOFError, OSError):
            return
        try:
            conn.send(("done", func(items)))
        except Exception as exc:
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


def _end_with(parent: int) -> None:
    """End this worker as soon as its parent is gone (killed, even by SIGKILL)."""
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)
