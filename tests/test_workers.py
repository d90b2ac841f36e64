"""Supervised workers: a document that crashes, hangs or raises costs itself only."""
import ctypes
import os
import signal
import subprocess
import sys
import time

import pytest

from veille.workers import Pool, TimeLimitExceeded, time_limit


def shout(items: list[str]) -> tuple[list[str], list[str]]:
    """Upper-cases its items; "crash" segfaults the process, "hang" never ends, "hog" takes
    400 MB and never ends, "raise" raises."""
    for item in items:
        if item == "crash":
            ctypes.string_at(0)
        if item == "hog":
            hoard(400)
        if item in ("hang", "hog"):
            time.sleep(3600)
        if item == "raise":
            raise ValueError("bad item")
    return [item.upper() for item in items], []


def hoard(megabytes: int = 300) -> None:
    """Hold `megabytes` of memory, written to (so resident), for the rest of the process."""
    HOARD.append(b"x" * (megabytes << 20))


HOARD: list[bytes] = []


def lost(item: str, reason: str) -> tuple[list[str], list[str]]:
    return [], [f"{item}: {reason}"]


def test_a_crash_a_hang_and_an_error_cost_one_item_each_and_order_is_kept():
    batches = [["a", "b"], ["c", "crash", "d"], [], ["e", "hang", "f", "raise"], ["g"]]
    with Pool(2, time_limit=2.0) as pool:
        results = list(pool.map(shout, batches, lost))
    assert [out for out, _ in results] == [["A", "B"], ["C", "D"], [], ["E", "F"], ["G"]]
    failures = [f for _, failed in results for f in failed]
    assert failures == ["crash: worker process killed by SIGSEGV", "hang: over the 2 s time limit",
                        "raise: ValueError: bad item"]


def test_a_worker_that_cannot_start_is_an_error_not_a_restart_loop():
    with Pool(1, time_limit=5.0, warm=os.abort) as pool, pytest.raises(RuntimeError, match="could not start"):
        list(pool.map(shout, [["a"]], lost))


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_worker_over_its_memory_ceiling_costs_one_item_and_is_replaced():
    with Pool(1, time_limit=600, memory_ceiling=200) as pool:
        results = list(pool.map(shout, [["a", "hog", "b"], ["c"]], lost))
    assert results == [(["A", "B"], ["hog: over the 200 MB memory ceiling"]), (["C"], [])]


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_a_worker_over_its_memory_ceiling_once_warm_is_an_error_not_a_restart_loop():
    with Pool(1, time_limit=600, warm=hoard, memory_ceiling=200) as pool, pytest.raises(
            RuntimeError, match=r"could not start \(it holds \d+ MB once warm, over the 200 MB memory ceiling\)"):
        list(pool.map(shout, [["a"]], lost))


def test_time_limit_interrupts_python_code():
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded, match="0.3 s"), time_limit(0.3):
        while True:
            pass
    assert time.monotonic() - started < 5
    with time_limit(5):  # and leaves no timer behind
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


PARENT = """
import sys, time
from veille.workers import Pool
from tests.test_workers import shout, lost
with Pool(2, time_limit=600) as pool:
    results = pool.map(shout, [["hang"], ["hang"]], lost)
    next(results, None)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="reads /proc")
def test_workers_end_with_their_parent_even_killed():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parent = subprocess.Popen([sys.executable, "-c", PARENT], cwd=root)
    try:
        children: list[int] = []
        for _ in range(100):
            time.sleep(0.3)
            out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(parent.pid)], capture_output=True, text=True)
            children = [int(pid) for pid in out.stdout.split()]
            if len(children) == 2:
                break
        assert len(children) == 2
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)]
