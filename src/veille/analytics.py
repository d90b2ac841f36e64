"""Analytics over merged events: dyad time series, top actors and dyads, the actor network,
and charts of them written to PNG, SVG or a self-contained HTML page, offline.

Every figure counts *merged* events (`merged_events`, one row per happening however many
articles tell it), so a story copied by ten outlets counts once; `reports` is the sum of
their `num_articles` (distinct stories, near-duplicates counted once).

Conventions shared by every function:

* **Dyads.** ``(A, B)`` is A acting on B (A a source, B a target), or A and B side by side
  in a CONSULT or COOPERATE event (both sources): the rule of ``Store.merged_events(dyad=...)``.
  A dyad is directed: ``NATO:RUS`` is NATO on Russia; a meeting of the two counts for
  ``NATO:RUS`` and for ``RUS:NATO``. ``directed=False`` counts both directions, each event once.
* **Actors.** ``actor=X`` keeps events X takes part in, on either side unless ``side`` says.
* **Factual events.** By default (``factual=True``) events told as denied, hypothetical or
  planned (context ``negation``, ``hypothetical`` or ``future``) are left out: they did not
  (or not yet) happen. Events told as background (``historical``) are kept.
* **Dates.** ``axis="event"`` places an event on its own date (the coder's date, or the
  article's publication date when it tells the event as news); ``axis="reported"`` on the day
  it was first reported (``first_seen``). Partial dates are placed only on axes they fit: a
  full date (``YYYY-MM-DD``) on every axis; a month (``YYYY-MM``) on month, quarter and year
  axes but not on day or week axes; a year (``YYYY``) on the year axis only; a date without
  a year (``--MM-DD``) or no date on none. Events that cannot be placed are left out of the
  series and counted in ``df.attrs["unplaced"]``.
* **since / until** compare dates at their own granularity, as ``veille events`` does:
  ``since="2024-03"`` keeps 2024-03 and 2024-03-12 but not 2024; ``until="2024"`` keeps
  every date of 2024.
"""
from __future__ import annotations

import html
import io
import json
import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import filters
from .store import date_range_clauses

if TYPE_CHECKING:
    import networkx as nx

    from .store import Store

PERIODS = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}
QUADS = {1: "verbal_coop", 2: "material_coop", 3: "verbal_conflict", 4: "material_conflict"}
QUAD_COLORS = {1: "#74c476", 2: "#3182bd", 3: "#fd8d3c", 4: "#cb181d"}
QUAD_COLORMAPS = {1: "Greens", 2: "Blues", 3: "Oranges", 4: "Reds"}  # shades for types within a quad
SYMMETRIC = ("CONSULT", "COOPERATE")  # participants side by side: dyads both ways
NOT_FACTUAL = ("negation", "hypothetical", "future")
TIMELINE_COLUMNS = ["period", *QUADS.values(), "events", "reports", "goldstein", "coop_conflict"]
CHART_SUFFIXES = (".png", ".svg", ".html", ".htm")

# Directed dyads of each merged event, as in Store's dyad filter: sources on targets, and
# side-by-side participants of a meeting or cooperation both ways. UNION: each pair once per event.
_EDGES = f"""
edges AS (
    SELECT s.merged_id AS id, s.code AS source, t.code AS target
    FROM merged_actors s JOIN merged_actors t ON t.merged_id = s.merged_id AND t.side = 'target'
    WHERE s.side = 'source' AND s.code <> t.code
    UNION
    SELECT s.merged_id, s.code, t.code
    FROM merged_actors s JOIN merged_actors t ON t.merged_id = s.merged_id AND t.side = 'source'
    JOIN merged_events m ON m.id = s.merged_id
    WHERE s.side = 'source' AND s.code <> t.code AND m.type IN {SYMMETRIC!r}
)"""


