"""ALI served on loopback (uvicorn in a thread, the real Starlette threadpool, the hashing
embedder) with its connectors pointed at a misbehaving back office, and the sandbox as its
identity provider.

`FaultServer` is the bad back office, on a real socket: `hang` accepts connections and never
answers (a paused process looks the same from outside), `html`, `truncated` and `schema` answer
200 with a maintenance page, cut-off JSON or JSON of the wrong shape. A port nobody listens on
is a stopped back office (connection refused).
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from pydantic import SecretStr

from ali.api.app import create_app
from ali.composition import build_councils
from ali.councils import Councils
from ali.settings import (
    BackOfficeSettings,
    ConnectorSettings,
    DatabaseSettings,
    EmbedderSettings,
    RateLimitSettings,
    Settings,
)
from tests.support.councils import ALICANTE
from tests.support.faults import Ali, AliFactory, FaultServer
from tests.support.servers import KEY, Sandbox, free_port


class Served:
    """ALI served by uvicorn in a daemon thread."""

    def __init__(self, councils: Councils, settings: Settings) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        config = uvicorn.Config(create_app(settings, councils), host="127.0.0.1", port=port,
                                log_config=None)  # fmt: skip
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline and self.thread.is_alive(), "ALI did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


@pytest.fixture(scope="session")
def fault_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    """The sandbox, here only the demo identity provider citizens sign in with."""
    sandbox = Sandbox(tmp_path_factory.mktemp("fault-sandbox"), free_port())
    sandbox.start()
    yield sandbox
    sandbox.stop()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fault-indexes")  # built once, shared by every ALI here


@pytest.fixture
def make_ali(tmp_path: Path, fault_sandbox: Sandbox, index_dir: Path) -> Iterator[AliFactory]:
    """`make_ali(back_office_url, **connector_settings)`: ALI whose every connector calls
    `back_office_url`, on its own fresh database."""
    started: list[Served] = []

    def make(back_office_url: str, **connectors: object) -> Ali:
        root = tmp_path / f"ali-{len(started)}"
        council = root / "knowledge" / "alicante"
        shutil.copytree(ALICANTE, council)
        identity = BackOfficeSettings.sandbox(fault_sandbox.url)
        settings = Settings(
            _env_file=None,
            environment="test",
            data_dir=index_dir,
            knowledge_dir=root / "knowledge",
            database=DatabaseSettings(url=SecretStr(f"sqlite:///{root / 'ali.db'}")),
            embedder=EmbedderSettings(backend="hashing"),
            connector_keys={"alicante": SecretStr(KEY)},
            back_offices={"alicante": identity.model_copy(update={"url": back_office_url})},
            connectors=ConnectorSettings.model_validate(connectors),
            rate_limits=RateLimitSettings(enabled=False),  # one address sends every turn
        )
        councils = build_councils(settings)
        councils.warm_up()
        served = Served(councils, settings)
        started.append(served)
        return Ali(served.url, councils, settings, fault_sandbox)

    yield make
    for served in started:
        served.stop()


@pytest.fixture
def fault_server() -> Iterator[Callable[[str], FaultServer]]:
    servers: list[FaultServer] = []

    def make(mode: str) -> FaultServer:
        servers.append(FaultServer(mode))
        return servers[-1]

    yield make
    for server in servers:
        server.close()
