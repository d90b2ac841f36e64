"""Who a phrase refers to (veille.coder.coref): pronouns, "celui-ci", state organs,
collectives and the speaker of a quote."""
import pytest

from .coder_cases import code_articles, only

CASES = {
    "elle_subject": "La Russie a menacé la Géorgie. Elle a déployé des chars près de la frontière.",
    "celui_ci": "Le ministre polonais a reçu son homologue allemand. Celui-ci a promis des chars à Kiev.",
    "gouvernement": "La Hongrie a bloqué le texte. Le gouvernement a ensuite dénoncé les pressions de l'UE.",
    "gouvernement_after_border": "La Géorgie a fermé sa frontière. Le gouvernement a convoqué l'ambassadeur russe.",
    "cour": "La Roumanie a saisi la justice. La cour a condamné mardi la Russie pour ingérence.",
    "armee": "La Moldavie craint une attaque. Mardi, l'armée a déployé des blindés près de la frontière.",
    "occident": "L'Occident a condamné les frappes russes.",
    "occidentaux": "Les Occidentaux ont imposé de nouvelles sanctions à Moscou.",
    "bruxelles": "Bruxelles a sanctionné trois entreprises iraniennes.",
    "europeens": "Les ministres européens ont condamné mardi les essais nord-coréens.",
    "quant_a": "Quant au Conseil de l'Europe, il coopère avec le ministère moldave de la Justice.",
    "surname_alone": "Le président Xi a reçu mardi le chancelier allemand.",
    "pronoun_in_relative": "Le président américain a répété que le dirigeant russe, qu'il a qualifié de tyran, devait partir.",
    "quote_later_paragraph": (
        "Le Premier ministre polonais, Donald Tusk, s'est exprimé mardi à Varsovie devant les députés.\n\n"
        "Il a longuement évoqué la sécurité de la frontière orientale du pays.\n\n"
        "« Nous avons demandé à l'OTAN de renforcer sa présence sur notre flanc est », a déclaré Donald Tusk."),
}


@pytest.fixture(scope="module")
def coded():
    return code_articles(CASES)


@pytest.mark.parametrize("case, type, actors, recipients", [
    ("elle_subject", "MOBILIZE", ["RUS"], ["GEO"]),
    ("gouvernement", "ACCUSE", ["HUN"], ["EU"]),
    ("gouvernement_after_border", "ACCUSE", ["GEO"], ["RUS"]),
    ("cour", "ACCUSE", ["ROU"], ["RUS"]),
    ("occident", "ACCUSE", ["USA", "EU", "NATO"], ["RUS"]),
    ("occidentaux", "SANCTION", ["USA", "EU", "NATO"], ["RUS"]),
    ("bruxelles", "SANCTION", ["EU"], ["IRN"]),
    ("europeens", "ACCUSE", ["EU"], ["PRK"]),  # the adjective in the plural: not "une tournée européenne"
    ("quant_a", "COOPERATE", ["COE", "MDA"], []),  # "Quant à X, il ...": X
    ("surname_alone", "CONSULT", ["CHN", "DEU"], []),
    ("pronoun_in_relative", "ACCUSE", ["USA"], ["RUS"]),  # "X, qu'il a qualifié de": il is not X
    ("quote_later_paragraph", "REQUEST", ["POL"], ["NATO"]),
    ("celui_ci", "AGREE", ["DEU"], ["UKR"]),  # the one named last, not the subject before
    ("armee", "MOBILIZE", ["MDA"], []),  # "l'armée" alone makes its sentence parsed
])
def test_reference(coded, case, type, actors, recipients):
    event = only(coded[case], type)
    assert (sorted(event["actors"]), sorted(event["recipients"])) == (sorted(actors), sorted(recipients))


def test_quote_in_a_later_paragraph_keeps_its_speaker(coded):
    """Speaker pronouns are resolved from body offsets, not paragraph ones (a fixed defect)."""
    doc = coded["quote_later_paragraph"]
    assert len(doc.paragraphs) >= 3
    (quote,) = doc.quotes
    assert quote["speaker"] == "POL" and quote["text"].startswith("Nous avons demandé")
