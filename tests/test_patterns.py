import re

import pytest

from veille.patterns import boilerplate, line_category, required_literals


def _reference(line: str) -> str | None:
    """All patterns as one alternation searched in file order: the category rule."""
    unnamed = re.compile(r"[(][?]P<\w+>")
    branches = [f"(?P<{category}__{n}>{unnamed.sub('(?:', p.pattern)})" for n, (category, p) in enumerate(boilerplate())]
    m = re.compile("|".join(branches), re.IGNORECASE).search(line)
    return m.lastgroup.split("__")[0] if m else None


@pytest.mark.parametrize("line", [
    "La Pologne commande de nouveaux chars Suivant »",  # "^A|B": B is not anchored
    "Minsk annonce des exercices conjoints Next >",
    "« Précédent : la Pologne commande de nouveaux chars",
])
def test_a_pattern_with_an_unanchored_alternative_is_searched_in_the_whole_line(line):
    assert line_category(line) == _reference(line) == "prevnext"


@pytest.mark.parametrize("line, category", [
    ("Nouvelles sanctions – MİS À JOUR le 3 mai 2024", "dateline"),  # "İ" lowercases to "i" and a combining dot
    ("Poſted on May 3, 2024", "dateline"),  # the long s is an "s" to the regex engine
    ("Le président a inauguré le nouveau pont | ", "caption"),
    ("Les marchés ont réagi avec prudence à l'annonce, le cours reculant en fin de séance.", None),
])
def test_skipping_patterns_whose_literals_a_line_lacks_changes_no_category(line, category):
    assert line_category(line) == _reference(line) == category


def test_required_literals_are_read_from_the_pattern():
    assert required_literals(re.compile(r"\bcookies?\b.*\b(?:accept|utilis)", re.IGNORECASE)) == ("cookie",)
    assert required_literals(re.compile(r"(?:Photos?|Vidéo)\s*:", re.IGNORECASE)) == ("photo", "vidéo")  # longer than ":"
    assert required_literals(re.compile(r"\|\s*$|^\d+$", re.IGNORECASE)) is None  # one branch has none
