"""Line patterns loaded from the data files: boilerplate categories, credits and datelines."""
from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib.resources import files


def _load(name: str) -> dict:
    return tomllib.loads((files("veille") / "data" / name).read_text(encoding="utf-8"))


@cache
def boilerplate() -> list[tuple[str, re.Pattern]]:
    """(category, pattern) pairs in file order."""
    return [(category, re.compile(p, re.IGNORECASE))
            for category, table in _load("boilerplate.toml").items() for p in table["patterns"]]


@cache
def datelines() -> list[re.Pattern]:
    return [re.compile(p) for p in _load("datelines.toml")["patterns"]]


FURNITURE_MAX_CHARS = 400


@cache
def _combined() -> tuple[re.Pattern, re.Pattern]:
    """All boilerplate patterns as two alternations, so a line costs at most two regex
    calls: those anchored at the line start, tried with `match` (which never scans the
    line), and the others with `search`. Each branch is a group named after its category."""
    anchored, floating = [], []
    for n, (category, pattern) in enumerate(boilerplate()):
        source = _NAMED.sub("(?:", pattern.pattern)
        if _anchored(pattern):
            anchored.append(f"(?P<{category}__{n}>{source[1:]})")
        else:
            floating.append(f"(?P<{category}__{n}>{source})")
    return re.compile("|".join(anchored), re.IGNORECASE), re.compile("|".join(floating), re.IGNORECASE)


_NAMED = re.compile(r"[(][?]P<\w+>")


def _anchored(pattern: re.Pattern) -> bool:
    """Whether the pattern opens with "^" outside any alternation, so that it only matches
    at the line start: "^A|B" does not (its "B" may match anywhere)."""
    source = pattern.pattern
    if not source.startswith("^"):
        return False
    depth, in_class, escaped = 0, False, False
    for char in source:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return False
    return True


def line_category(line: str) -> str | None:
    """The boilerplate category of one stripped line, or None when it may be article text.
    Patterns that may match inside a line are not searched in long lines: page furniture
    is short, and searching prose paragraphs is most of the cost."""
    anchored, floating = _combined()
    m = anchored.match(line) or (floating.search(line) if len(line) <= FURNITURE_MAX_CHARS else None)
    return m.lastgroup.split("__")[0] if m else None


def credited_outlet(line: str) -> str | None:
    """The outlet a credit line names ("Source : MAP", "(Selon Reuters)", "(AFP)")."""
    for category, pattern in boilerplate():
        if category == "credit" and (m := pattern.search(line)) and m.groupdict().get("outlet"):
            return m.group("outlet").strip()
    return None


def dateline(line: str) -> re.Match | None:
    """A dateline opening the line, with groups `outlet` and maybe `date` and `place`."""
    for pattern in datelines():
        if m := pattern.match(line):
            return m
    return None
