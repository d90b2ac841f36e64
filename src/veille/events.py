"""The French event coder: PLOVER events, with their mode, context, date, place and
provenance, and attributed quotes, read from spaCy's dependency parse of an article body."""
from __future__ import annotations

import csv
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import DEP, HEAD
from spacy.tokens import Doc, Span, Token

from .actors import Actor, Mention, get_dictionary
from .places import Place, find_places, get_gazetteer
from .quotes import QuoteSpan, find_quotes
from .records import Document, Failure
from .temporal import Timex, find_timexes, resolve

if TYPE_CHECKING:
    from .sentences import Paragraph

CODER_VERSION = "veille-fr/0.1"

SUBJECTS = {"nsubj", "nsubj:pass", "csubj"}
CLAUSES = {"acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis", "csubj", "advcl:cleft"}
RECIPIENT_CASES = {"avec", "contre", "à", "auprès", "envers", "vis-à-vis", "entre", "au", "aux"}
NEGATORS = {"pas", "jamais", "plus", "guère", "aucunement", "nullement", "point"}
PRONOUNS = {"il", "elle", "ils", "elles", "lui", "eux", "on"}
SPEAKER_PRONOUNS = {"je", "j'", "j’", "nous", "moi", "me", "m'", "m’"}
POSSESSIVES = {"son", "sa", "ses", "leur", "leurs", "notre", "nos"}
UNREAL = {"tout", "toute", "tous", "toutes", "aucun", "aucune", "éventuel", "éventuelle", "possible", "potentiel",
          "potentielle", "hypothétique"}
GROUPS = {"participant", "dirigeant", "leader", "partie", "délégation", "signataire", "protagoniste"}
REFLEXIVE = {"se", "s'", "s’", "me", "m'", "m’", "nous", "vous", "te"}
CONSULT_LIKE = {"CONSULT", "COOPERATE"}
TERRITORIAL = {"ASSAULT", "COERCE"}  # their genitive is the target: "l'annexion de la Crimée"
ABOUT_SOMEONE = {"ACCUSE", "REJECT", "SUPPORT"}  # "s'inquiéter de X", "se féliciter de X"
CLAUSE_BOUNDARIES = {"conj", "punct", "parataxis", "advcl", "acl:relcl", "csubj", "advmod", "appos"}
DEMONSTRATIVES = {"ce", "cet", "cette", "ces"}
PURPOSE = {"pour", "afin"}
SAYING_SENSE = {"soutenir", "accepter", "convenir", "saluer"}  # "X a soutenu que ...": an argument, not support
CONDITIONAL_ENDINGS = ("rais", "rait", "rions", "riez", "raient")
SUPPORT_VERBS = {"tenir", "avoir", "effectuer", "mener", "organiser", "conduire", "lancer", "procéder", "participer",
                 "faire", "accélérer", "poursuivre", "entamer", "reprendre", "annoncer", "prévoir"}
PLAIN_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})  # spaCy splits sentences better


@dataclass(frozen=True, slots=True)
class Trigger:
    lemmas: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    requires: frozenset[str]
    roles: str


