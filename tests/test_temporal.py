"""Temporal expressions in French news (veille.temporal).

Most tests read against an article published on Wednesday 12 January 2022.
"""
from __future__ import annotations

import pytest

from veille.temporal import PartialDate, Timex, find_timexes, infer_year, parse_date, resolve

PUB = "2022-01-12"  # a Wednesday


def found(text: str, published: str | None = PUB) -> list[tuple[str, str | None]]:
    return [(t.text, t.value) for t in find_timexes(text, published)]


def one(text: str, published: str | None = PUB) -> Timex:
    timexes = find_timexes(text, published)
    assert len(timexes) == 1, timexes
    t = timexes[0]
    assert text[t.start:t.end] == t.text
    return t


# --------------------------------------------------------------------------- PartialDate


@pytest.mark.parametrize(
    ("partial", "iso"),
    [
        (PartialDate(2022, 1, 12), "2022-01-12"),
        (PartialDate(2022, 1, None), "2022-01"),
        (PartialDate(2022, None, None), "2022"),
        (PartialDate(None, 1, 12, 2), "--01-12"),
        (PartialDate(None, 1, None), None),
    ],
)
def test_partial_date_iso(partial, iso):
    assert partial.iso() == iso


# --------------------------------------------------------------------------- absolute dates


def test_day_month_year():
    t = one("Le sommet du 21 juin 2024 a eu lieu.")
    assert (t.text, t.value, t.granularity, t.kind) == ("21 juin 2024", "2024-06-21", "day", "absolute")


def test_first_of_month_leaves_article_out():
    t = one("le 1er mars 2022 à 14h05")
    assert (t.text, t.value) == ("1er mars 2022", "2022-03-01")


def test_weekday_day_month_year_any_case():
    t = one("Le vendredi 21 Juin 2024, le chef de l’État russe")
    assert (t.text, t.value, t.kind) == ("vendredi 21 Juin 2024", "2024-06-21", "absolute")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("le 3 février 2022", "2022-02-03"),
        ("le 3 fevrier 2022", "2022-02-03"),
        ("le 3 FÉVRIER 2022", "2022-02-03"),
        ("le 15 août 2021", "2021-08-15"),
        ("le 15 aout 2021", "2021-08-15"),
        ("le 25 decembre 2021", "2021-12-25"),
    ],
)
def test_month_names_with_or_without_accents(text, value):
    assert one(text).value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("le 5 janv. 2021", "2021-01-05"), ("le 3 févr. 2022", "2022-02-03"), ("le 12 sept. 2022", "2022-09-12")],
)
def test_month_abbreviations_need_their_dot(text, value):
    assert one(text).value == value


def test_sept_the_number_is_no_month():
    assert found("le 7 sept ans après, sept jours plus tard") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("21/06/2024", "2024-06-21"),
        ("21.06.2024", "2024-06-21"),
        ("2024-06-21", "2024-06-21"),
        ("lundi 10/01/2022", "2022-01-10"),
    ],
)
def test_numeric_dates(text, value):
    assert one(f"Publié le {text}.").value == value


def test_month_and_year_leave_the_preposition_out():
    t = one("L'OTAN a suspendu toute coopération en avril 2014 pour protester")
    assert (t.text, t.value, t.granularity) == ("avril 2014", "2014-04", "month")


@pytest.mark.parametrize(
    ("text", "span", "value", "modifier"),
    [
        ("en juin 2014, lorsque", "juin 2014", "2014-06", None),
        ("la plus récente, début juin 2014.", "début juin 2014", "2014-06", "start"),
        ("à la mi-mars 2020", "mi-mars 2020", "2020-03", "mid"),
        ("fin décembre 2021", "fin décembre 2021", "2021-12", "end"),
        ("Fin 2021, le ministère russe", "Fin 2021", "2021", "end"),
        ("début 2022", "début 2022", "2022", "start"),
    ],
)
def test_modified_months_and_years(text, span, value, modifier):
    t = one(text)
    assert (t.text, t.value, t.modifier) == (span, value, modifier)


@pytest.mark.parametrize(
    "text",
    [
        "l’annexion de la Crimée en 2014.",
        "depuis 2014 Moscou",
        "l'accord de 2014 prévoit",
        "d'ici 2014",
        "en 2014 les Russes",
        "à l'horizon 2014",
    ],
)
def test_year_after_a_trigger(text):
    t = one(text)
    assert (t.text, t.value, t.granularity) == ("2014", "2014", "year")


