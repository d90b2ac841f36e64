from collections import Counter

import pytest

from veille.clean import clean_text, count_lines, extract_html, line_hash, strip_repeated
from veille.patterns import line_category
from veille.records import Document, Paragraph

from .conftest import FIXTURES


@pytest.mark.parametrize("line, category", [
    ("- 20:41Le prix du blé recule sur les marchés", "ticker"),
    ("Lire aussi : Minsk annonce des exercices conjoints", "teaser"),
    ("À lire également : le sommet de Vilnius", "teaser"),
    ("Partager sur Facebook Twitter WhatsApp", "share"),
    ("Suivez-nous sur Telegram", "share"),
    ("Abonnez-vous à notre newsletter", "subscribe"),
    ("Laisser un commentaire", "comments"),
    ("Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *", "comments"),
    ("sept + 2 =", "captcha"),
    ("12 − 4 = ?", "captcha"),
    ("Source : Dépêches de l'Est", "credit"),
    ("(Selon AFP)", "credit"),
    ("Par Aino Virtanen", "credit"),
    ("Le poste-frontière de Vaalimaa, en février. Photo : Courrier Baltique. |", "caption"),
    ("![](https://example.org/a.jpg)", "image"),
    ("Article suivantLa Pologne commande de nouveaux chars", "prevnext"),
    ("Accueil Monde Europe La Pologne convoque l'ambassadeur", "navigation"),
    ("Nous utilisons des cookies pour améliorer votre navigation", "cookie"),
    ("3", "counter"),
    ("Publié le 14 mai 2024 à 10h05", "dateline"),
    ("14.05.2024", "dateline"),
    ("(Crédit : Aino Virtanen / Courrier Baltique)", "caption"),
])
def test_interface_lines_are_recognised(line, category):
    assert line_category(line) == category


@pytest.mark.parametrize("line", [
    "Par ailleurs, la Russie a dénoncé une provocation de l'Alliance atlantique.",
    "Accueil chaleureux pour le président finlandais à Varsovie.",
    "Le sommet s'ouvrira à 10:30 à Bruxelles, a précisé l'Élysée.",
    "« Nous ne tolérerons aucune violation de notre espace aérien », a déclaré le porte-parole.",
    "| Pologne | 4,1 % | 48 000 soldats |",  # a table row, not a caption ending with "|"
])
def test_article_sentences_are_kept(line):
    assert line_category(line) is None


def test_scraped_text_keeps_only_the_article():
    text = (FIXTURES / "scraped.txt").read_text(encoding="utf-8")
    cleaned = clean_text(text)
    body = "\n".join(p.text for p in cleaned.paragraphs)
    assert cleaned.title.text == "Varsovie convoque l'ambassadeur biélorusse après un incident aérien"
    assert body.startswith("Varsovie, 14 mai (Dépêches de l'Est) –")  # datelines are article text
    assert "Minsk a démenti toute violation" in body
    for noise in ("Actualités Politique", "prix du blé", "Suivez-nous", "Lire aussi", "Partager",
                  "commentaire", "sept + 2", "Article précédent", "Source :"):
        assert noise not in body
    removed = {line.category for line in cleaned.removed}
    assert {"header", "ticker", "teaser", "captcha", "credit"} <= removed


def test_paragraph_offsets_point_into_the_text():
    text = (FIXTURES / "scraped.txt").read_text(encoding="utf-8")
    for p in clean_text(text).paragraphs:
        assert text[p.start:p.end] == p.text


def test_trailing_byline_is_dropped_but_a_short_last_sentence_is_kept():
    text = ("Titre de l'article sur la réunion de Bruxelles\n"
            "Les ministres de la Défense de l'OTAN se sont réunis jeudi à Bruxelles pour discuter du soutien à l'Ukraine.\n"
            "La réunion a duré quatre heures.\n"
            "Jean Dupuis\n")
    body = [p.text for p in clean_text(text).paragraphs]
    assert body[-1] == "La réunion a duré quatre heures."


def test_html_page_main_text_and_metadata():
    page = extract_html((FIXTURES / "page.html").read_text(encoding="utf-8"))
    assert page.title == "Moscou et Helsinki rouvrent un canal de discussion sur la frontière"
    assert page.sitename == "Le Courrier Baltique"
    assert page.date == "2023-03-08"
    cleaned = clean_text(page.text, title=page.title)
    body = "\n".join(p.text for p in cleaned.paragraphs)
    assert "Vaalimaa, pour la première fois" in body
    assert "instrument de pression" in body
    for noise in ("Accueil", "Économie", "Bourse d'Helsinki", "Lire aussi", "Partager", "Votre adresse",
                  "cinq + 3", "Tous droits réservés", "Mentions légales", "Par Aino Virtanen"):
        assert noise not in body


def _doc(doc_id, outlet, lines):
    text = "\n".join(lines)
    paragraphs, pos = [], 0
    for line in lines:
        paragraphs.append(Paragraph(line, pos, pos + len(line)))
        pos += len(line) + 1
    return Document(id=doc_id, name=doc_id, uri=doc_id, kind="text", raw=text, text=text,
                    paragraphs=paragraphs, outlet=outlet)


