"""Stances in direct speech. A speaker who passes a negative judgement on another actor in
their own words ("une tentative flagrante de la Biélorussie d'instrumentaliser les réfugiés")
accuses that actor, though no verb of accusing is used: an ACCUSE event from speaker to the
actor judged, read off the quote's words (`data/events/stance.tsv`) and its actor mentions."""
from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from spacy.tokens import Span

from .coref import Context, mention_codes
from .grammar import lemma
from .lexicon import data_rows
from .modality import unreal

if TYPE_CHECKING:
    from .document import Mentioned

MIN_WORDS = 6  # shorter quoted phrases are labels and scare quotes, not a judgement spoken


@cache
def judgements() -> dict[str, str]:
    """Lemma -> the event type a speaker's use of it against another actor tells."""
    return {row["lemma"]: row["type"] for row in data_rows("stance.tsv")}


def stances(sentences: list[Span], offset: int, quotes: list[dict], ctx: Context, make) -> list[Mentioned]:
    """Events of the paragraph's attributed quotes (`quotes`: body offsets, speakers): one per
    quote that holds a judgement word and names an actor other than its speaker. `make`
    builds the mention from (type, actors, recipients, names, sentence, token)."""
    found = []
    for quote in quotes:
        speakers = quote.get("speakers") or [quote["speaker"]]
        words = [t for s in sentences for t in s if quote["start"] <= offset + t.idx < quote["end"]]
        if len([t for t in words if t.is_alpha]) < MIN_WORDS:
            continue
        judged = next((t for t in words if lemma(t) in judgements() and not unreal(t)), None)  # "toute agression"
        if judged is None:
            continue
        targets = []
        for t in words:
            mention = ctx.mentions.get(t.i)
            if mention is not None and mention.span.start == t.i:
                targets += [c for c in mention_codes(mention, ctx, None) if c not in speakers and c not in targets]
        if targets:
            sentence = next(s for s in sentences if s.start <= judged.i < s.end)
            found.append(make(judgements()[lemma(judged)], list(speakers), targets,
                              [quote["speaker_name"]] if quote.get("speaker_name") else [], sentence, judged))
    return found
