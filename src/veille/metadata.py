"""Title, publication date, outlet and language of a document, from the container's
fields, the page's metadata and the conventions of French news text (datelines,
"Publié le ...", "Source : MAP", "(Selon Reuters)").

The publication date is a cascade of sources ranked by how reliable they proved on real
pages (../shared/eval/web): the container's field; the page's date markup as htmldate
reads it (meta tags, structured data, time elements), searched again without the
update dates when that is what it found; a visible "Publié le" line; htmldate's search
of the page text; a dateline; a "Mis à jour" line; the HTTP header of a crawl. The first
source that gives a full date wins, and the document records which one it was."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import htmldate
import lxml.etree
import lxml.html

from .clean import HTML_DATE_PARAMS, CleanText, HtmlPage
from .patterns import credited_outlet, dateline, update_markers
from .records import Source
from .temporal import infer_year, parse_date

_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ISO_ANYWHERE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SPACES = re.compile(r"\s+")
HEAD_PARAGRAPHS = 3  # datelines open one of the first paragraphs
LANGUAGE_SAMPLE = 250  # characters, two or three sentences: enough to tell languages apart; cost grows with length


@dataclass(slots=True, frozen=True)
class Metadata:
    title: str | None
    published: str | None
    published_inferred: bool
    published_source: str | None
    outlet: str | None
    language: str | None


def resolve(source: Source, cleaned: CleanText, page: HtmlPage | None) -> Metadata:
    published, inferred, published_source = publication_date(source, cleaned, page)
    return Metadata(
        title=title(source, cleaned, page),
        published=published,
        published_inferred=inferred,
        published_source=published_source,
        outlet=outlet(source, cleaned, page),
        language=language("\n".join(p.text for p in cleaned.paragraphs)),
    )


def title(source: Source, cleaned: CleanText, page: HtmlPage | None) -> str | None:
    """The container's title, else the page's (og:title, <title>, h1, as trafilatura
    reads them) without the site's name, else the headline line of the text."""
    page_title = page and page.title and without_site_name(page.title, page.sitename, source.hints.get("url"))
    for candidate in (source.hints.get("title"), page_title, cleaned.title and cleaned.title.text):
        if candidate and candidate.strip():
            return _SPACES.sub(" ", candidate).strip()
    return None


