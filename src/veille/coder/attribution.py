"""Direct speech attributed to its speaker: the reporting verb that takes the quote, follows
it or introduces it, "selon X", or the speaker of the quote just before."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..quotes import QuoteSpan
from .coref import Context, mention_codes, phrase_actors
from .grammar import lemma
from .lexicon import governors
from .words import PRONOUNS

SOURCE_CASES = {"selon", "d'après", "d’après"}  # "selon le ministre, « ... »"
AFTER_REACH = 40  # characters between a quote and the reporting verb that follows it ("», a déclaré X")
INVERTED_CLITICS = {"-il", "-elle", "-ils", "-elles", "-on"}
RUN_ON_REACH = 600  # characters from one quote to the next that may go on with the same speaker


def attribute_quotes(sdoc: Doc, sentences: list[Span], offset: int, spans: list[QuoteSpan],
                      ctx: Context) -> list[dict]:
    """Quotes of one paragraph, each attributed to the speaker a reporting verb or "selon"
    names. A fragment shorter than a statement counts only with such a speaker; a statement
    without one goes on from the quote just before it, and is dropped when nothing says
    who speaks (a headline or a book quoted, a repeated pull quote)."""
    quotes: list[dict] = []
    end = offset + sdoc[-1].idx + len(sdoc[-1].text_with_ws) if len(sdoc) else offset  # not sdoc.text: token by token
    here = [q for q in spans if offset <= q.start < end]
    if not here:
        return quotes
    inside = {t.i for t in sdoc if any(q.start <= offset + t.idx < q.end for q in spans)}
    for quote in here:
        found = _cue(quote, sdoc, sentences, offset, inside)
        if _said_before(quote, spans, ctx):
            continue
        if found is not None:
            codes, name = _who(found, sdoc, offset, inside, ctx)
        elif quote.short or _said_later(quote, spans):
            continue
        else:
            codes, name = _run_on(quote, ctx)
        if not codes:
            continue
        ctx.quote_speakers.append((quote.start, quote.end, codes, name))
        quotes.append({"speaker": codes[0], "speakers": list(codes), "speaker_name": name, "text": quote.text,
                       "start": quote.start, "end": quote.end})
    return quotes


def _cue(quote: QuoteSpan, sdoc: Doc, sentences: list[Span], offset: int, inside: set[int]) -> Token | None:
    """Who the sentence says is speaking: the subject of the reporting verb that takes the
    quote as its complement ("X a déclaré que « ... »"), follows it ("« ... », a déclaré X")
    or comes before it in the sentence ("X a déclaré : « ... »"), or the X of "selon X"."""
    first = next((s for s in sentences if s.start_char + offset <= quote.start < s.end_char + offset), None)
    last = next((s for s in sentences if s.start_char + offset < quote.end <= s.end_char + offset + 1), None)
    quoted = [t for t in sdoc if quote.start <= offset + t.idx < quote.end]
    for token in quoted:  # the verb the quote hangs from
        node = token
        while node.head != node and node.i in inside:
            node = node.head
        while node.i not in inside and node.head != node and not _reporting(node):
            node = node.head
        if node.i not in inside and _reporting(node) and (speaker := _speaker(node, inverted=False)) is not None:
            return speaker
    if last is not None:  # "« ... », a déclaré X", "« ... » – l'auteur a conclu"
        following = [t for t in last if offset + t.idx >= quote.end and t.i not in inside]
        for verb in following:
            if offset + verb.idx - quote.end > AFTER_REACH:
                break
            if _reporting(verb) and (speaker := _speaker(verb, inverted=True)) is not None:
                return speaker
    if first is not None:
        preceding = [t for t in first if offset + t.idx < quote.start and t.i not in inside]
        for verb in reversed(preceding):  # "X a expliqué : « ... »"
            if _reporting(verb) and (speaker := _speaker(verb, inverted=False)) is not None:
                return speaker
        for word in preceding:
            if word.lower_ in SOURCE_CASES and word.head.i not in inside and word.head != word:
                return word.head
    return None


def _reporting(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX", "ADJ"):
        return False
    if lemma(token) == "faire":
        return any(lemma(c) == "remarquer" for c in token.children)
    effects = governors()
    return any(effects.get(word) == "report" for word in (lemma(token), *_first_group(token.lower_)))


def _first_group(form: str) -> tuple[str, ...]:
    """Infinitives a present-tense form of an -er verb may have when the lemmatizer left
    it as it was ("indique", "déclarent")."""
    for ending in ("ent", "es", "e"):
        if form.endswith(ending):
            return (form[: -len(ending)] + "er",)
    return ()


def _speaker(verb: Token, inverted: bool) -> Token | None:
    """Who speaks: the reporting verb's subject; after a quote the subject is often
    inverted and parsed as an object ("», a déclaré le ministre"); a passive's agent
    ("qualifié de « ... » par l'ONG")."""
    clitic = next((t for t in verb.doc[max(verb.i - 3, 0):verb.i + 3] if t.lower_ in INVERTED_CLITICS), None)
    if clitic is not None:  # "a-t-il ajouté", "explique-t-elle": the parse of "-t" varies
        return clitic
    subject = None
    if inverted:  # "», lui a répondu le ministre": the clitic before the verb is not its subject
        subject = next((c for c in verb.children if c.i > verb.i and c.dep_ in ("nsubj", "obj", "nsubj:pass")), None)
    if subject is None:
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "expl:subj")), None)
    if subject is None:
        subject = next((c for c in verb.children if c.dep_.startswith("obl")
                        and any(lemma(k) == "par" for k in c.children if k.dep_ == "case")), None)
    return subject


def _who(speaker: Token, sdoc: Doc, offset: int, inside: set[int], ctx: Context) -> tuple[tuple[str, ...], str | None]:
    """The speaker's codes and name. A pronoun ("», a-t-il ajouté") is the person named
    last before it outside quotes, or the speaker of the quote before."""
    word = speaker.lower_.lstrip("-")
    if word == "on":  # "comme on peut le lire : « ... »": nobody in particular
        return (), None
    if word in PRONOUNS:
        named = [m for i, m in ctx.mentions.items() if i < speaker.i and i not in inside and m.actor.kind == "person"
                 and m.span.start == i]
        previous = ctx.quote_speakers[-1] if ctx.quote_speakers else None
        if named and (previous is None or offset + named[-1].span.start_char > previous[0]):
            codes, name = phrase_actors(named[-1].span.root, ctx, None)
            return tuple(codes), name
        if previous is not None:
            return previous[2], previous[3]
    codes, name = phrase_actors(speaker, ctx, None)
    if codes and name is None:  # "le chef de l'OTAN" after "M. Stoltenberg"
        same = [m for i, m in ctx.mentions.items() if i < speaker.i and i not in inside and m.span.start == i
                and m.actor.kind == "person" and set(mention_codes(m, ctx, None)) & set(codes)]
        name = same[-1].actor.name if same else ctx.last_person[1] if ctx.last_person[0] == tuple(codes) else None
    if codes and name is None and speaker.pos_ == "PROPN":  # a name the dictionary lacks: "Alexandre Orlov"
        name = " ".join(t.text for t in [speaker, *speaker.children] if t is speaker or t.dep_ == "flat:name")
    return tuple(codes), name


def _said_before(quote: QuoteSpan, spans: list[QuoteSpan], ctx: Context) -> bool:
    """A passage told twice ("« ... », a-t-il répété") is one quote."""
    text = _plain(quote.text)
    attributed = {start for start, *_ in ctx.quote_speakers}
    return any(q.start < quote.start and q.start in attributed and text in _plain(q.text) for q in spans)


def _said_later(quote: QuoteSpan, spans: list[QuoteSpan]) -> bool:
    """A pull quote, repeated further on where its speaker is named."""
    text = _plain(quote.text)
    return any(q.start > quote.start and text in _plain(q.text) for q in spans)


def _plain(text: str) -> str:
    return " ".join(text.lower().strip(".…!? ").split())


def _run_on(quote: QuoteSpan, ctx: Context) -> tuple[tuple[str, ...], str | None]:
    """A statement standing alone goes on from the quote just before it."""
    if ctx.quote_speakers and quote.start - ctx.quote_speakers[-1][1] <= RUN_ON_REACH:
        _, _, codes, name = ctx.quote_speakers[-1]
        return codes, name
    return (), None
