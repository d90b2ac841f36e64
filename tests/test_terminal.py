from veille import terminal


def test_shorten_ends_with_an_ellipsis_at_a_word():
    text = "La Pologne a convoqué mardi l’ambassadeur de Biélorussie à Varsovie"
    assert terminal.shorten(text, 200) == text
    short = terminal.shorten(text, 30)
    assert len(short) <= 30 and short.endswith("…") and text.startswith(short[:-1]) and short[-2] != " "
    assert terminal.shorten("une\nligne\tcoupée", 80) == "une ligne coupée"


ROW = {"id": "0123456789abcdef:12", "date": "2024-03-12", "type": "ACCUSE", "actors": ["POL"],
       "recipients": ["BLR"], "context": ["historical"], "outlet": "La Gazette du Quai de la Vistule et des Marches",
       "sentence": "Le chef de la diplomatie polonaise a accusé Minsk de « provocations délibérées » à la frontière "
                   "orientale de l’Union européenne, au lendemain du survol de la région."}


def test_an_event_is_two_lines_with_its_whole_id():
    for width in (60, 80, 120):
        first, second = terminal.event_lines(ROW, width)
        assert first.startswith(ROW["id"] + "  2024-03-12") and len(first) <= width and len(second) <= width
        assert second.startswith(terminal.INDENT + "Le chef")
    first, second = terminal.event_lines(ROW, 80, wide=True)
    assert second == terminal.INDENT + ROW["sentence"] and first.endswith(ROW["outlet"])


def test_a_document_is_one_line():
    row = {"id": "0123456789abcdef", "published": None, "outlet": "Agence Presse Continentale", "events": 5,
           "title": "Antony Blinken et Wang Yi s’entretiennent au téléphone avant la visite à Pékin"}
    line = terminal.document_line(row, 80)
    assert len(line) <= 80 and line.startswith("0123456789abcdef  —") and "  Agence Presse…  " in line and line.endswith("…")
