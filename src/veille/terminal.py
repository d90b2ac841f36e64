"""Listings laid out for a terminal of a given width (80 columns first, the width of a
pipe and of most first windows): each row one or two lines, every id whole (so it can be
pasted into `veille show` or `veille event`), and any shortened text ending in an
ellipsis. `wide` leaves text whole, one row per line however long."""
from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from typing import Any

ELLIPSIS = "…"
_LINE_BREAKS = re.compile(r"\s*[\n\r\t\f\v]\s*")
INDENT = "    "


def shorten(text: str | None, width: int) -> str:
    """`text` on one line in at most `width` characters: cut at a word boundary when one
    is near, and marked with an ellipsis."""
    text = _LINE_BREAKS.sub(" ", text or "").strip()
    if len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    cut = text[:width - 1]
    space = cut.rfind(" ")
    if space >= width * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + ELLIPSIS


def _fit(parts: Iterable[str], width: int | None) -> str:
    """Fields two spaces apart, shortened to `width` (None: whole)."""
    line = "  ".join(p for p in parts if p)
    return line if width is None else shorten(line, width)


def row_line(key: str, fields: Iterable[str], width: int, wide: bool) -> str:
    """A whole key, then the fields in what is left of the line."""
    return _fit([key, _fit(fields, None if wide else max(width - len(key) - 2, 1))], None)


def _indented(text: str, width: int, wide: bool) -> str:
    """A second line: `text` indented, shortened to the rest of the width."""
    return INDENT + _fit([text], None if wide else width - len(INDENT))


def sides(actors: list[str], recipients: list[str]) -> str:
    """'RUS NATO → UKR', or the participants of a meeting side by side."""
    left = " ".join(actors) or "?"
    return f"{left} → {' '.join(recipients)}" if recipients else left


def event_lines(row: dict[str, Any], width: int, wide: bool = False) -> list[str]:
    """An event (per article or merged, as `Store.events`/`merged_events` give it): its
    id, date, type, sides, context and outlet or counts, then its sentence."""
    counts = (f"{row['num_articles']} art./{row['num_documents']} doc." if "num_articles" in row
              else row.get("outlet") or row.get("doc") or "")
    context = ",".join(row.get("context") or [])
    fields = [f"{row.get('date') or '—':<10}", f"{row['type']:<9}", sides(row["actors"], row["recipients"]),
              f"[{context}]" if context else "", counts]
    return [row_line(row["id"], fields, width, wide), _indented(row["sentence"], width, wide)]


def event_detail(told: dict[str, Any] | None, merged: dict[str, Any] | None, reports: list[dict[str, Any]],
                 width: int, wide: bool = False) -> list[str]:
    """One event as an article tells it (with its document), the event it is merged into
    (with its place and counts), and the reports merged with what agreed (`merge.explain`)."""
    lines = []
    if told:
        lines += event_lines(told, width, wide)
        lines.append(row_line(f"{INDENT}in {told['doc_id']}", [told["outlet"] or "—", told["doc"]], width, wide))
    if merged:
        lines += event_lines(merged, width, wide)
        lines.append(_indented(f"{merged['num_mentions']} mentions, {merged['num_documents']} documents, "
                               f"{merged['num_articles']} articles, {merged['num_sources']} sources, "
                               f"at {merged['location'] or '?'}", width, wide))
    for report in reports:
        agreed = report["agreement"]
        verdict = (f"type {'ok' if agreed['type'] else 'differs'}, sides {' '.join(agreed['participants']) or 'none'}, "
                   f"date {'ok' if agreed['date'] else 'differs'}, place {'ok' if agreed['place'] else 'differs'}")
        copy = "(copy)" if report["canonical_id"] else ""  # a near-duplicate of a story already counted
        lines.append(row_line(report["event_id"], [report["date"] or "—", copy, verdict, report["outlet"] or "—",
                                                   report["doc"]], width, wide))
        lines.append(_indented(report["sentence"], width, wide))
    return lines


def document_line(row: dict[str, Any], width: int, wide: bool = False) -> str:
    """A stored document: id, publication date, outlet, events and title."""
    outlet = row.get("outlet") or "—"
    fields = [f"{row.get('published') or '—':<10}", outlet if wide else f"{shorten(outlet, 18):<18}",
              f"{row.get('events', ''):>3}", row.get("title") or row.get("name") or ""]
    return row_line(row["id"], fields, width, wide)


def paragraphs(body: str, width: int, wide: bool = False) -> list[str]:
    """An article's body, each paragraph wrapped at word boundaries (whole lines with `wide`),
    a blank line between paragraphs."""
    lines: list[str] = []
    for paragraph in body.split("\n\n"):
        lines += ([paragraph] if wide else textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""]) + [""]
    return lines[:-1]


def quote_line(quote: dict[str, Any], width: int, wide: bool = False) -> str:
    speaker = quote.get("speaker_name") or quote.get("speaker") or "?"
    return _fit([f"{speaker} ({quote.get('speaker')}):", f"« {quote['text']} »"], None if wide else width)


def actor_lines(entry: Any, width: int, wide: bool = False) -> list[str]:
    """A dictionary entry (`filters.ActorEntry`): its codes, kind and name, then one line
    per dated role."""
    lines = [_fit([f"{'/'.join(entry.codes):<6}", f"{entry.kind:<12}", entry.name], None if wide else width)]
    for role in entry.roles:
        span = f"{role.start or '…'} – {role.end or ''}".rstrip()
        lines.append(_fit([INDENT + role.code, role.role.replace("_", " "), span], None if wide else width))
    return lines
