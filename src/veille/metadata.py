"""Title, publication date, outlet and language of a document, from the container's
fields, the page's metadata and the conventions of French news text (datelines,
"Publié le ...", "Source : MAP", "(Selon Reuters)")."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from .clean import CleanText, HtmlPage
from .patterns import credited_outlet, dateline
from .records import Source
from .temporal import infer_year, parse_date

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_SPACES = re.compile(r"\s+")
HEAD_PARAGRAPHS = 3  # datelines open one of the first paragraphs
LANGUAGE_SAMPLE = 250  # characters, two or three sentences: enough to tell languages apart; cost grows with length


@dataclass(slots=True, frozen=True)
class Metadata:
    title: str | None
    published: str | None
    published_inferred: bool
    outlet: str | None
    language: str | None


def resolve(source: Source, cleaned: CleanText, page: HtmlPage | None) -> Metadata:
    published, inferred = publication_date(source, cleaned, page)
    return Metadata(
        title=title(source, cleaned, page),
        published=published,
        published_inferred=inferred,
        outlet=outlet(source, cleaned, page),
        language=language("\n".join(p.text for p in cleaned.paragraphs)),
    )


def title(source: Source, cleaned: CleanText, page: HtmlPage | None) -> str | None:
    for candidate in (source.hints.get("title"), page and page.title, cleaned.title and cleaned.title.text):
        if candidate and candidate.strip():
            return _SPACES.sub(" ", candidate).strip()
    return None


def publication_date(source: Source, cleaned: CleanText, page: HtmlPage | None,
                     today: date | None = None) -> tuple[str | None, bool]:
    """(date, inferred): container field, then page metadata, then a dateline or a
    "Publié le" line, then the HTTP Last-Modified header of a crawl."""
    for value in (source.hints.get("published"), page and page.date):
        if value and (iso := iso_date(value)):
            return iso, False
    for line in date_lines(cleaned) + (page.dated_lines if page else []):
        if (found := parse_date(line)) and found.month and found.day:
            if found.year is None and found.weekday is not None:
                year = infer_year(found.month, found.day, found.weekday, (today or date.today()).year)
                if year:
                    return f"{year:04d}-{found.month:02d}-{found.day:02d}", True
            return found.iso(), False
    if header := source.hints.get("date_header"):
        try:
            return parsedate_to_datetime(header).date().isoformat(), False
        except (TypeError, ValueError):
            pass
    return None, False


def date_lines(cleaned: CleanText) -> list[str]:
    """Where a publication date is stated: "Publié le ..." lines, then datelines."""
    stated = [line.text for line in cleaned.removed if line.category == "dateline"]
    for p in cleaned.paragraphs[:HEAD_PARAGRAPHS]:
        if (m := dateline(p.text)) and m.groupdict().get("date"):
            stated.append(m.group("date"))
    return stated


def iso_date(value: str) -> str | None:
    """YYYY-MM-DD from an ISO date or datetime, an RFC 2822 date, or a French date."""
    value = value.strip()
    if m := _ISO.match(value):
        return "-".join(m.groups())
    try:
        return parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    found = parse_date(value)
    return found.iso() if found and found.day else None


def outlet(source: Source, cleaned: CleanText, page: HtmlPage | None) -> str | None:
    """The outlet or agency credited: a credit line, a dateline's parentheses, the
    container's outlet field, the site name."""
    for line in reversed(cleaned.removed):
        if line.category == "credit" and (name := credited_outlet(line.text)):
            return name
    for p in cleaned.paragraphs[:HEAD_PARAGRAPHS]:
        if m := dateline(p.text):
            return m.group("outlet").strip()
    return source.hints.get("outlet") or (page and page.sitename) or None


def language(text: str) -> str | None:
    """ISO 639-1 code, from py3langid (its model ships inside the wheel)."""
    if not text.strip():
        return None
    import py3langid

    return py3langid.classify(text[:LANGUAGE_SAMPLE])[0]


_HEAD_TAG = re.compile(r"<(link|meta)\b([^>]*)>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>", re.IGNORECASE)
HEAD_CHARACTERS = 20_000  # where to look for a page's own URL when it has no </head>
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def canonical_url(html: str, base: str | None = None) -> str | None:
    """The URL a page declares as its own (`<link rel="canonical">`, else `og:url`): the
    address to cite, where the page was read from a file, a crawl or a redirect."""
    end = _HEAD_END.search(html)
    head = html[:end.start()] if end else html[:HEAD_CHARACTERS]
    found: dict[str, str] = {}
    for tag, attributes in _HEAD_TAG.findall(head):
        values = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTRIBUTE.findall(attributes)}
        if tag.lower() == "link" and "canonical" in values.get("rel", "").lower().split() and values.get("href"):
            found.setdefault("canonical", values["href"])
        elif tag.lower() == "meta" and values.get("property", "").lower() == "og:url" and values.get("content"):
            found.setdefault("og", values["content"])
    for candidate in (found.get("canonical"), found.get("og")):
        url = urljoin(base, candidate.strip()) if candidate and base else (candidate or "").strip()
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc:
            return url
    return None
