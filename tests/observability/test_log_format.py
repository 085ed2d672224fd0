"""Production logs are JSON unless the deployment says otherwise; elsewhere the console's."""

from __future__ import annotations

from pydantic import SecretStr

from ali.settings import Settings

SECRET = SecretStr("a-long-random-production-secret-for-this-test-only")


def test_production_logs_json_by_default() -> None:
    assert Settings(_env_file=None, environment="production", secret_key=SECRET).log_format == (
        "json"
    )


def test_a_format_the_deployment_chose_is_kept() -> None:
    chosen = Settings(
        _env_file=None, environment="production", secret_key=SECRET, log_format="console"
    )
    assert chosen.log_format == "console"


def test_development_logs_to_the_console() -> None:
    assert Settings(_env_file=None).log_format == "console"