def _filtered(*, dyad: tuple[str, str] | str | None = None, directed: bool = True, actor: str | None = None,
              side: str | None = None, type: str | None = None, since: str | None = None,
              until: str | None = None, factual: bool = True, axis: str = "event") -> tuple[str, list]:
    """The WITH clauses `edges` and `ev` (the merged events kept, with their date `d` on the axis)."""
    if axis not in ("event", "reported"):
        raise ValueError(f"axis must be 'event' or 'reported', not {axis!r}")
    if side not in (None, "source", "target"):
        raise ValueError(f"side must be 'source' or 'target', not {side!r}")
    day = "m.date" if axis == "event" else "CAST(m.first_seen AS VARCHAR)"
    read = filters.event_filters(dyad=dyad, actor=actor, type=type, since=since, until=until)
    dyad, actor, type, since, until = (read.get(k) for k in ("dyad", "actor", "type", "since", "until"))
    where, params = [], []
    if factual:
        where.append(f"NOT list_has_any(m.context, {list(NOT_FACTUAL)!r})")
    if type:
        where.append("m.type = ?")
        params.append(type)
    if dyad:
        a, b = dyad
        pair = "(source = ? AND target = ?)"
        where.append(f"m.id IN (SELECT id FROM edges WHERE {pair}{'' if directed else ' OR ' + pair})")
        params += [a, b] if directed else [a, b, b, a]
    if actor:
        where.append("m.id IN (SELECT merged_id FROM merged_actors WHERE code = ?"
                     + (" AND side = ?)" if side else ")"))
        params += [actor] + ([side] if side else [])
    dated, dated_params = date_range_clauses("d", since, until)
    where += dated
    params += dated_params
    sql = (f"WITH {_EDGES}, ev AS (SELECT * FROM (SELECT m.id, m.type, m.quad_class, m.goldstein, m.num_articles, "
           f"m.context, {day} AS d FROM merged_events m) m" + (f" WHERE {' AND '.join(where)}" if where else "") + ")")
    return sql, params


def _period_sql(by: str) -> str:
    """The start of the period holding `d`, NULL when `d` is too coarse for the axis."""
    if by not in PERIODS:
        raise ValueError(f"by must be one of {', '.join(PERIODS)}, not {by!r}")
    month_ok = "TRUE" if by in ("month", "quarter", "year") else "FALSE"
    year_ok = "TRUE" if by == "year" else "FALSE"
    return (f"CASE WHEN regexp_full_match(d, '\\d{{4}}-\\d{{2}}-\\d{{2}}') "
            f"THEN date_trunc('{by}', try_cast(d AS DATE)) "
            f"WHEN {month_ok} AND regexp_full_match(d, '\\d{{4}}-\\d{{2}}') "
            f"THEN date_trunc('{by}', try_cast(d || '-01' AS DATE)) "
            f"WHEN {year_ok} AND regexp_full_match(d, '\\d{{4}}') THEN try_cast(d || '-01-01' AS DATE) END")


def timeline(store: Store, dyad: tuple[str, str] | str | None = None, actor: str | None = None, by: str = "month",
             since: str | None = None, until: str | None = None, *, directed: bool = True,
             side: str | None = None, type: str | None = None, per_type: bool = False, factual: bool = True,
             axis: str = "event") -> pd.DataFrame:
    """Counts of merged events per period (``by``: day, week, month, quarter or year).

    One row per period, from the first to the last with events (or from ``since`` to
    ``until`` when given), empty periods included with zero counts:

    * ``period``: the period's first day (weeks start on Monday, ISO);
    * ``verbal_coop``, ``material_coop``, ``verbal_conflict``, ``material_conflict``: events
      of each quad class (PLOVER's types in CAMEO's quad classes 1 to 4);
    * ``events``: all of them; ``reports``: the sum of their ``num_articles``;
    * ``goldstein``: the mean Goldstein value of the events (each event once, unweighted;
      NaN for an empty period);
    * ``coop_conflict``: the cooperation–conflict index, count-based:
      ``(coop - conflict) / (coop + conflict)`` with coop = verbal + material cooperation and
      conflict = verbal + material conflict, from -1 (all conflict) to +1 (all cooperation);
      NaN for an empty period.

    With ``per_type=True`` the frame is long instead: one row per period and PLOVER type
    with events (``period``, ``type``, ``quad_class``, ``events``, ``reports``, ``goldstein``),
    no rows for zero counts.

    ``dyad`` is ``(source, target)`` or ``"SOURCE:TARGET"``; see the module's conventions for
    dyads, ``actor``/``side``, ``factual``, ``axis``, partial dates and since/until.
    ``df.attrs`` holds ``by``, ``dyad``, ``actor``, ``directed`` and ``unplaced``: the matching
    events whose date cannot be placed on this axis.
    """
    period = _period_sql(by)
    cte, params = _filtered(dyad=dyad, directed=directed, actor=actor, side=side, type=type, since=since,
                            until=until, factual=factual, axis=axis)
    cte += f", placed AS (SELECT *, CAST({period} AS DATE) AS period FROM ev)"
    unplaced = store.con.execute(cte + " SELECT count(*) FROM placed WHERE period IS NULL", params).fetchone()[0]
    if per_type:
        df = store.con.execute(
            cte + " SELECT period, type, any_value(quad_class) AS quad_class, count(*) AS events, "
            "coalesce(sum(num_articles), 0) AS reports, avg(goldstein) AS goldstein "
            "FROM placed WHERE period IS NOT NULL GROUP BY period, type ORDER BY period, quad_class, type",
            params).df()
        df["period"] = pd.to_datetime(df["period"])
        df = df.astype({"quad_class": "int64", "events": "int64", "reports": "int64", "goldstein": "float64"})
    else:
        counts = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS {name}" for q, name in QUADS.items())
        df = store.con.execute(
            cte + f" SELECT period, {counts}, count(*) AS events, coalesce(sum(num_articles), 0) AS reports, "
            "avg(goldstein) AS goldstein FROM placed WHERE period IS NOT NULL GROUP BY period ORDER BY period",
            params).df()
        df["period"] = pd.to_datetime(df["period"])
        df = _fill_periods(df.set_index("period"), by, since, until)
        coop = df["verbal_coop"] + df["material_coop"]
        conflict = df["verbal_conflict"] + df["material_conflict"]
        total = coop + conflict
        df["coop_conflict"] = ((coop - conflict) / total.where(total > 0)).astype("float64")
        df = df.reset_index()[TIMELINE_COLUMNS]
    df.attrs.update(by=by, dyad=_dyad_label(dyad, directed), actor=actor.upper() if actor else None,
                    since=since, until=until, directed=directed, unplaced=int(unplaced), axis=axis, per_type=per_type)
    return df


