"""Who a phrase refers to: dictionary mentions, names the dictionary lacks, roles the article
states, and pronouns, group and role nouns pointing back to actors named before."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import DEP, HEAD
from spacy.tokens import Doc, Span, Token

from ..actors import Actor, Mention, get_dictionary
from ..places import get_gazetteer
from .grammar import case_words, contains, definite, lemma, phrase_tokens
from .words import (
    COMPANY_NOUNS,
    CONSULT_LIKE,
    DEMONSTRATIVE_PRONOUNS,
    GROUPS,
    PRONOUN_GENDER,
    PRONOUNS,
    RECENT_WINDOW,
    RELATIVES,
    SPEAKER_PRONOUNS,
    STATE_NOUNS,
)

if TYPE_CHECKING:
    from ..temporal import Timex
    from .document import Mentioned

@dataclass
class Context:
    published: str | None
    mentions: dict[int, Mention] = field(default_factory=dict)  # token index -> mention (current paragraph)
    person_codes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name or surname -> codes stated in the article
    person_names: dict[str, str] = field(default_factory=dict)  # surname -> full name
    role_people: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # role noun -> (name, codes)
    described: dict[str, tuple[str, ...]] = field(default_factory=dict)  # noun -> codes of its latest nationality ("un journaliste allemand")
    last_subject: tuple[tuple[str, ...], str | None] = ((), None)  # codes and name of the latest actor subject
    last_person: tuple[tuple[str, ...], str | None] = ((), None)  # the latest person named
    last_group: tuple[str, ...] = ()
    meeting_told: bool = False  # whether a meeting was coded yet: what "la réunion" with no sides may stand for
    narrative_date: str | None = None
    seen_codes: set[str] = field(default_factory=set)
    quote_speakers: list[tuple[int, int, tuple[str, ...], str | None]] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)  # body offsets of direct speech
    offset: int = 0  # body offset of the paragraph being read
    recent: list[tuple] = field(default_factory=list)  # actors named in reading order: codes, name, gender, subject
    article_codes: Counter = field(default_factory=Counter)  # how often the article names each code
    trace: list[dict] | None = None  # when a list: every trigger's outcome and why (veille explain)

    def note(self, token: Token, kind: str, outcome: str, **details) -> None:
        """Record what became of a trigger, when tracing."""
        if self.trace is not None:
            self.trace.append({"start": self.offset + token.idx, "end": self.offset + token.idx + len(token),
                               "word": token.text, "lemma": lemma(token), "type": kind, "outcome": outcome, **details})

    @property
    def reference(self) -> date | None:
        if self.published and self.published[:4].isdigit():
            return date.fromisoformat(self.published[:10])
        return None


def mention_codes(mention: Mention, ctx: Context, when: date | None) -> tuple[str, ...]:
    actor = mention.actor
    if actor.kind == "person":
        stated = ctx.person_codes.get(actor.name)
        if stated:
            return stated
        if (when or ctx.reference) is None and len(actor.roles) > 1:  # no year: the side the article is about
            named = [r.code for r in actor.roles if r.code in ctx.article_codes]
            if named:
                return (max(named, key=ctx.article_codes.__getitem__),)
        return actor.codes_at(when or ctx.reference)
    return actor.codes


def phrase_actors(head: Token, ctx: Context, when: date | None, *, places_ok: bool = True,
                  source: bool = False) -> tuple[list[str], str | None]:
    """Actor codes and the person's name a noun phrase refers to (as a `source`: leaving out
    whom it acts against)."""
    codes: list[str] = []
    name = None
    seen_mentions = set()
    if lemma(head) in COMPANY_NOUNS:  # "en présence du président ukrainien": the president
        head = next((c for c in head.children if c.dep_ == "nmod"), head)
    if not places_ok and _locative(head, ctx):  # "à Moscou", "dans la ville suisse de Genève": where, not whom
        return [], None
    for token in phrase_tokens(head, source):
        mention = ctx.mentions.get(token.i)
        if mention is None or id(mention) in seen_mentions:
            continue
        seen_mentions.add(id(mention))
        if mention.actor.kind == "person":
            name = name or mention.actor.name
        for code in mention_codes(mention, ctx, when):
            if code not in codes:
                codes.append(code)
    if head.i not in ctx.mentions:  # "les alliés avec les autorités russes": the head noun names NATO
        referred, referred_name = _anaphora(head, ctx)
        codes = referred + [c for c in codes if c not in referred]
        name = name or referred_name
    if not codes and lemma(head) in STATE_NOUNS and definite(head, possessive=False):
        codes = _latest_state(ctx)  # "le gouvernement", "l'armée": of the state the story is at
    return codes, name


def _latest_state(ctx: Context) -> list[str]:
    """The state named last (a code of three capitals: not an organisation)."""
    for codes, *_ in reversed(ctx.recent[-RECENT_WINDOW:]):
        states = [c for c in codes if len(c) == 3 and c.isupper() and c.isalpha()]
        if states:
            return states[:1]
    return []


def _locative(token: Token, ctx: Context) -> bool:
    """"en Russie", "dans la ville de Genève", "à Moscou" say where; "à la Russie" and
    "à l'OTAN" say to whom."""
    cases = {lemma(c) for c in token.children if c.dep_ == "case"}
    if cases & {"en", "dans", "depuis", "vers", "sur"}:
        return True
    mention = ctx.mentions.get(token.i)
    return bool(cases & {"à", "au", "aux"}) and (
        mention.actor.kind == "capital" if mention else get_gazetteer().lookup(token.text) is not None)


def _pronoun(pronoun: Token, ctx: Context, word: str) -> tuple[list[str], str | None]:
    """A subject pronoun: the subject of the clause it is embedded in ("X a déclaré qu'il",
    "les propositions dans lesquelles il"), else the last person named (il, elle), else
    the last actor subject; "Quant à X, il ...": X."""
    topic = next((c for c in pronoun.head.children if c.i < pronoun.i and "quant" in case_words(c)), None)
    if topic is not None and (found := phrase_actors(topic, ctx, None))[0]:
        return found
    node = pronoun.head
    antecedent: set[str] = {  # "Poutine, qu'il a qualifié de ...": il is not Poutine, even parsed as a co-subject
        code for c in pronoun.head.children if c.dep_.startswith("nsubj") and c.i < pronoun.i
        for code in phrase_actors(c, ctx, None)[0]}
    while node.dep_ in ("acl:relcl", "ccomp", "advcl", "conj", "xcomp", "acl") and node.head != node:
        if node.dep_ == "acl:relcl":
            antecedent |= set(phrase_actors(node.head, ctx, None)[0])
        node = node.head
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        if subject is not None and subject.lower_ not in PRONOUNS:
            codes, name = phrase_actors(subject, ctx, None)
            if codes:
                return codes, name
    gender = PRONOUN_GENDER.get(word)
    recent = ctx.recent[-RECENT_WINDOW:]
    # the latest person who is a subject, the latest subject, the latest person, the latest actor,
    # of the pronoun's gender
    orders = ((True, True), (True, False), (False, True), (False, False))
    if word.endswith("-ci"):  # "celui-ci": the one named last, subject or not
        orders = ((False, True), (False, False))
    for want_subject, want_person in orders:
        for codes, name, said, subject in reversed(recent):
            if (subject or not want_subject) and (name or not want_person) and (gender is None or said in (gender, None)) \
                    and not set(codes) <= antecedent:
                return list(codes), name
    if pronoun.lower_ in ("il", "elle", "lui") and ctx.last_person[0]:
        codes, name = ctx.last_person
    else:
        codes, name = ctx.last_subject
    return list(codes), name


def _in_subject(token: Token, subjects: set[int]) -> bool:
    """Whether the token lies in the subject of its sentence's main verb."""
    return any(token.i == s or contains(token.doc[s], token) for s in subjects)


