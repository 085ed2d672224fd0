"""Servers on loopback for end-to-end tests: a free port, and the sandbox back office served
by uvicorn in a thread, stoppable mid-test."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

import uvicorn
from pydantic import SecretStr

from ali_sandbox.app import create_sandbox_app
from ali_sandbox.settings import SandboxSettings

KEY = "e2e-sandbox-key"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Sandbox:
    """The sandbox app served by uvicorn in a thread, stoppable mid-test."""

    def __init__(self, data_dir: Path, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.settings = SandboxSettings(
            data_dir=data_dir, public_url=self.url, api_key=SecretStr(KEY)
        )
        app = create_sandbox_app(self.settings)
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "sandbox did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
