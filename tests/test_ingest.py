import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from veille.fetch import Fetcher
from veille.ingest import decode, read_sources, sniff
from veille.records import Failure, Source

from .conftest import FIXTURES

ARTICLE = ("Le Kremlin dément toute escalade\n\n"
           "Le porte-parole du Kremlin a démenti jeudi toute intention d'escalade à la frontière, "
           "affirmant que les manœuvres en cours étaient « prévues de longue date ».\n")


def read(*inputs, fetcher=None, stdin=None):
    items = list(read_sources([str(i) for i in inputs], fetcher=fetcher, stdin=stdin))
    return [i for i in items if isinstance(i, Source)], [i for i in items if isinstance(i, Failure)]


@pytest.fixture
def fetcher():
    with Fetcher(timeout=3.0, retries=1, backoff=0.05) as f:  # room for a loaded machine: pages come at once
        yield f


def test_text_markdown_and_html_files(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.md").write_text("# Titre\n\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.html").write_text((FIXTURES / "page.html").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")  # unsupported suffixes in folders are ignored
    sources, failures = read(tmp_path)
    assert failures == []
    assert [(s.name, s.kind) for s in sources] == [("a.txt", "text"), ("b.md", "markdown"), ("c.html", "html")]
    assert sources[2].uri.endswith("sub/c.html")


def test_same_content_has_the_same_id_whatever_the_spacing(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("\n", "\r\n") + "\n\n", encoding="utf-8")
    a, b = read(tmp_path)[0]
    assert a.id == b.id and len(a.id) == 16


def test_jsonl_records_and_malformed_lines(tmp_path):
    lines = [
        json.dumps({"id": "r1", "text": ARTICLE, "url": "https://ex.org/1", "published": "2024-02-01",
                    "outlet": "Sahel Matin", "title": "Le Kremlin dément"}),
        "{not json",
        json.dumps({"id": "r3", "html": "<html><body><p>Bonjour</p></body></html>"}),
        json.dumps({"id": "r4", "url": "https://ex.org/4"}),
        json.dumps(["a", "list"]),
        '{"id": "r6", "text": "Un NUL \x00 dans la ligne"}',
    ]
    (tmp_path / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    sources, failures = read(tmp_path / "dump.jsonl")
    assert [(s.name, s.kind, s.record) for s in sources] == [("r1", "text", "line 1"), ("r3", "html", "line 3")]
    assert sources[0].hints == {"title": "Le Kremlin dément", "published": "2024-02-01",
                                "outlet": "Sahel Matin", "url": "https://ex.org/1"}
    reasons = {f.uri.rsplit(":", 1)[1]: f.reason for f in failures}
    assert reasons["2"].startswith("malformed JSON")
    assert reasons["4"] == "record has no 'text' or 'html'"
    assert reasons["5"] == "a JSON object was expected"
    assert reasons["6"] == "malformed JSON (Invalid control character at column 30)"


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Dépêches de l'Est</title><link>{base}/</link>
<item><title>Vilnius renforce sa frontière</title><link>{base}/vilnius</link>
<pubDate>Tue, 14 May 2024 08:00:00 +0200</pubDate>
<content:encoded><![CDATA[<p>La Lituanie a annoncé mardi le déploiement de renforts à sa frontière avec la Biélorussie, invoquant des « provocations répétées ».</p>]]></content:encoded></item>
<item><title>Riga convoque un diplomate</title><link>{base}/riga</link>
<pubDate>Wed, 15 May 2024 10:00:00 +0200</pubDate><description>Court résumé.</description></item>
<item><title>Lien mort</title><link>{base}/missing</link><description>Résumé.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Le Vigilant</title>
<entry><title>Ankara propose une médiation</title><link href="https://levigilant.example/ankara"/>
<published>2024-03-02T09:00:00Z</published>
<content type="html">&lt;p&gt;La Turquie s'est dite prête à accueillir de nouveaux pourparlers entre Moscou et Kiev.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_items_use_their_content_or_fetch_their_link(site, fetcher, tmp_path):
    site.add("/riga", "<html><body><article><h1>Riga convoque un diplomate</h1><p>La Lettonie a convoqué "
                      "mercredi le chargé d'affaires russe après des propos jugés insultants.</p></article></body></html>")
    feed = tmp_path / "flux.xml"
    feed.write_text(RSS.format(base=site.base), encoding="utf-8")
    sources, failures = read(feed, fetcher=fetcher)
    assert [s.record for s in sources] == ["item 1", "item 2"]
    first, second = sources
    assert first.kind == "html" and "renforts" in first.content
    assert first.hints == {"title": "Vilnius renforce sa frontière", "outlet": "Dépêches de l'Est",
                           "url": f"{site.base}/vilnius", "published": "2024-05-14"}
    assert site.hits.get("/vilnius") is None  # content present: no fetch
    assert "chargé d'affaires" in second.content and second.uri == f"{site.base}/riga"
    assert len(failures) == 1 and "item 3" in failures[0].uri and "HTTP 404" in failures[0].reason


def test_atom_feed(tmp_path):
    (tmp_path / "flux.atom").write_text(ATOM, encoding="utf-8")
    (source,), failures = read(tmp_path / "flux.atom")
    assert failures == []
    assert source.hints["outlet"] == "Le Vigilant" and source.hints["published"] == "2024-03-02"
    assert "pourparlers" in source.content


def test_feed_served_over_http_is_read_as_a_feed(site, fetcher):
    url = site.add("/rss", ATOM, ctype="application/atom+xml")
    (source,), failures = read(url, fetcher=fetcher)
    assert failures == [] and source.hints["title"] == "Ankara propose une médiation"


def test_a_feed_that_is_not_xml_fails_with_a_reason(tmp_path):
    (tmp_path / "flux.xml").write_text("<?xml version='1.0'?><rss><channel><item><title>coupé", encoding="utf-8")
    sources, (failure,) = read(tmp_path / "flux.xml")
    assert sources == [] and "not a valid RSS/Atom feed" in failure.reason


def _warc(path, pages, corrupt_tail=False):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, html in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                              ("Last-Modified", "Tue, 14 May 2024 08:00:00 GMT")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode()),
                                                      http_headers=headers))
    data = buffer.getvalue()
    if corrupt_tail:
        data += gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 999\r\n\r\ntronqu")
    path.write_bytes(data)


