"""Keep only the article: HTML to text with trafilatura, then line-level removal of what
is not the article (data-driven patterns plus page-structure rules), then corpus-level
removal of lines an outlet repeats across its pages (the CCNet idea)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import trafilatura

from .patterns import dateline, line_category
from .records import Document, Paragraph

TERMINAL = tuple(".!?…»\"”)")
_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\n]+")


@dataclass(slots=True, frozen=True)
class Line:
    text: str
    start: int
    end: int
    category: str | None = None  # why it is not article text; None when it is

    def paragraph(self) -> Paragraph:
        return Paragraph(self.text, self.start, self.end)


@dataclass(slots=True)
class CleanText:
    paragraphs: list[Paragraph]
    title: Paragraph | None
    removed: list[Line] = field(default_factory=list)


@dataclass(slots=True)
class HtmlPage:
    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None


def extract_html(html: str, url: str | None = None) -> HtmlPage:
    """Main text of a page (one paragraph per line) and the metadata trafilatura and
    htmldate find in it."""
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, deduplicate=False)
    if doc is None:
        return HtmlPage(text="")
    return HtmlPage(text=doc.text or "", title=doc.title, date=doc.date, sitename=doc.sitename)


def split_lines(text: str) -> list[Line]:
    """Non-empty lines, stripped, with their offsets in `text`."""
    lines = []
    for m in _LINE.finditer(text):
        raw = m.group()
        stripped = raw.strip()
        if stripped:
            start = m.start() + (len(raw) - len(raw.lstrip()))
            lines.append(Line(stripped, start, start + len(stripped)))
    return lines


def words(text: str) -> int:
    return len(_WORD.findall(text))


def is_body_like(text: str) -> bool:
    """A line that reads as article prose rather than a label, menu or heading."""
    n = words(text)
    return n >= 12 or (n >= 6 and text.endswith(TERMINAL))


def is_title_like(text: str) -> bool:
    n = words(text)
    if not 3 <= n <= 30 or text.endswith((".", ":", ",", ";")) or dateline(text):
        return False
    capitalised = [w for w in text.split()[1:] if len(w) > 3]
    return not capitalised or sum(w[0].isupper() for w in capitalised) / len(capitalised) < 0.75


def clean_text(text: str, title: str | None = None) -> CleanText:
    """Split page text into article paragraphs, the title line, and removed lines.

    Structure rules on top of the patterns: what precedes the title (or the first prose
    paragraph) is page chrome, except datelines; after the last prose line, lines that
    end no sentence are credits, bylines or widgets."""
    lines = [replace(line, category=line_category(line.text)) for line in split_lines(text)]
    candidates = [i for i, line in enumerate(lines) if line.category is None]
    first_prose = next((i for i in candidates if is_body_like(lines[i].text)), None)
    if first_prose is None:
        return CleanText([lines[i].paragraph() for i in candidates], None,
                         [line for line in lines if line.category])
    title_index = _find_title(lines, first_prose, title)
    last_prose = max(i for i in candidates if is_body_like(lines[i].text))
    for i in candidates:
        line = lines[i]
        if i == title_index:
            category = "title"
        elif i < first_prose and not dateline(line.text):
            category = "header"
        elif i > last_prose and not line.text.endswith(TERMINAL):
            category = "footer"
        else:
            continue
        lines[i] = replace(line, category=category)
    return CleanText(
        paragraphs=[line.paragraph() for line in lines if line.category is None],
        title=lines[title_index].paragraph() if title_index is not None else None,
        removed=[line for line in lines if line.category not in (None, "title")],
    )


def _find_title(lines: list[Line], first_prose: int, known: str | None) -> int | None:
    """Index of the headline line: the known title if the text repeats it, else the
    nearest title-like line above the first prose paragraph."""
    if known:
        wanted = normalise(known)
        return next((i for i, line in enumerate(lines[: first_prose + 1])
                     if normalise(line.text) == wanted), None)
    for i in range(first_prose - 1, -1, -1):
        line = lines[i]
        if line.category or dateline(line.text):
            continue
        return i if is_title_like(line.text) else None
    return None


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[’`´]", "'", text)
    return " ".join(_WORD.findall(text))


def line_hash(text: str) -> str:
    return hashlib.blake2b(normalise(text).encode(), digest_size=8).hexdigest()


def count_lines(docs: Iterable[Document]) -> Counter[tuple[str, str]]:
    """How many of `docs` contain each (outlet, line) pair: the evidence for
    `strip_repeated`, added up across batches by the store."""
    counts: Counter[tuple[str, str]] = Counter()
    for doc in docs:
        outlet = (doc.outlet or "").lower()
        counts.update((outlet, h) for h in {line_hash(p.text) for p in doc.paragraphs})
    return counts


def strip_repeated(doc: Document, counts: Counter[tuple[str, str]], threshold: int = 3) -> Document:
    """Drop paragraphs that `threshold` or more documents of the same outlet contain:
    a line an outlet repeats across its pages is site furniture, not article text."""
    outlet = (doc.outlet or "").lower()
    kept = [p for p in doc.paragraphs if counts[(outlet, line_hash(p.text))] < threshold]
    if len(kept) == len(doc.paragraphs) or not kept:
        return doc
    return replace(doc, paragraphs=kept)
