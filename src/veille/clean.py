"""Keep only the article: HTML to text with trafilatura, then line-level removal of what
is not the article (data-driven patterns plus page-structure rules), then corpus-level
removal of lines an outlet repeats across its pages (the CCNet idea)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

import lxml.etree
import lxml.html
import trafilatura

from .patterns import dateline, line_category
from .records import Document, Paragraph

TERMINAL = tuple(".!?…»\"”)")
HEADLINE_MAX_WORDS = 40
SHORT_EXTRACTION_CHARS = 1000  # a balanced extraction this short is checked against recall mode
RECALL_GAIN = 1.5  # recall mode's text is taken when it is this many times longer
SENTENCE_HEADLINE_MAX_WORDS = 12
_SENTENCE_BREAK = re.compile(r"[.!?]\s")
_WORD = re.compile(r"\w+")
_LINE = re.compile(r"[^\n]+")


# htmldate inside trafilatura: the original publication date from markup only. Its
# extensive search over the page text is run by veille.metadata after the visible
# "Publié le" line, which it reads less well than French rules do.
MAX_PARAGRAPH_TAGS = 10_000  # 20,000 took trafilatura 6 s here, 100,000 took it 180 s
HTML_DATE_PARAMS = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}


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
    dated_lines: list[str] = field(default_factory=list)  # "Publié le ..." lines anywhere in the page


def extract_html(html: str, url: str | None = None) -> HtmlPage:
    """Main text of a page (one paragraph per line) and the metadata trafilatura and
    htmldate find in it. A page with more paragraph tags than any article has is read
    as its visible text: trafilatura's XPath queries take time quadratic in them.

    Trafilatura's balanced mode, tables kept, comments left out: on real pages
    (../shared/eval/web) its precision mode loses more article text than it saves, and
    its recall mode lets in more furniture than it finds text, except on short
    extractions, where balanced mode may have pruned most of the article. Its lead
    paragraph (chapô), which trafilatura often leaves out, is put back when the page
    shows its description as text."""
    if html.count("<p") > MAX_PARAGRAPH_TAGS:
        return HtmlPage(text=_visible_text(html))
    options = {"include_comments": False, "include_tables": True, "deduplicate": False}
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, date_extraction_params=HTML_DATE_PARAMS,
                                      **options)
    if doc is None:
        return HtmlPage(text="")
    text = doc.text or ""
    if len(text) < SHORT_EXTRACTION_CHARS:
        recalled = trafilatura.bare_extraction(html, url=url, favor_recall=True, **options)
        if recalled is not None and len(recalled.text or "") >= RECALL_GAIN * len(text):
            text = recalled.text
    visible = None
    if doc.description and normalise(doc.description) not in normalise(text):
        visible = _visible_text(html)
        if normalise(doc.description) in normalise(visible):
            text = f"{doc.description.strip()}\n{text}"
    dated = [] if doc.date else [line.text for line in split_lines(visible if visible is not None else _visible_text(html))
                                 if line_category(line.text) == "dateline"]
    return HtmlPage(text=text, title=doc.title, date=doc.date, sitename=doc.sitename, dated_lines=dated)


def _visible_text(html: str) -> str:
    """All text of the page, one block element per line: where a "Publié le" line that
    the main-text extraction left out can still be found."""
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return ""
    for element in tree.xpath("//script|//style"):
        element.drop_tree()
    return "\n".join(t.strip() for t in tree.itertext() if t.strip())


_MARKDOWN = [
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"![\1]()"),  # images keep a marker the patterns know
    (re.compile(r"(?<!!)\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"^ {0,3}(?:#{1,6}|>+)\s*", re.MULTILINE), ""),  # headings, quotes
    (re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])"), r"\1"),  # italics
]


def markdown_text(markdown: str) -> str:
    """Markdown as the plain text a reader sees: link targets, heading marks and
    emphasis removed, one line per line."""
    for pattern, replacement in _MARKDOWN:
        markdown = pattern.sub(replacement, markdown)
    return markdown


def split_lines(text: str) -> list[Line]:
    """Non-empty lines, stripped, with their offsets in `text`."""
    return [Line(stripped, start, end) for stripped, start, end in _stripped_lines(text)]


def _stripped_lines(text: str) -> Iterator[tuple[str, int, int]]:
    for m in _LINE.finditer(text):
        raw = m.group()
        stripped = raw.strip()
        if stripped:
            start = m.start() + (len(raw) - len(raw.lstrip()))
            yield stripped, start, start + len(stripped)


def words(text: str) -> int:
    return len(_WORD.findall(text))


def is_body_like(text: str) -> bool:
    """A line that reads as article prose rather than a label, menu or heading."""
    n = words(text)
    return n >= 25 or (n >= 6 and text.endswith(TERMINAL))


def is_title_like(text: str) -> bool:
    """A line that can be a headline: short, ending no sentence with a period (a
    question, an exclamation, a quotation or a colon's second half are headlines), and
    not a menu of capitalised words ("Accueil Monde Europe Contact")."""
    n = words(text)
    if not 3 <= n <= HEADLINE_MAX_WORDS or text.endswith((".", ":", ",", ";")) or dateline(text):
        return False
    rest = text.split()[1:]
    if len(rest) >= 2 and all(w[0].isupper() for w in rest):
        return False  # "Accepter Refuser Paramétrer"
    capitalised = [w[0].isupper() for w in rest if len(w) > 3]
    return len(capitalised) < 3 or not all(capitalised)


def is_short_sentence_headline(text: str, standalone: bool) -> bool:
    """A headline written as one short sentence with its period ("La guerre, c'est la
    guerre."): the opening line of a text, set apart by a blank line."""
    return (standalone and text.endswith(".") and 3 <= words(text) <= SENTENCE_HEADLINE_MAX_WORDS
            and not _SENTENCE_BREAK.search(text.rstrip(". ")))


def clean_text(text: str, title: str | None = None, structure: bool = True) -> CleanText:
    """Split page text into article paragraphs, the title line, and removed lines.

    With `structure`, rules on top of the patterns for text saved with its page around
    it: what precedes the title (or the first prose paragraph) is page chrome, except
    datelines; after the last prose line, lines that end no sentence are credits, bylines
    or widgets. Main text that trafilatura found in HTML has no such chrome left, and
    there these rules cut headings, list items and short closing paragraphs: only what
    precedes the headline line (a rubric, a kicker) is dropped."""
    lines = [Line(stripped, start, end, line_category(stripped)) for stripped, start, end in _stripped_lines(text)]
    candidates = [i for i, line in enumerate(lines) if line.category is None]
    first_prose = next((i for i in candidates if is_body_like(lines[i].text)), None)
    if first_prose is None:
        return CleanText([lines[i].paragraph() for i in candidates], None,
                         [line for line in lines if line.category])
    title_index = _find_title(lines, first_prose, title, text)
    if title_index == first_prose:  # a headline ending with "?", "!" or "»" reads as prose
        first_prose = next((i for i in candidates if i > title_index and is_body_like(lines[i].text)), None)
        if first_prose is None:
            title_index, first_prose = None, title_index
    last_prose = next(i for i in reversed(candidates) if is_body_like(lines[i].text))
    for i in candidates:
        line = lines[i]
        if i == title_index:
            category = "title"
        elif not structure and not _heads_furniture(lines, i, first_prose, title_index):
            continue
        elif i < first_prose and not dateline(line.text):
            category = "header"
        elif i > last_prose and not line.text.endswith(TERMINAL):
            category = "footer"
        else:
            continue
        lines[i] = Line(line.text, line.start, line.end, category)
    return CleanText(
        paragraphs=[line.paragraph() for line in lines if line.category is None],
        title=lines[title_index].paragraph() if title_index is not None else None,
        removed=[line for line in lines if line.category not in (None, "title")],
    )


def _heads_furniture(lines: list[Line], i: int, first_prose: int, title_index: int | None) -> bool:
    """Whether line `i`, above the article, is a rubric or kicker: above the headline
    line, or the label of furniture that follows it ("L'info en continu" over a ticker)."""
    if dateline(lines[i].text):
        return False
    return (title_index is not None and i < title_index) or (
        i < first_prose and i + 1 < len(lines) and lines[i + 1].category is not None)


def _find_title(lines: list[Line], first_prose: int, known: str | None, text: str) -> int | None:
    """Index of the headline line: the known title if the text repeats it, else the
    first title-like line that is not page furniture, from the top down to the first
    prose paragraph (which is the headline itself when it is the opening line and
    reads as one)."""
    if known:
        wanted = normalise(known)
        return next((i for i, line in enumerate(lines[: first_prose + 1])
                     if normalise(line.text) == wanted), None)
    opening = next((i for i, line in enumerate(lines) if not line.category and not dateline(line.text)), None)
    for i in range(first_prose + 1):
        line = lines[i]
        if line.category or dateline(line.text):
            continue
        if is_title_like(line.text) or (i == opening and is_short_sentence_headline(line.text, _stands_alone(lines, i, text))):
            return i
    return None


def _stands_alone(lines: list[Line], i: int, text: str) -> bool:
    """Whether a blank line follows line `i` in `text`."""
    following = lines[i + 1].start if i + 1 < len(lines) else len(text)
    return text.count("\n", lines[i].end, following) >= 2


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"[’`´]", "'", text)
    return " ".join(_WORD.findall(text))


@lru_cache(maxsize=8192)  # count_lines and strip_repeated hash the same batch of paragraphs
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
