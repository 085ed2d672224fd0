"""`/metrics`' text in prometheus-client's multiprocess mode: the sum of what every worker
process wrote to PROMETHEUS_MULTIPROC_DIR (real worker processes, each counting one turn)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from ali.observability.exposition import exposition, reset_multiproc_dir
from ali.observability.metrics import Metrics

WORKER = """
from ali.observability.metrics import default_metrics
default_metrics().turn("alicante", "procedure_info", "answered", 0.2, {"routing": 3.0})
default_metrics().limited("alicante", "ip")
"""


def samples(text: bytes) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text.decode())
        for sample in family.samples
    }


def test_the_workers_counts_are_summed(tmp_path: Path) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(2):
        subprocess.run([sys.executable, "-c", WORKER], env=env, check=True, timeout=60)
    found = samples(exposition(tmp_path))
    turn = (("council", "alicante"), ("intent", "procedure_info"), ("status", "answered"))
    assert found[("ali_chat_turns_total", turn)] == 2
    assert found[("ali_rate_limited_total", (("council", "alicante"), ("limit", "ip")))] == 2
    step = (("council", "alicante"), ("le", "0.005"), ("step", "routing"))
    assert found[("ali_chat_step_seconds_bucket", step)] == 2


def test_a_single_process_exposes_its_own_registry() -> None:
    registry = CollectorRegistry()
    Metrics(registry).connector_call("padron-certificate", "ok")
    found = samples(exposition(None, registry))
    labels = (("connector", "padron-certificate"), ("outcome", "ok"))
    assert found[("ali_connector_calls_total", labels)] == 1


def test_a_new_run_starts_from_an_empty_directory(tmp_path: Path) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", WORKER], env=env, check=True, timeout=60)
    assert list(tmp_path.glob("*.db"))
    reset_multiproc_dir(tmp_path)
    reset_multiproc_dir(tmp_path / "new")  # made when missing
    assert not list(tmp_path.glob("*.db")) and (tmp_path / "new").is_dir()
    assert "ali_chat_turns_total{" not in exposition(tmp_path).decode()
