"""Analytics over merged events: timelines, top actors and dyads, the actor network, charts
and their commands, on short fictional French articles written for these tests."""
import json
import math
import xml.etree.ElementTree as ET

import networkx as nx
import pandas as pd
import pytest
from typer.testing import CliRunner

from veille import Pipeline, Store, analytics
from veille.cli import app

runner = CliRunner()

# Each article tells known events (the coder's reading checked when these were written):
#   2024-02     NATO -> RUS ACCUSE (month only, told as background)      bilan
#   2024-03-12  NATO -> RUS ACCUSE                                       cyberattaques
#   2024-03-20  RUS -> NATO THREATEN                                     menace
#   2024-04-22  NATO + RUS CONSULT, told by two outlets: one event       vienne_a, vienne_b
#   2024-04-26  POL -> BLR SANCTION                                      expulsion
#   2024-05-16  FRA -> UKR AID                                           aide
#   2024-06-03  NATO + RUS CONSULT, planned (context future)             bilan
#   2024-03-12  NATO -> EST MOBILIZE, promised (its target guessed from the article)   cyberattaques
#   CHN SUPPORT, no recipient (the article names no one else)           pekin
ARTICLES = {
    "cyberattaques.txt": """L'OTAN condamne les cyberattaques russes contre l'Estonie

Publié le 12 mars 2024 à 11h20

L'OTAN a condamné mardi la Russie pour ses cyberattaques contre l'Estonie.

Les Alliés ont promis de renforcer la protection de leurs réseaux au cours des prochains mois.

Partager sur Facebook Partager sur X
""",
    "menace.txt": """Moscou met en garde l'Alliance atlantique

Publié le 20 mars 2024 à 09h05

La Russie a menacé mercredi l'OTAN de représailles.

Lire aussi : Les pays baltes renforcent leurs frontières
""",
    "vienne_a.txt": """Première rencontre depuis deux ans entre l'OTAN et Moscou

Publié le 22 avril 2024 à 18h40

Les représentants de l'OTAN et de la Russie se sont réunis lundi à Vienne.

Aucune déclaration commune n'a été publiée à l'issue de la séance.
""",
    "vienne_b.txt": """À Vienne, l'Alliance et la Russie renouent le contact

Publié le 22 avril 2024 à 20h10

L'OTAN et la Russie ont tenu des négociations lundi à Vienne.
""",
    "pekin.txt": """Pékin salue la reprise du dialogue

Publié le 25 avril 2024 à 10h00

La Chine a salué jeudi la reprise du dialogue.
""",
    "expulsion.txt": """Varsovie expulse un diplomate biélorusse

Publié le 26 avril 2024 à 14h00

La Pologne a expulsé vendredi un diplomate biélorusse.
""",
    "aide.txt": """Paris envoie de l'aide à Kiev

Publié le 16 mai 2024 à 07h45

La France a livré jeudi une aide humanitaire à l'Ukraine.
""",
    "bilan.txt": """OTAN-Russie : le point sur des relations en dents de scie

Publié le 15 mai 2024 à 16h30

L'OTAN a dénoncé en février la Russie pour des violations de l'espace aérien.

Le secrétaire général de l'OTAN rencontrera le ministre russe des Affaires étrangères le 3 juin à Genève.
""",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / "analytics.duckdb"
    with Store(path) as store:
        report = Pipeline(store).ingest([str(folder)])
        assert report.stored == len(ARTICLES) and not report.failures
    return str(path)


@pytest.fixture
def store(db):
    with Store(db) as s:
        yield s


def rows(df):
    return {pd.Timestamp(r["period"]).strftime("%Y-%m-%d"): r for r in df.to_dict("records")}


def test_the_articles_are_merged_into_events(store):
    merged = store.merged_events()
    consult = [m for m in merged if m["type"] == "CONSULT" and m["date"] == "2024-04-22"]
    assert len(consult) == 1 and consult[0]["num_articles"] == 2


def test_monthly_dyad_timeline_counts_and_index(store):
    df = analytics.timeline(store, dyad="NATO:RUS", by="month")
    assert list(df.columns) == analytics.TIMELINE_COLUMNS
    by_month = rows(df)
    assert list(by_month) == ["2024-02-01", "2024-03-01", "2024-04-01"]
    feb, mar, apr = by_month.values()
    assert (feb["verbal_conflict"], feb["events"], feb["coop_conflict"], feb["goldstein"]) == (1, 1, -1.0, -2.0)
    # directed: RUS threatening NATO in March is not NATO -> RUS
    assert (mar["verbal_conflict"], mar["events"], mar["coop_conflict"]) == (1, 1, -1.0)
    # the meeting, told by two articles, is one event with two reports
    assert (apr["verbal_coop"], apr["events"], apr["reports"], apr["coop_conflict"], apr["goldstein"]) == \
        (1, 1, 2, 1.0, 1.0)
    assert df.attrs["dyad"] == "NATO→RUS" and df.attrs["unplaced"] == 0


def test_both_ways_and_the_meeting_counts_in_either_direction(store):
    back = rows(analytics.timeline(store, dyad=("RUS", "NATO"), by="month"))
    assert {k: v["events"] for k, v in back.items()} == {"2024-03-01": 1, "2024-04-01": 1}
    both = rows(analytics.timeline(store, dyad="NATO:RUS", by="month", directed=False))
    assert both["2024-03-01"]["verbal_conflict"] == 2 and both["2024-03-01"]["goldstein"] == pytest.approx(-4.0)
    assert both["2024-04-01"]["events"] == 1  # the meeting once, though it links both ways


def test_dyads_agree_with_the_store_filter(store):
    for pair in (("NATO", "RUS"), ("RUS", "NATO"), ("POL", "BLR"), ("BLR", "POL")):
        df = analytics.timeline(store, dyad=pair, by="year", factual=False)
        assert df["events"].sum() + df.attrs["unplaced"] == len(store.merged_events(dyad=pair)), pair


def test_partial_dates_are_left_out_of_day_and_week_axes(store):
    weekly = analytics.timeline(store, dyad="NATO:RUS", by="week")
    assert weekly.attrs["unplaced"] == 1  # "en février": a month, not a week
    assert weekly["period"].iloc[0] == pd.Timestamp("2024-03-11")  # Monday of 12 March 2024
    assert weekly["period"].iloc[-1] == pd.Timestamp("2024-04-22")
    assert len(weekly) == 7 and weekly["events"].sum() == 2
    empty = weekly[weekly["events"] == 0]
    assert empty["goldstein"].isna().all() and empty["coop_conflict"].isna().all()
    daily = analytics.timeline(store, dyad="NATO:RUS", by="day")
    assert daily.attrs["unplaced"] == 1 and daily["events"].sum() == 2 and len(daily) == 42
    # on the day each event was first reported, the February accusation has a full date
    reported = analytics.timeline(store, dyad="NATO:RUS", by="week", axis="reported")
    assert reported.attrs["unplaced"] == 0 and reported["events"].sum() == 3


def test_planned_events_only_with_all_contexts(store):
    factual = rows(analytics.timeline(store, dyad="NATO:RUS", by="month"))
    assert "2024-06-01" not in factual
    everything = rows(analytics.timeline(store, dyad="NATO:RUS", by="month", factual=False))
    assert everything["2024-06-01"]["verbal_coop"] == 1 and everything["2024-05-01"]["events"] == 0


def test_since_until_and_actor(store):
    df = analytics.timeline(store, actor="RUS", by="month", since="2024-03", until="2024-12")
    by_month = rows(df)
    assert list(by_month)[0] == "2024-03-01" and list(by_month)[-1] == "2024-12-01" and len(df) == 10
    assert by_month["2024-03-01"]["events"] == 2 and by_month["2024-04-01"]["events"] == 1
    assert df["events"].sum() == 3
    assert analytics.timeline(store, actor="RUS", side="target", by="year")["events"].sum() == 2
    overall = rows(analytics.timeline(store, by="month"))
    assert overall["2024-04-01"]["events"] == 3  # CONSULT, SUPPORT, SANCTION
    assert overall["2024-05-01"]["material_coop"] == 1


def test_long_format_by_type(store):
    df = analytics.timeline(store, dyad="NATO:RUS", by="month", per_type=True, factual=False)
    assert list(df.columns) == ["period", "type", "quad_class", "events", "reports", "goldstein"]
    got = {(p.strftime("%Y-%m"), t, e) for p, t, e in zip(df["period"], df["type"], df["events"])}
    assert got == {("2024-02", "ACCUSE", 1), ("2024-03", "ACCUSE", 1), ("2024-04", "CONSULT", 1),
                   ("2024-06", "CONSULT", 1)}


def test_a_timeline_without_events_is_empty(store):
    df = analytics.timeline(store, dyad="USA:CHN")
    assert df.empty and list(df.columns) == analytics.TIMELINE_COLUMNS
    bounded = analytics.timeline(store, dyad="USA:CHN", since="2024-01", until="2024-03")
    assert list(bounded["events"]) == [0, 0, 0]
    with pytest.raises(ValueError):
        analytics.timeline(store, by="fortnight")
    with pytest.raises(ValueError):
        analytics.timeline(store, dyad="NATO")


def test_top_actors_and_dyads(store):
    actors = analytics.top_actors(store, n=3)
    assert set(actors["actor"]) == {"NATO", "RUS"} | set(actors["actor"][2:])
    rus = actors.set_index("actor").loc["RUS"]
    assert (rus["events"], rus["as_source"], rus["as_target"], rus["reports"]) == (4, 2, 2, 5)
    assert analytics.top_actors(store, n=None, side="target").set_index("actor")["events"].to_dict() == \
        {"RUS": 2, "NATO": 1, "BLR": 1, "UKR": 1, "EST": 1}
    dyads = analytics.top_dyads(store, n=2)
    assert [tuple(r) for r in dyads[["source", "target", "events", "reports"]].itertuples(index=False)] == \
        [("NATO", "RUS", 3, 4), ("RUS", "NATO", 2, 3)]
    pairs = analytics.top_dyads(store, n=None, directed=False).set_index(["actor1", "actor2"])
    assert pairs.loc[("NATO", "RUS"), "events"] == 4 and pairs.loc[("BLR", "POL"), "conflict"] == 1
    assert pairs.loc[("FRA", "UKR"), "coop_conflict"] == 1.0


def test_network_edges(store):
    graph = analytics.network(store)
    assert isinstance(graph, nx.DiGraph)
    assert set(graph.edges) == {("NATO", "RUS"), ("RUS", "NATO"), ("POL", "BLR"), ("FRA", "UKR"), ("NATO", "EST")}
    assert graph["NATO"]["RUS"]["weight"] == 3 and graph["RUS"]["NATO"]["weight"] == 2
    assert graph["POL"]["BLR"]["goldstein"] == pytest.approx(-4.0) and graph["FRA"]["UKR"]["coop"] == 1
    assert "CHN" not in graph and "CHN" in analytics.network(store, isolates=True)
    assert set(analytics.network(store, min_weight=2).edges) == {("NATO", "RUS"), ("RUS", "NATO")}
    data = analytics.network_json(graph)
    assert data["directed"] and {(e["source"], e["target"]) for e in data["edges"]} == set(graph.edges)


def check_chart(path, kind):
    data = path.read_bytes()
    if kind == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5000
    elif kind == "svg":
        assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"
    else:
        page = data.decode("utf-8")
        assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<table" in page
        assert "<?xml" not in page and "src=\"http" not in page and "href=\"http" not in page.split("<svg")[0]
        svg = page[page.index("<svg"):page.index("</svg>") + len("</svg>")]
        assert ET.fromstring(svg).tag.endswith("svg")


@pytest.mark.parametrize("kind", ["png", "svg", "html"])
def test_charts_are_written(store, tmp_path, kind):
    wide = analytics.timeline(store, dyad="NATO:RUS", by="week", directed=False)
    written = analytics.plot_timeline(wide, tmp_path / f"timeline.{kind}")
    check_chart(written, kind)
    long = analytics.timeline(store, by="month", per_type=True)
    check_chart(analytics.plot_timeline(long, tmp_path / f"types.{kind}"), kind)
    check_chart(analytics.plot_network(analytics.network(store), tmp_path / f"net.{kind}"), kind)
    check_chart(analytics.plot_timeline(analytics.timeline(store, dyad="USA:CHN"), tmp_path / f"empty.{kind}"), kind)
    check_chart(analytics.plot_network(nx.DiGraph(), tmp_path / f"nonet.{kind}"), kind)


def test_html_page_holds_the_figures(store, tmp_path):
    page = analytics.plot_timeline(analytics.timeline(store, dyad="NATO:RUS"), tmp_path / "t.html").read_text()
    assert "<title>Events per month: NATO→RUS</title>" in page
    assert "<td>2024-04</td>" in page and "verbal_coop" in page


def test_unknown_chart_suffix(store, tmp_path):
    with pytest.raises(ValueError, match=r"\.png, \.svg or \.html"):
        analytics.plot_timeline(analytics.timeline(store), tmp_path / "t.pdf")
    assert not (tmp_path / "t.pdf").exists()


def test_period_labels():
    day = pd.Timestamp("2024-03-11")
    assert [analytics.period_label(day, by) for by in ("day", "week", "month", "quarter", "year")] == \
        ["2024-03-11", "2024-W11", "2024-03", "2024-Q1", "2024"]


def test_timeline_command(db, tmp_path):
    result = runner.invoke(app, ["timeline", "--dyad", "NATO:RUS", "--by", "month", "--db", db,
                                 "--plot", str(tmp_path / "timeline.png"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(r["period"], r["events"], r["reports"]) for r in data] == \
        [("2024-02-01", 1, 1), ("2024-03-01", 1, 1), ("2024-04-01", 1, 2)]
    assert math.isclose(data[1]["coop_conflict"], -1.0)
    check_chart(tmp_path / "timeline.png", "png")
    table = runner.invoke(app, ["timeline", "--dyad", "NATO:RUS", "--by", "week", "--db", db])
    assert table.exit_code == 0 and "2024-W11" in table.stdout and "left out" in table.stderr
    csv = runner.invoke(app, ["timeline", "--actor", "FRA", "--by-type", "--format", "csv", "--db", db])
    assert csv.exit_code == 0 and csv.stdout.splitlines() == [
        "period,type,quad_class,events,reports,goldstein", "2024-05-01,AID,2,1,1,7.0"]
    assert runner.invoke(app, ["timeline", "--dyad", "NATO", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["timeline", "--plot", str(tmp_path / "t.pdf"), "--db", db]).exit_code == 2
    assert runner.invoke(app, ["timeline", "--by", "fortnight", "--db", db]).exit_code == 2


def test_top_command(db):
    result = runner.invoke(app, ["top", "--n", "2", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {a["actor"] for a in data["actors"]} == {"NATO", "RUS"}
    assert (data["dyads"][0]["source"], data["dyads"][0]["target"], data["dyads"][0]["events"]) == ("NATO", "RUS", 3)
    table = runner.invoke(app, ["top", "--db", db])
    assert table.exit_code == 0 and "Top actors" in table.stdout and "Top dyads" in table.stdout
    assert runner.invoke(app, ["top", "--db", db, "--format", "csv", "--both-ways"]).exit_code == 0
    assert runner.invoke(app, ["top", "--side", "left", "--db", db]).exit_code == 2


def test_network_command(db, tmp_path):
    result = runner.invoke(app, ["network", "--db", db, "--plot", str(tmp_path / "net.svg"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {(e["source"], e["target"], e["weight"]) for e in data["edges"]} == \
        {("NATO", "RUS", 3), ("RUS", "NATO", 2), ("POL", "BLR", 1), ("FRA", "UKR", 1), ("NATO", "EST", 1)}
    check_chart(tmp_path / "net.svg", "svg")
    table = runner.invoke(app, ["network", "--db", db, "--plot", str(tmp_path / "net.html")])
    assert table.exit_code == 0 and "NATO" in table.stdout
    check_chart(tmp_path / "net.html", "html")


def test_help_on_analytics_commands():
    for command in ("timeline", "top", "network"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
