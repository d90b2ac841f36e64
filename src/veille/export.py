"""Exports of merged events (one row per event merged across its reports) for analysts:
JSON Lines, PLOVER JSON records, a GDELT 2.0-style event table, CSV and Parquet.

Every format is built from the same `Merged` record (the merged event, its reports and
the values derived from them: resolved date, first report, ...); each format is only a
projection of it. CSV, Parquet and the GDELT table are written by DuckDB from a typed
table whose columns are fixed below, so their schema does not depend on the data."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import IO, Any

import duckdb

from .store import Store

FORMATS = ("jsonl", "plover", "gdelt", "csv", "parquet")

# The table exported as CSV and Parquet: (column, DuckDB type), in this order, always.
# In CSV the list columns are written as '|'-joined strings.
TABLE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "VARCHAR"),
    ("type", "VARCHAR"),
    ("mode", "VARCHAR"),
    ("context", "VARCHAR[]"),
    ("actors", "VARCHAR[]"),
    ("recipients", "VARCHAR[]"),
    ("date", "VARCHAR"),
    ("location", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("latitude", "DOUBLE"),
    ("longitude", "DOUBLE"),
    ("quad_class", "INTEGER"),
    ("cameo_root", "VARCHAR"),
    ("goldstein", "DOUBLE"),
    ("num_mentions", "INTEGER"),
    ("num_documents", "INTEGER"),
    ("num_articles", "INTEGER"),
    ("num_sources", "INTEGER"),
    ("first_seen", "DATE"),
    ("last_seen", "DATE"),
    ("sentence", "VARCHAR"),
    ("source_url", "VARCHAR"),
    ("outlets", "VARCHAR[]"),
    ("doc_ids", "VARCHAR[]"),
)

# The GDELT 2.0 event table columns veille fills, in GDELT's relative order (README: "Exports").
GDELT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("GLOBALEVENTID", "BIGINT"),
    ("SQLDATE", "INTEGER"),
    ("Actor1Code", "VARCHAR"),
    ("Actor2Code", "VARCHAR"),
    ("EventRootCode", "VARCHAR"),
    ("QuadClass", "INTEGER"),
    ("GoldsteinScale", "DOUBLE"),
    ("NumMentions", "INTEGER"),
    ("NumSources", "INTEGER"),
    ("NumArticles", "INTEGER"),
    ("ActionGeo_Type", "INTEGER"),
    ("ActionGeo_FullName", "VARCHAR"),
    ("ActionGeo_CountryCode", "VARCHAR"),
    ("ActionGeo_Lat", "DOUBLE"),
    ("ActionGeo_Long", "DOUBLE"),
    ("ActionGeo_FeatureID", "VARCHAR"),
    ("SOURCEURL", "VARCHAR"),
    ("DatePrecision", "VARCHAR"),  # veille's own column, last: day, month or year (see `day_of`)
)
GDELT_GEO_TYPES = {"country": 1, "city": 4}  # GDELT's ActionGeo_Type: 1 country, 4 world city
PLOVER_CODEBOOK = "plover-2.0"  # the PLOVER manual's version ("DRAFT Version: 2.0")

# Types whose parties are coded side by side as sources (a meeting, joint action): the
# second party stands in for GDELT's Actor2 when there is no recipient (as `--dyad` reads them).
RECIPROCAL = frozenset({"CONSULT", "COOPERATE"})
CHUNK = 500  # merged events whose reports are fetched in one query
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Out = IO[str] | IO[bytes] | str | os.PathLike | None


class ExportError(ValueError):
    """An export that cannot be written as asked (unknown format, Parquet to a text stream)."""


@dataclass(slots=True)
class Merged:
    """A merged event with every mention that reports it, earliest report first."""

    event: dict[str, Any]  # a row of Store.merged_events
    reports: list[dict[str, Any]]  # one per mention (see _REPORTS_SQL)

    @property
    def first(self) -> dict[str, Any] | None:
        return self.reports[0] if self.reports else None

    @property
    def date(self) -> tuple[str | None, str | None]:
        """(ISO date, basis): the event date when it has a year (YYYY-MM-DD, YYYY-MM or
        YYYY), else the earliest full publication date of its reports, else (None, None).
        (Not `first_seen`: that falls back to the day of ingest when no report is dated.)"""
        coded = self.event["date"]
        if coded and _ISO_DATE.match(coded):
            return coded, "event"
        published = [r["published"] for r in self.reports if r["published"] and _FULL_DATE.match(r["published"])]
        return (min(published), "publication") if published else (None, None)

    @property
    def day(self) -> tuple[str | None, str | None]:
        """(YYYY-MM-DD, precision): `date` as a day, the first of its month or year when that
        is all that is known, with the precision (day, month or year) it was known to."""
        return day_of(self.date[0])

    @property
    def source_url(self) -> str | None:
        """The first report's URL: the one its page declares as its own (canonical), else
        the one it was read from, else the file or container it was read from."""
        first = self.first
        return (first["canonical_url"] or first["url"] or first["source"]) if first else None

    @property
    def doc_ids(self) -> list[str]:
        return _unique(r["doc_id"] for r in self.reports)

    @property
    def outlets(self) -> list[str]:
        return _unique(r["outlet"] for r in self.reports if r["outlet"])

    @property
    def sentences(self) -> list[str]:
        return _unique([self.event["sentence"]] + [r["sentence"] for r in self.reports if r["sentence"]])


# ---------------------------------------------------------------------------------------------
# reading

_REPORTS_SQL = (
    "SELECT e.merged_id, e.id AS event_id, e.doc_id, e.coder, d.name AS doc, d.url, d.source, d.record, "
    "d.outlet, d.title, d.published, d.language, d.canonical_id, d.canonical_url, "
    "m.sentence, m.sentence_start, m.sentence_end, m.trigger, m.trigger_start, m.trigger_end "
    "FROM events e JOIN documents d ON d.id = e.doc_id LEFT JOIN event_mentions m ON m.event_id = e.id "
    "WHERE e.merged_id IN (SELECT unnest(?)) "
    "ORDER BY e.merged_id, CASE WHEN d.published LIKE '--%' THEN NULL ELSE d.published END NULLS LAST, "
    "e.id, m.sentence_start")


def records(store: Store, **filters: Any) -> Iterator[Merged]:
    """Merged events selected by the filters of `Store.merged_events` (actor, recipient,
    dyad, type, since, until, context, ids, limit), each with its reports."""
    events = store.merged_events(**filters)
    for start in range(0, len(events), CHUNK):
        chunk = events[start:start + CHUNK]
        reports: dict[str, list[dict[str, Any]]] = {}
        for report in store._dicts(_REPORTS_SQL, [[e["id"] for e in chunk]]):
            reports.setdefault(report.pop("merged_id"), []).append(report)
        for event in chunk:
            yield Merged(event, reports.get(event["id"], []))


# ---------------------------------------------------------------------------------------------
# one projection of a Merged record per format


def jsonl_record(m: Merged) -> dict[str, Any]:
    """veille's own JSON: the merged event, its counts and every report with offsets."""
    e = m.event
    return {
        "id": e["id"], "type": e["type"], "mode": e["mode"], "context": list(e["context"]),
        "actors": list(e["actors"]), "recipients": list(e["recipients"]), "date": e["date"],
        "location": {"name": e["location"], "country": e["location_country"], "latitude": e["latitude"],
                     "longitude": e["longitude"]} if e["location"] or e["location_country"] else None,
        "quad_class": e["quad_class"], "cameo_root": e["cameo_root"], "goldstein": e["goldstein"],
        "sentence": e["sentence"],
        "num_mentions": e["num_mentions"], "num_documents": e["num_documents"],
        "num_articles": e["num_articles"], "num_sources": e["num_sources"],
        "first_seen": _iso(e["first_seen"]), "last_seen": _iso(e["last_seen"]),
        "source_url": m.source_url,
        "reports": [{k: r[k] for k in ("event_id", "doc_id", "doc", "url", "canonical_url", "source", "record",
                                        "outlet", "title",
                                        "published", "canonical_id", "sentence", "sentence_start", "sentence_end",
                                        "trigger", "trigger_start", "trigger_end")} for r in m.reports],
    }