def test_year_of_foundation_is_kept():
    assert found("l’Alliance, fondée en 1949, peine à concilier") == [("1949", "1949")]


def test_l_annee_is_part_of_the_span():
    assert found("l'année 2019 et l’an 2000") == [("l'année 2019", "2019"), ("l’an 2000", "2000")]


def test_approximate_year():
    t = one("vers 2030")
    assert (t.value, t.modifier) == ("2030", "approx")


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("les 20 et 21 avril", "20 et 21 avril", "2022-04-20"),
        ("du 3 au 5 mai", "3 au 5 mai", "2022-05-03"),
        ("les 1er et 2 décembre 2021", "1er et 2 décembre 2021", "2021-12-01"),
        ("du 30 décembre au 2 janvier 2022", "30 décembre au 2 janvier 2022", "2021-12-30"),
    ],
)
def test_day_ranges_take_the_first_day(text, span, value):
    assert found(text) == [(span, value)]


def test_year_range_gives_both_years():
    assert found("de 2014 à 2016, puis entre 2018 et 2020") == [
        ("2014", "2014"), ("2016", "2016"), ("2018", "2018"), ("2020", "2020"),
    ]


def test_decades():
    assert found("dans les années 1990 et à la fin des années 80") == [
        ("années 1990", "199"), ("fin des années 80", "198"),
    ]


# --------------------------------------------------------------------------- day and month without year


def test_day_month_takes_the_publication_year():
    t = one("La première séance des pourparlers s’est tenue le 9 janvier dans la capitale autrichienne")
    assert (t.text, t.value) == ("9 janvier", "2022-01-09")


def test_day_month_within_six_months_ahead_stays_in_the_year():
    assert one("se réuniront le 20 avril").value == "2022-04-20"


def test_day_month_far_ahead_is_last_year_unless_future():
    t = one("le 20 juillet")
    assert t.value == "2021-07-20"
    assert resolve(t, PUB, future=True) == "2022-07-20"


def test_day_month_far_behind_is_next_year_when_future():
    t = one("le 10 juin", "2022-12-20")
    assert t.value == "2022-06-10"
    assert resolve(t, "2022-12-20", future=True) == "2023-06-10"


@pytest.mark.parametrize("published", [None, "--01-12"])
def test_day_month_without_publication_year(published):
    assert found("le 9 janvier et mercredi 12 janvier", published) == [
        ("9 janvier", "--01-09"), ("mercredi 12 janvier", "--01-12"),
    ]


def test_stated_weekday_picks_the_year():
    # 30 June 2022 is a Thursday; 30 June 2021 was the Wednesday meant.
    assert one("mercredi 30 juin").value == "2021-06-30"


def test_dateline_day_month():
    assert found("Paris :, 12 janvier (Cinktank.com) –") == [("12 janvier", "2022-01-12")]


# --------------------------------------------------------------------------- months without year


@pytest.mark.parametrize(
    ("text", "span", "value", "modifier"),
    [
        ("en avril", "avril", "2022-04", None),
        ("en mars", "mars", "2022-03", None),
        ("début mai", "début mai", "2022-05", "start"),
        ("à la mi-mars", "mi-mars", "2022-03", "mid"),
        ("au mois de mai", "mai", "2022-05", None),
        ("la conférence de juillet", "juillet", "2021-07", None),
    ],
)
def test_month_without_year(text, span, value, modifier):
    t = one(text)
    assert (t.text, t.value, t.modifier, t.granularity) == (span, value, modifier, "month")


def test_month_last_and_next():
    assert found("décembre dernier et mars prochain") == [
        ("décembre dernier", "2021-12"), ("mars prochain", "2022-03"),
    ]


@pytest.mark.parametrize(
    "text",
    ["la mission sur Mars", "selon Avril Haines", "le plan mai tenu", "le maire", "les mardis", "Mardi-Gras"],
)
def test_month_and_weekday_lookalikes(text):
    assert found(text) == []


