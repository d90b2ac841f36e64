"""Why the coder coded what it did: each sentence of a document with the triggers found in
it and what became of each (the event with its sides and where they came from, or why no
event), so an analyst can trust or question a code."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..records import Document
from .document import code_document, paragraph_offsets
from .sentences import read
from .words import PLAIN_SPACES


@dataclass
class Explained:
    """One sentence: its body offsets, whether it was parsed, and its triggers' outcomes."""

    text: str
    start: int
    end: int
    parsed: bool
    triggers: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"sentence": self.text, "start": self.start, "end": self.end, "parsed": self.parsed,
                "triggers": self.triggers}


def explain_document(doc: Document) -> list[Explained]:
    """Every sentence of the document's body with the trace of its triggers."""
    (paragraphs,) = read([[p.text.translate(PLAIN_SPACES) for p in doc.paragraphs]])
    offsets = paragraph_offsets(doc)
    trace: list[dict] = []
    code_document(doc.body, paragraphs, offsets, doc.published, trace=trace)
    sentences = [Explained(doc.body[offset + s.start_char: offset + s.end_char].strip(), offset + s.start_char,
                           offset + s.end_char, parsed)
                 for paragraph, offset in zip(paragraphs, offsets) for s, parsed in paragraph.sentences]
    for entry in trace:
        holder = next((s for s in sentences if s.start <= entry["start"] < s.end), None)
        if holder is not None:
            holder.triggers.append(entry)
    return sentences


def describe(entry: dict) -> str:
    """One trigger's outcome as a line of text."""
    head = f"{entry['word']} ({entry['lemma']}) {entry['type']}"
    if entry["outcome"] != "event":
        return f"{head}: no event, {entry['why']}"
    recipients = ", ".join(entry["recipients"]) or "-"
    where = f" [recipients from {entry['recipients_from']}]" if entry.get("recipients_from") else ""
    context = f" context {', '.join(entry['context'])}" if entry.get("context") else ""
    date = f" date {entry['date']}" if entry.get("date") else ""
    return f"{head}: {', '.join(entry['actors'])} -> {recipients}{where}{context}{date} (frame {entry['frame']})"
