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
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn
from pydantic import SecretStr

from ali.api.app import create_app
from ali.composition import build_councils
from ali.councils import Councils
from ali.settings import ConnectorSettings, DatabaseSettings, EmbedderSettings, Settings
from tests.conftest import ALICANTE
from tests.test_end_to_end import KEY, Sandbox, free_port

CHAT = "/api/v1/councils/alicante/chat"
GARBAGE = {
    "html": b"<html><body><h1>Servicio en mantenimiento</h1></body></html>",
    "truncated": b'{"csv": "ALI-AAAA-BB',
    "schema": b'{"status": "ok", "items": []}',
}
CONTENT_TYPES = {"html": "text/html", "truncated": "application/json", "schema": "application/json"}


class FaultServer:
    """A back office on loopback that misbehaves as `mode` says; counts what reaches it."""

    def __init__(self, mode: str = "hang") -> None:
        self.mode = mode
        self._listener = socket.create_server(("127.0.0.1", 0), backlog=256)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._lock = threading.Lock()
        self.accepted = 0
        self.open_now = 0  # connections held open right now (hang mode)
        self.most_open = 0  # the most held open at once
        self._held: list[socket.socket] = []
        self._closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self.accepted += 1
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            connection.settimeout(30)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = connection.recv(65536)
                if not chunk:
                    return
                data += chunk
            if self.mode == "hang":
                self._hold(connection)
                return
            body = GARBAGE[self.mode]
            head = (
                f"HTTP/1.1 200 OK\r\nContent-Type: {CONTENT_TYPES[self.mode]}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            connection.sendall(head.encode() + body)
        except OSError:
            pass
        finally:
            if self.mode != "hang":
                connection.close()

    def _hold(self, connection: socket.socket) -> None:
        """Never answer; notice when the client gives up (closes its end)."""
        with self._lock:
            self.open_now += 1
            self.most_open = max(self.most_open, self.open_now)
            self._held.append(connection)
        connection.settimeout(0.2)
        try:
            while not self._closed.is_set():
                try:
                    if not connection.recv(65536):
                        break  # the client closed the connection
                except TimeoutError:
                    continue
        except OSError:
            pass
        finally:
            with self._lock:
                self.open_now -= 1

    def close(self) -> None:
        self._closed.set()
        self._listener.close()
        with self._lock:
            for held in self._held:
                held.close()


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


@dataclass
class Ali:
    url: str
    councils: Councils
    settings: Settings
    sandbox: Sandbox

    def sign_in(self, nif: str) -> dict[str, str]:
        token = httpx.post(f"{self.sandbox.url}/idp/token", json={"nif": nif}).json()
        return {"Authorization": f"Bearer {token['access_token']}"}

    def say(
        self, message: str, conversation: str | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        return httpx.post(
            f"{self.url}{CHAT}",
            json={"conversation_id": conversation, "message": message},
            headers=headers or {},
            timeout=60,
        )

    def confirming_certificate(self, headers: dict[str, str]) -> str:
        """A conversation whose certificate form waits for "sí" (no back-office call so far)."""
        conversation = None
        for message in (
            "quiero el certificado de empadronamiento",
            "colectivo",
            "ayuda al alquiler",
        ):
            reply = self.say(message, conversation, headers)
            assert reply.status_code == 200, reply.text
            conversation = reply.json()["conversation_id"]
        assert reply.json()["intent"] == "confirmation", reply.json()["reply"]
        assert isinstance(conversation, str)
        return conversation


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


AliFactory = Callable[..., Ali]


@pytest.fixture
def make_ali(tmp_path: Path, fault_sandbox: Sandbox, index_dir: Path) -> Iterator[AliFactory]:
    """`make_ali(back_office_url, **connector_settings)`: ALI whose every connector calls
    `back_office_url`, on its own fresh database."""
    started: list[Served] = []

    def make(back_office_url: str, **connectors: object) -> Ali:
        root = tmp_path / f"ali-{len(started)}"
        council = root / "knowledge" / "alicante"
        shutil.copytree(ALICANTE, council)
        profile = council / "council.yaml"
        text = profile.read_text()
        text = text.replace("http://127.0.0.1:8001/idp", f"{fault_sandbox.url}/idp")
        text = text.replace("base_url: http://127.0.0.1:8001", f"base_url: {back_office_url}")
        profile.write_text(text)
        settings = Settings(
            _env_file=None,
            environment="test",
            data_dir=index_dir,
            knowledge_dir=root / "knowledge",
            database=DatabaseSettings(url=SecretStr(f"sqlite:///{root / 'ali.db'}")),
            embedder=EmbedderSettings(backend="hashing"),
            connector_keys={"alicante": SecretStr(KEY)},
            connectors=ConnectorSettings.model_validate(connectors),
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


def stopped_back_office() -> str:
    """The address of a back office that is not running: connections are refused."""
    return f"http://127.0.0.1:{free_port()}"