def plover_record(m: Merged) -> dict[str, Any]:
    """A PLOVER JSON record: the fields of the PLOVER manual's "Data Fields" chapter, as
    named there (README, "Exports", says where veille departs from it); the extensions are
    `date_precision`, `date_basis`, `date_as_coded`, the counts and `reports`."""
    e = m.event
    date, precision = m.day
    record: dict[str, Any] = {
        "id": e["id"],
        "date": date,
        "actor": [{"code": c} for c in e["actors"]],
        "recipient": [{"code": c} for c in e["recipients"]],
        "event": [e["type"]],
        "mode": [e["mode"]] if e["mode"] else [],
        "context": list(e["context"]),
    }
    location = _plover_location(e)
    if location:
        record["event_loc"] = location
    record |= {"event_text": m.sentences, "quad_code": e["quad_class"], "event_scale": plover_score(e["type"], e["mode"])}
    if m.first:
        record |= {"text_info": _text_info(m.first), "cite_info": _cite_info(m.first)}
        if m.first["coder"]:
            record["coder"] = m.first["coder"]
    record |= {
        "has_event": True,
        "date_precision": precision, "date_basis": m.date[1], "date_as_coded": e["date"],
        "num_mentions": e["num_mentions"], "num_documents": e["num_documents"],
        "num_articles": e["num_articles"], "num_sources": e["num_sources"],
        "first_seen": _iso(e["first_seen"]), "last_seen": _iso(e["last_seen"]),
        "reports": [{"text_info": _text_info(r), "cite_info": _cite_info(r)} for r in m.reports],
    }
    return record


