"""Line patterns loaded from the data files: boilerplate categories, credits and datelines."""
from __future__ import annotations

import re
import re._constants
import re._parser
import tomllib
from dataclasses import dataclass
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


# Non-ASCII characters that a case-insensitive pattern letter matches ("ı" for "i",
# "ſ" for "s", the Kelvin sign for "k"): the lower-cased line hides them from the
# literal prefilter below, so lines holding one skip it (tests/test_patterns_prefilter.py
# checks this list against the regex engine).
ASCII_LOOKALIKES = "İıſ\u212a"


@dataclass(slots=True, frozen=True)
class _Rule:
    """One boilerplate pattern, with a necessary condition that is cheap to test: a
    match that does not start at the line's first character contains, in every clause,
    one of the clause's (lower-case ASCII) strings."""

    order: int
    category: str
    pattern: re.Pattern
    clauses: tuple[tuple[str, ...], ...]


@dataclass(slots=True, frozen=True)
class _Matcher:
    anchored: re.Pattern | None  # patterns that only match at the start of a line, as one alternation
    anchored_rules: tuple[_Rule, ...]  # by branch number of `anchored`
    floating: tuple[_Rule, ...]  # the others, in file order


@cache
def _matcher() -> _Matcher:
    anchored, floating = [], []
    for order, (category, pattern) in enumerate(boilerplate()):
        items = re._parser.parse(pattern.pattern, pattern.flags).data
        other_flags = pattern.flags & ~(re.IGNORECASE | re.UNICODE)
        # with MULTILINE, "^" also matches after a line break: no claim about where a match starts
        clauses = [] if other_flags & re.MULTILINE else _clauses(items, bool(pattern.flags & re.IGNORECASE))
        rule = _Rule(order, category, pattern, tuple(c for c in clauses if c))
        joinable = () in clauses and not other_flags and not _has_groupref(items)
        (anchored if joinable else floating).append(rule)
    # one branch per pattern, named after its position; the patterns' own names go
    branches = [f"(?P<r{n}>{_UNNAMED.sub('(?:', rule.pattern.pattern)})" for n, rule in enumerate(anchored)]
    combined = re.compile("|".join(branches), re.IGNORECASE) if branches else None
    return _Matcher(combined, tuple(anchored), tuple(floating))


_UNNAMED = re.compile(r"[(][?]P<\w+>")


def line_category(line: str) -> str | None:
    """The boilerplate category of one stripped line, or None when it may be article text.

    The result is that of searching all patterns as one alternation in file order (the
    leftmost match wins, then the earliest pattern). Patterns that only match at the
    line start are tried together; each of the others is searched only when the line
    holds its required literals, and otherwise only tried at the line start."""
    matcher = _matcher()
    m = matcher.anchored.match(line) if matcher.anchored else None
    first = matcher.anchored_rules[int(m.lastgroup[1:])] if m else None
    best: _Rule | None = first
    best_start = 0 if first else len(line) + 1
    low: str | None = None
    for rule in matcher.floating:
        if first is not None:
            if rule.order > first.order:
                break
            if rule.pattern.match(line):  # an earlier pattern also matching at the start wins
                return rule.category
            continue
        if rule.clauses and low is None:
            lookalike = not line.isascii() and any(c in line for c in ASCII_LOOKALIKES)
            low = "" if lookalike else line.lower()  # "": the prefilter cannot be trusted
        if rule.clauses and low and not all(any(s in low for s in clause) for clause in rule.clauses):
            found = rule.pattern.match(line)  # a match can only start the line
        else:
            found = rule.pattern.search(line)
        if found and found.start() < best_start:
            best, best_start = rule, found.start()
            if best_start == 0:
                break
    return best.category if best else None


_AT_START = (re._constants.AT_BEGINNING, re._constants.AT_BEGINNING_STRING)
_REPEATS = (re._constants.MAX_REPEAT, re._constants.MIN_REPEAT, getattr(re._constants, "POSSESSIVE_REPEAT", None))


def _clauses(items, ignorecase: bool) -> list[tuple[str, ...]]:
    """What any match of a parsed pattern sequence needs, as clauses (each: one of these
    lower-case ASCII strings occurs in the line); the empty clause () means the match
    starts at the start of the line. Unknown constructs add no clause."""
    c = re._constants
    clauses: list[tuple[str, ...]] = []
    run = ""
    for op, av in items:
        if op is c.LITERAL and av < 128:
            run += chr(av).lower()
            continue
        if run:
            clauses.append((run,))
            run = ""
        if op is c.AT and av in _AT_START:
            clauses.append(())
        elif op is c.SUBPATTERN and not av[1] & re.MULTILINE:
            _, add, remove, body = av
            clauses += _clauses(body.data, bool((ignorecase or add & re.IGNORECASE) and not remove & re.IGNORECASE))
        elif op is c.ATOMIC_GROUP:
            clauses += _clauses(av.data, ignorecase)
        elif op in _REPEATS and av[0] >= 1:
            clauses += _clauses(av[2].data, ignorecase)
        elif op is c.BRANCH:
            union: set[str] = set()
            for alternative in av[1]:
                found = _clauses(alternative.data, ignorecase)
                if () in found:
                    continue  # this alternative only matches at the start
                if not found:
                    break  # an alternative with no requirement: the branch has none
                union.update(max(found, key=lambda clause: min(map(len, clause))))
            else:
                clauses.append(tuple(sorted(union)) if union else ())
        elif op is c.IN and all(o is c.LITERAL and a < 128 for o, a in av):
            clauses.append(tuple(sorted({chr(a).lower() for _, a in av})))
    if run:
        clauses.append((run,))
    return clauses


def _has_groupref(items) -> bool:
    """Whether a parsed pattern refers back to a group (it cannot join an alternation)."""
    c = re._constants
    for op, av in items:
        if op in (c.GROUPREF, c.GROUPREF_EXISTS, c.GROUPREF_IGNORE):
            return True
        for sub in av if isinstance(av, (tuple, list)) else (av,):
            subs = sub if isinstance(sub, list) else [sub]
            if any(isinstance(s, re._parser.SubPattern) and _has_groupref(s.data) for s in subs):
                return True
    return False


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
