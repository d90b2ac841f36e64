"""Exports of merged events: articles go through the whole pipeline into a store, each
format is exported and read back (DuckDB, pandas, the csv module, the PLOVER JSON Schema)."""
import csv
import datetime as dt
import io
import json
import re

import duckdb
import jsonschema
import pandas as pd
import pytest
from typer.testing import CliRunner

import veille
from veille.cli import app
from veille.export import (GDELT_COLUMNS, TABLE_COLUMNS, ExportError, day_of, export, global_event_id,
                           plover_schema, plover_score, sqldate)
from veille.filters import FilterError

from .conftest import EXAMPLES

# Two outlets report the same happening (Poland summons Belarus's ambassador and accuses
# Minsk); a third, plain-text dispatch without a URL tells an unrelated agreement.
ARTICLES = [
    {"id": "gazette-2024-03-12-pologne-bielorussie",
     "url": "https://www.gazette-du-quai.example/europe/pologne-convoque-ambassadeur-bielorussie",
     "published": "2024-03-12", "outlet": "La Gazette du Quai",
     "title": "La Pologne convoque l’ambassadeur de Biélorussie après une violation de son espace aérien",
     "text": "La Pologne convoque l’ambassadeur de Biélorussie après une violation de son espace aérien\n\n"
             "Varsovie, 12 mars (La Gazette du Quai) –\n\n"
             "La Pologne a convoqué mardi l’ambassadeur de Biélorussie à Varsovie, au lendemain du survol de la "
             "région de Podlachie par un hélicoptère militaire biélorusse, a annoncé le ministère polonais des "
             "Affaires étrangères.\n\n"
             "Le chef de la diplomatie polonaise, Radosław Sikorski, a accusé Minsk de « provocations délibérées » "
             "à la frontière orientale de l’Union européenne.\n\n"
             "L’incident n’a fait aucune victime, selon l’état-major polonais, qui a renforcé la surveillance de "
             "l’espace aérien dans la région."},
    {"id": "courrier-2024-03-12-varsovie-minsk",
     "url": "https://www.courrier-des-marches.example/monde/varsovie-minsk-ambassadeur",
     "published": "2024-03-12", "outlet": "Le Courrier des Marches",
     "title": "Varsovie convoque le représentant de Minsk",
     "text": "Varsovie convoque le représentant de Minsk\n\n"
             "Varsovie, 12 mars (Le Courrier des Marches) –\n\n"
             "Le ministère polonais des Affaires étrangères a convoqué mardi l’ambassadeur de Biélorussie, après "
             "qu’un hélicoptère de l’armée biélorusse a pénétré dans l’espace aérien polonais lundi soir.\n\n"
             "Radosław Sikorski a accusé la Biélorussie de chercher à tester la réaction de l’OTAN sur son flanc "
             "est.\n\n"
             "Minsk n’avait pas réagi mardi en fin de journée."},
]
DISPATCH = """Tokyo et Séoul signent un accord d’échange de renseignements militaires

Tokyo, 5 juin 2024 (Dépêches du Pacifique) –

Le Japon et la Corée du Sud ont signé mercredi à Tokyo un accord sur l’échange de renseignements militaires, a \
annoncé le ministère japonais de la Défense.

Le ministre sud-coréen de la Défense a rencontré son homologue japonais pour la deuxième fois cette année.

En mars 2023, le Japon avait signé un accord de défense avec l’Australie à Canberra.

Dépêches du Pacifique
"""
# sample articles with a date without a year (--07-06), no publication date, and HTML
SAMPLES = [EXAMPLES / "txt" / "kremlin_dement_lien_manoeuvres_kaliningrad_sommet_vilnius.txt",
           EXAMPLES / "txt" / "estonie_expulse_diplomate_russe_moscou_promet_riposte.txt",
           EXAMPLES / "html" / "otan_annonce_steadfast_defender_2024_plus_vaste_exercice.html"]

