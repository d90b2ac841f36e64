"""Temporal expressions in French news, resolved against the publication date.

General-purpose date parsers miss the conventions of news writing: a bare "mercredi"
is the Wednesday of the publication week, "le 9 janvier" takes the year of
publication, "fin 2021" is a year with a modifier, while "29 membres" or
"de 2000 soldats" are not dates at all. This module is a small hand-written rule set:
each rule is a regular expression compiled once at import plus a function turning a
match into a `Timex`; overlapping matches are settled by keeping the longest.

Values follow the output contract (YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD when the year is
unknown), with TIMEX3 forms for what the contract has no form for: ISO weeks
("2022-W01"), week-ends ("2022-W01-WE") and decades ("199" for the 1990s).

Spans leave out the preposition that merely introduces a date ("en", "depuis", "le"
before a day number) but keep the words that change its meaning ("début juin 2014",
"la semaine dernière", "il y a deux jours", "Ce même mercredi").

The word lists (months, weekdays, number words, triggers) live in data/temporal.toml.
"""

from __future__ import annotations

import calendar
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib.resources import files

from .patterns import caseless, required_literals

__all__ = ["PartialDate", "Timex", "find_timexes", "infer_year", "parse_date", "resolve"]


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A calendar date any part of which may be unknown (datelines often lack the year)."""

    year: int | None
    month: int | None
    day: int | None
    weekday: int | None = None  # 0 = Monday

    def iso(self) -> str | None:
        """The contract's form: "2022-01-12", "2022-01", "2022", "--01-12", or None."""
        if self.year is None:
            if self.month and self.day:
                return f"--{self.month:02d}-{self.day:02d}"
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression: its exact span in the text and its resolved value."""

    text: str
    start: int
    end: int
    value: str | None  # default reading (past tense for weekdays and yearless dates)
    granularity: str  # "day" | "week" | "month" | "year" | "decade"
    kind: str  # "absolute" | "relative" | "weekday"
    modifier: str | None = None  # "start" | "mid" | "end" | "approx" | None

    def as_dict(self) -> dict:
        """The contract's `timexes` item (granularity and modifier are extra fields)."""
        out = {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "granularity": self.granularity,
        }
        if self.modifier:
            out["modifier"] = self.modifier
        return out


# --------------------------------------------------------------------------- word tables


