"""Fuzzing: the readers and the text heuristics take any input without an uncaught exception
and keep their invariants. The fast profile here (see conftest.py); benchmarks/bench_fuzz.py
runs 10^5 cases and counts the failures."""
import gzip
import io
import re

from hypothesis import given
from hypothesis import strategies as st

from veille.clean import clean_text, extract_html, markdown_text, split_lines
from veille.ingest import InputError, decode, read_feed, read_sources, sniff
from veille.metadata import iso_date
from veille.patterns import credited_outlet, dateline, line_category
from veille.records import Failure, Source
from veille.temporal import find_timexes, infer_year, parse_date, resolve

# text built from the pieces news pages are made of, so the heuristics meet their own cases
PIECES = ["Paris", "(AFP)", "—", "-", "le", "12", "janvier", "2024", "mercredi", "1er", "mars", "à", "14h05",
          "Publié le", "Mis à jour", "hier", "demain", "la semaine dernière", "dans deux ans", "fin", "mi-",
          "«", "»", "M.", "Lavrov", "a", "déclaré", ".", ",", ":", "\n", "\n\n", "  ", "\t", "Lire aussi",
          "Partager", "©", "Reuters", "21/04/2023", "2023-04-21", "Jan 12, 2022", "années 1990", "31", "février",
          "<p>", "</p>", "<div>", "</div>", "&nbsp;", "&amp;", "é", "\u00a0", "\u200b", "\ufffd", "\x00", "ﬁ"]
news_text = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join))
published = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()), st.just("--03-12"), st.text(max_size=12))


@given(news_text, st.one_of(st.none(), news_text))
def test_clean_text_keeps_offsets_into_the_page(text, title):
    cleaned = clean_text(text, title=title)
    for p in cleaned.paragraphs:
        assert 0 <= p.start <= p.end <= len(text) and p.text.strip()


@given(news_text)
def test_line_heuristics_take_any_line(text):
    split_lines(text)
    markdown_text(text)
    for line in text.splitlines():
        line_category(line)
        credited_outlet(line)
        dateline(line)
        parse_date(line)
        iso_date(line)


@given(st.one_of(news_text, st.lists(st.sampled_from(PIECES), max_size=200).map("".join)))
def test_html_extraction_takes_any_markup(html):
    extract_html(html)
    sniff(html)


@given(news_text, published, st.booleans())
def test_timexes_lie_in_the_text_and_resolve(text, date, future):
    for timex in find_timexes(text, date):
        assert text[timex.start:timex.end] == timex.text
        value = resolve(timex, date, future=future)
        assert value is None or re.fullmatch(r"(\d{4}(-\d{2}(-\d{2})?)?|--\d{2}-\d{2}|\d{4}-W\d{2}|\d{3}X?|[\w:-]+)", value)


@given(st.integers(1, 12), st.integers(1, 31), st.integers(0, 6), st.integers(1900, 2100))
def test_infer_year_is_a_year_with_that_weekday_or_none(month, day, weekday, latest):
    import datetime

    year = infer_year(month, day, weekday, latest)
    if year is not None:
        assert datetime.date(year, month, day).weekday() == weekday and year <= latest


@given(st.binary(max_size=400))
def test_decode_gives_text_or_a_reason(data):
    try:
        assert isinstance(decode(data), str)
    except InputError as exc:
        assert str(exc)


@given(lines=st.lists(st.one_of(st.binary(max_size=80), st.builds(
    lambda t, h: ('{"id": 1, "%s": %s}' % ("html" if h else "text", __import__("json").dumps(t))).encode(),
    news_text, st.booleans())), max_size=8))
def test_jsonl_reader_costs_one_line_per_bad_line(lines, tmp_path_factory):
    path = tmp_path_factory.mktemp("jsonl") / "dump.jsonl"
    path.write_bytes(b"\n".join(lines))
    items = list(read_sources([str(path)]))
    assert all(isinstance(i, (Source, Failure)) for i in items)
    places = [i.record if isinstance(i, Source) else i.uri for i in items]
    assert len(places) == len(set(places))  # at most one record or one failure per line


@given(st.one_of(st.binary(max_size=400), st.lists(st.sampled_from(
    ["<?xml version='1.0'?>", "<rss version='2.0'>", "<channel>", "<item>", "<title>", "Sommet&nbsp;OTAN", "</title>",
     "<link>https://ex.org/a</link>", "<description>", "<![CDATA[<p>Texte.</p>]]>", "</description>", "</item>",
     "</channel>", "</rss>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "</entry>", "</feed>",
     "<!DOCTYPE r [<!ENTITY a 'b'>]>", "&a;", "\x00", "é"]), max_size=40).map(lambda parts: "".join(parts).encode())))
def test_feed_reader_gives_items_or_a_reason(data):
    try:
        for item in read_feed(data, "fil.xml", fetcher=_Offline()):
            assert isinstance(item, (Source, Failure))
    except InputError as exc:
        assert str(exc)


@given(tail=st.binary(max_size=300), cut=st.integers(0, 400))
def test_warc_and_gzip_readers_give_records_or_a_failure(tail, cut, tmp_path_factory):
    folder = tmp_path_factory.mktemp("warc")
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://ex.org/a\r\n"
              b"Content-Type: application/http; msgtype=response\r\nContent-Length: 90\r\n\r\n"
              b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body><p>Texte.</p></body></html>" + tail)
    (folder / "a.warc.gz").write_bytes(gzip.compress(record)[:cut or None])
    (folder / "b.txt.gz").write_bytes(gzip.compress(tail)[:cut or None])
    (folder / "c.warc").write_bytes(record[:cut or None])
    for item in read_sources([str(folder)], stdin=io.BytesIO()):
        assert isinstance(item, (Source, Failure))


class _Offline:
    """A fetcher for feed items' links that answers every URL with a failure, offline."""

    def get(self, url):
        from veille.fetch import FetchError

        raise FetchError("offline")