LIST = re.compile(r"^(\w+(\|\w+)*)?$")
runner = CliRunner()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    articles = folder / "articles"
    articles.mkdir()
    (articles / "reports.jsonl").write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES),
                                            encoding="utf-8")
    (articles / "tokyo_seoul_accord_renseignement.txt").write_text(DISPATCH, encoding="utf-8")
    path = folder / "v.duckdb"
    with veille.Store(path) as store:
        report = veille.Pipeline(store).ingest([str(articles)] + [str(p) for p in SAMPLES])
        assert report.ok and report.stored == 6, [str(f) for f in report.failures]
        assert store.con.execute("SELECT count(*) FROM merged_events").fetchone()[0] > 0, "merging filled nothing"
    return path


@pytest.fixture
def store(db):
    with veille.Store(db) as s:
        yield s


def exported(store, format, **filters) -> str:
    buffer = io.StringIO()
    export(store, format, buffer, **filters)
    return buffer.getvalue()


def lines(store, format, **filters) -> list[dict]:
    return [json.loads(line) for line in exported(store, format, **filters).splitlines()]


def poland_belarus(records: list[dict], actors_key="actors") -> dict:
    """The merged event two outlets report."""
    found = [r for r in records if _codes(r[actors_key]) == ["POL"] and r["num_sources"] == 2]
    assert len(found) == 1, [(_codes(r[actors_key]), r.get("num_sources")) for r in records]
    return found[0]


def _codes(actors) -> list[str]:
    return [a["code"] if isinstance(a, dict) else a for a in actors]


# --- jsonl -----------------------------------------------------------------------------------


def test_jsonl_one_merged_event_per_line_with_fields_and_counts(store):
    records = lines(store, "jsonl")
    assert len(records) == len(store.merged_events()) > 5
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        for key in ("id", "type", "mode", "context", "actors", "recipients", "date", "location", "quad_class",
                    "cameo_root", "goldstein", "num_mentions", "num_documents", "num_articles", "num_sources",
                    "first_seen", "last_seen", "reports"):
            assert key in r, key
        assert isinstance(r["actors"], list) and isinstance(r["recipients"], list) and isinstance(r["context"], list)
        assert r["quad_class"] in (1, 2, 3, 4) and re.fullmatch(r"\d\d", r["cameo_root"])
        assert r["num_mentions"] >= r["num_documents"] >= r["num_articles"] >= 1 and r["num_sources"] >= 1
        assert r["location"] is None or set(r["location"]) == {"name", "country", "latitude", "longitude"}
        assert r["reports"] and all(rep["doc_id"] for rep in r["reports"])
    event = poland_belarus(records)
    assert event["type"] == "ACCUSE" and event["recipients"] == ["BLR"] and event["date"] == "2024-03-12"
    assert event["num_documents"] == 2 and event["first_seen"] == event["last_seen"] == "2024-03-12"
    assert {rep["outlet"] for rep in event["reports"]} == {"La Gazette du Quai", "Le Courrier des Marches"}
    assert event["source_url"].startswith("https://www.")
    located = [r for r in records if r["location"] and r["location"]["latitude"] is not None]
    assert located and all(-90 <= r["location"]["latitude"] <= 90 and -180 <= r["location"]["longitude"] <= 180
                           for r in located)
    tokyo = [r for r in records if (r["location"] or {}).get("name") == "Tokyo"]
    assert tokyo and abs(tokyo[0]["location"]["latitude"] - 35.69) < 0.1 and abs(tokyo[0]["location"]["longitude"] - 139.69) < 0.1


def test_filters_select_merged_events(store):
    everything = lines(store, "jsonl")
    dyad = lines(store, "jsonl", dyad=("POL", "BLR"))
    assert dyad and all("POL" in r["actors"] and "BLR" in r["recipients"] for r in dyad)
    assert {r["id"] for r in dyad} < {r["id"] for r in everything}
    assert all(r["type"] == "AGREE" for r in lines(store, "jsonl", type="agree"))
    since = lines(store, "jsonl", since="2024-06")
    assert since and all(r["date"] >= "2024-06" and not r["date"].startswith("--") for r in since)
    assert lines(store, "jsonl", dyad="Pologne:Biélorussie") == dyad  # names and codes alike
    with pytest.raises(FilterError, match="unknown actor 'ZZZ'"):
        lines(store, "jsonl", actor="ZZZ")


