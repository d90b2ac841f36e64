"""Quoted passages and who said them, one test per mechanism, on sentences written for the project."""
import pytest

from veille import extract
from veille.quotes import find_quotes


def test_guillemets_with_non_breaking_spaces():
    text = "« Nous ne tolérerons aucune violation de notre espace aérien », a déclaré le porte-parole."
    (quote,) = find_quotes(text)
    assert quote.text == "Nous ne tolérerons aucune violation de notre espace aérien"
    assert text[quote.start:quote.end] == quote.text


def test_curly_and_straight_quotes_and_scare_quotes():
    text = ('Il a parlé de “ligne rouge”. “Le dialogue est important surtout lorsque les choses sont difficiles”, a-t-il dit.\n'
            'Moscou ne négocie pas en position de « force ». "Nous sommes prêts à discuter sans conditions", a ajouté le ministre.')
    assert [q.text for q in find_quotes(text)] == [
        "Le dialogue est important surtout lorsque les choses sont difficiles",
        "Nous sommes prêts à discuter sans conditions",
    ]


def test_a_closing_mark_opening_a_paragraph_opens_the_quote():
    text = " » Récemment, j’ai exposé notre vision de la sécurité en Eurasie. », a-t-il déclaré."
    (quote,) = find_quotes(text)
    assert quote.text == "Récemment, j’ai exposé notre vision de la sécurité en Eurasie."


def test_nested_marks_stay_inside_the_outer_quote():
    text = ("« Le ministre a parlé d’une “provocation délibérée” et a exigé des excuses officielles », "
            "rapporte l’agence.")
    (quote,) = find_quotes(text)
    assert quote.text == "Le ministre a parlé d’une “provocation délibérée” et a exigé des excuses officielles"


def test_speech_running_over_paragraphs_ends_each_paragraph():
    text = ("Le ministre a déclaré : « Nous avons pris une décision difficile mais nécessaire pour le pays.\n\n"
            "« Nous ne reviendrons pas sur cet engagement envers nos alliés. »")
    assert [q.text for q in find_quotes(text)] == [
        "Nous avons pris une décision difficile mais nécessaire pour le pays.",
        "Nous ne reviendrons pas sur cet engagement envers nos alliés.",
    ]


def test_short_fragments_are_found_and_marked_short():
    text = "Le ministre a dénoncé une « guerre hybride contre l’Europe » et la « menace » venue de l’est."
    (quote,) = find_quotes(text)
    assert quote.text == "guerre hybride contre l’Europe" and quote.short


