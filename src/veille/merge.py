"""One event from many reports: when two articles tell the same happening. Reports merge
when they have the same type, overlapping participants, dates compatible at their
granularity and the same place when both name one; a meeting's sides are pooled."""
from __future__ import annotations

from dataclasses import dataclass, field

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


def agreement(report: Happening, merged: Happening) -> dict[str, object]:
    """Field by field, how a report agrees with a merged event: what `veille event --why` shows."""
    return {
        "type": report.type == merged.type,
        "participants": sorted(shared_sides(report, merged) or []),
        "date": dates_compatible(report.date, merged.date),
        "place": not report.country or not merged.country or report.country == merged.country,
    }


def joins(report: Happening, merged: Happening) -> bool:
    checks = agreement(report, merged)
    return bool(checks["type"] and checks["participants"] and checks["date"] and checks["place"])


def best_match(report: Happening, candidates: dict[str, Happening]) -> str | None:
    """The id of the merged event the report belongs to: most shared participants, then
    the same date at the finest granularity."""
    matching = [(len(shared_sides(report, m) or ()), report.date == m.date, merged_id)
                for merged_id, m in candidates.items() if joins(report, m)]
    return max(matching)[2] if matching else None


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
