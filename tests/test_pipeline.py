import json

from veille import Pipeline, Report, Store, extract

from .conftest import EXAMPLES, FIXTURES


def test_extract_api_returns_a_typed_document_with_events():
    doc = extract((FIXTURES / "scraped.txt").read_text(encoding="utf-8"))
    assert doc.title.startswith("Varsovie convoque") and doc.language == "fr"
    assert doc.events and all(e["sentence"] in doc.body for e in doc.events)
    assert extract("Titre\nLa Russie a démenti mercredi toute escalade à la frontière.", events=False).events == []


def test_only_french_text_is_coded_other_languages_say_why():
    english = extract("Ministers meet in Geneva\nRussia and NATO ministers met in Geneva on Tuesday and agreed "
                      "to resume talks on arms control, officials said.", published="2024-03-12")
    assert english.language == "en" and english.events == [] and english.published == "2024-03-12"
    assert english.notes == ["no events: the language is en and the coder reads French only"]
    assert english.to_json()["notes"] == english.notes
    french = extract("Les ministres se rencontrent à Genève\nLes ministres russe et américain se sont rencontrés "
                     "mardi à Genève pour discuter du contrôle des armements.", published="2024-03-12")
    assert french.language == "fr" and french.events and french.notes == []


def test_two_worker_processes_give_the_same_documents_in_the_same_order():
    # events are compared by count only: threaded matrix products may round differently
    # from one process to another and tip a rare parse
    def run(workers):
        docs = Pipeline(workers=workers, batch_size=4).documents([str(EXAMPLES / "txt"), str(EXAMPLES / "html")])
        return [(json.dumps({k: v for k, v in d.to_json().items() if k not in ("events", "quotes")}, sort_keys=True),
                 len(d.events) > 0, len(d.timexes)) for d in docs]

    single = run(1)
    assert len(single) == 8 and run(2) == single


SENTENCES = ["La Russie a condamné mercredi les frappes menées par l'Ukraine près de Koursk.",
             "Le ministre français des Affaires étrangères a rencontré son homologue allemand à Berlin.",
             "Le Japon a condamné jeudi le tir d'un missile par la Corée du Nord.",
             "L'OTAN a annoncé l'envoi de renforts en Pologne et dans les pays baltes."]


def test_a_document_over_the_time_limit_costs_itself_only(tmp_path):
    # certain whatever the machine: a short dispatch takes a few hundredths of a second,
    # 18,000 sentences (840,000 characters, under the size limit) take the coder far more
    # than the limit (and, if the cleaning takes it, the document fails there instead: the
    # same one line)
    for n in range(3):
        (tmp_path / f"court{n}.txt").write_text(f"Dépêche {n}\n{SENTENCES[n]} {SENTENCES[3]}", encoding="utf-8")
    (tmp_path / "long.txt").write_text("Un très long fil\n" + "\n\n".join(
        f"{SENTENCES[i % 4]} Paragraphe {i}." for i in range(9_000)), encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:  # one batch: the long document and the three others
        report = Pipeline(store, time_limit=3).ingest([str(tmp_path)])
        coded = {row["name"]: len(store.events(doc_id=row["id"])) for row in store.documents()}
    (failure,) = report.failures
    assert failure.uri.endswith("long.txt") and "over the 3 s time limit" in failure.reason
    assert len(str(failure).splitlines()) == 1
    assert [coded[f"court{n}.txt"] > 0 for n in range(3)] == [True] * 3 and coded.get("long.txt", 0) == 0


def test_a_document_over_the_size_limit_is_refused_in_one_line(tmp_path):
    (tmp_path / "court.txt").write_text(f"Dépêche\n{SENTENCES[0]}", encoding="utf-8")
    (tmp_path / "long.txt").write_text("Fil\n" + "\n\n".join(SENTENCES * 20), encoding="utf-8")
    report = Report()
    docs = list(Pipeline(events=False, max_chars=2000).documents([str(tmp_path)], report))
    assert [d.name for d in docs] == ["court.txt"]
    (failure,) = report.failures
    assert failure.uri.endswith("long.txt") and failure.reason.startswith("too large:")


def _generated(folder, count):
    """Articles of two outlets whose pages repeat a few lines: the corpus-level counts decide what stays."""
    furniture = ["Notre rédaction suit la situation heure par heure depuis Genève.",
                 "Ce fil est un service de veille de l'actualité internationale.",
                 "Retrouvez chaque matin les dépêches de la nuit."]
    for n in range(count):
        lines = [f"Dépêche numéro {n}", f"{SENTENCES[n % 4]} Détail {n}."]
        lines += [furniture[k] for k in range(3) if (n * (k + 2)) % 5 < 2] + [SENTENCES[(n + 1) % 4]]
        (folder / f"{n:03}.jsonl").write_text(json.dumps(
            {"id": f"a{n}", "text": "\n\n".join(lines), "outlet": ["Le Fil", "La Veille"][n % 2]}), encoding="utf-8")


def test_the_store_is_the_same_whatever_the_workers_and_after_an_interruption(tmp_path):
    _generated(tmp_path, 40)
    files = sorted(str(p) for p in tmp_path.glob("*.jsonl"))

    def stored(name, workers, count=len(files)):
        with Store(tmp_path / name) as store:
            Pipeline(store, workers=workers, batch_size=4).ingest(files[:count])
            return sorted((d["name"], d["chars"], len(store.events(doc_id=d["id"]))) for d in store.documents())

    one = stored("one.duckdb", 1)
    assert stored("two.duckdb", 2) == one
    stored("resumed.duckdb", 2, count=16)  # stopped after four committed batches, then run again
    assert stored("resumed.duckdb", 2) == one
