"""`ali-sandbox`: serve the SANDBOX back office (fake padrón register, demo seal, demo identity
provider) on 127.0.0.1, one tenant per council under `/t/<council>` (`ali_sandbox.tenants`),
each keyed with ALI's `ALI_CONNECTOR_KEYS` entry for it (or its development key); it refuses
to start when ALI_ENVIRONMENT=production."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console

from ali.errors import AliError
from ali.logging import configure_logging
from ali.settings import Settings
from ali_sandbox.settings import SandboxSettings
from ali_sandbox.tenants import create_tenants_app

console = Console()


def serve(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8001,
    council: Annotated[
        list[str] | None,
        typer.Option(help="A council to serve a tenant for (repeat it); all by default."),
    ] = None,
) -> None:
    """Serve the SANDBOX back office (fake padrón register, demo seal, demo identity provider).

    Refuses to start when ALI_ENVIRONMENT=production.
    """
    import uvicorn

    try:
        settings = Settings()
    except ValidationError as exc:  # a clear message instead of a traceback
        for error in exc.errors():
            console.print(f"[red]Configuration error: {error['msg']}[/red]")
        raise typer.Exit(2) from None
    configure_logging(settings.log_level, settings.log_format)
    sandbox_settings = SandboxSettings.from_settings(settings).model_copy(
        update={"public_url": f"http://127.0.0.1:{port}"}
    )
    try:
        sandbox_app = create_tenants_app(sandbox_settings, council or None)
    except AliError as exc:
        console.print(f"[red]{exc.detail}[/red]")
        raise typer.Exit(1) from exc
    console.print("[yellow]SANDBOX back office: fake data, no legal validity.[/yellow]")
    # No access log: the sandbox API takes NIFs in query strings (as some back offices do).
    uvicorn.run(sandbox_app, host="127.0.0.1", port=port, log_config=None, access_log=False)


def main() -> None:
    typer.run(serve)