def _tsv(name: str) -> list[dict[str, str]]:
    text = (files("veille") / "data" / "events" / name).read_text(encoding="utf-8")
    return list(csv.DictReader([l for l in text.splitlines() if l.strip() and not l.startswith("#")],
                               delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def lexicon() -> dict[str, list[Trigger]]:
    """First lemma -> triggers starting with it, longest first."""
    table: dict[str, list[Trigger]] = {}
    for row in _tsv("triggers.tsv"):
        lemmas = tuple(row["lemma"].split())
        trigger = Trigger(lemmas, row["pos"], row["type"], row["mode"] or None,
                          frozenset(r for r in (row["requires"] or "").split(",") if r), row["roles"] or "")
        table.setdefault(lemmas[0], []).append(trigger)
    for triggers in table.values():
        triggers.sort(key=lambda t: -len(t.lemmas))
    return table


@cache
def governors() -> dict[str, str]:
    return {row["lemma"]: row["effect"] for row in _tsv("governors.tsv")}


@cache
def plover() -> dict[str, dict[str, Any]]:
    return {row["type"]: {"quad_class": int(row["quad_class"]), "quad_name": row["quad_name"],
                          "cameo_root": row["cameo_root"], "goldstein": float(row["goldstein"])}
            for row in _tsv("plover.tsv")}


_FEATURES: dict[int, frozenset[str]] = {}  # morphology hash -> its "Feature=Value" pairs


def has_feature(token: Token, feature: str, value: str) -> bool:
    """Whether the token's morphology gives `feature` that value ("Tense", "Fut")."""
    morph = token.morph
    found = _FEATURES.get(morph.key)
    if found is None:
        found = _FEATURES[morph.key] = frozenset(f"{name}={v}" for name, values in morph.to_dict().items()
                                                 for v in values.split(","))
    return f"{feature}={value}" in found


_LOWER_LEMMAS: dict[int, str] = {}  # lemma hash -> lowercased lemma: the coder asks again and again


def lemma(token: Token) -> str:
    key = token.lemma
    found = _LOWER_LEMMAS.get(key)
    if found is None:
        found = _LOWER_LEMMAS[key] = token.lemma_.lower()
    return found


# --------------------------------------------------------------------------------------
# document context: what the coder remembers while reading an article from top to bottom


@dataclass
class Context:
    published: str | None
    mentions: dict[int, Mention] = field(default_factory=dict)  # token index -> mention (current paragraph)
    person_codes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name or surname -> codes stated in the article
    person_names: dict[str, str] = field(default_factory=dict)  # surname -> full name
    role_people: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # role noun -> (name, codes)
    last_subject: tuple[tuple[str, ...], str | None] = ((), None)  # codes and name of the latest actor subject
    last_person: tuple[tuple[str, ...], str | None] = ((), None)  # the latest person named
    last_group: tuple[str, ...] = ()
    narrative_date: str | None = None
    seen_codes: set[str] = field(default_factory=set)
    quote_speakers: list[tuple[int, int, tuple[str, ...], str | None]] = field(default_factory=list)
    quoted: list[tuple[int, int]] = field(default_factory=list)  # body offsets of direct speech

    @property
    def reference(self) -> date | None:
        if self.published and self.published[:4].isdigit():
            return date.fromisoformat(self.published[:10])
        return None


def _date_of(value: str | None) -> date | None:
    if value and value[:4].isdigit() and len(value) >= 4:
        parts = value.split("-")
        try:
            return date(int(parts[0]), int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 7,
                        int(parts[2]) if len(parts) > 2 and parts[2].isdigit() else 1)
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------------------
# actors of a phrase


def phrase_tokens(head: Token) -> Iterable[Token]:
    """The head's noun phrase: its subtree without embedded clauses."""
    stack = [head]
    while stack:
        token = stack.pop()
        yield token
        stack.extend(c for c in token.children if c.dep_ not in CLAUSES and c.dep_ != "punct")


def mention_codes(mention: Mention, ctx: Context, when: date | None) -> tuple[str, ...]:
    actor = mention.actor
    if actor.kind == "person":
        stated = ctx.person_codes.get(actor.name)
        if stated:
            return stated
        return actor.codes_at(when or ctx.reference)
    return actor.codes


def phrase_actors(head: Token, ctx: Context, when: date | None, *, places_ok: bool = True) -> tuple[list[str], str | None]:
    """Actor codes and the person's name a noun phrase refers to."""
    codes: list[str] = []
    name = None
    seen_mentions = set()
    if not places_ok and _locative(head, ctx):  # "à Moscou", "dans la ville suisse de Genève": where, not whom
        return [], None
    for token in phrase_tokens(head):
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
    return codes, name


def _locative(token: Token, ctx: Context) -> bool:
    """"en Russie", "dans la ville de Genève", "à Moscou" say where; "à la Russie" and
    "à l'OTAN" say to whom."""
    cases = {lemma(c) for c in token.children if c.dep_ == "case"}
    if cases & {"en", "dans", "depuis", "vers", "sur"}:
        return True
    mention = ctx.mentions.get(token.i)
    return bool(cases & {"à", "au", "aux"}) and (
        mention.actor.kind == "capital" if mention else get_gazetteer().lookup(token.text) is not None)


def _pronoun(pronoun: Token, ctx: Context) -> tuple[list[str], str | None]:
    """A subject pronoun: the subject of the clause it is embedded in ("X a déclaré qu'il",
    "les propositions dans lesquelles il"), else the last person named (il, elle), else
    the last actor subject."""
    node = pronoun.head
    while node.dep_ in ("acl:relcl", "ccomp", "advcl", "conj", "xcomp", "acl") and node.head != node:
        node = node.head
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubj:pass")), None)
        if subject is not None and subject.lower_ not in PRONOUNS:
            codes, name = phrase_actors(subject, ctx, None)
            if codes:
                return codes, name
    if pronoun.lower_ in ("il", "elle", "lui") and ctx.last_person[0]:
        codes, name = ctx.last_person
    else:
        codes, name = ctx.last_subject
    return list(codes), name


def _anaphora(head: Token, ctx: Context) -> tuple[list[str], str | None]:
    """Pronouns, group nouns and role nouns that point back to actors named earlier."""
    word, base = head.lower_, lemma(head)
    if word in PRONOUNS:
        return _pronoun(head, ctx)
    if word in SPEAKER_PRONOUNS:
        for start, end, codes, name in ctx.quote_speakers:
            if start <= head.idx < end:
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


# --------------------------------------------------------------------------------------
# triggers


def match_trigger(token: Token) -> Trigger | None:
    doc = token.doc
    for key in (lemma(token), token.lower_):
        for trigger in lexicon().get(key, ()):
            if trigger.pos != "*" and trigger.pos != token.pos_ and not (trigger.pos == "VERB" and token.pos_ == "AUX"):
                continue
            n = len(trigger.lemmas)
            if n > 1:
                following = doc[token.i + 1: token.i + n]
                if len(following) < n - 1 or any(trigger.lemmas[k + 1] not in (lemma(t), t.lower_)
                                                 for k, t in enumerate(following)):
                    continue
            if trigger.requires and not _has_context(token, trigger.requires):
                continue
            return trigger
    return None


def _has_context(token: Token, required: frozenset[str]) -> bool:
    near = set()
    for child in token.children:
        near.add(lemma(child))
        near.add(child.lower_)
        near.update(lemma(g) for g in child.children)
    near.add(lemma(token.head))
    near.update(lemma(t) for t in token.doc[token.i + 1: token.i + 4])
    if "se" in required and any(c.lower_ in REFLEXIVE and c.dep_.startswith(("expl", "obj")) for c in token.children):
        return True
    return bool(near & required)


def governing_path(token: Token, steps: int = 4) -> list[Token]:
    """The words that govern `token` inside its clause: up the tree, stopping at
    clause boundaries (a relative or adverbial clause, a coordination) and at another
    event verb that takes the token as something other than its complement."""
    path, node = [], token
    while node.head != node and len(path) < steps and node.dep_ not in CLAUSE_BOUNDARIES:
        path.append(node.head)
        node = node.head
    return path


def governing_effects(token: Token) -> set[str]:
    """Effects of the words governing `token` within its clause (future, absorb, ...)."""
    return {effect for parent in governing_path(token) if (effect := governors().get(lemma(parent)))}


# --------------------------------------------------------------------------------------
# the coder


@dataclass
class Mentioned:
    """One event mention before merging."""

    type: str
    mode: str | None
    actors: list[str]
    recipients: list[str]
    date: str | None
    location: dict | None
    context: list[str]
    sentence: Span
    trigger: Token
    trigger_end: int
    actor_names: list[str]
    anaphoric: bool = False  # "cette réunion": merged into the same event told before


def code_document(body: str, paragraphs: list[Paragraph], offsets: list[int], published: str | None) -> dict[str, list]:
    """Events, quotes and timexes of one article body, read paragraph by paragraph from
    its parsed sentences; the sentences left unparsed still name actors and dates."""
    timexes = find_timexes(body, published)
    places = find_places(body)
    quote_spans = find_quotes(body)
    ctx = Context(published, quoted=[(q.start, q.end) for q in quote_spans])
    mentions: list[Mentioned] = []
    quotes: list[dict] = []
    for paragraph, offset in zip(paragraphs, offsets):
        parsed = [sentence for sentence, is_parsed in paragraph.sentences if is_parsed]
        ctx.mentions = {}
        for mention in paragraph.mentions + _unknown_people(paragraph.doc, paragraph.mentions):
            for i in range(mention.span.start, mention.span.end):
                ctx.mentions[i] = mention
            ctx.seen_codes.update(mention.actor.codes)
        _learn_roles(ctx)
        quotes += _attribute_quotes(paragraph.doc, parsed, offset, quote_spans, ctx)
        subjects = _root_subjects(paragraph.doc)
        named = sorted(set(ctx.mentions).union(subjects))  # the tokens `_remember` reads
        candidates = iter(paragraph.triggers)
        index = next(candidates, None)
        for sentence, is_parsed in paragraph.sentences:
            start, end = offset + sentence.start_char, offset + sentence.end_char
            sentence_timexes = [t for t in timexes if start <= t.start < end]
            triggers = []
            while index is not None and index < sentence.end:
                if is_parsed and (trigger := match_trigger(paragraph.doc[index])):
                    triggers.append((paragraph.doc[index], trigger))
                index = next(candidates, None)
            found = _code_sentence(sentence, triggers, offset, sentence_timexes, places, ctx)
            mentions += found
            _remember(sentence, offset, found, sentence_timexes,
                      named[bisect_left(named, sentence.start):bisect_left(named, sentence.end)], subjects, ctx)
    return {"events": _merge(mentions, {id(p.doc): o for p, o in zip(paragraphs, offsets)}, body),
            "quotes": quotes, "timexes": [t.as_dict() for t in timexes]}


def _unknown_people(doc: Doc, known: list[Mention]) -> list[Mention]:
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


def _root_subjects(doc: Doc) -> set[int]:
    """Tokens that are the subject of their sentence's main verb."""
    deps, heads = _arcs(doc)
    subject = (deps == doc.vocab.strings["nsubj"]) | (deps == doc.vocab.strings["nsubj:pass"])
    return set(numpy.flatnonzero(subject & (deps[heads] == doc.vocab.strings["ROOT"])).tolist())


def _arcs(doc: Doc) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Each token's dependency label (as its string hash) and the index of its head."""
    deps = doc.to_array(DEP)
    return deps, numpy.arange(len(doc)) + doc.to_array(HEAD).astype("int64")


def _learn_roles(ctx: Context) -> None:
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
            if codes:
                name = mention.actor.name
                ctx.person_codes[name] = tuple(codes)
                ctx.person_codes[name.split()[-1]] = tuple(codes)
                ctx.role_people[lemma(role)] = ctx.role_people[role.lower_] = (name, tuple(codes))
        if mention.actor.kind == "person" and not mention.actor.roles and mention.actor.name not in ctx.person_codes:
            surname = mention.actor.name.split()[-1]
            if surname in ctx.person_codes:
                ctx.person_codes[mention.actor.name] = ctx.person_codes[surname]


def _remember(sentence: Span, offset: int, found: list[Mentioned], timexes: list[Timex], named: list[int],
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


def _code_sentence(sentence: Span, triggers: list[tuple[Token, Trigger]], offset: int, timexes: list[Timex],
                   places: list[Place], ctx: Context) -> list[Mentioned]:
    """The events of a sentence, from its trigger words in order."""
    found = []
    for token, trigger in triggers:
        if _not_an_event(token):
            continue
        effects = governing_effects(token)
        if trigger.type == "OFFER":
            event = _offer(token, sentence, triggers, offset, timexes, places, ctx)
        elif "absorb" in effects or _absorbed_by_offer(token, triggers) or trigger.roles == "governed_only":
            continue
        else:
            event = _event(token, trigger, sentence, offset, timexes, places, ctx, effects, triggers)
        if event:
            found.append(event)
    return found


def _not_an_event(token: Token) -> bool:
    """A participle used as an adjective ("les garanties proposées par Moscou") or an aim
    ("pour protester contre") tells no event of its own."""
    if token.dep_ == "acl" and has_feature(token, "VerbForm", "Part"):
        return True
    if token.pos_ == "VERB" and governors().get(lemma(token)) != "report" and any(
            c.dep_ == "ccomp" and any(m.lower_ in ("que", "qu'", "qu’") for m in c.children) for c in token.children):
        return lemma(token) in SAYING_SENSE  # "soutenir que", "rappeler que": saying, not doing
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in PURPOSE for c in token.children)


def _absorbed_by_offer(token: Token, triggers: list[tuple[Token, Trigger]]) -> bool:
    offers = {t.i for t, trig in triggers if trig.type == "OFFER"}
    return any(parent.i in offers for parent in governing_path(token))


def _offer(token: Token, sentence: Span, triggers, offset, timexes, places, ctx) -> Mentioned | None:
    """"prêt à discuter avec X", "disposé à rencontrer X": AGREE towards the governed event's partners."""
    if not _governed(token, triggers):
        return None
    return _event(token, Trigger((lemma(token),), "*", "AGREE", None, frozenset(), ""), sentence, offset,
                  timexes, places, ctx, set(), triggers)


def _governed(token: Token, triggers) -> list[tuple[Token, Trigger]]:
    """Meeting-like events that `token` governs: what an offer or an agreement is about."""
    return [(t, trig) for t, trig in triggers if trig.type in CONSULT_LIKE and token in governing_path(t)]


def _event(token, trigger, sentence, offset, timexes, places, ctx, effects, triggers) -> Mentioned | None:
    if token.pos_ == "NOUN" and _unreal(token):
        return None
    grammatical_future = _is_future(token)
    when, own_date = _event_date(token, sentence, offset, timexes, ctx, future=grammatical_future)
    actors, recipients, names = _arguments(token, trigger, ctx, _date_of(when), sentence)
    if trigger.type == "AGREE":
        for inner, inner_trigger in _governed(token, triggers):
            recipients += [r for r in _arguments(inner, inner_trigger, ctx, _date_of(when), sentence)[1]
                           if r not in recipients]
    if trigger.type in CONSULT_LIKE:
        participants = list(dict.fromkeys(actors + recipients))
        if len(participants) < 2 and token.pos_ == "NOUN" and (_definite(token) or _demonstrative(token)):
            participants = list(dict.fromkeys(participants + list(ctx.last_group)))  # "la réunion": the one told of
        if len(participants) < 2:
            return None
        actors, recipients = participants, []
    else:
        recipients = [r for r in recipients if r not in actors]
    if not actors:
        return None
    context = _context(token, trigger.type, when if own_date == "absolute" else None, ctx, effects)
    end = token.i + len(trigger.lemmas)
    return Mentioned(trigger.type, _mode(token, trigger), actors, recipients, when, _place(token, sentence, offset, places),
                     context, sentence, token, end, names,
                     anaphoric=_demonstrative(token) or (token.pos_ == "NOUN" and _definite(token)))


def _mode(token: Token, trigger: Trigger) -> str | None:
    """The lexicon's mode, or one the phrase states: "s'entretenir par téléphone"."""
    if trigger.type == "CONSULT" and trigger.mode is None:
        words = {lemma(t) for child in token.children for t in child.subtree}
        if words & {"téléphone", "téléphonique", "visioconférence", "vidéoconférence"}:
            return "phone"
    return trigger.mode


def _definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and lemma(c) in ("le", "son", "leur") for c in noun.children)


def _demonstrative(noun: Token) -> bool:
    """"cette rencontre", "ces discussions": an event already told."""
    return noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in noun.children)


