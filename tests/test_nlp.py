"""veille's spaCy pipeline gives the annotations of the model's own components."""
import spacy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from veille.nlp import MODEL, get_nlp, join_capitalised_compounds

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