def _fold(word: str) -> str:
    """Lower case without accents, so that "Février", "fevrier" and "FÉVRIER" meet."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _key(phrase: str) -> str:
    """Lookup key of a matched phrase: folded, one plain space, one kind of apostrophe."""
    return " ".join(re.sub("[’ʼ]", "'", _fold(phrase)).split())


_DATA = tomllib.loads((files("veille") / "data" / "temporal.toml").read_text(encoding="utf-8"))


def _table(name: str) -> dict:
    return {_key(k): v for k, v in _DATA[name].items()}


_MONTHS = _table("months")
_MONTH_ABBR = _table("month_abbreviations")
_MONTHS_EN = _table("months_en")
_WEEKDAYS = _table("weekdays")
_WEEKDAYS_EN = _table("weekdays_en")
_NUMBERS = _table("numbers")
_UNITS = _table("units")
_MODIFIERS = _table("modifiers")
_RELATIVE_DAYS = _table("relative_days")
_ANAPHORIC_DAYS = _table("anaphoric_days")
_AMBIGUOUS_MONTHS = {_key(w) for w in _DATA["ambiguous_months"]}
_COUNT_UNITS = {_key(w) for w in _DATA["counts"]["units"]}
_NOT_PLURAL = {_key(w) for w in _DATA["counts"]["not_plural"]}
_FUTURE_VERB = re.compile(_DATA["tense"]["future_pattern"])
_NOT_FUTURE = {_key(w) for w in _DATA["tense"]["not_future"]}
_PAST_AUXILIARIES = {_key(w) for w in _DATA["tense"]["past"]}


# --------------------------------------------------------------------------- regex pieces

_SP = r"[^\S\r\n]+"  # horizontal white space, no-break spaces included; never a line break
_SPO = r"[^\S\r\n]*"  # the same, optional
_AP = "['’ʼ]"
_L = r"(?<!\w)"
_R = r"(?!\w)"
_YEAR = r"(?:1[0-9]|20)\d\d"
_DAY = r"(?:1er|1ᵉʳ|premier|[12][0-9]|3[01]|0?[1-9])(?!\d)"
_PART_OF_DAY = r"(?:matin|soir|apr[eè]s-midi|midi|nuit)"
_PAST_FUTURE = r"(?:derni[eè]re?|pass[ée]e?|prochaine?)"


def _words(words: Iterable[str]) -> str:
    """Alternation of words in their written and unaccented spellings, longest first."""
    forms: set[str] = set()
    for word in words:
        forms.update({word, _fold(word)})
    return "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))


def _phrase(phrase: str) -> str:
    """A phrase as a regex tolerant of no-break spaces and typographic apostrophes."""
    return _SP.join(re.escape(w) for w in phrase.split()).replace("'", _AP)


def _trigger(phrases: Iterable[str], name: str) -> str:
    """Named group of introducing phrases, each with the space that follows it ("d'" has none)."""
    alts = [_phrase(p) + ("" if p.endswith("'") else _SP) for p in sorted(phrases, key=len, reverse=True)]
    return f"(?P<{name}>{'|'.join(alts)})"


_MONTH_FULL = f"(?:{_words(_DATA['months'])}){_R}"
_MONTH_ANY = rf"(?:{_MONTH_FULL}|(?:{_words(_DATA['month_abbreviations'])})\.)"
_WEEKDAY = f"(?:{_words(_DATA['weekdays'])}){_R}"
_MONTH_EN = f"(?:{_words(_DATA['months_en'])}){_R}"
_WEEKDAY_EN = f"(?:{_words(_DATA['weekdays_en'])}){_R}"
_NUMBER = rf"(?:\d{{1,3}}|(?:{_words(_DATA['numbers'])}){_R})"
_UNIT = f"(?:{_words(_DATA['units'])}){_R}"
_TRIGGERS = _trigger(_DATA["triggers"]["plain"], "trig")
_APPROX = _trigger(_DATA["triggers"]["approx"], "approx")
_MOD = (
    rf"(?P<mod>(?:{_words(k for k in _DATA['modifiers'] if k != 'mi')})"
    rf"(?:{_SP}(?:du{_SP}mois{_SP})?de{_SP}|{_SPO}d{_AP}|{_SP})|mi[-‑]{_SPO})"
)
_RANGE_SEP = rf"(?:{_SPO}[-–]{_SPO}|{_SP}(?:et|au|à|ou){_SP})"  # "les 20 et 21 avril"
_SPAN_SEP = rf"(?:{_SPO}[-–]{_SPO}|{_SP}au{_SP})"  # "du 30 avril au 2 mai"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# "vendredi 21 Juin 2024", "le 1er mars", "les 20 et 21 avril", "du 30 décembre au 2 janvier 2022"
_DAY_MONTH_RE = _compile(
    rf"(?<![\w.,/-])(?P<t>(?:(?P<wd>{_WEEKDAY}),?{_SP})?(?P<d1>{_DAY})"
    rf"(?:{_RANGE_SEP}(?:{_WEEKDAY}{_SP})?{_DAY})?{_SP}(?P<m1>{_MONTH_ANY})"
    rf"(?:{_SPAN_SEP}(?:{_WEEKDAY}{_SP})?{_DAY}{_SP}(?P<m2>{_MONTH_ANY}))?"
    rf"(?:,?{_SP}(?P<y>{_YEAR})(?!\d)|{_SP}(?P<rel>{_PAST_FUTURE}){_R})?)"
)
# "21/06/2024", "21.06.2024", "21-06-2024", "21/06/24", "lundi 10/01/2022"
_NUMERIC_RE = _compile(
    rf"(?<![\w./-])(?P<t>(?:(?P<wd>{_WEEKDAY}),?{_SP})?(?P<d>[0-3]?\d)(?P<sep>[/.-])(?P<mo>[0-3]?\d)(?P=sep)(?P<y>{_YEAR}|\d\d))"
    r"(?![\w/-]|\.\d)"
)
# "2024-06-21", "2024/06/21", also the date part of "2024-06-21T10:00"
_ISO_RE = _compile(
    rf"(?<![\w./-])(?P<t>(?P<y>{_YEAR})(?P<sep>[-/])(?P<mo>0?[1-9]|1[0-2])(?P=sep)(?P<d>[0-3]?\d))"
    r"(?![\d/-])"
)
# "avril 2014", "début juin 2014", "mi-mars 2020", "vers mai 2019", "avril 87", "Mai 68"
_MONTH_YEAR_RE = _compile(
    rf"{_L}{_APPROX}?(?P<t>{_MOD}?(?P<m>{_MONTH_ANY}),?{_SP}(?P<y>{_YEAR}|\d\d))(?!\d)"
)
# "en avril", "début juin", "mi-mars", "décembre dernier" (triggers checked by the handler)
_MONTH_ONLY_RE = _compile(
    rf"{_L}(?:{_TRIGGERS}|{_APPROX})?(?P<t>{_MOD}?(?P<m>{_MONTH_FULL})"
    rf"(?:{_SP}(?P<rel>{_PAST_FUTURE}){_R})?)"
)
# "en 2014", "depuis 2014", "fin 2021", "l'année 2019" (triggers checked by the handler)
_YEAR_ONLY_RE = _compile(
    rf"{_L}(?:{_TRIGGERS}|{_APPROX})?"
    rf"(?P<t>{_MOD}?(?P<annee>(?:l{_AP})?ann[ée]e{_SP}|l{_AP}an{_SP})?(?P<y>{_YEAR}))(?!\d|[.,]\d)"
)
# "de 2014 à 2016", "entre 2014 et 2016", "en 2014-2015": both years
_YEAR_RANGE_RE = _compile(
    rf"{_L}(?:de|entre|en|depuis){_SP}(?P<t>{_YEAR}){_RANGE_SEP}(?P<t2>{_YEAR})(?!\d|[.,]\d)"
)
# "les années 1990", "fin des années 80"
_DECADE_RE = _compile(
    rf"{_L}(?P<t>(?:(?P<mod>d[ée]but|fin|milieu){_SP}des{_SP})?ann[ée]es{_SP}"
    rf"(?P<y>(?:1[0-9]|20)\d0|{_AP}?[1-9]0))(?!\d)"
)
# "hier", "aujourd'hui", "ce soir", "hier soir", "la veille", "le lendemain"
_RELATIVE_DAY_PHRASES = sorted([*_DATA["relative_days"], *_DATA["anaphoric_days"]], key=len, reverse=True)
_RELATIVE_DAY_RE = _compile(
    rf"(?<![\w-])(?P<t>(?P<w>{'|'.join(_phrase(p) for p in _RELATIVE_DAY_PHRASES)})"
    rf"(?:{_SP}(?:au{_SP})?{_PART_OF_DAY})?)(?![\w-])"
)
# "la semaine dernière", "le mois prochain", "l'an passé", "cette année", "ce mois-ci", "fin d'année"
_RELATIVE_UNIT_RE = _compile(
    rf"{_L}(?P<t>(?:(?P<mod>d[ée]but|fin|milieu){_SP}(?:de{_SP}|d{_AP}))?"
    rf"(?P<art>la{_SP}|le{_SP}|l{_AP}|cette{_SP}|cet{_SP}|ce{_SP})?(?P<unit>semaine|mois|ann[ée]e|an){_R}"
    rf"(?:{_SP}(?P<rel>{_PAST_FUTURE}|en{_SP}cours){_R}|(?P<ci>-ci))?)"
    rf"(?![-‑]?{_SPO}là|{_SPO}\d)"
)
# "il y a deux jours", "dans 2 ans", "d'ici trois semaines", "il y a près de dix ans"
_AGO_IN_RE = _compile(
    rf"{_L}(?P<t>(?P<dir>il{_SP}y{_SP}a|voici|voil[àa]|dans|d{_AP}ici(?:{_SP}[àa])?){_SP}"
    rf"(?:(?P<approx>plus{_SP}de|pr[èe]s{_SP}de|environ|presque|moins{_SP}de|quelque){_SP})?"
    rf"(?P<n>{_NUMBER}){_SP}(?P<unit>{_UNIT}))"
)
# "mercredi", "Ce même mercredi", "jeudi prochain", "lundi soir"
_WEEKDAY_RE = _compile(
    rf"{_L}(?P<t>(?:(?:ce|cette){_SP}(?:m[êe]me{_SP})?)?(?P<wd>{_WEEKDAY})"
    rf"(?:{_SP}{_PART_OF_DAY})?(?:{_SP}(?P<rel>{_PAST_FUTURE}))?)(?![\w-])"
)
# "mercredi 12" (month left out: the nearest month where the 12th is a Wednesday)
_WEEKDAY_DAY_RE = _compile(
    rf"{_L}(?P<t>(?P<wd>{_WEEKDAY}){_SP}(?:le{_SP})?(?P<d>{_DAY}){_R})"
    rf"(?!{_SPO}(?:{_MONTH_ANY}|[/.:h]\d))"
)
# "ce week-end", "le week-end dernier"
_WEEKEND_RE = _compile(
    rf"{_L}(?P<t>(?P<det>le|ce){_SP}week(?:[-‑]|{_SP})?end(?:{_SP}(?P<rel>{_PAST_FUTURE}))?){_R}"
)
# English datelines, for parse_date only: "Jan 12, 2022", "Wed, 12 Jan 2022", "January 2022"
_EN_MDY_RE = _compile(
    rf"{_L}(?:(?P<wd>{_WEEKDAY_EN})\.?,?{_SP})?(?P<m>{_MONTH_EN})\.?{_SP}(?P<d>[0-3]?\d)(?:st|nd|rd|th)?{_R}"
    rf"(?:,?{_SP}(?P<y>{_YEAR})(?!\d))?"
)
_EN_DMY_RE = _compile(
    rf"{_L}(?:(?P<wd>{_WEEKDAY_EN})\.?,?{_SP})?(?P<d>[0-3]?\d)(?:st|nd|rd|th)?{_SP}(?P<m>{_MONTH_EN})\.?"
    rf"(?:,?{_SP}(?P<y>{_YEAR})(?!\d))?"
)
_EN_MONTH_YEAR_RE = _compile(rf"{_L}(?P<m>{_MONTH_EN})\.?,?{_SP}(?P<y>{_YEAR})(?!\d)")
# What follows a number: does it make it a quantity ("2000 soldats") rather than a year?
_AFTER_NUMBER_RE = _compile(rf"(?:{_SPO}(?:à|et|ou|-|–){_SPO}\d[\d ]*)?{_SPO}(?P<w>[%€$]|[^\W\d_]+)")
_PUBLISHED_RE = re.compile(r"\s*(?:(?P<y>\d{4})|-)-(?P<m>\d\d)-(?P<d>\d\d)")


# --------------------------------------------------------------------------- calendar helpers

_HALF_YEAR = timedelta(days=183)


@dataclass(frozen=True, slots=True)
class _Ctx:
    """What values are resolved against: the publication date, the tense, strictness."""

    pub: date | None  # full publication date
    month_day: tuple[int, int] | None  # publication month and day, even when the year is unknown
    future: bool = False
    lenient: bool = False  # the text is already known to be a timex (resolve): drop context checks


def _valid(year: int | None, month: int, day: int) -> bool:
    """Whether the date exists; an unknown year accepts 29 February."""
    if not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(2000 if year is None else year, month)[1]


def _context(published: str | None, *, future: bool = False, lenient: bool = False) -> _Ctx:
    m = _PUBLISHED_RE.match(published or "")
    if not m:
        return _Ctx(None, None, future, lenient)
    year = int(m["y"]) if m["y"] else None
    month, day = int(m["m"]), int(m["d"])
    if not _valid(year, month, day):
        return _Ctx(None, None, future, lenient)
    pub = date(year, month, day) if year else None
    return _Ctx(pub, (month, day), future, lenient)


def _iso_week(d: date) -> str:
    year, week, _ = d.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _shift_days(ctx: _Ctx, days: int) -> str | None:
    """Publication day plus `days`; with only a month and day known, a --MM-DD value."""
    if ctx.pub is not None:
        return (ctx.pub + timedelta(days=days)).isoformat()
    if ctx.month_day is None:
        return None
    month, day = ctx.month_day
    shifted = date(2000 if (month, day) == (2, 29) else 2001, month, day) + timedelta(days=days)
    return f"--{shifted.month:02d}-{shifted.day:02d}"


def _shift(ctx: _Ctx, unit: str, n: int) -> str | None:
    """Publication date moved by n units, at that unit's granularity."""
    if unit == "day":
        return _shift_days(ctx, n)
    if ctx.pub is None:
        return None
    if unit == "week":
        return _iso_week(ctx.pub + timedelta(weeks=n))
    if unit == "month":
        year, month0 = divmod(ctx.pub.year * 12 + ctx.pub.month - 1 + n, 12)
        return f"{year:04d}-{month0 + 1:02d}"
    return f"{ctx.pub.year + n:04d}"