CASES = {
    "inverted": "« Nous ne laisserons personne franchir notre frontière orientale sans réagir », a déclaré le ministre "
                "polonais de la Défense.",
    "colon_and_clitic": "Le porte-parole du Kremlin, Dmitri Peskov, a affirmé mardi : « La Russie ne menace personne et n'a "
                        "aucune intention d'attaquer ses voisins. » « Ces accusations sont absurdes », a-t-il ajouté.",
    "fragment_and_scare_quotes": "Le chef de la diplomatie lituanienne estime que Moscou mène « une guerre hybride contre "
                                 "l'Europe » depuis des mois. La presse parle d'une « crise des frontières » sans précédent.",
    "selon": "Selon le ministère japonais des Affaires étrangères, « le tir de ce missile constitue une violation flagrante "
             "des résolutions du Conseil de sécurité ».",
    "pour": "Pour le ministre norvégien de la Défense, « cette base arctique change profondément l'équilibre militaire "
            "de toute la région ».",
    "role_noun": "Le gouvernement roumain a convoqué jeudi le chargé d'affaires russe après la chute d'un drone.\n\n"
                 "« Cette violation de notre espace aérien est totalement inacceptable », a déclaré le porte-parole.",
    "posting": "Le diplomate Andriy Kovalenko, ambassadeur ukrainien en Hongrie, a rencontré la presse mardi. « Nous "
               "attendons de nos voisins une solidarité sans faille face à l'agression », a-t-il expliqué.",
    "condition": "Si Ankara réclame une « désescalade rapide en mer Égée », le ministre grec rappelle que « la "
                 "souveraineté de nos îles ne se négocie pas ».",
    "headline": "Comme titrait un quotidien du soir : « La guerre des nerfs entre Ankara et Athènes ne fait que commencer "
                "cette semaine ».",
    "negated": "La Turquie ne peut pas dire à la Grèce : « Nous respectons toutes les règles du droit maritime "
               "international en mer Égée ».",
    "joint": "« Nous appelons toutes les parties à la retenue et au dialogue dans le respect du droit international », "
             "ont écrit les ambassadeurs de Chine et de Russie.",
    "passive_agent": "Le programme nucléaire iranien a été qualifié de « menace directe pour la sécurité régionale » par "
                     "l'Arabie saoudite.",
    "clitic_object": "« Combien de temps les automobilistes devront-ils payer cette hausse des prix ? », a demandé un "
                     "journaliste. « Aussi longtemps qu'il le faudra pour soutenir nos partenaires », lui a répondu Joe Biden.",
    "run_on_paragraph": "Le président finlandais Sauli Niinistö a déclaré jeudi : « Notre adhésion ne menace aucun pays "
                        "voisin et renforce la stabilité du nord de l'Europe. »\n\n« La décision a été prise après un long "
                        "débat au Parlement et avec le soutien de la population. »",
    "pull_quote": "« La porte du dialogue reste ouverte malgré les tensions actuelles »\n\n"
                  "Le ministre turc des Affaires étrangères a reçu son homologue grec à Ankara. « La porte du dialogue reste "
                  "ouverte malgré les tensions actuelles », a-t-il déclaré à la presse.",
    "sentence_subject": "Le Premier ministre indien songeait alors à proposer « un partenariat stratégique durable entre les "
                        "deux plus grandes démocraties du monde ».",
    "borrowed_term": "Le porte-parole du ministère russe de la Défense a assuré qu'il s'agissait d'un « entraînement "
                     "ordinaire de nos unités ». Il a dénoncé les « provocations incessantes de l'Alliance ». Le ministère "
                     "chinois du Commerce a publié une « liste des entités étrangères non fiables » dès lundi.",
    "described_role": "Un chroniqueur suédois a averti ses lecteurs dimanche.\n\n« Nous entrons dans une longue période de "
                      "confrontation avec nos voisins de l'est », a écrit le chroniqueur Lars Berglund. « La neutralité "
                      "appartient au passé », a ajouté Berglund.",
    "expert_again": "L'économiste russe Oleg Sokolov a estimé jeudi : « Les sanctions frappent d'abord les producteurs "
                    "européens et leurs propres consommateurs. »\n\nLes exportations de blé ont pourtant reculé au premier "
                    "trimestre, selon les douanes, et les prix ont monté dans toute la région pendant plusieurs mois "
                    "d'affilée, ce qui pèse lourdement sur les ménages les plus modestes du pays et sur les petites "
                    "entreprises agricoles. Les banques régionales ont relevé leurs taux à trois reprises depuis janvier, "
                    "et les crédits aux exploitations ont fortement diminué au cours de la même période.\n\nDans les ports de "
                    "la mer Noire, les silos restent pleins et les cargos attendent au large pendant des semaines, faute "
                    "d'assurance pour leurs cargaisons. Les coopératives du sud ont réduit les surfaces semées cette année, "
                    "et beaucoup d'exploitants vendent leur matériel pour rembourser leurs dettes.\n\n« Le marché "
                    "mondial finira par s'adapter à cette nouvelle situation sans nous », commente l'expert.",
    "hyphenated_role": "« Nos troupes ont repoussé toutes les tentatives de percée dans ce secteur du front », a déclaré "
                       "mardi le lieutenant-général Piotr Lemski, commandant de l'armée de terre polonaise.",
    "read_out": "La Serbie a fermé sa frontière avec le Kosovo. Les journaux de Belgrade peuvent ainsi titrer : « La "
                "frontière restera fermée tant que les barricades ne seront pas levées ». Le Kosovo a protesté auprès "
                "de l'Union européenne et il est possible de lire sur le site du gouvernement : « Toute fermeture "
                "unilatérale viole les accords conclus sous l'égide de Bruxelles ».",
    "role_after_name": "Le Premier ministre hongrois Viktor Orbán a critiqué mardi la Commission européenne dans un long "
                       "discours.\n\n« Les villages se vident depuis vingt ans et personne à Bruxelles ne semble s'en "
                       "soucier », ironise l'ancien avocat.",
    "verb_read_as_noun": "Le Kremlin tient Kiev pour \"une marionnette de Washington\", note un diplomate tchèque.",
    "author": "Comme nous l'écrivions la semaine dernière : « Le sommet de Vilnius sera celui de toutes les divisions "
              "au sein de l'Alliance ».",
}


