"""The text `/metrics` answers: every family of the process's default registry, or, in
prometheus-client's multiprocess mode, the families of every worker process read from the
directory they write to (`PROMETHEUS_MULTIPROC_DIR`, which prometheus-client itself reads when
it is imported; `Settings.prometheus_multiproc_dir` says it is set)."""

from __future__ import annotations

from pathlib import Path

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

CONTENT_TYPE = CONTENT_TYPE_LATEST


def exposition(multiproc_dir: Path | None = None, registry: CollectorRegistry = REGISTRY) -> bytes:
    """The metrics in Prometheus's text format. With `multiproc_dir`, the sum over the
    processes that wrote there (a fresh registry per scrape, as prometheus-client requires)."""
    if multiproc_dir is None:
        return generate_latest(registry)
    collected = CollectorRegistry()
    MultiProcessCollector(collected, path=str(multiproc_dir))  # type: ignore[no-untyped-call]
    return generate_latest(collected)


def reset_multiproc_dir(multiproc_dir: Path) -> None:
    """Before the workers start (by whoever starts them): the directory exists and holds no
    files of an earlier run, whose counts would otherwise be added to this run's."""
    multiproc_dir.mkdir(parents=True, exist_ok=True)
    for stale in multiproc_dir.glob("*.db"):
        stale.unlink()
