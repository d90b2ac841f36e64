"""Direct speech attributed to its speaker: the reporting verb that takes the quote, follows
it or introduces it, "selon X", the sentence the quote sits in, or the speaker of the quote
just before; speakers resolved through the dictionary, the roles the article states and
the people named before. Quotes nobody in the article says are dropped."""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..actors import Mention
from ..quotes import OPENERS, QuoteSpan
from .coref import Context, mention_codes, phrase_actors
from .grammar import has_feature, lemma, phrase_tokens
from .lexicon import governors
from .words import NEGATORS, PRONOUNS

SOURCE_CASES = {"selon", "d'après", "d’après"}  # "selon le ministre, « ... »"; "pour X, « ... »" opening a sentence
INVERTED_CLITICS = {"-il", "-elle", "-ils", "-elles", "-on"}  # "a-t-il ajouté"
AFTER_REACH = 40  # characters between a quote and the reporting verb that follows it ("», a déclaré X")
IMPERSONAL_SUBJECTS = {"je", "j'", "j’", "nous", "on", "vous"}  # the author or anyone, not a speaker of the news
READING_WORDS = {"lire", "titrer", "titre", "titrait", "titraient", "apprendre"}  # "on peut lire :", "comme le titre X :"
POSTING_CASES = {"à", "au", "aux", "en", "dans"}
DEFINITE = {"le", "la", "les", "l'", "l’"}
OFFICIAL_ROLES = {"porte-parole", "ministre", "ministère", "président", "présidente", "présidence", "chef", "dirigeant",
                  "responsable", "représentant", "ambassadeur", "ambassade", "diplomate", "diplomatie", "gouvernement",
                  "chancelier", "chancellerie", "premier", "secrétaire", "délégué", "négociateur", "commandant", "état-major"}
CIRCUMSTANCE_MARKS = {"si", "s'", "s’", "quand", "lorsque", "lorsqu'", "lorsqu’", "puisque", "comme", "alors",
                      "bien", "tandis", "avant", "après", "depuis"}
AGENT_REACH = 20  # tokens from a passive reporting verb to its "par" agent
RUN_ON_REACH = 600  # characters from one quote to the next that may go on with the same speaker

Speaker = tuple[tuple[str, ...], str | None]  # codes and the person's name


def attribute_quotes(sdoc: Doc, sentences: list[Span], offset: int, spans: list[QuoteSpan],
                      ctx: Context) -> list[dict]:
    """Quotes of one paragraph, each attributed to the speaker a reporting verb or "selon"
    names. A fragment shorter than a statement counts only when a reporting verb takes it,
    follows it or introduces it after a colon; a statement without a cue goes on from the
    quote just before it, or from the actor the sentence before it is about, and is dropped
    when nothing says who speaks (a headline or a book quoted, a repeated pull quote)."""
    quotes: list[dict] = []
    _learn_descriptions(sdoc, offset, ctx)
    end = offset + sdoc[-1].idx + len(sdoc[-1].text_with_ws) if len(sdoc) else offset  # not sdoc.text: token by token
    here = [q for q in spans if offset <= q.start < end]
    if not here:
        return quotes
    inside = {t.i for t in sdoc if any(q.start <= offset + t.idx < q.end for q in spans)}
    for quote in here:
        if _said_before(quote, spans, ctx) or _term(quote, sdoc, offset, inside):
            continue
        cued, (codes, name) = False, ((), None)
        for speaker, direct in _cues(quote, sdoc, sentences, offset, inside):
            if quote.short and not direct:
                continue
            cued = True
            if speaker is None:  # a negated reporting verb: nobody said it
                break
            codes, name = _who(speaker, sentences, offset, inside, ctx)
            if codes or speaker.pos_ == "PROPN":  # a person the article gives no side: the quote is theirs, uncoded
                break
        if not cued:
            if quote.short or _said_later(quote, spans) or _read(quote, sentences, offset, inside):
                continue
            codes, name = _run_on(quote, sdoc, sentences, offset, inside, ctx)
        if not codes:
            continue
        ctx.quote_speakers.append((quote.start, quote.end, codes, name))
        for code in codes if name is None else codes[:1]:  # "les ambassadeurs russe et chinois" speak jointly
            quotes.append({"speaker": code, "speakers": list(codes), "speaker_name": name, "text": quote.text,
                           "start": quote.start, "end": quote.end})
    return quotes


