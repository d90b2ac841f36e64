"""The actor dictionary: states, organisations, forums and persons with dated roles, read
from the data files in veille/data/actors and matched in spaCy documents."""
from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .nlp import get_nlp, join_capitalised_compounds, token_texts

DICTIONARY_VERSION = "2026.11"
SEAS = {"mer", "océan", "golfe"}  # "en mer du Japon", "l'océan Indien": a sea's name names no actor


@dataclass(frozen=True, slots=True)
class Role:
    code: str
    role: str
    start: date | None
    end: date | None

    def covers(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when < self.end)


@dataclass(frozen=True, slots=True)
class Actor:
    """One dictionary entry. States and organisations have one code; a forum has the codes
    of its sides; a person has dated roles and is coded by the one in force."""

    name: str
    kind: str  # country | capital (or an organisation's seat) | organisation | forum | group | person | demonym | metonym
    codes: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()

    def codes_at(self, when: date | None) -> tuple[str, ...]:
        if not self.roles:
            return self.codes
        if when is None:
            return (max(self.roles, key=lambda r: r.start or date.min).code,)
        for role in self.roles:
            if role.covers(when):
                return (role.code,)
        # between terms a person acts as a national of the state served nearest in time
        national = [r for r in self.roles if r.role not in ("io_leader", "io_official")] or list(self.roles)
        nearest = min(national, key=lambda r: min((abs((when - d).days) for d in (r.start, r.end) if d), default=0))
        return (nearest.code,)

    @property
    def is_place(self) -> bool:
        return self.kind in ("capital", "country")


@dataclass(frozen=True, slots=True)
class Mention:
    span: Span
    actor: Actor


