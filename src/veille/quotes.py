"""Direct speech: quoted passages in « », “ ” and " ", and who said them."""
from __future__ import annotations

import re
from dataclasses import dataclass

OPENERS = "«“"
CLOSERS = "»”"
_MARKS = re.compile(r'[«»“”"]')
MIN_WORDS = 7  # a passage this long reads as speech by itself; shorter ones only where a speaker introduces them
MIN_TERM_WORDS = 3  # shorter quoted bits are scare quotes and names ("en position de « force »"), never speech


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    text: str
    start: int  # offsets of the quoted words (marks excluded) in the text given
    end: int

    @property
    def short(self) -> bool:
        """A fragment ("qualifié de « hub mondial du blanchiment »") rather than a statement:
        speech only when a reporting verb takes it."""
        return len(self.text.split()) < MIN_WORDS


def find_quotes(text: str) -> list[QuoteSpan]:
    """Outermost quoted passages of at least MIN_TERM_WORDS words, each within one
    paragraph; marks inside a quote nest (« ... “ ... ” ... »). A quote left open at the
    end of a paragraph ends there when the next paragraph opens with a quote mark (speech
    running over several paragraphs). A closing mark at the start of a paragraph opens a
    quote, as scrapers often mangle the opener."""
    spans = []
    paragraphs = list(re.finditer(r"[^\n]+", text))
    for n, paragraph in enumerate(paragraphs):
        offset, line = paragraph.start(), paragraph.group()
        opened: list[tuple[str, int]] = []  # open marks, outermost first, with where their words start
        for m in _MARKS.finditer(line):
            mark, pos = m.group(), m.start()
            if mark in CLOSERS or (mark == '"' and opened and opened[-1][0] == '"'):
                if not opened and not line[:pos].strip():
                    opened.append((mark, pos + 1))
                    continue
                if not opened:
                    continue
                first, start = opened.pop()
                while mark != '"' and first == '"' and opened:  # a straight mark left open inside « »
                    first, start = opened.pop()
                if not opened:
                    _add(spans, line, offset, start, pos)
            else:
                opened.append((mark, pos + 1))
        if opened and n + 1 < len(paragraphs) and _MARKS.match(paragraphs[n + 1].group().lstrip()):
            _add(spans, line, offset, opened[0][1], len(line.rstrip()))
    return spans


def _add(spans: list[QuoteSpan], line: str, offset: int, opened: int, closed: int) -> None:
    inner = line[opened:closed]
    stripped = inner.strip(" \u00a0\u202f\u2009,")
    if len(stripped.split()) >= MIN_TERM_WORDS:
        start = offset + opened + inner.index(stripped)
        spans.append(QuoteSpan(stripped, start, start + len(stripped)))