def _fill_periods(df: pd.DataFrame, by: str, since: str | None, until: str | None) -> pd.DataFrame:
    """Every period from the first to the last (widened to since/until), zeros where empty."""
    starts = list(df.index)
    if since and (first := _date_bound(since, end=False)):
        starts.append(pd.Timestamp(first))
    if until and (last := _date_bound(until, end=True)):
        starts.append(pd.Timestamp(last))
    columns = [*QUADS.values(), "events", "reports"]
    if not starts:
        empty = pd.DataFrame({c: pd.Series(dtype="int64") for c in columns})
        empty["goldstein"] = pd.Series(dtype="float64")
        empty.index = pd.DatetimeIndex([], name="period")
        return empty
    lo, hi = (_truncate(pd.Timestamp(min(starts)), by), _truncate(pd.Timestamp(max(starts)), by))
    if since and (first := _date_bound(since, end=False)):
        lo = max(lo, _truncate(pd.Timestamp(first), by))
    if until and (last := _date_bound(until, end=True)):
        hi = min(hi, _truncate(pd.Timestamp(last), by))
    index = pd.date_range(lo, hi, freq=PERIODS[by], name="period")
    df = df.reindex(index)
    df[columns] = df[columns].fillna(0).astype("int64")
    df["goldstein"] = df["goldstein"].astype("float64")
    return df


