"""Timeline charts drawn on the server as SVG geometry (the templates write the elements):
one bar per period stacked by quad class, the mean Goldstein value as a line on its own
scale, each bar a link to the events it counts. No JavaScript, nothing to load."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd

from ..analytics import QUAD_COLORS, QUADS, period_label

WIDTH, HEIGHT = 900, 260
MARGIN = {"left": 40, "right": 40, "top": 12, "bottom": 28}
GOLDSTEIN_RANGE = 10.0  # the Goldstein scale runs from -10 to +10


def period_bounds(ts: pd.Timestamp, by: str) -> tuple[str, str]:
    """The since/until filters (inclusive, at the period's own granularity) of one period."""
    if by == "day":
        return (ts.strftime("%Y-%m-%d"),) * 2
    if by == "week":
        return ts.strftime("%Y-%m-%d"), (ts + timedelta(days=6)).strftime("%Y-%m-%d")
    if by == "month":
        return (ts.strftime("%Y-%m"),) * 2
    if by == "quarter":
        return ts.strftime("%Y-%m"), (ts + pd.DateOffset(months=2)).strftime("%Y-%m")
    return (ts.strftime("%Y"),) * 2


def timeline_chart(df: pd.DataFrame, by: str) -> dict[str, Any]:
    """Bars, the Goldstein line and the axes of a `analytics.timeline` frame."""
    inner_w = WIDTH - MARGIN["left"] - MARGIN["right"]
    inner_h = HEIGHT - MARGIN["top"] - MARGIN["bottom"]
    top = max(int(df["events"].max()) if len(df) else 0, 1)
    step = inner_w / max(len(df), 1)
    bar_w = max(min(step * 0.8, 60), 1)

    def y_count(n: float) -> float:
        return round(MARGIN["top"] + inner_h * (1 - n / top), 1)

    def y_goldstein(g: float) -> float:
        return round(MARGIN["top"] + inner_h * (1 - (g + GOLDSTEIN_RANGE) / (2 * GOLDSTEIN_RANGE)), 1)

    bars, line = [], []
    label_every = max(1, len(df) // 12)
    for i, row in enumerate(df.itertuples(index=False)):
        x = round(MARGIN["left"] + i * step + (step - bar_w) / 2, 1)
        since, until = period_bounds(row.period, by)
        stacked, base = [], 0
        for quad, name in QUADS.items():
            n = int(getattr(row, name))
            if n:
                stacked.append({"quad": quad, "name": name, "n": n, "color": QUAD_COLORS[quad],
                                "y": y_count(base + n), "height": round(y_count(base) - y_count(base + n), 1)})
            base += n
        label = period_label(row.period, by)
        bars.append({"x": x, "width": round(bar_w, 1), "segments": stacked, "events": int(row.events),
                     "label": label, "show_label": i % label_every == 0, "since": since, "until": until,
                     "goldstein": None if pd.isna(row.goldstein) else round(float(row.goldstein), 2)})
        if not pd.isna(row.goldstein):
            line.append((round(x + bar_w / 2, 1), y_goldstein(float(row.goldstein))))
    return {"width": WIDTH, "height": HEIGHT, "bars": bars, "top": top, "margin": MARGIN,
            "baseline": y_count(0), "zero": y_goldstein(0), "y_top": y_count(top),
            "goldstein_path": " ".join(f"{'M' if i == 0 else 'L'}{x},{y}" for i, (x, y) in enumerate(line)),
            "goldstein_points": line, "quads": [{"name": n, "color": QUAD_COLORS[q]} for q, n in QUADS.items()]}
