"""Direct speech attributed to its speaker: the subject of the nearest reporting verb."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..quotes import QuoteSpan
from .coref import Context, phrase_actors
from .grammar import lemma
from .lexicon import governors
from .words import PRONOUNS


def attribute_quotes(sdoc: Doc, sentences: list[Span], offset: int, spans: list[QuoteSpan],
                      ctx: Context) -> list[dict]:
    """Quotes of one paragraph, each attributed to the subject of the nearest reporting verb
    outside quotes ("« ... », a déclaré le porte-parole", "X a affirmé : « ... »"), else
    to the speaker of the quote before it, else to the latest subject."""
    quotes = []
    end = offset + sdoc[-1].idx + len(sdoc[-1].text_with_ws) if len(sdoc) else offset  # not sdoc.text: token by token
    here = [q for q in spans if offset <= q.start < end]
    if not here:
        return quotes
    outside = [t for sentence in sentences for t in sentence if not any(q.start <= offset + t.idx < q.end for q in spans)]
    verbs = [t for t in outside if governors().get(lemma(t)) == "report"
             or (lemma(t) == "faire" and any(lemma(c) == "remarquer" for c in t.children))]
    for quote in here:
        after = [v for v in verbs if offset + v.idx >= quote.end]
        before = [v for v in verbs if offset + v.idx < quote.start]
        nearest = ([min(after, key=lambda v: v.idx)] if after and offset + min(v.idx for v in after) - quote.end < 40
                   else []) + ([max(before, key=lambda v: v.idx)] if before else [])
        codes, name = (), None
        for verb in nearest:
            speaker = _speaker(verb, inverted=verb in after)
            if speaker is None:
                continue
            if speaker.lower_ in PRONOUNS and ctx.quote_speakers and ctx.quote_speakers[-1][0] >= offset:
                _, _, codes, name = ctx.quote_speakers[-1]  # "« ... », a-t-il ajouté": the same speaker
                break
            found, found_name = phrase_actors(speaker, ctx, None)
            if found:
                codes, name = tuple(found), found_name
                if name is None and ctx.last_person[0] == codes:  # "le chef de l'OTAN" after "M. Stoltenberg"
                    name = ctx.last_person[1]
                break
        if not codes and ctx.quote_speakers:  # a quote running on from the last speaker's
            _, _, codes, name = ctx.quote_speakers[-1]
        if not codes:
            codes, name = ctx.last_subject
        if codes:
            ctx.quote_speakers.append((quote.start, quote.end, codes, name))
            quotes.append({"speaker": codes[0], "speakers": list(codes), "speaker_name": name, "text": quote.text,
                           "start": quote.start, "end": quote.end})
    return quotes


def _speaker(verb: Token, inverted: bool) -> Token | None:
    """Who speaks: the reporting verb's subject; after a quote the subject is often
    inverted and parsed as an object ("», a déclaré le ministre")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass", "expl:subj")), None)
    if subject is None and inverted:
        subject = next((c for c in verb.children if c.dep_ == "obj"), None)
    return subject

