"""Line patterns loaded from the data files: boilerplate categories, credits and datelines."""
from __future__ import annotations

import re
import re._parser as sre_parse
import tomllib
from functools import cache, lru_cache
from importlib.resources import files
from re._casefix import _EXTRA_CASES


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


@cache
def update_markers() -> tuple[frozenset[str], re.Pattern]:
    """The markup names of modification dates, and the pattern of "Mis à jour" lines."""
    data = _load("datelines.toml")
    return frozenset(data["modified_keys"]), re.compile(data["update_line"], re.IGNORECASE)


FURNITURE_MAX_CHARS = 400


@cache
def _anchored_indices() -> tuple[int, ...]:
    """The patterns that only match at the line start."""
    return tuple(n for n, (_, pattern) in enumerate(boilerplate()) if _anchored(pattern))


@cache
def _floating_literals() -> tuple[frozenset[int], list[tuple[str, int]]]:
    """For the patterns that may match anywhere in a line: the indices of those to search
    in every line, and (literal, index) pairs for the others, which a line cannot match
    unless its `caseless` form contains one of their required literals."""
    everywhere, literals = set(), []
    for n, (_, pattern) in enumerate(boilerplate()):
        if _anchored(pattern):
            continue
        required = required_literals(pattern)
        if required is None:
            everywhere.add(n)
        literals += [(literal, n) for literal in required or ()]
    return frozenset(everywhere), literals


def _floating_candidates(folded: str) -> tuple[int, ...]:
    """Indices, in file order, of the floating patterns a line (in caseless form) may match."""
    everywhere, literals = _floating_literals()
    return tuple(sorted(everywhere.union([n for literal, n in literals if literal in folded])))


@lru_cache(maxsize=256)
def _alternation(indices: tuple[int, ...]) -> re.Pattern:
    """The given boilerplate patterns, in file order, as one alternation of groups named
    after their category."""
    patterns = boilerplate()
    branches = [f"(?P<{patterns[n][0]}__{n}>{_NAMED.sub('(?:', patterns[n][1].pattern)})" for n in indices]
    return re.compile("|".join(branches), re.IGNORECASE)


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


def required_literals(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Strings, in `caseless` form, one of which is in the caseless form of every line
    the case-insensitive pattern matches; None when no such strings can be told."""
    found = _required(sre_parse.parse(pattern.pattern, pattern.flags))
    if not found:
        return None
    return tuple(sorted(literal for literal in found if not any(o != literal and o in literal for o in found)))


def _required(items) -> set[str] | None:
    """Required literals of a sequence of parsed regex items: the most selective of its
    literal runs and of its mandatory sub-expressions' requirements."""
    options: list[set[str]] = []
    run = ""
    for op, value in items:
        char = chr(value) if op is sre_parse.LITERAL else None
        if char is not None and _caseless_safe(char):
            run += caseless(char)
            continue
        if run:
            options.append({run})
            run = ""
        if op is sre_parse.IN and all(o is sre_parse.LITERAL and _caseless_safe(chr(v)) for o, v in value):
            options.append({caseless(chr(v)) for _, v in value})
        elif op is sre_parse.SUBPATTERN:
            options.append(_required(value[-1]))
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT) and value[0] >= 1:
            options.append(_required(value[2]))
        elif op is sre_parse.BRANCH:
            branches = [_required(branch) for branch in value[1]]
            options.append(set().union(*branches) if all(branches) else None)
    if run:
        options.append({run})
    known = [option for option in options if option]
    return max(known, key=lambda option: (min(map(len, option)), -len(option)), default=None)


# Characters the regex engine also takes for another one when ignoring case (as "ı" for
# "i", "ſ" for "s"), mapped to one of them; a combining dot is dropped, so that "İ",
# lowercased to "i" and a combining dot, reads as the "i" it matches.
_FOLD = {x: chr(min(k, *others)) for k, others in _EXTRA_CASES.items() for x in (k, *others)
         if x != min(k, *others)} | {0x307: None}
_FOLDED = re.compile("[" + "".join(re.escape(chr(x)) for x in _FOLD) + "]")  # rare: most lines need no translating


def caseless(text: str) -> str:
    """`text` lowercased and folded so that a literal the case-insensitive regex engine
    finds in a line is a substring of the line in this form."""
    text = text.lower()
    return text.translate(_FOLD) if _FOLDED.search(text) else text


def _caseless_safe(char: str) -> bool:
    """Whether a literal character can be looked for in caseless form."""
    return len(char.lower()) == 1 and ord(char) != 0x307


def line_category(line: str) -> str | None:
    """The boilerplate category of one stripped line, or None when it may be article text.

    The rule is that of one alternation of all patterns in file order: the earliest
    match wins, then the first pattern. The patterns anchored at the line start are
    tried with `match`, which never scans the line; the others are searched only in
    short lines (page furniture is short, and searching prose paragraphs was most of the
    cost), and only those whose required literals the line holds."""
    m = _alternation(_anchored_indices()).match(line)
    if m is None and len(line) <= FURNITURE_MAX_CHARS and (floating := _floating_candidates(caseless(line))):
        m = _alternation(floating).search(line)
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
