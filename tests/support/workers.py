"""`ali serve --workers N` in a subprocess of its own session, for the scale-out tests: started
with the given environment, waited on until several readiness checks in a row pass (so each
worker is warm), and stopped with its whole process group."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.servers import free_port


@contextmanager
def serving_workers(
    env: dict[str, str], log: Path, workers: int = 2, ready_checks: int = 4
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """Yields the supervisor process and its base URL once the deployment answers /readyz
    `ready_checks` times in a row (a new connection each time, so the workers take some)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "ali", "serve", "--workers", str(workers), "--port", str(port)],
        env=os.environ | env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        ready = 0
        deadline = time.monotonic() + 90
        while ready < ready_checks and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()[-2000:]
            try:
                ready = ready + 1 if httpx.get(f"{url}/readyz").status_code == 200 else 0
            except httpx.TransportError:
                ready = 0
            time.sleep(0.25)
        assert ready == ready_checks, "the workers did not become ready"
        yield server, url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
