"""The event lexicon (veille.coder.lexicon): rows are validated with the file and line named,
the files cover every PLOVER type, and matching honours spelling variants, contractions and
context words."""
from collections import Counter

import pytest

from veille.coder.lexicon import EVENT_TYPES, LexiconError, lexicon, read_trigger, triggers

from .coder_cases import code_articles, events, only

ROW = {"lemma": "livrer", "pos": "VERB", "type": "AID", "mode": "", "requires": "", "roles": "", "target": "à"}


def test_a_valid_row_reads():
    trigger = read_trigger(ROW | {"requires": "arme, char"}, "triggers.tsv:3")
    assert (trigger.lemmas, trigger.type, trigger.requires, trigger.targets) == (
        ("livrer",), "AID", frozenset({"arme", "char"}), frozenset({"à"}))


@pytest.mark.parametrize("column, value", [
    ("type", "ATTACK"), ("pos", "ADV"), ("roles", "agent"), ("target", "dans"), ("target", "à|derrière"),
])
def test_a_bad_row_names_file_line_and_value(column, value):
    with pytest.raises(LexiconError) as error:
        read_trigger(ROW | {column: value}, "data/events/triggers.tsv:42")
    message = str(error.value)
    assert message.startswith("data/events/triggers.tsv:42: ") and column in message
    assert repr(value.split("|")[-1]) in message


def test_a_missing_column_is_named():
    with pytest.raises(LexiconError, match=r"^x.tsv:7: missing column roles"):
        read_trigger({k: v for k, v in ROW.items() if k != "roles"}, "x.tsv:7")


def test_the_files_cover_every_type():
    entries = triggers()
    assert len(entries) >= 1500
    counts = Counter(t.type for t in entries)
    assert {t: counts[t] for t in EVENT_TYPES if counts[t] < 20} == {}


def test_entries_needing_a_context_word_come_first():
    for entries in lexicon().values():
        for before, after in zip(entries, entries[1:]):
            if len(before.lemmas) == len(after.lemmas):
                assert before.requires or not after.requires


CASES = {
    "manoeuvre": "L'armée russe a mené des manoeuvres près de la frontière finlandaise.",
    "manœuvre": "L'armée russe a mené des manœuvres près de la frontière finlandaise.",
    "aux_for_à": "Varsovie a fait appel aux alliés de l'OTAN.",
    "au_for_à": "Varsovie a fait appel au Conseil de sécurité.",
    "appeal_in_court": "Varsovie a fait appel de la décision de la Commission européenne.",
    "denounce_treaty": "La Russie a dénoncé mardi l'accord de 1987 avec les États-Unis.",
    "denounce_deliveries": "La Russie a dénoncé mardi les livraisons d'armes américaines à l'Ukraine.",
    "joint_manoeuvres": "La Chine et la Russie ont mené des manœuvres conjointes en mer du Japon.",
    "prison_sentence": "Un tribunal russe a condamné mardi un journaliste à dix ans de prison.",
    "designate_as_threat": "Le Japon désigne la Corée du Nord comme une menace grave.",
    "evidence": "Les services ukrainiens ont présenté des preuves de l'implication de la Biélorussie.",
    "blacklist": "L'Australie a inscrit trois banques iraniennes sur sa liste noire.",
    "insult": "Le ministre polonais a qualifié le président biélorusse de dictateur.",
    "helmets": "L'Espagne a envoyé des casques et des gilets à l'armée ukrainienne.",
    "blocked_evacuation": "L'Azerbaïdjan a bloqué l'évacuation des blessés arméniens.",
    "build_up_again": "La reconcentration des troupes serbes près du Kosovo inquiète l'OTAN.",
    "gas_cut": "Gazprom a réduit mardi ses livraisons de gaz à la Bulgarie.",
    "party_ban": "Le Parlement kirghiz a voté mardi la liquidation de trois partis d'opposition.",
    "entry_ban": "La Lettonie a interdit l'entrée sur son territoire à trois députés russes.",
    "raised_with": "Le ministre turc a évoqué auprès de son homologue grec la question des migrants.",
}


@pytest.fixture(scope="module")
def coded():
    return code_articles(CASES)


@pytest.mark.parametrize("case", ["manoeuvre", "manœuvre"])
def test_both_spellings_of_manoeuvre_match(coded, case):
    event = only(coded[case], "MOBILIZE")
    assert (event["actors"], event["recipients"]) == (["RUS"], ["FIN"])


@pytest.mark.parametrize("case, recipient", [("aux_for_à", "NATO"), ("au_for_à", "UN")])
def test_au_and_aux_satisfy_a_required_à(coded, case, recipient):
    event = only(coded[case], "REQUEST")
    assert (event["actors"], event["recipients"]) == (["POL"], [recipient])


def test_a_required_word_missing_is_no_match(coded):
    assert not events(coded["appeal_in_court"], type="REQUEST")  # "faire appel de": a court appeal


def test_a_context_word_picks_the_specific_reading(coded):
    event = only(coded["denounce_treaty"], "SANCTION")
    assert (event["actors"], event["recipients"]) == (["RUS"], ["USA"])
    assert not events(coded["denounce_treaty"], type="ACCUSE")
    assert only(coded["denounce_deliveries"], "ACCUSE")["actors"] == ["RUS"]
    assert set(only(coded["joint_manoeuvres"], "COOPERATE")["actors"]) >= {"CHN", "RUS"}


def test_a_sea_named_after_a_country_is_no_participant(coded):
    assert set(only(coded["joint_manoeuvres"], "COOPERATE")["actors"]) == {"CHN", "RUS"}


def test_a_prison_sentence_is_a_sanction(coded):
    assert only(coded["prison_sentence"], "SANCTION")["actors"] == ["RUS"]


@pytest.mark.parametrize("case, type, actors, recipients", [
    ("designate_as_threat", "ACCUSE", {"JPN"}, {"PRK"}),  # désigner X comme une menace
    ("evidence", "ACCUSE", {"UKR"}, {"BLR"}),  # présenter des preuves de
    ("blacklist", "SANCTION", {"AUS"}, {"IRN"}),  # inscrire sur une liste
    ("insult", "ACCUSE", {"POL"}, {"BLR"}),  # qualifier X de dictateur
    ("helmets", "AID", {"ESP"}, {"UKR"}),
    ("blocked_evacuation", "COERCE", {"AZE"}, {"ARM"}),
    ("build_up_again", "MOBILIZE", {"SRB"}, None),
    ("raised_with", "CONSULT", {"TUR", "GRC"}, set()),  # évoquer auprès de
    ("gas_cut", "SANCTION", {"RUS"}, {"BGR"}),
    ("entry_ban", "SANCTION", {"LVA"}, {"RUS"}),  # a ban on entry restricts, it rejects nothing  # réduire les livraisons; Gazprom acts for Russia
    ("party_ban", "COERCE", {"KGZ"}, {"KGZ"}),  # la liquidation des partis
])
def test_everyday_predicates(coded, case, type, actors, recipients):
    event = only(coded[case], type)
    assert set(event["actors"]) == actors
    assert recipients is None or set(event["recipients"]) == recipients
