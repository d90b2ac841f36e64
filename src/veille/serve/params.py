"""Checks of the filters a request gives, with a message naming the parameter: the API
answers 400 with it, a page shows it above the form. (The command line checks the same
filters its own way; both could share this one day.)"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from ..analytics import PERIODS
from .. import filters
from ..coder import plover

CONTEXTS = ("historical", "future", "hypothetical", "negation")
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{1,15}$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MAX_TEXT = 200  # characters of a search or a place name


class BadParameter(ValueError):
    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


def code(name: str, value: str | None) -> str | None:
    if not value:
        return None
    if not _CODE.match(value):
        raise BadParameter(name, f"expected an actor code such as RUS or NATO, not {value!r}")
    return value.upper()


def day(name: str, value: str | None) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD, a real date."""
    if not value:
        return None
    match = _DATE.match(value)
    try:
        if not match:
            raise ValueError
        year, month, day_ = (int(g) if g else 1 for g in match.groups())
        date(year, month, day_)
    except ValueError:
        raise BadParameter(name, f"expected YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}") from None
    return value


def text(name: str, value: str | None) -> str | None:
    if not value:
        return None
    if len(value) > MAX_TEXT:
        raise BadParameter(name, f"at most {MAX_TEXT} characters")
    return value


def choice(name: str, value: str | None, choices: tuple[str, ...]) -> str | None:
    if not value:
        return None
    if value not in choices:
        raise BadParameter(name, f"expected one of {', '.join(choices)}, not {value!r}")
    return value


def period(value: str) -> str:
    return choice("by", value, tuple(PERIODS)) or "month"


def dyad(value: str | None) -> tuple[str, str] | None:
    if not value:
        return None
    try:
        pair = filters.dyad(value)
    except ValueError as error:
        raise BadParameter("dyad", str(error)) from None
    return code("dyad", pair[0]), code("dyad", pair[1])


def event_filters(*, actor: str | None = None, recipient: str | None = None, dyad_: str | None = None,
                  type: str | None = None, since: str | None = None, until: str | None = None,
                  context: str | None = None, party: str | None = None, country: str | None = None,
                  location: str | None = None, factual: bool = False, q: str | None = None) -> dict[str, Any]:
    """The checked filters of an events list, as keyword arguments for `serve.store`."""
    if type and type.upper() not in plover():
        raise BadParameter("type", f"expected a PLOVER type ({', '.join(plover())}), not {type!r}")
    filters = {"actor": code("actor", actor), "recipient": code("recipient", recipient), "dyad": dyad(dyad_),
               "type": type.upper() if type else None, "since": day("since", since), "until": day("until", until),
               "context": choice("context", context, CONTEXTS), "party": code("party", party),
               "country": code("country", country), "location": text("location", location),
               "factual": factual, "q": text("q", q)}
    return {k: v for k, v in filters.items() if v}
