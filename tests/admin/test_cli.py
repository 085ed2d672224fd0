"""`ali admin-password`: a hash for ALI_ADMIN__PASSWORD_HASH from a hidden, confirmed prompt."""

from __future__ import annotations

from typer.testing import CliRunner

from ali.admin.passwords import PasswordHash
from ali.cli import app


def test_prints_a_hash_of_the_confirmed_password() -> None:
    password = "a long admin password"
    result = CliRunner().invoke(app, ["admin-password"], input=f"{password}\n{password}\n")
    assert result.exit_code == 0, result.output
    printed = result.stdout.strip().splitlines()[-1]
    assert password not in result.stdout
    assert PasswordHash.parse(printed).matches(password)


def test_refuses_a_short_password() -> None:
    result = CliRunner().invoke(app, ["admin-password"], input="short\nshort\n")
    assert result.exit_code == 2
    assert "12 characters" in result.output
