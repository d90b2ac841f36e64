import pytest

from veille import filters
from veille.filters import FilterError


@pytest.mark.parametrize("value", ["2024", "2024-03", "2024-03-12", " 2024-02-29 "])
def test_iso_dates_whole_or_partial(value):
    assert filters.date(value) == value.strip()


@pytest.mark.parametrize("value", ["2024/01/01", "yesterday", "12/03/2024", "2024-13", "2023-02-29", "24", ""])
def test_anything_else_is_not_a_date(value):
    with pytest.raises(FilterError, match="not a date"):
        filters.date(value)


def test_closed_lists_with_a_did_you_mean():
    assert filters.event_type("consult") == "CONSULT" and filters.context("Future") == "future"
    with pytest.raises(FilterError, match="did you mean MOBILIZE"):
        filters.event_type("mobilise")
    with pytest.raises(FilterError, match="did you mean future"):
        filters.context("futur")
    with pytest.raises(FilterError, match="expected one of historical, future"):
        filters.context("zzz")


@pytest.mark.parametrize("value, code", [("RUS", "RUS"), ("rus", "RUS"), ("Russie", "RUS"), ("Russia", "RUS"),
                                         ("russie", "RUS"), ("OTAN", "NATO"), ("NATO", "NATO"),
                                         ("États-Unis", "USA"), ("Etats Unis", "USA"), ("United States", "USA"),
                                         ("Allemagne", "DEU"), ("Germany", "DEU"), ("Union européenne", "EU")])
def test_actors_by_code_or_french_or_english_name(value, code):
    assert filters.actor(value) == code


def test_an_unknown_actor_says_so_and_where_to_look():
    with pytest.raises(FilterError, match="unknown actor 'Narnia'.*veille actors"):
        filters.actor("Narnia")


def test_dyads_as_text_or_pairs():
    assert filters.dyad("Russie:OTAN") == filters.dyad(("rus", "nato")) == ("RUS", "NATO")
    for bad in ("RUS", "RUS:", "RUS:NATO:UKR"):
        with pytest.raises(FilterError, match="SOURCE:TARGET"):
            filters.dyad(bad)


def test_actor_search_lists_dated_roles():
    (macron, *_) = filters.actor_index().search("Emmanuel Macron")
    assert macron.kind == "person" and macron.codes == ("FRA",)
    assert any(r.role == "head_of_state" and str(r.start) == "2017-05-14" for r in macron.roles)
    assert filters.actor_index().search("RUS")[0].name == "Russie"


def test_filters_read_by_name_say_which_one_failed():
    assert filters.event_filters(dyad="nato:rus", type="consult", since="2024-02-29", q="", factual=False) == {
        "dyad": ("NATO", "RUS"), "type": "CONSULT", "since": "2024-02-29"}
    for given, parameter in [({"since": "2023-02-29"}, "since"), ({"context": "past"}, "context"),
                             ({"dyad": "NATO-RUS"}, "dyad"), ({"party": "<b>"}, "party"),
                             ({"q": "x" * (filters.MAX_TEXT + 1)}, "q"), ({"by": "fortnight"}, "by")]:
        with pytest.raises(FilterError) as raised:
            filters.event_filters(**given)
        assert raised.value.parameter == parameter
    with pytest.raises(FilterError) as raised:
        filters.read("actor", "R US", "code")
    assert raised.value.parameter == "code" and "unknown actor 'R US'" in str(raised.value)
    assert filters.read("speaker", None) is None and filters.read("by", "Week") == "week"