# --------------------------------------------------------------------------- relative to publication


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("aujourd'hui", "2022-01-12"),
        ("aujourd’hui", "2022-01-12"),
        ("ce jour", "2022-01-12"),
        ("ce matin", "2022-01-12"),
        ("ce soir", "2022-01-12"),
        ("cette nuit", "2022-01-12"),
        ("hier", "2022-01-11"),
        ("hier soir", "2022-01-11"),
        ("avant-hier", "2022-01-10"),
        ("demain", "2022-01-13"),
        ("après-demain", "2022-01-14"),
        ("la veille", "2022-01-11"),
    ],
)
def test_relative_days(text, value):
    t = one(f"Il l'a dit {text}.")
    assert (t.text, t.value, t.kind, t.granularity) == (text, value, "relative", "day")


@pytest.mark.parametrize("text", ["ce jour-là", "à la veille du sommet", "la veille des élections"])
def test_anaphoric_days_are_not_the_publication_day(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("la semaine dernière", "2022-W01", "week"),
        ("la semaine passée", "2022-W01", "week"),
        ("cette semaine", "2022-W02", "week"),
        ("la semaine prochaine", "2022-W03", "week"),
        ("le mois dernier", "2021-12", "month"),
        ("ce mois-ci", "2022-01", "month"),
        ("le mois prochain", "2022-02", "month"),
        ("l'an dernier", "2021", "year"),
        ("l’année dernière", "2021", "year"),
        ("l'an passé", "2021", "year"),
        ("cette année", "2022", "year"),
        ("l'an prochain", "2023", "year"),
        ("l'année prochaine", "2023", "year"),
    ],
)
def test_relative_weeks_months_years(text, value, granularity):
    t = one(f"Il l'a dit {text}.")
    assert (t.text, t.value, t.granularity, t.kind) == (text, value, granularity, "relative")


def test_end_of_year_phrases():
    assert found("fin de l'année dernière, et d'ici la fin de l'année") == [
        ("fin de l'année dernière", "2021"), ("fin de l'année", "2022"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("dans deux ans", "2024"),
        ("dans 2 ans", "2024"),
        ("il y a deux jours", "2022-01-10"),
        ("il y a trois semaines", "2021-12-22"),
        ("il y a deux ans", "2020"),
        ("dans trois jours", "2022-01-15"),
        ("il y a dix-sept ans", "2005"),
        ("il y a un mois", "2021-12"),
        ("d'ici une semaine", "2022-01-19"),
    ],
)
def test_counted_offsets(text, value):
    t = one(f"Cela s'est décidé {text}.")
    assert (t.text, t.value) == (text, value)


def test_approximate_offset():
    t = one("il y a près de dix ans")
    assert (t.value, t.modifier) == ("2012", "approx")


def test_duration_is_no_date():
    assert found("leur première réunion avec la Russie en deux ans, depuis trois mois") == []


# --------------------------------------------------------------------------- weekdays


def test_bare_weekday_on_the_publication_day():
    t = one("Le ministère serbe a nié mercredi tout rôle dans l’incident")
    assert (t.text, t.value, t.kind) == ("mercredi", "2022-01-12", "weekday")
    assert resolve(t, PUB, future=True) == "2022-01-12"


def test_bare_weekday_past_and_future_readings():
    t = one("dans une interview publiée lundi, soulignant")
    assert (t.text, t.value) == ("lundi", "2022-01-10")
    assert resolve(t, PUB, future=True) == "2022-01-17"


def test_ce_meme_weekday():
    t = one("Ce même mercredi, le président de la Douma")
    assert (t.text, t.value, t.kind) == ("Ce même mercredi", "2022-01-12", "weekday")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("jeudi prochain", "2022-01-13"),
        ("mercredi prochain", "2022-01-19"),
        ("jeudi dernier", "2022-01-06"),
        ("mercredi dernier", "2022-01-05"),
        ("mardi passé", "2022-01-11"),
    ],
)
def test_weekday_last_and_next_are_strict(text, value):
    t = one(text)
    assert (t.value, t.kind) == (value, "relative")
    assert resolve(t, PUB, future=True) == value


def test_weekday_with_part_of_day():
    assert found("Mardi soir et samedi matin") == [("Mardi soir", "2022-01-11"), ("samedi matin", "2022-01-08")]


