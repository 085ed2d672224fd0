"""What production refuses in the settings: placeholder and published secrets (the Kubernetes
Secret's CHANGE-ME, the sandbox's connector key, the try-out dashboard password's hash), a short
secret key, and the sandbox's address. Outside production the same values are accepted."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from structlog.testing import capture_logs

from ali.api.app import create_app
from ali.councils import Councils
from ali.settings import (
    AdminSettings,
    BackOfficeSettings,
    DatabaseSettings,
    Settings,
    removed_variables,
)

ROOT = Path(__file__).resolve().parent.parent
REAL_KEY = "settings-test-" + "k" * 40
# The API keys the sandbox back office publishes (ali_sandbox.settings), the one for every council
# and a council's tenant's.
SANDBOX_KEYS = ("sandbox-only-not-secret", "sandbox-alicante-not-secret")


def _makefile(variable: str) -> str:
    """A value the Makefile gives `make run` (its `$$` is one `$`)."""
    [value] = re.findall(rf"^{variable} \?= (.+)$", (ROOT / "Makefile").read_text(), re.M)
    return str(value).replace("$$", "$")


def production(**values: Any) -> Settings:
    options: dict[str, Any] = {"secret_key": SecretStr(REAL_KEY)} | values
    return Settings(_env_file=None, environment="production", **options)


def test_a_short_secret_key_is_refused() -> None:
    with pytest.raises(ValueError, match="ALI_SECRET_KEY is shorter than 32"):
        production(secret_key=SecretStr("short-but-random-Zx81"))


def test_a_placeholder_secret_key_is_refused() -> None:
    with pytest.raises(ValueError, match="ALI_SECRET_KEY is a placeholder"):
        production(secret_key=SecretStr("CHANGE-ME-to-a-long-random-value-please"))


def test_a_placeholder_database_password_is_refused() -> None:
    url = "postgresql+psycopg://ali:CHANGE-ME@postgres:5432/ali"
    with pytest.raises(ValueError, match="ALI_DATABASE__URL is a placeholder"):
        production(database=DatabaseSettings(url=SecretStr(url)))


@pytest.mark.parametrize("sandbox_key", SANDBOX_KEYS)
def test_the_sandbox_connector_key_is_refused_naming_the_council(sandbox_key: str) -> None:
    with pytest.raises(ValueError, match=r"ALI_CONNECTOR_KEYS\[alicante\] is a placeholder"):
        production(connector_keys={"alicante": SecretStr(sandbox_key)})


def test_the_try_out_dashboard_password_is_refused() -> None:
    published = _makefile("ADMIN_HASH")
    with pytest.raises(ValueError, match="try-out dashboard password's published hash"):
        production(admin=AdminSettings(password_hash=SecretStr(published)))


def test_the_sandbox_address_is_refused() -> None:
    with pytest.raises(ValueError, match="ALI_SANDBOX_URL"):
        production(sandbox_url="http://127.0.0.1:8001")


def test_every_refusal_is_named_at_once() -> None:
    with pytest.raises(ValueError) as refused:
        production(
            secret_key=SecretStr("CHANGE-ME"),
            connector_keys={"alicante": SecretStr("changeme")},
            sandbox_url="http://127.0.0.1:8001",
        )
    message = str(refused.value)
    for name in ("ALI_SECRET_KEY is shorter", "ALI_SECRET_KEY is a placeholder", "[alicante]"):
        assert name in message
    assert "ALI_SANDBOX_URL" in message


def test_real_values_start_production() -> None:
    settings = production(
        database=DatabaseSettings(url=SecretStr("postgresql+psycopg://ali:Vq8r2x@db:5432/ali")),
        connector_keys={"alicante": SecretStr("a-real-back-office-key-0123456789")},
        admin=AdminSettings(password_hash=SecretStr("scrypt$32768$8$1$c2FsdA==$aGFzaA==")),
    )
    assert settings.environment == "production"


def test_outside_production_the_try_out_values_are_accepted() -> None:
    settings = Settings(
        _env_file=None,
        environment="development",
        connector_keys={"alicante": SecretStr(SANDBOX_KEYS[0])},
        admin=AdminSettings(password_hash=SecretStr(_makefile("ADMIN_HASH"))),
        sandbox_url="http://127.0.0.1:8001",
    )
    assert settings.sandbox_url == "http://127.0.0.1:8001"


def _back_office(**addresses: Any) -> dict[str, BackOfficeSettings]:
    return {"alicante": BackOfficeSettings.model_validate(addresses)}


@pytest.mark.parametrize(
    "addresses",
    [
        {"url": "http://127.0.0.1:8001/t/alicante"},
        {"url": "http://localhost:9000"},
        {"url": "http://[::1]:9000"},
        {"systems": {"padron": "http://127.0.0.2/padron"}},
    ],
    ids=["sandbox", "localhost", "ipv6-loopback", "a-system"],
)
def test_a_back_office_on_the_sandbox_or_loopback_is_refused(addresses: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"ALI_BACK_OFFICES\[alicante\]\.\S+ .* own address"):
        production(back_offices=_back_office(**addresses))


def test_the_sandbox_demo_identity_provider_is_refused() -> None:
    demo = BackOfficeSettings.sandbox("http://127.0.0.1:8001/t/alicante")
    with pytest.raises(ValueError) as refused:
        production(back_offices={"alicante": demo})
    for name in ("].url", "].issuer", "].jwks_url"):
        assert name in str(refused.value)


def test_a_sandbox_elsewhere_is_refused_by_its_address() -> None:
    sandbox = "http://sandbox.internal:8001"
    with pytest.raises(ValueError, match="issuer"):
        production(
            sandbox_back_office=sandbox,
            back_offices=_back_office(
                url="https://backoffice.alicante.es", issuer=f"{sandbox}/t/alicante/idp"
            ),
        )


def test_the_council_systems_start_production() -> None:
    settings = production(
        back_offices=_back_office(
            url="https://backoffice.alicante.es",
            issuer="https://clave.alicante.es",
            jwks_url="https://clave.alicante.es/jwks.json",
        )
    )
    assert settings.back_office("alicante") == settings.back_offices["alicante"]


def test_outside_production_the_sandbox_tenant_is_used() -> None:
    settings = Settings(_env_file=None, environment="development")
    demo = BackOfficeSettings.sandbox("http://127.0.0.1:8001/t/alicante")
    assert settings.back_office("alicante") == demo


def test_a_removed_variable_still_set_is_named_with_its_replacement(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: Settings, councils: Councils
) -> None:
    # pydantic-settings ignores unknown variables: a deployment that still sets the old per-limit
    # Redis prefix would lose it silently, so start-up says so.
    assert removed_variables({}, env_file=None) == []
    found = removed_variables({"ALI_RATE_LIMITS__KEY_PREFIX": "town"}, env_file=None)
    assert [name for name, _ in found] == ["ALI_RATE_LIMITS__KEY_PREFIX"]
    assert "ALI_REDIS_KEY_PREFIX" in found[0][1]
    env_file = tmp_path / ".env"  # Settings reads .env too
    env_file.write_text("ALI_RATE_LIMITS__KEY_PREFIX=town\n", encoding="utf-8")
    assert [name for name, _ in removed_variables({}, env_file)] == ["ALI_RATE_LIMITS__KEY_PREFIX"]

    monkeypatch.setenv("ALI_RATE_LIMITS__KEY_PREFIX", "town")
    with capture_logs() as logs:
        create_app(settings, councils=councils)
    warned = [entry for entry in logs if entry["event"] == "setting_removed"]
    assert [entry["variable"] for entry in warned] == ["ALI_RATE_LIMITS__KEY_PREFIX"]
