"""The sides of an event: its source actors and its recipients, from the trigger's
dependents, the clause around it and the lexicon's frame."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Span, Token

from ..places import get_gazetteer
from .coref import Context, phrase_actors
from .grammar import (
    case_words,
    contains,
    dependents,
    direct_object,
    governing_path,
    has_feature,
    lemma,
    noun_of_infinitive,
    passive_voice,
    phrase_tokens,
    pronominal,
    subject_of,
)
from .lexicon import Trigger, match_trigger
from .words import (
    ABOUT_SOMEONE,
    CASE_FORMS,
    CONSULT_LIKE,
    COUNTING_NOUNS,
    GOVERNING,
    GROUPS,
    LIGHT_VERBS,
    POSSESSIVES,
    PRONOUNS,
    RECIPIENT_CASES,
    REFLEXIVE,
    TERRITORIAL,
)


def _subject_actors(token: Token, ctx: Context, when: date | None) -> tuple[list[str], list[str]]:
    """The source of a verb: its subject, else the subject of the verb it depends on."""
    node = token
    for _ in range(4):
        if any(c.dep_ == "expl:subj" for c in node.children) or any(
                c.lower_ == "on" and c.dep_.startswith("nsubj") for c in node.children):
            return [], []  # "il est temps de", "on lui a reproché": nobody in particular
        subject = subject_of(node)
        if subject is not None:
            codes, name = phrase_actors(subject, ctx, when, source=True)
            if codes:
                return codes, [name] if name else []
            if subject.pos_ == "NOUN" and not any(c.dep_ == "det" for c in subject.children) and node == token:
                break  # a bare word read as the subject ("Unis comme jamais, X et Y ont adopté"): look before the verb
            if subject.lower_ not in PRONOUNS and lemma(subject) not in GROUPS:
                return [], []
            if node.dep_ == "ccomp":  # "X a déclaré qu'il ...": il is X
                outer = subject_of(node.head)
                if outer is not None:
                    codes, name = phrase_actors(outer, ctx, when, source=True)
                    return codes, [name] if name else []
            return [], []
        if (noun := noun_of_infinitive(node)) is not None:  # "la décision de la Lituanie d'empêcher": Lithuania
            for genitive in (c for c in noun.children if c.dep_ == "nmod" and case_words(c) & set(CASE_FORMS["de"])):
                codes, name = phrase_actors(genitive, ctx, when, source=True)
                if codes:
                    return codes, [name] if name else []
        if _juxtaposed(node) and (stray := next((
                c for c in node.head.children if c.dep_ == "obj" and node.head.i < c.i < node.i
                and c.left_edge.i > 0 and c.doc[c.left_edge.i - 1].text == ","), None)):
            # "Les Arméniens tiennent, les dirigeants occidentaux se sont accordés": the parser took the
            # second clause's subject for an object of the first; juxtaposed clauses have their own subjects
            codes, name = phrase_actors(stray, ctx, when, source=True)
            return codes, [name] if name else []
        if node.head != node and (node.dep_ in ("xcomp", "conj", "acl", "advcl", "ccomp") or (
                node.pos_ == "NOUN" and node.dep_ in ("obj", "obl", "obl:arg", "obl:mod"))):
            node = node.head  # "ont écrit une lettre demandant ...": the letter's writers
            continue
        break
    return _stranded_subject(token, ctx, when)


def _stranded_subject(verb: Token, ctx: Context, when: date | None) -> tuple[list[str], list[str]]:
    """A subject the parser cut off from its verb ("Paris et Berlin se sont entretenus" read
    as two sentences in one): the nearest phrase before the verb left as a root, a subject of
    nothing, an unlabelled dependent, or a name without preposition read as a modifier."""
    doc = verb.doc
    for i in range(verb.i - 1, max(verb.i - 30, -1), -1):  # back to the sentence's start (the parser may cut it)
        token = doc[i]
        if token.text in (".", "!", "?", "…"):
            break
        if contains(token, verb):
            continue
        bare_name = (token.pos_ == "PROPN" or token.i in ctx.mentions) and not case_words(token) and \
            token.dep_ in ("advmod", "dep", "obl:mod", "advcl")  # the tagger may read a name as an adverb
        if bare_name or token.pos_ in ("PROPN", "NOUN") and (token.dep_ == "dep" or token.dep_ in (
                "ROOT", "nsubj", "nsubj:pass") and token.head != verb):
            codes, name = phrase_actors(token, ctx, when, source=True)
            if codes:
                return codes, [name] if name else []
    return [], []


def _juxtaposed(verb: Token) -> bool:
    """A clause set beside another with no conjunction or subordinator, read by the parser as
    a conjunct or, finite, as an adverbial clause ("X résistent, les dirigeants se sont accordés":
    the comma before "les dirigeants", which the parser took for an object, tells it)."""
    if any(c.dep_ in ("cc", "mark") for c in verb.children):
        return False
    return verb.dep_ == "conj" or verb.dep_ == "advcl" and (
        has_feature(verb, "VerbForm", "Fin") or any(c.dep_.startswith("aux") for c in verb.children))

def arguments(token: Token, trigger: Trigger, ctx: Context, when: date | None,
               sentence: Span) -> tuple[list[str], list[str], list[str]]:
    """(source codes, recipient codes, person names) of a trigger."""
    actors: list[str] = []
    recipients: list[str] = []
    names: list[str] = []
    # a country or city named with the event is its target ("envoyer des munitions à Varsovie",
    # "des frappes sur Kharkiv"), but where a meeting is held is no party to it, unless visited
    places_are_targets = trigger.type not in CONSULT_LIKE or trigger.mode == "visit"

    def add(target: list[str], head: Token, places_ok: bool = True) -> None:
        codes, name = phrase_actors(head, ctx, when, places_ok=places_ok or places_are_targets,
                                    source=target is actors)  # "la guerre déclenchée par X contre Y": Y is no source
        if not codes and target is recipients and places_are_targets:
            codes = _territory(head)
        target += [c for c in codes if c not in target]
        if name and name not in names:
            names.append(name)

    if trigger.roles == "patient_subject":  # "toute agression russe aurait un coût élevé"
        verb = token.head
        subject = subject_of(verb)
        for t in (phrase_tokens(subject) if subject is not None else reversed(sentence.doc[max(verb.i - 8, 0):verb.i])):
            if (m := ctx.mentions.get(t.i)) and m.actor.kind == "demonym":
                recipients += [c for c in m.actor.codes if c not in recipients]
        actors, names = _subject_actors(verb, ctx, when)
        return actors, recipients, names

    cases_for_recipients = _recipient_cases(trigger)
    objects_are_recipients = not trigger.targets or "obj" in trigger.targets
    if token.pos_ in ("VERB", "AUX", "ADJ"):
        agented = any(c.dep_ == "obl:agent" for c in token.children)  # "le président décrié par les médias"
        passive = (passive_voice(token) or agented) and not pronominal(token)
        if passive:  # the agent, even when the parser hangs it one level lower
            for agent in (t for c in token.children for t in (c, *c.children) if t.dep_ == "obl:agent"):
                add(actors, agent)
        for child in dependents(token):
            if child.dep_ == "obl:agent":
                continue
            elif (child.dep_ == "nsubj:pass" or (direct_object(child) and not passive)) and objects_are_recipients:
                if trigger.type in ABOUT_SOMEONE and (inner := match_trigger(child)) and inner.type not in CONSULT_LIKE:
                    authors = arguments(child, inner, ctx, when, sentence)[0]  # "condamner les frappes russes"
                    recipients += [c for c in authors if c not in recipients]
                elif child.lower_ not in REFLEXIVE:
                    add(recipients, child)
            elif child.dep_.startswith(("obl", "iobj")) and (case_words(child) & cases_for_recipients or not case_words(child)):
                add(recipients, child, places_ok=False)  # no preposition: an object the parser left oblique
        if "embedded" in trigger.targets or (not recipients and trigger.type in GOVERNING):
            for clause in (c for c in token.children if c.dep_ in ("xcomp", "ccomp")):
                for child in clause.children:  # "exhorter ses alliés à livrer des chars à la Moldavie"
                    if child.dep_.startswith(("obl", "iobj", "obj")) and child.lower_ not in REFLEXIVE:
                        add(recipients, child, places_ok=False)
        if not actors and not agented:  # an agent named but no actor: the subject is what the act falls on
            actors, names_subject = _subject_actors(token, ctx, when)
            names += names_subject
    else:  # a nominal event: "la réunion du Conseil OTAN-Russie", "l'annexion de la Crimée par la Russie"
        by_agent = [t for t in phrase_tokens(token, agents=True) if t != token and case_words(t) & {"par"}]
        patient_genitive = trigger.roles == "patient_genitive" or "de" in trigger.targets  # "l'invasion de l'Ukraine"
        genitive_is_source = not by_agent and (not patient_genitive or any(
            case_words(c) & {"contre"} for c in token.children))
        for agent in by_agent:
            add(actors, agent)
        words = token.doc[token.i + 1: token.i + len(trigger.lemmas)]  # "paquet de sanctions": one trigger
        for child in (c for t in (token, *words) for c in t.children if c not in words):
            cases = case_words(child)
            if child in by_agent:
                continue
            if child.dep_ == "amod" and (m := ctx.mentions.get(child.i)) and m.actor.kind == "demonym":
                add(actors, child)
            elif child.dep_ == "nmod" and cases & {"de", "du", "des", "d'", "d’"}:
                if (m := ctx.mentions.get(child.i)) and m.actor.kind == "capital" and trigger.type in CONSULT_LIKE:
                    continue  # "le sommet d'Abuja": where, not who
                territory = trigger.type in TERRITORIAL and _is_place(child, ctx)  # "le bombardement de Kharkiv"
                add(actors if genitive_is_source and not territory else recipients, child)
            elif child.dep_ == "nmod" and cases & (cases_for_recipients - {"entre"}):
                add(recipients, child, places_ok=False)
            elif child.dep_ == "nmod" and cases & {"entre"}:
                add(actors, child)
            elif child.dep_ == "acl":  # "une réunion organisée par X", "des sanctions votées par l'UE",
                for grandchild in child.children:  # "un accord signé entre X et Y"
                    if grandchild.dep_ == "obl:agent" or grandchild.dep_.startswith("obl") and "entre" in case_words(grandchild):
                        add(actors, grandchild)
        possessive = any(c.dep_ == "det" and c.lower_ in POSSESSIVES for c in token.children)  # "leurs exercices"
        phrase = token
        while phrase.dep_ == "nmod" and lemma(phrase.head) in COUNTING_NOUNS:  # "un train de sanctions"
            phrase = phrase.head
        holder = phrase.head
        if phrase.dep_ in ("obj", "obl", "obl:arg", "obl:mod", "xcomp", "nmod"):
            if (not actors or trigger.type in CONSULT_LIKE) and (lemma(holder) in LIGHT_VERBS or possessive):
                # "tenir une réunion", "accélérer son renforcement": the holder's subject; but the
                # author of an invasion is not who condemns it
                found, names_subject = _clause_subject(phrase, ctx, when)
                actors += found
                names += names_subject
            if not recipients and holder.pos_ == "VERB":  # "tenir une réunion avec la Russie"
                for child in holder.children:
                    if child.dep_.startswith("obl") and child != phrase and case_words(child) & RECIPIENT_CASES:
                        add(recipients, child, places_ok=False)
        elif token.dep_ == "nsubj" and trigger.type in CONSULT_LIKE:
            for child in holder.children:  # "la réunion réunira les alliés avec la Russie"
                if child.dep_ in ("obj", "obl", "obl:arg", "obl:mod") and child != token:
                    add(actors, child, places_ok=False)
    if trigger.type in CONSULT_LIKE:
        _coordinated(token, ctx, when, actors)
    return actors, recipients, names


def _recipient_cases(trigger: Trigger) -> frozenset[str] | set[str]:
    """The prepositions heading a recipient: the frame's, else the default ones (and "de" for
    what one accuses, rejects or supports: "s'inquiéter de X")."""
    if "none" in trigger.targets:
        return set()
    if trigger.targets - {"obj", "embedded"}:
        return {form for target in trigger.targets for form in CASE_FORMS.get(target, (target,))}
    return RECIPIENT_CASES | (set(CASE_FORMS["de"]) if trigger.type in ABOUT_SOMEONE else set()) | (
        set() if trigger.type in CONSULT_LIKE else {"sur"})  # "des frappes sur Kiev"; talks "sur" a topic


def _clause_subject(token: Token, ctx: Context, when: date | None) -> tuple[list[str], list[str]]:
    """The subject of the verb whose clause holds a noun ("leurs exercices" in "ont démenti
    un lien entre leurs exercices et ..." belong to the subject of "démenti")."""
    for parent in governing_path(token, steps=6):
        subject = subject_of(parent)
        if subject is not None and contains(subject, token):
            return [], []  # "le soutien aux sanctions contre X diminue": the noun is inside the subject
        if parent.pos_ in ("VERB", "AUX") or subject is not None:
            return _subject_actors(parent, ctx, when)
    return [], []


def _is_place(token: Token, ctx: Context) -> bool:
    """A city, region or capital rather than an actor (a country is both: it acts)."""
    mention = ctx.mentions.get(token.i)
    return mention.actor.kind == "capital" if mention else _territory(token) != []


def _territory(head: Token) -> list[str]:
    """The country of a place named as a target ("l'annexion de la Crimée"); a place's name is
    capitalised ("le tir d'un missile" is no shot at Tyr)."""
    found = get_gazetteer().lookup(head.text) if head.text[:1].isupper() else None
    return [found[0]] if found else []


def _coordinated(token: Token, ctx, when, actors: list[str]) -> None:
    """"les ambassadeurs de l'OTAN et de la Russie se sont rencontrés": both sides."""
    subject = subject_of(token)
    if subject is None:
        return
    for conj in subject.conjuncts:
        codes, _ = phrase_actors(conj, ctx, when)
        actors += [c for c in codes if c not in actors]

