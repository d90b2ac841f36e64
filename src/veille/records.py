"""Typed records that flow one way through the stages: Source -> Document."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "markdown", "html"]


@dataclass(slots=True)
class Source:
    """One raw input document as read by `ingest`, before any cleaning.

    `hints` carries what the container knew (JSONL fields, feed item, WARC headers):
    title, published, outlet, url. They take part in metadata resolution.
    """

    uri: str  # file path or URL it was read from
    name: str  # basename, or the JSONL record id: the `doc` field of the output
    content: str
    kind: Kind
    record: str | None = None  # position inside a container: JSONL line, WARC offset, feed item
    hints: dict[str, str] = field(default_factory=dict)
    id: str = field(init=False)  # content_id(content), computed once

    def __post_init__(self) -> None:
        self.id = content_id(self.content)


@dataclass(slots=True, frozen=True)
class Failure:
    """An input that could not be read or processed; reported in one line, never fatal."""

    uri: str
    reason: str

    def __str__(self) -> str:
        return f"{self.uri}: {self.reason}"


@dataclass(slots=True, frozen=True)
class Paragraph:
    """A body paragraph and where it sits in the document's page text."""

    text: str
    start: int
    end: int


@dataclass(slots=True)
class Document:
    """A cleaned article with its metadata; later stages add events and quotes."""

    id: str
    name: str
    uri: str
    kind: Kind
    raw: str  # the input exactly as read (text or HTML)
    text: str  # the page as text: `raw` for text, the plain text of markdown, the extracted text of HTML
    paragraphs: list[Paragraph]
    record: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD, or --MM-DD when the year is unknown
    published_inferred: bool = False  # year inferred from a stated weekday
    published_source: str | None = None  # where the date was read: see metadata.publication_date
    outlet: str | None = None
    language: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    timexes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was not done to it and why ("no events: ...")
    # LSH band keys of its MinHash signature (`dedup.bands`), when computed where it was
    # coded (a Dask worker) rather than by the store writer; not part of the output
    bands: list[tuple[int, int]] | None = field(default=None, repr=False, compare=False)

    @property
    def body(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)

    def to_json(self) -> dict[str, Any]:
        """The output contract of ../shared/eval/README.md, plus provenance fields."""
        return {
            "doc": self.name,
            "id": self.id,
            "source": self.uri,
            "record": self.record,
            "url": self.url,
            "title": self.title,
            "published": self.published,
            "published_inferred": self.published_inferred,
            "published_source": self.published_source,
            "outlet": self.outlet,
            "language": self.language,
            "body": self.body,
            "paragraphs": [{"start": p.start, "end": p.end} for p in self.paragraphs],
            "events": self.events,
            "quotes": self.quotes,
            "timexes": self.timexes,
            "notes": self.notes,
        }


_SPACES = re.compile(r"\s+")


def content_id(content: str) -> str:
    """Stable id: hash of the content after Unicode and whitespace normalisation,
    so the same article re-saved with other line endings or spacing is the same document."""
    normalised = _SPACES.sub(" ", unicodedata.normalize("NFC", content)).strip()
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()[:16]
