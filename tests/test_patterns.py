import re

import pytest

from veille.patterns import boilerplate, line_category


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