def _year_near(pub: date, month: int, day: int, future: bool) -> int:
    """Year of publication, moved when the date would be > ~6 months on the wrong side of it."""
    year = pub.year
    candidate = date(year, month, min(day, calendar.monthrange(year, month)[1]))
    if not future and candidate - pub > _HALF_YEAR:
        return year - 1
    if future and pub - candidate > _HALF_YEAR:
        return year + 1
    return year


def _year_with_weekday(year: int, month: int, day: int, weekday: int, future: bool) -> int:
    """The stated weekday may move the guessed year by one ("mercredi 29 décembre")."""
    for y in (year, year + 1, year - 1) if future else (year, year - 1, year + 1):
        if _valid(y, month, day) and date(y, month, day).weekday() == weekday:
            return y
    return year


def _day_month_value(month: int, day: int, weekday: int | None, ctx: _Ctx) -> str | None:
    """Value of a yearless date ("le 9 janvier"), the year taken from publication."""
    if ctx.pub is None:
        return PartialDate(None, month, day).iso()
    year = _year_near(ctx.pub, month, day, ctx.future)
    if weekday is not None:
        year = _year_with_weekday(year, month, day, weekday, ctx.future)
    return PartialDate(year if _valid(year, month, day) else None, month, day).iso()


def _month_value(month: int, ctx: _Ctx) -> str | None:
    """Value of a yearless month ("en avril"): the six-month rule of days, applied to
    the middle of the month."""
    if ctx.pub is None:
        return None
    return f"{_year_near(ctx.pub, month, 15, ctx.future):04d}-{month:02d}"


