"""The prefilter: which sentences the parser reads, and that the coder still finds what it did."""
from veille import extract
from veille.nlp import get_nlp
from veille.coder.sentences import read, split


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