@pytest.fixture(scope="module")
def quoted():
    return {name: [(q["speaker"], q["speaker_name"], q["text"])
                   for q in extract("Titre de la dépêche\n" + text, published="2023-06-06").quotes]
            for name, text in CASES.items()}


def test_subject_inverted_after_the_quote(quoted):
    assert [speaker for speaker, _, _ in quoted["inverted"]] == ["POL"]


def test_colon_introduction_then_pronoun_speaker_named_by_the_role_noun(quoted):
    assert [(speaker, name) for speaker, name, _ in quoted["colon_and_clitic"]] == [
        ("RUS", "Dmitri Peskov"), ("RUS", "Dmitri Peskov")]


def test_fragment_taken_by_a_reporting_verb_is_speech_a_scare_quote_is_not(quoted):
    assert quoted["fragment_and_scare_quotes"] == [("LTU", None, "une guerre hybride contre l'Europe")]


def test_selon_and_pour(quoted):
    assert [speaker for speaker, _, _ in quoted["selon"] + quoted["pour"]] == ["JPN", "NOR"]


def test_nobody_speaks_in_a_headline_or_under_a_negated_verb(quoted):
    assert quoted["headline"] == [] and quoted["negated"] == []


def test_joint_statement_counts_for_each_speaker(quoted):
    assert sorted(speaker for speaker, _, _ in quoted["joint"]) == ["CHN", "RUS"]


def test_agent_of_a_passive_reporting_verb(quoted):
    assert quoted["passive_agent"] == [("SAU", None, "menace directe pour la sécurité régionale")]


def test_clitic_before_an_inverted_verb_is_not_the_speaker(quoted):
    assert [(speaker, name) for speaker, name, _ in quoted["clitic_object"]] == [("USA", "Joe Biden")]


def test_a_quote_opening_a_paragraph_goes_on_with_the_speaker_before(quoted):
    assert [speaker for speaker, _, _ in quoted["run_on_paragraph"]] == ["FIN", "FIN"]


def test_a_pull_quote_counts_once_where_its_speaker_is_named(quoted):
    assert [speaker for speaker, _, _ in quoted["pull_quote"]] == ["TUR"]


def test_a_statement_inside_a_narrated_sentence_belongs_to_its_subject(quoted):
    assert [speaker for speaker, _, _ in quoted["sentence_subject"]] == ["IND"]


def test_the_authors_own_reading_is_not_a_quote(quoted):
    assert quoted["author"] == []


def test_an_officials_role_noun_speaks_for_the_actor_told_about(quoted):
    assert [speaker for speaker, _, _ in quoted["role_noun"]] == ["ROU"]


def test_a_person_speaks_for_their_country_not_where_they_are_posted(quoted):
    assert [(speaker, name) for speaker, name, _ in quoted["posting"]] == [("UKR", "Andriy Kovalenko")]


def test_a_fragment_in_a_condition_is_not_what_the_main_verb_reports(quoted):
    assert quoted["condition"] == [("GRC", None, "la souveraineté de nos îles ne se négocie pas")]


def test_a_quote_opening_after_its_determiner_is_a_borrowed_term_unless_the_reporting_verb_takes_it(quoted):
    assert quoted["borrowed_term"] == [("RUS", None, "provocations incessantes de l'Alliance")]


def test_a_definite_role_noun_stands_for_the_one_the_article_gave_a_nationality(quoted):
    assert [(speaker, name) for speaker, name, _ in quoted["described_role"]] == [
        ("SWE", "Lars Berglund"), ("SWE", "Lars Berglund")]


def test_a_definite_role_noun_after_a_quote_is_the_person_quoted_last_when_nobody_was_named_since(quoted):
    assert [speaker for speaker, _, _ in quoted["expert_again"]] == ["RUS", "RUS"]


def test_a_role_split_at_its_hyphen_still_names_the_speaker(quoted):
    assert [(speaker, name) for speaker, name, _ in quoted["hyphenated_role"]] == [("POL", "Piotr Lemski")]



def test_a_text_read_out_after_a_colon_is_no_speech(quoted):
    assert quoted["read_out"] == []


def test_a_definite_role_noun_without_a_side_is_the_person_the_article_tells_about(quoted):
    assert [(speaker, name) for speaker, name, _ in quoted["role_after_name"]] == [("HUN", "Viktor Orbán")]


def test_a_reporting_verb_after_the_quote_read_as_a_noun_still_names_the_speaker(quoted):
    assert quoted["verb_read_as_noun"] == [("CZE", None, "une marionnette de Washington")]
