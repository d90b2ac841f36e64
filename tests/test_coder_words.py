"""The French word classes (veille.coder.words, data/grammar/words.toml): the file loads, every class
is a non-empty list of distinct lower-case words, and a bad class fails with the file and class named."""
import tomllib

import pytest

from veille.coder import words
from veille.coder.words import WORDS_FILE, WordClasses, WordClassError

TABLES = tomllib.loads(WORDS_FILE.read_text(encoding="utf-8"))
LISTS = [(name, key, listed) for name, table in TABLES.items() for key, listed in table.items()]


def test_the_file_ships_with_the_package_and_loads():
    assert WORDS_FILE.is_file()
    assert "projet" in words.PROPOSALS and "exigence" in words.PROPOSALS
    assert words.CASE_FORMS["de"] == ("de", "du", "des", "d'", "d’")
    assert words.CONTRACTIONS["aux"] == "à" and words.PRONOUN_GENDER["celles-ci"] == "Fem"


@pytest.mark.parametrize("name, key, listed", LISTS, ids=[f"{name}.{key}" for name, key, _ in LISTS])
def test_every_class_is_distinct_lower_case_words(name, key, listed):
    assert listed and all(isinstance(word, str) and word and word == word.lower() for word in listed)
    assert len(set(listed)) == len(listed), [word for word in listed if listed.count(word) > 1]


def test_every_class_in_the_file_is_read_by_the_coder():
    module_names = {name for name in vars(words) if name.isupper()}
    assert {name.upper() for name in TABLES} <= module_names


@pytest.mark.parametrize("text, problem", [
    ("[other]\nwords = ['a']\n", "no word class [negators]"),
    ("[negators]\nwords = 'pas'\n", "[negators] words must be a non-empty list of words"),
    ("[negators]\nwords = []\n", "[negators] words must be a non-empty list of words"),
    ("[negators]\nwords = ['pas', 'jamais', 'pas']\n", "[negators] words lists pas twice"),
    ("[negators]\nwords = ['pas']\nforms = ['point']\n", "[negators] must hold one key, words"),
    ("[negators\n", "cannot read the word classes"),
])
def test_a_bad_class_names_the_file_and_the_class(tmp_path, text, problem):
    path = tmp_path / "words.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(WordClassError) as error:
        WordClasses(path).words("negators")
    assert str(error.value).startswith(f"{path}: ") and problem in str(error.value)
