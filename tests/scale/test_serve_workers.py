"""`ali serve --workers N`: refused where workers could not share what a conversation needs,
and, with PostgreSQL and Redis, N real worker processes that each warm their councils."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import redis
from pydantic import SecretStr
from typer.testing import CliRunner

from ali.api.workers import several_workers_problem
from ali.cli import app
from ali.settings import DatabaseSettings, Settings
from tests.support.servers import free_port


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
    port = free_port()
    log = tmp_path / "serve.log"
    env = os.environ | {
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
    server = subprocess.Popen(
        [sys.executable, "-m", "ali", "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        ready = 0
        deadline = time.monotonic() + 90
        while ready < 4 and time.monotonic() < deadline:  # a few answers in a row: both warm
            assert server.poll() is None, log.read_text()[-2000:]
            try:
                ready = ready + 1 if httpx.get(f"{url}/readyz").status_code == 200 else 0
            except httpx.TransportError:
                ready = 0
            time.sleep(0.25)
        assert ready == 4, "the workers did not become ready"
        assert len(_children(server.pid)) >= 2  # the supervisor and its two workers
        for message in ("hola", "¿qué puedes hacer?"):  # a new connection each time
            reply = httpx.post(f"{url}/api/v1/councils/alicante/chat", json={"message": message})
            assert reply.status_code == 200, reply.text
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
