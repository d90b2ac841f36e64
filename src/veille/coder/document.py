"""The coder over one article: events sentence by sentence, one event per happening, quotes."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from ..places import Place, find_places
from ..quotes import find_quotes
from ..records import Document, Failure
from ..temporal import Timex, find_timexes
from .arguments import arguments
from .attribution import attribute_quotes
from .coref import Context, learn_roles, remember, root_subjects, unknown_people
from .grammar import case_words, definite, governing_path, lemma
from .lexicon import Trigger, governing_effects, match_trigger, plover
from .modality import a_view_of_a_thing, context_of, is_condition, is_future, negated, not_an_event, rejects_a_view, unreal
from .recipients import article_codes, recover
from .sentences import Paragraph, read
from .stance import stances
from .when import date_of, event_date, event_place
from .words import (
    AMOUNTS,
    CODER_VERSION,
    COMMANDS,
    CONSULT_LIKE,
    CONTRASTS,
    DEMONSTRATIVES,
    HOSTILE,
    JUDGEMENTS,
    LIGHT_VERBS,
    PLAIN_SPACES,
    STOPPING,
    TOPICAL,
)


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
    recipients_from: str | None = None  # frame, clitic, sentence or article (inferred from what the article is about)
    anaphoric: bool = False  # "cette réunion": merged into the same event told before


def code_document(body: str, paragraphs: list[Paragraph], offsets: list[int], published: str | None,
                  trace: list[dict] | None = None) -> dict[str, list]:
    """Events, quotes and timexes of one article body, read paragraph by paragraph from
    its parsed sentences; the sentences left unparsed still name actors and dates."""
    timexes = find_timexes(body, published)
    places = find_places(body)
    quote_spans = find_quotes(body)
    ctx = Context(published, quoted=[(q.start, q.end) for q in quote_spans], trace=trace)
    ctx.article_codes = article_codes([m for p in paragraphs for m in p.mentions], ctx)
    mentions: list[Mentioned] = []
    quotes: list[dict] = []
    for paragraph, offset in zip(paragraphs, offsets):
        parsed = [sentence for sentence, is_parsed in paragraph.sentences if is_parsed]
        ctx.mentions, ctx.offset = {}, offset
        for mention in paragraph.mentions + unknown_people(paragraph.doc, paragraph.mentions):
            for i in range(mention.span.start, mention.span.end):
                ctx.mentions[i] = mention
            ctx.seen_codes.update(mention.actor.codes)
        learn_roles(ctx)
        said = attribute_quotes(paragraph.doc, parsed, offset, quote_spans, ctx)
        quotes += said
        mentions += stances([s for s, _ in paragraph.sentences], offset, said, ctx, _stance_mention(ctx))
        subjects = root_subjects(paragraph.doc)
        named = sorted(set(ctx.mentions).union(subjects))  # the tokens `remember` reads
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
            ctx.meeting_told = ctx.meeting_told or any(m.type in CONSULT_LIKE for m in found)
            mentions += found
            remember(sentence, offset, found, sentence_timexes,
                      named[bisect_left(named, sentence.start):bisect_left(named, sentence.end)], subjects, ctx)
    return {"events": _merge(mentions, {id(p.doc): o for p, o in zip(paragraphs, offsets)}, body),
            "quotes": quotes, "timexes": [t.as_dict() for t in timexes]}


def _stance_mention(ctx: Context):
    """Builds the mention of a judgement passed in direct speech (see `stance`)."""
    def make(kind: str, actors: list[str], recipients: list[str], names: list[str], sentence: Span,
             token: Token) -> Mentioned:
        ctx.note(token, kind, "event", actors=actors, recipients=recipients, recipients_from="quote", context=[],
                 date=None, frame="a judgement in direct speech")
        return Mentioned(kind, None, actors, recipients, None, None, [], sentence, token, token.i + 1, names, "quote")
    return make


def _code_sentence(sentence: Span, triggers: list[tuple[Token, Trigger]], offset: int, timexes: list[Timex],
                   places: list[Place], ctx: Context) -> list[Mentioned]:
    """The events of a sentence, from its trigger words in order."""
    found = []
    for token, trigger in triggers:
        if not_an_event(token, trigger.type):
            ctx.note(token, trigger.type, "no event", why="an adjective participle, an aim or a saying verb")
            continue
        if is_condition(token):
            ctx.note(token, trigger.type, "no event", why="a condition (si ...): supposed, not told")
            continue
        if _orders_an_act(token):
            ctx.note(token, trigger.type, "no event", why="an order of an act (ordonner un retrait): the act is the event")
            continue
        effects = governing_effects(token.head) if _orders_an_act(token.head) else governing_effects(token)
        if (clause := [token, *governing_path(token)][-1]).dep_ == "conj":
            effects |= governing_effects(clause.head)  # "cesser d'équiper X et la pousser vers des pourparlers"
        if trigger.type == "OFFER":
            event = _offer(token, sentence, triggers, offset, timexes, places, ctx)
        elif "absorb" in effects or _absorbed_by_offer(token, triggers) or trigger.roles == "governed_only" \
                or _alleged(token, triggers):
            ctx.note(token, trigger.type, "no event", why="absorbed: only demanded, offered, refused or alleged")
            continue
        elif _topic(token, triggers):
            ctx.note(token, trigger.type, "no event", why="the topic of another event (condemned, discussed, denied)")
            continue
        else:
            event = _event(token, _halting(token, trigger), sentence, offset, timexes, places, ctx, effects, triggers)
        if event:
            found.append(event)
    return found


def _orders_an_act(verb: Token) -> bool:
    """"ordonne un réarmement", "a ordonné l'arrêt des livraisons": a command verb with an act as its
    object and nobody ordered to do it (no "à X de", no clause) tells that act, done at the subject's order."""
    return lemma(verb) in COMMANDS and verb.pos_ == "VERB" and any(
        c.dep_ == "obj" and c.pos_ == "NOUN" for c in verb.children) and not any(
        c.dep_ in ("xcomp", "ccomp", "iobj") for c in verb.children)


