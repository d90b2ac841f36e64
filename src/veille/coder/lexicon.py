"""The event lexicon: trigger words and the words governing them, read and validated from
veille/data/events, and matched against parsed tokens."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from spacy.tokens import Token

from .grammar import governing_path, lemma, noun_of_infinitive
from .words import CONTRACTIONS, REFLEXIVE

EVENT_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
               "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
TYPES = frozenset(EVENT_TYPES) | {"OFFER"}  # OFFER: readiness words that make AGREE of the event they govern
POS = frozenset({"VERB", "NOUN", "ADJ", "*"})
ROLES = frozenset({"", "patient_genitive", "patient_subject", "governed_only"})
# where the recipient stands: a dependent's relation, the preposition heading it, the target of
# the event the trigger governs ("exhorter X à livrer des chars à Y"), or nowhere
TARGETS = frozenset({"obj", "à", "avec", "contre", "auprès", "envers", "sur", "vers", "de", "pour", "chez", "par",
                     "embedded", "none"})
LEXICON_FILES = ("triggers.tsv", "verbenet/triggers.tsv")
COLUMNS = ("lemma", "pos", "type", "mode", "requires", "roles")


class LexiconError(ValueError):
    """A lexicon row that cannot be read: the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Trigger:
    lemmas: tuple[str, ...]
    pos: str
    type: str
    mode: str | None
    requires: frozenset[str]
    roles: str
    targets: frozenset[str] = frozenset()  # empty: the default recipients (objects, à/avec/contre/auprès/envers)


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of a TSV data file; comment and blank lines skipped."""
    path = files("veille") / "data" / "events" / name
    if not path.is_file():
        return []
    numbered = [(n, line) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line.strip() and not line.startswith("#")]
    if not numbered:
        return []
    header = numbered[0][1].split("\t")
    return [(n, dict(zip(header, line.split("\t")))) for n, line in numbered[1:]]


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of a TSV file of veille/data/events, as dicts."""
    return [row for _, row in _rows(name)]


def read_trigger(row: dict[str, str], where: str) -> Trigger:
    """One lexicon row as a Trigger, or a LexiconError naming `where` (file:line) and the problem."""
    missing = [c for c in COLUMNS if row.get(c) is None]
    if missing or not row["lemma"].strip():
        raise LexiconError(f"{where}: missing column {', '.join(missing) or 'lemma'}")
    targets = frozenset(t for t in (row.get("target") or "").split("|") if t)
    problems = [f"unknown {column} {row[column]!r}" for column, known in (("type", TYPES), ("pos", POS), ("roles", ROLES))
                if row[column] not in known]
    problems += [f"unknown target {t!r}" for t in sorted(targets - TARGETS)]
    if problems:
        raise LexiconError(f"{where}: {'; '.join(problems)}")
    return Trigger(tuple(row["lemma"].lower().split()), row["pos"], row["type"], row["mode"] or None,
                   frozenset(r.strip() for r in row["requires"].split(",") if r.strip()), row["roles"], targets)


def triggers() -> list[Trigger]:
    """Every lexicon entry, validated, from the hand-written file and the Verb∋Net-derived one."""
    return [read_trigger(row, f"data/events/{name}:{n}") for name in LEXICON_FILES for n, row in _rows(name)]


@cache
def lexicon() -> dict[str, list[Trigger]]:
    """First lemma -> triggers starting with it: longest first, then those that need a context
    word before those that need none (the specific reading wins)."""
    table: dict[str, list[Trigger]] = {}
    for trigger in dict.fromkeys(triggers()):
        first = trigger.lemmas[0]
        for key in dict.fromkeys((first, first.replace("œ", "oe"))):  # "manœuvre" is also typed "manoeuvre"
            table.setdefault(key, []).append(trigger)
    for entries in table.values():
        entries.sort(key=lambda t: (-len(t.lemmas), not t.requires))
    return table


@cache
def governors() -> dict[str, str]:
    return {row["lemma"]: row["effect"] for row in data_rows("governors.tsv")}


@cache
def plover() -> dict[str, dict[str, Any]]:
    return {row["type"]: {"quad_class": int(row["quad_class"]), "quad_name": row["quad_name"],
                          "cameo_root": row["cameo_root"], "goldstein": float(row["goldstein"])}
            for row in data_rows("plover.tsv")}


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
    """Whether a required word is a dependent of the trigger (or stands up to two complements
    below one: "condamner un journaliste à dix ans de prison"), its head, or among the next three
    words; "au"/"aux" count as "à", "du"/"des" as "de"."""
    near = set()
    for child in token.children:
        near.add(lemma(child))
        near.add(child.lower_)
        for g in child.children:
            near.add(lemma(g))
            near.update(lemma(n) for n in g.children if n.dep_ == "nmod")
    near.add(lemma(token.head))
    near.update(lemma(t) for t in token.doc[token.i + 1: token.i + 4])
    near.update(CONTRACTIONS[w] for w in near & CONTRACTIONS.keys())
    if "se" in required and any(c.lower_ in REFLEXIVE and c.dep_.startswith(("expl", "obj")) for c in token.children):
        return True
    return bool(near & required)



def governing_effects(token: Token) -> set[str]:
    """Effects of the words governing `token` within its clause (future, absorb, ...), the noun
    an infinitive complements included ("le refus de la Serbie d'imposer des sanctions")."""
    parents = governing_path(token)
    parents += [noun for node in [token, *parents] if (noun := noun_of_infinitive(node)) is not None]
    return {effect for parent in parents if (effect := governors().get(lemma(parent)))}