def _day_month_relative(month: int, day: int, ctx: _Ctx, after: bool) -> str | None:
    """ "le 12 mars dernier" is the latest 12 March strictly before publication, "le 3
    septembre prochain" the first one after it."""
    if ctx.pub is None:
        return PartialDate(None, month, day).iso()
    year = ctx.pub.year
    if after and (month, day) <= (ctx.pub.month, ctx.pub.day):
        year += 1
    elif not after and (month, day) >= (ctx.pub.month, ctx.pub.day):
        year -= 1
    return PartialDate(year, month, day).iso() if _valid(year, month, day) else None


def _two_digit_year(digits: str, pub: date | None) -> int:
    """ "avril 87" is 1987 and "septembre 05" 2005: the latest such year not more than a
    decade after publication (or, without one, 1970-2069)."""
    yy = int(digits)
    if pub is None:
        return 2000 + yy if yy < 70 else 1900 + yy
    year = pub.year // 100 * 100 + yy
    return year - 100 if year > pub.year + 10 else year


def _month_relative(month: int, ctx: _Ctx, after: bool) -> str | None:
    """ "décembre dernier" is strictly before the publication month, "mars prochain" after."""
    if ctx.pub is None:
        return None
    year = ctx.pub.year
    if after and month <= ctx.pub.month:
        year += 1
    elif not after and month >= ctx.pub.month:
        year -= 1
    return f"{year:04d}-{month:02d}"