def test_weekday_without_publication_date_keeps_the_span():
    t = one("réunira mercredi les 30 alliés", None)
    assert (t.text, t.value, t.kind) == ("mercredi", None, "weekday")


def test_weekday_with_day_number_only():
    assert found("mercredi 12, puis vendredi 7") == [("mercredi 12", "2022-01-12"), ("vendredi 7", "2022-01-07")]


def test_weekday_followed_by_a_count():
    assert found("mercredi 12 personnes ont été tuées") == [("mercredi", "2022-01-12")]


def test_weekends():
    assert found("le week-end dernier") == [("le week-end dernier", "2022-W01-WE")]
    t = one("ce week-end")
    assert (t.value, t.kind, t.granularity) == ("2022-W01-WE", "weekday", "week")
    assert resolve(t, PUB, future=True) == "2022-W02-WE"
    assert found("le week-end, il se repose") == []


# --------------------------------------------------------------------------- false positives and offsets


@pytest.mark.parametrize(
    "text",
    [
        "les 29 membres de l'Alliance",
        "111 gardes-frontières",
        "la Seconde Guerre mondiale",
        "une armée de 2000 soldats",
        "une colonne de 1500 km",
        "pour 2000 euros",
        "la résolution 2231",
        "Fin de la réunion.",
        "la fin 2000 soldats",
    ],
)
def test_numbers_that_are_not_dates(text):
    assert found(text) == []


def test_offsets_with_guillemets_no_break_spaces_and_apostrophes():
    text = "«\u00a0Mercredi\u00a0», l’an dernier, le 9\u00a0janvier et aujourd’hui"
    timexes = find_timexes(text, PUB)
    assert [t.text for t in timexes] == ["Mercredi", "l’an dernier", "9\u00a0janvier", "aujourd’hui"]
    assert all(text[t.start:t.end] == t.text for t in timexes)


def test_longest_match_wins_and_order_is_left_to_right():
    timexes = find_timexes("mercredi 12 janvier, en avril 2014, hier", PUB)
    assert [t.text for t in timexes] == ["mercredi 12 janvier", "avril 2014", "hier"]
    assert all(a.end <= b.start for a, b in zip(timexes, timexes[1:]))


def test_as_dict():
    assert one("publiée lundi").as_dict() == {
        "text": "lundi", "start": 8, "end": 13, "value": "2022-01-10", "granularity": "day",
    }
    assert one("Fin 2021").as_dict()["modifier"] == "end"


def test_relative_day_with_yearless_publication():
    assert found("hier et demain", "--01-01") == [("hier", "--12-31"), ("demain", "--01-02")]


def test_seed_article(seeds):
    text = (seeds / "004_154c24c1066a6715.txt").read_text(encoding="utf-8")
    timexes = find_timexes(text, PUB)
    assert all(text[t.start:t.end] == t.text for t in timexes)
    values = [(t.text, t.value) for t in timexes]
    assert ("9 janvier", "2022-01-09") in values
    assert ("Fin 2021", "2021") in values
    assert ("Ce même mercredi", "2022-01-12") in values


def test_all_seed_offsets_are_exact(seeds):
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for t in find_timexes(text, PUB):
            assert text[t.start:t.end] == t.text


# --------------------------------------------------------------------------- resolve


def test_resolve_absolute_is_its_value():
    t = one("le 21 juin 2024")
    assert resolve(t, PUB, future=True) == t.value == "2024-06-21"


def test_resolve_against_another_publication_date():
    t = one("hier")
    assert resolve(t, "2024-03-01") == "2024-02-29"


def test_resolve_month_whose_trigger_is_outside_the_span():
    t = one("en juin", "2022-12-20")
    assert (t.text, t.value) == ("juin", "2022-06")
    assert resolve(t, "2022-12-20", future=True) == "2023-06"
    assert resolve(one("en septembre", "2022-12-20"), "2022-12-20", future=True) == "2022-09"


