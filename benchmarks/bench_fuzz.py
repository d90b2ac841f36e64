"""The long fuzz profile: the property tests of tests/test_fuzz.py (cleaners, line, dateline and
title heuristics, temporal resolver, readers) and the coder's write-back of random sentence
splits (tests/test_sentences.py), run for --cases examples in all, counting what fails instead
of stopping at the first failure.

    .venv/bin/python benchmarks/bench_fuzz.py [--cases 100000] [--only NAME ...]

Prints, per property, the cases run, the uncaught exceptions (any exception but a broken
assertion), the broken invariants (assertion errors) and the first of each distinct failure;
the cases are shared out evenly, the write-back (a parse per case) getting a tenth of a share.
"""
from __future__ import annotations

import argparse
import contextlib
import inspect
import io
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, settings  # noqa: E402

from tests import test_fuzz, test_sentences  # noqa: E402

PROPERTIES = {name: getattr(test_fuzz, name) for name in dir(test_fuzz) if name.startswith("test_")}
PROPERTIES["test_write_back_of_random_sentence_splits_gives_a_consistent_doc"] = \
    test_sentences.test_write_back_of_random_sentence_splits_gives_a_consistent_doc
SLOW_SHARE = {"test_write_back_of_random_sentence_splits_gives_a_consistent_doc": 0.1}


class TempFolders:
    """pytest's tmp_path_factory as the readers' properties use it: a fresh folder per call."""

    def __init__(self, root: Path):
        self.root = root

    def mktemp(self, name: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=name, dir=self.root))


def run(test, cases: int, folders: TempFolders) -> tuple[int, Counter, dict]:
    """Run `test` for `cases` examples; (cases run, failures by kind, first example of each)."""
    counts: Counter = Counter()
    first: dict[str, str] = {}
    inner = test.hypothesis.inner_test

    def counting(*args, **kwargs):
        counts["cases"] += 1
        try:
            inner(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 (counted, not raised: the run goes on)
            kind = "invariant" if isinstance(exc, AssertionError) else "exception"
            counts[kind] += 1
            where = traceback.extract_tb(exc.__traceback__)[-1]
            key = f"{type(exc).__name__} at {Path(where.filename).name}:{where.lineno}"
            first.setdefault(key, f"{key}: {str(exc)[:200]!r} on {args!r:.300} {kwargs!r:.300}")

    test.hypothesis.inner_test = counting
    configured = settings(max_examples=cases, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    try:  # the readers' libraries warn on standard error (warcio: "Record not followed by newline")
        with contextlib.redirect_stderr(io.StringIO()):
            if "tmp_path_factory" in inspect.signature(inner).parameters:
                configured(test)(tmp_path_factory=folders)
            else:
                configured(test)()
    finally:
        test.hypothesis.inner_test = inner
    return counts["cases"], counts, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="examples in all (default 10^5)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="properties whose name contains one of these")
    args = parser.parse_args()
    chosen = {name: test for name, test in PROPERTIES.items() if not args.only or any(o in name for o in args.only)}
    shares = {name: SLOW_SHARE.get(name, 1.0) for name in chosen}
    per_share = args.cases / sum(shares.values())
    totals: Counter = Counter()
    failures: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for name, test in chosen.items():
            cases = max(1, round(per_share * shares[name]))
            began = time.perf_counter()
            done, counts, first = run(test, cases, TempFolders(Path(tmp)))
            totals.update(counts)
            failures += first.values()
            print(f"{name.removeprefix('test_')}: {done} cases, {counts['exception']} uncaught exceptions, "
                  f"{counts['invariant']} broken invariants, {time.perf_counter() - began:.0f} s", flush=True)
    print(f"all: {totals['cases']} cases, {totals['exception']} uncaught exceptions, "
          f"{totals['invariant']} broken invariants, {time.perf_counter() - started:.0f} s")
    for failure in failures:
        print(f"  {failure}")


if __name__ == "__main__":
    main()
