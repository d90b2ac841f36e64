"""Text cut into runs for highlighting: each run a piece of the text with the marks over
it (event sentence, trigger, quote, actor, recipient). The templates escape every run;
nothing here builds HTML."""
from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Any


def runs(text: str, spans: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`text` cut at every span boundary. A span is {"start", "end", "kind", ...}; a run
    is {"text", "kinds": set of kinds, "spans": the spans over it, first started first}."""
    cuts = sorted({0, len(text), *(s["start"] for s in spans), *(s["end"] for s in spans)})
    cuts = [c for c in cuts if 0 <= c <= len(text)]
    out = []
    for start, end in zip(cuts, cuts[1:]):
        over = [s for s in spans if s["start"] <= start and end <= s["end"]]
        out.append({"text": text[start:end], "start": start, "kinds": {s["kind"] for s in over}, "spans": over})
    return out


@cache
def _names_by_code() -> dict[str, list[tuple[str, bool]]]:
    """Actor code -> the dictionary's phrases for it, (phrase, any case), longest first."""
    from ..actors import get_dictionary

    names: dict[str, set[tuple[str, bool]]] = {}
    for phrase, actor, any_case in get_dictionary().entries():
        for code in {*actor.codes, *(r.code for r in actor.roles)}:
            names.setdefault(code, set()).add((phrase, any_case))
    return {code: sorted(found, key=lambda p: -len(p[0])) for code, found in names.items()}


def actor_spans(sentence: str, actors: list[str], recipients: list[str]) -> list[dict[str, Any]]:
    """Where the sentence names the event's actors and recipients (dictionary phrases,
    whole words, longest first, no overlaps)."""
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for kind, codes in (("actor", actors), ("recipient", recipients)):
        for code in codes:
            for phrase, any_case in names(code):
                pattern = re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE if any_case else 0)
                for match in pattern.finditer(sentence):
                    if any(match.start() < e and s < match.end() for s, e in taken):
                        continue
                    taken.append(match.span())
                    found.append({"start": match.start(), "end": match.end(), "kind": kind, "code": code})
    return found


def names(code: str) -> list[tuple[str, bool]]:
    return _names_by_code().get(code, [])


def profile(code: str) -> dict[str, Any]:
    """What the actor dictionary knows of a code: its names (by kind) and the persons who
    held a dated role for it, latest first."""
    from ..actors import get_dictionary

    kinds: dict[str, set[str]] = {}
    roles: dict[tuple, dict[str, Any]] = {}
    for _, actor, _ in get_dictionary().entries():
        if code in actor.codes and actor.kind != "person":
            kinds.setdefault(actor.kind, set()).add(actor.name)
        for role in actor.roles:
            if role.code == code:
                roles[(actor.name, role.role, role.start)] = {
                    "name": actor.name, "role": role.role, "start": role.start, "end": role.end}
    return {"code": code, "names": {kind: sorted(found) for kind, found in sorted(kinds.items())},
            "roles": sorted(roles.values(), key=lambda r: (r["start"] or date.min, r["name"]), reverse=True)}