# --------------------------------------------------------------------------- parse_date and infer_year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 janvier", PartialDate(None, 1, 12)),
        ("mercredi 12 janvier 2022", PartialDate(2022, 1, 12, 2)),
        ("mercredi 12 janvier", PartialDate(None, 1, 12, 2)),
        ("21/04/2023", PartialDate(2023, 4, 21)),
        ("2023-04-21", PartialDate(2023, 4, 21)),
        ("2023-04-21T10:00:00Z", PartialDate(2023, 4, 21)),
        ("Publié le 1er mars 2022 à 14h05", PartialDate(2022, 3, 1)),
        ("Jan 12, 2022", PartialDate(2022, 1, 12)),
        ("Wed, 12 Jan 2022 10:00:00 GMT", PartialDate(2022, 1, 12, 2)),
        ("Paris :, 12 janvier (Cinktank.com)", PartialDate(None, 1, 12)),
        ("Mis à jour le 3 févr. 2022", PartialDate(2022, 2, 3)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_parse_date_none():
    assert parse_date("Seconde Guerre mondiale, 29 membres") is None


def test_infer_year_single_fit():
    assert infer_year(1, 12, 2, 2025, window=5) == 2022  # 12 January 2022 was a Wednesday


def test_infer_year_ambiguous_or_impossible():
    assert infer_year(1, 12, 2, 2025) is None  # 2011 and 2022 both fit
    assert infer_year(1, 12, 3, 2022, window=1) is None
    assert infer_year(2, 29, 0, 2025) == 2016  # the only leap Monday in the window


# --------------------------------------------------------------------------- scanning


def test_rules_tried_only_on_lines_holding_their_words_find_what_all_rules_everywhere_find():
    """Each rule is tried only on the lines holding one of the words every match of it
    contains; over a body mixing every form, line by line, the result is the same as
    trying every rule on the whole text."""
    from veille import temporal

    lines = ["Le sommet s'est tenu le 21 juin 2024 à Vilnius, puis lundi 10/01/2022.",
             "Les ministres se reverront fin 2021, en avril 2014 et début juin 2014.",
             "Hier soir, le Kremlin a répondu ; la semaine dernière, Moscou se taisait.",
             "Il y a deux jours, dans trois ans, d'ici trois semaines, ce week-end.",
             "Mercredi 12, jeudi prochain et ce même mercredi : les années 1990 sont loin.",
             "Aucune date ici : 2000 soldats, 29 membres, de 2014 à 2016 pourtant.",
             "2024-06-21T10:00, du 30 décembre au 2 janvier 2022, décembre dernier."]
    text = "\n\n".join(lines)
    ctx = temporal._context(PUB)
    hits = [(priority, timex) for priority, (pattern, handler) in enumerate(temporal._RULES)
            for m in pattern.finditer(text) if (result := handler(m, ctx)) is not None
            for timex in ([result] if isinstance(result, Timex) else result) if timex.text]
    expected = temporal._select(hits)
    assert len(expected) >= 20
    assert find_timexes(text, PUB) == expected


# --------------------------------------------------------------------------- kinds of issue 11
# Publication date PUB is Wednesday 12 January 2022.


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Le traité, signé le 12 mars dernier, entre en vigueur.", "12 mars dernier", "2021-03-12"),
        ("Le sommet du 5 janvier dernier a déçu les Baltes.", "5 janvier dernier", "2022-01-05"),
        ("Le 12 janvier dernier, rien ne s'est passé.", "12 janvier dernier", "2021-01-12"),
        ("La conférence aura lieu le 3 septembre prochain à Genève.", "3 septembre prochain", "2022-09-03"),
        ("Rendez-vous est pris pour le 10 janvier prochain.", "10 janvier prochain", "2023-01-10"),
    ],
)
def test_day_month_with_last_or_next_is_a_full_date(text, span, value):
    t = one(text)
    assert (t.text, t.value, t.granularity) == (span, value, "day")


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("En avril 87, le mur tenait encore.", "avril 87", "1987-04"),
        ("Il est arrivé à Vilnius en septembre 05.", "septembre 05", "2005-09"),
        ("Les barricades de Mai 68 restent dans les mémoires.", "Mai 68", "1968-05"),
        ("La loi de décembre 21 est appliquée.", "décembre 21", "2021-12"),
    ],
)
def test_two_digit_years(text, span, value):
    t = one(text)
    assert (t.text, t.value, t.granularity) == (span, value, "month")