_SITE_SEPARATOR = re.compile(r"\s+[|–—›·/-]{1,2}\s+|\s*\|\s*$")
_DOMAIN = re.compile(r"^[\w.-]+\.[a-z]{2,}$", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[\W_]+")


def without_site_name(title: str, sitename: str | None, url: str | None = None) -> str:
    """`title` without a trailing " | Site", " - site.com" or " › Site" naming the site
    (its name, its host name, or any domain name), nor an empty trailing "|"."""
    title = title.strip()
    while separators := list(_SITE_SEPARATOR.finditer(title)):
        last = separators[-1]
        if last.start() == 0 or not _names_site(title[last.end():], sitename, url):
            break
        title = title[: last.start()].rstrip()
    return title


def _names_site(part: str, sitename: str | None, url: str | None) -> bool:
    compact = _NOT_ALNUM.sub("", part.lower())
    if len(compact) < 4:
        return not compact  # nothing after the separator; a short word is no site name
    if _DOMAIN.match(part.strip()):
        return True
    names = [sitename or ""]
    if url and (host := re.sub(r"^www\.", "", (url.split("//", 1)[-1].split("/", 1)[0]).lower())):
        names.append(host.rsplit(".", 1)[0])
    return any(name and (compact in name or name in compact)
               for name in (_NOT_ALNUM.sub("", n.lower()) for n in names))


def publication_date(source: Source, cleaned: CleanText, page: HtmlPage | None,
                     today: date | None = None) -> tuple[str | None, bool, str | None]:
    """(date, inferred, source): the first source of the cascade (see the module's
    docstring) that states a date; `inferred` when its year comes from a weekday."""
    if (value := source.hints.get("published")) and (iso := iso_date(value)):
        return iso, False, "container"
    if page and page.date:
        return _unless_updated(source, page.date, "page metadata")
    lines = date_lines(cleaned, page)
    if found := _first_stated(lines["published line"], today):
        return (*found, "published line")
    if page and (searched := _search_page(source)):
        return _unless_updated(source, searched, "page text")
    for kind in ("dateline", "update line"):
        if found := _first_stated(lines[kind], today):
            return (*found, kind)
    if header := source.hints.get("date_header"):
        try:
            return parsedate_to_datetime(header).date().isoformat(), False, "http header"
        except (TypeError, ValueError):
            pass
    return None, False, None


def _first_stated(lines: list[str], today: date | None) -> tuple[str, bool] | None:
    """The first date with day and month stated in `lines`, its year inferred from a
    weekday when it has none."""
    for text in lines:
        found = parse_date(text)
        if not (found and found.month and found.day):
            continue
        if found.year is None and found.weekday is not None:
            if year := infer_year(found.month, found.day, found.weekday, (today or date.today()).year):
                return f"{year:04d}-{found.month:02d}-{found.day:02d}", True
        return found.iso(), False
    return None


def _search_page(source: Source, tree: lxml.html.HtmlElement | None = None, extensive: bool = True) -> str | None:
    """htmldate's original-date search: over the markup, and with `extensive` the text."""
    try:
        return htmldate.find_date(tree if tree is not None else source.content, url=source.hints.get("url"),
                                  **{**HTML_DATE_PARAMS, "extensive_search": extensive})
    except (ValueError, lxml.etree.LxmlError):
        return None


def _unless_updated(source: Source, found: str, kind: str) -> tuple[str, bool, str]:
    """htmldate's answer, unless it is a date the page marks as an update
    (dateModified, og:updated_time): then the earlier date a search without those
    marks finds, if any (a page updated in June and first published in March)."""
    keys, _ = update_markers()
    lowered = source.content.lower()
    if not any(key in lowered for key in keys):
        return found, False, kind
    try:
        tree = lxml.html.fromstring(source.content)
    except (lxml.etree.ParserError, ValueError):
        return found, False, kind
    marks = [element for element in tree.xpath("//*[@itemprop or @property or @name]")
             if (element.get("itemprop") or element.get("property") or element.get("name") or "").lower() in keys]
    if not any(_iso_in(element) == found for element in marks):
        return found, False, kind
    for element in marks:
        element.drop_tree()
    earlier = _search_page(source, tree, extensive=kind == "page text")
    if earlier and earlier < found:
        return earlier, False, f"{kind}, update date set aside"
    return found, False, kind


def _iso_in(element: lxml.html.HtmlElement) -> str | None:
    value = element.get("content") or element.get("datetime") or element.text_content() or ""
    return m.group() if (m := _ISO_ANYWHERE.search(value)) else None


def date_lines(cleaned: CleanText, page: HtmlPage | None = None) -> dict[str, list[str]]:
    """Where the text states a date, by kind: "Publié le ..." lines (removed from the
    body, or anywhere in the page), the dates of datelines, and "Mis à jour" lines."""
    _, update = update_markers()
    stated = [line.text for line in cleaned.removed if line.category == "dateline"] + (page.dated_lines if page else [])
    datelines = [m.group("date") for p in cleaned.paragraphs[:HEAD_PARAGRAPHS]
                 if (m := dateline(p.text)) and m.groupdict().get("date")]
    return {"published line": [line for line in stated if not update.match(_line_start(line))],
            "dateline": datelines,
            "update line": [line for line in stated if update.match(_line_start(line))]}


def _line_start(line: str) -> str:
    """A "Publié le" line without the separator that may open it ("| Mis à jour le")."""
    return line.lstrip("–|·•- ")


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
