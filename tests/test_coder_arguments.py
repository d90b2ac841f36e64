"""The sides of an event (veille.coder.arguments): one construction per case, on sentences
written for these tests."""
import pytest

from .coder_cases import code_articles, events, only

CASES = {
    "place_target": "L'Allemagne a envoyé des munitions à Varsovie mardi.",
    "meeting_venue": "Les ministres russe et américain se sont rencontrés à Genève lundi.",
    "visited_city": "Le président français s'est rendu à Kiev mardi.",
    "frame_target": "Le Kazakhstan a accueilli des réfugiés afghans.",
    "embedded_target": "Berlin a exhorté Washington à livrer des chars à Kiev.",
    "passive_par": "Le diplomate biélorusse a été expulsé par la Lituanie vendredi.",
    "pronominal": "Les troupes russes se sont retirées de la région de Kherson.",
    "coordinated_subjects": "Paris et Berlin se sont entretenus mardi sur la défense européenne.",
    "cut_off_subject": "Macron arrive à Moscou pour s'entretenir avec Poutine.",
    "relative_qui": "Le ministre lituanien, qui a condamné les manœuvres russes, a quitté Vilnius mardi.",
    "genitive_author": "L'offensive de la Russie a commencé à l'aube.",
    "genitive_place": "Moscou a poursuivi mardi le bombardement de Kharkiv.",
    "genitive_place_with_agent": "Le bombardement de Kharkiv par l'armée russe a fait trois morts.",
    "counting_noun": "L'UE a adopté un train de sanctions contre la Russie.",
    "against_is_not_source": "Les mesures contre la Russie ont été prolongées de six mois.",
    "il_est_temps": "Il est temps de négocier avec la Russie.",
    "il_est_necessaire": "Il est nécessaire de négocier avec Moscou.",
    "generic_on": "On a négocié pendant des heures avec les Iraniens.",
    "common_noun_tir": "Le Japon a condamné mardi le tir d'un missile.",
    "counting_noun_paquet": "Les ministres de l'UE ont adopté mardi un nouveau paquet de sanctions contre l'Iran.",
    "summit_venue": "Le sommet de l'OTAN s'est tenu à Vilnius mardi en présence du président ukrainien.",
    "leaders_met": "Les dirigeants européens se sont réunis à Bruxelles mardi avec le président ukrainien.",
    "treaty_between": "Un accord de coopération signé entre la Serbie et la Hongrie entre en vigueur lundi.",
    "decision_of": "Vilnius a confirmé mardi la décision de la Lettonie d'empêcher le transit de marchandises biélorusses.",
    "refusal_of": "Bruxelles a regretté le refus de la Serbie d'imposer des sanctions à la Russie.",
    "fronted_adjective": "Unis comme jamais, États-Unis et Union européenne ont adopté de lourdes sanctions économiques contre la Syrie.",
    "order": "Le président turc a ordonné le déploiement de troupes à la frontière syrienne.",
    "order_to": "Le président russe a ordonné jeudi à la Moldavie de retirer ses troupes de la frontière.",
    "agent_against": "L'offensive déclenchée par ces derniers contre la Géorgie a échoué.",
    "participle_with_agent": "Le Premier ministre hongrois fut le dirigeant le plus critiqué et dénoncé par les éditorialistes.",
    "juxtaposed_clauses": ("Les Arméniens tiennent, les dirigeants occidentaux se sont accordés sur des sanctions "
                           "contre l'Azerbaïdjan."),
    "clitic_in_frame": "La Pologne a reçu le chancelier allemand. Il lui a livré des armes.",
}


@pytest.fixture(scope="module")
def coded():
    return code_articles(CASES)


def sides(event):
    return set(event["actors"]), set(event["recipients"])