# --- PLOVER ----------------------------------------------------------------------------------


def test_plover_schema_is_a_valid_draft_2020_12_schema():
    schema = plover_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    assert set(schema["required"]) == {"id", "date", "actor", "event"}


def test_every_plover_record_validates_and_points_into_its_article(store):
    validator = jsonschema.Draft202012Validator(plover_schema(), format_checker=jsonschema.FormatChecker())
    records = lines(store, "plover")
    assert len(records) == len(store.merged_events())
    bodies: dict[str, str] = {}
    for record in records:
        errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
        assert not errors, (record["id"], [f"{list(e.path)}: {e.message}" for e in errors])
        for report in record["reports"]:
            info = report["text_info"]
            body = bodies.setdefault(info["doc_id"], store.get(info["doc_id"]).body)
            assert body[info["start"]:info["end"]].strip() == info["sentence"]
            trigger = info["trigger"]
            assert body[trigger["start"]:trigger["end"]] == trigger["text"]
            assert info["start"] <= trigger["start"] < trigger["end"] <= info["end"]
        assert record["text_info"] == record["reports"][0]["text_info"]
        assert set(record["event_text"]) >= {r["text_info"]["sentence"] for r in record["reports"]}
    event = poland_belarus(records, "actor")
    assert event["event"] == ["ACCUSE"] and event["recipient"] == [{"code": "BLR"}]
    assert event["event_scale"] == plover_score("ACCUSE", event["mode"][0] if event["mode"] else None) < 0
    assert event["date"] == "2024-03-12" and event["date_basis"] == "event" and event["quad_code"] == 3
    cite = event["cite_info"]
    assert cite["url"].startswith("https://www.") and cite["publication"] in ("La Gazette du Quai",
                                                                                 "Le Courrier des Marches")
    assert cite["title"] and cite["language"] == "fr"
    assert len({r["cite_info"]["url"] for r in event["reports"]}) == 2


