"""Ingest benchmark: documents per second for cleaning + metadata + store, and peak memory.

    .venv/bin/python benchmarks/bench_ingest.py                 # 2,000 and 20,000 articles
    .venv/bin/python benchmarks/bench_ingest.py --sizes 500     # a quick run
    .venv/bin/python benchmarks/bench_ingest.py --keep          # keep the generated corpora

A benchmark, not a test: it asserts nothing and prints a table. For each size it
generates a corpus of synthetic French scraped-text articles (untimed), then runs
`Pipeline(store).ingest([folder])` in a fresh subprocess pinned to one core, into a
fresh DuckDB file, so the peak resident memory (ru_maxrss) is that size's alone.

Targets (issue acceptance): >= 300 documents/s on one core for text input; peak memory
within 20% between 2,000 and 20,000 articles.

The articles look like what a scraper saves from a French news site: a menu line, a
ticker of other headlines ("- 20:35..."), share and follow buttons, the headline, a
dateline ("Paris, 12 janvier (Agence X) –") or a "Publié le" line, 4-8 paragraphs of
prose assembled from templates, "Lire aussi : ..." teasers, a promotional line the
outlet repeats on every page (work for the corpus-level repeated-line filter), a
comment form with its captcha ("sept + 3 ="), a "Source : X" credit and a footer.
About twenty invented outlets; every article is unique (none is skipped as a duplicate).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from wording import OUTLETS, cap, de

TARGET_DOCS_PER_SECOND = 300
TARGET_MEMORY_RATIO = 1.2
SEED = 20240112

# --------------------------------------------------------------------------- vocabulary


SECTIONS = ["Accueil", "Monde", "Afrique", "Europe", "Asie", "Amériques", "Économie", "Politique",
            "Culture", "Sport", "Opinions", "Vidéos", "Contact"]

# (place, country, adjective, capital's metonymy)
PLACES = [
    ("Paris", "la France", "français", "Paris"), ("Berlin", "l'Allemagne", "allemand", "Berlin"),
    ("Moscou", "la Russie", "russe", "Moscou"), ("Kiev", "l'Ukraine", "ukrainien", "Kiev"),
    ("Varsovie", "la Pologne", "polonais", "Varsovie"), ("Pékin", "la Chine", "chinois", "Pékin"),
    ("Washington", "les États-Unis", "américain", "Washington"), ("Londres", "le Royaume-Uni", "britannique", "Londres"),
    ("Rabat", "le Maroc", "marocain", "Rabat"), ("Alger", "l'Algérie", "algérien", "Alger"),
    ("Dakar", "le Sénégal", "sénégalais", "Dakar"), ("Niamey", "le Niger", "nigérien", "Niamey"),
    ("Bamako", "le Mali", "malien", "Bamako"), ("Abidjan", "la Côte d'Ivoire", "ivoirien", "Abidjan"),
    ("Kinshasa", "la République démocratique du Congo", "congolais", "Kinshasa"),
    ("Ankara", "la Turquie", "turc", "Ankara"), ("Téhéran", "l'Iran", "iranien", "Téhéran"),
    ("Tokyo", "le Japon", "japonais", "Tokyo"), ("New Delhi", "l'Inde", "indien", "New Delhi"),
    ("Brasilia", "le Brésil", "brésilien", "Brasilia"), ("Ottawa", "le Canada", "canadien", "Ottawa"),
    ("Tallinn", "l'Estonie", "estonien", "Tallinn"), ("Vilnius", "la Lituanie", "lituanien", "Vilnius"),
    ("Minsk", "la Biélorussie", "biélorusse", "Minsk"), ("Le Caire", "l'Égypte", "égyptien", "Le Caire"),
    ("Tunis", "la Tunisie", "tunisien", "Tunis"), ("Addis-Abeba", "l'Éthiopie", "éthiopien", "Addis-Abeba"),
    ("Bruxelles", "la Belgique", "belge", "Bruxelles"), ("Madrid", "l'Espagne", "espagnol", "Madrid"),
    ("Rome", "l'Italie", "italien", "Rome"),
]

FIRST = ["Antoine", "Claire", "Moussa", "Olena", "Piotr", "Mei", "James", "Fatima", "Youssef", "Aminata",
         "Kofi", "Ingrid", "Hiroshi", "Ravi", "Lucia", "Tomas", "Nadia", "Ibrahim", "Sofia", "Karim",
         "Elena", "Marek", "Aïcha", "Jonas", "Mariam"]
LAST = ["Durand", "Koné", "Kowalski", "Petrenko", "Li", "Walker", "Benali", "Diallo", "Traoré", "Mensah",
        "Larsen", "Tanaka", "Sharma", "Fernández", "Novák", "Haddad", "Ouédraogo", "Rossi", "Mansour",
        "Ivanova", "Nowak", "Sow", "Berg", "Touré", "Keita"]
ROLES = ["le ministre {adj} des Affaires étrangères", "la ministre {adj} de la Défense",
         "le président {adj}", "la Première ministre", "le porte-parole du gouvernement {adj}",
         "l'ambassadeur {adj} auprès des Nations unies", "le chef de la diplomatie {adj}",
         "la secrétaire d'État chargée de l'Europe", "le ministre {adj} de l'Intérieur",
         "le chef d'état-major des armées"]
ORGS = ["l'Union européenne", "l'OTAN", "l'Union africaine", "la Cédéao", "les Nations unies",
        "le Conseil de sécurité", "l'OSCE", "la Ligue arabe", "le G20", "l'Organisation mondiale du commerce",
        "le Fonds monétaire international", "la Banque mondiale"]
TOPICS = ["la sécurité régionale", "les sanctions économiques", "la coopération militaire",
          "le commerce bilatéral", "la crise humanitaire", "la transition énergétique",
          "la lutte contre le terrorisme", "les flux migratoires", "la sécurité maritime",
          "le contrôle des exportations", "la reconstruction", "la dette publique", "l'accès à l'eau",
          "les négociations de paix", "la cybersécurité"]
ACTIONS = ["a convoqué l'ambassadeur de", "a condamné les déclarations de", "a signé un accord avec",
           "a rompu le dialogue avec", "a reçu une délégation de", "a appelé à la retenue",
           "a annoncé de nouvelles sanctions contre", "a proposé une médiation entre les parties avec",
           "a renforcé sa coopération avec", "a expulsé deux diplomates de"]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]
NUMBER_WORDS = ["un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"]

TITLES = [
    "{Place} {action_short} {country2} après {event}",
    "{Actor} en visite à {place2} pour parler de {topic}",
    "{Org_cap} : {place} et {place2} s'accordent sur {topic}",
    "Tensions entre {place} et {place2} autour de {topic}",
    "{Place} annonce {measure} visant {country2}",
    "{Actor} appelle {org} à agir sur {topic}",
    "Sommet de {place2} : {topic} au cœur des discussions",
    "{Country} et {country2} relancent le dialogue sur {topic}",
]
ACTION_SHORT = ["convoque l'ambassadeur de", "sanctionne", "tend la main à", "met en garde", "accuse",
                "se rapproche de"]
EVENTS = ["un incident frontalier", "des manœuvres militaires", "une cyberattaque", "l'arrestation d'un journaliste",
          "un vote aux Nations unies", "la fermeture d'un consulat", "un survol de son territoire"]
MEASURES = ["de nouvelles sanctions", "un plan d'aide", "la suspension d'un accord", "des restrictions de visas",
            "un renforcement de sa présence militaire"]

SENTENCES = [
    "{Actor}, {role}, {action} {country2} {weekday}, a annoncé le ministère dans un communiqué.",
    "« Nous ne tolérerons aucune atteinte à notre souveraineté », a déclaré {actor} lors d'un point de presse à {place}.",
    "Selon un responsable qui s'est exprimé sous couvert d'anonymat, {org} examine depuis plusieurs semaines la question {de_topic}.",
    "Les deux pays ont convenu de poursuivre les discussions sur {topic} lors d'une prochaine réunion à {place2}.",
    "{Country2_cap} a démenti toute implication et accusé {place} de « chercher un prétexte » pour durcir le ton.",
    "Cet échange intervient {n_word} semaines après une première rencontre, le {day} {month}, à {place2}.",
    "Le porte-parole de la diplomatie {adj} a rappelé que {org} avait été informé de l'incident dès {weekday} matin.",
    "D'après les chiffres publiés par le gouvernement, {num} personnes ont été déplacées depuis le début de l'année.",
    "{Actor2} a pour sa part appelé à « éviter toute escalade » et à privilégier le dialogue sur {topic}.",
    "Plusieurs élus de l'opposition ont critiqué une décision jugée « précipitée », réclamant un débat au Parlement.",
    "Les marchés ont réagi avec prudence à l'annonce, le cours de la monnaie {adj} reculant de {pct} % en fin de séance.",
    "Une délégation {de_org} doit se rendre à {place2} dans les prochains jours pour évaluer la situation.",
    "Les observateurs estiment que le dossier {de_topic} restera au cœur des négociations au moins jusqu'à la fin de l'année.",
    "En {year}, les deux capitales avaient déjà signé un accord-cadre sur {topic2}, resté largement inappliqué.",
    "{Actor} a indiqué que son pays était prêt à « examiner toutes les options », sans exclure de nouvelles mesures.",
    "L'annonce a été accueillie fraîchement à {place2}, où le gouvernement a dénoncé une « ingérence inacceptable ».",
    "Le texte prévoit notamment un mécanisme de suivi confié à {org}, ainsi qu'un calendrier de mise en œuvre sur {n_word} ans.",
    "Interrogé sur la chaîne publique, {actor2} a estimé que « le temps de la diplomatie n'est pas terminé ».",
    "Depuis le début de la crise, plus de {num} soldats ont été déployés le long de la frontière, selon l'état-major.",
    "Les organisations humanitaires présentes sur place s'inquiètent d'une dégradation rapide de la situation.",
]

TICKERS = [
    "Football : le derby de dimanche reporté en raison des intempéries",
    "Carburants : une nouvelle baisse attendue à la pompe dès vendredi",
    "Bourse : les valeurs bancaires tirent l'indice vers le haut",
    "Festival de jazz : la programmation de l'édition dévoilée",
    "Santé : la campagne de vaccination prolongée d'un mois",
    "Météo : des orages attendus sur le nord du pays",
    "Éducation : le calendrier des examens publié",
    "Transports : grève annoncée dans les chemins de fer",
    "Climat : un rapport alarmant sur la fonte des glaciers",
    "Agriculture : la récolte de blé en hausse de 8 %",
]

CAPTCHA_OPS = ["+", "-", "×"]


class Generator:
    """Synthetic scraped French news articles, reproducible from a seed."""

    def __init__(self, seed: int = SEED):
        self.rng = random.Random(seed)
        self.outlets = []
        for n, name in enumerate(OUTLETS):
            rng = random.Random(seed + n)
            sections = [SECTIONS[0]] + rng.sample(SECTIONS[1:-1], 5) + [SECTIONS[-1]]
            self.outlets.append({
                "name": name,
                "menu": " ".join(sections),
                "promo": f"Retrouvez chaque matin l'essentiel de l'actualité internationale avec {name}, "
                         f"dans votre boîte aux lettres et sur notre application.",
                "support": f"{name} est un média indépendant financé par ses lecteurs : "
                           f"soutenez notre travail en vous abonnant dès aujourd'hui.",
                "home": rng.choice(PLACES)[0],
            })

    def _person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def _slots(self, index: int) -> dict[str, str]:
        rng = self.rng
        place, country, adj, _ = rng.choice(PLACES)
        place2, country2, _, _ = rng.choice([p for p in PLACES if p[0] != place])
        topic, topic2 = rng.sample(TOPICS, 2)
        actor, actor2 = self._person(), self._person()
        org = rng.choice(ORGS)
        return {
            "place": place, "Place": place, "country": country, "Country": cap(country), "adj": adj,
            "place2": place2, "country2": country2, "Country2_cap": cap(country2),
            "topic": topic, "topic2": topic2, "actor": actor, "Actor": actor, "actor2": actor2, "Actor2": actor2,
            "role": rng.choice(ROLES).format(adj=adj), "org": org, "Org_cap": cap(org), "de_org": de(org),
            "de_topic": de(topic),
            "action": rng.choice(ACTIONS), "action_short": rng.choice(ACTION_SHORT),
            "event": rng.choice(EVENTS), "measure": rng.choice(MEASURES),
            "weekday": rng.choice(WEEKDAYS), "day": str(rng.randint(1, 28)), "month": rng.choice(MONTHS),
            "n_word": rng.choice(NUMBER_WORDS[1:]), "year": str(rng.randint(2005, 2018)),
            # the article's index makes every article unique even if the templates coincide
            "num": f"{1000 + index:,}".replace(",", "\u202f"),
            "pct": f"{rng.randint(1, 49) / 10:.1f}".replace(".", ","),
        }

    def article(self, index: int) -> str:
        rng = self.rng
        outlet = rng.choice(self.outlets)
        slots = self._slots(index)
        year = rng.randint(2019, 2024)
        month = rng.randrange(12)
        day = rng.randint(1, 28)
        lines: list[str] = []

        lines.append(outlet["menu"])
        for _ in range(rng.randint(2, 6)):
            lines.append(f"- {rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}{rng.choice(TICKERS)}")
        lines.append(rng.choice(["Suivez-nous sur Facebook", "Suivez-nous sur X", "Rejoignez-nous sur Telegram"]))
        lines.append("")
        lines.append(rng.choice(TITLES).format(**slots))
        lines.append("")

        paragraphs = []
        for _ in range(rng.randint(4, 8)):
            paragraphs.append(" ".join(s.format(**slots) for s in rng.sample(SENTENCES, rng.randint(1, 3))))

        style = rng.random()
        city = slots["place"]
        if style < 0.4:  # dateline on its own line
            lines.append(f"{city}, {day} {MONTHS[month]} ({outlet['name']}) –")
        elif style < 0.7:  # dateline opening the first paragraph, sometimes with a weekday and a year
            weekday = f"{rng.choice(WEEKDAYS)} " if rng.random() < 0.3 else ""
            yr = f" {year}" if rng.random() < 0.5 else ""
            paragraphs[0] = f"{city.upper()}, {weekday}{day} {MONTHS[month]}{yr} ({outlet['name']}) – {paragraphs[0]}"
        else:  # a "Publié le" line
            lines.append(f"Publié le {day:02d}/{month + 1:02d}/{year} à {rng.randint(6, 22)}h{rng.randint(0, 59):02d}")
        lines.append("")

        teaser_at = rng.randint(1, len(paragraphs) - 1)
        for n, paragraph in enumerate(paragraphs):
            if n == teaser_at:
                lines += [f"Lire aussi : {rng.choice(TITLES).format(**self._slots(index))}", ""]
            if n == 2 and rng.random() < 0.5:
                lines += [outlet["promo"], ""]
            lines += [paragraph, ""]
        if rng.random() < 0.5:
            lines += [outlet["support"], ""]

        lines.append(rng.choice(["Partager sur Facebook Twitter WhatsApp", "Partager :", "Imprimer cet article"]))
        if rng.random() < 0.5:
            lines.append("Abonnez-vous à notre newsletter pour ne rien manquer")
        if rng.random() < 0.6:
            a, b = rng.randint(1, 9), rng.randint(1, 9)
            lines += [
                "Laisser un commentaire",
                "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
                "Commentaire *", "Nom *", "E-mail *",
                "Enregistrer mon nom, mon e-mail et mon site dans le navigateur pour mon prochain commentaire.",
                f"{rng.choice([NUMBER_WORDS[a - 1], str(a)])} {rng.choice(CAPTCHA_OPS)} {b} =",
                "Publier le commentaire",
            ]
        lines.append(f"Source : {outlet['name']}")
        lines.append(f"Tags : {slots['Country']} {slots['Country2_cap']} Diplomatie")
        lines.append(f"© {year} {outlet['name']}. Tous droits réservés.")
        return "\n".join(lines) + "\n"


def generate(folder: Path, size: int, seed: int = SEED) -> int:
    """Write `size` unique articles as .txt files (1,000 per subfolder); returns bytes written."""
    gen = Generator(seed)
    seen: set[str] = set()
    total = 0
    for index in range(size):
        text = gen.article(index)
        while text in seen:  # cannot happen (the index is in the text), but a duplicate would be skipped
            text = gen.article(index)
        seen.add(text)
        sub = folder / f"{index // 1000:03d}"
        if index % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        (sub / f"article_{index:06d}.txt").write_bytes(data)
        total += len(data)
    return total


# --------------------------------------------------------------------------- measurement


def child(corpus: str, db: str) -> None:
    """Runs in the subprocess: ingest the corpus on one core and print one JSON line."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    from veille.pipeline import Pipeline
    from veille.store import Store

    # cleaning + metadata + store only: event coding (spaCy) is measured by bench_nlp.py
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    cpu0 = time.process_time()
    with Store(db) as store:
        report = Pipeline(store, events=False).ingest([corpus])
        stored = store.count()
    cpu = time.process_time() - cpu0
    print(json.dumps({
        "seconds": report.seconds, "cpu": cpu, "stored": report.stored, "in_store": stored,
        "skipped": report.skipped, "failures": len(report.failures),
        "first_failures": [str(f) for f in report.failures[:3]],
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_after_import_mb": rss_before / 1024,
    }))