def _weekday_date(pub: date, weekday: int, mode: str) -> date:
    """The weekday nearest publication: "past"/"future" may be the publication day itself,
    "before"/"after" may not."""
    back = (pub.weekday() - weekday) % 7
    ahead = (weekday - pub.weekday()) % 7
    return {
        "past": pub - timedelta(days=back),
        "future": pub + timedelta(days=ahead),
        "before": pub - timedelta(days=back or 7),
        "after": pub + timedelta(days=ahead or 7),
    }[mode]


def _weekend_value(pub: date, mode: str) -> str:
    """ISO week-end label; a publication on Saturday or Sunday is inside "ce week-end"."""
    saturday = pub - timedelta(days=pub.weekday()) + timedelta(days=5)
    in_weekend = pub.weekday() >= 5
    if mode == "past" and not in_weekend or mode == "before":
        saturday -= timedelta(weeks=1)
    elif mode == "after" and in_weekend:
        saturday += timedelta(weeks=1)
    return _iso_week(saturday) + "-WE"


def _weekday_day_value(weekday: int, day: int, ctx: _Ctx) -> str | None:
    """ "mercredi 12": the date nearest publication, in the month before, of, or after it,
    whose day `day` falls on `weekday`."""
    if ctx.pub is None:
        return None
    base = ctx.pub.year * 12 + ctx.pub.month - 1
    candidates = []
    for k in (base - 1, base, base + 1):
        year, month0 = divmod(k, 12)
        if _valid(year, month0 + 1, day) and date(year, month0 + 1, day).weekday() == weekday:
            candidates.append(date(year, month0 + 1, day))
    if not candidates:
        return None

    def distance(d: date) -> tuple[int, bool]:
        wrong_side = d < ctx.pub if ctx.future else d > ctx.pub
        return abs((d - ctx.pub).days), wrong_side

    return min(candidates, key=distance).isoformat()


# --------------------------------------------------------------------------- match helpers


def _day_number(text: str) -> int:
    digits = re.match(r"\d+", text)
    return int(digits.group()) if digits else 1  # "premier"


def _month_number(text: str) -> int:
    word = _key(text).rstrip(".")
    return _MONTHS.get(word) or _MONTH_ABBR[word]


def _direction(rel: str | None) -> str | None:
    """ "dernier"/"passé" -> "before", "prochain" -> "after"."""
    if not rel:
        return None
    return "after" if _key(rel).startswith("proch") else "before"


def _modifier(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    if groups.get("mod"):
        word = re.split(r"[\s\-‑'’ʼ]", _key(groups["mod"]))[0]
        return _MODIFIERS.get(word) or None
    if groups.get("approx"):
        return "approx"
    return None


def _is_count(text: str, pos: int) -> bool:
    """Whether the number ending at `pos` counts things ("2000 soldats", "1500 km")."""
    m = _AFTER_NUMBER_RE.match(text, pos)
    if not m:
        return False
    word = m["w"]
    folded = _key(word)
    if folded in _COUNT_UNITS:
        return True
    return word.islower() and len(folded) > 2 and folded[-1] in "sx" and folded not in _NOT_PLURAL


def _timex(m: re.Match[str], value: str | None, granularity: str, kind: str,
           modifier: str | None = None, group: str = "t") -> Timex:
    return Timex(m[group], m.start(group), m.end(group), value, granularity, kind, modifier)


def _day_month_partial(m: re.Match[str]) -> PartialDate | None:
    month, day = _month_number(m["m1"]), _day_number(m["d1"])
    year = int(m["y"]) if m["y"] else None
    if year and m["m2"] and _month_number(m["m2"]) < month:
        year -= 1  # "du 30 décembre au 2 janvier 2022"
    weekday = _WEEKDAYS[_key(m["wd"])] if m["wd"] else None
    return PartialDate(year, month, day, weekday) if _valid(year, month, day) else None


def _numeric_partial(m: re.Match[str]) -> PartialDate | None:
    day, month, year_text = int(m["d"]), int(m["mo"]), m["y"]
    if len(year_text) == 2:
        if m["sep"] != "/":
            return None  # "12.05.22" reads as a version number as often as a date
        year = 2000 + int(year_text) if int(year_text) < 70 else 1900 + int(year_text)
    else:
        year = int(year_text)
    if month > 12 and day <= 12:
        day, month = month, day  # American order, "04/21/2023"
    weekday = _WEEKDAYS[_key(m["wd"])] if m["wd"] else None
    return PartialDate(year, month, day, weekday) if _valid(year, month, day) else None


def _iso_partial(m: re.Match[str]) -> PartialDate | None:
    year, month, day = int(m["y"]), int(m["mo"]), int(m["d"])
    return PartialDate(year, month, day) if _valid(year, month, day) else None


def _english_partial(m: re.Match[str]) -> PartialDate | None:
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    month = _MONTHS_EN[_key(m["m"])]
    day = int(groups["d"]) if groups.get("d") else None
    weekday = _WEEKDAYS_EN[_key(groups["wd"])] if groups.get("wd") else None
    if day is not None and not _valid(year, month, day):
        return None
    return PartialDate(year, month, day, weekday)


def _month_year_partial(m: re.Match[str], pub: date | None = None) -> PartialDate:
    year = _two_digit_year(m["y"], pub) if len(m["y"]) == 2 else int(m["y"])
    return PartialDate(year, _month_number(m["m"]), None)


def _future_by_verb(text: str, start: int, end: int) -> bool:
    """Whether the verb nearest the span in its sentence is in the future or the
    conditional ("samedi, le sommet s'ouvrira"), by its ending: a cheap reading of tense
    for the dates whose direction depends on it."""
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i >= 0]
    right = min(rights) if rights else len(text)
    nearest: tuple[int, bool] | None = None
    for w in _WORD_RE.finditer(text, left, right):
        if start <= w.start() < end:
            continue
        word = w.group()
        if not word.islower():
            continue
        folded = _key(word)
        if folded in _PAST_AUXILIARIES and not (folded == "est" and text[max(0, w.start() - 2):w.start()] in ("l'", "l’")):
            future = False
        elif _FUTURE_VERB.search(word) and folded not in _NOT_FUTURE:
            future = True
        else:
            continue
        distance = start - w.end() if w.end() <= start else w.start() - end
        if nearest is None or distance < nearest[0]:
            nearest = (distance, future)
    return bool(nearest and nearest[1])