def test_warc_response_records_keep_url_and_offset(tmp_path):
    pages = [("https://ex.org/a", "<html><body><p>Article A sur l'OTAN.</p></body></html>"),
             ("https://ex.org/b", "<html><body><p>Article B sur la Russie.</p></body></html>")]
    _warc(tmp_path / "crawl.warc.gz", pages)
    sources, failures = read(tmp_path / "crawl.warc.gz")
    assert failures == []
    assert [s.hints["url"] for s in sources] == ["https://ex.org/a", "https://ex.org/b"]
    assert sources[0].record == "offset 0" and sources[1].record.startswith("offset ") and sources[1].record != "offset 0"
    assert sources[0].hints["date_header"] == "Tue, 14 May 2024 08:00:00 GMT"


def test_broken_warc_record_keeps_the_records_before_it(tmp_path):
    _warc(tmp_path / "crawl.warc.gz", [("https://ex.org/a", "<html><body><p>Article A.</p></body></html>")],
          corrupt_tail=True)
    sources, (failure,) = read(tmp_path / "crawl.warc.gz")
    assert len(sources) == 1
    assert "broken WARC record" in failure.reason and "offset" in failure.uri


def test_urls_are_fetched_with_retries_and_clear_errors(site, fetcher):
    ok = site.add("/article", "<html><body><p>Texte.</p></body></html>")
    missing = site.base + "/absent"
    broken = site.add("/erreur", "panne", status=500)
    slow = site.add("/lent", "<p>trop tard</p>", delay=10)
    sources, failures = read(ok, missing, broken, slow, fetcher=fetcher)
    assert [s.uri for s in sources] == [ok]
    reasons = {f.uri: f.reason for f in failures}
    assert reasons[missing] == "fetch failed: HTTP 404"
    assert reasons[broken] == "fetch failed: HTTP 500"
    assert reasons[slow] == "fetch failed: timed out"
    assert site.hits["/erreur"] == 2  # one retry on a server error
    assert site.hits["/absent"] == 1  # none on a client error


def test_size_limit(site):
    url = site.add("/gros", "x" * 5000)
    with Fetcher(max_bytes=1000, retries=0) as small:
        (failure,) = read(url, fetcher=small)[1]
    assert "too large" in failure.reason


def test_stdin():
    (source,), _ = read("-", stdin=io.BytesIO(ARTICLE.encode("utf-8")))
    assert source.name == "-" and source.kind == "text" and source.content == ARTICLE


