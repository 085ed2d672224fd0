from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr, ValidationError

from ali.settings import Settings
from ali_sandbox import SandboxRefused, SandboxSettings, create_sandbox_app


@pytest.mark.parametrize("environment", ["production", "Production", " production "])
def test_the_sandbox_refuses_to_start_in_production(tmp_path: Path, environment: str) -> None:
    data_dir = tmp_path / "sandbox"
    with pytest.raises(SandboxRefused):
        create_sandbox_app(SandboxSettings(data_dir=data_dir, environment=environment))
    assert not data_dir.exists()  # refused before any demo data, key or seal is written


def test_settings_refuse_a_public_url_that_is_not_http(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        SandboxSettings(data_dir=tmp_path, public_url="javascript:alert(1)")


def test_settings_refuse_an_empty_api_key(tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        SandboxSettings(data_dir=tmp_path, api_key=SecretStr("  "))


def test_settings_derived_from_ali_live_next_to_its_data(tmp_path: Path) -> None:
    ali = Settings(_env_file=None, data_dir=tmp_path, environment="test")  # type: ignore[call-arg]
    settings = SandboxSettings.from_settings(ali)
    assert settings.data_dir == tmp_path / "sandbox"
    assert settings.environment == "test"
    assert settings.database_path == tmp_path / "sandbox" / "sandbox.db"
    assert settings.issuer == "http://127.0.0.1:8001/idp"


def test_health_says_it_is_a_sandbox(sandbox: TestClient) -> None:
    response = sandbox.get("/sandbox/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "sandbox": True}


def test_an_unknown_route_is_a_json_error(sandbox: TestClient) -> None:
    response = sandbox.get("/no/such/route")
    assert response.status_code == 404
    assert response.json()["error"] == "NotFound"


def test_the_openapi_title_says_sandbox(sandbox: TestClient) -> None:
    assert "SANDBOX" in sandbox.get("/openapi.json").json()["info"]["title"]


def test_a_restart_keeps_the_identity_key_and_the_seal(tmp_path: Path) -> None:
    settings = SandboxSettings(data_dir=tmp_path, environment="test")
    with TestClient(create_sandbox_app(settings)) as first:
        jwks = first.get("/idp/jwks.json").json()
    seal_files = {path.name: path.read_bytes() for path in settings.seal_dir.iterdir()}
    with TestClient(create_sandbox_app(settings)) as second:
        assert second.get("/idp/jwks.json").json() == jwks
        assert len(second.get("/idp/citizens").json()) == 6
    assert {path.name: path.read_bytes() for path in settings.seal_dir.iterdir()} == seal_files
    key_file = settings.idp_dir / "idp-key.pem"
    assert key_file.stat().st_mode & 0o077 == 0  # the private key is readable by its owner only