def _rows(name: str) -> list[dict[str, str]]:
    text = (files("veille") / "data" / "actors" / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value and value.strip() else None


class ActorDictionary:
    """Phrases -> actors. Names of persons, countries, capitals and acronyms are matched
    case-sensitively ("Poutine" the president, not "poutine" the dish); demonyms and the
    long names of organisations in any case."""

    def __init__(self) -> None:
        self.exact: dict[str, list[Actor]] = {}
        self.folded: dict[str, list[Actor]] = {}
        self.anaphors = {row["lemma"]: row["code"] for row in _rows("anaphors.tsv")}
        self._load()

    def _add(self, phrase: str, actor: Actor, *, any_case: bool = False) -> None:
        table = self.folded if any_case else self.exact
        key = phrase.lower() if any_case else phrase
        entries = table.setdefault(key, [])
        if actor not in entries:
            entries.append(actor)

    def _load(self) -> None:
        from babel import Locale
        import pycountry

        for row in _rows("countries.tsv"):
            code = row["code"]
            country = Actor(row["names"].split("|")[0], "country", (code,))
            for name in _split(row["names"]):
                self._add(name, country)
            for demonym in _split(row["demonyms"]):
                self._add(demonym, Actor(demonym, "demonym", (code,)), any_case=True)
            for capital in _split(row["capitals"]):
                self._add(capital, Actor(capital, "capital", (code,)))
            for metonym in _split(row["metonyms"]):
                self._add(metonym, Actor(metonym, "metonym", (code,)))
        for alpha2, name in Locale("fr").territories.items():  # CLDR's everyday French names
            if (country := pycountry.countries.get(alpha_2=alpha2)) and name not in self.exact:
                self._add(name.replace("’", "'"), Actor(name, "country", (country.alpha_3,)))
                self._add(name.replace("'", "’"), Actor(name, "country", (country.alpha_3,)))
        for row in _rows("organisations.tsv"):
            sides = tuple(_split(row.get("sides")))
            actor = Actor(_split(row["names"])[0] if row["names"] else row["code"],
                          "forum" if sides else "organisation", sides or (row["code"],))
            for name in _split(row["names"]):
                self._add(name, actor, any_case=True)
            for acronym in _split(row["acronyms"]):
                self._add(acronym, actor)
        for row in _rows("collectives.tsv"):
            codes, kind = tuple(_split(row["codes"])), row["kind"]
            actor = Actor(row["name"], {"seat": "capital"}.get(kind, kind), codes)
            self._add(row["name"], actor, any_case=kind == "demonym")
        persons: dict[str, list[dict]] = {}
        for row in _rows("persons.tsv"):
            persons.setdefault(row["name"], []).append(row)
        for name, rows in persons.items():
            roles = tuple(sorted((Role(r["code"], r["role"], _date(r["start"]), _date(r["end"])) for r in rows),
                                 key=lambda r: r.start or date.min))
            person = Actor(name, "person", roles=roles)
            for variant in {name, *(v for r in rows for v in _split(r["variants"]))}:
                self._add(variant, person)
        for table in (self.exact, self.folded):  # both apostrophes, as texts use either
            for key in list(table):
                for other in (key.replace("'", "’"), key.replace("’", "'")):
                    table.setdefault(other, table[key])

    @cache
    def matcher(self, vocab) -> tuple[PhraseMatcher, PhraseMatcher]:

        nlp = get_nlp()

        def tokens(phrase: str) -> Doc:  # tokenized as the pipeline tokenizes texts
            return join_capitalised_compounds(nlp.make_doc(phrase))

        exact = PhraseMatcher(vocab, attr="ORTH")
        folded = PhraseMatcher(vocab, attr="LOWER")
        for key in self.exact:
            exact.add(key, [tokens(key)])
        for key in self.folded:
            folded.add(key, [tokens(key)])
        return exact, folded

    def find(self, doc: Doc) -> list[Mention]:
        """Longest non-overlapping dictionary mentions in `doc`."""
        exact, folded = self.matcher(doc.vocab)
        found = []
        for matcher, table, in ((exact, self.exact), (folded, self.folded)):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                found.append((start, end, table[key]))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        mentions, last_end = [], -1
        for start, end, actors in found:
            if start >= last_end and not _names_a_sea(doc, start):
                mentions.append(Mention(doc[start:end], _best(actors)))
                last_end = end
        covered = {i for m in mentions for i in range(m.span.start, m.span.end)}
        mentions += [m for i, text in enumerate(token_texts(doc))
                     if "-" in text and i not in covered and (m := self._compound(doc[i]))]
        return sorted(mentions, key=lambda m: m.span.start)

    def _compound(self, token) -> Mention | None:
        """"Russie-OTAN" names both sides, as a forum does."""
        parts = [self.lookup(part) for part in token.text.split("-")]
        codes = tuple(dict.fromkeys(c for actor in parts if actor and actor.kind != "person" for c in actor.codes))
        if not codes:
            return None
        return Mention(token.doc[token.i:token.i + 1], Actor(token.text, "forum" if len(codes) > 1 else "country", codes))

    def lookup(self, phrase: str) -> Actor | None:
        actors = self.exact.get(phrase) or self.folded.get(phrase.lower())
        return _best(actors) if actors else None

    def entries(self) -> Iterator[tuple[str, Actor, bool]]:
        """Every (phrase, actor, matched in any case) of the dictionary, for those who list
        it rather than match texts against it (`veille actors`, the dashboard)."""
        for table, any_case in ((self.exact, False), (self.folded, True)):
            for phrase, actors in table.items():
                for actor in actors:
                    yield phrase, actor, any_case


def _names_a_sea(doc: Doc, start: int) -> bool:
    """Whether the name at `start` is part of a sea's: "mer du Japon", "mer de Chine", "océan Indien"."""
    before = [t.lower_ for t in doc[max(start - 2, 0):start]]
    return bool(before) and (before[-1] in SEAS or len(before) == 2 and before[0] in SEAS and
                             before[1] in ("de", "du", "d'", "d’"))


def _best(actors: list[Actor]) -> Actor:
    """One actor for an ambiguous phrase: persons and organisations before places."""
    order = {"person": 0, "forum": 1, "organisation": 2, "group": 2, "country": 3, "metonym": 4, "capital": 5, "demonym": 6}
    return min(actors, key=lambda a: order.get(a.kind, 9))


@cache
def get_dictionary() -> ActorDictionary:
    return ActorDictionary()

