import json

from veille import Pipeline, Store, extract

from .conftest import EXAMPLES, FIXTURES


def test_extract_api_returns_a_typed_document_with_events():
    doc = extract((FIXTURES / "scraped.txt").read_text(encoding="utf-8"))
    assert doc.title.startswith("Varsovie convoque") and doc.language == "fr"
    assert doc.events and all(e["sentence"] in doc.body for e in doc.events)
    assert extract("Titre\nLa Russie a démenti mercredi toute escalade à la frontière.", events=False).events == []


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
    for n in range(3):
        (tmp_path / f"court{n}.txt").write_text(f"Dépêche {n}\n{SENTENCES[n]} {SENTENCES[3]}", encoding="utf-8")
    (tmp_path / "long.txt").write_text("Un très long fil\n" + "\n\n".join(
        f"{SENTENCES[i % 4]} Paragraphe {i}." for i in range(2500)), encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        report = Pipeline(store, time_limit=3).ingest([str(tmp_path)])
        coded = {row["name"]: len(store.events(doc_id=row["id"])) for row in store.documents()}
    (failure,) = report.failures
    assert "long.txt" in failure.uri and "time limit" in failure.reason
    assert [coded[f"court{n}.txt"] > 0 for n in range(3)] == [True] * 3 and coded.get("long.txt", 0) == 0
