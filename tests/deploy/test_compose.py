"""compose.yaml, checked without a Docker engine: its structure, and the environment it gives
ALI read by the real Settings (every variable is one Settings knows; production accepts it)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from ali.settings import Settings
from tests.deploy.settings_names import is_setting, knows

ROOT = Path(__file__).resolve().parents[2]
VARIABLE = re.compile(r"\$\{(?P<name>\w+)(?:(?P<kind>:?[-?])(?P<default>[^}]*))?\}")
SHELL = {"ALI_SECRET_KEY": "compose-test-" + "s" * 48, "ALI_DB_PASSWORD": "a-long-db-password"}


def _compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())  # type: ignore[no-any-return]


def interpolate(text: str, shell: dict[str, str]) -> str:
    """Compose's `${VAR}`, `${VAR:-default}` and `${VAR:?error}`."""

    def value(match: re.Match[str]) -> str:
        name, kind, default = match["name"], match["kind"], match["default"] or ""
        given = shell.get(name)
        if kind and kind.endswith("?") and not given:
            raise KeyError(f"{name}: {default}")
        if given is None or (kind == ":-" and not given):
            return default if kind and kind.endswith("-") else ""
        return given

    return VARIABLE.sub(value, text)


def _environment(shell: dict[str, str]) -> dict[str, str]:
    """The environment compose gives the `ali` container for this shell."""
    raw = _compose()["services"]["ali"]["environment"]
    environment = {}
    for name, value in raw.items():
        if value is None:  # passed through from the shell, when set there
            if name in shell:
                environment[name] = shell[name]
            continue
        environment[name] = interpolate(str(value), shell)
    return environment


def test_every_service_has_an_image_and_ali_is_built_here() -> None:
    services = _compose()["services"]
    assert set(services) == {"ali", "db", "redis", "llm"}
    for name, service in services.items():
        assert "image" in service, name
        assert ":" in service["image"] and not service["image"].endswith(":latest"), name
    assert services["ali"]["build"] == "."


def test_the_model_server_is_optional() -> None:
    services = _compose()["services"]
    assert services["llm"]["profiles"] == ["llm"]
    for name, service in services.items():
        if name != "llm":
            assert "profiles" not in service, name
            assert "llm" not in service.get("depends_on", {}), name


def test_ali_waits_for_a_healthy_database_and_redis() -> None:
    services = _compose()["services"]
    depends = services["ali"]["depends_on"]
    for name in ("db", "redis"):
        assert depends[name] == {"condition": "service_healthy"}
        assert services[name]["healthcheck"]["test"]


def test_ali_is_published_on_loopback_only_and_runs_read_only() -> None:
    ali = _compose()["services"]["ali"]
    assert all(port.startswith("127.0.0.1:") for port in ali["ports"])
    assert ali["read_only"] is True
    assert ali["cap_drop"] == ["ALL"]
    assert any(volume.endswith(":/data") for volume in ali["volumes"])


def test_every_variable_given_to_ali_is_a_setting() -> None:
    names = _compose()["services"]["ali"]["environment"]
    assert names
    assert not knows(Settings, ["llm", "modle"])  # a misspelt one would be caught
    for name in names:
        assert is_setting(name), f"{name} is not a setting of ali.settings.Settings"


def test_a_missing_secret_stops_compose() -> None:
    with pytest.raises(KeyError, match="ALI_SECRET_KEY"):
        _environment({"ALI_DB_PASSWORD": "a-long-db-password"})
    with pytest.raises(KeyError, match="ALI_DB_PASSWORD"):
        _environment({"ALI_SECRET_KEY": SHELL["ALI_SECRET_KEY"]})


def test_production_accepts_what_compose_gives_ali(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [name for name in os.environ if name.startswith("ALI_")]:
        monkeypatch.delenv(name)
    environment = _environment(SHELL)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = Settings(_env_file=None)
    assert settings.environment == "production"
    assert settings.councils == ["alicante"]
    assert settings.database_url == "postgresql+psycopg://ali:a-long-db-password@db:5432/ali"
    assert settings.redis_url is not None
    assert settings.llm.provider == "none"


def test_docker_compose_accepts_the_file() -> None:
    docker = shutil.which("docker")
    probe = [docker or "docker", "compose", "version"]
    if docker is None or subprocess.run(probe, capture_output=True).returncode:
        pytest.skip("docker compose is not installed (structure checked above)")
    result = subprocess.run(
        [docker, "compose", "--file", str(ROOT / "compose.yaml"), "config", "--quiet"],
        env={"PATH": "/usr/bin:/bin", **SHELL},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
