"""`ali council ...` and `ali catalogue ...`: commands for the editors of a council's knowledge.

- `ali council new <id>` writes a new council's folder (`ali.catalogue.scaffold`).
- `ali council check [<id>]` validates each council (`ali.catalogue.validation`): what keeps
  it from loading, missing languages, malformed links, unknown connectors and actions, facts
  past their year (errors: exit 1) and entries due for review, TODOs, placeholders (warnings;
  with `--strict` they fail too). The yearly facts past their year and the entries not
  reviewed for too long are also listed as tables, so a scheduled job or CI can remind the
  editors in January.
- `ali catalogue import <file.csv> --council <id>` reads a spreadsheet of procedures into a
  catalogue file (`ali.catalogue.spreadsheet`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Optional

import typer
import yaml
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ali.catalogue import council_folders, load_catalogue
from ali.catalogue.freshness import DEFAULT_REVIEW_AGE, FreshnessReport
from ali.catalogue.scaffold import NewCouncil, scaffold_council
from ali.catalogue.spreadsheet import ImportFailed, read_spreadsheet, write_entries
from ali.catalogue.validation import Checks, CouncilValidation, validate_council
from ali.connectors.callback import CallbackAction
from ali.connectors.registry import CONNECTOR_TYPES
from ali.errors import CatalogueError
from ali.settings import Settings

app = typer.Typer(help="Keep a council's knowledge current.", no_args_is_help=True)
catalogue_app = typer.Typer(help="Fill a council's catalogue.", no_args_is_help=True)
console = Console()

KnowledgeDirOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional here
    typer.Option(help="Folder of council folders (default: the settings' knowledge_dir)."),
]


def _knowledge_dir(given: Path | None) -> Path:
    if given is not None:
        return given
    try:
        return Settings().knowledge_dir
    except ValidationError as exc:
        for error in exc.errors():
            console.print(f"[red]Configuration error: {error['msg']}[/red]")
        raise typer.Exit(2) from None


def _print_freshness(report: FreshnessReport) -> None:
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


def _print_validation(result: CouncilValidation, strict: bool) -> None:
    if result.freshness is not None:
        _print_freshness(result.freshness)
    # Past-year facts and entries due for review are in the tables above.
    findings = [finding for finding in result.findings if finding.check != "freshness"]
    if findings:
        table = Table(title=f"{result.council}: to fix", show_lines=False)
        for column in ("", "where", "problem"):
            table.add_column(column)
        for finding in findings:
            mark = "[red]error[/red]" if finding.severity == "error" else "[yellow]warning[/yellow]"
            table.add_row(mark, escape(finding.where), escape(finding.message))
        console.print(table)
    errors, warnings = len(result.errors), len(result.warnings)
    verdict = "[green]passes[/green]" if result.passed(strict) else "[red]fails[/red]"
    console.print(
        f"{result.council}: {errors} error(s), {warnings} warning(s): {verdict}"
        + (" (--strict: warnings count)" if strict else "")
    )


@app.command()
def check(
    council_id: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="Only this council (default: every council).", show_default=False),
    ] = None,
    council: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Only this council (as the argument)."),
    ] = None,
    today: Annotated[
        Optional[dt.datetime],  # noqa: UP045
        typer.Option(formats=["%Y-%m-%d"], help="Check as of this day (default: today)."),
    ] = None,
    max_age: Annotated[
        int,
        typer.Option(min=0, help="Days an entry may go without review before it is listed."),
    ] = DEFAULT_REVIEW_AGE.days,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail too (before going live).")
    ] = False,
    knowledge_dir: KnowledgeDirOption = None,
) -> None:
    """Validate each council: exit 1 on an error (with --strict, on a warning too)."""
    wanted = council_id or council
    folders = council_folders(_knowledge_dir(knowledge_dir))
    if wanted is not None:
        folders = [folder for folder in folders if folder.name == wanted]
    if not folders:
        console.print(f"[red]No council {wanted or ''} found.[/red]")
        raise typer.Exit(2)
    checks = Checks(
        connector_types=frozenset(CONNECTOR_TYPES),
        built_in_actions=frozenset({CallbackAction.name}),
        today=today.date() if today is not None else None,
        review_age=dt.timedelta(days=max_age),
    )
    passed = True
    for folder in folders:
        result = validate_council(folder, checks)
        _print_validation(result, strict)
        passed = passed and result.passed(strict)
    if not passed:
        raise typer.Exit(1)


def _languages(value: str) -> tuple[str, ...]:
    return tuple(code.strip() for code in value.split(",") if code.strip())


@app.command()
def new(
    council_id: Annotated[str, typer.Argument(help="Folder name and id: lowercase, digits, -.")],
    name: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="The council's name (default: 'Ayuntamiento de <Id>')."),
    ] = None,
    assistant_name: Annotated[str, typer.Option(help="The assistant's name.")] = "Asistente",
    languages: Annotated[
        str, typer.Option(help="Languages offered, comma-separated; the first is the default.")
    ] = "es",
    base: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Inherit this base catalogue (knowledge/_bases/<base>/)."),
    ] = None,
    web_url: Annotated[Optional[str], typer.Option(help="The council's website.")] = None,  # noqa: UP045
    sede_url: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="The address of its sede electrónica."),
    ] = None,
    phone: Annotated[Optional[str], typer.Option(help="Its information phone.")] = None,  # noqa: UP045
    timezone: Annotated[str, typer.Option(help="Its time zone.")] = "Europe/Madrid",
    primary_color: Annotated[str, typer.Option(help="Branding: main colour, #rrggbb.")] = (
        "#1f4e79"
    ),
    secondary_color: Annotated[str, typer.Option(help="Branding: accent colour, #rrggbb.")] = (
        "#f2b705"
    ),
    logo: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="Branding: the logo (.svg, .png or .jpg), copied into the folder."),
    ] = None,
    knowledge_dir: KnowledgeDirOption = None,
) -> None:
    """Write a new council's profile and starter catalogue, for its editors to complete."""
    root = _knowledge_dir(knowledge_dir)
    chosen = _languages(languages)
    council = NewCouncil(
        id=council_id,
        name=name or f"Ayuntamiento de {council_id.replace('-', ' ').title()}",
        assistant_name=assistant_name,
        languages=chosen,
        today=dt.date.today(),
        base=base,
        web_url=web_url,
        sede_url=sede_url,
        phone=phone,
        timezone=timezone,
        primary_color=primary_color,
        secondary_color=secondary_color,
        logo=logo,
    )
    try:
        folder = scaffold_council(root, council)
    except CatalogueError as exc:
        console.print(f"[red]{escape(exc.detail)}[/red]")
        raise typer.Exit(2) from exc
    console.print(f"[green]{council_id}[/green]: written in {folder}")
    for path in sorted(folder.rglob("*.yaml")):
        console.print(f"  {path.relative_to(root)}")
    console.print(
        "Next: complete the TODOs (council.yaml's comments, each entry's editor_notes), then "
        f"`ali council check {council_id}` (docs/adopt.md)."
    )


