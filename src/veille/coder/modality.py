"""Whether an event happened: negation, future, hypothetical and historical readings, and
words that tell no event of their own."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from .coref import Context, phrase_actors
from .grammar import case_words, governing_path, has_feature, lemma
from .lexicon import Trigger, governors, match_trigger
from .words import (
    ABSENCE,
    ANCHORS,
    ANY,
    CONDITIONAL_ENDINGS,
    CONSULT_LIKE,
    INSTEAD_OF,
    JOURNEYS,
    NEGATORS,
    NO_ONE,
    PROPOSALS,
    POSSESSIVES,
    PURPOSE,
    REFUSALS,
    SAYING_SENSE,
    SUPPORT_VERBS,
    UNREAL,
)

VIEWS = {"SUPPORT", "THREATEN", "REJECT"}  # verbs that may state a view of a thing rather than act on an actor


def not_an_event(token: Token, kind: str) -> bool:
    """A participle used as an adjective ("les garanties proposées par Moscou") or an aim
    ("pour protester contre") tells no event of its own; a gerund does ("en exigeant"), and so
    does a meeting a journey is made for ("arrive à Moscou pour s'entretenir avec"); a time
    anchor does not ("tendues depuis l'annexion de la Crimée": background)."""
    if token.pos_ == "NOUN" and case_words(token) & ANCHORS:
        return True
    if token.dep_ == "acl" and has_feature(token, "VerbForm", "Part"):
        return not any(c.lower_ == "en" and c.dep_ == "mark" for c in token.children)
    if kind in CONSULT_LIKE and is_aim(token) and lemma(token.head) in JOURNEYS:
        return False
    if kind in CONSULT_LIKE and lemma(token) in JOURNEYS and any(  # "se rend à Pékin pour rencontrer X": the meeting tells it
            is_aim(c) and (aim := match_trigger(c)) and aim.type in CONSULT_LIKE for c in token.children):
        return True
    if token.pos_ == "VERB" and governors().get(lemma(token)) != "report" and any(
            c.dep_ == "ccomp" and any(_that(m) for m in c.children) for c in token.children):
        return lemma(token) in SAYING_SENSE  # "soutenir que", "rappeler que": saying, not doing
    return is_aim(token)


def _instead_of(token: Token) -> bool:
    """"plutôt que de renoncer", "au lieu de négocier", "au lieu d'une trêve": the alternative not taken
    (read off the words before it: the parser seldom attaches them to it)."""
    start = token.i - (2 if token.pos_ == "NOUN" and token.i and token.nbor(-1).dep_ == "det" else 1)
    before = " ".join(t.lower_ for t in token.doc[max(start - 2, 0):start + 1]).replace("’", "'")
    return before.endswith(INSTEAD_OF)


def is_condition(token: Token) -> bool:
    """"s'il attaque les troupes", "si la Russie lance une offensive": what a condition
    supposes is not told as done ("même si" concedes it is)."""
    verb = next((t for t in (token, *governing_path(token)) if t.pos_ in ("VERB", "AUX")), token)
    return any(_if(c) and not (c.i and c.nbor(-1).lower_ == "même") for c in verb.children)


def _if(token: Token) -> bool:
    """"si", or "s'" before "il(s)": the parser may read that one as a reflexive "se"."""
    if token.lower_ in ("s'", "s’"):
        return token.dep_ == "mark" or (token.i + 1 < len(token.doc) and token.nbor(1).lower_ in ("il", "ils"))
    return token.dep_ == "mark" and token.lower_ == "si"


def _that(token: Token) -> bool:
    """The conjunction "que", also when the tokenizer glued it to a quote mark and a word: « qu'"il »."""
    return token.lower_ == "que" or token.lower_.startswith(("qu'", "qu’"))


def is_aim(token: Token) -> bool:
    """"pour protester", "afin de rencontrer": what a clause is done for."""
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in PURPOSE for c in token.children)


def rejects_a_view(verb: Token, mentions: dict) -> bool:
    """"La Russie refuse la grande réinitialisation": a verb of refusal whose object is no actor,
    no proposal and no action states a stance, not a REJECT event (a denial is one whatever it denies)."""
    if verb.pos_ != "VERB" or lemma(verb) not in REFUSALS:
        return False
    refused = [c for c in verb.children if c.dep_ in ("obj", "xcomp", "ccomp")]  # "refuser de considérer X comme"
    return bool(refused) and not any(
        lemma(o) in PROPOSALS or match_trigger(o) or any(t.i in mentions for t in o.subtree) for o in refused)


