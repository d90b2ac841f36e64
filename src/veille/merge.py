"""One event from many reports: when two articles tell the same happening. Reports merge
when they have the same type, overlapping participants, dates compatible at their
granularity and the same place when both name one; a meeting's sides are pooled."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

SYMMETRIC = {"CONSULT", "COOPERATE"}  # participants may sit on either side


@dataclass(slots=True)
class Happening:
    """What merging compares: an article's event, or a merged event."""

    type: str
    actors: list[str]
    recipients: list[str] = field(default_factory=list)
    date: str | None = None
    country: str | None = None  # the place's ISO alpha-3 code

    @property
    def participants(self) -> set[str]:
        return set(self.actors) | set(self.recipients)


def effective_date(event_date: str | None, published: str | None) -> str | None:
    """The event's own date, else the day its article was published (full dates only)."""
    if event_date:
        return event_date
    return published if published and len(published) == 10 and published[:4].isdigit() else None


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Unknown, or equal at the coarser granularity ("2014" holds "2014-03"); a date
    without a year ("--01-12") agrees with any year's 12 January."""
    if not a or not b:
        return True
    if a.startswith("--") or b.startswith("--"):
        return len(a) >= 7 and len(b) >= 7 and a[-5:] == b[-5:] and (len(a) == 10 or len(b) == 10
                                                                       or a.startswith("--") and b.startswith("--"))
    return a.startswith(b) or b.startswith(a)


def shared_sides(report: Happening, merged: Happening) -> set[str] | None:
    """The participants the two share, or None when their sides do not overlap enough."""
    if report.type in SYMMETRIC:
        shared = report.participants & merged.participants
        need = 2 if min(len(report.participants), len(merged.participants)) >= 2 else 1
        return shared if len(shared) >= need else None
    sources = set(report.actors) & set(merged.actors)
    if not sources:
        return None
    if report.recipients and merged.recipients and not set(report.recipients) & set(merged.recipients):
        return None
    return sources | (set(report.recipients) & set(merged.recipients))


def same_place(a: Happening, b: Happening) -> bool:
    """The same country, or one of them unknown."""
    return not a.country or not b.country or a.country == b.country


def agreement(report: Happening, merged: Happening) -> dict[str, object]:
    """Field by field, how a report agrees with a merged event: what `veille event --why` shows."""
    return {
        "type": report.type == merged.type,
        "participants": sorted(shared_sides(report, merged) or []),
        "date": dates_compatible(report.date, merged.date),
        "place": same_place(report, merged),
    }


def joins(report: Happening, merged: Happening) -> bool:
    """Whether the report agrees with the merged event on every field of `agreement`,
    cheapest checks first: a batch's reports try thousands of candidates."""
    return (report.type == merged.type and dates_compatible(report.date, merged.date) and same_place(report, merged)
            and bool(shared_sides(report, merged)))


def best_match(report: Happening, candidates: dict[str, Happening]) -> str | None:
    """The id of the merged event the report belongs to: most shared participants, then
    the same date at the finest granularity."""
    matching = [(len(shared_sides(report, m) or ()), report.date == m.date, merged_id)
                for merged_id, m in candidates.items() if joins(report, m)]
    return max(matching)[2] if matching else None


def _is_full(date: str) -> bool:
    return len(date) == 10 and date[:4].isdigit()


def filing_keys(date: str | None) -> set[str]:
    """The date keys a merged event of this date is filed under, so that `lookup_keys` of
    every date compatible with it (see `dates_compatible`) finds at least one of them."""
    if not date:
        return {"any", "on:"}
    keys = {"any", f"on:{date}"}
    if not date.startswith("--"):
        keys |= {f"in:{date[:n]}" for n in (4, 7) if n < len(date)}
    if _is_full(date):
        keys.add(f"md:{date[-5:]}")
    return keys


def lookup_keys(date: str | None) -> set[str]:
    """The date keys to look under for the merged events a report of this date may join:
    the same date, a coarser one it falls in, a finer one in it, none, or the same day
    without a year. A superset: `joins` decides."""
    if not date:
        return {"any"}
    if date.startswith("--"):
        return {"on:", f"on:{date}", f"md:{date[-5:]}"}
    keys = {"on:", f"on:{date}", f"in:{date}"} | {f"on:{date[:n]}" for n in (4, 7) if n < len(date)}
    if _is_full(date):
        keys.add(f"on:--{date[-5:]}")
    return keys