def mention_gender(mention: Mention) -> str | None:
    """"Fem" or "Masc" as the text makes the name: its article ("la Russie", "le Canada"),
    else the parser's morphology; None when the text does not say (a person, "l'OTAN")."""
    head = mention.span[-1] if mention.actor.kind != "person" else None
    if head is None:
        return None
    before = mention.span.doc[mention.span.start - 1].lower_ if mention.span.start else ""
    if before in ("la", "de la"):
        return "Fem"
    if before in ("le", "du", "au"):
        return "Masc"
    found = head.morph.get("Gender")
    return found[0] if found else None


def _anaphora(head: Token, ctx: Context) -> tuple[list[str], str | None]:
    """Pronouns, group nouns and role nouns that point back to actors named earlier."""
    word, base = head.lower_, lemma(head)
    if word in DEMONSTRATIVE_PRONOUNS and head.i + 2 < len(head.doc) and head.doc[head.i + 2].lower_ == "ci":
        word = f"{word}-ci"  # "Celui-ci" comes as three tokens
    if word in PRONOUNS:
        return _pronoun(head, ctx, word)
    if word in RELATIVES and head.head.dep_ == "acl:relcl" and head.head.head != head.head:
        return phrase_actors(head.head.head, ctx, None)  # "le ministre polonais, qui a dénoncé": the minister
    if word in SPEAKER_PRONOUNS:
        position = ctx.offset + head.idx  # quotes are placed in the body, tokens in their paragraph
        for start, end, codes, name in ctx.quote_speakers:
            if start <= position < end:
                return list(codes), name
        return [], None
    if base in GROUPS and ctx.last_group:
        return list(ctx.last_group), None
    if (code := get_dictionary().anaphors.get(base)) and code in ctx.seen_codes:
        return [code], None
    for key in (base, word):
        if key in ctx.role_people:
            name, codes = ctx.role_people[key]
            return list(codes), name
    return [], None