def test_plover_dates_are_days_or_null_never_without_a_year(store):
    records = lines(store, "plover")
    undated = [r for r in records if (r["date_as_coded"] or "").startswith("--")]
    assert undated, "the Kaliningrad sample is dated --07-06"
    for r in undated:
        assert r["date"] is None or r["date_basis"] == "publication"
    for r in records:
        assert r["date"] is None or dt.date.fromisoformat(r["date"])
        coded = r["date_as_coded"] or ""
        if re.fullmatch(r"\d{4}-\d{2}", coded):
            assert r["date"] == coded + "-01" and r["date_precision"] == "month"
    assert any(r["date_precision"] == "month" for r in records), "the Tokyo dispatch tells of March 2023"
    for bad in ({"date": "--07-06"}, {"date": "2024-03"}, {"source": records[0]["actor"]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({k: v for k, v in records[0].items() if k != "actor"} | bad, plover_schema())


# The PLOVER manual's field names (draft 2.0, chapter "Data Fields": the record, the entity, text,
# citation and location objects), and the extensions veille writes and documents (README).
PLOVER_FIELDS = {"id", "has_event", "date", "time", "enddate", "endtime", "actor", "recipient", "event", "event_loc",
                 "event_text", "quad_code", "event_scale", "mode", "context", "link", "text", "text_info",
                 "cite_info", "coder", "coded_date", "coded_time", "comment"}
PLOVER_ENTITY = {"code", "sector", "entity_text", "identifier_id", "identifier_text", "religion", "ethnicity",
                 "office", "gender", "age"}
PLOVER_TEXT_INFO = {"sequence", "start", "end", "text_story"}
PLOVER_CITE_INFO = {"corpus", "citation", "url", "title", "language", "publication", "license", "copyright", "coder",
                    "codebook", "version"}
PLOVER_LOCATION = {"extracted_place", "resolved_place", "geonameid", "lat", "lon", "city", "district", "province",
                   "country", "country_code", "feature_class", "feature_code", "resolution"}
VEILLE_EXTENSIONS = {"date_precision", "date_basis", "date_as_coded", "num_mentions", "num_documents", "num_articles",
                     "num_sources", "first_seen", "last_seen", "reports"}


def test_plover_records_use_the_manuals_field_names(store):
    records = lines(store, "plover")
    for r in records:
        assert set(r) <= PLOVER_FIELDS | VEILLE_EXTENSIONS, set(r) - PLOVER_FIELDS - VEILLE_EXTENSIONS
        assert {"id", "date", "actor", "event"} <= set(r) and "source" not in r
        assert all(set(entity) <= PLOVER_ENTITY for entity in r["actor"] + r["recipient"])
        assert set(r["event_loc"]) <= PLOVER_LOCATION if "event_loc" in r else True
        for info in [r] + r["reports"]:
            assert set(info["text_info"]) <= PLOVER_TEXT_INFO | {"sentence", "trigger", "doc_id", "event_id"}
            assert set(info["cite_info"]) <= PLOVER_CITE_INFO | {"published"}
        assert r["event_scale"] == plover_score(r["event"][0], (r["mode"] or [None])[0])
    located = [r["event_loc"] for r in records if "lat" in r.get("event_loc", {})]
    assert located and all(re.fullmatch(r"[A-Z]{3}", loc["country_code"]) and loc["resolution"] in (1, 4)
                           and isinstance(loc["geonameid"], int) for loc in located)
    assert {"extracted_place": "Tokyo", "resolved_place": "Tokyo", "country_code": "JPN"}.items() <= next(
        loc for loc in located if loc["extracted_place"] == "Tokyo").items()


def test_plover_scores_follow_the_manuals_table():
    assert plover_score("CONSULT", "visit") == 4 and plover_score("CONSULT", "meet") == plover_score("CONSULT", None) == 2.5
    assert plover_score("ASSAULT", None) == -9 and plover_score("AID", None) == 10 and plover_score("ACCUSE", None) == -3


# --- GDELT -----------------------------------------------------------------------------------


GDELT_TYPES = {"BIGINT": int, "INTEGER": int, "DOUBLE": float, "VARCHAR": str}


def test_gdelt_table_column_count_and_types(store, tmp_path):
    path = tmp_path / "events.tsv"
    n = export(store, "gdelt", path)
    rows = list(csv.reader(path.open(encoding="utf-8", newline=""), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == [c for c, _ in GDELT_COLUMNS] and len(GDELT_COLUMNS) == 18
    assert len(rows) - 1 == n == len(store.merged_events())
    for row in rows[1:]:
        assert len(row) == 18
        values = dict(zip(rows[0], row))
        for (column, kind), value in zip(GDELT_COLUMNS, row):
            if value:
                GDELT_TYPES[kind](value)  # parses as its type
        assert 0 < int(values["GLOBALEVENTID"]) < 2 ** 63
        assert values["SQLDATE"] == "" or dt.datetime.strptime(values["SQLDATE"], "%Y%m%d")  # a valid day
        assert values["DatePrecision"] in (("",) if values["SQLDATE"] == "" else ("day", "month", "year"))
        assert (values["ActionGeo_Lat"] == "") == (values["ActionGeo_Long"] == "") == (values["ActionGeo_Type"] == "")
        assert values["ActionGeo_Lat"] == "" or values["ActionGeo_Type"] in ("1", "4")
        assert re.fullmatch(r"[A-Z]{2,}", values["Actor1Code"])
        assert values["Actor2Code"] == "" or re.fullmatch(r"[A-Z]{2,}", values["Actor2Code"])
        assert re.fullmatch(r"\d\d", values["EventRootCode"]) and values["QuadClass"] in "1234"
        assert -10 <= float(values["GoldsteinScale"]) <= 10
        assert min(int(values["NumMentions"]), int(values["NumSources"]), int(values["NumArticles"])) >= 1
        assert values["ActionGeo_CountryCode"] == "" or re.fullmatch(r"[A-Z]{3}", values["ActionGeo_CountryCode"])
        assert values["SOURCEURL"]
    # DuckDB reads the table back with the documented types, declared or sniffed
    declared = ", ".join(f"'{c}': '{t}'" for c, t in GDELT_COLUMNS)
    typed = duckdb.sql(f"SELECT * FROM read_csv('{path}', delim='\t', header=true, quote='', "
                       f"columns={{{declared}}})").fetchall()
    assert len(typed) == n and all(isinstance(r[0], int) and isinstance(r[6], float) for r in typed)
    sniffed = duckdb.sql(f"DESCRIBE SELECT * FROM read_csv('{path}', delim='\t', header=true, quote='')").fetchall()
    assert [c for c, *_ in sniffed] == [c for c, _ in GDELT_COLUMNS]
    family = {"BIGINT": {"BIGINT", "INTEGER"}, "INTEGER": {"BIGINT", "INTEGER"}, "DOUBLE": {"DOUBLE"},
              "VARCHAR": {"VARCHAR"}}
    for (column, kind), (_, found, *_) in zip(GDELT_COLUMNS, sniffed):
        if column not in ("EventRootCode", "Actor2Code", "ActionGeo_FullName", "ActionGeo_CountryCode",
                          "ActionGeo_Type", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID"):
            assert found in family[kind], (column, found)  # (those can sniff as numbers or NULL)
    table = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    days = pd.to_datetime(table["SQLDATE"][table["SQLDATE"] != ""], format="%Y%m%d")  # as GDELT's readers do
    assert len(days) == (table["SQLDATE"] != "").sum() > 0
    urls = set(table["SOURCEURL"])
    assert any(url.endswith("tokyo_seoul_accord_renseignement.txt") for url in urls)  # no URL: the file
    # the Steadfast Defender page is a file, but it declares its address: that is what is cited
    assert "https://levigileatlantique.fr/defense/otan-steadfast-defender-2024/" in urls
    assert not any(url.endswith("otan_annonce_steadfast_defender_2024_plus_vaste_exercice.html") for url in urls)
    pol = table[(table["Actor1Code"] == "POL") & (table["Actor2Code"] == "BLR") & (table["NumSources"] == "2")]
    assert len(pol) == 1 and pol.iloc[0]["SQLDATE"] == "20240312" and pol.iloc[0]["DatePrecision"] == "day"
    assert pol.iloc[0]["EventRootCode"] == "11" and pol.iloc[0]["QuadClass"] == "3"
    months = table[table["DatePrecision"] == "month"]
    assert len(months) and all(day.endswith("01") for day in months["SQLDATE"])
    consult = table[(table["EventRootCode"] == "04") & (table["Actor1Code"] + table["Actor2Code"]).isin(["JPNKOR", "KORJPN"])]
    assert len(consult), "a meeting without a recipient has its second party as Actor2"


def test_gdelt_without_header_is_the_same_rows(store):
    with_header = exported(store, "gdelt").splitlines()
    buffer = io.StringIO()
    export(store, "gdelt", buffer, header=False)
    assert buffer.getvalue().splitlines() == with_header[1:]


def test_sqldate_and_global_event_id():
    assert sqldate("2024-03-12") == 20240312 and sqldate(None) is None
    assert day_of("2024-03") == ("2024-03-01", "month") and day_of("2024") == ("2024-01-01", "year")
    assert day_of("2024-03-12") == ("2024-03-12", "day") and day_of(None) == (None, None)
    assert global_event_id("m1") == global_event_id("m1") != global_event_id("m2")
    assert 0 <= global_event_id("m" * 40) < 2 ** 60


# --- Parquet and CSV -------------------------------------------------------------------------


def test_parquet_round_trip_with_duckdb(store, tmp_path):
    path = tmp_path / "events.parquet"
    assert export(store, "parquet", path) == len(store.merged_events())
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    assert [(c, t) for c, t, *_ in described] == list(TABLE_COLUMNS)
    back = duckdb.sql(f"SELECT * FROM read_parquet('{path}') ORDER BY id").fetchall()
    columns = [c for c, _ in TABLE_COLUMNS]
    from_jsonl = {r["id"]: r for r in lines(store, "jsonl")}
    assert len(back) == len(from_jsonl)
    for row in back:
        row = dict(zip(columns, row))
        source = from_jsonl[row["id"]]
        for key in ("type", "mode", "context", "actors", "recipients", "date", "quad_class", "cameo_root",
                    "goldstein", "num_mentions", "num_documents", "num_articles", "num_sources", "source_url"):
            assert row[key] == source[key], key
        assert (row["first_seen"] and str(row["first_seen"])) == source["first_seen"]  # None: no dated report
        assert row["doc_ids"] == list(dict.fromkeys(r["doc_id"] for r in source["reports"]))
    df = pd.read_parquet(path)  # pyarrow is a dependency
    assert list(df.columns) == columns and len(df) == len(back)
    assert df["latitude"].notna().any() and str(df["latitude"].dtype) == "float64"


def test_parquet_needs_a_file_or_binary_stream(store):
    with pytest.raises(ExportError, match="file path"):
        export(store, "parquet", io.StringIO())
    with pytest.raises(ExportError, match="file path"):
        export(store, "parquet")
    binary = io.BytesIO()
    export(store, "parquet", binary)
    assert binary.getvalue()[:4] == b"PAR1"
    with pytest.raises(ExportError, match="unknown export format"):
        export(store, "xml", io.StringIO())


def test_csv_header_rows_and_lists(store, tmp_path):
    text = exported(store, "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [c for c, _ in TABLE_COLUMNS]
    assert len(rows) - 1 == len(store.merged_events())
    assert all(len(r) == len(TABLE_COLUMNS) for r in rows)
    header = rows[0]
    for row in rows[1:]:
        values = dict(zip(header, row))
        for column in ("context", "actors", "recipients", "outlets", "doc_ids"):
            assert "[" not in values[column]
        assert LIST.fullmatch(values["actors"]) and LIST.fullmatch(values["recipients"])
    df = pd.read_csv(io.StringIO(text), dtype={"cameo_root": str})
    assert list(df.columns) == header and len(df) == len(rows) - 1
    assert str(df["num_sources"].dtype).startswith("int") and str(df["goldstein"].dtype).startswith("float")
    assert set(df["cameo_root"].str.len()) == {2}
    pol = df[(df["actors"] == "POL") & (df["recipients"] == "BLR") & (df["num_sources"] == 2)]
    assert len(pol) == 1 and set(pol.iloc[0]["outlets"].split("|")) == {"La Gazette du Quai", "Le Courrier des Marches"}
    path = tmp_path / "events.csv"
    export(store, "csv", path)
    assert path.read_text(encoding="utf-8") == text
    assert duckdb.sql(f"SELECT count(*) FROM read_csv('{path}', header=true)").fetchall()[0][0] == len(df)


def test_an_empty_store_exports_the_same_schema(tmp_path):
    with veille.Store(tmp_path / "empty.duckdb") as empty:
        path = tmp_path / "empty.parquet"
        assert export(empty, "parquet", path) == 0
        described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
        assert [(c, t) for c, t, *_ in described] == list(TABLE_COLUMNS)
        assert exported(empty, "csv").splitlines() == [",".join(c for c, _ in TABLE_COLUMNS)]
        assert exported(empty, "gdelt").splitlines() == ["\t".join(c for c, _ in GDELT_COLUMNS)]
        assert exported(empty, "jsonl") == exported(empty, "plover") == ""


# --- command line ----------------------------------------------------------------------------


def test_cli_export(db, tmp_path):
    result = runner.invoke(app, ["export", "--format", "jsonl", "--db", str(db), "--dyad", "POL:BLR"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all("POL" in r["actors"] for r in records)
    out = tmp_path / "events.parquet"
    result = runner.invoke(app, ["export", "-f", "parquet", "--out", str(out), "--db", str(db), "--type", "ACCUSE"])
    assert result.exit_code == 0, result.output
    assert duckdb.sql(f"SELECT DISTINCT type FROM read_parquet('{out}')").fetchall() == [("ACCUSE",)]
    assert runner.invoke(app, ["export", "-f", "parquet", "--db", str(db)]).exit_code == 2
    assert runner.invoke(app, ["export", "-f", "gdelt", "--db", str(db), "--dyad", "POL"]).exit_code == 2
    result = runner.invoke(app, ["export", "-f", "gdelt", "--no-header", "--db", str(db)])
    assert result.exit_code == 0 and not result.stdout.startswith("GLOBALEVENTID")
    assert runner.invoke(app, ["export", "--help"]).exit_code == 0
