"""Duplicate detection and event merging benchmark: their cost against the NLP's, and peak memory.

    .venv/bin/python benchmarks/bench_merge.py                       # 300-article NLP sample; 2,000 and 20,000 articles
    .venv/bin/python benchmarks/bench_merge.py --sizes 500 --sample 60   # a quick run
    .venv/bin/python benchmarks/bench_merge.py --profile 2000        # also cProfile dedup + merge at that size
    .venv/bin/python benchmarks/bench_merge.py --profile             # ... at the largest size
    .venv/bin/python benchmarks/bench_merge.py --budget 0            # no time limit per size (default 200 s)

A benchmark, not a test: it asserts nothing and prints a table.

Parsing and coding 20,000 articles would take hours here, so the two sides are measured apart:

  NLP        A sample of synthetic French news articles (bench_nlp's generator: diplomacy and
             conflict sentences with actors veille knows, dates, places, quotes) is cleaned with
             `Pipeline(events=False).documents([folder])` (untimed), then the time of
             `veille.coder.code_documents(docs)` (spaCy parse + event coding; model loaded and
             warmed up before the timer) gives the NLP seconds per article.
  dedup and  In a fresh subprocess per size, a corpus of that many coded documents is built from
  merging    the coded sample and written to a fresh DuckDB store with `Store.write_batch` in
             batches of 100, as `Pipeline.ingest` does. The store is subclassed to time
             `_link_duplicates`, `_merge_events` and `_write_merged` (and, inside merging,
             `_merge_candidates` and `_add_counts`) on every batch. Peak resident memory is that subprocess's ru_maxrss.
             (The NLP runs in a subprocess of its own too, so that the parent never holds the
             model: a child's ru_maxrss starts from its parent's.)

The generated articles are dense in events (13 to 18 per article of 500 words): merging costs
per event, the NLP per word, so the ratio is a pessimistic one for ordinary news.

The corpus is streamed, never held whole (memory reflects the store, not the generator).
Each article is assembled from body paragraphs of the coded sample, their events, quotes and
timexes carried along with offsets recomputed, so no two articles share much text unless
meant to:

  stories    A story has a publication day in 2022-2023 and two "core" paragraphs; one to five
             outlets report it (mean about 2), each article being the core plus 3 to 7 other
             paragraphs of its own. The core's event dates are shifted consistently (by the
             story day minus the source article's publication day), so the same happenings
             recur across outlets and merging has work; the other paragraphs' dates shift
             with the article's own day (0-1 day after the story's).
  wire       About 15% of articles are copies of a recent article under another outlet: the same
  copies     body, or with an added first line (dateline), an added last line (credit), or the
             last paragraph dropped; they are near-duplicates (Jaccard >= 0.7) to be detected.

Reports per size: total `write_batch` seconds, dedup seconds, merge seconds, (dedup + merge)
per article and its ratio to NLP per article (target <= 10%), in wall-clock time and in CPU
time (the machine may be shared: CPU time is the steadier of the two), duplicates found (and
planted), merged events, peak RSS, and the memory ratio of the largest size to the smallest.

A size whose writing exceeds --budget seconds (default 200, 0 for none) stops after the batch
that crosses it, so the default run stays within minutes whatever the store's speed; its row
is marked "partial" with the number of articles written, and a lower bound of the time the
whole size would take (articles left x the cost per article over the last tenth of batches).
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import pickle
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from wording import OUTLETS

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_RATIO = 0.10
SEED = 20240120
BATCH = 100
COPY_SHARE = 0.15
CORE_PARAGRAPHS = 2
STORY_REPORTS = ([1, 2, 3, 4, 5], [45, 25, 15, 10, 5])  # outlets reporting a story, and their weights
RECENT = 300  # wire copies are taken from the last RECENT articles
SHUFFLE = 100  # articles leave in random order from a buffer of this many
WARMUP_DOCS = 4
DATELINES = ["PARIS, (AFP) –", "BRUXELLES (Reuters) -", "MOSCOU, correspondance –",
             "KIEV, de notre envoyé spécial –",
             "WASHINGTON (AP) –", "GENÈVE, (ATS) –"]
CREDITS = ["(Avec AFP)", "Avec Reuters et AFP.", "Source : agences.", "(Rédaction internationale, avec agences)"]
FIRST_DAY, DAYS = date(2022, 1, 1), 730


# --------------------------------------------------------------------------- the corpus


@dataclasses.dataclass(slots=True)
class Unit:
    """One body paragraph of a coded sample article, with what the coder found in it;
    offsets are relative to the paragraph."""

    text: str
    published: date
    events: list[dict]
    quotes: list[dict]
    timexes: list[dict]


def units_of(docs: list) -> list[Unit]:
    """Cut coded documents into paragraphs. An event goes with the paragraph of its first
    mention (mentions in other paragraphs, rare, are dropped)."""
    units = []
    for doc in docs:
        published = date.fromisoformat(doc.published)
        position = 0
        for p in doc.paragraphs:
            lo, hi = position, position + len(p.text)
            position = hi + 2

            def inside(x: dict, lo=lo, hi=hi) -> bool:
                return lo <= x["start"] < hi

            events = []
            for event in doc.events:
                if not event["mentions"] or not inside(event["mentions"][0]):
                    continue
                mentions = [_shift_mention(m, -lo) for m in event["mentions"] if inside(m)]
                events.append(event | {"mentions": mentions})
            units.append(Unit(p.text, published, events,
                              [_shift(q, -lo) for q in doc.quotes if inside(q)],
                              [_shift(t, -lo) for t in doc.timexes if inside(t)]))
    return units


def _shift(x: dict, by: int) -> dict:
    return x | {"start": x["start"] + by, "end": x["end"] + by}


def _shift_mention(m: dict, by: int) -> dict:
    return _shift(m, by) | {"trigger": _shift(m["trigger"], by)}


def _shift_date(value: str | None, days: int) -> str | None:
    """A coder date moved by `days`, at its own granularity."""
    if not value or days == 0:
        return value
    try:
        if value.startswith("--"):  # no year: move within a leap year, keep it yearless
            return "--" + (date.fromisoformat("2024" + value[1:]) + timedelta(days)).isoformat()[5:]
        if len(value) == 10:
            return (date.fromisoformat(value) + timedelta(days)).isoformat()
        if len(value) == 7:
            return (date.fromisoformat(value + "-15") + timedelta(days)).isoformat()[:7]
        if len(value) == 4:
            return (date.fromisoformat(value + "-07-01") + timedelta(days)).isoformat()[:4]
    except ValueError:
        pass
    return value


class Corpus:
    """A reproducible stream of coded `Document`s built from the coded sample."""

    def __init__(self, sample: list, seed: int = SEED):
        from veille.records import Document, Paragraph, content_id

        self.Document, self.Paragraph, self.content_id = Document, Paragraph, content_id
        self.rng = random.Random(seed)
        self.units = units_of(sample)
        self.template = sample[0]
        self.recent: list = []
        self.count = 0

    def __iter__(self):
        buffer: list = []
        for doc in self._articles():
            buffer.append(doc)
            if len(buffer) >= SHUFFLE:
                yield buffer.pop(self.rng.randrange(len(buffer)))
        self.rng.shuffle(buffer)
        yield from buffer

    def _articles(self):
        rng = self.rng
        while True:
            story_day = FIRST_DAY + timedelta(rng.randrange(DAYS))
            core = rng.sample(self.units, CORE_PARAGRAPHS)
            for outlet in rng.sample(OUTLETS, rng.choices(*STORY_REPORTS)[0]):
                day = story_day + timedelta(rng.choice([0, 0, 1]))
                own = rng.sample(self.units, rng.randint(3, 7))
                parts = [(u, (story_day - u.published).days) for u in core]
                parts += [(u, (day - u.published).days) for u in own]
                rng.shuffle(parts)
                doc = self._document(parts, outlet, day, f"story-{self.count}")
                yield doc
                self._remember(doc)
                if rng.random() < COPY_SHARE / (1 - COPY_SHARE) and self.recent:
                    copy = self._copy(rng.choice(self.recent))
                    yield copy
                    self._remember(copy)

    def _remember(self, doc) -> None:
        self.count += 1
        self.recent.append(doc)
        if len(self.recent) > RECENT:
            self.recent.pop(0)

    def _document(self, parts: list[tuple[Unit, int]], outlet: str, day: date, name: str):
        """An article from paragraphs, each with the day shift of its events' dates."""
        paragraphs, events, quotes, timexes = [], [], [], []
        title = f"{parts[0][0].text.split('.')[0][:90]}"
        text = f"{title}\n\nPublié le {day.strftime('%d/%m/%Y')} par {outlet}\n\n"
        offset = 0  # in the body
        for unit, days in parts:
            paragraphs.append(self.Paragraph(unit.text, len(text), len(text) + len(unit.text)))
            text += unit.text + "\n\n"
            for event in unit.events:
                events.append(event | {"date": _shift_date(event.get("date"), days),
                                       "mentions": [_shift_mention(m, offset) for m in event["mentions"]]})
            quotes += [_shift(q, offset) for q in unit.quotes]
            timexes += [_shift(t, offset) | {"value": _shift_date(t.get("value"), days)} for t in unit.timexes]
            offset += len(unit.text) + 2
        return self._make(name, text, paragraphs, title, outlet, day, events, quotes, timexes)

    def _make(self, name, text, paragraphs, title, outlet, day, events, quotes, timexes):
        return dataclasses.replace(
            self.template, id=self.content_id(text), name=name, uri=f"bench://{name}", kind="text", raw=text,
            text=text, paragraphs=paragraphs, record=None, url=None, title=title, published=day.isoformat(),
            published_inferred=False, outlet=outlet, language="fr", events=events, quotes=quotes, timexes=timexes)

    def _copy(self, original):
        """A wire copy under another outlet: same body, or a line added first or last, or the
        last paragraph dropped. Events and their dates are the original's."""
        rng = self.rng
        outlet = rng.choice([o for o in OUTLETS if o != original.outlet])
        day = date.fromisoformat(original.published) + timedelta(rng.choice([0, 0, 1]))
        texts = [p.text for p in original.paragraphs]
        events, quotes, timexes = original.events, original.quotes, original.timexes
        how = rng.choice(["same", "first", "last", "drop"])
        if how == "first":
            line = rng.choice(DATELINES)
            texts.insert(0, line)
            by = len(line) + 2
            events = [e | {"mentions": [_shift_mention(m, by) for m in e["mentions"]]} for e in events]
            quotes, timexes = [_shift(q, by) for q in quotes], [_shift(t, by) for t in timexes]
        elif how == "last":
            texts.append(rng.choice(CREDITS))
        elif how == "drop" and len(texts) > 4:
            end = len("\n\n".join(texts[:-1]))
            texts.pop()
            events = [e for e in events if e["mentions"][0]["start"] < end]
            events = [e | {"mentions": [m for m in e["mentions"] if m["start"] < end]} for e in events]
            quotes, timexes = [q for q in quotes if q["start"] < end], [t for t in timexes if t["start"] < end]
        text = f"{original.title}\n\nPublié le {day.strftime('%d/%m/%Y')} par {outlet}\n\n"
        paragraphs = []
        for t in texts:
            paragraphs.append(self.Paragraph(t, len(text), len(text) + len(t)))
            text += t + "\n\n"
        return self._make(f"copy-{self.count}~{original.name}", text, paragraphs, original.title, outlet, day,
                          events, quotes, timexes)


