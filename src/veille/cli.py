"""The `veille` command: a thin layer over the library API."""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .merge import explain
from .pipeline import Pipeline, Report
from .store import Store, default_path, parse_dyad

app = typer.Typer(help="French news to a source-attributed database of international-relations events.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

Inputs = Annotated[list[str], typer.Argument(help="Files, folders (recursive), '-' for stdin, or http(s) URLs.")]
DbOption = Annotated[Optional[str], typer.Option("--db", envvar="VEILLE_DB",
                                                 help=f"DuckDB file [default: {default_path()}]")]


def _dyad(value: Optional[str]) -> Optional[tuple[str, str]]:
    try:
        return parse_dyad(value) if value else None
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


ActorOption = Annotated[Optional[str], typer.Option(help="Source actor code (RUS, NATO, ...).")]
RecipientOption = Annotated[Optional[str], typer.Option(help="Target actor code.")]
DyadOption = Annotated[Optional[str], typer.Option(
    callback=_dyad, help="SOURCE:TARGET, e.g. RUS:NATO: the first acting on the second, or both in a meeting.")]
TypeOption = Annotated[Optional[str], typer.Option("--type", help="PLOVER type (CONSULT, ACCUSE, ...).")]
SinceOption = Annotated[Optional[str], typer.Option(help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")]
UntilOption = Annotated[Optional[str], typer.Option(help="Up to this date, inclusive.")]
ContextOption = Annotated[Optional[str], typer.Option(help="historical, future, hypothetical or negation.")]


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


class EventFormat(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _version(value: bool) -> None:
    if value:
        out.print(f"veille {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """veille reads French news and stores who did what to whom, with the sentence it was read from."""


EventsOption = Annotated[bool, typer.Option("--events/--no-events", help="Code events, quotes and dates.")]
WorkersOption = Annotated[int, typer.Option(min=1, help="Processes for the language analysis.")]
DaskOption = Annotated[Optional[str], typer.Option(
    "--dask", metavar="ADDRESS", help="Run every per-document stage on a Dask cluster: its scheduler's address "
    "(tcp://host:8786), or local:N to start N worker processes on this machine.")]


@app.command()
def ingest(inputs: Inputs, db: DbOption = None,
           batch_size: Annotated[int, typer.Option(min=1, help="Documents per transaction (with --dask: input "
                                                   "files per partition, a JSONL or WARC file alone).")] = 100,
           events: EventsOption = True, workers: WorkersOption = 1, dask: DaskOption = None) -> None:
    """Read, clean, code and store documents; already stored content is skipped."""
    with Store(db) as store, _cluster(dask, workers) as executor, _progress() as progress:
        task = progress.add_task("ingest", total=None, rate=0.0)

        def committed(report: Report) -> None:
            progress.update(task, completed=report.stored + report.skipped, rate=report.per_second)
            if progress.disable:  # no live bar: log each committed batch instead
                err.print(f"committed: {report.stored} stored, {report.skipped} skipped", highlight=False)

        pipeline = Pipeline(store, batch_size=batch_size, events=events, workers=workers, executor=executor)
        report = pipeline.ingest(inputs, on_progress=committed)
    _summary(report, store_path=store.path)


@app.command()
def extract(inputs: Inputs,
            format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
            events: EventsOption = True, workers: WorkersOption = 1) -> None:
    """Process documents without storing them and print them (JSON Lines by default)."""
    report = Report()
    docs = Pipeline(events=events, workers=workers).documents(inputs, report)
    if format is Format.table:
        _doc_table([d.to_json() | {"chars": len(d.body)} for d in docs])
    else:
        for doc in docs:
            sys.stdout.write(json.dumps(doc.to_json(), ensure_ascii=False, indent=2 if format is Format.json else None) + "\n")
    _failures(report)
    raise typer.Exit(1 if report.failures else 0)


@app.command()
def docs(db: DbOption = None,
         limit: Annotated[int, typer.Option(help="How many to list (0: all).")] = 50,
         outlet: Annotated[Optional[str], typer.Option(help="Only this outlet.")] = None,
         format: Annotated[Format, typer.Option("--format", "-f")] = Format.table) -> None:
    """List stored documents."""
    with Store(db) as store:
        rows = store.documents(limit=limit or None, outlet=outlet)
    if format is Format.table:
        _doc_table(rows)
    elif format is Format.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, default=str, indent=2) + "\n")
    else:
        sys.stdout.writelines(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows)


@app.command()
def show(doc_id: Annotated[str, typer.Argument(metavar="ID", help="Document id, id prefix or name.")],
         db: DbOption = None,
         format: Annotated[Format, typer.Option("--format", "-f")] = Format.table) -> None:
    """Print one stored document."""
    with Store(db) as store:
        doc = store.get(doc_id)
    if doc is None:
        err.print(f"[red]error:[/] no document {doc_id!r} in the store")
        raise typer.Exit(1)
    if format is not Format.table:
        sys.stdout.write(json.dumps(doc.to_json(), ensure_ascii=False, indent=2 if format is Format.json else None) + "\n")
        return
    out.rule(doc.title or doc.name)
    for label, value in (("id", doc.id), ("source", f"{doc.uri} {doc.record or ''}".strip()), ("url", doc.url),
                         ("published", doc.published), ("outlet", doc.outlet), ("language", doc.language)):
        out.print(f"[bold]{label:>10}[/] {value if value is not None else '—'}")
    out.print()
    out.print(doc.body, highlight=False)


@app.command()
def events(db: DbOption = None, actor: ActorOption = None, recipient: RecipientOption = None,
           dyad: DyadOption = None, type: TypeOption = None, since: SinceOption = None, until: UntilOption = None,
           context: ContextOption = None,
           limit: Annotated[int, typer.Option(help="How many (0: all).")] = 0,
           merged: Annotated[bool, typer.Option("--merged", help="One row per event merged across reports, "
                                                "with its counts, instead of one per article.")] = False,
           format: Annotated[EventFormat, typer.Option("--format", "-f")] = EventFormat.table) -> None:
    """List stored events, filtered by actors, type, dates and context."""
    with Store(db) as store:
        query = store.merged_events if merged else store.events
        rows = query(actor=actor, recipient=recipient, dyad=dyad, type=type, since=since, until=until,
                     context=context, limit=limit or None)
    if format is EventFormat.table:
        table = Table("id", "date", "type", "actors", "recipients", "context", "reports" if merged else "doc", "sentence")
        for row in rows:
            table.add_row(row["id"][:12], row["date"] or "—", row["type"], " ".join(row["actors"]),
                          " ".join(row["recipients"]), " ".join(row["context"]),
                          f"{row['num_articles']}/{row['num_documents']}" if merged else row["doc"][:30],
                          row["sentence"][:80])
        out.print(table)
    elif format is EventFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(EVENT_CSV_COLUMNS)
        writer.writerows([_csv_value(row.get(c)) for c in EVENT_CSV_COLUMNS] for row in rows)
    elif format is EventFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2, default=str) + "\n")
    else:
        sys.stdout.writelines(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows)


@app.command()
def event(merged_id: Annotated[str, typer.Argument(metavar="ID", help="A merged event id (or a unique prefix).")],
          db: DbOption = None,
          why: Annotated[bool, typer.Option("--why", help="Show the reports merged and what agreed.")] = False,
          format: Annotated[Format, typer.Option("--format", "-f")] = Format.table) -> None:
    """One event merged across reports, with its counts; --why explains the merge."""
    with Store(db) as store:
        found = [m for m in store.merged_events() if m["id"].startswith(merged_id)]
        if len(found) != 1:
            err.print(f"[red]error:[/] {'no' if not found else 'more than one'} merged event {merged_id!r}")
            raise typer.Exit(1)
        (merged,) = found
        reports = explain(merged, store.reports(merged["id"]))
    if format is not Format.table:
        record = merged | {"reports": reports if why else len(reports)}
        sys.stdout.write(json.dumps(record, ensure_ascii=False, default=str, indent=2 if format is Format.json else None) + "\n")
        return
    out.print(f"[bold]{merged['id']}[/] {merged['type']} {' '.join(merged['actors'])} -> {' '.join(merged['recipients']) or '—'} "
              f"on {merged['date'] or '?'} at {merged['location'] or '?'}: {merged['num_mentions']} mentions, "
              f"{merged['num_documents']} documents, {merged['num_articles']} articles, {merged['num_sources']} sources")
    if why:
        table = Table("document", "outlet", "date", "type", "sides shared", "date ok", "place ok", "sentence")
        for r in reports:
            a = r["agreement"]
            table.add_row(r["doc"] + (" (copy)" if r["canonical_id"] else ""), r["outlet"] or "—", r["date"] or "—",
                          "yes" if a["type"] else "no", " ".join(a["participants"]) or "none",
                          "yes" if a["date"] else "no", "yes" if a["place"] else "no", r["sentence"][:80])
        out.print(table)


EVENT_CSV_COLUMNS = ("id", "date", "type", "mode", "actors", "recipients", "location", "location_country", "context",
                     "quad_class", "cameo_root", "goldstein", "sentence", "doc", "outlet", "url")


def _csv_value(value):
    return "|".join(value) if isinstance(value, list) else value


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    plover = "plover"
    gdelt = "gdelt"
    csv = "csv"
    parquet = "parquet"


@app.command()
def export(format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Output format.")],
           out_path: Annotated[Optional[str], typer.Option("--out", "-o", help="Write to this file [default: stdout; "
                                                           "required for parquet].")] = None,
           db: DbOption = None, actor: ActorOption = None, recipient: RecipientOption = None,
           dyad: DyadOption = None, type: TypeOption = None, since: SinceOption = None, until: UntilOption = None,
           context: ContextOption = None,
           header: Annotated[bool, typer.Option("--header/--no-header",
                                                help="gdelt: a first row of column names.")] = True) -> None:
    """Export merged events: JSON Lines, PLOVER records, a GDELT-style table, CSV or Parquet."""
    from .export import ExportError, export as write_export
    if format is ExportFormat.parquet and not out_path:
        raise typer.BadParameter("parquet is a binary format: give a file path", param_hint="--out")
    with Store(db) as store:
        try:
            n = write_export(store, format.value, out_path, header=header, actor=actor, recipient=recipient,
                             dyad=dyad, type=type, since=since, until=until,
                             context=context)
        except ExportError as error:
            raise typer.BadParameter(str(error)) from None
    err.print(f"exported {n} merged events" + (f" -> {out_path}" if out_path else ""), highlight=False)


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed} docs"),
                    TextColumn("{task.fields[rate]:.0f} docs/s"), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


@contextmanager
def _cluster(address: Optional[str], workers: int) -> Iterator[object]:
    """A Dask client for `--dask`, closed (and a local cluster stopped) after the block."""
    if not address:
        yield None
        return
    if workers > 1:
        raise typer.BadParameter("--workers and --dask exclude each other", param_hint="'--dask'")
    from .distributed import connect
    with ExitStack() as stack:
        try:
            client = stack.enter_context(connect(address))
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="'--dask'") from None
        except OSError as error:
            err.print(f"[red]error:[/] cannot reach the Dask scheduler at {address}: {error}", highlight=False)
            raise typer.Exit(1) from None
        yield client


def _summary(report: Report, store_path: str) -> None:
    err.print(f"stored {report.stored}, skipped {report.skipped} (already stored), failed {len(report.failures)} "
              f"in {report.seconds:.1f}s ({report.per_second:.0f} docs/s) -> {store_path}")
    _failures(report)
    if report.failures:
        raise typer.Exit(1)


def _failures(report: Report) -> None:
    for failure in report.failures:
        err.print(f"[red]failed:[/] {failure}", highlight=False)


def _doc_table(rows: list[dict]) -> None:
    table = Table("id", "published", "outlet", "lang", "title", "chars")
    for row in rows:
        table.add_row(str(row["id"])[:12], row.get("published") or "—", row.get("outlet") or "—",
                      row.get("language") or "—", (row.get("title") or "—")[:70], str(row.get("chars", "")))
    out.print(table)


# --- analytics: timeline, top, network (library in analytics.py) ---------------------------------

class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class FrameFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


AllContextsOption = Annotated[bool, typer.Option(
    "--all-contexts", help="Also count denied, hypothetical and planned events.")]
PlotOption = Annotated[Optional[str], typer.Option(help="Also draw a chart: a .png, .svg or .html file.")]


def _check_plot(plot: Optional[str]) -> None:
    from .analytics import chart_format
    if plot:
        try:
            chart_format(plot)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--plot") from None


@app.command()
def timeline(db: DbOption = None,
             dyad: DyadOption = None,
             both_ways: Annotated[bool, typer.Option("--both-ways", help="Count the dyad in both directions.")] = False,
             actor: Annotated[Optional[str], typer.Option(help="Events this actor takes part in.")] = None,
             by: Annotated[Period, typer.Option(help="Period of the series.")] = Period.month,
             since: SinceOption = None, until: UntilOption = None, type: TypeOption = None,
             by_type: Annotated[bool, typer.Option("--by-type", help="One row per period and PLOVER type.")] = False,
             all_contexts: AllContextsOption = False,
             reported: Annotated[bool, typer.Option("--reported", help="Date events by first report.")] = False,
             plot: PlotOption = None,
             format: Annotated[FrameFormat, typer.Option("--format", "-f")] = FrameFormat.table) -> None:
    """Merged events per period: counts per quad class, mean Goldstein, cooperation–conflict index."""
    from . import analytics
    _check_plot(plot)
    with Store(db) as store:
        df = analytics.timeline(store, dyad=dyad, actor=actor, by=by.value, since=since, until=until,
                                directed=not both_ways, type=type, per_type=by_type, factual=not all_contexts,
                                axis="reported" if reported else "event")
    if plot:
        err.print(f"chart -> {analytics.plot_timeline(df, plot)}", highlight=False)
    _print_frame(df, format, by=by.value, title=analytics.timeline_title(df))
    if df.attrs.get("unplaced"):
        err.print(f"{df.attrs['unplaced']} event(s) without a date on a {by.value} axis left out", highlight=False)


@app.command()
def top(db: DbOption = None,
        n: Annotated[int, typer.Option("--n", "-n", min=1, help="How many actors and dyads.")] = 10,
        side: Annotated[Optional[str], typer.Option(help="Count actors on this side only: source or target.")] = None,
        both_ways: Annotated[bool, typer.Option("--both-ways", help="Dyads as unordered pairs.")] = False,
        since: SinceOption = None, until: UntilOption = None, type: TypeOption = None,
        all_contexts: AllContextsOption = False,
        format: Annotated[FrameFormat, typer.Option("--format", "-f")] = FrameFormat.table) -> None:
    """The actors and dyads in most merged events."""
    from . import analytics
    if side not in (None, "source", "target"):
        raise typer.BadParameter("expected source or target", param_hint="--side")
    with Store(db) as store:
        actors = analytics.top_actors(store, n, side, since=since, until=until, type=type, factual=not all_contexts)
        dyads = analytics.top_dyads(store, n, directed=not both_ways, since=since, until=until, type=type,
                                    factual=not all_contexts)
    if format is FrameFormat.json:
        sys.stdout.write(json.dumps({"actors": _frame_records(actors), "dyads": _frame_records(dyads)},
                                    ensure_ascii=False, indent=2) + "\n")
        return
    _print_frame(actors, format, title="Top actors")
    if format is FrameFormat.csv:
        sys.stdout.write("\n")
    _print_frame(dyads, format, title="Top dyads")


@app.command()
def network(db: DbOption = None,
            since: SinceOption = None, until: UntilOption = None, type: TypeOption = None,
            all_contexts: AllContextsOption = False,
            min_weight: Annotated[int, typer.Option(min=1, help="Drop edges with fewer events.")] = 1,
            isolates: Annotated[bool, typer.Option("--isolates", help="Keep actors without an edge.")] = False,
            plot: PlotOption = None,
            format: Annotated[FrameFormat, typer.Option("--format", "-f",
                                                        help="table or csv (edges), json (node-link).")] = FrameFormat.table
            ) -> None:
    """The actor network: source -> target edges weighted by merged events."""
    from . import analytics
    _check_plot(plot)
    with Store(db) as store:
        graph = analytics.network(store, since=since, until=until, type=type, factual=not all_contexts,
                                  min_weight=min_weight, isolates=isolates)
    if plot:
        err.print(f"chart -> {analytics.plot_network(graph, plot)}", highlight=False)
    if format is FrameFormat.json:
        sys.stdout.write(json.dumps(analytics.network_json(graph), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_frame(analytics.edges_frame(graph), format,
                     title=f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} edges")


def _frame_records(df) -> list[dict]:
    """DataFrame rows as JSON-ready dicts: dates as YYYY-MM-DD, NaN as null."""
    df = df.copy()
    for column in df.columns:
        if str(df[column].dtype).startswith("datetime"):
            df[column] = df[column].dt.strftime("%Y-%m-%d")
    return json.loads(df.to_json(orient="records", force_ascii=False))


FRAME_HEADERS = {"verbal_coop": "v.coop", "material_coop": "m.coop", "verbal_conflict": "v.confl",
                 "material_conflict": "m.confl", "as_source": "source", "as_target": "target",
                 "coop_conflict": "index", "quad_class": "quad"}


def _print_frame(df, format: FrameFormat, *, by: Optional[str] = None, title: Optional[str] = None) -> None:
    if format is FrameFormat.csv:
        df.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
        return
    if format is FrameFormat.json:
        sys.stdout.write(json.dumps(_frame_records(df), ensure_ascii=False, indent=2) + "\n")
        return
    from .analytics import period_label
    table = Table(title=title)
    for column in df.columns:
        table.add_column(FRAME_HEADERS.get(column, column.replace("_", " ")), no_wrap=column == "period",
                         justify="right" if df[column].dtype.kind in "iuf" and column != "period" else "left")
    for row in df.itertuples(index=False):
        cells = []
        for column, value in zip(df.columns, row):
            if column == "period" and by:
                cells.append(period_label(value, by))
            elif isinstance(value, float):
                cells.append("—" if value != value else f"{value:.2f}")
            else:
                cells.append(str(value))
        table.add_row(*cells)
    out.print(table)
