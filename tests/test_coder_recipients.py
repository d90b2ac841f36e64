"""Recipients the frame did not give (veille.coder.recipients): from a clitic, another actor
of the sentence, the article's main other side, or the actor's own state for a coercion."""
import pytest

from .coder_cases import code_articles, only

CASES = {
    "frame": "Le Kazakhstan a accueilli des réfugiés afghans.",
    "clitic": "La Moldavie demande de l'aide. Le Japon lui a promis mardi cinquante millions d'euros.",
    "clitic_offered_aid": ("Le président ukrainien est arrivé à Tokyo. Le Japon lui a offert mardi une aide de "
                           "cinquante millions d'euros."),
    "clitic_plural": "Les Ukrainiens manquent de munitions. Les États-Unis leur ont livré des obus mardi.",
    "washington": "Les soldats ukrainiens manquent de munitions. Washington leur a livré des obus mardi.",
    "sentence": "La Russie a massé des troupes près de la frontière. Elle a déployé des chars en Biélorussie.",
    "article": "Le ministre canadien a rencontré mardi son homologue japonais. Il a condamné les essais.",
    "domestic": ("La Biélorussie durcit la répression. Le tribunal de Minsk a interdit mardi le principal parti "
                 "d'opposition."),
    "domestic_arrests": "La Biélorussie durcit la répression. La police a arrêté des journalistes mardi.",
    "second_subject": "La Douma durcit le ton. Le 3 mai, elle interdit le parti de l'opposant Sokolov.",
    "border_with": "La Lituanie a fermé sa frontière avec la Biélorussie.",
}


@pytest.fixture(scope="module")
def coded():
    return code_articles(CASES)


@pytest.mark.parametrize("case, type, actors, recipients, source", [
    ("frame", "AID", ["KAZ"], ["AFG"], "frame"),
    ("clitic", "AGREE", ["JPN"], ["MDA"], "clitic"),
    ("sentence", "MOBILIZE", ["RUS"], ["BLR"], "sentence"),
    ("article", "ACCUSE", ["CAN"], ["JPN"], "article"),
    ("domestic", "COERCE", ["BLR"], ["BLR"], "domestic"),
    ("clitic_offered_aid", "AID", ["JPN"], ["UKR"], "clitic"),
    ("clitic_plural", "AID", ["USA"], ["UKR"], "clitic"),
    ("washington", "AID", ["USA"], ["UKR"], "clitic"),
    ("domestic_arrests", "COERCE", ["BLR"], ["BLR"], "domestic"),
    ("border_with", "COERCE", ["LTU"], ["BLR"], "frame"),
    ("second_subject", "COERCE", ["RUS"], ["RUS"], "domestic"),  # the object read as a second subject
])
def test_recipients_and_where_they_came_from(coded, case, type, actors, recipients, source):
    event = only(coded[case], type)
    assert (event["actors"], event["recipients"], event["recipients_from"]) == (actors, recipients, source)
