"""veille's spaCy pipeline gives the annotations of the model's own components."""
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from threadpoolctl import threadpool_info

from veille.nlp import BLAS_THREADS, MODEL, get_nlp, join_capitalised_compounds, parsing

TEXTS = ["Le porte-parole du Kremlin, Dmitri Peskov, a déclaré mardi que la Russie était prête à discuter.",
         "La  Russie a\n condamné   les frappes .  ", " Moscou\t\ta dit « non ». ", "\n", "Le Conseil OTAN-Russie"]


def test_tags_from_pos_does_what_the_model_attribute_ruler_does():
    nlp = get_nlp()
    assert "tags_from_pos" in nlp.pipe_names and "attribute_ruler" not in nlp.pipe_names
    model = spacy.load(MODEL, exclude=["ner"])
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
    for text in TEXTS:
        ours = nlp(text)
        theirs = model(join_capitalised_compounds(model.make_doc(text)))
        assert (ours.to_array(attrs) == theirs.to_array(attrs)).all(), text


def test_matrix_products_go_to_numpy_blas_with_one_thread_while_parsing():
    layers = [layer for _, pipe in get_nlp().pipeline if getattr(pipe, "model", None) for layer in pipe.model.walk()]
    assert layers and all(not layer.ops.use_blis for layer in layers)
    threads = [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]
    with parsing():
        assert {pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"} == {BLAS_THREADS}
    assert [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"] == threads


def test_lemmatizer_index_as_sets_gives_the_model_lemmas():
    ours = get_nlp().get_pipe("lemmatizer")
    theirs = spacy.load(MODEL, exclude=["ner"]).get_pipe("lemmatizer")
    assert all(isinstance(words, frozenset) for words in ours.lookups.get_table("lemma_index").values())
    forms = ["rencontrera", "sanctionnées", "frappes", "dirigeants", "négociait", "menacèrent", "accueillis",
             "pourparlers", "ukrainiennes", "retirées", "xyzzyées"]
    for pos in ["NOUN", "VERB", "ADJ", "ADV", "AUX", "PRON", "DET", "ADP", "PROPN"]:
        for ours_token, theirs_token in zip(spacy.tokens.Doc(ours.vocab, words=forms, pos=[pos] * len(forms)),
                                            spacy.tokens.Doc(theirs.vocab, words=forms, pos=[pos] * len(forms))):
            assert ours.rule_lemmatize(ours_token) == theirs.rule_lemmatize(theirs_token), (ours_token.text, pos)
