"""Helpers for the coder tests: code a set of short articles written for the tests (one
`veille.extract` per article, so the article-level fallbacks see only that article) and
pick events out of them."""
from __future__ import annotations

from veille import extract
from veille.records import Document

PUBLISHED = "2024-03-12"  # a Tuesday: "mardi" is that day


def code_articles(cases: dict[str, str]) -> dict[str, Document]:
    """Each case's text coded as the body of an article published on PUBLISHED."""
    return {name: extract("Dépêche\n" + text, published=PUBLISHED) for name, text in cases.items()}


def events(doc: Document, **fields) -> list[dict]:
    """The document's events whose fields equal the given values (lists compared as sets)."""
    def same(value, wanted):
        return set(value) == set(wanted) if isinstance(wanted, (list, tuple, set)) else value == wanted
    return [e for e in doc.events if all(same(e[k], v) for k, v in fields.items())]


def only(doc: Document, type: str) -> dict:
    """The single event of that type in the document."""
    found = events(doc, type=type)
    assert len(found) == 1, [(e["type"], e["actors"], e["recipients"]) for e in doc.events]
    return found[0]