@pytest.mark.parametrize("text", [
    "Le 5 mars 12 soldats ont été blessés.",
    "En avril 15 000 personnes ont manifesté.",
    "Fin mars 12 % des électeurs hésitaient.",
])
def test_numbers_after_a_month_that_are_no_two_digit_year(text):
    assert all(len(value or "") != 7 or value.endswith(("-03", "-04")) and value.startswith("2022")
               for _, value in found(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Samedi, le sommet s'ouvrira à Bruxelles.", "2022-01-15"),
        ("Samedi, le sommet s'est ouvert à Bruxelles.", "2022-01-08"),
        ("Vendredi, les ministres se réuniront à Genève.", "2022-01-14"),
        ("Vendredi, les ministres se sont réunis à Genève.", "2022-01-07"),
        ("Lundi, Moscou pourrait répondre aux propositions américaines.", "2022-01-17"),
        ("Lundi, Moscou a répondu aux propositions américaines.", "2022-01-10"),
        ("Moscou répondrait lundi aux propositions américaines.", "2022-01-17"),
        ("Le président tiendra dimanche une conférence de presse.", "2022-01-16"),
        ("Le front s'est stabilisé dimanche.", "2022-01-09"),
    ],
)
def test_weekday_direction_follows_the_tense_of_the_nearest_verb(text, value):
    assert [v for _, v in found(text)] == [value]


@pytest.mark.parametrize(
    ("text", "span", "value", "granularity"),
    [
        ("Il y a deux semaines, Moscou a rappelé son ambassadeur.", "Il y a deux semaines", "2021-12-29", "day"),
        ("Il y a trois jours, Moscou a rappelé son ambassadeur.", "Il y a trois jours", "2022-01-09", "day"),
        ("Il y a deux mois, Moscou a rappelé son ambassadeur.", "Il y a deux mois", "2021-11", "month"),
    ],
)
def test_ago_is_a_day_or_a_month_never_a_week(text, span, value, granularity):
    t = one(text)
    assert (t.text, t.value, t.granularity) == (span, value, granularity)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Au cours de l'année 2015, les relations se sont dégradées.", "l'année 2015", "2015"),
        ("Octobre prochain verra la réunion des ministres.", "Octobre prochain", "2022-10"),
        ("Le sommet se tiendra en octobre prochain.", "octobre prochain", "2022-10"),
        ("Les accords ont été signés en décembre dernier.", "décembre dernier", "2021-12"),
    ],
)
def test_year_and_month_phrases(text, span, value):
    t = one(text)
    assert (t.text, t.value) == (span, value)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Le 3 mars, les ministres se sont réunis. Le lendemain, ils ont signé l'accord.", "2022-03-04"),
        ("Le 3 mars, les ministres se sont réunis. La veille, ils avaient dîné ensemble.", "2022-03-02"),
        ("Le 3 mars, ils se sont réunis. Le lendemain, ils ont signé. Le lendemain, ils sont partis.", "2022-03-05"),
        ("Le 3 mars, ils se sont réunis. Le surlendemain, ils sont partis.", "2022-03-05"),
    ],
)
def test_next_day_and_day_before_follow_the_last_date_named(text, value):
    timexes = find_timexes(text, PUB)
    assert timexes[-1].value == value and timexes[-1].kind == "anaphoric"
    assert resolve(timexes[-1], PUB) == value  # re-reading the span alone would lose its anchor


def test_next_day_without_an_earlier_date_is_the_day_after_publication():
    t = one("Le lendemain, les ministres ont signé l'accord.")
    assert (t.value, t.kind) == ("2022-01-13", "relative")


def test_granularity_is_kept():
    assert [(t.text, t.granularity) for t in find_timexes(
        "En avril 87, puis le 12 mars dernier et il y a deux mois, en octobre prochain.", PUB)] == [
        ("avril 87", "month"), ("12 mars dernier", "day"), ("il y a deux mois", "month"), ("octobre prochain", "month")]


@pytest.mark.parametrize(
    ("text", "value", "granularity"),
    [
        ("En 1990, l'Allemagne s'est réunifiée.", "1990", "year"),
        ("Depuis 2010, Moscou renforce sa flotte.", "2010", "year"),
        ("Fin 2020, les négociations ont repris.", "2020", "year"),
        ("Dans les années 1990, la Russie était affaiblie.", "199", "decade"),
    ],
)
def test_a_four_digit_year_is_never_its_decade(text, value, granularity):
    t = one(text)
    assert (t.value, t.granularity) == (value, granularity)