def _halting(token: Token, trigger: Trigger) -> Trigger:
    """"suspendre l'assaut", "interrompre les bombardements": stopping a hostile act is a
    RETREAT, whatever the stopping verb means elsewhere (suspending cooperation is a SANCTION)."""
    if lemma(token) in STOPPING and any(
            (inner := match_trigger(t)) and inner.type in HOSTILE
            for c in token.children if c.dep_ == "obj" for t in c.subtree):  # "le 23 avril l'assaut" misparsed
        return replace(trigger, type="RETREAT", targets=frozenset())
    return trigger


def _topic(token: Token, triggers: list[tuple[Token, Trigger]]) -> bool:
    """An event noun that a protest or a meeting governs, or an accusation "contre", is what they are about
    ("protester contre l'annexion", "évoquer l'envoi de troupes"), unless it is a light verb's object."""
    if token.pos_ != "NOUN":
        return False
    against = "contre" in case_words(token)  # "protester contre l'annexion"; but "condamner l'attaque" tells it
    others = {t.i for t, trig in triggers if t.i != token.i and lemma(t) not in LIGHT_VERBS
              and (trig.type in TOPICAL or against and trig.type == "ACCUSE"
                   or trig.type in JUDGEMENTS and negated(t))}  # "n'a ni condamné ni soutenu l'offensive"
    return any(parent.i in others for parent in governing_path(token))


def _alleged(token: Token, triggers: list[tuple[Token, Trigger]]) -> bool:
    """"accuser X de détruire": what an accusation's clause alleges is not told as done (an
    accusation's object noun is: "condamner l'attaque")."""
    accusations = {t.i for t, trig in triggers if trig.type == "ACCUSE"}
    return token.pos_ in ("VERB", "AUX") and token.dep_ in ("xcomp", "ccomp", "advcl", "acl") and \
        token.head.i in accusations and not case_words(token) & CONTRASTS  # "tandis que X a appelé": X's own act


def _absorbed_by_offer(token: Token, triggers: list[tuple[Token, Trigger]]) -> bool:
    offers = {t.i for t, trig in triggers if trig.type == "OFFER"}
    return any(parent.i in offers for parent in governing_path(token))