def measure(corpus: Path, db: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", str(corpus), str(db)],
                         capture_output=True, text=True, check=False)
    if out.returncode != 0:
        sys.exit(f"benchmark child failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--keep", action="store_true", help="keep the generated corpora (and databases)")
    parser.add_argument("--dir", help="where to generate (default: a temporary folder)")
    parser.add_argument("--child", nargs=2, metavar=("CORPUS", "DB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    root = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="veille-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    results = []
    try:
        for size in args.sizes:
            corpus, db = root / f"corpus-{size}", root / f"bench-{size}.duckdb"
            shutil.rmtree(corpus, ignore_errors=True)
            for stale in (db, Path(f"{db}.wal")):
                stale.unlink(missing_ok=True)
            t0 = time.perf_counter()
            nbytes = generate(corpus, size)
            gen_seconds = time.perf_counter() - t0
            print(f"generated {size:,} articles ({nbytes / 1e6:.1f} MB) in {gen_seconds:.1f} s (not counted)",
                  flush=True)
            result = measure(corpus, db)
            result["size"] = size
            results.append(result)
            processed = result["stored"] + result["skipped"]
            print(f"ingested {size:,}: {result['seconds']:.1f} s, {processed / result['seconds']:.0f} docs/s, "
                  f"peak RSS {result['rss_mb']:.0f} MB", flush=True)
            if result["failures"] or result["in_store"] != size:
                print(f"  warning: {result['in_store']:,} stored, {result['skipped']} skipped, "
                      f"{result['failures']} failures {result['first_failures']}", flush=True)
            if not args.keep:
                shutil.rmtree(corpus, ignore_errors=True)
    finally:
        if not args.keep and not args.dir:
            shutil.rmtree(root, ignore_errors=True)
        elif args.keep:
            print(f"corpora kept in {root}")

    print()
    # docs/s is wall-clock; "docs/cpu-s" divides by the child's CPU time, which other
    # processes sharing the core do not inflate (compare it when the machine is busy)
    print(f"{'size':>8} {'seconds':>8} {'docs/s':>8} {'cpu s':>7} {'docs/cpu-s':>11} {'peak RSS MB':>12} "
          f"{'RSS after import':>17}")
    for r in results:
        done = r["stored"] + r["skipped"]
        rate = done / r["seconds"]
        mark = "" if rate >= TARGET_DOCS_PER_SECOND else f"  (< {TARGET_DOCS_PER_SECOND})"
        print(f"{r['size']:>8,} {r['seconds']:>8.1f} {rate:>8.0f} {r['cpu']:>7.1f} {done / r['cpu']:>11.0f} "
              f"{r['rss_mb']:>12.0f} {r['rss_after_import_mb']:>17.0f}{mark}")
    if len(results) >= 2:
        small, large = min(results, key=lambda r: r["size"]), max(results, key=lambda r: r["size"])
        ratio = large["rss_mb"] / small["rss_mb"]
        verdict = "ok" if ratio <= TARGET_MEMORY_RATIO else f"above {TARGET_MEMORY_RATIO}"
        print(f"peak memory {large['size']:,}/{small['size']:,}: {ratio:.2f} ({verdict})")


if __name__ == "__main__":
    main()