def test_bad_files_fail_one_by_one(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"   \n\n ")
    (tmp_path / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    sources, failures = read(tmp_path, tmp_path / "nowhere.txt")
    assert [s.name for s in sources] == ["good.txt"]
    reasons = {f.uri.rsplit("/", 1)[-1]: f.reason for f in failures}
    assert reasons == {"blank.txt": "empty file", "empty.txt": "empty file",
                       "image.html": "binary file, not text", "nowhere.txt": "no such file or folder"}


def test_cp1252_and_latin1_text_keep_their_accents(tmp_path):
    text = "L’Élysée a reçu jeudi le ministre des Affaires étrangères ; « cœur » de la négociation, déjà évoquée."
    (tmp_path / "cp1252.txt").write_bytes(text.encode("cp1252"))
    (tmp_path / "latin1.txt").write_bytes(text.replace("’", "'").replace("œ", "oe").encode("latin-1"))
    cp, latin = read(tmp_path)[0]
    assert cp.content == text
    assert latin.content == text.replace("’", "'").replace("œ", "oe")


def test_decode_honours_a_declared_charset():
    assert decode("Genève".encode("latin-1"), "text/html; charset=ISO-8859-1") == "Genève"


@pytest.mark.parametrize("content, kind", [
    ("<!DOCTYPE html><html><body></body></html>", "html"),
    ("<?xml version='1.0'?><rss version='2.0'></rss>", "feed"),
    ('{"id": 1, "text": "x"}\n{"id": 2, "text": "y"}', "jsonl"),
    ("Un simple texte.", "text"),
    ("\ufeff<!doctype html>\n<html lang='fr'><head></head></html>", "html"),
    ("<!-- gabarit article -->\n\n<!DOCTYPE html><html></html>", "html"),
    ("<br />\n<b>Warning</b>: base indisponible<br />\n<html><head><meta charset='utf-8'></head></html>", "html"),
    ("\t<meta property='og:title' content='Titre' />\t<div>Texte</div>", "html"),
    ("<Paris> n'est pas une balise.", "text"),
])
def test_sniff(content, kind):
    assert sniff(content) == kind


def test_truncated_html_still_yields_its_text(tmp_path):
    page = (FIXTURES / "page.html").read_text(encoding="utf-8")
    cut = page[: page.index("instrument de pression")]  # the page stops mid-paragraph, tags left open
    (tmp_path / "coupee.html").write_text(cut, encoding="utf-8")
    from veille import Pipeline, Report

    report = Report()
    (doc,) = Pipeline(events=False).documents([str(tmp_path / "coupee.html")], report)
    assert report.failures == []
    assert "Vaalimaa, pour la première fois" in doc.body and doc.title.startswith("Moscou et Helsinki")


def test_a_gzip_bomb_is_refused_before_it_expands(tmp_path, monkeypatch):
    monkeypatch.setattr("veille.ingest.MAX_DOCUMENT_BYTES", 1_000_000)
    (tmp_path / "bombe.txt.gz").write_bytes(gzip.compress(b"\n" * 50_000_000))
    (tmp_path / "bon.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    sources, (failure,) = read(tmp_path)
    assert [s.name for s in sources] == ["bon.txt"]
    assert failure.uri.endswith("bombe.txt.gz") and "decompression bomb" in failure.reason


def test_a_truncated_gzip_file_is_named_in_one_line(tmp_path):
    data = gzip.compress(ARTICLE.encode() * 50)
    (tmp_path / "coupe.txt.gz").write_bytes(data[: len(data) // 2])
    sources, (failure,) = read(tmp_path / "coupe.txt.gz")
    assert sources == [] and failure.uri.endswith("coupe.txt.gz") and "truncated gzip" in failure.reason


def test_a_file_over_the_document_size_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("veille.ingest.MAX_DOCUMENT_BYTES", 1000)
    (tmp_path / "gros.txt").write_text(ARTICLE * 20, encoding="utf-8")
    _, (failure,) = read(tmp_path / "gros.txt")
    assert failure.reason.startswith("too large:")


def test_a_truncated_or_oversized_warc_record_is_failed_not_stored(tmp_path, monkeypatch):
    article = "<html><body>" + "<p>La Russie a condamné les frappes près de Koursk.</p>" * 40 + "</body></html>"
    _warc(tmp_path / "a.warc.gz", [("https://ex.org/a", article)])
    raw = gzip.decompress((tmp_path / "a.warc.gz").read_bytes())
    (tmp_path / "a.warc.gz").write_bytes(gzip.compress(raw[: len(raw) // 2]))
    _warc(tmp_path / "b.warc.gz", [("https://ex.org/gros", article), ("https://ex.org/court", "<p>Court.</p>")])
    monkeypatch.setattr("veille.ingest.MAX_DOCUMENT_BYTES", 1000)
    sources, failures = read(tmp_path / "a.warc.gz", tmp_path / "b.warc.gz")
    assert [s.hints["url"] for s in sources] == ["https://ex.org/court"]
    assert ["truncated record" in f.reason for f in failures] == [True, False]
    assert "over 1000 bytes" in failures[1].reason


def test_a_few_invalid_bytes_cost_those_bytes_not_the_accents_of_the_article():
    text = "Le ministre a ordonné l’évacuation.\nUn octet \xff abîmé ici.\nLa délégation est arrivée à Genève.\n"
    data = text.replace("\xff", "@").encode("utf-8").replace(b"@", b"\xff")
    assert decode(data) == text.replace("\xff", "\ufffd")


def test_a_nul_byte_in_a_jsonl_file_costs_its_line(tmp_path):
    lines = [json.dumps({"id": n, "text": ARTICLE}).encode() for n in range(3)]
    lines[1] = lines[1][:20] + b"\x00" + lines[1][20:]
    (tmp_path / "dump.jsonl").write_bytes(b"\n".join(lines))
    sources, (failure,) = read(tmp_path / "dump.jsonl")
    assert [s.name for s in sources] == ["0", "2"] and failure.uri.endswith("dump.jsonl:2")


def test_an_html_entity_in_a_feed_costs_nothing(tmp_path):
    (tmp_path / "fil.xml").write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Le Fil</title><item><title>Sommet&nbsp;OTAN</title>"
        "<link>https://ex.org/a</link><content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        "<![CDATA[<p>La Russie a condamné les frappes.</p>]]></content:encoded></item></channel></rss>", encoding="utf-8")
    (source,), failures = read(tmp_path / "fil.xml")
    assert failures == [] and source.hints["title"] == "Sommet\xa0OTAN"
