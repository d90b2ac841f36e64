"""Whether an event happened (veille.coder.modality): negation, words that absorb the event
they govern, aims, gerunds, allegations, topics of other events and stances."""
import pytest

from .coder_cases import code_articles, events, only

CASES = {
    "ni_ni": "Ni la France ni l'Allemagne n'ont condamné l'attaque.",
    "personne": "Personne n'a rencontré le ministre iranien.",
    "cesser": "La Russie a cessé de bombarder Kharkiv.",
    "eviter": "La Chine a évité de condamner la Russie.",
    "songer": "La Turquie songe à sanctionner la Suède.",
    "renoncer": "La Russie a renoncé à attaquer Odessa.",
    "refuse_to_meet": "Le Premier ministre hongrois a refusé de rencontrer le président ukrainien.",
    "ni_ni_verbs": "La Chine n'a ni condamné ni soutenu l'offensive russe.",
    "purpose": "La Pologne a convoqué l'ambassadeur russe pour protester contre les violations de son espace aérien.",
    "journey_arrive": "Macron arrive à Moscou pour s'entretenir avec Poutine.",
    "journey_se_rendre": "Le ministre français se rend à Pékin pour rencontrer son homologue chinois.",
    "gerund": "La Lituanie a fermé sa frontière avec la Biélorussie, en exigeant le retrait des troupes russes.",
    "alleged": "L'Ukraine accuse la Russie de détruire les infrastructures civiles.",
    "topic_of_protest": "Le Japon a protesté contre l'annexion de la Crimée par la Russie.",
    "denial_keeps_object": ("La Russie et la Biélorussie ont démenti tout lien entre leurs exercices militaires et la "
                            "crise en Ukraine."),
    "refuse_view": "La Hongrie refuse la grande réforme européenne.",
    "refuse_proposal": "La Hongrie a refusé la proposition de la Commission européenne.",
    "pas_encore": "La Russie n'a pas encore retiré ses troupes de Transnistrie.",
    "a_defaut": "À défaut de médiation turque entre la Russie et l'Ukraine, le conflit s'enlise.",
    "soutenir_que_glued": ("Le ministre hongrois a répondu mardi aux journalistes, soutenant qu'\"il ne voyait aucun "
                           "danger\" dans la politique de la Serbie."),
    "craindre": "Les autorités lettones craignent de devoir expulser les diplomates russes.",
    "dissuader": "L'OTAN a déployé des navires en mer Baltique pour dissuader une attaque russe.",
    "risque": "Les experts évoquent le risque d'une invasion chinoise de Taïwan.",
    "quote_unreal": ("« Nous ferons tout pour décourager la Russie de toute agression contre la Moldavie et ses "
                     "voisins européens », a déclaré le ministre roumain."),
    "aucun_scenario": "Il n'existe aucun scénario dans lequel la Pologne serait attaquée par la Biélorussie.",
    "si_clause": "Le Kremlin s'expose à de lourdes sanctions s'il attaque la Moldavie.",
    "meme_si": "Même si la Russie a bombardé Odessa mardi, les pourparlers continuent.",
    "en_cas_de": "En cas d'invasion de Taïwan par la Chine, le Japon enverrait des navires.",
    "conjoined_under_governor": "Les Européens doivent cesser d'équiper la Géorgie et la pousser vers des pourparlers avec la Russie.",
    "approve_an_idea": "Le président américain approuve cette idée et l'a présentée comme une réussite.",
    "deny_the_obvious": "Le gouvernement serbe nie l'évidence.",
    "deny_any": "Minsk a démenti toute violation.",
    "deny_involvement": "La Serbie nie toute implication dans l'attaque contre le Kosovo.",
    "plutot_que": "La Serbie a préféré attendre plutôt que de sanctionner la Russie.",
    "au_lieu_de": "Au lieu de négocier avec l'Ukraine, la Russie a bombardé Kharkiv.",
    "tandis_que": ("Le Japon a condamné mardi le tir d'un missile par la Corée du Nord, tandis que la Chine a "
                   "appelé au calme."),
}


@pytest.fixture(scope="module")
def coded():
    return code_articles(CASES)


def types(doc):
    return {e["type"] for e in doc.events}


def test_ni_ni_negates(coded):
    event = only(coded["ni_ni"], "ACCUSE")
    assert set(event["actors"]) == {"FRA", "DEU"} and event["context"] == ["negation"]
    assert not events(coded["ni_ni"], type="ASSAULT")


def test_personne_n_a_is_no_meeting(coded):
    assert coded["personne"].events == []


@pytest.mark.parametrize("case", ["cesser", "eviter", "songer"])
def test_governing_verb_absorbs_the_event(coded, case):
    assert coded[case].events == []


@pytest.mark.parametrize("case, type, actors, recipients, absorbed", [
    ("renoncer", "CONCEDE", ["RUS"], [], "ASSAULT"),
    ("refuse_to_meet", "REJECT", ["HUN"], ["UKR"], "CONSULT"),
])
def test_a_renounced_or_refused_deed_is_only_the_refusal(coded, case, type, actors, recipients, absorbed):
    event = only(coded[case], type)
    assert (event["actors"], event["recipients"]) == (actors, recipients)
    assert not events(coded[case], type=absorbed)


def test_ni_ni_on_verbs_negates_both(coded):
    doc = coded["ni_ni_verbs"]
    for type in ("ACCUSE", "SUPPORT"):
        event = only(doc, type)
        assert (event["actors"], event["recipients"], event["context"]) == (["CHN"], ["RUS"], ["negation"])


