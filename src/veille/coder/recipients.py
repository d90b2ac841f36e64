"""Recipients the frame did not give. A human coder almost always names a target: the
one a clitic ("lui", "leur") points back to, another actor of the same sentence, or, failing
those, the side the article is about. Each event says where its recipients came from."""
from __future__ import annotations

from collections import Counter
from datetime import date

from spacy.tokens import Span, Token

from .coref import Context, mention_codes
from .grammar import case_words, contains, direct_object, governing_path, subject_of, tree_distance
from .lexicon import match_trigger
from .words import CASE_FORMS, CLITIC_RECIPIENTS


def recover(token: Token, sentence: Span, actors: list[str], ctx: Context, when: date | None,
            article: bool = True, domestic: bool = False) -> tuple[list[str], str | None]:
    """(recipients, where they came from) for an event whose frame found none; the article's
    main side only when `article`. A `domestic` event (coercion) whose patient is named but is
    no actor ("interdire le parti", "arrêter des journalistes") falls on the actor's own state."""
    if domestic and _named_patient(token):
        states = [c for c in actors if len(c) == 3 and c.isalpha() and c.isupper()]
        if states:
            return states[:1], "domestic"
    clitic = next((c for c in token.children if c.lower_ in CLITIC_RECIPIENTS and (
        c.dep_.startswith(("iobj", "obj")) or _clitic_read_as_subject(c, token))), None)
    if clitic is not None:
        for codes, *_ in reversed(ctx.recent):
            if not set(codes) & set(actors):
                return list(codes), "clitic"
    nearest, distance = None, 99
    outer = [s for h in governing_path(token, steps=6) if (s := subject_of(h)) is not None and not contains(s, token)]
    inner = [c for c in token.children if c.dep_ in ("obj", "nsubj:pass", "obl:arg") and match_trigger(c)]
    for i in range(sentence.start, sentence.end):
        mention = ctx.mentions.get(i)
        if mention is None or mention.span.start != i or _quoted(sentence.doc[i], ctx):
            continue
        if any(contains(s, sentence.doc[i]) for s in outer):
            continue  # "X a condamné l'attaque russe": X is not what was attacked
        if any(contains(e, sentence.doc[i]) for e in inner):
            continue  # "condamner l'invasion de l'Ukraine": the invaded is not the one condemned
        codes = [c for c in mention_codes(mention, ctx, when) if c not in actors]
        if codes and (d := tree_distance(token, sentence.doc[i])) < distance:
            nearest, distance = codes, d
    if nearest:
        return nearest, "sentence"
    counterpart = article and next((code for code, _ in ctx.article_codes.most_common() if code not in actors), None)
    return ([counterpart], "article") if counterpart else ([], None)


def _clitic_read_as_subject(clitic: Token, verb: Token) -> bool:
    """"Le Japon lui a offert": "lui" between the subject and the verb, which the parser may
    label a second subject."""
    return clitic.lower_ in ("lui", "leur") and clitic.dep_.startswith("nsubj") and clitic.i < verb.i and any(
        c.dep_.startswith("nsubj") and c.i < clitic.i for c in verb.children)


def _named_patient(token: Token) -> bool:
    """The event has an object (a verb's, or a noun's "de" complement): what it falls on."""
    if token.pos_ == "NOUN":
        return any(c.dep_ == "nmod" and case_words(c) & set(CASE_FORMS["de"]) for c in token.children)
    return any(c.dep_ == "nsubj:pass" or direct_object(c) for c in token.children)


def _quoted(token: Token, ctx: Context) -> bool:
    position = ctx.offset + token.idx
    return any(start <= position < end for start, end in ctx.quoted)


def article_codes(mentions, ctx: Context) -> Counter:
    """How often the article names each actor code: the sides it is about."""
    counts: Counter = Counter()
    for mention in mentions:
        counts.update(mention_codes(mention, ctx, None))
    return counts
