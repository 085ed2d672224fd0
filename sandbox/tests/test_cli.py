"""`ali-sandbox`, the sandbox's own command (the product's `ali` has none)."""

from __future__ import annotations

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from ali.cli import app as product_cli
from ali_sandbox.cli import serve


def test_it_refuses_to_serve_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALI_ENVIRONMENT", "production")
    monkeypatch.setenv("ALI_SECRET_KEY", "a-long-random-production-secret-0123456789abcdef")
    command = typer.Typer()
    command.command()(serve)
    result = CliRunner().invoke(command, ["--port", "8999"])
    assert result.exit_code == 1
    assert "never runs in production" in result.output


def test_the_product_command_has_no_sandbox() -> None:
    commands = get_command(product_cli).commands  # type: ignore[attr-defined]
    assert "serve" in commands
    assert "sandbox" not in commands