_WORD_RE = re.compile(r"[^\W\d_]+")


def _tensed(m: re.Match[str], ctx: _Ctx) -> _Ctx:
    """The context of a date whose reading depends on tense, with the tense of its
    nearest verb when the caller did not state one."""
    if ctx.lenient or ctx.future or not _future_by_verb(m.string, m.start("t"), m.end("t")):
        return ctx
    return replace(ctx, future=True)


# --------------------------------------------------------------------------- rule handlers

_Result = Timex | Iterable[Timex] | None


def _on_day_month(m: re.Match[str], ctx: _Ctx) -> _Result:
    partial = _day_month_partial(m)
    if partial is None:
        return None
    if partial.year:
        return _timex(m, partial.iso(), "day", "absolute")
    if m["rel"]:
        value = _day_month_relative(partial.month, partial.day, ctx, after=_direction(m["rel"]) == "after")
        return _timex(m, value, "day", "relative")
    return _timex(m, _day_month_value(partial.month, partial.day, partial.weekday, _tensed(m, ctx)), "day", "absolute")


def _on_calendar(partial_of: Callable[[re.Match[str]], PartialDate | None]):
    """Handler for numeric dates, which always carry their year."""

    def handler(m: re.Match[str], ctx: _Ctx) -> _Result:
        partial = partial_of(m)
        return _timex(m, partial.iso(), "day", "absolute") if partial else None

    return handler


def _on_month_year(m: re.Match[str], ctx: _Ctx) -> _Result:
    """A two-digit year ("avril 87") only where the number can be nothing else: not after
    a day ("le 5 mars 12 soldats"), not before a unit, a time or more digits."""
    if len(m["y"]) == 2 and not ctx.lenient:
        before, after = m.string[: m.start("t")], m.string[m.end("t"):]
        if re.search(r"\d\s*$", before) or re.match(rf"{_SPO}(?:\d|[:h.,]\d|%)", after) or _is_count(m.string, m.end("y")):
            return None
    return _timex(m, _month_year_partial(m, ctx.pub).iso(), "month", "absolute", _modifier(m))


def _on_month_only(m: re.Match[str], ctx: _Ctx) -> _Result:
    """A month without year is a date only in lower case (not "Avril Haines") and, for
    "mars"/"mai", only after a trigger ("en mars", "mi-mai") or before "dernier"."""
    word, rel = m["m"], m["rel"]
    if not ctx.lenient:
        cued = m["trig"] or m["approx"] or m["mod"] or rel
        if not (word[0].islower() or rel) or (not cued and _key(word) in _AMBIGUOUS_MONTHS):
            return None  # "Octobre prochain" opening a sentence is a date
    month = _month_number(word)
    if rel:
        value = _month_relative(month, ctx, after=_direction(rel) == "after")
        return _timex(m, value, "month", "relative", _modifier(m))
    return _timex(m, _month_value(month, _tensed(m, ctx)), "month", "absolute", _modifier(m))


def _on_year(m: re.Match[str], ctx: _Ctx) -> _Result:
    """A bare number is a year only after a trigger ("en 2014", "fin 2021", "l'année 2019")
    and when it does not count things ("de 2000 soldats")."""
    if not ctx.lenient:
        if not (m["trig"] or m["approx"] or m["mod"] or m["annee"]):
            return None
        if not m["annee"] and _is_count(m.string, m.end("y")):
            return None
    return _timex(m, m["y"], "year", "absolute", _modifier(m))


def _on_year_range(m: re.Match[str], ctx: _Ctx) -> _Result:
    if _is_count(m.string, m.end("t2")):
        return None
    return [_timex(m, m["t"], "year", "absolute"), _timex(m, m["t2"], "year", "absolute", group="t2")]


