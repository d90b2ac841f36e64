"""Build examples/warc/crawl.warc.gz from the two HTML pages in examples/warc/pages/.

The pages are fictional sample articles written for veille. The WARC holds one
warcinfo record, then for each page a request record and an HTTP response record,
as a crawler such as wget or Heritrix would write them.

Usage (from the repository root):

    .venv/bin/python examples/warc/build_warc.py
"""

from __future__ import annotations

import uuid
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
OUT = HERE / "crawl.warc.gz"

# (page file, URL, crawl time (WARC-Date), HTTP Date header, HTTP Last-Modified header)
PAGES = [
    (
        "scholz_xi_jinping_pekin_influence_moscou.html",
        "https://www.courrierdeschancelleries.fr/asie/scholz-xi-jinping-pekin-influence-moscou",
        "2024-11-08T09:12:44Z",
        "Fri, 08 Nov 2024 09:12:44 GMT",
        "Tue, 16 Apr 2024 14:30:00 GMT",
    ),
    (
        "rutte_premiere_visite_kiev_soutien_otan.html",
        "https://www.courrierdeschancelleries.fr/europe/rutte-premiere-visite-kiev-soutien-otan",
        "2024-11-08T09:12:51Z",
        "Fri, 08 Nov 2024 09:12:51 GMT",
        "Thu, 03 Oct 2024 16:05:00 GMT",
    ),
]

USER_AGENT = "Mozilla/5.0 (compatible; veille-sample-crawler/0.1)"


def record_id(name: str) -> str:
    """A stable WARC-Record-ID, so rebuilding gives the same records."""
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'veille-example:' + name)}>"


def build(out: Path = OUT) -> Path:
    with open(out, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)

        info = writer.create_warcinfo_record(
            "crawl.warc.gz",
            {
                "software": "warcio (veille examples/warc/build_warc.py)",
                "format": "WARC File Format 1.0",
                "description": "Fictional French news articles written as sample input for veille",
                "isPartOf": "veille-examples",
                "http-header-user-agent": USER_AGENT,
            },
        )
        info.rec_headers.replace_header("WARC-Date", PAGES[0][2])
        info.rec_headers.replace_header("WARC-Record-ID", record_id("warcinfo"))
        writer.write_record(info)

        for filename, url, warc_date, http_date, last_modified in PAGES:
            body = (HERE / "pages" / filename).read_bytes()
            host = url.split("/")[2]
            path = "/" + url.split("/", 3)[3]

            req_headers = StatusAndHeaders(
                f"GET {path} HTTP/1.1",
                [
                    ("Host", host),
                    ("User-Agent", USER_AGENT),
                    ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
                    ("Accept-Language", "fr-FR,fr;q=0.9"),
                    ("Connection", "close"),
                ],
                is_http_request=True,
            )
            request = writer.create_warc_record(
                url,
                "request",
                http_headers=req_headers,
                warc_headers_dict={
                    "WARC-Date": warc_date,
                    "WARC-Record-ID": record_id("request:" + url),
                },
            )

            resp_headers = StatusAndHeaders(
                "200 OK",
                [
                    ("Date", http_date),
                    ("Server", "nginx"),
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(body))),
                    ("Last-Modified", last_modified),
                    ("Cache-Control", "max-age=300"),
                    ("Connection", "close"),
                ],
                protocol="HTTP/1.1",
            )
            response = writer.create_warc_record(
                url,
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=resp_headers,
                warc_headers_dict={
                    "WARC-Date": warc_date,
                    "WARC-Record-ID": record_id("response:" + url),
                },
            )
            request.rec_headers.add_header(
                "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
            )
            writer.write_record(request)
            writer.write_record(response)
    return out


if __name__ == "__main__":
    print(f"wrote {build()}")
