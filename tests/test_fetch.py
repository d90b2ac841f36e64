"""Fetching from servers that misbehave: every case ends within its limits with a one-line reason."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from veille.fetch import Fetcher
from veille.ingest import read_sources
from veille.records import Failure, Source

PAGE = b"<html><body><p>La Russie a condamn\xc3\xa9 mercredi les frappes.</p></body></html>"


class Hostile(BaseHTTPRequestHandler):
    """Paths: /loop redirects to itself, /trickle sends a byte every 0.3 s, /forever
    streams without end, /hang never answers, /flaky fails once then serves the page,
    /feed is a feed whose first item links to /loop."""

    hits: dict[str, int] = {}

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        try:
            getattr(self, "_" + self.path.strip("/"), self._page)()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _page(self, body=PAGE, ctype="text/html; charset=utf-8"):
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _loop(self):
        self.send_response(302)
        self.send_header("Location", "/loop")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream(self, chunk: bytes, pause: float):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        while True:
            self.wfile.write(chunk)
            self.wfile.flush()
            time.sleep(pause)

    def _trickle(self):
        self._stream(b"x", 0.3)

    def _forever(self):
        self._stream(b"<p>" + b"x" * 65536 + b"</p>", 0)

    def _hang(self):
        time.sleep(30)

    def _flaky(self):
        if self.hits[self.path] == 1:
            self.send_response(503)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._page()

    def _feed(self):
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._page(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Le Fil</title>
            <item><title>Boucle</title><link>{base}/loop</link></item>
            <item><title>Sommet&nbsp;OTAN</title><link>{base}/article</link></item>
            </channel></rss>""".encode(), "application/rss+xml")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hostile():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch_all(*urls, **limits):
    options = {"timeout": 2.0, "retries": 1, "backoff": 0.05, "deadline": 3.0} | limits
    with Fetcher(**options) as fetcher:
        items = list(read_sources(list(urls), fetcher))
    return [i for i in items if isinstance(i, Source)], {f.uri: f.reason for f in items if isinstance(f, Failure)}


@pytest.mark.parametrize("path, reason", [
    ("/loop", "fetch failed: too many redirects (a redirect loop?)"),
    ("/trickle", "fetch failed: took over 3 s"),
    ("/hang", "fetch failed: timed out"),
])
def test_a_hostile_server_costs_one_url_within_the_deadline(hostile, path, reason):
    started = time.monotonic()
    sources, failures = fetch_all(hostile + path, hostile + "/article")
    assert failures == {hostile + path: reason}
    assert [s.uri for s in sources] == [hostile + "/article"]
    assert time.monotonic() - started < 25  # the hanging server holds a request 30 s


def test_an_endless_stream_is_cut_at_the_size_limit(hostile):
    _, failures = fetch_all(hostile + "/forever", max_bytes=1_000_000)
    assert failures == {hostile + "/forever": "fetch failed: too large: over 1000000 bytes"}


def test_a_server_that_fails_once_is_retried(hostile):
    sources, failures = fetch_all(hostile + "/flaky")
    assert failures == {} and len(sources) == 1 and Hostile.hits["/flaky"] == 2


def test_a_feed_item_whose_link_loops_costs_that_item(hostile):
    sources, failures = fetch_all(hostile + "/feed")
    assert [s.hints["title"] for s in sources] == ["Sommet\xa0OTAN"]
    assert failures == {f"{hostile}/feed item 1 ({hostile}/loop)": "fetch failed: too many redirects (a redirect loop?)"}