@catalogue_app.command("import")
def import_spreadsheet(
    spreadsheet: Annotated[Path, typer.Argument(help="The CSV export, one row per procedure.")],
    council: Annotated[str, typer.Option(help="The council the procedures are for.")],
    output: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(help="Name of the file in procedures/ (default: the CSV's name)."),
    ] = None,
    reviewed: Annotated[
        Optional[dt.datetime],  # noqa: UP045
        typer.Option(formats=["%Y-%m-%d"], help="last_reviewed of rows that give none."),
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite the file written by a former import.")
    ] = False,
    knowledge_dir: KnowledgeDirOption = None,
) -> None:
    """Read a spreadsheet of procedures into the council's catalogue (procedures/<name>.yaml);
    every problem is named by row and column, and nothing is written while one remains."""
    folder = _knowledge_dir(knowledge_dir) / council
    if not (folder / "council.yaml").is_file():
        console.print(f"[red]No council {council} found.[/red]")
        raise typer.Exit(2)
    stem = (output or spreadsheet.stem).removesuffix(".yaml")
    destination = folder / "procedures" / f"{stem}.yaml"
    if destination.exists() and not replace:
        console.print(f"[red]{destination} exists: give --replace or another --output.[/red]")
        raise typer.Exit(2)
    try:
        catalogue = load_catalogue(folder)
        rows = read_spreadsheet(
            spreadsheet,
            catalogue.profile,
            existing=_own_ids(folder, skip=destination),
            known_ids=catalogue.ids(),
            reviewed=reviewed.date() if reviewed is not None else None,
        )
    except ImportFailed as exc:
        for problem in exc.problems:
            console.print(
                f"[red]{escape(spreadsheet.name)}: {escape(str(problem))}[/red]", soft_wrap=True
            )
        raise typer.Exit(1) from exc
    except CatalogueError as exc:
        console.print(f"[red]{escape(exc.detail)}[/red]")
        raise typer.Exit(2) from exc
    destination.parent.mkdir(exist_ok=True)
    write_entries(rows, destination, spreadsheet.name)
    console.print(
        f"[green]{council}[/green]: {len(rows)} procedures written to {destination}; "
        f"now `ali council check {council}`."
    )


def _own_ids(folder: Path, skip: Path) -> dict[str, str]:
    """The ids of the council's own catalogue files (less `skip`), each with its file."""
    ids: dict[str, str] = {}
    for path in sorted((folder / "procedures").glob("*.yaml")):
        if path == skip:
            continue
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                ids[entry["id"]] = f"procedures/{path.name}"
    return ids
