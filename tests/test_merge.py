"""One event from many reports: near-duplicates, cross-outlet merging, counts that grow."""
import pytest

from veille import Pipeline, Store
from veille.dedup import THRESHOLD, bands, fingerprint, jaccard, shingles, similarity
from veille.merge import Happening, Merged, Merger, agreement, dates_compatible, filing_keys, joins, lookup_keys
from veille.store import MIGRATIONS, text_sides

from .conftest import FIXTURES

REPORTS = FIXTURES / "reports"
FIRST = ["a_courrier.txt", "b_vigie.txt", "c_reprise.txt", "d_accusation.txt"]


def summary(store: Store) -> set[tuple]:
    return {(m["type"], tuple(sorted(set(m["actors"]) | set(m["recipients"]))), m["num_mentions"],
             m["num_documents"], m["num_articles"], m["num_sources"]) for m in store.merged_events()}


def meeting(store: Store) -> dict:
    (found,) = [m for m in store.merged_events(type="CONSULT") if {"RUS", "USA"} <= set(m["actors"])]
    return found


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    folder = tmp_path_factory.mktemp("merge")
    forward, backward = Store(folder / "forward.duckdb"), Store(folder / "backward.duckdb")
    Pipeline(forward).ingest([str(REPORTS / name) for name in FIRST])
    Pipeline(backward, batch_size=1).ingest([str(REPORTS / name) for name in reversed(FIRST)])
    yield forward, backward
    forward.close()
    backward.close()


def test_wire_copy_points_to_its_canonical_article(stores):
    forward, _ = stores
    rows = dict(forward.con.execute("SELECT name, canonical_id FROM documents").fetchall())
    canonical = forward.get("a_courrier.txt").id
    assert rows["c_reprise.txt"] == canonical
    assert rows["a_courrier.txt"] is None and rows["b_vigie.txt"] is None


def test_one_meeting_told_by_two_outlets_and_a_wire_copy(stores):
    forward, _ = stores
    found = meeting(forward)
    assert (found["num_documents"], found["num_articles"], found["num_sources"]) == (3, 2, 3)
    assert found["num_mentions"] >= 3 and found["date"] == "2022-01-21" and found["location_country"] == "CHE"
    assert {r["doc"] for r in forward.reports(found["id"])} == {"a_courrier.txt", "b_vigie.txt", "c_reprise.txt"}


def test_another_event_of_the_same_dyad_on_the_same_day_stays_separate(stores):
    forward, _ = stores
    (accusation,) = forward.merged_events(type="ACCUSE", dyad=("RUS", "USA"))
    assert accusation["id"] != meeting(forward)["id"] and accusation["num_documents"] == 1


def test_ingest_order_does_not_change_the_result(stores):
    forward, backward = stores
    assert summary(forward) == summary(backward)


def test_a_later_report_raises_the_counts_without_reprocessing(tmp_path):
    with Store(tmp_path / "v.duckdb") as store:
        Pipeline(store).ingest([str(REPORTS / name) for name in FIRST])
        before = meeting(store)
        report = Pipeline(store).ingest([str(REPORTS / name) for name in FIRST + ["e_tardif.txt"]])
        assert (report.stored, report.skipped) == (1, 4)
        after = meeting(store)
        assert after["id"] == before["id"]
        assert (after["num_documents"], after["num_articles"], after["num_sources"]) == (4, 3, 4)
        # seen: the publication date when it is known in full, else the day veille read the report
        assert after["first_seen"].isoformat() == "2022-01-21" and after["last_seen"] >= after["first_seen"]


def kept_counts(store: Store) -> dict[str, tuple]:
    """Each merged event's counts as stored."""
    return {i: tuple(counts) for i, *counts in store.con.execute(
        "SELECT id, num_mentions, num_documents, num_articles, num_sources, first_seen, last_seen "
        "FROM merged_events").fetchall()}


def recounted(store: Store) -> dict[str, tuple]:
    """The same, counted anew from every report in the store: every mention, every document,
    every distinct story (near-duplicates count once), every distinct outlet."""
    return {i: tuple(counts) for i, *counts in store.con.execute(
        "SELECT e.merged_id, count(*), count(DISTINCT e.doc_id), count(DISTINCT coalesce(d.canonical_id, d.id)), "
        "count(DISTINCT coalesce(lower(d.outlet), d.source)), "
        "min(try_cast(d.published AS DATE)), max(try_cast(d.published AS DATE)) "  # undated: no day
        "FROM events e JOIN documents d ON d.id = e.doc_id JOIN event_mentions em ON em.event_id = e.id "
        "WHERE e.merged_id IS NOT NULL GROUP BY e.merged_id").fetchall()}


