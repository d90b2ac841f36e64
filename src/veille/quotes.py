"""Direct speech: quoted passages in « », “ ” and " ", and who said them."""
from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "«“"
CLOSERS = "»”"
_MARKS = re.compile(r'[«»“”"]')
MIN_WORDS = 7  # shorter quoted bits are scare quotes or fragments ("en position de « force »"), not speech


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    text: str
    start: int  # offsets of the quoted words (marks excluded) in the text given
    end: int


def find_quotes(text: str) -> list[QuoteSpan]:
    """Quoted passages of at least MIN_WORDS words, within one paragraph. A closing mark
    at the start of a paragraph opens a quote, as scrapers often mangle the opener."""
    spans = []
    for paragraph in re.finditer(r"[^\n]+", text):
        offset, line = paragraph.start(), paragraph.group()
        opened: int | None = None
        for m in _MARKS.finditer(line):
            mark, pos = m.group(), m.start()
            leading = not line[:pos].strip()
            if opened is None and (mark in OPENERS or mark == '"' or leading):
                opened = pos + 1
            elif opened is not None and (mark in CLOSERS or mark == '"'):
                inner = line[opened:pos]
                stripped = inner.strip(" \u00a0\u202f,")
                if len(stripped.split()) >= MIN_WORDS:
                    start = offset + opened + inner.index(stripped)
                    spans.append(QuoteSpan(stripped, start, start + len(stripped)))
                opened = None
    return spans
