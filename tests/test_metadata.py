from datetime import date

import pytest

from veille import extract
from veille.clean import clean_text
from veille.metadata import canonical_url, iso_date, publication_date, without_site_name
from veille.records import Source

from .conftest import EXAMPLES, FIXTURES


def published(text: str, today: date = date(2026, 11, 24), **hints) -> tuple[str | None, bool]:
    source = Source(uri="t.txt", name="t.txt", content=text, kind="text", hints=hints)
    return publication_date(source, clean_text(text), None, today=today)[:2]


LEAD = "Les ministres se sont réunis à Genève pour discuter de la sécurité européenne et du contrôle des armements."


def test_dateline_without_year():
    assert published(f"Titre de la dépêche sur Genève\nGenève, 12 janvier (Dépêches de l'Est) –\n{LEAD}") == ("--01-12", False)


def test_weekday_with_day_and_month_infers_the_year():
    # Wednesday 12 January: 2022 is the only such year in 2012-2026
    assert published(f"Titre de la dépêche sur Genève\nPublié le mercredi 12 janvier à 10h30\n{LEAD}") == ("2022-01-12", True)


def test_weekday_that_fits_no_single_year_keeps_the_partial_date():
    # Thursday 1 January: 2015 and 2026 both fit the window
    assert published(f"Titre de la dépêche sur Genève\nPublié le jeudi 1er janvier\n{LEAD}") == ("--01-01", False)


def test_publie_le_line_with_year():
    assert published(f"Titre de la dépêche sur Genève\nPublié le 21 avril 2023 à 14h05\n{LEAD}") == ("2023-04-21", False)


def test_container_field_wins():
    assert published(f"Publié le 21 avril 2023\n{LEAD}", published="2023-04-22T08:00:00Z") == ("2023-04-22", False)


def test_dates_inside_the_article_are_not_the_publication_date():
    assert published(f"Titre de la dépêche sur Genève\nLe vendredi 21 juin 2024, {LEAD}") == (None, False)


@pytest.mark.parametrize("value, expected", [
    ("2024-05-14", "2024-05-14"), ("2024-05-14T08:00:00+02:00", "2024-05-14"),
    ("Tue, 14 May 2024 08:00:00 +0200", "2024-05-14"), ("14 mai 2024", "2024-05-14"), ("bientôt", None),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize("credit, outlet", [
    ("Source : Agence Presse Continentale", "Agence Presse Continentale"),
    ("(Selon Reuters)", "Reuters"),
    ("(AFP)", "AFP"),
])
def test_credit_lines_name_the_outlet(credit, outlet):
    doc = extract(f"Titre de la dépêche sur Genève\n{LEAD}\n{credit}")
    assert doc.outlet == outlet and credit not in doc.body


def test_dateline_parentheses_name_the_outlet():
    assert extract(f"Titre sur Niamey et la CEDEAO\nNiamey (AFP) -\n{LEAD}").outlet == "AFP"
    assert extract(f"Titre sur Moscou et l'OTAN\n(Dépêches de l'Est) - {LEAD}").outlet == "Dépêches de l'Est"


def test_html_page_metadata_and_fallbacks():
    doc = extract((FIXTURES / "page.html").read_text(encoding="utf-8"))
    assert (doc.title, doc.published, doc.outlet, doc.language) == (
        "Moscou et Helsinki rouvrent un canal de discussion sur la frontière", "2023-03-08", "Le Courrier Baltique", "fr")
    # no date markup: the visible "Publié le" line is read; "© 2015-2024" in the footer is not a date
    page = (EXAMPLES / "html" / "macron_poutine_nouvel_entretien_telephonique_sans_avancee.html").read_text(encoding="utf-8")
    assert extract(page).published == "2022-03-03"


def test_language():
    assert extract(f"Titre\n{LEAD}").language == "fr"
    assert extract("Headline about the summit\nThe ministers met in Geneva on Tuesday to discuss European "
                   "security and arms control, officials said.").language == "en"


def test_the_url_a_page_declares_as_its_own():
    page = ('<html><head><meta property="og:url" content="https://www.quai.example/og">'
            '<link rel="canonical" href="/europe/pologne-convoque"></head><body></body></html>')
    assert canonical_url(page, "https://www.quai.example/amp/x") == "https://www.quai.example/europe/pologne-convoque"
    assert canonical_url(page) == "https://www.quai.example/og"  # a relative canonical needs the page's address
    assert canonical_url("<p>Texte sans en-tête</p>") is None
    assert canonical_url('<head><link rel="canonical" href="javascript:void(0)"></head>') is None


PARAGRAPHS = "".join(f"<p>{LEAD} {n}</p>" for n in ("Premier point.", "Deuxième point.", "Troisième point."))


def page(head: str = "", before: str = "", after: str = "") -> str:
    return (f"<!DOCTYPE html><html><head><title>Le sommet de Genève | Le Courrier Baltique</title>{head}</head>"
            f"<body><article><h1>Le sommet de Genève</h1>{before}{PARAGRAPHS}{after}</article>"
            f"<footer>© 2015-2024 Le Courrier Baltique</footer></body></html>")


@pytest.mark.parametrize("html, expected", [
    (page(head='<meta property="article:published_time" content="2024-03-12T09:00:00+01:00">'),
     ("2024-03-12", "page metadata")),
    # htmldate's answer is the update date: searched again without it, the creation date is found
    (page(head='<meta property="og:updated_time" content="2024-06-02T11:00:00+02:00">',
          before='<time class="article-date">12.03.2024</time>'),
     ("2024-03-12", "page metadata, update date set aside")),
    (page(before="<p>Publié le 12 mars 2024 à 10h05</p>"), ("2024-03-12", "published line")),
    # no markup, no "Publié le": the copyright years are no publication date, the line in the text is
    (page(before="<p>Genève, le 12 mars 2024</p>"), ("2024-03-12", "page text")),
])
def test_publication_date_cascade_records_its_source(html, expected):
    doc = extract(html, events=False)
    assert (doc.published, doc.published_source) == expected
    assert doc.to_json()["published_source"] == expected[1]


def test_a_publie_le_line_outranks_an_update_line():
    text = f"Titre de la dépêche sur Genève\nMis à jour le 14 mars 2024 à 08h00\nPublié le 12 mars 2024 à 10h05\n{LEAD}"
    assert published(text) == ("2024-03-12", False)


def test_the_container_date_is_its_own_source():
    doc = extract(f"Titre sur Genève\n{LEAD}", published="2023-04-22", events=False)
    assert (doc.published, doc.published_source) == ("2023-04-22", "container")


@pytest.mark.parametrize("title, sitename, url, expected", [
    ("Le sommet de Genève | Le Courrier Baltique", "Le Courrier Baltique", None, "Le sommet de Genève"),
    ("Le sommet de Genève - courrier-baltique.example", None, None, "Le sommet de Genève"),
    ("Le sommet de Genève › Courrier Baltique", None, "https://www.courrierbaltique.example/a/1", "Le sommet de Genève"),
    ("Le sommet de Genève |", None, None, "Le sommet de Genève"),
    ("Macron/Poutine : quel message sera délivré ?", "Le Courrier Baltique", None, "Macron/Poutine : quel message sera délivré ?"),
    ("Genève - Moscou : le dialogue reprend", "Le Courrier Baltique", None, "Genève - Moscou : le dialogue reprend"),
])
def test_page_titles_lose_the_site_name(title, sitename, url, expected):
    assert without_site_name(title, sitename, url) == expected


def test_html_title_without_site_name():
    assert extract(page(), events=False).title == "Le sommet de Genève"
