"""Tests for veille.places (locative place detection)."""

from __future__ import annotations

import pytest

from veille.places import find_places, get_gazetteer


def places(text: str) -> list[tuple[str, str, str]]:
    found = find_places(text)
    for p in found:
        assert text[p.start : p.end] == p.text
    return [(p.name, p.country, p.kind) for p in found]


def one(text: str) -> tuple[str, str, str]:
    found = places(text)
    assert len(found) == 1, found
    return found[0]


# --- cities -------------------------------------------------------------------------


def test_bruxelles():
    assert one("Les ministres se sont réunis à Bruxelles mardi.") == ("Bruxelles", "BEL", "city")


def test_ville_suisse_de_geneve():
    assert one("Une réunion s'est tenue dans la ville suisse de Genève.") == ("Genève", "CHE", "city")


def test_moscou():
    assert one("Le ministre est arrivé à Moscou lundi.") == ("Moscou", "RUS", "city")


@pytest.mark.parametrize("name", ["Kyiv", "Kiev", "Kyïv"])
def test_kyiv_spellings(name):
    assert one(f"Des explosions ont retenti à {name} dans la nuit.") == (name, "UKR", "city")


def test_la_haye_keeps_article_in_span():
    text = "La Cour pénale internationale, à La Haye, a émis un mandat."
    (p,) = find_places(text)
    assert (p.text, p.country, p.kind) == ("La Haye", "NLD", "city")
    assert text[p.start : p.end] == "La Haye"


def test_paris_is_france_not_texas():
    assert one("Le sommet a eu lieu à Paris.") == ("Paris", "FRA", "city")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("à New York", ("New York", "USA", "city")),
        ("à Pékin", ("Pékin", "CHN", "city")),
        ("à Washington", ("Washington", "USA", "city")),
        ("à Londres", ("Londres", "GBR", "city")),
        ("à Varsovie", ("Varsovie", "POL", "city")),
        ("à Vienne", ("Vienne", "AUT", "city")),
        ("à Tel-Aviv", ("Tel-Aviv", "ISR", "city")),
        ("à Saint-Pétersbourg", ("Saint-Pétersbourg", "RUS", "city")),
        ("à N'Djamena", ("N'Djamena", "TCD", "city")),
        ("à Addis-Abeba", ("Addis-Abeba", "ETH", "city")),
        ("à Abou Dhabi", ("Abou Dhabi", "ARE", "city")),
        ("à Bamako", ("Bamako", "MLI", "city")),
    ],
)
def test_capitals_and_venues(text, expected):
    assert one(f"La rencontre a eu lieu {text} hier.") == expected


# --- countries and regions ------------------------------------------------------------


def test_en_belgique_is_country():
    assert one("Des inondations ont frappé en Belgique.") == ("Belgique", "BEL", "country")


def test_aux_etats_unis():
    assert one("Il s'est rendu aux États-Unis.") == ("États-Unis", "USA", "country")
    assert one("Il s'est rendu aux Etats-Unis.") == ("Etats-Unis", "USA", "country")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("en Ukraine", ("Ukraine", "UKR", "country")),
        ("au Mali", ("Mali", "MLI", "country")),
        ("en Russie", ("Russie", "RUS", "country")),
        ("au Royaume-Uni", ("Royaume-Uni", "GBR", "country")),
        ("aux Émirats arabes unis", ("Émirats arabes unis", "ARE", "country")),
        ("en Corée du Sud", ("Corée du Sud", "KOR", "country")),
        ("en RDC", ("RDC", "COD", "country")),
        ("en Côte d’Ivoire", ("Côte d’Ivoire", "CIV", "country")),
        ("au Kosovo", ("Kosovo", "XKX", "country")),
    ],
)
def test_countries(text, expected):
    assert one(f"Des troubles ont éclaté {text} cette semaine.") == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("en Crimée", ("Crimée", "UKR", "region")),
        ("dans le Donbass", ("Donbass", "UKR", "region")),
        ("en Cisjordanie", ("Cisjordanie", "PSE", "region")),
        ("dans la bande de Gaza", ("bande de Gaza", "PSE", "region")),
    ],
)
def test_regions(text, expected):
    assert one(f"Les combats ont repris {text}.") == expected


# --- cues and frames ------------------------------------------------------------------


def test_siege_alliance_two_places_in_order():
    text = "Lors d'une réunion au siège de l'alliance à Bruxelles, en Belgique, les ministres ont parlé."
    assert places(text) == [("Bruxelles", "BEL", "city"), ("Belgique", "BEL", "country")]