@pytest.mark.parametrize("case, type, actors, recipients", [
    ("place_target", "AID", {"DEU"}, {"POL"}),
    ("meeting_venue", "CONSULT", {"RUS", "USA"}, set()),
    ("visited_city", "CONSULT", {"FRA", "UKR"}, set()),
    ("frame_target", "AID", {"KAZ"}, {"AFG"}),
    ("passive_par", "SANCTION", {"LTU"}, {"BLR"}),
    ("pronominal", "RETREAT", {"RUS"}, set()),
    ("coordinated_subjects", "CONSULT", {"FRA", "DEU"}, set()),
    ("relative_qui", "ACCUSE", {"LTU"}, {"RUS"}),
    ("genitive_place", "ASSAULT", {"RUS"}, {"UKR"}),
    ("counting_noun", "SANCTION", {"EU"}, {"RUS"}),
    ("clitic_in_frame", "AID", {"DEU"}, {"POL"}),
    ("treaty_between", "AGREE", {"SRB", "HUN"}, set()),
    ("decision_of", "COERCE", {"LVA"}, {"BLR"}),
    ("fronted_adjective", "SANCTION", {"USA", "EU"}, {"SYR"}),  # "Unis", read as the subject, names nobody  # "la décision de X de faire": X does it  # "un accord signé entre X et Y"
    ("counting_noun_paquet", "SANCTION", {"EU"}, {"IRN"}),
    ("summit_venue", "CONSULT", {"NATO", "UKR"}, set()),
    ("leaders_met", "CONSULT", {"EU", "UKR"}, set()),
])
def test_sides(coded, case, type, actors, recipients):
    assert sides(only(coded[case], type)) == (actors, recipients)


def test_a_meeting_venue_is_not_a_participant(coded):
    event = only(coded["meeting_venue"], "CONSULT")
    assert "CHE" not in event["actors"] + event["recipients"]
    assert event["date"] == "2024-03-11"


def test_embedded_target_of_a_demand(coded):
    """"exhorter X à livrer des chars à Y": both X and Y are what the demand is aimed at, and
    the delivery, only demanded, is no event."""
    doc = coded["embedded_target"]
    assert sides(only(doc, "REQUEST")) == ({"DEU"}, {"USA", "UKR"})
    assert not events(doc, type="AID")


def test_passive_agent_is_the_actor_and_the_date_is_the_weekday(coded):
    assert only(coded["passive_par"], "SANCTION")["date"] == "2024-03-08"


def test_pronominal_verb_keeps_its_subject_as_actor(coded):
    assert not any("RUS" in e["recipients"] for e in coded["pronominal"].events)


def test_cut_off_subject_of_a_journey_to_meet(coded):
    event = only(coded["cut_off_subject"], "CONSULT")
    assert set(event["actors"]) == {"FRA", "RUS"} and event["context"] == ["future"]


def test_genitive_of_an_event_noun_is_its_author(coded):
    assert sides(only(coded["genitive_author"], "ASSAULT")) == ({"RUS"}, set())


def test_genitive_place_is_the_target_even_with_an_agent(coded):
    assert sides(only(coded["genitive_place_with_agent"], "ASSAULT")) == ({"RUS"}, {"UKR"})


def test_what_measures_are_against_is_not_their_source(coded):
    assert not any("RUS" in e["actors"] for e in coded["against_is_not_source"].events)


@pytest.mark.parametrize("case", ["il_est_temps", "il_est_necessaire", "generic_on"])
def test_impersonal_and_generic_subjects_give_no_event(coded, case):
    assert coded[case].events == []


def test_a_common_noun_is_not_a_place(coded):
    event = only(coded["common_noun_tir"], "ACCUSE")
    assert event["actors"] == ["JPN"] and "LBN" not in event["recipients"]


def test_an_order_tells_the_ordered_act_as_done_by_the_orderer(coded):
    assert only(coded["order"], "MOBILIZE")["actors"] == ["TUR"]
    assert not events(coded["order"], type="REQUEST")  # an order to one's own forces asks nobody


def test_an_order_to_another_actor_is_a_request(coded):
    assert only(coded["order_to"], "REQUEST")["recipients"] == ["MDA"]
    assert not events(coded["order_to"], type="RETREAT")  # what is ordered is not done yet


def test_what_a_refusal_noun_governs_is_not_done(coded):
    assert not events(coded["refusal_of"], type="SANCTION")  # "le refus de X d'imposer des sanctions"


def test_the_target_of_an_agent_is_no_source(coded):
    """"déclenchée par ces derniers contre la Géorgie": Georgia is attacked, whoever "ces derniers" are."""
    assert not [e for e in coded["agent_against"].events if "GEO" in e["actors"]]


def test_the_subject_of_a_participle_with_an_agent_is_its_target(coded):
    """"fut le dirigeant ... dénoncé par les éditorialistes": the agent denounces, the subject is denounced."""
    assert not [e for e in coded["participle_with_agent"].events if "HUN" in e["actors"]]


def test_a_juxtaposed_clause_keeps_its_own_subject(coded):
    """"Les Arméniens tiennent, les dirigeants occidentaux se sont accordés": the parser hangs the
    second subject on the first verb as its object; Armenia is not the one sanctioning."""
    assert not [e for e in coded["juxtaposed_clauses"].events if "ARM" in e["actors"]]
