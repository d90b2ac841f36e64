"""The `veille` command: a thin layer over the library API."""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .pipeline import Pipeline, Report
from .store import Store, default_path

app = typer.Typer(help="French news to a source-attributed database of international-relations events.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

Inputs = Annotated[list[str], typer.Argument(help="Files, folders (recursive), '-' for stdin, or http(s) URLs.")]
DbOption = Annotated[Optional[str], typer.Option("--db", envvar="VEILLE_DB",
                                                 help=f"DuckDB file [default: {default_path()}]")]


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


@app.command()
def ingest(inputs: Inputs, db: DbOption = None,
           batch_size: Annotated[int, typer.Option(min=1, help="Documents per transaction.")] = 100,
           events: EventsOption = True, workers: WorkersOption = 1) -> None:
    """Read, clean, code and store documents; already stored content is skipped."""
    with Store(db) as store, _progress() as progress:
        task = progress.add_task("ingest", total=None, rate=0.0)

        def committed(report: Report) -> None:
            progress.update(task, completed=report.stored + report.skipped, rate=report.per_second)
            if progress.disable:  # no live bar: log each committed batch instead
                err.print(f"committed: {report.stored} stored, {report.skipped} skipped", highlight=False)

        pipeline = Pipeline(store, batch_size=batch_size, events=events, workers=workers)
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
def events(db: DbOption = None,
           actor: Annotated[Optional[str], typer.Option(help="Source actor code (RUS, NATO, ...).")] = None,
           recipient: Annotated[Optional[str], typer.Option(help="Target actor code.")] = None,
           dyad: Annotated[Optional[str], typer.Option(help="SOURCE:TARGET, e.g. RUS:NATO.")] = None,
           type: Annotated[Optional[str], typer.Option("--type", help="PLOVER type (CONSULT, ACCUSE, ...).")] = None,
           since: Annotated[Optional[str], typer.Option(help="From this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
           until: Annotated[Optional[str], typer.Option(help="Up to this date, inclusive.")] = None,
           context: Annotated[Optional[str], typer.Option(help="historical, future, hypothetical or negation.")] = None,
           limit: Annotated[int, typer.Option(help="How many (0: all).")] = 0,
           format: Annotated[EventFormat, typer.Option("--format", "-f")] = EventFormat.table) -> None:
    """List stored events, filtered by actors, type, dates and context."""
    pair = None
    if dyad:
        if dyad.count(":") != 1:
            raise typer.BadParameter("expected SOURCE:TARGET, e.g. RUS:NATO", param_hint="--dyad")
        pair = tuple(dyad.split(":"))
    with Store(db) as store:
        rows = store.events(actor=actor, recipient=recipient, dyad=pair, type=type, since=since, until=until,
                            context=context, limit=limit or None)
    if format is EventFormat.table:
        table = Table("date", "type", "actors", "recipients", "context", "sentence")
        for row in rows:
            table.add_row(row["date"] or "—", row["type"], " ".join(row["actors"]), " ".join(row["recipients"]),
                          " ".join(row["context"]), row["sentence"][:90])
        out.print(table)
    elif format is EventFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(EVENT_CSV_COLUMNS)
        writer.writerows([_csv_value(row[c]) for c in EVENT_CSV_COLUMNS] for row in rows)
    elif format is EventFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


EVENT_CSV_COLUMNS = ("id", "date", "type", "mode", "actors", "recipients", "location", "location_country", "context",
                     "quad_class", "cameo_root", "goldstein", "sentence", "doc", "outlet", "url")


def _csv_value(value):
    return "|".join(value) if isinstance(value, list) else value


def _progress() -> Progress:
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.completed} docs"),
                    TextColumn("{task.fields[rate]:.0f} docs/s"), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


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
