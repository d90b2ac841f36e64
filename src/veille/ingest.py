"""Read every supported input into `Source` records: files, folders, stdin, URLs,
JSON Lines, RSS/Atom feeds and WARC archives. Bad inputs become `Failure` records
so the rest of a batch goes on."""
from __future__ import annotations

import codecs
import gzip
import json
import re
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO
from xml.sax import SAXException

import charset_normalizer

from .fetch import Fetcher, FetchError, Response
from .records import Failure, Source

TEXT_SUFFIXES = {".txt", ".md", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".xml", ".rss", ".atom"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES | {".jsonl", ".warc", ".gz"}
# Sizes past which an input is refused rather than read into memory: one document (a page,
# a text file, a WARC record; HTTP has the same limit), and what a .gz file may expand to
# (it may hold a JSON Lines dump), at most MAX_RATIO times its compressed size.
MAX_DOCUMENT_BYTES = 10_000_000
MAX_EXPANDED_BYTES = 500_000_000
MAX_RATIO = 100


class InputError(Exception):
    """Raised for an input that cannot be read; the message is the one-line reason."""


def read_sources(inputs: Iterable[str], fetcher: Fetcher | None = None,
                 stdin: BinaryIO | None = None) -> Iterator[Source | Failure]:
    """Every document found in `inputs` (paths, folders, "-", http(s) URLs), in order."""
    for item in inputs:
        if item == "-":
            yield from _guarded("<stdin>", lambda: _from_bytes((stdin or sys.stdin.buffer).read(), "<stdin>", "-", fetcher))
        elif item.startswith(("http://", "https://")):
            yield from _guarded(item, lambda url=item: _from_url(url, fetcher))
        else:
            path = Path(item)
            if path.is_dir():
                for file in files_in(path):
                    yield from _guarded(str(file), lambda f=file: _from_file(f, fetcher))
            elif path.is_file():
                yield from _guarded(item, lambda: _from_file(path, fetcher))
            else:
                yield Failure(item, "no such file or folder")


def files_in(folder: Path) -> list[Path]:
    """The supported files of a folder and its subfolders, hidden ones left out, in the
    order they are read."""
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not _hidden(p, folder) and _suffix(p) in SUPPORTED_SUFFIXES)


