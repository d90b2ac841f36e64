from datetime import date

import pycountry
import pytest

from veille.actors import get_dictionary
from veille.nlp import get_nlp


@pytest.fixture(scope="module")
def dictionary():
    return get_dictionary()


def codes(dictionary, phrase, when=None):
    return dictionary.lookup(phrase).codes_at(when)


def test_every_un_member_state_is_named_in_french(dictionary):
    countries = {a.codes[0] for entries in dictionary.exact.values() for a in entries if a.kind == "country"}
    members = {c.alpha_3 for c in pycountry.countries} & countries
    assert len(members) >= 193


def test_at_least_300_persons_with_dated_roles(dictionary):
    persons = {a.name for entries in dictionary.exact.values() for a in entries if a.kind == "person"}
    assert len(persons) >= 300


@pytest.mark.parametrize("phrase, code", [
    ("Russie", "RUS"), ("Moscou", "RUS"), ("Kremlin", "RUS"), ("Maison-Blanche", "USA"), ("Kiev", "UKR"),
    ("Kyiv", "UKR"), ("Pékin", "CHN"), ("OTAN", "NATO"), ("UE", "EU"), ("ONU", "UN"), ("OSCE", "OSCE"),
    ("CEI", "CIS"), ("OCS", "SCO"), ("CEDEAO", "ECOWAS"), ("AIEA", "IAEA"), ("américaines", "USA"), ("russe", "RUS"),
])
def test_names_capitals_metonyms_acronyms_and_demonyms(dictionary, phrase, code):
    assert code in codes(dictionary, phrase)


def test_forum_is_coded_as_its_sides(dictionary):
    assert set(codes(dictionary, "Conseil OTAN-Russie")) == {"NATO", "RUS"}


@pytest.mark.parametrize("variant", ["Poutine", "Putin", "Dimitri Peskov", "Dmitri Peskov", "Volodine", "Volodin",
                                     "Grouchko", "Grushko", "Zelensky", "Zelenskyy", "Zelenski"])
def test_transliterations(dictionary, variant):
    assert dictionary.lookup(variant).kind == "person"


def test_a_person_is_coded_by_the_role_held_on_the_date(dictionary):
    stoltenberg = dictionary.lookup("Jens Stoltenberg")
    assert stoltenberg.codes_at(date(2012, 5, 1)) == ("NOR",)
    assert stoltenberg.codes_at(date(2014, 10, 1)) == ("NATO",)
    assert stoltenberg.codes_at(date(2024, 9, 30)) == ("NATO",)
    assert stoltenberg.codes_at(date(2024, 10, 1)) != ("NATO",)


def test_matching_is_case_sensitive_for_names_only(dictionary):
    doc = get_nlp().make_doc("La poutine est un plat québécois ; Poutine et les autorités Russes en ont parlé.")
    found = [(m.span.text, m.actor.kind) for m in dictionary.find(doc)]
    assert found == [("Poutine", "person"), ("Russes", "demonym")]


def test_hyphenated_compounds_stay_one_token_and_name_both_sides(dictionary):
    doc = get_nlp()("Le Conseil OTAN-Russie s'est réuni à Genève. Les relations Russie-OTAN restent tendues.")
    assert [t.text for t in doc][2] == "OTAN-Russie"
    assert [s.text for s in doc.sents][0] == "Le Conseil OTAN-Russie s'est réuni à Genève."
    sides = [set(m.actor.codes) for m in dictionary.find(doc)]
    assert sides == [{"NATO", "RUS"}, {"NATO", "RUS"}]