# --------------------------------------------------------------------------- NLP side


def nlp_sample(sample: int, root: Path) -> tuple[list, dict]:
    """Generate and clean the sample (untimed), then time code_documents on it."""
    import bench_nlp
    from veille.coder.document import code_documents
    from veille.nlp import get_nlp
    from veille.pipeline import Pipeline

    folder, warm = root / "sample", root / "warm"
    nbytes, words = bench_nlp.generate(folder, sample, seed=SEED)
    bench_nlp.generate(warm, WARMUP_DOCS, start=sample, seed=SEED)
    docs = list(Pipeline(events=False).documents([str(folder)]))
    t0 = time.perf_counter()
    get_nlp()
    code_documents(list(Pipeline(events=False).documents([str(warm)])))
    load = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    coded, failures = code_documents(docs)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    coded = [d for d in coded if d.published and len(d.published) == 10]
    return coded, {"articles": len(docs), "words": words, "seconds": seconds, "cpu": cpu, "load": load,
                   "failures": len(failures), "events": sum(len(d.events) for d in coded),
                   "per_article": seconds / len(docs)}


def nlp_child(sample: int, root: str) -> None:
    """Runs in a subprocess, so that the parent, which starts the measuring subprocesses, never
    holds the spaCy model (a child's ru_maxrss starts from its parent's at fork): writes the
    coded sample to root/sample.pickle and prints the NLP figures as one JSON line."""
    coded, figures = nlp_sample(sample, Path(root))
    (Path(root) / "sample.pickle").write_bytes(pickle.dumps(coded))
    print(json.dumps(figures))


