"""The filters an analyst types, read strictly: dates in ISO form (whole or partial),
types and contexts from their closed lists, actors by code or by name in French or
English through the actor dictionary. A value that cannot be read is an error saying
why (with the nearest valid values), never a query that silently matches nothing.
The command line and `veille serve` read their filters here, so both accept and refuse
the same values with the same messages."""
from __future__ import annotations

import csv
import datetime as dt
import difflib
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

from .places import fold

# What the coder may add to an event's reading (see README, "Output").
CONTEXTS = ("historical", "future", "hypothetical", "negation")
MAX_TEXT = 200  # characters of a search or a place name
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class FilterError(ValueError):
    """A filter value that cannot be read; the message says which and why, `parameter`
    names the filter when it was read by name (see `read`)."""

    def __init__(self, message: str, parameter: str | None = None):
        super().__init__(message)
        self.parameter = parameter


@cache
def event_types() -> tuple[str, ...]:
    """The PLOVER types, from the table the coder reads."""
    text = (files("veille") / "data" / "events" / "plover.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(row["type"] for row in csv.DictReader(lines, delimiter="\t"))


def date(value: str) -> str:
    """A date as YYYY, YYYY-MM or YYYY-MM-DD that exists on the calendar."""
    text = value.strip()
    if _PARTIAL_DATE.fullmatch(text):
        parts = [int(p) for p in text.split("-")] + [1, 1]
        try:
            dt.date(*parts[:3])
            return text
        except ValueError:
            pass
    raise FilterError(f"{value!r} is not a date: expected YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2024-03-12)")


def event_type(value: str) -> str:
    return _one_of(value.strip().upper(), event_types(), "PLOVER type")


def context(value: str) -> str:
    return _one_of(value.strip().lower(), CONTEXTS, "context")


def period(value: str) -> str:
    """A period of a time series: day, week, month, quarter or year."""
    from .analytics import PERIODS  # pandas: loaded only by the commands that chart
    return _one_of(value.strip().lower(), tuple(PERIODS), "period")


def text(value: str) -> str:
    """Words to search for, or a place as named: any text that is not too long."""
    if len(value) > MAX_TEXT:
        raise FilterError(f"at most {MAX_TEXT} characters, not {len(value)}")
    return value


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value in allowed:
        return value
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.5)
    hint = f"did you mean {close[0]}? " if close else ""
    raise FilterError(f"unknown {what} {value!r}: {hint}expected one of {', '.join(allowed)}")


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor of the dictionary as `veille actors` lists it."""

    name: str
    kind: str
    codes: tuple[str, ...]
    roles: tuple[Any, ...]  # actors.Role, dated; persons only

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "codes": list(self.codes),
                "roles": [{"code": r.code, "role": r.role, "start": r.start and r.start.isoformat(),
                           "end": r.end and r.end.isoformat()} for r in self.roles]}


class ActorIndex:
    """The actor dictionary by folded name (case, accents and hyphens ignored) and by code."""

    def __init__(self) -> None:
        from .actors import get_dictionary
        self.by_name: dict[str, list[ActorEntry]] = {}
        self.codes: set[str] = set()
        for phrase, actor, _ in get_dictionary().entries():
            codes = actor.codes or tuple(dict.fromkeys(r.code for r in actor.roles))
            entry = ActorEntry(actor.name, actor.kind, codes, actor.roles)
            self.codes.update(codes)
            entries = self.by_name.setdefault(fold(phrase), [])
            if entry not in entries:
                entries.append(entry)

    def resolve(self, value: str) -> str:
        """A code from a code or a name: 'rus', 'Russie', 'Russia' -> RUS."""
        text = value.strip()
        if text.upper() in self.codes:
            return text.upper()
        named = self.by_name.get(fold(text), [])
        entries = [e for e in named if e.kind != "demonym"] or named
        codes = sorted({c for e in entries for c in e.codes})
        if len(codes) == 1:
            return codes[0]
        if codes:
            raise FilterError(f"{value!r} names more than one actor ({', '.join(codes)}): give a code")
        close = difflib.get_close_matches(fold(text), list(self.by_name), n=1, cutoff=0.75)
        nearest = self.by_name[close[0]][0] if close else None
        hint = f"did you mean {nearest.name} ({'/'.join(nearest.codes)})? " if nearest else ""
        raise FilterError(f"unknown actor {value!r}: {hint}look codes up with `veille actors NAME`")

    def search(self, query: str, limit: int = 20) -> list[ActorEntry]:
        """Entries whose code is the query, or with a name that is it or contains it."""
        key = fold(query)
        found: list[ActorEntry] = []
        exact = self.by_name.get(key, [])
        coded = [e for entries in self.by_name.values() for e in entries if query.strip().upper() in e.codes
                 and e.kind in ("country", "organisation")]
        partial = [e for name, entries in sorted(self.by_name.items()) if key and key in name and name != key
                   for e in entries if e.kind != "demonym"]
        for entry in exact + coded + partial:
            if entry not in found:
                found.append(entry)
        return found[:limit]


@cache
def actor_index() -> ActorIndex:
    return ActorIndex()


def actor(value: str) -> str:
    return actor_index().resolve(value)


def dyad(value: str | tuple[str, str] | list[str]) -> tuple[str, str]:
    """'RUS:NATO', 'Russie:OTAN' or ('RUS', 'NATO') -> ('RUS', 'NATO')."""
    parts = value.split(":") if isinstance(value, str) else list(value)
    if len(parts) != 2 or not all(str(p).strip() for p in parts):
        raise FilterError(f"expected SOURCE:TARGET, e.g. RUS:NATO, not {value!r}")
    return actor(parts[0]), actor(parts[1])


# How each filter is read, by name: `veille events` and `veille serve`'s parameters.
_READERS = {"actor": actor, "recipient": actor, "party": actor, "speaker": actor, "country": actor, "dyad": dyad,
            "type": event_type, "since": date, "until": date, "context": context, "location": text, "q": text,
            "outlet": text, "by": period}


def read(name: str, value: Any, parameter: str | None = None) -> Any:
    """One filter value read by the rule of its `name` (None when none is given); an error
    names the `parameter` (by default the filter)."""
    if value in (None, ""):
        return None
    try:
        return _READERS[name](value)
    except FilterError as error:
        raise FilterError(str(error), parameter or name) from None


def event_filters(**filters: Any) -> dict[str, Any]:
    """Filters read strictly by name (`Store.events`' and those of `veille serve`'s lists,
    see `_READERS`); None, empty and false values are left out, names without a rule are
    kept as they are."""
    return {name: read(name, value) if name in _READERS else value
            for name, value in filters.items() if value not in (None, "", False)}