def _truncate(ts: pd.Timestamp, by: str) -> pd.Timestamp:
    if by == "day":
        return ts.normalize()
    if by == "week":
        return (ts - pd.Timedelta(days=ts.weekday())).normalize()
    if by == "month":
        return pd.Timestamp(ts.year, ts.month, 1)
    if by == "quarter":
        return pd.Timestamp(ts.year, 3 * ((ts.month - 1) // 3) + 1, 1)
    return pd.Timestamp(ts.year, 1, 1)


def _date_bound(text: str, *, end: bool) -> date | None:
    """The first (or last) day a YYYY, YYYY-MM or YYYY-MM-DD bound covers."""
    try:
        parts = [int(p) for p in text.split("-")]
        if len(parts) == 1:
            return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)
        if len(parts) == 2:
            if not end:
                return date(parts[0], parts[1], 1)
            return (pd.Timestamp(parts[0], parts[1], 1) + pd.offsets.MonthEnd(0)).date()
        return date(*parts[:3])
    except (ValueError, TypeError):
        return None


def _dyad_label(dyad, directed: bool) -> str | None:
    if not dyad:
        return None
    a, b = filters.dyad(dyad)
    return f"{a}→{b}" if directed else f"{a}↔{b}"


def period_label(ts: Any, by: str) -> str:
    """A period start as people write it: 2024-03-12, 2024-W11, 2024-03, 2024-Q1, 2024."""
    ts = pd.Timestamp(ts)
    if by == "week":
        year, week, _ = ts.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return ts.strftime("%Y-%m")
    if by == "quarter":
        return f"{ts.year}-Q{(ts.month - 1) // 3 + 1}"
    if by == "year":
        return str(ts.year)
    return ts.strftime("%Y-%m-%d")


def top_actors(store: Store, n: int | None = 10, side: str | None = None, *, since: str | None = None,
               until: str | None = None, type: str | None = None, factual: bool = True,
               axis: str = "event") -> pd.DataFrame:
    """The actors in most merged events (on ``side``, or either side), most first.

    Columns: ``actor`` (code), ``events`` (merged events, each once however many articles tell
    it), ``as_source``, ``as_target``, ``reports`` (sum of the events' ``num_articles``),
    ``coop`` and ``conflict`` (events of quad classes 1–2 and 3–4), ``goldstein`` (mean).
    ``n=None`` returns all.
    """
    cte, params = _filtered(since=since, until=until, type=type, factual=factual, axis=axis)
    if side not in (None, "source", "target"):
        raise ValueError(f"side must be 'source' or 'target', not {side!r}")
    side_filter = f"WHERE side = '{side}' " if side else ""
    sql = (cte + ", pa AS (SELECT merged_id AS id, code, bool_or(side = 'source') AS src, "
           f"bool_or(side = 'target') AS tgt FROM merged_actors {side_filter}GROUP BY merged_id, code) "
           "SELECT code AS actor, count(*) AS events, count(*) FILTER (WHERE src) AS as_source, "
           "count(*) FILTER (WHERE tgt) AS as_target, coalesce(sum(num_articles), 0) AS reports, "
           "count(*) FILTER (WHERE quad_class <= 2) AS coop, count(*) FILTER (WHERE quad_class >= 3) AS conflict, "
           "avg(goldstein) AS goldstein FROM pa JOIN ev USING (id) GROUP BY code "
           "ORDER BY events DESC, reports DESC, actor" + (f" LIMIT {int(n)}" if n else ""))
    return _typed(store.con.execute(sql, params).df(), ["events", "as_source", "as_target", "reports", "coop",
                                                         "conflict"])


def top_dyads(store: Store, n: int | None = 10, *, directed: bool = True, since: str | None = None,
              until: str | None = None, type: str | None = None, factual: bool = True,
              axis: str = "event") -> pd.DataFrame:
    """The dyads with most merged events, most first.

    Directed (default): columns ``source``, ``target``; a meeting side by side counts for
    both directions. ``directed=False``: unordered pairs, columns ``actor1`` and ``actor2``
    (alphabetical), each event once. Then ``events``, ``reports`` (sum of ``num_articles``),
    ``coop``, ``conflict``, ``goldstein`` (mean) and ``coop_conflict`` (count-based index,
    as in `timeline`). ``n=None`` returns all.
    """
    cte, params = _filtered(since=since, until=until, type=type, factual=factual, axis=axis)
    if directed:
        pairs, names = "SELECT id, source AS a, target AS b FROM edges", ("source", "target")
    else:
        pairs, names = "SELECT DISTINCT id, least(source, target) AS a, greatest(source, target) AS b FROM edges", \
            ("actor1", "actor2")
    sql = (cte + f", pairs AS ({pairs}) SELECT a AS {names[0]}, b AS {names[1]}, count(*) AS events, "
           "coalesce(sum(num_articles), 0) AS reports, count(*) FILTER (WHERE quad_class <= 2) AS coop, "
           "count(*) FILTER (WHERE quad_class >= 3) AS conflict, avg(goldstein) AS goldstein "
           f"FROM pairs JOIN ev USING (id) GROUP BY a, b ORDER BY events DESC, reports DESC, a, b"
           + (f" LIMIT {int(n)}" if n else ""))
    df = _typed(store.con.execute(sql, params).df(), ["events", "reports", "coop", "conflict"])
    total = df["coop"] + df["conflict"]
    df["coop_conflict"] = ((df["coop"] - df["conflict"]) / total.where(total > 0)).astype("float64")
    return df


def json_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as JSON-ready dicts: dates as YYYY-MM-DD, NaN as null."""
    df = df.copy()
    for column in df.columns:
        if str(df[column].dtype).startswith("datetime"):
            df[column] = df[column].dt.strftime("%Y-%m-%d")
    return json.loads(df.to_json(orient="records", force_ascii=False))


def _typed(df: pd.DataFrame, ints: Sequence[str]) -> pd.DataFrame:
    return df.astype({c: "int64" for c in ints} | {"goldstein": "float64"})


def network(store: Store, *, since: str | None = None, until: str | None = None, type: str | None = None,
            factual: bool = True, axis: str = "event", min_weight: int = 1, isolates: bool = False) -> nx.DiGraph:
    """The actor network of the merged events, as a `networkx.DiGraph`.

    Nodes are actor codes, with ``events`` (merged events they take part in), ``reports``
    and ``goldstein`` (mean over those events). An edge source → target stands for the
    directed dyad (see the module's conventions): a source acting on a target; participants
    side by side in a CONSULT or COOPERATE event are linked both ways. Edge attributes:
    ``weight`` (merged events, each once), ``reports``, ``coop``, ``conflict``, ``goldstein``
    (mean). Edges with fewer than ``min_weight`` events are dropped; actors left without an
    edge (e.g. sole participants of a mobilisation) are dropped unless ``isolates``.
    """
    import networkx as nx

    graph = nx.DiGraph(since=since, until=until, type=type, factual=factual)
    for row in top_actors(store, None, since=since, until=until, type=type, factual=factual,
                          axis=axis).itertuples(index=False):
        graph.add_node(row.actor, events=int(row.events), reports=int(row.reports),
                       goldstein=_float(row.goldstein))
    for row in top_dyads(store, None, since=since, until=until, type=type, factual=factual,
                         axis=axis).itertuples(index=False):
        if row.events >= min_weight:
            graph.add_edge(row.source, row.target, weight=int(row.events), reports=int(row.reports),
                           coop=int(row.coop), conflict=int(row.conflict), goldstein=_float(row.goldstein))
    if not isolates:
        graph.remove_nodes_from([node for node in list(graph) if graph.degree(node) == 0])
    return graph


def _float(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def network_json(graph: nx.DiGraph) -> dict[str, Any]:
    """Node-link JSON of the graph (``nodes`` and ``edges``), as networkx writes it."""
    import networkx as nx

    try:
        return nx.node_link_data(graph, edges="edges")
    except TypeError:  # networkx < 3.4 names them "links" and has no keyword
        data = nx.node_link_data(graph)
        data["edges"] = data.pop("links")
        return data


def edges_frame(graph: nx.DiGraph) -> pd.DataFrame:
    """The graph's edges as a DataFrame, heaviest first."""
    rows = [{"source": a, "target": b, **attrs} for a, b, attrs in graph.edges(data=True)]
    columns = ["source", "target", "weight", "reports", "coop", "conflict", "goldstein"]
    df = pd.DataFrame(rows, columns=columns)
    return df.sort_values(["weight", "reports", "source", "target"], ascending=[False, False, True, True],
                          ignore_index=True)


# --- charts -----------------------------------------------------------------------------------

def chart_format(path: str | Path) -> str:
    """'png', 'svg' or 'html' by the file's suffix; ValueError for any other."""
    suffix = Path(path).suffix.lower()
    if suffix not in CHART_SUFFIXES:
        raise ValueError(f"cannot write a chart to {str(path)!r}: use a .png, .svg or .html file name")
    return "html" if suffix in (".html", ".htm") else suffix[1:]


def _figure(width: float, height: float):
    from matplotlib.figure import Figure  # no pyplot: no GUI backend, nothing global changed

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _save(fig, path: str | Path, kind: str, title: str, table: pd.DataFrame) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    metadata = {"Date": None} if kind == "svg" else None
    if kind == "png":
        fig.savefig(path, format="png", dpi=120)
    elif kind == "svg":
        fig.savefig(path, format="svg", metadata=metadata)
    else:
        path.write_text(html_page(title, _svg_text(fig), table), encoding="utf-8")
    return path


def _svg_text(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # no XML declaration or DOCTYPE inside HTML


def html_page(title: str, svg: str, table: pd.DataFrame) -> str:
    """A self-contained page: the title, the chart as inline SVG, the figures as a table."""
    rows = table.to_html(index=False, na_rep="—", float_format=lambda v: f"{v:.2f}", border=0,
                         classes="figures", escape=True)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #222; }}
figure {{ margin: 0 0 2em 0; }}
figure svg {{ max-width: 100%; height: auto; }}
table.figures {{ border-collapse: collapse; font-size: 0.9em; }}
table.figures th, table.figures td {{ padding: 0.25em 0.7em; border-bottom: 1px solid #ddd; text-align: right; }}
table.figures th {{ background: #f3f3f3; }}
</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<figure>
{svg}
</figure>
{rows}
<p><small>veille — merged events, each counted once.</small></p>
</body>
</html>
"""


def timeline_title(df: pd.DataFrame) -> str:
    attrs = df.attrs
    who = attrs.get("dyad") or attrs.get("actor") or "all actors"
    return f"Events per {attrs.get('by', 'period')}: {who}"


def _timeline_width(periods: int) -> float:
    """Inches: wider with more periods, up to a page."""
    return min(14.0, max(6.4, 0.35 * periods + 3))


def plot_timeline(df: pd.DataFrame, path: str | Path, title: str | None = None) -> Path:
    """Chart a `timeline` frame to ``path``: PNG or SVG by suffix, or a self-contained HTML
    page (the chart as inline SVG, with a table of the figures) for ``.html``.

    Wide frames: events per quad class as stacked bars, and below them the
    cooperation–conflict index and the mean Goldstein value. Long frames (``per_type``):
    events per PLOVER type as stacked bars.
    """
    kind = chart_format(path)
    by = df.attrs.get("by", "month")
    title = title or timeline_title(df)
    labels, table = [], df.copy()
    if "type" in df.columns:
        wide = df.pivot_table(index="period", columns="type", values="events", aggfunc="sum", fill_value=0)
        quad_of = df.groupby("type")["quad_class"].first()
        wide = wide[sorted(wide.columns, key=lambda t: (quad_of[t], t))]
        if len(wide):
            lo, hi = wide.index.min(), wide.index.max()
            since, until = (_date_bound(b, end=e) if b else None
                            for b, e in ((df.attrs.get("since"), False), (df.attrs.get("until"), True)))
            lo = _truncate(pd.Timestamp(min(lo, pd.Timestamp(since))) if since else lo, by)
            hi = _truncate(pd.Timestamp(max(hi, pd.Timestamp(until))) if until else hi, by)
            wide = wide.reindex(pd.date_range(lo, hi, freq=PERIODS[by]), fill_value=0)
        labels = [period_label(p, by) for p in wide.index]
        fig = _figure(_timeline_width(len(labels)), 4.2)
        ax = fig.add_subplot()
        from matplotlib import colormaps

        bottom = [0] * len(wide)
        for column in wide.columns:
            quad = int(quad_of[column])
            same = [t for t in wide.columns if quad_of[t] == quad]
            shade = 0.75 - 0.4 * same.index(column) / max(1, len(same) - 1) if len(same) > 1 else 0.6
            values = [int(v) for v in wide[column]]
            ax.bar(range(len(wide)), values, bottom=bottom, color=colormaps[QUAD_COLORMAPS[quad]](shade),
                   label=column, width=0.8)
            bottom = [a + b for a, b in zip(bottom, values)]
        ax.set_ylabel("events")
        ax.legend(fontsize="small", ncols=min(4, len(wide.columns)) or 1, frameon=False, loc="lower center",
                  bbox_to_anchor=(0.5, 1.0))
        axes = [ax]
    else:
        labels = [period_label(p, by) for p in df["period"]]
        fig = _figure(_timeline_width(len(labels)), 5.6)
        ax, ax2 = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
        bottom = [0] * len(df)
        for q, name in QUADS.items():
            values = [int(v) for v in df[name]]
            ax.bar(range(len(df)), values, bottom=bottom, color=QUAD_COLORS[q], width=0.8,
                   label=name.replace("_", " "))
            bottom = [a + b for a, b in zip(bottom, values)]
        ax.set_ylabel("events")
        ax.legend(fontsize="small", ncols=4, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0))
        x = range(len(df))
        ax2.axhline(0, color="#999", linewidth=0.8)
        ax2.plot(x, df["coop_conflict"], marker="o", color="#2b5c8a", label="cooperation–conflict index")
        ax2.set_ylim(-1.05, 1.05)
        ax2.set_ylabel("index")
        gold = ax2.twinx()
        gold.plot(x, df["goldstein"], marker="s", linestyle="--", color="#8a5a2b", label="mean Goldstein")
        gold.set_ylim(-10.5, 10.5)
        gold.set_ylabel("Goldstein")
        lines = ax2.get_legend_handles_labels(), gold.get_legend_handles_labels()
        ax2.legend(lines[0][0] + lines[1][0], lines[0][1] + lines[1][1], fontsize="small", frameon=False,
                   ncols=2, loc="lower center", bbox_to_anchor=(0.5, 1.0))
        axes = [ax, ax2]
        table.insert(1, "label", labels)
        table = table.drop(columns="period")
    if "type" in df.columns:
        table.insert(1, "label", [period_label(p, by) for p in df["period"]])
        table = table.drop(columns="period")
    ax = axes[-1]
    ax.set_xticks(range(len(labels)), labels, rotation=45 if len(labels) > 6 else 0,
                  ha="right" if len(labels) > 6 else "center", fontsize="small")
    step = max(1, math.ceil(len(labels) / 30))
    for i, tick in enumerate(ax.get_xticklabels()):
        tick.set_visible(i % step == 0)
    if not labels:
        axes[0].text(0.5, 0.5, "no events", ha="center", va="center", transform=axes[0].transAxes, color="#777")
    from matplotlib.ticker import MaxNLocator

    axes[0].yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.suptitle(title)
    unplaced = df.attrs.get("unplaced")
    if unplaced:
        fig.supxlabel(f"{unplaced} event(s) without a date on this axis left out", fontsize="x-small",
                      color="#777", x=0.01, ha="left")
    return _save(fig, path, kind, title, table.rename(columns={"label": "period"}))


def _layout(graph: nx.DiGraph, seed: int) -> dict:
    """Kamada–Kawai on the undirected graph, every edge the same length: cliques of meetings
    stay readable; Fruchterman–Reingold when scipy (a dependency of datasketch) is missing."""
    import networkx as nx

    undirected = graph.to_undirected()
    try:
        return nx.kamada_kawai_layout(undirected, weight=None)
    except ImportError:
        return nx.spring_layout(undirected, seed=seed, k=3 / math.sqrt(len(graph)), iterations=300, weight=None)


def plot_network(graph: nx.DiGraph, path: str | Path, title: str | None = None, seed: int = 7) -> Path:
    """Draw the actor network to ``path`` (PNG, SVG, or HTML with the edges as a table):
    node size by events, edge width by events, edge colour by mean Goldstein (red conflict,
    green cooperation); a pair linked both ways is drawn as two arcs."""
    import networkx as nx
    from matplotlib import colormaps
    from matplotlib.cm import ScalarMappable
    from matplotlib.colors import Normalize

    kind = chart_format(path)
    title = title or "Actor network"
    fig = _figure(8, 6.5)
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.margins(0.12)
    ax.set_title(title)
    norm, cmap = Normalize(-10, 10), colormaps["RdYlGn"]
    if graph.number_of_nodes():
        pos = _layout(graph, seed)
        events = [graph.nodes[n].get("events", 1) or 1 for n in graph]
        biggest = max(events)
        sizes = [250 + 1250 * e / biggest for e in events]
        node_colors = [cmap(norm(graph.nodes[n].get("goldstein") or 0.0)) for n in graph]
        nx.draw_networkx_nodes(graph, pos, ax=ax, node_size=sizes, node_color=node_colors, edgecolors="#444",
                               linewidths=0.8)
        nx.draw_networkx_labels(graph, pos, ax=ax, font_size=8)
        if graph.number_of_edges():
            weights = [d.get("weight", 1) for _, _, d in graph.edges(data=True)]
            heaviest = max(weights)
            nx.draw_networkx_edges(
                graph, pos, ax=ax, node_size=sizes, arrows=True, arrowstyle="-|>", arrowsize=14,
                width=[0.8 + 4 * w / heaviest for w in weights],
                edge_color=[cmap(norm(d.get("goldstein") or 0.0)) for _, _, d in graph.edges(data=True)],
                connectionstyle="arc3,rad=0.12")
        fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, label="mean Goldstein")
    else:
        ax.text(0.5, 0.5, "no events", ha="center", va="center", transform=ax.transAxes, color="#777")
    return _save(fig, path, kind, title, edges_frame(graph))