def test_counts_added_batch_by_batch_equal_a_full_recount(stores):
    for store in stores:  # one batch; a batch per document
        assert kept_counts(store) == recounted(store)


# SQL taking a store from each schema version back to the one before it
UNDO = {
    6: "DROP TABLE merge_counted",  # the stories and outlets counted
    7: """
    ALTER TABLE merged_events ADD COLUMN sources VARCHAR[] NOT NULL DEFAULT [];
    ALTER TABLE merged_events ADD COLUMN targets VARCHAR[] NOT NULL DEFAULT [];
    UPDATE merged_events SET
        sources = list_filter(string_split(split_part(sides, chr(30), 1), chr(31)), lambda c: c <> ''),
        targets = list_filter(string_split(split_part(sides, chr(30), 2), chr(31)), lambda c: c <> '');
    ALTER TABLE merged_events DROP COLUMN sides;
    """,  # the sides as text
    8: "DROP TABLE places",  # the coordinates of places
    9: "ALTER TABLE documents DROP COLUMN canonical_url",
    10: "UPDATE merged_events SET first_seen = coalesce(first_seen, current_date), "
        "last_seen = coalesce(last_seen, current_date)",  # an undated report's day was its day of ingest
    11: "ALTER TABLE documents DROP COLUMN published_source; ALTER TABLE documents DROP COLUMN notes;",
}


@pytest.mark.parametrize("version", [len(MIGRATIONS), 6, 5])
def test_a_store_reopened_or_migrated_merges_on_as_one_run_does(tmp_path, version):
    everything = [str(REPORTS / name) for name in FIRST + ["e_tardif.txt"]]
    with Store(tmp_path / "once.duckdb") as once:
        Pipeline(once).ingest(everything)
        expected, sides = summary(once), stored_sides(once)
    path = tmp_path / "later.duckdb"
    with Store(path) as store:
        Pipeline(store).ingest(everything[:-1])
        for undone in range(len(MIGRATIONS), version, -1):
            store.con.execute(UNDO[undone]).fetchall()
            store.con.execute("DELETE FROM schema_version WHERE version = ?", [undone])
    with Store(path) as store:
        assert store.version == len(MIGRATIONS) and kept_counts(store) == recounted(store)
        Pipeline(store).ingest(everything)
        assert summary(store) == expected and kept_counts(store) == recounted(store)
        assert stored_sides(store) == sides


def stored_sides(store: Store) -> dict[str, tuple[list[str], list[str]]]:
    """Merged id -> (actors, recipients) as merging reads them back, in the order it added them."""
    return {i: text_sides(text) for i, text in store.con.execute("SELECT id, sides FROM merged_events").fetchall()}


@pytest.mark.parametrize("words", [0, 1, 4, 5, 6, 40])
def test_shingles_are_every_run_of_five_words_or_the_whole_short_text(words):
    text = " ".join(f"Mot{n % 7}" for n in range(words))
    runs = [" ".join(f"mot{n % 7}" for n in range(i, i + 5)) for i in range(words - 4)]
    assert shingles(text) == (set(runs) if words >= 5 else {text.lower()} if words else set())


def test_near_duplicate_signatures():
    text = (REPORTS / "a_courrier.txt").read_text(encoding="utf-8")
    copy = (REPORTS / "c_reprise.txt").read_text(encoding="utf-8")
    other = (REPORTS / "b_vigie.txt").read_text(encoding="utf-8")
    assert jaccard(text, copy) >= THRESHOLD > jaccard(text, other)
    assert set(bands(text)) & set(bands(copy)) and not set(bands(text)) & set(bands(other))
    for a, b in ((text, copy), (text, other), (text, "")):
        assert similarity(fingerprint(shingles(a)), fingerprint(shingles(b))) == jaccard(a, b)


@pytest.mark.parametrize("a, b, ok", [("2014", "2014-03", True), ("2014-03", "2014-04", False),
                                      ("--01-21", "2022-01-21", True), ("--01-21", "2022-01-22", False),
                                      (None, "2022-01-21", True)])
def test_dates_compatible_at_their_granularity(a, b, ok):
    assert dates_compatible(a, b) is ok


DATES = [None, "2014", "2015", "2014-03", "2014-04", "2014-03-12", "2014-03-13", "2015-03-12", "--03-12",
         "--03-13", "2014-W11", "2014-W12"]


@pytest.mark.parametrize("merged", DATES)
def test_a_report_looks_where_every_compatible_merged_event_is_filed(merged):
    for report in DATES:
        found = bool(lookup_keys(report) & filing_keys(merged))
        assert found or not dates_compatible(report, merged), (report, merged)


