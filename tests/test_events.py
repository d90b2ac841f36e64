"""One test per construction the French coder handles, on sentences written for the project."""
import pytest

from veille import extract

CASES = {
    "active": ("Le Japon a condamné mercredi le tir d'un missile par la Corée du Nord.", "2024-03-06"),
    "passive": ("Le diplomate russe a été expulsé jeudi par la Pologne.", "2024-03-08"),
    "negation": ("La Russie n'a pas rencontré les représentants de l'Union européenne.", "2024-03-06"),
    "reported": ("Le porte-parole du Kremlin, Dmitri Peskov, a déclaré que la Russie était prête à discuter "
                 "avec les États-Unis.", "2024-03-06"),
    "reported_pronoun": ("Jens Stoltenberg a affirmé qu'il était disposé à rencontrer Vladimir Poutine.", "2019-03-06"),
    "coordination": ("La France et l'Allemagne ont condamné mercredi les frappes russes contre Kiev.", "2024-03-06"),
    "coordinated_meeting": ("Les ministres turc et grec des Affaires étrangères se sont rencontrés mardi à Athènes.",
                            "2024-03-06"),
    "nominal": ("La Russie a annexé la Crimée en mars 2014. L'annexion de la Crimée par la Russie en 2014 a "
                "provoqué une crise profonde.", "2024-03-06"),
    "conditional": ("Si Moscou acceptait un cessez-le-feu, l'Ukraine rencontrerait la Russie.", "2024-03-06"),
    "future": ("Le président ukrainien rencontrera le chancelier allemand à Berlin le 12 mars.", "2024-03-06"),
    "tomorrow": ("Les ministres de l'OTAN se réuniront demain à Bruxelles avec leurs homologues ukrainiens.", "2024-03-06"),
    "yesterday": ("Hier, la Turquie a accusé la Grèce de violer son espace aérien.", "2024-03-06"),
    "weekday": ("Lundi, le Japon a protesté contre le tir d'un missile nord-coréen.", "2024-03-06"),
    "same_event_twice": ("La Chine et l'Inde ont tenu des négociations à Pékin le 4 mars. Cette rencontre a duré "
                         "quatre heures.", "2024-03-06"),
    "role_2012": ("Jens Stoltenberg a rencontré le président russe Vladimir Poutine à Moscou.", "2012-05-10"),
    "role_2016": ("Jens Stoltenberg a rencontré le président russe Vladimir Poutine à Moscou.", "2016-05-10"),
    "role_phrase": ("Le chef de la diplomatie lituanienne a dénoncé jeudi les manœuvres militaires russes.", "2024-03-07"),
    "quote": ("« Nous ne tolérerons aucune violation de notre espace aérien », a déclaré le porte-parole du "
              "Kremlin, Dmitri Peskov.", "2024-03-06"),
}


@pytest.fixture(scope="module")
def coded():
    return {name: extract("Titre de la dépêche\n" + text, published=published)
            for name, (text, published) in CASES.items()}


def events(coded, name, **fields):
    return [e for e in coded[name].events if all(e[k] == v for k, v in fields.items())]


def test_active_voice_with_a_nominal_object(coded):
    (event,) = events(coded, "active", type="ACCUSE")
    assert event["actors"] == ["JPN"] and event["recipients"] == ["PRK"] and event["date"] == "2024-03-06"


def test_passive_agent_is_the_source(coded):
    (event,) = coded["passive"].events
    assert (event["type"], event["actors"], event["recipients"]) == ("SANCTION", ["POL"], ["RUS"])
    assert event["date"] == "2024-03-07"  # jeudi before a Friday publication


def test_negation(coded):
    (event,) = coded["negation"].events
    assert event["type"] == "CONSULT" and "negation" in event["context"]


def test_reported_speech_offer_is_agree(coded):
    (event,) = coded["reported"].events
    assert (event["type"], event["actors"], event["recipients"]) == ("AGREE", ["RUS"], ["USA"])


def test_pronoun_in_reported_clause_is_the_reporting_subject(coded):
    (event,) = coded["reported_pronoun"].events
    assert (event["type"], event["actors"], event["recipients"]) == ("AGREE", ["NATO"], ["RUS"])


def test_coordinated_sources_and_accusing_an_action_targets_its_author(coded):
    (accuse,) = events(coded, "coordination", type="ACCUSE")
    assert accuse["actors"] == ["FRA", "DEU"] and accuse["recipients"] == ["RUS"]
    (strike,) = events(coded, "coordination", type="ASSAULT")
    assert strike["actors"] == ["RUS"] and strike["recipients"] == ["UKR"]


def test_coordinated_demonyms_meet(coded):
    (event,) = coded["coordinated_meeting"].events
    assert event["type"] == "CONSULT" and set(event["actors"]) == {"TUR", "GRC"}
    assert event["date"] == "2024-03-05" and event["location"] == {"name": "Athènes", "country": "GRC", "kind": "city"}


def test_nominal_event_with_agent_and_historical_date(coded):
    (event,) = coded["nominal"].events  # told twice, one event
    assert (event["type"], event["actors"], event["recipients"]) == ("ASSAULT", ["RUS"], ["UKR"])
    assert event["date"] == "2014-03" and event["context"] == ["historical"]
    assert len(event["mentions"]) == 2


def test_conditional_is_hypothetical(coded):
    assert all("hypothetical" in e["context"] for e in coded["conditional"].events)
    assert any(e["type"] == "CONSULT" for e in coded["conditional"].events)


def test_future_with_a_date(coded):
    (event,) = coded["future"].events
    assert event["context"] == ["future"] and event["date"] == "2024-03-12"
    assert event["location"]["country"] == "DEU"


@pytest.mark.parametrize("name, expected", [("tomorrow", "2024-03-07"), ("yesterday", "2024-03-05"),
                                            ("weekday", "2024-03-04")])
def test_relative_dates_against_the_publication_date(coded, name, expected):
    event = coded[name].events[0]  # the protest; the missile launch protested against is dated alike
    assert event["date"] == expected


def test_demonstrative_joins_the_event_told_before(coded):
    (event,) = coded["same_event_twice"].events
    assert set(event["actors"]) == {"CHN", "IND"} and len(event["mentions"]) == 2
    assert event["date"] == "2024-03-04" and event["location"]["name"] == "Pékin"


def test_person_coded_by_role_on_the_date(coded):
    assert set(coded["role_2012"].events[0]["actors"]) == {"NOR", "RUS"}
    assert set(coded["role_2016"].events[0]["actors"]) == {"NATO", "RUS"}


def test_role_phrase_without_a_name(coded):
    (event,) = events(coded, "role_phrase", type="ACCUSE")
    assert (event["type"], event["actors"], event["recipients"]) == ("ACCUSE", ["LTU"], ["RUS"])


def test_quote_attributed_to_the_named_speaker(coded):
    (quote,) = coded["quote"].quotes
    assert (quote["speaker"], quote["speaker_name"]) == ("RUS", "Dmitri Peskov")
    assert quote["text"] == "Nous ne tolérerons aucune violation de notre espace aérien"


def test_provenance_offsets_point_into_the_body(coded):
    for doc in coded.values():
        for event in doc.events:
            for mention in event["mentions"]:
                trigger = mention["trigger"]
                assert doc.body[trigger["start"]:trigger["end"]] == trigger["text"]
                assert doc.body[mention["start"]:mention["end"]].strip() == mention["sentence"]
            assert event["coder"].startswith("veille-fr/") and event["cameo_root"] and "quad_class" in event