def _offer(token: Token, sentence: Span, triggers, offset, timexes, places, ctx) -> Mentioned | None:
    """"prêt à discuter avec X", "disposé à rencontrer X": AGREE towards the governed event's partners."""
    if not _governed(token, triggers):
        ctx.note(token, "OFFER", "no event", why="an offer of no meeting or cooperation")
        return None
    return _event(token, Trigger((lemma(token),), "*", "AGREE", None, frozenset(), ""), sentence, offset,
                  timexes, places, ctx, set(), triggers)


def _governed(token: Token, triggers) -> list[tuple[Token, Trigger]]:
    """Meeting-like events that `token` governs: what an offer or an agreement is about."""
    return [(t, trig) for t, trig in triggers if trig.type in CONSULT_LIKE and token in governing_path(t)]


def _event(token, trigger, sentence, offset, timexes, places, ctx, effects, triggers) -> Mentioned | None:
    if trigger.type == "REJECT" and rejects_a_view(token, ctx.mentions):
        ctx.note(token, trigger.type, "no event", why="a stance: what is refused is no actor, proposal or action")
        return None
    if token.pos_ == "NOUN" and unreal(token):
        ctx.note(token, trigger.type, "no event", why="an unreal noun (toute, éventuelle, possible ...)")
        return None
    grammatical_future = is_future(token)
    when, own_date = event_date(token, sentence, offset, timexes, ctx, future=grammatical_future)
    actors, recipients, names = arguments(token, trigger, ctx, date_of(when), sentence)
    if trigger.type == "AGREE":
        for inner, inner_trigger in _governed(token, triggers):
            recipients += [r for r in arguments(inner, inner_trigger, ctx, date_of(when), sentence)[1]
                           if r not in recipients]
    recipient_source = "frame" if recipients else None
    if not recipients and a_view_of_a_thing(token, trigger, ctx):
        ctx.note(token, trigger.type, "no event", why="a view: what is supported, threatened or denied is no actor or act")
        return None
    if trigger.type in CONSULT_LIKE and any(c.dep_ == "obj" and lemma(c) in AMOUNTS for c in token.children):
        ctx.note(token, trigger.type, "no event", why="gathering an amount (réunir 600 milliards), not a meeting")
        return None
    if trigger.type in CONSULT_LIKE and token.pos_ in ("VERB", "AUX") and not actors:
        ctx.note(token, trigger.type, "no event", why="a meeting verb with nobody as its subject (il est nécessaire de)")
        return None
    borrowed = False
    if trigger.type in CONSULT_LIKE:
        participants = list(dict.fromkeys(actors + recipients))
        borrowed = not participants
        if len(participants) < 2 and token.pos_ == "NOUN" and (definite(token) or _demonstrative(token)):
            participants = list(dict.fromkeys(participants + list(ctx.last_group)))  # "la réunion": the one told of
        if len(participants) == 1:
            others, recipient_source = recover(token, sentence, participants, ctx, date_of(when), article=False)
            participants += others
        if len(participants) < 2:
            ctx.note(token, trigger.type, "no event", why="fewer than two participants", actors=participants)
            return None
        if borrowed and not ctx.meeting_told:
            ctx.note(token, trigger.type, "no event", why="a meeting noun with no sides and no meeting told before")
            return None
        actors, recipients = participants, []
    else:
        recipients = [r for r in recipients if r not in actors]
        if actors and not recipients and "none" not in trigger.targets:
            recipients, recipient_source = recover(token, sentence, actors, ctx, date_of(when),
                                                   domestic=trigger.type == "COERCE")
    if not actors:
        ctx.note(token, trigger.type, "no event", why="no source actor", recipients=recipients)
        return None
    context = context_of(token, trigger.type, when if own_date == "absolute" else None, ctx, effects)
    end = token.i + len(trigger.lemmas)
    ctx.note(token, trigger.type, "event", actors=actors, recipients=recipients, recipients_from=recipient_source,
             context=context, date=when, frame=trigger.targets and "|".join(sorted(trigger.targets)) or "default")
    return Mentioned(trigger.type, _mode(token, trigger), actors, recipients, when, event_place(token, sentence, offset, places),
                     context, sentence, token, end, names, recipient_source,
                     anaphoric=_demonstrative(token) or (token.pos_ == "NOUN" and definite(token)))