def test_a_batch_matches_as_if_its_reports_came_one_by_one():
    merger = Merger([])
    month = merger.add("a:1", Happening("CONSULT", ["RUS", "USA"], [], "2022-01"))
    # the second report refines the date to a day; the third, of that day only, finds it
    assert merger.add("b:1", Happening("CONSULT", ["USA", "RUS"], [], "2022-01-21", "CHE"), "Genève") == month
    assert merger.add("c:1", Happening("CONSULT", ["RUS", "USA"], [], "--01-21")) == month
    assert merger.add("d:1", Happening("CONSULT", ["RUS", "USA"], [], "2022-01-22")) != month
    merged = merger.merged[month]
    assert (merged.happening.date, merged.happening.country, merged.location) == ("2022-01-21", "CHE", "Genève")
    assert merger.new_sides[:2] == [(month, "source", "RUS"), (month, "source", "USA")]
    assert {key for key, i in merger.new_keys() if i == month} == merged.keys()


def test_a_stored_merged_event_files_only_the_keys_it_gains():
    stored = Merged("m1", Happening("CONSULT", ["RUS", "USA"], [], "2022-01"), stored=True)
    before = stored.keys()
    merger = Merger([(stored, before)])
    assert merger.add("x:1", Happening("CONSULT", ["USA", "RUS"], [], "2022-01")) == "m1"
    assert merger.new_keys() == [] and merger.new_sides == []
    assert merger.add("y:1", Happening("CONSULT", ["RUS", "USA", "CHN"], [], "2022-01-21")) == "m1"
    assert {key for key, _ in merger.new_keys()} == stored.keys() - before
    assert merger.new_sides == [("m1", "source", "CHN")]


def test_merging_rules():
    meeting_ = Happening("CONSULT", ["RUS", "USA"], [], "2022-01-21", "CHE")
    assert joins(Happening("CONSULT", ["USA", "RUS"], [], "--01-21", None), meeting_)
    assert not joins(Happening("CONSULT", ["USA", "RUS"], [], "2022-01-21", "AUT"), meeting_)  # another place
    assert not joins(Happening("CONSULT", ["USA", "FRA"], [], "2022-01-21", "CHE"), meeting_)  # one side only
    accusation = Happening("ACCUSE", ["RUS"], ["USA"], "2022-01-21")
    assert joins(Happening("ACCUSE", ["RUS"], [], "2022-01-21"), accusation)
    assert not joins(Happening("ACCUSE", ["RUS"], ["UKR"], "2022-01-21"), accusation)


def test_a_report_joins_when_it_agrees_on_every_field():
    sides = [(["RUS"], []), (["RUS", "USA"], []), (["RUS"], ["USA"]), (["USA"], ["RUS", "UKR"]), (["FRA"], [])]
    happenings = [Happening(type_, actors, recipients, date, country)
                  for type_ in ("CONSULT", "ACCUSE") for actors, recipients in sides
                  for date in (None, "2022", "2022-01-21", "--01-21", "2022-02") for country in (None, "CHE", "AUT")]
    for report in happenings:
        for merged in happenings:
            assert joins(report, merged) == all(agreement(report, merged).values())


def test_event_why_explains_the_merge(stores):
    import json

    from typer.testing import CliRunner

    from veille.cli import app

    forward, _ = stores
    merged_id = meeting(forward)["id"]
    forward.close()  # the command opens the file itself
    result = CliRunner().invoke(app, ["event", merged_id[:8], "--why", "--db", forward.path, "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["id"] == merged_id and len(record["reports"]) >= 3
    for report in record["reports"]:
        assert report["agreement"]["type"] and set(report["agreement"]["participants"]) == {"RUS", "USA"}
        assert report["agreement"]["date"] and report["agreement"]["place"]
    table = CliRunner().invoke(app, ["event", merged_id, "--why", "--db", forward.path])
    assert "3 documents, 2 articles, 3 sources" in table.stdout and "(copy)" in table.stdout


def test_events_command_lists_merged_events(tmp_path):
    import json

    from typer.testing import CliRunner

    from veille.cli import app

    db = str(tmp_path / "v.duckdb")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", *[str(REPORTS / n) for n in FIRST], "--db", db]).exit_code == 0
    rows = json.loads(runner.invoke(app, ["events", "--merged", "--type", "CONSULT", "--db", db, "-f", "json"]).stdout)
    assert [(r["num_documents"], r["num_articles"]) for r in rows] == [(3, 2)]
    per_article = json.loads(runner.invoke(app, ["events", "--type", "CONSULT", "--db", db, "-f", "json"]).stdout)
    assert len(per_article) == 3 and {r["merged_id"] for r in per_article} == {rows[0]["id"]}
