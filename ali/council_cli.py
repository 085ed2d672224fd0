"""`ali council ...`: commands for the editors of a council's knowledge.

`ali council check` lists, for each council, the yearly facts past their year and the entries
not reviewed for too long (`ali.catalogue.freshness`); it exits with 1 when a fact is past its
year, so a scheduled job or CI can remind the editors in January.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from ali.catalogue import council_folders, load_catalogue
from ali.catalogue.freshness import DEFAULT_REVIEW_AGE, FreshnessReport, check_freshness
from ali.errors import CatalogueError
from ali.settings import Settings

app = typer.Typer(help="Keep a council's knowledge current.", no_args_is_help=True)
console = Console()


def _knowledge_dir(given: Path | None) -> Path:
    if given is not None:
        return given
    try:
        return Settings().knowledge_dir
    except ValidationError as exc:
        for error in exc.errors():
            console.print(f"[red]Configuration error: {error['msg']}[/red]")
        raise typer.Exit(2) from None


def _print(report: FreshnessReport) -> None:
    if report.past_year:
        table = Table(title=f"{report.council}: facts past their year ({report.today.isoformat()})")
        for column in ("procedure", "fact", "year"):
            table.add_column(column)
        for item in report.past_year:
            table.add_row(item.procedure_id, item.fact, str(item.year))
        console.print(table)
    else:
        console.print(f"[green]{report.council}[/green]: no fact past its year")
    if report.due_for_review:
        table = Table(title=f"{report.council}: entries due for review")
        for column in ("entry", "last reviewed", "days ago"):
            table.add_column(column)
        for due in report.due_for_review:
            table.add_row(due.entry, due.last_reviewed.isoformat(), str(due.age.days))
        console.print(table)


@app.command()
def check(
    council: Annotated[
        Optional[str],  # noqa: UP045 - typer needs Optional here
        typer.Option(help="Only this council (default: every council)."),
    ] = None,
    today: Annotated[
        Optional[dt.datetime],  # noqa: UP045
        typer.Option(formats=["%Y-%m-%d"], help="Check as of this day (default: today)."),
    ] = None,
    max_age: Annotated[
        int,
        typer.Option(min=0, help="Days an entry may go without review before it is listed."),
    ] = DEFAULT_REVIEW_AGE.days,
    knowledge_dir: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="Folder of council folders (default: the settings' knowledge_dir)."),
    ] = None,
) -> None:
    """List the facts past their year and the entries due for review; exit 1 if a fact is past
    its year."""
    folders = council_folders(_knowledge_dir(knowledge_dir))
    if council is not None:
        folders = [folder for folder in folders if folder.name == council]
    if not folders:
        console.print(f"[red]No council {council or ''} found.[/red]")
        raise typer.Exit(2)
    current = True
    for folder in folders:
        try:
            catalogue = load_catalogue(folder)
        except CatalogueError as exc:
            console.print(f"[red]{exc.detail}[/red]")
            raise typer.Exit(2) from exc
        day = today.date() if today is not None else catalogue.profile.now().date()
        report = check_freshness(catalogue, day, dt.timedelta(days=max_age))
        _print(report)
        current = current and report.current
    if not current:
        raise typer.Exit(1)