def _mode(token: Token, trigger: Trigger) -> str | None:
    """The lexicon's mode, or one the phrase states: "s'entretenir par téléphone"."""
    if trigger.type == "CONSULT" and trigger.mode is None:
        words = {lemma(t) for child in token.children for t in child.subtree}
        if words & {"téléphone", "téléphonique", "visioconférence", "vidéoconférence"}:
            return "phone"
    return trigger.mode


def _demonstrative(noun: Token) -> bool:
    """"cette rencontre", "ces discussions": an event already told."""
    return noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES for c in noun.children)


def _merge(mentions: list[Mentioned], offsets: dict[int, int], body: str) -> list[dict]:
    """One event per happening: mentions with the same type, sides and a compatible date
    are one event; "cette réunion" or "la réunion" joins the meeting told before it."""
    events: list[dict] = []
    for m in mentions:
        record = _mention_record(m, offsets[id(m.sentence.doc)], body)
        same = [e for e in events if e["type"] == m.type and ("negation" in e["context"]) == ("negation" in m.context)]
        target = next((e for e in same if set(e["actors"]) == set(m.actors) and _same_target(e, m)
                       and dates_compatible(e["date"], m.date)), None)
        if target is None and m.anaphoric and same and dates_compatible(same[-1]["date"], m.date):
            same[-1]["mentions"].append(record)  # the meeting told before: its sides stay as first told
            continue
        if target is None:
            events.append({
                "type": m.type, "mode": m.mode, "actors": list(m.actors), "recipients": list(m.recipients),
                "actor_names": m.actor_names, "recipients_from": m.recipients_from, "date": m.date, "location": m.location, "context": m.context,
                "sentence": record["sentence"], **plover()[m.type], "coder": CODER_VERSION, "mentions": [record],
            })
            continue
        target["mentions"].append(record)
        target["actors"] += [a for a in m.actors if a not in target["actors"]]
        if target["recipients_from"] in GUESSED and m.recipients_from not in GUESSED:  # a told target beats a guess
            target["recipients"], target["recipients_from"] = list(m.recipients), m.recipients_from
        elif m.recipients_from not in GUESSED:
            target["recipients"] += [r for r in m.recipients if r not in target["recipients"] + target["actors"]]
        target["actor_names"] += [n for n in m.actor_names if n not in target["actor_names"]]
        target["date"] = max(target["date"] or "", m.date or "", key=len) or None  # the more precise
        target["location"] = target["location"] or m.location
    return events


GUESSED = {None, "article"}  # no recipient, or the article's main side


def _same_target(event: dict, m: Mentioned) -> bool:
    """The same recipients, or recipients one of the two tellings had to guess."""
    if set(event["recipients"]) == set(m.recipients):
        return True
    return bool({event["recipients_from"], m.recipients_from} & GUESSED)


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


def code_documents(docs: list[Document], batch_size: int = 64) -> tuple[list[Document], list[Failure]]:
    """Read the bodies of `docs` (their chosen sentences parsed in one stream through
    spaCy) and code each of them; a document the coder fails on keeps no events and is
    reported, the others go on."""
    articles = read([[p.text.translate(PLAIN_SPACES) for p in doc.paragraphs] for doc in docs], batch_size)
    coded, failures = [], []
    for doc, paragraphs in zip(docs, articles):
        try:
            found = code_document(doc.body, paragraphs, paragraph_offsets(doc), doc.published)
        except Exception as exc:  # a coder bug on one article must not lose the batch
            failures.append(Failure(f"{doc.uri} {doc.record or ''}".strip(),
                                    f"event coding failed ({type(exc).__name__}: {exc})"))
            coded.append(doc)
            continue
        coded.append(replace(doc, events=found["events"], quotes=found["quotes"], timexes=found["timexes"]))
    return coded, failures


def paragraph_offsets(doc: Document) -> list[int]:
    """Where each paragraph starts in the body (Document.body joins them with a blank line)."""
    offsets, position = [], 0
    for p in doc.paragraphs:
        offsets.append(position)
        position += len(p.text) + 2
    return offsets