def _learn_descriptions(sdoc: Doc, offset: int, ctx: Context) -> None:
    """A noun the writer gives a nationality ("un journaliste allemand", "l'expert russe"),
    which "le journaliste" or "», commente l'expert" stands for further on; read from the
    words alone, as the sentence may not be parsed."""
    for mention in {id(m): m for m in ctx.mentions.values()}.values():
        span = mention.span
        if mention.actor.kind != "demonym" or len(span) != 1 or not span[0].is_lower or span.start == 0:
            continue
        noun = sdoc[span.start - 1]
        if noun.is_alpha and noun.is_lower and not any(s <= offset + noun.idx < e for s, e in ctx.quoted):
            ctx.described[noun.lower_] = mention.actor.codes


def _term(quote: QuoteSpan, sdoc: Doc, offset: int, inside: set[int]) -> bool:
    """A quote opening between a determiner and its noun ("il s'agit d'une « pratique
    courante »", "a publié une « fiche d'information »") marks a name or a phrase the
    writer borrows inside their own sentence, not a statement: speech only when a
    reporting verb takes that noun phrase itself ("il dénonce le « retrait désastreux »")."""
    for token in (t for t in sdoc if quote.start <= offset + t.idx < quote.end):
        if token.head.i in inside and token.head != token:
            continue  # not the quote's head
        determiners = [c for c in token.children if c.dep_ == "det" and c.i not in inside and offset + c.idx < quote.start
                       and not has_feature(c, "Poss", "Yes")]  # "leur « activité militaire »": in the speaker's words
        if determiners and not (token.head.i not in inside and _reporting(token.head)):
            return True
    return False


def _cues(quote: QuoteSpan, sdoc: Doc, sentences: list[Span], offset: int,
          inside: set[int]) -> Iterator[tuple[Token | None, bool]]:
    """Who the sentence says is speaking, best first, and whether the reporting verb
    introduces the quote itself: the subject of the verb that takes the quote as its
    complement ("X a déclaré que « ... »"), follows it ("« ... », a déclaré X") or
    introduces it after a colon ("X a déclaré : « ... »"); less directly, the subject of
    a reporting verb earlier in the sentence; and the X of "selon X" or of "Pour X, « ... »"."""
    first = next((s for s in sentences if s.start_char + offset <= quote.start < s.end_char + offset), None)
    last = next((s for s in sentences if s.start_char + offset < quote.end <= s.end_char + offset + 1), None)
    for token in (t for t in sdoc if quote.start <= offset + t.idx < quote.end):  # the verb the quote hangs from
        node = token
        while node.head != node and node.i in inside:
            node = node.head
        while node.i not in inside and node.head != node and not _reporting(node) and not _circumstance(node):
            node = node.head
        if node.i not in inside and _reporting(node) and _negated(node):
            yield None, True  # "il ne peut pas dire : « ... »": words nobody said
        if node.i not in inside and _reporting(node) and (speaker := _speaker(node, inverted=False)) is not None:
            yield speaker, not node.lower_.endswith("ant")  # "soulignant que le dialogue est « ... »": less sure
            break
    if last is not None:  # "« ... », a déclaré X", "« ... » – l'auteur a conclu"
        for verb in (t for t in last if offset + t.idx >= quote.end and t.i not in inside):
            if offset + verb.idx - quote.end > AFTER_REACH:
                break
            if (_reporting(verb) or _inverted_report(verb)) and (speaker := _speaker(verb, inverted=True)) is not None:
                if speaker.i < verb.i and speaker.lower_ not in INVERTED_CLITICS and any(
                        c.dep_ in ("ccomp", "obj", "xcomp") for c in verb.children):
                    break  # "», le ministre rappelle que ...": a clause of its own, unlike "», l'auteur a conclu"
                yield speaker, True
                break
    if first is not None:
        preceding = [t for t in first if offset + t.idx < quote.start and t.i not in inside]
        colon = any(t.text == ":" for t in preceding[-2:])
        for verb in reversed(preceding):  # "X a expliqué : « ... »", "X a expliqué que ... et que « ... »"
            if _reporting(verb) and _negated(verb):
                yield None, True
            if _reporting(verb) and (speaker := _speaker(verb, inverted=False)) is not None:
                yield speaker, colon
                break
        for word in preceding:
            if word.head.i in inside or word.head == word:
                continue
            if word.lower_ in SOURCE_CASES or (word.i == first.start and word.lower_ == "pour"
                                                and word.head.pos_ in ("NOUN", "PROPN")):
                yield word.head, False  # "selon le ministre, « ... »", "pour le ministre, « ... »"