def test_frames():
    assert one("Des frappes ont visé la ville dans l'est de l'Ukraine.") == ("Ukraine", "UKR", "country")
    assert one("Des combats dans le nord du Mali.") == ("Mali", "MLI", "country")
    assert one("Un navire a coulé au large de la Libye.") == ("Libye", "LBY", "country")
    assert one("Les forces avancent près de Bakhmout.") == ("Bakhmout", "UKR", "city")
    assert one("Une frappe dans la région de Kharkiv.") == ("Kharkiv", "UKR", "city")
    assert one("Des missiles sur le territoire de la Russie.") == ("Russie", "RUS", "country")
    assert one("Un attentat dans la capitale malienne, Bamako.") == ("Bamako", "MLI", "city")
    assert one("Un raid à 30 km au nord de Kiev.") == ("Kiev", "UKR", "city")
    assert one("Dans le nord de la région de Donetsk, les combats continuent.") == ("Donetsk", "UKR", "city")


def test_depuis_place_but_not_date():
    assert one("Il s'exprimait depuis Moscou.") == ("Moscou", "RUS", "city")
    assert places("Le conflit dure depuis 2014.") == []
    assert places("Il est en poste depuis avril.") == []


def test_sentence_initial_cues():
    assert one("À Genève, les discussions reprennent.") == ("Genève", "CHE", "city")
    assert one("A Moscou, le Kremlin a réagi.") == ("Moscou", "RUS", "city")
    assert one("En Syrie, la situation se dégrade.") == ("Syrie", "SYR", "country")


# --- things that are not places -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Le traité a été signé en avril 2014.",
        "Le rendez-vous est fixé à 14h.",
        "Le président russe a appelé au calme.",
        "Il a été élu en 2014.",
        "Il a téléphoné à Vladimir Poutine.",  # Vladimir is also a Russian city
        "Elle a répondu à Florence Parly.",
        "Il a écrit à Dominique de Villepin.",
        "Un accord au Kremlin et à l'Élysée, à l'ONU et en Europe.",
        "Il s'adresse à l'Union africaine et au Hamas.",
        "Face à Moscou, l'Europe hésite.",
        "Paris réaffirme son soutien à l'Ukraine.",  # recipient, not location
        "Il s'oppose à toute livraison d’armes à la Russie.",
        "Washington a demandé à Pékin de jouer un rôle.",
        "La demande en gaz a augmenté en Marche.",
    ],
)
def test_not_places(text):
    assert places(text) == []


def test_offsets_with_nbsp_and_curly_apostrophe():
    text = "Réunion à\u00a0Bruxelles puis dans l’est de l’Ukraine et à Saint\u00a0Pétersbourg."
    found = find_places(text)
    assert [p.country for p in found] == ["BEL", "UKR", "RUS"]
    for p in found:
        assert text[p.start : p.end] == p.text
    assert found[2].name == "Saint Pétersbourg"  # non-breaking space normalised in name only
    assert found[2].text == "Saint\u00a0Pétersbourg"


# --- lookup and API ---------------------------------------------------------------------


def test_lookup_is_accent_case_hyphen_insensitive():
    g = get_gazetteer()
    for variant in ["Genève", "Geneve", "genève", "GENEVE"]:
        assert g.lookup(variant) == ("CHE", "city")
    assert g.lookup("Etats Unis") == ("USA", "country")
    assert g.lookup("tel aviv") == ("ISR", "city")
    assert g.lookup("l'Ukraine") == ("UKR", "country")
    assert g.lookup("Nulle-Part-Sur-Terre") is None


def test_lookup_geonames_exonyms_and_ambiguity():
    g = get_gazetteer()
    # French forms taken from GeoNames alternate names (not in exonyms.tsv)
    assert g.lookup("Copenhague") == ("DNK", "city")
    assert g.lookup("Cracovie") == ("POL", "city")
    assert g.lookup("Novossibirsk") == ("RUS", "city")
    # GeoNames-only cities
    assert g.lookup("Toulouse") == ("FRA", "city")
    # most populous wins
    assert g.lookup("Paris") == ("FRA", "city")
    assert g.lookup("Naples") == ("ITA", "city")


def test_place_api():
    (p,) = find_places("à Genève")
    assert p.as_dict() == {"name": "Genève", "country": "CHE", "kind": "city"}
    with pytest.raises(AttributeError):
        p.country = "FRA"  # frozen
    assert get_gazetteer() is get_gazetteer()
    assert find_places("à Moscou")[0].country == "RUS"