def test_lines_repeated_across_an_outlets_pages_are_removed():
    furniture = "Retrouvez toute l'actualité internationale chaque matin dans votre boîte mail."
    docs = [_doc(f"d{i}", "Sahel Matin", [f"Article numéro {i} sur la crise au Niger et la CEDEAO.", furniture])
            for i in range(3)]
    other = _doc("x", "Autre Site", ["Un article d'un autre site sur le même sujet.", furniture])
    counts = count_lines(docs + [other])
    assert counts[("sahel matin", line_hash(furniture))] == 3
    for doc in docs:
        assert [p.text for p in strip_repeated(doc, counts).paragraphs] == [doc.paragraphs[0].text]
    assert len(strip_repeated(other, counts).paragraphs) == 2  # another outlet's page keeps it
    assert strip_repeated(docs[0], Counter(), threshold=3) is docs[0]


LEAD = ("Les ministres des Affaires étrangères se sont réunis jeudi à Bruxelles pour discuter "
        "du soutien à l'Ukraine et de la sécurité européenne.")
SECOND = "La réunion a duré quatre heures, selon un diplomate présent, et reprendra en mars."


@pytest.mark.parametrize("headline", [
    "Bruxelles et Kiev : quelle aide pour l'hiver ?",
    "Ouvrez les yeux ! Le sommet de Bruxelles, vu de Kiev…",
    "Le chef de la diplomatie prêt à « discuter sans conditions »",
    "La guerre, c'est la guerre.",
])
def test_the_opening_headline_is_the_title_whatever_its_punctuation(headline):
    cleaned = clean_text(f"{headline}\n\n{LEAD}\n\n{SECOND}\n")
    assert cleaned.title.text == headline
    assert [p.text for p in cleaned.paragraphs] == [LEAD, SECOND]


def test_the_first_headline_from_the_top_not_the_nearest_to_the_text():
    cleaned = clean_text(f"Partager sur Facebook Twitter\nBruxelles et Kiev, un hiver d'incertitude\n\n"
                         f"Un article de la rédaction\n\n{LEAD}\n{SECOND}")
    assert cleaned.title.text == "Bruxelles et Kiev, un hiver d'incertitude"


def test_a_lead_sentence_is_no_title():
    assert clean_text(f"{LEAD}\n\n{SECOND}").title is None


def test_page_text_keeps_headings_and_short_closing_lines():
    # trafilatura's main text has no page chrome left: no header or footer rule runs on it
    text = f"Les chiffres du sommet\n{LEAD}\n{SECOND}\nÀ suivre demain"
    as_page = [p.text for p in clean_text(text, title="Sommet de Bruxelles", structure=False).paragraphs]
    assert as_page == ["Les chiffres du sommet", LEAD, SECOND, "À suivre demain"]
    as_text = [p.text for p in clean_text(text, title="Sommet de Bruxelles").paragraphs]
    assert as_text == [LEAD, SECOND]


def test_html_tables_are_kept():
    table = "".join(f"<tr><td>{country}</td><td>{share}</td></tr>" for country, share in
                    [("Pologne", "4,1 %"), ("Estonie", "3,4 %"), ("Lettonie", "3,2 %")])
    html = (f"<html><body><article><h1>Les dépenses de défense en Europe du Nord</h1><p>{LEAD}</p>"
            f"<table>{table}</table><p>{SECOND}</p></article></body></html>")
    assert "Estonie" in extract_html(html).text


def test_the_lead_paragraph_the_page_shows_is_put_back():
    lead = "Moscou et Helsinki rouvrent un canal de discussion sur la frontière, fermée depuis l'automne."
    body = "".join(f"<p>{LEAD} {n}</p>" for n in ("Premier point.", "Deuxième point.", "Troisième point."))
    def page(header: str, article: str) -> str:
        return (f'<html><head><meta name="description" content="{lead}"></head><body>'
                f'<header><h1>La frontière rouvre</h1>{header}</header><article>{article}</article></body></html>')

    # trafilatura leaves out a lead set in the page's header
    text = extract_html(page(f'<p class="chapo">{lead}</p>', body)).text
    assert text.count(lead) == 1 and text.index(lead) < text.index(LEAD)
    # one kept by trafilatura is not repeated
    assert extract_html(page("", f"<p>{lead}</p>{body}")).text.count(lead) == 1
    # a description the page does not show as text is no part of the article
    assert lead not in extract_html(page("", body)).text


def test_page_text_drops_a_rubric_above_the_headline_and_the_label_of_a_ticker():
    text = (f"L'info en continu\n18:40 Kiev : les couloirs humanitaires rouverts\nInternational\n"
            f"Sommet de Bruxelles\n{LEAD}\n{SECOND}")
    cleaned = clean_text(text, title="Sommet de Bruxelles", structure=False)
    assert [p.text for p in cleaned.paragraphs] == [LEAD, SECOND]
    assert {line.text: line.category for line in cleaned.removed}["International"] == "header"