def _circumstance(clause: Token) -> bool:
    """"Si X souhaite la « victoire », il souligne que": a condition or a time clause is
    not what the main verb reports."""
    return clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CIRCUMSTANCE_MARKS for c in clause.children)


def _negated(verb: Token) -> bool:
    """"ne peut pas dire", "n'a jamais déclaré"."""
    verbs = [verb, verb.head] if verb.dep_ == "xcomp" else [verb]
    return any(c.dep_ == "advmod" and c.lower_ in NEGATORS for v in verbs for c in v.children)


def _reporting(token: Token) -> bool:
    if token.pos_ not in ("VERB", "AUX", "ADJ"):
        return False
    if lemma(token) == "faire":
        return any(lemma(c) == "remarquer" for c in token.children)
    return _says(lemma(token), *_first_group(token.lower_))


def _inverted_report(word: Token) -> bool:
    """"», note un diplomate": a reporting verb right after the quote and its comma, before
    its subject, that the tagger read as a noun."""
    previous = word.doc[word.i - 1] if word.i else word
    return word.pos_ == "NOUN" and previous.text == "," and _says(*_first_group(word.lower_))


def _says(*forms: str) -> bool:
    """Whether one of these verb forms is a verb of saying (governors.tsv: report)."""
    effects = governors()
    return any(effects.get(form) == "report" for form in forms)


def _first_group(form: str) -> tuple[str, ...]:
    """The infinitive a present-tense form of an -er verb has, for forms the lemmatizer
    left as they were ("indique", "déclarent")."""
    for ending in ("ent", "es", "e"):
        if form.endswith(ending):
            return (form[: -len(ending)] + "er",)
    return ()