def _guarded(uri: str, produce) -> Iterator[Source | Failure]:
    """Run a reader, turning its errors into one Failure naming the input."""
    try:
        yield from produce()
    except InputError as exc:
        yield Failure(uri, str(exc))
    except FetchError as exc:
        yield Failure(uri, f"fetch failed: {exc}")
    except OSError as exc:
        yield Failure(uri, f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # a reader's bug or a library's surprise costs this input only
        yield Failure(uri, f"cannot read ({type(exc).__name__}: {exc})")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _suffix(path: Path) -> str:
    name = path.name.lower()
    if name.endswith((".warc.gz", ".warc")):
        return ".warc"
    return path.suffix.lower()


def _from_file(path: Path, fetcher: Fetcher | None) -> Iterator[Source | Failure]:
    suffix = _suffix(path)
    uri = str(path)
    if suffix == ".warc":
        yield from read_warc(path)
    elif suffix == ".gz":
        yield from _from_bytes(gunzip(path), uri, path.name[:-3], fetcher)
    elif suffix == ".jsonl":  # a stray NUL byte costs its line (malformed JSON), not the file
        yield from read_jsonl(decode(path.read_bytes(), binary_check=False), uri)
    else:
        if (size := path.stat().st_size) > MAX_DOCUMENT_BYTES:
            raise InputError(f"too large: {size} bytes (limit {MAX_DOCUMENT_BYTES} for one document)")
        yield from _from_bytes(path.read_bytes(), uri, path.name, fetcher, suffix)


def gunzip(path: Path) -> bytes:
    """A .gz file's content, read in chunks and refused past MAX_EXPANDED_BYTES or
    MAX_RATIO times the compressed size (a decompression bomb), or when truncated."""
    limit = min(MAX_EXPANDED_BYTES, max(MAX_DOCUMENT_BYTES, MAX_RATIO * path.stat().st_size))
    chunks, size = [], 0
    try:
        with gzip.open(path) as stream:
            while chunk := stream.read(1 << 20):
                size += len(chunk)
                if size > limit:
                    raise InputError(f"expands to over {limit} bytes: refused as a possible decompression bomb")
                chunks.append(chunk)
    except EOFError:
        raise InputError("truncated gzip file (it ends before its last block)") from None
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise InputError(f"not a valid gzip file ({exc})") from None
    return b"".join(chunks)


def _from_bytes(data: bytes, uri: str, name: str, fetcher: Fetcher | None,
                suffix: str = "") -> Iterator[Source | Failure]:
    text = decode(data)
    kind = "markdown" if suffix == ".md" else "text" if suffix in TEXT_SUFFIXES else sniff(text)
    if suffix in FEED_SUFFIXES and kind != "feed":
        raise InputError("not a valid RSS/Atom feed (no <rss> or <feed> root)")
    if kind == "feed":
        yield from read_feed(data, uri, fetcher)
    elif kind == "jsonl":
        yield from read_jsonl(text, uri)
    else:
        yield Source(uri=uri, name=name, content=text, kind=kind)


def _from_url(url: str, fetcher: Fetcher | None) -> Iterator[Source | Failure]:
    fetcher = fetcher or _default_fetcher()
    resp = fetcher.get(url)
    if sniff(decode(resp.content, resp.content_type)) == "feed":
        yield from read_feed(resp.content, url, fetcher)
    else:
        yield _source_from_response(resp, url, record=None, hints={})


def _source_from_response(resp: Response, uri: str, record: str | None, hints: dict[str, str]) -> Source:
    text = decode(resp.content, resp.content_type)
    name = resp.url.rstrip("/").rsplit("/", 1)[-1] or resp.url
    hints = {"url": resp.url, **{k: v for k, v in hints.items() if v}}
    if "last-modified" in resp.headers:
        hints.setdefault("date_header", resp.headers["last-modified"])
    kind = "text" if sniff(text) == "text" else "html"
    return Source(uri=uri, name=name, content=text, kind=kind, record=record, hints=hints)


_FETCHER: Fetcher | None = None


def _default_fetcher() -> Fetcher:
    global _FETCHER
    if _FETCHER is None:
        _FETCHER = Fetcher()
    return _FETCHER


def decode(data: bytes, content_type: str = "", binary_check: bool = True) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, the declared charset,
    UTF-8 line by line when most lines are (a few bad bytes are replaced, not the whole
    text misread), cp1252 when it reads as Western prose (so ’ « » œ survive), else a
    detected encoding."""
    if not data.strip():
        raise InputError("empty file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 text ({exc.reason} at byte {exc.start})") from None
    if binary_check and b"\x00" in data[:8192]:
        raise InputError("binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if (mostly := _mostly_utf8(data)) is not None:
        return mostly
    declared = content_type.partition("charset=")[2].strip().strip('"').lower()
    if declared and declared.replace("-", "") != "utf8":
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    if (western := _as_western(data)) is not None:
        return western
    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        raise InputError("binary file or unknown text encoding")
    return str(guess)


def _mostly_utf8(data: bytes) -> str | None:
    """`data` decoded as UTF-8 with its invalid bytes replaced (U+FFFD), when most of
    its non-ASCII lines are valid UTF-8: a few damaged lines in a UTF-8 article."""
    lines = data.splitlines(keepends=True)
    valid = invalid = 0
    for line in lines:
        if not line.isascii():
            try:
                line.decode("utf-8")
                valid += 1
            except UnicodeDecodeError:
                invalid += 1
    if valid <= invalid:
        return None
    return data.decode("utf-8-sig", errors="replace")


def _as_western(data: bytes) -> str | None:
    """The cp1252 reading of `data` when it looks like Western European prose: few
    accented letters among letters, as in French, unlike another 8-bit script misread."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(c.isalpha() for c in text)
    accented = sum(c.isalpha() and not c.isascii() for c in text)
    controls = sum(c < " " and c not in "\t\n\r\f" for c in text)
    return text if letters and accented / letters < 0.15 and not controls else None


HTML_TAGS = ("<html", "<head", "<body", "<meta", "<p>", "<p ", "<div", "<article", "<h1")  # markup a page opens with
_LEADING_COMMENTS = re.compile(r"^(?:\s*<!--.*?-->)+", re.DOTALL)


def sniff(text: str) -> str:
    """'feed', 'jsonl', 'html' or 'text', from the first characters of the content."""
    head = _LEADING_COMMENTS.sub("", text[:8192].lstrip("\ufeff")).lstrip().lower()  # a BOM, then "<!-- ... -->"
    if head.startswith("<?xml") or head.startswith(("<rss", "<feed", "<rdf:rdf")):
        if any(tag in head for tag in ("<rss", "<feed", "<rdf:rdf")):
            return "feed"
        return "html"
    if head.startswith("{") and head.split("\n", 1)[0].rstrip().endswith("}"):
        return "jsonl"
    if head.startswith(("<!doctype html", "<html", "<head", "<body")) or (
            head.startswith("<") and any(tag in head for tag in HTML_TAGS)):
        return "html"
    return "text"


def read_jsonl(text: str, uri: str) -> Iterator[Source | Failure]:
    """One Source per record with fields id, text or html, url, published, outlet, title."""
    base = Path(uri).name
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{uri}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"malformed JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})")  # json says "Invalid control character at"
            continue
        if not isinstance(obj, dict):
            yield Failure(where, "a JSON object was expected")
            continue
        content, kind = (obj.get("html"), "html") if obj.get("html") else (obj.get("text"), "text")
        if not isinstance(content, str) or not content.strip():
            yield Failure(where, "record has no 'text' or 'html'")
            continue
        hints = {k: str(obj[k]) for k in ("title", "published", "outlet", "url") if obj.get(k)}
        name = str(obj["id"]) if obj.get("id") is not None else f"{base}:{number}"
        yield Source(uri=uri, name=name, content=content, kind=kind, record=f"line {number}", hints=hints)


