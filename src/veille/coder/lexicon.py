"""The event lexicon: trigger words and the words governing them, read and validated from
veille/data/events, and matched against parsed tokens."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from spacy.tokens import Token

from .grammar import governing_path, lemma
from .words import REFLEXIVE


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



def governing_effects(token: Token) -> set[str]:
    """Effects of the words governing `token` within its clause (future, absorb, ...)."""
    return {effect for parent in governing_path(token) if (effect := governors().get(lemma(parent)))}
