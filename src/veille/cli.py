"""The `veille` command: a thin layer over the library API. Errors are one line on
standard error (a traceback only with --debug): exit 2 for a usage error or a filter value
that cannot be read, 1 for a store or file that cannot be used or inputs that failed."""
from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from enum import Enum
from typing import Annotated, Any, Optional

import duckdb
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table
from typer.core import TyperGroup

from . import __version__, filters, terminal
from .coder.explain import describe, explain_document
from .merge import explain
from .pipeline import Pipeline, Report
from .pipeline import extract as extract_text
from .store import Store, StoreError, default_path

# The exceptions typer's parser raises: click's, or since typer 0.2x those of its own copy of click.
UsageError, ClickException = (next(c for c in typer.BadParameter.__mro__ if c.__name__ == name)
                              for name in ("UsageError", "ClickException"))


class VeilleGroup(TyperGroup):
    """Every error as one line with its exit code; the traceback only with --debug."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except UsageError as error:
            hint = f" (see '{error.ctx.command_path} --help')" if error.ctx else ""
            _fail(error.format_message() + hint, 2)
        except ClickException as error:
            _fail(error.format_message(), error.exit_code)
        except typer.Abort:
            _fail("interrupted", 130)
        except filters.FilterError as error:
            _fail(str(error), 2, error)
        except duckdb.CatalogException as error:  # only a Parquet folder (`--db DIR`) lacks a table
            _fail(f"{_one_line(error)} (a folder written by --out-parquet holds documents, events and quotes; "
                  "merged events are in the DuckDB store)", 1, error)
        except (StoreError, OSError, duckdb.Error) as error:
            _fail(_one_line(error), 1, error)
        except Exception as error:  # a bug: say so in one line, the traceback with --debug
            _fail(f"unexpected {type(error).__name__}: {_one_line(error)} (run with --debug for the traceback)", 1, error)
        sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int, error: BaseException | None = None) -> None:
    if error is not None and _debugging():
        raise error
    err.print(f"[red]error:[/] {message}", highlight=False, markup=True, soft_wrap=True)
    sys.exit(code)


def _not_found(message: str) -> None:
    err.print(f"[red]error:[/] {message}", highlight=False)
    raise typer.Exit(1)


def _one_line(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return f"{error.filename}: {error.strerror}" if error.filename else error.strerror
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def _debugging() -> bool:
    return _debug or os.environ.get("VEILLE_DEBUG", "") not in ("", "0")


_debug = False
app = typer.Typer(help="French news to a source-attributed database of international-relations events.",
                  cls=VeilleGroup, no_args_is_help=True, pretty_exceptions_enable=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

Inputs = Annotated[list[str], typer.Argument(help="Files, folders (recursive), '-' for stdin, or http(s) URLs.")]
DbOption = Annotated[Optional[str], typer.Option("--db", envvar="VEILLE_DB",
                                                 help=f"DuckDB file, or a folder that `ingest --out-parquet` "
                                                 f"wrote (read commands) [default: {default_path()}]")]


def _reader(db: Optional[str]) -> Store:
    """The store opened for queries: it must exist; others may read it at the same time."""
    return Store(db, read_only=True)


def _checked_by(read):
    """An option callback reading a filter value with `read` (see `filters`)."""
    def callback(value):
        try:
            return read(value) if value not in (None, "") else None
        except filters.FilterError as error:
            raise typer.BadParameter(str(error)) from None
    return callback


ActorOption = Annotated[Optional[str], typer.Option(
    callback=_checked_by(filters.actor), help="Acting side: a code (RUS, NATO) or a name in French or English.")]
RecipientOption = Annotated[Optional[str], typer.Option(
    callback=_checked_by(filters.actor), help="Side acted upon: a code or a name.")]
DyadOption = Annotated[Optional[str], typer.Option(
    callback=_checked_by(filters.dyad), help="SOURCE:TARGET, e.g. RUS:NATO: the first acting on the second, or both in a meeting.")]
TypeOption = Annotated[Optional[str], typer.Option("--type", callback=_checked_by(filters.event_type),
                                                   help="PLOVER type (CONSULT, ACCUSE, ...).")]
SinceOption = Annotated[Optional[str], typer.Option(callback=_checked_by(filters.date),
                                                    help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")]
UntilOption = Annotated[Optional[str], typer.Option(callback=_checked_by(filters.date),
                                                    help="Up to this date, inclusive.")]
ContextOption = Annotated[Optional[str], typer.Option(callback=_checked_by(filters.context),
                                                      help="historical, future, hypothetical or negation.")]
DocOption = Annotated[Optional[str], typer.Option("--doc", help="Only events of this document (id, id prefix or name).")]
OutletOption = Annotated[Optional[str], typer.Option(help="Only events reported by this outlet.")]
WideOption = Annotated[bool, typer.Option("--wide", "-w", help="Whole sentences and titles, one row per line "
                                          "however long (default: shortened to the terminal's width).")]


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
                                               help="Show the version and exit.")] = False,
         debug: Annotated[bool, typer.Option("--debug", envvar="VEILLE_DEBUG",
                                             help="Show the traceback of an error.")] = False) -> None:
    """veille reads French news and stores who did what to whom, with the sentence it was read from."""
    global _debug
    _debug = debug


EventsOption = Annotated[bool, typer.Option("--events/--no-events", help="Code events, quotes and dates.")]
WorkersOption = Annotated[int, typer.Option(min=1, help="Processes for the language analysis.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object on standard output.")]
DaskOption = Annotated[Optional[str], typer.Option(
    "--dask", metavar="ADDRESS", help="Run every per-document stage on a Dask cluster: its scheduler's address "
    "(tcp://host:8786), or local:N to start N worker processes on this machine.")]


@app.command()
def ingest(inputs: Inputs, db: DbOption = None,
           batch_size: Annotated[int, typer.Option(min=1, help="Documents per transaction (with --dask: input "
                                                   "files per partition, a JSONL or WARC file alone).")] = 100,
           events: EventsOption = True, workers: WorkersOption = 1, dask: DaskOption = None,
           out_parquet: Annotated[Optional[str], typer.Option(
               "--out-parquet", metavar="DIR",
               help="Also write each batch's documents, events and quotes to DIR as Parquet files partitioned "
               "by publication month (read with --db DIR, or DuckDB's read_parquet).")] = None,
           json_summary: JsonOption = False) -> None:
    """Read, clean, code and store documents; already stored content is skipped."""
    from .ingest import count_files
    with Store(db) as store, _cluster(dask, workers) as executor, _progress(count_files(inputs)) as (progress, task):
        def committed(report: Report) -> None:
            # (a feed's fetched items count as inputs of their own: never past the total)
            progress.update(task, completed=min(report.files, progress.tasks[0].total), stored=report.stored,
                            skipped=report.skipped)
            if progress.disable:  # no live bar: log each committed batch instead
                err.print(f"committed: {report.stored} stored, {report.skipped} skipped", highlight=False)

        pipeline = Pipeline(store, batch_size=batch_size, events=events, workers=workers, executor=executor,
                            parquet_folder=out_parquet)
        report = pipeline.ingest(inputs, on_progress=committed)
    _summary(report, store.path, json_summary)
    if report.failures:
        raise typer.Exit(1)


@app.command()
def extract(inputs: Inputs,
            format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.jsonl,
            events: EventsOption = True, workers: WorkersOption = 1) -> None:
    """Process documents without storing them and print them (JSON Lines by default)."""
    report = Report()
    docs = Pipeline(events=events, workers=workers).documents(inputs, report)
    if format is Format.table:
        for doc in docs:
            out.print(terminal.document_line(doc.to_json() | {"events": len(doc.events)}, out.width), highlight=False)
    else:
        for doc in docs:
            sys.stdout.write(json.dumps(doc.to_json(), ensure_ascii=False, indent=2 if format is Format.json else None) + "\n")
    _failures(report)
    raise typer.Exit(1 if report.failures else 0)


@app.command("explain")
def explain_command(inputs: Annotated[Optional[list[str]], typer.Argument(help="Files, folders or URLs.")] = None,
                    text: Annotated[Optional[str], typer.Option("--text", "-t", help="A sentence or article.")] = None,
                    published: Annotated[Optional[str], typer.Option(help="Publication date of --text.")] = None,
                    every: Annotated[bool, typer.Option("--all", help="Also sentences with no trigger.")] = False,
                    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, one sentence a line.")] = False) -> None:
    """Each sentence with the triggers found, the sides resolved and where from, or why no event."""
    if not inputs and not text:
        raise typer.BadParameter("give files, folders or URLs, or --text")
    report = Report()
    docs = [extract_text(text, published=published, events=False)] if text else \
        Pipeline(events=False).documents(inputs, report)
    for doc in docs:
        if not as_json:
            out.print(f"[bold]{doc.name}[/bold] {doc.title or ''}", highlight=False)
        for sentence in explain_document(doc):
            if not (sentence.triggers or every):
                continue
            if as_json:
                sys.stdout.write(json.dumps({"doc": doc.name} | sentence.to_json(), ensure_ascii=False) + "\n")
                continue
            out.print(f"\n{sentence.text}" + ("" if sentence.parsed else "  [dim](not parsed)[/dim]"), highlight=False)
            for entry in sentence.triggers:
                out.print(f"  {describe(entry)}", highlight=False, markup=False)
    _failures(report)
    raise typer.Exit(1 if report.failures else 0)


@app.command()
def docs(db: DbOption = None,
         limit: Annotated[int, typer.Option(help="How many to list (0: all).")] = 50,
         outlet: Annotated[Optional[str], typer.Option(help="Only this outlet.")] = None,
         wide: WideOption = False,
         format: Annotated[Format, typer.Option("--format", "-f")] = Format.table) -> None:
    """List stored documents: id, publication date, outlet, events, title."""
    with _reader(db) as store:
        rows = store.documents(limit=limit or None, outlet=outlet)
    if format is Format.table:
        for row in rows:
            out.print(terminal.document_line(row, out.width, wide), highlight=False, markup=False)
    else:
        _print_json(rows, format)


@app.command()
def show(doc_id: Annotated[str, typer.Argument(metavar="ID", help="Document id, id prefix, name, or an event id.")],
         db: DbOption = None, wide: WideOption = False,
         format: Annotated[Format, typer.Option("--format", "-f")] = Format.table) -> None:
    """One stored document with its events and quotes."""
    with _reader(db) as store:
        doc = store.get(doc_id)
    if doc is None:
        _not_found(f"no document {doc_id!r} in {store.path}")
    if format is not Format.table:
        _print_json(doc.to_json(), format)
        return
    out.rule(doc.title or doc.name)
    for label, value in (("id", doc.id), ("source", f"{doc.uri} {doc.record or ''}".strip()), ("url", doc.url),
                         ("published", doc.published), ("outlet", doc.outlet), ("language", doc.language)):
        out.print(f"[bold]{label:>10}[/] {value if value is not None else '—'}", highlight=False)
    out.print()
    _print_lines(terminal.paragraphs(doc.body, out.width, wide))
    out.rule(f"{len(doc.events)} events")
    _print_lines(line for row in doc.events for line in terminal.event_lines(row, out.width, wide))
    out.rule(f"{len(doc.quotes)} quotes")
    _print_lines(terminal.quote_line(q, out.width, wide) for q in doc.quotes)


@app.command()
def events(db: DbOption = None, actor: ActorOption = None, recipient: RecipientOption = None,
           dyad: DyadOption = None, type: TypeOption = None, since: SinceOption = None, until: UntilOption = None,
           context: ContextOption = None, doc: DocOption = None, outlet: OutletOption = None,
           limit: Annotated[int, typer.Option(help="How many (0: all).")] = 0,
           merged: Annotated[bool, typer.Option("--merged", help="One row per event merged across reports, "
                                                "with its counts, instead of one per article.")] = False,
           wide: WideOption = False,
           format: Annotated[EventFormat, typer.Option("--format", "-f")] = EventFormat.table) -> None:
    """List stored events, two lines each: id, date, type, sides, then the sentence. Paste
    an id into `veille event ID`."""
    with _reader(db) as store:
        query = store.merged_events if merged else store.events
        rows = query(actor=actor, recipient=recipient, dyad=dyad, type=type, since=since, until=until,
                     context=context, doc_id=doc, outlet=outlet, limit=limit or None)
    if format is EventFormat.table:
        _print_lines(line for row in rows for line in terminal.event_lines(row, out.width, wide))
    elif format is EventFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(EVENT_CSV_COLUMNS)
        writer.writerows([_csv_value(row.get(c)) for c in EVENT_CSV_COLUMNS] for row in rows)
    else:
        _print_json(rows, format)


@app.command()
def event(event_id: Annotated[str, typer.Argument(metavar="ID", help="An event id as `veille events` prints it: "
                                                  "one article's (DOCUMENT:N) or a merged one's (or a unique prefix).")],
          db: DbOption = None,
          why: Annotated[bool, typer.Option("--why", help="Show the reports merged and what agreed.")] = False,
          wide: WideOption = False,
          format: Annotated[Format, typer.Option("--format", "-f")] = Format.table) -> None:
    """One event: as one article tells it, or merged across reports with its counts; --why
    explains the merge."""
    with _reader(db) as store:
        told = store.events(ids=[event_id])
        merged = store.merged_event(told[0]["merged_id"] or "" if told else event_id)
        if not told and merged is None:
            _not_found(f"no event {event_id!r} (or more than one with that prefix) in {store.path}")
        reports = explain(merged, store.reports(merged["id"])) if merged else []
    if format is not Format.table:
        merged = merged and merged | {"reports": reports if why else len(reports)}
        _print_json(told[0] | {"merged": merged} if told else merged, format)  # an article's event, or a merged one
    else:
        _print_lines(terminal.event_detail(told[0] if told else None, merged, reports if why else [], out.width, wide))


@app.command()
def actors(query: Annotated[str, typer.Argument(help="A code or a name (or part of one), in French or English.")],
           wide: WideOption = False,
           format: Annotated[Format, typer.Option("--format", "-f")] = Format.table) -> None:
    """Look actors up in the dictionary: their codes, and a person's dated roles."""
    found = filters.actor_index().search(query)
    if not found:
        _not_found(f"no actor matches {query!r} in the dictionary")
    if format is Format.table:
        _print_lines(line for entry in found for line in terminal.actor_lines(entry, out.width, wide))
    else:
        _print_json([entry.to_json() for entry in found], format)


