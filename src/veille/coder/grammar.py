"""Reading spaCy's parse: cached lemmas and morphology, noun phrases, clause paths."""
from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Token

from .words import ADVERBIAL_PREPOSITIONS, CLAUSE_BOUNDARIES, CLAUSES, REFLEXIVE, SUBJECT_PRONOUNS, TOWARDS

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


def phrase_tokens(head: Token, source: bool = False, agents: bool = False) -> Iterable[Token]:
    """The head's noun phrase: its subtree without embedded clauses, nor, unless `agents`, the
    "par" phrase the parser may hang on a complement ("le bombardement de Kharkiv par l'armée
    russe": the army is not Kharkiv's); for a source, without what it acts against or towards
    ("les mesures contre la Russie" are not Russia's, "la livraison de missiles à l'Ukraine" not
    Ukraine's)."""
    stack = [head]
    while stack:
        token = stack.pop()
        yield token
        stack.extend(c for c in token.children if c.dep_ not in CLAUSES and c.dep_ != "punct"
                     and not (source and case_words(c) & TOWARDS) and (agents or "par" not in case_words(c))
                     and not (token.pos_ == "PROPN" and c.dep_ == "nmod"))  # "avec Poutine de la situation"


def governing_path(token: Token, steps: int = 4) -> list[Token]:
    """The words that govern `token` inside its clause: up the tree, stopping at
    clause boundaries (a relative or adverbial clause, a coordination) and at another
    event verb that takes the token as something other than its complement."""
    path, node = [], token
    while node.head != node and len(path) < steps and node.dep_ not in CLAUSE_BOUNDARIES:
        path.append(node.head)
        node = node.head
    return path





def noun_of_infinitive(token: Token) -> Token | None:
    """The noun an infinitive "de" clause complements ("la décision de la Lettonie d'empêcher"),
    which the parser may hang on the verb governing that noun instead."""
    if token.dep_ == "acl" and token.head.pos_ == "NOUN":
        return token.head
    mark = next((c for c in token.children if c.dep_ == "mark" and c.lower_ in ("de", "d'", "d’")), None)
    if token.dep_ != "xcomp" or mark is None:
        return None
    return next((c for c in token.head.children if c.dep_ == "obj" and c.pos_ == "NOUN"
                 and c.right_edge.i == mark.i - 1), None)


def subject_of(token: Token) -> Token | None:
    """The acting subject: a passive subject only where the verb is not passive at all
    ("se sont retirées", "Athènes a sollicité", which the parser may label passive; "disposé à").
    Of two subjects the parser gives a verb, a subject pronoun just before it ("que Poutine, qu'il
    venait de qualifier": il; but "le Japon lui a offert": le Japon)."""
    found = [child for child in token.children if child.dep_ in ("nsubj", "csubj") or (
        child.dep_ == "nsubj:pass" and token.pos_ in ("ADJ", "VERB") and (
            lemma(token) in ("disposer", "disposé", "prêt") or pronominal(token) or not passive_voice(token)))]
    if len(found) > 1:
        before = [c for c in found if c.i < token.i]
        if before and before[-1].lower_ in SUBJECT_PRONOUNS:
            return before[-1]
    return found[0] if found else None


def passive_voice(verb: Token) -> bool:
    """A passive auxiliary ("a été lancée"): the parser labels some active subjects passive."""
    return any(c.dep_ == "aux:pass" for c in verb.children)


def pronominal(verb: Token) -> bool:
    """"se retirer", "s'entretenir": a reflexive clitic among the verb's dependents."""
    return any(c.lower_ in REFLEXIVE and c.dep_.startswith(("expl", "obj", "iobj")) for c in verb.children)


def direct_object(token: Token) -> bool:
    """An object, or one the parser read as an oblique because of its partitive article ("a arrêté
    des journalistes": "des" tagged a determiner yet labelled a preposition) or as a second subject."""
    if token.dep_ == "obj":
        return True
    verb = token.head
    if token.dep_ == "nsubj" and token.i > verb.i and any(  # "elle interdit le parti": a second subject, after the verb
            c.dep_.startswith("nsubj") and c.i < verb.i for c in verb.children):
        return True
    cases = [c for c in token.children if c.dep_ == "case"]
    return token.dep_.startswith("obl") and bool(cases) and all(c.pos_ == "DET" for c in cases)


def case_words(token: Token) -> set[str]:
    """The prepositions heading a phrase, "auprès" included when the parser made it an adverb
    governing the phrase ("auprès du chancelier")."""
    found = {c.lower_ for c in token.children if c.dep_ in ("case", "mark")} | \
        {lemma(c) for c in token.children if c.dep_ in ("case", "mark")}
    if token.dep_.startswith("obl") and token.head.dep_ == "advmod" and token.head.lower_ in ADVERBIAL_PREPOSITIONS:
        found.add(token.head.lower_)
    return found


def dependents(token: Token) -> list[Token]:
    """The token's children, and the phrases the parser hung under an adverbial preposition
    among them ("a évoqué auprès du chancelier": "chancelier" under "auprès")."""
    children = list(token.children)
    return children + [g for c in children if c.dep_ == "advmod" and c.lower_ in ADVERBIAL_PREPOSITIONS
                       for g in c.children if g.dep_.startswith("obl")]


def tree_distance(a: Token, b: Token) -> int:
    """Arcs between two tokens in the dependency tree (99 when unconnected)."""
    ancestors_a = [a] + list(a.ancestors)
    ancestors_b = [b] + list(b.ancestors)
    for i, node in enumerate(ancestors_a):
        if node in ancestors_b:
            return i + ancestors_b.index(node)
    return 99


def contains(phrase: Token, token: Token) -> bool:
    """Whether `token` lies within the subtree of `phrase`."""
    return phrase.left_edge.i <= token.i <= phrase.right_edge.i


def definite(noun: Token, possessive: bool = True) -> bool:
    """"la réunion", and unless not `possessive`, "sa visite", "leur rencontre": a thing already known."""
    return any(c.dep_ == "det" and lemma(c) in (("le", "son", "leur") if possessive else ("le",))
               for c in noun.children)
