"""When and where an event happened: the temporal expression or place nearest its trigger
in the parse, else the day the story is about."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from ..places import Place
from ..temporal import Timex, resolve
from .coref import Context
from .grammar import governing_path, has_feature, lemma, tree_distance


def date_of(value: str | None) -> date | None:
    if value and value[:4].isdigit() and len(value) >= 4:
        parts = value.split("-")
        try:
            return date(int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 7,
                        int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1)
        except ValueError:
            return None
    return None


def event_date(token: Token, sentence: Span, offset: int, timexes: list[Timex], ctx: Context, *,
                future: bool) -> tuple[str | None, str | None]:
    """(date, the kind of temporal expression stating it, or None when inferred). The temporal expression nearest the trigger
    in the parse; else, for an event told in the past or promised, the day the story is
    about (the last day named, or the publication date); a planned event without a date
    of its own has none."""
    best = _nearest_in_parse(token, sentence, offset, timexes, within=4)
    if best is not None:
        value = resolve(best, ctx.published, future=future)
        if value is None and best.kind == "weekday" and ctx.published:
            value = ctx.published  # "mercredi" in an article whose year is unknown: the day it was published
        return _contract_date(value), best.kind
    if future or (token.pos_ == "NOUN" and token.dep_ == "nsubj"):
        return None, None
    return ctx.narrative_date or (ctx.published if ctx.published and _told_as_news(token) else None), None


def _contract_date(value: str | None) -> str | None:
    """A resolved value in the contract's forms: a week becomes its month when it lies
    within one month, else no date; week-ends and decades have none."""
    if not value or value[:4].isdigit() and len(value) in (4, 7, 10) or value.startswith("--"):
        return value
    if "-W" in value and value[5:].replace("W", "").isdigit():
        year, week = int(value[:4]), int(value[6:8])
        first, last = date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 7)
        return first.strftime("%Y-%m") if first.month == last.month else None
    return None


def _told_as_news(token: Token) -> bool:
    """Told in the past tense, by the clause or by the verb reporting it."""
    for verb in [token] + governing_path(token, steps=4):
        if verb.pos_ not in ("VERB", "AUX"):
            continue
        if any(lemma(c) == "avoir" and c.dep_ == "aux:tense" for c in verb.children) or has_feature(verb, "Tense", "Past"):
            return True
    return False


def event_place(token: Token, sentence: Span, offset: int, places: list[Place]) -> dict | None:
    best = _nearest_in_parse(token, sentence, offset, places, within=3)
    return best.as_dict() if best else None


def _nearest_in_parse(token: Token, sentence: Span, offset: int, spans, within: int):
    """Of the spans (timexes, places: objects with body offsets) in the token's sentence,
    the one closest to it in the dependency tree, if within that many arcs."""
    best, best_distance = None, within + 1
    for item in spans:
        if not (offset + sentence.start_char <= item.start < offset + sentence.end_char):
            continue
        span = sentence.doc.char_span(item.start - offset, item.end - offset, alignment_mode="expand")
        if span is None:
            continue
        distance = tree_distance(token, span.root)
        if distance < best_distance:
            best, best_distance = item, distance
    return best

