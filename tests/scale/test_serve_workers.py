"""`ali serve --workers N`: refused where workers could not share what a conversation needs,
and, with PostgreSQL and Redis, N real worker processes that each warm their councils."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import redis
from pydantic import SecretStr
from typer.testing import CliRunner

from ali.api.workers import several_workers_problem
from ali.cli import app
from ali.settings import DatabaseSettings, Settings
from tests.support.workers import serving_workers


def test_several_workers_need_redis_and_a_server_database(tmp_path: Path) -> None:
    embedded = Settings(_env_file=None, data_dir=tmp_path)
    assert "ALI_REDIS_URL" in (several_workers_problem(embedded) or "")
    with_redis = embedded.model_copy(update={"redis_url": SecretStr("redis://127.0.0.1:6379/0")})
    assert "PostgreSQL" in (several_workers_problem(with_redis) or "")
    postgres = DatabaseSettings(url=SecretStr("postgresql+psycopg://ali@db/ali"))
    assert several_workers_problem(with_redis.model_copy(update={"database": postgres})) is None


def test_serve_refuses_several_workers_without_redis(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ALI_REDIS_URL", raising=False)
    result = CliRunner().invoke(
        app, ["serve", "--workers", "2"], env={"ALI_DATA_DIR": str(tmp_path)}
    )
    assert result.exit_code == 2
    assert "ALI_REDIS_URL" in result.output


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found += [int(child) for child in children]
    return found


def test_two_worker_processes_serve_one_deployment(
    tmp_path: Path, postgres_url: str, redis_client: redis.Redis, redis_keys: str
) -> None:
    env = {
        "ALI_DATA_DIR": str(tmp_path),
        "ALI_ENVIRONMENT": "test",
        "ALI_COUNCILS": '["alicante"]',
        "ALI_EMBEDDER__BACKEND": "hashing",
        "ALI_DATABASE__URL": postgres_url,
        "ALI_REDIS_URL": "redis://127.0.0.1:6379/0",
        "ALI_REDIS_KEY_PREFIX": redis_keys,
        "ALI_RATE_LIMITS__ENABLED": "false",
        "ALI_LOG_LEVEL": "WARNING",
    }
    with serving_workers(env, tmp_path / "serve.log") as (server, url):
        assert len(_children(server.pid)) >= 2  # the supervisor and its two workers
        for message in ("hola", "¿qué puedes hacer?"):  # a new connection each time
            reply = httpx.post(f"{url}/api/v1/councils/alicante/chat", json={"message": message})
            assert reply.status_code == 200, reply.text