def a_view_of_a_thing(verb: Token, trigger: Trigger, ctx: Context) -> bool:
    """"Biden approuve cette idée", "la Chine menace notre indépendance", "en niant l'histoire": a
    verb of support, threat or denial whose object is no actor, proposal or act (nor a word of the
    trigger's phrase: "nouer des liens") states a view."""
    if verb.pos_ != "VERB" or trigger.type not in VIEWS:
        return False
    thing = next((c for c in verb.children if c.dep_ == "obj"), None)
    if thing is not None and _that(thing) and verb.dep_ == "acl:relcl":
        thing = verb.head  # "le néonazisme, qu'ils nient": the antecedent
    if thing is None or thing.pos_ not in ("NOUN", "ADJ") or lemma(thing) in PROPOSALS | trigger.requires or any(
            match_trigger(t) for t in thing.subtree):  # "démentir l'existence d'un lien avec leurs exercices"
        return False
    if any(c.dep_ == "det" and c.lower_ in POSSESSIVES - {"notre", "nos"} | ANY for c in thing.children):
        return False  # "menacer sa sécurité": the possessor's; "démentir toute violation": an allegation
    return not any(t.i in ctx.mentions for t in thing.subtree) and not phrase_actors(thing, ctx, None)[0]


def unreal(noun: Token) -> bool:
    """"toute nouvelle agression", "une éventuelle agression": not an event that happened."""
    return any(c.lower_ in UNREAL for c in noun.children if c.dep_ in ("det", "amod"))


def is_future(token: Token) -> bool:
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


def is_conditional(token: Token) -> bool:
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


def negated(token: Token) -> bool:
    """"n'a jamais été suspendu", "aucune réunion", "ne tiendront pas de réunion"; a noun
    takes the negation of a support verb only ("ne pas condamner l'invasion" denies no invasion)."""
    verb = token.head if token.pos_ == "NOUN" and lemma(token.head) in SUPPORT_VERBS else token
    adverbs = [c for c in verb.children if c.dep_.startswith("advmod")]
    if any(c.lower_ in NEGATORS for c in adverbs):
        return True
    if any(c.lower_ in ("ne", "n'", "n’") for c in adverbs) and any(  # "n'ont pas encore retiré"
            a.lower_ in NEGATORS for c in adverbs if c.pos_ == "ADV" for a in c.children if a.dep_ == "advmod"):
        return True
    if any(c.lower_ in ("ne", "n'", "n’") for c in verb.children) and any(  # "n'acceptera aucun ultimatum"
            c.lower_ in ("rien", "personne") or any(d.lower_ in NO_ONE for d in c.children)
            for c in verb.children):
        return True
    if token.pos_ == "NOUN" and any(c.lower_ in NO_ONE for c in token.children):
        return True
    if verb.dep_ in ("acl", "acl:relcl") and any(c.lower_ in NO_ONE for c in verb.head.children):
        return True  # "aucun scénario dans lequel la Pologne serait attaquée"
    coordinated = [verb] + ([verb.head] if verb.dep_ == "conj" else [])  # "n'a ni confirmé ni démenti"
    if any(c.lower_ == "ni" for v in coordinated for c in v.children):
        return True
    if any(c.lower_ in ("personne", "rien") and c.dep_.startswith("nsubj") for c in verb.children):
        return True  # "personne n'a condamné"
    if _instead_of(token):
        return True
    if token.pos_ == "NOUN" and token.dep_ == "nmod" and lemma(token.head) in ABSENCE:
        return True  # "à défaut de médiation", "faute d'accord", "l'absence de dialogue"
    return any(c.lower_ in ("sans",) and c.dep_ in ("case", "mark") for c in token.children)


def context_of(token: Token, kind: str, when: str | None, ctx: Context, effects: set[str]) -> list[str]:
    context = []
    if negated(token):
        context.append("negation")
    if "future" in effects or is_future(token) or is_aim(token):
        context.append("future")
    elif ("hypothetical" in effects or is_conditional(token)) and kind != "THREATEN":
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