@cache
def _plover_scores() -> dict[tuple[str, str], float]:
    text = resources.files("veille").joinpath("data/events/plover_scores.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith(("#", "type\t"))]
    return {(type_, mode): float(score) for type_, mode, score in rows}


def plover_score(type_: str, mode: str | None) -> float | None:
    """PLOVER's own conflict-cooperation score of a type and mode (the type's when the mode
    has none), -10 to +10; see data/events/plover_scores.tsv."""
    scores = _plover_scores()
    return scores.get((type_, mode or ""), scores.get((type_, "")))


def gdelt_row(m: Merged) -> tuple:
    """A row of GDELT_COLUMNS."""
    e = m.event
    actors, recipients = list(e["actors"]), list(e["recipients"])
    actor2 = recipients[0] if recipients else actors[1] if e["type"] in RECIPROCAL and len(actors) > 1 else None
    day, precision = m.day
    return (global_event_id(e["id"]), sqldate(day), actors[0] if actors else None, actor2,
            e["cameo_root"], e["quad_class"], e["goldstein"], e["num_mentions"], e["num_sources"],
            e["num_articles"], GDELT_GEO_TYPES.get(e["location_resolution"]), _one_line(e["location"]),
            e["location_country"], e["latitude"], e["longitude"],
            str(e["geonameid"]) if e["geonameid"] is not None else None, _one_line(m.source_url), precision)


def table_row(m: Merged) -> tuple:
    """A row of TABLE_COLUMNS."""
    e = m.event
    derived = {"source_url": m.source_url, "outlets": m.outlets, "doc_ids": m.doc_ids}
    return tuple(derived[c] if c in derived else e[c] for c, _ in TABLE_COLUMNS)


def global_event_id(merged_id: str) -> int:
    """GDELT's integer GLOBALEVENTID: the first 60 bits of the SHA-1 of veille's merged event
    id, so the same event keeps the same number from one export to the next."""
    return int(hashlib.sha1(merged_id.encode("utf-8")).hexdigest()[:15], 16)


def day_of(date: str | None) -> tuple[str | None, str | None]:
    """An ISO date of any precision as a day and that precision: '2024-03' -> ('2024-03-01',
    'month'), '2024' -> ('2024-01-01', 'year'); (None, None) when there is none."""
    if not date:
        return None, None
    parts = date.split("-")
    precision = ("year", "month", "day")[len(parts) - 1]
    return "-".join(parts + ["01"] * (3 - len(parts))), precision


def sqldate(day: str | None) -> int | None:
    """GDELT's SQLDATE: a day (YYYY-MM-DD) as the integer YYYYMMDD."""
    return int(day.replace("-", "")) if day else None


# ---------------------------------------------------------------------------------------------
# writing


def export(store: Store, format: str, out: Out = None, *, header: bool = True, **filters: Any) -> int:
    """Write the merged events selected by `filters` (see `records`) in `format` (one of
    FORMATS) to `out`: a path, a text or binary file object, or None for standard output.
    Parquet needs a path or a binary file object. `header` is for the GDELT table only
    (GDELT's own files have none). Returns how many events were written."""
    if format not in FORMATS:
        raise ExportError(f"unknown export format {format!r} (expected one of {', '.join(FORMATS)})")
    if format == "parquet" and not _binary_target(out):
        raise ExportError("parquet is a binary format: give a file path (--out events.parquet)")
    selected = records(store, **filters)
    if format in ("jsonl", "plover"):
        project = jsonl_record if format == "jsonl" else plover_record
        return _write_lines((json.dumps(project(m), ensure_ascii=False) + "\n" for m in selected), out)
    if format == "gdelt":
        rows = [gdelt_row(m) for m in selected]
        _copy(GDELT_COLUMNS, rows, "FORMAT CSV, DELIMITER '\t', QUOTE '', HEADER " + str(bool(header)).upper(), out)
        return len(rows)
    rows = [table_row(m) for m in selected]
    if format == "parquet":
        _copy(TABLE_COLUMNS, rows, "FORMAT PARQUET", out)
    else:
        _copy(TABLE_COLUMNS, rows, "FORMAT CSV, HEADER TRUE", out, flatten_lists=True)
    return len(rows)


def _copy(columns: Sequence[tuple[str, str]], rows: Sequence[tuple], options: str, out: Out,
          flatten_lists: bool = False) -> None:
    """Load rows into a typed in-memory DuckDB table and COPY it out with `options`."""
    con = duckdb.connect()
    try:
        con.execute(f"CREATE TABLE export ({', '.join(f'{_quote(c)} {t}' for c, t in columns)})")
        if rows:
            select = ", ".join(f"unnest(?::{t}[])" for _, t in columns)
            con.execute(f"INSERT INTO export SELECT {select}", [list(values) for values in zip(*rows)])
        projection = ", ".join(f"array_to_string({_quote(c)}, '|') AS {_quote(c)}"
                               if flatten_lists and t.endswith("[]") else _quote(c) for c, t in columns)
        query = f"SELECT {projection} FROM export"
        if isinstance(out, (str, os.PathLike)):
            con.execute(f"COPY ({query}) TO '{_sql_string(os.fspath(out))}' ({options})")
            return
        with tempfile.TemporaryDirectory(prefix="veille-export-") as tmp:
            path = os.path.join(tmp, "export")
            con.execute(f"COPY ({query}) TO '{_sql_string(path)}' ({options})")
            target = sys.stdout if out is None else out
            if _binary_target(target):
                with open(path, "rb") as f:
                    shutil.copyfileobj(f, target)
            else:
                with open(path, encoding="utf-8", newline="") as f:
                    shutil.copyfileobj(f, target)
    finally:
        con.close()


def _write_lines(lines: Iterable[str], out: Out) -> int:
    """Write the lines to `out` (see `export`); returns how many."""
    if isinstance(out, (str, os.PathLike)):
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            return _write_lines(lines, f)
    n = 0
    target = sys.stdout if out is None else out
    write: Callable[[str], Any] = ((lambda s: target.write(s.encode("utf-8"))) if _binary_target(target)
                                   else target.write)
    for line in lines:
        write(line)
        n += 1
    return n


def _binary_target(out: Out) -> bool:
    """A path or a file object that takes bytes."""
    if isinstance(out, (str, os.PathLike)):
        return True
    if out is None or isinstance(out, io.TextIOBase):
        return False
    if isinstance(out, (io.RawIOBase, io.BufferedIOBase)):
        return True
    return "b" in getattr(out, "mode", "")


@cache
def plover_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) PLOVER records are written to."""
    return json.loads(resources.files("veille").joinpath("data/plover.schema.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# helpers


def _text_info(r: dict[str, Any]) -> dict[str, Any]:
    info: dict[str, Any] = {"doc_id": r["doc_id"], "event_id": r["event_id"]}
    if r["sentence_start"] is not None:
        info |= {"start": r["sentence_start"], "end": r["sentence_end"], "sentence": r["sentence"],
                 "trigger": {"text": r["trigger"], "start": r["trigger_start"], "end": r["trigger_end"]}}
    return info


def _cite_info(r: dict[str, Any]) -> dict[str, Any]:
    citation = f"{r['source']} {r['record']}" if r["record"] and r["record"] != r["source"] else r["source"]
    info = {"corpus": "veille", "citation": citation, "url": r["canonical_url"] or r["url"], "title": r["title"],
            "publication": r["outlet"], "language": r["language"] if _is_iso639_1(r["language"]) else None,
            "published": r["published"], "codebook": PLOVER_CODEBOOK}
    if r["coder"]:
        info["coder"] = r["coder"]
    return info


def _plover_location(e: dict[str, Any]) -> dict[str, Any] | None:
    """The PLOVER location object (the manual's GeoNames fields) of a merged event."""
    if not e["location"] and not e["location_country"]:
        return None
    location: dict[str, Any] = {"extracted_place": e["location"], "resolved_place": e["resolved_place"],
                                "country_code": e["location_country"]}
    if e["latitude"] is not None:
        location |= {"lat": e["latitude"], "lon": e["longitude"], "geonameid": e["geonameid"],
                     "resolution": 4 if e["location_resolution"] == "city" else 1}
    return {k: v for k, v in location.items() if v is not None}


def _is_iso639_1(language: str | None) -> bool:
    return bool(language and re.fullmatch(r"[a-z]{2}", language))


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def _one_line(value: str | None) -> str | None:
    """No tab or line break inside a GDELT field (the format has no quoting)."""
    return re.sub(r"[\t\r\n]+", " ", value) if value else value


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _sql_string(value: str) -> str:
    return value.replace("'", "''")