EVENT_CSV_COLUMNS = ("id", "date", "type", "mode", "actors", "recipients", "location", "location_country",
                     "latitude", "longitude", "context", "quad_class", "cameo_root", "goldstein", "sentence", "doc",
                     "outlet", "url")


def _csv_value(value):
    return "|".join(value) if isinstance(value, list) else value


def _print_lines(lines) -> None:
    for line in lines:
        out.print(line, highlight=False, markup=False)


def _print_json(value: Any, format: Format | EventFormat) -> None:
    if format.value == "jsonl" and isinstance(value, list):
        sys.stdout.writelines(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in value)
    else:
        indent = 2 if format.value == "json" else None
        sys.stdout.write(json.dumps(value, ensure_ascii=False, default=str, indent=indent) + "\n")


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
           context: ContextOption = None, doc: DocOption = None, outlet: OutletOption = None,
           header: Annotated[bool, typer.Option("--header/--no-header",
                                                help="gdelt: a first row of column names.")] = True) -> None:
    """Export merged events: JSON Lines, PLOVER records, a GDELT-style table, CSV or Parquet."""
    from .export import ExportError
    from .export import export as write_export
    if format is ExportFormat.parquet and not out_path:
        raise typer.BadParameter("parquet is a binary format: give a file path", param_hint="--out")
    with _reader(db) as store:
        try:
            n = write_export(store, format.value, out_path, header=header, actor=actor, recipient=recipient,
                             dyad=dyad, type=type, since=since, until=until, context=context, doc_id=doc,
                             outlet=outlet)
        except ExportError as error:
            raise typer.BadParameter(str(error)) from None
    err.print(f"exported {n} merged events" + (f" -> {out_path}" if out_path else ""), highlight=False)