def test_what_is_neither_condemned_nor_supported_is_no_event(coded):
    assert not events(coded["ni_ni_verbs"], type="ASSAULT")


def test_purpose_clause_is_no_event(coded):
    """The summons happened; the protest it was made for is not a second event."""
    assert [(e["type"], e["actors"], e["recipients"]) for e in coded["purpose"].events] == [("ACCUSE", ["POL"], ["RUS"])]


def test_meeting_a_journey_is_made_for_is_a_future_event(coded):
    event = only(coded["journey_arrive"], "CONSULT")
    assert set(event["actors"]) == {"FRA", "RUS"} and event["context"] == ["future"]


def test_meeting_after_se_rendre_is_future_too(coded):
    event = only(coded["journey_se_rendre"], "CONSULT")
    assert set(event["actors"]) == {"FRA", "CHN"} and event["context"] == ["future"]


def test_gerund_is_an_event(coded):
    event = only(coded["gerund"], "REQUEST")
    assert event["actors"] == ["LTU"] and event["context"] == []
    assert not events(coded["gerund"], type="RETREAT")  # demanded, not done


def test_accusation_alleges_without_asserting(coded):
    assert sorted(types(coded["alleged"])) == ["ACCUSE"]
    assert only(coded["alleged"], "ACCUSE")["recipients"] == ["RUS"]


def test_what_a_protest_is_about_is_no_event(coded):
    event = only(coded["topic_of_protest"], "ACCUSE")
    assert (event["actors"], event["recipients"]) == (["JPN"], ["RUS"])
    assert types(coded["topic_of_protest"]) == {"ACCUSE"}


def test_a_denial_keeps_its_object(coded):
    doc = coded["denial_keeps_object"]
    assert set(only(doc, "REJECT")["actors"]) == {"RUS", "BLR"}
    assert set(only(doc, "MOBILIZE")["actors"]) == {"RUS", "BLR"}


def test_a_denial_has_no_invented_recipient(coded):  # "lien" was looked up as a place
    assert "CHN" not in only(coded["denial_keeps_object"], "REJECT")["recipients"]


def test_refusing_a_view_is_a_stance_refusing_a_proposal_a_rejection(coded):
    assert not events(coded["refuse_view"], type="REJECT")
    event = only(coded["refuse_proposal"], "REJECT")
    assert (event["actors"], event["recipients"]) == (["HUN"], ["EU"])


def test_a_tandis_que_clause_is_its_own_event(coded):
    assert only(coded["tandis_que"], "REQUEST")["actors"] == ["CHN"]
    assert only(coded["tandis_que"], "ACCUSE")["recipients"] == ["PRK"]


def test_a_negation_held_by_another_adverb_negates(coded):
    """"n'a pas encore retiré": the parser hangs "pas" under "encore"."""
    assert only(coded["pas_encore"], "RETREAT")["context"] == ["negation"]


def test_what_is_missing_did_not_happen(coded):
    """"à défaut de médiation": a noun of absence governs the event noun."""
    assert not [e for e in events(coded["a_defaut"], type="CONSULT") if "negation" not in e["context"]]


def test_soutenir_que_is_saying_even_when_que_is_glued_to_a_quote_mark(coded):
    assert not events(coded["soutenir_que_glued"], type="SUPPORT")


@pytest.mark.parametrize("case, type", [("craindre", None), ("dissuader", "ASSAULT"), ("risque", "ASSAULT")])
def test_what_is_feared_deterred_or_risked_did_not_happen(coded, case, type):
    assert (events(coded[case], type=type) if type else coded[case].events) == []


def test_a_judgement_word_on_an_unreal_noun_in_a_quote_is_no_accusation(coded):
    """"décourager la Russie de toute agression": no aggression is judged."""
    assert not events(coded["quote_unreal"], type="ACCUSE")


def test_a_relative_clause_of_no_thing_did_not_happen(coded):
    assert not [e for e in coded["aucun_scenario"].events if "negation" not in e["context"]]


@pytest.mark.parametrize("case", ["si_clause", "en_cas_de"])
def test_what_a_condition_supposes_is_no_event(coded, case):
    assert not events(coded[case], type="ASSAULT")


def test_meme_si_concedes_the_event(coded):
    assert only(coded["meme_si"], "ASSAULT")["actors"] == ["RUS"]


def test_a_governing_verb_absorbs_both_conjoined_clauses(coded):
    """"cesser d'équiper X et la pousser vers des pourparlers": the talks are only demanded too."""
    assert coded["conjoined_under_governor"].events == []


@pytest.mark.parametrize("case, type", [("approve_an_idea", "SUPPORT"), ("deny_the_obvious", "REJECT")])
def test_supporting_or_denying_a_thing_is_a_view(coded, case, type):
    assert not events(coded[case], type=type)


@pytest.mark.parametrize("case, actor", [("deny_involvement", "SRB"), ("deny_any", "BLR")])
def test_denying_an_involvement_or_any_fault_is_a_rejection(coded, case, actor):
    assert only(coded[case], "REJECT")["actors"] == [actor]


def test_the_alternative_not_taken_is_negated(coded):
    assert only(coded["plutot_que"], "SANCTION")["context"] == ["negation"]
    assert only(coded["au_lieu_de"], "CONSULT")["context"] == ["negation"]
    assert only(coded["au_lieu_de"], "ASSAULT")["context"] == []
