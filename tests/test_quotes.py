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
