"""The article as a whole (veille.coder.document): an event told twice is one event, and a
target the coder guessed yields to one the article tells."""
import pytest

from .coder_cases import code_articles, events, only

DISPUTE = ("La Grèce critique souvent la Turquie. La Grèce a dénoncé des survols. La Grèce et la Turquie se "
           "disputent. Mardi, la Turquie a expulsé deux diplomates.")
CASES = {
    "told_twice": "La Turquie a menacé la Grèce mardi. Ankara a menacé mardi Athènes de représailles.",
    "guessed": DISPUTE,
    "guessed_then_told": DISPUTE + " Ankara a expulsé mardi deux diplomates suédois.",
    "no_meeting_before": ("Le Conseil OTAN-Russie a été créé en 2002. La discussion porte sur la sécurité européenne, "
                          "selon le journaliste."),
    "meeting_before": ("Le Conseil OTAN-Russie s'est réuni mardi à Bruxelles. La discussion a porté sur la sécurité "
                       "européenne."),
    "gathers_an_amount": "Mardi, le Japon et la Corée du Sud ont réuni deux milliards de dollars pour la reconstruction.",
    "gathers_people": "Mardi, le Japon a réuni les ministres sud-coréen et chinois à Tokyo.",
    "orders_an_act": "Le Premier ministre arménien a ordonné mardi le retrait des troupes arméniennes de la frontière.",
    "orders_someone": "Le Kremlin a ordonné à la Biélorussie de fermer ses frontières.",
}


@pytest.fixture(scope="module")
def coded():
    return code_articles(CASES)


def test_one_event_told_twice_is_one_event(coded):
    (event,) = events(coded["told_twice"], type="THREATEN")
    assert (event["actors"], event["recipients"], event["date"]) == (["TUR"], ["GRC"], "2024-03-12")


def test_a_guessed_target_yields_to_a_told_one(coded):
    guessed = only(coded["guessed"], "SANCTION")
    assert (guessed["recipients"], guessed["recipients_from"]) == (["GRC"], "article")
    told = only(coded["guessed_then_told"], "SANCTION")
    assert (told["actors"], told["recipients"], told["recipients_from"]) == (["TUR"], ["SWE"], "frame")


def test_an_ordered_act_is_the_event_not_a_request(coded):
    doc = coded["orders_an_act"]
    assert not events(doc, type="REQUEST")
    assert only(doc, "RETREAT")["actors"] == ["ARM"]


def test_ordering_someone_to_act_is_a_request(coded):
    event = only(coded["orders_someone"], "REQUEST")
    assert (event["actors"], event["recipients"]) == (["RUS"], ["BLR"])


def test_a_meeting_noun_with_no_sides_needs_a_meeting_told_before(coded):
    """"la discussion" after a forum is named but no meeting told is no meeting of the forum's."""
    assert not events(coded["no_meeting_before"], type="CONSULT")
    assert set(only(coded["meeting_before"], "CONSULT")["actors"]) == {"NATO", "RUS"}


def test_gathering_an_amount_is_no_meeting(coded):
    assert not events(coded["gathers_an_amount"], type="CONSULT")
    assert set(only(coded["gathers_people"], "CONSULT")["actors"]) >= {"JPN", "KOR"}