def _on_decade(m: re.Match[str], ctx: _Ctx) -> _Result:
    digits = m["y"].lstrip("'’ʼ")
    value = digits[:3] if len(digits) == 4 else "19" + digits[0]
    return _timex(m, value, "decade", "absolute", _modifier(m))


def _on_relative_day(m: re.Match[str], ctx: _Ctx) -> _Result:
    """ "ce jour-là" and "la veille du sommet" are anaphoric, not the publication day."""
    after = m.string[m.end("t"):]
    word = _key(m["w"])
    if re.match(rf"{_SPO}[-‑]?{_SPO}là", after) and word.startswith(("ce", "cet")):
        return None
    if word in _ANAPHORIC_DAYS and re.match(rf"{_SP}(?:de|du|des){_R}|{_SP}d{_AP}", after):
        return None  # "la veille du sommet", "le lendemain de l'attaque": an event's day
    if word in _ANAPHORIC_DAYS:  # read against the publication day until `_anchored` finds an earlier date
        return _timex(m, _shift_days(ctx, _ANAPHORIC_DAYS[word]), "day", "anaphoric")
    return _timex(m, _shift_days(ctx, _RELATIVE_DAYS[word]), "day", "relative")


def _on_relative_unit(m: re.Match[str], ctx: _Ctx) -> _Result:
    unit = _UNITS[_key(m["unit"])]
    article = _key(m["art"] or "")
    if m["rel"]:
        rel = _key(m["rel"])
        offset = 0 if rel.startswith("en") else (1 if _direction(rel) == "after" else -1)
    elif m["ci"] or article in ("ce", "cet", "cette"):
        offset = 0
    elif m["mod"] and unit == "year":
        offset = 0  # "fin de l'année", "début d'année"
    else:
        return None
    return _timex(m, _shift(ctx, unit, offset), unit, "relative", _modifier(m))


def _on_ago_in(m: re.Match[str], ctx: _Ctx) -> _Result:
    n = int(m["n"]) if m["n"].isdigit() else _NUMBERS[_key(m["n"])]
    sign = 1 if _key(m["dir"]).startswith("d") else -1  # "dans", "d'ici"
    unit = _UNITS[_key(m["unit"])]
    if unit == "week":  # "il y a deux semaines": the day two weeks back, not an ISO week
        return _timex(m, _shift_days(ctx, sign * 7 * n), "day", "relative", _modifier(m))
    return _timex(m, _shift(ctx, unit, sign * n), unit, "relative", _modifier(m))


def _on_weekday(m: re.Match[str], ctx: _Ctx) -> _Result:
    """A bare weekday is read in the publication week: the latest one at or before
    publication (past tense), or the next one at or after it (future)."""
    weekday = _WEEKDAYS[_key(m["wd"])]
    direction = _direction(m["rel"])
    mode = direction or ("future" if _tensed(m, ctx).future else "past")
    value = _weekday_date(ctx.pub, weekday, mode).isoformat() if ctx.pub else None
    return _timex(m, value, "day", "relative" if direction else "weekday")


def _on_weekday_day(m: re.Match[str], ctx: _Ctx) -> _Result:
    if _is_count(m.string, m.end("d")):
        return None  # "mercredi 12 personnes ont été tuées": the bare weekday rule reads it
    weekday = _WEEKDAYS[_key(m["wd"])]
    value = _weekday_day_value(weekday, _day_number(m["d"]), _tensed(m, ctx))
    if value is None and ctx.pub is not None:
        return None  # no nearby month fits: the number is not a day
    return _timex(m, value, "day", "relative")


def _on_weekend(m: re.Match[str], ctx: _Ctx) -> _Result:
    """ "le week-end" alone is habitual; "ce week-end" depends on tense like a weekday."""
    direction = _direction(m["rel"])
    if direction is None and _key(m["det"]) == "le" and not ctx.lenient:
        return None
    mode = direction or ("future" if _tensed(m, ctx).future else "past")
    value = _weekend_value(ctx.pub, mode) if ctx.pub else None
    return _timex(m, value, "week", "relative" if direction else "weekday")


_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str], _Ctx], _Result]]] = [
    (_DAY_MONTH_RE, _on_day_month),
    (_ISO_RE, _on_calendar(_iso_partial)),
    (_NUMERIC_RE, _on_calendar(_numeric_partial)),
    (_MONTH_YEAR_RE, _on_month_year),
    (_DECADE_RE, _on_decade),
    (_YEAR_RANGE_RE, _on_year_range),
    (_YEAR_ONLY_RE, _on_year),
    (_MONTH_ONLY_RE, _on_month_only),
    (_RELATIVE_DAY_RE, _on_relative_day),
    (_RELATIVE_UNIT_RE, _on_relative_unit),
    (_AGO_IN_RE, _on_ago_in),
    (_WEEKEND_RE, _on_weekend),
    (_WEEKDAY_DAY_RE, _on_weekday_day),
    (_WEEKDAY_RE, _on_weekday),
]


# --------------------------------------------------------------------------- scanning


def _select(hits: list[tuple[int, Timex]]) -> list[Timex]:
    """Non-overlapping hits, longest first (then leftmost, then rule order), in text order."""
    chosen: list[Timex] = []
    for _, hit in sorted(hits, key=lambda h: (h[1].start - h[1].end, h[1].start, h[0])):
        if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda t: t.start)