@app.command()
def serve(db: DbOption = None,
          host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback exposes the store.")]
          = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000) -> None:
    """Serve the store read-only: a REST API (OpenAPI at /docs) and a web dashboard."""
    from .serve import run
    run(db or default_path(), host=host, port=port)


@contextmanager
def _progress(total: int) -> Iterator[tuple[Progress, Any]]:
    """A live bar on a terminal: files read of the total, documents stored and skipped,
    elapsed time and an estimate of the time left (from the files read so far)."""
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
                  TextColumn("{task.fields[stored]} stored, {task.fields[skipped]} skipped"), TimeElapsedColumn(),
                  TextColumn("ETA"), TimeRemainingColumn(), console=err, transient=True,
                  disable=not err.is_terminal) as progress:
        yield progress, progress.add_task("ingest", total=total, stored=0, skipped=0)


def _summary(report: Report, store_path: str, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(report.to_json() | {"store": store_path}, ensure_ascii=False) + "\n")
    else:
        err.print(f"stored {report.stored} documents ({report.events} events), skipped {report.skipped}, "
                  f"failed {len(report.failures)} in {report.seconds:.1f}s ({report.per_second:.0f} docs/s) "
                  f"-> {store_path}", highlight=False)
        _failures(report)


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


def _failures(report: Report) -> None:
    """The inputs skipped and why, then those that failed."""
    for skip in report.skips:
        err.print(f"skipped: {skip}", highlight=False, markup=False)
    for failure in report.failures:
        err.print(f"[red]failed:[/] {failure}", highlight=False)


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
             actor: Annotated[Optional[str], typer.Option(callback=_checked_by(filters.actor),
                                                          help="Events this actor takes part in (code or name).")] = None,
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
    with _reader(db) as store:
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
    with _reader(db) as store:
        actors = analytics.top_actors(store, n, side, since=since, until=until, type=type, factual=not all_contexts)
        dyads = analytics.top_dyads(store, n, directed=not both_ways, since=since, until=until, type=type,
                                    factual=not all_contexts)
    if format is FrameFormat.json:
        frames = {"actors": analytics.json_records(actors), "dyads": analytics.json_records(dyads)}
        sys.stdout.write(json.dumps(frames, ensure_ascii=False, indent=2) + "\n")
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
    with _reader(db) as store:
        graph = analytics.network(store, since=since, until=until, type=type, factual=not all_contexts,
                                  min_weight=min_weight, isolates=isolates)
    if plot:
        err.print(f"chart -> {analytics.plot_network(graph, plot)}", highlight=False)
    if format is FrameFormat.json:
        sys.stdout.write(json.dumps(analytics.network_json(graph), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_frame(analytics.edges_frame(graph), format,
                     title=f"{graph.number_of_nodes()} actors, {graph.number_of_edges()} edges")


FRAME_HEADERS = {"verbal_coop": "v.coop", "material_coop": "m.coop", "verbal_conflict": "v.confl",
                 "material_conflict": "m.confl", "as_source": "source", "as_target": "target",
                 "coop_conflict": "index", "quad_class": "quad"}


def _print_frame(df, format: FrameFormat, *, by: Optional[str] = None, title: Optional[str] = None) -> None:
    if format is FrameFormat.csv:
        df.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
        return
    from .analytics import json_records, period_label
    if format is FrameFormat.json:
        sys.stdout.write(json.dumps(json_records(df), ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=title, box=None, padding=(0, 1), pad_edge=False, header_style="bold")
    for column in df.columns:
        table.add_column(FRAME_HEADERS.get(column, column.replace("_", " ")), no_wrap=True, overflow="ellipsis",
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
