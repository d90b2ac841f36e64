"""HTTP fetching for URLs and feed items: timeouts, retries with back-off, a size limit."""
from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from . import __version__

USER_AGENT = f"veille/{__version__} (news event coder; +https://github.com/veille-project/veille)"
RETRY_STATUSES = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A URL that could not be fetched; the message is the one-line reason."""


@dataclass(slots=True, frozen=True)
class Response:
    url: str  # after redirects
    content: bytes
    content_type: str
    headers: dict[str, str]


class Fetcher:
    """A reusable HTTP client. `timeout` bounds each network wait, `deadline` a URL's
    whole fetch, retries included (a server trickling bytes is cut off). `retries` extra
    attempts on time-outs, connection errors and 429/5xx, waiting `backoff * 2**attempt`
    seconds between them. At most `max_redirects` redirects, `max_bytes` of content."""

    def __init__(self, *, timeout: float = 15.0, retries: int = 2, backoff: float = 0.5,
                 max_bytes: int = 10_000_000, deadline: float = 30.0, max_redirects: int = 10):
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.client = httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=max_redirects,
                                   headers={"User-Agent": USER_AGENT, "Accept-Language": "fr,en;q=0.5"})

    def get(self, url: str) -> Response:
        deadline = time.monotonic() + self.deadline
        for attempt in range(self.retries + 1):
            try:
                return self._get_once(url, deadline)
            except httpx.TooManyRedirects as exc:
                raise FetchError("too many redirects (a redirect loop?)") from exc
            except (httpx.TimeoutException, httpx.TransportError, _Retryable) as exc:
                wait = self.backoff * 2**attempt
                if attempt == self.retries or time.monotonic() + wait >= deadline:
                    raise FetchError(_describe(exc)) from exc
                time.sleep(wait)
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(f"{type(exc).__name__}: {exc}") from exc
        raise AssertionError("unreachable")

    def _get_once(self, url: str, deadline: float) -> Response:
        with self.client.stream("GET", url) as resp:
            if resp.status_code in RETRY_STATUSES:
                raise _Retryable(f"HTTP {resp.status_code}")
            if resp.status_code >= 400:
                raise FetchError(f"HTTP {resp.status_code}")
            declared = int(resp.headers.get("content-length") or 0)
            if declared > self.max_bytes:
                raise FetchError(f"too large: {declared} bytes (limit {self.max_bytes})")
            chunks, size = [], 0
            for chunk in resp.iter_bytes():
                if time.monotonic() > deadline:
                    raise FetchError(f"took over {self.deadline:g} s")
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(f"too large: over {self.max_bytes} bytes")
                chunks.append(chunk)
            return Response(str(resp.url), b"".join(chunks),
                            resp.headers.get("content-type", ""), dict(resp.headers))

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class _Retryable(Exception):
    pass


def _describe(exc: Exception) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if isinstance(exc, _Retryable):
        return str(exc)
    return f"connection failed ({type(exc).__name__})"