def _unreal(noun: Token) -> bool:
    """"toute nouvelle agression", "une éventuelle agression": not an event that happened."""
    return any(c.lower_ in UNREAL for c in noun.children if c.dep_ in ("det", "amod"))


def _subject(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("nsubj", "csubj") or (child.dep_ == "nsubj:pass" and token.pos_ in ("ADJ", "VERB")
                                               and lemma(token) in ("disposer", "disposé", "prêt")):
            return child
    return None


def _subject_actors(token: Token, ctx: Context, when: date | None) -> tuple[list[str], list[str]]:
    """The source of a verb: its subject, else the subject of the verb it depends on."""
    node = token
    for _ in range(4):
        subject = _subject(node)
        if subject is not None:
            codes, name = phrase_actors(subject, ctx, when)
            if codes:
                return codes, [name] if name else []
            if subject.lower_ not in PRONOUNS and lemma(subject) not in GROUPS:
                return [], []
            if node.dep_ == "ccomp":  # "X a déclaré qu'il ...": il is X
                outer = _subject(node.head)
                if outer is not None:
                    codes, name = phrase_actors(outer, ctx, when)
                    return codes, [name] if name else []
            return [], []
        if node.dep_ in ("xcomp", "conj", "acl", "advcl", "ccomp") and node.head != node:
            node = node.head
            continue
        break
    return [], []


def _arguments(token: Token, trigger: Trigger, ctx: Context, when: date | None,
               sentence: Span) -> tuple[list[str], list[str], list[str]]:
    """(source codes, recipient codes, person names) of a trigger."""
    actors: list[str] = []
    recipients: list[str] = []
    names: list[str] = []

    def add(target: list[str], head: Token, places_ok: bool = True) -> None:
        codes, name = phrase_actors(head, ctx, when, places_ok=places_ok)
        if not codes and target is recipients and trigger.type in TERRITORIAL:
            codes = _territory(head)
        target += [c for c in codes if c not in target]
        if name and name not in names:
            names.append(name)

    if trigger.roles == "patient_subject":  # "toute agression russe aurait un coût élevé"
        verb = token.head
        subject = _subject(verb)
        for t in (phrase_tokens(subject) if subject is not None else reversed(sentence.doc[max(verb.i - 8, 0):verb.i])):
            if (m := ctx.mentions.get(t.i)) and m.actor.kind == "demonym":
                recipients += [c for c in m.actor.codes if c not in recipients]
        actors, names = _subject_actors(verb, ctx, when)
        return actors, recipients, names

    cases_for_recipients = RECIPIENT_CASES | ({"de", "d'", "d’", "du", "des"} if trigger.type in ABOUT_SOMEONE else set())
    if token.pos_ in ("VERB", "AUX", "ADJ"):
        passive = any(c.dep_ in ("aux:pass", "nsubj:pass") for c in token.children)
        if passive:  # the agent, even when the parser hangs it one level lower
            for agent in (t for c in token.children for t in (c, *c.children) if t.dep_ == "obl:agent"):
                add(actors, agent)
        for child in token.children:
            if child.dep_ == "obl:agent":
                continue
            elif child.dep_ == "nsubj:pass" or (child.dep_ == "obj" and not passive):
                if trigger.type in ABOUT_SOMEONE and (inner := match_trigger(child)) and inner.type not in CONSULT_LIKE:
                    authors = _arguments(child, inner, ctx, when, sentence)[0]  # "condamner les frappes russes"
                    recipients += [c for c in authors if c not in recipients]
                elif child.lower_ not in REFLEXIVE:
                    add(recipients, child)
            elif child.dep_.startswith(("obl", "iobj")) and (_case(child) & cases_for_recipients or not _case(child)):
                add(recipients, child, places_ok=False)  # no preposition: an object the parser left oblique
        if not actors:
            actors, names_subject = _subject_actors(token, ctx, when)
            names += names_subject
    else:  # a nominal event: "la réunion du Conseil OTAN-Russie", "l'annexion de la Crimée par la Russie"
        by_agent = [t for t in phrase_tokens(token) if t != token and _case(t) & {"par"}]
        patient_genitive = trigger.type in TERRITORIAL or trigger.roles == "patient_genitive"
        genitive_is_source = not by_agent and (not patient_genitive or any(
            _case(c) & {"contre"} for c in token.children))
        for agent in by_agent:
            add(actors, agent)
        for child in token.children:
            cases = _case(child)
            if child in by_agent:
                continue
            if child.dep_ == "amod" and (m := ctx.mentions.get(child.i)) and m.actor.kind == "demonym":
                add(actors, child)
            elif child.dep_ == "nmod" and cases & {"de", "du", "des", "d'", "d’"}:
                if (m := ctx.mentions.get(child.i)) and m.actor.kind == "capital" and trigger.type in CONSULT_LIKE:
                    continue  # "le sommet d'Abuja": where, not who
                add(actors if genitive_is_source else recipients, child)
            elif child.dep_ == "nmod" and cases & (RECIPIENT_CASES - {"entre"}):
                add(recipients, child, places_ok=False)
            elif child.dep_ == "nmod" and cases & {"entre"}:
                add(actors, child)
            elif child.dep_ == "acl" and trigger.type in CONSULT_LIKE:  # "une réunion organisée par X"
                for grandchild in child.children:
                    if grandchild.dep_ == "obl:agent":
                        add(actors, grandchild)
        holder = token.head
        if token.dep_ in ("obj", "obl", "obl:arg", "obl:mod", "xcomp", "nmod"):
            if (not actors or trigger.type in CONSULT_LIKE) and not match_trigger(holder):
                # "tenir une réunion", "accélérer son renforcement": the holder's subject; but the
                # author of an invasion is not who condemns it
                found, names_subject = _clause_subject(token, ctx, when)
                actors += found
                names += names_subject
            if not recipients and holder.pos_ == "VERB":  # "tenir une réunion avec la Russie"
                for child in holder.children:
                    if child.dep_.startswith("obl") and child != token and _case(child) & RECIPIENT_CASES:
                        add(recipients, child, places_ok=False)
        elif token.dep_ == "nsubj" and trigger.type in CONSULT_LIKE:
            for child in holder.children:  # "la réunion réunira les alliés avec la Russie"
                if child.dep_ in ("obj", "obl", "obl:arg", "obl:mod") and child != token:
                    add(actors, child, places_ok=False)
    if trigger.type in CONSULT_LIKE:
        _coordinated(token, ctx, when, actors)
    return actors, recipients, names


def _clause_subject(token: Token, ctx: Context, when: date | None) -> tuple[list[str], list[str]]:
    """The subject of the verb whose clause holds a noun ("leurs exercices" in "ont démenti
    un lien entre leurs exercices et ..." belong to the subject of "démenti")."""
    for parent in governing_path(token, steps=6):
        if parent.pos_ in ("VERB", "AUX") or _subject(parent) is not None:
            return _subject_actors(parent, ctx, when)
    return [], []


def _territory(head: Token) -> list[str]:
    """The country of a place named as a target ("l'annexion de la Crimée")."""
    found = get_gazetteer().lookup(head.text)
    return [found[0]] if found else []


def _coordinated(token: Token, ctx, when, actors: list[str]) -> None:
    """"les ambassadeurs de l'OTAN et de la Russie se sont rencontrés": both sides."""
    subject = _subject(token)
    if subject is None:
        return
    for conj in subject.conjuncts:
        codes, _ = phrase_actors(conj, ctx, when)
        actors += [c for c in codes if c not in actors]


def _case(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("case", "mark")} | \
        {lemma(c) for c in token.children if c.dep_ in ("case", "mark")}


def _is_future(token: Token) -> bool:
    verb = token
    if token.pos_ == "NOUN":
        if any(lemma(c) in ("prochain", "futur", "prévu", "programmé") for c in token.children):
            return True
        verb = token.head
    forms = [verb] + [c for c in verb.children if c.dep_.startswith("aux")]
    if any(has_feature(t, "Tense", "Fut") for t in forms):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and lemma(head) in ("aller", "devoir") and head != verb


def _is_conditional(token: Token) -> bool:
    """Conditional mood (also read off the ending, as the tagger often misses it), or a
    clause under or over a "si" clause."""
    verb = token.head if token.pos_ == "NOUN" else token
    forms = [verb] + [c for c in verb.children if c.dep_.startswith("aux")]
    if verb.dep_ == "xcomp":
        forms.append(verb.head)
    if any(has_feature(t, "Mood", "Cnd") or (t.pos_ in ("VERB", "AUX") and t.lower_.endswith(CONDITIONAL_ENDINGS))
           for t in forms):
        return True
    clauses = [verb] + [c for c in verb.children if c.dep_ == "advcl"]
    return any(c.dep_ == "mark" and c.lower_ in ("si", "s'", "s’") for clause in clauses for c in clause.children)


def _negated(token: Token) -> bool:
    """"n'a jamais été suspendu", "aucune réunion", "ne tiendront pas de réunion"; a noun
    takes the negation of a support verb only ("ne pas condamner l'invasion" denies no invasion)."""
    verb = token.head if token.pos_ == "NOUN" and lemma(token.head) in SUPPORT_VERBS else token
    if any(c.lower_ in NEGATORS for c in verb.children if c.dep_.startswith("advmod")):
        return True
    if any(c.lower_ in ("ne", "n'", "n’") for c in verb.children) and any(  # "n'acceptera aucun ultimatum"
            c.lower_ in ("rien", "personne") or any(d.lower_ in ("aucun", "aucune", "nul", "nulle") for d in c.children)
            for c in verb.children):
        return True
    if token.pos_ == "NOUN" and any(c.lower_ in ("aucun", "aucune", "nul", "nulle") for c in token.children):
        return True
    return any(c.lower_ in ("sans",) and c.dep_ in ("case", "mark") for c in token.children)


def _context(token: Token, kind: str, when: str | None, ctx: Context, effects: set[str]) -> list[str]:
    context = []
    if _negated(token):
        context.append("negation")
    if "future" in effects or _is_future(token):
        context.append("future")
    elif ("hypothetical" in effects or _is_conditional(token)) and kind != "THREATEN":
        context.append("hypothetical")
    elif when and _before_publication(when, ctx):
        context.append("historical")
    return context


def _before_publication(when: str, ctx: Context) -> bool:
    published = ctx.published
    if not when[:4].isdigit():
        return bool(published) and published[-5:] > when[-5:] if len(when) == 7 else False
    reference = published if published and published[:4].isdigit() else date.today().isoformat()
    return when < reference[: len(when)]


# --------------------------------------------------------------------------------------
# dates and places


def _event_date(token: Token, sentence: Span, offset: int, timexes: list[Timex], ctx: Context, *,
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


def _tree_distance(a: Token, b: Token) -> int:
    ancestors_a = [a] + list(a.ancestors)
    ancestors_b = [b] + list(b.ancestors)
    for i, node in enumerate(ancestors_a):
        if node in ancestors_b:
            return i + ancestors_b.index(node)
    return 99


def _place(token: Token, sentence: Span, offset: int, places: list[Place]) -> dict | None:
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
        distance = _tree_distance(token, span.root)
        if distance < best_distance:
            best, best_distance = item, distance
    return best


# --------------------------------------------------------------------------------------
# quotes


def _attribute_quotes(sdoc: Doc, sentences: list[Span], offset: int, spans: list[QuoteSpan],
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


# --------------------------------------------------------------------------------------
# one event told twice is one event


def _merge(mentions: list[Mentioned], offsets: dict[int, int], body: str) -> list[dict]:
    """One event per happening: mentions with the same type, sides and a compatible date
    are one event; "cette réunion" or "la réunion" joins the meeting told before it."""
    events: list[dict] = []
    for m in mentions:
        record = _mention_record(m, offsets[id(m.sentence.doc)], body)
        same = [e for e in events if e["type"] == m.type and ("negation" in e["context"]) == ("negation" in m.context)]
        target = next((e for e in same if set(e["actors"]) == set(m.actors) and set(e["recipients"]) == set(m.recipients)
                       and dates_compatible(e["date"], m.date)), None)
        if target is None and m.anaphoric and same and dates_compatible(same[-1]["date"], m.date):
            same[-1]["mentions"].append(record)  # the meeting told before: its sides stay as first told
            continue
        if target is None:
            events.append({
                "type": m.type, "mode": m.mode, "actors": list(m.actors), "recipients": list(m.recipients),
                "actor_names": m.actor_names, "date": m.date, "location": m.location, "context": m.context,
                "sentence": record["sentence"], **plover()[m.type], "coder": CODER_VERSION, "mentions": [record],
            })
            continue
        target["mentions"].append(record)
        target["actors"] += [a for a in m.actors if a not in target["actors"]]
        target["recipients"] += [r for r in m.recipients if r not in target["recipients"] + target["actors"]]
        target["actor_names"] += [n for n in m.actor_names if n not in target["actor_names"]]
        target["date"] = max(target["date"] or "", m.date or "", key=len) or None  # the more precise
        target["location"] = target["location"] or m.location
    return events


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Unknown, equal, or one within the other at its granularity ("2014" and "2014-03")."""
    return not a or not b or a.startswith(b) or b.startswith(a)


def _mention_record(m: Mentioned, offset: int, body: str) -> dict:
    """Where the mention sits in the body; texts are sliced from the body itself (the
    parser read a copy with plain spaces)."""
    doc = m.sentence.doc
    last = doc[m.trigger_end - 1]
    start, end = offset + m.sentence.start_char, offset + m.sentence.end_char
    trigger_start, trigger_end = offset + m.trigger.idx, offset + last.idx + len(last)
    return {"sentence": body[start:end].strip(), "start": start, "end": end,
            "trigger": {"text": body[trigger_start:trigger_end], "start": trigger_start, "end": trigger_end}}


# --------------------------------------------------------------------------------------
# documents in, documents with events out


def code_documents(docs: list[Document], batch_size: int = 64) -> tuple[list[Document], list[Failure]]:
    """Read the bodies of `docs` (their chosen sentences parsed in one stream through
    spaCy) and code each of them; a document the coder fails on keeps no events and is
    reported, the others go on."""
    from .sentences import read

    articles = read([[p.text.translate(PLAIN_SPACES) for p in doc.paragraphs] for doc in docs], batch_size)
    coded, failures = [], []
    for doc, paragraphs in zip(docs, articles):
        offsets, position = [], 0
        for p in doc.paragraphs:
            offsets.append(position)
            position += len(p.text) + 2  # Document.body joins paragraphs with a blank line
        try:
            found = code_document(doc.body, paragraphs, offsets, doc.published)
        except Exception as exc:  # a coder bug on one article must not lose the batch
            failures.append(Failure(f"{doc.uri} {doc.record or ''}".strip(),
                                    f"event coding failed ({type(exc).__name__}: {exc})"))
            coded.append(doc)
            continue
        coded.append(replace(doc, events=found["events"], quotes=found["quotes"], timexes=found["timexes"]))
    return coded, failures