def index_keys(type_: str, codes: Iterable[str], date_keys: Iterable[str]) -> set[int]:
    """Lookup keys of (type, participant, date key), as 64-bit hashes: compact to store,
    quick to join; a collision only adds a candidate that `joins` turns down."""
    date_keys = list(date_keys)
    return {_index_key(type_, code, key) for code in codes for key in date_keys}


@lru_cache(maxsize=1 << 14)
def _index_key(type_: str, code: str, date_key: str) -> int:
    """Cached: a batch's reports and the merged events they touch ask for the same keys ten
    times over."""
    return int.from_bytes(hashlib.blake2b(f"{type_}|{code}|{date_key}".encode(), digest_size=8).digest(), "little")


def report_keys(report: Happening) -> set[int]:
    """Where to look for the merged events the report may join."""
    return index_keys(report.type, report.participants, lookup_keys(report.date))


@dataclass(slots=True)
class Merged:
    """A merged event while a batch of reports is matched: what later reports compare to."""

    id: str
    happening: Happening
    location: str | None = None
    stored: bool = False  # in the store before the batch
    stored_keys: set[int] | None = None  # its keys in the store, set once it changes (new: none)

    def keys(self) -> set[int]:
        m = self.happening
        return index_keys(m.type, m.participants, filing_keys(m.date))


class Merger:
    """Matches a batch of reports against the merged events that could take them, one
    report after the other, so a batch gives what reports stored one by one would: a
    merged event started or refined by a report is found by the reports after it."""

    def __init__(self, candidates: Iterable[tuple[Merged, Iterable[int]]]):
        """`candidates`: stored merged events, each with the keys it was found under."""
        self.merged: dict[str, Merged] = {}
        self._index: dict[int, set[str]] = {}
        self.touched: dict[str, Merged] = {}  # in order of first touch
        self.new_sides: list[tuple[str, str, str]] = []  # (merged id, side, code)
        for merged, keys in candidates:
            self._file(merged, keys)

    def _file(self, merged: Merged, keys: Iterable[int]) -> None:
        self.merged[merged.id] = merged
        for key in keys:
            self._index.setdefault(key, set()).add(merged.id)

    def add(self, report_id: str, report: Happening, location: str | None = None,
            keys: set[int] | None = None) -> str:
        """File one report (`keys`: its `report_keys`, when known); returns the id of the
        merged event it joins or starts."""
        found = set().union(*(self._index.get(key, ()) for key in (keys or report_keys(report))))
        merged_id = best_match(report, {i: self.merged[i].happening for i in found})
        if merged_id is None:
            merged_id = "m" + hashlib.sha1(report_id.encode()).hexdigest()[:15]
            merged = Merged(merged_id, Happening(report.type, [], [], report.date, report.country), location,
                            stored_keys=set())
        else:
            merged = self.merged[merged_id]
        if self._refine(merged, report, location):
            self._file(merged, merged.keys())
        self.touched[merged_id] = merged
        return merged_id

    def _refine(self, merged: Merged, report: Happening, location: str | None) -> bool:
        """Take the report's finer date, its place if none yet, and its new participants;
        returns whether the date or the participants (what the event is filed by) changed."""
        m = merged.happening
        merged.location = merged.location if merged.location is not None else location
        m.country = m.country if m.country is not None else report.country
        finer_date = len(report.date or "") > len(m.date or "")
        new_sides = [(side, code) for side, codes, own in (("source", report.actors, m.actors),
                                                           ("target", report.recipients, m.recipients))
                     for code in dict.fromkeys(codes) if code not in own]
        if not (finer_date or new_sides):
            return False
        if merged.stored_keys is None:
            merged.stored_keys = merged.keys()
        if finer_date:
            m.date = report.date
        for side, code in new_sides:
            (m.actors if side == "source" else m.recipients).append(code)
            self.new_sides.append((merged.id, side, code))
        return True

    def new_keys(self) -> list[tuple[int, str]]:
        """(key, merged id) rows the store lacks for the merged events touched."""
        return [(key, m.id) for m in self.touched.values() if m.stored_keys is not None
                for key in sorted(m.keys() - m.stored_keys)]


def explain(merged: dict, reports: list[dict]) -> list[dict]:
    """Each report of a merged event with how it agrees with it, field by field."""
    target = Happening(merged["type"], merged["actors"], merged["recipients"], merged["date"],
                       merged["location_country"])
    explained = []
    for report in reports:
        told = Happening(report["type"], report["actors"] or [], report["recipients"] or [],
                         effective_date(report["date"], report["published"]), report["location_country"])
        explained.append(report | {"agreement": agreement(told, target)})
    return explained
