"""The prefilter: which sentences the parser reads, and that the coder still finds what it did."""
import pytest

from veille import extract
from veille.coder.document import code_document, paragraph_offsets
from veille.coder.sentences import read, split
from veille.coder.words import PLAIN_SPACES
from veille.ingest import read_sources
from veille.nlp import ANNOTATIONS, get_nlp
from veille.pipeline import process

from .conftest import SHARED


def sentences(text: str) -> list[str]:
    doc = get_nlp().make_doc(text)
    return [doc[start:end].text for start, end in split(doc)]


def test_split_at_final_stops_only():
    assert sentences("M. Peskov a parlé le 3 janv. devant J. Biden. Il est parti.") == [
        "M. Peskov a parlé le 3 janv. devant J. Biden.", "Il est parti."]
    assert sentences("« Nous ne céderons pas. » a déclaré M. Lavrov. « Jamais. » Puis il est parti...") == [
        "« Nous ne céderons pas. » a déclaré M. Lavrov.", "« Jamais. »", "Puis il est parti..."]


def test_a_sentence_with_an_actor_and_a_trigger_is_parsed_one_without_is_not():
    ((paragraph,),) = read([["La Russie a condamné les frappes. Il a neigé abondamment dans la région."]])
    (told, parsed), (weather, skipped) = paragraph.sentences
    assert parsed and not skipped
    assert {t.dep_ for t in told} >= {"ROOT", "nsubj", "obj"} and told.root.text == "condamné"
    assert all(not t.dep_ and not t.pos_ and not t.lemma_ for t in weather)


def test_trigger_candidates_whatever_the_inflection():
    ((paragraph,),) = read([["Lavrov rencontrera Blinken. Ils se sont rencontrés. Leur rencontre a duré."]])
    assert [paragraph.doc[i].text for i in paragraph.triggers] == ["rencontrera", "rencontrés", "rencontre"]


def test_provenance_offsets_are_exact_after_skipped_sentences():
    doc = extract("Titre de la dépêche\nLe prix du blé a reculé de 3 % à la clôture. Il a neigé à Oslo.\n\n"
                  "Les écoles restent fermées. Le Japon a condamné mercredi le tir d'un missile par la Corée du Nord.",
                  published="2024-03-06")
    (event,) = doc.events
    (mention,) = event["mentions"]
    assert doc.body[mention["start"]:mention["end"]] == mention["sentence"] == (
        "Le Japon a condamné mercredi le tir d'un missile par la Corée du Nord.")
    trigger = mention["trigger"]
    assert doc.body[trigger["start"]:trigger["end"]] == trigger["text"] == "condamné"
    assert (event["type"], event["actors"], event["recipients"]) == ("ACCUSE", ["JPN"], ["PRK"])


def test_a_pronoun_still_finds_the_actor_of_an_earlier_sentence():
    doc = extract("Titre de la dépêche\nLes États-Unis ont pris la parole mardi devant la presse. Il pleuvait. "
                  "Ils ont ensuite condamné l'invasion de l'Ukraine.", published="2024-03-06")
    (event,) = doc.events
    assert (event["type"], event["actors"]) == ("ACCUSE", ["USA"])
    assert event["mentions"][0]["sentence"] == "Ils ont ensuite condamné l'invasion de l'Ukraine."


def test_a_name_the_dictionary_lacks_keeps_the_role_stated_before():
    doc = extract("Titre de la dépêche\nLa vice-secrétaire d'État américaine, Wendy Sherman, est arrivée lundi à "
                  "Genève. Il faisait froid. Wendy Sherman a ensuite condamné les frappes.", published="2022-01-11")
    (event,) = doc.events
    assert (event["type"], event["actors"], event["actor_names"]) == ("ACCUSE", ["USA"], ["Wendy Sherman"])


def test_a_parsed_sentence_reads_as_in_the_whole_paragraph():
    text = ("Il faisait très froid ce matin-là. Selon Washington, Pékin aurait livré des drones à Moscou, ce que "
            "la Chine dément fermement. Les écoles resteront fermées. Il a neigé abondamment dans la région.")
    ((chosen,),), ((whole,),) = read([[text]]), read([[text]], every_sentence=True)
    assert [parsed for _, parsed in chosen.sentences] == [False, True, False, False]
    assert all(parsed for _, parsed in whole.sentences)
    for (sentence, parsed), (same, _) in zip(chosen.sentences, whole.sentences):
        ours, theirs = sentence.as_doc().to_array(ANNOTATIONS), same.as_doc().to_array(ANNOTATIONS)
        assert (ours == theirs).all() if parsed else not ours.any(), sentence.text


def test_prefilter_is_exact_on_news():
    """Parsing only the chosen sentences codes the same events as parsing every sentence."""
    folder = SHARED / "eval" / "news" / "docs"
    if not folder.is_dir():
        pytest.skip("../shared/eval/news is not available")
    docs = [process(source) for source in read_sources([str(folder)])]
    texts = [[p.text.translate(PLAIN_SPACES) for p in doc.paragraphs] for doc in docs]
    chosen, whole = read(texts), read(texts, every_sentence=True)
    assert 0 < sum(not parsed for article in chosen for p in article for _, parsed in p.sentences)
    for doc, selected, everything in zip(docs, chosen, whole):
        offsets = paragraph_offsets(doc)
        events = code_document(doc.body, selected, offsets, doc.published)["events"]
        assert events == code_document(doc.body, everything, offsets, doc.published)["events"], doc.name