# --------------------------------------------------------------------------- dedup + merge side


def child(size: int, sample_file: str, db: str, profile: bool, budget: float) -> None:
    """Runs in the subprocess: write `size` articles to a fresh store; one JSON line."""
    import cProfile
    import pstats

    from veille.store import Store

    with open(sample_file, "rb") as f:
        sample = pickle.load(f)
    corpus = Corpus(sample)
    profiler = cProfile.Profile() if profile else None
    timers = {"dedup": 0.0, "merge": 0.0, "candidates": 0.0, "counts": 0.0, "write": 0.0,
              "dedup_cpu": 0.0, "merge_cpu": 0.0, "write_cpu": 0.0}
    counts = {"candidate_queries": 0, "candidate_rows": 0}

    def timed(method, timer, cpu_timer=None, profiled=False):
        """`method` wrapped to add its wall-clock (and CPU) seconds to `timers`."""
        def wrapper(self, *args):
            t0, c0 = time.perf_counter(), time.process_time()
            if profiler and profiled:
                profiler.enable()
            try:
                return method(self, *args)
            finally:
                if profiler and profiled:
                    profiler.disable()
                timers[timer] += time.perf_counter() - t0
                if cpu_timer:
                    timers[cpu_timer] += time.process_time() - c0
        return wrapper

    def counted(method):
        def wrapper(self, keys):
            found = method(self, keys)
            counts["candidate_queries"] += 1
            counts["candidate_rows"] += len(found)
            return found
        return wrapper

    class TimedStore(Store):
        _link_duplicates = timed(Store._link_duplicates, "dedup", "dedup_cpu", profiled=True)
        _merge_events = timed(Store._merge_events, "merge", "merge_cpu", profiled=True)
        _write_merged = timed(Store._write_merged, "merge", "merge_cpu", profiled=True)
        _merge_candidates = timed(counted(Store._merge_candidates), "candidates")
        _add_counts = timed(Store._add_counts, "counts")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    per_batch = []  # (articles, dedup + merge seconds) per batch
    stored = events = 0
    with TimedStore(db) as store:
        batch = []
        stream = iter(corpus)
        while stored < size:
            batch.append(next(stream))
            if len(batch) == BATCH or stored + len(batch) == size:
                before = timers["dedup"] + timers["merge"]
                t0, c0 = time.perf_counter(), time.process_time()
                stored += store.write_batch(batch)
                timers["write"] += time.perf_counter() - t0
                timers["write_cpu"] += time.process_time() - c0
                per_batch.append((len(batch), timers["dedup"] + timers["merge"] - before))
                events += sum(len(d.events) for d in batch)
                batch = []
                if len(per_batch) % max(1, size // BATCH // 10) == 0:
                    print(f"  {size:,}: {stored:,} written, {timers['write']:.0f} s", file=sys.stderr, flush=True)
                if budget and timers["write"] > budget:
                    break
        q = store.con.execute
        result = {
            "size": size, "stored": stored, "partial": stored < size, "events": events, **timers, **counts,
            "duplicates": q("SELECT count(*) FROM documents WHERE canonical_id IS NOT NULL").fetchone()[0],
            # a planted copy is found when it and its original are filed under the same story,
            # whichever of the two was written first (articles leave the generator shuffled)
            "planted_found": q("SELECT count(*) FROM documents c JOIN documents o "
                               "ON o.name = substr(c.name, strpos(c.name, '~') + 1) WHERE c.name LIKE 'copy-%' "
                               "AND coalesce(c.canonical_id, c.id) = coalesce(o.canonical_id, o.id)").fetchone()[0],
            "planted": q("SELECT count(*) FROM documents c JOIN documents o "
                         "ON o.name = substr(c.name, strpos(c.name, '~') + 1) WHERE c.name LIKE 'copy-%'").fetchone()[0],
            "merged_events": q("SELECT count(*) FROM merged_events").fetchone()[0],
            "merged_multi": q("SELECT count(*) FROM merged_events WHERE num_documents > 1").fetchone()[0],
            "merged_sources": q("SELECT count(*) FROM merged_events WHERE num_sources > 1").fetchone()[0],
            "events_merged": q("SELECT count(*) FROM events WHERE merged_id IS NOT NULL").fetchone()[0],
            "max_documents": q("SELECT max(num_documents) FROM merged_events").fetchone()[0],
        }
    tenth = max(1, len(per_batch) // 10)
    first, last = per_batch[:tenth], per_batch[-tenth:]
    result["first_ms"] = 1000 * sum(s for _, s in first) / sum(n for n, _ in first)
    result["last_ms"] = 1000 * sum(s for _, s in last) / sum(n for n, _ in last)
    # writing the rest at the last tenth's pace, the rest of write_batch as it went: a lower bound
    other = (timers["write"] - timers["dedup"] - timers["merge"]) / stored
    result["full_estimate"] = timers["write"] + (size - stored) * (result["last_ms"] / 1000 + other)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["rss_before_mb"] = rss_before / 1024
    result["db_mb"] = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*")) / 1e6
    if profiler:
        stats = pstats.Stats(profiler)
        rows = sorted(((ct, tt, calls, f"{Path(path).name}:{line}({name})")
                       for (path, line, name), (_, calls, tt, ct, _) in stats.stats.items()), reverse=True)
        result["profile_cumulative"] = rows[:25]
        result["profile_own"] = sorted(rows, key=lambda r: -r[1])[:15]
    print(json.dumps(result))


def measure(size: int, sample_file: Path, db: Path, profile: bool, budget: float) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(size), str(sample_file), str(db),
                          "1" if profile else "0", str(budget)], stdout=subprocess.PIPE, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"benchmark child for {size} failed (its error above)")
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_profile(result: dict) -> None:
    total = result["dedup"] + result["merge"]
    print(f"\ncProfile of dedup + merge at {result['size']:,} articles "
          f"({total:.1f} s without the profiler; times below include its overhead)")
    print(f"{'cumulative s':>12} {'own s':>8} {'calls':>9}  function (by cumulative time)")
    for ct, tt, calls, label in result["profile_cumulative"]:
        print(f"{ct:>12.2f} {tt:>8.2f} {calls:>9}  {label}")
    print(f"\n{'own s':>12} {'cumul. s':>8} {'calls':>9}  function (by own time)")
    for ct, tt, calls, label in result["profile_own"]:
        print(f"{tt:>12.2f} {ct:>8.2f} {calls:>9}  {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--sample", type=int, default=300, help="articles parsed to time the NLP (default 300)")
    parser.add_argument("--profile", type=int, metavar="SIZE", nargs="?", const=-1,
                        help="cProfile dedup + merge in the run of SIZE articles (default: the largest)")
    parser.add_argument("--budget", type=float, default=200.0,
                        help="stop a size after this many seconds of writing (default 200; 0: no limit)")
    parser.add_argument("--keep", action="store_true", help="keep the sample and the databases")
    parser.add_argument("--dir", help="where to work (default: a temporary folder)")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--nlp-child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.nlp_child:
        nlp_child(int(args.nlp_child[0]), args.nlp_child[1])
        return
    if args.child:
        size, sample_file, db, profile, budget = args.child
        child(int(size), sample_file, db, profile == "1", float(budget))
        return
    profiled = max(args.sizes) if args.profile == -1 else args.profile

    root = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="veille-bench-merge-"))
    root.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        out = subprocess.run([sys.executable, __file__, "--nlp-child", str(args.sample), str(root)],
                             stdout=subprocess.PIPE, text=True, check=False)
        if out.returncode != 0:
            sys.exit("the NLP measurement failed (its error above)")
        nlp = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"NLP: code_documents on {nlp['articles']} articles ({nlp['words'] / nlp['articles']:.0f} body words "
              f"each): {nlp['seconds']:.1f} s, {nlp['per_article'] * 1000:.0f} ms per article, "
              f"{nlp['events'] / nlp['articles']:.1f} events per article (model load and warm-up "
              f"{nlp['load']:.1f} s, not counted; {nlp['failures']} failures)", flush=True)
        sample_file = root / "sample.pickle"
        for size in args.sizes:
            db = root / f"merge-{size}.duckdb"
            for stale in (db, Path(f"{db}.wal")):
                stale.unlink(missing_ok=True)
            t0 = time.perf_counter()
            r = measure(size, sample_file, db, size == profiled, args.budget)
            results.append(r)
            print(f"{size:,} articles: write {r['write']:.1f} s (dedup {r['dedup']:.1f} s, merge {r['merge']:.1f} s), "
                  f"subprocess {time.perf_counter() - t0:.1f} s, peak RSS {r['rss_mb']:.0f} MB", flush=True)
            if r["partial"]:
                print(f"  partial: stopped after {r['stored']:,} of {size:,} articles (budget {args.budget:.0f} s); "
                      f"the whole size would take at least {r['full_estimate'] / 60:.0f} min", flush=True)
            if not args.keep:
                for stale in (db, Path(f"{db}.wal")):
                    stale.unlink(missing_ok=True)
    finally:
        if args.keep:
            print(f"kept in {root}")
        elif not args.dir:
            shutil.rmtree(root, ignore_errors=True)

    per_nlp, per_nlp_cpu = nlp["per_article"], nlp["cpu"] / nlp["articles"]
    print()
    print(f"NLP (spaCy parse + event coding, 1 process), measured on {nlp['articles']} articles: "
          f"{per_nlp * 1000:.0f} ms per article wall-clock, {per_nlp_cpu * 1000:.0f} ms CPU; "
          f"target: dedup + merge <= {TARGET_RATIO:.0%} of it")
    print(f"{'size':>7} {'written':>8} {'ev/art':>6} {'write s':>8} {'dedup s':>8} {'merge s':>8} {'d+m ms/art':>10} "
          f"{'/ NLP':>7} {'CPU / NLP':>9} {'first→last 10%':>15} {'dups found':>10} {'planted':>11} "
          f"{'merged ev':>9} {'multi-doc':>9} {'peak RSS MB':>11}")
    for r in results:
        n = r["stored"]
        per, per_cpu = (r["dedup"] + r["merge"]) / n, (r["dedup_cpu"] + r["merge_cpu"]) / n
        ratio, cpu_ratio = per / per_nlp, per_cpu / per_nlp_cpu
        mark = " " if ratio <= TARGET_RATIO else "!"
        cpu_mark = " " if cpu_ratio <= TARGET_RATIO else "!"
        written = f"{n:,}" + ("*" if r["partial"] else "")
        print(f"{r['size']:>7,} {written:>8} {r['events'] / n:>6.1f} {r['write']:>8.1f} {r['dedup']:>8.1f} "
              f"{r['merge']:>8.1f} {per * 1000:>10.1f} {ratio:>6.1%}{mark} {cpu_ratio:>8.1%}{cpu_mark} "
              f"{r['first_ms']:>7.1f}→{r['last_ms']:<7.1f} {r['duplicates']:>10,} "
              f"{r['planted_found']:>5,}/{r['planted']:<5,} {r['merged_events']:>9,} {r['merged_multi']:>9,} "
              f"{r['rss_mb']:>11.0f}")
    print("  written: articles stored (* partial: stopped at the time budget); ev/art: events coded per article")
    print("  d+m ms/art: (dedup + merge) wall-clock ms per article; / NLP, CPU / NLP: that per article over the NLP's "
          "per article, in wall-clock and in CPU time (! above the target)")
    print("  first→last 10%: d+m ms per article over the first and the last tenth of the batches")
    print("  dups found: documents linked to a canonical article; planted: wire copies filed under the same story "
          "as their original / copies planted (both written); "
          "multi-doc: merged events told by more than one document")
    for r in results:
        print(f"  {r['size']:,}: {r['events']:,} events, {r['events_merged']:,} attached to a merged event "
              f"(negated ones are not); dedup CPU {r['dedup_cpu']:.1f} s, merge CPU {r['merge_cpu']:.1f} s; "
              f"within merge: candidate queries {r['candidates']:.1f} s "
              f"({r['candidate_queries']:,} queries, one per batch, {r['candidate_rows'] / max(1, r['candidate_queries']):.0f} "
              f"candidates each on average), counts {r['counts']:.1f} s, the rest (matching, inserts) "
              f"{r['merge'] - r['candidates'] - r['counts']:.1f} s; merged events with >1 "
              f"outlet {r['merged_sources']:,}, largest {r['max_documents']} documents; database {r['db_mb']:.0f} MB; "
              f"RSS before the store {r['rss_before_mb']:.0f} MB")
        if r["partial"]:
            print(f"  {r['size']:,}: partial, {r['stored']:,} articles in {r['write']:.0f} s; all {r['size']:,} "
                  f"would take at least {r['full_estimate'] / 60:.0f} min at the last tenth's pace")
    if len(results) >= 2:
        small, large = min(results, key=lambda r: r["size"]), max(results, key=lambda r: r["size"])
        partial = (" (partial runs: at the articles written, not the sizes)"
                   if small["partial"] or large["partial"] else "")
        print(f"peak memory {large['size']:,} / {small['size']:,} articles: {large['rss_mb'] / small['rss_mb']:.2f} "
              f"({large['rss_mb']:.0f} MB / {small['rss_mb']:.0f} MB){partial}")
    for r in results:
        if "profile_cumulative" in r:
            print_profile(r)


if __name__ == "__main__":
    main()
