"""Shared fixtures: paths to the project's samples and to ../shared, and a local HTTP server."""
from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"

# property tests (test_fuzz.py, the write-back in test_sentences.py): 60 cases each here,
# 10^5 in all in benchmarks/bench_fuzz.py
settings.register_profile("fast", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("fast")


@pytest.fixture
def seeds() -> Path:
    folder = SHARED / "seeds"
    if not folder.is_dir():
        pytest.skip("../shared/seeds is not available")
    return folder


@pytest.fixture
def eval_dir() -> Path:
    folder = SHARED / "eval"
    if not (folder / "score.py").is_file():
        pytest.skip("../shared/eval is not available")
    return folder


class Site:
    """Pages served on 127.0.0.1: path -> (status, content type, body bytes, delay seconds)."""

    def __init__(self):
        self.pages: dict[str, tuple[int, str, bytes, float]] = {}
        self.hits: dict[str, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                site.hits[self.path] = site.hits.get(self.path, 0) + 1
                status, ctype, body, delay = site.pages.get(self.path, (404, "text/plain", b"not found", 0))
                time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def add(self, path: str, body: str | bytes, ctype: str = "text/html; charset=utf-8",
            status: int = 200, delay: float = 0.0) -> str:
        self.pages[path] = (status, ctype, body.encode() if isinstance(body, str) else body, delay)
        return self.base + path

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site():
    s = Site()
    yield s
    s.close()