def read_feed(data: bytes, uri: str, fetcher: Fetcher | None) -> Iterator[Source | Failure]:
    """RSS or Atom: an item's full content when the feed carries it, else its link fetched."""
    import feedparser

    parsed = feedparser.parse(data)  # not well-formed XML (an HTML entity): read by its loose parser
    error = parsed.get("bozo_exception")
    if not parsed.entries or isinstance(error, SAXException) and not any(
            e.get("link") or e.get("content") for e in parsed.entries):
        reason = error.getMessage() if isinstance(error, SAXException) else "no items"
        raise InputError(f"not a valid RSS/Atom feed ({reason})")
    outlet = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, 1):
        record = f"item {number}"
        link = entry.get("link")
        hints = {"title": entry.get("title"), "outlet": outlet, "url": link,
                 "published": _struct_date(entry.get("published_parsed") or entry.get("updated_parsed"))}
        hints = {k: v for k, v in hints.items() if v}
        content = entry.get("content")
        if content and content[0].get("value", "").strip():
            yield Source(uri=uri, name=link or f"{Path(uri).name}#{number}", content=content[0]["value"],
                         kind="html", record=record, hints=hints)
        elif link:
            try:
                resp = (fetcher or _default_fetcher()).get(link)
                yield _source_from_response(resp, link, record=record, hints=hints)
            except (FetchError, InputError) as exc:
                yield Failure(f"{uri} {record} ({link})", f"fetch failed: {exc}")
        else:
            yield Failure(f"{uri} {record}", "item has neither content nor link")


def _struct_date(value: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%d", value) if value else None


def read_warc(path: Path) -> Iterator[Source | Failure]:
    """HTML response records of a WARC or WARC.gz file; a broken record ends the file
    with a Failure naming its offset, keeping the records read before it."""
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        offset = 0
        try:
            for record in records:
                content_type = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
                if record.rec_type != "response" or "html" not in content_type.lower():
                    continue
                body = record.content_stream().read(MAX_DOCUMENT_BYTES + 1)  # before the offset: computing it skips the rest
                missing = getattr(record.raw_stream, "limit", 0)  # bytes the record declares but the file lacks
                offset = records.get_record_offset()
                if len(body) > MAX_DOCUMENT_BYTES:
                    yield Failure(f"{path} offset {offset}", f"record over {MAX_DOCUMENT_BYTES} bytes: skipped")
                    continue
                if missing:
                    yield Failure(f"{path} offset {offset}", f"truncated record: the file ends {missing} bytes "
                                                             f"before its end")
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                headers = {k.lower(): v for k, v in record.http_headers.headers}
                resp = Response(url, body, content_type, headers)
                try:
                    yield _source_from_response(resp, str(path), record=f"offset {offset}", hints={})
                except InputError as exc:
                    yield Failure(f"{path} offset {offset}", str(exc))
        except Exception as exc:  # warcio raises several kinds on corrupt or truncated archives
            yield Failure(f"{path} offset {offset}", f"broken WARC record ({type(exc).__name__}: {exc})".strip())


def count_files(inputs: Iterable[str]) -> int:
    """How many files and URLs `read_sources` will read (a container counts once): the
    total an ingest's progress is measured against."""
    total = 0
    for item in inputs:
        path = Path(item)
        if item != "-" and not item.startswith(("http://", "https://")) and path.is_dir():
            total += sum(1 for p in path.rglob("*")
                         if p.is_file() and not _hidden(p, path) and _suffix(p) in SUPPORTED_SUFFIXES)
        else:
            total += 1
    return total