_LINE = re.compile(r"[^\r\n]+")


@cache
def _gates() -> list[re.Pattern[str] | None]:
    """For each rule, the words one of which is in every line it matches (no rule reads
    across a line break): a rule is tried only on the lines that hold one."""
    gates = []
    for pattern, _ in _RULES:
        words = required_literals(pattern)
        gates.append(re.compile("|".join(map(re.escape, words))) if words else None)
    return gates


def _anchored(timexes: list[Timex], ctx: _Ctx) -> list[Timex]:
    """ "la veille" and "le lendemain" moved to the day before or after the last day the
    text named before them; with none, they stay relative to publication."""
    out: list[Timex] = []
    last_day: str | None = None
    for t in timexes:
        if t.kind == "anaphoric":
            offset = next(v for k, v in _ANAPHORIC_DAYS.items() if _key(t.text).startswith(k))
            if last_day is not None:
                t = replace(t, value=_day_shifted(last_day, offset))
            else:
                t = replace(t, kind="relative")
        if t.granularity == "day" and t.value and _DAY_VALUE.match(t.value):
            last_day = t.value
        out.append(t)
    return out


_DAY_VALUE = re.compile(r"^(?:\d{4}|-)-\d\d-\d\d$")


def _day_shifted(value: str, days: int) -> str | None:
    """A YYYY-MM-DD or --MM-DD value moved by `days`."""
    return _shift_days(_context(value), days)


def _scan(text: str, ctx: _Ctx) -> list[Timex]:
    hits: list[tuple[int, Timex]] = []
    lines = [(m.start(), m.end(), caseless(m.group())) for m in _LINE.finditer(text)]
    for priority, ((pattern, handler), gate) in enumerate(zip(_RULES, _gates())):
        matches = (m for start, end, folded in lines if gate is None or gate.search(folded)
                   for m in pattern.finditer(text, start, end))
        for m in matches:
            result = handler(m, ctx)
            if result is None:
                continue
            for timex in [result] if isinstance(result, Timex) else result:
                if timex.text:
                    hits.append((priority, timex))
    return _anchored(_select(hits), ctx)


# --------------------------------------------------------------------------- public functions


def find_timexes(text: str, published: str | None) -> list[Timex]:
    """All temporal expressions in `text`, left to right, non-overlapping (longest match
    wins), resolved against `published` (an ISO date 'YYYY-MM-DD', '--MM-DD', or None)."""
    return _scan(text, _context(published))


def resolve(timex: Timex, published: str | None, *, future: bool = False) -> str | None:
    """The value of `timex` when the governing verb is future (future=True) or not; for
    absolute ones the same as timex.value. The span is read again on its own, so the
    same timex can be resolved against another publication date or tense."""
    if timex.kind == "anaphoric":
        return timex.value  # its day comes from the text around it, not from the span
    whole, value = _reread(timex.text, published, future)
    return value if whole else timex.value


@lru_cache(maxsize=4096)
def _reread(text: str, published: str | None, future: bool) -> tuple[bool, str | None]:
    """(whether `text` reads as one expression, its value). Cached: an article's few
    expressions are resolved again for each event they date."""
    for candidate in _scan(text, _context(published, future=future, lenient=True)):
        if candidate.start == 0 and candidate.end == len(text):
            return True, candidate.value
    return False, None


_PARSE_RULES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], PartialDate | None]]] = [
    (_DAY_MONTH_RE, _day_month_partial),
    (_ISO_RE, _iso_partial),
    (_NUMERIC_RE, _numeric_partial),
    (_EN_MDY_RE, _english_partial),
    (_EN_DMY_RE, _english_partial),
    (_MONTH_YEAR_RE, _month_year_partial),
    (_EN_MONTH_YEAR_RE, _english_partial),
]


def parse_date(text: str) -> PartialDate | None:
    """The first absolute calendar date in a short string (a dateline or a 'Publié le ...'
    line): '12 janvier', 'mercredi 12 janvier 2022', '21/04/2023', '2023-04-21',
    'le 1er mars 2022 à 14h05', 'Jan 12, 2022'. Weekday filled when stated."""
    best: tuple[int, int, PartialDate] | None = None
    for pattern, partial_of in _PARSE_RULES:
        for m in pattern.finditer(text):
            partial = partial_of(m)
            if partial is None:
                continue
            rank = (m.start(), -(m.end() - m.start()))
            if best is None or rank < best[:2]:
                best = (*rank, partial)
            break
    return best[2] if best else None


def infer_year(month: int, day: int, weekday: int, latest_year: int, window: int = 15) -> int | None:
    """The single year in [latest_year - window + 1, latest_year] in which month/day falls on
    weekday; None if zero or several fit (a dateline's "mercredi 12 janvier" names its year
    only when the window is narrow enough)."""
    years = [
        y for y in range(latest_year - window + 1, latest_year + 1)
        if _valid(y, month, day) and date(y, month, day).weekday() == weekday
    ]
    return years[0] if len(years) == 1 else None
