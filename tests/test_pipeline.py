import json

from veille import Pipeline, extract

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
