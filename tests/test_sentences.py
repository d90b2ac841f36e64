"""The prefilter: which sentences the parser reads, and that the coder still finds what it did."""
import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.attrs import HEAD

from veille import extract
from veille.coder.document import code_document, paragraph_offsets
from veille.coder.sentences import _documents, _windows, consistent, read, split, write_back
from veille.coder.words import PLAIN_SPACES
from veille.ingest import read_sources
from veille.nlp import ANNOTATIONS, get_nlp, join_capitalised_compounds
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


# pages of ../shared/eval/web/pages that crashed the coder (a Doc walked past its end)
CRASHED = ["date-deutsche-wirtschafts-nachrichten.de-Industriestrompreis.html",
           "date-islamische-zeitung.de-Bundespräsident.html", "date-mywakenews.wordpress.com.psyop.html",
           "date-www1.wdr.de-Correctiv-Recherche.html", "traf-fivethirtyeight.com.endorsement.html",
           "traf-politico.com.retirement.html", "traf-ritinardo.wordpress.com.btw17.html"]


def test_pages_that_crashed_the_coder_are_extracted(tmp_path):
    pages = SHARED / "eval" / "web" / "pages"
    if not pages.is_dir():
        pytest.skip("../shared/eval/web/pages is not available")
    for name in CRASHED:
        (tmp_path / name).write_bytes((pages / name).read_bytes())
    run = subprocess.run([sys.executable, "-m", "veille", "extract", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode in (0, 1), run.stderr[-2000:]
    done = [json.loads(line)["doc"] for line in run.stdout.splitlines()]
    failed = [line for line in run.stderr.splitlines() if str(tmp_path) in line]
    assert len(done) + len(failed) == len(CRASHED) and len(done) >= 5


def test_an_unparsed_paragraph_with_a_joined_compound_has_arcs_within_it():
    ((paragraph,),) = read([["Le match Bayern-Dortmund a eu lieu samedi à Munich. Il a neigé à Oslo."]])
    assert not any(parsed for _, parsed in paragraph.sentences)
    for token in paragraph.doc:
        assert token.left_edge.i == token.i == token.right_edge.i and not list(token.children)


WORDS = ["La", "Russie", "a", "condamné", "les", "frappes", "OTAN-Ukraine", "de", "Kiev", ".", "M.", "Lavrov",
         "«", "Nous", "refusons", "»", ",", "Papouasie-Nouvelle-Guinée", "et", "le", "Japon", "ont", "signé",
         "un", "accord", "!", "Il", "est", "parti", "…", "\n", "2024", "Berlin-Est", "-"]


@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40), st.lists(st.booleans(), min_size=1, max_size=40),
       st.lists(st.booleans(), min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_write_back_of_random_sentence_splits_gives_a_consistent_doc(words, spaces, chosen, rng):
    """Any split into sentences, any of them parsed: every arc stays in the paragraph."""
    nlp = get_nlp()
    text = "".join(w + (" " if spaces[i % len(spaces)] else "") for i, w in enumerate(words))
    doc = join_capitalised_compounds(nlp.make_doc(text))
    n = len(doc)
    cuts = sorted(set(rng.sample(range(1, n), rng.randint(0, n - 1)))) if n > 1 else []
    bounds = list(zip([0] + cuts, cuts + [n]))
    sentences = [(s, e, chosen[i % len(chosen)]) for i, (s, e) in enumerate(bounds)]
    windows = _windows(sentences, 4)
    parsed = list(nlp.pipe(_documents(doc, sentences, windows), disable=["join_capitalised_compounds"]))
    kept = write_back(doc, windows, parsed)
    assert kept == [run for _, _, runs in windows for run in runs]
    assert doc.text == text
    for token in doc:
        assert 0 <= token.left_edge.i <= token.i <= token.right_edge.i < n
        assert all(0 <= child.i < n and child.head.i == token.i for child in token.children)
        inside = any(a <= token.i < b for a, b in kept)
        assert bool(token.dep_) == inside and (not inside or any(a <= token.head.i < b for a, b in kept))


def test_a_parse_with_an_arc_leaving_its_run_is_not_written():
    nlp = get_nlp()
    doc = nlp.make_doc("La Russie a condamné les frappes. Il a neigé.")
    sentences = [(0, 7, True), (7, len(doc), False)]
    (sub,) = nlp.pipe(_documents(doc, sentences, _windows(sentences, 0)))
    values = sub.to_array(ANNOTATIONS)[:7]  # the run, without the token of context after it
    assert consistent(values, 7)
    values[0, ANNOTATIONS.index(HEAD)] = 20  # the first token's head 20 tokens on
    assert not consistent(values, 7) and not consistent(values[:5], 7)
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