def unknown_people(doc: Doc, known: list[Mention]) -> list[Mention]:
    """Names the dictionary lacks ("Wendy Sherman"): a proper noun with its flat:name
    parts; they are coded by the role the article gives them."""
    taken = {i for m in known for i in range(m.span.start, m.span.end)}
    deps, heads = _arcs(doc)
    found = []
    for token in (doc[i] for i in sorted(set(heads[deps == doc.vocab.strings["flat:name"]].tolist()))):
        parts = [c for c in token.children if c.dep_ == "flat:name"]
        if token.pos_ != "PROPN" or not parts or token.dep_ == "flat:name":
            continue
        span = doc[token.i: max(p.i for p in parts) + 1]
        if all(t.text[:1].isupper() for t in span) and not any(t.i in taken for t in span):
            found.append(Mention(span, Actor(span.text, "person")))
    return found


def root_subjects(doc: Doc) -> set[int]:
    """Tokens that are the subject of their sentence's main verb."""
    deps, heads = _arcs(doc)
    subject = (deps == doc.vocab.strings["nsubj"]) | (deps == doc.vocab.strings["nsubj:pass"])
    return set(numpy.flatnonzero(subject & (deps[heads] == doc.vocab.strings["ROOT"])).tolist())


def _arcs(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Each token's dependency label (as its string hash) and the index of its head."""
    deps = doc.to_array(DEP)
    return deps, numpy.arange(len(doc)) + doc.to_array(HEAD).astype("int64")


def learn_roles(ctx: Context) -> None:
    """"Le porte-parole du Kremlin, Dimitri Peskov" states Peskov's code and what
    "le porte-parole" and "M. Peskov" mean further on."""
    seen = set()
    for mention in ctx.mentions.values():
        if mention.actor.kind != "person" or id(mention) in seen:
            continue
        seen.add(id(mention))
        root = mention.span.root
        apposed = root.dep_ in ("appos", "flat:name", "nmod") or (  # "le porte-parole, Dimitri Peskov",
            root.dep_ == "conj" and not any(c.dep_ == "cc" for c in root.children))  # even parsed as a list
        role_heads = [root.head] if apposed and root.head.pos_ == "NOUN" else []
        role_heads += [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        for role in role_heads:
            codes = []
            for token in phrase_tokens(role):
                other = ctx.mentions.get(token.i)
                if other and other is not mention and other.actor.kind != "person":
                    codes += [c for c in other.actor.codes if c not in codes]
            known = {r.code for r in mention.actor.roles}
            if known and not known & set(codes):
                continue  # "le sommet du G7, Joe Biden": the dictionary knows whom he acts for
            if codes:
                name = mention.actor.name
                ctx.person_codes[name] = tuple(codes)
                ctx.person_codes[name.split()[-1]] = tuple(codes)
                ctx.role_people[lemma(role)] = ctx.role_people[role.lower_] = (name, tuple(codes))
        if mention.actor.kind == "person" and not mention.actor.roles and mention.actor.name not in ctx.person_codes:
            surname = mention.actor.name.split()[-1]
            if surname in ctx.person_codes:
                ctx.person_codes[mention.actor.name] = ctx.person_codes[surname]


def remember(sentence: Span, offset: int, found: list[Mentioned], timexes: list[Timex], named: list[int],
              subjects: set[int], ctx: Context) -> None:
    """What later sentences may refer to: the latest actor subject, person, group and day
    named (`named`: the sentence's tokens in a mention or subjects of a main verb, in order)."""
    doc = sentence.doc
    for i in named:
        mention = ctx.mentions.get(i)
        token = doc[i]
        if any(start <= offset + token.idx < end for start, end in ctx.quoted):
            continue
        if i in subjects and token.lower_ not in PRONOUNS:
            codes, name = phrase_actors(token, ctx, None)
            if codes:
                ctx.last_subject = (tuple(codes), name)
        if mention and token.i == mention.span.start:
            ctx.recent.append((mention_codes(mention, ctx, None), mention.actor.name if mention.actor.kind == "person"
                               else None, mention_gender(mention), _in_subject(token, subjects)))
        if mention and mention.actor.kind == "person" and token.i == mention.span.start:
            ctx.last_person = (mention_codes(mention, ctx, None), mention.actor.name)
        if mention and mention.actor.kind == "forum":
            ctx.last_group = mention.actor.codes
    for event in found:
        participants = tuple(dict.fromkeys(event.actors + (event.recipients if event.type in CONSULT_LIKE else [])))
        if len(participants) >= 2:
            ctx.last_group = participants
    for timex in timexes:
        if timex.granularity == "day" and timex.value and timex.kind != "absolute" or (
                timex.granularity == "day" and timex.value and timex.value[:4].isdigit()):
            ctx.narrative_date = timex.value