def _speaker(verb: Token, inverted: bool) -> Token | None:
    """Who speaks: the reporting verb's subject, or that of the verb it is coordinated
    with ("il dénonce ... et accuse"); after a quote the subject is often inverted and
    parsed as an object ("», a déclaré le ministre"); a passive's agent ("qualifié de
    « ... » par l'ONG")."""
    clitic = next((t for t in verb.doc[max(verb.i - 3, 0):verb.i + 3] if t.lower_ in INVERTED_CLITICS), None)
    if clitic is not None:  # "a-t-il ajouté", "explique-t-elle": the parse of "-t" varies
        return clitic
    if verb.lower_.endswith("ant") and verb.dep_ in ("advcl", "acl", "conj") and verb.head != verb:  # present participle
        node = verb.head  # "X a déclaré, soulignant que", "en disant que", "une déclaration affirmant :"
        while node.head != node and node.pos_ not in ("VERB", "AUX"):
            node = node.head
        return next((c for c in node.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
    subject = None
    if inverted:  # "», lui a répondu le ministre": the clitic before the verb is not its subject
        subject = next((c for c in verb.children if c.i > verb.i and c.dep_ in ("nsubj", "obj", "nsubj:pass")), None)
    subject = subject or next((c for c in verb.children if c.dep_ in ("nsubj", "expl:subj")), None) or next(
        (c for c in verb.children if c.dep_ == "dep" and c.pos_ == "PROPN" and c.i < verb.i), None)  # a name left unattached
    while subject is not None and subject.i + 2 < len(verb.doc) and verb.doc[subject.i + 1].text == "-" and (
            verb.doc[subject.i + 2].head == verb):
        subject = verb.doc[subject.i + 2]  # "le lieutenant-général X", split at the hyphen: the last part heads the name
    if _passive(verb):  # "qualifié de « ... » par l'ONG": the agent, wherever the parser hung it, before another verb
        for token in verb.doc[verb.i + 1:verb.i + AGENT_REACH]:
            if token.pos_ == "VERB" or token.is_sent_start:
                break
            if any(c.dep_ == "case" and c.lower_ == "par" for c in token.children):
                return token
    if subject is None and verb.dep_ in ("conj", "xcomp") and verb.head != verb:  # "a tenu à rappeler"
        return next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subject


def _person(mention: Mention, ctx: Context) -> tuple[str, ...]:
    """Whom a person speaks for: the side the article gives them when the dictionary
    knows them on that side too ("le chef de l'OTAN, Jens Stoltenberg"), else the
    dictionary's side on the article's date, else the article's."""
    stated = mention_codes(mention, ctx, None)
    if not mention.actor.roles:  # "Igor Petrov, ancien ambassadeur russe au Japon": RUS
        sentence = mention.span.sent
        posts = {c for m in ctx.mentions.values() if m.span.sent == sentence and _posting(m) for c in m.actor.codes}
        return tuple(c for c in stated if c not in posts) or stated
    if set(stated) <= {role.code for role in mention.actor.roles}:
        return stated
    return mention.actor.codes_at(ctx.reference)


def _passive(verb: Token) -> bool:
    """"a été qualifié de", "un pays qualifié de", "désigné comme ... par"."""
    if any(c.dep_ == "aux:pass" for c in verb.children):
        return True
    return not any(c.dep_ == "aux:tense" for c in verb.children) and (
        verb.dep_ in ("acl", "advcl", "dep") and has_feature(verb, "VerbForm", "Part") and not verb.lower_.endswith("ant"))


def _who(speaker: Token, sentences: list[Span], offset: int, inside: set[int], ctx: Context) -> Speaker:
    """The speaker's codes and name. A pronoun ("», a-t-il ajouté") is the person with a
    side last named before it outside quotes (a subject rather than an object), else the
    speaker of the quote just before, else the subject of a sentence before it in the
    paragraph, else the person or actor the article spoke of last.
    A surname alone is the person the article named in full."""
    word = speaker.lower_.lstrip("-")
    if word == "on":  # "comme on peut le lire : « ... »": nobody in particular
        return (), None
    persons = [m for i, m in ctx.mentions.items() if i < speaker.i and i not in inside and m.span.start == i
               and m.actor.kind == "person" and mention_codes(m, ctx, None)]
    if word in PRONOUNS:
        previous = ctx.quote_speakers[-1] if ctx.quote_speakers else None
        named = [m for m in persons if m.span.root.dep_ in ("nsubj", "nsubj:pass")] or persons
        if named and (previous is None or offset + named[-1].span.start_char > previous[0]):
            return _person(named[-1], ctx), named[-1].actor.name
        if previous is not None and offset + speaker.idx - previous[1] <= RUN_ON_REACH:
            return previous[2], previous[3]
        for sentence in reversed([s for s in sentences if s.start < speaker.i]):  # "Le ministre a reçu ... « ... », a-t-il dit"
            subject = _subject(sentence.root)
            if subject is not None and subject.i not in inside and subject.i < speaker.i:
                codes, name = phrase_actors(subject, ctx, None)
                if codes:
                    return tuple(codes), name
        return ctx.last_person if word in ("il", "elle") and ctx.last_person[0] else ctx.last_subject
    known = ctx.mentions.get(speaker.i)
    if known is not None and known.actor.kind == "person" and known.actor.roles:
        return _person(known, ctx), known.actor.name
    codes, name = phrase_actors(speaker, ctx, None)
    follower = ctx.mentions.get(speaker.i + 1)
    if not codes and follower is not None and follower.actor.kind == "person" and follower.span.start == speaker.i + 1:
        codes, name = list(mention_codes(follower, ctx, None)), follower.actor.name  # "le général Piotr Lemski", however parsed
    codes = _not_posts(speaker, _dictionary_sides(speaker, codes, ctx), ctx)
    if not codes and speaker.pos_ == "NOUN" and any(c.lower_ in DEFINITE for c in speaker.children):
        described = ctx.described.get(speaker.lower_) or ctx.described.get(lemma(speaker))
        name = name or _name_after(speaker)
        if name is not None and described:  # "le journaliste Karl Brenner" after "un journaliste allemand"
            ctx.person_codes[name] = ctx.person_codes[name.split()[-1]] = described
            return described, name
        if name is None and ctx.quote_speakers and (
                offset + speaker.idx - ctx.quote_speakers[-1][1] <= RUN_ON_REACH
                or ctx.quote_speakers[-1][3] is not None and ctx.last_person[1] == ctx.quote_speakers[-1][3]):
            return ctx.quote_speakers[-1][2:]  # "», préviennent les ambassadeurs", "», commente l'expert": those just quoted
        if name is None and described:
            return described, None
        if name is None and lemma(speaker) not in OFFICIAL_ROLES and ctx.last_person[0]:
            return ctx.last_person  # "», commente l'expert": the person the article is telling about
        if lemma(speaker) in OFFICIAL_ROLES:
            return ctx.last_subject  # "», a déclaré le porte-parole": of the actor the article is telling about
    if not codes and speaker.text in ctx.person_codes:  # "a déclaré Mitarachi" after "le ministre grec Notis Mitarachi"
        codes = list(ctx.person_codes[speaker.text])
        name = next((n for n in ctx.person_codes if n.endswith(" " + speaker.text)), speaker.text)
    if codes and name is None and (lemma(speaker) in ctx.role_people or speaker.lower_ in ctx.role_people):
        role_name, role_codes = ctx.role_people.get(lemma(speaker)) or ctx.role_people[speaker.lower_]
        name = role_name if set(role_codes) & set(codes) else None  # "le porte-parole du Kremlin, Dmitri Peskov"
    if codes and name is None:  # "le chef de l'OTAN" after "M. Stoltenberg", "le porte-parole, M. Peskov, a dit"
        beside = [ctx.mentions[c.i] for c in speaker.head.children if c.dep_ == speaker.dep_ and c.i in ctx.mentions]
        same = [m for m in persons + beside if m.actor.kind == "person" and set(mention_codes(m, ctx, None)) & set(codes)]
        name = same[-1].actor.name if same else ctx.last_person[1] if ctx.last_person[0] == tuple(codes) else None
    if codes and name is None and speaker.pos_ == "PROPN" and speaker.i not in ctx.mentions:  # "Alexandre Orlov"
        name = " ".join(t.text for t in [speaker, *speaker.children] if t is speaker or t.dep_ == "flat:name")
    return tuple(codes), name


def _name_after(role: Token) -> str | None:
    """The name written right after a role noun ("le journaliste Karl Brenner"), however parsed."""
    words = []
    for token in role.doc[role.i + 1:role.i + 4]:
        if token.pos_ != "PROPN" or not token.text[:1].isupper():
            break
        words.append(token.text)
    return " ".join(words) if len(words) >= 2 else None


def _dictionary_sides(speaker: Token, codes: list[str], ctx: Context) -> list[str]:
    """The phrase's codes with each person the dictionary knows coded as the dictionary
    has them on the article's date ("les déclarations de Vladimir Poutine")."""
    for mention in {id(m): m for t in phrase_tokens(speaker) if (m := ctx.mentions.get(t.i))}.values():
        if mention.actor.kind == "person" and mention.actor.roles:
            known = _person(mention, ctx)
            codes = list(dict.fromkeys([*known, *(c for c in codes if c not in mention_codes(mention, ctx, None))]))
    return codes


def _not_posts(speaker: Token, codes: list[str], ctx: Context) -> list[str]:
    """Codes of the speaker's phrase without the places it names as a posting
    ("l'ambassadeur russe en France", "les ambassadeurs en poste à Washington")."""
    posts, kept = set(), set()
    for token in phrase_tokens(speaker):
        mention = ctx.mentions.get(token.i)
        if mention is None:
            continue
        (posts if _posting(mention) else kept).update(mention.actor.codes)
    return [c for c in codes if c not in posts - kept] or codes


def _posting(mention: Mention) -> bool:
    """A country or capital named as where someone is: "en France", "à Washington"."""
    return mention.actor.kind in ("capital", "country") and any(
        c.dep_ == "case" and c.lower_ in POSTING_CASES for c in mention.span.root.children)


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


def _run_on(quote: QuoteSpan, sdoc: Doc, sentences: list[Span], offset: int, inside: set[int],
            ctx: Context) -> Speaker:
    """A statement without a reporting verb: inside a sentence about an actor, that
    actor's ("Le président songeait à créer « ... »"); else it goes on from the quote
    just before it in the paragraph, or in the paragraph before when it opens its own
    paragraph; or it is the word of the actor the sentence before it in the paragraph
    is about ("Le Kremlin s'est inquiété de l'initiative. « ... »")."""
    subject = _embedding_subject(quote, sdoc, offset, inside)
    if subject is not None and subject.pos_ in ("NOUN", "PROPN"):  # empty for "les médias titrent : « ... »"
        codes, name = phrase_actors(subject, ctx, None)
        return tuple(codes), name
    if subject is not None and (subject.lower_ in IMPERSONAL_SUBJECTS or subject.lower_ == "il" and (
            subject.dep_ == "expl:subj" or subject.head.pos_ == "ADJ")):
        return (), None  # "comme nous l'apprenions : « ... »", "il est possible de lire : « ... »": the author reads
    if ctx.quote_speakers and quote.start - ctx.quote_speakers[-1][1] <= RUN_ON_REACH and (
            ctx.quote_speakers[-1][0] >= offset or _opens_paragraph(quote, sdoc, offset)):
        _, _, codes, name = ctx.quote_speakers[-1]
        return codes, name
    before = [s for s in sentences if offset + s.end_char <= quote.start]
    if before and (subject := _subject(before[-1].root)) is not None:
        codes, name = phrase_actors(subject, ctx, None)
        return tuple(codes), name
    return (), None


def _read(quote: QuoteSpan, sentences: list[Span], offset: int, inside: set[int]) -> bool:
    """A text the writer reads out after a colon ("il est possible de lire ceci : « ... »",
    "comme le titre un quotidien : « ... »", "comme nous l'apprenions : « ... »"): a
    headline, a law, a page or the author's own words, which no speaker of the news says."""
    sentence = next((s for s in sentences if s.start_char + offset <= quote.start < s.end_char + offset), None)
    if sentence is None:
        return False
    before = [t for t in sentence if offset + t.idx < quote.start and t.i not in inside and not t.is_space
              and t.text not in OPENERS + '"']
    if not before or before[-1].text != ":":
        return False
    return any(t.lower_ in READING_WORDS or lemma(t) in READING_WORDS or (
        t.lower_ in IMPERSONAL_SUBJECTS and t.dep_ in ("nsubj", "expl:subj")) for t in before)


def _opens_paragraph(quote: QuoteSpan, sdoc: Doc, offset: int) -> bool:
    """A paragraph that starts with a quote goes on with the speaker of the paragraph before."""
    return not any(offset + t.idx < quote.start and not t.is_punct for t in sdoc)


def _embedding_subject(quote: QuoteSpan, sdoc: Doc, offset: int, inside: set[int]) -> Token | None:
    """The subject of the nearest clause outside quotes the quote hangs from, if any."""
    for token in (t for t in sdoc if quote.start <= offset + t.idx < quote.end):
        node = token
        while node.head != node and node.i in inside:
            node = node.head
        if node.i in inside:
            continue
        while True:
            subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubj:pass") and c.i not in inside), None)
            if subject is not None or node.head == node:
                return subject
            node = node.head
    return None


def _subject(verb: Token) -> Token | None:
    """A clause's subject, when it names someone (not "il", "cela")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
    return subject if subject is not None and subject.pos_ in ("NOUN", "PROPN") else None
